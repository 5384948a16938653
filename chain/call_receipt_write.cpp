// SPDX-License-Identifier: Apache-2.0
#include <array>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <utility>

#include "chain/call_receipt_json.hpp"
#include "chain/call_receipt_json_fields.hpp"
#include "crypto/base64.hpp"
#include "crypto/hex.hpp"

namespace countersign::chain {
namespace {

using call_receipt_json::field_index;
using call_receipt_json::kFieldPaths;
using call_receipt_json::kMaxJsonInteger;
using call_receipt_json::valid_utf8;
using ordered_json = nlohmann::ordered_json;

ordered_json quantity(std::uint64_t v) {
    if (v <= kMaxJsonInteger) return ordered_json(v);
    return ordered_json(std::to_string(v));
}

}  // namespace

std::string to_receipt_json(const CallReceipt& r) {
    std::array<bool, kFieldPaths.size()> listed{};
    for (const std::string& p : r.missing) {
        const auto i = field_index(p);
        if (!i) throw std::invalid_argument("to_receipt_json: \"" + p + "\" is not a receipt v1 field path");
        listed[*i] = true;
    }
    const auto is_listed = [&](std::string_view p) { return listed[*field_index(p)]; };
    if (!valid_utf8(r.request_id) || (r.request && !valid_utf8(*r.request)) || (r.output && !valid_utf8(*r.output)))
        throw std::invalid_argument("to_receipt_json: request_id, request and output must be valid UTF-8");

    ordered_json doc = ordered_json::object();
    doc["format"] = std::string{kCallReceiptFormat};
    if (r.source != ReceiptSource::kReceiptV1) doc["source"] = std::string{to_string(r.source)};
    if (!is_listed("request_id")) doc["request_id"] = r.request_id;
    if (r.request && !is_listed("request")) doc["request"] = *r.request;
    if (r.output && !is_listed("output")) doc["output"] = *r.output;

    ordered_json tee = ordered_json::object();
    if (!is_listed("tee.tee_id")) tee["tee_id"] = to_hex(r.tee.tee_id);
    if (!is_listed("tee.request_hash")) tee["request_hash"] = to_hex(r.tee.request_hash);
    if (!is_listed("tee.output_hash")) tee["output_hash"] = to_hex(r.tee.output_hash);
    if (!is_listed("tee.timestamp")) tee["timestamp"] = quantity(r.tee.timestamp);
    if (!is_listed("tee.signature")) tee["signature"] = base64_encode(r.tee.signature);
    if (r.tee.public_key && !is_listed("tee.public_key")) tee["public_key"] = base64_encode(*r.tee.public_key);
    doc["tee"] = std::move(tee);

    if (r.payment && !is_listed("payment")) {
        const ReceiptPayment& p = *r.payment;
        ordered_json o = ordered_json::object();
        if (!is_listed("payment.network")) o["network"] = "eip155:" + std::to_string(p.chain_id);
        if (!is_listed("payment.payment_hash")) o["payment_hash"] = to_hex(p.payment_hash);
        if (!is_listed("payment.scheme")) o["scheme"] = std::string{to_string(p.scheme)};
        if (!is_listed("payment.asset")) o["asset"] = to_hex(p.asset);
        if (!is_listed("payment.pay_to")) o["pay_to"] = to_hex(p.pay_to);
        if (!is_listed("payment.payer")) o["payer"] = to_hex(p.payer);
        if (!is_listed("payment.amount")) o["amount"] = p.amount.to_string();
        if (p.authorization && !is_listed("payment.authorization")) {
            const Eip3009Authorization& a = p.authorization->authorization;
            ordered_json ao = ordered_json::object();
            ao["from"] = to_hex(a.from);
            ao["to"] = to_hex(a.to);
            ao["value"] = a.value.to_string();
            ao["valid_after"] = a.valid_after.to_string();
            ao["valid_before"] = a.valid_before.to_string();
            ao["nonce"] = to_hex(a.nonce);
            ao["signature"] = to_hex(p.authorization->signature);
            o["authorization"] = std::move(ao);
        }
        doc["payment"] = std::move(o);
    }

    if (r.settlement && !is_listed("settlement")) {
        const ReceiptSettlement& s = *r.settlement;
        ordered_json o = ordered_json::object();
        if (!is_listed("settlement.network")) o["network"] = "eip155:" + std::to_string(s.chain_id);
        if (!is_listed("settlement.mode")) o["mode"] = std::string{to_string(s.mode)};
        if (s.contract && !is_listed("settlement.contract")) o["contract"] = to_hex(*s.contract);
        if (s.tx_hash && !is_listed("settlement.tx_hash")) o["tx_hash"] = to_hex(*s.tx_hash);
        if (s.walrus_blob_id && !is_listed("settlement.walrus_blob_id"))
            o["walrus_blob_id"] = to_hex(*s.walrus_blob_id);
        if (s.batch && !is_listed("settlement.batch")) {
            ordered_json b = ordered_json::object();
            b["merkle_root"] = to_hex(s.batch->merkle_root);
            b["batch_size"] = quantity(s.batch->batch_size);
            b["leaf_index"] = quantity(s.batch->leaf_index);
            ordered_json proof = ordered_json::array();
            for (const Hash32& h : s.batch->proof) proof.push_back(to_hex(h));
            b["proof"] = std::move(proof);
            o["batch"] = std::move(b);
        }
        doc["settlement"] = std::move(o);
    }

    bool any_missing = false;
    ordered_json missing = ordered_json::array();
    for (std::size_t i = 0; i < kFieldPaths.size(); ++i) {
        if (!listed[i]) continue;
        missing.push_back(std::string{kFieldPaths[i]});
        any_missing = true;
    }
    if (any_missing) doc["missing"] = std::move(missing);
    return doc.dump(2, ' ', false, ordered_json::error_handler_t::strict);
}

}  // namespace countersign::chain
