// SPDX-License-Identifier: Apache-2.0
// The reference gateway against a live two-chain world: one world and one run of every call kind and every
// tamper mode per suite, then each test reads the chains back through countersign's RPC client (receipts,
// logs decoded with chain/abi_known, eth_call) and checks that honest calls left exactly the transactions and
// events their receipts claim, and that tampered calls differ exactly where their mode says.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "chain/abi_event.hpp"
#include "chain/binding.hpp"
#include "chain/call_receipt_json.hpp"
#include "chain/receipt_json.hpp"
#include "chain/standard_merkle_tree.hpp"
#include "crypto/hex.hpp"
#include "crypto/keccak.hpp"
#include "devnet/contracts.hpp"
#include "devnet/gateway.hpp"
#include "devnet/gateway_output.hpp"

namespace countersign::devnet {
namespace {

using chain::SettlementMode;

constexpr std::uint64_t kSeed = 42;

std::vector<CallSpec> all_specs() {
    std::vector<CallSpec> specs;
    specs.push_back({});
    specs.push_back({"a prompt of our own", SettlementMode::kIndividual});
    for (int i = 0; i < 5; ++i) specs.push_back({"", SettlementMode::kBatch});  // a batch of 4, then one of 1
    specs.push_back({"", SettlementMode::kIndividual, true});
    specs.push_back({"", SettlementMode::kBatch, true});
    specs.push_back({"", SettlementMode::kPrivate});
    for (const TamperInfo& info : tamper_modes())
        specs.push_back({"", SettlementMode::kIndividual, false, info.tamper});
    return specs;
}

struct GatewayRun {
    std::unique_ptr<DevnetWorld> world;
    std::vector<CallResult> results;
};

Expected<GatewayRun, std::string> run_world(std::uint64_t seed) {
    GatewayRun run;
    auto world = DevnetWorld::start();
    if (!world) return unexpected(world.error());
    run.world = std::move(*world);
    auto gateway = Gateway::open(run.world->description(), {seed, 4});
    if (!gateway) return unexpected(gateway.error());
    const auto specs = all_specs();
    auto results = (*gateway)->run(specs);
    if (!results) return unexpected(results.error());
    run.results = std::move(*results);
    return run;
}

class GatewayWorldTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        auto run = run_world(kSeed);
        if (!run) {
            error_ = new std::string(run.error());
            return;
        }
        run_ = new GatewayRun(std::move(*run));
    }
    static void TearDownTestSuite() {
        delete run_;
        run_ = nullptr;
        delete error_;
        error_ = nullptr;
    }
    void SetUp() override {
        ASSERT_EQ(error_, nullptr) << *error_;
        ASSERT_NE(run_, nullptr);
    }

    static const DevnetDescription& desc() { return run_->world->description(); }
    static const DevnetClient& payment() { return run_->world->connection().payment(); }
    static const DevnetClient& settlement() { return run_->world->connection().settlement(); }
    static const std::vector<CallResult>& results() { return run_->results; }

    static const CallResult& by_tamper(Tamper t) {
        for (const CallResult& r : results())
            if (r.spec.tamper == t) return r;
        std::abort();
    }
    static std::vector<const CallResult*> honest() {
        std::vector<const CallResult*> out;
        for (const CallResult& r : results())
            if (r.spec.tamper == Tamper::kNone) out.push_back(&r);
        return out;
    }

    static std::optional<chain::RpcReceipt> tx_receipt(const DevnetClient& c, const Hash32& hash) {
        auto j = c.provider().call("eth_getTransactionReceipt", rpc::json::array({to_hex(hash)}));
        if (!j || j->is_null()) return std::nullopt;
        auto r = chain::receipt_from_rpc_json(*j);
        if (!r) return std::nullopt;
        return std::move(*r);
    }

