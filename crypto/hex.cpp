// SPDX-License-Identifier: Apache-2.0
#include "crypto/hex.hpp"

#include <cstdlib>

namespace countersign {
namespace {

constexpr int digit_value(char c) noexcept {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

bool has_prefix(std::string_view t) noexcept { return t.size() >= 2 && t[0] == '0' && (t[1] == 'x' || t[1] == 'X'); }

}  // namespace

std::string_view to_string(HexError e) noexcept {
    switch (e) {
        case HexError::kMissingPrefix: return "hex: missing 0x prefix";
        case HexError::kUnexpectedPrefix: return "hex: unexpected 0x prefix";
        case HexError::kOddLength: return "hex: odd number of digits";
        case HexError::kInvalidDigit: return "hex: invalid digit";
        case HexError::kWrongSize: return "hex: wrong size";
    }
    return "hex: unknown error";
}

Expected<Bytes, HexError> parse_hex(std::string_view text, HexPrefix prefix) noexcept {
    const bool prefixed = has_prefix(text);
    if (prefix == HexPrefix::kRequired && !prefixed) return unexpected(HexError::kMissingPrefix);
    if (prefix == HexPrefix::kNone && prefixed) return unexpected(HexError::kUnexpectedPrefix);
    if (prefixed) text.remove_prefix(2);
    if (text.size() % 2 != 0) return unexpected(HexError::kOddLength);
    Bytes out;
    out.resize(text.size() / 2);
    for (std::size_t i = 0; i < out.size(); ++i) {
        const int hi = digit_value(text[2 * i]);
        const int lo = digit_value(text[2 * i + 1]);
        if (hi < 0 || lo < 0) return unexpected(HexError::kInvalidDigit);
        out[i] = static_cast<std::uint8_t>(hi << 4 | lo);
    }
    return out;
}

std::string to_hex(ByteView bytes, bool with_prefix) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2 + 2);
    if (with_prefix) out += "0x";
    for (std::uint8_t b : bytes) {
        out += kDigits[b >> 4];
        out += kDigits[b & 0xf];
    }
    return out;
}

Bytes hex_literal(std::string_view text) noexcept {
    auto b = parse_hex(text, HexPrefix::kOptional);
    if (!b) std::abort();
    return std::move(b).value();
}

}  // namespace countersign
