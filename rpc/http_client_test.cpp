// SPDX-License-Identifier: Apache-2.0
// Transport tests against local misbehaving servers (rpc/testing/fake_server.hpp) on loopback.
#include <gtest/gtest.h>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <thread>

#include <boost/asio/io_context.hpp>

#include "rpc/http_client.hpp"
#include "rpc/http_provider.hpp"
#include "rpc/testing/fake_server.hpp"

namespace countersign::rpc {
namespace {

using namespace std::chrono_literals;
using testing::FakeServer;
using testing::ServerConnection;
using Clock = std::chrono::steady_clock;

std::unique_ptr<FakeServer> serve(FakeServer::Handler handler) {
    auto server = FakeServer::start(std::move(handler));
    if (!server) {
        ADD_FAILURE() << server.error();
        return nullptr;
    }
    return std::move(*server);
}

// Answers every request on the connection with result "0x1" (keep-alive).
void answer_all(ServerConnection& c) {
    while (auto request = c.read_request()) {
        if (!c.respond(testing::jsonrpc_result_for(request->body, R"("0x1")"))) return;
    }
}

std::unique_ptr<HttpProvider> provider_for(const std::string& url, HttpOptions options = {}) {
    auto p = HttpProvider::create(url, options);
    if (!p) {
        ADD_FAILURE() << p.error().to_string();
        return nullptr;
    }
    return std::move(*p);
}

HttpOptions quick_options() {
    HttpOptions o;
    o.connect_timeout = 1s;
    o.read_timeout = 2s;
    o.total_timeout = 5s;
    o.max_retries = 0;
    return o;
}

std::uint16_t unused_port() {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    socklen_t len = sizeof addr;
    getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    close(fd);  // nothing listens there now: connecting is refused
    return ntohs(addr.sin_port);
}

long peak_rss_kib() {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
    }
    return -1;
}

void reset_peak_rss() { std::ofstream("/proc/self/clear_refs") << "5"; }

#if defined(__SANITIZE_ADDRESS__)
constexpr long kRssBoundKib = 24 * 1024;
#else
constexpr long kRssBoundKib = 8 * 1024;
#endif

TEST(HttpClient, CallsAndReusesTheKeepAliveConnection) {
    auto server = serve(answer_all);
    ASSERT_TRUE(server);
    auto p = provider_for(server->url(), quick_options());
    ASSERT_TRUE(p);
    for (int i = 0; i < 5; ++i) {
        auto r = p->call("eth_chainId", json::array());
        ASSERT_TRUE(r) << r.error().to_string();
        EXPECT_EQ(*r, "0x1");
    }
    EXPECT_EQ(server->connections(), 1u);
    EXPECT_EQ(server->requests(), 5u);
    EXPECT_EQ(p->stats().connections_opened, 1u);
    EXPECT_EQ(p->stats().connections_reused, 4u);
}

TEST(HttpClient, SendsAWellFormedPost) {
    std::string head;
    std::string body;
    auto server = serve([&](ServerConnection& c) {
        auto request = c.read_request();
        if (!request) return;
        head = request->head;
        body = request->body;
        c.respond(testing::jsonrpc_result_for(request->body, "true"));
    });
    ASSERT_TRUE(server);
    auto p = provider_for("http://alice:secret@127.0.0.1:" + std::to_string(server->port()) + "/rpc?k=v", quick_options());
    ASSERT_TRUE(p);
    EXPECT_EQ(p->name(), "http://127.0.0.1:" + std::to_string(server->port()) + "/rpc?REDACTED");
    ASSERT_TRUE(p->call("net_listening", json::array()));
    EXPECT_EQ(head.rfind("POST /rpc?k=v HTTP/1.1\r\n", 0), 0u) << head;
    testing::HttpRequest parsed{head, body};
    EXPECT_EQ(parsed.header("content-type"), "application/json");
    EXPECT_EQ(parsed.header("host"), "127.0.0.1:" + std::to_string(server->port()));
    EXPECT_EQ(parsed.header("authorization"), "Basic YWxpY2U6c2VjcmV0");
    const auto sent = json::parse(body);
    EXPECT_EQ(sent["method"], "net_listening");
    EXPECT_EQ(sent["jsonrpc"], "2.0");
}

TEST(HttpClient, ReplacesAPooledConnectionTheServerClosed) {
    // Answers one request per connection but does not say "Connection: close", like a server whose
    // keep-alive timer fired between two calls.
    auto server = serve([](ServerConnection& c) {
        if (auto request = c.read_request()) c.respond(testing::jsonrpc_result_for(request->body, "1"));
    });
    ASSERT_TRUE(server);
    auto p = provider_for(server->url(), quick_options());
    ASSERT_TRUE(p);
    for (int i = 0; i < 3; ++i) {
        std::this_thread::sleep_for(20ms);  // let the server's close reach us
        auto r = p->call("eth_blockNumber", json::array());
        ASSERT_TRUE(r) << r.error().to_string();
    }
    EXPECT_EQ(server->connections(), 3u);
    EXPECT_EQ(p->stats().stale_reconnects, 2u);
    EXPECT_EQ(p->stats().retries, 0u);
}

TEST(HttpClient, EndlessBodyFailsAtTheCapWithBoundedMemory) {
    constexpr std::size_t kCap = 1u << 20;  // 1 MiB
    auto server = serve([](ServerConnection& c) {
        if (!c.read_request()) return;
        if (!c.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")) return;
        const std::string chunk = "10000\r\n" + std::string(0x10000, ' ') + "\r\n";  // 64 KiB of JSON whitespace
        while (c.write(chunk)) {
        }
    });
    ASSERT_TRUE(server);
    HttpOptions o = quick_options();
    o.max_body_bytes = kCap;
    o.read_timeout = 10s;
    o.total_timeout = 10s;
    auto p = provider_for(server->url(), o);
    ASSERT_TRUE(p);
    reset_peak_rss();
    const long rss_before = peak_rss_kib();
    const auto start = Clock::now();
    auto r = p->call("eth_getLogs", json::array({json::object()}));
    const auto took = Clock::now() - start;
    const long rss_growth_kib = peak_rss_kib() - rss_before;
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, RpcErrorKind::kBodyTooLarge) << r.error().to_string();
    EXPECT_EQ(r.error().attempts, 1u);  // a response arrived: never retried
    EXPECT_LT(took, 2s);
    EXPECT_GT(server->bytes_written(), kCap);  // the server did stream past the cap
    // Bound checked: peak RSS grows by less than 8 MiB (string body <= 2x cap, read buffer 80 KiB); AddressSanitizer's
    // redzones and quarantine get 24 MiB.
    EXPECT_LT(rss_growth_kib, kRssBoundKib) << "peak RSS grew by " << rss_growth_kib << " KiB";
    std::cout << "endless body: error after " << std::chrono::duration_cast<std::chrono::milliseconds>(took).count()
              << " ms, server wrote " << server->bytes_written() << " bytes, peak RSS growth " << rss_growth_kib
              << " KiB\n";
}

TEST(HttpClient, DeclaredOversizeBodyFailsBeforeReadingIt) {
    auto server = serve([](ServerConnection& c) {
        if (!c.read_request()) return;
        c.write("HTTP/1.1 200 OK\r\nContent-Length: 10000000000\r\n\r\n{");
        c.hang();
    });
    ASSERT_TRUE(server);
    auto p = provider_for(server->url(), quick_options());
    ASSERT_TRUE(p);
    const auto start = Clock::now();
    auto r = p->call("eth_call", json::array());
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, RpcErrorKind::kBodyTooLarge) << r.error().to_string();
    EXPECT_LT(Clock::now() - start, 1s);
}

