// SPDX-License-Identifier: Apache-2.0
#pragma once
// Merkle-Patricia trie roots computed from a whole key/value set at once: transactions, receipts and
// withdrawals roots (ordered_trie_root), and arbitrary or key-hashed ("secure") tries for state, storage
// and the ethereum/tests TrieTests.

#include <span>
#include <utility>
#include <vector>

#include "crypto/bytes.hpp"

namespace countersign::chain {

// keccak256(rlp("")): the root of a trie with no entries.
inline constexpr Hash32 kEmptyTrieRoot{{0x56, 0xe8, 0x1f, 0x17, 0x1b, 0xcc, 0x55, 0xa6, 0xff, 0x83, 0x45,
                                        0xe6, 0x92, 0xc0, 0xf8, 0x6e, 0x5b, 0x48, 0xe0, 0x1b, 0x99, 0x6c,
                                        0xad, 0xc0, 0x01, 0x62, 0x2f, 0xb5, 0xe3, 0x63, 0xb4, 0x21}};

// The root of the trie mapping rlp(i) to values[i]: the transactions, receipts and withdrawals roots of a
// block. Values are stored as given (already-encoded transactions, receipts, withdrawals); none may be
// empty (an empty value would mean "no entry").
Hash32 ordered_trie_root(std::span<const Bytes> values);
Hash32 ordered_trie_root(std::span<const ByteView> values);

// The root of a trie over plain keys. Pairs are applied in order, as the TrieTests insert them: a later
// pair with the same key replaces an earlier one, and an empty value deletes the key.
using KeyValue = std::pair<Bytes, Bytes>;
Hash32 trie_root(std::span<const KeyValue> pairs);

// As trie_root, with every key replaced by keccak256(key) (the state and storage tries).
Hash32 secure_trie_root(std::span<const KeyValue> pairs);

// The encoding of every node that ordered_trie_root(values) hashes, in hashing order: the benchmark's
// baseline (Keccak over exactly these bytes) and a debugging aid.
std::vector<Bytes> ordered_trie_hashed_nodes(std::span<const Bytes> values);

}  // namespace countersign::chain
