// SPDX-License-Identifier: Apache-2.0
#pragma once
// One `countersign verify` run over several receipts, shared by the CLI and the tests: parse each receipt and
// gather its evidence through the sessions (live or replayed from a bundle); verify::verify_batch
// (verify/call_batch_rules.hpp) then runs the checks, the rules over the whole batch and the verdicts.

#include <optional>
#include <string>
#include <vector>

#include "chain/call_receipt.hpp"
#include "chain/call_receipt_json.hpp"
#include "rpc/call_evidence.hpp"
#include "rpc/call_evidence_session.hpp"
#include "verify/call_report_json.hpp"

namespace countersign::rpc {

struct ReceiptInput {
    std::string name;  // the file it came from, for reports
    std::string text;  // exact bytes
};

struct ReceiptOutcome {
    std::string name;
    std::optional<chain::CallReceipt> receipt;           // absent when the text does not parse
    std::optional<chain::ReceiptParseError> parse_error;  // why it does not
    std::optional<verify::CallReport> report;            // present when the receipt parsed
};

// Sessions may be null (the chain is not configured; its lookups are "not asked").
std::vector<ReceiptOutcome> verify_receipts(const std::vector<ReceiptInput>& inputs,
                                            const verify::VerifierConfig& config, ChainSession* payment,
                                            ChainSession* settlement, const EvidenceOptions& options = {});

}  // namespace countersign::rpc
