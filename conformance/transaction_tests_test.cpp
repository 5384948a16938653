// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>

#include "conformance/transaction_tests.hpp"

namespace countersign::conformance {
namespace {

const std::filesystem::path kDir =
    std::filesystem::path{COUNTERSIGN_SOURCE_DIR} / "vectors/ethereum-tests/TransactionTests";

std::string slurp(const std::filesystem::path& p) {
    std::ifstream in{p, std::ios::binary};
    return {std::istreambuf_iterator<char>{in}, std::istreambuf_iterator<char>{}};
}

TEST(TransactionTestsFormat, EveryVectorPassesOrIsJustifiedSkipped) {
    std::size_t files = 0, passed = 0, skipped = 0;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(kDir)) {
        if (entry.path().extension() != ".json") continue;
        const std::string text = slurp(entry.path());
        ASSERT_TRUE(kTransactionTests.detect(entry.path(), text)) << entry.path();
        const FileResult r = kTransactionTests.run(entry.path(), text);
        EXPECT_EQ(r.failed, 0u) << entry.path() << ": " << (r.failures.empty() ? "" : r.failures.front());
        for (const auto& f : r.failures) ADD_FAILURE() << entry.path().filename() << ": " << f;
        EXPECT_GT(r.passed, 0u) << entry.path();
        passed += r.passed;
        skipped += r.skipped;
        ++files;
    }
    EXPECT_EQ(files, 210u);
    EXPECT_EQ(skipped, 0u);
    // 210 cases x their forks (13 each, fewer for files filled before Paris/Cancun).
    EXPECT_EQ(passed, 2665u);
}

TEST(TransactionTestsFormat, Detect) {
    const std::filesystem::path json{"x.json"};
    EXPECT_TRUE(kTransactionTests.detect(json, R"({"a": {"txbytes": "0x", "result": {}}})"));
    EXPECT_FALSE(kTransactionTests.detect(json, R"({"a": {"in": "VALID", "out": "0x80"}})"));
    EXPECT_FALSE(kTransactionTests.detect(std::filesystem::path{"x.txt"}, R"({"a": {"txbytes": "0x", "result": {}}})"));
    EXPECT_FALSE(kTransactionTests.detect(json, R"({"a": {"txbytes": "0x", "result": {}}, "b": {"out": "0x"}})"));
}

// Tampered expectations must fail, never pass: the runner really compares hash, sender and intrinsic gas,
// and an exception we do not raise is a failure.
TEST(TransactionTestsFormat, TamperedVectorsFail) {
    const std::string text = slurp(kDir / "ttSignature/Vitalik_1.json");
    const FileResult ok = kTransactionTests.run("x.json", text);
    ASSERT_EQ(ok.failed, 0u);
    ASSERT_GT(ok.passed, 0u);
    for (const auto& [from, to] : std::vector<std::pair<std::string, std::string>>{
             {"\"hash\" : \"0x", "\"hash\" : \"0x0"},             // hash changes (wrong length)
             {"\"sender\" : \"0x", "\"sender\" : \"0xff"},         // sender
             {"\"intrinsicGas\" : \"0x", "\"intrinsicGas\" : \"0x1"},  // intrinsic gas
         }) {
        std::string t = text;
        for (auto at = t.find(from); at != std::string::npos; at = t.find(from, at + to.size())) t.replace(at, from.size(), to);
        const FileResult r = kTransactionTests.run("x.json", t);
        EXPECT_GT(r.failed, 0u) << from;
        EXPECT_EQ(r.passed + r.failed, ok.passed) << from;
    }
    // A valid transaction labelled as an exception: must fail.
    const std::string valid = R"({"t": {"txbytes": ")" +
                              std::string{"0xf86c098504a817c800825208943535353535353535353535353535353535353535880de0b6b"
                                          "3a76400008025a028ef61340bd939bc2195fe537567866003e1a15d3c71ff63e1590620aa63"
                                          "6276a067cbe9d8997f761aecb703304b3800ccf555c9f3dc64214b297fb1966a3b6d83"} +
                              R"(", "result": {"London": {"exception": "TransactionException.INVALID_SIGNATURE_VRS"}, "Homestead": {"exception": "TransactionException.INVALID_CHAINID"}}}})";
    const FileResult r = kTransactionTests.run("x.json", valid);
    EXPECT_EQ(r.failed, 1u);  // London accepts it; Homestead rejects it (EIP-155 not active)
    EXPECT_EQ(r.passed, 1u);
}

}  // namespace
}  // namespace countersign::conformance
