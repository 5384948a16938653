// SPDX-License-Identifier: Apache-2.0
#pragma once
// Receipt v1 JSON text <-> CallReceipt (docs/receipt.md is the specification).
//
// parse_call_receipt reads three shapes and says which one it saw in CallReceipt::source:
//   * receipt v1: an object with "format": "countersign.receipt/v1" (any other format value is refused);
//   * the OpenGradient TEE gateway's response body (tee_signature, tee_request_hash, choices, ...), bare or in
//     the countersign envelope {"request_id", "request", "payment", "settlement", "body": {...}} that the
//     devnet gateway writes;
//   * the OpenGradient SDK's TextGenerationOutput fields (chat_output, completion_output, payment_hash,
//     data_settlement_transaction_hash, ...).
// The foreign shapes are normalised: what they carry is mapped, everything receipt v1 has that they lack is
// listed in CallReceipt::missing (canonical order, see receipt_field_paths()), and nothing is guessed.
//
// Receipt v1 is strict: unknown keys are refused (except keys beginning with "x-"), duplicate keys anywhere
// are refused, null is never a value, hex is "0x"-prefixed with the exact length, addresses in mixed case must
// carry a valid EIP-55 checksum, quantities are canonical decimal strings or JSON integers below 2^53. A field
// v1 requires may be absent only when "missing" lists it, and a listed field must be absent.

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

#include "chain/call_receipt.hpp"
#include "crypto/expected.hpp"

namespace countersign::chain {

inline constexpr std::size_t kMaxReceiptJsonBytes = std::size_t{1} << 20;
inline constexpr std::size_t kMaxReceiptJsonDepth = 32;
inline constexpr std::size_t kMaxRequestIdBytes = 256;
inline constexpr std::size_t kMaxTeeSignatureBytes = 1024;
inline constexpr std::size_t kMaxTeePublicKeyBytes = 4096;
inline constexpr std::size_t kMaxWalrusBlobIdBytes = 256;
inline constexpr std::size_t kMaxBatchProofHashes = 64;
inline constexpr std::size_t kAuthorizationSignatureBytes = 65;

struct ReceiptParseError {
    std::string field;  // JSON path of the offending value ("payment.amount", "body.choices[0]"); "" = document
    std::string message;

    std::string to_string() const { return field.empty() ? message : field + ": " + message; }
};

// Every receipt v1 field path that "missing" may name, in the canonical order (the order of the document).
std::span<const std::string_view> receipt_field_paths() noexcept;

// Receipt v1 text: fixed field order, 2-space indent, lowercase hex, no trailing newline; the same receipt
// always gives the same bytes. Fields named in r.missing are left out and "missing" is written sorted in the
// canonical order. Throws std::invalid_argument when request_id, request or output is not valid UTF-8 (JSON
// cannot carry such text). The result parses back to r when r is a valid receipt (parse_call_receipt's output
// always is).
std::string to_receipt_json(const CallReceipt& r);

Expected<CallReceipt, ReceiptParseError> parse_call_receipt(std::string_view text) noexcept;

// Strict ISO-8601 UTC date-time ("2026-03-01T12:00:00Z", "...+00:00", a fraction only if all zeros) to unix
// seconds; the SDK's tee_timestamp is documented in this form. nullopt for anything else.
std::optional<std::uint64_t> parse_iso8601_utc(std::string_view text) noexcept;

}  // namespace countersign::chain
