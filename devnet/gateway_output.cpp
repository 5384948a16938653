// SPDX-License-Identifier: Apache-2.0
#include "devnet/gateway_output.hpp"

#include <filesystem>
#include <fstream>

#include "chain/call_receipt_json.hpp"
#include "crypto/base64.hpp"
#include "crypto/hex.hpp"

namespace countersign::devnet {
namespace {

using json = nlohmann::ordered_json;

std::string mode_name(const CallResult& call) { return std::string(chain::to_string(call.spec.mode)); }

json optional_hash(const std::optional<Hash32>& h) { return h ? json(to_hex(*h)) : json(nullptr); }

Expected<void, std::string> write_file(const std::filesystem::path& path, const std::string& text) {
    const std::filesystem::path tmp = path.string() + ".tmp";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (!out) return unexpected("cannot write " + tmp.string());
        out << text;
        if (!text.empty() && text.back() != '\n') out << '\n';
        if (!out.flush()) return unexpected("cannot write " + tmp.string());
    }
    std::error_code ec;
    std::filesystem::rename(tmp, path, ec);
    if (ec) return unexpected("cannot rename " + tmp.string() + ": " + ec.message());
    return {};
}

}  // namespace

std::string_view expected_verdict(const CallResult& call) noexcept {
    if (call.spec.tamper != Tamper::kNone) return tamper_info(call.spec.tamper).expected_verdict;
    return call.refund_tx ? "refunded" : "passed";
}

json og_response(const CallResult& call) {
    const chain::CallReceipt& r = call.receipt;
    // The payment and settlement objects exactly as the receipt v1 writes them.
    const json receipt = json::parse(chain::to_receipt_json(r), nullptr, false);
    json body = {
        {"id", "chatcmpl-" + call.request_id},
        {"object", "chat.completion"},
        {"created", r.tee.timestamp},
        {"model", std::string(kStandinModel)},
        {"choices", json::array({{{"index", 0},
                                  {"message", {{"role", "assistant"}, {"content", r.output.value_or("")}}},
                                  {"finish_reason", "stop"}}})},
        {"usage",
         {{"prompt_tokens", call.prompt_tokens},
          {"completion_tokens", call.completion_tokens},
          {"total_tokens", call.prompt_tokens + call.completion_tokens}}},
        {"tee_signature", base64_encode(r.tee.signature)},
        {"tee_request_hash", to_hex(r.tee.request_hash, false)},
        {"tee_output_hash", to_hex(r.tee.output_hash, false)},
        {"tee_timestamp", r.tee.timestamp},
        {"tee_id", to_hex(r.tee.tee_id)},
    };
    json out = {{"request_id", r.request_id}, {"request", r.request.value_or("")}, {"body", std::move(body)}};
    out["payment"] = receipt.is_object() && receipt.contains("payment") ? receipt["payment"] : json(nullptr);
    out["settlement"] = receipt.is_object() && receipt.contains("settlement") ? receipt["settlement"] : json(nullptr);
    return out;
}

json index_entry(const CallResult& call) {
    const TamperInfo& info = tamper_info(call.spec.tamper);
    return {{"request_id", call.request_id},
            {"receipt", call.request_id + ".receipt.json"},
            {"og", call.request_id + ".og.json"},
            {"mode", mode_name(call)},
            {"tamper", std::string(info.name)},
            {"refunded", call.refund_tx.has_value()},
            {"expected_verdict", std::string(expected_verdict(call))},
            {"expected_code", std::string(info.expected_code)},
            {"description", std::string(info.description)},
            {"payment_tx", optional_hash(call.payment_tx)},
            {"settlement_tx", optional_hash(call.settlement_tx)},
            {"refund_tx", optional_hash(call.refund_tx)}};
}

Expected<void, std::string> write_calls(const std::string& dir, std::uint64_t seed,
                                        const std::vector<CallResult>& calls) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) return unexpected("cannot create " + dir + ": " + ec.message());
    const std::filesystem::path base(dir);
    json index = {{"format", kCallIndexFormat}, {"seed", seed}, {"calls", json::array()}};
    for (const CallResult& call : calls) {
        if (auto w = write_file(base / (call.request_id + ".receipt.json"), chain::to_receipt_json(call.receipt)); !w)
            return w;
        if (auto w = write_file(base / (call.request_id + ".og.json"), og_response(call).dump(2)); !w) return w;
        index["calls"].push_back(index_entry(call));
    }
    return write_file(base / "index.json", index.dump(2));
}

}  // namespace countersign::devnet
