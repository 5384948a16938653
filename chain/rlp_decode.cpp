// SPDX-License-Identifier: Apache-2.0
// Strict RLP decoding. Every check compares a length against what is left of the input before any pointer
// arithmetic, so a hostile length near SIZE_MAX can never wrap around.

#include <utility>

#include "chain/rlp.hpp"

namespace countersign::rlp {

std::string_view to_string(DecodingError e) noexcept {
    switch (e) {
        case DecodingError::kInputTooShort: return "input too short";
        case DecodingError::kNonCanonicalSize: return "non-canonical size";
        case DecodingError::kLeadingZero: return "leading zero";
        case DecodingError::kOverflow: return "overflow";
        case DecodingError::kTrailingBytes: return "trailing bytes";
        case DecodingError::kUnexpectedList: return "unexpected list";
        case DecodingError::kUnexpectedString: return "unexpected string";
        case DecodingError::kUnexpectedLength: return "unexpected length";
        case DecodingError::kUnexpectedListElements: return "unexpected list elements";
        case DecodingError::kTooDeep: return "nested too deep";
    }
    return "unknown RLP error";
}

namespace {

    // Reads a long-form length of `count` (1..8) big-endian bytes that follow the prefix byte.
    Result<std::size_t> read_long_length(ByteView& from, std::size_t count) noexcept {
        if (count > sizeof(std::size_t)) return unexpected(DecodingError::kOverflow);
        if (from.size() < count) return unexpected(DecodingError::kInputTooShort);
        if (from[0] == 0) return unexpected(DecodingError::kLeadingZero);
        std::size_t length = 0;
        for (std::size_t i = 0; i < count; ++i) length = (length << 8) | from[i];
        from.remove_prefix(count);
        // The short form covers 0..55: using the long form for those is a second encoding of the same item.
        if (length < 56) return unexpected(DecodingError::kNonCanonicalSize);
        return length;
    }

    // Big-endian integer of at most `max_bytes`, minimal form (no leading zero; zero is the empty string).
    Status check_integer_bytes(ByteView s, std::size_t max_bytes) noexcept {
        if (s.size() > max_bytes) return unexpected(DecodingError::kOverflow);
        if (!s.empty() && s[0] == 0) return unexpected(DecodingError::kLeadingZero);
        return {};
    }

