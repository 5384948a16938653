// SPDX-License-Identifier: Apache-2.0
#include "rpc/http_client.hpp"

#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <atomic>
#include <deque>
#include <optional>
#include <utility>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

namespace countersign::rpc {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
using Strand = asio::strand<asio::io_context::executor_type>;
using boost::system::error_code;

// Read buffer per connection: the parser moves body bytes out as they arrive, so this only has to hold a
// header block or a chunk header; it never grows with the body.
constexpr std::size_t kReadBufferSlack = 64u << 10;

std::string base64(std::string_view in) {
    std::string out(4 * ((in.size() + 2) / 3) + 1, '\0');
    const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                  reinterpret_cast<const unsigned char*>(in.data()), static_cast<int>(in.size()));
    out.resize(static_cast<std::size_t>(n));
    return out;
}

// Counts open sockets per client and hands freed capacity to requests waiting for it.
class ConnectionBudget {
public:
    virtual void connection_closed() = 0;

protected:
    ~ConnectionBudget() = default;
};

struct Connection {
    Connection(const Strand& strand, ssl::context* tls_context, std::size_t buffer_limit, ConnectionBudget& budget)
        : buffer(buffer_limit), budget_(budget) {
        if (tls_context != nullptr) {
            tls.emplace(strand, *tls_context);
        } else {
            plain.emplace(strand);
        }
    }
    ~Connection() { budget_.connection_closed(); }
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;
    beast::tcp_stream& tcp() { return tls ? tls->next_layer() : *plain; }
    template <class F>
    void visit(F&& f) {
        if (tls) {
            f(*tls);
        } else {
            f(*plain);
        }
    }

    std::optional<beast::tcp_stream> plain;
    std::optional<beast::ssl_stream<beast::tcp_stream>> tls;
    beast::flat_buffer buffer;
    Clock::time_point idle_since{};

private:
    ConnectionBudget& budget_;
};

}  // namespace

struct HttpClient::State final : ConnectionBudget {
    State(asio::io_context& ioc, Url u, HttpOptions o)
        : strand(asio::make_strand(ioc)), url(std::move(u)), options(std::move(o)), name(url.redacted()) {}
    ~State() {
        waiters.clear();
        idle.clear();
    }

    Strand strand;
    Url url;
    HttpOptions options;
    std::string name;
    std::optional<ssl::context> tls_context;
    std::string authorization;
    // Touched on the strand only:
    std::size_t open_connections{0};
    std::uint64_t next_ticket{0};
    std::deque<std::pair<std::uint64_t, std::function<void()>>> waiters;  // requests waiting for a connection
    std::vector<std::unique_ptr<Connection>> idle;

    std::atomic<std::uint64_t> next_id{1};
    std::atomic<std::uint64_t> requests{0}, attempts{0}, retries{0}, opened{0}, reused{0}, stale{0}, waited{0};

    bool at_capacity() const { return open_connections >= std::max<std::size_t>(options.max_connections, 1); }

    void connection_closed() override {
        --open_connections;
        wake_one();
    }

    void wake_one() {
        if (waiters.empty()) return;
        std::function<void()> wake = std::move(waiters.front().second);
        waiters.pop_front();
        asio::post(strand, std::move(wake));
    }

    std::unique_ptr<Connection> take_idle() {
        const auto now = Clock::now();
        while (!idle.empty()) {
            std::unique_ptr<Connection> c = std::move(idle.back());
            idle.pop_back();
            if (c->tcp().socket().is_open() && now - c->idle_since < options.idle_timeout) return c;
        }
        return nullptr;
    }

    void give_back(std::unique_ptr<Connection> c) {
        // Bytes after the response mean the server does not speak request/response; do not reuse.
        if (c->buffer.size() != 0) return;
        // A connection someone is waiting for is kept whatever the idle cap says.
        if (waiters.empty() && idle.size() >= options.max_idle_connections) return;
        c->tcp().expires_never();
        c->idle_since = Clock::now();
        idle.push_back(std::move(c));
        wake_one();
    }
};

namespace {

using State = HttpClient::State;

// One HTTP exchange (POST body, 200 response body back) with retries, on the client's strand.
class Exchange : public std::enable_shared_from_this<Exchange> {
public:
    using Done = std::function<void(Expected<std::string, RpcError>, unsigned attempts)>;

