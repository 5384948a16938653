// SPDX-License-Identifier: Apache-2.0
#include "chain/bloom.hpp"

#include <array>

#include "crypto/keccak.hpp"

namespace countersign::chain {
namespace {

struct BloomBit {
    std::size_t byte;
    std::uint8_t mask;
};

std::array<BloomBit, 3> bloom_bits(ByteView element) noexcept {
    const Hash32 h = keccak256(element);
    std::array<BloomBit, 3> bits{};
    for (std::size_t i = 0; i < 3; ++i) {
        const unsigned bit = ((static_cast<unsigned>(h.bytes[2 * i]) << 8) | h.bytes[2 * i + 1]) & 2047u;
        bits[i] = {Bloom::kSize - 1 - bit / 8, static_cast<std::uint8_t>(1u << (bit % 8))};
    }
    return bits;
}

}  // namespace

void bloom_add(Bloom& bloom, ByteView element) noexcept {
    for (const BloomBit& b : bloom_bits(element)) bloom.bytes[b.byte] |= b.mask;
}

bool bloom_may_contain(const Bloom& bloom, ByteView element) noexcept {
    for (const BloomBit& b : bloom_bits(element))
        if ((bloom.bytes[b.byte] & b.mask) == 0) return false;
    return true;
}

void bloom_add(Bloom& bloom, const Log& log) noexcept {
    bloom_add(bloom, log.address.view());
    for (const auto& topic : log.topics) bloom_add(bloom, topic.view());
}

Bloom logs_bloom(std::span<const Log> logs) noexcept {
    Bloom bloom;
    for (const auto& log : logs) bloom_add(bloom, log);
    return bloom;
}

void bloom_merge(Bloom& into, const Bloom& other) noexcept {
    for (std::size_t i = 0; i < Bloom::kSize; ++i) into.bytes[i] |= other.bytes[i];
}

}  // namespace countersign::chain
