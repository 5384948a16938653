// SPDX-License-Identifier: Apache-2.0
// The senders a verified block keeps: recovered once by verify_block from each transaction, reused by the
// transaction and receipt checks, and still refused on another chain exactly as a fresh recovery would be.
#include <gtest/gtest.h>

#include <stdexcept>
#include <vector>

#include <nlohmann/json.hpp>

#include "chain/receipt_json.hpp"
#include "verify/block_verify.hpp"
#include "verify/receipt_verify.hpp"
#include "verify/verify_test_support.hpp"

namespace countersign::verify {
namespace {

using testing::block_at;
using testing::io_result;
using testing::rpc_block;
using testing::test_chain;

const HeaderStore& store() {
    static const HeaderStore s = testing::full_store();
    return s;
}

Verified<VerifiedBlock> verified_block(const HeaderStore& s, std::uint64_t number) {
    auto b = verify_block(s, Untrusted{rpc_block(block_at(number))});
    EXPECT_TRUE(b.has_value()) << (b ? "" : b.error().to_string());
    return *b;
}

std::vector<chain::RpcReceipt> block_one_receipts() {
    std::vector<chain::RpcReceipt> out;
    for (const auto& r : io_result("eth_getBlockReceipts/get-block-receipts-n.io")) {
        auto p = chain::receipt_from_rpc_json(r);
        EXPECT_TRUE(p.has_value()) << (p ? "" : p.error().message());
        if (p) out.push_back(*p);
    }
    return out;
}

TEST(BlockSenders, EveryTransactionOfEveryBlockHasItsRecoveredSender) {
    std::size_t transactions = 0;
    for (std::uint64_t n = 1; n <= test_chain().size(); ++n) {
        const auto b = verified_block(store(), n);
        ASSERT_EQ(b->senders.size(), b->transactions.size()) << "block " << n;
        for (std::size_t i = 0; i < b->transactions.size(); ++i) {
            auto fresh = sender_of(b->transactions[i], store().config().chain_id);
            ASSERT_TRUE(fresh.has_value()) << "block " << n << " tx " << i;
            EXPECT_EQ(b->senders[i], *fresh) << "block " << n << " tx " << i;
            auto kept = block_sender(store(), b, i);
            ASSERT_TRUE(kept.has_value());
            EXPECT_EQ(*kept, *fresh);
            ++transactions;
        }
    }
    EXPECT_GT(transactions, 0u);
}

TEST(BlockSenders, ReceiptsAndTransactionsUseTheRecoveredSenders) {
    const auto b = verified_block(store(), 1);
    const auto receipts = block_one_receipts();
    auto v = verify_block_receipts(store(), b, Untrusted{receipts});
    ASSERT_TRUE(v.has_value()) << v.error().to_string();
    ASSERT_EQ((*v)->receipts.size(), b->senders.size());
    for (std::size_t i = 0; i < b->senders.size(); ++i) {
        EXPECT_EQ((*v)->receipts[i].from, b->senders[i]);
        EXPECT_EQ((*v)->receipts[i].from, receipts[i].claims.from);
        auto tx = verify_transaction(store(), b, b->transaction_hashes[i]);
        ASSERT_TRUE(tx.has_value()) << tx.error().to_string();
        EXPECT_EQ((*tx)->from, b->senders[i]);
    }
}

TEST(BlockSenders, ClaimedFromThatIsNotTheRecoveredSenderIsStillRefused) {
    const auto b = verified_block(store(), 1);
    auto receipts = block_one_receipts();
    for (std::size_t i = 0; i < receipts.size(); ++i) {
        auto lie = receipts;
        lie[i].claims.from.data()[0] ^= 0x01;
        auto v = verify_block_receipts(store(), b, Untrusted{lie});
        ASSERT_FALSE(v.has_value()) << i;
        EXPECT_EQ(v.error().code, RefusalCode::kFieldMismatch);
        EXPECT_EQ(v.error().field, "from");
        EXPECT_EQ(v.error().index, i);
    }
}

// A block verified by a store of its own chain, then checked against a store configured for another chain:
// the kept senders must not let protected transactions through where recovering them again would refuse.
TEST(BlockSenders, AnotherChainsStoreIsRefusedAsARecoveryWouldBe) {
    ChainConfig config = testing::test_config();
    config.chain_id = 1;
    const HeaderStore other = testing::full_store(config);
    const std::uint64_t n = 0x1b;  // a dynamic-fee transaction carries its chain id
    const auto b = verified_block(store(), n);
    ASSERT_FALSE(b->transactions.empty());
    ASSERT_TRUE(b->transactions[0].chain_id.has_value());
    auto kept = block_sender(other, b, 0);
    ASSERT_FALSE(kept.has_value());
    EXPECT_EQ(kept.error().code, RefusalCode::kChainIdMismatch);
    auto fresh = sender_of(b->transactions[0], config.chain_id);
    ASSERT_FALSE(fresh.has_value());
    EXPECT_EQ(kept.error().code, fresh.error().code);
    auto tx = verify_transaction(other, b, b->transaction_hashes[0]);
    ASSERT_FALSE(tx.has_value());
    EXPECT_EQ(tx.error().code, RefusalCode::kChainIdMismatch);
}

TEST(BlockSenders, AnIndexOutsideTheBlockThrows) {
    const auto b = verified_block(store(), 1);
    EXPECT_THROW((void)block_sender(store(), b, b->transactions.size()), std::out_of_range);
}

}  // namespace
}  // namespace countersign::verify