    Exchange(std::shared_ptr<State> state, std::string body, Done done)
        : s_(std::move(state)),
          timer_(s_->strand),
          resolver_(s_->strand),
          done_(std::move(done)),
          deadline_(Clock::now() + s_->options.total_timeout) {
        req_.method(http::verb::post);
        req_.target(s_->url.target);
        req_.version(11);
        req_.set(http::field::host, s_->url.host_header());
        req_.set(http::field::user_agent, "countersign/0.1");
        req_.set(http::field::content_type, "application/json");
        req_.set(http::field::accept, "application/json");
        if (!s_->authorization.empty()) req_.set(http::field::authorization, s_->authorization);
        req_.body() = std::move(body);
        req_.prepare_payload();
    }

    void start() { attempt(); }

private:
    void attempt() {
        conn_ = s_->take_idle();
        if (!conn_ && s_->at_capacity()) return wait_for_connection();
        ++attempts_;
        ++s_->attempts;
        if (conn_) {
            reused_ = true;
            ++s_->reused;
            send();
            return;
        }
        reused_ = false;
        stage_deadline_ = std::min(Clock::now() + s_->options.connect_timeout, deadline_);
        conn_ = std::make_unique<Connection>(s_->strand, s_->tls_context ? &*s_->tls_context : nullptr,
                                             s_->options.max_header_bytes + kReadBufferSlack, *s_);
        ++s_->open_connections;
        ++s_->opened;
        error_code ec;
        const auto address = asio::ip::make_address(s_->url.host, ec);
        if (!ec) {
            endpoints_.assign(1, tcp::endpoint(address, s_->url.port));
            connect();
            return;
        }
        resolve();
    }

    // Every connection is busy: queue until one is returned or closed, or the total deadline passes.
    void wait_for_connection() {
        ++s_->waited;
        waiting_ = true;
        const std::uint64_t ticket = ++s_->next_ticket;
        s_->waiters.emplace_back(ticket, [self = shared_from_this()] {
            if (!self->waiting_) return self->s_->wake_one();  // timed out meanwhile: pass the turn on
            self->waiting_ = false;
            self->timer_.cancel();
            self->attempt();
        });
        timer_.expires_at(deadline_);
        timer_.async_wait([self = shared_from_this(), ticket](error_code ec) {
            if (ec || !self->waiting_) return;
            self->waiting_ = false;
            auto& w = self->s_->waiters;
            w.erase(std::remove_if(w.begin(), w.end(), [ticket](const auto& x) { return x.first == ticket; }), w.end());
            RpcError e;
            e.kind = RpcErrorKind::kTimeout;
            e.message = "total timeout of " + std::to_string(self->s_->options.total_timeout.count()) +
                        " ms reached waiting for one of " + std::to_string(self->s_->options.max_connections) +
                        " connections";
            self->finish(unexpected(std::move(e)));
        });
    }

    void resolve() {
        resolving_ = true;
        timer_.expires_at(stage_deadline_);
        timer_.async_wait([self = shared_from_this()](error_code ec) {
            if (!ec && self->resolving_) {
                self->resolve_timed_out_ = true;
                self->resolver_.cancel();
            }
        });
        resolver_.async_resolve(s_->url.host, std::to_string(s_->url.port),
                                [self = shared_from_this()](error_code ec, tcp::resolver::results_type results) {
                                    self->on_resolved(ec, std::move(results));
                                });
    }

    void on_resolved(error_code ec, const tcp::resolver::results_type& results) {
        resolving_ = false;
        timer_.cancel();
        if (resolve_timed_out_) {
            resolve_timed_out_ = false;
            return fail(RpcErrorKind::kTimeout, timeout_text("resolving " + s_->url.host), true);
        }
        if (ec) return fail(RpcErrorKind::kResolve, s_->url.host + ": " + ec.message(), true);
        endpoints_.assign(results.begin(), results.end());
        connect();
    }

    void connect() {
        conn_->tcp().expires_at(stage_deadline_);
        conn_->tcp().async_connect(endpoints_, [self = shared_from_this()](error_code ec, const tcp::endpoint&) {
            self->on_connected(ec);
        });
    }

