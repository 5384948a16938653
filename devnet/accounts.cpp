// SPDX-License-Identifier: Apache-2.0
#include "devnet/accounts.hpp"

#include <array>
#include <cstdlib>
#include <string_view>

#include "crypto/hex.hpp"

namespace countersign::devnet {
namespace {

constexpr std::array<std::string_view, kAnvilAccountCount> kAnvilSecrets = {
    "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
    "59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
    "5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
    "7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
};

}  // namespace

Expected<DevAccount, SigError> DevAccount::from_secret(const SecretKey& secret) noexcept {
    auto key = public_key_from_secret(secret);
    if (!key) return unexpected(key.error());
    return DevAccount{secret, address_from_public_key(*key)};
}

DevAccount anvil_account(std::size_t index) {
    if (index >= kAnvilSecrets.size()) std::abort();
    auto account = DevAccount::from_secret(SecretKey{hex_literal_fixed<32>(kAnvilSecrets[index])});
    if (!account) std::abort();  // constant, valid keys
    return *account;
}

}  // namespace countersign::devnet
