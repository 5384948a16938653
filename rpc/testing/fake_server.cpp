// SPDX-License-Identifier: Apache-2.0
#include "rpc/testing/fake_server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>

#include <nlohmann/json.hpp>

namespace countersign::testing {
namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

}  // namespace

std::string HttpRequest::header(std::string_view name) const {
    const std::string wanted = lower(name) + ":";
    std::size_t pos = head.find("\r\n");
    while (pos != std::string::npos && pos + 2 < head.size()) {
        const std::size_t start = pos + 2;
        const std::size_t end = head.find("\r\n", start);
        const std::string line = head.substr(start, end == std::string::npos ? std::string::npos : end - start);
        if (lower(line).rfind(wanted, 0) == 0) {
            std::string value = line.substr(wanted.size());
            while (!value.empty() && value.front() == ' ') value.erase(value.begin());
            return value;
        }
        pos = end;
    }
    return {};
}

long ServerConnection::raw_read(char* buf, std::size_t n) {
    for (;;) {
        if (server_.stopping_) return -1;
        pollfd p{fd_, POLLIN, 0};
        // Wake up now and then to notice the server stopping even if the client stays silent.
        if (ssl_ == nullptr || SSL_pending(ssl_) == 0) {
            const int r = poll(&p, 1, 50);
            if (r == 0) continue;
            if (r < 0 && errno == EINTR) continue;
            if (r < 0) return -1;
        }
        if (ssl_ != nullptr) return SSL_read(ssl_, buf, static_cast<int>(n));
        const ssize_t got = ::read(fd_, buf, n);
        if (got < 0 && errno == EINTR) continue;
        return static_cast<long>(got);
    }
}

std::optional<HttpRequest> ServerConnection::read_request() {
    char buf[8192];
    std::size_t head_end;
    while ((head_end = pending_.find("\r\n\r\n")) == std::string::npos) {
        const long n = raw_read(buf, sizeof buf);
        if (n <= 0) return std::nullopt;
        pending_.append(buf, static_cast<std::size_t>(n));
    }
    HttpRequest request;
    request.head = pending_.substr(0, head_end);
    pending_.erase(0, head_end + 4);
    const std::string length = request.header("content-length");
    const std::size_t want = length.empty() ? 0 : std::stoul(length);
    while (pending_.size() < want) {
        const long n = raw_read(buf, sizeof buf);
        if (n <= 0) return std::nullopt;
        pending_.append(buf, static_cast<std::size_t>(n));
    }
    request.body = pending_.substr(0, want);
    pending_.erase(0, want);
    ++server_.requests_;
    return request;
}

