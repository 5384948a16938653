// SPDX-License-Identifier: Apache-2.0
#include "crypto/base64.hpp"

#include <array>
#include <cstdint>

namespace countersign {
namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

constexpr std::array<std::int8_t, 256> make_table() noexcept {
    std::array<std::int8_t, 256> t{};
    for (auto& v : t) v = -1;
    for (int i = 0; i < 64; ++i) t[static_cast<std::uint8_t>(kAlphabet[i])] = static_cast<std::int8_t>(i);
    return t;
}
constexpr std::array<std::int8_t, 256> kTable = make_table();

}  // namespace

std::string_view to_string(Base64Error e) noexcept {
    switch (e) {
        case Base64Error::kBadLength:
            return "base64: length is not a multiple of 4";
        case Base64Error::kInvalidCharacter:
            return "base64: character outside the standard alphabet";
        case Base64Error::kBadPadding:
            return "base64: misplaced padding";
        case Base64Error::kNonCanonical:
            return "base64: non-canonical final symbol (unused bits set)";
        case Base64Error::kTooLong:
            return "base64: decoded data too long";
    }
    return "base64: unknown error";
}

Expected<Bytes, Base64Error> base64_decode(std::string_view text, std::size_t max_bytes) noexcept {
    if (text.size() % 4 != 0) return unexpected(Base64Error::kBadLength);
    std::size_t pad = 0;
    if (!text.empty() && text.back() == '=') pad = text.size() >= 2 && text[text.size() - 2] == '=' ? 2 : 1;
    const std::size_t out_size = text.size() / 4 * 3 - pad;
    if (out_size > max_bytes) return unexpected(Base64Error::kTooLong);
    const std::size_t symbols = text.size() - pad;
    for (std::size_t i = 0; i < symbols; ++i) {
        if (text[i] == '=') return unexpected(Base64Error::kBadPadding);
        if (kTable[static_cast<std::uint8_t>(text[i])] < 0) return unexpected(Base64Error::kInvalidCharacter);
    }
    Bytes out;
    out.reserve(out_size);
    std::uint32_t acc = 0;
    int bits = 0;
    for (std::size_t i = 0; i < symbols; ++i) {
        acc = (acc << 6) | static_cast<std::uint32_t>(kTable[static_cast<std::uint8_t>(text[i])]);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<std::uint8_t>(acc >> bits));
            acc &= (1u << bits) - 1;
        }
    }
    // With one '=' the last symbol carries 2 unused bits, with two '=' 4; canonical text leaves them zero.
    if (acc != 0) return unexpected(Base64Error::kNonCanonical);
    return out;
}

std::string base64_encode(ByteView bytes) {
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    std::size_t i = 0;
    for (; i + 3 <= bytes.size(); i += 3) {
        const std::uint32_t v = (std::uint32_t{bytes[i]} << 16) | (std::uint32_t{bytes[i + 1]} << 8) | bytes[i + 2];
        out += kAlphabet[(v >> 18) & 63];
        out += kAlphabet[(v >> 12) & 63];
        out += kAlphabet[(v >> 6) & 63];
        out += kAlphabet[v & 63];
    }
    const std::size_t rest = bytes.size() - i;
    if (rest == 1) {
        const std::uint32_t v = std::uint32_t{bytes[i]} << 16;
        out += kAlphabet[(v >> 18) & 63];
        out += kAlphabet[(v >> 12) & 63];
        out += "==";
    } else if (rest == 2) {
        const std::uint32_t v = (std::uint32_t{bytes[i]} << 16) | (std::uint32_t{bytes[i + 1]} << 8);
        out += kAlphabet[(v >> 18) & 63];
        out += kAlphabet[(v >> 12) & 63];
        out += kAlphabet[(v >> 6) & 63];
        out += '=';
    }
    return out;
}

}  // namespace countersign
