// SPDX-License-Identifier: Apache-2.0
#pragma once
// Hex text <-> bytes. Parsing never throws: untrusted text (RPC responses, receipts, vector files) gets an
// error value that says what was wrong.

#include <string>
#include <string_view>

#include "crypto/bytes.hpp"
#include "crypto/expected.hpp"

namespace countersign {

enum class HexPrefix {
    kRequired,  // "0x…" only (JSON-RPC DATA)
    kOptional,  // "0x…" or bare (vector files, user input)
    kNone,      // bare digits only
};

enum class HexError {
    kMissingPrefix,
    kUnexpectedPrefix,
    kOddLength,
    kInvalidDigit,
    kWrongSize,
};

std::string_view to_string(HexError e) noexcept;

Expected<Bytes, HexError> parse_hex(std::string_view text, HexPrefix prefix = HexPrefix::kOptional) noexcept;

// Exactly N bytes (2N digits).
template <std::size_t N>
Expected<FixedBytes<N>, HexError> parse_hex_fixed(std::string_view text,
                                                  HexPrefix prefix = HexPrefix::kOptional) noexcept {
    auto b = parse_hex(text, prefix);
    if (!b) return unexpected(b.error());
    if (b->size() != N) return unexpected(HexError::kWrongSize);
    return FixedBytes<N>::from_view_unchecked(*b);
}

std::string to_hex(ByteView bytes, bool with_prefix = true);

template <std::size_t N>
std::string to_hex(const FixedBytes<N>& b, bool with_prefix = true) {
    return to_hex(b.view(), with_prefix);
}

// For literals in tests and code: aborts on malformed input, never use on untrusted text.
Bytes hex_literal(std::string_view text) noexcept;
template <std::size_t N>
FixedBytes<N> hex_literal_fixed(std::string_view text) noexcept {
    Bytes b = hex_literal(text);
    if (b.size() != N) std::abort();
    return FixedBytes<N>::from_view_unchecked(b);
}

}  // namespace countersign
