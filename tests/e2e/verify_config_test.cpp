// SPDX-License-Identifier: Apache-2.0
// The `countersign verify` config file (apps/countersign/verify_config.hpp, docs/cli.md): the strict verify
// config shape, devnet.json accepted as it is, and the mistakes that must be refused rather than ignored.
#include <gtest/gtest.h>

#include "apps/countersign/verify_config.hpp"
#include "crypto/hex.hpp"

namespace countersign::cli {
namespace {

constexpr const char* kHash = "0x1734679dbf1678e580494bdfc16439bc29bfac4d4b6cc9d194e6c710477bf771";

TEST(VerifyConfig, ReadsTheVerifyConfigShape) {
    const std::string text = std::string{R"({
      "format": "countersign.verify-config/v1",
      "chains": [
        {"role": "payment", "network": "eip155:8453", "rpc": ["http://a", "http://b"],
         "checkpoint": {"number": 12, "hash": ")"} + kHash + R"("}, "confirmations": 3, "quorum": 2},
        {"role": "settlement", "chain_id": 10740, "rpc": "http://c", "checkpoint": "7:)" + kHash + R"("}
      ],
      "contracts": {"token": "0x5fbdb2315678afecb367f032d93f642f64180aa3",
                    "registry": "0x00000000000000000000000000000000000000aa"},
      "accepted_assets": [{"network": "eip155:8453", "asset": "0x00000000000000000000000000000000000000bb"}],
      "relay": {"network": "eip155:10740", "address": "0x00000000000000000000000000000000000000cc"},
      "search": {"same_request_blocks_before": 50, "max_range": 9, "max_walk": 100}
    })";
    auto s = parse_verify_config(text);
    ASSERT_TRUE(s) << s.error();
    EXPECT_EQ(s->payment.chain_id, std::optional<std::uint64_t>{8453});
    EXPECT_EQ(s->payment.rpc, (std::vector<std::string>{"http://a", "http://b"}));
    ASSERT_TRUE(s->payment.checkpoint);
    EXPECT_EQ(s->payment.checkpoint->number, 12u);
    EXPECT_EQ(s->payment.confirmations, std::optional<std::uint64_t>{3});
    EXPECT_EQ(s->payment.quorum, std::optional<std::size_t>{2});
    EXPECT_EQ(s->settlement.chain_id, std::optional<std::uint64_t>{10740});
    ASSERT_TRUE(s->settlement.checkpoint);
    EXPECT_EQ(s->settlement.checkpoint->number, 7u);
    EXPECT_EQ(s->accepted_assets.size(), 2u);
    ASSERT_TRUE(s->registry && s->relay);
    EXPECT_EQ(to_hex(*s->relay), "0x00000000000000000000000000000000000000cc");
    EXPECT_EQ(s->max_search_range, std::optional<std::uint64_t>{9});
    EXPECT_EQ(s->max_walk, std::optional<std::uint64_t>{100});
}

TEST(VerifyConfig, AcceptsDevnetJsonAsItIs) {
    const std::string text = std::string{R"({
      "format": "countersign.devnet/v1",
      "chains": [{"role": "payment", "network": "eip155:8453", "chain_id": 8453, "rpc": "http://127.0.0.1:1",
                  "rpc_urls": ["http://127.0.0.1:1"], "checkpoint": {"number": 0, "hash": ")"} + kHash + R"("},
                  "pid": 42},
                 {"role": "settlement", "network": "eip155:10740", "chain_id": 10740, "rpc": "http://127.0.0.1:2",
                  "rpc_urls": ["http://127.0.0.1:2"], "checkpoint": {"number": 0, "hash": ")" + kHash + R"("}}],
      "contracts": {"token": "0x00000000000000000000000000000000000000bb",
                    "registry": "0x00000000000000000000000000000000000000aa",
                    "relay": "0x00000000000000000000000000000000000000cc"},
      "accepted_assets": [{"network": "eip155:8453", "asset": "0x00000000000000000000000000000000000000bb",
                           "symbol": "USDC", "decimals": 6}],
      "registry": {"network": "eip155:10740", "address": "0x00000000000000000000000000000000000000aa"},
      "relay": {"network": "eip155:10740", "address": "0x00000000000000000000000000000000000000cc"},
      "tee": {"tee_id": "0x00"}, "price": "10000", "accounts": {}
    })";
    auto s = parse_verify_config(text);
    ASSERT_TRUE(s) << s.error();
    EXPECT_EQ(s->payment.rpc.size(), 1u);  // "rpc" and "rpc_urls" name the same node once
    EXPECT_EQ(s->accepted_assets.size(), 1u);
    EXPECT_TRUE(s->registry && s->relay);
    ASSERT_TRUE(s->payment.checkpoint);
    EXPECT_EQ(s->payment.checkpoint->number, 0u);
}

TEST(VerifyConfig, RefusesMistakes) {
    const std::vector<std::string> bad = {
        "",
        "[]",
        R"({"format": "something/else"})",
        R"({"chain": []})",                                                // typo: unknown key
        R"({"chains": [{"role": "payment", "netwrok": "eip155:1"}]})",     // typo in a chain
        R"({"chains": [{"role": "payer"}]})",
        R"({"chains": [{"role": "payment"}, {"role": "payment"}]})",
        R"({"chains": [{"role": "payment", "network": "8453"}]})",
        R"({"chains": [{"role": "payment", "network": "eip155:08453"}]})",
        R"({"chains": [{"role": "payment", "network": "eip155:1", "chain_id": 2}]})",
        R"({"chains": [{"role": "payment", "checkpoint": "12"}]})",
        R"({"chains": [{"role": "payment", "checkpoint": "12:0x1234"}]})",
        R"({"chains": [{"role": "payment", "quorum": 0}]})",
        R"({"chains": [{"role": "payment", "confirmations": -1}]})",
        R"({"contracts": {"token": "0x1234"}})",
        R"({"chains": [{"role": "settlement", "network": "eip155:10740"}],
            "registry": {"network": "eip155:1", "address": "0x00000000000000000000000000000000000000aa"}})",
        R"({"contracts": {"registry": "0x00000000000000000000000000000000000000aa"},
            "registry": "0x00000000000000000000000000000000000000ab"})",
        R"({"search": {"max_range": 0}})",
    };
    for (const auto& text : bad) EXPECT_FALSE(parse_verify_config(text)) << text;
}

TEST(VerifyConfig, Checkpoints) {
    auto cp = parse_checkpoint(std::string{"0x10:"} + kHash);
    ASSERT_TRUE(cp);
    EXPECT_EQ(cp->number, 16u);
    EXPECT_FALSE(parse_checkpoint(kHash));
    EXPECT_FALSE(parse_checkpoint(std::string{"x:"} + kHash));
    EXPECT_FALSE(parse_checkpoint(std::string{"1:"} + std::string{kHash}.substr(2)));
    EXPECT_EQ(parse_eip155("eip155:8453"), std::optional<std::uint64_t>{8453});
    EXPECT_FALSE(parse_eip155("eip155:0"));
    EXPECT_FALSE(parse_eip155("eip155:"));
    EXPECT_FALSE(parse_eip155("cosmos:og"));
}

}  // namespace
}  // namespace countersign::cli
