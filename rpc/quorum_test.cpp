// SPDX-License-Identifier: Apache-2.0
// The k-of-n quorum over scripted providers: one that lies, two that agree, all disagreeing, one dead, one
// slow; and through the Fetcher, where a disagreement is the refusal PROVIDERS_DISAGREE.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "rpc/fetch.hpp"
#include "rpc/quorum.hpp"
#include "rpc/recorded_provider.hpp"

namespace countersign::rpc {
namespace {

using namespace std::chrono_literals;

// Answers every call with answer(method, params), after an optional delay; or fails in transport (dead).
class ScriptedProvider final : public Provider {
public:
    using Answer = std::function<CallResult(std::string_view, const json&)>;
    ScriptedProvider(std::string name, Answer answer, std::chrono::milliseconds delay = 0ms)
        : name_(std::move(name)), answer_(std::move(answer)), delay_(delay) {}
    const std::string& name() const noexcept override { return name_; }
    CallResult call(std::string_view method, const json& params) override {
        ++calls;
        if (delay_.count() > 0) std::this_thread::sleep_for(delay_);
        return answer_(method, params);
    }
    BatchResult batch(std::span<const Call>) override {
        return unexpected(RpcError{RpcErrorKind::kInvalidRequest, "no batches", name_, "batch", 0, nullptr, 0, 0});
    }
    std::atomic<int> calls{0};

private:
    std::string name_;
    Answer answer_;
    std::chrono::milliseconds delay_;
};

ScriptedProvider::Answer constant(json value) {
    return [value](std::string_view, const json&) -> CallResult { return value; };
}
ScriptedProvider::Answer dead() {
    return [](std::string_view method, const json&) -> CallResult {
        return unexpected(RpcError{RpcErrorKind::kConnect, "connection refused", "dead", std::string{method}, 0,
                                   nullptr, 0, 1});
    };
}
ScriptedProvider::Answer rpc_error(std::int64_t code, std::string message) {
    return [code, message](std::string_view method, const json&) -> CallResult {
        return unexpected(RpcError{RpcErrorKind::kRpcError, message, "x", std::string{method}, code, nullptr, 0, 1});
    };
}

const json kHash = "0x88e96d4537bea4d9c05d12549907b32561d3bf31f45aae734cdc119f13406cb6";
const json kOtherHash = "0xb495a1d7e6663152ae92708da4843337b958146015a2802f4193a410044698c9";
const json kThirdHash = "0x3d6122660cc824376f11ee842f83addc3525e2dd6756b9bcf0affa6aa88cf741";

TEST(Quorum, TwoAgreeOneLiesIsAcceptedAndTheLiarReported) {
    ScriptedProvider a{"a", constant(kHash)}, liar{"liar", constant(kOtherHash)}, c{"c", constant(kHash)};
    QuorumProvider q{{&a, &liar, &c}, {2, 2000ms}};
    EXPECT_EQ(q.name(), "quorum(2/3:a,liar,c)");
    auto r = q.ask("eth_getBlockByNumber", json::array({"0x1", false}));
    ASSERT_TRUE(r);
    ASSERT_TRUE(*r);
    EXPECT_EQ(**r, kHash);
    ASSERT_EQ(q.dissents().size(), 1u);
    const Dissent& d = q.dissents()[0];
    EXPECT_EQ(d.provider, "liar");
    EXPECT_EQ(d.method, "eth_getBlockByNumber");
    EXPECT_EQ(d.params, json::array({"0x1", false}));
    EXPECT_EQ(d.answer, json({{"result", kOtherHash}}));
    EXPECT_EQ(d.majority, json({{"result", kHash}}));
    EXPECT_FALSE(q.last_failure());
}

TEST(Quorum, TwoOfTwoWithALiarIsProvidersDisagreeCarryingBothAnswers) {
    ScriptedProvider honest{"honest", constant(kHash)}, liar{"liar", constant(kOtherHash)};
    QuorumProvider q{{&honest, &liar}, {2, 2000ms}};
    auto r = q.ask("eth_getBlockByNumber", json::array({"0x1", false}));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, QuorumFailure::Kind::kDisagree);
    ASSERT_EQ(r.error().answers.size(), 2u);
    EXPECT_EQ(r.error().answers[0].provider, "honest");
    EXPECT_EQ(*r.error().answers[0].result, kHash);
    EXPECT_EQ(r.error().answers[1].provider, "liar");
    EXPECT_EQ(*r.error().answers[1].result, kOtherHash);
    const verify::Refusal refusal = r.error().refusal();
    EXPECT_EQ(refusal.code, verify::RefusalCode::kProvidersDisagree);
    EXPECT_NE(refusal.detail.find("honest: {\"result\":" + kHash.dump()), std::string::npos) << refusal.detail;
    EXPECT_NE(refusal.detail.find("liar: {\"result\":" + kOtherHash.dump()), std::string::npos) << refusal.detail;
    EXPECT_NE(refusal.to_string().find("PROVIDERS_DISAGREE"), std::string::npos);
    ASSERT_TRUE(q.last_failure());
    EXPECT_EQ(q.last_failure()->answers.size(), 2u);
    // Through the Provider interface the disagreement is an error, never an answer.
    auto c = q.call("eth_getBlockByNumber", json::array({"0x1", false}));
    ASSERT_FALSE(c);
    EXPECT_NE(c.error().message.find("PROVIDERS_DISAGREE"), std::string::npos);
}

TEST(Quorum, AllDisagreeIsRefusedWithEveryAnswer) {
    ScriptedProvider a{"a", constant(kHash)}, b{"b", constant(kOtherHash)}, c{"c", constant(kThirdHash)};
    QuorumProvider q{{&a, &b, &c}, {2, 2000ms}};
    auto r = q.ask("eth_call", json::array({json::object(), "latest"}));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, QuorumFailure::Kind::kDisagree);
    const std::string detail = r.error().refusal().detail;
    for (const auto& h : {kHash, kOtherHash, kThirdHash})
        EXPECT_NE(detail.find(h.get<std::string>()), std::string::npos);
    EXPECT_TRUE(q.dissents().empty());
}

