// SPDX-License-Identifier: Apache-2.0
// HTTPS: certificate chain, host name / IP and SNI, against a loopback TLS server with a throw-away CA.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "rpc/http_provider.hpp"
#include "rpc/testing/fake_server.hpp"
#include "rpc/testing/test_pki.hpp"

namespace countersign::rpc {
namespace {

using namespace std::chrono_literals;
using testing::FakeServer;
using testing::ServerConnection;

class Https : public ::testing::Test {
protected:
    void start(const std::vector<std::string>& dns, const std::vector<std::string>& ips) {
        pki_ = testing::make_test_pki(dns, ips);
        ca_file_ = std::filesystem::temp_directory_path() / ("countersign-ca-" + std::to_string(getpid()) + ".pem");
        std::ofstream(ca_file_) << pki_.ca_pem;
        auto server = FakeServer::start(
            [this](ServerConnection& c) {
                sni_ = c.server_name();
                while (auto request = c.read_request()) {
                    if (!c.respond(testing::jsonrpc_result_for(request->body, R"("0x2105")"))) return;
                }
            },
            FakeServer::Tls{pki_.cert_pem, pki_.key_pem});
        ASSERT_TRUE(server) << server.error();
        server_ = std::move(*server);
    }
    void TearDown() override {
        server_.reset();
        std::filesystem::remove(ca_file_);
    }
    CallResult call(const std::string& host, bool trust_ca) {
        HttpOptions o;
        o.connect_timeout = 2s;
        o.read_timeout = 2s;
        o.max_retries = 0;
        if (trust_ca) o.ca_file = ca_file_.string();
        auto p = HttpProvider::create(server_->url(host), o);
        if (!p) return unexpected(p.error());
        return (*p)->call("eth_chainId", json::array());
    }

    testing::TestPki pki_;
    std::filesystem::path ca_file_;
    std::unique_ptr<FakeServer> server_;
    std::string sni_;
};

TEST_F(Https, TrustedCertificateForTheIpVerifies) {
    start({"localhost"}, {"127.0.0.1"});
    auto r = call("127.0.0.1", true);
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ(*r, "0x2105");
    EXPECT_EQ(sni_, "");  // no SNI for IP literals (RFC 6066)
}

TEST_F(Https, TrustedCertificateForTheHostNameVerifiesAndSendsSni) {
    start({"localhost"}, {});
    auto r = call("localhost", true);
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ(sni_, "localhost");
}

TEST_F(Https, UntrustedCertificateIsRejectedByDefault) {
    start({"localhost"}, {"127.0.0.1"});
    auto r = call("127.0.0.1", false);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, RpcErrorKind::kTls);
    EXPECT_NE(r.error().message.find("certificate"), std::string::npos) << r.error().to_string();
    EXPECT_EQ(r.error().attempts, 1u);  // a certificate failure is not retried
}

TEST_F(Https, CertificateForAnotherNameIsRejected) {
    start({"node.example"}, {"10.0.0.1"});
    auto by_name = call("localhost", true);
    ASSERT_FALSE(by_name);
    EXPECT_EQ(by_name.error().kind, RpcErrorKind::kTls) << by_name.error().to_string();
    auto by_ip = call("127.0.0.1", true);
    ASSERT_FALSE(by_ip);
    EXPECT_EQ(by_ip.error().kind, RpcErrorKind::kTls) << by_ip.error().to_string();
}

TEST_F(Https, PlainHttpServerIsNotMistakenForTls) {
    start({"localhost"}, {"127.0.0.1"});
    auto plain = FakeServer::start([](ServerConnection& c) {
        if (c.read_request()) c.respond("{}");
    });
    ASSERT_TRUE(plain);
    HttpOptions o;
    o.max_retries = 0;
    o.read_timeout = 1s;
    o.connect_timeout = 1s;
    auto p = HttpProvider::create("https://127.0.0.1:" + std::to_string((*plain)->port()) + "/", o);
    ASSERT_TRUE(p);
    auto r = (*p)->call("eth_chainId", json::array());
    ASSERT_FALSE(r);
    EXPECT_TRUE(r.error().kind == RpcErrorKind::kTls || r.error().kind == RpcErrorKind::kTimeout)
        << r.error().to_string();
}

}  // namespace
}  // namespace countersign::rpc
