// SPDX-License-Identifier: Apache-2.0
// The Keccak-256 sponge over the permutation in keccak_f1600.cpp. Whole 136-byte blocks are absorbed straight
// from the caller's buffer; only the final partial block (and, incrementally, a block split across update
// calls) is copied.
#include <bit>
#include <cstring>

#include "crypto/keccak.hpp"

namespace countersign {
namespace {

constexpr std::size_t kRate = Keccak256::kRate;

Hash32 squeeze(const std::uint64_t state[25]) noexcept {
    Hash32 out;
    for (std::size_t i = 0; i < 4; ++i) {
        std::uint64_t lane = state[i];
        if constexpr (std::endian::native == std::endian::big) lane = __builtin_bswap64(lane);
        std::memcpy(out.bytes.data() + 8 * i, &lane, 8);
    }
    return out;
}

// Pads the last `n` (< kRate) bytes with Keccak's 0x01 … 0x80 (SHA3 would use 0x06) and absorbs them.
void absorb_final(std::uint64_t state[25], const std::uint8_t* tail, std::size_t n) noexcept {
    std::uint8_t block[kRate] = {};
    if (n > 0) std::memcpy(block, tail, n);
    block[n] ^= 0x01;
    block[kRate - 1] ^= 0x80;
    detail::keccak_absorb_blocks(state, block, 1);
}

}  // namespace

Hash32 keccak256(ByteView data) noexcept {
    std::uint64_t state[25] = {};
    const std::size_t blocks = data.size() / kRate;
    detail::keccak_absorb_blocks(state, data.data(), blocks);
    absorb_final(state, data.data() + blocks * kRate, data.size() - blocks * kRate);
    return squeeze(state);
}

void Keccak256::update(ByteView data) noexcept {
    // An empty view may carry a null pointer, and memcpy from null is undefined even for zero bytes.
    if (data.empty()) return;
    const std::uint8_t* p = data.data();
    std::size_t n = data.size();
    if (buffered_ > 0) {
        const std::size_t take = std::min(n, kRate - buffered_);
        std::memcpy(buffer_ + buffered_, p, take);
        buffered_ += take;
        p += take;
        n -= take;
        if (buffered_ < kRate) return;
        detail::keccak_absorb_blocks(state_, buffer_, 1);
        buffered_ = 0;
    }
    const std::size_t blocks = n / kRate;
    detail::keccak_absorb_blocks(state_, p, blocks);
    p += blocks * kRate;
    n -= blocks * kRate;
    if (n > 0) std::memcpy(buffer_, p, n);
    buffered_ = n;
}

Hash32 Keccak256::finalize() noexcept {
    absorb_final(state_, buffer_, buffered_);
    const Hash32 out = squeeze(state_);
    *this = Keccak256{};
    return out;
}

}  // namespace countersign
