// SPDX-License-Identifier: Apache-2.0
// LightClient's cache of verified blocks and its batched header walks, against anvil (a missing anvil fails,
// never skips): a cache hit sends no block or receipts request and returns the same pinned values; the cache
// is bounded; a forward walk asks for headers in batches yet links each one, so a batch that lies about one
// header is refused at that header; a provider that refuses batches is asked one header at a time.
#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "chain/block_json.hpp"
#include "chain/header.hpp"
#include "chain/transaction.hpp"
#include "crypto/hex.hpp"
#include "rpc/fetch.hpp"
#include "rpc/http_provider.hpp"
#include "rpc/testing/anvil.hpp"
#include "rpc/testing/tx_signer.hpp"

namespace countersign::rpc {
namespace {

using testing::Anvil;
using verify::RefusalCode;

const Address kRecipient = *parse_hex_fixed<20>("0x00000000000000000000000000000000c0ffee02");

// Counts calls per method and batches; optionally edits one batched answer or fails every batch.
class CountingProvider final : public Provider {
public:
    explicit CountingProvider(Provider& inner) : inner_(inner) {}
    const std::string& name() const noexcept override { return inner_.name(); }
    CallResult call(std::string_view method, const json& params) override {
        ++calls_[std::string{method}];
        return inner_.call(method, params);
    }
    BatchResult batch(std::span<const Call> calls) override {
        ++batches_;
        batched_ += calls.size();
        if (fail_batches_) {
            RpcError e;
            e.kind = RpcErrorKind::kInvalidResponse;
            e.message = "batches not served";
            return unexpected(std::move(e));
        }
        auto r = inner_.batch(calls);
        if (r && edit_) edit_(*r);
        return r;
    }
    int calls(const std::string& method) const { return calls_.contains(method) ? calls_.at(method) : 0; }
    int batches() const noexcept { return batches_; }
    std::size_t batched() const noexcept { return batched_; }

    std::function<void(std::vector<CallResult>&)> edit_;
    bool fail_batches_{false};

private:
    Provider& inner_;
    std::map<std::string, int> calls_;
    int batches_{0};
    std::size_t batched_{0};
};

// A node with debug_getRawHeader (anvil has none): the header of eth_getBlockByNumber/Hash, RLP-encoded.
// Batches are answered call by call, as a node would.
class RawHeaderProvider final : public Provider {
public:
    explicit RawHeaderProvider(Provider& inner) : inner_(inner) {}
    const std::string& name() const noexcept override { return inner_.name(); }
    CallResult call(std::string_view method, const json& params) override {
        if (method != "debug_getRawHeader") return inner_.call(method, params);
        ++raw_;
        const std::string id = params.at(0).get<std::string>();
        auto r = inner_.call(id.size() == 66 ? "eth_getBlockByHash" : "eth_getBlockByNumber", json::array({id, false}));
        if (!r || r->is_null()) return r;
        auto block = chain::block_from_rpc_json(*r);
        if (!block) return json(nullptr);
        return json(to_hex(chain::encode_header(block->header)));
    }
    BatchResult batch(std::span<const Call> calls) override {
        ++batches_;
        std::vector<CallResult> out;
        for (const auto& c : calls) out.push_back(call(c.method, c.params));
        return out;
    }
    int raw() const noexcept { return raw_; }
    int batches() const noexcept { return batches_; }

private:
    Provider& inner_;
    int raw_{0};
    int batches_{0};
};

class LightClientCache : public ::testing::Test {
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
        config_ = verify::ChainConfig{
            31337, verify::Checkpoint{0, *parse_hex_fixed<32>((*genesis)["hash"].get<std::string>())}, 2};

        ASSERT_TRUE(node_->call("evm_setAutomine", json::array({false})));
        first_ = send(testing::dynamic_fee_tx(0, kRecipient, Uint256{7}, {}));
        second_ = send(testing::dynamic_fee_tx(1, kRecipient, Uint256{8}, {}));
        ASSERT_TRUE(node_->call("evm_mine", json::array()));  // block 1
        other_ = send(testing::dynamic_fee_tx(2, kRecipient, Uint256{9}, {}));
        ASSERT_TRUE(node_->call("evm_mine", json::array()));                  // block 2
        ASSERT_TRUE(node_->call("anvil_mine", json::array({"0x46"})));  // blocks 3..72
    }

    Hash32 send(const chain::Transaction& t) {
        auto r = node_->call("eth_sendRawTransaction", json::array({to_hex(chain::encode_transaction(t))}));
        EXPECT_TRUE(r) << (r ? "" : r.error().to_string());
        return chain::transaction_hash(t);
    }

