// SPDX-License-Identifier: Apache-2.0
// The reference gateway's offline parts: canonical request JSON byte-for-byte equal to Python's
// json.dumps(sort_keys=True) (expected strings produced by CPython 3), the stand-in model, the embedded test
// keys, the tamper-mode table.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

#include "crypto/keccak.hpp"
#include "crypto/rsa_pss.hpp"
#include "devnet/gateway_keys.hpp"
#include "devnet/gateway_request.hpp"
#include "devnet/gateway_tamper.hpp"

namespace countersign::devnet {
namespace {

TEST(GatewayRequest, CanonicalJsonEqualsPythonJsonDumps) {
    // python3: json.dumps({"model": ..., "messages": [...], "temperature": 0.7, "max_tokens": 64}, sort_keys=True)
    ChatRequest r;
    r.messages = {{"user", "h\xc3\xa9llo \"q\" \\ \n\t\b\f\r\x01\x1f \x7f \xf0\x9f\x98\x80 \xe2\x82\xac/"}};
    r.temperature = 0.7;
    r.max_tokens = 64;
    auto text = canonical_request_json(r);
    ASSERT_TRUE(text) << text.error();
    EXPECT_EQ(*text,
              R"({"max_tokens": 64, "messages": [{"content": "h\u00e9llo \"q\" \\ \n\t\b\f\r\u0001\u001f \u007f )"
              R"(\ud83d\ude00 \u20ac/", "role": "user"}], "model": "countersign-standin-echo-v1", )"
              R"("temperature": 0.7})");

    ChatRequest plain;
    plain.model = "m";
    plain.messages = {{"system", "a"}, {"user", "b"}};
    auto text2 = canonical_request_json(plain);
    ASSERT_TRUE(text2) << text2.error();
    EXPECT_EQ(*text2, R"({"messages": [{"content": "a", "role": "system"}, {"content": "b", "role": "user"}], )"
                      R"("model": "m", "temperature": 0.0})");
}

TEST(GatewayRequest, TemperatureIsPythonRepr) {
    const std::pair<double, const char*> cases[] = {{0.0, "0.0"},   {0.7, "0.7"},       {1.0, "1.0"},
                                                    {0.1, "0.1"},   {2.0, "2.0"},       {0.0001, "0.0001"},
                                                    {1.25, "1.25"}, {0.3, "0.3"},       {0.15, "0.15"},
                                                    {1.9999, "1.9999"}};
    for (const auto& [value, repr] : cases) {
        auto text = python_float_repr(value);
        ASSERT_TRUE(text) << value;
        EXPECT_EQ(*text, repr);
    }
    for (double bad : {-0.0, -1.0, 2.5, 1e-5, std::nan(""), HUGE_VAL}) EXPECT_FALSE(python_float_repr(bad)) << bad;
}

TEST(GatewayRequest, InvalidUtf8IsRefused) {
    for (std::string_view bad : {std::string_view("\xc0\xaf"), std::string_view("\xed\xa0\x80"),
                                 std::string_view("\xe2\x82"), std::string_view("\xf4\x90\x80\x80"),
                                 std::string_view("\x80"), std::string_view("\xff")})
        EXPECT_FALSE(python_json_string(bad)) << bad.size();
    EXPECT_EQ(*python_json_string(""), "\"\"");
}

TEST(GatewayRequest, StandinModelIsDeterministicAndNamed) {
    ChatRequest r;
    r.messages = {{"system", "ignored words here"}, {"user", "one two  three\tfour"}};
    const StandinOutput out = run_standin_model(r);
    EXPECT_EQ(out.text, "[countersign-standin-echo-v1: not a real model] four three two one");
    EXPECT_EQ(out.prompt_tokens, 7u);
    EXPECT_EQ(out.completion_tokens, 4u);
    EXPECT_EQ(run_standin_model(r).text, out.text);
    r.max_tokens = 2;
    EXPECT_EQ(run_standin_model(r).text, "[countersign-standin-echo-v1: not a real model] four three");
    EXPECT_EQ(run_standin_model(r).completion_tokens, 2u);
}

std::string read_source(const std::string& relative) {
    std::ifstream in(std::string(COUNTERSIGN_SOURCE_DIR) + "/" + relative, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

TEST(GatewayKeys, EmbeddedKeysAreTheCommittedPemFiles) {
    EXPECT_EQ(tee_key_pem().substr(1), read_source("devnet/keys/tee-0.pem"));
    EXPECT_EQ(unregistered_tee_key_pem().substr(1), read_source("devnet/keys/tee-unregistered.pem"));
    auto a = RsaPrivateKey::from_pem(tee_key_pem());
    auto b = RsaPrivateKey::from_pem(unregistered_tee_key_pem());
    ASSERT_TRUE(a);
    ASSERT_TRUE(b);
    EXPECT_EQ(a->modulus_bits(), 2048u);
    EXPECT_EQ(b->modulus_bits(), 2048u);
    EXPECT_NE(keccak256(a->public_key_der()), keccak256(b->public_key_der()));
}

TEST(GatewayTamper, ModesHaveUniqueNamesAndRoundTrip) {
    std::set<std::string_view> names;
    EXPECT_EQ(tamper_modes().size(), 14u);
    for (const TamperInfo& info : tamper_modes()) {
        EXPECT_TRUE(names.insert(info.name).second) << info.name;
        EXPECT_EQ(parse_tamper(info.name), info.tamper);
        EXPECT_EQ(&tamper_info(info.tamper), &info);
        const std::set<std::string_view> verdicts = {"failed", "risky", "pending"};
        EXPECT_TRUE(verdicts.count(info.expected_verdict)) << info.name;
        EXPECT_FALSE(info.expected_code.empty());
    }
    EXPECT_EQ(parse_tamper("none"), Tamper::kNone);
    EXPECT_FALSE(parse_tamper("all"));
    EXPECT_FALSE(parse_tamper("Changed-Output"));
}

}  // namespace
}  // namespace countersign::devnet
