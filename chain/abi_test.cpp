// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "chain/abi.hpp"
#include "chain/abi_event.hpp"
#include "chain/abi_known.hpp"
#include "chain/abi_test_json.hpp"
#include "crypto/hex.hpp"
#include "crypto/keccak.hpp"

namespace countersign::chain {
namespace {

using testing::hex_bytes;
using testing::hex_hash;
using testing::json_to_abi;
using testing::load_fixture;

std::vector<AbiType> types_of(std::string_view s) {
    auto t = parse_abi_types(s);
    EXPECT_TRUE(t.has_value()) << s;
    return t ? *t : std::vector<AbiType>{};
}

Bytes word(const Uint256& v) { return Bytes(v.to_be().view()); }

// ---------------------------------------------------------------------------------------------------------
// Type and signature parsing

TEST(AbiType, CanonicalForms) {
    const std::pair<const char*, const char*> cases[] = {
        {"uint", "uint256"},
        {"int", "int256"},
        {"uint8", "uint8"},
        {"bytes32", "bytes32"},
        {"bytes1[]", "bytes1[]"},
        {"tuple(address,uint256)", "(address,uint256)"},
        {"(address token, uint256 amount)[2][]", "(address,uint256)[2][]"},
        {" ( bytes , ( string , uint8 ) [ ] ) [ ] ", "(bytes,(string,uint8)[])[]"},
        {"string[3]", "string[3]"},
    };
    for (auto [in, want] : cases) {
        auto t = parse_abi_type(in);
        ASSERT_TRUE(t.has_value()) << in;
        EXPECT_EQ(t->canonical(), want) << in;
        auto again = parse_abi_type(t->canonical());
        ASSERT_TRUE(again.has_value());
        EXPECT_EQ(*again, *t);
    }
}

TEST(AbiType, DynamicAndHeadSize) {
    EXPECT_FALSE(parse_abi_type("(address,uint256,bool)[3]")->is_dynamic());
    EXPECT_EQ(parse_abi_type("(address,uint256,bool)[3]")->head_size(), 9u * 32);
    EXPECT_TRUE(parse_abi_type("(address,bytes)")->is_dynamic());
    EXPECT_EQ(parse_abi_type("(address,bytes)")->head_size(), 32u);
    EXPECT_TRUE(parse_abi_type("string[2]")->is_dynamic());
    EXPECT_EQ(parse_abi_type("bytes32[2][3]")->head_size(), 6u * 32);
}

TEST(AbiType, RejectsMalformed) {
    const char* bad[] = {"",        "uint7",   "uint264",  "uint0",   "uint08",    "int12",     "bytes0",
                         "bytes33", "bytes01", "byte",     "fixed",   "uint256[",  "uint256[0]", "uint256[01]",
                         "()",      "(,)",     "(uint256", "address)", "tuple",    "foo",       "uint256 x",
                         "uint256[-1]", "(uint256,)", "uint256[]]"};
    for (const char* s : bad) EXPECT_FALSE(parse_abi_type(s).has_value()) << s;
}

TEST(AbiType, DepthIsBounded) {
    std::string deep = "uint256";
    for (int i = 0; i < 40; ++i) deep = "(" + deep + ")";
    auto t = parse_abi_type(deep);
    ASSERT_FALSE(t.has_value());
    EXPECT_EQ(t.error(), AbiError::kTypeTooDeep);
    std::string arrays = "uint256";
    for (int i = 0; i < 40; ++i) arrays += "[]";
    ASSERT_FALSE(parse_abi_type(arrays).has_value());
    EXPECT_EQ(parse_abi_type(arrays).error(), AbiError::kTypeTooDeep);
    std::string ok = "uint256";
    for (int i = 0; i < 15; ++i) ok = "(" + ok + ")[]";  // depth 31
    auto t31 = parse_abi_type(ok);
    ASSERT_TRUE(t31.has_value());
    EXPECT_EQ(t31->depth(), 31u);
    EXPECT_FALSE(parse_abi_type("(" + ok + ")[]").has_value());  // depth 33
}

TEST(AbiSignature, HumanReadable) {
    auto s = parse_signature("event Transfer(address indexed from, address indexed to, uint256 value)");
    ASSERT_TRUE(s.has_value());
    EXPECT_EQ(s->name, "Transfer");
    EXPECT_EQ(s->canonical(), "Transfer(address,address,uint256)");
    ASSERT_EQ(s->params.size(), 3u);
    EXPECT_TRUE(s->params[0].indexed);
    EXPECT_EQ(s->params[1].name, "to");
    EXPECT_FALSE(s->params[2].indexed);

    auto f = parse_signature("function balanceOf(address owner) external view returns (uint256 balance)");
    ASSERT_TRUE(f.has_value());
    EXPECT_EQ(f->canonical(), "balanceOf(address)");
    auto c = parse_signature("IndividualSettlement(bytes32,address,bytes32,bytes32,uint256,bytes,bytes)");
    ASSERT_TRUE(c.has_value());
    EXPECT_EQ(c->params.size(), 7u);
    auto a = parse_signature("event Anon(uint256 indexed x) anonymous");
    ASSERT_TRUE(a.has_value());
    EXPECT_TRUE(a->anonymous);
    auto m = parse_signature("function f(bytes calldata data, string memory s)");
    ASSERT_TRUE(m.has_value());
    EXPECT_EQ(m->canonical(), "f(bytes,string)");
    EXPECT_EQ(m->params[0].name, "data");

    EXPECT_FALSE(parse_signature("Transfer(address,,uint256)").has_value());
    EXPECT_FALSE(parse_signature("(address)").has_value());
    EXPECT_FALSE(parse_signature("Foo(uint256 a b)").has_value());
    EXPECT_FALSE(parse_signature("Foo(uint256) (").has_value());
}

TEST(AbiSignature, KnownTopicsAndSelectors) {
    EXPECT_EQ(to_hex(event_topic("Transfer(address,address,uint256)")),
              "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef");
    EXPECT_EQ(to_hex(event_topic(erc20_transfer_event())),
              "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef");
    EXPECT_EQ(to_hex(event_topic(authorization_used_event())),
              "0x98de503528ee59b575ef0c0a2576a82497bfc029a5685b209e9ec333479b10a5");
    EXPECT_EQ(to_hex(function_selector("transfer(address,uint256)")), "0xa9059cbb");
    EXPECT_EQ(to_hex(function_selector(transfer_with_authorization_function())), "0xe3ee160e");
    EXPECT_EQ(to_hex(function_selector(receive_with_authorization_function())), "0xef55bec6");
}

// ---------------------------------------------------------------------------------------------------------
// Encoding against viem/ethers vectors (tests/fixtures/abi/fixture.json)

TEST(AbiFixture, EncodeAndDecodeMatchReference) {
    const auto fx = load_fixture("tests/fixtures/abi/fixture.json");
    int checked = 0;
    for (const auto& c : fx.at("encode")) {
        SCOPED_TRACE(c.at("name").get<std::string>());
        const auto types = types_of(c.at("types").get<std::string>());
        const auto values = json_to_abi(types, c.at("values"));
        const Bytes expected = hex_bytes(c.at("encoded"));
        auto enc = abi_encode(types, values);
        ASSERT_TRUE(enc.has_value());
        EXPECT_EQ(to_hex(*enc), to_hex(expected));
        auto dec = abi_decode(types, expected);
        ASSERT_TRUE(dec.has_value()) << to_string(dec.error());
        EXPECT_EQ(*dec, values);
        auto lenient = abi_decode(types, expected, AbiDecodeMode::kLenient);
        ASSERT_TRUE(lenient.has_value());
        EXPECT_EQ(*lenient, values);
        ++checked;
    }
    EXPECT_EQ(checked, 12);
}

TEST(AbiFixture, PackedMatchesReference) {
    const auto fx = load_fixture("tests/fixtures/abi/fixture.json");
    for (const auto& c : fx.at("packed")) {
        SCOPED_TRACE(c.at("name").get<std::string>());
        const auto types = types_of(c.at("types").get<std::string>());
        const auto values = json_to_abi(types, c.at("values"));
        auto packed = abi_encode_packed(types, values);
        ASSERT_TRUE(packed.has_value());
        EXPECT_EQ(to_hex(*packed), c.at("packed").get<std::string>());
        EXPECT_EQ(to_hex(keccak256(*packed)), c.at("keccak").get<std::string>());
    }
}

TEST(AbiPacked, RejectsTuplesAndNestedArrays) {
    const auto t = types_of("((uint256,bool))");
    const AbiValue v[] = {AbiValue::list({AbiValue::uint(1), AbiValue::boolean(true)})};
    EXPECT_EQ(abi_encode_packed(t, v).error(), AbiError::kUnsupportedPacked);
    const auto n = types_of("(uint256[][])");
    const AbiValue nv[] = {AbiValue::list({AbiValue::list({})})};
    EXPECT_EQ(abi_encode_packed(n, nv).error(), AbiError::kUnsupportedPacked);
}

TEST(AbiEncode, RejectsValuesThatDoNotFit) {
    const auto u8 = types_of("(uint8)");
    const AbiValue big[] = {AbiValue::uint(256)};
    EXPECT_EQ(abi_encode(u8, big).error(), AbiError::kValueMismatch);
    const auto i8 = types_of("(int8)");
    const AbiValue neg[] = {AbiValue::int_(-129)};
    EXPECT_EQ(abi_encode(i8, neg).error(), AbiError::kValueMismatch);
    const AbiValue ok[] = {AbiValue::int_(-128)};
    EXPECT_TRUE(abi_encode(i8, ok).has_value());
    const auto b4 = types_of("(bytes4)");
    const AbiValue five[] = {AbiValue::bytes(hex_literal("0x0102030405"))};
    EXPECT_EQ(abi_encode(b4, five).error(), AbiError::kValueMismatch);
    const auto fixed = types_of("(uint256[2])");
    const AbiValue three[] = {AbiValue::list({AbiValue::uint(1), AbiValue::uint(2), AbiValue::uint(3)})};
    EXPECT_EQ(abi_encode(fixed, three).error(), AbiError::kValueMismatch);
    const auto str = types_of("(string)");
    const AbiValue bytes[] = {AbiValue::bytes(hex_literal("0x01"))};
    EXPECT_EQ(abi_encode(str, bytes).error(), AbiError::kValueMismatch);
    const AbiValue none[] = {AbiValue::uint(1), AbiValue::uint(2)};
    EXPECT_EQ(abi_encode(u8, none).error(), AbiError::kValueMismatch);
}

// ---------------------------------------------------------------------------------------------------------
// Strict decoding

struct BadWord {
    const char* type;
    Bytes word;
    AbiError error;
};

TEST(AbiDecode, RejectsDirtyWords) {
    Bytes dirty_address = word(Uint256(1));
    dirty_address[0] = 1;
    Bytes bool2 = word(Uint256(2));
    Bytes bool_high = word(Uint256(1));
    bool_high[0] = 0x80;
    Bytes bytes4_tail = Bytes(32, 0);
    bytes4_tail[4] = 1;
    const BadWord cases[] = {
        {"address", dirty_address, AbiError::kDirtyPadding},
        {"bool", bool2, AbiError::kBadBool},
        {"bool", bool_high, AbiError::kBadBool},
        {"uint8", word(Uint256(256)), AbiError::kDirtyPadding},
        {"uint64", word(Uint256(1) << 64), AbiError::kDirtyPadding},
        {"int8", word(Uint256(128)), AbiError::kNotSignExtended},
        {"int8", word(~Uint256(128) + Uint256(0)), AbiError::kNotSignExtended},  // -129
        {"int64", word(Uint256(1) << 63), AbiError::kNotSignExtended},
        {"bytes4", bytes4_tail, AbiError::kDirtyPadding},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.type);
        const std::vector<AbiType> t{*parse_abi_type(c.type)};
        auto r = abi_decode(t, c.word);
        ASSERT_FALSE(r.has_value());
        EXPECT_EQ(r.error(), c.error);
    }
    // The boundary values are accepted.
    const std::vector<AbiType> i8{AbiType::int_(8)};
    EXPECT_EQ(abi_decode(i8, word(~Uint256(127)))->at(0), AbiValue::int_(-128));
    EXPECT_EQ(abi_decode(i8, word(Uint256(127)))->at(0), AbiValue::int_(127));
    const std::vector<AbiType> u8{AbiType::uint(8)};
    EXPECT_EQ(abi_decode(u8, word(Uint256(255)))->at(0), AbiValue::uint(255));
}

TEST(AbiDecode, RejectsBadLengthsAndOffsets) {
    const std::vector<AbiType> t{AbiType::bytes()};
    // offset 0x20, length 3, "abc" padded.
    Bytes good = word(32) + word(3) + hex_literal("0x616263") + Bytes(29, 0);
    ASSERT_TRUE(abi_decode(t, good).has_value());

    Bytes huge_len = word(32) + word(~Uint256(0)) + Bytes(32, 0);
    EXPECT_EQ(abi_decode(t, huge_len).error(), AbiError::kLengthTooLarge);
    Bytes long_len = word(32) + word(33) + Bytes(32, 0);
    EXPECT_EQ(abi_decode(t, long_len).error(), AbiError::kLengthTooLarge);
    Bytes no_padding = word(32) + word(3) + hex_literal("0x616263");
    EXPECT_EQ(abi_decode(t, no_padding).error(), AbiError::kInputTooShort);
    Bytes dirty_padding = good;
    dirty_padding.back() = 1;
    EXPECT_EQ(abi_decode(t, dirty_padding).error(), AbiError::kDirtyPadding);
    Bytes huge_offset = word(~Uint256(0)) + word(0);
    EXPECT_EQ(abi_decode(t, huge_offset).error(), AbiError::kBadOffset);
    Bytes offset_past_end = word(96) + word(0);
    EXPECT_EQ(abi_decode(t, offset_past_end).error(), AbiError::kBadOffset);
    Bytes trailing = good + Bytes(32, 0);
    EXPECT_EQ(abi_decode(t, trailing).error(), AbiError::kTrailingBytes);
    EXPECT_TRUE(abi_decode(t, trailing, AbiDecodeMode::kLenient).has_value());
    // A gap between head and tail is a valid layout for Solidity's decoder but not canonical.
    Bytes gap = word(64) + Bytes(32, 0) + word(3) + hex_literal("0x616263") + Bytes(29, 0);
    EXPECT_EQ(abi_decode(t, gap).error(), AbiError::kBadOffset);
    auto lenient = abi_decode(t, gap, AbiDecodeMode::kLenient);
    ASSERT_TRUE(lenient.has_value());
    EXPECT_EQ(lenient->at(0), AbiValue::bytes(hex_literal("0x616263")));

    const std::vector<AbiType> arr{*parse_abi_type("uint256[]")};
    Bytes count_too_big = word(32) + word(2) + word(1);
    EXPECT_EQ(abi_decode(arr, count_too_big).error(), AbiError::kLengthTooLarge);
    Bytes count_max = word(32) + word(Uint256(1) << 63) + word(1);
    EXPECT_EQ(abi_decode(arr, count_max).error(), AbiError::kLengthTooLarge);
}

TEST(AbiDecode, AliasedOffsetsCannotAmplify) {
    // uint256[][] with k outer elements all pointing at one inner array of m elements: 32*(k+m+3) bytes
    // that would decode to k*m values if aliasing were allowed.
    const std::size_t k = 64, m = 64;
    Bytes data = word(32) + word(k);
    const std::size_t inner = 32 * k;  // relative to the start of the outer elements' heads
    for (std::size_t i = 0; i < k; ++i) data += word(inner);
    data += word(m);
    for (std::size_t i = 0; i < m; ++i) data += word(i);
    const std::vector<AbiType> t{*parse_abi_type("uint256[][]")};
    EXPECT_EQ(abi_decode(t, data).error(), AbiError::kBadOffset);
    EXPECT_EQ(abi_decode(t, data, AbiDecodeMode::kLenient).error(), AbiError::kBudgetExceeded);
}

TEST(AbiDecode, EveryTruncationFails) {
    const auto fx = load_fixture("tests/fixtures/abi/fixture.json");
    for (const auto& c : fx.at("encode")) {
        const auto types = types_of(c.at("types").get<std::string>());
        const Bytes data = hex_bytes(c.at("encoded"));
        for (std::size_t n = 0; n < data.size(); ++n) {
            EXPECT_FALSE(abi_decode(types, data.substr(0, n)).has_value()) << c.at("name") << " length " << n;
        }
    }
}

TEST(AbiDecode, EveryByteFlipIsRejectedOrChangesTheValue) {
    // Strict decoding is injective: a flipped byte either fails or decodes to another value.
    const auto fx = load_fixture("tests/fixtures/abi/fixture.json");
    std::size_t rejected = 0, changed = 0;
    for (const auto& c : fx.at("encode")) {
        const auto types = types_of(c.at("types").get<std::string>());
        const Bytes data = hex_bytes(c.at("encoded"));
        const auto original = abi_decode(types, data);
        ASSERT_TRUE(original.has_value());
        for (std::size_t i = 0; i < data.size(); ++i) {
            for (std::uint8_t mask : {std::uint8_t{0x01}, std::uint8_t{0x80}}) {
                Bytes t = data;
                t[i] ^= mask;
                auto r = abi_decode(types, t);
                if (!r) {
                    ++rejected;
                } else {
                    EXPECT_NE(*r, *original) << c.at("name") << " byte " << i;
                    ++changed;
                    auto re = abi_encode(types, *r);
                    ASSERT_TRUE(re.has_value());
                    EXPECT_EQ(*re, t);
                }
            }
        }
    }
    EXPECT_GT(rejected, 0u);
    EXPECT_GT(changed, 0u);
}

TEST(AbiDecode, EmptyTypeList) {
    EXPECT_TRUE(abi_decode({}, Bytes()).has_value());
    EXPECT_EQ(abi_decode({}, Bytes(1, 0)).error(), AbiError::kTrailingBytes);
}

// Random values for a type, for round-trip properties.
AbiValue random_value(const AbiType& t, int depth = 0) {
    using Kind = AbiType::Kind;
    const auto small_len = [&] { return *rc::gen::inRange<std::size_t>(0, depth > 1 ? 2 : 4); };
    switch (t.kind()) {
        case Kind::kAddress: {
            const auto v = *rc::gen::container<std::vector<std::uint8_t>>(20, rc::gen::arbitrary<std::uint8_t>());
            return AbiValue::address(Address::from_view_unchecked(ByteView(v.data(), v.size())));
        }
        case Kind::kBool: return AbiValue::boolean(*rc::gen::arbitrary<bool>());
        case Kind::kUint:
        case Kind::kInt: {
            const auto v = *rc::gen::container<std::vector<std::uint8_t>>(32, rc::gen::arbitrary<std::uint8_t>());
            Uint256 u = Uint256::from_be(Bytes32::from_view_unchecked(ByteView(v.data(), v.size())));
            if (t.bits() < 256) {
                u = u >> (256 - t.bits());
                if (t.kind() == Kind::kInt && !(u >> (t.bits() - 1)).is_zero()) u = u | (~Uint256(0) << t.bits());
            }
            return AbiValue::uint(u);
        }
        case Kind::kFixedBytes: {
            const auto v = *rc::gen::container<std::vector<std::uint8_t>>(t.byte_size(), rc::gen::arbitrary<std::uint8_t>());
            return AbiValue::bytes(ByteView(v.data(), v.size()));
        }
        case Kind::kBytes: {
            const auto v = *rc::gen::resize(80, rc::gen::arbitrary<std::vector<std::uint8_t>>());
            return AbiValue::bytes(ByteView(v.data(), v.size()));
        }
        case Kind::kString: return AbiValue::string(*rc::gen::resize(70, rc::gen::arbitrary<std::string>()));
        case Kind::kTuple: {
            AbiValue::List l;
            for (const auto& c : t.components()) l.push_back(random_value(c, depth + 1));
            return AbiValue::list(std::move(l));
        }
        case Kind::kArray: {
            AbiValue::List l;
            const std::size_t n = small_len();
            for (std::size_t i = 0; i < n; ++i) l.push_back(random_value(t.element(), depth + 1));
            return AbiValue::list(std::move(l));
        }
        case Kind::kFixedArray: {
            AbiValue::List l;
            for (std::size_t i = 0; i < t.length(); ++i) l.push_back(random_value(t.element(), depth + 1));
            return AbiValue::list(std::move(l));
        }
    }
    return {};
}

RC_GTEST_PROP(AbiProperty, EncodeDecodeRoundTrip, ()) {
    static const char* kTypeLists[] = {
        "(bytes32,address,uint64,int32,bool,bytes,string)",
        "(uint256[],(bytes,uint8)[2],bytes3[][],int256)",
        "((bytes,(string,uint16)[])[],bytes32[2][],string[])",
        "(bytes32,bytes32,bytes32,bytes,uint256)",
        "(int8,int16,int24,int128,uint24,uint160,bytes1,bytes31)",
    };
    const auto idx = *rc::gen::inRange<std::size_t>(0, std::size(kTypeLists));
    const auto types = *parse_abi_types(kTypeLists[idx]);
    AbiValues values;
    for (const auto& t : types) values.push_back(random_value(t));
    auto enc = abi_encode(types, values);
    RC_ASSERT(enc.has_value());
    RC_ASSERT(enc->size() % 32 == 0);
    auto dec = abi_decode(types, *enc);
    RC_ASSERT(dec.has_value());
    RC_ASSERT(*dec == values);
    auto lenient = abi_decode(types, *enc, AbiDecodeMode::kLenient);
    RC_ASSERT(lenient.has_value());
    RC_ASSERT(*lenient == values);
}

RC_GTEST_PROP(AbiProperty, ArbitraryBytesNeverCrashAndCanonicalReencodes, (std::vector<std::uint8_t> raw)) {
    static const auto types = *parse_abi_types("(bytes32,bytes,uint256[],(string,uint8)[])");
    const ByteView data(raw.data(), raw.size());
    auto dec = abi_decode(types, data);
    if (dec) {
        auto enc = abi_encode(types, *dec);
        RC_ASSERT(enc.has_value());
        RC_ASSERT(*enc == Bytes(data));
    }
    (void)abi_decode(types, data, AbiDecodeMode::kLenient);
}

// ---------------------------------------------------------------------------------------------------------
// Events and calldata

TEST(AbiEvents, FixtureLogsDecode) {
    const auto fx = load_fixture("tests/fixtures/abi/fixture.json");
    int checked = 0;
    for (const auto& c : fx.at("events")) {
        SCOPED_TRACE(c.at("canonical").get<std::string>());
        auto sig = parse_signature(c.at("signature").get<std::string>());
        ASSERT_TRUE(sig.has_value());
        EXPECT_EQ(sig->canonical(), c.at("canonical").get<std::string>());
        std::vector<Hash32> topics;
        for (const auto& t : c.at("topics")) topics.push_back(hex_hash(t));
        const Bytes data = hex_bytes(c.at("data"));
        auto ev = decode_log(*sig, topics, data);
        ASSERT_TRUE(ev.has_value()) << to_string(ev.error());
        ASSERT_EQ(ev->fields.size(), sig->params.size());
        AbiValues values;
        for (std::size_t i = 0; i < sig->params.size(); ++i) {
            const auto& p = sig->params[i];
            const AbiValue v = json_to_abi(p.type, c.at("values").at(i));
            values.push_back(v);
            EXPECT_EQ(ev->fields[i].name, p.name);
            if (p.indexed && !p.type.is_atomic()) {
                EXPECT_TRUE(ev->fields[i].hashed);
            } else {
                EXPECT_EQ(ev->fields[i].value, v) << p.name;
            }
        }
        auto log = encode_log(*sig, values);
        ASSERT_TRUE(log.has_value());
        EXPECT_EQ(log->topics, topics);
        EXPECT_EQ(log->data, data);
        ++checked;
    }
    EXPECT_EQ(checked, 6);
}

struct SettlementLog {
    std::vector<Hash32> topics;
    Bytes data;
};

SettlementLog individual_settlement_log() {
    const auto fx = load_fixture("tests/fixtures/abi/fixture.json");
    for (const auto& c : fx.at("events")) {
        if (c.at("canonical").get<std::string>().rfind("IndividualSettlement", 0) != 0) continue;
        SettlementLog l;
        for (const auto& t : c.at("topics")) l.topics.push_back(hex_hash(t));
        l.data = hex_bytes(c.at("data"));
        return l;
    }
    ADD_FAILURE() << "no IndividualSettlement in fixture";
    return {};
}

TEST(AbiEvents, IndividualSettlementTyped) {
    const auto log = individual_settlement_log();
    auto s = decode_individual_settlement(log.topics, log.data);
    ASSERT_TRUE(s.has_value()) << to_string(s.error());
    EXPECT_EQ(to_hex(s->tee_id), "0xddc21f2d5d0af861b4fc1390df47f1c93bc5aee54e7e31763e97256d56148253");
    EXPECT_EQ(to_hex(s->eth_address), "0x9deebb5d1b22e4a6e027977cead13893a7e4cc1a");
    Bytes32 input_hash, output_hash;
    input_hash.bytes.fill(0x0a);
    output_hash.bytes.fill(0x0b);
    EXPECT_EQ(s->input_hash, input_hash);
    EXPECT_EQ(s->output_hash, output_hash);
    EXPECT_EQ(s->timestamp, Uint256(1760000000));
    EXPECT_EQ(to_string_view(s->walrus_blob_id), "VOiYtSq3HuAqf1gmRAoxZfm2eB3UhZxUq4VpkQV5nBw");
    EXPECT_EQ(s->signature, Bytes(256, 0xc3));
}

TEST(AbiEvents, IndividualSettlementTamper) {
    const auto log = individual_settlement_log();
    const auto good = decode_individual_settlement(log.topics, log.data);
    ASSERT_TRUE(good.has_value());

    // Wrong event / topic count.
    auto wrong0 = log.topics;
    wrong0[0].bytes[5] ^= 1;
    EXPECT_EQ(decode_individual_settlement(wrong0, log.data).error(), AbiError::kWrongTopic0);
    auto fewer = log.topics;
    fewer.pop_back();
    EXPECT_EQ(decode_individual_settlement(fewer, log.data).error(), AbiError::kWrongTopicCount);
    auto more = log.topics;
    more.push_back(Hash32{});
    EXPECT_EQ(decode_individual_settlement(more, log.data).error(), AbiError::kWrongTopicCount);
    // A BatchSettlement log is not an IndividualSettlement.
    EXPECT_FALSE(decode_batch_settlement(log.topics, log.data).has_value());
    // Dirty upper bytes in the indexed address topic.
    auto dirty = log.topics;
    dirty[2].bytes[0] = 1;
    EXPECT_EQ(decode_individual_settlement(dirty, log.data).error(), AbiError::kDirtyPadding);
    // Every data byte flip: rejected, or a different decoded settlement.
    for (std::size_t i = 0; i < log.data.size(); ++i) {
        Bytes d = log.data;
        d[i] ^= 0x01;
        auto r = decode_individual_settlement(log.topics, d);
        if (!r) continue;
        const bool same = r->input_hash == good->input_hash && r->output_hash == good->output_hash &&
                          r->timestamp == good->timestamp && r->walrus_blob_id == good->walrus_blob_id &&
                          r->signature == good->signature;
        EXPECT_FALSE(same) << "byte " << i;
    }
}

TEST(AbiEvents, TransferAndAuthorizationUsed) {
    const Address from = hex_literal_fixed<20>("0x857b06519E91e3A54538791bDbb0E22373e36b66");
    const Address to = hex_literal_fixed<20>("0x9deEBB5D1b22e4a6e027977CeAd13893A7E4cC1a");
    const AbiValue v[] = {AbiValue::address(from), AbiValue::address(to), AbiValue::uint(1000000)};
    auto log = encode_log(erc20_transfer_event(), v);
    ASSERT_TRUE(log.has_value());
    auto t = decode_erc20_transfer(log->topics, log->data);
    ASSERT_TRUE(t.has_value());
    EXPECT_EQ(t->from, from);
    EXPECT_EQ(t->to, to);
    EXPECT_EQ(t->value, Uint256(1000000));
    EXPECT_EQ(decode_erc20_transfer(log->topics, log->data + Bytes(1, 0)).error(), AbiError::kTrailingBytes);
    EXPECT_EQ(decode_erc20_transfer(log->topics, log->data.substr(0, 31)).error(), AbiError::kInputTooShort);
    // ERC-721 Transfer has the same topic0 but a fourth topic (indexed tokenId) and no data.
    auto nft = log->topics;
    nft.push_back(Uint256(7).to_be());
    EXPECT_EQ(decode_erc20_transfer(nft, Bytes()).error(), AbiError::kWrongTopicCount);

    const Bytes32 nonce = keccak256(to_view("n"));
    const AbiValue a[] = {AbiValue::address(from), AbiValue::fixed(nonce)};
    auto used = encode_log(authorization_used_event(), a);
    ASSERT_TRUE(used.has_value());
    EXPECT_TRUE(used->data.empty());
    auto u = decode_authorization_used(used->topics, used->data);
    ASSERT_TRUE(u.has_value());
    EXPECT_EQ(u->authorizer, from);
    EXPECT_EQ(u->nonce, nonce);
}

TEST(AbiCalls, AuthorizationCalldata) {
    const auto fx = load_fixture("tests/fixtures/abi/fixture.json");
    int checked = 0;
    for (const auto& c : fx.at("calls")) {
        const Bytes calldata = hex_bytes(c.at("calldata"));
        auto call = decode_authorization_call(calldata);
        ASSERT_TRUE(call.has_value()) << to_string(call.error());
        const bool receive = c.at("signature").get<std::string>().find("receive") != std::string::npos;
        EXPECT_EQ(call->kind, receive ? AuthorizationCallKind::kReceiveWithAuthorization
                                      : AuthorizationCallKind::kTransferWithAuthorization);
        const auto& v = c.at("values");
        EXPECT_EQ(call->from, hex_literal_fixed<20>(v[0].get<std::string>()));
        EXPECT_EQ(call->to, hex_literal_fixed<20>(v[1].get<std::string>()));
        EXPECT_EQ(call->value, Uint256(1000000));
        EXPECT_EQ(call->valid_after, Uint256(1735689000));
        EXPECT_EQ(call->valid_before, Uint256(1735692600));
        EXPECT_EQ(call->nonce, hex_literal_fixed<32>(v[5].get<std::string>()));
        EXPECT_EQ(call->v, 27);
        EXPECT_EQ(call->r, hex_literal_fixed<32>(v[7].get<std::string>()));
        EXPECT_EQ(call->s, hex_literal_fixed<32>(v[8].get<std::string>()));
        EXPECT_EQ(encode_authorization_call(*call), calldata);
        EXPECT_EQ(to_hex(calldata.substr(0, 4)), c.at("selector").get<std::string>());

        // Tamper: selector, trailing byte, truncation, v out of uint8 range, dirty address padding.
        Bytes other = calldata;
        other[0] ^= 1;
        EXPECT_EQ(decode_authorization_call(other).error(), AbiError::kWrongSelector);
        EXPECT_EQ(decode_authorization_call(calldata + Bytes(1, 0)).error(), AbiError::kTrailingBytes);
        EXPECT_EQ(decode_authorization_call(calldata.substr(0, calldata.size() - 1)).error(),
                  AbiError::kInputTooShort);
        EXPECT_EQ(decode_authorization_call(calldata.substr(0, 3)).error(), AbiError::kInputTooShort);
        Bytes big_v = calldata;
        big_v[4 + 6 * 32 + 30] = 1;
        EXPECT_EQ(decode_authorization_call(big_v).error(), AbiError::kDirtyPadding);
        Bytes dirty_from = calldata;
        dirty_from[4 + 11] = 1;
        EXPECT_EQ(decode_authorization_call(dirty_from).error(), AbiError::kDirtyPadding);
        ++checked;
    }
    EXPECT_EQ(checked, 2);
}

}  // namespace
}  // namespace countersign::chain
