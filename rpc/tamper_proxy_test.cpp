// SPDX-License-Identifier: Apache-2.0
// The light client against a real node behind a lying proxy (rpc/testing/tamper_proxy): anvil mines real
// signed transactions, the proxy alters one kind of answer per mode, and every tampering must end in a
// refusal naming the cause (or a transport error for the body and timeout modes), never in verified data.
// With mode "none" everything verifies. Two providers (the node direct + the proxy) under a 2-of-2 quorum
// are refused as PROVIDERS_DISAGREE with both answers kept.
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "chain/transaction.hpp"
#include "crypto/hex.hpp"
#include "crypto/keccak.hpp"
#include "crypto/secp256k1.hpp"
#include "rpc/fetch.hpp"
#include "rpc/http_provider.hpp"
#include "rpc/quorum.hpp"
#include "rpc/testing/anvil.hpp"
#include "rpc/testing/tamper_proxy.hpp"
#include "rpc/testing/tx_signer.hpp"

namespace countersign::rpc {
namespace {

using namespace std::chrono_literals;
using testing::Anvil;
using testing::TamperMode;
using testing::TamperProxy;
using verify::RefusalCode;

const Address kRecipient = *parse_hex_fixed<20>("0x00000000000000000000000000000000c0ffee01");
const Hash32 kTopic = keccak256(ByteView{reinterpret_cast<const std::uint8_t*>("Paid(uint256)"), 13});

Bytes log_emitting_init_code() { return testing::log_emitting_init_code(kTopic); }

chain::Transaction make_tx(std::uint64_t nonce, std::optional<Address> to, Uint256 value, Bytes data) {
    return testing::dynamic_fee_tx(nonce, to, value, std::move(data));
}

// The direct node without debug_getRawHeader, as the proxy presents it, so both answer the same methods.
class NoRawHeaders final : public Provider {
public:
    explicit NoRawHeaders(Provider& inner) : inner_(inner) {}
    const std::string& name() const noexcept override { return inner_.name(); }
    CallResult call(std::string_view method, const json& params) override {
        if (method == "debug_getRawHeader")
            return unexpected(RpcError{RpcErrorKind::kRpcError, "method not found", name(), std::string{method},
                                       -32601, nullptr, 0, 1});
        return inner_.call(method, params);
    }
    BatchResult batch(std::span<const Call> calls) override { return inner_.batch(calls); }

private:
    Provider& inner_;
};

class TamperProxyAnvil : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        auto started = Anvil::start();
        ASSERT_TRUE(started) << started.error();
        anvil_ = std::move(*started);
        // Another chain with the same id: a different genesis (timestamp), so its blocks link to nothing here.
        auto other = Anvil::start(testing::AnvilOptions{31337, {"--timestamp", "1000000"}, 30'000ms});
        ASSERT_TRUE(other) << other.error();
        other_ = std::move(*other);
        auto p = HttpProvider::create(anvil_->url());
        ASSERT_TRUE(p) << p.error().to_string();
        node_ = std::move(*p);
        auto o = HttpProvider::create(other_->url());
        ASSERT_TRUE(o) << o.error().to_string();
        for (int i = 0; i < 6; ++i) ASSERT_TRUE((*o)->call("evm_mine", json::array()));

        auto genesis = node_->call("eth_getBlockByNumber", json::array({"0x0", false}));
        ASSERT_TRUE(genesis) << genesis.error().to_string();
        config_ = verify::ChainConfig{
            31337, verify::Checkpoint{0, *parse_hex_fixed<32>((*genesis)["hash"].get<std::string>())}, 1};

        ASSERT_TRUE(node_->call("evm_setAutomine", json::array({false})));
        transfer_ = send(make_tx(0, kRecipient, Uint256{1'000'000'007}, {}));
        deploy_ = send(make_tx(1, std::nullopt, Uint256{}, log_emitting_init_code()));
        send(make_tx(2, kRecipient, Uint256{5}, {}));
        ASSERT_TRUE(node_->call("evm_mine", json::array()));  // block 1: all three
        send(make_tx(3, std::nullopt, Uint256{}, log_emitting_init_code()));
        ASSERT_TRUE(node_->call("evm_mine", json::array()));  // block 2
        for (int i = 0; i < 4; ++i) ASSERT_TRUE(node_->call("evm_mine", json::array()));  // head 6

        auto proxy = TamperProxy::start(anvil_->url(), other_->url());
        ASSERT_TRUE(proxy) << proxy.error();
        proxy_ = std::move(*proxy);
    }
    static void TearDownTestSuite() {
        proxy_.reset();
        node_.reset();
        other_.reset();
        anvil_.reset();
    }

    static Hash32 send(const chain::Transaction& t) {
        auto r = node_->call("eth_sendRawTransaction", json::array({to_hex(chain::encode_transaction(t))}));
        EXPECT_TRUE(r) << (r ? "" : r.error().to_string());
        return chain::transaction_hash(t);
    }

    // A client that talks to the proxy only (fresh store: nothing verified yet).
    struct Client {
        std::unique_ptr<HttpProvider> provider;
        std::unique_ptr<Fetcher> fetcher;
        std::unique_ptr<LightClient> light;
    };
    static Client through_proxy(HttpOptions options = {}) {
        Client c;
        auto p = HttpProvider::create(proxy_->url(), options);
        EXPECT_TRUE(p);
        c.provider = std::move(*p);
        c.fetcher = std::make_unique<Fetcher>(std::vector<Provider*>{c.provider.get()});
        c.light = std::make_unique<LightClient>(config_, *c.fetcher);
        return c;
    }

    static inline std::unique_ptr<Anvil> anvil_, other_;
    static inline std::unique_ptr<HttpProvider> node_;
    static inline std::unique_ptr<TamperProxy> proxy_;
    static inline verify::ChainConfig config_;
    static inline Hash32 transfer_, deploy_;
};

// The error is a refusal with one of the expected codes.
template <class T>
void expect_refused(const Fetched<T>& r, std::set<RefusalCode> codes, TamperMode mode) {
    ASSERT_FALSE(r.has_value()) << testing::to_string(mode) << ": tampered data came back verified";
    ASSERT_EQ(r.error().kind, FetchError::Kind::kRefused) << testing::to_string(mode) << ": " << r.error().to_string();
    ASSERT_TRUE(r.error().refusal);
    EXPECT_TRUE(codes.count(r.error().refusal->code))
        << testing::to_string(mode) << ": " << r.error().to_string();
    std::cout << testing::to_string(mode) << " -> " << r.error().to_string() << "\n";
}

template <class T>
void expect_transport(const Fetched<T>& r, std::set<RpcErrorKind> kinds, TamperMode mode) {
    ASSERT_FALSE(r.has_value()) << testing::to_string(mode);
    ASSERT_EQ(r.error().kind, FetchError::Kind::kRpc) << testing::to_string(mode) << ": " << r.error().to_string();
    ASSERT_TRUE(r.error().rpc);
    EXPECT_TRUE(kinds.count(r.error().rpc->kind)) << testing::to_string(mode) << ": " << r.error().to_string();
    std::cout << testing::to_string(mode) << " -> " << r.error().to_string() << "\n";
}

TEST_F(TamperProxyAnvil, ModeNoneVerifiesEverything) {
    proxy_->set_mode(TamperMode::kNone);
    auto c = through_proxy();
    ASSERT_TRUE(c.light->check_chain_id());
    auto head = c.light->sync_to_head();
    ASSERT_TRUE(head) << head.error().to_string();
    EXPECT_EQ(head->block_number(), 6u);
    auto tx = c.light->transaction(transfer_);
    ASSERT_TRUE(tx) << tx.error().to_string();
    auto receipt = c.light->receipt(deploy_);
    ASSERT_TRUE(receipt) << receipt.error().to_string();
    EXPECT_EQ((*receipt)->receipt.logs.size(), 1u);
    auto block = c.light->block(1);
    ASSERT_TRUE(block) << block.error().to_string();
    auto receipts = c.light->block_receipts(*block);
    ASSERT_TRUE(receipts) << receipts.error().to_string();
    auto logs = c.light->logs(verify::LogFilter{0, 6, {}, {{kTopic}}});
    ASSERT_TRUE(logs) << logs.error().to_string();
    EXPECT_EQ(logs->value().size(), 2u);
    auto balance = c.light->account(kRecipient, {}, 2);
    ASSERT_TRUE(balance) << balance.error().to_string();
    EXPECT_EQ(proxy_->tampered(), 0u);
}

TEST_F(TamperProxyAnvil, EveryDataTamperingIsRefused) {
    struct Case {
        TamperMode mode;
        std::set<RefusalCode> codes;
    };
    const std::vector<Case> cases = {
        {TamperMode::kHeaderField, {RefusalCode::kHeaderHashMismatch}},
        {TamperMode::kTransactionField, {RefusalCode::kTransactionsRootMismatch}},
        {TamperMode::kReceiptStatus, {RefusalCode::kReceiptsRootMismatch}},
        {TamperMode::kLogData, {RefusalCode::kReceiptsRootMismatch}},
        {TamperMode::kLogTopic, {RefusalCode::kReceiptsRootMismatch}},
        {TamperMode::kDropLog, {RefusalCode::kLogsIncomplete}},
        {TamperMode::kDropReceipt, {RefusalCode::kReceiptsRootMismatch}},
        {TamperMode::kReorderReceipts, {RefusalCode::kReceiptsRootMismatch}},
        {TamperMode::kProofNode, {RefusalCode::kProofInvalid}},
        {TamperMode::kOtherFork, {RefusalCode::kNotLinked}},
        {TamperMode::kWrongChainId, {RefusalCode::kChainIdMismatch}},
    };
    for (const auto& tc : cases) {
        SCOPED_TRACE(std::string{testing::to_string(tc.mode)});
        proxy_->set_mode(tc.mode);
        const std::uint64_t before = proxy_->tampered();
        auto c = through_proxy();
        switch (tc.mode) {
            case TamperMode::kHeaderField:
            case TamperMode::kOtherFork:
                expect_refused(c.light->header(3), tc.codes, tc.mode);
                break;
            case TamperMode::kTransactionField:
                expect_refused(c.light->transaction(transfer_), tc.codes, tc.mode);
                break;
            case TamperMode::kReceiptStatus:
                expect_refused(c.light->receipt(transfer_), tc.codes, tc.mode);
                break;
            case TamperMode::kLogData:
            case TamperMode::kLogTopic:
                expect_refused(c.light->receipt(deploy_), tc.codes, tc.mode);
                break;
            case TamperMode::kDropLog:
                expect_refused(c.light->logs(verify::LogFilter{0, 6, {}, {{kTopic}}}), tc.codes, tc.mode);
                break;
            case TamperMode::kDropReceipt:
            case TamperMode::kReorderReceipts: {
                auto block = c.light->block(1);
                ASSERT_TRUE(block) << block.error().to_string();
                expect_refused(c.light->block_receipts(*block), tc.codes, tc.mode);
                break;
            }
            case TamperMode::kProofNode:
                expect_refused(c.light->account(kRecipient, {}, 2), tc.codes, tc.mode);
                break;
            case TamperMode::kWrongChainId:
                expect_refused(c.light->check_chain_id(), tc.codes, tc.mode);
                break;
            default:
                FAIL();
        }
        EXPECT_GT(proxy_->tampered(), before) << "the mode never applied";
    }
    // The log tampering also reaches eth_getLogs answers: refused as well, never matched.
    proxy_->set_mode(TamperMode::kLogData);
    auto c = through_proxy();
    auto logs = c.light->logs(verify::LogFilter{0, 6, {}, {{kTopic}}});
    ASSERT_FALSE(logs);
    EXPECT_EQ(logs.error().kind, FetchError::Kind::kRefused) << logs.error().to_string();
    proxy_->set_mode(TamperMode::kNone);
}

TEST_F(TamperProxyAnvil, BodyAndTimeoutModesAreTransportErrors) {
    HttpOptions quick;
    quick.read_timeout = 500ms;
    quick.total_timeout = 1500ms;
    quick.max_retries = 0;
    proxy_->set_slow_delay(2000ms);
    struct Case {
        TamperMode mode;
        std::set<RpcErrorKind> kinds;
    };
    const std::vector<Case> cases = {
        {TamperMode::kOversizedBody, {RpcErrorKind::kBodyTooLarge}},
        {TamperMode::kDeepNesting, {RpcErrorKind::kJsonTooDeep}},
        {TamperMode::kSlowResponse, {RpcErrorKind::kTimeout}},
        {TamperMode::kNoResponse, {RpcErrorKind::kTimeout}},
    };
    for (const auto& tc : cases) {
        SCOPED_TRACE(std::string{testing::to_string(tc.mode)});
        proxy_->set_mode(tc.mode);
        auto c = through_proxy(tc.mode == TamperMode::kOversizedBody || tc.mode == TamperMode::kDeepNesting
                                   ? HttpOptions{}
                                   : quick);
        expect_transport(c.light->header(1), tc.kinds, tc.mode);
    }
    proxy_->set_mode(TamperMode::kNone);
}

TEST_F(TamperProxyAnvil, StaleHeadNeedsAQuorumToBeSeen) {
    proxy_->set_mode(TamperMode::kStaleHead);
    // Alone, a stale head is a real (old) block: verified, but not the head. Nothing false is verified.
    auto c = through_proxy();
    auto stale = c.light->sync_to_head();
    ASSERT_TRUE(stale) << stale.error().to_string();
    EXPECT_EQ(stale->block_number(), 3u);
    auto real = node_->call("eth_getBlockByNumber", json::array({"0x3", false}));
    ASSERT_TRUE(real);
    EXPECT_EQ(to_hex(stale->block_hash()), (*real)["hash"].get<std::string>());
    // Next to an honest node it is a disagreement.
    auto p = HttpProvider::create(proxy_->url());
    ASSERT_TRUE(p);
    NoRawHeaders direct{*node_};
    QuorumProvider quorum{{&direct, p->get()}, {2, 5000ms}};
    Fetcher fetcher{quorum};
    LightClient light{config_, fetcher};
    expect_refused(light.sync_to_head(), {RefusalCode::kProvidersDisagree}, TamperMode::kStaleHead);
    proxy_->set_mode(TamperMode::kNone);
}

TEST_F(TamperProxyAnvil, HonestNodeAndTamperingProxyUnderTwoOfTwoDisagree) {
    proxy_->set_mode(TamperMode::kHeaderField);
    auto p = HttpProvider::create(proxy_->url());
    ASSERT_TRUE(p);
    NoRawHeaders direct{*node_};
    QuorumProvider quorum{{&direct, p->get()}, {2, 5000ms}};
    Fetcher fetcher{quorum};
    LightClient light{config_, fetcher};
    auto h = light.header(1);
    ASSERT_FALSE(h) << "tampered header verified";
    ASSERT_EQ(h.error().kind, FetchError::Kind::kRefused) << h.error().to_string();
    EXPECT_EQ(h.error().refusal->code, RefusalCode::kProvidersDisagree) << h.error().to_string();
    ASSERT_TRUE(quorum.last_failure());
    const QuorumFailure& f = *quorum.last_failure();
    ASSERT_EQ(f.answers.size(), 2u);
    EXPECT_EQ(f.answers[0].provider, node_->name());
    EXPECT_EQ(f.answers[1].provider, (*p)->name());
    EXPECT_TRUE(f.answers[0].answered);
    EXPECT_TRUE(f.answers[1].answered);
    EXPECT_NE(answer_key(f.answers[0].result), answer_key(f.answers[1].result));
    EXPECT_NE(h.error().refusal->detail.find(node_->name()), std::string::npos);
    EXPECT_NE(h.error().refusal->detail.find((*p)->name()), std::string::npos);
    proxy_->set_mode(TamperMode::kNone);
}

TEST_F(TamperProxyAnvil, TwoHonestOfThreeOutvoteTheProxyWhichIsReported) {
    proxy_->set_mode(TamperMode::kHeaderField);
    auto p = HttpProvider::create(proxy_->url());
    auto second = HttpProvider::create(anvil_->url());
    ASSERT_TRUE(p && second);
    NoRawHeaders direct{*node_}, direct2{**second};
    QuorumProvider quorum{{&direct, p->get(), &direct2}, {2, 5000ms}};
    Fetcher fetcher{quorum};
    LightClient light{config_, fetcher};
    auto h = light.header(2);
    ASSERT_TRUE(h) << h.error().to_string();
    EXPECT_EQ(h->block_number(), 2u);
    ASSERT_FALSE(quorum.dissents().empty());
    for (const auto& d : quorum.dissents()) {
        EXPECT_EQ(d.provider, (*p)->name());
        EXPECT_NE(d.answer, d.majority);
    }
    proxy_->set_mode(TamperMode::kNone);
}

}  // namespace
}  // namespace countersign::rpc
