// SPDX-License-Identifier: Apache-2.0
#pragma once
// Keccak-256 as Ethereum uses it: the original Keccak padding (0x01 … 0x80), NOT SHA3-256 (0x06 … 0x80).
// OpenSSL 3.0 has no Keccak-256, so this is our own.

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
// The Keccak-f[1600] permutation (24 rounds), exposed for the intermediate-value vectors and benchmarks.
void keccakf1600(std::uint64_t state[25]) noexcept;
}  // namespace detail

}  // namespace countersign
