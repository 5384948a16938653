// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "chain/abi_test_json.hpp"
#include "chain/standard_merkle_tree.hpp"
#include "crypto/hex.hpp"

namespace countersign::chain {
namespace {

using testing::hex_hash;
using testing::json_to_abi;

struct FixtureTree {
    std::string name;
    std::vector<AbiType> encoding;
    std::vector<AbiValues> values;
    Hash32 root;
    std::vector<Hash32> tree;
    std::vector<std::size_t> tree_index;
    std::vector<Hash32> leaf_hash;
    std::vector<std::vector<Hash32>> proofs;
    nlohmann::json multiproofs;
};

const std::vector<FixtureTree>& fixture_trees() {
    static const std::vector<FixtureTree> trees = [] {
        const auto fx = testing::load_fixture("tests/fixtures/standard-merkle-tree/fixture.json");
        std::vector<FixtureTree> out;
        for (const auto& t : fx.at("trees")) {
            FixtureTree ft;
            ft.name = t.at("name").get<std::string>();
            for (const auto& e : t.at("leafEncoding")) ft.encoding.push_back(*parse_abi_type(e.get<std::string>()));
            ft.root = hex_hash(t.at("root"));
            for (const auto& n : t.at("tree")) ft.tree.push_back(hex_hash(n));
            for (const auto& l : t.at("leaves")) {
                ft.values.push_back(json_to_abi(ft.encoding, l.at("value")));
                ft.tree_index.push_back(l.at("treeIndex").get<std::size_t>());
                ft.leaf_hash.push_back(hex_hash(l.at("leafHash")));
                std::vector<Hash32> proof;
                for (const auto& p : l.at("proof")) proof.push_back(hex_hash(p));
                ft.proofs.push_back(std::move(proof));
            }
            ft.multiproofs = t.at("multiproofs");
            out.push_back(std::move(ft));
        }
        return out;
    }();
    return trees;
}

TEST(StandardMerkleTree, FixtureHasTheAgreedShapes) {
    std::vector<std::size_t> sizes;
    for (const auto& t : fixture_trees()) sizes.push_back(t.values.size());
    EXPECT_EQ(sizes, (std::vector<std::size_t>{1, 2, 3, 7, 16, 33, 5}));
}

TEST(StandardMerkleTree, RootsTreesAndProofsMatchOpenZeppelin) {
    std::size_t proofs = 0;
    for (const auto& ft : fixture_trees()) {
        SCOPED_TRACE(ft.name);
        auto tree = StandardMerkleTree::of(ft.encoding, ft.values);
        ASSERT_TRUE(tree.has_value());
        EXPECT_EQ(tree->root(), ft.root);
        EXPECT_EQ(tree->tree(), ft.tree);
        for (std::size_t i = 0; i < ft.values.size(); ++i) {
            EXPECT_EQ(tree->tree_index(i), ft.tree_index[i]) << i;
            EXPECT_EQ(tree->leaf_hash(i), ft.leaf_hash[i]) << i;
            EXPECT_EQ(*standard_leaf_hash(ft.encoding, ft.values[i]), ft.leaf_hash[i]);
            auto proof = tree->proof(i);
            ASSERT_TRUE(proof.has_value());
            EXPECT_EQ(*proof, ft.proofs[i]) << i;
            EXPECT_TRUE(verify_proof(ft.root, ft.leaf_hash[i], ft.proofs[i])) << i;
            ++proofs;
        }
        EXPECT_EQ(tree->proof(ft.values.size()).error(), MerkleError::kIndexOutOfRange);
    }
    EXPECT_EQ(proofs, 67u);
}

TEST(StandardMerkleTree, MultiproofsMatchOpenZeppelin) {
    std::size_t checked = 0;
    for (const auto& ft : fixture_trees()) {
        SCOPED_TRACE(ft.name);
        auto tree = StandardMerkleTree::of(ft.encoding, ft.values);
        ASSERT_TRUE(tree.has_value());
        for (const auto& m : ft.multiproofs) {
            const auto indices = m.at("indices").get<std::vector<std::size_t>>();
            std::vector<std::size_t> order;
            auto mp = tree->multiproof(indices, &order);
            ASSERT_TRUE(mp.has_value());
            std::vector<Hash32> leaves, proof;
            for (const auto& h : m.at("leafHashes")) leaves.push_back(hex_hash(h));
            for (const auto& h : m.at("proof")) proof.push_back(hex_hash(h));
            const auto flags = m.at("proofFlags").get<std::vector<bool>>();
            EXPECT_EQ(mp->leaves, leaves);
            EXPECT_EQ(mp->proof, proof);
            EXPECT_EQ(mp->proof_flags, flags);
            ASSERT_EQ(order.size(), indices.size());
            for (std::size_t k = 0; k < order.size(); ++k) EXPECT_EQ(tree->leaf_hash(order[k]), mp->leaves[k]);
            EXPECT_TRUE(verify_multiproof(ft.root, {leaves, proof, flags}));
            ++checked;
        }
    }
    EXPECT_GT(checked, 25u);
}

TEST(StandardMerkleTree, TamperedLeafValueFails) {
    // Flip each byte of each value's ABI encoding where it is a value byte (not padding/offset) by changing
    // the value itself: every field of every leaf of the settlement trees.
    for (const auto& ft : fixture_trees()) {
        SCOPED_TRACE(ft.name);
        for (std::size_t i = 0; i < ft.values.size(); ++i) {
            const AbiValues& v = ft.values[i];
            for (std::size_t f = 0; f < v.size(); ++f) {
                std::vector<AbiValues> variants;
                if (const Bytes* b = v[f].get_if<Bytes>()) {
                    for (std::size_t k = 0; k < b->size(); ++k) {
                        Bytes t = *b;
                        t[k] ^= 0x01;
                        AbiValues changed = v;
                        changed[f] = AbiValue::bytes(t);
                        variants.push_back(std::move(changed));
                    }
                    if (ft.encoding[f].kind() == AbiType::Kind::kBytes) {
                        AbiValues longer = v;
                        longer[f] = AbiValue::bytes(*b + Bytes(1, 0));
                        variants.push_back(std::move(longer));
                    }
                } else if (const Address* a = v[f].get_if<Address>()) {
                    for (std::size_t k = 0; k < 20; ++k) {
                        Address t = *a;
                        t.bytes[k] ^= 0x80;
                        AbiValues changed = v;
                        changed[f] = AbiValue::address(t);
                        variants.push_back(std::move(changed));
                    }
                } else if (const Uint256* u = v[f].get_if<Uint256>()) {
                    for (unsigned bit : {0u, 7u, 64u, 255u}) {
                        AbiValues changed = v;
                        changed[f] = AbiValue::uint(*u + (Uint256(1) << bit));  // wraps: always a different value
                        variants.push_back(std::move(changed));
                    }
                }
                for (const auto& changed : variants) {
                    auto h = standard_leaf_hash(ft.encoding, changed);
                    ASSERT_TRUE(h.has_value());
                    EXPECT_FALSE(verify_proof(ft.root, *h, ft.proofs[i])) << "leaf " << i << " field " << f;
                }
            }
        }
    }
}

TEST(StandardMerkleTree, TamperedProofOrRootFails) {
    for (const auto& ft : fixture_trees()) {
        SCOPED_TRACE(ft.name);
        for (std::size_t i = 0; i < ft.values.size(); ++i) {
            const auto& proof = ft.proofs[i];
            for (std::size_t p = 0; p < proof.size(); ++p) {
                for (std::size_t k = 0; k < 32; ++k) {
                    auto t = proof;
                    t[p].bytes[k] ^= 0x01;
                    EXPECT_FALSE(verify_proof(ft.root, ft.leaf_hash[i], t));
                }
            }
            for (std::size_t k = 0; k < 32; ++k) {
                Hash32 root = ft.root;
                root.bytes[k] ^= 0x01;
                EXPECT_FALSE(verify_proof(root, ft.leaf_hash[i], proof));
                Hash32 leaf = ft.leaf_hash[i];
                leaf.bytes[k] ^= 0x01;
                EXPECT_FALSE(verify_proof(ft.root, leaf, proof));
            }
            if (!proof.empty()) {
                auto shorter = proof;
                shorter.pop_back();
                EXPECT_FALSE(verify_proof(ft.root, ft.leaf_hash[i], shorter));
                auto longer = proof;
                longer.push_back(ft.root);
                EXPECT_FALSE(verify_proof(ft.root, ft.leaf_hash[i], longer));
            }
            // A leaf's proof does not prove another (distinct) leaf.
            const std::size_t j = (i + 1) % ft.values.size();
            if (ft.leaf_hash[j] != ft.leaf_hash[i]) {
                EXPECT_FALSE(verify_proof(ft.root, ft.leaf_hash[j], proof));
            }
        }
    }
}

TEST(StandardMerkleTree, InternalNodeIsNotALeaf) {
    // The double hash: an internal node's 64-byte preimage, ABI-decoded as (bytes32,bytes32), does not
    // produce a leaf that verifies with the shortened proof.
    const auto& ft = fixture_trees()[4];  // 16 leaves
    const std::vector<AbiType> pair{AbiType::fixed_bytes(32), AbiType::fixed_bytes(32)};
    const std::size_t node = 1;
    const Hash32& l = ft.tree[2 * node + 1];
    const Hash32& r = ft.tree[2 * node + 2];
    const bool l_first = l <= r;
    const AbiValue vals[] = {AbiValue::fixed(l_first ? l : r), AbiValue::fixed(l_first ? r : l)};
    const std::vector<Hash32> proof{ft.tree[2]};
    EXPECT_TRUE(verify_proof(ft.root, ft.tree[node], proof));  // the node itself is proven by its sibling
    EXPECT_FALSE(verify_proof(ft.root, *standard_leaf_hash(pair, vals), proof));
}

TEST(StandardMerkleTree, TamperedMultiproofFails) {
    const auto& ft = fixture_trees()[5];  // 33 leaves
    auto tree = StandardMerkleTree::of(ft.encoding, ft.values);
    ASSERT_TRUE(tree.has_value());
    const std::size_t idx[] = {0, 5, 17, 32};
    auto mp = tree->multiproof(idx);
    ASSERT_TRUE(mp.has_value());
    ASSERT_TRUE(verify_multiproof(ft.root, *mp));
    for (std::size_t p = 0; p < mp->proof.size(); ++p) {
        auto t = *mp;
        t.proof[p].bytes[p % 32] ^= 1;
        EXPECT_FALSE(verify_multiproof(ft.root, t));
    }
    for (std::size_t l = 0; l < mp->leaves.size(); ++l) {
        auto t = *mp;
        t.leaves[l].bytes[0] ^= 1;
        EXPECT_FALSE(verify_multiproof(ft.root, t));
    }
    for (std::size_t f = 0; f < mp->proof_flags.size(); ++f) {
        auto t = *mp;
        t.proof_flags[f] = !t.proof_flags[f];
        EXPECT_FALSE(verify_multiproof(ft.root, t));
    }
    auto extra = *mp;
    extra.proof.push_back(Hash32{});
    EXPECT_EQ(process_multiproof(extra).error(), MerkleError::kMalformedMultiproof);
    auto missing = *mp;
    missing.leaves.pop_back();
    EXPECT_FALSE(verify_multiproof(ft.root, missing));
    const std::size_t dup[] = {3, 3};
    EXPECT_EQ(tree->multiproof(dup).error(), MerkleError::kDuplicateIndex);
    // Empty multiproof: the proof is just the root.
    auto empty = tree->multiproof({});
    ASSERT_TRUE(empty.has_value());
    EXPECT_TRUE(verify_multiproof(ft.root, *empty));
}

TEST(StandardMerkleTree, LoadValidatesAnUntrustedDump) {
    const auto& ft = fixture_trees()[3];  // 7 leaves, with a duplicate
    auto indexed = [&] {
        std::vector<StandardMerkleTree::IndexedValue> v;
        for (std::size_t i = 0; i < ft.values.size(); ++i) v.push_back({ft.values[i], ft.tree_index[i]});
        return v;
    };
    auto loaded = StandardMerkleTree::load(ft.encoding, ft.tree, indexed());
    ASSERT_TRUE(loaded.has_value());
    EXPECT_EQ(loaded->root(), ft.root);
    EXPECT_EQ(*loaded->proof(2), ft.proofs[2]);

    for (std::size_t n = 0; n < ft.tree.size(); ++n) {
        auto t = ft.tree;
        t[n].bytes[31] ^= 1;
        EXPECT_EQ(StandardMerkleTree::load(ft.encoding, t, indexed()).error(), MerkleError::kInvalidTree) << n;
    }
    auto wrong_index = indexed();
    std::swap(wrong_index[0].tree_index, wrong_index[1].tree_index);
    EXPECT_EQ(StandardMerkleTree::load(ft.encoding, ft.tree, wrong_index).error(), MerkleError::kInvalidTree);
    auto internal = indexed();
    internal[0].tree_index = 0;
    EXPECT_EQ(StandardMerkleTree::load(ft.encoding, ft.tree, internal).error(), MerkleError::kInvalidTree);
    auto twice = indexed();
    twice[1].tree_index = twice[0].tree_index;
    twice[1].value = twice[0].value;
    EXPECT_EQ(StandardMerkleTree::load(ft.encoding, ft.tree, twice).error(), MerkleError::kInvalidTree);
    auto changed_value = indexed();
    changed_value[4].value[4] = AbiValue::uint(Uint256(1));
    EXPECT_EQ(StandardMerkleTree::load(ft.encoding, ft.tree, changed_value).error(), MerkleError::kInvalidTree);
    auto even = ft.tree;
    even.pop_back();
    EXPECT_EQ(StandardMerkleTree::load(ft.encoding, even, indexed()).error(), MerkleError::kInvalidTree);
}

TEST(StandardMerkleTree, Errors) {
    const std::vector<AbiType> enc{AbiType::address(), AbiType::uint(256)};
    EXPECT_EQ(StandardMerkleTree::of(enc, {}).error(), MerkleError::kEmpty);
    EXPECT_EQ(StandardMerkleTree::of(enc, {{AbiValue::uint(1)}}).error(), MerkleError::kLeafEncoding);
}

RC_GTEST_PROP(StandardMerkleTreeProperty, EveryProofAndMultiproofVerifies, ()) {
    const auto n = *rc::gen::inRange<std::size_t>(1, 70);
    const std::vector<AbiType> enc{AbiType::uint(256), AbiType::bytes()};
    std::vector<AbiValues> values;
    for (std::size_t i = 0; i < n; ++i) {
        const auto b = *rc::gen::resize(40, rc::gen::arbitrary<std::vector<std::uint8_t>>());
        values.push_back({AbiValue::uint(*rc::gen::arbitrary<std::uint64_t>()), AbiValue::bytes(ByteView(b.data(), b.size()))});
    }
    auto tree = StandardMerkleTree::of(enc, values);
    RC_ASSERT(tree.has_value());
    for (std::size_t i = 0; i < n; ++i) RC_ASSERT(verify_proof(tree->root(), tree->leaf_hash(i), *tree->proof(i)));
    std::vector<std::size_t> subset;
    for (std::size_t i = 0; i < n; ++i)
        if (*rc::gen::arbitrary<bool>()) subset.push_back(i);
    auto mp = tree->multiproof(subset);
    RC_ASSERT(mp.has_value());
    RC_ASSERT(verify_multiproof(tree->root(), *mp));
}

}  // namespace
}  // namespace countersign::chain