    // The token's AuthorizationUsed and Transfer events of a mined payment (exactly one of each).
    struct TokenEvents {
        chain::AuthorizationUsed used;
        chain::Erc20Transfer transfer;
    };
    static std::optional<TokenEvents> token_events(const Hash32& tx) {
        auto r = tx_receipt(payment(), tx);
        if (!r || !r->receipt.success || r->receipt.logs.size() != 2) return std::nullopt;
        for (const chain::Log& log : r->receipt.logs)
            if (log.address != desc().token) return std::nullopt;
        auto used = chain::decode_authorization_used(r->receipt.logs[0].topics, r->receipt.logs[0].data);
        auto transfer = chain::decode_erc20_transfer(r->receipt.logs[1].topics, r->receipt.logs[1].data);
        if (!used || !transfer) return std::nullopt;
        return TokenEvents{*used, *transfer};
    }

    static std::optional<chain::IndividualSettlement> individual_event(const Hash32& tx) {
        auto r = tx_receipt(settlement(), tx);
        if (!r || !r->receipt.success || r->receipt.logs.size() != 1) return std::nullopt;
        const chain::Log& log = r->receipt.logs[0];
        if (log.address != desc().relay) return std::nullopt;
        auto e = chain::decode_individual_settlement(log.topics, log.data);
        return e ? std::optional(*e) : std::nullopt;
    }

    static std::optional<chain::BatchSettlement> batch_event(const Hash32& tx) {
        auto r = tx_receipt(settlement(), tx);
        if (!r || !r->receipt.success || r->receipt.logs.size() != 1) return std::nullopt;
        const chain::Log& log = r->receipt.logs[0];
        if (log.address != desc().relay) return std::nullopt;
        auto e = chain::decode_batch_settlement(log.topics, log.data);
        return e ? std::optional(*e) : std::nullopt;
    }

    static bool tee_enabled(const Bytes32& tee_id, const std::string& block = "latest") {
        auto out = settlement().call(desc().registry, registry_is_enabled_call(tee_id), block);
        return out && out->size() == 32 && (*out)[31] == 1;
    }

    static std::optional<Address> registered_pay_to() {
        auto out = settlement().call(desc().registry, registry_get_tee_call(desc().tee_id));
        if (!out) return std::nullopt;
        auto v = chain::abi_decode({&tee_info_type(), 1}, *out);
        if (!v) return std::nullopt;
        return (*v)[0].list()[4].get<Address>();
    }

    static bool signature_verifies(const chain::ReceiptTee& tee, ByteView spki) {
        Bytes m(tee.request_hash.view());
        m += tee.output_hash.view();
        m += Uint256(tee.timestamp).to_be().view();
        return verify_rsa_pss_sha256(spki, keccak256(m).view(), tee.signature).has_value();
    }

    static Hash32 leaf_of(const chain::ReceiptTee& tee) {
        return *chain::standard_leaf_hash(batch_leaf_encoding(), batch_leaf(tee));
    }

    static std::string block_of(const DevnetClient& c, const Hash32& tx, std::int64_t offset = 0) {
        auto r = tx_receipt(c, tx);
        if (!r) return "latest";
        return Uint256(static_cast<std::uint64_t>(static_cast<std::int64_t>(r->claims.block_number) + offset))
            .to_quantity();
    }

    static GatewayRun* run_;
    static std::string* error_;
};

GatewayRun* GatewayWorldTest::run_ = nullptr;
std::string* GatewayWorldTest::error_ = nullptr;

