// SPDX-License-Identifier: Apache-2.0
#pragma once
// Byte strings and fixed-size byte types. Bytes/ByteView are basic_string(_view) of uint8_t so that
// slicing, comparison and concatenation are cheap and obvious; fixed-size values (hashes, addresses) get
// their own types so a 20-byte address can never be passed where a 32-byte hash is expected.

#include <algorithm>
#include <array>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace countersign {

using Bytes = std::basic_string<std::uint8_t>;
using ByteView = std::basic_string_view<std::uint8_t>;

inline ByteView to_view(std::string_view s) noexcept {
    return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}
inline std::string_view to_string_view(ByteView b) noexcept {
    return {reinterpret_cast<const char*>(b.data()), b.size()};
}

template <std::size_t N>
struct FixedBytes {
    static constexpr std::size_t kSize = N;
    std::array<std::uint8_t, N> bytes{};

    constexpr std::uint8_t* data() noexcept { return bytes.data(); }
    constexpr const std::uint8_t* data() const noexcept { return bytes.data(); }
    static constexpr std::size_t size() noexcept { return N; }
    constexpr ByteView view() const noexcept { return {bytes.data(), N}; }
    constexpr operator ByteView() const noexcept { return view(); }
    constexpr bool is_zero() const noexcept {
        return std::all_of(bytes.begin(), bytes.end(), [](std::uint8_t b) { return b == 0; });
    }
    // Copies exactly N bytes; the caller has checked the size.
    static FixedBytes from_view_unchecked(ByteView v) noexcept {
        FixedBytes out;
        std::memcpy(out.bytes.data(), v.data(), N);
        return out;
    }

    friend constexpr bool operator==(const FixedBytes&, const FixedBytes&) = default;
    friend constexpr auto operator<=>(const FixedBytes&, const FixedBytes&) = default;
};

using Hash32 = FixedBytes<32>;
using Bytes32 = FixedBytes<32>;
using Address = FixedBytes<20>;
using Bloom = FixedBytes<256>;

}  // namespace countersign

template <std::size_t N>
struct std::hash<countersign::FixedBytes<N>> {
    std::size_t operator()(const countersign::FixedBytes<N>& b) const noexcept {
        std::size_t h = 0;
        std::memcpy(&h, b.bytes.data(), std::min(sizeof h, N));
        return h;
    }
};
