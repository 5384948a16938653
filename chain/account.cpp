// SPDX-License-Identifier: Apache-2.0
#include "chain/account.hpp"

#include "crypto/keccak.hpp"

namespace countersign::chain {

Bytes encode_account(const Account& account) {
    const std::size_t payload = rlp::length_of(account.nonce) + rlp::length_of(account.balance) +
                                rlp::length_of(account.storage_root) + rlp::length_of(account.code_hash);
    Bytes out;
    out.reserve(rlp::length_of_length(payload) + payload);
    rlp::encode_header(out, {true, payload});
    rlp::encode(out, account.nonce);
    rlp::encode(out, account.balance);
    rlp::encode(out, account.storage_root);
    rlp::encode(out, account.code_hash);
    return out;
}

Expected<Account, rlp::DecodingError> decode_account(ByteView encoded) noexcept {
    ByteView from = encoded;
    auto payload = rlp::decode_list(from);
    if (!payload) return unexpected(payload.error());
    if (!from.empty()) return unexpected(rlp::DecodingError::kTrailingBytes);
    Account account;
    ByteView items = *payload;
    if (auto s = rlp::decode(items, account.nonce); !s) return unexpected(s.error());
    if (auto s = rlp::decode(items, account.balance); !s) return unexpected(s.error());
    if (auto s = rlp::decode(items, account.storage_root); !s) return unexpected(s.error());
    if (auto s = rlp::decode(items, account.code_hash); !s) return unexpected(s.error());
    if (!items.empty()) return unexpected(rlp::DecodingError::kUnexpectedListElements);
    return account;
}

Expected<std::optional<Account>, ProofError> verify_account_proof(const Hash32& state_root, const Address& address,
                                                                  std::span<const Bytes> proof) noexcept {
    const Hash32 key = keccak256(address.view());
    auto result = verify_proof(state_root, key.view(), proof, TrieKeys::kPrefixFree);
    if (!result) return unexpected(result.error());
    if (result->is_absent()) return std::optional<Account>{};
    auto account = decode_account(result->value());
    if (!account) return unexpected(ProofError::kMalformedAccount);
    return std::optional<Account>{*account};
}

Expected<Uint256, ProofError> verify_storage_proof(const Hash32& storage_root, const Bytes32& slot,
                                                   std::span<const Bytes> proof) noexcept {
    const Hash32 key = keccak256(slot.view());
    auto result = verify_proof(storage_root, key.view(), proof, TrieKeys::kPrefixFree);
    if (!result) return unexpected(result.error());
    if (result->is_absent()) return Uint256{};
    ByteView from{result->value()};
    Uint256 value;
    // A stored zero would be a deletion: a leaf holding zero is not a canonical storage trie.
    if (!rlp::decode(from, value, rlp::Leftover::kProhibit) || value.is_zero())
        return unexpected(ProofError::kMalformedStorageValue);
    return value;
}

}  // namespace countersign::chain
