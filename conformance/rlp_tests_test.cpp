// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>

#include "conformance/rlp_tests.hpp"

namespace countersign::conformance {
namespace {

const std::filesystem::path kRlpDir = std::filesystem::path{COUNTERSIGN_SOURCE_DIR} / "vectors/ethereum-tests/RLPTests";

std::string slurp(const std::filesystem::path& p) {
    std::ifstream in{p, std::ios::binary};
    return {std::istreambuf_iterator<char>{in}, std::istreambuf_iterator<char>{}};
}

FileResult run_file(const std::filesystem::path& p) {
    const std::string text = slurp(p);
    EXPECT_FALSE(text.empty()) << p;
    EXPECT_TRUE(kRlpTests.detect(p, text)) << p;
    return kRlpTests.run(p, text);
}

TEST(RlpTestsFormat, EveryVectorPasses) {
    const struct {
        const char* file;
        std::size_t cases;
    } files[] = {{"rlptest.json", 28}, {"invalidRLPTest.json", 26}, {"RandomRLPTests/example.json", 1}};
    for (const auto& f : files) {
        const FileResult r = run_file(kRlpDir / f.file);
        EXPECT_EQ(r.passed, f.cases) << f.file;
        EXPECT_EQ(r.failed, 0u) << f.file << ": " << (r.failures.empty() ? "" : r.failures.front());
        EXPECT_EQ(r.skipped, 0u) << f.file;
    }
}

TEST(RlpTestsFormat, DetectsOnlyInOutFiles) {
    const std::filesystem::path json{"x.json"};
    EXPECT_TRUE(kRlpTests.detect(json, R"({"a": {"in": "VALID", "out": "0x80"}})"));
    EXPECT_FALSE(kRlpTests.detect(std::filesystem::path{"x.txt"}, R"({"a": {"in": "VALID", "out": "0x80"}})"));
    EXPECT_FALSE(kRlpTests.detect(json, R"({"a": {"in": "VALID", "out": "0x80", "root": "0x"}})"));
    EXPECT_FALSE(kRlpTests.detect(json, R"({"a": {"in": [], "root": "0x80"}})"));
    EXPECT_FALSE(kRlpTests.detect(json, R"([{"in": "VALID", "out": "0x80"}])"));
    EXPECT_FALSE(kRlpTests.detect(json, R"({"a": {"in": "VALID", "out": "0x80"})"));
}

// The runner must notice a wrong vector (or a wrong codec): tampered cases fail, never pass.
TEST(RlpTestsFormat, TamperedCasesFail) {
    const std::filesystem::path json{"x.json"};
    const char* tampered[] = {
        R"({"t": {"in": "dog", "out": "0x83646f68"}})",                 // wrong encoding
        R"({"t": {"in": "dog", "out": "0x8483646f67"}})",
        R"({"t": {"in": 128, "out": "0x820080"}})",                      // non-canonical integer
        R"({"t": {"in": "#115792089237316195423570985008687907853269984665640564039457584007913129639936",
                  "out": "0xa1010000000000000000000000000000000000000000000000000000000000000001"}})",
        R"({"t": {"in": ["cat", ["dog"]], "out": "0xc98363617483646f67"}})",
        R"({"t": {"in": "INVALID", "out": "0x83646f67"}})",              // valid RLP marked invalid
        R"({"t": {"in": "VALID", "out": "0x8105"}})",                    // invalid RLP marked valid
        R"({"t": {"in": "VALID", "out": "0xzz"}})",
        R"({"t": {"in": -1, "out": "0x80"}})",
        R"({"t": {"in": "#12a", "out": "0x80"}})",
    };
    for (const char* text : tampered) {
        const FileResult r = kRlpTests.run(json, text);
        EXPECT_EQ(r.passed, 0u) << text;
        EXPECT_EQ(r.failed, 1u) << text;
    }
    const FileResult ok = kRlpTests.run(
        json, R"({"a": {"in": ["cat", ["dog"]], "out": "0xc983636174c483646f67"}, "b": {"in": 0, "out": "0x80"},
                 "c": {"in": "#256", "out": "0x820100"}, "d": {"in": "INVALID", "out": "c0c0"}})");
    EXPECT_EQ(ok.failed, 0u) << (ok.failures.empty() ? "" : ok.failures.front());
    EXPECT_EQ(ok.passed, 4u);
}

}  // namespace
}  // namespace countersign::conformance
