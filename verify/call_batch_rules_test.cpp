// SPDX-License-Identifier: Apache-2.0
// The cross-receipt rule: one payment_hash cited by a receipt of another call (same payment network) fails the later
// one with PAYMENT_REPLAYED; other networks, other hashes, receipts without payment and unparsed receipts do not.
#include "verify/call_batch_rules.hpp"

#include <gtest/gtest.h>

#include "crypto/keccak.hpp"
#include "verify/call_verdict.hpp"

namespace countersign::verify {
namespace {

chain::CallReceipt paid(std::string request_id, std::string_view tx, std::uint64_t chain_id = 8453) {
    chain::CallReceipt r;
    r.request_id = std::move(request_id);
    chain::ReceiptPayment p;
    p.chain_id = chain_id;
    p.payment_hash = keccak256(to_view(tx));
    r.payment = p;
    return r;
}

TEST(CallBatchRules, SecondCitationOfAPaymentFailsTheLaterReceipt) {
    const auto a = paid("a", "tx1");
    const auto b = paid("b", "tx2");
    const auto c = paid("c", "tx1");
    const auto d = paid("d", "tx1");
    const std::vector<const chain::CallReceipt*> receipts{&a, &b, &c, &d};
    const auto extra = batch_checks(receipts);
    ASSERT_EQ(extra.size(), 4u);
    EXPECT_TRUE(extra[0].empty());
    EXPECT_TRUE(extra[1].empty());
    for (std::size_t i : {2u, 3u}) {
        ASSERT_EQ(extra[i].size(), 1u);
        const CheckResult& check = extra[i][0];
        EXPECT_EQ(check.status, CheckStatus::kFailed);
        EXPECT_EQ(check.problem, Problem::kPaymentReplayed);
        EXPECT_EQ(check.code, CheckCode::kPaymentUnique);
        EXPECT_TRUE(check.summary.starts_with("payment ")) << check.summary;
        EXPECT_NE(check.summary.find("receipt #1"), std::string::npos) << check.summary;  // the first citer
        EXPECT_NE(check.evidence.find("\"a\""), std::string::npos);
    }
}

TEST(CallBatchRules, TheSameCallInTwoShapesIsNoReplay) {
    // A receipt v1 and the gateway body of the same call (same request_id and request_hash) cite one payment.
    auto a = paid("a", "tx1");
    a.tee.request_hash = keccak256(to_view(std::string_view{"request a"}));
    auto same = a;
    same.source = chain::ReceiptSource::kOpenGradientBody;
    auto other_request = a;  // the same request_id with another request is another call
    other_request.tee.request_hash = keccak256(to_view(std::string_view{"request b"}));
    const std::vector<const chain::CallReceipt*> receipts{&a, &same, &other_request};
    const auto extra = batch_checks(receipts);
    EXPECT_TRUE(extra[0].empty());
    EXPECT_TRUE(extra[1].empty());
    ASSERT_EQ(extra[2].size(), 1u);
    EXPECT_EQ(extra[2][0].problem, Problem::kPaymentReplayed);
}

TEST(CallBatchRules, OtherNetworksMissingPaymentsAndUnparsedReceiptsCiteNothing) {
    const auto a = paid("a", "tx1", 8453);
    const auto b = paid("b", "tx1", 84532);  // the same hash on another network is another payment
    chain::CallReceipt unpaid;
    unpaid.request_id = "u";
    const std::vector<const chain::CallReceipt*> receipts{&a, &b, &unpaid, nullptr, &unpaid};
    for (const auto& e : batch_checks(receipts)) EXPECT_TRUE(e.empty());
    EXPECT_TRUE(batch_checks({}).empty());
}

TEST(CallBatchRules, VerifyBatchAddsTheRuleToTheCheckedReceipts) {
    // No evidence at all: each receipt alone is at best risky; the replay makes the second one failed.
    const auto a = paid("a", "tx1");
    const auto b = paid("b", "tx1");
    const std::vector<const chain::CallReceipt*> receipts{&a, nullptr, &b};
    const std::vector<CallEvidence> evidence(3);
    const auto reports = verify_batch(receipts, evidence, VerifierConfig{});
    ASSERT_EQ(reports.size(), 3u);
    ASSERT_TRUE(reports[0] && reports[2]);
    EXPECT_FALSE(reports[1]);
    EXPECT_NE(reports[0]->verdict.kind, VerdictKind::kPassed);
    EXPECT_EQ(reports[2]->verdict.kind, VerdictKind::kFailed);
    EXPECT_TRUE(reports[2]->checks.back().problem == Problem::kPaymentReplayed);
    EXPECT_EQ(reports[2]->request_id, "b");
}

}  // namespace
}  // namespace countersign::verify
