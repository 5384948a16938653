// SPDX-License-Identifier: Apache-2.0
// Seeds for jsonrpc_response_fuzz: the recorded execution-apis exchanges, in the target's layout
// ([mode][8-byte id][body]): each response line as a single response for id 1 (mode 0), and each whole .io
// file for the recorded-exchange reader (mode 2).

#include <fstream>
#include <sstream>
#include <string>

#include "fuzz/seeds/seeds.hpp"

namespace countersign::fuzz_seeds {
namespace {

Bytes with_header(std::uint8_t mode, std::uint64_t id, std::string_view body) {
    Bytes seed{mode};
    for (int shift = 56; shift >= 0; shift -= 8) seed.push_back(static_cast<std::uint8_t>(id >> shift));
    seed.append(to_view(body));
    return seed;
}

}  // namespace
}  // namespace countersign::fuzz_seeds

COUNTERSIGN_FUZZ_SEEDS(jsonrpc_response_fuzz) {
    using namespace countersign::fuzz_seeds;
    namespace fs = std::filesystem;
    const fs::path dir = vectors / "execution-apis" / "tests";
    std::error_code ec;
    for (fs::recursive_directory_iterator it{dir, ec}, end; !ec && it != end; it.increment(ec)) {
        if (!it->is_regular_file() || it->path().extension() != ".io") continue;
        const countersign::Bytes file = read_binary(it->path());
        const std::string text(file.begin(), file.end());
        out.add(with_header(2, 1, text));
        std::istringstream lines(text);
        for (std::string line; std::getline(lines, line);)
            if (line.rfind("<< ", 0) == 0) out.add(with_header(0, 1, std::string_view(line).substr(3)));
    }
}