TEST_F(GatewayWorldTest, WorldHasTwoChainsWithTheirContractsAndTheRegisteredTee) {
    EXPECT_EQ(payment().chain_id(), kPaymentChainId);
    EXPECT_EQ(settlement().chain_id(), kSettlementChainId);
    EXPECT_NE(desc().payment.rpc, desc().settlement.rpc);
    auto token_code = payment().code_at(desc().token);
    ASSERT_TRUE(token_code);
    EXPECT_FALSE(token_code->empty());
    auto relay_code = settlement().code_at(desc().relay);
    ASSERT_TRUE(relay_code);
    EXPECT_FALSE(relay_code->empty());
    auto relay_on_payment = payment().code_at(desc().relay);
    ASSERT_TRUE(relay_on_payment);
    EXPECT_TRUE(relay_on_payment->empty());  // the relay exists only on the settlement chain
    EXPECT_TRUE(tee_enabled(desc().tee_id));
    EXPECT_EQ(registered_pay_to(), desc().tee_payment_address);
    auto key = settlement().call(desc().registry, registry_get_tee_call(desc().tee_id));
    ASSERT_TRUE(key);
    auto info = chain::abi_decode({&tee_info_type(), 1}, *key);
    ASSERT_TRUE(info);
    EXPECT_EQ((*info)[0].list()[5].get<Bytes>(), desc().tee_public_key);
    EXPECT_EQ(keccak256(desc().tee_public_key), desc().tee_id);
    // devnet.json round trip.
    auto parsed = parse_devnet_description(to_json(desc()).dump());
    ASSERT_TRUE(parsed) << parsed.error();
    EXPECT_EQ(to_json(*parsed), to_json(desc()));
    EXPECT_EQ(parsed->payment.network(), "eip155:8453");
    EXPECT_EQ(parsed->settlement.network(), "eip155:10740");
    EXPECT_FALSE(parse_devnet_description("{}"));
    EXPECT_EQ(results().size(), all_specs().size());
}

TEST_F(GatewayWorldTest, HonestPaymentsAreBoundTransfersOfThePrice) {
    for (const CallResult* r : honest()) {
        SCOPED_TRACE(r->request_id);
        const chain::CallReceipt& receipt = r->receipt;
        ASSERT_TRUE(receipt.payment && receipt.payment->authorization && receipt.request);
        EXPECT_EQ(keccak256(to_view(*receipt.request)), receipt.tee.request_hash);
        EXPECT_EQ(keccak256(to_view(*receipt.output)), receipt.tee.output_hash);
        EXPECT_EQ(receipt.payment->payment_hash, r->payment_tx);
        const Bytes32 binding = chain::binding_nonce(r->request_id, receipt.tee.request_hash);
        EXPECT_EQ(receipt.payment->authorization->authorization.nonce, binding);
        auto events = token_events(receipt.payment->payment_hash);
        ASSERT_TRUE(events);
        EXPECT_EQ(events->used.authorizer, desc().payer);
        EXPECT_EQ(events->used.nonce, binding);
        EXPECT_EQ(events->transfer.from, desc().payer);
        EXPECT_EQ(events->transfer.to, desc().tee_payment_address);
        EXPECT_EQ(events->transfer.value, desc().price);
        EXPECT_EQ(receipt.payment->amount, desc().price);
        EXPECT_EQ(receipt.payment->pay_to, desc().tee_payment_address);
        EXPECT_EQ(receipt.payment->chain_id, kPaymentChainId);
        // The authorization's signature recovers to the payer.
        const ByteView sig = receipt.payment->authorization->signature;
        ASSERT_EQ(sig.size(), 65u);
        const Signature s{Bytes32::from_view_unchecked(sig.substr(0, 32)),
                          Bytes32::from_view_unchecked(sig.substr(32, 32)), static_cast<std::uint8_t>(sig[64] - 27)};
        auto signer = recover_address(chain::eip3009_digest(token_domain(kPaymentChainId, desc().token),
                                                            chain::Eip3009Kind::kTransferWithAuthorization,
                                                            receipt.payment->authorization->authorization),
                                      s, SignatureRules::kLowS);
        ASSERT_TRUE(signer);
        EXPECT_EQ(*signer, desc().payer);
        EXPECT_TRUE(signature_verifies(receipt.tee, desc().tee_public_key));
    }
}

