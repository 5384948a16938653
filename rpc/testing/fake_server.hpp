// SPDX-License-Identifier: Apache-2.0
#pragma once
// A scriptable loopback HTTP(S) server for transport tests: it listens on 127.0.0.1 (port chosen by the
// kernel), runs each accepted connection on its own thread and hands it to the test's handler, which reads
// requests and writes whatever bytes it likes: a correct answer, a body that never ends, nothing at all.
// Blocking sockets on purpose: misbehaviour is easiest to write as straight-line code.

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "crypto/expected.hpp"

using SSL_CTX = struct ssl_ctx_st;
using SSL = struct ssl_st;

namespace countersign::testing {

struct HttpRequest {
    std::string head;  // request line and headers
    std::string body;
    std::string header(std::string_view name) const;  // case-insensitive, empty when absent
};

class FakeServer;

class ServerConnection {
public:
    // The next request on this connection; nullopt when the client closed it (or the server stops).
    std::optional<HttpRequest> read_request();
    // False once the client has gone away or the server stops.
    bool write(std::string_view bytes);
    // "HTTP/1.1 <status>" with Content-Length and the body.
    bool respond(std::string_view body, int status = 200, std::string_view content_type = "application/json");
    // Blocks until the server stops (a server that accepted and never answers).
    void hang();
    bool stopping() const;
    // TLS only: the SNI host name the client sent, empty when none.
    std::string server_name() const;

private:
    friend class FakeServer;
    ServerConnection(FakeServer& server, int fd, SSL* ssl) : server_(server), fd_(fd), ssl_(ssl) {}
    long raw_read(char* buf, std::size_t n);

    FakeServer& server_;
    int fd_;
    SSL* ssl_;
    std::string pending_;  // bytes read past the last request
};

class FakeServer {
public:
    using Handler = std::function<void(ServerConnection&)>;

    struct Tls {
        std::string cert_pem;
        std::string key_pem;
    };

    static Expected<std::unique_ptr<FakeServer>, std::string> start(Handler handler, std::optional<Tls> tls = {});
    ~FakeServer();  // stops: unblocks every handler, joins every thread

    std::uint16_t port() const noexcept { return port_; }
    std::string url(std::string_view host = "127.0.0.1") const;

    std::uint64_t connections() const noexcept { return connections_.load(); }
    std::uint64_t requests() const noexcept { return requests_.load(); }
    std::uint64_t bytes_written() const noexcept { return bytes_written_.load(); }

private:
    friend class ServerConnection;
    FakeServer() = default;
    void accept_loop();
    void serve(int fd);

    Handler handler_;
    SSL_CTX* tls_ctx_{nullptr};
    int listen_fd_{-1};
    std::uint16_t port_{0};
    std::atomic<bool> stopping_{false};
    std::atomic<std::uint64_t> connections_{0}, requests_{0}, bytes_written_{0};
    std::mutex mutex_;
    std::vector<int> open_fds_;
    std::vector<std::thread> threads_;
    std::thread acceptor_;
};

// A JSON-RPC result answer for a request body (the id is copied from the request).
std::string jsonrpc_result_for(std::string_view request_body, std::string_view result_json);

}  // namespace countersign::testing
