// SPDX-License-Identifier: Apache-2.0
#pragma once
// The events and calls countersign reads: ERC-20 Transfer, EIP-3009 AuthorizationUsed and
// transfer/receiveWithAuthorization calldata (payments), and the OpenGradient InferenceSettlementRelay
// events (og-evm contracts/solidity/InferenceSettlementRelay.sol). Each has its description and a typed
// decoder with the strict rules of abi.hpp.

#include <cstdint>
#include <span>

#include "chain/abi.hpp"
#include "chain/abi_event.hpp"

namespace countersign::chain {

// event Transfer(address indexed from, address indexed to, uint256 value)
const AbiSignature& erc20_transfer_event();
// event AuthorizationUsed(address indexed authorizer, bytes32 indexed nonce)
const AbiSignature& authorization_used_event();
// event IndividualSettlement(bytes32 indexed teeId, address indexed ethAddress, bytes32 inputHash,
//                            bytes32 outputHash, uint256 timestamp, bytes walrusBlobId, bytes signature)
const AbiSignature& individual_settlement_event();
// event BatchSettlement(bytes32 indexed merkleRoot, uint256 batchSize, bytes walrusBlobId)
const AbiSignature& batch_settlement_event();
// function transferWithAuthorization(address from, address to, uint256 value, uint256 validAfter,
//     uint256 validBefore, bytes32 nonce, uint8 v, bytes32 r, bytes32 s)   selector 0xe3ee160e
const AbiSignature& transfer_with_authorization_function();
// function receiveWithAuthorization(...same arguments...)                    selector 0xef55bec6
const AbiSignature& receive_with_authorization_function();

struct Erc20Transfer {
    Address from;
    Address to;
    Uint256 value;
};

struct AuthorizationUsed {
    Address authorizer;
    Bytes32 nonce;
};

struct IndividualSettlement {
    Bytes32 tee_id;
    Address eth_address;
    Bytes32 input_hash;
    Bytes32 output_hash;
    Uint256 timestamp;
    Bytes walrus_blob_id;
    Bytes signature;
};

struct BatchSettlement {
    Bytes32 merkle_root;
    Uint256 batch_size;
    Bytes walrus_blob_id;
};

enum class AuthorizationCallKind { kTransferWithAuthorization, kReceiveWithAuthorization };

// The arguments of an EIP-3009 transfer/receiveWithAuthorization call (the v, r, s signature split out).
struct AuthorizationCall {
    AuthorizationCallKind kind{AuthorizationCallKind::kTransferWithAuthorization};
    Address from;
    Address to;
    Uint256 value;
    Uint256 valid_after;
    Uint256 valid_before;
    Bytes32 nonce;
    std::uint8_t v{0};
    Bytes32 r;
    Bytes32 s;
};

Expected<Erc20Transfer, AbiError> decode_erc20_transfer(std::span<const Hash32> topics, ByteView data) noexcept;
Expected<AuthorizationUsed, AbiError> decode_authorization_used(std::span<const Hash32> topics,
                                                                ByteView data) noexcept;
Expected<IndividualSettlement, AbiError> decode_individual_settlement(std::span<const Hash32> topics,
                                                                      ByteView data) noexcept;
Expected<BatchSettlement, AbiError> decode_batch_settlement(std::span<const Hash32> topics, ByteView data) noexcept;
// Either selector; any other is kWrongSelector. Static arguments only, so there is exactly one valid layout
// and trailing bytes are rejected.
Expected<AuthorizationCall, AbiError> decode_authorization_call(ByteView calldata) noexcept;
Bytes encode_authorization_call(const AuthorizationCall& call);

}  // namespace countersign::chain
