// SPDX-License-Identifier: Apache-2.0
#pragma once
// Development accounts: secp256k1 keys whose transactions and EIP-712 authorizations the devnet signs
// itself. The anvil accounts are the well-known ones of the mnemonic "test test ... junk" (public test
// keys, funded with 10000 ETH by every anvil and hardhat node; never use them anywhere else).

#include <cstddef>

#include "crypto/bytes.hpp"
#include "crypto/expected.hpp"
#include "crypto/secp256k1.hpp"

namespace countersign::devnet {

struct DevAccount {
    SecretKey secret;
    Address address;

    static Expected<DevAccount, SigError> from_secret(const SecretKey& secret) noexcept;
};

inline constexpr std::size_t kAnvilAccountCount = 4;

// Anvil's default account `index` (0: the deployer 0xf39F...2266). Aborts for index >= kAnvilAccountCount.
DevAccount anvil_account(std::size_t index);

}  // namespace countersign::devnet
