// SPDX-License-Identifier: Apache-2.0
#pragma once
// Internal to the gateway (gateway*.cpp): one call while it is being made.

#include <optional>
#include <string>
#include <vector>

#include "crypto/keccak.hpp"
#include "devnet/gateway.hpp"

namespace countersign::devnet::gateway_detail {

// Small helpers shared by the gateway's .cpp files.
inline std::string err(const DevnetError& e) { return e.to_string(); }

inline Bytes be64(std::uint64_t v) {
    Bytes out(8, 0);
    for (int i = 7; i >= 0; --i, v >>= 8) out[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(v & 0xff);
    return out;
}

}  // namespace countersign::devnet::gateway_detail

namespace countersign::devnet {

struct Gateway::Draft {
    std::uint64_t index{0};
    CallSpec spec;
    std::string request_id;
    ChatRequest chat;
    std::string request;
    StandinOutput output;
    chain::ReceiptTee tee;
    std::optional<chain::ReceiptPayment> payment;
    Bytes32 payment_nonce;
    Uint256 paid_value;  // what the authorization actually moves
    std::optional<Hash32> payment_tx;
    bool payment_mined_ok{false};
    std::optional<Hash32> decoy_payment_tx;  // kPaymentOfAnotherCall
    std::optional<chain::ReceiptSettlement> settlement;
    std::optional<Hash32> settlement_tx;
    std::optional<Hash32> refund_tx;
    std::optional<chain::IndividualSettlement> individual;
    std::optional<Hash32> leaf_hash;
    std::optional<std::vector<Hash32>> forged_proof;  // kBatchProofOtherLeaf

    // keccak256("countersign/devnet/<label>" ‖ seed (8 bytes BE) ‖ request_id): every "random" value.
    Bytes32 derive(std::string_view label, std::uint64_t seed) const {
        Bytes m(to_view("countersign/devnet/"));
        m += to_view(label);
        m += gateway_detail::be64(seed);
        m += to_view(request_id);
        return keccak256(m);
    }
};

}  // namespace countersign::devnet
