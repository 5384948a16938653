// SPDX-License-Identifier: Apache-2.0
// Evidence gathering against a live anvil with real transactions (rpc/call_evidence_test_support.hpp): every
// piece is found and verified from the genesis checkpoint; the searches find exactly the refund and the
// second payment bound to the same request; and each way a lookup can end (not found, not mined, refused,
// providers disagreeing, cut range, other chain) is reported as that outcome.
#include <gtest/gtest.h>

#include <algorithm>

#include "chain/tee_registry_layout.hpp"
#include "rpc/call_evidence.hpp"
#include "rpc/call_evidence_session.hpp"
#include "rpc/call_evidence_test_support.hpp"
#include "rpc/quorum.hpp"

namespace countersign::rpc {
namespace {

using evidence_testing::EvidenceWorld;
using evidence_testing::kOtherPayer;
using evidence_testing::kPayer;
using evidence_testing::kPayTo;
using evidence_testing::Tampering;
using verify::LookupOutcome;
using verify::RefusalCode;
using verify::TrustLevel;

class CallEvidenceAnvil : public EvidenceWorld {};

std::optional<Uint256> slot_value(const verify::VerifiedAccountState& state, const Bytes32& slot) {
    for (const auto& s : state.storage)
        if (s.key == slot) return s.value;
    return std::nullopt;
}

TEST(CallEvidence, AnchorTrust) {
    EXPECT_EQ(anchor_trust(true, 1), TrustLevel::kProven);
    EXPECT_EQ(anchor_trust(true, 3), TrustLevel::kProven);
    EXPECT_EQ(anchor_trust(false, 1), TrustLevel::kReported);
    EXPECT_EQ(anchor_trust(false, 2), TrustLevel::kCorroborated);
}

TEST(CallEvidence, LookupFailureMapping) {
    EXPECT_EQ(lookup_failure(FetchError{FetchError::Kind::kNotFound, "x", {}, {}}).outcome, LookupOutcome::kNotFound);
    EXPECT_EQ(lookup_failure(FetchError{FetchError::Kind::kRpc, "x", {}, {}}).outcome, LookupOutcome::kUnavailable);
    EXPECT_EQ(lookup_failure(FetchError{FetchError::Kind::kTooFar, "x", {}, {}}).outcome, LookupOutcome::kUnavailable);
    auto refused = lookup_failure(
        FetchError{FetchError::Kind::kRefused, "x", {}, verify::refuse(RefusalCode::kReceiptsRootMismatch)});
    EXPECT_EQ(refused.outcome, LookupOutcome::kRefused);
    ASSERT_TRUE(refused.refusal);
    EXPECT_EQ(refused.refusal->code, RefusalCode::kReceiptsRootMismatch);
    auto disagree = lookup_failure(
        FetchError{FetchError::Kind::kRefused, "x", {}, verify::refuse(RefusalCode::kProvidersDisagree)});
    EXPECT_EQ(disagree.outcome, LookupOutcome::kUnavailable);
    ASSERT_TRUE(disagree.refusal);
    EXPECT_EQ(disagree.refusal->code, RefusalCode::kProvidersDisagree);
}

TEST_F(CallEvidenceAnvil, GathersEveryPieceProvenFromTheCheckpoint) {
    auto payment = session({node_.get()});
    auto settlement = session({node_.get()});
    ASSERT_TRUE(payment && settlement);
    EXPECT_EQ(payment->anchor(), TrustLevel::kProven);

    const auto ev = gather_call_evidence(receipt(), config(), payment->source(), settlement->source());
    const auto& p = ev.payment;
    EXPECT_EQ(p.chain.anchor, TrustLevel::kProven);
    ASSERT_TRUE(p.chain.head);
    EXPECT_EQ(p.chain.head->block_number(), 9u);  // 6 transactions, one per block, then 3 empty blocks
    ASSERT_TRUE(p.transaction) << p.failure.detail;
    EXPECT_EQ((*p.transaction)->hash, payment_);
    ASSERT_TRUE(p.receipt) << p.failure.detail;
    EXPECT_EQ(p.receipt->block_number(), 3u);
    EXPECT_EQ((*p.receipt)->transaction_hash, payment_);

    // The refund: exactly the one AuthorizationUsed(pay_to, refund_nonce(payment nonce)), proven complete from
    // the payment block to the head.
    ASSERT_TRUE(p.refund_search) << p.refund_failure.detail;
    EXPECT_TRUE(p.refund_search->complete);
    EXPECT_EQ(p.refund_search->filter.from_block, 3u);
    EXPECT_EQ(p.refund_search->filter.to_block, 9u);
    ASSERT_EQ(p.refund_search->logs.size(), 1u);
    EXPECT_EQ(p.refund_search->logs[0].transaction_hash, refund_);
    EXPECT_EQ(p.refund_search->logs[0].log.topics[2], chain::refund_nonce(binding_));

    // The same request: both payments carrying the binding nonce (this one and the other payer's).
    ASSERT_TRUE(p.same_request_search) << p.same_request_failure.detail;
    EXPECT_TRUE(p.same_request_search->complete);
    EXPECT_EQ(p.same_request_search->filter.from_block, 1u);  // 3 - 1000, clamped at block 1
    ASSERT_EQ(p.same_request_search->logs.size(), 2u);
    EXPECT_EQ(p.same_request_search->logs[0].transaction_hash, payment_);
    EXPECT_EQ(p.same_request_search->logs[1].transaction_hash, other_payment_);
    EXPECT_EQ(p.same_request_search->logs[1].log.topics[1], evidence_testing::word_of(kOtherPayer));

    const auto& s = ev.settlement;
    ASSERT_TRUE(s.receipt) << s.failure.detail;
    EXPECT_EQ((*s.receipt)->transaction_hash, settlement_);
    EXPECT_EQ(s.receipt->block_number(), 6u);
    ASSERT_TRUE(s.registry) << s.registry_failure.detail;
    EXPECT_EQ(s.registry->block_number(), 6u);  // read at the settlement block
    EXPECT_EQ((*s.registry)->address, registry_);
    // Status, payment address, length word and all ten data words, proven.
    EXPECT_EQ((*s.registry)->storage.size(), 3u + 10u);
    auto status = slot_value(s.registry->value(), chain::tee_status_slot(tee_id_));
    ASSERT_TRUE(status);
    auto decoded = chain::decode_tee_status_word(status->to_be());
    ASSERT_TRUE(decoded);
    EXPECT_TRUE(decoded->enabled);
    auto length = slot_value(s.registry->value(), chain::tee_public_key_slot(tee_id_));
    ASSERT_TRUE(length);
    std::vector<Bytes32> words;
    for (std::uint64_t i = 0; i < 10; ++i) {
        auto w = slot_value(s.registry->value(), chain::tee_public_key_data_slot(tee_id_, i));
        ASSERT_TRUE(w);
        words.push_back(w->to_be());
    }
    auto key = chain::decode_long_bytes(length->to_be(), words);
    ASSERT_TRUE(key);
    EXPECT_EQ(*key, key_);
}

TEST_F(CallEvidenceAnvil, PrivateSettlementReadsTheRegistryAtTheHead) {
    auto payment = session({node_.get()});
    auto settlement = session({node_.get()});
    auto r = receipt();
    r.settlement->mode = chain::SettlementMode::kPrivate;
    r.settlement->tx_hash.reset();
    const auto ev = gather_call_evidence(r, config(), payment->source(), settlement->source());
    EXPECT_FALSE(ev.settlement.receipt);
    EXPECT_EQ(ev.settlement.failure.outcome, LookupOutcome::kNotAsked);
    ASSERT_TRUE(ev.settlement.registry);
    EXPECT_EQ(ev.settlement.registry->block_number(), 9u);
}

TEST_F(CallEvidenceAnvil, UnknownPaymentIsNotFound) {
    auto payment = session({node_.get()});
    auto settlement = session({node_.get()});
    auto r = receipt();
    r.payment->payment_hash = keccak256(to_view(std::string{"no such transaction"}));
    r.settlement->tx_hash = keccak256(to_view(std::string{"no such settlement"}));
    const auto ev = gather_call_evidence(r, config(), payment->source(), settlement->source());
    EXPECT_FALSE(ev.payment.transaction);
    EXPECT_EQ(ev.payment.failure.outcome, LookupOutcome::kNotFound);
    EXPECT_EQ(ev.settlement.failure.outcome, LookupOutcome::kNotFound);
    // Without a verified payment there is no nonce to look for a refund of; the same-request search still runs
    // (around the head).
    EXPECT_EQ(ev.payment.refund_failure.outcome, LookupOutcome::kNotAsked);
    ASSERT_TRUE(ev.payment.same_request_search);
    EXPECT_TRUE(ev.payment.same_request_search->complete);
    EXPECT_EQ(ev.payment.same_request_search->logs.size(), 2u);
    // The registry is then read at the head.
    ASSERT_TRUE(ev.settlement.registry);
    EXPECT_EQ(ev.settlement.registry->block_number(), 9u);
}

TEST_F(CallEvidenceAnvil, TransactionInThePoolIsNotMined) {
    const Hash32 pending = send(token_, evidence_testing::token_call(kPayer, binding_), 100'000, {}, false);
    auto payment = session({node_.get()});
    auto settlement = session({node_.get()});
    auto r = receipt();
    r.payment->payment_hash = pending;
    r.settlement->tx_hash = pending;
    const auto ev = gather_call_evidence(r, config(), payment->source(), settlement->source());
    EXPECT_EQ(ev.payment.failure.outcome, LookupOutcome::kNotMined) << ev.payment.failure.detail;
    EXPECT_EQ(ev.settlement.failure.outcome, LookupOutcome::kNotMined);
}

TEST_F(CallEvidenceAnvil, MinedTransactionWithoutReceiptIsUnavailableNotNotFound) {
    // The node lists the payment as mined but answers null for its receipt: that proves nothing about the
    // payment, so it must not read as "not found".
    Tampering liar{*node_, "eth_getTransactionReceipt", [](json& r) { r = nullptr; }};
    auto payment = session({&liar});
    auto settlement = session({node_.get()});
    const auto ev = gather_call_evidence(receipt(), config(), payment->source(), settlement->source());
    EXPECT_TRUE(ev.payment.transaction);
    EXPECT_FALSE(ev.payment.receipt);
    EXPECT_EQ(ev.payment.failure.outcome, LookupOutcome::kUnavailable) << ev.payment.failure.detail;
}

TEST_F(CallEvidenceAnvil, AlteredReceiptsAreRefused) {
    // A node that reports the payment as failed in its block receipts: receiptsRoot no longer matches.
    Tampering liar{*node_, "eth_getBlockReceipts", [](json& r) {
                       if (r.is_array())
                           for (auto& receipt : r) receipt["status"] = receipt["status"] == "0x1" ? "0x0" : "0x1";
                   }};
    auto payment = session({&liar});
    auto settlement = session({node_.get()});
    const auto ev = gather_call_evidence(receipt(), config(), payment->source(), settlement->source());
    EXPECT_FALSE(ev.payment.receipt);
    EXPECT_EQ(ev.payment.failure.outcome, LookupOutcome::kRefused);
    ASSERT_TRUE(ev.payment.failure.refusal);
    EXPECT_EQ(ev.payment.failure.refusal->code, RefusalCode::kReceiptsRootMismatch);
    // The searches need the same receipts (the blooms of those blocks match): refused too, never complete.
    EXPECT_FALSE(ev.payment.same_request_search && ev.payment.same_request_search->complete);
    EXPECT_EQ(ev.payment.same_request_failure.outcome, LookupOutcome::kRefused);
    // The settlement chain's honest node is unaffected.
    EXPECT_TRUE(ev.settlement.receipt);
}

TEST_F(CallEvidenceAnvil, DroppedLogIsRefusedAsIncomplete) {
    // The node hides the refund from eth_getLogs; the verified receipts show it.
    Tampering liar{*node_, "eth_getLogs", [](json& r) {
                       if (r.is_array() && !r.empty()) r.erase(r.size() - 1);
                   }};
    auto payment = session({&liar});
    auto settlement = session({node_.get()});
    const auto ev = gather_call_evidence(receipt(), config(), payment->source(), settlement->source());
    ASSERT_TRUE(ev.payment.receipt);
    ASSERT_TRUE(ev.payment.refund_search);
    EXPECT_FALSE(ev.payment.refund_search->complete);
    EXPECT_TRUE(ev.payment.refund_search->logs.empty());
    EXPECT_EQ(ev.payment.refund_failure.outcome, LookupOutcome::kRefused);
    ASSERT_TRUE(ev.payment.refund_failure.refusal);
    EXPECT_EQ(ev.payment.refund_failure.refusal->code, RefusalCode::kLogsIncomplete);
}

TEST_F(CallEvidenceAnvil, QuorumDisagreementIsUnavailableWithTheRefusal) {
    auto second = another_connection();
    Tampering liar{*second, "eth_getTransactionByHash",
                   [](json& r) {
                       if (r.is_object()) r["nonce"] = "0x77";
                   },
                   "liar"};
    auto payment = session({node_.get(), &liar}, ChainSessionOptions{0, std::nullopt, TrustLevel::kProven, 2});
    auto settlement = session({node_.get()});
    ASSERT_TRUE(payment);
    EXPECT_EQ(payment->quorum_k(), 2u);
    const auto ev = gather_call_evidence(receipt(), config(), payment->source(), settlement->source());
    EXPECT_FALSE(ev.payment.transaction);
    EXPECT_EQ(ev.payment.failure.outcome, LookupOutcome::kUnavailable);
    ASSERT_TRUE(ev.payment.failure.refusal);
    EXPECT_EQ(ev.payment.failure.refusal->code, RefusalCode::kProvidersDisagree);
}

TEST_F(CallEvidenceAnvil, NodeAnchorsAreReportedOrCorroborated) {
    auto single = session({node_.get()}, {}, false);
    ASSERT_TRUE(single);
    EXPECT_EQ(single->anchor(), TrustLevel::kReported);
    EXPECT_EQ(single->checkpoint().number, 9u);  // the node's head
    auto second = another_connection();
    auto third = another_connection();
    auto fourth = another_connection();
    auto fifth = another_connection();
    auto two =
        session({second.get(), third.get()}, ChainSessionOptions{0, std::nullopt, TrustLevel::kProven, 2}, false);
    ASSERT_TRUE(two);
    EXPECT_EQ(two->anchor(), TrustLevel::kCorroborated);
    // k = 1 of two providers: one source suffices, so only reported.
    auto one_of_two =
        session({fourth.get(), fifth.get()}, ChainSessionOptions{0, std::nullopt, TrustLevel::kProven, 1}, false);
    ASSERT_TRUE(one_of_two);
    EXPECT_EQ(one_of_two->anchor(), TrustLevel::kReported);

    // Below a node-supplied anchor the light client walks back by parent hash: the payment is still found and
    // the searches still run from the payment block, pinned to the reported head.
    const auto ev = gather_call_evidence(receipt(), config(), single->source(), two->source());
    EXPECT_EQ(ev.payment.chain.anchor, TrustLevel::kReported);
    EXPECT_EQ(ev.settlement.chain.anchor, TrustLevel::kCorroborated);
    ASSERT_TRUE(ev.payment.receipt) << ev.payment.failure.detail;
    ASSERT_TRUE(ev.payment.refund_search);
    EXPECT_TRUE(ev.payment.refund_search->complete);
    ASSERT_TRUE(ev.payment.same_request_search);
    EXPECT_EQ(ev.payment.same_request_search->filter.from_block, 3u);  // clamped at the payment (below the anchor)
}

TEST_F(CallEvidenceAnvil, WrongCheckpointFailsTheSession) {
    std::vector<std::unique_ptr<Provider>> owned;
    owned.push_back(std::make_unique<evidence_testing::Borrowed>(*node_));
    ChainSessionOptions options;
    options.chain_id = anvil_->chain_id();
    options.checkpoint = verify::Checkpoint{0, keccak256(to_view(std::string{"another genesis"}))};
    auto s = ChainSession::open(std::move(owned), options);
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().kind, FetchError::Kind::kRefused);
    ASSERT_TRUE(s.error().refusal);
    EXPECT_EQ(s.error().refusal->code, RefusalCode::kNotLinked);

    std::vector<std::unique_ptr<Provider>> again;
    again.push_back(std::make_unique<evidence_testing::Borrowed>(*node_));
    options.checkpoint = genesis_;
    options.chain_id = 8453;  // the node serves 31337
    auto wrong_chain = ChainSession::open(std::move(again), options);
    ASSERT_FALSE(wrong_chain);
    ASSERT_TRUE(wrong_chain.error().refusal);
    EXPECT_EQ(wrong_chain.error().refusal->code, RefusalCode::kChainIdMismatch);
}

TEST_F(CallEvidenceAnvil, LongRangesAreCutAndMarkedIncomplete) {
    auto payment = session({node_.get()});
    auto settlement = session({node_.get()});
    EvidenceOptions options;
    options.max_search_range = 4;
    const auto ev = gather_call_evidence(receipt(), config(), payment->source(), settlement->source(), options);
    ASSERT_TRUE(ev.payment.refund_search);
    EXPECT_FALSE(ev.payment.refund_search->complete);
    EXPECT_EQ(ev.payment.refund_search->filter.from_block, 6u);  // the newest 4 blocks of 3..9
    EXPECT_EQ(ev.payment.refund_failure.outcome, LookupOutcome::kUnavailable);
    ASSERT_TRUE(ev.payment.same_request_search);
    EXPECT_FALSE(ev.payment.same_request_search->complete);

    // An explicit window start.
    options.max_search_range = 50'000;
    options.same_request_from = 4;
    const auto narrow = gather_call_evidence(receipt(), config(), payment->source(), settlement->source(), options);
    ASSERT_TRUE(narrow.payment.same_request_search);
    EXPECT_TRUE(narrow.payment.same_request_search->complete);
    EXPECT_EQ(narrow.payment.same_request_search->filter.from_block, 4u);
    ASSERT_EQ(narrow.payment.same_request_search->logs.size(), 1u);  // only the other payer's, in block 4
    EXPECT_EQ(narrow.payment.same_request_search->logs[0].transaction_hash, other_payment_);
}

TEST_F(CallEvidenceAnvil, OtherChainsAndAssetsAreNotAsked) {
    auto payment = session({node_.get()});
    auto settlement = session({node_.get()});
    auto r = receipt();
    r.payment->chain_id = 8453;
    r.settlement->chain_id = 10740;
    const auto ev = gather_call_evidence(r, config(), payment->source(), settlement->source());
    EXPECT_EQ(ev.payment.failure.outcome, LookupOutcome::kNotAsked);
    EXPECT_FALSE(ev.payment.chain.head);
    EXPECT_EQ(ev.settlement.failure.outcome, LookupOutcome::kNotAsked);
    EXPECT_EQ(ev.settlement.registry_failure.outcome, LookupOutcome::kNotAsked);

    auto c = config();
    c.accepted_assets = {kPayTo};
    const auto other_asset = gather_call_evidence(receipt(), c, payment->source(), settlement->source());
    EXPECT_TRUE(other_asset.payment.receipt);  // the payment itself is still looked up
    EXPECT_EQ(other_asset.payment.refund_failure.outcome, LookupOutcome::kNotAsked);
    EXPECT_EQ(other_asset.payment.same_request_failure.outcome, LookupOutcome::kNotAsked);

    // No session for a chain: not asked, with the reason.
    const auto none = gather_call_evidence(receipt(), config(), ChainSource{}, ChainSource{});
    EXPECT_EQ(none.payment.failure.outcome, LookupOutcome::kNotAsked);
    EXPECT_EQ(none.settlement.registry_failure.outcome, LookupOutcome::kNotAsked);
}

TEST_F(CallEvidenceAnvil, UnregisteredTeeReadsOnlyTheFirstWords) {
    auto payment = session({node_.get()});
    auto settlement = session({node_.get()});
    auto r = receipt();
    r.tee.tee_id = keccak256(to_view(std::string{"never registered"}));
    const auto ev = gather_call_evidence(r, config(), payment->source(), settlement->source());
    ASSERT_TRUE(ev.settlement.registry);
    EXPECT_EQ((*ev.settlement.registry)->storage.size(), 3u);
    for (const auto& s : (*ev.settlement.registry)->storage) EXPECT_TRUE(s.value.is_zero());
}

}  // namespace
}  // namespace countersign::rpc
