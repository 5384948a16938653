// SPDX-License-Identifier: Apache-2.0
#include "crypto/base64.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

namespace countersign {
namespace {

Bytes bytes_of(std::string_view s) {
    return Bytes(to_view(s));
}

// RFC 4648 §10 test vectors.
TEST(Base64, Rfc4648Vectors) {
    const std::pair<const char*, const char*> vectors[] = {
        {"", ""},
        {"f", "Zg=="},
        {"fo", "Zm8="},
        {"foo", "Zm9v"},
        {"foob", "Zm9vYg=="},
        {"fooba", "Zm9vYmE="},
        {"foobar", "Zm9vYmFy"},
    };
    for (const auto& [plain, encoded] : vectors) {
        EXPECT_EQ(base64_encode(to_view(plain)), encoded);
        auto d = base64_decode(encoded, 100);
        ASSERT_TRUE(d) << encoded;
        EXPECT_EQ(*d, bytes_of(plain));
    }
}

TEST(Base64, AllByteValuesAndAlphabet) {
    Bytes all;
    for (int i = 0; i < 256; ++i) all.push_back(static_cast<std::uint8_t>(i));
    const std::string text = base64_encode(all);
    EXPECT_EQ(text.substr(0, 8), "AAECAwQF");
    EXPECT_NE(text.find('+'), std::string::npos);
    EXPECT_NE(text.find('/'), std::string::npos);
    auto d = base64_decode(text, 256);
    ASSERT_TRUE(d);
    EXPECT_EQ(*d, all);
}

TEST(Base64, RefusesEverythingNonCanonical) {
    const std::pair<const char*, Base64Error> bad[] = {
        {"Zg=", Base64Error::kBadLength},         {"Zg", Base64Error::kBadLength},
        {"Zm9vY", Base64Error::kBadLength},       {"Zm 9v", Base64Error::kBadLength},
        {"Zm9v\n", Base64Error::kBadLength},      {"Zm\n9v", Base64Error::kBadLength},
        {"Zm9 ", Base64Error::kInvalidCharacter}, {"Zm9\n", Base64Error::kInvalidCharacter},
        {"Zm-_", Base64Error::kInvalidCharacter}, {"Z===", Base64Error::kBadPadding},
        {"====", Base64Error::kBadPadding},       {"Zg==Zm9v", Base64Error::kBadPadding},
        {"Z=g=", Base64Error::kBadPadding},       {"Zh==", Base64Error::kNonCanonical},
        {"Zm9=", Base64Error::kNonCanonical},
    };
    for (const auto& [text, error] : bad) {
        auto d = base64_decode(text, 100);
        ASSERT_FALSE(d) << text;
        EXPECT_EQ(d.error(), error) << text;
    }
    const std::string with_nul{"Zm9\0", 4};
    auto d = base64_decode(with_nul, 100);
    ASSERT_FALSE(d);
    EXPECT_EQ(d.error(), Base64Error::kInvalidCharacter);
}

TEST(Base64, BoundsTheDecodedSizeBeforeDecoding) {
    EXPECT_TRUE(base64_decode("Zm9vYmFy", 6));
    auto d = base64_decode("Zm9vYmFy", 5);
    ASSERT_FALSE(d);
    EXPECT_EQ(d.error(), Base64Error::kTooLong);
    EXPECT_TRUE(base64_decode("Zm9vYg==", 4));
    EXPECT_FALSE(base64_decode("Zm9vYg==", 3));
    EXPECT_TRUE(base64_decode("", 0));
}

RC_GTEST_PROP(Base64, RoundTrips, (const std::vector<std::uint8_t>& v)) {
    const Bytes b(v.begin(), v.end());
    const std::string text = base64_encode(b);
    RC_ASSERT(text.size() == (b.size() + 2) / 3 * 4);
    auto d = base64_decode(text, b.size());
    RC_ASSERT(d.has_value());
    RC_ASSERT(*d == b);
}

// Any text the decoder accepts is the encoding of what it decodes to: one byte string, one text.
RC_GTEST_PROP(Base64, AcceptedTextIsCanonical, (const std::vector<std::uint8_t>& picks)) {
    static constexpr char kChars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=- \n";
    std::string text;
    for (auto p : picks) text += kChars[p % (sizeof kChars - 1)];
    auto d = base64_decode(text, 1 << 16);
    if (d) RC_ASSERT(base64_encode(*d) == text);
}

}  // namespace
}  // namespace countersign
