// SPDX-License-Identifier: Apache-2.0
#pragma once
// INTERNAL to chain/: readers of the OpenGradient shapes (see chain/call_receipt_json.hpp). They map what the
// shape carries and list everything else in CallReceipt::missing; nothing is guessed.

#include "chain/call_receipt.hpp"
#include "chain/call_receipt_json_fields.hpp"

namespace countersign::chain::call_receipt_json {

// The TEE gateway's response body, bare or inside the countersign envelope (a "body" key).
CallReceipt read_og_body(const json& top);

// The SDK's TextGenerationOutput fields.
CallReceipt read_og_sdk(const json& doc);

}  // namespace countersign::chain::call_receipt_json
