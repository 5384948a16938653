// SPDX-License-Identifier: Apache-2.0
#pragma once
// The receipt of one paid inference call (docs/receipt.md), as claimed by whoever wrote it: a gateway, an SDK
// or an archive. Nothing in it is trusted; verify/ checks each field against the chains. Parsed from receipt
// v1 JSON or normalised from the OpenGradient gateway response body / SDK TextGenerationOutput
// (chain/call_receipt_json.hpp), which lack some fields: those are listed in `missing`, never invented.
//
// Receipt v1 JSON (field names are stable; hex is 0x-prefixed lowercase or mixed case, quantities are
// decimal strings or JSON integers below 2^53):
// {
//   "format": "countersign.receipt/v1",
//   "request_id": "<string, 1..256 bytes UTF-8>",
//   "request": "<the exact canonical request JSON text that was hashed>",          (optional)
//   "output": "<the exact output text that was hashed>",                             (optional)
//   "tee": {"tee_id": "0x<32 bytes>", "request_hash": "0x<32>", "output_hash": "0x<32>",
//           "timestamp": <unix seconds>, "signature": "<base64 RSA-PSS signature>",
//           "public_key": "<base64 DER SubjectPublicKeyInfo>"},                       (public_key optional)
//   "payment": {"network": "eip155:<chain id>", "payment_hash": "0x<tx hash>", "scheme": "exact",
//               "asset": "0x<token>", "pay_to": "0x..", "payer": "0x..", "amount": "<base units>",
//               "authorization": {"from", "to", "value", "valid_after", "valid_before", "nonce",
//                                 "signature": "0x<65 bytes r‖s‖v>"}},                 (authorization optional)
//   "settlement": {"network": "eip155:<chain id>", "mode": "individual" | "batch" | "private",
//                  "contract": "0x<relay>", "tx_hash": "0x..",                           (absent for private)
//                  "walrus_blob_id": "0x..",                                             (optional)
//                  "batch": {"merkle_root": "0x..", "batch_size": <n>, "leaf_index": <i>,
//                            "proof": ["0x<32>", ...]}}                                  (batch mode only)
//   "source": "opengradient-body" | "opengradient-sdk",   (optional: set when normalised from another shape)
//   "missing": ["payment", "tee.request_hash", ...]                                   (optional)
// }
// A required field may be absent only when "missing" lists it; the exact rules are in docs/receipt.md and
// chain/call_receipt_json.hpp.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chain/eip712_payments.hpp"
#include "crypto/bytes.hpp"
#include "crypto/uint256.hpp"

namespace countersign::chain {

inline constexpr std::string_view kCallReceiptFormat = "countersign.receipt/v1";

enum class ReceiptSource {
    kReceiptV1,          // countersign receipt v1
    kOpenGradientBody,   // the TEE gateway's JSON response body (tee_signature, tee_request_hash, ...)
    kOpenGradientSdk,    // the SDK's TextGenerationOutput fields
};

enum class PaymentScheme {
    kExact,  // x402 "exact" on EVM: EIP-3009 transferWithAuthorization
    kUpto,   // x402 "upto": Permit2 PermitWitnessTransferFrom (parsed; not verifiable yet)
};

enum class SettlementMode { kIndividual, kBatch, kPrivate };

struct ReceiptTee {
    Bytes32 tee_id;
    Hash32 request_hash;
    Hash32 output_hash;
    std::uint64_t timestamp{0};  // unix seconds, as signed (uint256 in the message; receipts bound it to 64 bits)
    Bytes signature;             // RSA-PSS-SHA256, salt 32 (256 bytes for RSA-2048)
    std::optional<Bytes> public_key;  // DER SPKI as the writer claims it; the registry's copy is what counts

    friend bool operator==(const ReceiptTee&, const ReceiptTee&) = default;
};

// The EIP-3009 authorization the payer signed, as the receipt claims it.
struct ReceiptAuthorization {
    Eip3009Authorization authorization;
    Bytes signature;  // 65 bytes r ‖ s ‖ v

    friend bool operator==(const ReceiptAuthorization& a, const ReceiptAuthorization& b) noexcept {
        const auto& x = a.authorization;
        const auto& y = b.authorization;
        return x.from == y.from && x.to == y.to && x.value == y.value && x.valid_after == y.valid_after &&
               x.valid_before == y.valid_before && x.nonce == y.nonce && a.signature == b.signature;
    }
};

struct ReceiptPayment {
    std::uint64_t chain_id{0};  // from the CAIP-2 network "eip155:<id>"
    Hash32 payment_hash;        // the payment transaction's hash
    PaymentScheme scheme{PaymentScheme::kExact};
    Address asset;
    Address pay_to;
    Address payer;
    Uint256 amount;
    std::optional<ReceiptAuthorization> authorization;

    friend bool operator==(const ReceiptPayment&, const ReceiptPayment&) = default;
};

struct ReceiptBatchProof {
    Hash32 merkle_root;
    std::uint64_t batch_size{0};
    std::uint64_t leaf_index{0};
    std::vector<Hash32> proof;  // StandardMerkleTree sibling hashes, leaf to root

    friend bool operator==(const ReceiptBatchProof&, const ReceiptBatchProof&) = default;
};

struct ReceiptSettlement {
    std::uint64_t chain_id{0};
    SettlementMode mode{SettlementMode::kIndividual};
    std::optional<Address> contract;  // the relay that emitted the event
    std::optional<Hash32> tx_hash;    // absent for private settlement
    std::optional<Bytes> walrus_blob_id;
    std::optional<ReceiptBatchProof> batch;  // batch mode only

    friend bool operator==(const ReceiptSettlement&, const ReceiptSettlement&) = default;
};

struct CallReceipt {
    ReceiptSource source{ReceiptSource::kReceiptV1};
    std::string request_id;
    std::optional<std::string> request;  // the exact bytes hashed into tee.request_hash
    std::optional<std::string> output;   // the exact bytes hashed into tee.output_hash
    ReceiptTee tee;
    std::optional<ReceiptPayment> payment;
    std::optional<ReceiptSettlement> settlement;
    // Receipt v1 field paths ("payment", "tee.request_hash", ...) the source did not carry.
    std::vector<std::string> missing;

    friend bool operator==(const CallReceipt&, const CallReceipt&) = default;
};

// "receipt-v1", "opengradient-body", "opengradient-sdk" (the receipt v1 "source" values).
std::string_view to_string(ReceiptSource source) noexcept;
// "exact", "upto" (the x402 scheme names).
std::string_view to_string(PaymentScheme scheme) noexcept;
// "individual", "batch", "private" (the x402 settlement-type values).
std::string_view to_string(SettlementMode mode) noexcept;

}  // namespace countersign::chain
