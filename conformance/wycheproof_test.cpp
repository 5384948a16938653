// SPDX-License-Identifier: Apache-2.0
#include "conformance/wycheproof.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <iostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "crypto/hex.hpp"

namespace countersign::conformance {
namespace {

std::string read_file(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

const std::filesystem::path kVectors = COUNTERSIGN_SOURCE_DIR "/vectors";

struct Expectation {
    const char* file;
    const Format* format;
    std::size_t cases;
};

// Every case of every secp256k1 file must be checked and must pass.
TEST(Wycheproof, AllSecp256k1FilesPass) {
    const Expectation files[] = {
        {"wycheproof-c2sp/testvectors_v1/ecdsa_secp256k1_sha256_test.json", &kWycheproofEcdsa, 476},
        {"wycheproof-c2sp/testvectors_v1/ecdsa_secp256k1_sha256_bitcoin_test.json", &kWycheproofEcdsa, 463},
        {"wycheproof-c2sp/testvectors_v1/ecdsa_secp256k1_sha256_p1363_test.json", &kWycheproofEcdsa, 252},
        {"wycheproof-google/testvectors/ecdsa_secp256k1_sha256_test.json", &kWycheproofEcdsa, 380},
        {"wycheproof-google/testvectors/ecdsa_secp256k1_sha256_p1363_test.json", &kWycheproofEcdsa, 211},
        {"wycheproof-c2sp/testvectors_v1/ecdh_secp256k1_test.json", &kWycheproofEcdh, 752},
        {"wycheproof-c2sp/testvectors_v1/ecdh_secp256k1_webcrypto_test.json", &kWycheproofEcdh, 496},
        {"wycheproof-google/testvectors/ecdh_secp256k1_test.json", &kWycheproofEcdh, 460},
    };
    for (const auto& f : files) {
        const auto path = kVectors / f.file;
        const std::string text = read_file(path);
        ASSERT_FALSE(text.empty()) << path;
        EXPECT_TRUE(f.format->detect(path, text)) << f.file;
        const Format* other = f.format == &kWycheproofEcdsa ? &kWycheproofEcdh : &kWycheproofEcdsa;
        EXPECT_FALSE(other->detect(path, text)) << f.file;
        const FileResult r = f.format->run(path, text);
        EXPECT_EQ(r.failed, 0u) << f.file << ": " << (r.failures.empty() ? "" : r.failures.front());
        EXPECT_EQ(r.skipped, 0u) << f.file;
        EXPECT_EQ(r.passed, f.cases) << f.file;
        for (const auto& failure : r.failures) ADD_FAILURE() << f.file << ": " << failure;
        for (const auto& note : r.notes) std::cout << f.file << ": " << note << '\n';
    }
}

// The runner can fail: flipping the expected result of cases must turn each into exactly one failure.
TEST(Wycheproof, WrongExpectationsAreFailures) {
    for (const char* file : {"wycheproof-c2sp/testvectors_v1/ecdsa_secp256k1_sha256_bitcoin_test.json",
                             "wycheproof-c2sp/testvectors_v1/ecdsa_secp256k1_sha256_p1363_test.json",
                             "wycheproof-c2sp/testvectors_v1/ecdh_secp256k1_test.json"}) {
        const auto path = kVectors / file;
        auto doc = nlohmann::json::parse(read_file(path));
        std::size_t flipped = 0;
        for (auto& group : doc["testGroups"]) {
            for (auto& test : group["tests"]) {
                // Compared as std::string: gcc 12 warns falsely (-Warray-bounds) on json == "literal".
                const std::string result = test["result"].get<std::string>();
                if (result == "valid" && flipped < 3) {
                    test["result"] = "invalid";
                    ++flipped;
                } else if (result == "invalid" && flipped >= 3 && flipped < 6) {
                    test["result"] = "valid";
                    ++flipped;
                }
            }
        }
        ASSERT_EQ(flipped, 6u) << file;
        const Format& format = std::string_view(file).find("ecdh") != std::string_view::npos ? kWycheproofEcdh
                                                                                             : kWycheproofEcdsa;
        const FileResult r = format.run(path, doc.dump());
        EXPECT_EQ(r.failed, 6u) << file;
    }
}

TEST(Wycheproof, DoesNotClaimOtherFiles) {
    const auto rlp = kVectors / "ethereum-tests/RLPTests/rlptest.json";
    const std::string text = read_file(rlp);
    EXPECT_FALSE(kWycheproofEcdsa.detect(rlp, text));
    EXPECT_FALSE(kWycheproofEcdh.detect(rlp, text));
    // Another curve's ECDSA file is not claimed.
    const std::string p256 = R"({"algorithm": "ECDSA", "schema": "ecdsa_verify_schema_v1.json",
        "testGroups": [{"type": "EcdsaVerify", "publicKey": {"curve": "secp256r1"}, "sha": "SHA-256", "tests": []}]})";
    EXPECT_FALSE(kWycheproofEcdsa.detect("x.json", p256));
}

TEST(Wycheproof, MalformedFileIsOneFailure) {
    const std::string text =
        R"({"algorithm": "ECDSA", "schema": "ecdsa_verify_schema_v1.json", "secp256k1", "SHA-256")";
    const FileResult r = kWycheproofEcdsa.run("x.json", text);
    EXPECT_EQ(r.failed, 1u);
    EXPECT_EQ(r.passed, 0u);
}

TEST(Wycheproof, StrictDer) {
    using wycheproof::parse_der_signature;
    const auto ok = parse_der_signature(hex_literal("3006020101020102"));
    ASSERT_TRUE(ok);
    EXPECT_EQ(ok->r.bytes[31], 1);
    EXPECT_EQ(ok->s.bytes[31], 2);
    EXPECT_TRUE(parse_der_signature(hex_literal("300702020080020102")));     // 0x80 needs its zero byte
    EXPECT_TRUE(parse_der_signature(hex_literal("3006020101020100")));       // s = 0 parses: a range matter
    EXPECT_FALSE(parse_der_signature(hex_literal("30070202000102010200")));  // body longer than its length
    EXPECT_FALSE(parse_der_signature(hex_literal("300702020001020102")));    // non-minimal leading zero
    EXPECT_FALSE(parse_der_signature(hex_literal("3006020181020102")));      // negative
    EXPECT_FALSE(parse_der_signature(hex_literal("308106020101020102")));    // long-form length
    EXPECT_FALSE(parse_der_signature(hex_literal("300602010102010200")));    // trailing byte
    EXPECT_FALSE(parse_der_signature(hex_literal("3007020101020102")));      // length too long
    EXPECT_FALSE(parse_der_signature(hex_literal("30060201010201")));        // truncated
    EXPECT_FALSE(parse_der_signature(hex_literal("30050201010200")));        // empty integer
    EXPECT_FALSE(parse_der_signature(hex_literal("3009020101020102020103")));  // a third integer
    EXPECT_FALSE(parse_der_signature(hex_literal("3106020101020102")));      // SET, not SEQUENCE
    EXPECT_FALSE(parse_der_signature(hex_literal("3006030101020102")));      // BIT STRING, not INTEGER
    // 33 value bytes after the sign byte: too large for any scalar.
    EXPECT_FALSE(parse_der_signature(hex_literal("30270222" "0080" + std::string(64, '0') + "020101")));
    EXPECT_FALSE(parse_der_signature({}));
}

}  // namespace
}  // namespace countersign::conformance