bool ServerConnection::write(std::string_view bytes) {
    while (!bytes.empty()) {
        if (server_.stopping_) return false;
        long n;
        if (ssl_ != nullptr) {
            n = SSL_write(ssl_, bytes.data(), static_cast<int>(bytes.size()));
        } else {
            n = static_cast<long>(::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL));
            if (n < 0 && errno == EINTR) continue;
        }
        if (n <= 0) return false;
        server_.bytes_written_ += static_cast<std::uint64_t>(n);
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

bool ServerConnection::respond(std::string_view body, int status, std::string_view content_type) {
    std::string out = "HTTP/1.1 " + std::to_string(status) + (status == 200 ? " OK" : " Error") + "\r\n";
    out += "Content-Type: " + std::string(content_type) + "\r\n";
    out += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n";
    out += body;
    return write(out);
}

void ServerConnection::hang() {
    while (!server_.stopping_) std::this_thread::sleep_for(std::chrono::milliseconds(10));
}

bool ServerConnection::stopping() const { return server_.stopping_; }

std::string ServerConnection::server_name() const {
    if (ssl_ == nullptr) return {};
    const char* name = SSL_get_servername(ssl_, TLSEXT_NAMETYPE_host_name);
    return name == nullptr ? std::string() : std::string(name);
}

Expected<std::unique_ptr<FakeServer>, std::string> FakeServer::start(Handler handler, std::optional<Tls> tls) {
    std::unique_ptr<FakeServer> server(new FakeServer());
    server->handler_ = std::move(handler);
    if (tls) {
        // SSL_write on a socket fd whose peer hung up (tests do that on purpose) raises SIGPIPE, which would
        // kill the whole test program; this test-only server ignores it and sees EPIPE instead.
        std::signal(SIGPIPE, SIG_IGN);
        server->tls_ctx_ = SSL_CTX_new(TLS_server_method());
        BIO* cert_bio = BIO_new_mem_buf(tls->cert_pem.data(), static_cast<int>(tls->cert_pem.size()));
        BIO* key_bio = BIO_new_mem_buf(tls->key_pem.data(), static_cast<int>(tls->key_pem.size()));
        X509* cert = PEM_read_bio_X509(cert_bio, nullptr, nullptr, nullptr);
        EVP_PKEY* key = PEM_read_bio_PrivateKey(key_bio, nullptr, nullptr, nullptr);
        const bool ok = cert != nullptr && key != nullptr && SSL_CTX_use_certificate(server->tls_ctx_, cert) == 1 &&
                        SSL_CTX_use_PrivateKey(server->tls_ctx_, key) == 1;
        X509_free(cert);
        EVP_PKEY_free(key);
        BIO_free(cert_bio);
        BIO_free(key_bio);
        if (!ok) return unexpected(std::string("cannot load the test certificate"));
    }
    server->listen_fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (server->listen_fd_ < 0) return unexpected(std::string("socket: ") + std::strerror(errno));
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    if (bind(server->listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        listen(server->listen_fd_, 1024) != 0)
        return unexpected(std::string("bind/listen: ") + std::strerror(errno));
    socklen_t len = sizeof addr;
    getsockname(server->listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    server->port_ = ntohs(addr.sin_port);
    server->acceptor_ = std::thread([s = server.get()] { s->accept_loop(); });
    return server;
}

FakeServer::~FakeServer() {
    stopping_ = true;
    if (listen_fd_ >= 0) shutdown(listen_fd_, SHUT_RDWR);
    if (acceptor_.joinable()) acceptor_.join();
    {
        std::lock_guard lock(mutex_);
        for (int fd : open_fds_) shutdown(fd, SHUT_RDWR);
    }
    for (auto& t : threads_) t.join();
    for (int fd : open_fds_) close(fd);
    if (listen_fd_ >= 0) close(listen_fd_);
    if (tls_ctx_ != nullptr) SSL_CTX_free(tls_ctx_);
}

std::string FakeServer::url(std::string_view host) const {
    return std::string(tls_ctx_ != nullptr ? "https://" : "http://") + std::string(host) + ":" + std::to_string(port_) +
           "/";
}

void FakeServer::accept_loop() {
    while (!stopping_) {
        pollfd p{listen_fd_, POLLIN, 0};
        const int r = poll(&p, 1, 50);
        if (r <= 0) continue;
        const int fd = accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
        if (fd < 0) continue;
        ++connections_;
        std::lock_guard lock(mutex_);
        open_fds_.push_back(fd);
        threads_.emplace_back([this, fd] { serve(fd); });
    }
}

void FakeServer::serve(int fd) {
    SSL* ssl = nullptr;
    if (tls_ctx_ != nullptr) {
        ssl = SSL_new(tls_ctx_);
        SSL_set_fd(ssl, fd);
        if (SSL_accept(ssl) != 1) {
            SSL_free(ssl);
            ERR_clear_error();
            ssl = nullptr;
            shutdown(fd, SHUT_RDWR);
            return;  // the fd is closed by the destructor's bookkeeping below
        }
    }
    if (ssl != nullptr || tls_ctx_ == nullptr) {
        ServerConnection connection(*this, fd, ssl);
        handler_(connection);
    }
    if (ssl != nullptr) {
        SSL_free(ssl);
        ERR_clear_error();
    }
    shutdown(fd, SHUT_RDWR);
}

std::string jsonrpc_result_for(std::string_view request_body, std::string_view result_json) {
    const auto request = nlohmann::json::parse(request_body, nullptr, false);
    const std::string id = request.is_object() && request.contains("id") ? request["id"].dump() : "null";
    return R"({"jsonrpc":"2.0","id":)" + id + R"(,"result":)" + std::string(result_json) + "}";
}

}  // namespace countersign::testing
