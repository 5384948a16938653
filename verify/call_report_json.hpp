// SPDX-License-Identifier: Apache-2.0
#pragma once
// The record of one verification: the verdict, the call's identifiers and every check. Rendered as the stable
// JSON document "countersign.verdict/v1" (docs/verdict-json.md) and as text that reads like a transfer record.
// The payment and settlement summaries show what the receipt claims (hash, payer, payee, amount, asset) next
// to what the light client saw (block, confirmations); whether the claims hold is what the checks say.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chain/call_receipt.hpp"
#include "crypto/bytes.hpp"
#include "crypto/uint256.hpp"
#include "verify/call_checks.hpp"
#include "verify/call_evidence.hpp"
#include "verify/call_verdict.hpp"

namespace countersign::verify {

inline constexpr std::string_view kVerdictFormat = "countersign.verdict/v1";

struct PaymentSummary {
    std::uint64_t chain_id{0};
    Hash32 payment_hash;
    Address payer;
    Address payee;  // the receipt's pay_to
    Uint256 amount;
    Address asset;
    std::optional<std::uint64_t> block;          // verified block holding payment_hash
    std::optional<std::uint64_t> confirmations;  // head - block + 1 on the verified head
};

struct SettlementSummary {
    std::uint64_t chain_id{0};
    chain::SettlementMode mode{chain::SettlementMode::kIndividual};
    std::optional<Hash32> tx_hash;
    std::optional<std::uint64_t> block;
    std::optional<std::uint64_t> confirmations;
};

struct CallReport {
    Verdict verdict;
    std::string request_id;
    std::optional<PaymentSummary> payment;
    std::optional<SettlementSummary> settlement;
    std::vector<CheckResult> checks;
};

CallReport make_call_report(const chain::CallReceipt& receipt, const CallEvidence& evidence,
                            std::vector<CheckResult> checks, Verdict verdict);
// run_call_checks + decide_verdict + make_call_report.
CallReport verify_call(const chain::CallReceipt& receipt, const CallEvidence& evidence, const VerifierConfig& config);

// The "countersign.verdict/v1" document (docs/verdict-json.md).
nlohmann::json to_json(const CallReport& report);
// The same document as text, two-space indented, keys in the documented order (format first, checks last);
// bytes of request_id that are not UTF-8 are replaced by U+FFFD.
std::string to_json_text(const CallReport& report);
// The human rendering: request_id, payment_hash, payer -> payee, amount and asset, block and confirmations, the
// proof step (the verdict and what it waits for), then one line per check: ✓ passed, ✗ failed, … pending,
// ? unverified, with its trust level.
std::string render_text(const CallReport& report);

// "eip155:<chain id>"
std::string caip2_network(std::uint64_t chain_id);

}  // namespace countersign::verify
