// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "chain/block_test_support.hpp"
#include "chain/bloom.hpp"
#include "chain/receipt.hpp"
#include "chain/receipt_json.hpp"
#include "crypto/hex.hpp"
#include "crypto/keccak.hpp"

namespace countersign::chain {
namespace {

using testing::io_results;

TEST(Bloom, GethExtensiveVector) {
    // go-ethereum core/types/bloom9_test.go TestBloomExtensively.
    Bloom b;
    for (int i = 0; i < 100; ++i) bloom_add(b, to_view("xxxxxxxxxx data " + std::to_string(i) + " yyyyyyyyyyyyyy"));
    EXPECT_EQ(to_hex(keccak256(b.view())), "0xc8d3ca65cdb4874300a9e39475508f23ed6da09fdbc487f89a2dcf50b09eb263");
    for (int i = 0; i < 100; ++i)
        EXPECT_TRUE(bloom_may_contain(b, to_view("xxxxxxxxxx data " + std::to_string(i) + " yyyyyyyyyyyyyy")));
}

TEST(Bloom, GethPositiveAndNegative) {
    // go-ethereum TestBloom: these negatives are known not to collide.
    Bloom b;
    for (const char* s : {"testtest", "test", "hallo", "other"}) bloom_add(b, to_view(s));
    for (const char* s : {"testtest", "test", "hallo", "other"}) EXPECT_TRUE(bloom_may_contain(b, to_view(s)));
    for (const char* s : {"tes", "lo"}) EXPECT_FALSE(bloom_may_contain(b, to_view(s)));
}

RC_GTEST_PROP(Bloom, ContainedElementsAlwaysReported, (const std::vector<std::vector<std::uint8_t>>& items)) {
    Bloom b;
    for (const auto& i : items) bloom_add(b, ByteView{i.data(), i.size()});
    for (const auto& i : items) RC_ASSERT(bloom_may_contain(b, ByteView{i.data(), i.size()}));
    // At most three bits per element.
    std::size_t bits = 0;
    for (auto byte : b.bytes) bits += static_cast<std::size_t>(__builtin_popcount(byte));
    RC_ASSERT(bits <= 3 * items.size());
}

// A real EIP-1559 receipt with one log (execution-apis test chain).
TEST(ReceiptJson, DynamicFeeReceiptWithLog) {
    const auto results = io_results("execution-apis/tests/eth_getTransactionReceipt/get-dynamic-fee.io");
    ASSERT_EQ(results.size(), 1u);
    auto rpc = receipt_from_rpc_json(results[0]);
    ASSERT_TRUE(rpc) << rpc.error().message();
    const Receipt& r = rpc->receipt;
    EXPECT_EQ(r.type, TxType::kDynamicFee);
    EXPECT_TRUE(r.success);
    EXPECT_FALSE(r.post_state);
    ASSERT_EQ(r.logs.size(), 1u);
    ASSERT_EQ(rpc->claims.logs.size(), 1u);
    EXPECT_EQ(rpc->claims.logs[0].transaction_hash, rpc->claims.transaction_hash);
    // The bloom the node reports is the one the logs imply, and every log element is in it.
    EXPECT_EQ(logs_bloom(r.logs), r.logs_bloom);
    EXPECT_TRUE(bloom_may_contain(r.logs_bloom, r.logs[0].address));
    for (const auto& t : r.logs[0].topics) EXPECT_TRUE(bloom_may_contain(r.logs_bloom, t));
    const Bytes enc = encode_receipt(r);
    EXPECT_EQ(enc[0], 0x02);
    EXPECT_EQ(*decode_raw_receipt(enc), r);
}

TEST(ReceiptJson, LegacyReceiptsWithRoot) {
    const auto results = io_results("execution-apis/tests/eth_getBlockReceipts/get-block-receipts-n.io");
    ASSERT_EQ(results.size(), 1u);
    ASSERT_EQ(results[0].size(), 4u);
    for (const auto& j : results[0]) {
        auto rpc = receipt_from_rpc_json(j);
        ASSERT_TRUE(rpc) << rpc.error().message();
        EXPECT_TRUE(rpc->receipt.post_state.has_value());
        EXPECT_EQ(rpc->receipt.type, TxType::kLegacy);
        EXPECT_EQ(*decode_raw_receipt(encode_receipt(rpc->receipt)), rpc->receipt);
    }
}

TEST(ReceiptJson, StrictFields) {
    auto j = io_results("execution-apis/tests/eth_getTransactionReceipt/get-dynamic-fee.io").at(0);
    ASSERT_TRUE(receipt_from_rpc_json(j));
    const auto reject = [](nlohmann::json bad, const char* field) {
        auto r = receipt_from_rpc_json(bad);
        ASSERT_FALSE(r) << field;
        EXPECT_NE(r.error().field.find(field), std::string::npos) << r.error().message();
    };
    auto both = j;
    both["root"] = "0x" + std::string(64, '0');
    reject(both, "status");
    auto neither = j;
    neither.erase("status");
    reject(neither, "status");
    auto bad_status = j;
    bad_status["status"] = "0x2";
    reject(bad_status, "status");
    auto padded = j;
    padded["cumulativeGasUsed"] = "0x0" + j["cumulativeGasUsed"].get<std::string>().substr(2);
    reject(padded, "cumulativeGasUsed");
    auto short_bloom = j;
    short_bloom["logsBloom"] = "0x00";
    reject(short_bloom, "logsBloom");
    auto five_topics = j;
    five_topics["logs"][0]["topics"] = nlohmann::json::array();
    for (int i = 0; i < 5; ++i) five_topics["logs"][0]["topics"].push_back("0x" + std::string(64, 'a'));
    reject(five_topics, "topics");
    auto bad_type = j;
    bad_type["type"] = "0x5";
    reject(bad_type, "type");
    auto number_type = j;
    number_type["gasUsed"] = 21000;
    reject(number_type, "gasUsed");
    auto missing_log_meta = j;
    missing_log_meta["logs"][0].erase("logIndex");
    reject(missing_log_meta, "logIndex");
}

// debug_getRawReceipts of a pre-Byzantium block: legacy receipts with a post-state root, one with logs.
TEST(Receipt, RawReceiptsRoundTrip) {
    const auto results = io_results("execution-apis/tests/debug_getRawReceipts/get-block-n.io");
    ASSERT_EQ(results.size(), 1u);
    std::size_t with_logs = 0;
    for (const auto& hex : results[0]) {
        const Bytes raw = *parse_hex(hex.get<std::string>());
        auto r = decode_raw_receipt(raw);
        ASSERT_TRUE(r) << to_string(r.error());
        EXPECT_TRUE(r->post_state.has_value());
        EXPECT_EQ(encode_receipt(*r), raw);
        EXPECT_EQ(logs_bloom(r->logs), r->logs_bloom);
        if (!r->logs.empty()) ++with_logs;
    }
    EXPECT_GE(with_logs, 1u);
}

Receipt sample_typed() {
    Receipt r;
    r.type = TxType::kBlob;
    r.success = true;
    r.cumulative_gas_used = 0x1234;
    r.logs.push_back({hex_literal_fixed<20>("0x00000000000000000000000000000000000000aa"),
                      {hex_literal_fixed<32>("0x" + std::string(64, '1'))},
                      Bytes{1, 2, 3}});
    r.logs_bloom = logs_bloom(r.logs);
    return r;
}

TEST(Receipt, Wrapping) {
    const Receipt r = sample_typed();
    const Bytes raw = encode_receipt(r, Eip2718Wrapping::kNone);
    const Bytes wrapped = encode_receipt(r, Eip2718Wrapping::kString);
    EXPECT_EQ(raw[0], 0x03);
    EXPECT_EQ(wrapped.substr(wrapped.size() - raw.size()), raw);
    ByteView a = raw, b = wrapped, c = raw, d = wrapped, e = raw, f = wrapped;
    EXPECT_EQ(*decode_receipt(a, Eip2718Wrapping::kNone), r);
    EXPECT_EQ(*decode_receipt(b, Eip2718Wrapping::kString), r);
    EXPECT_EQ(decode_receipt(c, Eip2718Wrapping::kString).error(), ReceiptError::kWrongWrapping);
    EXPECT_EQ(decode_receipt(d, Eip2718Wrapping::kNone).error(), ReceiptError::kWrongWrapping);
    EXPECT_EQ(*decode_receipt(e, Eip2718Wrapping::kBoth), r);
    EXPECT_EQ(*decode_receipt(f, Eip2718Wrapping::kBoth), r);
    EXPECT_TRUE(a.empty() && b.empty() && e.empty() && f.empty());
}

TEST(Receipt, StrictDecoding) {
    const Bytes raw = encode_receipt(sample_typed());
    EXPECT_EQ(decode_raw_receipt({}).error(), ReceiptError::kEmptyInput);
    Bytes bad_type = raw;
    bad_type[0] = 0x05;
    EXPECT_EQ(decode_raw_receipt(bad_type).error(), ReceiptError::kUnsupportedType);
    bad_type[0] = 0x00;
    EXPECT_EQ(decode_raw_receipt(bad_type).error(), ReceiptError::kUnsupportedType);
    // Status 0x01 sits right after the list header; 0x02, 0x00 and a 32-byte root (typed) are rejected.
    const std::size_t status_at = 1 + (raw[1] < 0xf8 ? 1 : 1 + (raw[1] - 0xf7));
    ASSERT_EQ(raw[status_at], 0x01);
    Bytes bad_status = raw;
    bad_status[status_at] = 0x02;
    EXPECT_EQ(decode_raw_receipt(bad_status).error(), ReceiptError::kInvalidStatus);
    bad_status[status_at] = 0x00;
    EXPECT_EQ(decode_raw_receipt(bad_status).error(), ReceiptError::kInvalidStatus);
    Receipt with_root = sample_typed();
    with_root.post_state = Hash32{};
    EXPECT_EQ(decode_raw_receipt(encode_receipt(with_root)).error(), ReceiptError::kInvalidStatus);
    // Trailing bytes after a whole receipt, and a truncated one.
    EXPECT_EQ(decode_raw_receipt(raw + Bytes{0x00}).error(), ReceiptError::kMalformedRlp);
    EXPECT_EQ(decode_raw_receipt(raw.substr(0, raw.size() - 1)).error(), ReceiptError::kMalformedRlp);
    // Five topics.
    Receipt five = sample_typed();
    five.logs[0].topics.assign(5, Hash32{});
    EXPECT_EQ(decode_raw_receipt(encode_receipt(five)).error(), ReceiptError::kMalformedRlp);
}

// Generators for round-trip properties.
rc::Gen<Log> gen_log() {
    return rc::gen::build<Log>(
        rc::gen::set(&Log::address, rc::gen::construct<Address>(rc::gen::arbitrary<std::array<std::uint8_t, 20>>())),
        rc::gen::set(&Log::topics,
                     rc::gen::container<std::vector<Hash32>>(
                         *rc::gen::inRange<std::size_t>(0, 5),
                         rc::gen::construct<Hash32>(rc::gen::arbitrary<std::array<std::uint8_t, 32>>()))),
        rc::gen::set(&Log::data, rc::gen::map(rc::gen::arbitrary<std::vector<std::uint8_t>>(),
                                              [](const std::vector<std::uint8_t>& v) { return Bytes(v.begin(), v.end()); })));
}

Receipt gen_receipt(bool legacy) {
    Receipt r;
    r.type = legacy ? TxType::kLegacy : static_cast<TxType>(*rc::gen::inRange(1, 5));
    if (legacy && *rc::gen::arbitrary<bool>()) {
        r.post_state = Hash32{*rc::gen::arbitrary<std::array<std::uint8_t, 32>>()};
    } else {
        r.success = *rc::gen::arbitrary<bool>();
    }
    r.cumulative_gas_used = *rc::gen::arbitrary<std::uint64_t>();
    r.logs_bloom = Bloom{*rc::gen::arbitrary<std::array<std::uint8_t, 256>>()};
    r.logs = *rc::gen::container<std::vector<Log>>(*rc::gen::inRange<std::size_t>(0, 4), gen_log());
    return r;
}

RC_GTEST_PROP(Receipt, LegacyRoundTrip, ()) {
    const Receipt r = gen_receipt(true);
    const Bytes enc = encode_receipt(r);
    RC_ASSERT(*decode_raw_receipt(enc) == r);
    ByteView v = enc;
    RC_ASSERT(*decode_receipt(v, Eip2718Wrapping::kString) == r);  // legacy is a bare list in every context
}

RC_GTEST_PROP(Receipt, TypedRoundTrip, ()) {
    const Receipt r = gen_receipt(false);
    RC_ASSERT(*decode_raw_receipt(encode_receipt(r)) == r);
    const Bytes wrapped = encode_receipt(r, Eip2718Wrapping::kString);
    ByteView v = wrapped;
    RC_ASSERT(*decode_receipt(v, Eip2718Wrapping::kString) == r);
    RC_ASSERT(v.empty());
}

// Changing any field changes the encoding (so the receipts root commits to every field).
RC_GTEST_PROP(Receipt, EveryFieldIsCommitted, ()) {
    const Receipt r = gen_receipt(*rc::gen::arbitrary<bool>());
    const Bytes enc = encode_receipt(r);
    const int field = *rc::gen::inRange(0, 6);
    Receipt t = r;
    switch (field) {
        case 0:
            if (t.post_state) {
                t.post_state->bytes[0] ^= 1;
            } else {
                t.success = !t.success;
            }
            break;
        case 1: t.cumulative_gas_used ^= 1; break;
        case 2: t.logs_bloom.bytes[*rc::gen::inRange(0, 256)] ^= 0x80; break;
        case 3: t.logs.push_back(Log{}); break;
        case 4:
            if (t.logs.empty()) {
                t.logs.push_back(Log{});
            } else {
                t.logs[0].data.push_back(0);
            }
            break;
        case 5: t.type = t.type == TxType::kLegacy ? TxType::kAccessList : TxType::kLegacy; break;
    }
    RC_ASSERT(encode_receipt(t) != enc);
}

}  // namespace
}  // namespace countersign::chain
