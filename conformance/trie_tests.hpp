// SPDX-License-Identifier: Apache-2.0
#pragma once
// ethereum/tests TrieTests: trietest.json and trieanyorder.json (plain keys), their _secureTrie variants and
// hex_encoded_securetrie_test.json (keys hashed with keccak256). Each case inserts its `in` pairs (a list,
// applied in order, where a null value deletes; or an object, in any order) and must reach `root`. Each
// case also proves every remaining key from the same trie and checks the proof verifies to its value, and
// that deleted keys are proven absent. trietestnextprev.json (iteration order) is not claimed.

#include "conformance/format.hpp"

namespace countersign::conformance {

extern const Format kTrieTests;

}  // namespace countersign::conformance
