// SPDX-License-Identifier: Apache-2.0
#pragma once
// The JSON-RPC transaction object (eth_getTransactionByHash, eth_getBlockByNumber with full transactions).
//
// The signed fields become a Transaction; what the node says *about* it (hash, from, block hash, number,
// index, effective gas price) is kept apart as claims: a caller must check them (transaction_hash,
// recover_sender, a proof of inclusion) before believing them. Parsing is strict: quantities must be
// canonical 0x-hex, data 0x-hex, addresses 20 bytes, fields of other transaction types absent (or null or
// an empty list), and redundant fields (v and yParity, a legacy chainId) must agree.

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "chain/transaction.hpp"

namespace countersign::chain {

struct RpcTransaction {
    Transaction tx;
    // Claims, not facts.
    std::optional<Hash32> hash;
    std::optional<Address> from;
    std::optional<Hash32> block_hash;
    std::optional<std::uint64_t> block_number;
    std::optional<std::uint64_t> transaction_index;
    std::optional<std::uint64_t> block_timestamp;
    // EIP-1559 types: the `gasPrice` the node reports (the effective price once mined). For legacy and
    // EIP-2930 transactions `gasPrice` is a signed field and lives in tx.gas_price instead.
    std::optional<Uint256> effective_gas_price;
    // OP-stack deposits: a deposit has no nonce field, so the node's `nonce` is the sender's account nonce
    // taken from the receipt (Regolith+), a claim like any other; likewise `depositReceiptVersion` (Canyon+).
    std::optional<std::uint64_t> deposit_nonce;
    std::optional<std::uint64_t> deposit_receipt_version;

    friend bool operator==(const RpcTransaction&, const RpcTransaction&) = default;
};

enum class TxJsonError {
    kNotAnObject,
    kMissingField,
    kWrongJsonType,      // e.g. a number where a hex string is required
    kInvalidQuantity,    // not canonical 0x-hex, or too large for the field
    kInvalidData,        // not 0x-hex bytes
    kInvalidAddress,     // not 20 bytes of 0x-hex
    kInvalidHash,        // not 32 bytes of 0x-hex
    kUnsupportedType,
    kFieldNotAllowed,    // a field of another transaction type
    kInconsistent,       // v vs yParity, legacy chainId vs v, input vs data
    kInvalidTransaction, // the fields do not make a valid transaction (e.g. a blob tx without `to`)
};

struct TxJsonFailure {
    TxJsonError error;
    std::string field;  // the JSON key at fault

    friend bool operator==(const TxJsonFailure&, const TxJsonFailure&) = default;
};

std::string_view to_string(TxJsonError e) noexcept;

// Type "0x7e" (an OP-stack deposit) only with options.op_stack, else kUnsupportedType. A deposit object
// carries sourceHash, from (a signed field here, since the deposit states it), to, mint (absent = 0), value,
// gas, isSystemTx (a JSON boolean, absent = false) and input; v, r, s and yParity must be absent or zero, and
// fields of other types (chainId, fees, access list) absent. `nonce` and `gasPrice` are claims.
Expected<RpcTransaction, TxJsonFailure> transaction_from_json(const nlohmann::json& j,
                                                              DecodeOptions options = {}) noexcept;

// The object as geth writes it (claims that are nullopt are written as null or left out).
nlohmann::json transaction_to_json(const RpcTransaction& rpc);

}  // namespace countersign::chain
