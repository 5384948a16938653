// SPDX-License-Identifier: Apache-2.0
#include "crypto/uint256.hpp"

#include <algorithm>

namespace countersign {
namespace {

__extension__ using u128 = unsigned __int128;  // GCC and clang both have it; -Wpedantic does not know

int hex_digit(char c) noexcept {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

bool has_prefix(std::string_view t) noexcept { return t.size() >= 2 && t[0] == '0' && (t[1] == 'x' || t[1] == 'X'); }

// Full 256x256 product; returns the low 256 bits and whether any high bit was set.
Uint256 mul_full(const Uint256& a, const Uint256& b, bool& overflow) noexcept {
    std::uint64_t r[8] = {};
    for (unsigned i = 0; i < 4; ++i) {
        std::uint64_t carry = 0;
        for (unsigned j = 0; j < 4; ++j) {
            const u128 t = static_cast<u128>(a.word(i)) * b.word(j) + r[i + j] + carry;
            r[i + j] = static_cast<std::uint64_t>(t);
            carry = static_cast<std::uint64_t>(t >> 64);
        }
        r[i + 4] = carry;
    }
    overflow = (r[4] | r[5] | r[6] | r[7]) != 0;
    return Uint256{r[3], r[2], r[1], r[0]};
}

void divmod(const Uint256& a, const Uint256& b, Uint256& q, Uint256& rem) noexcept {
    q = 0;
    rem = 0;
    if (b.is_zero()) return;
    if (a < b) {
        rem = a;
        return;
    }
    if (a.fits_u64() && b.fits_u64()) {
        q = a.low64() / b.low64();
        rem = a.low64() % b.low64();
        return;
    }
    // Shift-subtract long division: amounts and field elements are rare here, clarity beats speed.
    for (int i = static_cast<int>(a.bit_length()) - 1; i >= 0; --i) {
        rem = rem << 1;
        if ((a.word(static_cast<unsigned>(i) / 64) >> (i % 64)) & 1) rem = rem | Uint256{1};
        if (rem >= b) {
            rem = rem - b;
            q = q | (Uint256{1} << static_cast<unsigned>(i));
        }
    }
}

}  // namespace

std::string_view to_string(NumberError e) noexcept {
    switch (e) {
        case NumberError::kEmpty: return "number: empty";
        case NumberError::kInvalidDigit: return "number: invalid digit";
        case NumberError::kOverflow: return "number: does not fit in 256 bits";
        case NumberError::kLeadingZero: return "number: leading zero in quantity";
        case NumberError::kMissingPrefix: return "number: missing 0x prefix";
    }
    return "number: unknown error";
}

std::optional<Uint256> Uint256::from_be(ByteView be) noexcept {
    if (be.size() > 32) return std::nullopt;
    Bytes32 padded;
    std::copy(be.begin(), be.end(), padded.bytes.begin() + (32 - be.size()));
    return from_be(padded);
}

Uint256 Uint256::from_be(const Bytes32& be) noexcept {
    Uint256 r;
    for (unsigned limb = 0; limb < 4; ++limb) {
        std::uint64_t v = 0;
        for (unsigned i = 0; i < 8; ++i) v = v << 8 | be.bytes[(3 - limb) * 8 + i];
        r.w_[limb] = v;
    }
    return r;
}

Bytes32 Uint256::to_be() const noexcept {
    Bytes32 out;
    for (unsigned limb = 0; limb < 4; ++limb)
        for (unsigned i = 0; i < 8; ++i)
            out.bytes[(3 - limb) * 8 + i] = static_cast<std::uint8_t>(w_[limb] >> (56 - 8 * i));
    return out;
}

Bytes Uint256::to_be_compact() const {
    const Bytes32 be = to_be();
    std::size_t i = 0;
    while (i < 32 && be.bytes[i] == 0) ++i;
    return Bytes(be.bytes.data() + i, 32 - i);
}

Expected<Uint256, NumberError> Uint256::parse_decimal(std::string_view text) noexcept {
    if (text.empty()) return unexpected(NumberError::kEmpty);
    Uint256 r;
    for (char c : text) {
        if (c < '0' || c > '9') return unexpected(NumberError::kInvalidDigit);
        bool of = false;
        r = mul_full(r, Uint256{10}, of);
        if (of) return unexpected(NumberError::kOverflow);
        auto sum = checked_add(r, Uint256{static_cast<std::uint64_t>(c - '0')});
        if (!sum) return unexpected(NumberError::kOverflow);
        r = *sum;
    }
    return r;
}

Expected<Uint256, NumberError> Uint256::parse_hex(std::string_view text) noexcept {
    if (has_prefix(text)) text.remove_prefix(2);
    if (text.empty()) return unexpected(NumberError::kEmpty);
    Uint256 r;
    for (char c : text) {
        const int d = hex_digit(c);
        if (d < 0) return unexpected(NumberError::kInvalidDigit);
        if (r.w_[3] >> 60) return unexpected(NumberError::kOverflow);
        r = (r << 4) | Uint256{static_cast<std::uint64_t>(d)};
    }
    return r;
}

Expected<Uint256, NumberError> Uint256::parse_quantity(std::string_view text) noexcept {
    if (!has_prefix(text)) return unexpected(NumberError::kMissingPrefix);
    const std::string_view digits = text.substr(2);
    if (digits.empty()) return unexpected(NumberError::kEmpty);
    if (digits.size() > 1 && digits[0] == '0') return unexpected(NumberError::kLeadingZero);
    return parse_hex(digits);
}

Expected<Uint256, NumberError> Uint256::parse(std::string_view text) noexcept {
    return has_prefix(text) ? parse_hex(text) : parse_decimal(text);
}

std::string Uint256::to_string() const {
    if (is_zero()) return "0";
    std::string out;
    Uint256 v = *this;
    const Uint256 chunk{10'000'000'000'000'000'000ull};  // 10^19, the largest power of ten in 64 bits
    while (!v.is_zero()) {
        Uint256 q, r;
        divmod(v, chunk, q, r);
        std::uint64_t part = r.low64();
        for (int i = 0; i < 19 && (part != 0 || !q.is_zero()); ++i) {
            out += static_cast<char>('0' + part % 10);
            part /= 10;
        }
        v = q;
    }
    std::reverse(out.begin(), out.end());
    return out;
}

std::string Uint256::to_quantity() const {
    static constexpr char kDigits[] = "0123456789abcdef";
    if (is_zero()) return "0x0";
    std::string out = "0x";
    bool started = false;
    for (int i = 63; i >= 0; --i) {
        const unsigned nibble = static_cast<unsigned>(w_[static_cast<unsigned>(i) / 16] >> (4 * (i % 16))) & 0xf;
        if (nibble != 0) started = true;
        if (started) out += kDigits[nibble];
    }
    return out;
}

unsigned Uint256::bit_length() const noexcept {
    for (int i = 3; i >= 0; --i)
        if (w_[i] != 0) return static_cast<unsigned>(i) * 64 + 64 - static_cast<unsigned>(__builtin_clzll(w_[i]));
    return 0;
}

Uint256 operator+(const Uint256& a, const Uint256& b) noexcept {
    Uint256 r;
    std::uint64_t carry = 0;
    for (unsigned i = 0; i < 4; ++i) {
        const u128 t = static_cast<u128>(a.w_[i]) + b.w_[i] + carry;
        r.w_[i] = static_cast<std::uint64_t>(t);
        carry = static_cast<std::uint64_t>(t >> 64);
    }
    return r;
}

Uint256 operator-(const Uint256& a, const Uint256& b) noexcept {
    Uint256 r;
    std::uint64_t borrow = 0;
    for (unsigned i = 0; i < 4; ++i) {
        const u128 t = static_cast<u128>(a.w_[i]) - b.w_[i] - borrow;
        r.w_[i] = static_cast<std::uint64_t>(t);
        borrow = static_cast<std::uint64_t>(t >> 64) ? 1 : 0;
    }
    return r;
}

Uint256 operator*(const Uint256& a, const Uint256& b) noexcept {
    bool of = false;
    return mul_full(a, b, of);
}

Uint256 operator/(const Uint256& a, const Uint256& b) noexcept {
    Uint256 q, r;
    divmod(a, b, q, r);
    return q;
}

Uint256 operator%(const Uint256& a, const Uint256& b) noexcept {
    Uint256 q, r;
    divmod(a, b, q, r);
    return r;
}

Uint256 operator<<(const Uint256& a, unsigned n) noexcept {
    if (n >= 256) return {};
    Uint256 r;
    const unsigned limbs = n / 64, bits = n % 64;
    for (unsigned i = 3; i + 1 > limbs; --i) {
        std::uint64_t v = a.w_[i - limbs] << bits;
        if (bits && i - limbs >= 1) v |= a.w_[i - limbs - 1] >> (64 - bits);
        r.w_[i] = v;
        if (i == 0) break;
    }
    return r;
}

Uint256 operator>>(const Uint256& a, unsigned n) noexcept {
    if (n >= 256) return {};
    Uint256 r;
    const unsigned limbs = n / 64, bits = n % 64;
    for (unsigned i = 0; i + limbs < 4; ++i) {
        std::uint64_t v = a.w_[i + limbs] >> bits;
        if (bits && i + limbs + 1 < 4) v |= a.w_[i + limbs + 1] << (64 - bits);
        r.w_[i] = v;
    }
    return r;
}

Uint256 operator&(const Uint256& a, const Uint256& b) noexcept {
    Uint256 r;
    for (unsigned i = 0; i < 4; ++i) r.w_[i] = a.w_[i] & b.w_[i];
    return r;
}

Uint256 operator|(const Uint256& a, const Uint256& b) noexcept {
    Uint256 r;
    for (unsigned i = 0; i < 4; ++i) r.w_[i] = a.w_[i] | b.w_[i];
    return r;
}

Uint256 operator~(const Uint256& a) noexcept {
    Uint256 r;
    for (unsigned i = 0; i < 4; ++i) r.w_[i] = ~a.w_[i];
    return r;
}

std::optional<Uint256> Uint256::checked_add(const Uint256& a, const Uint256& b) noexcept {
    Uint256 r = a + b;
    if (r < a) return std::nullopt;
    return r;
}

std::optional<Uint256> Uint256::checked_mul(const Uint256& a, const Uint256& b) noexcept {
    bool of = false;
    Uint256 r = mul_full(a, b, of);
    if (of) return std::nullopt;
    return r;
}

}  // namespace countersign
