// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "chain/block.hpp"
#include "chain/block_test_support.hpp"
#include "chain/trie_root.hpp"
#include "crypto/hex.hpp"

namespace countersign::chain {
namespace {

using testing::io_results;
using testing::read_vector;

// The execution-apis test chain (Frontier to Prague): every block decodes, re-encodes to its bytes, its
// body matches its header's roots, each links to the previous one, and the head is the one headfcu.json names.
TEST(Block, ExecutionApisChain) {
    const std::string file = read_vector("execution-apis/tests/chain.rlp");
    ASSERT_FALSE(file.empty());
    ByteView rest = to_view(file);
    std::optional<Hash32> previous;
    std::size_t blocks = 0, with_withdrawals = 0, transactions = 0;
    while (!rest.empty()) {
        const ByteView before = rest;
        auto block = decode_block(rest);
        ASSERT_TRUE(block) << "block " << blocks << ": " << describe(block.error());
        const ByteView consumed = before.substr(0, before.size() - rest.size());
        EXPECT_EQ(encode_block(*block), Bytes{consumed});
        auto body = validate_block_body(*block);
        EXPECT_TRUE(body) << "block " << block->header.number << ": " << to_string(body.error());
        if (previous) {
            EXPECT_EQ(block->header.parent_hash, *previous);
        }
        previous = header_hash(block->header);
        with_withdrawals += block->withdrawals.has_value();
        transactions += block->transactions.size();
        ++blocks;
    }
    const auto fcu = nlohmann::json::parse(read_vector("execution-apis/tests/headfcu.json"));
    ASSERT_TRUE(previous);
    EXPECT_EQ(to_hex(*previous), fcu["params"][0]["headBlockHash"].get<std::string>());
    EXPECT_GT(blocks, 10u);
    EXPECT_GT(with_withdrawals, 0u);
    EXPECT_GT(transactions, 0u);
}

TEST(Block, RawBlockAndHeaderAgree) {
    const auto raw_block = *parse_hex(io_results("execution-apis/tests/debug_getRawBlock/get-block-n.io").at(0).get<std::string>());
    const auto raw_header = *parse_hex(io_results("execution-apis/tests/debug_getRawHeader/get-block-n.io").at(0).get<std::string>());
    auto block = decode_raw_block(raw_block);
    ASSERT_TRUE(block);
    EXPECT_EQ(encode_header(block->header), raw_header);
    EXPECT_EQ(*decode_raw_header(raw_header), block->header);
    EXPECT_TRUE(validate_block_body(*block));
}

Block chain_block_with_body() {
    const std::string file = read_vector("execution-apis/tests/chain.rlp");
    ByteView rest = to_view(file);
    Block best;
    while (!rest.empty()) {
        auto block = decode_block(rest);
        if (!block) break;
        // The last block with both transactions and withdrawals.
        if (!block->transactions.empty() && block->withdrawals && !block->withdrawals->empty()) best = *block;
    }
    return best;
}

TEST(Block, BodyTamperIsDetected) {
    const Block block = chain_block_with_body();
    ASSERT_FALSE(block.transactions.empty());
    ASSERT_TRUE(block.withdrawals && !block.withdrawals->empty());
    ASSERT_TRUE(validate_block_body(block));

    Block t = block;
    t.transactions[0].nonce += 1;
    EXPECT_EQ(validate_block_body(t).error(), BodyMismatch::kTransactionsRoot);
    t = block;
    t.transactions.pop_back();
    EXPECT_EQ(validate_block_body(t).error(), BodyMismatch::kTransactionsRoot);
    t = block;
    t.ommers.push_back(block.header);
    EXPECT_EQ(validate_block_body(t).error(), BodyMismatch::kOmmersHash);
    t = block;
    (*t.withdrawals)[0].amount_gwei += 1;
    EXPECT_EQ(validate_block_body(t).error(), BodyMismatch::kWithdrawalsRoot);
    t = block;
    t.withdrawals.reset();
    EXPECT_EQ(validate_block_body(t).error(), BodyMismatch::kWithdrawalsPresence);
    t = block;
    t.header.transactions_root.bytes[0] ^= 1;
    EXPECT_EQ(validate_block_body(t).error(), BodyMismatch::kTransactionsRoot);
}

TEST(Block, StrictDecoding) {
    const Block block = chain_block_with_body();
    const Bytes enc = encode_block(block);
    ASSERT_EQ(*decode_raw_block(enc), block);
    EXPECT_EQ(decode_raw_block(enc + Bytes{0x80}).error().kind, BlockError::kMalformedRlp);
    EXPECT_FALSE(decode_raw_block(enc.substr(0, enc.size() - 1)));

    // Withdrawals without withdrawals_root in the header, and the reverse.
    Block no_root = block;
    no_root.header.withdrawals_root.reset();
    no_root.header.blob_gas_used.reset();
    no_root.header.excess_blob_gas.reset();
    no_root.header.parent_beacon_block_root.reset();
    no_root.header.requests_hash.reset();
    EXPECT_EQ(decode_raw_block(encode_block(no_root)).error().kind, BlockError::kWithdrawalsPresence);
    Block no_withdrawals = block;
    no_withdrawals.withdrawals.reset();
    EXPECT_EQ(decode_raw_block(encode_block(no_withdrawals)).error().kind, BlockError::kWithdrawalsPresence);

    // A typed transaction not wrapped as an RLP string in the body.
    Block typed = block;
    std::size_t idx = typed.transactions.size();
    for (std::size_t i = 0; i < typed.transactions.size(); ++i)
        if (typed.transactions[i].type != TxType::kLegacy) idx = i;
    if (idx < typed.transactions.size()) {
        Bytes txs;
        for (std::size_t i = 0; i < typed.transactions.size(); ++i)
            txs += i == idx ? encode_transaction(typed.transactions[i]) : encode_transaction_wrapped(typed.transactions[i]);
        Bytes payload = encode_header(typed.header);
        rlp::encode_header(payload, {true, txs.size()});
        payload += txs;
        payload += Bytes{0xc0};
        Bytes ws;
        for (const auto& w : *typed.withdrawals) rlp::encode(ws, w);
        rlp::encode_header(payload, {true, ws.size()});
        payload += ws;
        Bytes bad;
        rlp::encode_header(bad, {true, payload.size()});
        bad += payload;
        auto r = decode_raw_block(bad);
        ASSERT_FALSE(r);
        EXPECT_EQ(r.error().kind, BlockError::kTransaction);
        EXPECT_EQ(r.error().index, idx);
    }
}

TEST(Withdrawal, EncodingAndStrictness) {
    Withdrawal w{1, 2, hex_literal_fixed<20>("0x" + std::string(40, 'a')), 3};
    const Bytes enc = encode_withdrawal(w);
    ByteView v = enc;
    Withdrawal out;
    ASSERT_TRUE(rlp::decode(v, out, rlp::Leftover::kProhibit));
    EXPECT_EQ(out, w);
    EXPECT_EQ(withdrawals_root({}), kEmptyTrieRoot);
    // Five elements, three elements, a 19-byte address.
    Bytes five{enc.substr(1)};
    five.push_back(0x80);
    Bytes five_list;
    rlp::encode_header(five_list, {true, five.size()});
    five_list += five;
    ByteView fv = five_list;
    EXPECT_FALSE(rlp::decode(fv, out));
    Bytes short_addr = enc;
    EXPECT_FALSE(rlp::decode(v = ByteView{enc.substr(0, enc.size() - 1)}, out));
    (void)short_addr;
}

RC_GTEST_PROP(Withdrawal, RoundTrip, (std::uint64_t index, std::uint64_t validator, std::uint64_t amount)) {
    Withdrawal w{index, validator, Address{*rc::gen::arbitrary<std::array<std::uint8_t, 20>>()}, amount};
    const Bytes enc = encode_withdrawal(w);
    ByteView v = enc;
    Withdrawal out;
    RC_ASSERT(static_cast<bool>(rlp::decode(v, out, rlp::Leftover::kProhibit)));
    RC_ASSERT(out == w);
    RC_ASSERT(enc.size() == rlp::length_of(w));
}

}  // namespace
}  // namespace countersign::chain