TEST(Quorum, ADeadProviderIsNoAnswerAndQuorumIsSoughtAmongTheRest) {
    ScriptedProvider a{"a", constant(kHash)}, gone{"gone", dead()}, c{"c", constant(kHash)};
    {
        QuorumProvider q{{&a, &gone, &c}, {2, 2000ms}};
        auto r = q.ask("eth_blockNumber", json::array());
        ASSERT_TRUE(r);
        EXPECT_EQ(**r, kHash);
        EXPECT_TRUE(q.dissents().empty());  // silence is not dissent
    }
    {
        QuorumProvider q{{&a, &gone, &c}, {3, 2000ms}};
        auto r = q.ask("eth_blockNumber", json::array());
        ASSERT_FALSE(r);
        EXPECT_EQ(r.error().kind, QuorumFailure::Kind::kTooFewAnswers);
        EXPECT_FALSE(r.error().answers[1].answered);
        EXPECT_EQ(r.error().rpc_error().kind, RpcErrorKind::kConnect);
        // Fetcher: too few answers is a transport error, not a refusal.
        Fetcher fetcher{q};
        auto n = fetcher.block_number();
        ASSERT_FALSE(n);
        EXPECT_EQ(n.error().kind, FetchError::Kind::kRpc);
    }
    {
        // A dead provider among disagreeing ones: still a disagreement.
        ScriptedProvider liar{"liar", constant(kOtherHash)};
        QuorumProvider q{{&a, &gone, &liar}, {2, 2000ms}};
        auto r = q.ask("eth_blockNumber", json::array());
        ASSERT_FALSE(r);
        EXPECT_EQ(r.error().kind, QuorumFailure::Kind::kDisagree);
        EXPECT_NE(r.error().refusal().detail.find("gone: no answer"), std::string::npos);
    }
}

TEST(Quorum, ASlowProviderTimesOutAndIsSkippedUntilItReturns) {
    ScriptedProvider a{"a", constant(kHash)}, slow{"slow", constant(kOtherHash), 2500ms}, c{"c", constant(kHash)};
    QuorumProvider q{{&a, &slow, &c}, {2, 400ms}};
    const auto start = std::chrono::steady_clock::now();
    auto r = q.ask("eth_blockNumber", json::array());
    const auto elapsed = std::chrono::steady_clock::now() - start;
    ASSERT_TRUE(r);
    EXPECT_EQ(**r, kHash);
    EXPECT_LT(elapsed, 2000ms);
    EXPECT_TRUE(q.dissents().empty());  // its (late, lying) answer was never counted
    // Still busy: skipped without a second concurrent call.
    auto again = q.ask("eth_blockNumber", json::array());
    ASSERT_TRUE(again);
    EXPECT_EQ(slow.calls.load(), 1);

    QuorumProvider strict{{&a, &slow}, {2, 400ms}};
    auto r2 = strict.ask("eth_blockNumber", json::array());
    ASSERT_FALSE(r2);
    EXPECT_EQ(r2.error().kind, QuorumFailure::Kind::kTooFewAnswers);
    EXPECT_EQ(r2.error().rpc_error().kind, RpcErrorKind::kTimeout);
}

