// SPDX-License-Identifier: Apache-2.0
#include "rpc/url.hpp"

#include <arpa/inet.h>

#include <cctype>

namespace countersign::rpc {
namespace {

bool is_ipv4(const std::string& s) {
    in_addr a{};
    return inet_pton(AF_INET, s.c_str(), &a) == 1;
}

bool is_ipv6(const std::string& s) {
    in6_addr a{};
    return inet_pton(AF_INET6, s.c_str(), &a) == 1;
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

Expected<std::string, std::string> percent_decode(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '%') {
            out.push_back(s[i]);
            continue;
        }
        if (i + 2 >= s.size()) return unexpected(std::string("truncated percent escape"));
        const int hi = hex_value(s[i + 1]);
        const int lo = hex_value(s[i + 2]);
        if (hi < 0 || lo < 0) return unexpected(std::string("bad percent escape"));
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
    }
    return out;
}

bool is_host_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_';
}

bool looks_like_key(std::string_view segment) {
    if (segment.size() < 16) return false;
    for (char c : segment) {
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-') return false;
    }
    return true;
}

}  // namespace

Expected<Url, std::string> parse_url(std::string_view text) {
    for (char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (u <= 0x20 || u >= 0x7f) return unexpected(std::string("URL contains a space, control or non-ASCII character"));
    }
    Url url;
    std::string_view rest;
    if (text.substr(0, 7) == "http://") {
        rest = text.substr(7);
    } else if (text.substr(0, 8) == "https://") {
        url.tls = true;
        rest = text.substr(8);
    } else {
        return unexpected(std::string("URL must start with http:// or https://"));
    }
    if (rest.find('#') != std::string_view::npos) return unexpected(std::string("URL must not have a fragment"));

    const std::size_t path_at = rest.find_first_of("/?");
    std::string_view authority = rest.substr(0, path_at);
    std::string_view target = path_at == std::string_view::npos ? std::string_view{} : rest.substr(path_at);

    if (const std::size_t at = authority.rfind('@'); at != std::string_view::npos) {
        auto info = percent_decode(authority.substr(0, at));
        if (!info) return unexpected(info.error() + " in user info");
        url.userinfo = std::move(*info);
        authority = authority.substr(at + 1);
    }

    std::string_view port_text;
    if (!authority.empty() && authority.front() == '[') {
        const std::size_t close = authority.find(']');
        if (close == std::string_view::npos) return unexpected(std::string("unclosed '[' in host"));
        url.host = std::string(authority.substr(1, close - 1));
        if (!is_ipv6(url.host)) return unexpected(std::string("bad IPv6 address"));
        url.host_is_ip = true;
        std::string_view after = authority.substr(close + 1);
        if (!after.empty()) {
            if (after.front() != ':') return unexpected(std::string("junk after IPv6 address"));
            port_text = after.substr(1);
            if (port_text.empty()) return unexpected(std::string("empty port"));
        }
    } else {
        const std::size_t colon = authority.find(':');
        url.host = std::string(authority.substr(0, colon));
        if (colon != std::string_view::npos) {
            port_text = authority.substr(colon + 1);
            if (port_text.empty()) return unexpected(std::string("empty port"));
        }
        for (char c : url.host) {
            if (!is_host_char(c)) return unexpected(std::string("bad character in host"));
        }
        url.host_is_ip = is_ipv4(url.host);
    }
    if (url.host.empty()) return unexpected(std::string("empty host"));

    if (port_text.empty()) {
        url.port = url.tls ? 443 : 80;
    } else {
        if (port_text.size() > 5) return unexpected(std::string("port out of range"));
        unsigned value = 0;
        for (char c : port_text) {
            if (c < '0' || c > '9') return unexpected(std::string("port is not a number"));
            value = value * 10 + static_cast<unsigned>(c - '0');
        }
        if (value == 0 || value > 65535) return unexpected(std::string("port out of range"));
        url.port = static_cast<std::uint16_t>(value);
    }

    url.target = target.empty() ? std::string("/") : std::string(target);
    if (url.target.front() == '?') url.target.insert(url.target.begin(), '/');
    return url;
}

std::string Url::host_header() const {
    std::string out = host.find(':') != std::string::npos ? "[" + host + "]" : host;
    if (port != (tls ? 443 : 80)) out.append(":").append(std::to_string(port));
    return out;
}

std::string Url::redacted() const {
    std::string out = tls ? "https://" : "http://";
    out += host_header();
    const std::size_t q = target.find('?');
    std::string_view path = std::string_view(target).substr(0, q);
    std::size_t pos = 0;
    while (pos < path.size()) {
        std::size_t next = path.find('/', pos + 1);
        if (next == std::string_view::npos) next = path.size();
        std::string_view segment = path.substr(pos + 1, next - pos - 1);  // path[pos] is '/'
        out += '/';
        out += looks_like_key(segment) ? std::string_view("REDACTED") : segment;
        pos = next;
    }
    if (path.empty()) out += '/';
    if (q != std::string::npos) out += "?REDACTED";
    return out;
}

}  // namespace countersign::rpc
