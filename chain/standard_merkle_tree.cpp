// SPDX-License-Identifier: Apache-2.0
#include "chain/standard_merkle_tree.hpp"

#include <algorithm>
#include <deque>
#include <numeric>

#include "crypto/keccak.hpp"

namespace countersign::chain {
namespace {

std::size_t left_child(std::size_t i) noexcept { return 2 * i + 1; }
std::size_t parent(std::size_t i) noexcept { return (i - 1) / 2; }
std::size_t sibling(std::size_t i) noexcept { return i % 2 == 1 ? i + 1 : i - 1; }  // i > 0
bool is_leaf(std::size_t tree_size, std::size_t i) noexcept { return i < tree_size && left_child(i) >= tree_size; }

}  // namespace

std::string_view to_string(MerkleError e) noexcept {
    switch (e) {
        case MerkleError::kEmpty: return "merkle: no leaves";
        case MerkleError::kLeafEncoding: return "merkle: value does not match the leaf encoding";
        case MerkleError::kIndexOutOfRange: return "merkle: index out of range";
        case MerkleError::kDuplicateIndex: return "merkle: duplicate index in multiproof";
        case MerkleError::kMalformedMultiproof: return "merkle: malformed multiproof";
        case MerkleError::kInvalidTree: return "merkle: invalid tree";
    }
    return "merkle: unknown error";
}

Expected<Hash32, MerkleError> standard_leaf_hash(std::span<const AbiType> leaf_encoding,
                                                 std::span<const AbiValue> value) {
    auto enc = abi_encode(leaf_encoding, value);
    if (!enc) return unexpected(MerkleError::kLeafEncoding);
    return keccak256(keccak256(*enc).view());
}

Hash32 hash_pair(const Hash32& a, const Hash32& b) noexcept {
    Keccak256 h;
    const bool a_first = a <= b;
    h.update((a_first ? a : b).view());
    h.update((a_first ? b : a).view());
    return h.finalize();
}

Hash32 process_proof(const Hash32& leaf, std::span<const Hash32> proof) noexcept {
    Hash32 node = leaf;
    for (const auto& p : proof) node = hash_pair(node, p);
    return node;
}

bool verify_proof(const Hash32& root, const Hash32& leaf, std::span<const Hash32> proof) noexcept {
    return process_proof(leaf, proof) == root;
}

Expected<Hash32, MerkleError> process_multiproof(const MultiProof& mp) noexcept {
    const std::size_t flags = mp.proof_flags.size();
    const auto from_proof = static_cast<std::size_t>(std::count(mp.proof_flags.begin(), mp.proof_flags.end(), false));
    if (mp.proof.size() < from_proof) return unexpected(MerkleError::kMalformedMultiproof);
    if (mp.leaves.size() + mp.proof.size() != flags + 1) return unexpected(MerkleError::kMalformedMultiproof);
    // MerkleProof.processMultiProof: a queue of leaves then computed hashes, consumed in order.
    std::vector<Hash32> queue(mp.leaves);
    queue.reserve(mp.leaves.size() + flags);
    std::size_t next = 0;
    std::size_t proof_pos = 0;
    for (std::size_t i = 0; i < flags; ++i) {
        if (next >= queue.size()) return unexpected(MerkleError::kMalformedMultiproof);
        const Hash32 a = queue[next++];
        Hash32 b;
        if (mp.proof_flags[i]) {
            if (next >= queue.size()) return unexpected(MerkleError::kMalformedMultiproof);
            b = queue[next++];
        } else {
            b = mp.proof[proof_pos++];
        }
        queue.push_back(hash_pair(a, b));
    }
    if (flags > 0) {
        // Every leaf and proof element must have been used, leaving exactly the root.
        if (next != queue.size() - 1 || proof_pos != mp.proof.size()) return unexpected(MerkleError::kMalformedMultiproof);
        return queue.back();
    }
    if (!mp.leaves.empty()) return mp.leaves.front();
    return mp.proof.front();
}

bool verify_multiproof(const Hash32& root, const MultiProof& mp) noexcept {
    auto r = process_multiproof(mp);
    return r && *r == root;
}

Expected<StandardMerkleTree, MerkleError> StandardMerkleTree::of(std::vector<AbiType> leaf_encoding,
                                                                 std::vector<AbiValues> values) {
    if (values.empty()) return unexpected(MerkleError::kEmpty);
    const std::size_t n = values.size();
    std::vector<Hash32> hashes;
    hashes.reserve(n);
    for (const auto& v : values) {
        auto h = standard_leaf_hash(leaf_encoding, v);
        if (!h) return unexpected(h.error());
        hashes.push_back(*h);
    }
    // Stable sort of value indices by leaf hash, like Array.prototype.sort in the reference.
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return hashes[a] < hashes[b]; });

    StandardMerkleTree t;
    t.leaf_encoding_ = std::move(leaf_encoding);
    t.tree_.resize(2 * n - 1);
    t.values_.resize(n);
    for (std::size_t leaf = 0; leaf < n; ++leaf) {
        const std::size_t tree_index = t.tree_.size() - 1 - leaf;
        t.tree_[tree_index] = hashes[order[leaf]];
        t.values_[order[leaf]].tree_index = tree_index;
    }
    for (std::size_t i = t.tree_.size() - n; i-- > 0;)
        t.tree_[i] = hash_pair(t.tree_[left_child(i)], t.tree_[left_child(i) + 1]);
    for (std::size_t i = 0; i < n; ++i) t.values_[i].value = std::move(values[i]);
    return t;
}

