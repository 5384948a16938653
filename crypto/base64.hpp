// SPDX-License-Identifier: Apache-2.0
#pragma once
// Standard base64 (RFC 4648 §4, alphabet A-Z a-z 0-9 + /) as the OpenGradient TEE writes its signatures
// (Python base64.b64encode). Decoding is strict so that one byte string has exactly one accepted text:
// padding is required and canonical (the unused low bits of the last symbol must be zero), no whitespace,
// no line breaks, no URL-safe alphabet, and the decoded size is bounded by the caller.

#include <cstddef>
#include <string>
#include <string_view>

#include "crypto/bytes.hpp"
#include "crypto/expected.hpp"

namespace countersign {

enum class Base64Error {
    kBadLength,         // not a multiple of 4 characters
    kInvalidCharacter,  // outside the standard alphabet (whitespace, '-', '_', ...)
    kBadPadding,        // '=' anywhere but the last one or two positions, or a third '='
    kNonCanonical,      // unused bits of the last symbol are not zero
    kTooLong,           // decodes to more than the caller's limit
};

std::string_view to_string(Base64Error e) noexcept;

// Decodes at most max_bytes bytes; longer input is refused before anything is allocated.
Expected<Bytes, Base64Error> base64_decode(std::string_view text, std::size_t max_bytes) noexcept;
std::string base64_encode(ByteView bytes);

}  // namespace countersign
