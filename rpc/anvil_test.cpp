// SPDX-License-Identifier: Apache-2.0
// Against a real node: anvil from devnet/node_modules. A missing anvil fails these tests (with the install
// command), it never skips them.
#include <gtest/gtest.h>

#include <chrono>
#include <csignal>

#include <boost/asio/io_context.hpp>

#include "rpc/http_client.hpp"
#include "rpc/http_provider.hpp"
#include "rpc/testing/anvil.hpp"

namespace countersign::rpc {
namespace {

using namespace std::chrono_literals;
using testing::Anvil;
using Clock = std::chrono::steady_clock;

class AnvilTest : public ::testing::Test {
protected:
    void SetUp() override {
        auto started = Anvil::start();
        ASSERT_TRUE(started) << started.error();
        anvil_ = std::move(*started);
        std::cout << "anvil " << anvil_->url() << " ready in " << anvil_->startup_time().count() << " ms\n";
        auto p = HttpProvider::create(anvil_->url());
        ASSERT_TRUE(p) << p.error().to_string();
        provider_ = std::move(*p);
    }

    std::unique_ptr<Anvil> anvil_;
    std::unique_ptr<HttpProvider> provider_;
};

TEST_F(AnvilTest, ChainIdAndBlockNumber) {
    auto id = provider_->call("eth_chainId", json::array());
    ASSERT_TRUE(id) << id.error().to_string();
    EXPECT_EQ(*id, "0x7a69");  // 31337
    auto n = provider_->call("eth_blockNumber", json::array());
    ASSERT_TRUE(n) << n.error().to_string();
    EXPECT_EQ(*n, "0x0");
    ASSERT_TRUE(provider_->call("evm_mine", json::array()));
    EXPECT_EQ(*provider_->call("eth_blockNumber", json::array()), "0x1");
}

TEST_F(AnvilTest, GetBlockByNumberReturnsABlock) {
    ASSERT_TRUE(provider_->call("evm_mine", json::array()));
    auto block = provider_->call("eth_getBlockByNumber", json::array({"latest", true}));
    ASSERT_TRUE(block) << block.error().to_string();
    ASSERT_TRUE(block->is_object());
    EXPECT_EQ((*block)["number"], "0x1");
    for (const char* field : {"hash", "parentHash", "stateRoot", "transactionsRoot", "receiptsRoot", "logsBloom"})
        EXPECT_TRUE((*block)[field].is_string()) << field;
    EXPECT_EQ((*block)["hash"].get<std::string>().size(), 66u);
    EXPECT_TRUE((*block)["transactions"].is_array());
    auto missing = provider_->call("eth_getBlockByNumber", json::array({"0x100", false}));
    ASSERT_TRUE(missing) << missing.error().to_string();
    EXPECT_TRUE(missing->is_null());
}

TEST_F(AnvilTest, Batch) {
    std::vector<Call> calls = {{"eth_chainId", json::array()},
                               {"eth_blockNumber", json::array()},
                               {"eth_getBlockByNumber", json::array({"0x0", false})},
                               {"no_such_method", json::array()}};
    auto r = provider_->batch(calls);
    ASSERT_TRUE(r) << r.error().to_string();
    ASSERT_EQ(r->size(), 4u);
    EXPECT_EQ(*(*r)[0], "0x7a69");
    EXPECT_EQ(*(*r)[1], "0x0");
    EXPECT_EQ((*(*r)[2])["number"], "0x0");
    ASSERT_FALSE((*r)[3]);
    EXPECT_EQ((*r)[3].error().kind, RpcErrorKind::kRpcError);
    EXPECT_EQ((*r)[3].error().method, "no_such_method");
}

TEST_F(AnvilTest, UnknownMethodIsAnErrorValue) {
    auto r = provider_->call("eth_noSuchMethod", json::array());
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, RpcErrorKind::kRpcError);
    EXPECT_EQ(r.error().code, -32601) << r.error().to_string();
    EXPECT_EQ(r.error().method, "eth_noSuchMethod");
    EXPECT_EQ(r.error().provider, anvil_->url() + "/");
    EXPECT_EQ(r.error().attempts, 1u);
    auto bad_params = provider_->call("eth_getBlockByNumber", json::array({"not-a-block"}));
    ASSERT_FALSE(bad_params);
    EXPECT_EQ(bad_params.error().kind, RpcErrorKind::kRpcError);
}

TEST_F(AnvilTest, RoundTripLatencyAndKeepAlive) {
    constexpr int kCalls = 200;
    const auto start = Clock::now();
    for (int i = 0; i < kCalls; ++i) ASSERT_TRUE(provider_->call("eth_chainId", json::array()));
    const auto took = Clock::now() - start;
    EXPECT_EQ(provider_->stats().connections_opened, 1u);
    std::cout << "sequential eth_chainId round trip: "
              << std::chrono::duration_cast<std::chrono::microseconds>(took).count() / kCalls << " us mean over "
              << kCalls << " calls, " << provider_->stats().connections_opened << " connection\n";

    boost::asio::io_context ioc;
    auto client = HttpClient::create(ioc, anvil_->url());
    ASSERT_TRUE(client);
    int ok = 0;
    const auto concurrent_start = Clock::now();
    for (int i = 0; i < 1000; ++i)
        (*client)->async_call("eth_blockNumber", json::array(), [&](CallResult r) { ok += r ? 1 : 0; });
    ioc.run();
    const auto concurrent = Clock::now() - concurrent_start;
    EXPECT_EQ(ok, 1000);
    std::cout << "1000 concurrent eth_blockNumber on one thread: "
              << std::chrono::duration_cast<std::chrono::milliseconds>(concurrent).count() << " ms over "
              << (*client)->stats().connections_opened << " connections\n";
    client->reset();
    ioc.restart();
    ioc.run();
}

TEST_F(AnvilTest, NodeGoneIsATransportError) {
    const std::string url = anvil_->url();
    anvil_.reset();  // kills the node
    HttpOptions o;
    o.max_retries = 1;
    o.backoff_initial = 10ms;
    auto p = HttpProvider::create(url, o);
    ASSERT_TRUE(p);
    auto r = (*p)->call("eth_chainId", json::array());
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, RpcErrorKind::kConnect) << r.error().to_string();
    EXPECT_EQ(r.error().attempts, 2u);
}

TEST(AnvilProcess, LeavesNoProcessBehind) {
    pid_t pid = 0;
    {
        auto anvil = Anvil::start();
        ASSERT_TRUE(anvil) << anvil.error();
        pid = (*anvil)->process().pid();
        ASSERT_EQ(kill(pid, 0), 0);
    }
    // Reaped, not a zombie: the pid no longer exists.
    EXPECT_EQ(kill(pid, 0), -1);
}

TEST(AnvilProcess, MissingBinaryFailsWithTheInstallCommand) {
    setenv("COUNTERSIGN_ANVIL", "/nonexistent/anvil", 1);
    auto anvil = Anvil::start();
    unsetenv("COUNTERSIGN_ANVIL");
    ASSERT_FALSE(anvil);
    EXPECT_NE(anvil.error().find("npm ci --no-audit --no-fund"), std::string::npos) << anvil.error();
}

}  // namespace
}  // namespace countersign::rpc