    Status check_leftover(const ByteView& from, Leftover mode) noexcept {
        if (mode == Leftover::kProhibit && !from.empty()) return unexpected(DecodingError::kTrailingBytes);
        return {};
    }

}  // namespace

Result<Header> decode_header(ByteView& from) noexcept {
    if (from.empty()) return unexpected(DecodingError::kInputTooShort);
    const std::uint8_t b = from[0];
    Header h;
    if (b < 0x80) {
        h.payload_length = 1;  // the byte is its own payload: leave it in place
        return h;
    }
    ByteView rest = from.substr(1);
    if (b <= 0xb7) {
        h.payload_length = b - 0x80u;
        if (h.payload_length == 1) {
            if (rest.empty()) return unexpected(DecodingError::kInputTooShort);
            if (rest[0] < 0x80) return unexpected(DecodingError::kNonCanonicalSize);
        }
    } else if (b < 0xc0) {
        auto len = read_long_length(rest, b - 0xb7u);
        if (!len) return unexpected(len.error());
        h.payload_length = *len;
    } else if (b <= 0xf7) {
        h.list = true;
        h.payload_length = b - 0xc0u;
    } else {
        h.list = true;
        auto len = read_long_length(rest, b - 0xf7u);
        if (!len) return unexpected(len.error());
        h.payload_length = *len;
    }
    if (h.payload_length > rest.size()) return unexpected(DecodingError::kInputTooShort);
    from = rest;
    return h;
}

Result<ByteView> decode_string(ByteView& from) noexcept {
    ByteView cursor = from;
    auto h = decode_header(cursor);
    if (!h) return unexpected(h.error());
    if (h->list) return unexpected(DecodingError::kUnexpectedList);
    ByteView payload = cursor.substr(0, h->payload_length);
    cursor.remove_prefix(h->payload_length);
    from = cursor;
    return payload;
}

Result<ByteView> decode_list(ByteView& from) noexcept {
    ByteView cursor = from;
    auto h = decode_header(cursor);
    if (!h) return unexpected(h.error());
    if (!h->list) return unexpected(DecodingError::kUnexpectedString);
    ByteView payload = cursor.substr(0, h->payload_length);
    cursor.remove_prefix(h->payload_length);
    from = cursor;
    return payload;
}

Status decode(ByteView& from, Bytes& to, Leftover mode) noexcept {
    auto s = decode_string(from);
    if (!s) return unexpected(s.error());
    to.assign(s->begin(), s->end());
    return check_leftover(from, mode);
}

Status decode(ByteView& from, std::uint64_t& to, Leftover mode) noexcept {
    ByteView cursor = from;
    auto s = decode_string(cursor);
    if (!s) return unexpected(s.error());
    if (auto ok = check_integer_bytes(*s, sizeof(std::uint64_t)); !ok) return ok;
    std::uint64_t v = 0;
    for (std::uint8_t byte : *s) v = (v << 8) | byte;
    to = v;
    from = cursor;
    return check_leftover(from, mode);
}

Status decode(ByteView& from, Uint256& to, Leftover mode) noexcept {
    ByteView cursor = from;
    auto s = decode_string(cursor);
    if (!s) return unexpected(s.error());
    if (auto ok = check_integer_bytes(*s, 32); !ok) return ok;
    auto v = Uint256::from_be(*s);
    if (!v) return unexpected(DecodingError::kOverflow);
    to = *v;
    from = cursor;
    return check_leftover(from, mode);
}

Status decode(ByteView& from, bool& to, Leftover mode) noexcept {
    ByteView cursor = from;
    std::uint64_t v = 0;
    if (auto ok = decode(cursor, v, Leftover::kAllow); !ok) return ok;
    if (v > 1) return unexpected(DecodingError::kOverflow);
    to = v == 1;
    from = cursor;
    return check_leftover(from, mode);
}

Result<Item> decode_item(ByteView data, std::size_t max_depth) noexcept {
    // Iterative, with an explicit stack of open lists: a deeply nested input cannot exhaust the call stack
    // whatever max_depth the caller picks. Every item consumes at least one input byte, so the tree's size
    // is bounded by the input's.
    struct Frame {
        Item item;
        ByteView rest;  // the list payload not yet decoded
    };
    std::vector<Frame> open;
    ByteView cursor = data;
    Item root;
    bool done = false;
    while (!done) {
        ByteView* in = open.empty() ? &cursor : &open.back().rest;
        if (!open.empty() && in->empty()) {
            // The innermost list is complete: hand it to its parent (or make it the result).
            Item finished = std::move(open.back().item);
            open.pop_back();
            if (open.empty()) {
                root = std::move(finished);
                done = true;
            } else {
                open.back().item.list.push_back(std::move(finished));
            }
            continue;
        }
        auto h = decode_header(*in);
        if (!h) return unexpected(h.error());
        if (h->list) {
            if (open.size() + 1 > max_depth) return unexpected(DecodingError::kTooDeep);
            Frame f;
            f.item.is_list = true;
            f.rest = in->substr(0, h->payload_length);
            in->remove_prefix(h->payload_length);
            open.push_back(std::move(f));
            continue;
        }
        Item s;
        s.string.assign(in->data(), h->payload_length);
        in->remove_prefix(h->payload_length);
        if (open.empty()) {
            root = std::move(s);
            done = true;
        } else {
            open.back().item.list.push_back(std::move(s));
        }
    }
    if (!cursor.empty()) return unexpected(DecodingError::kTrailingBytes);
    return root;
}

}  // namespace countersign::rlp