TEST_F(GatewayWorldTest, IndividualSettlementsCarryTheReceiptsFields) {
    int seen = 0;
    for (const CallResult* r : honest()) {
        if (r->spec.mode != SettlementMode::kIndividual) continue;
        SCOPED_TRACE(r->request_id);
        ++seen;
        const chain::CallReceipt& receipt = r->receipt;
        ASSERT_TRUE(receipt.settlement && receipt.settlement->tx_hash);
        EXPECT_EQ(receipt.settlement->mode, SettlementMode::kIndividual);
        EXPECT_EQ(receipt.settlement->contract, desc().relay);
        EXPECT_EQ(receipt.settlement->chain_id, kSettlementChainId);
        auto e = individual_event(*receipt.settlement->tx_hash);
        ASSERT_TRUE(e);
        EXPECT_EQ(e->tee_id, receipt.tee.tee_id);
        EXPECT_EQ(e->input_hash, receipt.tee.request_hash);
        EXPECT_EQ(e->output_hash, receipt.tee.output_hash);
        EXPECT_EQ(e->timestamp, Uint256(receipt.tee.timestamp));
        EXPECT_EQ(e->signature, receipt.tee.signature);
        EXPECT_EQ(e->eth_address, desc().payer);
        EXPECT_EQ(e->walrus_blob_id, receipt.settlement->walrus_blob_id);
        const std::uint64_t n = std::stoull(r->request_id.substr(r->request_id.rfind('-') + 1));
        EXPECT_EQ(receipt.tee.timestamp, kTeeTimestampBase + n);
    }
    EXPECT_EQ(seen, 3);
}

TEST_F(GatewayWorldTest, BatchRootsAreTheTreesOfTheirReceiptsAndProofsVerify) {
    std::map<Hash32, std::vector<const CallResult*>> batches;
    for (const CallResult* r : honest())
        if (r->spec.mode == SettlementMode::kBatch) batches[*r->receipt.settlement->tx_hash].push_back(r);
    ASSERT_EQ(batches.size(), 2u);  // 4, then 2 (the fifth batch call and the refunded one) at the end
    std::vector<std::size_t> sizes;
    for (const auto& [tx, calls] : batches) {
        sizes.push_back(calls.size());
        auto e = batch_event(tx);
        ASSERT_TRUE(e);
        std::vector<chain::AbiValues> leaves;
        for (const CallResult* r : calls) leaves.push_back(batch_leaf(r->receipt.tee));
        auto tree = chain::StandardMerkleTree::of(batch_leaf_encoding(), leaves);
        ASSERT_TRUE(tree);
        EXPECT_EQ(e->merkle_root, tree->root());
        EXPECT_EQ(e->batch_size, Uint256(calls.size()));
        for (const CallResult* r : calls) {
            SCOPED_TRACE(r->request_id);
            const auto& batch = r->receipt.settlement->batch;
            ASSERT_TRUE(batch);
            EXPECT_EQ(batch->merkle_root, e->merkle_root);
            EXPECT_EQ(batch->batch_size, calls.size());
            EXPECT_EQ(r->receipt.settlement->walrus_blob_id, e->walrus_blob_id);
            EXPECT_EQ(leaf_of(r->receipt.tee), r->leaf_hash);
            EXPECT_TRUE(chain::verify_proof(e->merkle_root, leaf_of(r->receipt.tee), batch->proof));
        }
    }
    std::sort(sizes.begin(), sizes.end());
    EXPECT_EQ(sizes, (std::vector<std::size_t>{2, 4}));
}

TEST_F(GatewayWorldTest, RefundsUseTheRefundNonce) {
    int seen = 0;
    for (const CallResult* r : honest()) {
        if (!r->spec.refund) {
            EXPECT_FALSE(r->refund_tx);
            continue;
        }
        SCOPED_TRACE(r->request_id);
        ++seen;
        ASSERT_TRUE(r->refund_tx);
        auto events = token_events(*r->refund_tx);
        ASSERT_TRUE(events);
        EXPECT_EQ(events->used.authorizer, desc().tee_payment_address);
        EXPECT_EQ(events->used.nonce, chain::refund_nonce(r->payment_nonce));
        EXPECT_EQ(events->transfer.from, desc().tee_payment_address);
        EXPECT_EQ(events->transfer.to, desc().payer);
        EXPECT_EQ(events->transfer.value, r->receipt.payment->amount);
    }
    EXPECT_EQ(seen, 2);
}

