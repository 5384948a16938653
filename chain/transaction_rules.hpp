// SPDX-License-Identifier: Apache-2.0
#pragma once
// Stateless transaction validity per fork: what a node checks before it looks at any account (type active,
// signature rules, EIP-155 chain id, EIP-2681 nonce bound, fee sanity, EIP-3860 init code size, intrinsic
// gas, EIP-7623 calldata floor). Balance, nonce order, base fee and blob fee need state and are not here.

#include <cstdint>
#include <optional>
#include <string_view>

#include "chain/transaction.hpp"

namespace countersign::chain {

// Mainnet forks that change transaction rules, in order.
enum class Revision {
    kFrontier,
    kHomestead,         // EIP-2: low s, creation costs 53000
    kTangerineWhistle,  // EIP-150
    kSpuriousDragon,    // EIP-155: replay-protected legacy transactions
    kByzantium,
    kConstantinople,
    kPetersburg,
    kIstanbul,   // EIP-2028: 16 gas per non-zero calldata byte
    kBerlin,     // EIP-2718 envelopes, EIP-2930 access lists
    kLondon,     // EIP-1559
    kParis,
    kShanghai,   // EIP-3860: init code limit and word cost
    kCancun,     // EIP-4844
    kPrague,     // EIP-7702, EIP-7623
};

// The names ethereum/tests and execution-spec-tests use ("EIP150", "EIP158", "ConstantinopleFix", "Merge", ...).
std::optional<Revision> revision_from_name(std::string_view name) noexcept;
std::string_view to_string(Revision r) noexcept;

inline constexpr std::size_t kMaxInitCodeSize = 2 * 24576;  // EIP-3860

// Gas charged before execution: base cost, calldata, access list, init code words, authorizations.
std::uint64_t intrinsic_gas(const Transaction& tx, Revision rev) noexcept;
// EIP-7623 (Prague): 21000 + 10 * (zero bytes + 4 * non-zero bytes); the gas limit must also cover it.
std::uint64_t floor_data_gas(const Transaction& tx) noexcept;

// The signature rules in force for a transaction at a fork (kAnyS before Homestead).
SenderRules sender_rules(Revision rev, const Uint256& chain_id) noexcept;

// Checks the stateless rules above except the signature.
//
// An OP-stack deposit is refused (kTypeNotSupported) unless options.op_stack. With it, only its shape is
// checked: a deposit derived from L1 is always included, even when its gas limit is below intrinsic gas or
// its execution fails (the receipt then says so), so none of the L1 rules above make one invalid. The
// Revision names L1 forks and says nothing about OP-stack forks (Regolith disables is_system_transaction;
// that is left to derivation).
Expected<void, TxError> check_transaction(const Transaction& tx, Revision rev, const Uint256& chain_id,
                                          DecodeOptions options = {}) noexcept;

// check_transaction, then recover_sender under sender_rules(rev, chain_id) (a deposit's `from`).
Expected<Address, TxError> validate_transaction(const Transaction& tx, Revision rev, const Uint256& chain_id,
                                                DecodeOptions options = {}) noexcept;

}  // namespace countersign::chain
