// SPDX-License-Identifier: Apache-2.0
#include "chain/trie_builder.hpp"

#include <algorithm>

#include "chain/nibbles.hpp"
#include "chain/trie_root.hpp"
#include "crypto/keccak.hpp"

namespace countersign::chain::detail {
namespace {

// Room in front of each node's payload for its list header (1 byte + up to 8 length bytes).
constexpr std::size_t kHeadroom = 9;

std::size_t be_length(std::size_t n) noexcept {
    std::size_t bytes = 0;
    for (; n != 0; n >>= 8) ++bytes;
    return bytes;
}

void append_be(Bytes& to, std::size_t n, std::size_t bytes) {
    for (std::size_t i = bytes; i-- > 0;) to.push_back(static_cast<std::uint8_t>(n >> (8 * i)));
}

// The header of an RLP string of two or more bytes (or of one byte >= 0x80).
void append_string_header(Bytes& to, std::size_t size) {
    if (size < 56) {
        to.push_back(static_cast<std::uint8_t>(0x80 + size));
    } else {
        const std::size_t n = be_length(size);
        to.push_back(static_cast<std::uint8_t>(0xb7 + n));
        append_be(to, size, n);
    }
}

// RLP string: a single byte below 0x80 stands for itself; otherwise a short or long header.
void append_string(Bytes& to, ByteView s) {
    if (s.size() == 1 && s[0] < 0x80) {
        to.push_back(s[0]);
        return;
    }
    append_string_header(to, s.size());
    to.append(s);
}

// Writes the list header for `payload` bytes into the headroom in front of buf[kHeadroom]; returns its size.
std::size_t write_list_header(Bytes& buf, std::size_t payload) noexcept {
    if (payload < 56) {
        buf[kHeadroom - 1] = static_cast<std::uint8_t>(0xc0 + payload);
        return 1;
    }
    const std::size_t n = be_length(payload);
    std::uint8_t* h = buf.data() + kHeadroom - 1 - n;
    h[0] = static_cast<std::uint8_t>(0xf7 + n);
    for (std::size_t k = 0; k < n; ++k) h[1 + k] = static_cast<std::uint8_t>(payload >> (8 * (n - 1 - k)));
    return 1 + n;
}

// The hex-prefix path of nibbles [from, to) of `key`, as an RLP string.
void append_path(Bytes& to, ByteView key, std::size_t from, std::size_t end, bool leaf) {
    std::uint8_t hp[kHeadroom + 64];
    const std::size_t n = encoded_hex_prefix_size(end - from);
    if (n <= sizeof hp) {
        write_hex_prefix(hp, key, from, end, leaf);
        append_string(to, ByteView{hp, n});
    } else {
        // Only plain keys longer than ~70 bytes get here; keep the common case on the stack.
        Bytes long_hp(n, 0);
        write_hex_prefix(long_hp.data(), key, from, end, leaf);
        append_string(to, long_hp);
    }
}

std::size_t nibble_count(ByteView key) noexcept { return key.size() * 2; }

// Nibbles shared by a and b from `depth` on (both share everything before it).
std::size_t common_prefix(ByteView a, ByteView b, std::size_t depth) noexcept {
    const std::size_t limit = std::min(nibble_count(a), nibble_count(b));
    std::size_t i = depth;
    // Finish the current byte nibble by nibble, then compare whole bytes.
    if ((i & 1) != 0 && i < limit) {
        if (nibble_at(a, i) != nibble_at(b, i)) return i;
        ++i;
    }
    while (i + 1 < limit && a[i / 2] == b[i / 2]) i += 2;
    while (i < limit && nibble_at(a, i) == nibble_at(b, i)) ++i;
    return i;
}

}  // namespace

void TrieBuilder::prepare(std::span<const TrieEntry> entries) {
    entries_ = entries;
    std::size_t longest = 0;
    for (const auto& e : entries) longest = std::max(longest, e.key.size());
    // A branch consumes one nibble and an extension at least one, and every extension is followed by a
    // branch, so no path is deeper than two levels per nibble plus the final leaf.
    const std::size_t levels = 4 * longest + 3;
    if (buffers_.size() < levels) buffers_.resize(levels);
}

Hash32 TrieBuilder::root(std::span<const TrieEntry> entries, TrieNodeSink sink) {
    if (entries.empty()) return kEmptyTrieRoot;
    prepare(entries);
    sink_ = sink;
    target_ = nullptr;
    path_ = nullptr;
    Bytes out;
    node(0, entries.size(), 0, 0, out, false);
    sink_ = {};
    return Hash32::from_view_unchecked(ByteView{out}.substr(1));
}

Hash32 TrieBuilder::root_and_proof(std::span<const TrieEntry> entries, ByteView key, std::vector<Bytes>& proof) {
    if (entries.empty()) return root(entries);
    prepare(entries);
    sink_ = {};
    std::vector<PathNode> path;
    target_ = &key;
    path_ = &path;
    Bytes out;
    node(0, entries.size(), 0, 0, out, true);
    target_ = nullptr;
    path_ = nullptr;
    // Children finish before their parents; the walk order is by level.
    std::sort(path.begin(), path.end(), [](const PathNode& a, const PathNode& b) { return a.level < b.level; });
    for (auto& p : path) proof.push_back(std::move(p.encoding));
    return Hash32::from_view_unchecked(ByteView{out}.substr(1));
}

bool TrieBuilder::target_has(std::size_t depth, std::uint8_t nibble) const noexcept {
    return depth < nibble_count(*target_) && nibble_at(*target_, depth) == nibble;
}

void TrieBuilder::node(std::size_t lo, std::size_t hi, std::size_t depth, std::size_t level, Bytes& out,
                       bool on_path) {
    Bytes& buf = buffers_[level];
    const ByteView first = entries_[lo].key;
    if (hi - lo == 1) {
        const ByteView value = entries_[lo].value;
        buf.resize(kHeadroom);
        append_path(buf, first, depth, nibble_count(first), true);
        append_string(buf, value);
        finish(level, out, on_path);
        return;
    }
    const std::size_t shared = common_prefix(first, entries_[hi - 1].key, depth);
    if (shared == depth) {
        branch(lo, hi, depth, level, out, on_path);
        return;
    }
    buf.resize(kHeadroom);
    append_path(buf, first, depth, shared, false);
    bool child_on_path = on_path;
    for (std::size_t i = depth; child_on_path && i < shared; ++i) child_on_path = target_has(i, nibble_at(first, i));
    branch(lo, hi, shared, level + 1, buf, child_on_path);
    finish(level, out, on_path);
}

void TrieBuilder::branch(std::size_t lo, std::size_t hi, std::size_t depth, std::size_t level, Bytes& out,
                         bool on_path) {
    Bytes& buf = buffers_[level];
    buf.resize(kHeadroom);
    std::size_t i = lo;
    ByteView value;
    // A key that ends here sorts first in the range and becomes the branch's value.
    if (nibble_count(entries_[i].key) == depth) value = entries_[i++].value;
    for (std::uint8_t nib = 0; nib < 16; ++nib) {
        if (i < hi && nibble_at(entries_[i].key, depth) == nib) {
            std::size_t j = i + 1;
            while (j < hi && nibble_at(entries_[j].key, depth) == nib) ++j;
            node(i, j, depth + 1, level + 1, buf, on_path && target_has(depth, nib));
            i = j;
        } else {
            buf.push_back(0x80);
        }
    }
    if (value.empty()) {
        buf.push_back(0x80);
    } else {
        append_string(buf, value);
    }
    finish(level, out, on_path);
}

void TrieBuilder::finish(std::size_t level, Bytes& out, bool on_path) {
    Bytes& buf = buffers_[level];
    const std::size_t payload = buf.size() - kHeadroom;
    const std::size_t header = write_list_header(buf, payload);
    const ByteView encoding{buf.data() + kHeadroom - header, header + payload};
    if (encoding.size() < 32 && level != 0) {
        out.append(encoding);
        return;
    }
    const Hash32 hash = keccak256(encoding);
    if (sink_.fn != nullptr) sink_.fn(sink_.context, encoding);
    if (on_path && path_ != nullptr) path_->push_back({level, Bytes{encoding}});
    out.push_back(0xa0);
    out.append(hash.view());
}

}  // namespace countersign::chain::detail
