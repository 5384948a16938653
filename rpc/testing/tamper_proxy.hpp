// SPDX-License-Identifier: Apache-2.0
#pragma once
// A lying node for tests: a loopback HTTP server that forwards JSON-RPC to a real node (anvil) and alters
// the answers according to a mode. Each mode is one way a dishonest or broken provider can mislead the
// light client; the tests drive the LightClient through it and check that every tampering is refused (or
// is a transport error) and never comes back as verified data.
//
// debug_getRawHeader is answered "method not found" unless raw headers are allowed, so that headers come
// as JSON fields the header modes can alter. Batches are forwarded call by call.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "crypto/expected.hpp"
#include "rpc/http_provider.hpp"
#include "rpc/testing/fake_server.hpp"

namespace countersign::testing {

enum class TamperMode {
    kNone,               // forward unchanged
    kHeaderField,        // eth_getBlockByNumber/Hash: timestamp + 1
    kTransactionField,   // the first transaction's value + 1 (full blocks and eth_getTransactionByHash)
    kReceiptStatus,      // every receipt's status flipped (eth_getBlockReceipts, eth_getTransactionReceipt)
    kLogData,            // the first log's data changed (receipts and eth_getLogs)
    kLogTopic,           // the first log's first topic changed (receipts and eth_getLogs)
    kDropLog,            // eth_getLogs: the first log left out
    kDropReceipt,        // eth_getBlockReceipts: the last receipt left out
    kReorderReceipts,    // eth_getBlockReceipts: the list reversed
    kProofNode,          // eth_getProof: one byte of the last account proof node changed
    kOtherFork,          // eth_getBlockByNumber answered by the second node (a chain with another genesis)
    kStaleHead,          // eth_blockNumber: 3 blocks behind
    kWrongChainId,       // eth_chainId: + 1
    kOversizedBody,      // every answer is a 33 MiB string, beyond the default 32 MiB body cap
    kDeepNesting,        // every answer's result nested 10'000 arrays deep
    kSlowResponse,       // every answer delayed by slow_delay
    kNoResponse,         // the request is read and never answered
};

std::string_view to_string(TamperMode mode) noexcept;

class TamperProxy {
public:
    // `other` (may be empty) is the node kOtherFork answers from.
    static Expected<std::unique_ptr<TamperProxy>, std::string> start(const std::string& upstream,
                                                                     const std::string& other = {});
    ~TamperProxy();

    std::string url() const { return server_->url(); }
    void set_mode(TamperMode mode) noexcept { mode_.store(mode); }
    TamperMode mode() const noexcept { return mode_.load(); }
    void allow_raw_headers(bool allow) noexcept { raw_headers_.store(allow); }
    void set_slow_delay(std::chrono::milliseconds delay) noexcept { slow_ms_.store(delay.count()); }
    // Answers altered so far (a mode that never applied makes a test that cannot fail).
    std::uint64_t tampered() const noexcept { return tampered_.load(); }

private:
    TamperProxy() = default;
    void serve(ServerConnection& connection);
    // The answer object for one request object.
    nlohmann::json answer(const nlohmann::json& request);
    void tamper(std::string_view method, nlohmann::json& result);

    std::unique_ptr<rpc::HttpProvider> upstream_;
    std::unique_ptr<rpc::HttpProvider> other_;
    std::mutex mutex_;  // providers are not for concurrent use
    std::atomic<TamperMode> mode_{TamperMode::kNone};
    std::atomic<bool> raw_headers_{false};
    std::atomic<std::int64_t> slow_ms_{2'000};
    std::atomic<std::uint64_t> tampered_{0};
    std::unique_ptr<FakeServer> server_;  // last: stopped (threads joined) before the providers go
};

}  // namespace countersign::testing
