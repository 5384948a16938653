// SPDX-License-Identifier: Apache-2.0
#pragma once
// OpenZeppelin StandardMerkleTree (@openzeppelin/merkle-tree 1.x, "standard-v1" dumps), which the
// OpenGradient facilitator uses for BatchSettlement roots with the leaf encoding
// ["bytes32","bytes32","bytes32","bytes","uint256"] = (teeId, inputHash, outputHash, signature, timestamp).
//
// leaf = keccak256(keccak256(abi.encode(values))) (the double hash keeps a 64-byte leaf preimage from
// posing as an internal node); node = keccak256(sort(a, b)). The tree is an array of 2n-1 nodes, root at 0,
// children of i at 2i+1 and 2i+2, leaves sorted by hash and stored from the end backwards. Proofs and
// multiproofs verify with OpenZeppelin's MerkleProof.sol.

#include <cstddef>
#include <span>
#include <vector>

#include "chain/abi.hpp"

namespace countersign::chain {

enum class MerkleError {
    kEmpty,                // a tree needs at least one leaf
    kLeafEncoding,         // a value does not encode with the leaf types
    kIndexOutOfRange,      // no such value index
    kDuplicateIndex,       // a multiproof of the same leaf twice
    kMalformedMultiproof,  // proof/flag counts that cannot form a root
    kInvalidTree,          // load(): node count, a node not the hash of its children, a value not at its leaf
};

std::string_view to_string(MerkleError e) noexcept;

Expected<Hash32, MerkleError> standard_leaf_hash(std::span<const AbiType> leaf_encoding,
                                                 std::span<const AbiValue> value);
Hash32 hash_pair(const Hash32& a, const Hash32& b) noexcept;
Hash32 process_proof(const Hash32& leaf, std::span<const Hash32> proof) noexcept;
bool verify_proof(const Hash32& root, const Hash32& leaf, std::span<const Hash32> proof) noexcept;

struct MultiProof {
    std::vector<Hash32> leaves;  // leaf hashes, in the order the proof consumes them
    std::vector<Hash32> proof;
    std::vector<bool> proof_flags;
};

Expected<Hash32, MerkleError> process_multiproof(const MultiProof& mp) noexcept;
bool verify_multiproof(const Hash32& root, const MultiProof& mp) noexcept;

class StandardMerkleTree {
public:
    // StandardMerkleTree.of(values, leafEncoding) with the default sortLeaves: true.
    static Expected<StandardMerkleTree, MerkleError> of(std::vector<AbiType> leaf_encoding,
                                                        std::vector<AbiValues> values);
    // StandardMerkleTree.load(dump) of an untrusted dump: checks every node is the hash of its children and
    // every value hashes to the leaf at its tree index, distinct indices (OpenZeppelin's validate()).
    struct IndexedValue {
        AbiValues value;
        std::size_t tree_index{0};
    };
    static Expected<StandardMerkleTree, MerkleError> load(std::vector<AbiType> leaf_encoding,
                                                          std::vector<Hash32> tree, std::vector<IndexedValue> values);

    const Hash32& root() const noexcept { return tree_.front(); }
    std::size_t size() const noexcept { return values_.size(); }
    const std::vector<Hash32>& tree() const noexcept { return tree_; }
    const std::vector<AbiType>& leaf_encoding() const noexcept { return leaf_encoding_; }
    const AbiValues& value(std::size_t index) const noexcept { return values_[index].value; }
    std::size_t tree_index(std::size_t index) const noexcept { return values_[index].tree_index; }
    const Hash32& leaf_hash(std::size_t index) const noexcept { return tree_[values_[index].tree_index]; }

    Expected<std::vector<Hash32>, MerkleError> proof(std::size_t index) const;
    // Multiproof for the given value indices; `order` receives the value index of each proof leaf.
    Expected<MultiProof, MerkleError> multiproof(std::span<const std::size_t> indices,
                                                 std::vector<std::size_t>* order = nullptr) const;

private:
    StandardMerkleTree() = default;
    std::vector<AbiType> leaf_encoding_;
    std::vector<Hash32> tree_;
    std::vector<IndexedValue> values_;
};

}  // namespace countersign::chain
