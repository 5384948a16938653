// SPDX-License-Identifier: Apache-2.0
#pragma once
// Keccak-256 as Ethereum uses it: the original Keccak padding (0x01 … 0x80), NOT SHA3-256 (0x06 … 0x80).
// OpenSSL 3.0 has no Keccak-256, so this is our own.

#include <cstddef>
#include <cstdint>

#include "crypto/bytes.hpp"

namespace countersign {

Hash32 keccak256(ByteView data) noexcept;

// Incremental hasher: update() any number of times, then finalize() once. Equal to the one-shot for any split.
class Keccak256 {
public:
    static constexpr std::size_t kRate = 136;  // bytes absorbed per permutation (1088 bits)

    Keccak256() noexcept = default;
    void update(ByteView data) noexcept;
    // Pads, permutes and returns the digest; the hasher is reset afterwards.
    Hash32 finalize() noexcept;

private:
    std::uint64_t state_[25]{};
    std::uint8_t buffer_[kRate]{};
    std::size_t buffered_{0};
};

namespace detail {
// The Keccak-f[1600] permutation (24 rounds) as used by keccak256: the fastest variant this CPU supports.
void keccakf1600(std::uint64_t state[25]) noexcept;

// Absorbs `blocks` whole 136-byte blocks (no padding) into the state, permuting after each one.
void keccak_absorb_blocks(std::uint64_t state[25], const std::uint8_t* data, std::size_t blocks) noexcept;

// The textbook permutation (loops over x and y, no unrolling, no lane complementing), kept for differential
// tests of the fast code and for the Keccak-f[1600] intermediate-value vectors.
void keccakf1600_reference(std::uint64_t state[25]) noexcept;

// Keccak-256 built only on keccakf1600_reference: the oracle the fast sponge is compared against.
Hash32 keccak256_reference(ByteView data) noexcept;

// Which permutation code keccakf1600/keccak_absorb_blocks run (chosen once from the CPU's features).
enum class KeccakImpl { kGeneric, kBmi2 };
KeccakImpl keccak_impl() noexcept;
// Runs the sponge with one given implementation, so tests can cover every variant the CPU can execute.
// Returns false (and leaves the state alone) if this CPU cannot run `impl`.
bool keccak_absorb_blocks_with(KeccakImpl impl, std::uint64_t state[25], const std::uint8_t* data,
                               std::size_t blocks) noexcept;
}  // namespace detail

}  // namespace countersign