Expected<StandardMerkleTree, MerkleError> StandardMerkleTree::load(std::vector<AbiType> leaf_encoding,
                                                                   std::vector<Hash32> tree,
                                                                   std::vector<IndexedValue> values) {
    if (tree.empty() || values.empty()) return unexpected(MerkleError::kEmpty);
    // A complete tree in array form has an odd node count; every internal node hashes its two children.
    if (tree.size() % 2 == 0) return unexpected(MerkleError::kInvalidTree);
    for (std::size_t i = 0; left_child(i) < tree.size(); ++i)
        if (tree[i] != hash_pair(tree[left_child(i)], tree[left_child(i) + 1])) return unexpected(MerkleError::kInvalidTree);
    std::vector<bool> used(tree.size(), false);
    for (const auto& v : values) {
        if (!is_leaf(tree.size(), v.tree_index) || used[v.tree_index]) return unexpected(MerkleError::kInvalidTree);
        used[v.tree_index] = true;
        auto h = standard_leaf_hash(leaf_encoding, v.value);
        if (!h) return unexpected(h.error());
        if (*h != tree[v.tree_index]) return unexpected(MerkleError::kInvalidTree);
    }
    StandardMerkleTree t;
    t.leaf_encoding_ = std::move(leaf_encoding);
    t.tree_ = std::move(tree);
    t.values_ = std::move(values);
    return t;
}

Expected<std::vector<Hash32>, MerkleError> StandardMerkleTree::proof(std::size_t index) const {
    if (index >= values_.size()) return unexpected(MerkleError::kIndexOutOfRange);
    std::vector<Hash32> out;
    for (std::size_t i = values_[index].tree_index; i > 0; i = parent(i)) out.push_back(tree_[sibling(i)]);
    return out;
}

Expected<MultiProof, MerkleError> StandardMerkleTree::multiproof(std::span<const std::size_t> indices,
                                                                 std::vector<std::size_t>* order) const {
    std::vector<std::size_t> tree_indices;
    tree_indices.reserve(indices.size());
    for (std::size_t i : indices) {
        if (i >= values_.size()) return unexpected(MerkleError::kIndexOutOfRange);
        tree_indices.push_back(values_[i].tree_index);
    }
    std::sort(tree_indices.begin(), tree_indices.end(), std::greater<>());
    if (std::adjacent_find(tree_indices.begin(), tree_indices.end()) != tree_indices.end())
        return unexpected(MerkleError::kDuplicateIndex);

    MultiProof mp;
    std::deque<std::size_t> stack(tree_indices.begin(), tree_indices.end());
    while (!stack.empty() && stack.front() > 0) {
        const std::size_t j = stack.front();
        stack.pop_front();
        const std::size_t s = sibling(j);
        if (!stack.empty() && stack.front() == s) {
            mp.proof_flags.push_back(true);
            stack.pop_front();
        } else {
            mp.proof_flags.push_back(false);
            mp.proof.push_back(tree_[s]);
        }
        stack.push_back(parent(j));
    }
    if (tree_indices.empty()) mp.proof.push_back(tree_.front());
    for (std::size_t ti : tree_indices) mp.leaves.push_back(tree_[ti]);
    if (order) {
        order->clear();
        for (std::size_t ti : tree_indices)
            for (std::size_t v = 0; v < values_.size(); ++v)
                if (values_[v].tree_index == ti) order->push_back(v);
    }
    return mp;
}

}  // namespace countersign::chain
