// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include "chain/abi_test_json.hpp"
#include "chain/binding.hpp"
#include "crypto/hex.hpp"

namespace countersign::chain {
namespace {

// Values computed by viem (tests/fixtures/eip712/generate.mjs, "binding").
TEST(Binding, MatchesIndependentComputation) {
    const auto fx = testing::load_fixture("tests/fixtures/eip712/fixture.json");
    int checked = 0;
    for (const auto& c : fx.at("binding")) {
        const std::string request_id = c.at("requestId").get<std::string>();
        const Hash32 request_hash = testing::hex_hash(c.at("requestHash"));
        const Bytes32 nonce = binding_nonce(request_id, request_hash);
        EXPECT_EQ(nonce, testing::hex_hash(c.at("bindingNonce"))) << request_id;
        EXPECT_EQ(refund_nonce(nonce), testing::hex_hash(c.at("refundNonce"))) << request_id;
        ++checked;
    }
    EXPECT_EQ(checked, 4);
}

TEST(Binding, EveryInputMatters) {
    const Hash32 request_hash = hex_literal_fixed<32>("0x" + std::string(64, '7'));
    const Bytes32 good = binding_nonce("chatcmpl-1", request_hash);
    EXPECT_NE(binding_nonce("chatcmpl-2", request_hash), good);
    EXPECT_NE(binding_nonce("chatcmpl-1 ", request_hash), good);
    for (std::size_t i = 0; i < 32; ++i) {
        Hash32 h = request_hash;
        h.bytes[i] ^= 0x01;
        EXPECT_NE(binding_nonce("chatcmpl-1", h), good) << i;
    }
    // The refund nonce of a payment is neither the payment nonce nor a binding nonce of the same request.
    const Bytes32 refund = refund_nonce(good);
    EXPECT_NE(refund, good);
    Bytes32 other = good;
    other.bytes[0] ^= 1;
    EXPECT_NE(refund_nonce(other), refund);
    // Permit2 carries the same 32 bytes as a uint256.
    EXPECT_EQ(nonce_from_uint(nonce_as_uint(good)), good);
    EXPECT_EQ(nonce_as_uint(good).to_be(), good);
}

}  // namespace
}  // namespace countersign::chain
