// SPDX-License-Identifier: Apache-2.0
// Canonical RLP encoding. length_of_* mirror encode_* exactly, so callers can size a buffer (or a list
// header) before writing; encode_item measures the whole tree first and writes it with one allocation.

#include <bit>

#include "chain/rlp.hpp"

namespace countersign::rlp {

namespace {

    // Bytes needed for `n` big-endian without leading zeros (0 for zero).
    std::size_t be_size(std::uint64_t n) noexcept {
        return (static_cast<std::size_t>(std::bit_width(n)) + 7) / 8;
    }

    void append_be(Bytes& to, std::uint64_t n, std::size_t size) {
        for (std::size_t i = size; i-- > 0;) to.push_back(static_cast<std::uint8_t>(n >> (8 * i)));
    }

    // Appends a minimal big-endian integer (the bytes of an RLP scalar, without its header).
    void encode_compact(Bytes& to, ByteView be) {
        if (be.size() == 1 && be[0] < 0x80) {
            to.push_back(be[0]);
            return;
        }
        encode_header(to, {false, be.size()});
        to.append(be);
    }

    // Pre-order payload lengths of every list in the tree, so the writing pass never re-measures a subtree.
    std::size_t measure(const Item& item, std::vector<std::size_t>& list_payloads) {
        if (!item.is_list) return length_of(ByteView{item.string});
        const std::size_t slot = list_payloads.size();
        list_payloads.push_back(0);
        std::size_t payload = 0;
        for (const Item& child : item.list) payload += measure(child, list_payloads);
        list_payloads[slot] = payload;
        return length_of_length(payload) + payload;
    }

    void write(Bytes& to, const Item& item, const std::vector<std::size_t>& list_payloads, std::size_t& next) {
        if (!item.is_list) {
            encode(to, ByteView{item.string});
            return;
        }
        encode_header(to, {true, list_payloads[next++]});
        for (const Item& child : item.list) write(to, child, list_payloads, next);
    }

}  // namespace

std::size_t length_of_length(std::size_t payload_length) noexcept {
    if (payload_length < 56) return 1;
    return 1 + be_size(payload_length);
}

void encode_header(Bytes& to, Header h) {
    const std::uint8_t short_base = h.list ? 0xc0 : 0x80;
    if (h.payload_length < 56) {
        to.push_back(static_cast<std::uint8_t>(short_base + h.payload_length));
        return;
    }
    const std::size_t size = be_size(h.payload_length);
    to.push_back(static_cast<std::uint8_t>(short_base + 55 + size));
    append_be(to, h.payload_length, size);
}

void encode(Bytes& to, ByteView s) {
    if (s.size() == 1 && s[0] < 0x80) {
        to.push_back(s[0]);
        return;
    }
    encode_header(to, {false, s.size()});
    to.append(s);
}

void encode(Bytes& to, std::uint64_t n) {
    if (n == 0) {
        to.push_back(0x80);
    } else if (n < 0x80) {
        to.push_back(static_cast<std::uint8_t>(n));
    } else {
        const std::size_t size = be_size(n);
        to.push_back(static_cast<std::uint8_t>(0x80 + size));
        append_be(to, n, size);
    }
}

void encode(Bytes& to, const Uint256& n) {
    if (n.fits_u64()) {
        encode(to, n.low64());
        return;
    }
    const Bytes32 be = n.to_be();
    const std::size_t size = (n.bit_length() + 7) / 8;
    encode_compact(to, ByteView{be.data() + (32 - size), size});
}

std::size_t length_of(ByteView s) noexcept {
    if (s.size() == 1 && s[0] < 0x80) return 1;
    return length_of_length(s.size()) + s.size();
}

std::size_t length_of(std::uint64_t n) noexcept {
    if (n < 0x80) return 1;
    return 1 + be_size(n);
}

std::size_t length_of(const Uint256& n) noexcept {
    if (n.fits_u64()) return length_of(n.low64());
    return 1 + (n.bit_length() + 7) / 8;  // > 8 bytes, < 56: always a one-byte header
}

Bytes encode_item(const Item& item) {
    std::vector<std::size_t> list_payloads;
    const std::size_t total = measure(item, list_payloads);
    Bytes out;
    out.reserve(total);
    std::size_t next = 0;
    write(out, item, list_payloads, next);
    return out;
}

}  // namespace countersign::rlp
