// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "chain/account.hpp"
#include "chain/mpt_proof.hpp"
#include "chain/rlp.hpp"
#include "chain/trie.hpp"
#include "chain/trie_root.hpp"
#include "crypto/hex.hpp"
#include "crypto/keccak.hpp"

namespace countersign::chain {
namespace {

using nlohmann::json;

const std::filesystem::path kVectors = std::filesystem::path{COUNTERSIGN_SOURCE_DIR} / "vectors";

Bytes str(std::string_view s) { return Bytes{to_view(s)}; }

// The truth a proof must either state or refuse to state.
ProofResult truth(const Trie& trie, ByteView key) {
    auto v = trie.get(key);
    return v ? ProofResult::found(*v) : ProofResult::absent();
}

// Sound means: an error, or exactly what the trie holds under `key`.
::testing::AssertionResult sound(const Expected<ProofResult, ProofError>& got, const Trie& trie, ByteView key) {
    if (!got) return ::testing::AssertionSuccess();
    if (*got == truth(trie, key)) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << "proof of " << to_hex(key) << " claims "
                                         << (got->is_found() ? "value " + to_hex(got->value()) : "absent");
}

// A trie with every shape: long values (hashed leaves), short ones (embedded leaves), keys that are
// prefixes of others (branch values), shared prefixes (extensions).
Trie sample_trie() {
    Trie t;
    t.put(str("do"), str("verb"));
    t.put(str("dog"), str("puppy"));
    t.put(str("doge"), str("coin"));
    t.put(str("horse"), str("stallion"));
    t.put(str("horses"), Bytes(40, 0x68));
    t.put(str("house"), Bytes(100, 0x11));
    t.put(str("a"), str("x"));
    t.put(Bytes{0x00}, Bytes(33, 0x00));
    t.put(Bytes{0x00, 0x01}, str("z"));
    return t;
}

// A secure trie: 32-byte keys, values long enough to be hashed, plus some small ones.
struct Sample {
    Trie trie;
    std::vector<Bytes> keys;
};
Sample secure_sample(std::size_t n, std::uint64_t seed) {
    std::mt19937_64 rng{seed};
    Sample s;
    for (std::size_t i = 0; i < n; ++i) {
        Bytes v(1 + rng() % 70, 0);
        for (auto& b : v) b = static_cast<std::uint8_t>(rng());
        Bytes k(8, 0);
        for (auto& b : k) b = static_cast<std::uint8_t>(rng());
        s.keys.emplace_back(keccak256(k).view());
        s.trie.put(s.keys.back(), v);
    }
    return s;
}

TEST(MptProof, EveryKeyOfTheSampleProvesItsValue) {
    const Trie t = sample_trie();
    const Hash32 root = t.root();
    for (const char* k : {"do", "dog", "doge", "horse", "horses", "house", "a"}) {
        const auto proof = t.prove(str(k));
        const auto got = verify_proof(root, str(k), proof, TrieKeys::kAny);
        ASSERT_TRUE(got) << k << ": " << to_string(got.error());
        EXPECT_EQ(*got, truth(t, str(k))) << k;
        // "do" and "horse" sit in branch value slots: a prefix-free verifier refuses the branch.
        const auto strict = verify_proof(root, str(k), proof);
        if (!strict) {
            EXPECT_EQ(strict.error(), ProofError::kBranchValue) << k;
        }
    }
    for (const char* k : {"", "d", "dot", "dogs", "doggy", "h", "hors", "horsey", "z", "b", "ho"}) {
        const auto proof = t.prove(str(k));
        const auto got = verify_proof(root, str(k), proof, TrieKeys::kAny);
        ASSERT_TRUE(got) << k << ": " << to_string(got.error());
        EXPECT_TRUE(got->is_absent()) << k;
    }
}

TEST(MptProof, EmptyTrie) {
    const Trie t;
    EXPECT_TRUE(t.prove(str("x")).empty());
    EXPECT_TRUE(verify_proof(kEmptyTrieRoot, str("x"), {})->is_absent());
    const std::vector<Bytes> empty_node{Bytes{0x80}};
    EXPECT_TRUE(verify_proof(kEmptyTrieRoot, str("x"), empty_node)->is_absent());
    const std::vector<Bytes> two{Bytes{0x80}, Bytes{0x80}};
    EXPECT_EQ(verify_proof(kEmptyTrieRoot, str("x"), two).error(), ProofError::kExtraNodes);
    EXPECT_EQ(verify_proof(sample_trie().root(), str("x"), {}).error(), ProofError::kEmptyProof);
}

// Every single-byte change to every proof node, for every key: rejected, or (never, in practice) the truth.
TEST(MptProof, EverySingleByteChangeOfEveryNodeIsRejected) {
    const Trie t = sample_trie();
    const Hash32 root = t.root();
    std::size_t checked = 0;
    for (const char* k : {"dog", "horses", "house", "a", "dot", "hors"}) {
        const Bytes key = str(k);
        const auto proof = t.prove(key);
        for (std::size_t n = 0; n < proof.size(); ++n) {
            for (std::size_t i = 0; i < proof[n].size(); ++i) {
                for (int delta = 1; delta < 256; ++delta) {
                    auto bad = proof;
                    bad[n][i] = static_cast<std::uint8_t>(bad[n][i] + delta);
                    const auto got = verify_proof(root, key, bad, TrieKeys::kAny);
                    ASSERT_FALSE(got) << k << " node " << n << " byte " << i;
                    EXPECT_EQ(got.error(), n == 0 ? ProofError::kRootMismatch : ProofError::kHashMismatch);
                    ++checked;
                }
            }
        }
    }
    EXPECT_GT(checked, 100000u);
}

TEST(MptProof, EverySingleByteChangeOfTheRootIsRejected) {
    const Trie t = sample_trie();
    const Hash32 root = t.root();
    const auto proof = t.prove(str("dog"));
    for (std::size_t i = 0; i < 32; ++i) {
        for (int delta = 1; delta < 256; ++delta) {
            Hash32 bad = root;
            bad.bytes[i] = static_cast<std::uint8_t>(bad.bytes[i] + delta);
            EXPECT_EQ(verify_proof(bad, str("dog"), proof, TrieKeys::kAny).error(), ProofError::kRootMismatch);
        }
    }
}

// Changing the key may land on another key the same nodes cover; then the answer must be that key's truth.
TEST(MptProof, EverySingleByteChangeOfTheKeyIsRejectedOrTruthful) {
    const Trie t = sample_trie();
    const Hash32 root = t.root();
    for (const char* k : {"dog", "doge", "horses", "house", "a"}) {
        const Bytes key = str(k);
        const auto proof = t.prove(key);
        const auto original = verify_proof(root, key, proof, TrieKeys::kAny);
        ASSERT_TRUE(original);
        for (std::size_t i = 0; i < key.size(); ++i) {
            for (int delta = 1; delta < 256; ++delta) {
                Bytes bad = key;
                bad[i] = static_cast<std::uint8_t>(bad[i] + delta);
                const auto got = verify_proof(root, bad, proof, TrieKeys::kAny);
                EXPECT_TRUE(sound(got, t, bad));
            }
        }
        // Longer and shorter keys too.
        for (std::size_t len = 0; len < key.size(); ++len)
            EXPECT_TRUE(sound(verify_proof(root, key.substr(0, len), proof, TrieKeys::kAny), t, key.substr(0, len)));
        for (int b = 0; b < 256; ++b) {
            const Bytes longer = key + Bytes{static_cast<std::uint8_t>(b)};
            EXPECT_TRUE(sound(verify_proof(root, longer, proof, TrieKeys::kAny), t, longer));
        }
    }
}

// A claimed value is checked against the proven one: any change to the claim is caught.
TEST(MptProof, ChangedValueClaimsAreCaught) {
    const Trie t = sample_trie();
    const auto proof = t.prove(str("horses"));
    const auto got = verify_proof(t.root(), str("horses"), proof, TrieKeys::kAny);
    ASSERT_TRUE(got && got->is_found());
    const Bytes value = *t.get(str("horses"));
    EXPECT_EQ(got->value(), value);
    for (std::size_t i = 0; i < value.size(); ++i) {
        Bytes claim = value;
        claim[i] ^= 0x01;
        EXPECT_NE(got->value(), claim);
    }
    EXPECT_NE(got->value(), value.substr(1));
    EXPECT_NE(got->value(), value + Bytes{0});
}

TEST(MptProof, ReorderedDroppedOrExtraNodesAreRejected) {
    const Trie t = secure_sample(300, 1).trie;
    const Hash32 root = t.root();
    std::mt19937_64 rng{2};
    for (int round = 0; round < 20; ++round) {
        Bytes k(8, 0);
        for (auto& b : k) b = static_cast<std::uint8_t>(rng());
        const Hash32 key = keccak256(k);
        const auto proof = t.prove(key.view());
        ASSERT_GE(proof.size(), 2u);
        ASSERT_TRUE(verify_proof(root, key.view(), proof));
        auto dropped = proof;
        dropped.pop_back();
        EXPECT_EQ(verify_proof(root, key.view(), dropped).error(), ProofError::kMissingNode);
        auto extra = proof;
        extra.push_back(proof.back());
        EXPECT_EQ(verify_proof(root, key.view(), extra).error(), ProofError::kExtraNodes);
        auto unrelated = proof;
        unrelated.push_back(Bytes{0x80});
        EXPECT_EQ(verify_proof(root, key.view(), unrelated).error(), ProofError::kExtraNodes);
        auto swapped = proof;
        std::swap(swapped[0], swapped[1]);
        EXPECT_EQ(verify_proof(root, key.view(), swapped).error(), ProofError::kRootMismatch);
        auto middle_dropped = proof;
        middle_dropped.erase(middle_dropped.begin() + 1);
        EXPECT_FALSE(verify_proof(root, key.view(), middle_dropped));
        // Another key's proof does not prove this key.
        const Hash32 other = keccak256(key.view());
        const auto other_proof = t.prove(other.view());
        const auto cross = verify_proof(root, key.view(), other_proof);
        EXPECT_TRUE(sound(cross, t, key.view()));
    }
}

// ---- crafted nodes, one per error ----

Bytes list(std::initializer_list<Bytes> items) {
    std::size_t payload = 0;
    for (const auto& i : items) payload += i.size();
    Bytes out;
    rlp::encode_header(out, {true, payload});
    for (const auto& i : items) out += i;
    return out;
}
Bytes rstr(ByteView s) {
    Bytes out;
    rlp::encode(out, s);
    return out;
}
Bytes branch(std::size_t slot_a, const Bytes& a, std::size_t slot_b, const Bytes& b, const Bytes& value = {0x80}) {
    Bytes payload;
    for (std::size_t i = 0; i < 16; ++i) payload += i == slot_a ? a : i == slot_b ? b : Bytes{0x80};
    payload += value;
    Bytes out;
    rlp::encode_header(out, {true, payload.size()});
    return out + payload;
}
Expected<ProofResult, ProofError> single(const Bytes& node, ByteView key, TrieKeys keys = TrieKeys::kPrefixFree) {
    const std::vector<Bytes> proof{node};
    return verify_proof(keccak256(node), key, proof, keys);
}

TEST(MptProof, CraftedNodesGetTheirErrors) {
    const Bytes key{0x12, 0x34};
    const Bytes leaf_ok = list({rstr(Bytes{0x20, 0x12, 0x34}), rstr(str("v"))});
    EXPECT_EQ(single(leaf_ok, key)->value(), str("v"));
    // RLP and shape.
    EXPECT_EQ(single(rstr(str("not a list")), key).error(), ProofError::kMalformedNode);
    EXPECT_EQ(single(list({rstr(Bytes{0x20}), rstr(str("v")), rstr(str("w"))}), key).error(),
              ProofError::kMalformedNode);
    EXPECT_EQ(single(leaf_ok + Bytes{0x00}, key).error(), ProofError::kMalformedNode);                // trailing byte
    EXPECT_EQ(single(Bytes{0xc5, 0x83, 0x20, 0x12, 0x34}, key).error(), ProofError::kMalformedNode);  // truncated
    EXPECT_EQ(single(list({rstr(Bytes{0x20, 0x12, 0x34}), Bytes{0x81, 0x05}}), key).error(),
              ProofError::kMalformedNode);                                                         // non-canonical RLP
    EXPECT_EQ(single(list({list({}), rstr(str("v"))}), key).error(), ProofError::kMalformedNode);  // list path
    EXPECT_EQ(single(list({rstr(Bytes{0x20, 0x12, 0x34}), list({})}), key).error(), ProofError::kMalformedNode);
    // Hex prefix.
    EXPECT_EQ(single(list({rstr(Bytes{0x40, 0x12, 0x34}), rstr(str("v"))}), key).error(), ProofError::kBadHexPrefix);
    EXPECT_EQ(single(list({rstr(Bytes{0x21, 0x12, 0x34}), rstr(str("v"))}), key).error(), ProofError::kBadHexPrefix);
    EXPECT_EQ(single(list({rstr(Bytes{0x01, 0x12}), rstr(Bytes(32, 1))}), key).error(), ProofError::kBadHexPrefix);
    EXPECT_EQ(single(list({rstr(Bytes{}), rstr(str("v"))}), key).error(), ProofError::kBadHexPrefix);
    // Non-canonical shapes.
    EXPECT_EQ(single(list({rstr(Bytes{0x20, 0x12, 0x34}), rstr(Bytes{})}), key).error(),
              ProofError::kNonCanonicalNode);  // empty leaf value
    EXPECT_EQ(single(list({rstr(Bytes{0x00}), rstr(Bytes(32, 1))}), key).error(),
              ProofError::kNonCanonicalNode);  // empty extension path
    const Bytes small_leaf = list({rstr(Bytes{0x34}), rstr(str("v"))});
    EXPECT_EQ(single(branch(1, small_leaf, 16, {}), key).error(), ProofError::kNonCanonicalNode);  // one child
    // Extension to a leaf instead of a branch (embedded, so no hashing gets in the way).
    EXPECT_EQ(single(list({rstr(Bytes{0x11}), list({rstr(Bytes{0x32, 0x34}), rstr(str("v"))})}), key).error(),
              ProofError::kNonCanonicalNode);
    // A hashed reference to a node under 32 bytes.
    {
        const Bytes child = list({rstr(Bytes{0x32, 0x34}), rstr(str("v"))});
        const Bytes root = branch(1, rstr(keccak256(child).view()), 5, small_leaf);
        const std::vector<Bytes> proof{root, child};
        EXPECT_EQ(verify_proof(keccak256(root), Bytes{0x12, 0x34}, proof).error(), ProofError::kNonCanonicalNode);
    }
    // References.
    EXPECT_EQ(single(branch(1, rstr(Bytes(5, 1)), 5, small_leaf), key).error(), ProofError::kBadReference);
    EXPECT_EQ(single(branch(1, rstr(Bytes(33, 1)), 5, small_leaf), key).error(), ProofError::kBadReference);
    const Bytes big_inline = list({rstr(Bytes{0x34}), rstr(Bytes(40, 7))});
    EXPECT_EQ(single(branch(1, big_inline, 5, small_leaf), key).error(), ProofError::kBadReference);
    EXPECT_EQ(single(list({rstr(Bytes{0x11}), rstr(Bytes(31, 1))}), key).error(), ProofError::kBadReference);
    EXPECT_EQ(single(list({rstr(Bytes{0x11}), rstr(Bytes{})}), key).error(), ProofError::kBadReference);
    // Branch values.
    const Bytes with_value = branch(1, small_leaf, 5, small_leaf, rstr(str("val")));
    EXPECT_EQ(single(with_value, key).error(), ProofError::kBranchValue);
    EXPECT_TRUE(single(with_value, key, TrieKeys::kAny));
    EXPECT_EQ(single(with_value, Bytes{}, TrieKeys::kAny)->value(), str("val"));
    EXPECT_EQ(single(branch(1, small_leaf, 5, small_leaf, list({})), key, TrieKeys::kAny).error(),
              ProofError::kMalformedNode);
    // Depth and key size.
    EXPECT_EQ(single(list({rstr(Bytes(34, 0x11).replace(0, 1, 1, 0x31)), rstr(str("v"))}), key).error(),
              ProofError::kTooDeep);
    EXPECT_EQ(single(leaf_ok, Bytes(33, 0)).error(), ProofError::kKeyTooLong);
    // Hash mismatch: a real child replaced by another well-formed node.
    {
        const Bytes child = list({rstr(Bytes{0x32, 0x34}), rstr(Bytes(40, 1))});
        const Bytes other = list({rstr(Bytes{0x32, 0x34}), rstr(Bytes(40, 2))});
        const Bytes root = branch(1, rstr(keccak256(child).view()), 5, small_leaf);
        const std::vector<Bytes> good{root, child};
        EXPECT_EQ(verify_proof(keccak256(root), key, good)->value(), Bytes(40, 1));
        const std::vector<Bytes> bad{root, other};
        EXPECT_EQ(verify_proof(keccak256(root), key, bad).error(), ProofError::kHashMismatch);
        const std::vector<Bytes> missing{root};
        EXPECT_EQ(verify_proof(keccak256(root), key, missing).error(), ProofError::kMissingNode);
        // Absence through an empty slot, and through a diverging leaf.
        EXPECT_TRUE(verify_proof(keccak256(root), Bytes{0x22}, missing)->is_absent());
        EXPECT_EQ(verify_proof(keccak256(root), Bytes{0x22}, good).error(), ProofError::kExtraNodes);
        EXPECT_TRUE(verify_proof(keccak256(root), Bytes{0x12, 0x35}, good)->is_absent());
    }
    EXPECT_EQ(to_string(ProofError::kBranchValue), "branch node value in a prefix-free trie");
}

// ---- properties ----

rc::Gen<Bytes> gen_key() {
    return rc::gen::map(rc::gen::container<std::vector<std::uint8_t>>(
                            rc::gen::elementOf(std::vector<std::uint8_t>{0x00, 0x01, 0x10, 0x11, 0x12, 0xab, 0xff})),
                        // Proofs cover keys of up to 32 bytes.
                        [](const std::vector<std::uint8_t>& v) {
                            return Bytes(v.begin(),
                                         v.begin() + static_cast<std::ptrdiff_t>(std::min<std::size_t>(v.size(), 32)));
                        });
}
rc::Gen<Bytes> gen_value() {
    return rc::gen::map(
        rc::gen::nonEmpty(rc::gen::container<std::vector<std::uint8_t>>(rc::gen::arbitrary<std::uint8_t>())),
        [](const std::vector<std::uint8_t>& v) { return Bytes(v.begin(), v.end()); });
}

RC_GTEST_PROP(MptProofProps, EveryKeyVerifiesAndAbsentKeysAreAbsent, ()) {
    const auto entries = *rc::gen::container<std::map<Bytes, Bytes>>(gen_key(), gen_value());
    Trie t;
    for (const auto& [k, v] : entries) t.put(k, v);
    const Hash32 root = t.root();
    for (const auto& [k, v] : entries) {
        const auto got = verify_proof(root, k, t.prove(k), TrieKeys::kAny);
        RC_ASSERT(got.has_value());
        RC_ASSERT(got->is_found());
        RC_ASSERT(got->value() == v);
    }
    for (const auto& k : *rc::gen::container<std::vector<Bytes>>(gen_key())) {
        const auto got = verify_proof(root, k, t.prove(k), TrieKeys::kAny);
        RC_ASSERT(got.has_value());
        RC_ASSERT(*got == truth(t, k));
    }
}

RC_GTEST_PROP(MptProofProps, SecureTrieProofsAndTampering, ()) {
    const auto n = *rc::gen::inRange<std::size_t>(1, 80);
    const Sample sample = secure_sample(n, *rc::gen::arbitrary<std::uint64_t>());
    const Trie& t = sample.trie;
    const Hash32 root = t.root();
    // Present keys, and absent ones.
    std::vector<Bytes> keys = sample.keys;
    for (std::size_t i = 0; i < 4; ++i) keys.push_back(Bytes{keccak256(Bytes(1, static_cast<std::uint8_t>(i))).view()});
    for (const Bytes& key : keys) {
        const auto proof = t.prove(key);
        const auto got = verify_proof(root, key, proof);
        RC_ASSERT(got.has_value());
        RC_ASSERT(*got == truth(t, key));
        // Random single-byte changes anywhere in the proof.
        for (int round = 0; round < 20 && !proof.empty(); ++round) {
            auto bad = proof;
            const auto node = *rc::gen::inRange<std::size_t>(0, bad.size());
            const auto at = *rc::gen::inRange<std::size_t>(0, bad[node].size());
            const auto delta = *rc::gen::inRange<int>(1, 256);
            bad[node][at] = static_cast<std::uint8_t>(bad[node][at] + delta);
            RC_ASSERT(!verify_proof(root, key, bad).has_value());
        }
    }
}

// ---- accounts and eth_getProof ----

TEST(Account, RoundTripsAndDecodesStrictly) {
    Account a;
    a.nonce = 7;
    a.balance = Uint256{0x76};
    const Bytes enc = encode_account(a);
    ASSERT_TRUE(decode_account(enc));
    EXPECT_EQ(*decode_account(enc), a);
    EXPECT_FALSE(decode_account(enc + Bytes{0x80}));
    EXPECT_FALSE(decode_account(enc.substr(0, enc.size() - 1)));
    // Five items, three items, a short hash, a non-canonical nonce.
    Bytes five =
        list({Bytes{0x07}, Bytes{0x76}, rstr(kEmptyTrieRoot.view()), rstr(kEmptyCodeHash.view()), Bytes{0x80}});
    EXPECT_FALSE(decode_account(five));
    EXPECT_FALSE(decode_account(list({Bytes{0x07}, Bytes{0x76}, rstr(kEmptyTrieRoot.view())})));
    EXPECT_FALSE(decode_account(list({Bytes{0x07}, Bytes{0x76}, rstr(Bytes(31, 0)), rstr(kEmptyCodeHash.view())})));
    EXPECT_FALSE(decode_account(
        list({Bytes{0x81, 0x07}, Bytes{0x76}, rstr(kEmptyTrieRoot.view()), rstr(kEmptyCodeHash.view())})));
    EXPECT_FALSE(decode_account(
        list({Bytes{0x82, 0x00, 0x07}, Bytes{0x76}, rstr(kEmptyTrieRoot.view()), rstr(kEmptyCodeHash.view())})));
    EXPECT_TRUE(
        decode_account(list({Bytes{0x07}, Bytes{0x76}, rstr(kEmptyTrieRoot.view()), rstr(kEmptyCodeHash.view())})));
}

TEST(Account, AccountAndStorageProofsFromABuiltState) {
    // Storage: slots 0..9 holding i+1, slot 3 cleared (zero is absence).
    Trie storage;
    for (std::uint64_t i = 0; i < 10; ++i) {
        Bytes v;
        rlp::encode(v, Uint256{i == 3 ? 0 : i + 1});
        Bytes32 slot;
        slot.bytes[31] = static_cast<std::uint8_t>(i);
        storage.put(keccak256(slot.view()).view(), i == 3 ? Bytes{} : v);
    }
    Account acct;
    acct.nonce = 1;
    acct.balance = Uint256{1000};
    acct.storage_root = storage.root();
    Trie state;
    Address address;
    address.bytes[0] = 0xaa;
    state.put(keccak256(address.view()).view(), encode_account(acct));
    for (std::uint8_t i = 1; i < 40; ++i) {
        Address other;
        other.bytes[19] = i;
        Account o;
        o.nonce = i;
        state.put(keccak256(other.view()).view(), encode_account(o));
    }
    const auto proof = state.prove(keccak256(address.view()).view());
    const auto got = verify_account_proof(state.root(), address, proof);
    ASSERT_TRUE(got) << to_string(got.error());
    ASSERT_TRUE(got->has_value());
    EXPECT_EQ(**got, acct);
    Address missing;
    missing.bytes[5] = 1;
    const auto absent = verify_account_proof(state.root(), missing, state.prove(keccak256(missing.view()).view()));
    ASSERT_TRUE(absent);
    EXPECT_FALSE(absent->has_value());
    for (std::uint64_t i = 0; i < 12; ++i) {
        Bytes32 slot;
        slot.bytes[31] = static_cast<std::uint8_t>(i);
        const auto sp = storage.prove(keccak256(slot.view()).view());
        const auto value = verify_storage_proof(acct.storage_root, slot, sp);
        ASSERT_TRUE(value) << i;
        EXPECT_EQ(*value, Uint256{i == 3 || i >= 10 ? 0 : i + 1}) << i;
        // The same proof does not prove the neighbouring slot's value.
        Bytes32 next = slot;
        next.bytes[31] ^= 1;
        const auto wrong = verify_storage_proof(acct.storage_root, next, sp);
        if (wrong) {
            EXPECT_EQ(*wrong, Uint256{(i ^ 1) == 3 || (i ^ 1) >= 10 ? 0 : (i ^ 1) + 1});
        }
    }
    // Values that are not canonical accounts / integers.
    Trie bad_state;
    bad_state.put(keccak256(address.view()).view(), str("not an account, not at all"));
    EXPECT_EQ(
        verify_account_proof(bad_state.root(), address, bad_state.prove(keccak256(address.view()).view())).error(),
        ProofError::kMalformedAccount);
    Bytes32 slot0;
    for (const Bytes& v :
         {Bytes{0x80}, Bytes{0x00}, Bytes{0x81, 0x05}, Bytes{0x82, 0x00, 0x01}, Bytes{0xc0}, Bytes{0x05, 0x05}}) {
        Trie bad_storage;
        bad_storage.put(keccak256(slot0.view()).view(), v);
        EXPECT_EQ(
            verify_storage_proof(bad_storage.root(), slot0, bad_storage.prove(keccak256(slot0.view()).view())).error(),
            ProofError::kMalformedStorageValue)
            << to_hex(v);
    }
}

std::string slurp(const std::filesystem::path& p) {
    std::ifstream in{p, std::ios::binary};
    return {std::istreambuf_iterator<char>{in}, std::istreambuf_iterator<char>{}};
}

// The state root of the last block of chain.rlp: the "latest" block the eth_getProof vectors were
// recorded against.
Hash32 head_state_root() {
    const std::string text = slurp(kVectors / "execution-apis/tests/chain.rlp");
    ByteView all = to_view(text);
    ByteView last;
    while (!all.empty()) {
        const ByteView start = all;
        auto h = rlp::decode_header(all);
        if (!h || h->payload_length > all.size()) {
            ADD_FAILURE() << "bad chain.rlp";
            return {};
        }
        all.remove_prefix(h->payload_length);
        last = start.substr(0, start.size() - all.size());
    }
    ByteView block = rlp::decode_list(last).value();
    ByteView header = rlp::decode_list(block).value();
    for (int i = 0; i < 3; ++i) (void)rlp::decode_string(header).value();
    return Hash32::from_view_unchecked(rlp::decode_string(header).value());
}

std::vector<Bytes> hex_list(const json& a) {
    std::vector<Bytes> out;
    for (const json& x : a) out.push_back(hex_literal(x.get<std::string>()));
    return out;
}

TEST(EthGetProofVectors, VerifyAgainstTheHeadStateRoot) {
    const Hash32 state_root = head_state_root();
    // The latest block served by the same recording agrees.
    std::size_t files = 0;
    for (const auto& entry : std::filesystem::directory_iterator(kVectors / "execution-apis/tests/eth_getProof")) {
        std::ifstream in{entry.path()};
        for (std::string line; std::getline(in, line);) {
            if (line.rfind("<< ", 0) != 0) continue;
            const json r = json::parse(line.substr(3))["result"];
            const auto address = parse_hex_fixed<20>(r["address"].get<std::string>()).value();
            const auto proof = hex_list(r["accountProof"]);
            EXPECT_EQ(keccak256(proof.at(0)), state_root) << entry.path();
            const auto got = verify_account_proof(state_root, address, proof);
            ASSERT_TRUE(got) << to_string(got.error());
            ASSERT_TRUE(got->has_value());
            const Account& a = **got;
            EXPECT_EQ(a.nonce, Uint256::parse_quantity(r["nonce"].get<std::string>())->low64());
            EXPECT_EQ(a.balance, *Uint256::parse_quantity(r["balance"].get<std::string>()));
            EXPECT_EQ(to_hex(a.storage_root), r["storageHash"].get<std::string>());
            EXPECT_EQ(to_hex(a.code_hash), r["codeHash"].get<std::string>());
            for (const json& sp : r["storageProof"]) {
                const auto slot = Uint256::parse_hex(sp["key"].get<std::string>())->to_be();
                const auto value = verify_storage_proof(a.storage_root, slot, hex_list(sp["proof"]));
                ASSERT_TRUE(value) << to_string(value.error());
                EXPECT_EQ(*value, *Uint256::parse_quantity(sp["value"].get<std::string>()));
                EXPECT_FALSE(value->is_zero());
                // Tampered: every byte of every storage proof node.
                auto nodes = hex_list(sp["proof"]);
                for (std::size_t n = 0; n < nodes.size(); ++n)
                    for (std::size_t i = 0; i < nodes[n].size(); ++i) {
                        auto bad = nodes;
                        bad[n][i] ^= 0x01;
                        EXPECT_FALSE(verify_storage_proof(a.storage_root, slot, bad));
                    }
            }
            // Tampered: every byte of every account proof node, with three different changes.
            for (std::size_t n = 0; n < proof.size(); ++n)
                for (std::size_t i = 0; i < proof[n].size(); ++i)
                    for (std::uint8_t x : {std::uint8_t{0x01}, std::uint8_t{0x80}, std::uint8_t{0xff}}) {
                        auto bad = proof;
                        bad[n][i] ^= x;
                        EXPECT_FALSE(verify_account_proof(state_root, address, bad));
                    }
            // Another address is not proven by this proof (it is proven absent or rejected, never this account).
            Address other = address;
            other.bytes[0] ^= 1;
            const auto o = verify_account_proof(state_root, other, proof);
            if (o) {
                EXPECT_FALSE(o->has_value());
            }
        }
        ++files;
    }
    EXPECT_EQ(files, 2u);
    // And the head's state root is what eth_getBlockByNumber("latest") reported.
    std::ifstream in{kVectors / "execution-apis/tests/eth_getBlockByNumber/get-latest.io"};
    for (std::string line; std::getline(in, line);) {
        if (line.rfind("<< ", 0) == 0) {
            EXPECT_EQ(json::parse(line.substr(3))["result"]["stateRoot"].get<std::string>(), to_hex(state_root));
        }
    }
}

}  // namespace
}  // namespace countersign::chain
