// SPDX-License-Identifier: Apache-2.0
#pragma once
// Provider URLs: http://host[:port][/path][?query] and https://..., with optional user:password@ (sent as
// HTTP Basic auth). Strict: no spaces or control characters, ports 1..65535, no fragments.

#include <cstdint>
#include <string>
#include <string_view>

#include "crypto/expected.hpp"

namespace countersign::rpc {

struct Url {
    bool tls{false};
    std::string host;      // DNS name or IP literal; IPv6 without brackets
    std::uint16_t port{0};
    std::string target;    // path + query, at least "/"
    std::string userinfo;  // "user:password" (percent-decoded), empty when absent
    bool host_is_ip{false};

    // The Host header value: host, bracketed when IPv6, with ":port" unless it is the scheme's default.
    std::string host_header() const;
    // For error messages and logs: no userinfo, query replaced by "?REDACTED", and path segments that look
    // like API keys (16+ characters of [A-Za-z0-9_-]) replaced by "REDACTED" (Infura /v3/<key> etc.).
    std::string redacted() const;
};

// The error is a human-readable reason.
Expected<Url, std::string> parse_url(std::string_view text);

}  // namespace countersign::rpc
