// SPDX-License-Identifier: Apache-2.0
// The fast Keccak-f[1600]: rounds fully written out over 25 local lanes, so the compiler keeps the state in
// registers (or its own spill slots) instead of walking an array, and whole input blocks are XORed straight
// from the caller's buffer. Two builds of the same code are chosen at run time:
//  - generic (x86-64 baseline): "lane complementing". chi computes a ^ (~b & c) for every lane, which costs a
//    NOT plus a register copy per lane on x86-64 without BMI1. Keeping six lanes stored complemented lets
//    chi use AND/OR of the stored values with only one NOT per row (five per round instead of twenty-five).
//  - bmi2: ANDN does ~b & c in one instruction and RORX rotates without overwriting its source, so the plain
//    chi is shorter than the complemented one.
// Everything is checked against keccakf1600_reference (keccak_reference.cpp) by crypto/keccak_test.cpp.
#include <bit>
#include <cstring>

#include "crypto/keccak.hpp"

#if defined(__x86_64__) || defined(__i386__)
#define COUNTERSIGN_KECCAK_X86 1
#else
#define COUNTERSIGN_KECCAK_X86 0
#endif

namespace countersign::detail {
namespace {

using std::uint64_t;
using std::uint8_t;

constexpr uint64_t kRoundConstants[24] = {
    0x0000000000000001ULL, 0x0000000000008082ULL, 0x800000000000808aULL, 0x8000000080008000ULL,
    0x000000000000808bULL, 0x0000000080000001ULL, 0x8000000080008081ULL, 0x8000000000008009ULL,
    0x000000000000008aULL, 0x0000000000000088ULL, 0x0000000080008009ULL, 0x000000008000000aULL,
    0x000000008000808bULL, 0x800000000000008bULL, 0x8000000000008089ULL, 0x8000000000008003ULL,
    0x8000000000008002ULL, 0x8000000000000080ULL, 0x000000000000800aULL, 0x800000008000000aULL,
    0x8000000080008081ULL, 0x8000000000008080ULL, 0x0000000080000001ULL, 0x8000000080008008ULL,
};

// Without BMI1 x86-64 has no and-not; AArch64 has BIC, so the plain chi is already as short there.
constexpr bool kGenericLaneComplement = COUNTERSIGN_KECCAK_X86 != 0;

[[gnu::always_inline]] inline uint64_t load_le64(const uint8_t* p) noexcept {
    uint64_t v;
    std::memcpy(&v, p, 8);
    if constexpr (std::endian::native == std::endian::big) v = __builtin_bswap64(v);
    return v;
}

// Lane (x, y) of the state is variable <prefix><x + 5y, two digits>. One round reads lanes A.. and writes
// lanes E..: theta's mix d comes from the column parities c0..c4, then each output row y takes five lanes
// through rho and pi into b0..b4 and chi (the CHI rows) writes them out. The rho offsets and pi's lane
// sources per row are the specification's tables, regrouped by destination row. The parities for the next
// round are accumulated while the output lanes are still in registers, instead of re-reading all 25 lanes
// (most of which live in spill slots) at the start of the next round.
#define CS_KECCAK_ROUND(A, E, rc, CHI)                                                                        \
    do {                                                                                                      \
        const uint64_t d0 = c4 ^ std::rotl(c1, 1);                                                            \
        const uint64_t d1 = c0 ^ std::rotl(c2, 1);                                                            \
        const uint64_t d2 = c1 ^ std::rotl(c3, 1);                                                            \
        const uint64_t d3 = c2 ^ std::rotl(c4, 1);                                                            \
        const uint64_t d4 = c3 ^ std::rotl(c0, 1);                                                            \
        uint64_t b0 = A##00 ^ d0;                                                                             \
        uint64_t b1 = std::rotl(A##06 ^ d1, 44);                                                              \
        uint64_t b2 = std::rotl(A##12 ^ d2, 43);                                                              \
        uint64_t b3 = std::rotl(A##18 ^ d3, 21);                                                              \
        uint64_t b4 = std::rotl(A##24 ^ d4, 14);                                                              \
        CHI##_ROW0(E);                                                                                        \
        E##00 ^= (rc);                                                                                        \
        c0 = E##00, c1 = E##01, c2 = E##02, c3 = E##03, c4 = E##04;                                           \
        b0 = std::rotl(A##03 ^ d3, 28);                                                                       \
        b1 = std::rotl(A##09 ^ d4, 20);                                                                       \
        b2 = std::rotl(A##10 ^ d0, 3);                                                                        \
        b3 = std::rotl(A##16 ^ d1, 45);                                                                       \
        b4 = std::rotl(A##22 ^ d2, 61);                                                                       \
        CHI##_ROW1(E);                                                                                        \
        c0 ^= E##05, c1 ^= E##06, c2 ^= E##07, c3 ^= E##08, c4 ^= E##09;                                      \
        b0 = std::rotl(A##01 ^ d1, 1);                                                                        \
        b1 = std::rotl(A##07 ^ d2, 6);                                                                        \
        b2 = std::rotl(A##13 ^ d3, 25);                                                                       \
        b3 = std::rotl(A##19 ^ d4, 8);                                                                        \
        b4 = std::rotl(A##20 ^ d0, 18);                                                                       \
        CHI##_ROW2(E);                                                                                        \
        c0 ^= E##10, c1 ^= E##11, c2 ^= E##12, c3 ^= E##13, c4 ^= E##14;                                      \
        b0 = std::rotl(A##04 ^ d4, 27);                                                                       \
        b1 = std::rotl(A##05 ^ d0, 36);                                                                       \
        b2 = std::rotl(A##11 ^ d1, 10);                                                                       \
        b3 = std::rotl(A##17 ^ d2, 15);                                                                       \
        b4 = std::rotl(A##23 ^ d3, 56);                                                                       \
        CHI##_ROW3(E);                                                                                        \
        c0 ^= E##15, c1 ^= E##16, c2 ^= E##17, c3 ^= E##18, c4 ^= E##19;                                      \
        b0 = std::rotl(A##02 ^ d2, 62);                                                                       \
        b1 = std::rotl(A##08 ^ d3, 55);                                                                       \
        b2 = std::rotl(A##14 ^ d4, 39);                                                                       \
        b3 = std::rotl(A##15 ^ d0, 41);                                                                       \
        b4 = std::rotl(A##21 ^ d1, 2);                                                                        \
        CHI##_ROW4(E);                                                                                        \
        c0 ^= E##20, c1 ^= E##21, c2 ^= E##22, c3 ^= E##23, c4 ^= E##24;                                      \
    } while (0)

// chi as specified: out[x] = b[x] ^ (~b[x+1] & b[x+2]).
#define CS_CHI_PLAIN_ROW(E, i0, i1, i2, i3, i4) \
    E##i0 = b0 ^ (~b1 & b2);                    \
    E##i1 = b1 ^ (~b2 & b3);                    \
    E##i2 = b2 ^ (~b3 & b4);                    \
    E##i3 = b3 ^ (~b4 & b0);                    \
    E##i4 = b4 ^ (~b0 & b1)
#define CS_CHI_PLAIN_ROW0(E) CS_CHI_PLAIN_ROW(E, 00, 01, 02, 03, 04)
#define CS_CHI_PLAIN_ROW1(E) CS_CHI_PLAIN_ROW(E, 05, 06, 07, 08, 09)
#define CS_CHI_PLAIN_ROW2(E) CS_CHI_PLAIN_ROW(E, 10, 11, 12, 13, 14)
#define CS_CHI_PLAIN_ROW3(E) CS_CHI_PLAIN_ROW(E, 15, 16, 17, 18, 19)
#define CS_CHI_PLAIN_ROW4(E) CS_CHI_PLAIN_ROW(E, 20, 21, 22, 23, 24)

// chi on a lane-complemented state. Lanes 1, 2, 8, 12, 17 and 20 are held complemented (the set from the
// Keccak team's implementation overview). Theta then flips the mixes d0 and d3, so which chi inputs b0..b4
// arrive complemented differs per row; each row below was derived (and exhaustively checked over all input
// bits) so that it yields the true chi output, complemented exactly on the lanes of the set. The two uses of a
// negated b in rows 2-4 are one NOT after common-subexpression elimination.
// Row 0: inputs b0 b2 b3 complemented; outputs 01 02 complemented.
#define CS_CHI_LC_ROW0(E)   \
    E##00 = b0 ^ (b1 | b2);  \
    E##01 = b1 ^ (~b2 | b3); \
    E##02 = b2 ^ (b3 & b4);  \
    E##03 = b3 ^ (b4 | b0);  \
    E##04 = b4 ^ (b0 & b1)
// Row 1: inputs b0 b2 complemented; output 08 complemented.
#define CS_CHI_LC_ROW1(E)   \
    E##05 = b0 ^ (b1 | b2);  \
    E##06 = b1 ^ (b2 & b3);  \
    E##07 = b2 ^ (b3 | ~b4); \
    E##08 = b3 ^ (b4 | b0);  \
    E##09 = b4 ^ (b0 & b1)
// Row 2: inputs b0 b2 complemented; output 12 complemented.
#define CS_CHI_LC_ROW2(E)   \
    E##10 = b0 ^ (b1 | b2);  \
    E##11 = b1 ^ (b2 & b3);  \
    E##12 = b2 ^ (~b3 & b4); \
    E##13 = ~b3 ^ (b4 | b0); \
    E##14 = b4 ^ (b0 & b1)
// Row 3: inputs b1 b3 b4 complemented; output 17 complemented.
#define CS_CHI_LC_ROW3(E)   \
    E##15 = b0 ^ (b1 & b2);  \
    E##16 = b1 ^ (b2 | b3);  \
    E##17 = b2 ^ (~b3 | b4); \
    E##18 = ~b3 ^ (b4 & b0); \
    E##19 = b4 ^ (b0 | b1)
// Row 4: inputs b0 b3 complemented; output 20 complemented.
#define CS_CHI_LC_ROW4(E)   \
    E##20 = b0 ^ (~b1 & b2); \
    E##21 = ~b1 ^ (b2 | b3); \
    E##22 = b2 ^ (b3 & b4);  \
    E##23 = b3 ^ (b4 | b0);  \
    E##24 = b4 ^ (b0 & b1)

// Absorbs `blocks` (>= 1) input blocks, or with kAbsorb false runs the bare permutation once. The state is
// loaded into locals once and stored once, so a long message never round-trips it through memory.
template <bool kLaneComplement, bool kAbsorb>
[[gnu::always_inline]] inline void permute_blocks(uint64_t st[25], const uint8_t* in, std::size_t blocks) noexcept {
    constexpr uint64_t kFlip = kLaneComplement ? ~uint64_t{0} : 0;
    uint64_t a00 = st[0], a01 = st[1] ^ kFlip, a02 = st[2] ^ kFlip, a03 = st[3], a04 = st[4];
    uint64_t a05 = st[5], a06 = st[6], a07 = st[7], a08 = st[8] ^ kFlip, a09 = st[9];
    uint64_t a10 = st[10], a11 = st[11], a12 = st[12] ^ kFlip, a13 = st[13], a14 = st[14];
    uint64_t a15 = st[15], a16 = st[16], a17 = st[17] ^ kFlip, a18 = st[18], a19 = st[19];
    uint64_t a20 = st[20] ^ kFlip, a21 = st[21], a22 = st[22], a23 = st[23], a24 = st[24];
    uint64_t e00, e01, e02, e03, e04, e05, e06, e07, e08, e09, e10, e11, e12;
    uint64_t e13, e14, e15, e16, e17, e18, e19, e20, e21, e22, e23, e24;
    do {
        if constexpr (kAbsorb) {
            a00 ^= load_le64(in + 0), a01 ^= load_le64(in + 8), a02 ^= load_le64(in + 16);
            a03 ^= load_le64(in + 24), a04 ^= load_le64(in + 32), a05 ^= load_le64(in + 40);
            a06 ^= load_le64(in + 48), a07 ^= load_le64(in + 56), a08 ^= load_le64(in + 64);
            a09 ^= load_le64(in + 72), a10 ^= load_le64(in + 80), a11 ^= load_le64(in + 88);
            a12 ^= load_le64(in + 96), a13 ^= load_le64(in + 104), a14 ^= load_le64(in + 112);
            a15 ^= load_le64(in + 120), a16 ^= load_le64(in + 128);
            in += Keccak256::kRate;
        }
        uint64_t c0 = a00 ^ a05 ^ a10 ^ a15 ^ a20, c1 = a01 ^ a06 ^ a11 ^ a16 ^ a21;
        uint64_t c2 = a02 ^ a07 ^ a12 ^ a17 ^ a22, c3 = a03 ^ a08 ^ a13 ^ a18 ^ a23;
        uint64_t c4 = a04 ^ a09 ^ a14 ^ a19 ^ a24;
        for (unsigned round = 0; round < 24; round += 2) {
            if constexpr (kLaneComplement) {
                CS_KECCAK_ROUND(a, e, kRoundConstants[round], CS_CHI_LC);
                CS_KECCAK_ROUND(e, a, kRoundConstants[round + 1], CS_CHI_LC);
            } else {
                CS_KECCAK_ROUND(a, e, kRoundConstants[round], CS_CHI_PLAIN);
                CS_KECCAK_ROUND(e, a, kRoundConstants[round + 1], CS_CHI_PLAIN);
            }
        }
    } while (--blocks != 0);
    st[0] = a00, st[1] = a01 ^ kFlip, st[2] = a02 ^ kFlip, st[3] = a03, st[4] = a04;
    st[5] = a05, st[6] = a06, st[7] = a07, st[8] = a08 ^ kFlip, st[9] = a09;
    st[10] = a10, st[11] = a11, st[12] = a12 ^ kFlip, st[13] = a13, st[14] = a14;
    st[15] = a15, st[16] = a16, st[17] = a17 ^ kFlip, st[18] = a18, st[19] = a19;
    st[20] = a20 ^ kFlip, st[21] = a21, st[22] = a22, st[23] = a23, st[24] = a24;
}

#undef CS_KECCAK_ROUND
#undef CS_CHI_PLAIN_ROW
#undef CS_CHI_PLAIN_ROW0
#undef CS_CHI_PLAIN_ROW1
#undef CS_CHI_PLAIN_ROW2
#undef CS_CHI_PLAIN_ROW3
#undef CS_CHI_PLAIN_ROW4
#undef CS_CHI_LC_ROW0
#undef CS_CHI_LC_ROW1
#undef CS_CHI_LC_ROW2
#undef CS_CHI_LC_ROW3
#undef CS_CHI_LC_ROW4

void absorb_generic(uint64_t st[25], const uint8_t* in, std::size_t blocks) noexcept {
    permute_blocks<kGenericLaneComplement, true>(st, in, blocks);
}
void permute_generic(uint64_t st[25]) noexcept { permute_blocks<kGenericLaneComplement, false>(st, nullptr, 1); }

#if COUNTERSIGN_KECCAK_X86
[[gnu::target("bmi,bmi2")]] void absorb_bmi2(uint64_t st[25], const uint8_t* in, std::size_t blocks) noexcept {
    permute_blocks<false, true>(st, in, blocks);
}
[[gnu::target("bmi,bmi2")]] void permute_bmi2(uint64_t st[25]) noexcept {
    permute_blocks<false, false>(st, nullptr, 1);
}
bool cpu_has_bmi2() noexcept {
    __builtin_cpu_init();  // needed if this runs during static initialisation
    return __builtin_cpu_supports("bmi") && __builtin_cpu_supports("bmi2");
}
#endif

struct Implementation {
    KeccakImpl id;
    void (*absorb)(uint64_t*, const uint8_t*, std::size_t) noexcept;
    void (*permute)(uint64_t*) noexcept;
};

constexpr Implementation kGeneric{KeccakImpl::kGeneric, absorb_generic, permute_generic};

const Implementation* find(KeccakImpl id) noexcept {
    switch (id) {
        case KeccakImpl::kGeneric:
            return &kGeneric;
        case KeccakImpl::kBmi2: {
#if COUNTERSIGN_KECCAK_X86
            static constexpr Implementation kBmi2{KeccakImpl::kBmi2, absorb_bmi2, permute_bmi2};
            if (cpu_has_bmi2()) return &kBmi2;
#endif
            return nullptr;
        }
    }
    return nullptr;
}

const Implementation& selected() noexcept {
    static const Implementation* const impl = [] {
        const Implementation* best = find(KeccakImpl::kBmi2);
        return best != nullptr ? best : &kGeneric;
    }();
    return *impl;
}

}  // namespace

void keccakf1600(std::uint64_t state[25]) noexcept { selected().permute(state); }

void keccak_absorb_blocks(std::uint64_t state[25], const std::uint8_t* data, std::size_t blocks) noexcept {
    if (blocks != 0) selected().absorb(state, data, blocks);
}

KeccakImpl keccak_impl() noexcept { return selected().id; }

bool keccak_absorb_blocks_with(KeccakImpl impl, std::uint64_t state[25], const std::uint8_t* data,
                               std::size_t blocks) noexcept {
    const Implementation* chosen = find(impl);
    if (chosen == nullptr) return false;
    if (blocks != 0) chosen->absorb(state, data, blocks);
    return true;
}

}  // namespace countersign::detail
