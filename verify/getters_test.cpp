// SPDX-License-Identifier: Apache-2.0
// The verified getters over the execution-apis test chain and its recorded answers, with tamper tests.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "chain/block_json.hpp"
#include "chain/receipt.hpp"
#include "chain/receipt_json.hpp"
#include "chain/transaction_json.hpp"
#include "crypto/hex.hpp"
#include "verify/block_verify.hpp"
#include "verify/claims_json.hpp"
#include "verify/logs_verify.hpp"
#include "verify/receipt_verify.hpp"
#include "verify/state_verify.hpp"
#include "verify/verify_test_support.hpp"

namespace countersign::verify {
namespace {

using nlohmann::json;
using testing::block_at;
using testing::io_result;
using testing::rpc_block;
using testing::test_chain;

const HeaderStore& store() {
    static const HeaderStore s = testing::full_store();
    return s;
}

chain::RpcBlock parse_block(const json& j) {
    auto b = chain::block_from_rpc_json(j);
    EXPECT_TRUE(b.has_value()) << (b ? "" : b.error().message());
    return b ? *b : chain::RpcBlock{};
}

Verified<VerifiedBlock> verified_block(std::uint64_t number) {
    auto b = verify_block(store(), Untrusted{rpc_block(block_at(number))});
    EXPECT_TRUE(b.has_value()) << (b ? "" : b.error().to_string());
    return *b;
}

std::vector<chain::RpcReceipt> parse_receipts(const json& array) {
    std::vector<chain::RpcReceipt> out;
    for (const auto& r : array) {
        auto p = chain::receipt_from_rpc_json(r);
        EXPECT_TRUE(p.has_value()) << (p ? "" : p.error().message());
        if (p) out.push_back(*p);
    }
    return out;
}

template <class T>
RefusalCode code_of(const T& result) {
    EXPECT_FALSE(result.has_value());
    return result ? RefusalCode::kMalformed : result.error().code;
}

template <class T>
std::string field_of(const T& result) {
    EXPECT_FALSE(result.has_value());
    return result ? std::string{"<accepted>"} : result.error().field;
}

// ---------------------------------------------------------------------------------------------- blocks

TEST(VerifyBlock, RecordedBlockByHashWithFullTransactions) {
    const json j = io_result("eth_getBlockByHash/get-block-by-hash.io");
    auto b = verify_block(store(), Untrusted{parse_block(j)});
    ASSERT_TRUE(b.has_value()) << b.error().to_string();
    EXPECT_EQ(b->block_number(), 1u);
    EXPECT_EQ((*b)->transactions.size(), 4u);
    EXPECT_EQ(b->block_hash(), chain::header_hash(block_at(1).header));
}

TEST(VerifyBlock, RecordedHeaderOnlyBlocks) {
    for (const char* file : {"eth_getBlockByNumber/get-block-london-fork.io",
                             "eth_getBlockByNumber/get-block-cancun-fork.io", "eth_getBlockByNumber/get-latest.io"}) {
        auto h = verify_block_header(store(), Untrusted{parse_block(io_result(file))});
        ASSERT_TRUE(h.has_value()) << file << ": " << h.error().to_string();
    }
}

TEST(VerifyBlock, TamperedBlockObjectsAreRefused) {
    const json good = io_result("eth_getBlockByHash/get-block-by-hash.io");
    {  // a transaction field
        json j = good;
        j["transactions"][1]["value"] = "0x1234";
        EXPECT_EQ(code_of(verify_block(store(), Untrusted{parse_block(j)})), RefusalCode::kTransactionsRootMismatch);
    }
    {  // a reordered list
        json j = good;
        std::swap(j["transactions"][0], j["transactions"][2]);
        EXPECT_EQ(code_of(verify_block(store(), Untrusted{parse_block(j)})), RefusalCode::kTransactionsRootMismatch);
    }
    {  // a dropped transaction
        json j = good;
        j["transactions"].erase(3);
        EXPECT_EQ(code_of(verify_block(store(), Untrusted{parse_block(j)})), RefusalCode::kTransactionsRootMismatch);
    }
    {  // a header field with the genuine hash
        json j = good;
        j["gasUsed"] = "0x1";
        EXPECT_EQ(code_of(verify_block(store(), Untrusted{parse_block(j)})), RefusalCode::kHeaderHashMismatch);
    }
    for (const char* claim : {"hash", "blockHash"}) {
        json j = good;
        j["transactions"][2][claim] = "0x" + std::string(64, 'a');
        const auto r = verify_block(store(), Untrusted{parse_block(j)});
        EXPECT_EQ(code_of(r), RefusalCode::kFieldMismatch);
        EXPECT_EQ(field_of(r), std::string{"transactions."} + claim);
    }
    {
        json j = good;
        j["transactions"][2]["from"] = "0x" + std::string(40, 'b');
        EXPECT_EQ(field_of(verify_block(store(), Untrusted{parse_block(j)})), "transactions.from");
        j = good;
        j["transactions"][2]["transactionIndex"] = "0x1";
        EXPECT_EQ(field_of(verify_block(store(), Untrusted{parse_block(j)})), "transactions.transactionIndex");
        j = good;
        j["transactions"][2]["blockNumber"] = "0x2";
        EXPECT_EQ(field_of(verify_block(store(), Untrusted{parse_block(j)})), "transactions.blockNumber");
    }
}

TEST(VerifyBlock, BlockFromAnotherForkIsNotLinked) {
    chain::RpcBlock rival = rpc_block(block_at(7));
    rival.header.extra_data = Bytes{0x66, 0x6f, 0x72, 0x6b};
    rival.hash = chain::header_hash(rival.header);
    EXPECT_EQ(code_of(verify_block(store(), Untrusted{rival})), RefusalCode::kNotLinked);
    EXPECT_EQ(code_of(verify_block_header(store(), Untrusted{rival})), RefusalCode::kNotLinked);
}

// ---------------------------------------------------------------------------------------------- transactions

TEST(VerifyTransaction, RecordedTransactionsByHash) {
    for (const char* file :
         {"eth_getTransactionByHash/get-access-list.io", "eth_getTransactionByHash/get-dynamic-fee.io",
          "eth_getTransactionByHash/get-legacy-tx.io"}) {
        const json j = io_result(file);
        auto claimed = chain::transaction_from_json(j);
        ASSERT_TRUE(claimed.has_value()) << file;
        const auto block = verified_block(*claimed->block_number);
        auto tx = verify_transaction(store(), block, *claimed->hash, Untrusted{*claimed});
        ASSERT_TRUE(tx.has_value()) << file << ": " << tx.error().to_string();
        EXPECT_EQ((*tx)->from, *claimed->from);
        EXPECT_EQ((*tx)->index, *claimed->transaction_index);
        EXPECT_EQ(tx->block_hash(), *claimed->block_hash);
    }
}

TEST(VerifyTransaction, TamperedClaimsAreRefused) {
    const json good = io_result("eth_getTransactionByHash/get-dynamic-fee.io");
    auto base = chain::transaction_from_json(good);
    ASSERT_TRUE(base.has_value());
    const auto block = verified_block(*base->block_number);
    const Hash32 hash = *base->hash;
    auto check = [&](const char* field, const json& value, RefusalCode code, const std::string& expected_field) {
        json j = good;
        j[field] = value;
        auto claimed = chain::transaction_from_json(j);
        ASSERT_TRUE(claimed.has_value()) << field;
        const auto r = verify_transaction(store(), block, hash, Untrusted{*claimed});
        EXPECT_EQ(code_of(r), code) << field;
        if (!r) {
            EXPECT_EQ(r.error().field, expected_field) << field;
        }
    };
    check("blockHash", "0x" + std::string(64, '1'), RefusalCode::kFieldMismatch, "blockHash");
    check("blockNumber", "0x1c", RefusalCode::kFieldMismatch, "blockNumber");
    check("transactionIndex", "0x1", RefusalCode::kFieldMismatch, "transactionIndex");
    check("from", "0x" + std::string(40, '2'), RefusalCode::kFieldMismatch, "from");
    check("hash", "0x" + std::string(64, '3'), RefusalCode::kFieldMismatch, "hash");
    check("value", "0x5", RefusalCode::kFieldMismatch, "transaction");
    check("input", "0x00", RefusalCode::kFieldMismatch, "transaction");
    check("chainId", "0x1", RefusalCode::kChainIdMismatch, "chainId");
    check("gasPrice", "0x3b9aca02", RefusalCode::kFieldMismatch, "gasPrice");
    check("blockTimestamp", "0x10f", RefusalCode::kFieldMismatch, "blockTimestamp");
    EXPECT_EQ(code_of(verify_transaction(store(), block, Hash32{}, std::nullopt)), RefusalCode::kTxNotInBlock);
}

TEST(VerifyTransaction, WrongChainIdIsRefused) {
    ChainConfig config = testing::test_config();
    config.chain_id = 1;
    HeaderStore other = testing::full_store(config);
    const std::uint64_t n = 0x1b;  // a dynamic-fee transaction carries its chain id
    EXPECT_EQ(code_of(verify_block(other, Untrusted{rpc_block(block_at(n))})), RefusalCode::kChainIdMismatch);
}

// ---------------------------------------------------------------------------------------------- receipts

TEST(VerifyReceipts, RecordedBlockReceipts) {
    const auto receipts = parse_receipts(io_result("eth_getBlockReceipts/get-block-receipts-n.io"));
    auto v = verify_block_receipts(store(), verified_block(1), Untrusted{receipts});
    ASSERT_TRUE(v.has_value()) << v.error().to_string();
    ASSERT_EQ((*v)->receipts.size(), 4u);
    for (std::size_t i = 0; i < 4; ++i) {
        EXPECT_EQ((*v)->receipts[i].contract_address, receipts[i].claims.contract_address);
        EXPECT_EQ((*v)->receipts[i].gas_used, receipts[i].claims.gas_used);
        auto one = verify_receipt(*v, receipts[i].claims.transaction_hash, Untrusted{receipts[i]});
        ASSERT_TRUE(one.has_value()) << one.error().to_string();
    }
}

TEST(VerifyReceipts, TamperedBlockReceiptsAreRefused) {
    const json good = io_result("eth_getBlockReceipts/get-block-receipts-n.io");
    const auto block = verified_block(1);
    auto run = [&](const json& j) { return verify_block_receipts(store(), block, Untrusted{parse_receipts(j)}); };
    {
        json j = good;
        j[1]["root"] = "0x" + std::string(64, '7');  // pre-Byzantium: the post-state root instead of a status
        EXPECT_EQ(code_of(run(j)), RefusalCode::kReceiptsRootMismatch);
    }
    {
        json j = good;
        j.erase(2);  // a dropped receipt
        EXPECT_EQ(code_of(run(j)), RefusalCode::kReceiptsRootMismatch);
    }
    {
        json j = good;
        std::swap(j[0], j[3]);  // a reordered list
        EXPECT_EQ(code_of(run(j)), RefusalCode::kReceiptsRootMismatch);
    }
    {
        json j = good;
        j[0]["cumulativeGasUsed"] = "0x102d4";
        EXPECT_EQ(code_of(run(j)), RefusalCode::kReceiptsRootMismatch);
    }
    const std::vector<std::pair<std::string, json>> claims = {
        {"gasUsed", "0x1"},
        {"contractAddress", "0x" + std::string(40, 'c')},
        {"from", "0x" + std::string(40, 'd')},
        {"transactionIndex", "0x3"},
        {"transactionHash", "0x" + std::string(64, 'e')},
        {"blockHash", "0x" + std::string(64, 'f')},
        {"blockNumber", "0x2"},
        {"effectiveGasPrice", "0x2"},
        {"to", "0x" + std::string(40, '1')},
    };
    for (const auto& [field, value] : claims) {
        json j = good;
        j[2][field] = value;
        const auto r = run(j);
        EXPECT_EQ(code_of(r), RefusalCode::kFieldMismatch) << field;
        EXPECT_EQ(field_of(r), field);
        if (!r) {
            EXPECT_EQ(r.error().index, 2u);
        }
    }
}

// Block 0x1b holds four transactions; one recorded receipt alone cannot be checked against the root.
TEST(VerifyReceipts, OneReceiptOfSeveralProvesNothing) {
    const json one = io_result("eth_getTransactionReceipt/get-dynamic-fee.io");
    const auto block = verified_block(0x1b);
    ASSERT_GT(block->transactions.size(), 1u);
    EXPECT_EQ(code_of(verify_block_receipts(store(), block, Untrusted{parse_receipts(json::array({one}))})),
              RefusalCode::kReceiptsRootMismatch);
}

// Block 3's raw receipts (debug_getRawReceipts), the third one with logs.
Verified<VerifiedBlockReceipts> block3_receipts(
    const std::optional<chain::ReceiptClaims>& first_claims = std::nullopt) {
    const json raw = io_result("debug_getRawReceipts/get-block-n.io");
    std::vector<ClaimedReceipt> receipts;
    for (const auto& r : raw) {
        auto bytes = parse_hex(r.get<std::string>(), HexPrefix::kRequired);
        EXPECT_TRUE(bytes.has_value());
        auto decoded = chain::decode_raw_receipt(bytes ? *bytes : Bytes{});
        EXPECT_TRUE(decoded.has_value());
        if (decoded) receipts.push_back(ClaimedReceipt{*decoded, std::nullopt});
    }
    if (!receipts.empty()) receipts[0].claims = first_claims;
    auto v = verify_block_receipts(store(), verified_block(3), Untrusted{receipts});
    EXPECT_TRUE(v.has_value()) << (v ? "" : v.error().to_string());
    return *v;
}

// The claims an honest node would attach to verified receipt `i`.
chain::RpcReceipt honest_claim(const Verified<VerifiedBlockReceipts>& all, std::size_t i) {
    const VerifiedReceipt& v = all->receipts[i];
    chain::RpcReceipt out;
    out.receipt = v.receipt;
    auto& c = out.claims;
    c.transaction_hash = v.transaction_hash;
    c.transaction_index = v.transaction_index;
    c.block_hash = all.block_hash();
    c.block_number = all.block_number();
    c.from = v.from;
    c.to = v.to;
    c.contract_address = v.contract_address;
    c.gas_used = v.gas_used;
    c.effective_gas_price = v.effective_gas_price;
    for (std::size_t k = 0; k < v.receipt.logs.size(); ++k)
        c.logs.push_back(chain::LogClaims{all.block_hash(), all.block_number(), v.transaction_hash, v.transaction_index,
                                          v.first_log_index + k, false});
    return out;
}

TEST(VerifyReceipts, RawReceiptsWithTheRecordedLegacyReceipt) {
    const json claimed = io_result("eth_getTransactionReceipt/get-legacy-receipt.io");
    auto parsed = chain::receipt_from_rpc_json(claimed);
    ASSERT_TRUE(parsed.has_value());
    const auto all = block3_receipts(parsed->claims);
    ASSERT_EQ(all->receipts.size(), 3u);
    EXPECT_TRUE(verify_receipt(all, parsed->claims.transaction_hash, Untrusted{*parsed}).has_value());
    json j = claimed;
    j["root"] = "0x" + std::string(64, '5');
    auto r = verify_receipt(all, parsed->claims.transaction_hash, Untrusted{*chain::receipt_from_rpc_json(j)});
    EXPECT_EQ(code_of(r), RefusalCode::kReceiptMismatch);
    j = claimed;
    j["gasUsed"] = "0x5209";
    r = verify_receipt(all, parsed->claims.transaction_hash, Untrusted{*chain::receipt_from_rpc_json(j)});
    EXPECT_EQ(field_of(r), "gasUsed");
    EXPECT_EQ(code_of(verify_receipt(all, Hash32{}, std::nullopt)), RefusalCode::kTxNotInBlock);
}

TEST(VerifyReceipts, TamperedReceiptWithLogs) {
    const auto all = block3_receipts();
    ASSERT_FALSE(all->receipts[2].receipt.logs.empty());
    const Hash32 tx = all->receipts[2].transaction_hash;
    ASSERT_TRUE(verify_receipt(all, tx, Untrusted{honest_claim(all, 2)}).has_value());
    auto with = [&](auto&& edit) {
        chain::RpcReceipt c = honest_claim(all, 2);
        edit(c);
        return verify_receipt(all, tx, Untrusted{c});
    };
    EXPECT_EQ(field_of(with([](chain::RpcReceipt& c) {
                  c.receipt.success = !c.receipt.success;
                  c.receipt.post_state.reset();
              })),
              "status");
    EXPECT_EQ(code_of(with([](chain::RpcReceipt& c) { c.receipt.logs[0].data.push_back(1); })),
              RefusalCode::kReceiptMismatch);
    EXPECT_EQ(code_of(with([](chain::RpcReceipt& c) { c.receipt.logs[0].topics.push_back(Hash32{}); })),
              RefusalCode::kReceiptMismatch);
    EXPECT_EQ(code_of(with([](chain::RpcReceipt& c) { c.receipt.logs.pop_back(); })), RefusalCode::kReceiptMismatch);
    EXPECT_EQ(field_of(with([](chain::RpcReceipt& c) { c.claims.logs[0].log_index += 1; })), "logs.logIndex");
    EXPECT_EQ(field_of(with([](chain::RpcReceipt& c) { c.claims.logs[0].block_hash = Hash32{}; })), "logs.blockHash");
    EXPECT_EQ(field_of(with([](chain::RpcReceipt& c) { c.claims.logs[0].removed = true; })), "logs.removed");
    EXPECT_EQ(field_of(with([](chain::RpcReceipt& c) { c.claims.gas_used -= 1; })), "gasUsed");
    EXPECT_EQ(field_of(with([](chain::RpcReceipt& c) { c.claims.transaction_index = 1; })), "transactionIndex");
    EXPECT_EQ(field_of(with([](chain::RpcReceipt& c) { c.claims.logs.pop_back(); })), "logs");
}

// ---------------------------------------------------------------------------------------------- logs

const Address kEmitter = *parse_hex_fixed<20>("0x7dcd17433742f4c0ca53122ab541d0ba67fc27df");

TEST(VerifyLogs, BloomRulesBlocksOutAndTheRestNeedReceipts) {
    LogFilter filter{1, test_chain().back().header.number, {kEmitter}, {}};
    auto needed = blocks_needing_receipts(store(), filter);
    ASSERT_TRUE(needed.has_value());
    // The recorded eth_getLogs answers place logs of the emitter in blocks 2, 4 and 0x1b.
    for (std::uint64_t n : {2u, 4u, 0x1bu}) EXPECT_NE(std::find(needed->begin(), needed->end(), n), needed->end()) << n;
    EXPECT_LT(needed->size(), test_chain().size());  // the bloom proves the others empty

    // Blocks 2 and 4 may hold matching logs, and their receipts are not at hand: the answer is incomplete.
    filter.to_block = 4;
    EXPECT_EQ(code_of(verify_logs(store(), filter, {})), RefusalCode::kLogsIncomplete);
    // A range whose blooms all exclude the filter is proven empty without any receipt.
    ASSERT_EQ(std::find(needed->begin(), needed->end(), 1u), needed->end());
    auto empty = verify_logs(store(), LogFilter{1, 1, {kEmitter}, {}}, {});
    ASSERT_TRUE(empty.has_value());
    EXPECT_TRUE(empty->value().empty());
    // A range with a header the store does not hold, and a reversed one.
    EXPECT_EQ(code_of(verify_logs(store(), LogFilter{1, 10'000, {kEmitter}, {}}, {})), RefusalCode::kUnknownBlock);
    EXPECT_EQ(code_of(verify_logs(store(), LogFilter{4, 1, {}, {}}, {})), RefusalCode::kMalformed);

    // Where blooms prove nothing, every block of the range needs its receipts.
    ChainConfig no_blooms = testing::test_config();
    no_blooms.blooms_prove_absence = false;
    const HeaderStore other = testing::full_store(no_blooms);
    EXPECT_EQ(blocks_needing_receipts(other, LogFilter{1, 4, {kEmitter}, {}})->size(), 4u);
    EXPECT_EQ(code_of(verify_logs(other, LogFilter{1, 1, {kEmitter}, {}}, {})), RefusalCode::kLogsIncomplete);
}

std::vector<ClaimedLog> honest_logs(const std::vector<MatchedLog>& logs) {
    std::vector<ClaimedLog> out;
    for (const auto& m : logs)
        out.push_back(ClaimedLog{m.log, chain::LogClaims{m.block_hash, m.block_number, m.transaction_hash,
                                                         m.transaction_index, m.log_index, false}});
    return out;
}

TEST(VerifyLogs, CompleteLogsOfABlockAndTamperedAnswers) {
    const std::vector<Verified<VerifiedBlockReceipts>> have{block3_receipts()};
    const chain::Log& first = have[0]->receipts[2].receipt.logs[0];
    LogFilter filter{3, 3, {first.address}, {}};
    auto ok = verify_logs(store(), filter, have);
    ASSERT_TRUE(ok.has_value()) << ok.error().to_string();
    ASSERT_FALSE(ok->value().empty());
    EXPECT_EQ(ok->value()[0].log, first);
    const auto good = honest_logs(ok->value());
    ASSERT_TRUE(verify_logs(store(), filter, have, Untrusted{good}).has_value());
    // Receipts of another block do not stand in for the ones needed.
    EXPECT_EQ(code_of(verify_logs(
                  store(), filter,
                  std::vector<Verified<VerifiedBlockReceipts>>{*verify_block_receipts(
                      store(), verified_block(1),
                      Untrusted{parse_receipts(io_result("eth_getBlockReceipts/get-block-receipts-n.io"))})})),
              RefusalCode::kLogsIncomplete);

    if (!first.topics.empty()) {
        LogFilter by_topic = filter;
        by_topic.topics = {{first.topics[0]}};
        EXPECT_FALSE(verify_logs(store(), by_topic, have)->value().empty());
        by_topic.topics = {{Hash32{}}};
        auto none = verify_logs(store(), by_topic, have);
        ASSERT_TRUE(none.has_value());
        EXPECT_TRUE(none->value().empty());
    }

    auto with = [&](auto&& edit) {
        auto logs = good;
        edit(logs);
        return verify_logs(store(), filter, have, Untrusted{logs});
    };
    EXPECT_EQ(field_of(with([](auto& l) { l[0].log.data.push_back(0); })), "logs.data");
    EXPECT_EQ(field_of(with([](auto& l) { l[0].log.address.bytes[0] ^= 1; })), "logs.address");
    if (!first.topics.empty()) {
        EXPECT_EQ(field_of(with([](auto& l) { l[0].log.topics[0].bytes[0] ^= 1; })), "logs.topics");
    }
    EXPECT_EQ(field_of(with([](auto& l) { l[0].claims.log_index += 7; })), "logs.logIndex");
    EXPECT_EQ(field_of(with([](auto& l) { l[0].claims.transaction_hash.bytes[0] ^= 1; })), "logs.transactionHash");
    EXPECT_EQ(code_of(with([](auto& l) { l.erase(l.begin()); })), RefusalCode::kLogsIncomplete);  // a dropped log
    EXPECT_EQ(code_of(with([](auto& l) { l.pop_back(); })), RefusalCode::kLogsIncomplete);
    EXPECT_EQ(field_of(with([](auto& l) { l.push_back(l[0]); })), "logs");  // an invented one
}

// ---------------------------------------------------------------------------------------------- state

TEST(VerifyAccount, RecordedProofAtTheHead) {
    const auto head = *store().by_number(store().highest());
    for (const char* file :
         {"eth_getProof/get-account-proof-latest.io", "eth_getProof/get-account-proof-with-storage.io"}) {
        auto claimed = account_proof_from_rpc_json(io_result(file));
        ASSERT_TRUE(claimed.has_value()) << claimed.error().message();
        auto v = verify_account(head, kEmitter, Untrusted{*claimed});
        ASSERT_TRUE(v.has_value()) << file << ": " << v.error().to_string();
        ASSERT_TRUE((*v)->account.has_value());
        EXPECT_EQ((*v)->account->balance, Uint256{0x76});
        EXPECT_EQ((*v)->storage.size(), claimed->storage.size());
    }
}

TEST(VerifyAccount, TamperedProofsAreRefused) {
    const auto head = *store().by_number(store().highest());
    const json good = io_result("eth_getProof/get-account-proof-with-storage.io");
    auto run = [&](const json& j) {
        return verify_account(head, kEmitter, Untrusted{*account_proof_from_rpc_json(j)});
    };
    // A flipped byte in each account proof node.
    for (std::size_t i = 0; i < good["accountProof"].size(); ++i) {
        json j = good;
        std::string node = j["accountProof"][i];
        node[10] = node[10] == '0' ? '1' : '0';
        j["accountProof"][i] = node;
        EXPECT_EQ(code_of(run(j)), RefusalCode::kProofInvalid) << i;
    }
    ASSERT_FALSE(good["storageProof"][0]["proof"].empty());
    for (std::size_t i = 0; i < good["storageProof"][0]["proof"].size(); ++i) {
        json j = good;
        std::string node = j["storageProof"][0]["proof"][i];
        node[8] = node[8] == '0' ? '1' : '0';
        j["storageProof"][0]["proof"][i] = node;
        EXPECT_EQ(code_of(run(j)), RefusalCode::kProofInvalid) << i;
    }
    for (const auto& [field, value] :
         std::vector<std::pair<std::string, json>>{{"balance", "0x77"},
                                                   {"nonce", "0x1"},
                                                   {"codeHash", "0x" + std::string(64, '1')},
                                                   {"storageHash", "0x" + std::string(64, '2')}}) {
        json j = good;
        j[field] = value;
        EXPECT_EQ(field_of(run(j)), field);
    }
    json j = good;
    j["storageProof"][0]["value"] = "0x1234";
    EXPECT_EQ(field_of(run(j)), "storageProof.value");
    // The answer for another address than the one asked for.
    EXPECT_EQ(field_of(verify_account(head, Address{}, Untrusted{*account_proof_from_rpc_json(good)})), "address");
    // The same proof against an older verified state root proves nothing.
    const auto older = *store().by_number(store().highest() - 1);
    EXPECT_EQ(code_of(verify_account(older, kEmitter, Untrusted{*account_proof_from_rpc_json(good)})),
              RefusalCode::kProofInvalid);
}

}  // namespace
}  // namespace countersign::verify
