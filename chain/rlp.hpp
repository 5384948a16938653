// SPDX-License-Identifier: Apache-2.0
#pragma once
// Recursive Length Prefix: a strict, canonical decoder over a cursor and a two-pass encoder.
//
// Decoding rules (yellow paper, appendix B, plus canonical form): a single byte < 0x80 must not be wrapped
// (0x81 0x05 is kNonCanonicalSize); long-form lengths must be >= 56 and have no leading zero bytes; every
// length must fit in the input. Decoders take `ByteView& from`, advance it past what they consumed, and
// are noexcept: malformed input gets an error value, never a crash. Allocation is bounded by input size.

#include <cstdint>
#include <string_view>
#include <vector>

#include "crypto/bytes.hpp"
#include "crypto/expected.hpp"
#include "crypto/uint256.hpp"

namespace countersign::rlp {

enum class DecodingError {
    kInputTooShort,        // a length points past the end of the input
    kNonCanonicalSize,     // single byte wrapped as a string, or long form used for a length < 56
    kLeadingZero,          // a length or an integer with leading zero bytes
    kOverflow,             // an integer or length larger than its type
    kTrailingBytes,        // bytes left after the item (Leftover::kProhibit) or after a list's last element
    kUnexpectedList,       // a list where a string was required
    kUnexpectedString,     // a string where a list was required
    kUnexpectedLength,     // a fixed-size string (hash, address) of the wrong length
    kUnexpectedListElements,  // a list with the wrong number of elements
    kTooDeep,              // lists nested beyond the depth limit
};

std::string_view to_string(DecodingError e) noexcept;

template <class T>
using Result = Expected<T, DecodingError>;
using Status = Expected<void, DecodingError>;

enum class Leftover { kProhibit, kAllow };

struct Header {
    bool list{false};
    std::size_t payload_length{0};
};

// Reads an item header. For a single byte < 0x80 it returns {string, 1} and leaves `from` at that byte.
Result<Header> decode_header(ByteView& from) noexcept;

// Reads a string item and returns a view into `from`'s buffer (zero copy).
Result<ByteView> decode_string(ByteView& from) noexcept;
// Reads a list header and returns the view of its payload; `from` is advanced past the whole list.
Result<ByteView> decode_list(ByteView& from) noexcept;

Status decode(ByteView& from, Bytes& to, Leftover mode = Leftover::kAllow) noexcept;
Status decode(ByteView& from, std::uint64_t& to, Leftover mode = Leftover::kAllow) noexcept;
Status decode(ByteView& from, Uint256& to, Leftover mode = Leftover::kAllow) noexcept;
Status decode(ByteView& from, bool& to, Leftover mode = Leftover::kAllow) noexcept;
template <std::size_t N>
Status decode(ByteView& from, FixedBytes<N>& to, Leftover mode = Leftover::kAllow) noexcept;

// A generic item tree, for vectors, fuzzing and tools. decode_item consumes the whole input.
struct Item {
    bool is_list{false};
    Bytes string;             // when !is_list
    std::vector<Item> list;   // when is_list
    friend bool operator==(const Item&, const Item&) = default;
};
inline constexpr std::size_t kDefaultMaxDepth = 64;
Result<Item> decode_item(ByteView data, std::size_t max_depth = kDefaultMaxDepth) noexcept;

// Encoding: length_of_* give the encoded size, encode_* append to `to`.
std::size_t length_of_length(std::size_t payload_length) noexcept;  // header size for a payload
void encode_header(Bytes& to, Header h);
void encode(Bytes& to, ByteView s);
void encode(Bytes& to, std::uint64_t n);
void encode(Bytes& to, const Uint256& n);
template <std::size_t N>
void encode(Bytes& to, const FixedBytes<N>& b) {
    encode(to, b.view());
}
std::size_t length_of(ByteView s) noexcept;
std::size_t length_of(std::uint64_t n) noexcept;
std::size_t length_of(const Uint256& n) noexcept;
template <std::size_t N>
std::size_t length_of(const FixedBytes<N>& b) noexcept {
    return length_of(b.view());
}
Bytes encode_item(const Item& item);

}  // namespace countersign::rlp

// ---- template definitions ----
namespace countersign::rlp {
template <std::size_t N>
Status decode(ByteView& from, FixedBytes<N>& to, Leftover mode) noexcept {
    ByteView cursor = from;  // leave `from` untouched on error, like the other decoders
    auto s = decode_string(cursor);
    if (!s) return unexpected(s.error());
    if (s->size() != N) return unexpected(DecodingError::kUnexpectedLength);
    to = FixedBytes<N>::from_view_unchecked(*s);
    from = cursor;
    if (mode == Leftover::kProhibit && !from.empty()) return unexpected(DecodingError::kTrailingBytes);
    return {};
}
}  // namespace countersign::rlp
