// SPDX-License-Identifier: Apache-2.0
#pragma once
// Merkle-Patricia proof verification: given a trusted root, a key and the nodes a server sent (as
// eth_getProof returns them), decide whether the trie holds a value under the key, holds nothing under
// it, or whether the proof proves nothing at all.
//
// The walk is strict, because every leniency is a way to show a node that is not in the trie:
//   * the first node must hash to the root; every later node must hash to the 32-byte reference its parent
//     holds. Nodes under 32 bytes are embedded in their parent and never appear as separate proof nodes;
//     a hash reference to a node under 32 bytes, or an embedded node of 32 bytes or more, is rejected;
//   * nodes are canonical RLP lists of 2 (leaf, extension) or 17 (branch) items; hex-prefix paths have a
//     flag nibble in 0..3 and a zero pad nibble when even; a branch has at least two entries; an extension
//     has a non-empty path and leads to a branch; a leaf holds a non-empty value;
//   * absence is proven only by a leaf or extension whose path leaves the key's path, or an empty branch
//     slot (or, for a key that ends at a branch, that branch's empty value slot);
//   * once the outcome is decided no proof node may be left over; the walk never goes deeper than 64
//     nibbles, so keys are at most 32 bytes.

#include <cstdint>
#include <span>
#include <string_view>
#include <utility>

#include "crypto/bytes.hpp"
#include "crypto/expected.hpp"

namespace countersign::chain {

enum class ProofError {
    kEmptyProof,          // no nodes, but the root is not the empty trie's
    kRootMismatch,        // the first node does not hash to the root
    kHashMismatch,        // a node does not hash to the reference its parent holds
    kMissingNode,         // the key's path continues into a hashed node the proof does not include
    kExtraNodes,          // proof nodes left over once the outcome is decided
    kMalformedNode,       // not a canonical RLP list of 2 or 17 items of the right kinds
    kBadHexPrefix,        // a leaf/extension path with a flag nibble over 3 or a nonzero pad nibble
    kBadReference,        // a child that is neither empty, a 32-byte hash nor an embedded node under 32 bytes
    kNonCanonicalNode,    // a shape no trie has: short hashed node, branch with < 2 entries, empty
                          // extension path, extension not leading to a branch, empty leaf value
    kBranchValue,         // a value in a branch's 17th slot, in a trie whose keys are prefix-free
    kTooDeep,             // a path longer than 64 nibbles
    kKeyTooLong,          // a key over 32 bytes
    kMalformedAccount,    // account proofs: the proven value is not a canonical account
    kMalformedStorageValue,  // storage proofs: the proven value is not a canonical non-zero integer
};

std::string_view to_string(ProofError e) noexcept;

// Whether keys can be prefixes of other keys. Every trie Ethereum commits to (state, storage, keyed by
// 32-byte hashes; transactions, receipts, withdrawals, keyed by rlp(index)) is prefix-free, so a branch
// there never holds a value and one that does is rejected. kAny is for general tries like the TrieTests'.
enum class TrieKeys { kPrefixFree, kAny };

class ProofResult {
public:
    static ProofResult found(Bytes value) { return ProofResult{true, std::move(value)}; }
    static ProofResult absent() { return ProofResult{false, {}}; }

    bool is_found() const noexcept { return found_; }
    bool is_absent() const noexcept { return !found_; }
    // The proven value (empty when absent).
    const Bytes& value() const noexcept { return value_; }

    friend bool operator==(const ProofResult&, const ProofResult&) = default;

private:
    ProofResult(bool found, Bytes value) : found_{found}, value_{std::move(value)} {}
    bool found_{false};
    Bytes value_;
};

// `key` is the full key (for state and storage proofs, the keccak256 hash of the address or slot).
// An empty trie (root == kEmptyTrieRoot) proves every key absent with no nodes (or with the lone empty node
// 0x80).
Expected<ProofResult, ProofError> verify_proof(const Hash32& root, ByteView key, std::span<const Bytes> proof_nodes,
                                               TrieKeys keys = TrieKeys::kPrefixFree) noexcept;

}  // namespace countersign::chain
