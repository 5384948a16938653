// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <functional>
#include <type_traits>
#include <string>
#include <vector>

#include "chain/header.hpp"
#include "verify/header_store.hpp"
#include "verify/verify_test_support.hpp"

namespace countersign::verify {
namespace {

using chain::BlockHeader;
using testing::block_at;
using testing::test_chain;
using testing::test_config;

Untrusted<ClaimedHeader> claim(const BlockHeader& h, std::optional<Hash32> hash = std::nullopt) {
    return Untrusted{ClaimedHeader{h, hash}};
}

// Only verify/ can make a Verified<T>; anyone can wrap a claim.
static_assert(!std::is_constructible_v<Verified<BlockHeader>, BlockHeader, Hash32, std::uint64_t>);
static_assert(!std::is_default_constructible_v<Verified<BlockHeader>>);
static_assert(!std::is_convertible_v<BlockHeader, Untrusted<BlockHeader>>);  // wrapping is explicit

TEST(HeaderStore, ChainFileEndsAtTheForkchoiceHead) {
    ASSERT_GT(test_chain().size(), 40u);
    EXPECT_EQ(chain::header_hash(test_chain().back().header), testing::head_checkpoint_hash());
}

TEST(HeaderStore, AcceptsTheWholeChainBackwardsFromTheCheckpoint) {
    const HeaderStore store = testing::full_store();
    EXPECT_EQ(store.size(), test_chain().size());
    EXPECT_EQ(store.lowest(), 1u);
    EXPECT_EQ(store.highest(), test_chain().back().header.number);
    for (const auto& block : test_chain()) {
        auto h = header_by_number(store, block.header.number);
        ASSERT_TRUE(h.has_value());
        EXPECT_EQ(h->block_hash(), chain::header_hash(block.header));
        EXPECT_EQ(h->value(), block.header);
        EXPECT_TRUE(store.is_final(block.header.number));  // at or below the checkpoint
    }
    EXPECT_EQ(header_by_number(store, 0).error().code, RefusalCode::kUnknownBlock);
    EXPECT_EQ(header_by_hash(store, Hash32{}).error().code, RefusalCode::kUnknownBlock);
}

TEST(HeaderStore, AcceptsForwardsAndCountsConfirmations) {
    ChainConfig config = test_config();
    config.checkpoint = Checkpoint{10, chain::header_hash(block_at(10).header)};
    config.required_confirmations = 3;
    HeaderStore store{config};
    // Nothing links before the checkpoint is in.
    EXPECT_EQ(store.accept_header(claim(block_at(11).header)).error().code, RefusalCode::kNotLinked);
    ASSERT_TRUE(store.accept_header(claim(block_at(10).header)).has_value());
    for (std::uint64_t n = 11; n <= 14; ++n) {
        auto h = store.accept_header(claim(block_at(n).header, chain::header_hash(block_at(n).header)));
        ASSERT_TRUE(h.has_value()) << n;
        EXPECT_EQ(h->block_number(), n);
    }
    EXPECT_EQ(store.confirmations(12), 3u);
    EXPECT_TRUE(store.is_final(12));
    EXPECT_FALSE(store.is_final(13));
    EXPECT_FALSE(store.is_final(14));
    auto twelve = header_by_number(store, 12);
    ASSERT_TRUE(twelve.has_value());
    EXPECT_TRUE(require_final(store, *twelve).has_value());
    EXPECT_EQ(require_final(store, *header_by_number(store, 13)).error().code, RefusalCode::kNotConfirmed);
    // A gap does not link.
    EXPECT_EQ(store.accept_header(claim(block_at(16).header)).error().code, RefusalCode::kNotLinked);
    // Accepting again is idempotent.
    EXPECT_TRUE(store.accept_header(claim(block_at(12).header)).has_value());
    EXPECT_EQ(store.size(), 5u);
}

TEST(HeaderStore, CheckpointNumberMustMatch) {
    ChainConfig config = test_config();
    config.checkpoint.number += 1;
    HeaderStore store{config};
    const auto r = store.accept_header(claim(test_chain().back().header));
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code, RefusalCode::kFieldMismatch);
    EXPECT_EQ(r.error().field, "checkpoint.number");
}

struct FieldTamper {
    std::string name;
    std::function<void(BlockHeader&)> apply;
};

std::vector<FieldTamper> header_tampers() {
    auto flip = [](auto& fixed) { fixed.bytes[0] ^= 1; };
    return {
        {"parentHash", [=](BlockHeader& h) { flip(h.parent_hash); }},
        {"sha3Uncles", [=](BlockHeader& h) { flip(h.ommers_hash); }},
        {"miner", [=](BlockHeader& h) { flip(h.beneficiary); }},
        {"stateRoot", [=](BlockHeader& h) { flip(h.state_root); }},
        {"transactionsRoot", [=](BlockHeader& h) { flip(h.transactions_root); }},
        {"receiptsRoot", [=](BlockHeader& h) { flip(h.receipts_root); }},
        {"logsBloom", [=](BlockHeader& h) { h.logs_bloom.bytes[255] ^= 0x80; }},
        {"difficulty", [](BlockHeader& h) { h.difficulty = h.difficulty + Uint256{1}; }},
        {"number", [](BlockHeader& h) { h.number += 1; }},
        {"gasLimit", [](BlockHeader& h) { h.gas_limit += 1; }},
        {"gasUsed", [](BlockHeader& h) { h.gas_used += 1; }},
        {"timestamp", [](BlockHeader& h) { h.timestamp += 1; }},
        {"extraData", [](BlockHeader& h) { h.extra_data.push_back(0); }},
        {"mixHash", [=](BlockHeader& h) { flip(h.mix_hash); }},
        {"nonce", [=](BlockHeader& h) { flip(h.nonce); }},
        {"baseFeePerGas", [](BlockHeader& h) { *h.base_fee_per_gas = *h.base_fee_per_gas + Uint256{1}; }},
        {"withdrawalsRoot", [=](BlockHeader& h) { flip(*h.withdrawals_root); }},
        {"blobGasUsed", [](BlockHeader& h) { *h.blob_gas_used += 1; }},
        {"excessBlobGas", [](BlockHeader& h) { *h.excess_blob_gas += 1; }},
        {"parentBeaconBlockRoot", [=](BlockHeader& h) { flip(*h.parent_beacon_block_root); }},
        {"requestsHash", [=](BlockHeader& h) { flip(*h.requests_hash); }},
    };
}

// The checkpoint's parent carries every field up to Prague.
TEST(HeaderStore, TamperedHeaderFieldsAreRefused) {
    const BlockHeader& parent = test_chain()[test_chain().size() - 2].header;
    ASSERT_TRUE(parent.requests_hash.has_value());
    const Hash32 parent_hash = chain::header_hash(parent);
    for (const auto& t : header_tampers()) {
        HeaderStore store{test_config()};
        ASSERT_TRUE(store.accept_header(claim(test_chain().back().header)).has_value());
        BlockHeader h = parent;
        t.apply(h);
        // Backwards: the altered header is not the parent the verified child names.
        auto r = store.accept_header(claim(h));
        ASSERT_FALSE(r.has_value()) << t.name;
        EXPECT_EQ(r.error().code, RefusalCode::kNotLinked) << t.name;
        // With the genuine hash claimed next to altered fields, the recomputation catches it first.
        r = store.accept_header(claim(h, parent_hash));
        ASSERT_FALSE(r.has_value()) << t.name;
        EXPECT_EQ(r.error().code, RefusalCode::kHeaderHashMismatch) << t.name;
        EXPECT_TRUE(store.accept_header(claim(parent, parent_hash)).has_value()) << t.name;
    }
}

TEST(HeaderStore, ForkAboveTheCheckpointIsRefused) {
    const std::uint64_t base = test_chain().back().header.number - 2;
    ChainConfig config = test_config();
    config.checkpoint = Checkpoint{base, chain::header_hash(block_at(base).header)};
    for (const auto& t : header_tampers()) {
        if (t.name == "parentHash" || t.name == "number") continue;  // those do not link at all
        HeaderStore store{config};
        ASSERT_TRUE(store.accept_header(claim(block_at(base).header)).has_value());
        ASSERT_TRUE(store.accept_header(claim(block_at(base + 1).header)).has_value());
        BlockHeader rival = block_at(base + 1).header;
        t.apply(rival);
        const auto r = store.accept_header(claim(rival));
        ASSERT_FALSE(r.has_value()) << t.name;
        EXPECT_EQ(r.error().code, RefusalCode::kConflictingHeader) << t.name;
    }
}

TEST(HeaderStore, HeaderOfAnotherChainDoesNotLink) {
    HeaderStore store = testing::full_store();
    BlockHeader foreign = block_at(5).header;
    foreign.parent_hash.bytes[31] ^= 0xff;  // a block from another chain at the same height
    EXPECT_EQ(store.accept_header(claim(foreign)).error().code, RefusalCode::kNotLinked);
    foreign.number = 1000;  // and beyond the store, with no verified parent
    EXPECT_EQ(store.accept_header(claim(foreign)).error().code, RefusalCode::kNotLinked);
}

// Any byte flip in the raw header (as debug_getRawHeader would carry it) either fails to decode or is refused.
RC_GTEST_PROP(HeaderStore, AnyFlippedByteOfALinkingHeaderIsRefused, ()) {
    static const HeaderStore base = [] {
        HeaderStore s{test_config()};
        (void)s.accept_header(claim(test_chain().back().header));
        return s;
    }();
    const std::size_t pick = *rc::gen::inRange<std::size_t>(0, test_chain().size() - 1);
    const BlockHeader& genuine = test_chain()[pick].header;
    Bytes raw = chain::encode_header(genuine);
    const auto at = *rc::gen::inRange<std::size_t>(0, raw.size());
    const auto mask = *rc::gen::inRange<int>(1, 256);
    raw[at] = static_cast<std::uint8_t>(raw[at] ^ mask);
    auto decoded = chain::decode_raw_header(raw);
    if (!decoded) return;  // the strict decoder already refused it
    RC_ASSERT(!(*decoded == genuine));
    HeaderStore store = base;
    // Fill the chain down to the genuine header's child so the flipped one has a place to link.
    for (std::size_t i = test_chain().size() - 1; i > pick + 1; --i)
        RC_ASSERT(store.accept_header(claim(test_chain()[i - 1].header)).has_value());
    const auto r = store.accept_header(claim(*decoded));
    RC_ASSERT(!r.has_value());
    RC_ASSERT(r.error().code == RefusalCode::kNotLinked || r.error().code == RefusalCode::kConflictingHeader);
}

}  // namespace
}  // namespace countersign::verify
