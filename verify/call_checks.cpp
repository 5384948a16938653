// SPDX-License-Identifier: Apache-2.0
#include "verify/call_checks.hpp"

#include <utility>

#include "verify/call_checks_internal.hpp"

namespace countersign::verify {

std::string_view to_string(CheckCode code) noexcept {
    switch (code) {
        case CheckCode::kOutputHash:
            return "OUTPUT_HASH";
        case CheckCode::kRequestHash:
            return "REQUEST_HASH";
        case CheckCode::kTeeKeyId:
            return "TEE_KEY_ID";
        case CheckCode::kTeeSignature:
            return "TEE_SIGNATURE";
        case CheckCode::kTeeRegistered:
            return "TEE_REGISTERED";
        case CheckCode::kTeeEnabled:
            return "TEE_ENABLED";
        case CheckCode::kPaymentChain:
            return "PAYMENT_CHAIN";
        case CheckCode::kPaymentAsset:
            return "PAYMENT_ASSET";
        case CheckCode::kPaymentFound:
            return "PAYMENT_FOUND";
        case CheckCode::kPaymentSucceeded:
            return "PAYMENT_SUCCEEDED";
        case CheckCode::kPaymentTransfer:
            return "PAYMENT_TRANSFER";
        case CheckCode::kPaymentPayTo:
            return "PAYMENT_PAY_TO";
        case CheckCode::kPaymentAuthorization:
            return "PAYMENT_AUTHORIZATION";
        case CheckCode::kPaymentBound:
            return "PAYMENT_BOUND";
        case CheckCode::kPaymentConfirmations:
            return "PAYMENT_CONFIRMATIONS";
        case CheckCode::kPaymentRefund:
            return "PAYMENT_REFUND";
        case CheckCode::kPaymentUnique:
            return "PAYMENT_UNIQUE";
        case CheckCode::kSettlementChain:
            return "SETTLEMENT_CHAIN";
        case CheckCode::kSettlementFound:
            return "SETTLEMENT_FOUND";
        case CheckCode::kSettlementEvent:
            return "SETTLEMENT_EVENT";
        case CheckCode::kSettlementConfirmations:
            return "SETTLEMENT_CONFIRMATIONS";
    }
    return "UNKNOWN_CHECK";
}

std::string_view to_string(CheckStatus status) noexcept {
    switch (status) {
        case CheckStatus::kPassed:
            return "passed";
        case CheckStatus::kFailed:
            return "failed";
        case CheckStatus::kPending:
            return "pending";
        case CheckStatus::kUnverified:
            return "unverified";
    }
    return "unverified";
}

std::string_view to_string(Problem problem) noexcept {
    switch (problem) {
        case Problem::kOutputHashMismatch:
            return "OUTPUT_HASH_MISMATCH";
        case Problem::kOutputNotGiven:
            return "OUTPUT_NOT_GIVEN";
        case Problem::kRequestHashMismatch:
            return "REQUEST_HASH_MISMATCH";
        case Problem::kTeeKeyMismatch:
            return "TEE_KEY_MISMATCH";
        case Problem::kTeeKeyUnknown:
            return "TEE_KEY_UNKNOWN";
        case Problem::kTeeSignatureInvalid:
            return "TEE_SIGNATURE_INVALID";
        case Problem::kTeeNotRegistered:
            return "TEE_NOT_REGISTERED";
        case Problem::kTeeDisabled:
            return "TEE_DISABLED";
        case Problem::kRegistryMalformed:
            return "REGISTRY_MALFORMED";
        case Problem::kChainUnexpected:
            return "CHAIN_UNEXPECTED";
        case Problem::kAssetNotAccepted:
            return "ASSET_NOT_ACCEPTED";
        case Problem::kPaymentMissing:
            return "PAYMENT_MISSING";
        case Problem::kPaymentNotFound:
            return "PAYMENT_NOT_FOUND";
        case Problem::kPaymentNotMined:
            return "PAYMENT_NOT_MINED";
        case Problem::kPaymentReverted:
            return "PAYMENT_REVERTED";
        case Problem::kPaymentTransferMismatch:
            return "PAYMENT_TRANSFER_MISMATCH";
        case Problem::kUnderpaid:
            return "UNDERPAID";
        case Problem::kWrongPayTo:
            return "WRONG_PAY_TO";
        case Problem::kPaymentAuthorizationInvalid:
            return "PAYMENT_AUTHORIZATION_INVALID";
        case Problem::kPaymentAuthorizationMismatch:
            return "PAYMENT_AUTHORIZATION_MISMATCH";
        case Problem::kAuthorizationUnreadable:
            return "AUTHORIZATION_UNREADABLE";
        case Problem::kSchemeUnsupported:
            return "SCHEME_UNSUPPORTED";
        case Problem::kPaymentUnbound:
            return "PAYMENT_UNBOUND";
        case Problem::kPaymentMismatch:
            return "PAYMENT_MISMATCH";
        case Problem::kPaymentUnconfirmed:
            return "PAYMENT_UNCONFIRMED";
        case Problem::kRefunded:
            return "REFUNDED";
        case Problem::kPaymentDuplicate:
            return "PAYMENT_DUPLICATE";
        case Problem::kPaymentReplayed:
            return "PAYMENT_REPLAYED";
        case Problem::kSearchIncomplete:
            return "SEARCH_INCOMPLETE";
        case Problem::kSettlementPrivate:
            return "SETTLEMENT_PRIVATE";
        case Problem::kSettlementNotFound:
            return "SETTLEMENT_NOT_FOUND";
        case Problem::kSettlementNotMined:
            return "SETTLEMENT_NOT_MINED";
        case Problem::kSettlementReverted:
            return "SETTLEMENT_REVERTED";
        case Problem::kSettlementMismatch:
            return "SETTLEMENT_MISMATCH";
        case Problem::kSettlementProofInvalid:
            return "SETTLEMENT_PROOF_INVALID";
        case Problem::kSettlementUnconfirmed:
            return "SETTLEMENT_UNCONFIRMED";
        case Problem::kProvidersDisagree:
            return "PROVIDERS_DISAGREE";
        case Problem::kProviderRefused:
            return "PROVIDER_REFUSED";
        case Problem::kLookupUnavailable:
            return "LOOKUP_UNAVAILABLE";
        case Problem::kEvidenceMissing:
            return "EVIDENCE_MISSING";
        case Problem::kEvidenceMismatch:
            return "EVIDENCE_MISMATCH";
        case Problem::kNotChecked:
            return "NOT_CHECKED";
    }
    return "UNKNOWN_PROBLEM";
}

std::string_view to_string(PendingStep step) noexcept {
    switch (step) {
        case PendingStep::kPaymentMined:
            return "payment mined";
        case PendingStep::kPaymentConfirmations:
            return "payment confirmations";
        case PendingStep::kSettlementMined:
            return "settlement mined";
        case PendingStep::kSettlementConfirmations:
            return "settlement confirmations";
    }
    return "payment mined";
}

std::optional<PendingStep> pending_step(Problem problem) noexcept {
    switch (problem) {
        case Problem::kPaymentNotMined:
            return PendingStep::kPaymentMined;
        case Problem::kPaymentUnconfirmed:
            return PendingStep::kPaymentConfirmations;
        case Problem::kSettlementNotMined:
            return PendingStep::kSettlementMined;
        case Problem::kSettlementUnconfirmed:
            return PendingStep::kSettlementConfirmations;
        default:
            return std::nullopt;
    }
}

std::vector<CheckResult> run_call_checks(const chain::CallReceipt& receipt, const CallEvidence& evidence,
                                         const VerifierConfig& config) {
    using namespace checks_detail;
    const CheckContext ctx{receipt, evidence, config};
    // The settlement decides how far the receipt's hashes are anchored, and pins the registry read, so it is
    // evaluated first; the results are listed in CheckCode order.
    SettlementOutcome settlement = settlement_checks(ctx);
    const RegistryFacts registry = read_registry(ctx, settlement.settlement_block);

    std::vector<CheckResult> out = output_checks(ctx, settlement.commitment_trust);
    for (CheckResult& r : tee_checks(ctx, registry)) out.push_back(std::move(r));
    for (CheckResult& r : payment_checks(ctx, registry, settlement.commitment_trust)) out.push_back(std::move(r));
    for (CheckResult& r : settlement.checks) out.push_back(std::move(r));
    return out;
}

namespace checks_detail {
namespace {

CheckResult make(CheckCode code, CheckStatus status, std::optional<Problem> problem, TrustLevel trust,
                 std::string summary, std::string evidence) {
    CheckResult r;
    r.code = code;
    r.status = status;
    r.problem = problem;
    r.trust = trust;
    r.summary = std::move(summary);
    r.evidence = std::move(evidence);
    return r;
}

}  // namespace

CheckResult passed(CheckCode code, TrustLevel trust, std::string summary, std::string evidence) {
    return make(code, CheckStatus::kPassed, std::nullopt, trust, std::move(summary), std::move(evidence));
}
CheckResult failed(CheckCode code, Problem problem, TrustLevel trust, std::string summary, std::string evidence) {
    return make(code, CheckStatus::kFailed, problem, trust, std::move(summary), std::move(evidence));
}
CheckResult pending(CheckCode code, Problem problem, TrustLevel trust, std::string summary, std::string evidence) {
    return make(code, CheckStatus::kPending, problem, trust, std::move(summary), std::move(evidence));
}
CheckResult unverified(CheckCode code, Problem problem, TrustLevel trust, std::string summary, std::string evidence) {
    return make(code, CheckStatus::kUnverified, problem, trust, std::move(summary), std::move(evidence));
}

CheckResult not_checked(CheckCode code, CheckCode on, std::string_view why) {
    std::string summary = "not checked: depends on " + std::string(to_string(on));
    if (!why.empty()) summary += " (" + std::string(why) + ")";
    return unverified(code, Problem::kNotChecked, TrustLevel::kReported, std::move(summary));
}

CheckResult recoded(CheckResult result, CheckCode code) {
    result.code = code;
    return result;
}

CheckResult from_lookup(CheckCode code, const LookupFailure& failure, std::string_view what,
                        std::optional<Problem> not_found, std::optional<Problem> not_mined) {
    std::string evidence = "lookup outcome: " + std::string(to_string(failure.outcome));
    if (!failure.detail.empty()) evidence += "; " + failure.detail;
    if (failure.refusal) evidence += "; refusal: " + failure.refusal->to_string();
    const std::string subject(what);
    const bool disagree = failure.refusal && failure.refusal->code == RefusalCode::kProvidersDisagree;
    switch (failure.outcome) {
        case LookupOutcome::kNotAsked:
            return unverified(code, Problem::kEvidenceMissing, TrustLevel::kReported, subject + " was not looked up",
                              std::move(evidence));
        case LookupOutcome::kNotFound:
            // Nothing about an absence chains to a header (a lagging or censoring node also answers null), so
            // this is never "proven false": the verdict is risky, and the trust is at most corroborated.
            if (not_found)
                return unverified(code, *not_found, weakest(failure.trust, TrustLevel::kCorroborated),
                              subject + " is unknown to the providers", std::move(evidence));
            return unverified(code, Problem::kEvidenceMissing, TrustLevel::kReported, subject + " was not found",
                              std::move(evidence));
        case LookupOutcome::kNotMined:
            if (not_mined)
                return pending(code, *not_mined, weakest(failure.trust, TrustLevel::kCorroborated),
                               subject + " is not mined yet: waits for a block", std::move(evidence));
            return unverified(code, Problem::kEvidenceMissing, TrustLevel::kReported, subject + " is not in a block",
                              std::move(evidence));
        case LookupOutcome::kRefused:
            // A refusal proves a provider lied about its data, not that the call is bad.
            return unverified(
                code, disagree ? Problem::kProvidersDisagree : Problem::kProviderRefused, TrustLevel::kReported,
                subject + (disagree ? ": providers disagree" : ": a provider's answer contradicts its hashes"),
                std::move(evidence));
        case LookupOutcome::kUnavailable:
            return unverified(
                code, disagree ? Problem::kProvidersDisagree : Problem::kLookupUnavailable, TrustLevel::kReported,
                subject + (disagree ? ": providers disagree" : " could not be fetched"), std::move(evidence));
    }
    return unverified(code, Problem::kEvidenceMissing, TrustLevel::kReported, subject + " is missing",
                      std::move(evidence));
}

std::string hex32(const FixedBytes<32>& b) {
    return to_hex(b);
}
std::string hex20(const Address& a) {
    return to_hex(a);
}
std::string block_text(std::uint64_t number, const Hash32& hash) {
    return "block " + std::to_string(number) + " (" + to_hex(hash) + ")";
}
std::string network(std::uint64_t chain_id) {
    return "eip155:" + std::to_string(chain_id);
}

std::optional<std::uint64_t> confirmations_of(const ChainView& chain, std::uint64_t block) noexcept {
    if (!chain.head) return std::nullopt;
    const std::uint64_t head = chain.head->value().number;
    return head >= block ? head - block + 1 : 0;
}

CheckResult confirmations_check(CheckCode code, Problem unconfirmed, const ChainView& chain, std::uint64_t block,
                                std::uint64_t required, std::string_view what) {
    const std::string subject(what);
    const auto have = confirmations_of(chain, block);
    if (!have)
        return unverified(code, Problem::kEvidenceMissing, TrustLevel::kReported,
                          subject + ": no verified head to count confirmations on", "block " + std::to_string(block));
    const std::string evidence = "block " + std::to_string(block) + ", verified head " +
                                 std::to_string(chain.head->value().number) + " (" + to_hex(chain.head->block_hash()) +
                                 "), " + std::to_string(*have) + " of " + std::to_string(required) + " confirmations";
    if (*have >= required)
        return passed(
            code, chain.anchor,
            subject + " has " + std::to_string(*have) + " confirmations (needs " + std::to_string(required) + ")",
            evidence);
    return pending(code, unconfirmed, chain.anchor,
                   subject + " has " + std::to_string(*have) + " of " + std::to_string(required) +
                       " confirmations: waits for " + std::to_string(required - *have) + " more blocks",
                   evidence);
}

}  // namespace checks_detail
}  // namespace countersign::verify
