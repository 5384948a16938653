// SPDX-License-Identifier: Apache-2.0
#pragma once
// The one Merkle-Patricia trie construction every root and proof in chain/ goes through.
//
// It works on entries already sorted by key, unique and with non-empty values, and builds the trie by
// splitting that sorted range: a range of one entry is a leaf; a range whose first and last keys share
// nibbles past the current depth gets an extension over them; otherwise it is a branch over the next
// nibble. Because the range is sorted, the first and last keys bound the common prefix of the whole range,
// so nothing is ever re-sorted or looked up. Each recursion level owns one reused buffer with headroom in
// front of the payload, so a node's list header is written in place once the payload size is known: after
// warm-up a root costs no allocation beyond the caller's entry array, and the hashing dominates (the
// receipts-root benchmark compares it with Keccak over the same node bytes).
//
// Nodes whose encoding is shorter than 32 bytes are embedded in their parent instead of hashed; the root
// is always hashed.

#include <cstddef>
#include <span>
#include <vector>

#include "crypto/bytes.hpp"

namespace countersign::chain::detail {

struct TrieEntry {
    ByteView key;
    ByteView value;
};

// Called with every node encoding the builder hashes (the root included), in the order it hashes them.
struct TrieNodeSink {
    void (*fn)(void* context, ByteView node) = nullptr;
    void* context = nullptr;
};

class TrieBuilder {
public:
    // `entries` must be sorted by key (bytewise), unique, with non-empty values.
    Hash32 root(std::span<const TrieEntry> entries, TrieNodeSink sink = {});

    // As root(), and also appends to `proof` what eth_getProof returns for `key`: the root node, then every
    // hashed (>= 32 byte) node on the key's path, in walking order. Embedded nodes stay inside their
    // parent. For an absent key the path ends at the node that proves the absence.
    Hash32 root_and_proof(std::span<const TrieEntry> entries, ByteView key, std::vector<Bytes>& proof);

private:
    struct PathNode {
        std::size_t level;
        Bytes encoding;
    };

    void prepare(std::span<const TrieEntry> entries);
    void node(std::size_t lo, std::size_t hi, std::size_t depth, std::size_t level, Bytes& out, bool on_path);
    void branch(std::size_t lo, std::size_t hi, std::size_t depth, std::size_t level, Bytes& out, bool on_path);
    void finish(std::size_t level, Bytes& out, bool on_path);
    bool target_has(std::size_t depth, std::uint8_t nibble) const noexcept;

    std::span<const TrieEntry> entries_;
    std::vector<Bytes> buffers_;  // one per recursion level; sized up front so references stay valid
    TrieNodeSink sink_;
    const ByteView* target_{nullptr};
    std::vector<PathNode>* path_{nullptr};
};

}  // namespace countersign::chain::detail
