// SPDX-License-Identifier: Apache-2.0
// JSON-RPC transaction objects: real responses (execution-apis, mainnet block 12964999) re-encode to their
// claimed hash and recover to their claimed sender; strict parsing; tampered JSON no longer matches.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "chain/transaction_json.hpp"
#include "chain/transaction_testing.hpp"

namespace countersign::chain {
namespace {

using json = nlohmann::json;
const std::string kVectors = std::string{COUNTERSIGN_SOURCE_DIR} + "/vectors/";

// The `result` of an execution-apis .io exchange ("<< {response}").
json io_result(const std::string& path) {
    const std::string text = testing::read_text_file(path);
    const auto at = text.find("\n<< ");
    if (at == std::string::npos) return json{};
    auto response = json::parse(text.substr(at + 4), nullptr, false);
    return response.is_discarded() ? json{} : response["result"];
}

// Checks the claims: the re-encoded transaction hashes to `hash`, the signature recovers `from`.
void expect_claims_hold(const json& j, const std::string& where) {
    auto rpc = transaction_from_json(j);
    ASSERT_TRUE(rpc) << where << ": " << to_string(rpc.error().error) << " " << rpc.error().field;
    ASSERT_TRUE(rpc->hash && rpc->from) << where;
    EXPECT_EQ(transaction_hash(rpc->tx), *rpc->hash) << where;
    SenderRules rules;
    rules.chain_id = rpc->tx.chain_id;
    auto sender = recover_sender(rpc->tx, rules);
    ASSERT_TRUE(sender) << where << ": " << to_string(sender.error());
    EXPECT_EQ(*sender, *rpc->from) << where;
    // Our own JSON parses back to the same thing.
    auto again = transaction_from_json(transaction_to_json(*rpc));
    ASSERT_TRUE(again) << where << ": " << to_string(again.error().error) << " " << again.error().field;
    EXPECT_EQ(*again, *rpc) << where;
}

TEST(TransactionJson, ExecutionApisResponses) {
    for (const char* name : {"get-legacy-tx", "get-access-list", "get-dynamic-fee"}) {
        const json result = io_result(kVectors + "execution-apis/tests/eth_getTransactionByHash/" + name + ".io");
        ASSERT_TRUE(result.is_object()) << name;
        expect_claims_hold(result, name);
    }
    auto rpc = transaction_from_json(io_result(kVectors + "execution-apis/tests/eth_getTransactionByHash/get-dynamic-fee.io"));
    ASSERT_TRUE(rpc);
    EXPECT_EQ(rpc->tx.type, TxType::kDynamicFee);
    EXPECT_EQ(rpc->effective_gas_price, Uint256{0x3b9aca01});
    EXPECT_EQ(rpc->block_number, 0x1bu);
    EXPECT_EQ(rpc->transaction_index, 0u);
    EXPECT_EQ(rpc->block_timestamp, 0x10eu);
    EXPECT_EQ(rpc->tx.chain_id, Uint256{0xc72dd9d5e883eull});
}

TEST(TransactionJson, MainnetBlock12964999) {
    const std::string path = kVectors + "execution-specs/src/ethereum/assets/blocks/block_12964999.json";
    auto block = json::parse(testing::read_text_file(path), nullptr, false);
    ASSERT_FALSE(block.is_discarded());
    std::size_t n = 0;
    for (const auto& tx : block["transactions"]) {
        expect_claims_hold(tx, "tx " + std::to_string(n));
        ++n;
    }
    EXPECT_EQ(n, 145u);
}

json legacy_json() {
    return io_result(kVectors + "execution-apis/tests/eth_getTransactionByHash/get-legacy-tx.io");
}
json dynamic_json() {
    return io_result(kVectors + "execution-apis/tests/eth_getTransactionByHash/get-dynamic-fee.io");
}

TxJsonFailure failure(const json& j) {
    auto r = transaction_from_json(j);
    EXPECT_FALSE(r);
    return r ? TxJsonFailure{} : r.error();
}

TEST(TransactionJson, Strict) {
    EXPECT_EQ(failure(json::array()).error, TxJsonError::kNotAnObject);
    json j = legacy_json();
    j["nonce"] = "0x03f";
    EXPECT_EQ(failure(j), (TxJsonFailure{TxJsonError::kInvalidQuantity, "nonce"}));
    j = legacy_json();
    j["value"] = "1";
    EXPECT_EQ(failure(j), (TxJsonFailure{TxJsonError::kInvalidQuantity, "value"}));
    j = legacy_json();
    j["gas"] = 21000;
    EXPECT_EQ(failure(j), (TxJsonFailure{TxJsonError::kWrongJsonType, "gas"}));
    j = legacy_json();
    j["gas"] = "0x10000000000000000";  // 2^64: does not fit the field
    EXPECT_EQ(failure(j), (TxJsonFailure{TxJsonError::kInvalidQuantity, "gas"}));
    j = legacy_json();
    j["to"] = "0xc7b99a164efd027a93f147376cc7da7c67c6bb";
    EXPECT_EQ(failure(j), (TxJsonFailure{TxJsonError::kInvalidAddress, "to"}));
    j = legacy_json();
    j["input"] = "0x0";
    EXPECT_EQ(failure(j), (TxJsonFailure{TxJsonError::kInvalidData, "input"}));
    j = legacy_json();
    j.erase("r");
    EXPECT_EQ(failure(j), (TxJsonFailure{TxJsonError::kMissingField, "r"}));
    j = legacy_json();
    j["hash"] = "0x3fbac8";
    EXPECT_EQ(failure(j), (TxJsonFailure{TxJsonError::kInvalidHash, "hash"}));
    j = legacy_json();
    j["type"] = "0x7";
    EXPECT_EQ(failure(j), (TxJsonFailure{TxJsonError::kUnsupportedType, "type"}));
    // Redundant fields must agree.
    j = legacy_json();
    j["chainId"] = "0x1";  // v = 0x1c: unprotected, so no chain id
    EXPECT_EQ(failure(j), (TxJsonFailure{TxJsonError::kInconsistent, "chainId"}));
    j = legacy_json();
    j["yParity"] = "0x0";  // v = 0x1c: parity 1
    EXPECT_EQ(failure(j), (TxJsonFailure{TxJsonError::kInconsistent, "yParity"}));
    j = dynamic_json();
    j["v"] = "0x0";
    EXPECT_EQ(failure(j), (TxJsonFailure{TxJsonError::kInconsistent, "v"}));
    j = dynamic_json();
    j["yParity"] = "0x2";
    j["v"] = "0x2";
    EXPECT_EQ(failure(j), (TxJsonFailure{TxJsonError::kInvalidTransaction, "yParity"}));
    j = legacy_json();
    j["v"] = "0x1d";
    EXPECT_EQ(failure(j), (TxJsonFailure{TxJsonError::kInvalidTransaction, "v"}));
    // Fields of other types.
    j = dynamic_json();
    j["maxFeePerBlobGas"] = "0x1";
    EXPECT_EQ(failure(j), (TxJsonFailure{TxJsonError::kFieldNotAllowed, "maxFeePerBlobGas"}));
    j = legacy_json();
    j["maxFeePerGas"] = "0x1";
    EXPECT_EQ(failure(j), (TxJsonFailure{TxJsonError::kFieldNotAllowed, "maxFeePerGas"}));
    j = legacy_json();
    j["accessList"] = json::array();  // empty: claims nothing
    EXPECT_TRUE(transaction_from_json(j));
    j["accessList"] = dynamic_json()["accessList"];
    EXPECT_EQ(failure(j), (TxJsonFailure{TxJsonError::kFieldNotAllowed, "accessList"}));
    j = dynamic_json();
    j.erase("maxFeePerGas");
    EXPECT_EQ(failure(j), (TxJsonFailure{TxJsonError::kMissingField, "maxFeePerGas"}));
    j = dynamic_json();
    j["accessList"][0]["storageKeys"][0] = "0x00";
    EXPECT_EQ(failure(j), (TxJsonFailure{TxJsonError::kInvalidHash, "accessList.storageKeys"}));
    // A blob transaction cannot create.
    RpcTransaction blob;
    blob.tx = testing::sample_transaction(TxType::kBlob);
    j = transaction_to_json(blob);
    ASSERT_TRUE(transaction_from_json(j));
    j["to"] = nullptr;
    EXPECT_EQ(failure(j).error, TxJsonError::kInvalidTransaction);
}

TEST(TransactionJson, RoundTripEveryType) {
    for (int t = 0; t <= 4; ++t) {
        RpcTransaction rpc;
        rpc.tx = testing::sample_transaction(static_cast<TxType>(t));
        testing::sign(rpc.tx, testing::key_from_byte(0x66));
        rpc.hash = transaction_hash(rpc.tx);
        rpc.from = testing::address_of(testing::key_from_byte(0x66));
        rpc.block_number = 5;
        if (t >= 2) rpc.effective_gas_price = Uint256{12345};
        const json j = transaction_to_json(rpc);
        auto back = transaction_from_json(j);
        ASSERT_TRUE(back) << t << ": " << to_string(back.error().error) << " " << back.error().field;
        EXPECT_EQ(*back, rpc) << t;
        expect_claims_hold(j, "type " + std::to_string(t));
    }
}

TEST(TransactionJson, TamperedFieldsBreakTheClaims) {
    const json original = dynamic_json();
    const auto original_hash = transaction_from_json(original)->hash;
    int checked = 0;
    for (const auto& [key, replacement] :
         std::vector<std::pair<std::string, json>>{{"nonce", "0x91"},
                                                  {"gas", "0x186a1"},
                                                  {"maxFeePerGas", "0x3b9aca02"},
                                                  {"maxPriorityFeePerGas", "0x2"},
                                                  {"to", "0x7dcd17433742f4c0ca53122ab541d0ba67fc27de"},
                                                  {"value", "0x3"},
                                                  {"input", "0x1ee8f6decf498faf656d6975"},
                                                  {"chainId", "0xc72dd9d5e883f"},
                                                  {"r", "0x88bad2c994f3043a59072f6d16e0bf4fababbea1ebfbb4706fcc3066dc3b7734"},
                                                  {"s", "0x2e1aa511f0d7eeebd17d63d3072aee3b02374238a54fd48b4786553f4e51113d"}}) {
        json j = original;
        j[key] = replacement;
        auto rpc = transaction_from_json(j);
        ASSERT_TRUE(rpc) << key;
        EXPECT_NE(transaction_hash(rpc->tx), *original_hash) << key;
        auto sender = recover_sender(rpc->tx);
        EXPECT_TRUE(!sender || *sender != *rpc->from) << key;
        ++checked;
    }
    json j = original;
    j["accessList"][0]["storageKeys"][1] = "0x13bd2394f758553be374ffa4a9455cdf5e6ef3d905acd02746df2d12361e1acf";
    auto rpc = transaction_from_json(j);
    ASSERT_TRUE(rpc);
    EXPECT_NE(transaction_hash(rpc->tx), *original_hash);
    EXPECT_EQ(checked, 10);
}

}  // namespace
}  // namespace countersign::chain
