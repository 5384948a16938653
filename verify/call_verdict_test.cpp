// SPDX-License-Identifier: Apache-2.0
// The verdict rules, and the property that "passed" needs every check passed at kProven: flipping any single
// check of an all-passed list to another status or a weaker trust, or dropping a required check, never passes.

#include "verify/call_verdict.hpp"

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <set>

#include "verify/call_checks_test_support.hpp"

namespace countersign::verify {
namespace {

CheckResult make(CheckCode code, CheckStatus status, TrustLevel trust, std::optional<Problem> problem = {}) {
    CheckResult c;
    c.code = code;
    c.status = status;
    c.trust = trust;
    c.problem = problem;
    c.summary = std::string(to_string(code)) + " summary";
    return c;
}

std::vector<CheckResult> all_passed() {
    std::vector<CheckResult> out;
    for (CheckCode code : required_checks()) out.push_back(make(code, CheckStatus::kPassed, TrustLevel::kProven));
    return out;
}

const std::vector<Problem>& all_problems() {
    static const std::vector<Problem> problems = [] {
        std::vector<Problem> p;
        for (int i = 0; i <= static_cast<int>(Problem::kNotChecked); ++i) p.push_back(static_cast<Problem>(i));
        return p;
    }();
    return problems;
}

TEST(CallVerdict, AllPassedProvenPasses) {
    const Verdict v = decide_verdict(all_passed());
    EXPECT_EQ(v.kind, VerdictKind::kPassed);
    EXPECT_FALSE(v.check.has_value());
}

TEST(CallVerdict, EmptyOrIncompleteListIsRisky) {
    EXPECT_EQ(decide_verdict({}).kind, VerdictKind::kRisky);
    auto checks = all_passed();
    checks.erase(checks.begin() + 3);
    const Verdict v = decide_verdict(checks);
    EXPECT_EQ(v.kind, VerdictKind::kRisky);
    EXPECT_NE(v.reason.find("TEE_REGISTERED"), std::string::npos) << v.reason;
}

TEST(CallVerdict, FailedWinsOverPendingAndUnverified) {
    auto checks = all_passed();
    checks[0] = make(CheckCode::kOutputHash, CheckStatus::kUnverified, TrustLevel::kReported, Problem::kOutputNotGiven);
    checks[7] = make(CheckCode::kPaymentFound, CheckStatus::kPending, TrustLevel::kReported, Problem::kPaymentNotMined);
    checks[2] =
        make(CheckCode::kTeeSignature, CheckStatus::kFailed, TrustLevel::kProven, Problem::kTeeSignatureInvalid);
    const Verdict v = decide_verdict(checks);
    EXPECT_EQ(v.kind, VerdictKind::kFailed);
    EXPECT_EQ(v.check, CheckCode::kTeeSignature);
    EXPECT_EQ(v.problem, Problem::kTeeSignatureInvalid);
    EXPECT_EQ(v.reason.rfind("TEE_SIGNATURE_INVALID: ", 0), 0u) << v.reason;
}

TEST(CallVerdict, ProvenRefundWinsOverFailure) {
    auto checks = all_passed();
    checks[2] =
        make(CheckCode::kTeeSignature, CheckStatus::kFailed, TrustLevel::kProven, Problem::kTeeSignatureInvalid);
    checks[14] = make(CheckCode::kPaymentRefund, CheckStatus::kFailed, TrustLevel::kProven, Problem::kRefunded);
    EXPECT_EQ(decide_verdict(checks).kind, VerdictKind::kRefunded);
    // An unproven refund does not: the other failure decides.
    checks[14].trust = TrustLevel::kCorroborated;
    EXPECT_EQ(decide_verdict(checks).kind, VerdictKind::kFailed);
}

TEST(CallVerdict, PendingNamesTheEarliestStepWhateverTheListOrder) {
    auto checks = all_passed();
    checks[19] = make(CheckCode::kSettlementConfirmations, CheckStatus::kPending, TrustLevel::kProven,
                      Problem::kSettlementUnconfirmed);
    checks[17] =
        make(CheckCode::kSettlementFound, CheckStatus::kPending, TrustLevel::kReported, Problem::kSettlementNotMined);
    checks[13] = make(CheckCode::kPaymentConfirmations, CheckStatus::kPending, TrustLevel::kProven,
                      Problem::kPaymentUnconfirmed);
    std::reverse(checks.begin(), checks.end());
    Verdict v = decide_verdict(checks);
    ASSERT_EQ(v.kind, VerdictKind::kPending);
    ASSERT_TRUE(v.pending);
    EXPECT_EQ(v.pending->step, PendingStep::kPaymentConfirmations);
    EXPECT_EQ(v.pending->waits_for, "PAYMENT_CONFIRMATIONS summary");
    // Pending wins over unverified.
    checks[0] = make(checks[0].code, CheckStatus::kUnverified, TrustLevel::kReported, Problem::kLookupUnavailable);
    EXPECT_EQ(decide_verdict(checks).kind, VerdictKind::kPending);
}

TEST(CallVerdict, RiskyNamesTheRootCauseNotItsDependents) {
    auto checks = all_passed();
    checks[9] =
        make(CheckCode::kPaymentTransfer, CheckStatus::kUnverified, TrustLevel::kReported, Problem::kNotChecked);
    checks[10] =
        make(CheckCode::kPaymentPayTo, CheckStatus::kUnverified, TrustLevel::kReported, Problem::kProvidersDisagree);
    const Verdict v = decide_verdict(checks);
    EXPECT_EQ(v.kind, VerdictKind::kRisky);
    EXPECT_EQ(v.problem, Problem::kProvidersDisagree);
}

TEST(CallVerdict, WeakTrustIsNamedInTheReason) {
    auto checks = all_passed();
    checks[5].trust = TrustLevel::kCorroborated;
    const Verdict v = decide_verdict(checks);
    EXPECT_EQ(v.kind, VerdictKind::kRisky);
    EXPECT_EQ(v.check, checks[5].code);
    EXPECT_NE(v.reason.find("corroborated"), std::string::npos) << v.reason;
}

TEST(CallVerdict, StringsAreStable) {
    EXPECT_EQ(to_string(VerdictKind::kPending), "pending");
    EXPECT_EQ(to_string(VerdictKind::kPassed), "passed");
    EXPECT_EQ(to_string(VerdictKind::kFailed), "failed");
    EXPECT_EQ(to_string(VerdictKind::kRefunded), "refunded");
    EXPECT_EQ(to_string(VerdictKind::kRisky), "risky");
    EXPECT_EQ(to_string(PendingStep::kPaymentMined), "payment mined");
    EXPECT_EQ(to_string(PendingStep::kSettlementConfirmations), "settlement confirmations");
    EXPECT_EQ(to_string(Problem::kPaymentUnbound), "PAYMENT_UNBOUND");
    EXPECT_EQ(to_string(Problem::kProvidersDisagree), "PROVIDERS_DISAGREE");
    EXPECT_EQ(to_string(CheckCode::kSettlementEvent), "SETTLEMENT_EVENT");
    // Every code has a distinct, upper-case string.
    std::set<std::string_view> seen;
    for (Problem p : all_problems()) {
        EXPECT_TRUE(seen.insert(to_string(p)).second) << to_string(p);
        EXPECT_NE(to_string(p), "UNKNOWN_PROBLEM");
    }
    for (int i = 0; i <= static_cast<int>(CheckCode::kSettlementConfirmations); ++i) {
        EXPECT_TRUE(seen.insert(to_string(static_cast<CheckCode>(i))).second);
        EXPECT_NE(to_string(static_cast<CheckCode>(i)), "UNKNOWN_CHECK");
    }
}

// ---- properties ----

// One check of an all-passed list made non-passed (any status, any problem) or non-proven: never passed.
RC_GTEST_PROP(CallVerdictProps, FlippingAnySingleCheckNeverPasses, ()) {
    auto checks = all_passed();
    const auto i = *rc::gen::inRange<std::size_t>(0, checks.size());
    const bool flip_status = *rc::gen::arbitrary<bool>();
    if (flip_status) {
        checks[i].status = *rc::gen::element(CheckStatus::kFailed, CheckStatus::kPending, CheckStatus::kUnverified);
        checks[i].problem = *rc::gen::elementOf(all_problems());
        checks[i].trust = *rc::gen::element(TrustLevel::kProven, TrustLevel::kCorroborated, TrustLevel::kReported);
    } else {
        checks[i].trust = *rc::gen::element(TrustLevel::kCorroborated, TrustLevel::kReported);
    }
    const Verdict v = decide_verdict(checks);
    RC_ASSERT(v.kind != VerdictKind::kPassed);
    // And the verdict names that check (it is the only one that is not passed and proven).
    RC_ASSERT(v.check == std::optional<CheckCode>(checks[i].code));
}

// The same on the real honest call: flip one produced result.
RC_GTEST_PROP(CallVerdictProps, FlippingAnyCheckOfTheHonestCallNeverPasses, ()) {
    static const std::vector<CheckResult> honest = testing::honest_world().run();
    RC_PRE(decide_verdict(honest).kind == VerdictKind::kPassed);
    auto checks = honest;
    const auto i = *rc::gen::inRange<std::size_t>(0, checks.size());
    if (*rc::gen::arbitrary<bool>()) {
        checks[i].status = *rc::gen::element(CheckStatus::kFailed, CheckStatus::kPending, CheckStatus::kUnverified);
        checks[i].problem = *rc::gen::elementOf(all_problems());
    } else {
        checks[i].trust = *rc::gen::element(TrustLevel::kCorroborated, TrustLevel::kReported);
    }
    RC_ASSERT(decide_verdict(checks).kind != VerdictKind::kPassed);
}

// Dropping any required check never passes; shuffling an all-passed list still passes.
RC_GTEST_PROP(CallVerdictProps, DroppingARequiredCheckNeverPasses, ()) {
    auto checks = all_passed();
    const auto i = *rc::gen::inRange<std::size_t>(0, checks.size());
    checks.erase(checks.begin() + static_cast<std::ptrdiff_t>(i));
    RC_ASSERT(decide_verdict(checks).kind != VerdictKind::kPassed);
}

// For arbitrary lists: passed exactly when every check is passed and proven and all required are present.
RC_GTEST_PROP(CallVerdictProps, PassedIffAllPassedProvenAndComplete, ()) {
    auto checks = all_passed();
    const auto n = *rc::gen::inRange<std::size_t>(0, 4);
    for (std::size_t k = 0; k < n; ++k) {
        const auto i = *rc::gen::inRange<std::size_t>(0, checks.size());
        checks[i].status = *rc::gen::element(CheckStatus::kPassed, CheckStatus::kFailed, CheckStatus::kPending,
                                             CheckStatus::kUnverified);
        checks[i].trust = *rc::gen::element(TrustLevel::kProven, TrustLevel::kCorroborated, TrustLevel::kReported);
        if (checks[i].status != CheckStatus::kPassed) checks[i].problem = *rc::gen::elementOf(all_problems());
    }
    const bool all_ok = std::all_of(checks.begin(), checks.end(), [](const CheckResult& c) {
        return c.status == CheckStatus::kPassed && c.trust == TrustLevel::kProven;
    });
    const Verdict v = decide_verdict(checks);
    RC_ASSERT((v.kind == VerdictKind::kPassed) == all_ok);
    const bool any_failed = std::any_of(checks.begin(), checks.end(),
                                        [](const CheckResult& c) { return c.status == CheckStatus::kFailed; });
    if (any_failed) RC_ASSERT(v.kind == VerdictKind::kFailed || v.kind == VerdictKind::kRefunded);
    if (v.kind == VerdictKind::kPending) RC_ASSERT(v.pending.has_value());
}

}  // namespace
}  // namespace countersign::verify
