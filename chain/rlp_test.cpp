// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <limits>
#include <string>
#include <vector>

#include "chain/rlp.hpp"
#include "crypto/hex.hpp"

namespace countersign::rlp {

void PrintTo(DecodingError e, std::ostream* os) { *os << to_string(e); }

namespace {

// Short-hands for readable tables.
Bytes h(std::string_view hex) { return hex_literal(hex); }
std::string rep(std::string_view hex, std::size_t n) {
    std::string out;
    for (std::size_t i = 0; i < n; ++i) out += hex;
    return out;
}
Item str(Bytes b) { return Item{false, std::move(b), {}}; }
Item list(std::vector<Item> items) { return Item{true, {}, std::move(items)}; }

// ---- decode_header / decode_string / decode_list ----

struct HeaderCase {
    std::string hex;
    DecodingError error;
};

TEST(RlpDecode, HeaderErrors) {
    const std::vector<HeaderCase> cases = {
        {"", DecodingError::kInputTooShort},
        {"81", DecodingError::kInputTooShort},
        {"8105", DecodingError::kNonCanonicalSize},
        {"817f", DecodingError::kNonCanonicalSize},
        {"8100", DecodingError::kNonCanonicalSize},
        {"82ff", DecodingError::kInputTooShort},
        {"b7" + rep("aa", 54), DecodingError::kInputTooShort},
        {"b8", DecodingError::kInputTooShort},
        {"b800", DecodingError::kLeadingZero},
        {"b837" + rep("aa", 55), DecodingError::kNonCanonicalSize},
        {"b838" + rep("aa", 55), DecodingError::kInputTooShort},
        {"b90038" + rep("aa", 56), DecodingError::kLeadingZero},
        {"b9ff", DecodingError::kInputTooShort},
        {"b90100" + rep("aa", 255), DecodingError::kInputTooShort},
        {"bfffffffffffffffff", DecodingError::kInputTooShort},  // SIZE_MAX: must not wrap
        {"bfffffffffffffffff00", DecodingError::kInputTooShort},
        {"bf0000000000000038", DecodingError::kLeadingZero},
        {"c1", DecodingError::kInputTooShort},
        {"f7" + rep("01", 54), DecodingError::kInputTooShort},
        {"f8", DecodingError::kInputTooShort},
        {"f800", DecodingError::kLeadingZero},
        {"f837" + rep("01", 55), DecodingError::kNonCanonicalSize},
        {"f80a" + rep("01", 10), DecodingError::kNonCanonicalSize},
        {"f90000", DecodingError::kLeadingZero},
        {"ffffffffffffffffff", DecodingError::kInputTooShort},
        {"fffffffffffffffff0" + rep("00", 16), DecodingError::kInputTooShort},
    };
    for (const auto& c : cases) {
        const Bytes in = h(c.hex);
        ByteView from = in;
        auto r = decode_header(from);
        ASSERT_FALSE(r) << c.hex;
        EXPECT_EQ(r.error(), c.error) << c.hex;
        EXPECT_EQ(from.size(), in.size()) << "a failed decode must not move the cursor: " << c.hex;
    }
}

TEST(RlpDecode, HeaderValues) {
    struct Ok {
        std::string hex;
        bool list;
        std::size_t payload;
        std::size_t header;
    };
    const std::vector<Ok> cases = {
        {"00", false, 1, 0},
        {"7f", false, 1, 0},
        {"80", false, 0, 1},
        {"8180", false, 1, 1},
        {"81ff", false, 1, 1},
        {"b7" + rep("aa", 55), false, 55, 1},
        {"b838" + rep("aa", 56), false, 56, 2},
        {"b90100" + rep("aa", 256), false, 256, 3},
        {"c0", true, 0, 1},
        {"c180", true, 1, 1},
        {"f7" + rep("80", 55), true, 55, 1},
        {"f838" + rep("80", 56), true, 56, 2},
    };
    for (const auto& c : cases) {
        const Bytes in = h(c.hex);
        ByteView from = in;
        auto r = decode_header(from);
        ASSERT_TRUE(r) << c.hex << ": " << to_string(r.error());
        EXPECT_EQ(r->list, c.list) << c.hex;
        EXPECT_EQ(r->payload_length, c.payload) << c.hex;
        EXPECT_EQ(in.size() - from.size(), c.header) << c.hex;
    }
}

TEST(RlpDecode, StringAndList) {
    const Bytes dog = h("83646f67c0");
    ByteView from = dog;
    auto s = decode_string(from);
    ASSERT_TRUE(s);
    EXPECT_EQ(*s, to_view("dog"));
    EXPECT_EQ(s->data(), dog.data() + 1) << "decode_string is zero-copy";
    EXPECT_EQ(from, h("c0"));
    EXPECT_EQ(decode_string(from).error(), DecodingError::kUnexpectedList);
    auto l = decode_list(from);
    ASSERT_TRUE(l);
    EXPECT_TRUE(l->empty());
    EXPECT_TRUE(from.empty());

    const Bytes single = h("7f");
    from = single;
    EXPECT_EQ(*decode_string(from), h("7f"));
    EXPECT_TRUE(from.empty());
    from = single;
    EXPECT_EQ(decode_list(from).error(), DecodingError::kUnexpectedString);
    EXPECT_EQ(from.size(), 1u);

    const Bytes cat_dog = h("c88363617483646f67ff");
    from = cat_dog;
    auto payload = decode_list(from);
    ASSERT_TRUE(payload);
    EXPECT_EQ(*payload, h("8363617483646f67"));
    EXPECT_EQ(from, h("ff"));
}

// ---- scalars ----

template <class T>
struct ScalarCase {
    std::string hex;
    T value;
};
struct ErrorCase {
    std::string hex;
    DecodingError error;
};

TEST(RlpDecode, Uint64) {
    const std::vector<ScalarCase<std::uint64_t>> values = {
        {"80", 0},         {"01", 1},         {"7f", 0x7f},
        {"8180", 0x80},    {"81ff", 0xff},    {"820100", 0x100},
        {"83010000", 0x10000}, {"8401000000", 0x1000000},
        {"88ffffffffffffffff", std::numeric_limits<std::uint64_t>::max()},
    };
    for (const auto& c : values) {
        const Bytes in = h(c.hex);
        ByteView from = in;
        std::uint64_t v = 12345;
        ASSERT_TRUE(decode(from, v, Leftover::kProhibit)) << c.hex;
        EXPECT_EQ(v, c.value) << c.hex;
        Bytes out;
        encode(out, c.value);
        EXPECT_EQ(out, in) << c.hex;
        EXPECT_EQ(length_of(c.value), in.size()) << c.hex;
    }
    const std::vector<ErrorCase> errors = {
        {"", DecodingError::kInputTooShort},
        {"00", DecodingError::kLeadingZero},
        {"8100", DecodingError::kNonCanonicalSize},
        {"8105", DecodingError::kNonCanonicalSize},
        {"820004", DecodingError::kLeadingZero},
        {"88000000000000ffff", DecodingError::kLeadingZero},
        {"89010000000000000000", DecodingError::kOverflow},
        {"89000000000000000001", DecodingError::kOverflow},
        {"c0", DecodingError::kUnexpectedList},
        {"c180", DecodingError::kUnexpectedList},
        {"82ff", DecodingError::kInputTooShort},
        {"0102", DecodingError::kTrailingBytes},
        {"8180ff", DecodingError::kTrailingBytes},
    };
    for (const auto& c : errors) {
        const Bytes in = h(c.hex);
        ByteView from = in;
        std::uint64_t v = 0;
        auto r = decode(from, v, Leftover::kProhibit);
        ASSERT_FALSE(r) << c.hex;
        EXPECT_EQ(r.error(), c.error) << c.hex;
    }
}

TEST(RlpDecode, LeftoverAllowAdvancesCursor) {
    const Bytes in = h("0182040583646f67");
    ByteView from = in;
    std::uint64_t a = 0, b = 0;
    Bytes c;
    ASSERT_TRUE(decode(from, a));
    ASSERT_TRUE(decode(from, b));
    ASSERT_TRUE(decode(from, c, Leftover::kProhibit));
    EXPECT_EQ(a, 1u);
    EXPECT_EQ(b, 0x405u);
    EXPECT_EQ(c, to_view("dog"));
    EXPECT_TRUE(from.empty());
}

TEST(RlpDecode, Uint256) {
    const std::vector<ScalarCase<Uint256>> values = {
        {"80", Uint256{0}},
        {"01", Uint256{1}},
        {"8180", Uint256{0x80}},
        {"88ffffffffffffffff", Uint256{std::numeric_limits<std::uint64_t>::max()}},
        {"89010000000000000000", Uint256{0, 0, 1, 0}},
        {"a0" + rep("ff", 32), ~Uint256{0}},
        {"a080" + rep("00", 31), Uint256{1} << 255},
    };
    for (const auto& c : values) {
        const Bytes in = h(c.hex);
        ByteView from = in;
        Uint256 v{7};
        ASSERT_TRUE(decode(from, v, Leftover::kProhibit)) << c.hex;
        EXPECT_EQ(v, c.value) << c.hex;
        Bytes out;
        encode(out, c.value);
        EXPECT_EQ(out, in) << c.hex;
        EXPECT_EQ(length_of(c.value), in.size()) << c.hex;
    }
    const std::vector<ErrorCase> errors = {
        {"00", DecodingError::kLeadingZero},
        {"8105", DecodingError::kNonCanonicalSize},
        {"a000" + rep("ff", 31), DecodingError::kLeadingZero},
        {"a101" + rep("00", 32), DecodingError::kOverflow},
        {"b838" + rep("01", 56), DecodingError::kOverflow},
        {"c0", DecodingError::kUnexpectedList},
        {"a0" + rep("ff", 31), DecodingError::kInputTooShort},
        {"8180" "80", DecodingError::kTrailingBytes},
    };
    for (const auto& c : errors) {
        const Bytes in = h(c.hex);
        ByteView from = in;
        Uint256 v;
        auto r = decode(from, v, Leftover::kProhibit);
        ASSERT_FALSE(r) << c.hex;
        EXPECT_EQ(r.error(), c.error) << c.hex;
    }
}

TEST(RlpDecode, Bool) {
    const Bytes f = h("80"), t = h("01");
    ByteView from = f;
    bool v = true;
    ASSERT_TRUE(decode(from, v, Leftover::kProhibit));
    EXPECT_FALSE(v);
    from = t;
    ASSERT_TRUE(decode(from, v, Leftover::kProhibit));
    EXPECT_TRUE(v);
    const std::vector<ErrorCase> errors = {
        {"00", DecodingError::kLeadingZero},  {"02", DecodingError::kOverflow},
        {"7f", DecodingError::kOverflow},     {"8180", DecodingError::kOverflow},
        {"8101", DecodingError::kNonCanonicalSize}, {"c0", DecodingError::kUnexpectedList},
        {"", DecodingError::kInputTooShort},  {"0101", DecodingError::kTrailingBytes},
        {"820001", DecodingError::kLeadingZero},
    };
    for (const auto& c : errors) {
        const Bytes in = h(c.hex);
        ByteView cursor = in;
        bool b = false;
        auto r = decode(cursor, b, Leftover::kProhibit);
        ASSERT_FALSE(r) << c.hex;
        EXPECT_EQ(r.error(), c.error) << c.hex;
    }
}

TEST(RlpDecode, BytesAndFixedBytes) {
    const Bytes addr_rlp = h("94" + rep("ab", 20));
    ByteView from = addr_rlp;
    Address a;
    ASSERT_TRUE(decode(from, a, Leftover::kProhibit));
    EXPECT_EQ(a, hex_literal_fixed<20>(rep("ab", 20)));
    Bytes out;
    encode(out, a);
    EXPECT_EQ(out, addr_rlp);
    EXPECT_EQ(length_of(a), addr_rlp.size());

    const std::vector<ErrorCase> errors = {
        {"93" + rep("ab", 19), DecodingError::kUnexpectedLength},
        {"95" + rep("ab", 21), DecodingError::kUnexpectedLength},
        {"80", DecodingError::kUnexpectedLength},
        {"d4" + rep("01", 20), DecodingError::kUnexpectedList},
        {"94" + rep("ab", 19), DecodingError::kInputTooShort},
        {"94" + rep("ab", 21), DecodingError::kTrailingBytes},
    };
    for (const auto& c : errors) {
        const Bytes in = h(c.hex);
        ByteView cursor = in;
        Address x;
        auto r = decode(cursor, x, Leftover::kProhibit);
        ASSERT_FALSE(r) << c.hex;
        EXPECT_EQ(r.error(), c.error) << c.hex;
    }
    // A 32-byte hash with leading zeros is a string, not an integer: zeros are allowed.
    const Bytes hash_rlp = h("a0" + rep("00", 32));
    from = hash_rlp;
    Hash32 hash;
    ASSERT_TRUE(decode(from, hash, Leftover::kProhibit));
    EXPECT_TRUE(hash.is_zero());

    const Bytes b = h("8200ff");
    from = b;
    Bytes v;
    ASSERT_TRUE(decode(from, v, Leftover::kProhibit));
    EXPECT_EQ(v, h("00ff"));
    Bytes v2;
    const Bytes b2 = h("8200ffc0");
    from = b2;
    EXPECT_EQ(decode(from, v2, Leftover::kProhibit).error(), DecodingError::kTrailingBytes);
}

// ---- items ----

TEST(RlpItem, Errors) {
    const std::vector<ErrorCase> errors = {
        {"", DecodingError::kInputTooShort},
        {"0102", DecodingError::kTrailingBytes},
        {"c0c0", DecodingError::kTrailingBytes},
        {"c28105", DecodingError::kNonCanonicalSize},
        {"c38105ff", DecodingError::kNonCanonicalSize},
        {"c28201", DecodingError::kInputTooShort},     // element runs past the end of the input
        {"c2820100", DecodingError::kInputTooShort},   // element runs past its list, not just the input
        {"c3c28201ff", DecodingError::kInputTooShort},
        {"c4b800", DecodingError::kInputTooShort},
        {"c2b800", DecodingError::kLeadingZero},
        {"c1", DecodingError::kInputTooShort},
        {"f90000", DecodingError::kLeadingZero},
        {"f83700", DecodingError::kNonCanonicalSize},
    };
    for (const auto& c : errors) {
        auto r = decode_item(h(c.hex));
        ASSERT_FALSE(r) << c.hex;
        EXPECT_EQ(r.error(), c.error) << c.hex;
    }
}

TEST(RlpItem, Depth) {
    EXPECT_TRUE(decode_item(h("80"), 0));
    EXPECT_EQ(decode_item(h("c0"), 0).error(), DecodingError::kTooDeep);
    EXPECT_TRUE(decode_item(h("c0"), 1));
    EXPECT_EQ(decode_item(h("c1c0"), 1).error(), DecodingError::kTooDeep);
    EXPECT_TRUE(decode_item(h("c3c2c1c0"), 4));
    EXPECT_EQ(decode_item(h("c3c2c1c0"), 3).error(), DecodingError::kTooDeep);
    EXPECT_TRUE(decode_item(h("c4c0c0c0c0"), 2)) << "siblings do not add depth";
    EXPECT_EQ(decode_item(h("c4c0c0c0c0"), 1).error(), DecodingError::kTooDeep);

    // kDefaultMaxDepth nested lists decode; one more does not.
    auto nested = [](std::size_t depth) {
        Item it = list({});
        for (std::size_t i = 1; i < depth; ++i) it = list({it});
        return encode_item(it);
    };
    EXPECT_TRUE(decode_item(nested(kDefaultMaxDepth)));
    EXPECT_EQ(decode_item(nested(kDefaultMaxDepth + 1)).error(), DecodingError::kTooDeep);

    // Deep nesting is decoded without recursion: the limit, not the call stack, decides.
    auto deep = [](std::size_t depth) {
        std::size_t inner = 0;
        std::vector<Bytes> levels;
        for (std::size_t i = 0; i < depth; ++i) {
            Bytes hd;
            encode_header(hd, {true, inner});
            inner += hd.size();
            levels.push_back(std::move(hd));
        }
        Bytes out;
        for (auto it = levels.rbegin(); it != levels.rend(); ++it) out += *it;
        return out;
    };
    const Bytes very_deep = deep(20000);
    EXPECT_EQ(decode_item(very_deep).error(), DecodingError::kTooDeep);
    auto unlimited = decode_item(very_deep, std::numeric_limits<std::size_t>::max());
    ASSERT_TRUE(unlimited);
    EXPECT_EQ(unlimited->list.size(), 1u);
    Bytes truncated = very_deep;
    truncated.pop_back();
    EXPECT_EQ(decode_item(truncated, std::numeric_limits<std::size_t>::max()).error(),
              DecodingError::kInputTooShort);
}

TEST(RlpItem, KnownEncodings) {
    struct Known {
        Item item;
        std::string hex;
    };
    const Bytes lorem(to_view("Lorem ipsum dolor sit amet, consectetur adipisicing elit"));
    const std::vector<Known> cases = {
        {str({}), "80"},
        {str(h("00")), "00"},
        {str(h("7f")), "7f"},
        {str(h("80")), "8180"},
        {str(Bytes(to_view("dog"))), "83646f67"},
        {str(lorem), "b8384c6f72656d20697073756d20646f6c6f722073697420616d65742c20636f6e7365637465747572206164697069"
                     "736963696e6720656c6974"},
        {list({}), "c0"},
        {list({str(Bytes(to_view("cat"))), str(Bytes(to_view("dog")))}), "c88363617483646f67"},
        // The set-theoretic representation of three.
        {list({list({}), list({list({})}), list({list({}), list({list({})})})}), "c7c0c1c0c3c0c1c0"},
        {list({list({}), str(h("01"))}), "c2c001"},
    };
    for (const auto& c : cases) {
        const Bytes enc = encode_item(c.item);
        EXPECT_EQ(to_hex(enc, false), c.hex);
        auto back = decode_item(enc);
        ASSERT_TRUE(back) << c.hex;
        EXPECT_EQ(*back, c.item) << c.hex;
    }
}

TEST(RlpEncode, LengthOfLength) {
    EXPECT_EQ(length_of_length(0), 1u);
    EXPECT_EQ(length_of_length(55), 1u);
    EXPECT_EQ(length_of_length(56), 2u);
    EXPECT_EQ(length_of_length(255), 2u);
    EXPECT_EQ(length_of_length(256), 3u);
    EXPECT_EQ(length_of_length(0xffffff), 4u);
    EXPECT_EQ(length_of_length(std::numeric_limits<std::size_t>::max()), 1 + sizeof(std::size_t));
    for (std::size_t n : {std::size_t{0}, std::size_t{55}, std::size_t{56}, std::size_t{70000},
                          std::numeric_limits<std::size_t>::max()}) {
        for (bool is_list : {false, true}) {
            Bytes out;
            encode_header(out, {is_list, n});
            EXPECT_EQ(out.size(), length_of_length(n)) << n;
            if (n <= 70000) {
                // Decodable once the payload is there.
                Bytes full = out + Bytes(n, is_list ? 0x80 : 0xaa);
                ByteView from = full;
                auto hd = decode_header(from);
                ASSERT_TRUE(hd) << n;
                EXPECT_EQ(hd->list, is_list);
                EXPECT_EQ(hd->payload_length, n);
            }
        }
    }
    Bytes max_header;
    encode_header(max_header, {false, std::numeric_limits<std::size_t>::max()});
    EXPECT_EQ(to_hex(max_header, false), "bfffffffffffffffff");
}

TEST(RlpEncode, LongStrings) {
    for (std::size_t n : {55u, 56u, 255u, 256u, 65535u, 65536u, 70000u}) {
        const Bytes s(n, 0x42);
        Bytes out;
        encode(out, ByteView{s});
        EXPECT_EQ(out.size(), length_of(ByteView{s}));
        ByteView from = out;
        Bytes back;
        ASSERT_TRUE(decode(from, back, Leftover::kProhibit)) << n;
        EXPECT_EQ(back, s);
    }
}

TEST(RlpErrors, Names) {
    std::vector<std::string_view> names;
    for (int i = 0; i <= static_cast<int>(DecodingError::kTooDeep); ++i) {
        const auto n = to_string(static_cast<DecodingError>(i));
        EXPECT_FALSE(n.empty());
        for (auto other : names) EXPECT_NE(n, other);
        names.push_back(n);
    }
}

}  // namespace
}  // namespace countersign::rlp

