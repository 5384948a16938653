// SPDX-License-Identifier: Apache-2.0
#include "verify/state_verify.hpp"

#include "verify/verified_access.hpp"

namespace countersign::verify {

using detail::VerifiedAccess;

Expected<Verified<VerifiedAccountState>, Refusal> verify_account(const Verified<chain::BlockHeader>& header,
                                                                 const Address& expected_address,
                                                                 const Untrusted<ClaimedAccountProof>& untrusted) {
    const ClaimedAccountProof& c = untrusted.claim();
    if (c.address != expected_address) return unexpected(field_mismatch("address"));
    auto account = chain::verify_account_proof(header->state_root, c.address, c.account_proof);
    if (!account)
        return unexpected(
            Refusal{RefusalCode::kProofInvalid, "accountProof", 0, std::string{chain::to_string(account.error())}});

    // An absent account reads as the empty one: that is what nodes answer and what the EVM sees.
    const chain::Account proven = account->value_or(chain::Account{});
    if (c.balance != proven.balance) return unexpected(field_mismatch("balance"));
    if (c.nonce != proven.nonce) return unexpected(field_mismatch("nonce"));
    if (c.code_hash != proven.code_hash) return unexpected(field_mismatch("codeHash"));
    if (c.storage_hash != proven.storage_root) return unexpected(field_mismatch("storageHash"));

    VerifiedAccountState out{c.address, *account, {}};
    for (std::size_t i = 0; i < c.storage.size(); ++i) {
        const auto& s = c.storage[i];
        auto value = chain::verify_storage_proof(proven.storage_root, s.key, s.proof);
        if (!value)
            return unexpected(
                Refusal{RefusalCode::kProofInvalid, "storageProof", i, std::string{chain::to_string(value.error())}});
        if (*value != s.value) return unexpected(field_mismatch("storageProof.value", i));
        out.storage.push_back(VerifiedStorageSlot{s.key, *value});
    }
    return VerifiedAccess::make(std::move(out), header.block_hash(), header.block_number());
}

}  // namespace countersign::verify
