// SPDX-License-Identifier: Apache-2.0
#pragma once
// State accounts and the eth_getProof checks built on them: an account proof is a proof in the state trie
// under keccak256(address) whose value is the account's RLP; a storage proof is a proof in the account's
// storage trie under keccak256(slot) whose value is the RLP of the slot's value as a minimal big-endian
// integer. A slot that holds zero is not in the trie at all, so "proven absent" means zero.

#include <cstdint>
#include <optional>
#include <span>

#include "chain/mpt_proof.hpp"
#include "chain/rlp.hpp"
#include "chain/trie_root.hpp"
#include "crypto/bytes.hpp"
#include "crypto/expected.hpp"
#include "crypto/uint256.hpp"

namespace countersign::chain {

// keccak256(""): the code hash of an account without code.
inline constexpr Hash32 kEmptyCodeHash{{0xc5, 0xd2, 0x46, 0x01, 0x86, 0xf7, 0x23, 0x3c, 0x92, 0x7e, 0x7d,
                                        0xb2, 0xdc, 0xc7, 0x03, 0xc0, 0xe5, 0x00, 0xb6, 0x53, 0xca, 0x82,
                                        0x27, 0x3b, 0x7b, 0xfa, 0xd8, 0x04, 0x5d, 0x85, 0xa4, 0x70}};

struct Account {
    std::uint64_t nonce{0};
    Uint256 balance{};
    Hash32 storage_root{kEmptyTrieRoot};
    Hash32 code_hash{kEmptyCodeHash};

    friend bool operator==(const Account&, const Account&) = default;
};

// rlp([nonce, balance, storage_root, code_hash]).
Bytes encode_account(const Account& account);
// Strict: exactly one list of exactly those four canonical items, nothing after it.
Expected<Account, rlp::DecodingError> decode_account(ByteView encoded) noexcept;

// The account at `address` under `state_root`, or nullopt if the proof shows there is none.
Expected<std::optional<Account>, ProofError> verify_account_proof(const Hash32& state_root, const Address& address,
                                                                  std::span<const Bytes> proof) noexcept;

// The value of storage slot `slot` (the full 32-byte slot key, before hashing) under `storage_root`.
Expected<Uint256, ProofError> verify_storage_proof(const Hash32& storage_root, const Bytes32& slot,
                                                   std::span<const Bytes> proof) noexcept;

}  // namespace countersign::chain
