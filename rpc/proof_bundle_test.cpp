// SPDX-License-Identifier: Apache-2.0
// Proof bundles: evidence gathered live through recording sessions is written to a bundle, the node is
// stopped, and the bundle replays through the same LightClient code to the same evidence and the same checks.
// Any byte changed anywhere in the file (a sample of positions across it, every class of byte) fails to load
// as BUNDLE_CORRUPT; so do re-indented, truncated and oversized files and well-digested content that is not a
// bundle.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <unistd.h>

#include "crypto/keccak.hpp"
#include "rpc/call_evidence_test_support.hpp"
#include "rpc/proof_bundle.hpp"
#include "verify/call_checks.hpp"

namespace countersign::rpc {
namespace {

using evidence_testing::EvidenceWorld;
using verify::TrustLevel;

class ProofBundleAnvil : public EvidenceWorld {
protected:
    // Gathers live with recording sessions and returns the bundle and the live evidence.
    std::pair<ProofBundle, verify::CallEvidence> record(std::vector<Provider*> payment_providers,
                                                        std::size_t quorum = 1) {
        ChainSessionOptions options;
        options.record = true;
        options.quorum_k = quorum;
        auto payment = session(std::move(payment_providers), options);
        auto settlement = session({node_.get()}, options);
        EXPECT_TRUE(payment && settlement);
        ProofBundle bundle;
        bundle.receipts = {"{\"receipt\": \"text is kept as bytes\"}\n"};
        bundle.config = config();
        auto ev = gather_call_evidence(receipt(), bundle.config, payment->source(), settlement->source(),
                                       bundle.options);
        bundle.verdicts = {"risky"};
        bundle.chains.push_back(bundle_chain(ChainRole::kPayment, *payment));
        bundle.chains.push_back(bundle_chain(ChainRole::kSettlement, *settlement));
        return {std::move(bundle), std::move(ev)};
    }

