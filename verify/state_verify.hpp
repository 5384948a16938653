// SPDX-License-Identifier: Apache-2.0
#pragma once
// Account and storage values from an eth_getProof answer, proven against a verified header's stateRoot.
// The node's claimed balance, nonce, codeHash and storageHash must equal the proven account (or, when the
// account is proven absent, the empty account), and each storage value must equal what its proof shows
// (a slot proven absent holds zero). Proven absence is a result, not an error.

#include <cstdint>
#include <optional>
#include <vector>

#include "chain/account.hpp"
#include "chain/header.hpp"
#include "crypto/expected.hpp"
#include "crypto/uint256.hpp"
#include "verify/refusal.hpp"
#include "verify/verified.hpp"

namespace countersign::verify {

struct ClaimedStorageProof {
    Bytes32 key;
    Uint256 value;
    std::vector<Bytes> proof;
};

struct ClaimedAccountProof {
    Address address;
    std::vector<Bytes> account_proof;
    Uint256 balance;
    std::uint64_t nonce{0};
    Hash32 code_hash;
    Hash32 storage_hash;
    std::vector<ClaimedStorageProof> storage;
};

struct VerifiedStorageSlot {
    Bytes32 key;
    Uint256 value;  // zero when proven absent
};

struct VerifiedAccountState {
    Address address;
    std::optional<chain::Account> account;  // nullopt: proven absent
    std::vector<VerifiedStorageSlot> storage;
};

// `expected_address` is the address that was asked for (the answer must be about it).
Expected<Verified<VerifiedAccountState>, Refusal> verify_account(const Verified<chain::BlockHeader>& header,
                                                                 const Address& expected_address,
                                                                 const Untrusted<ClaimedAccountProof>& claimed);

}  // namespace countersign::verify
