// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include "chain/abi_test_json.hpp"
#include "chain/eip712.hpp"
#include "chain/eip712_payments.hpp"
#include "crypto/hex.hpp"
#include "crypto/keccak.hpp"

namespace countersign::chain {
namespace {

using testing::hex_hash;
using testing::json_to_domain;
using testing::json_to_eip712;
using testing::json_to_eip712_types;
using testing::load_fixture;

const nlohmann::json& fixture() {
    static const nlohmann::json fx = load_fixture("tests/fixtures/eip712/fixture.json");
    return fx;
}

const nlohmann::json& fixture_case(std::string_view name) {
    for (const auto& c : fixture().at("cases"))
        if (c.at("name").get<std::string>() == name) return c;
    throw std::runtime_error("no case " + std::string(name));
}

// Every case of the fixture (viem hashTypedData == ethers TypedDataEncoder at generation time).
TEST(Eip712Fixture, AllCasesMatchViemAndEthers) {
    int checked = 0;
    for (const auto& c : fixture().at("cases")) {
        SCOPED_TRACE(c.at("name").get<std::string>());
        const auto types = json_to_eip712_types(c.at("types"));
        const std::string primary = c.at("primaryType").get<std::string>();
        const auto domain = json_to_domain(c.at("domain"));
        const AbiValue message = json_to_eip712(types, primary, c.at("message"));

        auto enc = encode_type(types, primary);
        ASSERT_TRUE(enc.has_value());
        EXPECT_EQ(*enc, c.at("encodeType").get<std::string>());
        EXPECT_EQ(*type_hash(types, primary), hex_hash(c.at("typeHash")));
        EXPECT_EQ(domain_separator(domain), hex_hash(c.at("domainSeparator")));
        auto sh = hash_struct(types, primary, message);
        ASSERT_TRUE(sh.has_value()) << to_string(sh.error());
        EXPECT_EQ(*sh, hex_hash(c.at("hashStruct")));
        auto digest = typed_data_digest(domain, types, primary, message);
        ASSERT_TRUE(digest.has_value());
        EXPECT_EQ(*digest, hex_hash(c.at("digest")));
        auto data = encode_data(types, primary, message);
        ASSERT_TRUE(data.has_value());
        EXPECT_EQ(keccak256(*data), *sh);
        ++checked;
    }
    EXPECT_EQ(checked, 8);
}

TEST(Eip712, MailExampleFromTheEip) {
    const auto& c = fixture_case("eip712-mail-example");
    const auto types = json_to_eip712_types(c.at("types"));
    const AbiValue message = json_to_eip712(types, "Mail", c.at("message"));
    EXPECT_EQ(*encode_type(types, "Mail"),
              "Mail(Person from,Person to,string contents)Person(string name,address wallet)");
    EXPECT_EQ(to_hex(*typed_data_digest(json_to_domain(c.at("domain")), types, "Mail", message)),
              "0xbe609aee343fb3c4b28e1df9e632fca64fcfaede20f02e86244efddf30957bd2");
    // Published intermediate values of the EIP's Example.js.
    EXPECT_EQ(to_hex(*type_hash(types, "Mail")),
              "0xa0cedeb2dc280ba39b857546d74f5549c3a1d7bdc2dd96bf881f76108e23dac2");
    EXPECT_EQ(to_hex(domain_separator(json_to_domain(c.at("domain")))),
              "0xf2cee375fa42b42143804025fc449deafd50cc031ca257e0b194a650a912090f");
    EXPECT_EQ(to_hex(*hash_struct(types, "Mail", message)),
              "0xc52c0ee5d84264471806290a3f2c4cecfc5490626bf912d01f240d7a274b371e");
}

Eip3009Authorization authorization_from(const nlohmann::json& m) {
    Eip3009Authorization a;
    a.from = hex_literal_fixed<20>(m.at("from").get<std::string>());
    a.to = hex_literal_fixed<20>(m.at("to").get<std::string>());
    a.value = testing::json_int(m.at("value"));
    a.valid_after = testing::json_int(m.at("validAfter"));
    a.valid_before = testing::json_int(m.at("validBefore"));
    a.nonce = hex_literal_fixed<32>(m.at("nonce").get<std::string>());
    return a;
}

TEST(Eip712Payments, Eip3009TypedHelpersMatchFixture) {
    const auto usdc = hex_literal_fixed<20>("0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913");
    const Eip712Domain domain = eip3009_domain("USD Coin", "2", 8453, usdc);
    const auto& transfer = fixture_case("eip3009-transfer-usdc-base");
    EXPECT_EQ(domain_separator(domain), hex_hash(transfer.at("domainSeparator")));
    const auto a = authorization_from(transfer.at("message"));
    EXPECT_EQ(eip3009_digest(domain, Eip3009Kind::kTransferWithAuthorization, a), hex_hash(transfer.at("digest")));
    const auto& receive = fixture_case("eip3009-receive-usdc-base");
    EXPECT_EQ(eip3009_digest(domain, Eip3009Kind::kReceiveWithAuthorization, a), hex_hash(receive.at("digest")));
    const auto& cancel = fixture_case("eip3009-cancel-usdc-base");
    EXPECT_EQ(eip3009_cancel_digest(domain, {a.from, a.nonce}), hex_hash(cancel.at("digest")));
    // The type hash constants from the EIP-3009 reference implementation.
    EXPECT_EQ(to_hex(*type_hash(eip3009_types(Eip3009Kind::kTransferWithAuthorization), "TransferWithAuthorization")),
              "0x7c7c6cdb67a18743f49ec6fa9b35f50d52ed05cbed4cc592e13b44501c1a2267");
    EXPECT_EQ(to_hex(*type_hash(eip3009_types(Eip3009Kind::kReceiveWithAuthorization), "ReceiveWithAuthorization")),
              "0xd099cc98ef71107a616c4f0f941f04c322d8e254fe26b3c6668db87aae413de8");
    EXPECT_EQ(to_hex(*type_hash(eip3009_cancel_types(), "CancelAuthorization")),
              "0x158b0a9edf7a828aad02f63cd515c68ef2f50ba807396f6d12842833a1597429");

    // Tamper: every field, the domain's chain, name, version and contract change the digest.
    const Hash32 good = eip3009_digest(domain, Eip3009Kind::kTransferWithAuthorization, a);
    auto changed = [&](auto mutate) {
        Eip3009Authorization t = a;
        Eip712Domain d = domain;
        mutate(t, d);
        return eip3009_digest(d, Eip3009Kind::kTransferWithAuthorization, t) != good;
    };
    EXPECT_TRUE(changed([](auto& t, auto&) { t.from.bytes[19] ^= 1; }));
    EXPECT_TRUE(changed([](auto& t, auto&) { t.to.bytes[0] ^= 1; }));
    EXPECT_TRUE(changed([](auto& t, auto&) { t.value = t.value + Uint256(1); }));
    EXPECT_TRUE(changed([](auto& t, auto&) { t.valid_after = t.valid_after + Uint256(1); }));
    EXPECT_TRUE(changed([](auto& t, auto&) { t.valid_before = t.valid_before + Uint256(1); }));
    EXPECT_TRUE(changed([](auto& t, auto&) { t.nonce.bytes[31] ^= 1; }));
    EXPECT_TRUE(changed([](auto&, auto& d) { d.chain_id = Uint256(84532); }));
    EXPECT_TRUE(changed([](auto&, auto& d) { d.name = "USDC"; }));
    EXPECT_TRUE(changed([](auto&, auto& d) { d.version = "1"; }));
    EXPECT_TRUE(changed([](auto&, auto& d) { d.verifying_contract->bytes[0] ^= 1; }));
    EXPECT_NE(eip3009_digest(domain, Eip3009Kind::kReceiveWithAuthorization, a), good);
}

TEST(Eip712Payments, Permit2UptoMatchesFixture) {
    const auto& c = fixture_case("permit2-upto-witness-base");
    const auto& m = c.at("message");
    Permit2UptoPermit p;
    p.token = hex_literal_fixed<20>(m.at("permitted").at("token").get<std::string>());
    p.amount = testing::json_int(m.at("permitted").at("amount"));
    p.spender = hex_literal_fixed<20>(m.at("spender").get<std::string>());
    p.nonce = testing::json_int(m.at("nonce"));
    p.deadline = testing::json_int(m.at("deadline"));
    p.witness_to = hex_literal_fixed<20>(m.at("witness").at("to").get<std::string>());
    p.witness_facilitator = hex_literal_fixed<20>(m.at("witness").at("facilitator").get<std::string>());
    p.witness_valid_after = testing::json_int(m.at("witness").at("validAfter"));

    const Eip712Domain domain = permit2_domain(8453);
    EXPECT_FALSE(domain.version.has_value());
    EXPECT_EQ(domain_separator(domain), hex_hash(c.at("domainSeparator")));
    EXPECT_EQ(permit2_upto_struct_hash(p), hex_hash(c.at("hashStruct")));
    EXPECT_EQ(permit2_upto_digest(domain, p), hex_hash(c.at("digest")));
    EXPECT_EQ(*encode_type(permit2_upto_types(), "PermitWitnessTransferFrom"), c.at("encodeType").get<std::string>());
    // Permit2's own stub + the witness type string the x402 upto proxy registers give the same type.
    EXPECT_EQ(*encode_type(permit2_upto_types(), "PermitWitnessTransferFrom"),
              "PermitWitnessTransferFrom(TokenPermissions permitted,address spender,uint256 nonce,uint256 deadline,"
              "Witness witness)TokenPermissions(address token,uint256 amount)Witness(address to,address facilitator,"
              "uint256 validAfter)");

    const Hash32 good = permit2_upto_digest(domain, p);
    auto changed = [&](auto mutate) {
        Permit2UptoPermit t = p;
        mutate(t);
        return permit2_upto_digest(domain, t) != good;
    };
    EXPECT_TRUE(changed([](auto& t) { t.token.bytes[0] ^= 1; }));
    EXPECT_TRUE(changed([](auto& t) { t.amount = t.amount + Uint256(1); }));
    EXPECT_TRUE(changed([](auto& t) { t.spender.bytes[5] ^= 1; }));
    EXPECT_TRUE(changed([](auto& t) { t.nonce = t.nonce + Uint256(1); }));
    EXPECT_TRUE(changed([](auto& t) { t.deadline = t.deadline + Uint256(1); }));
    EXPECT_TRUE(changed([](auto& t) { t.witness_to.bytes[19] ^= 1; }));
    EXPECT_TRUE(changed([](auto& t) { t.witness_facilitator.bytes[19] ^= 1; }));
    EXPECT_TRUE(changed([](auto& t) { t.witness_valid_after = t.witness_valid_after + Uint256(1); }));
    EXPECT_NE(permit2_upto_digest(permit2_domain(84532), p), good);
}

TEST(Eip712, EncodeTypeSortsDependenciesAndIgnoresUnreferenced) {
    Eip712Types types{
        {"Z", {{"a", "A"}, {"c", "C[]"}}},
        {"A", {{"b", "B[2]"}}},
        {"B", {{"x", "uint8"}}},
        {"C", {{"z", "Z"}}},  // cycle back to the primary type
        {"Unused", {{"x", "uint256"}}},
    };
    EXPECT_EQ(*encode_type(types, "Z"), "Z(A a,C[] c)A(B[2] b)B(uint8 x)C(Z z)");
    EXPECT_EQ(*encode_type(types, "B"), "B(uint8 x)");
}

TEST(Eip712, Errors) {
    Eip712Types types{{"T", {{"a", "uint256"}, {"b", "Missing"}}}};
    EXPECT_EQ(encode_type(types, "Nope").error(), Eip712Error::kUnknownType);
    auto unknown = hash_struct(types, "T", AbiValue::list({AbiValue::uint(1), AbiValue::uint(2)}));
    EXPECT_EQ(unknown.error(), Eip712Error::kUnknownType);

    Eip712Types ok{{"T", {{"a", "uint8"}, {"b", "bytes32[2]"}, {"c", "string"}}}};
    const AbiValue two = AbiValue::list({AbiValue::fixed(Bytes32{}), AbiValue::fixed(Bytes32{})});
    EXPECT_TRUE(hash_struct(ok, "T", AbiValue::list({AbiValue::uint(255), two, AbiValue::string("s")})).has_value());
    EXPECT_EQ(hash_struct(ok, "T", AbiValue::list({AbiValue::uint(256), two, AbiValue::string("s")})).error(),
              Eip712Error::kValueMismatch);
    EXPECT_EQ(hash_struct(ok, "T", AbiValue::list({AbiValue::uint(1), AbiValue::list({}), AbiValue::string("")})).error(),
              Eip712Error::kValueMismatch);
    EXPECT_EQ(hash_struct(ok, "T", AbiValue::list({AbiValue::uint(1), two})).error(), Eip712Error::kValueMismatch);
    EXPECT_EQ(hash_struct(ok, "T", AbiValue::list({AbiValue::uint(1), two, AbiValue::bytes(Bytes())})).error(),
              Eip712Error::kValueMismatch);

    Eip712Types zero{{"T", {{"a", "uint8[0]"}}}};
    EXPECT_EQ(hash_struct(zero, "T", AbiValue::list({AbiValue::list({})})).error(), Eip712Error::kBadTypeName);
    Eip712Types tuple_syntax{{"T", {{"a", "(uint8)"}}}};
    EXPECT_FALSE(hash_struct(tuple_syntax, "T", AbiValue::list({AbiValue::list({AbiValue::uint(1)})})).has_value());

    // Self-referential struct: values nested beyond the depth limit are refused, not recursed forever.
    Eip712Types rec{{"Node", {{"next", "Node[]"}}}};
    AbiValue v = AbiValue::list({AbiValue::list({})});
    for (int i = 0; i < 40; ++i) v = AbiValue::list({AbiValue::list({v})});
    EXPECT_EQ(hash_struct(rec, "Node", v).error(), Eip712Error::kTooDeep);
    EXPECT_EQ(*encode_type(rec, "Node"), "Node(Node[] next)");
}

}  // namespace
}  // namespace countersign::chain
