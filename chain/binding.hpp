// SPDX-License-Identifier: Apache-2.0
#pragma once
// The binding rule (docs/brief.md): a payment is bound to an inference request when its authorization
// nonce equals binding_nonce(request_id, request_hash); the payer signs that nonce, so no gateway can move
// the payment to another call. A refund is a transfer back whose nonce is refund_nonce(payment_nonce).
// EIP-3009 carries the nonce as bytes32; Permit2 as uint256 (the same 32 bytes read big-endian).

#include <string_view>

#include "crypto/bytes.hpp"
#include "crypto/uint256.hpp"

namespace countersign::chain {

inline constexpr std::string_view kBindingDomain = "countersign/v1";
inline constexpr std::string_view kRefundDomain = "countersign/refund/v1";

// keccak256("countersign/v1" ‖ keccak256(request_id) ‖ request_hash); request_id is hashed as its raw bytes.
Bytes32 binding_nonce(ByteView request_id, const Hash32& request_hash) noexcept;
inline Bytes32 binding_nonce(std::string_view request_id, const Hash32& request_hash) noexcept {
    return binding_nonce(to_view(request_id), request_hash);
}
// keccak256("countersign/refund/v1" ‖ payment_nonce)
Bytes32 refund_nonce(const Bytes32& payment_nonce) noexcept;

// The Permit2 (uint256) forms.
inline Uint256 nonce_as_uint(const Bytes32& nonce) noexcept { return Uint256::from_be(nonce); }
inline Bytes32 nonce_from_uint(const Uint256& nonce) noexcept { return nonce.to_be(); }

}  // namespace countersign::chain
