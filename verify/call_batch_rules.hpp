// SPDX-License-Identifier: Apache-2.0
#pragma once
// Rules over several receipts verified together (`countersign verify A.json B.json ...`). One payment can pay
// for one call: a payment_hash (on the same payment network) cited by a second receipt is a replay, whatever
// each receipt looks like on its own. The later receipt (in the order given) gets a failed check whose summary
// starts with PAYMENT_REPLAYED and names the receipt that cited the payment first. Pure: no I/O, no chain.

#include <cstddef>
#include <span>
#include <vector>

#include <optional>

#include "chain/call_receipt.hpp"
#include "verify/call_checks.hpp"
#include "verify/call_evidence.hpp"
#include "verify/call_report_json.hpp"

namespace countersign::verify {

// to_string(Problem::kPaymentReplayed)
inline constexpr std::string_view kPaymentReplayed = "PAYMENT_REPLAYED";

// For each receipt, in order, the checks the batch adds to its own. A null entry (a receipt that did not
// parse) cites nothing.
std::vector<std::vector<CheckResult>> batch_checks(std::span<const chain::CallReceipt* const> receipts);

// The reports of a batch: each receipt's checks over its evidence, plus the batch checks, then its verdict.
// `evidence` has one entry per receipt (ignored for a null receipt, which gets no report).
std::vector<std::optional<CallReport>> verify_batch(std::span<const chain::CallReceipt* const> receipts,
                                                    std::span<const CallEvidence> evidence,
                                                    const VerifierConfig& config);

}  // namespace countersign::verify
