// SPDX-License-Identifier: Apache-2.0
// The light client against a real node: anvil from devnet/node_modules (a missing anvil fails, never
// skips). Real signed transactions are mined, then the header chain, the transactions, their receipts, the
// logs of the range and a balance proof are verified from the genesis checkpoint; a provider that alters
// one answer is refused with the right code.
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "chain/transaction.hpp"
#include "crypto/hex.hpp"
#include "crypto/keccak.hpp"
#include "crypto/secp256k1.hpp"
#include "rpc/fetch.hpp"
#include "rpc/http_provider.hpp"
#include "rpc/testing/anvil.hpp"
#include "rpc/testing/tx_signer.hpp"

namespace countersign::rpc {
namespace {

using testing::Anvil;
using verify::RefusalCode;

const Address kDevAccount = *parse_hex_fixed<20>("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
const Address kRecipient = *parse_hex_fixed<20>("0x00000000000000000000000000000000c0ffee01");
const Hash32 kTopic = keccak256(ByteView{reinterpret_cast<const std::uint8_t*>("Paid(uint256)"), 13});

// Init code whose constructor emits LOG1(kTopic, 42) and deploys empty code.
Bytes log_emitting_init_code() { return testing::log_emitting_init_code(kTopic); }

// Rewrites one method's answers: the provider that lies.
class TamperingProvider final : public Provider {
public:
    using Edit = std::function<void(json&)>;
    TamperingProvider(Provider& inner, std::string method, Edit edit)
        : inner_(inner), method_(std::move(method)), edit_(std::move(edit)) {}
    const std::string& name() const noexcept override { return inner_.name(); }
    CallResult call(std::string_view method, const json& params) override {
        auto r = inner_.call(method, params);
        if (r && method == method_) edit_(*r);
        return r;
    }
    // Header walks send batches: the same edit applies to every answer of the method inside one.
    BatchResult batch(std::span<const Call> calls) override {
        auto results = inner_.batch(calls);
        if (!results) return results;
        for (std::size_t i = 0; i < calls.size() && i < results->size(); ++i)
            if (calls[i].method == method_ && (*results)[i]) edit_(*(*results)[i]);
        return results;
    }

private:
    Provider& inner_;
    std::string method_;
    Edit edit_;
};

// A node without some methods (hardhat 2 has no eth_getBlockReceipts): answers "method not found".
class MissingMethodsProvider final : public Provider {
public:
    MissingMethodsProvider(Provider& inner, std::vector<std::string> missing)
        : inner_(inner), missing_(std::move(missing)) {}
    const std::string& name() const noexcept override { return inner_.name(); }
    CallResult call(std::string_view method, const json& params) override {
        if (is_missing(method)) return not_found(method);
        return inner_.call(method, params);
    }
    // Inside a batch a missing method is an error element, as a node answers it; the others go to the node
    // in one batch.
    BatchResult batch(std::span<const Call> calls) override {
        std::vector<Call> forwarded;
        for (const auto& c : calls)
            if (!is_missing(c.method)) forwarded.push_back(c);
        std::vector<CallResult> answers;
        if (!forwarded.empty()) {
            auto inner = inner_.batch(forwarded);
            if (!inner) return inner;
            answers = std::move(*inner);
        }
        std::vector<CallResult> out;
        out.reserve(calls.size());
        std::size_t next = 0;
        for (const auto& c : calls) {
            if (is_missing(c.method) || next >= answers.size()) {
                out.push_back(not_found(c.method));
                continue;
            }
            out.push_back(std::move(answers[next++]));
        }
        return out;
    }
    int refused() const noexcept { return refused_; }

private:
    bool is_missing(std::string_view method) const {
        return std::find(missing_.begin(), missing_.end(), method) != missing_.end();
    }
    CallResult not_found(std::string_view method) {
        ++refused_;
        RpcError e{RpcErrorKind::kRpcError,
                   "the method " + std::string{method} + " does not exist",
                   name(),
                   std::string{method},
                   -32601,
                   nullptr,
                   0,
                   1};
        return unexpected(std::move(e));
    }

    Provider& inner_;
    std::vector<std::string> missing_;
    int refused_{0};
};

class LightClientAnvil : public ::testing::Test {
protected:
    void SetUp() override {
        auto started = Anvil::start();
        ASSERT_TRUE(started) << started.error();
        anvil_ = std::move(*started);
        auto p = HttpProvider::create(anvil_->url());
        ASSERT_TRUE(p) << p.error().to_string();
        node_ = std::move(*p);

        auto genesis = node_->call("eth_getBlockByNumber", json::array({"0x0", false}));
        ASSERT_TRUE(genesis) << genesis.error().to_string();
        // The user's trust decision: anvil's genesis block, by hash.
        config_ = verify::ChainConfig{
            31337, verify::Checkpoint{0, *parse_hex_fixed<32>((*genesis)["hash"].get<std::string>())}, 2};

        ASSERT_TRUE(node_->call("evm_setAutomine", json::array({false})));
        transfer_ = send(make_tx(0, kRecipient, Uint256{1'000'000'007}, {}));
        deploy_ = send(make_tx(1, std::nullopt, Uint256{}, log_emitting_init_code()));
        second_ = send(make_tx(2, kRecipient, Uint256{5}, {}));
        ASSERT_TRUE(node_->call("evm_mine", json::array()));  // block 1: all three
        deploy2_ = send(make_tx(3, std::nullopt, Uint256{}, log_emitting_init_code()));
        ASSERT_TRUE(node_->call("evm_mine", json::array()));                              // block 2
        for (int i = 0; i < 3; ++i) ASSERT_TRUE(node_->call("evm_mine", json::array()));  // blocks 3..5 confirm
    }

    chain::Transaction make_tx(std::uint64_t nonce, std::optional<Address> to, Uint256 value, Bytes data) {
        return testing::dynamic_fee_tx(nonce, to, value, std::move(data));
    }

    Hash32 send(const chain::Transaction& t) {
        auto r = node_->call("eth_sendRawTransaction", json::array({to_hex(chain::encode_transaction(t))}));
        EXPECT_TRUE(r) << (r ? "" : r.error().to_string());
        EXPECT_EQ(r ? *parse_hex_fixed<32>(r->get<std::string>()) : Hash32{}, chain::transaction_hash(t));
        return chain::transaction_hash(t);
    }

    std::unique_ptr<Anvil> anvil_;
    std::unique_ptr<HttpProvider> node_;
    verify::ChainConfig config_;
    Hash32 transfer_, deploy_, second_, deploy2_;
};

TEST_F(LightClientAnvil, VerifiesHeadersTransactionsReceiptsLogsAndBalances) {
    Fetcher fetcher{{node_.get()}};
    LightClient client{config_, fetcher};
    ASSERT_TRUE(client.check_chain_id()) << client.check_chain_id().error().to_string();
    auto head = client.sync_to_head();
    ASSERT_TRUE(head) << head.error().to_string();
    EXPECT_EQ(head->block_number(), 5u);
    EXPECT_TRUE(client.store().is_final(1));
    EXPECT_FALSE(client.store().is_final(5));

    auto tx = client.transaction(transfer_);
    ASSERT_TRUE(tx) << tx.error().to_string();
    EXPECT_EQ(tx->block_number(), 1u);
    auto by_hash = client.block_by_hash(tx->block_hash());
    ASSERT_TRUE(by_hash) << by_hash.error().to_string();
    EXPECT_EQ((*by_hash)->transactions.size(), 3u);
    EXPECT_EQ(require_final(client.store(), *by_hash).has_value(), true);
    EXPECT_EQ(require_final(client.store(), *client.header(5)).error().code, RefusalCode::kNotConfirmed);
    EXPECT_EQ((*tx)->from, kDevAccount);
    EXPECT_EQ((*tx)->index, 0u);
    auto tx2 = client.transaction(second_);
    ASSERT_TRUE(tx2) << tx2.error().to_string();
    EXPECT_EQ((*tx2)->index, 2u);

    auto receipt = client.receipt(deploy_);
    ASSERT_TRUE(receipt) << receipt.error().to_string();
    EXPECT_TRUE((*receipt)->receipt.success);
    ASSERT_EQ((*receipt)->receipt.logs.size(), 1u);
    const Address contract = verify::create_address(kDevAccount, 1);
    EXPECT_EQ((*receipt)->contract_address, contract);
    EXPECT_EQ((*receipt)->receipt.logs[0].address, contract);
    EXPECT_EQ((*receipt)->transaction_index, 1u);
    EXPECT_GT((*receipt)->gas_used, 21'000u);
    std::cout << "block receipts via "
              << (fetcher.has_block_receipts().value_or(false) ? "eth_getBlockReceipts" : "per-transaction receipts")
              << ", headers via "
              << (fetcher.has_raw_headers().value_or(false) ? "debug_getRawHeader" : "eth_getBlockByNumber") << "\n";

    // Logs of the whole range by topic: both deployments' events, and nothing else.
    auto logs = client.logs(verify::LogFilter{0, 5, {}, {{kTopic}}});
    ASSERT_TRUE(logs) << logs.error().to_string();
    ASSERT_EQ(logs->value().size(), 2u);
    EXPECT_EQ(logs->value()[0].transaction_hash, deploy_);
    EXPECT_EQ(logs->value()[0].log_index, 0u);
    EXPECT_EQ(logs->value()[1].transaction_hash, deploy2_);
    EXPECT_EQ(logs->value()[1].block_number, 2u);
    auto by_address = client.logs(verify::LogFilter{0, 5, {contract}, {}});
    ASSERT_TRUE(by_address) << by_address.error().to_string();
    EXPECT_EQ(by_address->value().size(), 1u);

    auto balance = client.account(kRecipient, {}, 2);
    ASSERT_TRUE(balance) << balance.error().to_string();
    ASSERT_TRUE((*balance)->account.has_value());
    EXPECT_EQ((*balance)->account->balance, Uint256{1'000'000'012});
    const Address untouched = *parse_hex_fixed<20>("0x000000000000000000000000000000000000dead");
    auto absent = client.account(untouched, {}, 2);  // proven absent: a result, not an error
    ASSERT_TRUE(absent) << absent.error().to_string();
    EXPECT_FALSE((*absent)->account.has_value());
    auto sender = client.account(kDevAccount, {Bytes32{}}, 2);
    ASSERT_TRUE(sender) << sender.error().to_string();
    EXPECT_EQ((*sender)->account->nonce, 4u);
    EXPECT_EQ((*sender)->storage.at(0).value, Uint256{});
}

// Block 1 as eth_getBlockByHash(hash, true) returns it (other answers of the method pass unaltered).
bool full_block_of_three(const json& b) {
    return b.is_object() && b["transactions"].is_array() && b["transactions"].size() == 3 &&
           b["transactions"][0].is_object();
}

TEST_F(LightClientAnvil, FallsBackToPerTransactionReceipts) {
    MissingMethodsProvider old_node{*node_, {"eth_getBlockReceipts", "debug_getRawHeader"}};
    Fetcher fetcher{{&old_node}};
    LightClient client{config_, fetcher};
    auto receipt = client.receipt(deploy_);
    ASSERT_TRUE(receipt) << receipt.error().to_string();
    EXPECT_EQ((*receipt)->receipt.logs.size(), 1u);
    EXPECT_EQ(fetcher.has_block_receipts(), std::optional<bool>{false});
    EXPECT_EQ(fetcher.has_raw_headers(), std::optional<bool>{false});
    // Each missing method is tried once, then remembered.
    ASSERT_TRUE(client.logs(verify::LogFilter{0, 5, {}, {{kTopic}}}));
    EXPECT_EQ(old_node.refused(), 2);
    // A dropped receipt in the per-transaction path is a missing answer, never a pass.
    TamperingProvider lossy{old_node, "eth_getTransactionReceipt", [&](json& r) {
                                if (r.is_object() && r["transactionIndex"] == "0x2") r = nullptr;
                            }};
    Fetcher lossy_fetcher{{&lossy}};
    LightClient lossy_client{config_, lossy_fetcher};
    auto incomplete = lossy_client.receipt(deploy_);
    ASSERT_FALSE(incomplete);
    EXPECT_EQ(incomplete.error().kind, FetchError::Kind::kNotFound);
}

struct Lie {
    const char* name;
    const char* method;
    TamperingProvider::Edit edit;
    RefusalCode expected;
};

TEST_F(LightClientAnvil, LyingProviderIsRefused) {
    const std::vector<Lie> lies = {
        {"header field", "eth_getBlockByNumber",
         [](json& b) {
             if (b.is_object() && b["number"] == "0x1") b["gasUsed"] = "0x1";
         },
         RefusalCode::kHeaderHashMismatch},
        {"transaction value", "eth_getBlockByHash",
         [](json& b) {
             if (full_block_of_three(b)) b["transactions"][0]["value"] = "0x1";
         },
         RefusalCode::kTransactionsRootMismatch},
        {"reordered transactions", "eth_getBlockByHash",
         [](json& b) {
             if (full_block_of_three(b)) std::swap(b["transactions"][0], b["transactions"][2]);
         },
         RefusalCode::kTransactionsRootMismatch},
        {"receipt status", "eth_getBlockReceipts", [](json& r) { r[1]["status"] = "0x0"; },
         RefusalCode::kReceiptsRootMismatch},
        {"dropped receipt", "eth_getBlockReceipts", [](json& r) { r.erase(2); }, RefusalCode::kReceiptsRootMismatch},
        {"receipt gasUsed", "eth_getBlockReceipts", [](json& r) { r[1]["gasUsed"] = "0x5208"; },
         RefusalCode::kFieldMismatch},
        {"claimed receipt status", "eth_getTransactionReceipt", [](json& r) { r["status"] = "0x0"; },
         RefusalCode::kReceiptMismatch},
        {"claimed from", "eth_getTransactionReceipt", [](json& r) { r["from"] = "0x" + std::string(40, '1'); },
         RefusalCode::kFieldMismatch},
    };
    for (const auto& lie : lies) {
        TamperingProvider liar{*node_, lie.method, lie.edit};
        Fetcher fetcher{{&liar}};
        LightClient client{config_, fetcher};
        auto r = client.receipt(deploy_);
        ASSERT_FALSE(r) << lie.name;
        ASSERT_TRUE(r.error().refusal.has_value()) << lie.name << ": " << r.error().to_string();
        EXPECT_EQ(r.error().refusal->code, lie.expected) << lie.name << ": " << r.error().to_string();
    }

    const std::vector<Lie> log_lies = {
        {"log data", "eth_getLogs", [](json& l) { l[0]["data"] = "0x01"; }, RefusalCode::kFieldMismatch},
        {"log topic", "eth_getLogs", [](json& l) { l[0]["topics"][0] = "0x" + std::string(64, '0'); },
         RefusalCode::kFieldMismatch},
        {"dropped log", "eth_getLogs", [](json& l) { l.erase(0); }, RefusalCode::kLogsIncomplete},
        {"log in receipts", "eth_getBlockReceipts",
         [](json& r) {
             for (auto& x : r)
                 if (!x["logs"].empty()) x["logs"][0]["data"] = "0x";
         },
         RefusalCode::kReceiptsRootMismatch},
    };
    for (const auto& lie : log_lies) {
        TamperingProvider liar{*node_, lie.method, lie.edit};
        Fetcher fetcher{{&liar}};
        LightClient client{config_, fetcher};
        auto r = client.logs(verify::LogFilter{0, 5, {}, {{kTopic}}});
        ASSERT_FALSE(r) << lie.name;
        ASSERT_TRUE(r.error().refusal.has_value()) << lie.name << ": " << r.error().to_string();
        EXPECT_EQ(r.error().refusal->code, lie.expected) << lie.name << ": " << r.error().to_string();
    }

    const std::vector<Lie> proof_lies = {
        {"proof node", "eth_getProof",
         [](json& p) {
             std::string node = p["accountProof"][0];
             node[12] = node[12] == 'a' ? 'b' : 'a';
             p["accountProof"][0] = node;
         },
         RefusalCode::kProofInvalid},
        {"balance", "eth_getProof", [](json& p) { p["balance"] = "0x1"; }, RefusalCode::kFieldMismatch},
    };
    for (const auto& lie : proof_lies) {
        TamperingProvider liar{*node_, lie.method, lie.edit};
        Fetcher fetcher{{&liar}};
        LightClient client{config_, fetcher};
        auto r = client.account(kRecipient, {}, 2);
        ASSERT_FALSE(r) << lie.name;
        ASSERT_TRUE(r.error().refusal.has_value()) << lie.name << ": " << r.error().to_string();
        EXPECT_EQ(r.error().refusal->code, lie.expected) << lie.name << ": " << r.error().to_string();
    }

    // A node of another chain, and a checkpoint from another chain.
    verify::ChainConfig other = config_;
    other.chain_id = 8453;
    Fetcher fetcher{{node_.get()}};
    LightClient wrong_chain{other, fetcher};
    auto id = wrong_chain.check_chain_id();
    ASSERT_FALSE(id);
    EXPECT_EQ(id.error().refusal->code, RefusalCode::kChainIdMismatch);
    // Transactions signed for 31337 do not verify on a client configured for another chain.
    auto tx = wrong_chain.transaction(transfer_);
    ASSERT_FALSE(tx);
    ASSERT_TRUE(tx.error().refusal.has_value()) << tx.error().to_string();
    EXPECT_EQ(tx.error().refusal->code, RefusalCode::kChainIdMismatch);
}

// A node that serves a header from another fork where the verified chain continues.
TEST_F(LightClientAnvil, HeaderFromAnotherForkIsRefused) {
    TamperingProvider liar{*node_, "eth_getBlockByNumber", [](json& b) {
                               if (!b.is_object() || b["number"] != "0x3") return;
                               b["extraData"] = "0x666f726b";
                               // Claim the hash the altered header really has, as a consistent fork would.
                               auto parsed = chain::block_from_rpc_json(b);
                               if (parsed) b["hash"] = to_hex(chain::header_hash(parsed->header));
                           }};
    Fetcher honest_fetcher{{node_.get()}};
    LightClient client{config_, honest_fetcher};
    ASSERT_TRUE(client.header(4));
    // Backwards, the fork's block 3 is not the parent the verified block 4 names.
    Fetcher lying{{&liar}};
    verify::HeaderStore store = client.store();
    auto claimed = lying.header_by_number(3);
    ASSERT_TRUE(claimed) << claimed.error().to_string();
    verify::ChainConfig from_four = config_;
    from_four.checkpoint = verify::Checkpoint{4, client.store().by_number(4)->block_hash()};
    verify::HeaderStore fresh{from_four};
    ASSERT_TRUE(fresh.accept_header(
        verify::Untrusted{verify::ClaimedHeader{client.store().by_number(4)->value(), std::nullopt}}));
    EXPECT_EQ(fresh.accept_header(verify::Untrusted{*claimed}).error().code, RefusalCode::kNotLinked);
    // Forwards, it competes with the verified block 3.
    EXPECT_EQ(store.accept_header(verify::Untrusted{*claimed}).error().code, RefusalCode::kConflictingHeader);
}

}  // namespace
}  // namespace countersign::rpc
