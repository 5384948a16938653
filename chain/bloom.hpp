// SPDX-License-Identifier: Apache-2.0
#pragma once
// The 2048-bit logs bloom (yellow paper M3:2048): for keccak256(x), each of the first three byte pairs
// selects one bit (its low 11 bits), numbered from the least significant end of the big-endian filter.
// A block's or receipt's bloom is the OR over the address and every topic of every log. Membership can
// give false positives, never false negatives: a bloom only ever rules a log out.

#include <span>

#include "chain/log.hpp"
#include "crypto/bytes.hpp"

namespace countersign::chain {

void bloom_add(Bloom& bloom, ByteView element) noexcept;
bool bloom_may_contain(const Bloom& bloom, ByteView element) noexcept;
inline bool bloom_may_contain(const Bloom& bloom, const Address& address) noexcept {
    return bloom_may_contain(bloom, address.view());
}
inline bool bloom_may_contain(const Bloom& bloom, const Hash32& topic) noexcept {
    return bloom_may_contain(bloom, topic.view());
}

void bloom_add(Bloom& bloom, const Log& log) noexcept;
Bloom logs_bloom(std::span<const Log> logs) noexcept;
// Bitwise OR: a block's bloom is the OR of its receipts' blooms.
void bloom_merge(Bloom& into, const Bloom& other) noexcept;

}  // namespace countersign::chain