TEST_F(GatewayWorldTest, PrivateCallsArePaidButNotSettled) {
    int seen = 0;
    for (const CallResult* r : honest()) {
        if (r->spec.mode != SettlementMode::kPrivate) continue;
        ++seen;
        ASSERT_TRUE(r->receipt.settlement);
        EXPECT_EQ(r->receipt.settlement->mode, SettlementMode::kPrivate);
        EXPECT_EQ(r->receipt.settlement->chain_id, kSettlementChainId);
        EXPECT_FALSE(r->receipt.settlement->tx_hash);
        EXPECT_FALSE(r->settlement_tx);
        auto events = token_events(r->receipt.payment->payment_hash);
        ASSERT_TRUE(events);
        EXPECT_EQ(events->used.nonce, chain::binding_nonce(r->request_id, r->receipt.tee.request_hash));
        EXPECT_TRUE(signature_verifies(r->receipt.tee, desc().tee_public_key));
    }
    EXPECT_EQ(seen, 1);
}

TEST_F(GatewayWorldTest, ChangedOutputAndChangedRequestDifferOnlyInTheText) {
    const CallResult& out = by_tamper(Tamper::kChangedOutput);
    EXPECT_NE(keccak256(to_view(*out.receipt.output)), out.receipt.tee.output_hash);
    EXPECT_EQ(keccak256(to_view(out.output)), out.receipt.tee.output_hash);  // what was signed and settled
    EXPECT_EQ(individual_event(*out.settlement_tx)->output_hash, out.receipt.tee.output_hash);
    EXPECT_TRUE(signature_verifies(out.receipt.tee, desc().tee_public_key));
    EXPECT_EQ(keccak256(to_view(*out.receipt.request)), out.receipt.tee.request_hash);

    const CallResult& req = by_tamper(Tamper::kChangedRequest);
    EXPECT_NE(keccak256(to_view(*req.receipt.request)), req.receipt.tee.request_hash);
    EXPECT_EQ(keccak256(to_view(*req.receipt.output)), req.receipt.tee.output_hash);
    // The payment is bound to the signed request hash, not to the edited text.
    EXPECT_EQ(token_events(*req.payment_tx)->used.nonce,
              chain::binding_nonce(req.request_id, req.receipt.tee.request_hash));
    EXPECT_NE(req.receipt.request->find("(edited after signing)"), std::string::npos);
}

TEST_F(GatewayWorldTest, PaymentOfAnotherCallCitesAnotherBoundPayment) {
    const CallResult& r = by_tamper(Tamper::kPaymentOfAnotherCall);
    ASSERT_TRUE(r.payment_tx);
    EXPECT_NE(r.receipt.payment->payment_hash, *r.payment_tx);
    auto cited = token_events(r.receipt.payment->payment_hash);
    auto own = token_events(*r.payment_tx);
    ASSERT_TRUE(cited && own);
    EXPECT_EQ(own->used.nonce, r.receipt.payment->authorization->authorization.nonce);
    EXPECT_NE(cited->used.nonce, r.receipt.payment->authorization->authorization.nonce);
    EXPECT_NE(cited->used.nonce, chain::binding_nonce(r.request_id, r.receipt.tee.request_hash));
    EXPECT_EQ(cited->transfer.value, desc().price);
}

TEST_F(GatewayWorldTest, UnboundPaymentSucceedsWithAnotherNonce) {
    const CallResult& r = by_tamper(Tamper::kUnboundPayment);
    auto events = token_events(r.receipt.payment->payment_hash);
    ASSERT_TRUE(events);
    EXPECT_EQ(events->used.nonce, r.receipt.payment->authorization->authorization.nonce);
    EXPECT_NE(events->used.nonce, chain::binding_nonce(r.request_id, r.receipt.tee.request_hash));
    EXPECT_EQ(events->transfer.to, desc().tee_payment_address);
    EXPECT_EQ(events->transfer.value, desc().price);
}

TEST_F(GatewayWorldTest, RevertedPaymentIsMinedAndFailed) {
    const CallResult& r = by_tamper(Tamper::kRevertedPayment);
    auto receipt = tx_receipt(payment(), r.receipt.payment->payment_hash);
    ASSERT_TRUE(receipt);
    EXPECT_FALSE(receipt->receipt.success);
    EXPECT_TRUE(receipt->receipt.logs.empty());
    // The authorization stays unused, and it is the bound one.
    auto state = payment().call(desc().token, token_authorization_state_call(desc().payer, r.payment_nonce));
    ASSERT_TRUE(state && state->size() == 32);
    EXPECT_EQ((*state)[31], 0);
    EXPECT_EQ(r.payment_nonce, chain::binding_nonce(r.request_id, r.receipt.tee.request_hash));
}

