// SPDX-License-Identifier: Apache-2.0
#include "verify/call_report_json.hpp"

#include <utility>

#include "crypto/hex.hpp"

namespace countersign::verify {
namespace {

using nlohmann::json;

std::string_view status_mark(CheckStatus s) noexcept {
    switch (s) {
        case CheckStatus::kPassed:
            return "✓";
        case CheckStatus::kFailed:
            return "✗";
        case CheckStatus::kPending:
            return "…";
        case CheckStatus::kUnverified:
            return "?";
    }
    return "?";
}

std::string number_or_dash(const std::optional<std::uint64_t>& v) {
    return v ? std::to_string(*v) : "-";
}

}  // namespace

std::string caip2_network(std::uint64_t chain_id) {
    return "eip155:" + std::to_string(chain_id);
}

CallReport make_call_report(const chain::CallReceipt& receipt, const CallEvidence& evidence,
                            std::vector<CheckResult> checks, Verdict verdict) {
    CallReport out;
    out.verdict = std::move(verdict);
    out.request_id = receipt.request_id;
    out.checks = std::move(checks);
    if (receipt.payment) {
        const chain::ReceiptPayment& p = *receipt.payment;
        PaymentSummary s;
        s.chain_id = p.chain_id;
        s.payment_hash = p.payment_hash;
        s.payer = p.payer;
        s.payee = p.pay_to;
        s.amount = p.amount;
        s.asset = p.asset;
        // Only a verified transaction with exactly this hash, on the chain the receipt names, gives a block.
        const PaymentEvidence& ev = evidence.payment;
        if (ev.transaction && (*ev.transaction)->hash == p.payment_hash && ev.chain.chain_id == p.chain_id) {
            s.block = ev.transaction->block_number();
            if (ev.chain.head) {
                const std::uint64_t head = ev.chain.head->value().number;
                s.confirmations = head >= *s.block ? head - *s.block + 1 : 0;
            }
        }
        out.payment = s;
    }
    if (receipt.settlement) {
        const chain::ReceiptSettlement& r = *receipt.settlement;
        SettlementSummary s;
        s.chain_id = r.chain_id;
        s.mode = r.mode;
        s.tx_hash = r.tx_hash;
        const SettlementEvidence& ev = evidence.settlement;
        if (r.tx_hash && ev.receipt && (*ev.receipt)->transaction_hash == *r.tx_hash &&
            ev.chain.chain_id == r.chain_id) {
            s.block = ev.receipt->block_number();
            if (ev.chain.head) {
                const std::uint64_t head = ev.chain.head->value().number;
                s.confirmations = head >= *s.block ? head - *s.block + 1 : 0;
            }
        }
        out.settlement = s;
    }
    return out;
}

CallReport verify_call(const chain::CallReceipt& receipt, const CallEvidence& evidence, const VerifierConfig& config) {
    std::vector<CheckResult> checks = run_call_checks(receipt, evidence, config);
    Verdict verdict = decide_verdict(checks);
    return make_call_report(receipt, evidence, std::move(checks), std::move(verdict));
}

namespace {

// Built once for both key orders: nlohmann::json (sorted keys) for programs, ordered_json for the text form,
// which keeps the documented order (format first, checks last).
template <class Json>
Json build_json(const CallReport& report) {
    auto opt = [](const std::optional<std::uint64_t>& v) { return v ? Json(*v) : Json(nullptr); };
    Json out = Json::object();
    out["format"] = kVerdictFormat;
    out["verdict"] = to_string(report.verdict.kind);
    out["reason"] = report.verdict.reason;
    if (report.verdict.pending) {
        Json pending = Json::object();
        pending["step"] = to_string(report.verdict.pending->step);
        pending["waits_for"] = report.verdict.pending->waits_for;
        out["pending"] = std::move(pending);
    } else {
        out["pending"] = nullptr;
    }
    out["request_id"] = report.request_id;
    if (report.payment) {
        const PaymentSummary& p = *report.payment;
        Json j = Json::object();
        j["network"] = caip2_network(p.chain_id);
        j["payment_hash"] = to_hex(p.payment_hash);
        j["payer"] = to_hex(p.payer);
        j["payee"] = to_hex(p.payee);
        j["amount"] = p.amount.to_string();
        j["asset"] = to_hex(p.asset);
        j["block"] = opt(p.block);
        j["confirmations"] = opt(p.confirmations);
        out["payment"] = std::move(j);
    } else {
        out["payment"] = nullptr;
    }
    if (report.settlement) {
        const SettlementSummary& s = *report.settlement;
        Json j = Json::object();
        j["network"] = caip2_network(s.chain_id);
        j["mode"] = chain::to_string(s.mode);
        j["tx_hash"] = s.tx_hash ? Json(to_hex(*s.tx_hash)) : Json(nullptr);
        j["block"] = opt(s.block);
        j["confirmations"] = opt(s.confirmations);
        out["settlement"] = std::move(j);
    } else {
        out["settlement"] = nullptr;
    }
    Json checks = Json::array();
    for (const CheckResult& c : report.checks) {
        Json j = Json::object();
        j["code"] = to_string(c.code);
        j["status"] = to_string(c.status);
        j["problem"] = c.problem ? Json(to_string(*c.problem)) : Json(nullptr);
        j["trust"] = to_string(c.trust);
        j["summary"] = c.summary;
        j["evidence"] = c.evidence;
        checks.push_back(std::move(j));
    }
    out["checks"] = std::move(checks);
    return out;
}

}  // namespace

json to_json(const CallReport& report) {
    return build_json<json>(report);
}

std::string to_json_text(const CallReport& report) {
    // A receipt's request_id may not be valid UTF-8: replace such bytes (U+FFFD) rather than throw.
    return build_json<nlohmann::ordered_json>(report).dump(2, ' ', false, json::error_handler_t::replace);
}

std::string render_text(const CallReport& report) {
    std::string out;
    auto line = [&](std::string_view key, const std::string& value) {
        out += "  ";
        out += key;
        out.append(key.size() < 14 ? 14 - key.size() : 1, ' ');
        out += value;
        out += '\n';
    };
    out += "call " + report.request_id + "\n";
    line("verdict", std::string(to_string(report.verdict.kind)) + " — " + report.verdict.reason);
    if (report.payment) {
        const PaymentSummary& p = *report.payment;
        line("payment_hash", to_hex(p.payment_hash) + " (" + caip2_network(p.chain_id) + ")");
        line("payer", to_hex(p.payer));
        line("payee", to_hex(p.payee));
        line("amount", p.amount.to_string() + " of " + to_hex(p.asset));
        line("block", number_or_dash(p.block) + ", " + number_or_dash(p.confirmations) + " confirmations");
    } else {
        line("payment", "(none in the receipt)");
    }
    if (report.settlement) {
        const SettlementSummary& s = *report.settlement;
        line("settlement", std::string(chain::to_string(s.mode)) + " on " + caip2_network(s.chain_id) + ", tx " +
                               (s.tx_hash ? to_hex(*s.tx_hash) : std::string("-")));
        line("settled in",
             "block " + number_or_dash(s.block) + ", " + number_or_dash(s.confirmations) + " confirmations");
    } else {
        line("settlement", "(none in the receipt)");
    }
    if (report.verdict.pending)
        line("proof step", "pending: " + std::string(to_string(report.verdict.pending->step)) + " — " +
                               report.verdict.pending->waits_for);
    else
        line("proof step", std::string(to_string(report.verdict.kind)));
    out += "  checks\n";
    for (const CheckResult& c : report.checks) {
        out += "    ";
        out += status_mark(c.status);
        out += ' ';
        out += to_string(c.code);
        if (c.problem) {
            out += " [";
            out += to_string(*c.problem);
            out += ']';
        }
        out += " (" + std::string(to_string(c.trust)) + ") " + c.summary + "\n";
        if (!c.evidence.empty() && c.status != CheckStatus::kPassed) out += "        " + c.evidence + "\n";
    }
    return out;
}

}  // namespace countersign::verify
