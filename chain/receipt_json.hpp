// SPDX-License-Identifier: Apache-2.0
#pragma once
// eth_getTransactionReceipt / eth_getBlockReceipts objects, split in two: the consensus receipt (what the
// receipts trie commits to, re-encodable with encode_receipt) and the node's claims about where it sits
// (hashes, indexes, sender, gas used, prices). Claims are NOT verified by parsing; a verifier must bind
// each one to proven data before relying on it.

#include <cstdint>
#include <optional>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "chain/receipt.hpp"
#include "chain/rpc_json_fields.hpp"
#include "crypto/bytes.hpp"
#include "crypto/expected.hpp"
#include "crypto/uint256.hpp"

namespace countersign::chain {

struct LogClaims {
    Hash32 block_hash;
    std::uint64_t block_number{0};
    Hash32 transaction_hash;
    std::uint64_t transaction_index{0};
    std::uint64_t log_index{0};  // position in the block, not in the receipt
    bool removed{false};

    friend bool operator==(const LogClaims&, const LogClaims&) = default;
};

struct ReceiptClaims {
    Hash32 transaction_hash;
    std::uint64_t transaction_index{0};
    Hash32 block_hash;
    std::uint64_t block_number{0};
    Address from;
    std::optional<Address> to;                // null for contract creation
    std::optional<Address> contract_address;  // set for contract creation
    std::uint64_t gas_used{0};
    std::optional<Uint256> effective_gas_price;  // absent from some pre-London nodes
    std::optional<std::uint64_t> blob_gas_used;  // EIP-4844
    std::optional<Uint256> blob_gas_price;       // EIP-4844
    std::vector<LogClaims> logs;                 // one per receipt log, same order

    friend bool operator==(const ReceiptClaims&, const ReceiptClaims&) = default;
};

struct RpcReceipt {
    Receipt receipt;
    ReceiptClaims claims;
};

// Strict: QUANTITY and DATA forms, "status" 0x0/0x1 or a 32-byte "root" (exactly one of them), type 0..4
// (absent means legacy), at most four topics per log, every log carrying its metadata.
// With options.op_stack, type 0x7e too: its "depositNonce" and "depositReceiptVersion" (QUANTITY, the version
// only 0x1 and only after a nonce) are consensus fields of the receipt; other types must not carry them. The
// OP-stack fee claims (l1Fee, l1GasUsed, ...) are not read.
Expected<RpcReceipt, JsonError> receipt_from_rpc_json(const nlohmann::json& object, DecodeOptions options = {});

}  // namespace countersign::chain
