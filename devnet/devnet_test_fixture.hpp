// SPDX-License-Identifier: Apache-2.0
#pragma once
// A fresh anvil (chain id 8453, like Base) with the three devnet contracts deployed, per test. A missing
// anvil or missing artifacts fail the test with the install/build hint; nothing is skipped.

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "chain/abi.hpp"
#include "crypto/hex.hpp"
#include "devnet/contracts.hpp"
#include "rpc/http_provider.hpp"
#include "rpc/testing/anvil.hpp"

namespace countersign::devnet {

inline constexpr std::uint64_t kBaseChainId = 8453;

class DevnetTest : public ::testing::Test {
protected:
    void SetUp() override {
        testing::AnvilOptions options;
        options.chain_id = kBaseChainId;
        auto started = testing::Anvil::start(options);
        ASSERT_TRUE(started) << started.error();
        anvil_ = std::move(*started);
        auto provider = rpc::HttpProvider::create(anvil_->url());
        ASSERT_TRUE(provider) << provider.error().to_string();
        provider_ = std::move(*provider);
        auto client = DevnetClient::connect(*provider_);
        ASSERT_TRUE(client) << client.error().to_string();
        ASSERT_EQ(client->chain_id(), kBaseChainId);
        client_ = std::make_unique<DevnetClient>(*client);
        auto contracts = deploy_contracts(*client_, deployer_);
        ASSERT_TRUE(contracts) << contracts.error().to_string();
        contracts_ = *contracts;
    }

    // Timestamp of the latest block.
    std::uint64_t latest_timestamp() const {
        auto block = provider_->call("eth_getBlockByNumber", rpc::json::array({"latest", false}));
        if (!block || !block->is_object() || !(*block)["timestamp"].is_string()) return 0;
        auto t = Uint256::parse_quantity((*block)["timestamp"].get<std::string>());
        return t ? t->low64() : 0;
    }

    std::uint64_t block_timestamp(std::uint64_t number) const {
        auto block = provider_->call("eth_getBlockByNumber", rpc::json::array({Uint256(number).to_quantity(), false}));
        if (!block || !block->is_object() || !(*block)["timestamp"].is_string()) return 0;
        auto t = Uint256::parse_quantity((*block)["timestamp"].get<std::string>());
        return t ? t->low64() : 0;
    }

    // eth_call decoded as `types` (canonical); an empty vector on any failure (the test then fails its check).
    chain::AbiValues call_decoded(const Address& to, ByteView data, std::span<const chain::AbiType> types) const {
        auto result = client_->call(to, data);
        EXPECT_TRUE(result) << result.error().to_string();
        if (!result) return {};
        auto values = chain::abi_decode(types, *result);
        EXPECT_TRUE(values) << chain::to_string(values.error());
        return values ? *values : chain::AbiValues{};
    }

    Uint256 token_balance(const Address& account) const {
        const chain::AbiType t = chain::AbiType::uint();
        auto v = call_decoded(contracts_.token, token_balance_of_call(account), {&t, 1});
        return v.size() == 1 ? v[0].get<Uint256>() : Uint256(0);
    }

    std::unique_ptr<testing::Anvil> anvil_;
    std::unique_ptr<rpc::HttpProvider> provider_;
    std::unique_ptr<DevnetClient> client_;
    DevnetContracts contracts_;
    const DevAccount deployer_ = anvil_account(0);
};

}  // namespace countersign::devnet