TEST_F(GatewayWorldTest, UnderpaidAndWrongPayToMoveOtherAmountsOrToOthers) {
    const CallResult& under = by_tamper(Tamper::kUnderpaid);
    auto u = token_events(under.receipt.payment->payment_hash);
    ASSERT_TRUE(u);
    EXPECT_EQ(under.receipt.payment->amount, desc().price);
    EXPECT_LT(u->transfer.value, under.receipt.payment->amount);
    EXPECT_EQ(u->transfer.to, desc().tee_payment_address);
    EXPECT_EQ(u->used.nonce, chain::binding_nonce(under.request_id, under.receipt.tee.request_hash));

    const CallResult& wrong = by_tamper(Tamper::kWrongPayTo);
    auto w = token_events(wrong.receipt.payment->payment_hash);
    ASSERT_TRUE(w);
    EXPECT_EQ(w->transfer.to, wrong.receipt.payment->pay_to);
    EXPECT_NE(w->transfer.to, registered_pay_to());
    EXPECT_EQ(w->transfer.value, desc().price);
    EXPECT_EQ(w->used.nonce, chain::binding_nonce(wrong.request_id, wrong.receipt.tee.request_hash));
}

TEST_F(GatewayWorldTest, ReplayedPaymentCitesTheFirstCallsPayment) {
    const CallResult& r = by_tamper(Tamper::kReplayedPayment);
    EXPECT_FALSE(r.payment_tx);
    const CallResult& first = *honest().front();
    EXPECT_EQ(r.receipt.payment->payment_hash, first.receipt.payment->payment_hash);
    chain::CallReceipt replayed, original;
    replayed.request_id = original.request_id = "x";
    replayed.payment = r.receipt.payment;
    original.payment = first.receipt.payment;
    EXPECT_EQ(chain::to_receipt_json(replayed), chain::to_receipt_json(original));
    EXPECT_NE(token_events(r.receipt.payment->payment_hash)->used.nonce,
              chain::binding_nonce(r.request_id, r.receipt.tee.request_hash));
}

TEST_F(GatewayWorldTest, UnregisteredKeyIsNotInTheRegistry) {
    const CallResult& r = by_tamper(Tamper::kUnregisteredKey);
    EXPECT_NE(r.receipt.tee.tee_id, desc().tee_id);
    ASSERT_TRUE(r.receipt.tee.public_key);
    EXPECT_EQ(keccak256(*r.receipt.tee.public_key), r.receipt.tee.tee_id);
    EXPECT_TRUE(signature_verifies(r.receipt.tee, *r.receipt.tee.public_key));
    EXPECT_FALSE(signature_verifies(r.receipt.tee, desc().tee_public_key));
    EXPECT_FALSE(tee_enabled(r.receipt.tee.tee_id));
    auto get = settlement().call(desc().registry, registry_get_tee_call(r.receipt.tee.tee_id));
    ASSERT_FALSE(get);
    EXPECT_EQ(get.error().revert_reason, "TEE not registered");
    auto e = batch_event(*r.settlement_tx);
    ASSERT_TRUE(e);
    EXPECT_EQ(e->merkle_root, leaf_of(r.receipt.tee));  // a batch of one: root = leaf
}

TEST_F(GatewayWorldTest, DisabledTeeIsDisabledAtTheSettlementBlockOnly) {
    const CallResult& r = by_tamper(Tamper::kDisabledTee);
    EXPECT_EQ(r.receipt.tee.tee_id, desc().tee_id);
    ASSERT_TRUE(r.settlement_tx);
    EXPECT_FALSE(tee_enabled(desc().tee_id, block_of(settlement(), *r.settlement_tx)));
    EXPECT_TRUE(tee_enabled(desc().tee_id, block_of(settlement(), *r.settlement_tx, -2)));
    EXPECT_TRUE(tee_enabled(desc().tee_id));
    auto e = batch_event(*r.settlement_tx);
    ASSERT_TRUE(e);
    EXPECT_EQ(e->merkle_root, leaf_of(r.receipt.tee));
    EXPECT_TRUE(r.receipt.settlement->batch->proof.empty());
}

