// SPDX-License-Identifier: Apache-2.0
#pragma once
// Test-only helpers for the block, header and receipt tests: reading vector files and the recorded
// JSON-RPC exchanges of execution-apis (".io": `>> request` / `<< response` lines).

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace countersign::chain::testing {

inline std::string vector_path(const std::string& relative) {
    return std::string{COUNTERSIGN_SOURCE_DIR} + "/vectors/" + relative;
}

inline std::string read_vector(const std::string& relative) {
    std::ifstream in{vector_path(relative), std::ios::binary};
    return {std::istreambuf_iterator<char>{in}, std::istreambuf_iterator<char>{}};
}

// The `result` of every response in an .io file.
inline std::vector<nlohmann::json> io_results(const std::string& relative) {
    std::vector<nlohmann::json> out;
    std::ifstream in{vector_path(relative)};
    for (std::string line; std::getline(in, line);) {
        if (line.rfind("<< ", 0) != 0) continue;
        auto j = nlohmann::json::parse(line.substr(3), nullptr, false);
        if (!j.is_discarded() && j.contains("result")) out.push_back(j["result"]);
    }
    return out;
}

}  // namespace countersign::chain::testing
