// SPDX-License-Identifier: Apache-2.0
// RLP decoding of hostile bytes: every decoder must return (never crash, hang or over-allocate), and
// whatever decode_item accepts must be canonical, i.e. re-encode to exactly the input.

#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "chain/rlp.hpp"

namespace {

using countersign::ByteView;
namespace rlp = countersign::rlp;

[[noreturn]] void fail() { std::abort(); }

// Walks a payload element by element with the cursor API, cross-checking it against the item tree.
void walk(ByteView payload, const rlp::Item& list, std::size_t depth) {
    std::size_t index = 0;
    while (!payload.empty()) {
        if (index >= list.list.size()) fail();
        const rlp::Item& child = list.list[index++];
        ByteView probe = payload;
        auto h = rlp::decode_header(probe);
        if (!h || h->list != child.is_list) fail();
        if (child.is_list) {
            auto inner = rlp::decode_list(payload);
            if (!inner) fail();
            if (depth > 0) walk(*inner, child, depth - 1);
        } else {
            auto s = rlp::decode_string(payload);
            if (!s || *s != ByteView{child.string}) fail();
        }
    }
    if (index != list.list.size()) fail();
}

// The scalar decoders on arbitrary data: only the invariants that hold for any input.
void scalars(ByteView data) {
    {
        ByteView from = data;
        std::uint64_t v = 0;
        auto ok = rlp::decode(from, v, rlp::Leftover::kAllow);
        if (ok) {
            if (rlp::length_of(v) != data.size() - from.size()) fail();
            countersign::Bytes again;
            rlp::encode(again, v);
            if (again != data.substr(0, again.size())) fail();
        } else if (from != data) {
            fail();  // a failed decode leaves the cursor where it was
        }
    }
    {
        ByteView from = data;
        countersign::Uint256 v;
        if (rlp::decode(from, v, rlp::Leftover::kAllow)) {
            countersign::Bytes again;
            rlp::encode(again, v);
            if (again != data.substr(0, data.size() - from.size())) fail();
            if (rlp::length_of(v) != again.size()) fail();
        }
    }
    {
        ByteView from = data;
        bool b = false;
        if (rlp::decode(from, b, rlp::Leftover::kProhibit)) {
            if (data.size() != 1 || data[0] != (b ? 0x01 : 0x80)) fail();
        }
    }
    {
        ByteView from = data;
        countersign::Bytes s;
        if (rlp::decode(from, s, rlp::Leftover::kAllow)) {
            if (rlp::length_of(ByteView{s}) != data.size() - from.size()) fail();
        }
    }
    {
        ByteView from = data;
        countersign::Hash32 hash;
        (void)rlp::decode(from, hash, rlp::Leftover::kProhibit);
        from = data;
        countersign::Address address;
        (void)rlp::decode(from, address, rlp::Leftover::kAllow);
    }
    // A sequence of headers, as a list-payload walker would read them: every step must stay in bounds.
    ByteView from = data;
    while (!from.empty()) {
        auto h = rlp::decode_header(from);
        if (!h) break;
        if (h->payload_length > from.size()) fail();
        from.remove_prefix(h->payload_length);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const ByteView input{data, size};
    scalars(input);
    auto item = rlp::decode_item(input);
    if (!item) return 0;
    if (rlp::encode_item(*item) != input) fail();
    if (item->is_list) {
        ByteView from = input;
        auto payload = rlp::decode_list(from);
        if (!payload || !from.empty()) fail();
        walk(*payload, *item, rlp::kDefaultMaxDepth);
    } else {
        ByteView from = input;
        auto s = rlp::decode_string(from);
        if (!s || !from.empty() || *s != ByteView{item->string}) fail();
    }
    return 0;
}