TEST(HttpClient, DeepJsonNestingIsRejected) {
    auto server = serve([](ServerConnection& c) {
        while (auto request = c.read_request()) {
            if (!c.respond(std::string(100'000, '[') + std::string(100'000, ']'))) return;
        }
    });
    ASSERT_TRUE(server);
    auto p = provider_for(server->url(), quick_options());
    ASSERT_TRUE(p);
    const auto start = Clock::now();
    auto r = p->call("eth_getBlockByNumber", json::array({"latest", true}));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, RpcErrorKind::kJsonTooDeep);
    EXPECT_EQ(r.error().method, "eth_getBlockByNumber");
    EXPECT_LT(Clock::now() - start, 1s);
    std::vector<Call> calls = {{"eth_chainId", json::array()}};
    auto b = p->batch(calls);
    ASSERT_FALSE(b);
    EXPECT_EQ(b.error().kind, RpcErrorKind::kJsonTooDeep);
}

TEST(HttpClient, SilentServerTimesOutWithinTheReadTimeout) {
    auto server = serve([](ServerConnection& c) {
        if (c.read_request()) c.hang();
    });
    ASSERT_TRUE(server);
    HttpOptions o = quick_options();
    o.read_timeout = 300ms;
    auto p = provider_for(server->url(), o);
    ASSERT_TRUE(p);
    const auto start = Clock::now();
    auto r = p->call("eth_blockNumber", json::array());
    const auto took = Clock::now() - start;
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, RpcErrorKind::kTimeout);
    EXPECT_NE(r.error().message.find("read timed out after 300 ms"), std::string::npos) << r.error().message;
    EXPECT_GE(took, 300ms);
    EXPECT_LT(took, 1300ms);  // the timeout plus slack for a loaded machine
}

