// SPDX-License-Identifier: Apache-2.0
#include "verify/call_verdict.hpp"

#include <algorithm>
#include <array>

namespace countersign::verify {
namespace {

constexpr std::array kRequired = {
    CheckCode::kOutputHash,       CheckCode::kTeeKeyId,
    CheckCode::kTeeSignature,     CheckCode::kTeeRegistered,
    CheckCode::kTeeEnabled,       CheckCode::kPaymentChain,
    CheckCode::kPaymentAsset,     CheckCode::kPaymentFound,
    CheckCode::kPaymentSucceeded, CheckCode::kPaymentTransfer,
    CheckCode::kPaymentPayTo,     CheckCode::kPaymentAuthorization,
    CheckCode::kPaymentBound,     CheckCode::kPaymentConfirmations,
    CheckCode::kPaymentRefund,    CheckCode::kPaymentUnique,
    CheckCode::kSettlementChain,  CheckCode::kSettlementFound,
    CheckCode::kSettlementEvent,  CheckCode::kSettlementConfirmations,
};

std::string label(const CheckResult& c) {
    return std::string(c.problem ? to_string(*c.problem) : to_string(c.code));
}

Verdict decided_by(VerdictKind kind, const CheckResult& c) {
    Verdict v;
    v.kind = kind;
    v.check = c.code;
    v.problem = c.problem;
    v.reason = label(c) + ": " + c.summary;
    return v;
}

// Root causes first: a NOT_CHECKED result only repeats that something it depends on did not pass.
const CheckResult* first_of(std::span<const CheckResult> checks, auto&& pred) {
    const CheckResult* fallback = nullptr;
    for (const CheckResult& c : checks) {
        if (!pred(c)) continue;
        if (c.problem != Problem::kNotChecked) return &c;
        if (!fallback) fallback = &c;
    }
    return fallback;
}

}  // namespace

std::string_view to_string(VerdictKind kind) noexcept {
    switch (kind) {
        case VerdictKind::kPending:
            return "pending";
        case VerdictKind::kPassed:
            return "passed";
        case VerdictKind::kFailed:
            return "failed";
        case VerdictKind::kRefunded:
            return "refunded";
        case VerdictKind::kRisky:
            return "risky";
    }
    return "risky";
}

std::span<const CheckCode> required_checks() noexcept {
    return kRequired;
}

Verdict decide_verdict(std::span<const CheckResult> checks) {
    const CheckResult* refund = first_of(checks, [](const CheckResult& c) {
        return c.status == CheckStatus::kFailed && c.problem == Problem::kRefunded && c.trust == TrustLevel::kProven;
    });
    // 1 and 2: a proven bound refund decides over everything (the money went back), then any proven-false check.
    if (refund) return decided_by(VerdictKind::kRefunded, *refund);
    if (const CheckResult* f = first_of(checks, [](const CheckResult& c) { return c.status == CheckStatus::kFailed; }))
        return decided_by(VerdictKind::kFailed, *f);

    // 3: pending, on the earliest step.
    const CheckResult* earliest = nullptr;
    std::optional<PendingStep> earliest_step;
    for (const CheckResult& c : checks) {
        if (c.status != CheckStatus::kPending) continue;
        // A pending result without a known step sorts after all steps (still pending, never passed).
        const std::optional<PendingStep> step = c.problem ? pending_step(*c.problem) : std::nullopt;
        const bool earlier = !earliest || (step && (!earliest_step || *step < *earliest_step));
        if (earlier) {
            earliest = &c;
            earliest_step = step;
        }
    }
    if (earliest) {
        Verdict v = decided_by(VerdictKind::kPending, *earliest);
        v.pending = PendingInfo{earliest_step.value_or(PendingStep::kSettlementConfirmations), earliest->summary};
        return v;
    }

    // 4: risky.
    if (const CheckResult* u =
            first_of(checks, [](const CheckResult& c) { return c.status == CheckStatus::kUnverified; }))
        return decided_by(VerdictKind::kRisky, *u);
    for (const CheckResult& c : checks) {
        if (c.status == CheckStatus::kPassed && c.trust == TrustLevel::kProven) continue;
        Verdict v = decided_by(VerdictKind::kRisky, c);
        v.reason = std::string(to_string(c.code)) + " only " + std::string(to_string(c.trust)) + ": " + c.summary;
        return v;
    }
    for (CheckCode code : kRequired) {
        const bool present =
            std::any_of(checks.begin(), checks.end(), [&](const CheckResult& c) { return c.code == code; });
        if (!present) {
            Verdict v;
            v.kind = VerdictKind::kRisky;
            v.reason = std::string(to_string(code)) + ": required check was not run";
            return v;
        }
    }

    // 5: every check passed on proven evidence.
    Verdict v;
    v.kind = VerdictKind::kPassed;
    v.reason = "all " + std::to_string(checks.size()) + " checks passed on proven evidence";
    return v;
}

}  // namespace countersign::verify
