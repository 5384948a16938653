// SPDX-License-Identifier: Apache-2.0
#include "chain/mpt_proof.hpp"

#include <array>
#include <optional>
#include <utility>

#include "chain/nibbles.hpp"
#include "chain/rlp.hpp"
#include "chain/trie_root.hpp"
#include "crypto/keccak.hpp"

namespace countersign::chain {

std::string_view to_string(ProofError e) noexcept {
    switch (e) {
        case ProofError::kEmptyProof: return "empty proof for a non-empty trie";
        case ProofError::kRootMismatch: return "first proof node does not hash to the root";
        case ProofError::kHashMismatch: return "proof node does not hash to its parent's reference";
        case ProofError::kMissingNode: return "proof ends before the key's path does";
        case ProofError::kExtraNodes: return "unused proof nodes after the outcome is decided";
        case ProofError::kMalformedNode: return "malformed trie node";
        case ProofError::kBadHexPrefix: return "bad hex-prefix path encoding";
        case ProofError::kBadReference: return "bad child reference";
        case ProofError::kNonCanonicalNode: return "non-canonical trie node";
        case ProofError::kBranchValue: return "branch node value in a prefix-free trie";
        case ProofError::kTooDeep: return "trie path deeper than 64 nibbles";
        case ProofError::kKeyTooLong: return "key longer than 32 bytes";
        case ProofError::kMalformedAccount: return "proven value is not a canonical account";
        case ProofError::kMalformedStorageValue: return "proven value is not a canonical non-zero storage integer";
    }
    return "unknown proof error";
}

namespace {

constexpr std::size_t kMaxNibbles = 64;

struct Item {
    bool list{false};
    ByteView payload;  // string bytes, or the list's payload
    ByteView raw;      // the whole encoding, header included
};

// One RLP item off the front of `from` (canonical form is checked by the RLP decoder).
Expected<Item, ProofError> next_item(ByteView& from) noexcept {
    const ByteView start = from;
    auto h = rlp::decode_header(from);
    if (!h || h->payload_length > from.size()) return unexpected(ProofError::kMalformedNode);
    Item item{h->list, from.substr(0, h->payload_length), {}};
    from.remove_prefix(h->payload_length);
    item.raw = start.substr(0, start.size() - from.size());
    return item;
}

struct Node {
    std::size_t count{0};  // 2 or 17
    std::array<Item, 17> items{};
};

// A whole node: one RLP list, nothing after it, with exactly 2 or 17 items.
Expected<Node, ProofError> parse_node(ByteView encoding) noexcept {
    ByteView rest = encoding;
    auto outer = next_item(rest);
    if (!outer) return unexpected(outer.error());
    if (!outer->list || !rest.empty()) return unexpected(ProofError::kMalformedNode);
    Node node;
    ByteView payload = outer->payload;
    while (!payload.empty()) {
        if (node.count == 17) return unexpected(ProofError::kMalformedNode);
        auto item = next_item(payload);
        if (!item) return unexpected(item.error());
        node.items[node.count++] = *item;
    }
    if (node.count != 2 && node.count != 17) return unexpected(ProofError::kMalformedNode);
    return node;
}

class Walk {
public:
    Walk(ByteView key, std::span<const Bytes> proof, TrieKeys keys) noexcept
        : key_{key}, total_{key.size() * 2}, proof_{proof}, keys_{keys} {}