TEST(HttpClient, TotalTimeoutBoundsRetries) {
    auto server = serve([](ServerConnection& c) {
        if (c.read_request()) c.hang();
    });
    ASSERT_TRUE(server);
    HttpOptions o = quick_options();
    o.read_timeout = 200ms;
    o.total_timeout = 500ms;
    o.max_retries = 10;
    o.backoff_initial = 10ms;
    auto p = provider_for(server->url(), o);
    ASSERT_TRUE(p);
    const auto start = Clock::now();
    auto r = p->call("eth_blockNumber", json::array());
    const auto took = Clock::now() - start;
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, RpcErrorKind::kTimeout);
    EXPECT_GE(r.error().attempts, 2u);
    EXPECT_LT(took, 1500ms);
    EXPECT_NE(r.error().message.find("total timeout of 500 ms"), std::string::npos) << r.error().message;
}

TEST(HttpClient, ConnectionRefusedIsRetriedWithBackoffThenReported) {
    HttpOptions o = quick_options();
    o.max_retries = 3;
    o.backoff_initial = 20ms;
    const std::string url = "http://127.0.0.1:" + std::to_string(unused_port()) + "/";
    auto p = provider_for(url, o);
    ASSERT_TRUE(p);
    const auto start = Clock::now();
    auto r = p->call("eth_chainId", json::array());
    const auto took = Clock::now() - start;
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, RpcErrorKind::kConnect);
    EXPECT_EQ(r.error().attempts, 4u);
    EXPECT_EQ(p->stats().retries, 3u);
    EXPECT_GE(took, 20ms + 40ms + 80ms);  // backoff doubles
    EXPECT_EQ(r.error().provider, url);
    EXPECT_EQ(r.error().method, "eth_chainId");
    EXPECT_NE(r.error().to_string().find("(4 attempts)"), std::string::npos) << r.error().to_string();
}

TEST(HttpClient, UnresolvableHostIsAResolveError) {
    auto p = provider_for("http://countersign-no-such-host.invalid:8545/", quick_options());
    ASSERT_TRUE(p);
    auto r = p->call("eth_chainId", json::array());
    ASSERT_FALSE(r);
    EXPECT_TRUE(r.error().kind == RpcErrorKind::kResolve || r.error().kind == RpcErrorKind::kTimeout)
        << r.error().to_string();
}

