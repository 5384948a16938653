// SPDX-License-Identifier: Apache-2.0
#pragma once
// Nibble paths and the hex-prefix encoding of Merkle-Patricia trie node paths (yellow paper, appendix C).
//
// A trie key is walked four bits at a time, high nibble first. Leaf and extension nodes store the rest of
// a path as hex-prefix bytes: the first nibble is a flag (bit 1: leaf, bit 0: odd length); an odd path
// puts its first nibble in the low half of the first byte, an even path pads that half with zero. The
// decoder is strict: any other flag, or a nonzero pad nibble, is rejected, because accepting two encodings
// of one path would let a prover present one node as another.

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "crypto/bytes.hpp"
#include "crypto/expected.hpp"

namespace countersign::chain {

// Nibble i of a byte string (i < 2 * key.size()).
constexpr std::uint8_t nibble_at(ByteView key, std::size_t i) noexcept {
    const std::uint8_t b = key[i >> 1];
    return (i & 1) != 0 ? static_cast<std::uint8_t>(b & 0x0f) : static_cast<std::uint8_t>(b >> 4);
}

// A decoded hex-prefix path: a view into the encoded bytes, so decoding allocates nothing.
class HexPrefixPath {
public:
    constexpr HexPrefixPath() noexcept = default;
    constexpr HexPrefixPath(ByteView encoded, bool leaf, bool odd) noexcept
        : encoded_{encoded}, leaf_{leaf}, odd_{odd} {}

    constexpr bool is_leaf() const noexcept { return leaf_; }
    constexpr std::size_t size() const noexcept { return (encoded_.size() - 1) * 2 + (odd_ ? 1 : 0); }
    constexpr bool empty() const noexcept { return size() == 0; }
    // Nibble i of the path: the odd form starts at the flag byte's low half, the even form at byte 1.
    constexpr std::uint8_t operator[](std::size_t i) const noexcept { return nibble_at(encoded_, i + (odd_ ? 1 : 2)); }

private:
    ByteView encoded_{};
    bool leaf_{false};
    bool odd_{false};
};

enum class HexPrefixError {
    kEmpty,        // no flag byte
    kBadFlag,      // first nibble not in 0..3
    kNonzeroPad,   // even-length path whose pad nibble is not zero
};

constexpr Expected<HexPrefixPath, HexPrefixError> decode_hex_prefix(ByteView encoded) noexcept {
    if (encoded.empty()) return unexpected(HexPrefixError::kEmpty);
    const std::uint8_t flag = encoded[0] >> 4;
    if (flag > 3) return unexpected(HexPrefixError::kBadFlag);
    const bool odd = (flag & 1) != 0;
    if (!odd && (encoded[0] & 0x0f) != 0) return unexpected(HexPrefixError::kNonzeroPad);
    return HexPrefixPath{encoded, (flag & 2) != 0, odd};
}

// Hex-prefix encoding of nibbles [from, to) of `key`, written to `out` (which must hold
// encoded_hex_prefix_size(to - from) bytes). Returns the number of bytes written.
constexpr std::size_t encoded_hex_prefix_size(std::size_t nibbles) noexcept { return nibbles / 2 + 1; }

inline std::size_t write_hex_prefix(std::uint8_t* out, ByteView key, std::size_t from, std::size_t to,
                                    bool leaf) noexcept {
    const std::size_t n = to - from;
    const std::uint8_t flag = static_cast<std::uint8_t>((leaf ? 2 : 0) | (n & 1));
    std::size_t i = from;
    std::uint8_t* p = out;
    if ((n & 1) != 0) {
        *p++ = static_cast<std::uint8_t>(flag << 4 | nibble_at(key, i));
        ++i;
    } else {
        *p++ = static_cast<std::uint8_t>(flag << 4);
    }
    if ((i & 1) == 0) {
        // Byte-aligned: the rest of the path is a plain slice of the key.
        const std::size_t bytes = (to - i) / 2;
        if (bytes != 0) std::memcpy(p, key.data() + i / 2, bytes);
        p += bytes;
    } else {
        for (; i < to; i += 2) *p++ = static_cast<std::uint8_t>(nibble_at(key, i) << 4 | nibble_at(key, i + 1));
    }
    return static_cast<std::size_t>(p - out);
}

}  // namespace countersign::chain
