// SPDX-License-Identifier: Apache-2.0
// Check 2: the TEE. Its entry is read from the configured registry's storage (proven by eth_getProof at the
// settlement block), never from eth_call or the receipt: the status word (registered, enabled), the public key
// (long-form bytes) and the payment address. The RSA-PSS signature is verified under the registered key; the
// receipt's own public_key is only a fallback, and then the check is as weak as the receipt (kReported).

#include <algorithm>
#include <utility>

#include "crypto/keccak.hpp"
#include "crypto/rsa_pss.hpp"
#include "verify/call_checks_internal.hpp"

namespace countersign::verify::checks_detail {
namespace {

std::optional<Bytes32> slot_value(const VerifiedAccountState& state, const Bytes32& key) {
    for (const VerifiedStorageSlot& s : state.storage)
        if (s.key == key) return s.value.to_be();
    return std::nullopt;
}

CheckResult registry_problem(Problem problem, TrustLevel trust, std::string summary, std::string evidence) {
    return unverified(CheckCode::kTeeRegistered, problem, trust, std::move(summary), std::move(evidence));
}

}  // namespace

RegistryFacts read_registry(const CheckContext& ctx, std::optional<std::uint64_t> settlement_block) {
    RegistryFacts f;
    const SettlementEvidence& ev = ctx.evidence.settlement;
    const Bytes32& tee_id = ctx.receipt.tee.tee_id;
    if (!ev.registry) {
        f.status.failure = from_lookup(CheckCode::kTeeRegistered, ev.registry_failure,
                                       "the registry entry of tee_id " + hex32(tee_id));
        return f;
    }
    const Verified<VerifiedAccountState>& reg = *ev.registry;
    f.where = "registry " + hex20(reg->address) + " at " + block_text(reg.block_number(), reg.block_hash());
    if (ev.chain.chain_id != ctx.config.settlement_chain_id || reg->address != ctx.config.registry) {
        f.status.failure =
            registry_problem(Problem::kEvidenceMismatch, TrustLevel::kReported,
                             "the registry evidence is not the configured registry's storage",
                             f.where + " on " + network(ev.chain.chain_id) + "; configured registry " +
                                 hex20(ctx.config.registry) + " on " + network(ctx.config.settlement_chain_id));
        return f;
    }
    if (settlement_block && reg.block_number() != *settlement_block) {
        f.status.failure = registry_problem(Problem::kEvidenceMismatch, TrustLevel::kReported,
                                            "the registry was read at another block than the settlement",
                                            f.where + "; settlement in block " + std::to_string(*settlement_block));
        return f;
    }
    if (!reg->account) {
        f.status.failure = registry_problem(Problem::kEvidenceMismatch, ev.chain.anchor,
                                            "the configured registry has no account at this block", f.where);
        return f;
    }
    f.trust = ev.chain.anchor;
    const Bytes32 status_slot = chain::tee_status_slot(tee_id);
    const auto status_word = slot_value(*reg, status_slot);
    if (!status_word) {
        f.status.failure = registry_problem(Problem::kEvidenceMissing, TrustLevel::kReported,
                                            "the registry proof lacks the TEE's status slot",
                                            "slot " + hex32(status_slot) + ", " + f.where);
        return f;
    }
    auto status = chain::decode_tee_status_word(*status_word);
    if (!status) {
        f.status.failure = registry_problem(Problem::kRegistryMalformed, f.trust,
                                            "the TEE's status word is not one the registry writes",
                                            std::string(chain::to_string(status.error())) + ": slot " +
                                                hex32(status_slot) + " = " + hex32(*status_word) + ", " + f.where);
        return f;
    }
    f.status.value = *status;
    if (!status->registered) return f;

    const Bytes32 pay_slot = chain::tee_field_slot(tee_id, chain::kTeePaymentAddressOffset);
    if (auto word = slot_value(*reg, pay_slot); !word) {
        f.payment_address.failure = registry_problem(Problem::kEvidenceMissing, TrustLevel::kReported,
                                                     "the registry proof lacks the TEE's paymentAddress slot",
                                                     "slot " + hex32(pay_slot) + ", " + f.where);
    } else if (!std::all_of(word->bytes.begin(), word->bytes.begin() + 12, [](std::uint8_t b) { return b == 0; })) {
        f.payment_address.failure =
            registry_problem(Problem::kRegistryMalformed, f.trust, "the TEE's paymentAddress word is not an address",
                             "slot " + hex32(pay_slot) + " = " + hex32(*word) + ", " + f.where);
    } else {
        f.payment_address.value = Address::from_view_unchecked(word->view().substr(12));
    }

    const Bytes32 key_slot = chain::tee_public_key_slot(tee_id);
    const auto length_word = slot_value(*reg, key_slot);
    if (!length_word) {
        f.public_key.failure = registry_problem(Problem::kEvidenceMissing, TrustLevel::kReported,
                                                "the registry proof lacks the TEE's publicKey slot",
                                                "slot " + hex32(key_slot) + ", " + f.where);
        return f;
    }
    auto length = chain::decode_long_bytes_length(*length_word);
    if (!length) {
        f.public_key.failure = registry_problem(Problem::kRegistryMalformed, f.trust,
                                                "the TEE's publicKey length word is not a stored DER key",
                                                std::string(chain::to_string(length.error())) + ": slot " +
                                                    hex32(key_slot) + " = " + hex32(*length_word) + ", " + f.where);
        return f;
    }
    std::vector<Bytes32> words;
    for (std::uint64_t i = 0; i < (*length + 31) / 32; ++i) {
        const Bytes32 data_slot = chain::tee_public_key_data_slot(tee_id, i);
        auto word = slot_value(*reg, data_slot);
        if (!word) {
            f.public_key.failure = registry_problem(
                Problem::kEvidenceMissing, TrustLevel::kReported, "the registry proof lacks a publicKey data slot",
                "word " + std::to_string(i) + " slot " + hex32(data_slot) + ", " + f.where);
            return f;
        }
        words.push_back(*word);
    }
    auto key = chain::decode_long_bytes(*length_word, words);
    if (!key) {
        f.public_key.failure =
            registry_problem(Problem::kRegistryMalformed, f.trust, "the TEE's stored publicKey is malformed",
                             std::string(chain::to_string(key.error())) + ", " + f.where);
        return f;
    }
    f.public_key.value = std::move(*key);
    return f;
}

std::vector<CheckResult> tee_checks(const CheckContext& ctx, const RegistryFacts& registry) {
    std::vector<CheckResult> out;
    const chain::ReceiptTee& tee = ctx.receipt.tee;
    const std::string tee_text = "tee_id " + hex32(tee.tee_id);
    const bool registered = registry.status.value && registry.status.value->registered;
    const bool receipt_key_ok = tee.public_key && keccak256(*tee.public_key) == tee.tee_id;

    // TEE_KEY_ID
    if (tee.public_key && !receipt_key_ok) {
        out.push_back(failed(CheckCode::kTeeKeyId, Problem::kTeeKeyMismatch, TrustLevel::kProven,
                             "the receipt's public key does not hash to its tee_id",
                             "keccak256(public_key) = " + hex32(keccak256(*tee.public_key)) + ", " + tee_text));
    } else if (registry.status.failure) {
        out.push_back(recoded(*registry.status.failure, CheckCode::kTeeKeyId));
    } else if (!registered) {
        out.push_back(not_checked(CheckCode::kTeeKeyId, CheckCode::kTeeRegistered, "no registry entry"));
    } else if (registry.public_key.failure) {
        out.push_back(recoded(*registry.public_key.failure, CheckCode::kTeeKeyId));
    } else {
        const Bytes& key = *registry.public_key.value;
        const Hash32 key_hash = keccak256(key);
        if (key_hash != tee.tee_id)
            out.push_back(
                failed(CheckCode::kTeeKeyId, Problem::kTeeKeyMismatch, registry.trust,
                       "the registered key does not hash to tee_id",
                       "keccak256(registered key) = " + hex32(key_hash) + ", " + tee_text + ", " + registry.where));
        else if (tee.public_key && *tee.public_key != key)
            out.push_back(failed(CheckCode::kTeeKeyId, Problem::kTeeKeyMismatch, registry.trust,
                                 "the receipt's public key is not the registered key",
                                 "receipt key keccak " + hex32(keccak256(*tee.public_key)) +
                                     ", registered key keccak " + hex32(key_hash) + ", " + registry.where));
        else
            out.push_back(passed(CheckCode::kTeeKeyId, registry.trust,
                                 "the registered key (" + std::to_string(key.size()) + " bytes DER) hashes to tee_id",
                                 tee_text + ", " + registry.where));
    }

    // TEE_SIGNATURE: under the registered key when it could be read, else the receipt's (kReported).
    const Bytes* key = nullptr;
    TrustLevel key_trust = TrustLevel::kReported;
    std::string key_source;
    if (registry.public_key.value && keccak256(*registry.public_key.value) == tee.tee_id) {
        key = &*registry.public_key.value;
        key_trust = registry.trust;
        key_source = "the registered key (" + registry.where + ")";
    } else if (receipt_key_ok && !registry.public_key.value) {
        key = &*tee.public_key;
        key_source = "the receipt's key (not confirmed by the registry)";
    }
    if (!key) {
        out.push_back(unverified(CheckCode::kTeeSignature, Problem::kTeeKeyUnknown, TrustLevel::kReported,
                                 "no key hashing to tee_id to verify the signature with", tee_text));
    } else {
        Bytes m(tee.request_hash.view());
        m += tee.output_hash.view();
        m += Uint256(tee.timestamp).to_be().view();
        const Hash32 message = keccak256(m);
        const std::string evidence = "message keccak256(request_hash ‖ output_hash ‖ timestamp " +
                                     std::to_string(tee.timestamp) + ") = " + hex32(message) + ", signature " +
                                     std::to_string(tee.signature.size()) + " bytes, key " + key_source;
        auto ok = verify_rsa_pss_sha256(*key, message.view(), tee.signature);
        if (ok)
            out.push_back(passed(
                CheckCode::kTeeSignature, key_trust,
                "the RSA-PSS signature verifies under " +
                    std::string(key_trust == TrustLevel::kReported ? "the receipt's" : "the registered") + " key",
                evidence));
        else
            out.push_back(failed(CheckCode::kTeeSignature, Problem::kTeeSignatureInvalid, key_trust,
                                 "the RSA-PSS signature does not verify: " + std::string(to_string(ok.error())),
                                 evidence));
    }

    // TEE_REGISTERED
    if (registry.status.failure) {
        out.push_back(*registry.status.failure);
    } else if (!registered) {
        // An absence proof means the TEE never registered (the status word of a registered TEE is never zero).
        // Nothing about the call is proven false by it, so it leaves the verdict risky, as the brief asks.
        out.push_back(unverified(CheckCode::kTeeRegistered, Problem::kTeeNotRegistered, registry.trust,
                                 "tee_id has no entry in the configured registry",
                                 tee_text + ": status slot " + hex32(chain::tee_status_slot(tee.tee_id)) +
                                     " holds zero, " + registry.where));
    } else {
        const chain::TeeStatus& st = *registry.status.value;
        out.push_back(passed(
            CheckCode::kTeeRegistered, registry.trust, "tee_id is registered",
            tee_text + ", owner " + hex20(st.owner) + ", type " + std::to_string(st.tee_type) + ", " + registry.where));
    }

    // TEE_ENABLED
    if (registry.status.failure) {
        out.push_back(recoded(*registry.status.failure, CheckCode::kTeeEnabled));
    } else if (!registered) {
        out.push_back(not_checked(CheckCode::kTeeEnabled, CheckCode::kTeeRegistered, "no registry entry"));
    } else if (!registry.status.value->enabled) {
        out.push_back(failed(CheckCode::kTeeEnabled, Problem::kTeeDisabled, registry.trust,
                             "the TEE is disabled at the settlement block", tee_text + ", " + registry.where));
    } else {
        out.push_back(passed(CheckCode::kTeeEnabled, registry.trust, "the TEE is enabled at the settlement block",
                             tee_text + ", " + registry.where));
    }
    return out;
}

}  // namespace countersign::verify::checks_detail
