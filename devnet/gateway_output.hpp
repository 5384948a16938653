// SPDX-License-Identifier: Apache-2.0
#pragma once
// What the reference gateway writes for each call, into one directory:
//   <request_id>.receipt.json  receipt v1 (chain/call_receipt_json.hpp to_receipt_json)
//   <request_id>.og.json       {"request_id", "request", "payment", "settlement", "body"}: the OpenGradient TEE
//                              gateway's response body (choices[0].message, usage, tee_signature base64,
//                              tee_request_hash / tee_output_hash hex without 0x, tee_timestamp int, tee_id
//                              0x-hex) wrapped with the request text and the receipt's payment and settlement
//   index.json                 {"format": "countersign.devnet-calls/v1", "seed", "calls": [{"request_id",
//                              "receipt", "og", "mode", "tamper", "refunded", "expected_verdict",
//                              "expected_code", "description", "payment_tx", "settlement_tx", "refund_tx"}]}
// Tampered calls get the same files, forged where the mode says; index.json says which.

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "crypto/expected.hpp"
#include "devnet/gateway.hpp"

namespace countersign::devnet {

inline constexpr std::string_view kCallIndexFormat = "countersign.devnet-calls/v1";

// The OpenGradient-shaped wrapper of one call, from its (possibly forged) receipt.
nlohmann::ordered_json og_response(const CallResult& call);
nlohmann::ordered_json index_entry(const CallResult& call);
// "passed", "refunded", or the tamper mode's expected verdict.
std::string_view expected_verdict(const CallResult& call) noexcept;

// Writes every call's files and index.json (replacing an older index) into `dir`, creating it.
Expected<void, std::string> write_calls(const std::string& dir, std::uint64_t seed,
                                        const std::vector<CallResult>& calls);

}  // namespace countersign::devnet