    void on_connected(error_code ec) {
        if (ec == beast::error::timeout) return fail(RpcErrorKind::kTimeout, timeout_text("connect"), true);
        if (ec) return fail(RpcErrorKind::kConnect, ec.message(), true);
        error_code ignored;
        conn_->tcp().socket().set_option(tcp::no_delay(true), ignored);
        if (conn_->tls) return handshake();
        send();
    }

    void handshake() {
        SSL* ssl_handle = conn_->tls->native_handle();
        const std::string& host = s_->url.host;
        bool ok = true;
        if (s_->url.host_is_ip) {
            ok = X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl_handle), host.c_str()) == 1;
        } else {
            ok = SSL_set_tlsext_host_name(ssl_handle, const_cast<char*>(host.c_str())) == 1 &&
                 SSL_set1_host(ssl_handle, host.c_str()) == 1;
        }
        if (!ok) return fail(RpcErrorKind::kTls, "cannot set the expected host name", false);
        conn_->tls->async_handshake(ssl::stream_base::client,
                                    [self = shared_from_this()](error_code ec) { self->on_handshake(ec); });
    }

    void on_handshake(error_code ec) {
        if (ec == beast::error::timeout) return fail(RpcErrorKind::kTimeout, timeout_text("TLS handshake"), true);
        if (ec) {
            std::string text = "handshake: " + ec.message();
            const long verify = SSL_get_verify_result(conn_->tls->native_handle());
            if (verify != X509_V_OK) text += ": certificate rejected: " + std::string(X509_verify_cert_error_string(verify));
            return fail(RpcErrorKind::kTls, text, false);
        }
        send();
    }

    void send() {
        stage_deadline_ = std::min(Clock::now() + s_->options.read_timeout, deadline_);
        conn_->tcp().expires_at(stage_deadline_);
        conn_->visit([this](auto& stream) {
            http::async_write(stream, req_,
                              [self = shared_from_this()](error_code ec, std::size_t) { self->on_sent(ec); });
        });
    }

    void on_sent(error_code ec) {
        if (ec == beast::error::timeout) return fail(RpcErrorKind::kTimeout, timeout_text("send"), true);
        if (ec) {
            if (reused_ && !stale_used_) return reconnect_stale();
            return fail(RpcErrorKind::kSend, ec.message(), true);
        }
        receive();
    }

    void receive() {
        parser_.emplace();
        parser_->body_limit(static_cast<std::uint64_t>(s_->options.max_body_bytes));
        parser_->header_limit(s_->options.max_header_bytes);
        conn_->visit([this](auto& stream) {
            http::async_read_header(stream, conn_->buffer, *parser_,
                                    [self = shared_from_this()](error_code ec, std::size_t) { self->on_header(ec); });
        });
    }

    // Beast 1.74 does not apply body_limit to a declared Content-Length (it only counts chunked and
    // read-to-EOF bodies), and string_body reserves the declared length up front: check it here, before
    // any body byte is read or any memory reserved.
    void on_header(error_code ec) {
        if (ec) return on_received(ec);
        if (const auto declared = parser_->content_length(); declared && *declared > s_->options.max_body_bytes)
            return fail(RpcErrorKind::kBodyTooLarge,
                        "declared body of " + std::to_string(*declared) + " bytes exceeds " +
                            std::to_string(s_->options.max_body_bytes),
                        false);
        conn_->visit([this](auto& stream) {
            http::async_read(stream, conn_->buffer, *parser_,
                             [self = shared_from_this()](error_code ec2, std::size_t) { self->on_received(ec2); });
        });
    }

    void on_received(error_code ec) {
        const bool got_some = parser_->got_some();
        if (ec == http::error::body_limit)
            return fail(RpcErrorKind::kBodyTooLarge,
                        "body exceeds " + std::to_string(s_->options.max_body_bytes) + " bytes", false);
        if (ec == http::error::header_limit || ec == http::error::buffer_overflow)
            return fail(RpcErrorKind::kBadHttp,
                        "header exceeds " + std::to_string(s_->options.max_header_bytes) + " bytes", false);
        // A response that started arriving is never sent again.
        if (ec == beast::error::timeout) return fail(RpcErrorKind::kTimeout, timeout_text("read"), !got_some);
        if (ec) {
            if (!got_some && reused_ && !stale_used_) return reconnect_stale();
            if (ec == http::error::end_of_stream)
                return fail(RpcErrorKind::kReceive, "connection closed before a response", true);
            if (ec.category() == http::make_error_code(http::error::end_of_stream).category() &&
                ec != http::error::partial_message)
                return fail(RpcErrorKind::kBadHttp, ec.message(), false);
            return fail(RpcErrorKind::kReceive, ec.message(), !got_some);
        }
        http::response<http::string_body> response = parser_->release();
        parser_.reset();
        if (response.keep_alive()) {
            s_->give_back(std::move(conn_));
        }
        conn_.reset();
        if (response.result() != http::status::ok) {
            RpcError e;
            e.kind = RpcErrorKind::kHttpStatus;
            e.http_status = response.result_int();
            e.message = sanitize_text(std::string(response.reason()), 60) + ": \"" +
                        sanitize_text(response.body(), 200) + "\"";
            return finish(unexpected(std::move(e)));
        }
        finish(std::move(response.body()));
    }

    void reconnect_stale() {
        stale_used_ = true;
        ++s_->stale;
        --attempts_;
        --s_->attempts;
        conn_.reset();
        attempt();
    }

    std::string timeout_text(const std::string& stage) const {
        if (stage_deadline_ >= deadline_)
            return stage + ": total timeout of " + std::to_string(s_->options.total_timeout.count()) + " ms reached";
        const auto limit = stage == "read" || stage == "send" ? s_->options.read_timeout : s_->options.connect_timeout;
        return stage + " timed out after " + std::to_string(limit.count()) + " ms";
    }

    void fail(RpcErrorKind kind, std::string message, bool retryable) {
        conn_.reset();
        parser_.reset();
        if (retryable && attempts_ <= s_->options.max_retries) {
            auto backoff = s_->options.backoff_initial;
            for (unsigned i = 1; i < attempts_ && backoff < s_->options.backoff_max; ++i) backoff *= 2;
            backoff = std::min(backoff, s_->options.backoff_max);
            if (Clock::now() + backoff < deadline_) {
                ++s_->retries;
                timer_.expires_after(backoff);
                timer_.async_wait([self = shared_from_this(), kind, message](error_code ec) {
                    if (ec) {
                        RpcError e;
                        e.kind = kind;
                        e.message = message + " (retry cancelled)";
                        return self->finish(unexpected(std::move(e)));
                    }
                    self->attempt();
                });
                return;
            }
        }
        RpcError e;
        e.kind = kind;
        e.message = sanitize_text(message);
        finish(unexpected(std::move(e)));
    }

    void finish(Expected<std::string, RpcError> result) {
        if (!done_) return;
        Done done = std::move(done_);
        done_ = nullptr;
        done(std::move(result), attempts_);
    }

    std::shared_ptr<State> s_;
    asio::steady_timer timer_;
    tcp::resolver resolver_;
    Done done_;
    Clock::time_point deadline_;
    Clock::time_point stage_deadline_{};
    http::request<http::string_body> req_;
    std::optional<http::response_parser<http::string_body>> parser_;
    std::unique_ptr<Connection> conn_;
    std::vector<tcp::endpoint> endpoints_;
    unsigned attempts_{0};
    bool reused_{false};
    bool stale_used_{false};
    bool resolving_{false};
    bool waiting_{false};
    bool resolve_timed_out_{false};
};

}  // namespace

