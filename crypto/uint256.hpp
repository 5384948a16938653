// SPDX-License-Identifier: Apache-2.0
#pragma once
// A 256-bit unsigned integer for values, amounts and field elements. Arithmetic wraps modulo 2^256 like
// the EVM; checked_* variants report overflow for values that must not wrap (amounts from receipts).
// Parsing from text is checked: untrusted input gets an error, never a silently truncated number.

#include <array>
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "crypto/bytes.hpp"
#include "crypto/expected.hpp"

namespace countersign {

enum class NumberError {
    kEmpty,
    kInvalidDigit,
    kOverflow,
    kLeadingZero,
    kMissingPrefix,
};

std::string_view to_string(NumberError e) noexcept;

class Uint256 {
public:
    constexpr Uint256() noexcept = default;
    constexpr Uint256(std::uint64_t v) noexcept : w_{v, 0, 0, 0} {}  // NOLINT: implicit from small values
    constexpr Uint256(std::uint64_t w3, std::uint64_t w2, std::uint64_t w1, std::uint64_t w0) noexcept
        : w_{w0, w1, w2, w3} {}

    // Big-endian bytes, at most 32 (shorter input is zero-extended on the left). nullopt when longer.
    static std::optional<Uint256> from_be(ByteView be) noexcept;
    static Uint256 from_be(const Bytes32& be) noexcept;
    Bytes32 to_be() const noexcept;
    // Minimal big-endian bytes (empty for zero): RLP's integer form.
    Bytes to_be_compact() const;

    static Expected<Uint256, NumberError> parse_decimal(std::string_view text) noexcept;
    // Hex digits with an optional 0x prefix; leading zeros allowed.
    static Expected<Uint256, NumberError> parse_hex(std::string_view text) noexcept;
    // JSON-RPC QUANTITY: "0x" required, no leading zeros ("0x0" for zero).
    static Expected<Uint256, NumberError> parse_quantity(std::string_view text) noexcept;
    // "0x…" → hex, otherwise decimal (vector files and receipts use both).
    static Expected<Uint256, NumberError> parse(std::string_view text) noexcept;

    std::string to_string() const;     // decimal
    std::string to_quantity() const;   // 0x-prefixed minimal hex

    constexpr std::uint64_t word(unsigned i) const noexcept { return w_[i]; }
    constexpr bool is_zero() const noexcept { return (w_[0] | w_[1] | w_[2] | w_[3]) == 0; }
    constexpr bool fits_u64() const noexcept { return (w_[1] | w_[2] | w_[3]) == 0; }
    constexpr std::uint64_t low64() const noexcept { return w_[0]; }
    unsigned bit_length() const noexcept;

    friend constexpr bool operator==(const Uint256&, const Uint256&) = default;
    friend constexpr std::strong_ordering operator<=>(const Uint256& a, const Uint256& b) noexcept {
        for (int i = 3; i >= 0; --i)
            if (a.w_[i] != b.w_[i]) return a.w_[i] <=> b.w_[i];
        return std::strong_ordering::equal;
    }

    friend Uint256 operator+(const Uint256& a, const Uint256& b) noexcept;
    friend Uint256 operator-(const Uint256& a, const Uint256& b) noexcept;
    friend Uint256 operator*(const Uint256& a, const Uint256& b) noexcept;
    friend Uint256 operator/(const Uint256& a, const Uint256& b) noexcept;  // x / 0 == 0, as in the EVM
    friend Uint256 operator%(const Uint256& a, const Uint256& b) noexcept;  // x % 0 == 0
    friend Uint256 operator<<(const Uint256& a, unsigned n) noexcept;
    friend Uint256 operator>>(const Uint256& a, unsigned n) noexcept;
    friend Uint256 operator&(const Uint256& a, const Uint256& b) noexcept;
    friend Uint256 operator|(const Uint256& a, const Uint256& b) noexcept;
    friend Uint256 operator~(const Uint256& a) noexcept;

    static std::optional<Uint256> checked_add(const Uint256& a, const Uint256& b) noexcept;
    static std::optional<Uint256> checked_mul(const Uint256& a, const Uint256& b) noexcept;

private:
    std::array<std::uint64_t, 4> w_{};  // little-endian limbs
};

}  // namespace countersign
