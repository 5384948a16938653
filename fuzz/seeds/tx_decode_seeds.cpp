// SPDX-License-Identifier: Apache-2.0
// Seeds for tx_decode_fuzz: raw transactions (TransactionTests txbytes), and every
// transaction of the execution-spec-tests block bodies both as the body holds it (typed ones wrapped in an
// RLP string) and raw.

#include "chain/rlp.hpp"
#include "fuzz/seeds/seeds.hpp"

namespace countersign::fuzz_seeds {
namespace {

// A block is [header, transactions, uncles, (withdrawals)]: each element of the transaction list is a seed,
// and for typed ones also the unwrapped envelope.
void add_block_transactions(ByteView block, SeedSink& out) {
    auto fields = rlp::decode_list(block);
    if (!fields) return;
    ByteView p = *fields;
    auto header = rlp::decode_header(p);
    if (!header) return;
    p.remove_prefix(header->payload_length);
    auto txs = rlp::decode_list(p);
    if (!txs) return;
    ByteView items = *txs;
    while (!items.empty()) {
        const ByteView start = items;
        auto h = rlp::decode_header(items);
        if (!h) return;
        const ByteView payload = items.substr(0, h->payload_length);
        items.remove_prefix(h->payload_length);
        out.add(start.substr(0, start.size() - items.size()));
        if (!h->list) out.add(payload);
    }
}

void add_blocks(const nlohmann::json& doc, SeedSink& out) {
    if (doc.is_array()) {
        for (const auto& v : doc) add_blocks(v, out);
        return;
    }
    if (!doc.is_object()) return;
    for (const auto& [key, value] : doc.items()) {
        if (key == "rlp" && value.is_string()) {
            const std::string& text = value.get_ref<const std::string&>();
            Bytes bytes;
            bytes.reserve(text.size() / 2);
            std::size_t i = text.rfind("0x", 0) == 0 ? 2 : 0;
            auto nibble = [](char c) -> int {
                if (c >= '0' && c <= '9') return c - '0';
                if (c >= 'a' && c <= 'f') return c - 'a' + 10;
                if (c >= 'A' && c <= 'F') return c - 'A' + 10;
                return -1;
            };
            bool ok = (text.size() - i) % 2 == 0;
            for (; ok && i + 1 < text.size(); i += 2) {
                const int hi = nibble(text[i]), lo = nibble(text[i + 1]);
                if (hi < 0 || lo < 0) ok = false;
                else bytes.push_back(static_cast<std::uint8_t>(hi * 16 + lo));
            }
            if (ok) add_block_transactions(bytes, out);
        } else {
            add_blocks(value, out);
        }
    }
}

}  // namespace
}  // namespace countersign::fuzz_seeds

COUNTERSIGN_FUZZ_SEEDS(tx_decode_fuzz) {
    using namespace countersign::fuzz_seeds;
    for_each_json(vectors / "ethereum-tests/TransactionTests",
                  [&](const auto&, const nlohmann::json& doc) { for_each_hex_field(doc, {"txbytes"}, out); });
    for (const char* dir : {"eest-fixtures", "ethereum-tests/BlockchainTests"})
        for_each_json(vectors / dir, [&](const auto&, const nlohmann::json& doc) { add_blocks(doc, out); });
}
