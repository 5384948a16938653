// SPDX-License-Identifier: Apache-2.0
#include "chain/trie_root.hpp"

#include <algorithm>
#include <cstdint>
#include <numeric>

#include "chain/trie_builder.hpp"
#include "crypto/keccak.hpp"

namespace countersign::chain {
namespace {

constexpr std::size_t kIndexKeyCapacity = 9;  // rlp of a 64-bit integer

// rlp(i) into out; returns its length.
std::size_t index_key(std::uint8_t* out, std::size_t i) noexcept {
    if (i == 0) {
        out[0] = 0x80;
        return 1;
    }
    if (i < 0x80) {
        out[0] = static_cast<std::uint8_t>(i);
        return 1;
    }
    std::size_t n = 0;
    for (std::size_t v = i; v != 0; v >>= 8) ++n;
    out[0] = static_cast<std::uint8_t>(0x80 + n);
    for (std::size_t k = 0; k < n; ++k) out[1 + k] = static_cast<std::uint8_t>(i >> (8 * (n - 1 - k)));
    return 1 + n;
}

// The entries of the ordered trie in key order without sorting: rlp(1..127) are the single bytes 0x01..0x7f,
// rlp(0) is 0x80, and from 128 on the keys are 0x81.., 0x82.., … whose length prefix grows with the
// index, so bytewise order is 1..127, 0, 128, 129, ….
template <class Values>
Hash32 ordered_root(const Values& values, detail::TrieNodeSink sink) {
    const std::size_t n = values.size();
    Bytes keys(n * kIndexKeyCapacity, 0);
    std::vector<detail::TrieEntry> entries;
    entries.reserve(n);
    auto add = [&](std::size_t i) {
        std::uint8_t* k = keys.data() + i * kIndexKeyCapacity;
        entries.push_back({ByteView{k, index_key(k, i)}, ByteView{values[i]}});
    };
    for (std::size_t i = 1; i < std::min<std::size_t>(n, 0x80); ++i) add(i);
    if (n > 0) add(0);
    for (std::size_t i = 0x80; i < n; ++i) add(i);
    detail::TrieBuilder builder;
    return builder.root(entries, sink);
}

// Sorted, deduplicated (last wins), empty values dropped.
Hash32 root_of(std::span<const KeyValue> pairs, std::span<const ByteView> keys) {
    std::vector<std::size_t> order(pairs.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return keys[a] < keys[b]; });
    std::vector<detail::TrieEntry> entries;
    entries.reserve(pairs.size());
    for (std::size_t i = 0; i < order.size(); ++i) {
        const std::size_t k = order[i];
        // Of equal keys the stable sort keeps insertion order, so the last one is the one that counts.
        if (i + 1 < order.size() && keys[order[i + 1]] == keys[k]) continue;
        if (pairs[k].second.empty()) continue;
        entries.push_back({keys[k], pairs[k].second});
    }
    detail::TrieBuilder builder;
    return builder.root(entries);
}

}  // namespace

Hash32 ordered_trie_root(std::span<const Bytes> values) { return ordered_root(values, {}); }
Hash32 ordered_trie_root(std::span<const ByteView> values) { return ordered_root(values, {}); }

Hash32 trie_root(std::span<const KeyValue> pairs) {
    std::vector<ByteView> keys;
    keys.reserve(pairs.size());
    for (const auto& p : pairs) keys.emplace_back(p.first);
    return root_of(pairs, keys);
}

Hash32 secure_trie_root(std::span<const KeyValue> pairs) {
    std::vector<Hash32> hashed;
    hashed.reserve(pairs.size());
    for (const auto& p : pairs) hashed.push_back(keccak256(p.first));
    std::vector<ByteView> keys(hashed.begin(), hashed.end());
    return root_of(pairs, keys);
}

std::vector<Bytes> ordered_trie_hashed_nodes(std::span<const Bytes> values) {
    std::vector<Bytes> nodes;
    detail::TrieNodeSink sink{[](void* context, ByteView node) {
                                  static_cast<std::vector<Bytes>*>(context)->emplace_back(node);
                              },
                              &nodes};
    ordered_root(values, sink);
    return nodes;
}

}  // namespace countersign::chain
