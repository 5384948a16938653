// SPDX-License-Identifier: Apache-2.0
// Merkle-Patricia proof verification on hostile input, two ways (the first input byte picks one):
//
//   even: [0 or 2][root 32][key length][key][node length u16 BE][node]...  — a root, a key and proof nodes
//         straight from the fuzzer (the seeds are real eth_getProof proofs); with bit 1 set the root is
//         replaced by the first node's hash, so the walk gets past it. verify_proof must return;
//         whatever it accepts must start with a node hashing to the root, and an acceptance in a
//         prefix-free trie must be the same acceptance when any keys are allowed.
//   odd:  [1][entries...][mutations...] — builds a trie from the data, proves one of its keys and checks
//         the proof gives the true answer; then applies byte mutations to the proof and checks the verifier
//         either rejects it or still gives the true answer, never something else. It also cross-checks
//         the three root builders against each other.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <vector>

#include "chain/account.hpp"
#include "chain/mpt_proof.hpp"
#include "chain/rlp.hpp"
#include "chain/trie.hpp"
#include "chain/trie_root.hpp"
#include "crypto/keccak.hpp"

namespace {

using namespace countersign;
using namespace countersign::chain;

[[noreturn]] void fail() { std::abort(); }

class Reader {
public:
    explicit Reader(ByteView data) : data_{data} {}
    bool empty() const { return data_.empty(); }
    std::uint8_t byte() {
        if (data_.empty()) return 0;
        const std::uint8_t b = data_[0];
        data_.remove_prefix(1);
        return b;
    }
    ByteView take(std::size_t n) {
        n = std::min(n, data_.size());
        const ByteView out = data_.substr(0, n);
        data_.remove_prefix(n);
        return out;
    }

private:
    ByteView data_;
};

void raw_proof(Reader in, bool self_rooted) {
    const ByteView root_bytes = in.take(32);
    Hash32 root;
    std::copy(root_bytes.begin(), root_bytes.end(), root.bytes.begin());
    const Bytes key{in.take(in.byte() % 34)};
    std::vector<Bytes> nodes;
    while (!in.empty() && nodes.size() < 80) {
        const std::size_t n = std::size_t{in.byte()} << 8 | in.byte();
        nodes.emplace_back(in.take(n));
    }
    // The fuzzer cannot find preimages, so half the inputs take the first node's own hash as the root:
    // that lets it reach the node parser and the walk through embedded nodes.
    if (self_rooted && !nodes.empty()) root = keccak256(nodes[0]);
    const auto strict = verify_proof(root, key, nodes, TrieKeys::kPrefixFree);
    const auto lenient = verify_proof(root, key, nodes, TrieKeys::kAny);
    for (const auto* r : {&strict, &lenient}) {
        if (!*r) continue;
        if (nodes.empty() ? root != kEmptyTrieRoot : keccak256(nodes[0]) != root) fail();
        if ((*r)->is_absent() && !(*r)->value().empty()) fail();
        if ((*r)->is_found() && (*r)->value().empty()) fail();
        if (key.size() > 32) fail();
    }
    if (strict && (!lenient || !(*strict == *lenient))) fail();
    // The eth_getProof helpers hash the key themselves; they must agree with verify_proof on the hash.
    if (key.size() == 20) {
        const auto account = verify_account_proof(root, Address::from_view_unchecked(key), nodes);
        const auto direct = verify_proof(root, keccak256(key).view(), nodes);
        if (account.has_value() && !direct.has_value()) fail();
    }
    if (key.size() == 32) {
        const auto value = verify_storage_proof(root, Bytes32::from_view_unchecked(key), nodes);
        const auto direct = verify_proof(root, keccak256(key).view(), nodes);
        if (value.has_value() && !direct.has_value()) fail();
        if (value.has_value() && direct->is_absent() && !value->is_zero()) fail();
    }
}

void built_trie(Reader in) {
    // Entries: short keys over the whole byte range, values of 1..64 bytes (both embedded and hashed nodes).
    std::map<Bytes, Bytes> entries;
    std::vector<KeyValue> pairs;
    const std::size_t count = in.byte() % 24;
    for (std::size_t i = 0; i < count && !in.empty(); ++i) {
        const Bytes key{in.take(in.byte() % 6)};
        Bytes value{in.take(1 + in.byte() % 64)};
        if (value.empty()) value.push_back(0);
        entries[key] = value;
        pairs.emplace_back(key, value);
    }
    Trie trie;
    for (const auto& [k, v] : entries) trie.put(k, v);
    const Hash32 root = trie.root();
    if (trie_root(pairs) != root) fail();

    // The ordered builder against the general one on the same values.
    std::vector<Bytes> values;
    std::vector<KeyValue> indexed;
    for (const auto& [k, v] : entries) {
        indexed.emplace_back(Bytes{}, v);
        rlp::encode(indexed.back().first, static_cast<std::uint64_t>(values.size()));
        values.push_back(v);
    }
    if (ordered_trie_root(values) != trie_root(indexed)) fail();

    // Prove a present key (or an absent one) and check the answer is the truth.
    Bytes key;
    if (!entries.empty() && in.byte() % 4 != 0) {
        auto it = entries.begin();
        std::advance(it, in.byte() % entries.size());
        key = it->first;
    } else {
        key = Bytes{in.take(in.byte() % 6)};
    }
    const auto want = trie.get(key);
    const ProofResult truth = want ? ProofResult::found(*want) : ProofResult::absent();
    const auto proof = trie.prove(key);
    const auto got = verify_proof(root, key, proof, TrieKeys::kAny);
    if (!got || !(*got == truth)) fail();

    // Mutations: [node][offset u16][delta] each. Against the real root the proof must be rejected or still
    // tell the truth; no mutation of the nodes can make it tell something else.
    while (!in.empty() && !proof.empty()) {
        auto bad = proof;
        const std::size_t node = in.byte() % bad.size();
        const std::size_t at = (std::size_t{in.byte()} << 8 | in.byte()) % bad[node].size();
        const std::uint8_t delta = static_cast<std::uint8_t>(in.byte() | 1);
        bad[node][at] = static_cast<std::uint8_t>(bad[node][at] + delta);
        const auto r = verify_proof(root, key, bad, TrieKeys::kAny);
        if (r && !(*r == truth)) fail();
        // Against the mutated root node's own hash anything may come out, but it must not crash.
        (void)verify_proof(keccak256(bad[0]), key, bad, TrieKeys::kAny);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    Reader in{ByteView{data + 1, size - 1}};
    if ((data[0] & 1) == 0) {
        raw_proof(in, (data[0] & 2) != 0);
    } else {
        built_trie(in);
    }
    return 0;
}
