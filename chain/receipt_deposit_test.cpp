// SPDX-License-Identifier: Apache-2.0
// OP-stack deposit receipts (type 0x7e): the Regolith depositNonce and Canyon depositReceiptVersion fields,
// the pre-Canyon trie encoding that leaves them out, the receipts root over a mixed list (checked against
// @ethereumjs/mpt in tests/fixtures/op-deposit), JSON, the opt-in gate and strictness.

#include <gtest/gtest.h>

#include <initializer_list>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "chain/receipt.hpp"
#include "chain/receipt_json.hpp"
#include "chain/rlp.hpp"
#include "chain/transaction_testing.hpp"
#include "crypto/hex.hpp"

namespace countersign::chain {
namespace {

using json = nlohmann::json;

const std::string kFixtures = std::string{COUNTERSIGN_SOURCE_DIR} + "/tests/fixtures/op-deposit/";
constexpr DecodeOptions kOpStack{.op_stack = true};

json load_fixture() {
    auto j = json::parse(testing::read_text_file(kFixtures + "fixture.json"), nullptr, false);
    if (j.is_discarded()) ADD_FAILURE() << "cannot parse fixture.json";
    return j;
}

std::string str(const json& j) { return j.get<std::string>(); }

// 0x7e || rlp([status, cumulative_gas_used, bloom, logs, extra...]) with the extras given pre-encoded.
Bytes deposit_receipt(std::uint64_t cumulative_gas, const std::vector<Bytes>& extra) {
    Bytes payload(1, std::uint8_t{0x01});
    rlp::encode(payload, cumulative_gas);
    rlp::encode(payload, Bloom{});
    payload.push_back(0xc0);
    for (const auto& e : extra) payload += e;
    Bytes out(1, std::uint8_t{0x7e});
    rlp::encode_header(out, {true, payload.size()});
    return out + payload;
}

Bytes uint_item(std::uint64_t n) {
    Bytes out;
    rlp::encode(out, n);
    return out;
}

TEST(DepositReceipt, FixtureEncodingsAndReceiptsRoot) {
    const json fx = load_fixture();
    std::vector<Receipt> receipts;
    for (const json& c : fx["receipts"]) {
        SCOPED_TRACE(str(c["name"]));
        const Bytes raw = hex_literal(str(c["raw"]));
        const Bytes trie_value = hex_literal(str(c["trieValue"]));
        auto r = decode_raw_receipt(raw, kOpStack);
        ASSERT_TRUE(r) << to_string(r.error());
        EXPECT_EQ(r->success, c["status"].get<bool>());
        EXPECT_EQ(Uint256{r->cumulative_gas_used}.to_quantity(), str(c["cumulativeGasUsed"]));
        if (c["depositNonce"].is_null())
            EXPECT_FALSE(r->deposit_nonce);
        else
            EXPECT_EQ(Uint256{r->deposit_nonce.value_or(~0ull)}.to_quantity(), str(c["depositNonce"]));
        if (c["depositReceiptVersion"].is_null())
            EXPECT_FALSE(r->deposit_receipt_version);
        else
            EXPECT_EQ(r->deposit_receipt_version, std::optional<std::uint64_t>{1});
        EXPECT_EQ(encode_receipt(*r), raw);
        EXPECT_EQ(receipt_trie_value(*r), trie_value);

        // Wrapped as in the devp2p Receipts message.
        const Bytes wrapped = encode_receipt(*r, Eip2718Wrapping::kString);
        ByteView w = wrapped;
        auto unwrapped = decode_receipt(w, Eip2718Wrapping::kString, kOpStack);
        ASSERT_TRUE(unwrapped);
        EXPECT_TRUE(w.empty());
        EXPECT_EQ(*unwrapped, *r);

        if (r->type == TxType::kDeposit) {
            EXPECT_EQ(decode_raw_receipt(raw).error(), ReceiptError::kDepositNotEnabled);
            ByteView from = wrapped;
            EXPECT_EQ(decode_receipt(from, Eip2718Wrapping::kBoth).error(), ReceiptError::kDepositNotEnabled);
        }
        receipts.push_back(std::move(*r));
    }
    ASSERT_EQ(receipts.size(), 5u);
    EXPECT_EQ(to_hex(receipts_root(receipts)), str(fx["receiptsRoot"]));

    // The Regolith receipt carries its nonce everywhere but in the trie: drop the nonce and the trie value
    // (and so the root) is unchanged; for a Canyon receipt the nonce is committed.
    ASSERT_TRUE(receipts[2].deposit_nonce && !receipts[2].deposit_receipt_version);
    std::vector<Receipt> changed = receipts;
    changed[2].deposit_nonce = 1234;
    EXPECT_EQ(receipts_root(changed), receipts_root(receipts));
    EXPECT_NE(encode_receipt(changed[2]), encode_receipt(receipts[2]));
    changed = receipts;
    changed[0].deposit_nonce = *changed[0].deposit_nonce + 1;
    EXPECT_NE(receipts_root(changed), receipts_root(receipts));
    changed = receipts;
    changed[0].deposit_receipt_version.reset();
    EXPECT_NE(receipts_root(changed), receipts_root(receipts));
}

TEST(DepositReceipt, Strictness) {
    // Baselines: four, five and six fields decode.
    EXPECT_TRUE(decode_raw_receipt(deposit_receipt(21000, {}), kOpStack));
    EXPECT_TRUE(decode_raw_receipt(deposit_receipt(21000, {uint_item(0)}), kOpStack));
    EXPECT_TRUE(decode_raw_receipt(deposit_receipt(21000, {uint_item(9), uint_item(1)}), kOpStack));

    auto error = [](const Bytes& raw) {
        auto r = decode_raw_receipt(raw, kOpStack);
        return r ? ReceiptError::kEmptyInput : r.error();  // kEmptyInput: "accepted", never the real answer here
    };
    EXPECT_EQ(error(deposit_receipt(21000, {uint_item(9), uint_item(2)})), ReceiptError::kInvalidDepositVersion);
    EXPECT_EQ(error(deposit_receipt(21000, {uint_item(9), uint_item(0)})), ReceiptError::kInvalidDepositVersion);
    EXPECT_EQ(error(deposit_receipt(21000, {uint_item(9), uint_item(1), uint_item(0)})), ReceiptError::kMalformedRlp);
    EXPECT_EQ(error(deposit_receipt(21000, {Bytes(1, 0x00)})), ReceiptError::kMalformedRlp);           // 0x00
    EXPECT_EQ(error(deposit_receipt(21000, {hex_literal("0x820009")})), ReceiptError::kMalformedRlp);  // leading 0
    EXPECT_EQ(error(deposit_receipt(21000, {hex_literal("0x89010000000000000000")})), ReceiptError::kMalformedRlp);
    EXPECT_EQ(error(deposit_receipt(21000, {hex_literal("0xc0")})), ReceiptError::kMalformedRlp);

    // The extension is the deposit's alone: a 1559 receipt with a fifth field is malformed.
    Bytes dynamic = deposit_receipt(21000, {uint_item(0)});
    dynamic[0] = 0x02;
    EXPECT_EQ(error(dynamic), ReceiptError::kMalformedRlp);
    // A deposit receipt is typed, so it has a status, never a state root.
    Bytes payload;
    rlp::encode(payload, Hash32{});
    rlp::encode(payload, std::uint64_t{21000});
    rlp::encode(payload, Bloom{});
    payload.push_back(0xc0);
    Bytes with_root(1, std::uint8_t{0x7e});
    rlp::encode_header(with_root, {true, payload.size()});
    EXPECT_EQ(error(with_root + payload), ReceiptError::kInvalidStatus);
    // The neighbours of 0x7e stay unknown with the opt-in.
    for (std::uint8_t type : std::initializer_list<std::uint8_t>{0x05, 0x7d, 0x7f}) {
        Bytes other = deposit_receipt(21000, {});
        other[0] = type;
        EXPECT_EQ(error(other), ReceiptError::kUnsupportedType) << int{type};
    }
}

json deposit_receipt_json() {
    return json{
        {"type", "0x7e"},
        {"status", "0x1"},
        {"cumulativeGasUsed", "0xb7ba"},
        {"logsBloom", "0x" + std::string(512, '0')},
        {"logs", json::array()},
        {"transactionHash", "0x096c03d72acb06339c9c7860d1c36b6451932ec0ff16fd34aa9e30a73a245e13"},
        {"transactionIndex", "0x0"},
        {"blockHash", "0x2c475c5d2d609929cec7be9caaaebd29be53e4ef21b1f7b897cb954469e20d01"},
        {"blockNumber", "0x191350d"},
        {"from", "0xdeaddeaddeaddeaddeaddeaddeaddeaddead0001"},
        {"to", "0x4200000000000000000000000000000000000015"},
        {"contractAddress", nullptr},
        {"gasUsed", "0xb7ba"},
        {"effectiveGasPrice", "0x0"},
        {"depositNonce", "0x191350e"},
        {"depositReceiptVersion", "0x1"},
        // OP-stack fee claims a Base node adds; not consensus data, not read.
        {"l1GasPrice", "0x5ba4c0eb"},
        {"l1GasUsed", "0x0"},
        {"l1Fee", "0x0"},
    };
}

TEST(DepositReceiptJson, ParsesNonceAndVersion) {
    auto rpc = receipt_from_rpc_json(deposit_receipt_json(), kOpStack);
    ASSERT_TRUE(rpc) << rpc.error().message();
    EXPECT_EQ(rpc->receipt.type, TxType::kDeposit);
    EXPECT_EQ(rpc->receipt.deposit_nonce, std::optional<std::uint64_t>{0x191350e});
    EXPECT_EQ(rpc->receipt.deposit_receipt_version, std::optional<std::uint64_t>{1});
    // The consensus part re-encodes and decodes back to itself.
    auto back = decode_raw_receipt(encode_receipt(rpc->receipt), kOpStack);
    ASSERT_TRUE(back);
    EXPECT_EQ(*back, rpc->receipt);

    auto refused = receipt_from_rpc_json(deposit_receipt_json());
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().field, "type");
}

TEST(DepositReceiptJson, Strictness) {
    auto field_of_error = [](const json& j) {
        auto r = receipt_from_rpc_json(j, kOpStack);
        return r ? std::string{"accepted"} : r.error().field;
    };
    json j = deposit_receipt_json();
    j["depositReceiptVersion"] = "0x2";
    EXPECT_EQ(field_of_error(j), "depositReceiptVersion");
    j = deposit_receipt_json();
    j.erase("depositNonce");
    EXPECT_EQ(field_of_error(j), "depositNonce");
    j = deposit_receipt_json();
    j["depositNonce"] = "0x0191350e";
    EXPECT_EQ(field_of_error(j), "depositNonce");
    // Pre-Regolith (neither) and Regolith (nonce only) receipts are fine.
    j = deposit_receipt_json();
    j.erase("depositReceiptVersion");
    EXPECT_EQ(field_of_error(j), "accepted");
    j.erase("depositNonce");
    EXPECT_EQ(field_of_error(j), "accepted");
    // Other types must not carry deposit fields.
    j = deposit_receipt_json();
    j["type"] = "0x2";
    EXPECT_EQ(field_of_error(j), "depositNonce");
    j.erase("depositNonce");
    EXPECT_EQ(field_of_error(j), "depositReceiptVersion");
    j.erase("depositReceiptVersion");
    EXPECT_EQ(field_of_error(j), "accepted");
}

}  // namespace
}  // namespace countersign::chain
