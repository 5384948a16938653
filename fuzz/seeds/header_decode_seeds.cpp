// SPDX-License-Identifier: Apache-2.0
// Seeds for header_decode_fuzz: every block RLP of the blockchain fixtures (valid and invalid), the header
// inside each, the genesis blocks, and the execution-apis chain's blocks and raw headers.

#include "chain/rlp.hpp"
#include "crypto/hex.hpp"
#include "fuzz/seeds/seeds.hpp"

namespace countersign::fuzz_seeds {
namespace {

class BlockSeeds {
public:
    explicit BlockSeeds(SeedSink& out) : out_{out} {}

    // A block and the header at its front.
    void add_block(ByteView block) {
        out_.add(block);
        ByteView cursor = block;
        auto fields = rlp::decode_list(cursor);
        if (!fields) return;
        ByteView p = *fields;
        const ByteView start = p;
        auto header = rlp::decode_list(p);
        if (header) out_.add(start.substr(0, start.size() - p.size()));
    }

private:
    SeedSink& out_;
};

}  // namespace
}  // namespace countersign::fuzz_seeds

COUNTERSIGN_FUZZ_SEEDS(header_decode_fuzz) {
    using namespace countersign;
    using namespace countersign::fuzz_seeds;
    BlockSeeds seeds{out};
    const auto add_json = [&](const std::filesystem::path&, const nlohmann::json& doc) {
        std::function<void(const nlohmann::json&)> walk = [&](const nlohmann::json& v) {
            if (v.is_array()) {
                for (const auto& e : v) walk(e);
            } else if (v.is_object()) {
                for (const auto& [key, value] : v.items()) {
                    if ((key == "rlp" || key == "genesisRLP") && value.is_string()) {
                        if (auto bytes = parse_hex(value.get<std::string>())) seeds.add_block(*bytes);
                    } else {
                        walk(value);
                    }
                }
            }
        };
        walk(doc);
    };
    for_each_json(vectors / "eest-fixtures/blockchain_tests", add_json);
    for_each_json(vectors / "ethereum-tests/BlockchainTests", add_json);
    const Bytes chain_rlp = read_binary(vectors / "execution-apis/tests/chain.rlp");
    ByteView rest = chain_rlp;
    while (!rest.empty()) {
        const ByteView start = rest;
        if (!rlp::decode_list(rest)) break;
        seeds.add_block(start.substr(0, start.size() - rest.size()));
    }
}
