// SPDX-License-Identifier: Apache-2.0
#include "crypto/keccak.hpp"

#include <cstring>

namespace countersign {
namespace {

constexpr std::uint64_t kRoundConstants[24] = {
    0x0000000000000001ULL, 0x0000000000008082ULL, 0x800000000000808aULL, 0x8000000080008000ULL,
    0x000000000000808bULL, 0x0000000080000001ULL, 0x8000000080008081ULL, 0x8000000000008009ULL,
    0x000000000000008aULL, 0x0000000000000088ULL, 0x0000000080008009ULL, 0x000000008000000aULL,
    0x000000008000808bULL, 0x800000000000008bULL, 0x8000000000008089ULL, 0x8000000000008003ULL,
    0x8000000000008002ULL, 0x8000000000000080ULL, 0x000000000000800aULL, 0x800000008000000aULL,
    0x8000000080008081ULL, 0x8000000000008080ULL, 0x0000000080000001ULL, 0x8000000080008008ULL,
};
constexpr unsigned kRotations[25] = {0, 1, 62, 28, 27, 36, 44, 6, 55, 20, 3, 10, 43,
                                     25, 39, 41, 45, 15, 21, 8, 18, 2, 61, 56, 14};

constexpr std::uint64_t rotl(std::uint64_t x, unsigned n) noexcept { return n == 0 ? x : (x << n) | (x >> (64 - n)); }

std::uint64_t load_le64(const std::uint8_t* p) noexcept {
    std::uint64_t v;
    std::memcpy(&v, p, 8);
    return v;  // little-endian host (x86_64, aarch64)
}

void absorb_block(std::uint64_t state[25], const std::uint8_t* block) noexcept {
    for (unsigned i = 0; i < Keccak256::kRate / 8; ++i) state[i] ^= load_le64(block + 8 * i);
    detail::keccakf1600(state);
}

Hash32 squeeze(const std::uint64_t state[25]) noexcept {
    Hash32 out;
    std::memcpy(out.bytes.data(), state, 32);
    return out;
}

}  // namespace

namespace detail {
void keccakf1600(std::uint64_t a[25]) noexcept {
    for (unsigned round = 0; round < 24; ++round) {
        std::uint64_t c[5], b[25];
        for (unsigned x = 0; x < 5; ++x) c[x] = a[x] ^ a[x + 5] ^ a[x + 10] ^ a[x + 15] ^ a[x + 20];
        for (unsigned x = 0; x < 5; ++x) {
            const std::uint64_t d = c[(x + 4) % 5] ^ rotl(c[(x + 1) % 5], 1);
            for (unsigned y = 0; y < 25; y += 5) a[y + x] ^= d;
        }
        for (unsigned x = 0; x < 5; ++x)
            for (unsigned y = 0; y < 5; ++y) b[y + 5 * ((2 * x + 3 * y) % 5)] = rotl(a[x + 5 * y], kRotations[x + 5 * y]);
        for (unsigned y = 0; y < 25; y += 5)
            for (unsigned x = 0; x < 5; ++x) a[y + x] = b[y + x] ^ (~b[y + (x + 1) % 5] & b[y + (x + 2) % 5]);
        a[0] ^= kRoundConstants[round];
    }
}
}  // namespace detail

Hash32 keccak256(ByteView data) noexcept {
    Keccak256 h;
    h.update(data);
    return h.finalize();
}

void Keccak256::update(ByteView data) noexcept {
    const std::uint8_t* p = data.data();
    std::size_t n = data.size();
    if (buffered_ > 0) {
        const std::size_t take = std::min(n, kRate - buffered_);
        std::memcpy(buffer_ + buffered_, p, take);
        buffered_ += take;
        p += take;
        n -= take;
        if (buffered_ < kRate) return;
        absorb_block(state_, buffer_);
        buffered_ = 0;
    }
    for (; n >= kRate; p += kRate, n -= kRate) absorb_block(state_, p);
    if (n > 0) std::memcpy(buffer_, p, n);
    buffered_ = n;
}

Hash32 Keccak256::finalize() noexcept {
    std::memset(buffer_ + buffered_, 0, kRate - buffered_);
    buffer_[buffered_] ^= 0x01;  // Keccak padding, not SHA3's 0x06
    buffer_[kRate - 1] ^= 0x80;
    absorb_block(state_, buffer_);
    const Hash32 out = squeeze(state_);
    *this = Keccak256{};
    return out;
}

}  // namespace countersign
