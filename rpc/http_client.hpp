// SPDX-License-Identifier: Apache-2.0
#pragma once
// Asynchronous JSON-RPC over HTTP/1.1 and HTTPS (Boost.Beast on an Asio io_context), for programs that keep
// many requests in flight. HttpProvider (http_provider.hpp) is the synchronous facade.
//
// - TLS: certificate chain and host name (or IP) are verified, SNI is sent for host names; TLS >= 1.2.
// - Connections are kept alive and reused; a pooled connection the server has closed is replaced once,
//   transparently, when it fails before any response byte arrived.
// - Timeouts: connect (resolve + connect + TLS handshake), read (send + whole response), total (the call,
//   retries and backoff included). Every stage ends by the total deadline.
// - Retries with exponential backoff only for transport failures before any response byte arrived; never
//   for a JSON-RPC error, an HTTP status or a malformed answer.
// - Caps: header size, body size (a body streamed past the cap fails as soon as it crosses it; memory stays
//   within about twice the cap) and JSON nesting depth.
// - At most max_connections sockets per client: a daemon with thousands of requests in flight queues them
//   instead of opening thousands of connections to one provider.
//
// Completion handlers run on the client's strand. Destroy the client before its io_context.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/expected.hpp"
#include "rpc/jsonrpc.hpp"
#include "rpc/url.hpp"

namespace boost::asio {
class io_context;
}

namespace countersign::rpc {

struct HttpOptions {
    std::chrono::milliseconds connect_timeout{5'000};
    std::chrono::milliseconds read_timeout{15'000};
    std::chrono::milliseconds total_timeout{30'000};
    unsigned max_retries{2};
    std::chrono::milliseconds backoff_initial{100};  // doubled after each retry, up to backoff_max
    std::chrono::milliseconds backoff_max{2'000};
    std::size_t max_body_bytes{32u << 20};
    std::uint32_t max_header_bytes{16u << 10};
    std::size_t max_json_depth{kDefaultMaxJsonDepth};
    std::size_t max_connections{32};  // per client; further requests wait for a free one (within total_timeout)
    std::size_t max_idle_connections{8};
    std::chrono::milliseconds idle_timeout{20'000};  // pooled connections idle longer are not reused
    std::string ca_file;                            // extra trusted CA certificates (PEM), besides the system's
};

struct HttpStats {
    std::uint64_t requests{0};            // calls and batches started
    std::uint64_t attempts{0};            // HTTP exchanges tried
    std::uint64_t retries{0};             // attempts after a transport failure (backoff taken)
    std::uint64_t connections_opened{0};
    std::uint64_t connections_reused{0};  // requests sent on a pooled keep-alive connection
    std::uint64_t stale_reconnects{0};    // pooled connections found closed and replaced
    std::uint64_t waited_for_connection{0};  // requests queued because max_connections were busy
};

class HttpClient {
public:
    using CallHandler = std::function<void(CallResult)>;
    using BatchHandler = std::function<void(BatchResult)>;

    // Fails with kInvalidUrl for a bad URL and kTls when the CA file cannot be loaded.
    static Expected<std::unique_ptr<HttpClient>, RpcError> create(boost::asio::io_context& ioc, std::string_view url,
                                                                  HttpOptions options = {});
    ~HttpClient();
    HttpClient(const HttpClient&) = delete;
    HttpClient& operator=(const HttpClient&) = delete;

    // The URL without credentials.
    const std::string& name() const noexcept;
    const HttpOptions& options() const noexcept;

    void async_call(std::string method, json params, CallHandler done);
    void async_batch(std::vector<Call> calls, BatchHandler done);

    HttpStats stats() const noexcept;

    struct State;

private:
    explicit HttpClient(std::shared_ptr<State> state);
    std::shared_ptr<State> state_;
};

}  // namespace countersign::rpc
