// SPDX-License-Identifier: Apache-2.0
// The light client on an OP-stack chain (Base, chain id 8453) without an OP node: a three-block chain is
// built here around a real Base L1-attributes deposit (tests/fixtures/op-deposit) and a signed EIP-1559
// transaction, with correct transactions/receipts roots, blooms and parent links, and served as recorded
// JSON-RPC exchanges. With op_stack (the default for 8453) headers, blocks, transactions and receipts verify
// and the deposit's sender is reported as not signed; without it the same chain is refused; a deposit whose
// mint or sourceHash a node altered is refused.
#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "chain/block.hpp"
#include "chain/bloom.hpp"
#include "chain/receipt.hpp"
#include "chain/transaction_json.hpp"
#include "chain/transaction_testing.hpp"
#include "chain/trie_root.hpp"
#include "crypto/hex.hpp"
#include "crypto/keccak.hpp"
#include "rpc/fetch.hpp"
#include "rpc/recorded_provider.hpp"
#include "rpc/testing/tx_signer.hpp"
#include "verify/block_verify.hpp"

namespace countersign::rpc {
namespace {

using verify::RefusalCode;

constexpr std::uint64_t kBaseChainId = 8453;
const Address kL1InfoDepositor = *parse_hex_fixed<20>("0xdeaddeaddeaddeaddeaddeaddeaddeaddead0001");
const Address kRecipient = *parse_hex_fixed<20>("0x00000000000000000000000000000000c0ffee01");

std::string q(std::uint64_t n) { return Uint256{n}.to_quantity(); }

// The real Base mainnet L1-attributes deposit (Ecotone), by name from the fixture.
chain::Transaction base_deposit() {
    const auto text =
        chain::testing::read_text_file(std::string{COUNTERSIGN_SOURCE_DIR} + "/tests/fixtures/op-deposit/fixture.json");
    const json fixture = json::parse(text);
    for (const auto& c : fixture.at("cases")) {
        if (c.at("name") != "base-mainnet-l1-info-ecotone") continue;
        auto raw = parse_hex(c.at("raw").get<std::string>(), HexPrefix::kRequired);
        if (!raw) break;
        auto tx = chain::decode_raw_transaction(*raw, chain::DecodeOptions{true});
        if (!tx) break;
        return *tx;
    }
    ADD_FAILURE() << "fixture case base-mainnet-l1-info-ecotone missing";
    return {};
}

json header_json(const chain::BlockHeader& h) {
    json j = json::object();
    j["parentHash"] = to_hex(h.parent_hash);
    j["sha3Uncles"] = to_hex(h.ommers_hash);
    j["miner"] = to_hex(h.beneficiary);
    j["stateRoot"] = to_hex(h.state_root);
    j["transactionsRoot"] = to_hex(h.transactions_root);
    j["receiptsRoot"] = to_hex(h.receipts_root);
    j["logsBloom"] = to_hex(h.logs_bloom);
    j["difficulty"] = h.difficulty.to_quantity();
    j["number"] = q(h.number);
    j["gasLimit"] = q(h.gas_limit);
    j["gasUsed"] = q(h.gas_used);
    j["timestamp"] = q(h.timestamp);
    j["extraData"] = to_hex(h.extra_data);
    j["mixHash"] = to_hex(h.mix_hash);
    j["nonce"] = to_hex(h.nonce);
    if (h.base_fee_per_gas) j["baseFeePerGas"] = h.base_fee_per_gas->to_quantity();
    if (h.withdrawals_root) j["withdrawalsRoot"] = to_hex(*h.withdrawals_root);
    if (h.blob_gas_used) j["blobGasUsed"] = q(*h.blob_gas_used);
    if (h.excess_blob_gas) j["excessBlobGas"] = q(*h.excess_blob_gas);
    if (h.parent_beacon_block_root) j["parentBeaconBlockRoot"] = to_hex(*h.parent_beacon_block_root);
    if (h.requests_hash) j["requestsHash"] = to_hex(*h.requests_hash);
    j["hash"] = to_hex(chain::header_hash(h));
    j["uncles"] = json::array();
    j["withdrawals"] = json::array();
    return j;
}

struct OpBlock {
    chain::BlockHeader header;
    std::vector<chain::Transaction> txs;
    std::vector<chain::Receipt> receipts;
    std::vector<std::uint64_t> gas;  // per transaction
};

// Blocks 0 (the checkpoint, empty), 1 (the Base deposit and an EIP-1559 transfer emitting no logs, plus a
// log on the deposit's receipt) and 2 (an Isthmus block: requestsHash set, withdrawalsRoot a state root).
class OpChain {
public:
    OpChain() {
        blocks_.resize(3);
        for (std::uint64_t n = 0; n < 3; ++n) {
            OpBlock& b = blocks_[n];
            chain::BlockHeader& h = b.header;
            h.number = n;
            h.parent_hash = n == 0 ? Hash32{} : chain::header_hash(blocks_[n - 1].header);
            h.ommers_hash = chain::ommers_hash({});
            h.beneficiary = *parse_hex_fixed<20>("0x4200000000000000000000000000000000000011");
            h.state_root = keccak256(Bytes(1, static_cast<std::uint8_t>(n)));
            h.gas_limit = 240'000'000;
            h.timestamp = 1'724'000'000 + 2 * n;
            h.extra_data = Bytes(9, 0);
            h.mix_hash = keccak256(Bytes(2, static_cast<std::uint8_t>(n)));
            h.base_fee_per_gas = Uint256{1'000'000};
            h.withdrawals_root = chain::kEmptyTrieRoot;
            h.blob_gas_used = 0;
            h.excess_blob_gas = 0;
            h.parent_beacon_block_root = keccak256(Bytes(3, static_cast<std::uint8_t>(n)));
            if (n == 0) {
                h.transactions_root = chain::kEmptyTrieRoot;
                h.receipts_root = chain::kEmptyTrieRoot;
                continue;
            }
            b.txs.push_back(base_deposit());
            b.gas.push_back(45'000);
            chain::Receipt deposit_receipt;
            deposit_receipt.type = chain::TxType::kDeposit;
            deposit_receipt.success = true;
            deposit_receipt.deposit_nonce = 20'000'000 + n;
            deposit_receipt.deposit_receipt_version = 1;
            chain::Log log{*parse_hex_fixed<20>("0x4200000000000000000000000000000000000015"),
                           {keccak256(Bytes(4, 0x42))},
                           Bytes(32, static_cast<std::uint8_t>(n))};
            deposit_receipt.logs.push_back(log);
            b.receipts.push_back(deposit_receipt);
            if (n == 1) {
                b.txs.push_back(countersign::testing::dynamic_fee_tx(0, kRecipient, Uint256{12345}, {}, kBaseChainId));
                b.gas.push_back(21'000);
                chain::Receipt r;
                r.type = chain::TxType::kDynamicFee;
                r.success = true;
                b.receipts.push_back(r);
            }
            std::uint64_t cumulative = 0;
            for (std::size_t i = 0; i < b.receipts.size(); ++i) {
                cumulative += b.gas[i];
                b.receipts[i].cumulative_gas_used = cumulative;
                b.receipts[i].logs_bloom = chain::logs_bloom(b.receipts[i].logs);
                chain::bloom_merge(h.logs_bloom, b.receipts[i].logs_bloom);
            }
            h.gas_used = cumulative;
            h.transactions_root = chain::transactions_root(b.txs);
            h.receipts_root = chain::receipts_root(b.receipts);
            if (n == 2) {
                // Isthmus: withdrawalsRoot is the L2ToL1MessagePasser storage root; requestsHash the empty one.
                h.withdrawals_root = keccak256(Bytes(5, 0x99));
                h.requests_hash = *parse_hex_fixed<32>(
                    "0xe3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
            }
        }
    }

    const OpBlock& block(std::uint64_t n) const { return blocks_.at(n); }
    Hash32 hash(std::uint64_t n) const { return chain::header_hash(blocks_.at(n).header); }

    json tx_json(std::uint64_t n, std::size_t i) const {
        const OpBlock& b = blocks_.at(n);
        chain::RpcTransaction rpc;
        rpc.tx = b.txs[i];
        rpc.hash = chain::transaction_hash(rpc.tx);
        rpc.block_hash = hash(n);
        rpc.block_number = n;
        rpc.transaction_index = i;
        if (rpc.tx.type == chain::TxType::kDeposit) {
            rpc.from = rpc.tx.from;
            rpc.deposit_nonce = b.receipts[i].deposit_nonce;
            rpc.deposit_receipt_version = b.receipts[i].deposit_receipt_version;
        } else {
            rpc.from = countersign::testing::dev_address(0);
        }
        return chain::transaction_to_json(rpc);
    }

    json receipt_json(std::uint64_t n, std::size_t i) const {
        const OpBlock& b = blocks_.at(n);
        const chain::Receipt& r = b.receipts[i];
        const chain::Transaction& tx = b.txs[i];
        const Hash32 tx_hash = chain::transaction_hash(tx);
        std::uint64_t first_log = 0;
        for (std::size_t k = 0; k < i; ++k) first_log += b.receipts[k].logs.size();
        json j = json::object();
        j["type"] = q(static_cast<std::uint64_t>(r.type));
        j["status"] = r.success ? "0x1" : "0x0";
        j["cumulativeGasUsed"] = q(r.cumulative_gas_used);
        j["logsBloom"] = to_hex(r.logs_bloom);
        j["transactionHash"] = to_hex(tx_hash);
        j["transactionIndex"] = q(i);
        j["blockHash"] = to_hex(hash(n));
        j["blockNumber"] = q(n);
        j["from"] = to_hex(tx.type == chain::TxType::kDeposit ? *tx.from : countersign::testing::dev_address(0));
        j["to"] = tx.to ? json(to_hex(*tx.to)) : json(nullptr);
        j["contractAddress"] = nullptr;
        j["gasUsed"] = q(b.gas[i]);
        j["effectiveGasPrice"] =
            tx.type == chain::TxType::kDeposit ? std::string{"0x0"} : q(1'000'000 + 1'000'000'000ull);
        if (r.deposit_nonce) j["depositNonce"] = q(*r.deposit_nonce);
        if (r.deposit_receipt_version) j["depositReceiptVersion"] = q(*r.deposit_receipt_version);
        json logs = json::array();
        for (std::size_t k = 0; k < r.logs.size(); ++k) {
            const chain::Log& l = r.logs[k];
            json topics = json::array();
            for (const auto& t : l.topics) topics.push_back(to_hex(t));
            logs.push_back({{"address", to_hex(l.address)},
                            {"topics", topics},
                            {"data", to_hex(l.data)},
                            {"blockHash", to_hex(hash(n))},
                            {"blockNumber", q(n)},
                            {"transactionHash", to_hex(tx_hash)},
                            {"transactionIndex", q(i)},
                            {"logIndex", q(first_log + k)},
                            {"removed", false}});
        }
        j["logs"] = logs;
        return j;
    }

    json block_json(std::uint64_t n, bool full) const {
        json j = header_json(blocks_.at(n).header);
        json txs = json::array();
        for (std::size_t i = 0; i < blocks_.at(n).txs.size(); ++i)
            txs.push_back(full ? tx_json(n, i) : json(to_hex(chain::transaction_hash(blocks_.at(n).txs[i]))));
        j["transactions"] = txs;
        return j;
    }

private:
    std::vector<OpBlock> blocks_;
};

using BlockEdit = std::function<void(std::uint64_t number, json& full_block)>;

// What a Base node would answer for this chain (no debug_getRawHeader: headers come from block objects).
RecordedProvider serve(const OpChain& c, const BlockEdit& edit = {}) {
    std::vector<RecordedExchange> ex;
    std::uint64_t id = 1;
    const auto add = [&](std::string method, json params, json result) {
        ex.push_back(RecordedExchange{std::move(method), std::move(params), json(id),
                                      json{{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}}, 0});
        ++id;
    };
    add("eth_chainId", json::array(), q(kBaseChainId));
    add("eth_blockNumber", json::array(), q(2));
    for (std::uint64_t n = 0; n < 3; ++n) {
        const std::string h = to_hex(c.hash(n));
        add("eth_getBlockByNumber", json::array({q(n), false}), c.block_json(n, false));
        add("eth_getBlockByHash", json::array({h, false}), c.block_json(n, false));
        json full = c.block_json(n, true);
        if (edit) edit(n, full);
        add("eth_getBlockByHash", json::array({h, true}), full);
        json receipts = json::array();
        for (std::size_t i = 0; i < c.block(n).txs.size(); ++i) {
            const std::string tx = to_hex(chain::transaction_hash(c.block(n).txs[i]));
            add("eth_getTransactionByHash", json::array({tx}), c.tx_json(n, i));
            add("eth_getTransactionReceipt", json::array({tx}), c.receipt_json(n, i));
            receipts.push_back(c.receipt_json(n, i));
        }
        add("eth_getBlockReceipts", json::array({h}), receipts);
    }
    return RecordedProvider{"recorded:base", std::move(ex)};
}

verify::ChainConfig base_config(const OpChain& c) {
    verify::ChainConfig config;
    config.chain_id = kBaseChainId;
    config.checkpoint = verify::Checkpoint{0, c.hash(0)};
    config.op_stack = verify::is_op_stack_chain_id(kBaseChainId);
    return config;
}

TEST(LightClientOpStack, KnownChainIds) {
    EXPECT_TRUE(verify::is_op_stack_chain_id(8453));
    EXPECT_TRUE(verify::is_op_stack_chain_id(84532));
    EXPECT_TRUE(verify::is_op_stack_chain_id(10));
    EXPECT_TRUE(verify::is_op_stack_chain_id(11155420));
    EXPECT_FALSE(verify::is_op_stack_chain_id(1));
    EXPECT_FALSE(verify::is_op_stack_chain_id(31337));
    EXPECT_FALSE(verify::ChainConfig{}.op_stack);
}

TEST(LightClientOpStack, BaseBlocksVerifyEndToEnd) {
    const OpChain c;
    ASSERT_EQ(c.block(1).txs.at(0).type, chain::TxType::kDeposit);
    auto provider = serve(c);
    Fetcher fetcher({&provider});
    LightClient client(base_config(c), fetcher);
    ASSERT_TRUE(client.check_chain_id());

    auto head = client.header(2);
    ASSERT_TRUE(head) << head.error().to_string();
    EXPECT_EQ(head->block_hash(), c.hash(2));

    auto block = client.block(1);
    ASSERT_TRUE(block) << block.error().to_string();
    ASSERT_EQ(block->value().transactions.size(), 2u);
    EXPECT_EQ(block->value().senders.at(0), kL1InfoDepositor);
    EXPECT_EQ(block->value().sender_signed, (std::vector<bool>{false, true}));

    const Hash32 deposit_hash = chain::transaction_hash(c.block(1).txs[0]);
    const Hash32 transfer_hash = chain::transaction_hash(c.block(1).txs[1]);
    auto deposit = client.transaction(deposit_hash);
    ASSERT_TRUE(deposit) << deposit.error().to_string();
    EXPECT_EQ(deposit->value().from, kL1InfoDepositor);
    EXPECT_FALSE(deposit->value().sender_signed);
    EXPECT_EQ(deposit->value().tx.source_hash, c.block(1).txs[0].source_hash);
    auto transfer = client.transaction(transfer_hash);
    ASSERT_TRUE(transfer) << transfer.error().to_string();
    EXPECT_EQ(transfer->value().from, countersign::testing::dev_address(0));
    EXPECT_TRUE(transfer->value().sender_signed);

    auto deposit_receipt = client.receipt(deposit_hash);
    ASSERT_TRUE(deposit_receipt) << deposit_receipt.error().to_string();
    EXPECT_EQ(deposit_receipt->value().receipt.type, chain::TxType::kDeposit);
    EXPECT_EQ(deposit_receipt->value().receipt.deposit_nonce, 20'000'001u);
    EXPECT_FALSE(deposit_receipt->value().sender_signed);
    EXPECT_EQ(deposit_receipt->value().gas_used, 45'000u);
    EXPECT_EQ(deposit_receipt->value().effective_gas_price, Uint256{});
    auto transfer_receipt = client.receipt(transfer_hash);
    ASSERT_TRUE(transfer_receipt) << transfer_receipt.error().to_string();
    EXPECT_TRUE(transfer_receipt->value().sender_signed);
    EXPECT_EQ(transfer_receipt->value().gas_used, 21'000u);
    EXPECT_EQ(transfer_receipt->value().first_log_index, 1u);

    // The Isthmus block: its withdrawalsRoot is a state root, the (empty) withdrawals list is accepted.
    auto isthmus = client.block(2);
    ASSERT_TRUE(isthmus) << isthmus.error().to_string();
    auto isthmus_receipt = client.receipt(chain::transaction_hash(c.block(2).txs[0]));
    ASSERT_TRUE(isthmus_receipt) << isthmus_receipt.error().to_string();
}

TEST(LightClientOpStack, WithoutOpStackTheSameBlockIsRefused) {
    const OpChain c;
    auto provider = serve(c);
    Fetcher fetcher({&provider});
    verify::ChainConfig config = base_config(c);
    config.op_stack = false;
    LightClient client(config, fetcher);
    // Headers carry no transactions: they still link.
    auto head = client.header(2);
    ASSERT_TRUE(head) << head.error().to_string();
    // The block's first transaction is a 0x7e deposit, which L1 decoding refuses.
    auto block = client.block(1);
    ASSERT_FALSE(block);
    EXPECT_EQ(block.error().kind, FetchError::Kind::kMalformed) << block.error().to_string();
    EXPECT_NE(block.error().message.find("transactions[0]"), std::string::npos) << block.error().message;
    auto tx = client.transaction(chain::transaction_hash(c.block(1).txs[0]));
    ASSERT_FALSE(tx);
    EXPECT_EQ(tx.error().kind, FetchError::Kind::kMalformed) << tx.error().to_string();
    auto receipt = client.receipt(chain::transaction_hash(c.block(1).txs[1]));
    ASSERT_FALSE(receipt);
    EXPECT_EQ(receipt.error().kind, FetchError::Kind::kMalformed) << receipt.error().to_string();
}

TEST(LightClientOpStack, VerifierRefusesDepositsOnAStoreWithoutOpStack) {
    // verify/ alone, given a block parsed with op_stack: a store configured for L1 still refuses it.
    const OpChain c;
    auto parsed = chain::block_from_rpc_json(c.block_json(1, true), chain::DecodeOptions{true});
    ASSERT_TRUE(parsed) << parsed.error().message();
    verify::ChainConfig config = base_config(c);
    config.op_stack = false;
    verify::HeaderStore store(config);
    for (std::uint64_t n = 0; n < 2; ++n)
        ASSERT_TRUE(store.accept_header(verify::Untrusted{verify::ClaimedHeader{c.block(n).header, c.hash(n)}}));
    auto refused = verify::verify_block(store, verify::Untrusted{*parsed});
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, RefusalCode::kMalformed);
    EXPECT_EQ(refused.error().field, "transactions.type");

    verify::HeaderStore op_store(base_config(c));
    for (std::uint64_t n = 0; n < 2; ++n)
        ASSERT_TRUE(op_store.accept_header(verify::Untrusted{verify::ClaimedHeader{c.block(n).header, c.hash(n)}}));
    EXPECT_TRUE(verify::verify_block(op_store, verify::Untrusted{*parsed}));
}

void expect_tampered_block_refused(const BlockEdit& edit) {
    const OpChain c;
    auto provider = serve(c, edit);
    Fetcher fetcher({&provider});
    LightClient client(base_config(c), fetcher);
    auto block = client.block(1);
    ASSERT_FALSE(block);
    ASSERT_EQ(block.error().kind, FetchError::Kind::kRefused) << block.error().to_string();
    EXPECT_EQ(block.error().refusal->code, RefusalCode::kTransactionsRootMismatch) << block.error().to_string();
    auto tx = client.transaction(chain::transaction_hash(c.block(1).txs[0]));
    ASSERT_FALSE(tx);
    EXPECT_EQ(tx.error().kind, FetchError::Kind::kRefused) << tx.error().to_string();
}

TEST(LightClientOpStack, TamperedDepositMintIsRefused) {
    expect_tampered_block_refused([](std::uint64_t n, json& full) {
        if (n == 1) full["transactions"][0]["mint"] = "0xde0b6b3a7640000";
    });
}

TEST(LightClientOpStack, TamperedDepositSourceHashIsRefused) {
    expect_tampered_block_refused([](std::uint64_t n, json& full) {
        if (n == 1)
            full["transactions"][0]["sourceHash"] =
                "0x417d134467f4737fcdf2475f0ecdd2a0ed6d87ecffc888ba9f60ee7e3b8ac26b";
    });
}

TEST(LightClientOpStack, TamperedDepositFromIsRefused) {
    expect_tampered_block_refused([](std::uint64_t n, json& full) {
        if (n == 1) full["transactions"][0]["from"] = "0xdeaddeaddeaddeaddeaddeaddeaddeaddead0002";
    });
}

TEST(LightClientOpStack, TamperedDepositReceiptNonceIsRefused) {
    // Canyon receipts (depositReceiptVersion 1) commit to the nonce: a different one breaks receiptsRoot.
    const OpChain c;
    auto provider = serve(c);
    std::vector<RecordedExchange> ex = provider.exchanges();
    for (auto& e : ex)
        if (e.method == "eth_getBlockReceipts" && e.params.at(0) == to_hex(c.hash(1)))
            e.response["result"][0]["depositNonce"] = q(7);
    RecordedProvider tampered{"recorded:base", std::move(ex)};
    Fetcher fetcher({&tampered});
    LightClient client(base_config(c), fetcher);
    auto receipt = client.receipt(chain::transaction_hash(c.block(1).txs[1]));
    ASSERT_FALSE(receipt);
    ASSERT_EQ(receipt.error().kind, FetchError::Kind::kRefused) << receipt.error().to_string();
    EXPECT_EQ(receipt.error().refusal->code, RefusalCode::kReceiptsRootMismatch);
}

TEST(LightClientOpStack, IsthmusBlockWithWithdrawalsIsRefused) {
    const OpChain c;
    auto provider = serve(c, [](std::uint64_t n, json& full) {
        if (n == 2)
            full["withdrawals"] = json::array({{{"index", "0x0"},
                                                {"validatorIndex", "0x0"},
                                                {"address", "0x00000000000000000000000000000000c0ffee01"},
                                                {"amount", "0x1"}}});
    });
    Fetcher fetcher({&provider});
    LightClient client(base_config(c), fetcher);
    auto block = client.block(2);
    ASSERT_FALSE(block);
    ASSERT_EQ(block.error().kind, FetchError::Kind::kRefused) << block.error().to_string();
    EXPECT_EQ(block.error().refusal->code, RefusalCode::kWithdrawalsRootMismatch);
}

}  // namespace
}  // namespace countersign::rpc