Expected<std::unique_ptr<HttpClient>, RpcError> HttpClient::create(asio::io_context& ioc, std::string_view url_text,
                                                                  HttpOptions options) {
    auto url = parse_url(url_text);
    if (!url) {
        RpcError e;
        e.kind = RpcErrorKind::kInvalidUrl;
        e.message = url.error();
        return unexpected(std::move(e));
    }
    auto state = std::make_shared<State>(ioc, std::move(*url), std::move(options));
    if (!state->url.userinfo.empty()) state->authorization = "Basic " + base64(state->url.userinfo);
    if (state->url.tls) {
        auto fail_tls = [&](const std::string& what) {
            RpcError e;
            e.kind = RpcErrorKind::kTls;
            e.provider = state->name;
            e.message = what;
            return e;
        };
        state->tls_context.emplace(ssl::context::tls_client);
        ssl::context& ctx = *state->tls_context;
        if (SSL_CTX_set_min_proto_version(ctx.native_handle(), TLS1_2_VERSION) != 1)
            return unexpected(fail_tls("cannot require TLS 1.2"));
        ctx.set_verify_mode(ssl::verify_peer);
        error_code ec;
        ctx.set_default_verify_paths(ec);
        if (ec) return unexpected(fail_tls("cannot load the system CA store: " + ec.message()));
        if (!state->options.ca_file.empty()) {
            ctx.load_verify_file(state->options.ca_file, ec);
            if (ec) return unexpected(fail_tls("cannot load CA file " + state->options.ca_file + ": " + ec.message()));
        }
    }
    return std::unique_ptr<HttpClient>(new HttpClient(std::move(state)));
}

