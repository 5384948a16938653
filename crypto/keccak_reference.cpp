// SPDX-License-Identifier: Apache-2.0
// The slow, obviously-correct Keccak: a direct transcription of the specification's step mappings. It is the
// oracle for the unrolled code in keccak_f1600.cpp, so keep it free of any cleverness.
#include <cstring>

#include "crypto/keccak.hpp"

namespace countersign::detail {
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

// Byte i of the sponge state is byte i%8 of lane i/8, little-endian, whatever the host's byte order.
std::uint8_t state_byte(const std::uint64_t state[25], std::size_t i) noexcept {
    return static_cast<std::uint8_t>(state[i / 8] >> (8 * (i % 8)));
}
void xor_state_byte(std::uint64_t state[25], std::size_t i, std::uint8_t b) noexcept {
    state[i / 8] ^= std::uint64_t{b} << (8 * (i % 8));
}

}  // namespace

void keccakf1600_reference(std::uint64_t a[25]) noexcept {
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

Hash32 keccak256_reference(ByteView data) noexcept {
    constexpr std::size_t kRate = Keccak256::kRate;
    std::uint64_t state[25] = {};
    std::size_t pos = 0;  // byte position within the current block
    for (const std::uint8_t byte : data) {
        xor_state_byte(state, pos, byte);
        if (++pos == kRate) {
            keccakf1600_reference(state);
            pos = 0;
        }
    }
    xor_state_byte(state, pos, 0x01);
    xor_state_byte(state, kRate - 1, 0x80);
    keccakf1600_reference(state);
    Hash32 out;
    for (std::size_t i = 0; i < out.size(); ++i) out.bytes[i] = state_byte(state, i);
    return out;
}

}  // namespace countersign::detail
