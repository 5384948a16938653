// SPDX-License-Identifier: Apache-2.0
// Seeds for receipt_decode_fuzz: the raw receipts the execution-apis test chain recorded
// (debug_getRawReceipts: legacy ones with a state root) and the typed receipts of its eth_getTransactionReceipt
// and eth_getBlockReceipts answers, re-encoded; each typed one also wrapped as an RLP string as the devp2p Receipts message carries typed
// ones.

#include <fstream>
#include <string>

#include "chain/receipt_json.hpp"
#include "chain/rlp.hpp"
#include "crypto/hex.hpp"
#include "fuzz/seeds/seeds.hpp"

COUNTERSIGN_FUZZ_SEEDS(receipt_decode_fuzz) {
    using namespace countersign;
    const auto add = [&](const Bytes& raw) {
        out.add(raw);
        Bytes wrapped;
        rlp::encode(wrapped, ByteView{raw});
        out.add(wrapped);
    };
    for (const char* file : {"eth_getTransactionReceipt/get-dynamic-fee.io", "eth_getTransactionReceipt/get-legacy-receipt.io",
                             "eth_getBlockReceipts/get-block-receipts-n.io"}) {
        std::ifstream io{vectors / "execution-apis/tests" / file};
        for (std::string line; std::getline(io, line);) {
            if (line.rfind("<< ", 0) != 0) continue;
            const auto doc = nlohmann::json::parse(line.substr(3), nullptr, false);
            if (doc.is_discarded() || !doc.contains("result")) continue;
            const auto& result = doc["result"];
            for (const auto& r : result.is_array() ? result : nlohmann::json::array({result}))
                if (auto receipt = chain::receipt_from_rpc_json(r)) add(chain::encode_receipt(receipt->receipt));
        }
    }
    std::ifstream in{vectors / "execution-apis/tests/debug_getRawReceipts/get-block-n.io"};
    for (std::string line; std::getline(in, line);) {
        if (line.rfind("<< ", 0) != 0) continue;
        const auto doc = nlohmann::json::parse(line.substr(3), nullptr, false);
        if (doc.is_discarded() || !doc.contains("result") || !doc["result"].is_array()) continue;
        for (const auto& hex : doc["result"]) {
            if (!hex.is_string()) continue;
            auto raw = parse_hex(hex.get<std::string>());
            if (!raw) continue;
            add(*raw);
        }
    }
}
