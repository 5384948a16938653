// SPDX-License-Identifier: Apache-2.0
#pragma once
// The devnet's three contracts (devnet/contracts/*.sol): deployment in dependency order, calldata for the
// functions countersign's tests drive, and EIP-3009 authorizations signed as an x402 payer would sign them.

#include <cstdint>
#include <string>
#include <string_view>

#include "chain/abi.hpp"
#include "chain/abi_known.hpp"
#include "chain/eip712_payments.hpp"
#include "devnet/client.hpp"

namespace countersign::devnet {

inline constexpr std::string_view kTokenContract = "UsdCoin";
inline constexpr std::string_view kRegistryContract = "TEERegistry";
inline constexpr std::string_view kRelayContract = "InferenceSettlementRelay";
// USDC's EIP-712 domain name and version (what x402 "exact" payments sign on Base).
inline constexpr std::string_view kTokenName = "USD Coin";
inline constexpr std::string_view kTokenVersion = "2";
inline constexpr std::uint8_t kTokenDecimals = 6;
inline constexpr std::uint8_t kTeeTypeLlmProxy = 0;

struct DevnetContracts {
    Address token;
    Address registry;
    Address relay;
};

// Deploys the token, the registry and the relay (bound to that registry) from `deployer`, who becomes the
// token's minter, the registry's admin and operator, and the relay's admin and settler.
Expected<DevnetContracts, DevnetError> deploy_contracts(const DevnetClient& client, const DevAccount& deployer,
                                                        const std::string& dir = artifacts_dir());

// The function signatures used below ("function name(type name, ...)"), parsed once.
const chain::AbiSignature& token_mint_function();
const chain::AbiSignature& token_balance_of_function();
const chain::AbiSignature& token_authorization_state_function();
const chain::AbiSignature& token_domain_separator_function();
const chain::AbiSignature& token_cancel_authorization_function();
const chain::AbiSignature& registry_register_function();
const chain::AbiSignature& registry_disable_function();
const chain::AbiSignature& registry_enable_function();
const chain::AbiSignature& registry_get_tee_function();
const chain::AbiSignature& registry_is_enabled_function();
const chain::AbiSignature& registry_get_public_key_function();
const chain::AbiSignature& relay_settle_individual_function();
const chain::AbiSignature& relay_settle_batch_function();
// event TEERegistered(bytes32 indexed teeId, address indexed owner, uint8 teeType), TEEDisabled, TEEEnabled,
// AuthorizationCanceled(address indexed authorizer, bytes32 indexed nonce)
const chain::AbiSignature& tee_registered_event();
const chain::AbiSignature& tee_disabled_event();
const chain::AbiSignature& tee_enabled_event();
const chain::AbiSignature& authorization_canceled_event();
// The ABI types getTEE returns: one tuple (bool enabled, address owner, uint8 teeType, uint256 registeredAt,
// address paymentAddress, bytes publicKey, string endpoint).
const chain::AbiType& tee_info_type();

Bytes token_mint_call(const Address& to, const Uint256& amount);
Bytes token_balance_of_call(const Address& account);
Bytes token_authorization_state_call(const Address& authorizer, const Bytes32& nonce);
Bytes registry_register_call(ByteView public_key_der, const Address& payment_address, std::string_view endpoint,
                             std::uint8_t tee_type);
Bytes registry_set_enabled_call(const Bytes32& tee_id, bool enabled);
Bytes registry_get_tee_call(const Bytes32& tee_id);
Bytes registry_is_enabled_call(const Bytes32& tee_id);
// settleIndividual(teeId, inputHash, outputHash, timestamp, ethAddress, walrusBlobId, signature)
Bytes relay_settle_individual_call(const chain::IndividualSettlement& s);
Bytes relay_settle_batch_call(const chain::BatchSettlement& s);

// The token's EIP-712 domain on this chain.
chain::Eip712Domain token_domain(std::uint64_t chain_id, const Address& token);

// Signs an EIP-3009 authorization with the payer's key (low s, v = 27 + recovery id) and returns the call a
// facilitator (transfer) or the payee (receive) submits.
Expected<chain::AuthorizationCall, DevnetError> sign_authorization(const chain::Eip712Domain& domain,
                                                                    chain::Eip3009Kind kind,
                                                                    const chain::Eip3009Authorization& authorization,
                                                                    const SecretKey& payer);
Expected<Bytes, DevnetError> sign_cancel_authorization_call(const chain::Eip712Domain& domain,
                                                            const chain::Eip3009Cancellation& cancellation,
                                                            const SecretKey& authorizer);

}  // namespace countersign::devnet
