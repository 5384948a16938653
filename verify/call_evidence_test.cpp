// SPDX-License-Identifier: Apache-2.0
// The shapes the fetch layer must gather evidence in: search filters that match exactly the logs the checks look
// for, and the registry slots the TEE checks read.

#include <gtest/gtest.h>

#include <set>

#include "verify/call_checks_test_support.hpp"
#include "verify/logs_verify.hpp"

namespace countersign::verify {
namespace {

TEST(CallEvidence, TrustOrderAndStrings) {
    EXPECT_EQ(weakest(TrustLevel::kProven, TrustLevel::kCorroborated), TrustLevel::kCorroborated);
    EXPECT_EQ(weakest(TrustLevel::kReported, TrustLevel::kCorroborated), TrustLevel::kReported);
    EXPECT_EQ(weakest(TrustLevel::kProven, TrustLevel::kProven), TrustLevel::kProven);
    EXPECT_EQ(to_string(TrustLevel::kProven), "proven");
    EXPECT_EQ(to_string(TrustLevel::kCorroborated), "corroborated");
    EXPECT_EQ(to_string(TrustLevel::kReported), "reported");
    EXPECT_EQ(to_string(LookupOutcome::kNotAsked), "not_asked");
    EXPECT_EQ(to_string(LookupOutcome::kNotFound), "not_found");
    EXPECT_EQ(to_string(LookupOutcome::kNotMined), "not_mined");
    EXPECT_EQ(to_string(LookupOutcome::kRefused), "refused");
    EXPECT_EQ(to_string(LookupOutcome::kUnavailable), "unavailable");
    EXPECT_EQ(LookupFailure{}.trust, TrustLevel::kReported);
}

TEST(CallEvidence, RefundFilterMatchesExactlyTheBoundRefund) {
    const testing::World w = testing::honest_world();
    const auto& p = *w.receipt.payment;
    const LogFilter f = refund_search_filter(p.asset, p.pay_to, w.authorization.nonce, 1000, 1009);
    EXPECT_EQ(f.from_block, 1000u);
    EXPECT_EQ(f.to_block, 1009u);
    EXPECT_TRUE(log_matches(f, w.refund_log(1004).log));
    EXPECT_TRUE(bloom_may_match(f, chain::logs_bloom(std::vector<chain::Log>{w.refund_log(1004).log})));
    // Not the payment itself, not a refund by someone else, not another token, not another nonce.
    EXPECT_FALSE(log_matches(f, w.tx_receipt->receipt.logs[0]));
    auto other = w.refund_log(1004).log;
    other.address = w.other_asset;
    EXPECT_FALSE(log_matches(f, other));
    EXPECT_FALSE(log_matches(f, testing::authorization_used_log(p.asset, testing::address_of(0x44),
                                                                chain::refund_nonce(w.authorization.nonce))));
    EXPECT_FALSE(log_matches(f, testing::authorization_used_log(p.asset, p.pay_to, w.authorization.nonce)));
}

TEST(CallEvidence, SameRequestFilterMatchesAnyAuthorizerOfTheBindingNonce) {
    const testing::World w = testing::honest_world();
    const Bytes32 binding = chain::binding_nonce(w.receipt.request_id, w.receipt.tee.request_hash);
    const LogFilter f = same_request_search_filter(w.asset, binding, 900, 1009);
    EXPECT_TRUE(log_matches(f, w.tx_receipt->receipt.logs[0]));  // the payment itself
    EXPECT_TRUE(log_matches(f, w.duplicate_log(1002).log));
    EXPECT_FALSE(log_matches(f, w.tx_receipt->receipt.logs[1]));  // the Transfer
    EXPECT_FALSE(log_matches(
        f, testing::authorization_used_log(w.asset, testing::address_of(0x44), testing::hash_of("other nonce"))));
}

TEST(CallEvidence, RegistrySlotsAreWhatTheTeeChecksRead) {
    const testing::World w = testing::honest_world();
    const Bytes32& tee_id = w.receipt.tee.tee_id;
    const Bytes& key = testing::tee_key().spki;
    const auto head = tee_registry_slots(tee_id);
    ASSERT_EQ(head.size(), 3u);
    EXPECT_EQ(head[0], chain::tee_status_slot(tee_id));
    EXPECT_EQ(head[1], chain::tee_field_slot(tee_id, chain::kTeePaymentAddressOffset));
    EXPECT_EQ(head[2], chain::tee_public_key_slot(tee_id));
    const auto all = tee_registry_slots(tee_id, key.size());
    EXPECT_EQ(all.size(), 3 + (key.size() + 31) / 32);
    std::set<Bytes32> wanted(all.begin(), all.end());
    std::set<Bytes32> laid_out;
    for (const auto& s : w.registry->storage) laid_out.insert(s.key);
    EXPECT_EQ(wanted, laid_out);
    // A bogus length cannot make the list unbounded.
    EXPECT_EQ(tee_registry_slots(tee_id, std::size_t{1} << 40).size(), 3 + chain::kMaxStoredKeyBytes / 32);
}

}  // namespace
}  // namespace countersign::verify