TEST(Quorum, AgreedJsonRpcErrorsAreAnAnswerSoFallbacksStillWork) {
    ScriptedProvider a{"a", rpc_error(-32601, "method not found")}, b{"b", rpc_error(-32601, "Method not found!")};
    QuorumProvider q{{&a, &b}, {2, 2000ms}};
    auto r = q.ask("debug_getRawHeader", json::array({"0x1"}));
    ASSERT_TRUE(r);
    ASSERT_FALSE(*r);
    EXPECT_EQ(r->error().code, -32601);

    ScriptedProvider c{"c", rpc_error(-32000, "header not found")};
    QuorumProvider q2{{&a, &c}, {2, 2000ms}};
    auto r2 = q2.ask("debug_getRawHeader", json::array({"0x1"}));
    ASSERT_FALSE(r2);
    EXPECT_EQ(r2.error().kind, QuorumFailure::Kind::kDisagree);
}

TEST(Quorum, FetcherRefusesADisagreementAsProvidersDisagree) {
    ScriptedProvider honest{"honest", constant("0x1")}, liar{"liar", constant("0x2")};
    QuorumProvider q{{&honest, &liar}, {2, 2000ms}};
    Fetcher fetcher{q};
    auto id = fetcher.chain_id();
    ASSERT_FALSE(id);
    EXPECT_EQ(id.error().kind, FetchError::Kind::kRefused);
    ASSERT_TRUE(id.error().refusal);
    EXPECT_EQ(id.error().refusal->code, verify::RefusalCode::kProvidersDisagree);
    EXPECT_EQ(id.error().refusal->field, "eth_chainId");
    EXPECT_NE(id.error().refusal->detail.find("honest: {\"result\":\"0x1\"}"), std::string::npos);
    EXPECT_NE(id.error().refusal->detail.find("liar: {\"result\":\"0x2\"}"), std::string::npos);

    ScriptedProvider second{"second", constant("0x1")};
    QuorumProvider agree{{&honest, &second}, {2, 2000ms}};
    Fetcher ok{agree};
    auto id2 = ok.chain_id();
    ASSERT_TRUE(id2) << id2.error().to_string();
    EXPECT_EQ(*id2, 1u);
}

// Recorded nodes: two recordings agree on block 1's hash, a third recorded another one.
TEST(Quorum, RecordedProvidersOneLies) {
    auto recording = [](const json& hash) {
        return ">> {\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_getBlockByNumber\",\"params\":[\"0x1\",false]}\n"
               "<< {\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"number\":\"0x1\",\"hash\":" +
               hash.dump() + "}}\n";
    };
    auto a = RecordedProvider::from_text("a", recording(kHash));
    auto b = RecordedProvider::from_text("b", recording(kHash));
    auto liar = RecordedProvider::from_text("liar", recording(kOtherHash));
    ASSERT_TRUE(a && b && liar);
    QuorumProvider q{{&*a, &*liar, &*b}, {2, 2000ms}};
    auto r = q.ask("eth_getBlockByNumber", json::array({"0x1", false}));
    ASSERT_TRUE(r);
    ASSERT_TRUE(*r);
    EXPECT_EQ((**r)["hash"], kHash);
    ASSERT_EQ(q.dissents().size(), 1u);
    EXPECT_EQ(q.dissents()[0].provider, "recorded:liar");
    EXPECT_EQ(q.dissents()[0].answer["result"]["hash"], kOtherHash);
    EXPECT_EQ(q.dissents()[0].majority["result"]["hash"], kHash);
    // A request nobody recorded is "not recorded" from all: an agreed answer, so fallbacks work.
    auto missing = q.ask("eth_getBlockReceipts", json::array({kHash}));
    ASSERT_TRUE(missing);
    ASSERT_FALSE(*missing);
    EXPECT_EQ(missing->error().kind, RpcErrorKind::kNotRecorded);
}

}  // namespace
}  // namespace countersign::rpc
