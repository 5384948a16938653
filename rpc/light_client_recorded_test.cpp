// SPDX-License-Identifier: Apache-2.0
// The light client over recorded data: the execution-apis test chain (chain.rlp, checkpoint from
// headfcu.json) serves the headers and blocks a node would, and the recorded .io exchanges answer the rest.
// What the recordings lack (most blocks' receipts, proofs by block hash) must surface as errors, never as
// verified results.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "chain/block.hpp"
#include "chain/transaction_json.hpp"
#include "crypto/hex.hpp"
#include "rpc/fetch.hpp"
#include "rpc/recorded_provider.hpp"
#include "verify/verify_test_support.hpp"

namespace countersign::rpc {
namespace {

namespace fs = std::filesystem;
using verify::RefusalCode;
using verify::testing::block_at;
using verify::testing::test_chain;

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
    j["number"] = Uint256{h.number}.to_quantity();
    j["gasLimit"] = Uint256{h.gas_limit}.to_quantity();
    j["gasUsed"] = Uint256{h.gas_used}.to_quantity();
    j["timestamp"] = Uint256{h.timestamp}.to_quantity();
    j["extraData"] = to_hex(h.extra_data);
    j["mixHash"] = to_hex(h.mix_hash);
    j["nonce"] = to_hex(h.nonce);
    if (h.base_fee_per_gas) j["baseFeePerGas"] = h.base_fee_per_gas->to_quantity();
    if (h.withdrawals_root) j["withdrawalsRoot"] = to_hex(*h.withdrawals_root);
    if (h.blob_gas_used) j["blobGasUsed"] = Uint256{*h.blob_gas_used}.to_quantity();
    if (h.excess_blob_gas) j["excessBlobGas"] = Uint256{*h.excess_blob_gas}.to_quantity();
    if (h.parent_beacon_block_root) j["parentBeaconBlockRoot"] = to_hex(*h.parent_beacon_block_root);
    if (h.requests_hash) j["requestsHash"] = to_hex(*h.requests_hash);
    j["hash"] = to_hex(chain::header_hash(h));
    j["uncles"] = json::array();
    return j;
}

// Serves the chain file as a node would (debug_getRawHeader, eth_getBlockByHash with full transactions of
// pre-Shanghai blocks not recorded, eth_chainId); everything else goes to the recordings.
class ChainFileProvider final : public Provider {
public:
    using HeaderEdit = std::function<void(chain::BlockHeader&)>;
    ChainFileProvider(RecordedProvider& recorded, HeaderEdit edit = {}) : recorded_(recorded), edit_(std::move(edit)) {
        for (const auto& b : test_chain()) by_hash_[to_hex(chain::header_hash(b.header))] = &b;
    }
    const std::string& name() const noexcept override { return name_; }
    CallResult call(std::string_view method, const json& params) override {
        ++calls_[std::string{method}];
        if (method == "eth_chainId") return json(Uint256{verify::testing::kTestChainId}.to_quantity());
        if (method == "debug_getRawHeader") {
            const chain::Block* b = find(params.at(0).get<std::string>());
            if (b == nullptr) return json(nullptr);
            chain::BlockHeader h = b->header;
            if (edit_) edit_(h);
            return json(to_hex(chain::encode_header(h)));
        }
        if (method == "eth_getBlockByHash" && params.at(1) == true) {
            // A recorded answer wins (block 1 is recorded), so recorded bytes are what gets verified.
            if (auto r = recorded_.call(method, params); r || r.error().kind != RpcErrorKind::kNotRecorded) return r;
            const chain::Block* b = find(params.at(0).get<std::string>());
            if (b != nullptr && !b->withdrawals) {
                json j = header_json(b->header);
                j["transactions"] = json::array();
                for (std::size_t i = 0; i < b->transactions.size(); ++i) {
                    chain::RpcTransaction t;
                    t.tx = b->transactions[i];
                    t.hash = chain::transaction_hash(t.tx);
                    t.block_hash = chain::header_hash(b->header);
                    t.block_number = b->header.number;
                    t.transaction_index = i;
                    j["transactions"].push_back(chain::transaction_to_json(t));
                }
                return j;
            }
        }
        return recorded_.call(method, params);
    }
    BatchResult batch(std::span<const Call> calls) override { return recorded_.batch(calls); }
    int calls(const std::string& method) const { return calls_.contains(method) ? calls_.at(method) : 0; }

private:
    const chain::Block* find(const std::string& id) const {
        if (id.size() == 66) {
            const auto it = by_hash_.find(id);
            return it == by_hash_.end() ? nullptr : it->second;
        }
        auto n = Uint256::parse_quantity(id);
        if (!n || !n->fits_u64() || n->low64() == 0 || n->low64() > test_chain().size()) return nullptr;
        return &block_at(n->low64());
    }