    Expected<ProofResult, ProofError> run(const Hash32& root) noexcept {
        if (key_.size() > kMaxNibbles / 2) return unexpected(ProofError::kKeyTooLong);
        if (proof_.empty()) {
            if (root == kEmptyTrieRoot) return ProofResult::absent();
            return unexpected(ProofError::kEmptyProof);
        }
        const ByteView first{proof_[0]};
        if (keccak256(first) != root) return unexpected(ProofError::kRootMismatch);
        used_ = 1;
        // The empty trie's root node is the empty string, which hashes to kEmptyTrieRoot.
        if (first.size() == 1 && first[0] == 0x80) return done(ProofResult::absent());
        ByteView node = first;
        bool after_extension = false;
        for (;;) {
            auto parsed = parse_node(node);
            if (!parsed) return unexpected(parsed.error());
            const Node& n = *parsed;
            Item child;
            if (n.count == 17) {
                auto step = branch(n, child);
                if (!step) return unexpected(step.error());
                if (*step) return done(std::move(*result_));
                after_extension = false;
            } else {
                if (after_extension) return unexpected(ProofError::kNonCanonicalNode);
                auto step = short_node(n, child);
                if (!step) return unexpected(step.error());
                if (*step) return done(std::move(*result_));
                after_extension = true;
            }
            auto next = resolve(child);
            if (!next) return unexpected(next.error());
            node = *next;
        }
    }

private:
    // Each step returns true once the outcome is decided (stored in result_), or false with `child` set to
    // the reference to follow.
    Expected<bool, ProofError> branch(const Node& n, Item& child) noexcept {
        std::size_t entries = 0;
        for (std::size_t i = 0; i < 16; ++i) {
            const Item& c = n.items[i];
            if (!c.list && c.payload.empty()) continue;
            if (c.list ? c.raw.size() >= 32 : c.payload.size() != 32) return unexpected(ProofError::kBadReference);
            ++entries;
        }
        const Item& value = n.items[16];
        if (value.list) return unexpected(ProofError::kMalformedNode);
        if (!value.payload.empty()) {
            if (keys_ == TrieKeys::kPrefixFree) return unexpected(ProofError::kBranchValue);
            ++entries;
        }
        if (entries < 2) return unexpected(ProofError::kNonCanonicalNode);
        if (pos_ == total_) {
            result_ = value.payload.empty() ? ProofResult::absent() : ProofResult::found(Bytes{value.payload});
            return true;
        }
        const Item& c = n.items[nibble_at(key_, pos_)];
        ++pos_;
        if (!c.list && c.payload.empty()) {
            result_ = ProofResult::absent();
            return true;
        }
        child = c;
        return false;
    }

    Expected<bool, ProofError> short_node(const Node& n, Item& child) noexcept {
        const Item& path_item = n.items[0];
        if (path_item.list) return unexpected(ProofError::kMalformedNode);
        auto path = decode_hex_prefix(path_item.payload);
        if (!path) return unexpected(ProofError::kBadHexPrefix);
        if (pos_ + path->size() > kMaxNibbles) return unexpected(ProofError::kTooDeep);
        const Item& second = n.items[1];
        const bool matches = path->size() <= total_ - pos_ && shares_path(*path);
        if (path->is_leaf()) {
            if (second.list) return unexpected(ProofError::kMalformedNode);
            if (second.payload.empty()) return unexpected(ProofError::kNonCanonicalNode);
            const bool exact = matches && pos_ + path->size() == total_;
            result_ = exact ? ProofResult::found(Bytes{second.payload}) : ProofResult::absent();
            return true;
        }
        if (path->empty()) return unexpected(ProofError::kNonCanonicalNode);
        if (second.list ? second.raw.size() >= 32 : second.payload.size() != 32)
            return unexpected(ProofError::kBadReference);
        if (!matches) {
            result_ = ProofResult::absent();
            return true;
        }
        pos_ += path->size();
        child = second;
        return false;
    }

    bool shares_path(const HexPrefixPath& path) const noexcept {
        for (std::size_t i = 0; i < path.size(); ++i)
            if (path[i] != nibble_at(key_, pos_ + i)) return false;
        return true;
    }

    // The node a (non-empty, already validated) child reference points to: inline, or the next proof node.
    Expected<ByteView, ProofError> resolve(const Item& child) noexcept {
        if (child.list) return child.raw;
        if (used_ == proof_.size()) return unexpected(ProofError::kMissingNode);
        const ByteView next{proof_[used_++]};
        if (keccak256(next).view() != child.payload) return unexpected(ProofError::kHashMismatch);
        // A node under 32 bytes must have been embedded; a hash reference to one is not a trie's.
        if (next.size() < 32) return unexpected(ProofError::kNonCanonicalNode);
        return next;
    }

    Expected<ProofResult, ProofError> done(ProofResult result) noexcept {
        if (used_ != proof_.size()) return unexpected(ProofError::kExtraNodes);
        return result;
    }

    ByteView key_;
    std::size_t total_;
    std::size_t pos_{0};
    std::span<const Bytes> proof_;
    std::size_t used_{0};
    TrieKeys keys_;
    std::optional<ProofResult> result_;
};

}  // namespace

Expected<ProofResult, ProofError> verify_proof(const Hash32& root, ByteView key, std::span<const Bytes> proof_nodes,
                                               TrieKeys keys) noexcept {
    return Walk{key, proof_nodes, keys}.run(root);
}

}  // namespace countersign::chain
