// SPDX-License-Identifier: Apache-2.0
#include "verify/call_batch_rules.hpp"

#include <map>
#include <string>
#include <utility>

#include "crypto/hex.hpp"
#include "verify/call_verdict.hpp"

namespace countersign::verify {

std::vector<std::vector<CheckResult>> batch_checks(std::span<const chain::CallReceipt* const> receipts) {
    std::vector<std::vector<CheckResult>> out(receipts.size());
    // (payment network, payment_hash) -> the first receipt citing it.
    std::map<std::pair<std::uint64_t, Hash32>, std::size_t> first;
    for (std::size_t i = 0; i < receipts.size(); ++i) {
        const chain::CallReceipt* r = receipts[i];
        if (r == nullptr || !r->payment) continue;
        const auto key = std::make_pair(r->payment->chain_id, r->payment->payment_hash);
        const auto [it, inserted] = first.emplace(key, i);
        if (inserted) continue;
        const chain::CallReceipt& earlier = *receipts[it->second];
        // The same call in two shapes (a receipt v1 and its gateway body, or a receipt checked twice) cites its own
        // payment twice: that is no replay. Only another request citing the payment is.
        if (earlier.request_id == r->request_id && earlier.tee.request_hash == r->tee.request_hash) continue;
        CheckResult c;
        // The rule is the uniqueness of the payment, across receipts: check PAYMENT_UNIQUE, problem PAYMENT_REPLAYED.
        c.code = CheckCode::kPaymentUnique;
        c.status = CheckStatus::kFailed;
        // Two receipts citing one payment hash is shown by the receipts themselves, whatever any chain says.
        c.trust = TrustLevel::kProven;
        c.problem = Problem::kPaymentReplayed;
        c.summary = "payment " + to_hex(r->payment->payment_hash) + " was already cited by receipt #" +
                    std::to_string(it->second + 1) + " (request_id \"" + earlier.request_id + "\")";
        c.evidence = "receipt #" + std::to_string(it->second + 1) + " request_id \"" + earlier.request_id +
                     "\" and receipt #" + std::to_string(i + 1) + " request_id \"" + r->request_id +
                     "\" both cite payment_hash " + to_hex(r->payment->payment_hash) +
                     " on eip155:" + std::to_string(r->payment->chain_id);
        out[i].push_back(std::move(c));
    }
    return out;
}

std::vector<std::optional<CallReport>> verify_batch(std::span<const chain::CallReceipt* const> receipts,
                                                    std::span<const CallEvidence> evidence,
                                                    const VerifierConfig& config) {
    std::vector<std::optional<CallReport>> out(receipts.size());
    const auto extra = batch_checks(receipts);
    for (std::size_t i = 0; i < receipts.size() && i < evidence.size(); ++i) {
        if (receipts[i] == nullptr) continue;
        auto checks = run_call_checks(*receipts[i], evidence[i], config);
        checks.insert(checks.end(), extra[i].begin(), extra[i].end());
        Verdict verdict = decide_verdict(checks);
        out[i] = make_call_report(*receipts[i], evidence[i], std::move(checks), std::move(verdict));
    }
    return out;
}

}  // namespace countersign::verify