    static verify::CallEvidence replay(const ProofBundle& bundle, const chain::CallReceipt& receipt) {
        auto payment = replay_session(bundle.chains[0]);
        auto settlement = replay_session(bundle.chains[1]);
        EXPECT_TRUE(payment) << (payment ? "" : payment.error().to_string());
        EXPECT_TRUE(settlement) << (settlement ? "" : settlement.error().to_string());
        if (!payment || !settlement) return {};
        return gather_call_evidence(receipt, bundle.config, (*payment)->source(), (*settlement)->source(),
                                    bundle.options);
    }
};

// The parts of the evidence a verdict reads, as comparable values.
struct Digest {
    std::optional<Hash32> tx, receipt_block, settlement_block, head;
    std::size_t refunds{0}, same_request{0}, registry_words{0};
    bool refund_complete{false}, same_request_complete{false};
    verify::LookupOutcome payment_outcome{}, settlement_outcome{};
    friend bool operator==(const Digest&, const Digest&) = default;
};

Digest digest(const verify::CallEvidence& ev) {
    Digest d;
    if (ev.payment.transaction) d.tx = (*ev.payment.transaction)->hash;
    if (ev.payment.receipt) d.receipt_block = ev.payment.receipt->block_hash();
    if (ev.settlement.receipt) d.settlement_block = ev.settlement.receipt->block_hash();
    if (ev.payment.chain.head) d.head = ev.payment.chain.head->block_hash();
    if (ev.payment.refund_search) {
        d.refunds = ev.payment.refund_search->logs.size();
        d.refund_complete = ev.payment.refund_search->complete;
    }
    if (ev.payment.same_request_search) {
        d.same_request = ev.payment.same_request_search->logs.size();
        d.same_request_complete = ev.payment.same_request_search->complete;
    }
    if (ev.settlement.registry) d.registry_words = (*ev.settlement.registry)->storage.size();
    d.payment_outcome = ev.payment.failure.outcome;
    d.settlement_outcome = ev.settlement.failure.outcome;
    return d;
}

void expect_same_checks(const std::vector<verify::CheckResult>& offline,
                        const std::vector<verify::CheckResult>& live) {
    ASSERT_EQ(offline.size(), live.size());
    for (std::size_t i = 0; i < live.size(); ++i) {
        EXPECT_EQ(offline[i], live[i]) << verify::to_string(live[i].code) << "\n live:    " << live[i].summary << " | "
                                       << live[i].evidence << "\n offline: " << offline[i].summary << " | "
                                       << offline[i].evidence;
    }
}

TEST_F(ProofBundleAnvil, ReplaysOfflineToTheSameEvidenceAndChecks) {
    auto [bundle, live] = record({node_.get()});
    ASSERT_TRUE(live.payment.receipt);
    ASSERT_TRUE(live.settlement.registry);
    const std::string text = write_bundle(bundle);
    std::cout << "bundle: " << text.size() << " bytes, payment exchanges "
              << bundle.chains[0].providers[0].io.size() << " bytes\n";

    // No node from here on.
    anvil_.reset();
    auto loaded = read_bundle(text);
    ASSERT_TRUE(loaded) << loaded.error().to_string();
    EXPECT_EQ(loaded->receipts, bundle.receipts);
    EXPECT_EQ(loaded->verdicts, bundle.verdicts);
    EXPECT_EQ(loaded->chains[0].checkpoint.hash, genesis_.hash);
    EXPECT_EQ(loaded->chains[0].anchor, TrustLevel::kProven);
    EXPECT_EQ(write_bundle(*loaded), text);  // the content round-trips to the same bytes

    const auto r = receipt();
    const auto offline = replay(*loaded, r);
    EXPECT_EQ(digest(offline), digest(live));
    expect_same_checks(verify::run_call_checks(r, offline, loaded->config),
                       verify::run_call_checks(r, live, bundle.config));
}

TEST_F(ProofBundleAnvil, QuorumBundlesReplayTheDisagreement) {
    auto second = another_connection();
    evidence_testing::Tampering liar{*second, "eth_getTransactionByHash",
                                     [](json& r) {
                                         if (r.is_object()) r["nonce"] = "0x77";
                                     },
                                     "liar"};
    auto [bundle, live] = record({node_.get(), &liar}, 2);
    EXPECT_EQ(live.payment.failure.outcome, verify::LookupOutcome::kUnavailable);
    ASSERT_EQ(bundle.chains[0].providers.size(), 2u);
    EXPECT_EQ(bundle.chains[0].quorum_k, 2u);
    anvil_.reset();
    auto loaded = read_bundle(write_bundle(bundle));
    ASSERT_TRUE(loaded) << loaded.error().to_string();
    const auto r = receipt();
    const auto offline = replay(*loaded, r);
    EXPECT_EQ(digest(offline), digest(live));
    ASSERT_TRUE(offline.payment.failure.refusal);
    EXPECT_EQ(offline.payment.failure.refusal->code, verify::RefusalCode::kProvidersDisagree);
    expect_same_checks(verify::run_call_checks(r, offline, loaded->config),
                       verify::run_call_checks(r, live, bundle.config));
}

TEST_F(ProofBundleAnvil, EveryChangedByteFailsToLoad) {
    auto [bundle, live] = record({node_.get()});
    const std::string text = write_bundle(bundle);
    ASSERT_TRUE(read_bundle(text));
    // Positions: the first and last 100 bytes (the document's frame, digest and format) and ~1000 more spread
    // evenly over the content; three changes each (low bit, high bit, a quote character).
    std::vector<std::size_t> positions;
    for (std::size_t i = 0; i < std::min<std::size_t>(100, text.size()); ++i) positions.push_back(i);
    for (std::size_t i = text.size() > 100 ? text.size() - 100 : 0; i < text.size(); ++i) positions.push_back(i);
    const std::size_t step = std::max<std::size_t>(1, text.size() / 1000);
    for (std::size_t i = 0; i < text.size(); i += step) positions.push_back(i);
    std::size_t tried = 0;
    for (std::size_t pos : positions) {
        for (const auto change : {0x01, 0x80, 0}) {
            std::string bad = text;
            bad[pos] = change == 0 ? (text[pos] == '"' ? '\'' : '"') : static_cast<char>(text[pos] ^ change);
            auto loaded = read_bundle(bad);
            ASSERT_FALSE(loaded) << "a change at byte " << pos << " loaded";
            EXPECT_EQ(loaded.error().kind, BundleErrorKind::kCorrupt);
            EXPECT_EQ(loaded.error().code(), "BUNDLE_CORRUPT");
            ++tried;
        }
    }
    std::cout << tried << " changed files, all BUNDLE_CORRUPT\n";

    // Whitespace, re-indentation, a missing or extra newline, truncation, an appended byte.
    auto doc = nlohmann::json::parse(text);
    EXPECT_FALSE(read_bundle(doc.dump(2) + "\n"));
    EXPECT_FALSE(read_bundle(text.substr(0, text.size() - 1)));
    EXPECT_FALSE(read_bundle(text + "\n"));
    EXPECT_FALSE(read_bundle(text + " "));
    EXPECT_FALSE(read_bundle(" " + text));
    EXPECT_FALSE(read_bundle(text.substr(0, text.size() / 2)));
    EXPECT_FALSE(read_bundle(""));
    // An escaped form of the same content (\u0022 for a quote) is not the canonical document either.
    std::string escaped = text;
    const auto quote = escaped.find("\\\"");
    ASSERT_NE(quote, std::string::npos);
    escaped.replace(quote, 2, "\\u0022");
    EXPECT_FALSE(read_bundle(escaped));
}

TEST(ProofBundle, DigestedContentMustStillBeABundle) {
    // A well-formed document whose content is correctly digested but is not a bundle: still corrupt.
    const auto make = [](const std::string& content) {
        nlohmann::json doc = {{"content", content},
                              {"digest", to_hex(keccak256(to_view(content)))},
                              {"format", std::string{kBundleFormat}}};
        return doc.dump() + "\n";
    };
    for (const std::string content : {"{}", "[]", "\"x\"", "{\"receipts\":[]}",
                                      R"({"chains":[],"config":{},"options":{},"receipts":["0x00"],"verdicts":[]})"}) {
        auto loaded = read_bundle(make(content));
        ASSERT_FALSE(loaded) << content;
        EXPECT_EQ(loaded.error().kind, BundleErrorKind::kCorrupt);
    }
    // Another format string.
    nlohmann::json doc = {{"content", "{}"}, {"digest", to_hex(keccak256(to_view(std::string{"{}"})))},
                          {"format", "countersign.bundle/v0"}};
    EXPECT_FALSE(read_bundle(doc.dump() + "\n"));
}

TEST(ProofBundle, MinimalBundleRoundTripsAndTheSizeCapHolds) {
    ProofBundle b;
    b.receipts = {std::string{"\xff\xfe not UTF-8", 12}};
    b.config.payment_chain_id = 8453;
    b.config.settlement_chain_id = 10740;
    b.options.same_request_from = 7;
    BundleChain c;
    c.role = ChainRole::kSettlement;
    c.chain_id = 10740;
    c.anchor = TrustLevel::kCorroborated;
    c.quorum_k = 2;
    c.providers = {{"a", "// nothing\n"}, {"b", ""}};
    b.chains.push_back(c);
    const std::string text = write_bundle(b);
    auto loaded = read_bundle(text);
    ASSERT_TRUE(loaded) << loaded.error().to_string();
    EXPECT_EQ(loaded->receipts, b.receipts);
    EXPECT_EQ(loaded->options.same_request_from, std::optional<std::uint64_t>{7});
    EXPECT_EQ(loaded->chains[0].anchor, TrustLevel::kCorroborated);
    EXPECT_EQ(loaded->chains[0].providers.size(), 2u);
    EXPECT_EQ(write_bundle(*loaded), text);

    const auto dir = std::filesystem::temp_directory_path() / ("cs-bundle-test-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    ASSERT_TRUE(save_bundle(dir / "b.json", b));
    auto from_file = load_bundle(dir / "b.json");
    ASSERT_TRUE(from_file) << from_file.error().to_string();
    EXPECT_EQ(from_file->receipts, b.receipts);
    // A sparse file over the cap is refused before it is read.
    {
        std::ofstream big(dir / "big.json", std::ios::binary);
    }
    std::filesystem::resize_file(dir / "big.json", kMaxBundleBytes + 1);
    auto too_big = load_bundle(dir / "big.json");
    ASSERT_FALSE(too_big);
    EXPECT_EQ(too_big.error().kind, BundleErrorKind::kTooLarge);
    auto missing = load_bundle(dir / "missing.json");
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().kind, BundleErrorKind::kUnreadable);
    std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace countersign::rpc
