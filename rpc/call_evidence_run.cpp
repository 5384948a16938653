// SPDX-License-Identifier: Apache-2.0
#include "rpc/call_evidence_run.hpp"

#include <utility>

#include "verify/call_batch_rules.hpp"

namespace countersign::rpc {

std::vector<ReceiptOutcome> verify_receipts(const std::vector<ReceiptInput>& inputs,
                                            const verify::VerifierConfig& config, ChainSession* payment,
                                            ChainSession* settlement, const EvidenceOptions& options) {
    std::vector<ReceiptOutcome> out;
    out.reserve(inputs.size());
    for (const auto& input : inputs) {
        ReceiptOutcome o;
        o.name = input.name;
        auto parsed = chain::parse_call_receipt(input.text);
        if (parsed) {
            o.receipt = std::move(*parsed);
        } else {
            o.parse_error = parsed.error();
        }
        out.push_back(std::move(o));
    }
    // This layer only gathers; the checks, the batch rules and the verdicts are verify/'s.
    const ChainSource payment_source = payment ? payment->source() : ChainSource{};
    const ChainSource settlement_source = settlement ? settlement->source() : ChainSource{};
    std::vector<const chain::CallReceipt*> receipts;
    std::vector<verify::CallEvidence> evidence;
    for (const auto& o : out) {
        receipts.push_back(o.receipt ? &*o.receipt : nullptr);
        evidence.push_back(o.receipt ? gather_call_evidence(*o.receipt, config, payment_source, settlement_source,
                                                            options)
                                     : verify::CallEvidence{});
    }
    auto reports = verify::verify_batch(receipts, evidence, config);
    for (std::size_t i = 0; i < out.size(); ++i) out[i].report = std::move(reports[i]);
    return out;
}

}  // namespace countersign::rpc
