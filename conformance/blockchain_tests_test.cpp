// SPDX-License-Identifier: Apache-2.0
#include <fstream>
#include <iterator>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "conformance/blockchain_tests.hpp"
#include "conformance/exclusions.hpp"
#include "conformance/mainnet_blocks.hpp"

namespace countersign::conformance {
namespace {

std::filesystem::path vector(const std::string& relative) {
    return std::filesystem::path{COUNTERSIGN_SOURCE_DIR} / "vectors" / relative;
}

std::string read(const std::filesystem::path& p) {
    std::ifstream in{p, std::ios::binary};
    return {std::istreambuf_iterator<char>{in}, std::istreambuf_iterator<char>{}};
}

TEST(Exclusions, GlobAndParse) {
    EXPECT_TRUE(glob_match("a/*/c.json", "a/b/c.json", true));
    EXPECT_FALSE(glob_match("a/*.json", "a/b/c.json", true));
    EXPECT_TRUE(glob_match("a/**.json", "a/b/c.json", true));
    EXPECT_TRUE(glob_match("*fork_Prague*", "tests/x.py::t[fork_Prague-blockchain_test]", false));
    EXPECT_FALSE(glob_match("*fork_Osaka*", "tests/x.py::t[fork_Prague-blockchain_test]", false));
    const auto list = parse_exclusions(
        "# comment\n"
        "a/b.json@case_*   needs EVM execution: state root\n"
        "a/c.json   too slow\n");
    ASSERT_EQ(list.entries.size(), 1u);
    EXPECT_EQ(list.entries[0].case_glob, "case_*");
    ASSERT_EQ(list.errors.size(), 1u);  // only "needs EVM execution" is an acceptable reason
    EXPECT_NE(list.errors[0].find("line 3"), std::string::npos);
}

TEST(Exclusions, ProjectListIsWellFormed) {
    const auto list = parse_exclusions(read(vector("exclusions.txt")));
    EXPECT_TRUE(list.errors.empty());
    EXPECT_FALSE(list.entries.empty());
    const auto p = vector("ethereum-tests/BlockchainTests/InvalidBlocks/bcInvalidHeaderTest/wrongGasUsed.json");
    ASSERT_TRUE(exclusion_reason(p, "wrongGasUsed_Cancun"));
    EXPECT_EQ(exclusion_reason(p, "x")->substr(0, kRequiredReasonPrefix.size()), kRequiredReasonPrefix);
    EXPECT_FALSE(exclusion_reason(vector("ethereum-tests/BlockchainTests/ValidBlocks/bcExample/shanghaiExample.json"), "x"));
}

FileResult run_blockchain(const std::filesystem::path& p, const nlohmann::json& doc) {
    const std::string text = doc.dump();
    EXPECT_TRUE(kBlockchainTests.detect(p, text));
    return kBlockchainTests.run(p, text);
}

TEST(BlockchainTests, ValidFixtureAndTampering) {
    const auto p = vector("ethereum-tests/BlockchainTests/ValidBlocks/bcEIP4844-blobtransactions/blockWithAllTransactionTypes.json");
    const auto doc = nlohmann::json::parse(read(p));
    const auto ok = run_blockchain(p, doc);
    EXPECT_EQ(ok.failed, 0u);
    EXPECT_EQ(ok.passed, 3u);  // genesis, block 1, chain head
    auto& test = *doc.begin();
    const std::string name = doc.begin().key();

    auto bad_hash = doc;
    bad_hash[name]["blocks"][0]["blockHeader"]["hash"] = "0x" + std::string(64, '0');
    EXPECT_GT(run_blockchain(p, bad_hash).failed, 0u);
    auto bad_sender = doc;
    bad_sender[name]["blocks"][0]["transactions"][2]["sender"] = "0x" + std::string(40, '1');
    EXPECT_GT(run_blockchain(p, bad_sender).failed, 0u);
    auto bad_field = doc;
    bad_field[name]["blocks"][0]["blockHeader"]["gasUsed"] = "0x01";
    EXPECT_GT(run_blockchain(p, bad_field).failed, 0u);
    auto bad_rlp = doc;
    std::string rlp = test["blocks"][0]["rlp"].get<std::string>();
    rlp[rlp.size() - 3] = rlp[rlp.size() - 3] == 'a' ? 'b' : 'a';  // a byte inside the last transaction
    bad_rlp[name]["blocks"][0]["rlp"] = rlp;
    EXPECT_GT(run_blockchain(p, bad_rlp).failed, 0u);
    auto bad_genesis = doc;
    bad_genesis[name]["genesisBlockHeader"]["hash"] = "0x" + std::string(64, '0');
    EXPECT_GT(run_blockchain(p, bad_genesis).failed, 0u);
    auto bad_head = doc;
    bad_head[name]["lastblockhash"] = "0x" + std::string(64, '0');
    EXPECT_GT(run_blockchain(p, bad_head).failed, 0u);
    // Declared invalid but nothing wrong with it: accepted, not excluded, so a failure.
    auto falsely_invalid = doc;
    falsely_invalid[name]["blocks"][0]["expectException"] = "BlockException.INVALID_STATE_ROOT";
    const auto r = run_blockchain(p, falsely_invalid);
    EXPECT_GT(r.failed, 0u);
    EXPECT_EQ(r.skipped, 0u);
}

TEST(BlockchainTests, InvalidBlocksAreRejectedOrExcluded) {
    const auto rejected = vector("ethereum-tests/BlockchainTests/InvalidBlocks/bc4895-withdrawals/incorrectWithdrawalsRoot.json");
    const auto r1 = run_blockchain(rejected, nlohmann::json::parse(read(rejected)));
    EXPECT_EQ(r1.failed, 0u);
    EXPECT_EQ(r1.skipped, 0u);
    const auto excluded = vector("ethereum-tests/BlockchainTests/InvalidBlocks/bcInvalidHeaderTest/wrongGasUsed.json");
    const auto r2 = run_blockchain(excluded, nlohmann::json::parse(read(excluded)));
    EXPECT_EQ(r2.failed, 0u);
    EXPECT_EQ(r2.skipped, 1u);
}

TEST(MainnetBlocks, HashesAndRoots) {
    const auto p = vector("execution-specs/src/ethereum/assets/blocks/block_12964999.json");
    const std::string text = read(p);
    ASSERT_TRUE(kMainnetBlocks.detect(p, text));
    const auto r = kMainnetBlocks.run(p, text);
    EXPECT_EQ(r.failed, 0u);
    EXPECT_EQ(r.passed, 147u);  // header hash, 145 transaction hashes, transactions root
    auto doc = nlohmann::json::parse(text);
    doc["transactions"][0]["hash"] = "0x" + std::string(64, '0');
    EXPECT_EQ(kMainnetBlocks.run(p, doc.dump()).failed, 1u);
    doc = nlohmann::json::parse(text);
    doc["stateRoot"] = "0x" + std::string(64, '0');
    EXPECT_EQ(kMainnetBlocks.run(p, doc.dump()).failed, 1u);
}

}  // namespace
}  // namespace countersign::conformance
