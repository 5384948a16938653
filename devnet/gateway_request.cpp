// SPDX-License-Identifier: Apache-2.0
#include "devnet/gateway_request.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <sstream>

namespace countersign::devnet {
namespace {

constexpr char kHexDigits[] = "0123456789abcdef";

void append_u16_escape(std::string& out, std::uint32_t unit) {
    out += "\\u";
    for (int shift = 12; shift >= 0; shift -= 4) out += kHexDigits[(unit >> shift) & 0xf];
}

// Decodes one UTF-8 code point at text[i] (strict: no overlongs, surrogates or values above U+10FFFF).
std::optional<std::uint32_t> next_code_point(std::string_view text, std::size_t& i) {
    const auto b0 = static_cast<std::uint8_t>(text[i]);
    std::size_t n = 0;
    std::uint32_t cp = 0;
    if (b0 < 0x80) {
        ++i;
        return b0;
    } else if ((b0 & 0xe0) == 0xc0) {
        n = 1;
        cp = b0 & 0x1fu;
    } else if ((b0 & 0xf0) == 0xe0) {
        n = 2;
        cp = b0 & 0x0fu;
    } else if ((b0 & 0xf8) == 0xf0) {
        n = 3;
        cp = b0 & 0x07u;
    } else {
        return std::nullopt;
    }
    if (i + n >= text.size()) return std::nullopt;  // truncated sequence
    for (std::size_t k = 1; k <= n; ++k) {
        const auto b = static_cast<std::uint8_t>(text[i + k]);
        if ((b & 0xc0) != 0x80) return std::nullopt;
        cp = (cp << 6) | (b & 0x3fu);
    }
    static constexpr std::uint32_t kMin[] = {0, 0x80, 0x800, 0x10000};
    if (cp < kMin[n] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return std::nullopt;
    i += n + 1;
    return cp;
}

std::vector<std::string> words(std::string_view text) {
    std::istringstream in{std::string(text)};
    std::vector<std::string> out;
    for (std::string w; in >> w;) out.push_back(w);
    return out;
}

}  // namespace

Expected<std::string, std::string> python_json_string(std::string_view utf8) {
    std::string out = "\"";
    for (std::size_t i = 0; i < utf8.size();) {
        auto cp = next_code_point(utf8, i);
        if (!cp) return unexpected(std::string("string is not valid UTF-8"));
        switch (*cp) {
            case '"': out += "\\\""; continue;
            case '\\': out += "\\\\"; continue;
            case '\n': out += "\\n"; continue;
            case '\r': out += "\\r"; continue;
            case '\t': out += "\\t"; continue;
            case '\b': out += "\\b"; continue;
            case '\f': out += "\\f"; continue;
            default: break;
        }
        if (*cp < 0x20 || *cp == 0x7f) {  // Python escapes everything outside ' '..'~'
            append_u16_escape(out, *cp);
        } else if (*cp < 0x80) {
            out += static_cast<char>(*cp);
        } else if (*cp < 0x10000) {
            append_u16_escape(out, *cp);
        } else {
            const std::uint32_t v = *cp - 0x10000;
            append_u16_escape(out, 0xd800 + (v >> 10));
            append_u16_escape(out, 0xdc00 + (v & 0x3ff));
        }
    }
    out += '"';
    return out;
}

Expected<std::string, std::string> python_float_repr(double value) {
    if (!std::isfinite(value) || std::signbit(value) || value > 2.0 || (value != 0.0 && value < 1e-4))
        return unexpected(std::string("temperature must be 0 or in [0.0001, 2]"));
    char buf[64];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::fixed);
    if (ec != std::errc{}) return unexpected(std::string("temperature does not format"));
    std::string out(buf, end);
    if (out.find('.') == std::string::npos) out += ".0";
    return out;
}

Expected<std::string, std::string> canonical_request_json(const ChatRequest& request) {
    std::string out = "{";
    if (request.max_tokens) out += "\"max_tokens\": " + std::to_string(*request.max_tokens) + ", ";
    out += "\"messages\": [";
    for (std::size_t i = 0; i < request.messages.size(); ++i) {
        auto content = python_json_string(request.messages[i].content);
        if (!content) return unexpected("message content: " + content.error());
        auto role = python_json_string(request.messages[i].role);
        if (!role) return unexpected("message role: " + role.error());
        if (i != 0) out += ", ";
        out += "{\"content\": " + *content + ", \"role\": " + *role + "}";
    }
    auto model = python_json_string(request.model);
    if (!model) return unexpected("model: " + model.error());
    auto temperature = python_float_repr(request.temperature);
    if (!temperature) return unexpected(temperature.error());
    out += "], \"model\": " + *model + ", \"temperature\": " + *temperature + "}";
    return out;
}

StandinOutput run_standin_model(const ChatRequest& request) {
    StandinOutput out;
    std::string_view last_user;
    for (const ChatMessage& m : request.messages) {
        out.prompt_tokens += static_cast<std::uint32_t>(words(m.content).size());
        if (m.role == "user") last_user = m.content;
    }
    std::vector<std::string> reply = words(last_user);
    std::reverse(reply.begin(), reply.end());
    if (request.max_tokens && reply.size() > *request.max_tokens) reply.resize(*request.max_tokens);
    out.text = "[" + std::string(kStandinModel) + ": not a real model]";
    for (const std::string& w : reply) out.text += " " + w;
    out.completion_tokens = static_cast<std::uint32_t>(reply.size());
    return out;
}

}  // namespace countersign::devnet