HttpClient::HttpClient(std::shared_ptr<State> state) : state_(std::move(state)) {}

HttpClient::~HttpClient() {
    // Pooled connections belong to the strand; close them there so no handler races the destructor.
    asio::post(state_->strand, [s = state_] { s->idle.clear(); });
}

const std::string& HttpClient::name() const noexcept { return state_->name; }
const HttpOptions& HttpClient::options() const noexcept { return state_->options; }

HttpStats HttpClient::stats() const noexcept {
    HttpStats out;
    out.requests = state_->requests.load();
    out.attempts = state_->attempts.load();
    out.retries = state_->retries.load();
    out.connections_opened = state_->opened.load();
    out.connections_reused = state_->reused.load();
    out.stale_reconnects = state_->stale.load();
    out.waited_for_connection = state_->waited.load();
    return out;
}

void HttpClient::async_call(std::string method, json params, CallHandler done) {
    ++state_->requests;
    const std::uint64_t id = state_->next_id.fetch_add(1);
    auto body = encode_request(id, method, params);
    auto s = state_;
    if (!body) {
        RpcError e = body.error();
        label(e, s->name, method);
        asio::post(s->strand, [done = std::move(done), e = std::move(e)] { done(unexpected(e)); });
        return;
    }
    auto exchange = std::make_shared<Exchange>(
        s, std::move(*body),
        [s, id, method = std::move(method), done = std::move(done)](Expected<std::string, RpcError> raw,
                                                                    unsigned attempts) {
            CallResult result = raw ? decode_response(*raw, id, ResponseLimits{s->options.max_json_depth})
                                    : CallResult(unexpected(raw.error()));
            if (!result) {
                RpcError e = result.error();
                label(e, s->name, method);
                e.attempts = attempts;
                return done(unexpected(std::move(e)));
            }
            done(std::move(result));
        });
    asio::post(s->strand, [exchange] { exchange->start(); });
}

void HttpClient::async_batch(std::vector<Call> calls, BatchHandler done) {
    ++state_->requests;
    auto s = state_;
    if (calls.empty()) {
        asio::post(s->strand, [done = std::move(done)] { done(std::vector<CallResult>{}); });
        return;
    }
    const std::uint64_t first_id = state_->next_id.fetch_add(calls.size());
    auto body = encode_batch(first_id, calls);
    std::string whole = batch_label(calls);
    if (!body) {
        RpcError e = body.error();
        label(e, s->name, whole);
        asio::post(s->strand, [done = std::move(done), e = std::move(e)] { done(unexpected(e)); });
        return;
    }
    auto exchange = std::make_shared<Exchange>(
        s, std::move(*body),
        [s, first_id, calls = std::move(calls), whole = std::move(whole), done = std::move(done)](
            Expected<std::string, RpcError> raw, unsigned attempts) {
            if (!raw) {
                RpcError e = raw.error();
                label(e, s->name, whole);
                e.attempts = attempts;
                return done(unexpected(std::move(e)));
            }
            std::vector<std::uint64_t> ids(calls.size());
            for (std::size_t i = 0; i < ids.size(); ++i) ids[i] = first_id + i;
            BatchResult result = decode_batch_response(*raw, ids, ResponseLimits{s->options.max_json_depth});
            if (!result) {
                RpcError e = result.error();
                label(e, s->name, whole);
                e.attempts = attempts;
                return done(unexpected(std::move(e)));
            }
            for (std::size_t i = 0; i < result->size(); ++i) {
                CallResult& one = (*result)[i];
                if (one) continue;
                RpcError e = one.error();
                label(e, s->name, calls[i].method);
                e.attempts = attempts;
                one = unexpected(std::move(e));
            }
            done(std::move(result));
        });
    asio::post(s->strand, [exchange] { exchange->start(); });
}

}  // namespace countersign::rpc
