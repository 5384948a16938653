// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include "rpc/url.hpp"

namespace countersign::rpc {
namespace {

TEST(Url, ParsesHttpWithPortAndPath) {
    auto url = parse_url("http://127.0.0.1:8545/rpc/v1?x=1");
    ASSERT_TRUE(url) << url.error();
    EXPECT_FALSE(url->tls);
    EXPECT_EQ(url->host, "127.0.0.1");
    EXPECT_TRUE(url->host_is_ip);
    EXPECT_EQ(url->port, 8545);
    EXPECT_EQ(url->target, "/rpc/v1?x=1");
    EXPECT_EQ(url->host_header(), "127.0.0.1:8545");
}

TEST(Url, DefaultsPortAndPath) {
    auto https = parse_url("https://mainnet.base.org");
    ASSERT_TRUE(https) << https.error();
    EXPECT_TRUE(https->tls);
    EXPECT_FALSE(https->host_is_ip);
    EXPECT_EQ(https->port, 443);
    EXPECT_EQ(https->target, "/");
    EXPECT_EQ(https->host_header(), "mainnet.base.org");
    auto http = parse_url("http://node?key=1");
    ASSERT_TRUE(http);
    EXPECT_EQ(http->port, 80);
    EXPECT_EQ(http->target, "/?key=1");
}

TEST(Url, ParsesIpv6AndUserinfo) {
    auto url = parse_url("https://alice:s%40cret@[::1]:8443/x");
    ASSERT_TRUE(url) << url.error();
    EXPECT_EQ(url->host, "::1");
    EXPECT_TRUE(url->host_is_ip);
    EXPECT_EQ(url->userinfo, "alice:s@cret");
    EXPECT_EQ(url->host_header(), "[::1]:8443");
}

TEST(Url, RedactsCredentialsKeysAndQuery) {
    auto url = parse_url("https://user:pw@mainnet.infura.io/v3/0123456789abcdef0123456789abcdef?apikey=zz");
    ASSERT_TRUE(url);
    const std::string r = url->redacted();
    EXPECT_EQ(r, "https://mainnet.infura.io/v3/REDACTED?REDACTED");
    EXPECT_EQ(r.find("pw"), std::string::npos);
    EXPECT_EQ(parse_url("http://127.0.0.1:8545")->redacted(), "http://127.0.0.1:8545/");
    EXPECT_EQ(parse_url("http://h/a/b")->redacted(), "http://h/a/b");
}

TEST(Url, RejectsMalformed) {
    for (const char* bad : {"", "ftp://x", "http://", "http://:80", "http://h:0", "http://h:65536", "http://h:80x",
                            "http://h:", "http://h /x", "http://h/x#frag", "http://[::1", "http://[zz]:1",
                            "http://h\x01/", "https://a_b!c/", "http://u:%zz@h/", "http://u:%2@h/"}) {
        EXPECT_FALSE(parse_url(bad)) << bad;
    }
}

}  // namespace
}  // namespace countersign::rpc
