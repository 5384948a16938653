// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "crypto/hex.hpp"
#include "crypto/keccak.hpp"
#include "crypto/uint256.hpp"

namespace countersign {
namespace {

TEST(Hex, PrefixModes) {
    EXPECT_EQ(*parse_hex("0x0aff", HexPrefix::kRequired), (Bytes{0x0a, 0xff}));
    EXPECT_EQ(parse_hex("0aff", HexPrefix::kRequired).error(), HexError::kMissingPrefix);
    EXPECT_EQ(parse_hex("0x0a", HexPrefix::kNone).error(), HexError::kUnexpectedPrefix);
    EXPECT_EQ(*parse_hex("0AfF", HexPrefix::kNone), (Bytes{0x0a, 0xff}));
    EXPECT_EQ(parse_hex("0x0", HexPrefix::kOptional).error(), HexError::kOddLength);
    EXPECT_EQ(parse_hex("0xzz").error(), HexError::kInvalidDigit);
    EXPECT_EQ(parse_hex_fixed<20>("0x00").error(), HexError::kWrongSize);
    EXPECT_TRUE(parse_hex("0x")->empty());
    EXPECT_EQ(to_hex(Bytes{0x00, 0xab}), "0x00ab");
    EXPECT_EQ(to_hex(Bytes{0x00, 0xab}, false), "00ab");
}

RC_GTEST_PROP(Hex, RoundTrip, (const std::vector<std::uint8_t>& v)) {
    const Bytes b(v.begin(), v.end());
    RC_ASSERT(*parse_hex(to_hex(b), HexPrefix::kRequired) == b);
}

TEST(Keccak, KnownDigests) {
    EXPECT_EQ(to_hex(keccak256({})), "0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
    EXPECT_EQ(to_hex(keccak256(to_view("abc"))),
              "0x4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45");
}

TEST(Uint256, ParseAndPrint) {
    const auto max = Uint256::parse_decimal(
        "115792089237316195423570985008687907853269984665640564039457584007913129639935");
    ASSERT_TRUE(max);
    EXPECT_EQ(max->to_quantity(), "0x" + std::string(64, 'f'));
    EXPECT_EQ(Uint256::parse_decimal(
                  "115792089237316195423570985008687907853269984665640564039457584007913129639936")
                  .error(),
              NumberError::kOverflow);
    EXPECT_EQ(Uint256::parse_quantity("0x01").error(), NumberError::kLeadingZero);
    EXPECT_EQ(Uint256::parse_quantity("0x").error(), NumberError::kEmpty);
    EXPECT_EQ(Uint256::parse_quantity("12").error(), NumberError::kMissingPrefix);
    EXPECT_EQ(*Uint256::parse_quantity("0x0"), Uint256{0});
    EXPECT_EQ(Uint256::parse_hex("0x1" + std::string(64, '0')).error(), NumberError::kOverflow);
    EXPECT_EQ(Uint256{1000000}.to_string(), "1000000");
    EXPECT_EQ((Uint256{1} << 255).to_string(),
              "57896044618658097711785492504343953926634992332820282019728792003956564819968");
}

RC_GTEST_PROP(Uint256, DecimalRoundTrip, (std::uint64_t a, std::uint64_t b, std::uint64_t c, std::uint64_t d)) {
    const Uint256 x{a, b, c, d};
    RC_ASSERT(*Uint256::parse_decimal(x.to_string()) == x);
    RC_ASSERT(*Uint256::parse_quantity(x.to_quantity()) == x);
    RC_ASSERT(*Uint256::from_be(x.to_be_compact()) == x);
    RC_ASSERT(Uint256::from_be(x.to_be()) == x);
}

RC_GTEST_PROP(Uint256, DivModIdentity, (std::uint64_t a, std::uint64_t b, std::uint64_t c, std::uint64_t d)) {
    const Uint256 x{a, b, c, d};
    const Uint256 y{0, 0, c, d | 1};
    RC_ASSERT((x / y) * y + (x % y) == x);
    RC_ASSERT(x % y < y);
    RC_ASSERT(((x << 7) >> 7) == (x & (~Uint256{0} >> 7)));
}

}  // namespace
}  // namespace countersign
