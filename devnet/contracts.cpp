// SPDX-License-Identifier: Apache-2.0
#include "devnet/contracts.hpp"

#include <cstdlib>

#include "chain/abi_event.hpp"

namespace countersign::devnet {
namespace {

using chain::AbiSignature;
using chain::AbiType;
using chain::AbiValue;

AbiSignature must_parse(std::string_view text) {
    auto sig = chain::parse_signature(text);
    if (!sig) std::abort();  // constant signatures below
    return std::move(*sig);
}

Bytes must_encode(const AbiSignature& fn, std::span<const AbiValue> args) {
    auto data = chain::encode_call(fn, args);
    if (!data) std::abort();  // argument kinds are fixed by the typed wrappers below
    return std::move(*data);
}

#define COUNTERSIGN_SIGNATURE(fn, text)          \
    const AbiSignature& fn() {                   \
        static const AbiSignature sig = must_parse(text); \
        return sig;                              \
    }

}  // namespace

COUNTERSIGN_SIGNATURE(token_mint_function, "function mint(address to, uint256 amount)")
COUNTERSIGN_SIGNATURE(token_balance_of_function, "function balanceOf(address account)")
COUNTERSIGN_SIGNATURE(token_authorization_state_function,
                      "function authorizationState(address authorizer, bytes32 nonce)")
COUNTERSIGN_SIGNATURE(token_domain_separator_function, "function DOMAIN_SEPARATOR()")
COUNTERSIGN_SIGNATURE(token_cancel_authorization_function,
                      "function cancelAuthorization(address authorizer, bytes32 nonce, uint8 v, bytes32 r, bytes32 s)")
COUNTERSIGN_SIGNATURE(registry_register_function,
                      "function registerTEE(bytes publicKey, address paymentAddress, string endpoint, uint8 teeType)")
COUNTERSIGN_SIGNATURE(registry_disable_function, "function disableTEE(bytes32 teeId)")
COUNTERSIGN_SIGNATURE(registry_enable_function, "function enableTEE(bytes32 teeId)")
COUNTERSIGN_SIGNATURE(registry_get_tee_function, "function getTEE(bytes32 teeId)")
COUNTERSIGN_SIGNATURE(registry_is_enabled_function, "function isTEEEnabled(bytes32 teeId)")
COUNTERSIGN_SIGNATURE(registry_get_public_key_function, "function getTEEPublicKey(bytes32 teeId)")
COUNTERSIGN_SIGNATURE(relay_settle_individual_function,
                      "function settleIndividual(bytes32 teeId, bytes32 inputHash, bytes32 outputHash, "
                      "uint256 timestamp, address ethAddress, bytes walrusBlobId, bytes signature)")
COUNTERSIGN_SIGNATURE(relay_settle_batch_function,
                      "function settleBatch(bytes32 merkleRoot, uint256 batchSize, bytes walrusBlobId)")
COUNTERSIGN_SIGNATURE(tee_registered_event,
                      "event TEERegistered(bytes32 indexed teeId, address indexed owner, uint8 teeType)")
COUNTERSIGN_SIGNATURE(tee_disabled_event, "event TEEDisabled(bytes32 indexed teeId)")
COUNTERSIGN_SIGNATURE(tee_enabled_event, "event TEEEnabled(bytes32 indexed teeId)")
COUNTERSIGN_SIGNATURE(authorization_canceled_event,
                      "event AuthorizationCanceled(address indexed authorizer, bytes32 indexed nonce)")

#undef COUNTERSIGN_SIGNATURE

const AbiType& tee_info_type() {
    static const AbiType type = [] {
        auto t = chain::parse_abi_type("(bool,address,uint8,uint256,address,bytes,string)");
        if (!t) std::abort();
        return std::move(*t);
    }();
    return type;
}

Expected<DevnetContracts, DevnetError> deploy_contracts(const DevnetClient& client, const DevAccount& deployer,
                                                        const std::string& dir) {
    DevnetContracts out;
    for (auto [name, address] : {std::pair{kTokenContract, &out.token}, std::pair{kRegistryContract, &out.registry}}) {
        auto artifact = load_artifact(name, dir);
        if (!artifact) return unexpected(DevnetError{artifact.error(), std::nullopt});
        auto deployed = client.deploy(deployer, *artifact);
        if (!deployed) return unexpected(deployed.error());
        *address = *deployed;
    }
    auto relay = load_artifact(kRelayContract, dir);
    if (!relay) return unexpected(DevnetError{relay.error(), std::nullopt});
    const AbiType address_type = AbiType::address();
    const AbiValue registry = AbiValue::address(out.registry);
    auto args = chain::abi_encode({&address_type, 1}, {&registry, 1});
    if (!args) std::abort();
    auto deployed = client.deploy(deployer, *relay, *args);
    if (!deployed) return unexpected(deployed.error());
    out.relay = *deployed;
    return out;
}

Bytes token_mint_call(const Address& to, const Uint256& amount) {
    const AbiValue args[] = {AbiValue::address(to), AbiValue::uint(amount)};
    return must_encode(token_mint_function(), args);
}

Bytes token_balance_of_call(const Address& account) {
    const AbiValue args[] = {AbiValue::address(account)};
    return must_encode(token_balance_of_function(), args);
}

Bytes token_authorization_state_call(const Address& authorizer, const Bytes32& nonce) {
    const AbiValue args[] = {AbiValue::address(authorizer), AbiValue::fixed(nonce)};
    return must_encode(token_authorization_state_function(), args);
}

Bytes registry_register_call(ByteView public_key_der, const Address& payment_address, std::string_view endpoint,
                             std::uint8_t tee_type) {
    const AbiValue args[] = {AbiValue::bytes(public_key_der), AbiValue::address(payment_address),
                             AbiValue::string(endpoint), AbiValue::uint(Uint256(tee_type))};
    return must_encode(registry_register_function(), args);
}

Bytes registry_set_enabled_call(const Bytes32& tee_id, bool enabled) {
    const AbiValue args[] = {AbiValue::fixed(tee_id)};
    return must_encode(enabled ? registry_enable_function() : registry_disable_function(), args);
}

Bytes registry_get_tee_call(const Bytes32& tee_id) {
    const AbiValue args[] = {AbiValue::fixed(tee_id)};
    return must_encode(registry_get_tee_function(), args);
}

Bytes registry_is_enabled_call(const Bytes32& tee_id) {
    const AbiValue args[] = {AbiValue::fixed(tee_id)};
    return must_encode(registry_is_enabled_function(), args);
}

Bytes relay_settle_individual_call(const chain::IndividualSettlement& s) {
    const AbiValue args[] = {AbiValue::fixed(s.tee_id),        AbiValue::fixed(s.input_hash),
                             AbiValue::fixed(s.output_hash),   AbiValue::uint(s.timestamp),
                             AbiValue::address(s.eth_address), AbiValue::bytes(s.walrus_blob_id),
                             AbiValue::bytes(s.signature)};
    return must_encode(relay_settle_individual_function(), args);
}

Bytes relay_settle_batch_call(const chain::BatchSettlement& s) {
    const AbiValue args[] = {AbiValue::fixed(s.merkle_root), AbiValue::uint(s.batch_size),
                             AbiValue::bytes(s.walrus_blob_id)};
    return must_encode(relay_settle_batch_function(), args);
}

chain::Eip712Domain token_domain(std::uint64_t chain_id, const Address& token) {
    return chain::eip3009_domain(std::string(kTokenName), std::string(kTokenVersion), Uint256(chain_id), token);
}

Expected<chain::AuthorizationCall, DevnetError> sign_authorization(const chain::Eip712Domain& domain,
                                                                    chain::Eip3009Kind kind,
                                                                    const chain::Eip3009Authorization& a,
                                                                    const SecretKey& payer) {
    auto sig = sign_recoverable(chain::eip3009_digest(domain, kind, a), payer);
    if (!sig) return unexpected(DevnetError{"signing failed: " + std::string(to_string(sig.error())), std::nullopt});
    chain::AuthorizationCall call;
    call.kind = kind == chain::Eip3009Kind::kReceiveWithAuthorization
                    ? chain::AuthorizationCallKind::kReceiveWithAuthorization
                    : chain::AuthorizationCallKind::kTransferWithAuthorization;
    call.from = a.from;
    call.to = a.to;
    call.value = a.value;
    call.valid_after = a.valid_after;
    call.valid_before = a.valid_before;
    call.nonce = a.nonce;
    call.v = static_cast<std::uint8_t>(27 + sig->recovery_id);
    call.r = sig->r;
    call.s = sig->s;
    return call;
}

Expected<Bytes, DevnetError> sign_cancel_authorization_call(const chain::Eip712Domain& domain,
                                                            const chain::Eip3009Cancellation& c,
                                                            const SecretKey& authorizer) {
    auto sig = sign_recoverable(chain::eip3009_cancel_digest(domain, c), authorizer);
    if (!sig) return unexpected(DevnetError{"signing failed: " + std::string(to_string(sig.error())), std::nullopt});
    const AbiValue args[] = {AbiValue::address(c.authorizer), AbiValue::fixed(c.nonce),
                             AbiValue::uint(Uint256(27u + sig->recovery_id)), AbiValue::fixed(sig->r),
                             AbiValue::fixed(sig->s)};
    return must_encode(token_cancel_authorization_function(), args);
}

}  // namespace countersign::devnet