TEST(HttpClient, ConnectionClosedWithoutAnswerIsRetried) {
    std::atomic<int> seen{0};
    auto server = serve([&](ServerConnection& c) {
        while (auto request = c.read_request()) {
            if (++seen <= 2) return;  // drop the first two attempts
            if (!c.respond(testing::jsonrpc_result_for(request->body, R"("ok")"))) return;
        }
    });
    ASSERT_TRUE(server);
    HttpOptions o = quick_options();
    o.max_retries = 2;
    o.backoff_initial = 10ms;
    auto p = provider_for(server->url(), o);
    ASSERT_TRUE(p);
    auto r = p->call("eth_chainId", json::array());
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ(*r, "ok");
    EXPECT_EQ(p->stats().retries, 2u);
}

TEST(HttpClient, JsonRpcErrorIsAValueAndNeverRetried) {
    auto server = serve([](ServerConnection& c) {
        while (auto request = c.read_request()) {
            const auto id = json::parse(request->body)["id"];
            const std::string body = R"({"jsonrpc":"2.0","id":)" + id.dump() +
                                     R"(,"error":{"code":-32601,"message":"method not found"}})";
            if (!c.respond(body)) return;
        }
    });
    ASSERT_TRUE(server);
    HttpOptions o = quick_options();
    o.max_retries = 3;
    auto p = provider_for(server->url(), o);
    ASSERT_TRUE(p);
    auto r = p->call("eth_nope", json::array());
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, RpcErrorKind::kRpcError);
    EXPECT_EQ(r.error().code, -32601);
    EXPECT_EQ(r.error().attempts, 1u);
    EXPECT_EQ(server->requests(), 1u);
}

TEST(HttpClient, HttpErrorStatusAndNonJsonNameProviderAndMethod) {
    auto server = serve([](ServerConnection& c) {
        auto first = c.read_request();
        if (!first || !c.respond("upstream \x1b[2J exploded", 500, "text/plain")) return;
        if (c.read_request()) c.respond("<html>bad gateway</html>", 200, "text/html");
    });
    ASSERT_TRUE(server);
    HttpOptions o = quick_options();
    o.max_retries = 3;
    auto p = provider_for(server->url(), o);
    ASSERT_TRUE(p);
    auto r = p->call("eth_getBalance", json::array({"0x00", "latest"}));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, RpcErrorKind::kHttpStatus);
    EXPECT_EQ(r.error().http_status, 500u);
    EXPECT_EQ(r.error().attempts, 1u);
    const std::string text = r.error().to_string();
    EXPECT_NE(text.find("eth_getBalance on " + server->url()), std::string::npos) << text;
    EXPECT_NE(text.find("exploded"), std::string::npos) << text;
    EXPECT_EQ(text.find('\x1b'), std::string::npos) << "terminal escape leaked";

    auto html = p->call("eth_getBalance", json::array({"0x00", "latest"}));
    ASSERT_FALSE(html);
    EXPECT_EQ(html.error().kind, RpcErrorKind::kInvalidJson);
    EXPECT_EQ(html.error().method, "eth_getBalance");
    EXPECT_EQ(html.error().provider, server->url());
}

TEST(HttpClient, MalformedHttpAndOversizeHeaderAreErrors) {
    auto server = serve([](ServerConnection& c) {
        if (!c.read_request()) return;
        c.write("HTTP/1.1 200 OK\r\nX-Big: " + std::string(64u << 10, 'a') + "\r\n\r\n");
    });
    ASSERT_TRUE(server);
    auto p = provider_for(server->url(), quick_options());
    ASSERT_TRUE(p);
    auto r = p->call("eth_chainId", json::array());
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, RpcErrorKind::kBadHttp) << r.error().to_string();

    auto garbage = serve([](ServerConnection& c) {
        if (c.read_request()) c.write("SMTP ready\r\n\r\n");
    });
    ASSERT_TRUE(garbage);
    auto q = provider_for(garbage->url(), quick_options());
    auto g = q->call("eth_chainId", json::array());
    ASSERT_FALSE(g);
    EXPECT_EQ(g.error().kind, RpcErrorKind::kBadHttp) << g.error().to_string();
}