    std::unique_ptr<Anvil> anvil_;
    std::unique_ptr<HttpProvider> node_;
    verify::ChainConfig config_;
    Hash32 first_, second_, other_;
};

TEST_F(LightClientCache, ACacheHitFetchesNoBlockAndReturnsTheSameVerifiedValues) {
    CountingProvider counting{*node_};
    Fetcher fetcher{{&counting}};
    LightClient client{config_, fetcher};
    auto a = client.receipt(first_);
    ASSERT_TRUE(a) << a.error().to_string();
    const int blocks = counting.calls("eth_getBlockByHash");
    const int receipts = counting.calls("eth_getBlockReceipts");
    EXPECT_EQ(blocks, 2);  // the checkpoint's header (no debug_getRawHeader on anvil), then block 1 in full
    EXPECT_EQ(receipts, 1);

    // Same block: only the claimed receipt is asked for; the verified block and receipts are reused.
    auto b = client.receipt(second_);
    ASSERT_TRUE(b) << b.error().to_string();
    auto again = client.receipt(first_);
    ASSERT_TRUE(again) << again.error().to_string();
    auto block = client.block(1);
    ASSERT_TRUE(block) << block.error().to_string();
    auto all = client.block_receipts(*block);
    ASSERT_TRUE(all) << all.error().to_string();
    auto tx = client.transaction(second_);
    ASSERT_TRUE(tx) << tx.error().to_string();
    EXPECT_EQ(counting.calls("eth_getBlockByHash"), blocks);
    EXPECT_EQ(counting.calls("eth_getBlockReceipts"), receipts);
    EXPECT_EQ(counting.calls("eth_getTransactionReceipt"), 3);

    EXPECT_EQ(again->block_hash(), a->block_hash());
    EXPECT_EQ(again->block_number(), 1u);
    EXPECT_EQ(again->value().receipt, a->value().receipt);
    EXPECT_EQ(again->value().from, testing::dev_address(0));
    EXPECT_EQ(b->value().transaction_index, 1u);
    EXPECT_EQ((*all)->receipts.size(), 2u);
    EXPECT_EQ(all->block_hash(), a->block_hash());
    EXPECT_EQ((*block)->senders, (std::vector<Address>{testing::dev_address(0), testing::dev_address(0)}));

    // A lie in the claimed receipt is still refused on a hit.
    struct Liar final : Provider {
        explicit Liar(Provider& p) : inner(p) {}
        const std::string& name() const noexcept override { return inner.name(); }
        CallResult call(std::string_view method, const json& params) override {
            auto r = inner.call(method, params);
            if (r && method == "eth_getTransactionReceipt" && lie) (*r)["from"] = "0x" + std::string(40, '1');
            return r;
        }
        BatchResult batch(std::span<const Call> calls) override { return inner.batch(calls); }
        Provider& inner;
        bool lie{false};
    } liar{*node_};
    Fetcher lying_fetcher{{&liar}};
    LightClient lied_to{config_, lying_fetcher};
    ASSERT_TRUE(lied_to.receipt(first_));
    liar.lie = true;
    auto refused = lied_to.receipt(second_);
    ASSERT_FALSE(refused);
    ASSERT_TRUE(refused.error().refusal.has_value()) << refused.error().to_string();
    EXPECT_EQ(refused.error().refusal->code, RefusalCode::kFieldMismatch);
}

TEST_F(LightClientCache, TheCacheIsBounded) {
    CountingProvider counting{*node_};
    Fetcher fetcher{{&counting}};
    LightClientOptions options;
    options.cached_blocks = 1;
    LightClient client{config_, fetcher, options};
    ASSERT_TRUE(client.receipt(first_));
    ASSERT_TRUE(client.receipt(other_));  // block 2 evicts block 1
    const int blocks = counting.calls("eth_getBlockByHash");
    ASSERT_TRUE(client.receipt(second_));  // block 1 again: fetched and verified again
    EXPECT_EQ(counting.calls("eth_getBlockByHash"), blocks + 1);
    EXPECT_EQ(counting.calls("eth_getBlockReceipts"), 3);
    ASSERT_TRUE(client.receipt(first_));  // and now cached
    EXPECT_EQ(counting.calls("eth_getBlockByHash"), blocks + 1);
}

TEST_F(LightClientCache, ForwardWalksAskForHeadersInBatchesAndLinkEachOne) {
    CountingProvider counting{*node_};
    Fetcher fetcher{{&counting}};
    LightClient client{config_, fetcher};
    auto h = client.header(72);
    ASSERT_TRUE(h) << h.error().to_string();
    EXPECT_EQ(client.store().size(), 73u);
    // Linking the checkpoint learned the header source; the 72 headers then came 32 at a time.
    EXPECT_EQ(counting.batches(), 3);
    EXPECT_EQ(counting.batched(), 72u);
    EXPECT_EQ(counting.calls("eth_getBlockByNumber"), 0);

    LightClientOptions one_by_one;
    one_by_one.header_batch = 1;
    CountingProvider single{*node_};
    Fetcher single_fetcher{{&single}};
    LightClient single_client{config_, single_fetcher, one_by_one};
    auto s = single_client.header(72);
    ASSERT_TRUE(s) << s.error().to_string();
    EXPECT_EQ(s->block_hash(), h->block_hash());
    EXPECT_EQ(single.batches(), 0);
    EXPECT_EQ(single.calls("eth_getBlockByNumber"), 72);
}

TEST_F(LightClientCache, ABatchThatLiesAboutOneHeaderIsRefusedThere) {
    const std::vector<std::pair<std::string, std::function<void(std::vector<CallResult>&)>>> lies = {
        {"header field", [](std::vector<CallResult>& r) { (*r.at(5))["gasUsed"] = "0x1"; }},
        {"swapped headers", [](std::vector<CallResult>& r) { std::swap(r.at(3), r.at(4)); }},
        {"repeated header", [](std::vector<CallResult>& r) { r.at(6) = r.at(5); }},
    };
    for (const auto& [name, edit] : lies) {
        CountingProvider liar{*node_};
        liar.edit_ = edit;
        Fetcher fetcher{{&liar}};
        LightClient client{config_, fetcher};
        auto h = client.header(40);
        ASSERT_FALSE(h) << name;
        ASSERT_TRUE(h.error().refusal.has_value()) << name << ": " << h.error().to_string();
        EXPECT_TRUE(h.error().refusal->code == RefusalCode::kHeaderHashMismatch ||
                    h.error().refusal->code == RefusalCode::kNotLinked)
            << name << ": " << h.error().to_string();
        // The headers before the lie were linked; nothing after it was.
        EXPECT_LE(client.store().highest(), 2u + 5u) << name;
        EXPECT_FALSE(client.store().by_number(40).has_value()) << name;
    }
}

TEST_F(LightClientCache, BackwardWalksBatchByNumberButAcceptOnlyTheNamedParents) {
    auto top = node_->call("eth_getBlockByNumber", json::array({"0x48", false}));
    ASSERT_TRUE(top) << top.error().to_string();
    verify::ChainConfig from_top = config_;
    from_top.checkpoint = verify::Checkpoint{72, *parse_hex_fixed<32>((*top)["hash"].get<std::string>())};
    Fetcher honest_fetcher{{node_.get()}};
    LightClient honest{config_, honest_fetcher};
    auto one = honest.header(1);
    ASSERT_TRUE(one) << one.error().to_string();

    CountingProvider counting{*node_};
    Fetcher fetcher{{&counting}};
    LightClient client{from_top, fetcher};
    auto h = client.header(1);
    ASSERT_TRUE(h) << h.error().to_string();
    EXPECT_EQ(h->block_hash(), one->block_hash());
    EXPECT_EQ(client.store().size(), 72u);
    EXPECT_EQ(counting.batches(), 3);  // 71 headers below the checkpoint
    EXPECT_EQ(counting.calls("eth_getBlockByHash"), 1);  // the checkpoint only

    // Batches with a lie in them: the headers above the lie are taken, the lie never is; when the lie is the
    // very header wanted next, the named parent is asked for by hash. Either way the walk ends on the same chain.
    for (const std::size_t at : {std::size_t{20}, std::size_t{31}}) {
        CountingProvider liar{*node_};
        liar.edit_ = [at](std::vector<CallResult>& r) {
            if (r.size() == 32) (*r.at(at))["extraData"] = "0x666f726b";
        };
        Fetcher lying_fetcher{{&liar}};
        LightClient lied_to{from_top, lying_fetcher};
        auto l = lied_to.header(1);
        ASSERT_TRUE(l) << at << ": " << l.error().to_string();
        EXPECT_EQ(l->block_hash(), one->block_hash());
        for (std::uint64_t n = 1; n <= 72; ++n)
            EXPECT_EQ(lied_to.store().by_number(n)->block_hash(), client.store().by_number(n)->block_hash()) << n;
        EXPECT_GT(liar.batches(), 3) << at;
        if (at == 31) {
            EXPECT_GE(liar.calls("eth_getBlockByHash"), 2);
        }
    }
}

TEST_F(LightClientCache, RawHeadersAreBatchedToo) {
    RawHeaderProvider raw{*node_};
    Fetcher fetcher{{&raw}};
    LightClient client{config_, fetcher};
    auto h = client.header(72);
    ASSERT_TRUE(h) << h.error().to_string();
    EXPECT_EQ(fetcher.has_raw_headers(), std::optional<bool>{true});
    EXPECT_EQ(raw.batches(), 3);
    EXPECT_EQ(raw.raw(), 73);  // the checkpoint, then 72 in three batches
    Fetcher honest_fetcher{{node_.get()}};
    LightClient honest{config_, honest_fetcher};
    auto same = honest.header(72);
    ASSERT_TRUE(same) << same.error().to_string();
    EXPECT_EQ(h->block_hash(), same->block_hash());
    auto r = client.receipt(other_);
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ(r->block_number(), 2u);
}

TEST_F(LightClientCache, AProviderWithoutBatchesIsAskedOneHeaderAtATime) {
    CountingProvider counting{*node_};
    counting.fail_batches_ = true;
    Fetcher fetcher{{&counting}};
    LightClient client{config_, fetcher};
    auto h = client.header(40);
    ASSERT_TRUE(h) << h.error().to_string();
    EXPECT_EQ(counting.batches(), 1);  // tried once, then never again
    EXPECT_EQ(counting.calls("eth_getBlockByNumber"), 40);
    EXPECT_EQ(client.store().size(), 41u);
}

}  // namespace
}  // namespace countersign::rpc
