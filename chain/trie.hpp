// SPDX-License-Identifier: Apache-2.0
#pragma once
// An in-memory Merkle-Patricia trie that can produce eth_getProof-shaped proofs: for tests, fixtures and
// the devnet, where we play the node. It holds the key/value map and rebuilds the trie on demand (a root
// or a proof costs one pass over all entries); it is not meant for large states.

#include <map>
#include <optional>
#include <vector>

#include "crypto/bytes.hpp"

namespace countersign::chain {

class Trie {
public:
    // Keys are used as given; a secure (state/storage) trie is one whose keys are keccak256 hashes, which
    // the caller computes. An empty value deletes the key, as in the TrieTests.
    void put(ByteView key, ByteView value);
    void erase(ByteView key);
    std::optional<Bytes> get(ByteView key) const;
    std::size_t size() const noexcept { return entries_.size(); }

    Hash32 root() const;

    // The root node, then every node of 32 bytes or more on the key's path, root first: exactly what
    // eth_getProof returns. For an absent key the path ends at the node that shows the absence (a
    // diverging leaf or extension, or an empty branch slot). The proof of any key in an empty trie is empty.
    std::vector<Bytes> prove(ByteView key) const;

private:
    std::map<Bytes, Bytes> entries_;
};

}  // namespace countersign::chain
