// SPDX-License-Identifier: Apache-2.0
#pragma once
// Test-only: the execution-apis test chain (chain.rlp, checkpoint from headfcu.json) and helpers that turn
// its blocks into the objects a node would send.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "chain/block.hpp"
#include "chain/block_json.hpp"
#include "chain/block_test_support.hpp"
#include "crypto/hex.hpp"
#include "verify/header_store.hpp"

namespace countersign::verify::testing {

inline constexpr std::uint64_t kTestChainId = 3503995874084926;

inline const std::vector<chain::Block>& test_chain() {
    static const std::vector<chain::Block> blocks = [] {
        const std::string raw = chain::testing::read_vector("execution-apis/tests/chain.rlp");
        ByteView rest{reinterpret_cast<const std::uint8_t*>(raw.data()), raw.size()};
        std::vector<chain::Block> out;
        while (!rest.empty()) {
            auto block = chain::decode_block(rest);
            if (!block) break;
            out.push_back(std::move(*block));
        }
        return out;
    }();
    return blocks;
}

inline Hash32 head_checkpoint_hash() {
    const auto fcu = nlohmann::json::parse(chain::testing::read_vector("execution-apis/tests/headfcu.json"));
    return *parse_hex_fixed<32>(fcu["params"][0]["headBlockHash"].get<std::string>());
}

inline ChainConfig test_config() {
    // chain.rlp starts at block 1 (genesis is in genesis.json), so block i is test_chain()[i - 1].
    return ChainConfig{kTestChainId, Checkpoint{test_chain().back().header.number, head_checkpoint_hash()}, 1};
}

inline const chain::Block& block_at(std::uint64_t number) { return test_chain().at(number - 1); }

// Every header of the chain accepted, walking back from the checkpoint.
inline HeaderStore full_store(ChainConfig config = test_config()) {
    HeaderStore store{config};
    const auto& blocks = test_chain();
    for (auto it = blocks.rbegin(); it != blocks.rend(); ++it) {
        auto accepted = store.accept_header(Untrusted{ClaimedHeader{it->header, std::nullopt}});
        EXPECT_TRUE(accepted.has_value()) << "block " << it->header.number;
    }
    return store;
}

// The block as eth_getBlockByHash(hash, true) would return it (claims filled in honestly).
inline chain::RpcBlock rpc_block(const chain::Block& block) {
    chain::RpcBlock out;
    out.header = block.header;
    out.hash = chain::header_hash(block.header);
    out.full_transactions = true;
    for (std::size_t i = 0; i < block.transactions.size(); ++i) {
        chain::RpcTransaction t;
        t.tx = block.transactions[i];
        t.hash = chain::transaction_hash(t.tx);
        t.block_hash = out.hash;
        t.block_number = block.header.number;
        t.transaction_index = i;
        out.transactions.push_back(std::move(t));
    }
    out.withdrawals = block.withdrawals;
    return out;
}

inline nlohmann::json io_result(const std::string& relative) {
    return chain::testing::io_results("execution-apis/tests/" + relative).at(0);
}

}  // namespace countersign::verify::testing