// ---- properties ----

namespace {

using countersign::Bytes;
using countersign::ByteView;
using countersign::rlp::Item;

// Strings biased towards the encoding boundaries: single bytes either side of 0x80, lengths around 55/56.
rc::Gen<Bytes> gen_rlp_string() {
    auto bytes_of = [](rc::Gen<std::size_t> size) {
        return rc::gen::mapcat(size, [](std::size_t n) {
            return rc::gen::map(rc::gen::container<std::vector<std::uint8_t>>(n, rc::gen::arbitrary<std::uint8_t>()),
                                [](const std::vector<std::uint8_t>& v) { return Bytes(v.begin(), v.end()); });
        });
    };
    return rc::gen::oneOf(bytes_of(rc::gen::just<std::size_t>(0)), bytes_of(rc::gen::just<std::size_t>(1)),
                          bytes_of(rc::gen::inRange<std::size_t>(2, 10)),
                          bytes_of(rc::gen::inRange<std::size_t>(53, 59)),
                          bytes_of(rc::gen::inRange<std::size_t>(59, 300)));
}

rc::Gen<Item> gen_item(int depth) {
    auto leaf = rc::gen::map(gen_rlp_string(), [](Bytes b) { return Item{false, std::move(b), {}}; });
    if (depth == 0) return leaf;
    auto child = rc::gen::lazy([depth] { return gen_item(depth - 1); });
    auto node = rc::gen::mapcat(rc::gen::inRange<std::size_t>(0, 7), [child](std::size_t n) {
        return rc::gen::map(rc::gen::container<std::vector<Item>>(n, child),
                            [](std::vector<Item> items) { return Item{true, {}, std::move(items)}; });
    });
    return rc::gen::oneOf(leaf, node, node);
}

}  // namespace

