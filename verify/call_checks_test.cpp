// SPDX-License-Identifier: Apache-2.0
// The checks of one call: an honest call passes every check at kProven; then every field of the receipt and of
// the evidence is tampered with, one at a time, and the exact check, problem code, status and verdict asserted.
// No tamper may yield "passed".

#include <functional>

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include "crypto/hex.hpp"
#include "verify/call_checks_test_support.hpp"

namespace countersign::verify {
namespace {

using testing::kPaymentBlock;
using testing::kSettlementBlock;
using testing::World;

TEST(CallChecks, HonestIndividualCallPassesEveryCheckProven) {
    const World w = testing::honest_world();
    const auto checks = w.run();
    ASSERT_EQ(checks.size(), 21u) << testing::dump(checks);
    for (const auto& c : checks) {
        EXPECT_EQ(c.status, CheckStatus::kPassed) << testing::dump(checks);
        EXPECT_EQ(c.trust, TrustLevel::kProven) << to_string(c.code);
        EXPECT_FALSE(c.problem.has_value()) << to_string(c.code);
        EXPECT_FALSE(c.summary.empty()) << to_string(c.code);
    }
    for (CheckCode code : required_checks()) EXPECT_NE(testing::find_check(checks, code), nullptr) << to_string(code);
    const Verdict v = decide_verdict(checks);
    EXPECT_EQ(v.kind, VerdictKind::kPassed) << v.reason;
    EXPECT_FALSE(v.pending.has_value());
}

TEST(CallChecks, HonestBatchCallPassesEveryCheckProven) {
    World w = testing::honest_world();
    w.make_batch();
    const auto checks = w.run();
    for (const auto& c : checks) {
        EXPECT_EQ(c.status, CheckStatus::kPassed) << testing::dump(checks);
        EXPECT_EQ(c.trust, TrustLevel::kProven) << to_string(c.code);
    }
    EXPECT_EQ(decide_verdict(checks).kind, VerdictKind::kPassed);
}

TEST(CallChecks, ChecksAreListedInCodeOrder) {
    const auto checks = testing::honest_world().run();
    for (std::size_t i = 1; i < checks.size(); ++i)
        EXPECT_LT(static_cast<int>(checks[i - 1].code), static_cast<int>(checks[i].code));
}

TEST(CallChecks, RequestTextIsOptional) {
    World w = testing::honest_world();
    w.receipt.request.reset();
    const auto checks = w.run();
    EXPECT_EQ(testing::find_check(checks, CheckCode::kRequestHash), nullptr);
    EXPECT_EQ(decide_verdict(checks).kind, VerdictKind::kPassed);
}

TEST(CallChecks, ReceiptWithoutPublicKeyStillPassesOnTheRegisteredKey) {
    World w = testing::honest_world();
    w.receipt.tee.public_key.reset();
    EXPECT_EQ(w.verdict().kind, VerdictKind::kPassed);
}

TEST(CallChecks, ReceiveWithAuthorizationIsAcceptedToo) {
    World w = testing::honest_world();
    const auto& a = w.authorization;
    auto sig = sign_recoverable(chain::eip3009_digest(w.domain(), chain::Eip3009Kind::kReceiveWithAuthorization, a),
                                w.payer_key);
    ASSERT_TRUE(sig);
    chain::AuthorizationCall call{chain::AuthorizationCallKind::kReceiveWithAuthorization,
                                  a.from,
                                  a.to,
                                  a.value,
                                  a.valid_after,
                                  a.valid_before,
                                  a.nonce,
                                  static_cast<std::uint8_t>(27 + sig->recovery_id),
                                  sig->r,
                                  sig->s};
    w.set_calldata(chain::encode_authorization_call(call), w.asset);
    Bytes signature(sig->r.view());
    signature += sig->s.view();
    signature.push_back(call.v);
    w.receipt.payment->authorization->signature = signature;
    w.rebuild_searches();
    const auto checks = w.run();
    EXPECT_EQ(decide_verdict(checks).kind, VerdictKind::kPassed) << testing::dump(checks);
}

TEST(CallChecks, ConfiguredAssetDomainIsUsed) {
    World w = testing::honest_world();
    w.config.asset_domains.push_back({w.asset, "USDC", "2"});
    const auto checks = w.run();
    const auto* c = testing::find_check(checks, CheckCode::kPaymentAuthorization);
    ASSERT_NE(c, nullptr);
    EXPECT_EQ(c->problem, Problem::kPaymentAuthorizationInvalid) << c->evidence;
    w.config.asset_domains.front().name = "USD Coin";
    EXPECT_EQ(w.verdict().kind, VerdictKind::kPassed);
}

TEST(CallChecks, EveryLookupFailureCarriesItsDetail) {
    World w = testing::honest_world();
    w.tx.reset();
    w.tx_receipt.reset();
    w.payment_failure = {LookupOutcome::kUnavailable,
                         "https://rpc.example eth_getTransactionByHash: timeout",
                         {},
                         TrustLevel::kReported};
    const auto checks = w.run();
    const auto* c = testing::find_check(checks, CheckCode::kPaymentFound);
    ASSERT_NE(c, nullptr);
    EXPECT_NE(c->evidence.find("timeout"), std::string::npos);
    EXPECT_NE(c->evidence.find("unavailable"), std::string::npos);
}

TEST(CallChecks, PendingNamesTheEarliestStep) {
    World w = testing::honest_world();
    w.settlement_head = kSettlementBlock + 1;
    w.tx.reset();
    w.tx_receipt.reset();
    w.payment_failure = {LookupOutcome::kNotMined, "in mempool", {}, TrustLevel::kReported};
    const Verdict v = w.verdict();
    ASSERT_EQ(v.kind, VerdictKind::kPending) << v.reason;
    ASSERT_TRUE(v.pending);
    EXPECT_EQ(v.pending->step, PendingStep::kPaymentMined);
}

// ---- the tamper table ----

struct Tamper {
    std::string name;
    std::function<void(World&)> mutate;
    CheckCode code;
    Problem problem;
    CheckStatus status;
    VerdictKind verdict;
    std::optional<TrustLevel> trust{};  // asserted when given
};

std::ostream& operator<<(std::ostream& os, const Tamper& t) {
    return os << t.name;
}

Refusal disagree() {
    return Refusal{RefusalCode::kProvidersDisagree, {}, 0, "2 of 3 providers differ"};
}
Refusal lie() {
    return Refusal{RefusalCode::kReceiptsRootMismatch, {}, 0, "receipts do not hash to receiptsRoot"};
}

void flip_byte(Bytes& b, std::size_t i) {
    b.at(i) ^= 0x01;
}
template <std::size_t N>
void flip_byte(FixedBytes<N>& b, std::size_t i) {
    b.bytes.at(i) ^= 0x01;
}

// Replaces a log's data word (ABI) `word` by `value`.
void set_data_word(chain::Log& log, std::size_t word, const Bytes32& value) {
    std::copy(value.bytes.begin(), value.bytes.end(), log.data.begin() + static_cast<std::ptrdiff_t>(word * 32));
}
Hash32 address_topic(const Address& a) {
    Hash32 t;
    std::copy(a.bytes.begin(), a.bytes.end(), t.bytes.begin() + 12);
    return t;
}

void tamper_settlement_event(World& w, const std::function<void(chain::IndividualSettlement&)>& f) {
    auto s = w.individual_settlement();
    f(s);
    w.set_settlement_logs({World::individual_log(w.config.relay, s)});
}

void lose_payment(World& w, LookupOutcome outcome, std::optional<Refusal> refusal = {},
                  TrustLevel trust = TrustLevel::kReported) {
    w.tx.reset();
    w.tx_receipt.reset();
    w.payment_failure = {outcome, "provider answer", std::move(refusal), trust};
}
void lose_settlement(World& w, LookupOutcome outcome, std::optional<Refusal> refusal = {}) {
    w.settlement_receipt.reset();
    w.settlement_failure = {outcome, "provider answer", std::move(refusal), TrustLevel::kReported};
}
void lose_registry(World& w, LookupOutcome outcome, std::optional<Refusal> refusal = {}) {
    w.registry.reset();
    w.registry_failure = {outcome, "eth_getProof", std::move(refusal), TrustLevel::kReported};
}

chain::Eip3009Authorization unbound_authorization(const World& w) {
    auto a = w.authorization;
    a.nonce = testing::hash_of("a random facilitator nonce");
    return a;
}

constexpr auto kFailed = CheckStatus::kFailed;
constexpr auto kPending = CheckStatus::kPending;
constexpr auto kUnverified = CheckStatus::kUnverified;

std::vector<Tamper> tampers() {
    using C = CheckCode;
    using P = Problem;
    using V = VerdictKind;
    std::vector<Tamper> t;
    // ---- check 1: output and request ----
    t.push_back({"output_text", [](World& w) { w.receipt.output = "2 + 2 = 5."; }, C::kOutputHash,
                 P::kOutputHashMismatch, kFailed, V::kFailed, TrustLevel::kProven});
    t.push_back({"output_absent", [](World& w) { w.receipt.output.reset(); }, C::kOutputHash, P::kOutputNotGiven,
                 kUnverified, V::kRisky});
    t.push_back({"request_text", [](World& w) { w.receipt.request->back() = ' '; }, C::kRequestHash,
                 P::kRequestHashMismatch, kFailed, V::kFailed});
    t.push_back({"output_and_its_hash",
                 [](World& w) {
                     w.receipt.output = "2 + 2 = 5.";
                     w.receipt.tee.output_hash = testing::hash_of(*w.receipt.output);
                 },
                 C::kSettlementEvent, P::kSettlementMismatch, kFailed, V::kFailed});
    t.push_back({"output_and_its_hash_sig",
                 [](World& w) {
                     w.receipt.output = "2 + 2 = 5.";
                     w.receipt.tee.output_hash = testing::hash_of(*w.receipt.output);
                 },
                 C::kTeeSignature, P::kTeeSignatureInvalid, kFailed, V::kFailed});
    // ---- check 2: the TEE ----
    t.push_back({"tee_request_hash", [](World& w) { flip_byte(w.receipt.tee.request_hash, 3); }, C::kTeeSignature,
                 P::kTeeSignatureInvalid, kFailed, V::kFailed, TrustLevel::kProven});
    t.push_back({"tee_request_hash_settlement", [](World& w) { flip_byte(w.receipt.tee.request_hash, 3); },
                 C::kSettlementEvent, P::kSettlementMismatch, kFailed, V::kFailed});
    t.push_back({"tee_output_hash", [](World& w) { flip_byte(w.receipt.tee.output_hash, 31); }, C::kOutputHash,
                 P::kOutputHashMismatch, kFailed, V::kFailed});
    t.push_back({"tee_timestamp", [](World& w) { w.receipt.tee.timestamp += 1; }, C::kTeeSignature,
                 P::kTeeSignatureInvalid, kFailed, V::kFailed});
    t.push_back({"tee_timestamp_settlement", [](World& w) { w.receipt.tee.timestamp += 1; }, C::kSettlementEvent,
                 P::kSettlementMismatch, kFailed, V::kFailed});
    t.push_back({"tee_signature_byte", [](World& w) { flip_byte(w.receipt.tee.signature, 100); }, C::kTeeSignature,
                 P::kTeeSignatureInvalid, kFailed, V::kFailed});
    t.push_back({"tee_signature_truncated", [](World& w) { w.receipt.tee.signature.pop_back(); }, C::kTeeSignature,
                 P::kTeeSignatureInvalid, kFailed, V::kFailed});
    t.push_back({"tee_signature_by_other_key",
                 [](World& w) {
                     w.receipt.tee.signature = testing::tee_sign(w.receipt.tee, 1);
                     w.set_settlement_logs({World::individual_log(w.config.relay, w.individual_settlement())});
                 },
                 C::kTeeSignature, P::kTeeSignatureInvalid, kFailed, V::kFailed});
    t.push_back({"tee_id", [](World& w) { flip_byte(w.receipt.tee.tee_id, 0); }, C::kTeeKeyId, P::kTeeKeyMismatch,
                 kFailed, V::kFailed, TrustLevel::kProven});
    t.push_back({"receipt_public_key_other", [](World& w) { w.receipt.tee.public_key = testing::tee_key(1).spki; },
                 C::kTeeKeyId, P::kTeeKeyMismatch, kFailed, V::kFailed});
    t.push_back({"whole_tee_other_key_consistent",
                 [](World& w) {
                     // A self-consistent receipt for an unregistered key: the registry knows nothing of it.
                     w.receipt.tee.tee_id = keccak256(testing::tee_key(1).spki);
                     w.receipt.tee.public_key = testing::tee_key(1).spki;
                     w.receipt.tee.signature = testing::tee_sign(w.receipt.tee, 1);
                     w.set_settlement_logs({World::individual_log(w.config.relay, w.individual_settlement())});
                     w.set_registry(w.receipt.tee.tee_id, {}, {}, false);
                     w.registry->storage = {{chain::tee_status_slot(w.receipt.tee.tee_id), Uint256(0)}};
                 },
                 C::kTeeRegistered, P::kTeeNotRegistered, kUnverified, V::kRisky, TrustLevel::kProven});
    t.push_back({"registered_key_altered",
                 [](World& w) {
                     auto* s = w.registry_slot(chain::tee_public_key_data_slot(w.receipt.tee.tee_id, 2));
                     s->value = s->value + Uint256(1);
                 },
                 C::kTeeKeyId, P::kTeeKeyMismatch, kFailed, V::kFailed});
    t.push_back({"registered_key_altered_no_sig_key",
                 [](World& w) {
                     auto* s = w.registry_slot(chain::tee_public_key_data_slot(w.receipt.tee.tee_id, 2));
                     s->value = s->value + Uint256(1);
                 },
                 C::kTeeSignature, P::kTeeKeyUnknown, kUnverified, V::kFailed});
    t.push_back({"registered_key_data_slot_missing", [](World& w) { w.registry->storage.pop_back(); }, C::kTeeKeyId,
                 P::kEvidenceMissing, kUnverified, V::kRisky});
    t.push_back(
        {"registered_key_length_bad",
         [](World& w) { w.registry_slot(chain::tee_public_key_slot(w.receipt.tee.tee_id))->value = Uint256(64); },
         C::kTeeKeyId, P::kRegistryMalformed, kUnverified, V::kRisky});
    t.push_back({"tee_disabled",
                 [](World& w) {
                     auto* s = w.registry_slot(chain::tee_status_slot(w.receipt.tee.tee_id));
                     s->value = s->value - Uint256(1);
                 },
                 C::kTeeEnabled, P::kTeeDisabled, kFailed, V::kFailed, TrustLevel::kProven});
    t.push_back({"tee_absent_from_registry",
                 [](World& w) {
                     for (auto& s : w.registry->storage) s.value = Uint256(0);
                 },
                 C::kTeeRegistered, P::kTeeNotRegistered, kUnverified, V::kRisky, TrustLevel::kProven});
    t.push_back({"tee_absent_signature_only_reported",
                 [](World& w) {
                     for (auto& s : w.registry->storage) s.value = Uint256(0);
                 },
                 C::kTeeSignature, P{}, CheckStatus::kPassed, V::kRisky, TrustLevel::kReported});
    t.push_back({"tee_status_dirty",
                 [](World& w) {
                     auto* s = w.registry_slot(chain::tee_status_slot(w.receipt.tee.tee_id));
                     s->value = s->value + Uint256(2);
                 },
                 C::kTeeRegistered, P::kRegistryMalformed, kUnverified, V::kRisky});
    t.push_back({"registry_status_slot_missing",
                 [](World& w) { w.registry->storage.erase(w.registry->storage.begin()); }, C::kTeeRegistered,
                 P::kEvidenceMissing, kUnverified, V::kRisky});
    t.push_back({"registry_other_address", [](World& w) { w.registry->address = testing::address_of(0xbb); },
                 C::kTeeEnabled, P::kEvidenceMismatch, kUnverified, V::kRisky});
    t.push_back({"registry_other_block", [](World& w) { w.registry_block += 1; }, C::kTeeEnabled, P::kEvidenceMismatch,
                 kUnverified, V::kRisky});
    t.push_back({"registry_account_absent", [](World& w) { w.registry->account.reset(); }, C::kTeeRegistered,
                 P::kEvidenceMismatch, kUnverified, V::kRisky});
    t.push_back({"registry_not_asked", [](World& w) { lose_registry(w, LookupOutcome::kNotAsked); }, C::kTeeRegistered,
                 P::kEvidenceMissing, kUnverified, V::kRisky});
    t.push_back({"registry_not_found", [](World& w) { lose_registry(w, LookupOutcome::kNotFound); }, C::kTeeRegistered,
                 P::kEvidenceMissing, kUnverified, V::kRisky});
    t.push_back({"registry_refused", [](World& w) { lose_registry(w, LookupOutcome::kRefused, lie()); }, C::kTeeEnabled,
                 P::kProviderRefused, kUnverified, V::kRisky});
    t.push_back({"registry_disagree", [](World& w) { lose_registry(w, LookupOutcome::kRefused, disagree()); },
                 C::kTeeKeyId, P::kProvidersDisagree, kUnverified, V::kRisky});
    t.push_back({"registry_unavailable", [](World& w) { lose_registry(w, LookupOutcome::kUnavailable); },
                 C::kPaymentPayTo, P::kLookupUnavailable, kUnverified, V::kRisky});
    t.push_back({"registry_unavailable_signature_reported",
                 [](World& w) { lose_registry(w, LookupOutcome::kUnavailable); }, C::kTeeSignature, P{},
                 CheckStatus::kPassed, V::kRisky, TrustLevel::kReported});
    t.push_back({"registry_unavailable_no_receipt_key",
                 [](World& w) {
                     lose_registry(w, LookupOutcome::kUnavailable);
                     w.receipt.tee.public_key.reset();
                 },
                 C::kTeeSignature, P::kTeeKeyUnknown, kUnverified, V::kRisky});
    // ---- check 3: the payment ----
    t.push_back({"payment_absent", [](World& w) { w.receipt.payment.reset(); }, C::kPaymentChain, P::kPaymentMissing,
                 kUnverified, V::kRisky});
    t.push_back({"payment_network", [](World& w) { w.receipt.payment->chain_id = 1; }, C::kPaymentChain,
                 P::kChainUnexpected, kFailed, V::kFailed});
    t.push_back({"payment_evidence_other_chain", [](World& w) { w.payment_chain_id = 1; }, C::kPaymentFound,
                 P::kEvidenceMismatch, kUnverified, V::kRisky});
    t.push_back({"asset_not_accepted", [](World& w) { w.config.accepted_assets = {w.other_asset}; }, C::kPaymentAsset,
                 P::kAssetNotAccepted, kFailed, V::kFailed});
    t.push_back({"receipt_asset_other_accepted", [](World& w) { w.receipt.payment->asset = w.other_asset; },
                 C::kPaymentTransfer, P::kPaymentTransferMismatch, kFailed, V::kFailed});
    t.push_back({"receipt_asset_other_accepted_auth", [](World& w) { w.receipt.payment->asset = w.other_asset; },
                 C::kPaymentAuthorization, P::kPaymentAuthorizationInvalid, kFailed, V::kFailed});
    t.push_back({"payment_hash", [](World& w) { flip_byte(w.receipt.payment->payment_hash, 5); }, C::kPaymentFound,
                 P::kEvidenceMismatch, kUnverified, V::kRisky});
    t.push_back({"payment_not_asked", [](World& w) { lose_payment(w, LookupOutcome::kNotAsked); }, C::kPaymentFound,
                 P::kEvidenceMissing, kUnverified, V::kRisky});
    t.push_back({"payment_not_found", [](World& w) { lose_payment(w, LookupOutcome::kNotFound); }, C::kPaymentFound,
                 P::kPaymentNotFound, kUnverified, V::kRisky, TrustLevel::kReported});
    t.push_back({"payment_not_found_corroborated",
                 [](World& w) { lose_payment(w, LookupOutcome::kNotFound, {}, TrustLevel::kCorroborated); },
                 C::kPaymentFound, P::kPaymentNotFound, kUnverified, V::kRisky, TrustLevel::kCorroborated});
    t.push_back({"payment_not_mined", [](World& w) { lose_payment(w, LookupOutcome::kNotMined); }, C::kPaymentFound,
                 P::kPaymentNotMined, kPending, V::kPending});
    t.push_back({"payment_refused", [](World& w) { lose_payment(w, LookupOutcome::kRefused, lie()); }, C::kPaymentFound,
                 P::kProviderRefused, kUnverified, V::kRisky});
    t.push_back({"payment_disagree", [](World& w) { lose_payment(w, LookupOutcome::kRefused, disagree()); },
                 C::kPaymentFound, P::kProvidersDisagree, kUnverified, V::kRisky});
    t.push_back({"payment_unavailable", [](World& w) { lose_payment(w, LookupOutcome::kUnavailable); },
                 C::kPaymentFound, P::kLookupUnavailable, kUnverified, V::kRisky});
    t.push_back({"payment_unavailable_disagree",
                 [](World& w) { lose_payment(w, LookupOutcome::kUnavailable, disagree()); }, C::kPaymentFound,
                 P::kProvidersDisagree, kUnverified, V::kRisky});
    t.push_back({"payment_receipt_only_missing",
                 [](World& w) {
                     w.tx_receipt.reset();
                     w.payment_failure = {LookupOutcome::kUnavailable, "eth_getBlockReceipts timeout", {}};
                 },
                 C::kPaymentFound, P::kLookupUnavailable, kUnverified, V::kRisky});
    t.push_back({"payment_reverted", [](World& w) { w.tx_receipt->receipt.success = false; }, C::kPaymentSucceeded,
                 P::kPaymentReverted, kFailed, V::kFailed, TrustLevel::kProven});
    t.push_back({"transfer_value_lower",
                 [](World& w) { set_data_word(w.tx_receipt->receipt.logs[1], 0, Uint256(1'499'999).to_be()); },
                 C::kPaymentTransfer, P::kUnderpaid, kFailed, V::kFailed});
    t.push_back({"transfer_value_higher",
                 [](World& w) { set_data_word(w.tx_receipt->receipt.logs[1], 0, Uint256(1'500'001).to_be()); },
                 C::kPaymentTransfer, P::kPaymentTransferMismatch, kFailed, V::kFailed});
    t.push_back({"receipt_amount_higher", [](World& w) { w.receipt.payment->amount = Uint256(2'000'000); },
                 C::kPaymentTransfer, P::kUnderpaid, kFailed, V::kFailed});
    t.push_back({"transfer_recipient",
                 [](World& w) { w.tx_receipt->receipt.logs[1].topics[2] = address_topic(testing::address_of(0x99)); },
                 C::kPaymentTransfer, P::kWrongPayTo, kFailed, V::kFailed});
    t.push_back({"transfer_sender",
                 [](World& w) { w.tx_receipt->receipt.logs[1].topics[1] = address_topic(testing::address_of(0x98)); },
                 C::kPaymentTransfer, P::kPaymentTransferMismatch, kFailed, V::kFailed});
    t.push_back({"transfer_emitted_by_other_token",
                 [](World& w) { w.tx_receipt->receipt.logs[1].address = testing::address_of(0x97); },
                 C::kPaymentTransfer, P::kPaymentTransferMismatch, kFailed, V::kFailed});
    t.push_back({"transfer_log_removed", [](World& w) { w.tx_receipt->receipt.logs.pop_back(); }, C::kPaymentTransfer,
                 P::kPaymentTransferMismatch, kFailed, V::kFailed});
    t.push_back({"receipt_pay_to", [](World& w) { w.receipt.payment->pay_to = testing::address_of(0x96); },
                 C::kPaymentTransfer, P::kWrongPayTo, kFailed, V::kFailed});
    t.push_back({"receipt_pay_to_registry", [](World& w) { w.receipt.payment->pay_to = testing::address_of(0x96); },
                 C::kPaymentPayTo, P::kWrongPayTo, kFailed, V::kFailed});
    t.push_back({"registered_payment_address",
                 [](World& w) {
                     auto* s =
                         w.registry_slot(chain::tee_field_slot(w.receipt.tee.tee_id, chain::kTeePaymentAddressOffset));
                     s->value = s->value + Uint256(1);
                 },
                 C::kPaymentPayTo, P::kWrongPayTo, kFailed, V::kFailed, TrustLevel::kProven});
    t.push_back({"registered_payment_address_dirty",
                 [](World& w) {
                     auto* s =
                         w.registry_slot(chain::tee_field_slot(w.receipt.tee.tee_id, chain::kTeePaymentAddressOffset));
                     s->value = s->value + (Uint256(1) << 200);
                 },
                 C::kPaymentPayTo, P::kRegistryMalformed, kUnverified, V::kRisky});
    t.push_back({"registered_payment_address_missing",
                 [](World& w) {
                     const auto key = chain::tee_field_slot(w.receipt.tee.tee_id, chain::kTeePaymentAddressOffset);
                     std::erase_if(w.registry->storage, [&](const VerifiedStorageSlot& s) { return s.key == key; });
                 },
                 C::kPaymentPayTo, P::kEvidenceMissing, kUnverified, V::kRisky});
    t.push_back({"receipt_payer", [](World& w) { w.receipt.payment->payer = testing::address_of(0x95); },
                 C::kPaymentAuthorization, P::kPaymentAuthorizationInvalid, kFailed, V::kFailed});
    t.push_back({"receipt_payer_transfer", [](World& w) { w.receipt.payment->payer = testing::address_of(0x95); },
                 C::kPaymentTransfer, P::kPaymentTransferMismatch, kFailed, V::kFailed});
    t.push_back({"authorization_used_removed",
                 [](World& w) { w.tx_receipt->receipt.logs.erase(w.tx_receipt->receipt.logs.begin()); },
                 C::kPaymentAuthorization, P::kPaymentAuthorizationInvalid, kFailed, V::kFailed});
    t.push_back({"authorization_used_other_nonce",
                 [](World& w) { flip_byte(w.tx_receipt->receipt.logs[0].topics[2], 0); }, C::kPaymentAuthorization,
                 P::kPaymentAuthorizationInvalid, kFailed, V::kFailed});
    t.push_back({"authorization_signed_by_other_key",
                 [](World& w) { w.rebuild_payment(w.authorization, testing::secret_of(0x33)); },
                 C::kPaymentAuthorization, P::kPaymentAuthorizationInvalid, kFailed, V::kFailed, TrustLevel::kProven});
    t.push_back({"authorization_calldata_r_byte",
                 [](World& w) {
                     Bytes data = w.tx->tx.data;
                     data[4 + 7 * 32 + 9] ^= 0x01;  // a byte of r
                     w.set_calldata(data, w.asset);
                     w.rebuild_searches();
                 },
                 C::kPaymentAuthorization, P::kPaymentAuthorizationInvalid, kFailed, V::kFailed});
    t.push_back({"authorization_calldata_value",
                 [](World& w) {
                     Bytes data = w.tx->tx.data;
                     data[4 + 2 * 32 + 31] ^= 0x01;  // the signed value
                     w.set_calldata(data, w.asset);
                     w.rebuild_searches();
                 },
                 C::kPaymentAuthorization, P::kPaymentAuthorizationInvalid, kFailed, V::kFailed});
    t.push_back({"authorization_calldata_v",
                 [](World& w) {
                     Bytes data = w.tx->tx.data;
                     data[4 + 6 * 32 + 31] = 29;
                     w.set_calldata(data, w.asset);
                     w.rebuild_searches();
                 },
                 C::kPaymentAuthorization, P::kPaymentAuthorizationInvalid, kFailed, V::kFailed});
    t.push_back({"authorization_via_proxy",
                 [](World& w) { w.rebuild_payment(w.authorization, w.payer_key, testing::address_of(0x94)); },
                 C::kPaymentAuthorization, P::kAuthorizationUnreadable, kUnverified, V::kRisky});
    t.push_back({"authorization_calldata_other_function",
                 [](World& w) {
                     w.set_calldata(hex_literal("0xa9059cbb"), w.asset);
                     w.rebuild_searches();
                 },
                 C::kPaymentAuthorization, P::kAuthorizationUnreadable, kUnverified, V::kRisky});
    t.push_back({"receipt_authorization_signature",
                 [](World& w) { flip_byte(w.receipt.payment->authorization->signature, 40); }, C::kPaymentAuthorization,
                 P::kPaymentAuthorizationMismatch, kFailed, V::kFailed});
    t.push_back({"receipt_authorization_valid_before",
                 [](World& w) { w.receipt.payment->authorization->authorization.valid_before = Uint256(1); },
                 C::kPaymentAuthorization, P::kPaymentAuthorizationMismatch, kFailed, V::kFailed});
    t.push_back({"receipt_authorization_to",
                 [](World& w) { w.receipt.payment->authorization->authorization.to = testing::address_of(0x93); },
                 C::kPaymentAuthorization, P::kPaymentAuthorizationMismatch, kFailed, V::kFailed});
    t.push_back({"scheme_upto", [](World& w) { w.receipt.payment->scheme = chain::PaymentScheme::kUpto; },
                 C::kPaymentAuthorization, P::kSchemeUnsupported, kUnverified, V::kRisky});
    t.push_back({"nonce_unbound", [](World& w) { w.rebuild_payment(unbound_authorization(w), w.payer_key); },
                 C::kPaymentBound, P::kPaymentUnbound, kUnverified, V::kRisky, TrustLevel::kProven});
    t.push_back({"nonce_receipt_claims_bound",
                 [](World& w) {
                     w.rebuild_payment(unbound_authorization(w), w.payer_key, {},
                                       /*update_receipt_authorization=*/false);
                 },
                 C::kPaymentBound, P::kPaymentMismatch, kFailed, V::kFailed});
    t.push_back({"request_id", [](World& w) { w.receipt.request_id += "x"; }, C::kPaymentBound, P::kPaymentUnbound,
                 kUnverified, V::kRisky});
    t.push_back({"payment_confirmations_short", [](World& w) { w.payment_head = kPaymentBlock + 2; },
                 C::kPaymentConfirmations, P::kPaymentUnconfirmed, kPending, V::kPending});
    t.push_back({"payment_head_missing", [](World& w) { w.payment_head.reset(); }, C::kPaymentConfirmations,
                 P::kEvidenceMissing, kUnverified, V::kRisky});
    t.push_back({"refund_proven", [](World& w) { w.refund_search->logs.push_back(w.refund_log(kPaymentBlock + 4)); },
                 C::kPaymentRefund, P::kRefunded, kFailed, V::kRefunded, TrustLevel::kProven});
    t.push_back({"refund_proven_with_other_failure",
                 [](World& w) {
                     w.refund_search->logs.push_back(w.refund_log(kPaymentBlock + 4));
                     w.receipt.output = "changed";
                 },
                 C::kPaymentRefund, P::kRefunded, kFailed, V::kRefunded});
    t.push_back({"refund_reported_only",
                 [](World& w) {
                     w.refund_search->logs.push_back(w.refund_log(kPaymentBlock + 4));
                     w.refund_search->complete = false;
                 },
                 C::kPaymentRefund, P::kRefunded, kUnverified, V::kRisky});
    t.push_back({"refund_on_corroborated_chain",
                 [](World& w) {
                     w.refund_search->logs.push_back(w.refund_log(kPaymentBlock + 4));
                     w.payment_anchor = TrustLevel::kCorroborated;
                 },
                 C::kPaymentRefund, P::kRefunded, kUnverified, V::kRisky});
    t.push_back({"refund_by_someone_else_ignored",
                 [](World& w) {
                     auto log = w.refund_log(kPaymentBlock + 4);
                     log.log.topics[1] = address_topic(testing::address_of(0x92));
                     w.refund_search->logs.push_back(log);
                 },
                 C::kPaymentRefund, P{}, CheckStatus::kPassed, V::kPassed});
    t.push_back({"refund_search_incomplete", [](World& w) { w.refund_search->complete = false; }, C::kPaymentRefund,
                 P::kSearchIncomplete, kUnverified, V::kRisky});
    t.push_back({"refund_search_short_of_head", [](World& w) { w.refund_search->filter.to_block -= 1; },
                 C::kPaymentRefund, P::kSearchIncomplete, kUnverified, V::kRisky});
    t.push_back({"refund_search_starts_late", [](World& w) { w.refund_search->filter.from_block += 1; },
                 C::kPaymentRefund, P::kSearchIncomplete, kUnverified, V::kRisky});
    t.push_back({"refund_search_wrong_filter",
                 [](World& w) { w.refund_search->filter.topics[2] = {testing::hash_of("other")}; }, C::kPaymentRefund,
                 P::kEvidenceMismatch, kUnverified, V::kRisky});
    t.push_back({"refund_search_narrower_filter",
                 [](World& w) {
                     // Any address and any authorizer is wider, but a fourth topic narrows it: proves nothing.
                     w.refund_search->filter.addresses = {};
                     w.refund_search->filter.topics[1].clear();
                     w.refund_search->filter.topics.push_back({testing::hash_of("x")});
                 },
                 C::kPaymentRefund, P::kEvidenceMismatch, kUnverified, V::kRisky});
    t.push_back({"refund_search_wider_filter_accepted",
                 [](World& w) {
                     w.refund_search->filter.topics[2].push_back(testing::hash_of("refund of another nonce"));
                     w.refund_search->filter.addresses.clear();
                 },
                 C::kPaymentRefund, P{}, CheckStatus::kPassed, V::kPassed});
    t.push_back({"refund_search_not_asked",
                 [](World& w) {
                     w.refund_search.reset();
                     w.refund_failure = {LookupOutcome::kNotAsked, {}, {}};
                 },
                 C::kPaymentRefund, P::kEvidenceMissing, kUnverified, V::kRisky});
    t.push_back({"refund_search_refused",
                 [](World& w) {
                     w.refund_search.reset();
                     w.refund_failure = {LookupOutcome::kRefused, "eth_getLogs", lie()};
                 },
                 C::kPaymentRefund, P::kProviderRefused, kUnverified, V::kRisky});
    t.push_back({"refund_search_disagree",
                 [](World& w) {
                     w.refund_search.reset();
                     w.refund_failure = {LookupOutcome::kUnavailable, "eth_getLogs", disagree()};
                 },
                 C::kPaymentRefund, P::kProvidersDisagree, kUnverified, V::kRisky});
    t.push_back({"refund_search_unavailable",
                 [](World& w) {
                     w.refund_search.reset();
                     w.refund_failure = {LookupOutcome::kUnavailable, "eth_getLogs timeout", {}};
                 },
                 C::kPaymentRefund, P::kLookupUnavailable, kUnverified, V::kRisky});
    t.push_back({"duplicate_proven",
                 [](World& w) { w.same_request_search->logs.push_back(w.duplicate_log(kPaymentBlock + 2)); },
                 C::kPaymentUnique, P::kPaymentDuplicate, kFailed, V::kFailed, TrustLevel::kProven});
    t.push_back({"duplicate_reported",
                 [](World& w) {
                     w.same_request_search->logs.push_back(w.duplicate_log(kPaymentBlock + 2));
                     w.same_request_search->complete = false;
                 },
                 C::kPaymentUnique, P::kPaymentDuplicate, kUnverified, V::kRisky});
    t.push_back({"same_request_search_incomplete", [](World& w) { w.same_request_search->complete = false; },
                 C::kPaymentUnique, P::kSearchIncomplete, kUnverified, V::kRisky});
    t.push_back({"same_request_search_wrong_filter",
                 [](World& w) { w.same_request_search->filter.addresses = {w.other_asset}; }, C::kPaymentUnique,
                 P::kEvidenceMismatch, kUnverified, V::kRisky});
    t.push_back({"same_request_search_unavailable",
                 [](World& w) {
                     w.same_request_search.reset();
                     w.same_request_failure = {LookupOutcome::kUnavailable, "eth_getLogs", {}};
                 },
                 C::kPaymentUnique, P::kLookupUnavailable, kUnverified, V::kRisky});
    t.push_back({"same_request_search_refused",
                 [](World& w) {
                     w.same_request_search.reset();
                     w.same_request_failure = {LookupOutcome::kRefused, "eth_getLogs", lie()};
                 },
                 C::kPaymentUnique, P::kProviderRefused, kUnverified, V::kRisky});
    t.push_back({"payment_anchor_corroborated", [](World& w) { w.payment_anchor = TrustLevel::kCorroborated; },
                 C::kPaymentFound, P{}, CheckStatus::kPassed, V::kRisky, TrustLevel::kCorroborated});
    t.push_back({"payment_anchor_reported", [](World& w) { w.payment_anchor = TrustLevel::kReported; },
                 C::kPaymentTransfer, P{}, CheckStatus::kPassed, V::kRisky, TrustLevel::kReported});
    // ---- check 4: the settlement ----
    t.push_back({"settlement_network", [](World& w) { w.receipt.settlement->chain_id = 1; }, C::kSettlementChain,
                 P::kChainUnexpected, kFailed, V::kFailed});
    t.push_back({"settlement_evidence_other_chain", [](World& w) { w.settlement_chain_id = 1; }, C::kSettlementFound,
                 P::kEvidenceMismatch, kUnverified, V::kRisky});
    t.push_back({"settlement_absent", [](World& w) { w.receipt.settlement.reset(); }, C::kSettlementFound,
                 P::kSettlementNotMined, kPending, V::kPending});
    t.push_back({"settlement_tx_hash_absent", [](World& w) { w.receipt.settlement->tx_hash.reset(); },
                 C::kSettlementFound, P::kSettlementNotMined, kPending, V::kPending});
    t.push_back({"settlement_private",
                 [](World& w) {
                     w.receipt.settlement->mode = chain::SettlementMode::kPrivate;
                     w.receipt.settlement->tx_hash.reset();
                 },
                 C::kSettlementFound, P::kSettlementPrivate, kUnverified, V::kRisky});
    t.push_back({"settlement_private_output_only_reported",
                 [](World& w) {
                     w.receipt.settlement->mode = chain::SettlementMode::kPrivate;
                     w.receipt.settlement->tx_hash.reset();
                 },
                 C::kOutputHash, P{}, CheckStatus::kPassed, V::kRisky, TrustLevel::kReported});
    t.push_back({"settlement_tx_hash", [](World& w) { flip_byte(*w.receipt.settlement->tx_hash, 1); },
                 C::kSettlementFound, P::kEvidenceMismatch, kUnverified, V::kRisky});
    t.push_back({"settlement_not_found", [](World& w) { lose_settlement(w, LookupOutcome::kNotFound); },
                 C::kSettlementFound, P::kSettlementNotFound, kUnverified, V::kRisky});
    t.push_back({"settlement_not_mined", [](World& w) { lose_settlement(w, LookupOutcome::kNotMined); },
                 C::kSettlementFound, P::kSettlementNotMined, kPending, V::kPending});
    t.push_back({"settlement_not_asked", [](World& w) { lose_settlement(w, LookupOutcome::kNotAsked); },
                 C::kSettlementFound, P::kEvidenceMissing, kUnverified, V::kRisky});
    t.push_back({"settlement_refused", [](World& w) { lose_settlement(w, LookupOutcome::kRefused, lie()); },
                 C::kSettlementFound, P::kProviderRefused, kUnverified, V::kRisky});
    t.push_back({"settlement_disagree", [](World& w) { lose_settlement(w, LookupOutcome::kRefused, disagree()); },
                 C::kSettlementFound, P::kProvidersDisagree, kUnverified, V::kRisky});
    t.push_back({"settlement_unavailable", [](World& w) { lose_settlement(w, LookupOutcome::kUnavailable); },
                 C::kSettlementFound, P::kLookupUnavailable, kUnverified, V::kRisky});
    t.push_back({"settlement_reverted", [](World& w) { w.settlement_receipt->receipt.success = false; },
                 C::kSettlementFound, P::kSettlementReverted, kFailed, V::kFailed});
    t.push_back({"settlement_event_timestamp",
                 [](World& w) { tamper_settlement_event(w, [](auto& s) { s.timestamp = s.timestamp + Uint256(1); }); },
                 C::kSettlementEvent, P::kSettlementMismatch, kFailed, V::kFailed, TrustLevel::kProven});
    t.push_back({"settlement_event_input_hash",
                 [](World& w) { tamper_settlement_event(w, [](auto& s) { flip_byte(s.input_hash, 2); }); },
                 C::kSettlementEvent, P::kSettlementMismatch, kFailed, V::kFailed});
    t.push_back({"settlement_event_output_hash",
                 [](World& w) { tamper_settlement_event(w, [](auto& s) { flip_byte(s.output_hash, 2); }); },
                 C::kSettlementEvent, P::kSettlementMismatch, kFailed, V::kFailed});
    t.push_back({"settlement_event_tee_id",
                 [](World& w) { tamper_settlement_event(w, [](auto& s) { flip_byte(s.tee_id, 2); }); },
                 C::kSettlementEvent, P::kSettlementMismatch, kFailed, V::kFailed});
    t.push_back({"settlement_event_signature",
                 [](World& w) { tamper_settlement_event(w, [](auto& s) { flip_byte(s.signature, 17); }); },
                 C::kSettlementEvent, P::kSettlementMismatch, kFailed, V::kFailed});
    t.push_back({"settlement_event_walrus",
                 [](World& w) { tamper_settlement_event(w, [](auto& s) { flip_byte(s.walrus_blob_id, 0); }); },
                 C::kSettlementEvent, P::kSettlementMismatch, kFailed, V::kFailed});
    t.push_back({"settlement_event_other_emitter",
                 [](World& w) {
                     w.set_settlement_logs(
                         {World::individual_log(testing::address_of(0xc1), w.individual_settlement())});
                 },
                 C::kSettlementEvent, P::kSettlementMismatch, kFailed, V::kFailed});
    t.push_back({"settlement_event_absent", [](World& w) { w.set_settlement_logs({}); }, C::kSettlementEvent,
                 P::kSettlementMismatch, kFailed, V::kFailed});
    t.push_back({"settlement_relay_config", [](World& w) { w.config.relay = testing::address_of(0xc2); },
                 C::kSettlementEvent, P::kSettlementMismatch, kFailed, V::kFailed});
    t.push_back({"settlement_receipt_contract",
                 [](World& w) { w.receipt.settlement->contract = testing::address_of(0xc3); }, C::kSettlementEvent,
                 P::kSettlementMismatch, kFailed, V::kFailed});
    t.push_back({"settlement_confirmations_short", [](World& w) { w.settlement_head = kSettlementBlock + 1; },
                 C::kSettlementConfirmations, P::kSettlementUnconfirmed, kPending, V::kPending});
    t.push_back({"settlement_head_missing", [](World& w) { w.settlement_head.reset(); }, C::kSettlementConfirmations,
                 P::kEvidenceMissing, kUnverified, V::kRisky});
    t.push_back({"settlement_anchor_corroborated", [](World& w) { w.settlement_anchor = TrustLevel::kCorroborated; },
                 C::kSettlementEvent, P{}, CheckStatus::kPassed, V::kRisky, TrustLevel::kCorroborated});
    t.push_back({"settlement_anchor_reported_tee", [](World& w) { w.settlement_anchor = TrustLevel::kReported; },
                 C::kTeeSignature, P{}, CheckStatus::kPassed, V::kRisky, TrustLevel::kReported});
    t.push_back({"settlement_anchor_reported_output", [](World& w) { w.settlement_anchor = TrustLevel::kReported; },
                 C::kOutputHash, P{}, CheckStatus::kPassed, V::kRisky, TrustLevel::kReported});
    // batch
    t.push_back({"batch_proof_element",
                 [](World& w) {
                     w.make_batch();
                     flip_byte(w.receipt.settlement->batch->proof.at(0), 7);
                 },
                 C::kSettlementEvent, P::kSettlementProofInvalid, kFailed, V::kFailed, TrustLevel::kProven});
    t.push_back({"batch_proof_element_dropped",
                 [](World& w) {
                     w.make_batch();
                     w.receipt.settlement->batch->proof.pop_back();
                 },
                 C::kSettlementEvent, P::kSettlementProofInvalid, kFailed, V::kFailed});
    t.push_back({"batch_leaf_timestamp",
                 [](World& w) {
                     w.make_batch();
                     w.receipt.tee.timestamp += 1;
                 },
                 C::kSettlementEvent, P::kSettlementProofInvalid, kFailed, V::kFailed});
    t.push_back({"batch_leaf_signature",
                 [](World& w) {
                     w.make_batch();
                     flip_byte(w.receipt.tee.signature, 0);
                 },
                 C::kSettlementEvent, P::kSettlementProofInvalid, kFailed, V::kFailed});
    t.push_back({"batch_root",
                 [](World& w) {
                     w.make_batch();
                     flip_byte(w.receipt.settlement->batch->merkle_root, 0);
                 },
                 C::kSettlementEvent, P::kSettlementMismatch, kFailed, V::kFailed});
    t.push_back({"batch_size",
                 [](World& w) {
                     w.make_batch();
                     w.receipt.settlement->batch->batch_size += 1;
                 },
                 C::kSettlementEvent, P::kSettlementMismatch, kFailed, V::kFailed});
    t.push_back({"batch_leaf_index_out_of_range",
                 [](World& w) {
                     w.make_batch();
                     w.receipt.settlement->batch->leaf_index = 5;
                 },
                 C::kSettlementEvent, P::kSettlementProofInvalid, kFailed, V::kFailed});
    t.push_back({"batch_other_emitter",
                 [](World& w) {
                     w.make_batch();
                     w.settlement_receipt->receipt.logs[0].address = testing::address_of(0xc4);
                 },
                 C::kSettlementEvent, P::kSettlementMismatch, kFailed, V::kFailed});
    t.push_back({"batch_proof_missing",
                 [](World& w) {
                     w.make_batch();
                     w.receipt.settlement->batch.reset();
                 },
                 C::kSettlementEvent, P::kEvidenceMissing, kUnverified, V::kRisky});
    t.push_back({"batch_individual_event_instead",
                 [](World& w) {
                     w.make_batch();
                     w.set_settlement_logs({World::individual_log(w.config.relay, w.individual_settlement())});
                 },
                 C::kSettlementEvent, P::kSettlementMismatch, kFailed, V::kFailed});
    // ---- pending order ----
    t.push_back({"pending_payment_before_settlement",
                 [](World& w) {
                     w.payment_head = kPaymentBlock + 1;
                     lose_settlement(w, LookupOutcome::kNotMined);
                 },
                 C::kPaymentConfirmations, P::kPaymentUnconfirmed, kPending, V::kPending});
    return t;
}

class CallCheckTamper : public ::testing::TestWithParam<Tamper> {};

TEST_P(CallCheckTamper, YieldsTheExactCodeAndVerdict) {
    const Tamper& t = GetParam();
    World w = testing::honest_world();
    t.mutate(w);
    const auto checks = w.run();
    const CheckResult* c = testing::find_check(checks, t.code);
    ASSERT_NE(c, nullptr) << testing::dump(checks);
    EXPECT_EQ(c->status, t.status) << testing::dump(checks);
    if (t.status == CheckStatus::kPassed) {
        EXPECT_FALSE(c->problem.has_value());
    } else {
        ASSERT_TRUE(c->problem.has_value()) << testing::dump(checks);
        EXPECT_EQ(to_string(*c->problem), to_string(t.problem)) << testing::dump(checks);
        EXPECT_FALSE(c->evidence.empty() && c->problem != Problem::kNotChecked &&
                     c->problem != Problem::kOutputNotGiven && c->problem != Problem::kPaymentMissing &&
                     c->problem != Problem::kSettlementNotMined && c->problem != Problem::kSettlementPrivate &&
                     c->problem != Problem::kEvidenceMissing && c->problem != Problem::kSchemeUnsupported)
            << "no evidence attached to " << to_string(c->code);
    }
    if (t.trust) {
        EXPECT_EQ(to_string(c->trust), to_string(*t.trust)) << testing::dump(checks);
    }
    const Verdict v = decide_verdict(checks);
    EXPECT_EQ(to_string(v.kind), to_string(t.verdict)) << v.reason << "\n" << testing::dump(checks);
    if (t.verdict != VerdictKind::kPassed) {
        EXPECT_NE(v.kind, VerdictKind::kPassed) << v.reason;
    }
    // Every result is well-formed: a problem exactly when not passed.
    for (const auto& r : checks)
        EXPECT_EQ(r.problem.has_value(), r.status != CheckStatus::kPassed) << to_string(r.code);
    if (v.kind == VerdictKind::kPending) {
        ASSERT_TRUE(v.pending.has_value());
        EXPECT_FALSE(v.pending->waits_for.empty());
        if (t.status == CheckStatus::kPending) {
            EXPECT_EQ(v.pending->step, pending_step(t.problem));
        }
    }
}

INSTANTIATE_TEST_SUITE_P(EveryField, CallCheckTamper, ::testing::ValuesIn(tampers()),
                         [](const ::testing::TestParamInfo<Tamper>& p) { return p.param.name; });

// ---- properties: any single bit flip in what the receipt claims or the chain's logs carry never passes ----

void flip_bit(std::uint8_t* bytes, std::size_t size, std::size_t bit) {
    bytes[(bit / 8) % size] ^= static_cast<std::uint8_t>(1u << (bit % 8));
}
template <std::size_t N>
void flip_bit(FixedBytes<N>& b, std::size_t bit) {
    flip_bit(b.bytes.data(), N, bit);
}
void flip_bit(Bytes& b, std::size_t bit) { flip_bit(b.data(), b.size(), bit); }
void flip_bit(std::string& s, std::size_t bit) { flip_bit(reinterpret_cast<std::uint8_t*>(s.data()), s.size(), bit); }
void flip_bit(Uint256& v, std::size_t bit) {
    Bytes32 b = v.to_be();
    flip_bit(b, bit);
    v = Uint256::from_be(b);
}

RC_GTEST_PROP(CallChecksProps, AnyBitFlipInTheReceiptNeverPasses, ()) {
    static const World honest = testing::honest_world();
    World w = honest;
    const auto bit = *rc::gen::inRange<std::size_t>(0, 1u << 16);
    const auto field = *rc::gen::inRange(0, 22);
    auto& r = w.receipt;
    auto& a = r.payment->authorization->authorization;
    switch (field) {
        case 0: flip_bit(*r.output, bit); break;
        case 1: flip_bit(*r.request, bit); break;
        case 2: flip_bit(r.request_id, bit); break;
        case 3: flip_bit(r.tee.tee_id, bit); break;
        case 4: flip_bit(r.tee.request_hash, bit); break;
        case 5: flip_bit(r.tee.output_hash, bit); break;
        case 6: flip_bit(r.tee.signature, bit); break;
        case 7: r.tee.timestamp ^= std::uint64_t{1} << (bit % 64); break;
        case 8: flip_bit(*r.tee.public_key, bit); break;
        case 9: flip_bit(r.payment->payment_hash, bit); break;
        case 10: flip_bit(r.payment->asset, bit); break;
        case 11: flip_bit(r.payment->pay_to, bit); break;
        case 12: flip_bit(r.payment->payer, bit); break;
        case 13: flip_bit(r.payment->amount, bit); break;
        case 14: flip_bit(a.from, bit); break;
        case 15: flip_bit(a.to, bit); break;
        case 16: flip_bit(a.value, bit); break;
        case 17: flip_bit(a.valid_before, bit); break;
        case 18: flip_bit(a.nonce, bit); break;
        case 19: flip_bit(r.payment->authorization->signature, bit); break;
        case 20: flip_bit(*r.settlement->tx_hash, bit); break;
        default: flip_bit(*r.settlement->walrus_blob_id, bit); break;
    }
    const Verdict v = w.verdict();
    RC_ASSERT(v.kind != VerdictKind::kPassed);
}

RC_GTEST_PROP(CallChecksProps, AnyBitFlipInThePaymentOrSettlementLogsNeverPasses, ()) {
    static const World honest = testing::honest_world();
    World w = honest;
    const auto bit = *rc::gen::inRange<std::size_t>(0, 1u << 16);
    const bool payment = *rc::gen::arbitrary<bool>();
    auto& logs = payment ? w.tx_receipt->receipt.logs : w.settlement_receipt->receipt.logs;
    chain::Log& log = logs.at(*rc::gen::inRange<std::size_t>(0, logs.size()));
    // IndividualSettlement's topic 2 is ethAddress, which no receipt field claims: not part of the property.
    const auto topics = payment ? log.topics.size() : std::size_t{2};
    const auto part = *rc::gen::inRange<std::size_t>(0, topics + 2);
    if (part < topics)
        flip_bit(log.topics[part], bit);
    else if (part == topics && !log.data.empty())
        flip_bit(log.data, bit);
    else
        flip_bit(log.address, bit);
    const Verdict v = w.verdict();
    RC_ASSERT(v.kind != VerdictKind::kPassed);
}

}  // namespace
}  // namespace countersign::verify