// Batch answers from a server that tampers with ids in the way `mutate` says.
BatchResult batch_against(const std::function<void(json&)>& mutate) {
    auto server = serve([&](ServerConnection& c) {
        while (auto request = c.read_request()) {
            json answer = json::array();
            for (const auto& call : json::parse(request->body))
                answer.push_back({{"jsonrpc", "2.0"}, {"id", call["id"]}, {"result", call["method"]}});
            mutate(answer);
            if (!c.respond(answer.dump())) return;
        }
    });
    auto p = provider_for(server->url(), quick_options());
    std::vector<Call> calls = {{"a", json::array()}, {"b", json::array()}, {"c", json::array()}};
    return p->batch(calls);
}

TEST(HttpClient, BatchMatchesResponsesById) {
    auto r = batch_against([](json& a) { std::reverse(a.begin(), a.end()); });
    ASSERT_TRUE(r) << r.error().to_string();
    ASSERT_EQ(r->size(), 3u);
    EXPECT_EQ(*(*r)[0], "a");
    EXPECT_EQ(*(*r)[1], "b");
    EXPECT_EQ(*(*r)[2], "c");
}

TEST(HttpClient, BatchWithWrongMissingOrDuplicateIdsFails) {
    const std::vector<std::pair<const char*, std::function<void(json&)>>> tampering = {
        {"wrong id", [](json& a) { a[1]["id"] = a[1]["id"].get<std::uint64_t>() + 100; }},
        {"missing id", [](json& a) { a.erase(a.begin() + 1); }},
        {"duplicate id", [](json& a) { a[2]["id"] = a[0]["id"]; }},
        {"extra element", [](json& a) { a.push_back(a[0]); }},
    };
    for (const auto& [what, mutate] : tampering) {
        auto r = batch_against(mutate);
        ASSERT_FALSE(r) << what;
        EXPECT_EQ(r.error().kind, RpcErrorKind::kBatchMismatch) << what << ": " << r.error().to_string();
        EXPECT_EQ(r.error().method, "batch[a,b,c]");
    }
}

TEST(HttpClient, EmptyBatchNeedsNoRoundTrip) {
    auto p = provider_for("http://127.0.0.1:" + std::to_string(unused_port()) + "/", quick_options());
    auto r = p->batch({});
    ASSERT_TRUE(r);
    EXPECT_TRUE(r->empty());
}

TEST(HttpClient, ManyRequestsInFlightOnOneThread) {
    // The server delays each answer by 50 ms; 200 concurrent calls on one io_context thread must overlap.
    auto server = serve([](ServerConnection& c) {
        while (auto request = c.read_request()) {
            std::this_thread::sleep_for(50ms);
            if (!c.respond(testing::jsonrpc_result_for(request->body, R"("0x1")"))) return;
        }
    });
    ASSERT_TRUE(server);
    boost::asio::io_context ioc;
    HttpOptions o = quick_options();
    o.max_idle_connections = 256;
    o.max_connections = 256;
    auto client = HttpClient::create(ioc, server->url(), o);
    ASSERT_TRUE(client);
    constexpr int kCalls = 200;
    int ok = 0;
    int done = 0;
    const auto start = Clock::now();
    for (int i = 0; i < kCalls; ++i) {
        (*client)->async_call("eth_chainId", json::array(), [&](CallResult r) {
            ++done;
            if (r && *r == "0x1") ++ok;
        });
    }
    ioc.run();
    const auto took = Clock::now() - start;
    EXPECT_EQ(done, kCalls);
    EXPECT_EQ(ok, kCalls);
    EXPECT_LT(took, 3s) << "requests did not overlap";  // sequentially it would take 10 s
    std::cout << kCalls << " concurrent calls (50 ms server delay each) took "
              << std::chrono::duration_cast<std::chrono::milliseconds>(took).count() << " ms over "
              << (*client)->stats().connections_opened << " connections\n";
    client->reset();
    ioc.restart();
    ioc.run();
}

