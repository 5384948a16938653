// SPDX-License-Identifier: Apache-2.0
// An archived proof bundle (tests/fixtures/bundles/) must keep re-verifying offline to the verdicts it was
// written with: users re-check archived receipts years later, so a change that makes old bundles unreadable or
// changes their verdicts has to fail here first. Also: a changed byte anywhere is refused, never passed.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "rpc/call_evidence_run.hpp"
#include "rpc/proof_bundle.hpp"
#include "verify/call_verdict.hpp"

namespace countersign::rpc {
namespace {

std::string read_fixture(const std::string& name) {
    std::ifstream in(std::string(COUNTERSIGN_SOURCE_DIR) + "/tests/fixtures/bundles/" + name, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::vector<ReceiptOutcome> replay(const ProofBundle& bundle) {
    std::unique_ptr<ChainSession> payment, settlement;
    for (const auto& chain : bundle.chains) {
        auto s = replay_session(chain);
        EXPECT_TRUE(s) << (s ? "" : s.error().to_string());
        if (!s) return {};
        (chain.role == ChainRole::kPayment ? payment : settlement) = std::move(*s);
    }
    std::vector<ReceiptInput> inputs;
    for (std::size_t i = 0; i < bundle.receipts.size(); ++i)
        inputs.push_back({"receipt #" + std::to_string(i + 1), bundle.receipts[i]});
    return verify_receipts(inputs, bundle.config, payment.get(), settlement.get(), bundle.options);
}

TEST(ProofBundleArchive, TwoBatchedCallsStillPassOfflineWithEveryCheckProven) {
    const std::string text = read_fixture("two-batch.bundle.json");
    ASSERT_FALSE(text.empty());
    auto bundle = read_bundle(text);
    ASSERT_TRUE(bundle) << bundle.error().to_string();
    ASSERT_EQ(bundle->receipts.size(), 2u);
    ASSERT_EQ(bundle->verdicts, (std::vector<std::string>{"passed", "passed"}));
    const auto outcomes = replay(*bundle);
    ASSERT_EQ(outcomes.size(), 2u);
    for (const auto& o : outcomes) {
        ASSERT_TRUE(o.report) << o.name;
        EXPECT_EQ(o.report->verdict.kind, verify::VerdictKind::kPassed) << o.name << ": " << o.report->verdict.reason;
        EXPECT_EQ(o.report->checks.size(), verify::required_checks().size() + 1) << o.name;  // + REQUEST_HASH
        for (const auto& c : o.report->checks) {
            EXPECT_EQ(c.status, verify::CheckStatus::kPassed) << o.name << " " << verify::to_string(c.code);
            EXPECT_EQ(c.trust, verify::TrustLevel::kProven) << o.name << " " << verify::to_string(c.code);
        }
    }
    // Written again, the bundle is the same bytes: the format is canonical.
    EXPECT_EQ(write_bundle(*bundle), text);
}

TEST(ProofBundleArchive, AChangedByteAnywhereIsRefused) {
    const std::string text = read_fixture("two-batch.bundle.json");
    ASSERT_FALSE(text.empty());
    // Every 97th byte, each flipped in its low bit and replaced by a digit: never a loadable bundle.
    for (std::size_t i = 0; i < text.size(); i += 97) {
        for (const char c : {static_cast<char>(text[i] ^ 1), text[i] == '7' ? '8' : '7'}) {
            std::string changed = text;
            changed[i] = c;
            auto bundle = read_bundle(changed);
            ASSERT_FALSE(bundle) << "byte " << i << " changed and the bundle still loads";
            EXPECT_EQ(bundle.error().code(), "BUNDLE_CORRUPT") << "byte " << i;
        }
    }
}

}  // namespace
}  // namespace countersign::rpc