TEST_F(GatewayWorldTest, SettlementOtherHashesDiffersOnlyInTheHashes) {
    const CallResult& r = by_tamper(Tamper::kSettlementOtherHashes);
    EXPECT_EQ(r.spec.mode, SettlementMode::kIndividual);
    auto e = individual_event(*r.receipt.settlement->tx_hash);
    ASSERT_TRUE(e);
    EXPECT_NE(e->input_hash, r.receipt.tee.request_hash);
    EXPECT_NE(e->output_hash, r.receipt.tee.output_hash);
    EXPECT_EQ(e->tee_id, r.receipt.tee.tee_id);
    EXPECT_EQ(e->signature, r.receipt.tee.signature);
    EXPECT_EQ(e->timestamp, Uint256(r.receipt.tee.timestamp));
    EXPECT_TRUE(signature_verifies(r.receipt.tee, desc().tee_public_key));
}

TEST_F(GatewayWorldTest, BatchProofOtherLeafDoesNotReachTheRoot) {
    const CallResult& r = by_tamper(Tamper::kBatchProofOtherLeaf);
    const auto& batch = r.receipt.settlement->batch;
    ASSERT_TRUE(batch);
    auto e = batch_event(*r.settlement_tx);
    ASSERT_TRUE(e);
    EXPECT_EQ(batch->merkle_root, e->merkle_root);
    EXPECT_EQ(batch->batch_size, 2u);
    ASSERT_EQ(batch->proof.size(), 1u);
    EXPECT_FALSE(chain::verify_proof(e->merkle_root, leaf_of(r.receipt.tee), batch->proof));
    // The honest proof of this leaf in a two-leaf tree is the other leaf's hash, and that one does verify.
    EXPECT_EQ(r.leaf_hash, leaf_of(r.receipt.tee));
    EXPECT_EQ(batch->proof[0], leaf_of(r.receipt.tee));
}

TEST_F(GatewayWorldTest, PaymentNotMinedIsKnownToTheNodeWithoutABlock) {
    const CallResult& r = by_tamper(Tamper::kPaymentNotMined);
    auto tx = payment().provider().call("eth_getTransactionByHash",
                                        rpc::json::array({to_hex(r.receipt.payment->payment_hash)}));
    ASSERT_TRUE(tx);
    ASSERT_TRUE(tx->is_object()) << tx->dump();
    EXPECT_TRUE((*tx)["blockNumber"].is_null());
    EXPECT_EQ((*tx)["hash"], to_hex(r.receipt.payment->payment_hash));
    EXPECT_FALSE(tx_receipt(payment(), r.receipt.payment->payment_hash));
    // Still not mined after later blocks (every other call's transactions came after it).
    EXPECT_NE(&r, &results().back());
}

TEST_F(GatewayWorldTest, PaymentTxMissingIsUnknown) {
    const CallResult& r = by_tamper(Tamper::kPaymentTxMissing);
    EXPECT_FALSE(r.payment_tx);
    for (const DevnetClient* c : {&payment(), &settlement()}) {
        auto tx = c->provider().call("eth_getTransactionByHash",
                                     rpc::json::array({to_hex(r.receipt.payment->payment_hash)}));
        ASSERT_TRUE(tx);
        EXPECT_TRUE(tx->is_null());
    }
}

