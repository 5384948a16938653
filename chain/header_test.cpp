// SPDX-License-Identifier: Apache-2.0
#include <filesystem>
#include <map>

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "chain/block.hpp"
#include "chain/block_json.hpp"
#include "chain/block_test_support.hpp"
#include "chain/header.hpp"
#include "chain/header_json.hpp"
#include "crypto/hex.hpp"
#include "crypto/keccak.hpp"

namespace countersign::chain {
namespace {

using testing::io_results;
using testing::read_vector;

std::size_t field_count(const BlockHeader& h) {
    return 15 + h.base_fee_per_gas.has_value() + h.withdrawals_root.has_value() + h.blob_gas_used.has_value() +
           h.excess_blob_gas.has_value() + h.parent_beacon_block_root.has_value() + h.requests_hash.has_value();
}

// Every valid block of the execution-spec-tests fixtures: the header inside the block RLP decodes to the
// fixture's decoded blockHeader, re-encodes to the same bytes and hashes to its `hash`; headers of every
// fork shape (15, 16, 17, 20 and 21 fields) occur.
TEST(Header, FixtureRoundTripsForEveryFork) {
    std::map<std::size_t, std::size_t> by_field_count;
    const auto root = testing::vector_path("eest-fixtures/blockchain_tests");
    for (const auto& entry : std::filesystem::recursive_directory_iterator{root}) {
        if (entry.path().extension() != ".json") continue;
        const auto doc = nlohmann::json::parse(read_vector(entry.path().lexically_relative(testing::vector_path("")).string()));
        for (const auto& [name, test] : doc.items()) {
            for (const auto& b : test["blocks"]) {
                if (!b.contains("blockHeader")) continue;
                const Bytes raw = *parse_hex(b["rlp"].get<std::string>());
                ByteView body = raw;
                auto outer = rlp::decode_list(body);
                ASSERT_TRUE(outer);
                ByteView p = *outer;
                ByteView cursor = p;
                auto h = decode_header(cursor);
                ASSERT_TRUE(h) << name;
                const ByteView consumed = p.substr(0, p.size() - cursor.size());
                EXPECT_EQ(encode_header(*h), Bytes{consumed}) << name;
                EXPECT_EQ(header_hash(*h), keccak256(consumed)) << name;
                EXPECT_EQ(header_hash(*h), *claimed_hash_from_json(b["blockHeader"])) << name;
                auto from_json = header_from_json(b["blockHeader"], JsonDialect::kTestFixture);
                ASSERT_TRUE(from_json) << from_json.error().message();
                EXPECT_EQ(*from_json, *h) << name;
                ++by_field_count[field_count(*h)];
            }
        }
    }
    for (std::size_t n : {15u, 16u, 17u, 20u, 21u}) EXPECT_GT(by_field_count[n], 0u) << n << " fields";
}

BlockHeader prague_header() {
    BlockHeader h;
    h.parent_hash = hex_literal_fixed<32>("0x" + std::string(64, '1'));
    h.ommers_hash = hex_literal_fixed<32>(kEmptyOmmersHashHex);
    h.beneficiary = hex_literal_fixed<20>("0x" + std::string(40, '2'));
    h.state_root = hex_literal_fixed<32>("0x" + std::string(64, '3'));
    h.transactions_root = hex_literal_fixed<32>("0x" + std::string(64, '4'));
    h.receipts_root = hex_literal_fixed<32>("0x" + std::string(64, '5'));
    h.logs_bloom.bytes[7] = 0x40;
    h.difficulty = Uint256{0};
    h.number = 1000;
    h.gas_limit = 30000000;
    h.gas_used = 21000;
    h.timestamp = 1700000000;
    h.extra_data = Bytes{0xde, 0xad};
    h.mix_hash = hex_literal_fixed<32>("0x" + std::string(64, '6'));
    h.base_fee_per_gas = Uint256{7};
    h.withdrawals_root = hex_literal_fixed<32>("0x" + std::string(64, '7'));
    h.blob_gas_used = 131072;
    h.excess_blob_gas = 0;
    h.parent_beacon_block_root = hex_literal_fixed<32>("0x" + std::string(64, '8'));
    h.requests_hash = hex_literal_fixed<32>("0x" + std::string(64, '9'));
    return h;
}

// Flipping any field changes the hash.
TEST(Header, EveryFieldChangesTheHash) {
    const BlockHeader h = prague_header();
    const Hash32 base = header_hash(h);
    std::vector<void (*)(BlockHeader&)> tamper = {
        [](BlockHeader& x) { x.parent_hash.bytes[0] ^= 1; },
        [](BlockHeader& x) { x.ommers_hash.bytes[31] ^= 1; },
        [](BlockHeader& x) { x.beneficiary.bytes[19] ^= 1; },
        [](BlockHeader& x) { x.state_root.bytes[5] ^= 1; },
        [](BlockHeader& x) { x.transactions_root.bytes[5] ^= 1; },
        [](BlockHeader& x) { x.receipts_root.bytes[5] ^= 1; },
        [](BlockHeader& x) { x.logs_bloom.bytes[255] ^= 1; },
        [](BlockHeader& x) { x.difficulty = Uint256{1}; },
        [](BlockHeader& x) { x.number += 1; },
        [](BlockHeader& x) { x.gas_limit -= 1; },
        [](BlockHeader& x) { x.gas_used += 1; },
        [](BlockHeader& x) { x.timestamp += 1; },
        [](BlockHeader& x) { x.extra_data.push_back(0); },
        [](BlockHeader& x) { x.mix_hash.bytes[0] ^= 1; },
        [](BlockHeader& x) { x.nonce.bytes[7] ^= 1; },
        [](BlockHeader& x) { x.base_fee_per_gas = Uint256{8}; },
        [](BlockHeader& x) { x.withdrawals_root->bytes[0] ^= 1; },
        [](BlockHeader& x) { *x.blob_gas_used += 1; },
        [](BlockHeader& x) { *x.excess_blob_gas += 1; },
        [](BlockHeader& x) { x.parent_beacon_block_root->bytes[0] ^= 1; },
        [](BlockHeader& x) { x.requests_hash->bytes[0] ^= 1; },
        [](BlockHeader& x) { x.requests_hash.reset(); },
    };
    for (std::size_t i = 0; i < tamper.size(); ++i) {
        BlockHeader t = h;
        tamper[i](t);
        EXPECT_NE(header_hash(t), base) << "field " << i;
        if (has_consistent_fork_fields(t)) {
            EXPECT_EQ(*decode_raw_header(encode_header(t)), t) << "field " << i;
        }
    }
}

TEST(Header, RejectsImpossibleShapes) {
    BlockHeader partial_cancun = prague_header();
    partial_cancun.requests_hash.reset();
    partial_cancun.parent_beacon_block_root.reset();
    EXPECT_FALSE(has_consistent_fork_fields(partial_cancun));
    EXPECT_EQ(decode_raw_header(encode_header(partial_cancun)).error(), HeaderError::kWrongFieldCount);  // 19 fields
    partial_cancun.excess_blob_gas.reset();
    EXPECT_EQ(decode_raw_header(encode_header(partial_cancun)).error(), HeaderError::kWrongFieldCount);  // 18 fields

    // 22 fields: one appended element.
    const Bytes enc = encode_header(prague_header());
    ByteView v = enc;
    const ByteView payload = *rlp::decode_list(v);
    Bytes extra{payload};
    extra.push_back(0x80);
    Bytes longer;
    rlp::encode_header(longer, {true, extra.size()});
    longer += extra;
    EXPECT_EQ(decode_raw_header(longer).error(), HeaderError::kWrongFieldCount);

    // 14 fields: the nonce dropped.
    BlockHeader frontier = prague_header();
    frontier.base_fee_per_gas.reset();
    frontier.withdrawals_root.reset();
    frontier.blob_gas_used.reset();
    frontier.excess_blob_gas.reset();
    frontier.parent_beacon_block_root.reset();
    frontier.requests_hash.reset();
    const Bytes f = encode_header(frontier);
    ByteView fv = f;
    const ByteView fp = *rlp::decode_list(fv);
    const Bytes short_payload{fp.substr(0, fp.size() - 9)};
    Bytes shorter;
    rlp::encode_header(shorter, {true, short_payload.size()});
    shorter += short_payload;
    EXPECT_EQ(decode_raw_header(shorter).error(), HeaderError::kWrongFieldCount);

    // A 7-byte nonce, and a non-canonical number (leading zero).
    Bytes bad_nonce = f;
    const std::size_t nonce_at = f.size() - 9;
    ASSERT_EQ(bad_nonce[nonce_at], 0x88);
    bad_nonce[nonce_at] = 0x87;
    bad_nonce.pop_back();
    EXPECT_FALSE(decode_raw_header(bad_nonce));
    EXPECT_FALSE(decode_raw_header(f + Bytes{0x00}));
    EXPECT_FALSE(decode_raw_header(f.substr(0, f.size() - 1)));
}

// Headers of each fork shape round-trip through RLP.
RC_GTEST_PROP(Header, RoundTripEveryFork, ()) {
    BlockHeader h;
    const auto h32 = [] { return Hash32{*rc::gen::arbitrary<std::array<std::uint8_t, 32>>()}; };
    h.parent_hash = h32();
    h.ommers_hash = h32();
    h.beneficiary = Address{*rc::gen::arbitrary<std::array<std::uint8_t, 20>>()};
    h.state_root = h32();
    h.transactions_root = h32();
    h.receipts_root = h32();
    h.logs_bloom = Bloom{*rc::gen::arbitrary<std::array<std::uint8_t, 256>>()};
    h.difficulty = Uint256{*rc::gen::arbitrary<std::uint64_t>(), *rc::gen::arbitrary<std::uint64_t>(), 0,
                           *rc::gen::arbitrary<std::uint64_t>()};
    h.number = *rc::gen::arbitrary<std::uint64_t>();
    h.gas_limit = *rc::gen::arbitrary<std::uint64_t>();
    h.gas_used = *rc::gen::arbitrary<std::uint64_t>();
    h.timestamp = *rc::gen::arbitrary<std::uint64_t>();
    const auto extra = *rc::gen::container<std::vector<std::uint8_t>>(*rc::gen::inRange<std::size_t>(0, 100),
                                                                      rc::gen::arbitrary<std::uint8_t>());
    h.extra_data.assign(extra.begin(), extra.end());
    h.mix_hash = h32();
    h.nonce = Nonce{*rc::gen::arbitrary<std::array<std::uint8_t, 8>>()};
    const int fork = *rc::gen::inRange(0, 5);  // 0 Frontier, 1 London, 2 Shanghai, 3 Cancun, 4 Prague
    if (fork >= 1) h.base_fee_per_gas = Uint256{*rc::gen::arbitrary<std::uint64_t>()};
    if (fork >= 2) h.withdrawals_root = h32();
    if (fork >= 3) {
        h.blob_gas_used = *rc::gen::arbitrary<std::uint64_t>();
        h.excess_blob_gas = *rc::gen::arbitrary<std::uint64_t>();
        h.parent_beacon_block_root = h32();
    }
    if (fork >= 4) h.requests_hash = h32();
    RC_ASSERT(has_consistent_fork_fields(h));
    const Bytes enc = encode_header(h);
    RC_ASSERT(enc.size() == header_length(h));
    RC_ASSERT(*decode_raw_header(enc) == h);
    RC_ASSERT(header_hash(h) == keccak256(enc));
}

// JSON-RPC block objects of the execution-apis test chain (Frontier genesis, London and Cancun fork blocks).
TEST(HeaderJson, RpcBlocksHashToTheirClaimedHash) {
    std::size_t checked = 0;
    for (const char* file : {"eth_getBlockByNumber/get-genesis.io", "eth_getBlockByNumber/get-block-london-fork.io",
                             "eth_getBlockByNumber/get-block-cancun-fork.io", "eth_getBlockByNumber/get-latest.io",
                             "eth_getBlockByHash/get-block-by-hash.io"}) {
        for (const auto& result : io_results(std::string{"execution-apis/tests/"} + file)) {
            auto block = block_from_rpc_json(result);
            ASSERT_TRUE(block) << file << ": " << block.error().message();
            auto check = check_rpc_block(*block);
            ASSERT_TRUE(check) << file << ": " << to_string(check.error().mismatch);
            ++checked;
            auto tampered = result;
            tampered["gasUsed"] = Uint256{block->header.gas_used + 1}.to_quantity();
            EXPECT_EQ(check_rpc_block(*block_from_rpc_json(tampered)).error().mismatch, RpcBlockMismatch::kHeaderHash);
        }
    }
    EXPECT_EQ(checked, 5u);
}

// execution-specs mainnet blocks: header hash, and for the block with transactions the root and hashes.
TEST(HeaderJson, MainnetBlocks) {
    for (const char* n : {"1", "1234567", "12964999"}) {
        const auto doc = nlohmann::json::parse(
            read_vector(std::string{"execution-specs/src/ethereum/assets/blocks/block_"} + n + ".json"));
        auto block = block_from_rpc_json(doc);
        ASSERT_TRUE(block) << n << ": " << block.error().message();
        EXPECT_EQ(header_hash(block->header), block->hash) << n;
        auto check = check_rpc_block(*block);
        ASSERT_TRUE(check) << n << ": " << to_string(check.error().mismatch);
        EXPECT_TRUE(check->transactions_verified);
    }
    auto doc = nlohmann::json::parse(read_vector("execution-specs/src/ethereum/assets/blocks/block_12964999.json"));
    ASSERT_EQ(block_from_rpc_json(doc)->transactions.size(), 145u);
    auto value_changed = doc;
    value_changed["transactions"][3]["value"] = "0x1";
    auto check = check_rpc_block(*block_from_rpc_json(value_changed));
    EXPECT_EQ(check.error().mismatch, RpcBlockMismatch::kTransactionHash);
    EXPECT_EQ(check.error().index, 3u);
    auto hash_changed = doc;
    hash_changed["transactions"][5]["hash"] = "0x" + std::string(64, '0');
    EXPECT_EQ(check_rpc_block(*block_from_rpc_json(hash_changed)).error().index, 5u);
    auto dropped = doc;
    dropped["transactions"].erase(dropped["transactions"].size() - 1);
    EXPECT_EQ(check_rpc_block(*block_from_rpc_json(dropped)).error().mismatch, RpcBlockMismatch::kTransactionsRoot);
    auto padded = doc;
    padded["number"] = "0x00c5d487";
    EXPECT_FALSE(block_from_rpc_json(padded));
    auto later_without_earlier = doc;
    later_without_earlier["withdrawalsRoot"] = "0x" + std::string(64, '0');
    EXPECT_FALSE(block_from_rpc_json(later_without_earlier));
}

}  // namespace
}  // namespace countersign::chain
