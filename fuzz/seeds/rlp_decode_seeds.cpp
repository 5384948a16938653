// SPDX-License-Identifier: Apache-2.0
// Seeds for rlp_decode_fuzz: every RLP byte string the vectors hold, valid and invalid.

#include "chain/rlp.hpp"
#include "fuzz/seeds/seeds.hpp"

namespace countersign::fuzz_seeds {
namespace {

// Splits a file of concatenated RLP items (execution-apis' chain.rlp) into one seed per item, and one per
// element of each item (a block's header, transaction list, ...).
void add_concatenated(const Bytes& file, SeedSink& out) {
    ByteView rest = file;
    while (!rest.empty()) {
        const ByteView start = rest;
        auto list = rlp::decode_list(rest);
        if (!list) return;
        out.add(start.substr(0, start.size() - rest.size()));
        ByteView payload = *list;
        while (!payload.empty()) {
            const ByteView element = payload;
            auto h = rlp::decode_header(payload);
            if (!h) break;
            payload.remove_prefix(h->payload_length);
            out.add(element.substr(0, element.size() - payload.size()));
        }
    }
}

}  // namespace
}  // namespace countersign::fuzz_seeds

COUNTERSIGN_FUZZ_SEEDS(rlp_decode_fuzz) {
    using namespace countersign::fuzz_seeds;
    for_each_json(vectors / "ethereum-tests/RLPTests",
                  [&](const auto&, const nlohmann::json& doc) { for_each_hex_field(doc, {"out"}, out); });
    for_each_json(vectors / "ethereum-tests/TransactionTests",
                  [&](const auto&, const nlohmann::json& doc) { for_each_hex_field(doc, {"txbytes"}, out); });
    for (const char* dir : {"ethereum-tests/BlockchainTests", "eest-fixtures"}) {
        for_each_json(vectors / dir,
                      [&](const auto&, const nlohmann::json& doc) { for_each_hex_field(doc, {"rlp"}, out); });
    }
    add_concatenated(read_binary(vectors / "execution-apis/tests/chain.rlp"), out);
}