TEST(HttpClient, ConnectionCapQueuesRequests) {
    std::atomic<int> busy{0};
    std::atomic<int> most_busy{0};
    auto server = serve([&](ServerConnection& c) {
        while (auto request = c.read_request()) {
            const int now = ++busy;
            int seen = most_busy.load();
            while (now > seen && !most_busy.compare_exchange_weak(seen, now)) {
            }
            std::this_thread::sleep_for(50ms);
            --busy;
            if (!c.respond(testing::jsonrpc_result_for(request->body, R"("0x1")"))) return;
        }
    });
    ASSERT_TRUE(server);
    boost::asio::io_context ioc;
    HttpOptions o = quick_options();
    o.max_connections = 4;
    auto client = HttpClient::create(ioc, server->url(), o);
    ASSERT_TRUE(client);
    int ok = 0;
    const auto start = Clock::now();
    for (int i = 0; i < 20; ++i)
        (*client)->async_call("eth_chainId", json::array(), [&](CallResult r) { ok += r ? 1 : 0; });
    ioc.run();
    const auto took = Clock::now() - start;
    EXPECT_EQ(ok, 20);
    EXPECT_EQ(server->connections(), 4u);
    EXPECT_LE(most_busy.load(), 4);
    EXPECT_EQ((*client)->stats().connections_opened, 4u);
    EXPECT_GE((*client)->stats().waited_for_connection, 16u);
    EXPECT_GE(took, 250ms);  // 5 rounds of 50 ms
    client->reset();
    ioc.restart();
    ioc.run();
}

TEST(HttpClient, WaitingForAConnectionEndsAtTheTotalTimeout) {
    auto server = serve([](ServerConnection& c) {
        if (c.read_request()) c.hang();
    });
    ASSERT_TRUE(server);
    boost::asio::io_context ioc;
    HttpOptions o = quick_options();
    o.max_connections = 1;
    o.read_timeout = 2s;
    o.total_timeout = 300ms;
    auto client = HttpClient::create(ioc, server->url(), o);
    ASSERT_TRUE(client);
    std::vector<RpcError> errors;
    for (int i = 0; i < 2; ++i)
        (*client)->async_call("eth_chainId", json::array(), [&](CallResult r) {
            if (!r) errors.push_back(r.error());
        });
    const auto start = Clock::now();
    ioc.run();
    EXPECT_LT(Clock::now() - start, 1s);
    ASSERT_EQ(errors.size(), 2u);
    EXPECT_EQ(errors[0].kind, RpcErrorKind::kTimeout);
    EXPECT_EQ(errors[1].kind, RpcErrorKind::kTimeout);
    const bool one_waited = errors[0].message.find("waiting for one of 1 connections") != std::string::npos ||
                            errors[1].message.find("waiting for one of 1 connections") != std::string::npos;
    EXPECT_TRUE(one_waited) << errors[0].message << " / " << errors[1].message;
    client->reset();
    ioc.restart();
    ioc.run();
}

TEST(HttpClient, InvalidUrlAndMissingCaFileAreErrors) {
    auto bad = HttpProvider::create("htp://x");
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().kind, RpcErrorKind::kInvalidUrl);
    HttpOptions o;
    o.ca_file = "/nonexistent/ca.pem";
    auto no_ca = HttpProvider::create("https://127.0.0.1:1/", o);
    ASSERT_FALSE(no_ca);
    EXPECT_EQ(no_ca.error().kind, RpcErrorKind::kTls);
}

}  // namespace
}  // namespace countersign::rpc