TEST_F(GatewayWorldTest, WrittenFilesParseBackAsReceiptsAndBodies) {
    const auto dir = std::filesystem::temp_directory_path() /
                     ("countersign-gateway-test-" + std::to_string(::getpid()));
    ASSERT_TRUE(write_calls(dir.string(), kSeed, results()));
    auto read = [](const std::filesystem::path& p) {
        std::ifstream in(p, std::ios::binary);
        std::ostringstream s;
        s << in.rdbuf();
        return s.str();
    };
    const auto index = nlohmann::json::parse(read(dir / "index.json"));
    ASSERT_EQ(index["calls"].size(), results().size());
    for (std::size_t i = 0; i < results().size(); ++i) {
        const CallResult& r = results()[i];
        SCOPED_TRACE(r.request_id);
        EXPECT_EQ(index["calls"][i]["request_id"], r.request_id);
        EXPECT_EQ(index["calls"][i]["tamper"], tamper_info(r.spec.tamper).name);
        EXPECT_EQ(index["calls"][i]["expected_verdict"], expected_verdict(r));
        const std::string text = read(dir / (r.request_id + ".receipt.json"));
        auto parsed = chain::parse_call_receipt(text);
        ASSERT_TRUE(parsed) << parsed.error().to_string();
        EXPECT_EQ(parsed->source, chain::ReceiptSource::kReceiptV1);
        EXPECT_EQ(chain::to_receipt_json(*parsed) + "\n", text);
        auto og = chain::parse_call_receipt(read(dir / (r.request_id + ".og.json")));
        ASSERT_TRUE(og) << og.error().to_string();
        EXPECT_EQ(og->source, chain::ReceiptSource::kOpenGradientBody);
        EXPECT_EQ(og->request_id, r.request_id);
        EXPECT_EQ(og->tee.signature, r.receipt.tee.signature);
        EXPECT_EQ(og->tee.request_hash, r.receipt.tee.request_hash);
        EXPECT_EQ(og->tee.output_hash, r.receipt.tee.output_hash);
        EXPECT_EQ(og->tee.timestamp, r.receipt.tee.timestamp);
        EXPECT_EQ(og->output, r.receipt.output);
        EXPECT_EQ(og->request, r.receipt.request);
    }
    EXPECT_EQ(index["calls"][7]["expected_verdict"], "refunded");
    std::filesystem::remove_all(dir);
}

// Two fresh worlds, same seed: the same receipts, except transaction hashes (they depend on nonces and fees).
TEST(GatewayDeterminism, SameSeedSameReceipts) {
    auto a = run_world(7);
    ASSERT_TRUE(a) << a.error();
    auto b = run_world(7);
    ASSERT_TRUE(b) << b.error();
    ASSERT_EQ(a->results.size(), b->results.size());
    // Fixed genesis timestamps: each chain's checkpoint repeats, and the two chains' differ.
    EXPECT_EQ(a->world->description().payment.checkpoint_hash, b->world->description().payment.checkpoint_hash);
    EXPECT_EQ(a->world->description().settlement.checkpoint_hash,
              b->world->description().settlement.checkpoint_hash);
    EXPECT_NE(a->world->description().payment.checkpoint_hash, a->world->description().settlement.checkpoint_hash);
    std::size_t equal_tx_hashes = 0;
    for (std::size_t i = 0; i < a->results.size(); ++i) {
        chain::CallReceipt x = a->results[i].receipt;
        chain::CallReceipt y = b->results[i].receipt;
        SCOPED_TRACE(x.request_id);
        if (x.payment && y.payment) {
            equal_tx_hashes += x.payment->payment_hash == y.payment->payment_hash;
            y.payment->payment_hash = x.payment->payment_hash;
        }
        if (x.settlement && y.settlement) y.settlement->tx_hash = x.settlement->tx_hash;
        EXPECT_EQ(chain::to_receipt_json(x), chain::to_receipt_json(y));
    }
    // A different seed changes ids, signatures and nonces.
    auto c = Gateway::open(b->world->description(), {8, 4});
    ASSERT_TRUE(c) << c.error();
    const CallSpec one[] = {CallSpec{}};
    auto other = (*c)->run(one);
    ASSERT_TRUE(other) << other.error();
    EXPECT_EQ(other->front().request_id, "cs-8-0001");
    EXPECT_NE(other->front().receipt.tee.signature, a->results.front().receipt.tee.signature);
    RecordProperty("equal_payment_tx_hashes", static_cast<int>(equal_tx_hashes));
}

}  // namespace
}  // namespace countersign::devnet
