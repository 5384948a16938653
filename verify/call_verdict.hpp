// SPDX-License-Identifier: Apache-2.0
#pragma once
// The verdict over the checks of one call (docs/brief.md): pending, passed, failed, refunded or risky.
//
//   1. any kFailed check                      -> failed, unless a proven bound refund exists -> refunded
//   2. a proven refund (PAYMENT_REFUND/REFUNDED, kProven)                                -> refunded
//   3. any kPending check                     -> pending, naming the earliest step in the order
//                                                payment mined, payment confirmations, settlement mined,
//                                                settlement confirmations
//   4. any kUnverified check, any trust below kProven, or a required check absent        -> risky
//   5. otherwise                                                                          -> passed
// So "passed" needs every check kPassed at kProven, and every required check present: a verdict never passes
// on missing evidence.

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "verify/call_checks.hpp"

namespace countersign::verify {

enum class VerdictKind { kPending, kPassed, kFailed, kRefunded, kRisky };
std::string_view to_string(VerdictKind kind) noexcept;  // "pending", "passed", "failed", "refunded", "risky"

struct PendingInfo {
    PendingStep step{PendingStep::kPaymentMined};
    std::string waits_for;  // what the step waits for, e.g. "3 more confirmations (has 3 of 6)"

    friend bool operator==(const PendingInfo&, const PendingInfo&) = default;
};

struct Verdict {
    VerdictKind kind{VerdictKind::kRisky};
    // "<CODE>: <summary>" of the deciding check, CODE being its problem (e.g. TEE_SIGNATURE_INVALID) or, for
    // a passed check that is only corroborated/reported, its check code and trust.
    std::string reason;
    std::optional<CheckCode> check;      // the deciding check (none for passed, or a required check absent)
    std::optional<Problem> problem;      // its problem, when it has one
    std::optional<PendingInfo> pending;  // kPending only

    friend bool operator==(const Verdict&, const Verdict&) = default;
};

// The checks a "passed" verdict requires to be present (REQUEST_HASH is optional: the receipt may omit the
// request text; everything else is always run by run_call_checks).
std::span<const CheckCode> required_checks() noexcept;

Verdict decide_verdict(std::span<const CheckResult> checks);

}  // namespace countersign::verify
