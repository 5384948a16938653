// SPDX-License-Identifier: Apache-2.0
// The "countersign.verdict/v1" document and the text rendering of a verification.

#include "verify/call_report_json.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "crypto/hex.hpp"
#include "verify/call_checks_test_support.hpp"

namespace countersign::verify {
namespace {

using nlohmann::json;

TEST(CallReportJson, HonestCallDocument) {
    const testing::World w = testing::honest_world();
    const CallReport report = verify_call(w.receipt, w.evidence(), w.config);
    const json j = to_json(report);
    EXPECT_EQ(j.at("format"), "countersign.verdict/v1");
    EXPECT_EQ(j.at("verdict"), "passed");
    EXPECT_TRUE(j.at("pending").is_null());
    EXPECT_EQ(j.at("request_id"), "chatcmpl-7f3a");
    const json& p = j.at("payment");
    EXPECT_EQ(p.at("network"), "eip155:8453");
    EXPECT_EQ(p.at("payment_hash"), to_hex(w.tx->hash));
    EXPECT_EQ(p.at("payer"), to_hex(w.receipt.payment->payer));
    EXPECT_EQ(p.at("payee"), to_hex(w.receipt.payment->pay_to));
    EXPECT_EQ(p.at("amount"), "1500000");
    EXPECT_EQ(p.at("asset"), to_hex(w.asset));
    EXPECT_EQ(p.at("block"), testing::kPaymentBlock);
    EXPECT_EQ(p.at("confirmations"), 10);
    const json& s = j.at("settlement");
    EXPECT_EQ(s.at("network"), "eip155:10740");
    EXPECT_EQ(s.at("mode"), "individual");
    EXPECT_EQ(s.at("tx_hash"), to_hex(*w.receipt.settlement->tx_hash));
    EXPECT_EQ(s.at("block"), testing::kSettlementBlock);
    EXPECT_EQ(s.at("confirmations"), 5);
    ASSERT_EQ(j.at("checks").size(), report.checks.size());
    for (std::size_t i = 0; i < report.checks.size(); ++i) {
        const json& c = j.at("checks")[i];
        EXPECT_EQ(c.at("code"), to_string(report.checks[i].code));
        EXPECT_EQ(c.at("status"), "passed");
        EXPECT_TRUE(c.at("problem").is_null());
        EXPECT_EQ(c.at("trust"), "proven");
        EXPECT_TRUE(c.at("summary").is_string());
        EXPECT_TRUE(c.at("evidence").is_string());
        EXPECT_EQ(c.size(), 6u);
    }
    // Exactly the documented top-level keys.
    std::set<std::string> keys;
    for (const auto& [k, v] : j.items()) keys.insert(k);
    EXPECT_EQ(keys, (std::set<std::string>{"format", "verdict", "reason", "pending", "request_id", "payment",
                                           "settlement", "checks"}));
    // The text form parses back to the same document, with the documented key order.
    const std::string text = to_json_text(report);
    EXPECT_EQ(json::parse(text), j);
    EXPECT_EQ(text.rfind("{\n  \"format\": \"countersign.verdict/v1\",\n  \"verdict\": \"passed\",", 0), 0u) << text;
    EXPECT_LT(text.find("\"request_id\""), text.find("\"payment\""));
    EXPECT_LT(text.find("\"settlement\""), text.find("\"checks\""));
}

TEST(CallReportJson, PendingAndMissingParts) {
    testing::World w = testing::honest_world();
    w.tx.reset();
    w.tx_receipt.reset();
    w.payment_failure = {LookupOutcome::kNotMined, "mempool", {}};
    w.receipt.settlement.reset();
    const CallReport report = verify_call(w.receipt, w.evidence(), w.config);
    const json j = to_json(report);
    EXPECT_EQ(j.at("verdict"), "pending");
    EXPECT_EQ(j.at("pending").at("step"), "payment mined");
    EXPECT_TRUE(j.at("pending").at("waits_for").is_string());
    EXPECT_TRUE(j.at("payment").at("block").is_null());
    EXPECT_TRUE(j.at("payment").at("confirmations").is_null());
    EXPECT_TRUE(j.at("settlement").is_null());
    EXPECT_EQ(j.at("reason").get<std::string>().rfind("PAYMENT_NOT_MINED: ", 0), 0u) << j.at("reason");
}

TEST(CallReportJson, FailedCheckCarriesProblemAndEvidence) {
    testing::World w = testing::honest_world();
    w.receipt.output = "tampered";
    const json j = to_json(verify_call(w.receipt, w.evidence(), w.config));
    EXPECT_EQ(j.at("verdict"), "failed");
    const json& c = j.at("checks")[0];
    EXPECT_EQ(c.at("code"), "OUTPUT_HASH");
    EXPECT_EQ(c.at("status"), "failed");
    EXPECT_EQ(c.at("problem"), "OUTPUT_HASH_MISMATCH");
    EXPECT_NE(c.at("evidence").get<std::string>().find(to_hex(w.receipt.tee.output_hash)), std::string::npos);
}

TEST(CallReportJson, RequestIdThatIsNotUtf8DoesNotThrow) {
    testing::World w = testing::honest_world();
    w.receipt.request_id = std::string("bad\xff\xfe", 5);
    const CallReport report = verify_call(w.receipt, w.evidence(), w.config);
    std::string text;
    EXPECT_NO_THROW(text = to_json_text(report));
    EXPECT_FALSE(json::parse(text, nullptr, false).is_discarded());
}

TEST(CallReportText, ReadsLikeATransferRecord) {
    testing::World w = testing::honest_world();
    w.payment_head = testing::kPaymentBlock + 2;
    const CallReport report = verify_call(w.receipt, w.evidence(), w.config);
    const std::string text = render_text(report);
    EXPECT_NE(text.find("call chatcmpl-7f3a"), std::string::npos) << text;
    EXPECT_NE(text.find("payment_hash  " + to_hex(w.tx->hash)), std::string::npos) << text;
    EXPECT_NE(text.find("payer"), std::string::npos);
    EXPECT_NE(text.find("amount        1500000 of " + to_hex(w.asset)), std::string::npos) << text;
    EXPECT_NE(text.find("block         1000, 3 confirmations"), std::string::npos) << text;
    EXPECT_NE(text.find("proof step    pending: payment confirmations"), std::string::npos) << text;
    EXPECT_NE(text.find("✓ OUTPUT_HASH (proven)"), std::string::npos) << text;
    EXPECT_NE(text.find("… PAYMENT_CONFIRMATIONS [PAYMENT_UNCONFIRMED] (proven)"), std::string::npos) << text;

    w = testing::honest_world();
    w.receipt.output = "tampered";
    w.refund_search->complete = false;
    const std::string failed = render_text(verify_call(w.receipt, w.evidence(), w.config));
    EXPECT_NE(failed.find("✗ OUTPUT_HASH [OUTPUT_HASH_MISMATCH]"), std::string::npos) << failed;
    EXPECT_NE(failed.find("? PAYMENT_REFUND [SEARCH_INCOMPLETE]"), std::string::npos) << failed;
    EXPECT_NE(failed.find("verdict       failed"), std::string::npos) << failed;
}

}  // namespace
}  // namespace countersign::verify
