// SPDX-License-Identifier: Apache-2.0
// Seeds for proof_bundle_fuzz: the content of the archived devnet bundle (tests/fixtures/bundles/), whole and
// with its receipts or chains dropped, so that mutations start from a bundle that replays to "passed".

#include <fstream>
#include <sstream>
#include <string>

#include "fuzz/seeds/seeds.hpp"

COUNTERSIGN_FUZZ_SEEDS(proof_bundle_fuzz) {
    std::ifstream in(vectors.parent_path() / "tests/fixtures/bundles/two-batch.bundle.json", std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    const auto doc = nlohmann::json::parse(text.str(), nullptr, false);
    if (doc.is_discarded() || !doc.is_object() || !doc.contains("content") || !doc["content"].is_string()) return;
    const std::string content = doc["content"].get<std::string>();
    auto add = [&](const std::string& s) { out.add(countersign::to_view(s)); };
    add(content);
    auto parsed = nlohmann::json::parse(content, nullptr, false);
    if (parsed.is_discarded() || !parsed.is_object()) return;
    for (const char* key : {"receipts", "chains", "verdicts"}) {
        if (!parsed.contains(key) || !parsed[key].is_array() || parsed[key].empty()) continue;
        auto fewer = parsed;
        fewer[key].erase(fewer[key].begin());
        add(fewer.dump());
    }
}
