// SPDX-License-Identifier: Apache-2.0
#include "devnet/gateway.hpp"

#include <cstdio>

#include "crypto/keccak.hpp"
#include "devnet/contracts.hpp"
#include "devnet/gateway_draft.hpp"
#include "devnet/gateway_keys.hpp"

namespace countersign::devnet {
namespace {

using chain::SettlementMode;
using gateway_detail::be64;
using gateway_detail::err;

}  // namespace

const std::vector<chain::AbiType>& batch_leaf_encoding() {
    static const std::vector<chain::AbiType> types = {chain::AbiType::fixed_bytes(32), chain::AbiType::fixed_bytes(32),
                                                      chain::AbiType::fixed_bytes(32), chain::AbiType::bytes(),
                                                      chain::AbiType::uint()};
    return types;
}

chain::AbiValues batch_leaf(const chain::ReceiptTee& tee) {
    return {chain::AbiValue::fixed(tee.tee_id), chain::AbiValue::fixed(tee.request_hash),
            chain::AbiValue::fixed(tee.output_hash), chain::AbiValue::bytes(tee.signature),
            chain::AbiValue::uint(Uint256(tee.timestamp))};
}

Expected<std::unique_ptr<Gateway>, std::string> Gateway::open(const DevnetDescription& devnet,
                                                              const GatewayOptions& options) {
    std::unique_ptr<Gateway> g(new Gateway());
    g->options_ = options;
    if (g->options_.batch_size == 0) g->options_.batch_size = 1;
    auto connection = DevnetConnection::open(devnet);
    if (!connection) return unexpected(connection.error());
    g->connection_ = std::move(*connection);
    auto key = RsaPrivateKey::from_pem(tee_key_pem());
    auto other = RsaPrivateKey::from_pem(unregistered_tee_key_pem());
    if (!key || !other) return unexpected(std::string("the embedded TEE test keys do not parse"));
    if (keccak256(key->public_key_der()) != devnet.tee_id)
        return unexpected(std::string("the devnet's TEE is not this gateway's key (devnet/keys/tee-0.pem)"));
    // The registry, not devnet.json, says where payments go; refunds need that account's key.
    auto info = g->connection_->settlement().call(devnet.registry, registry_get_tee_call(devnet.tee_id));
    if (!info) return unexpected("registry getTEE: " + err(info.error()));
    auto fields = chain::abi_decode({&tee_info_type(), 1}, *info);
    if (!fields) return unexpected(std::string("registry getTEE: undecodable answer"));
    const chain::AbiValue::List& tee = (*fields)[0].list();
    if (tee[4].get<Address>() != devnet.tee_payment_address ||
        devnet.tee_payment_address != anvil_account(kPayToAccount).address)
        return unexpected(std::string("the TEE's registered payment address is not the gateway's pay_to account"));
    if (tee[5].get<Bytes>() != devnet.tee_public_key)
        return unexpected(std::string("the registry holds another public key for the devnet's tee_id"));
    g->tee_key_ = std::make_unique<RsaPrivateKey>(std::move(*key));
    g->unregistered_key_ = std::make_unique<RsaPrivateKey>(std::move(*other));
    return g;
}

Gateway::~Gateway() = default;

Expected<Bytes, std::string> Gateway::tee_sign(const RsaPrivateKey& key, const Hash32& request_hash,
                                               const Hash32& output_hash, std::uint64_t timestamp,
                                               std::string_view salt_label) const {
    Bytes m(request_hash.view());
    m += output_hash.view();
    m += Uint256(timestamp).to_be().view();
    Bytes salt_input(to_view("countersign/devnet/pss-salt/"));
    salt_input += to_view(salt_label);
    salt_input += be64(options_.seed);
    auto signature = sign_rsa_pss_sha256(key, keccak256(m).view(), keccak256(salt_input));
    if (!signature) return unexpected("RSA-PSS signing: " + std::string(to_string(signature.error())));
    return std::move(*signature);
}

Expected<void, std::string> Gateway::make_call(Draft& d) {
    char id[64];
    std::snprintf(id, sizeof id, "cs-%llu-%04llu", static_cast<unsigned long long>(options_.seed),
                  static_cast<unsigned long long>(d.index));
    d.request_id = id;
    std::string prompt = d.spec.prompt;
    if (prompt.empty())
        prompt = "Call " + std::to_string(d.index) + " of seed " + std::to_string(options_.seed) +
                 ": what does a verifier check before it trusts a paid inference?";
    d.chat.messages = {{"system", "You are a deterministic stand-in for a language model."}, {"user", prompt}};
    d.chat.temperature = d.index % 2 == 0 ? 0.0 : 0.7;
    if (d.index % 2 == 0) d.chat.max_tokens = 64;
    auto request = canonical_request_json(d.chat);
    if (!request) return unexpected(d.request_id + ": " + request.error());
    d.request = *request;
    d.output = run_standin_model(d.chat);

    const RsaPrivateKey& key = d.spec.tamper == Tamper::kUnregisteredKey ? *unregistered_key_ : *tee_key_;
    d.tee.public_key = key.public_key_der();
    d.tee.tee_id = keccak256(*d.tee.public_key);
    d.tee.request_hash = keccak256(to_view(d.request));
    d.tee.output_hash = keccak256(to_view(d.output.text));
    d.tee.timestamp = kTeeTimestampBase + d.index;
    auto signature = tee_sign(key, d.tee.request_hash, d.tee.output_hash, d.tee.timestamp, d.request_id);
    if (!signature) return unexpected(d.request_id + ": " + signature.error());
    d.tee.signature = *signature;

    if (auto paid = pay(d); !paid) return paid;
    if (d.spec.refund)
        if (auto refunded = refund(d); !refunded) return refunded;
    switch (d.spec.tamper) {
        case Tamper::kUnregisteredKey:
        case Tamper::kDisabledTee: return settle_alone(d);
        case Tamper::kBatchProofOtherLeaf: return settle_with_companion(d);
        default: break;
    }
    if (d.spec.mode == SettlementMode::kIndividual) return settle_individual(d);
    if (d.spec.mode == SettlementMode::kPrivate) {
        // x402 "private": only the payment goes on chain; the receipt names the mode and nothing to look up.
        chain::ReceiptSettlement settlement;
        settlement.chain_id = devnet().settlement.chain_id;
        settlement.mode = SettlementMode::kPrivate;
        d.settlement = settlement;
    }
    return {};  // batch: settled by run()
}

CallResult Gateway::finish(Draft& d) const {
    CallResult r;
    r.request_id = d.request_id;
    r.spec = d.spec;
    r.output = d.output.text;
    r.prompt_tokens = d.output.prompt_tokens;
    r.completion_tokens = d.output.completion_tokens;
    r.payment_nonce = d.payment_nonce;
    r.payment_tx = d.payment_tx;
    r.settlement_tx = d.settlement_tx;
    r.refund_tx = d.refund_tx;
    r.individual = d.individual;
    r.leaf_hash = d.leaf_hash;

    chain::CallReceipt& receipt = r.receipt;
    receipt.source = chain::ReceiptSource::kReceiptV1;
    receipt.request_id = d.request_id;
    receipt.request = d.request;
    receipt.output = d.output.text;
    receipt.tee = d.tee;
    receipt.payment = d.payment;
    receipt.settlement = d.settlement;
    switch (d.spec.tamper) {
        case Tamper::kChangedOutput: *receipt.output += " (edited after signing)"; break;
        case Tamper::kChangedRequest: {
            ChatRequest edited = d.chat;
            edited.messages.back().content += " (edited after signing)";
            auto text = canonical_request_json(edited);
            if (text) receipt.request = *text;
            break;
        }
        case Tamper::kPaymentOfAnotherCall:
            if (receipt.payment && d.decoy_payment_tx) receipt.payment->payment_hash = *d.decoy_payment_tx;
            break;
        case Tamper::kBatchProofOtherLeaf:
            if (receipt.settlement && receipt.settlement->batch && d.forged_proof)
                receipt.settlement->batch->proof = *d.forged_proof;
            break;
        default: break;
    }
    return r;
}

Expected<std::vector<CallResult>, std::string> Gateway::run(std::span<const CallSpec> calls) {
    std::vector<std::unique_ptr<Draft>> drafts;
    std::vector<Draft*> pending;
    for (const CallSpec& spec : calls) {
        auto d = std::make_unique<Draft>();
        d->spec = spec;
        d->index = next_index_++;
        switch (spec.tamper) {
            case Tamper::kUnregisteredKey:
            case Tamper::kDisabledTee:
            case Tamper::kBatchProofOtherLeaf: d->spec.mode = SettlementMode::kBatch; break;
            case Tamper::kSettlementOtherHashes: d->spec.mode = SettlementMode::kIndividual; break;
            default: break;
        }
        if (auto made = make_call(*d); !made) return unexpected(made.error());
        if (!d->settlement && d->spec.mode == SettlementMode::kBatch) {
            pending.push_back(d.get());
            if (pending.size() >= options_.batch_size) {
                if (auto settled = settle_batch(pending, {}, nullptr); !settled) return unexpected(settled.error());
                pending.clear();
            }
        }
        drafts.push_back(std::move(d));
    }
    if (auto settled = settle_batch(pending, {}, nullptr); !settled) return unexpected(settled.error());
    std::vector<CallResult> results;
    for (auto& d : drafts) results.push_back(finish(*d));
    return results;
}

}  // namespace countersign::devnet