    RecordedProvider& recorded_;
    HeaderEdit edit_;
    std::string name_{"chain.rlp"};
    std::map<std::string, const chain::Block*> by_hash_;
    std::map<std::string, int> calls_;
};

RecordedProvider recordings() {
    std::vector<fs::path> files;
    for (const auto& entry :
         fs::recursive_directory_iterator(fs::path(COUNTERSIGN_SOURCE_DIR) / "vectors/execution-apis/tests"))
        if (entry.path().extension() == ".io") files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    auto p = RecordedProvider::from_files("execution-apis", files);
    EXPECT_TRUE(p.has_value());
    return std::move(*p);
}

TEST(LightClientRecorded, WalksBackFromTheCheckpointAndVerifiesRecordedTransactions) {
    RecordedProvider recorded = recordings();
    ChainFileProvider node{recorded};
    Fetcher fetcher{{&node}};
    LightClient client{verify::testing::test_config(), fetcher};
    ASSERT_TRUE(client.check_chain_id());
    auto first = client.header(1);
    ASSERT_TRUE(first) << first.error().to_string();
    EXPECT_EQ(client.store().size(), test_chain().size());
    EXPECT_EQ(fetcher.has_raw_headers(), std::optional<bool>{true});
    EXPECT_EQ(node.calls("debug_getRawHeader"), static_cast<int>(test_chain().size()));

    // Block 1 by hash, full transactions, as recorded (eth_getBlockByHash get-block-by-hash.io).
    auto one = client.block_by_hash(
        *parse_hex_fixed<32>("0x80e911b62f552f563a2544dfef5eb39ec8863d9082c998ca6b657f76e19de38e"));
    ASSERT_TRUE(one) << one.error().to_string();
    EXPECT_EQ((*one)->transactions.size(), 4u);
    EXPECT_GE(recorded.replayed(), 1u);

    for (const char* hash : {"0x695ad02907c9e13ab7c69963f723fa46ac13cd5e2314f61eab2cb2f07b946faa",
                             "0x205405746564cbcf1dd53fb5ac92c7622d3792d82f03c59d9baddf2443d91864",
                             "0x3fbac8b19b59077cd29bbacc3815d73577b45a4d976cae80b04c98c793684c07"}) {
        auto tx = client.transaction(*parse_hex_fixed<32>(hash));
        ASSERT_TRUE(tx) << hash << ": " << tx.error().to_string();
        EXPECT_EQ(to_hex((*tx)->from), "0x7435ed30a8b4aeb0877cef0c6e8cffe834eb865f");
    }
}

TEST(LightClientRecorded, MissingAnswersAreErrorsNotResults) {
    RecordedProvider recorded = recordings();
    ChainFileProvider node{recorded};
    Fetcher fetcher{{&node}};
    LightClient client{verify::testing::test_config(), fetcher};
    // Block 0x1b has four receipts, only one is recorded: no verified receipt can come out.
    auto receipt =
        client.receipt(*parse_hex_fixed<32>("0x205405746564cbcf1dd53fb5ac92c7622d3792d82f03c59d9baddf2443d91864"));
    ASSERT_FALSE(receipt);
    EXPECT_EQ(receipt.error().kind, FetchError::Kind::kRpc);
    // Proofs are pinned to the verified block hash (EIP-1898), which the recordings never asked for.
    auto account = client.account(*parse_hex_fixed<20>("0x7dcd17433742f4c0ca53122ab541d0ba67fc27df"), {},
                                  test_chain().back().header.number);
    ASSERT_FALSE(account);
    EXPECT_EQ(account.error().kind, FetchError::Kind::kRpc);
    // The recorded "latest" proof does verify against the checkpoint's state root.
    auto claimed = fetcher.proof(*parse_hex_fixed<20>("0x7dcd17433742f4c0ca53122ab541d0ba67fc27df"), {}, "latest");
    ASSERT_TRUE(claimed) << claimed.error().to_string();
    const auto head = client.store().by_number(client.store().highest());
    ASSERT_TRUE(head.has_value());
    EXPECT_TRUE(verify::verify_account(*head, claimed->address, verify::Untrusted{*claimed}));
}

TEST(LightClientRecorded, WrongChainAndForgedHeadersAreRefused) {
    RecordedProvider recorded = recordings();
    {
        ChainFileProvider node{recorded};
        Fetcher fetcher{{&node}};
        verify::ChainConfig config = verify::testing::test_config();
        config.chain_id = 1;
        LightClient client{config, fetcher};
        auto id = client.check_chain_id();
        ASSERT_FALSE(id);
        EXPECT_EQ(id.error().refusal->code, RefusalCode::kChainIdMismatch);
    }
    {
        // A node whose block 20 differs from the chain the checkpoint commits to.
        ChainFileProvider node{recorded, [](chain::BlockHeader& h) {
                                   if (h.number == 20) h.timestamp += 1;
                               }};
        Fetcher fetcher{{&node}};
        LightClient client{verify::testing::test_config(), fetcher};
        auto h = client.header(5);
        ASSERT_FALSE(h);
        ASSERT_TRUE(h.error().refusal.has_value()) << h.error().to_string();
        EXPECT_EQ(h.error().refusal->code, RefusalCode::kNotLinked);
        EXPECT_EQ(client.store().lowest(), 21u);  // nothing below the forged header entered the store
    }
    {
        // A node that answers every header request with the checkpoint's header: refused, not a hang.
        ChainFileProvider node{recorded, [](chain::BlockHeader& h) { h = test_chain().back().header; }};
        Fetcher fetcher{{&node}};
        LightClient client{verify::testing::test_config(), fetcher};
        auto h = client.header(5);
        ASSERT_FALSE(h);
        ASSERT_TRUE(h.error().refusal.has_value()) << h.error().to_string();
        EXPECT_EQ(h.error().refusal->code, RefusalCode::kNotLinked);
        EXPECT_EQ(client.store().size(), 1u);
    }
    {
        // A checkpoint the node does not have.
        ChainFileProvider node{recorded};
        Fetcher fetcher{{&node}};
        verify::ChainConfig config = verify::testing::test_config();
        config.checkpoint.hash.bytes[0] ^= 1;
        LightClient client{config, fetcher};
        auto h = client.header(1);
        ASSERT_FALSE(h);
        EXPECT_EQ(h.error().kind, FetchError::Kind::kNotFound);
    }
}

}  // namespace
}  // namespace countersign::rpc
