// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>

#include "conformance/trie_tests.hpp"

namespace countersign::conformance {
namespace {

const std::filesystem::path kTrieDir =
    std::filesystem::path{COUNTERSIGN_SOURCE_DIR} / "vectors/ethereum-tests/TrieTests";

std::string slurp(const std::filesystem::path& p) {
    std::ifstream in{p, std::ios::binary};
    return {std::istreambuf_iterator<char>{in}, std::istreambuf_iterator<char>{}};
}

TEST(TrieTestsFormat, EveryVectorPasses) {
    const struct {
        const char* file;
        std::size_t cases;
    } files[] = {{"trietest.json", 5},
                 {"trieanyorder.json", 7},
                 {"trietest_secureTrie.json", 3},
                 {"trieanyorder_secureTrie.json", 7},
                 {"hex_encoded_securetrie_test.json", 3}};
    for (const auto& f : files) {
        const auto path = kTrieDir / f.file;
        const std::string text = slurp(path);
        ASSERT_TRUE(kTrieTests.detect(path, text)) << f.file;
        const FileResult r = kTrieTests.run(path, text);
        EXPECT_EQ(r.passed, f.cases) << f.file;
        EXPECT_EQ(r.failed, 0u) << f.file << ": " << (r.failures.empty() ? "" : r.failures.front());
        EXPECT_EQ(r.skipped, 0u) << f.file;
    }
}

TEST(TrieTestsFormat, LeavesNextPrevAndOtherFormatsUnclaimed) {
    const auto nextprev = kTrieDir / "trietestnextprev.json";
    EXPECT_FALSE(kTrieTests.detect(nextprev, slurp(nextprev)));
    const std::filesystem::path trie{"trietest.json"};
    EXPECT_FALSE(kTrieTests.detect(std::filesystem::path{"x.json"}, R"({"a": {"in": {}, "root": "0x00"}})"));
    EXPECT_FALSE(kTrieTests.detect(trie, R"({"a": {"in": "VALID", "out": "0x80"}})"));
    EXPECT_FALSE(kTrieTests.detect(trie, R"({"a": {"in": {}, "root": "0x00", "extra": 1}})"));
    EXPECT_FALSE(kTrieTests.detect(trie, R"({"a": {"in": {}, "root": "0x00"})"));
    EXPECT_TRUE(kTrieTests.detect(trie, R"({"a": {"in": {}, "root": "0x00"}})"));
}

// A wrong root, a wrong value, a reordered list (order matters: a later null deletes), or the wrong key
// hashing must each fail the case.
TEST(TrieTestsFormat, TamperedCasesFail) {
    const std::filesystem::path plain{"trietest.json"};
    const std::filesystem::path secure{"trietest_secureTrie.json"};
    const std::string empty_root = "0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421";
    const FileResult empty =
        kTrieTests.run(plain, R"({"t": {"in": [["a", "b"], ["a", null]], "root": ")" + empty_root + R"("}})");
    EXPECT_EQ(empty.passed, 1u) << (empty.failures.empty() ? "" : empty.failures.front());
    const std::string anyorder = R"({"t": {"in": {"do": "verb", "horse": "stallion", "doge": "coin", "dog": "puppy"},
        "root": "0x5991bb8c6514148a29db676a14ac506cd2cd5775ace63c30a4fe457715e9ac84"}})";
    const FileResult good = kTrieTests.run(std::filesystem::path{"trieanyorder.json"}, anyorder);
    EXPECT_EQ(good.passed, 1u) << (good.failures.empty() ? "" : good.failures.front());
    const char* bad[] = {
        R"({"t": {"in": {"do": "verb", "horse": "stallion", "doge": "coin", "dog": "puppy!"},
            "root": "0x5991bb8c6514148a29db676a14ac506cd2cd5775ace63c30a4fe457715e9ac84"}})",
        R"({"t": {"in": {"do": "verb", "horse": "stallion", "doge": "coin", "dog": "puppy"},
            "root": "0x5991bb8c6514148a29db676a14ac506cd2cd5775ace63c30a4fe457715e9ac85"}})",
        R"({"t": {"in": [["dog", "puppy"], ["dog", null], ["do", "verb"], ["horse", "stallion"], ["doge", "coin"]],
            "root": "0x5991bb8c6514148a29db676a14ac506cd2cd5775ace63c30a4fe457715e9ac84"}})",
        R"({"t": {"in": {"do": "verb"}, "root": "0xzz"}})",
        R"({"t": {"in": [["do"]], "root": "0x5991bb8c6514148a29db676a14ac506cd2cd5775ace63c30a4fe457715e9ac84"}})",
        R"({"t": {"in": {"0xzz": "verb"},
            "root": "0x5991bb8c6514148a29db676a14ac506cd2cd5775ace63c30a4fe457715e9ac84"}})",
    };
    for (const char* text : bad) {
        const FileResult r = kTrieTests.run(plain, text);
        EXPECT_EQ(r.passed, 0u) << text;
        EXPECT_EQ(r.failed, 1u) << text;
    }
    // The same case read as a secure trie hashes its keys and so misses the plain root.
    const FileResult as_secure = kTrieTests.run(secure, anyorder);
    EXPECT_EQ(as_secure.passed, 0u);
    EXPECT_EQ(as_secure.failed, 1u);
}

}  // namespace
}  // namespace countersign::conformance