namespace rc {
template <>
struct Arbitrary<Item> {
    static Gen<Item> arbitrary() { return gen_item(4); }
};
}  // namespace rc

namespace countersign::rlp {
namespace {

RC_GTEST_PROP(RlpProperty, ItemRoundTrip, (const Item& item)) {
    const Bytes enc = encode_item(item);
    auto back = decode_item(enc);
    RC_ASSERT(back.has_value());
    RC_ASSERT(*back == item);
    RC_CLASSIFY(enc.size() >= 58, "long form");
    RC_CLASSIFY(item.is_list, "list");
}

// Any byte string that decodes is canonical: it re-encodes to exactly itself. Mutated encodings hit the
// interesting near-valid inputs far more often than uniform random bytes.
RC_GTEST_PROP(RlpProperty, DecodedIsCanonical, (const Item& item, std::uint8_t pos_seed, std::uint8_t value,
                                                 int mutation)) {
    Bytes b = encode_item(item);
    const std::size_t pos = b.empty() ? 0 : pos_seed % b.size();
    switch (((mutation % 4) + 4) % 4) {
        case 0: b[pos] = value; break;
        case 1: b.resize(pos); break;
        case 2: b.insert(b.begin() + static_cast<std::ptrdiff_t>(pos), value); break;
        default: b.erase(b.begin() + static_cast<std::ptrdiff_t>(pos)); break;
    }
    auto r = decode_item(b);
    if (r) RC_ASSERT(encode_item(*r) == b);
}

RC_GTEST_PROP(RlpProperty, RandomBytesDecodeCanonically, (const std::vector<std::uint8_t>& v)) {
    const Bytes b(v.begin(), v.end());
    auto r = decode_item(b);
    if (r) RC_ASSERT(encode_item(*r) == b);
}

RC_GTEST_PROP(RlpProperty, Uint64RoundTrip, (std::uint64_t x, unsigned shift)) {
    const std::uint64_t n = x >> (shift % 64);
    Bytes enc;
    encode(enc, n);
    RC_ASSERT(enc.size() == length_of(n));
    ByteView from = enc;
    std::uint64_t back = ~n;
    RC_ASSERT(decode(from, back, Leftover::kProhibit).has_value());
    RC_ASSERT(back == n);
    // The same number as a Uint256 has the same encoding.
    Bytes enc256;
    encode(enc256, Uint256{n});
    RC_ASSERT(enc256 == enc);
}

RC_GTEST_PROP(RlpProperty, Uint256RoundTrip,
              (std::uint64_t a, std::uint64_t b, std::uint64_t c, std::uint64_t d, unsigned shift)) {
    const Uint256 n = Uint256{a, b, c, d} >> (shift % 256);
    Bytes enc;
    encode(enc, n);
    RC_ASSERT(enc.size() == length_of(n));
    ByteView from = enc;
    Uint256 back = ~n;
    RC_ASSERT(decode(from, back, Leftover::kProhibit).has_value());
    RC_ASSERT(back == n);
    // Matches the generic string form of the minimal big-endian bytes.
    Bytes as_string;
    encode(as_string, ByteView{n.to_be_compact()});
    RC_ASSERT(as_string == enc);
    if (n.fits_u64()) {
        std::uint64_t small = 0;
        from = enc;
        RC_ASSERT(decode(from, small, Leftover::kProhibit).has_value());
        RC_ASSERT(small == n.low64());
    } else {
        std::uint64_t small = 0;
        from = enc;
        auto r = decode(from, small, Leftover::kProhibit);
        RC_ASSERT(!r.has_value());
        RC_ASSERT(r.error() == DecodingError::kOverflow);
    }
}

RC_GTEST_PROP(RlpProperty, LengthOfMatchesEncode, (const Item& item)) {
    if (item.is_list) {
        std::size_t payload = 0;
        for (const Item& child : item.list) payload += encode_item(child).size();
        RC_ASSERT(encode_item(item).size() == length_of_length(payload) + payload);
    } else {
        Bytes enc;
        encode(enc, ByteView{item.string});
        RC_ASSERT(enc.size() == length_of(ByteView{item.string}));
        RC_ASSERT(enc == encode_item(item));
    }
}

RC_GTEST_PROP(RlpProperty, ConcatenatedItemsDecodeInSequence, (const std::vector<std::uint64_t>& values)) {
    Bytes enc;
    for (auto v : values) encode(enc, v);
    ByteView from = enc;
    for (auto v : values) {
        std::uint64_t back = 0;
        RC_ASSERT(decode(from, back).has_value());
        RC_ASSERT(back == v);
    }
    RC_ASSERT(from.empty());
}

}  // namespace
}  // namespace countersign::rlp
