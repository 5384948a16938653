// SPDX-License-Identifier: Apache-2.0
#include "chain/call_receipt_read_opengradient.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "chain/call_receipt_json.hpp"
#include "chain/call_receipt_read_v1.hpp"
#include "crypto/keccak.hpp"

namespace countersign::chain::call_receipt_json {
namespace {

class MissingList {
public:
    void add(std::string_view path) {
        if (const auto i = field_index(path)) flags_[*i] = true;
    }
    std::vector<std::string> canonical() const {
        std::vector<std::string> out;
        for (std::size_t i = 0; i < flags_.size(); ++i)
            if (flags_[i]) out.emplace_back(kFieldPaths[i]);
        return out;
    }

private:
    std::array<bool, kFieldPaths.size()> flags_{};
};

// Python's json.dumps(value, sort_keys=True) with its defaults (ensure_ascii, ", " and ": " separators): the
// bytes the gateway hashes for a tool-call answer. Floats are refused: Python's repr of a float is not
// something to reproduce from a parsed double.
bool python_dumps(const json& v, std::string& out) {
    switch (v.type()) {
        case json::value_t::null:
            out += "null";
            return true;
        case json::value_t::boolean:
            out += v.get<bool>() ? "true" : "false";
            return true;
        case json::value_t::number_unsigned:
            out += std::to_string(v.get<std::uint64_t>());
            return true;
        case json::value_t::number_integer:
            out += std::to_string(v.get<std::int64_t>());
            return true;
        case json::value_t::string: {
            static constexpr char kHex[] = "0123456789abcdef";
            const auto escape_unit = [&](std::uint32_t u) {
                out += "\\u";
                for (int shift = 12; shift >= 0; shift -= 4) out += kHex[(u >> shift) & 0xfu];
            };
            const std::string& s = v.get_ref<const std::string&>();
            out += '"';
            for (std::size_t i = 0; i < s.size();) {
                const auto c = static_cast<std::uint8_t>(s[i]);
                std::uint32_t cp = c;
                std::size_t n = 1;
                if (c >= 0xf0) {
                    cp = c & 0x07u;
                    n = 4;
                } else if (c >= 0xe0) {
                    cp = c & 0x0fu;
                    n = 3;
                } else if (c >= 0xc0) {
                    cp = c & 0x1fu;
                    n = 2;
                }
                if (i + n > s.size()) return false;
                for (std::size_t k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<std::uint8_t>(s[i + k]) & 0x3fu);
                i += n;
                switch (cp) {
                    case '"':
                        out += "\\\"";
                        continue;
                    case '\\':
                        out += "\\\\";
                        continue;
                    case '\n':
                        out += "\\n";
                        continue;
                    case '\r':
                        out += "\\r";
                        continue;
                    case '\t':
                        out += "\\t";
                        continue;
                    case '\b':
                        out += "\\b";
                        continue;
                    case '\f':
                        out += "\\f";
                        continue;
                    default:
                        break;
                }
                if (cp >= 0x20 && cp <= 0x7e) {
                    out += static_cast<char>(cp);
                } else if (cp < 0x10000) {
                    escape_unit(cp);
                } else {
                    const std::uint32_t x = cp - 0x10000;
                    escape_unit(0xd800 + (x >> 10));
                    escape_unit(0xdc00 + (x & 0x3ffu));
                }
            }
            out += '"';
            return true;
        }
        case json::value_t::array: {
            out += '[';
            bool first = true;
            for (const auto& e : v) {
                if (!first) out += ", ";
                first = false;
                if (!python_dumps(e, out)) return false;
            }
            out += ']';
            return true;
        }
        case json::value_t::object: {
            // nlohmann keeps object keys in std::map byte order, which for UTF-8 is Python's code point order.
            out += '{';
            bool first = true;
            for (auto it = v.begin(); it != v.end(); ++it) {
                if (!first) out += ", ";
                first = false;
                if (!python_dumps(json(it.key()), out)) return false;
                out += ": ";
                if (!python_dumps(it.value(), out)) return false;
            }
            out += '}';
            return true;
        }
        default:
            return false;
    }
}

// The signed output text of choices[0]: message.content, or text for /v1/completions, or for a tool-call answer
// json.dumps(tool_calls, sort_keys=True) when that reproduces tee_output_hash exactly (otherwise we cannot know
// the signed bytes, and an output that does not hash right would turn "unknown" into a false mismatch).
std::optional<std::string> og_output(const json& body, const std::string& base,
                                     const std::optional<Hash32>& output_hash) {
    const json* choices = member_not_null(body, "choices");
    if (choices == nullptr) return std::nullopt;
    const std::string choices_path = join(base, "choices");
    if (!choices->is_array()) fail(choices_path, std::string{"expected an array, got "} + choices->type_name());
    if (choices->empty()) return std::nullopt;
    const std::string c0_path = index_path(choices_path, 0);
    const json& c0 = get_object((*choices)[0], c0_path);
    const json* finish = member_not_null(c0, "finish_reason");
    const bool tool_calls =
        finish != nullptr && finish->is_string() && finish->get_ref<const std::string&>() == "tool_calls";
    const json* message = member_not_null(c0, "message");
    if (message != nullptr) {
        const json& m = get_object(*message, join(c0_path, "message"));
        if (tool_calls) {
            const json* calls = member_not_null(m, "tool_calls");
            std::string text;
            if (calls == nullptr || !output_hash || !python_dumps(*calls, text)) return std::nullopt;
            if (keccak256(to_view(text)) != *output_hash) return std::nullopt;
            return text;
        }
        const json* content = member_not_null(m, "content");
        if (content != nullptr && content->is_string())
            return read_text(*content, join(join(c0_path, "message"), "content"));
        return std::nullopt;
    }
    if (tool_calls) return std::nullopt;
    const json* text = member_not_null(c0, "text");
    if (text != nullptr && text->is_string()) return read_text(*text, join(c0_path, "text"));
    return std::nullopt;
}

std::uint64_t read_sdk_timestamp(const json& v, const std::string& path) {
    if (v.is_string()) {
        const std::string& s = v.get_ref<const std::string&>();
        if (!s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }))
            return read_u64(v, path);
        const auto t = parse_iso8601_utc(s);
        if (!t) fail(path, "neither unix seconds nor a strict ISO-8601 UTC date-time (YYYY-MM-DDTHH:MM:SSZ)");
        return *t;
    }
    return read_u64(v, path);
}

// SDK values come from HTTP headers and Python None; an empty string is how older SDKs wrote "none".
const json* sdk_member(const json& obj, std::string_view key) {
    const json* v = member_not_null(obj, key);
    if (v != nullptr && v->is_string() && v->get_ref<const std::string&>().empty()) return nullptr;
    return v;
}

}  // namespace

CallReceipt read_og_body(const json& top) {
    CallReceipt r;
    r.source = ReceiptSource::kOpenGradientBody;
    MissingList missing;
    const json* body = &top;
    std::string base;
    if (member(top, "body") != nullptr) {
        // The countersign envelope: what the gateway knows besides the body, in receipt v1 form.
        check_keys(top, "", {"request_id", "request", "payment", "settlement", "body"});
        const MissingRule strict;
        if (const json* f = member_not_null(top, "request_id")) {
            r.request_id = read_request_id(*f, "request_id");
        } else {
            missing.add("request_id");
        }
        if (const json* f = member_not_null(top, "request")) {
            r.request = read_text(*f, "request");
        } else {
            missing.add("request");
        }
        if (const json* f = member_not_null(top, "payment")) {
            r.payment = read_payment(*f, strict);
            if (!r.payment->authorization) missing.add("payment.authorization");
        } else {
            missing.add("payment");
        }
        if (const json* f = member_not_null(top, "settlement")) {
            r.settlement = read_settlement(*f, strict);
            if (!r.settlement->contract) missing.add("settlement.contract");
            if (!r.settlement->tx_hash && r.settlement->mode != SettlementMode::kPrivate)
                missing.add("settlement.tx_hash");
            if (!r.settlement->walrus_blob_id) missing.add("settlement.walrus_blob_id");
        } else {
            missing.add("settlement");
        }
        base = "body";
        body = &get_object(top.at("body"), base);
    } else {
        missing.add("request_id");
        missing.add("request");
        missing.add("payment");
        missing.add("settlement");
    }
    const auto at = [&](std::string_view key) { return join(base, key); };
    if (const json* f = member_not_null(*body, "tee_id")) {
        r.tee.tee_id = read_fixed<32>(*f, at("tee_id"), false);
    } else {
        missing.add("tee.tee_id");
    }
    if (const json* f = member_not_null(*body, "tee_request_hash")) {
        r.tee.request_hash = read_fixed<32>(*f, at("tee_request_hash"), false);
    } else {
        missing.add("tee.request_hash");
    }
    std::optional<Hash32> output_hash;
    if (const json* f = member_not_null(*body, "tee_output_hash")) {
        output_hash = read_fixed<32>(*f, at("tee_output_hash"), false);
        r.tee.output_hash = *output_hash;
    } else {
        missing.add("tee.output_hash");
    }
    if (const json* f = member_not_null(*body, "tee_timestamp")) {
        r.tee.timestamp = read_u64(*f, at("tee_timestamp"));
    } else {
        missing.add("tee.timestamp");
    }
    if (const json* f = member_not_null(*body, "tee_signature")) {
        r.tee.signature = read_base64(*f, at("tee_signature"), kMaxTeeSignatureBytes);
    } else {
        missing.add("tee.signature");
    }
    missing.add("tee.public_key");
    r.output = og_output(*body, base, output_hash);
    if (!r.output) missing.add("output");
    r.missing = missing.canonical();
    return r;
}

CallReceipt read_og_sdk(const json& doc) {
    CallReceipt r;
    r.source = ReceiptSource::kOpenGradientSdk;
    MissingList missing;
    missing.add("request_id");
    missing.add("request");
    missing.add("tee.request_hash");  // the SDK drops tee_request_hash / tee_output_hash from the body
    missing.add("tee.output_hash");
    missing.add("tee.public_key");
    if (const json* f = sdk_member(doc, "tee_id")) {
        r.tee.tee_id = read_fixed<32>(*f, "tee_id", false);
    } else {
        missing.add("tee.tee_id");
    }
    if (const json* f = sdk_member(doc, "tee_timestamp")) {
        r.tee.timestamp = read_sdk_timestamp(*f, "tee_timestamp");
    } else {
        missing.add("tee.timestamp");
    }
    if (const json* f = sdk_member(doc, "tee_signature")) {
        r.tee.signature = read_base64(*f, "tee_signature", kMaxTeeSignatureBytes);
    } else {
        missing.add("tee.signature");
    }

    const json* chat = member_not_null(doc, "chat_output");
    const json* completion = member_not_null(doc, "completion_output");
    if (chat != nullptr && completion != nullptr) fail("", "has both chat_output and completion_output");
    const json* finish = member_not_null(doc, "finish_reason");
    const bool tool_calls =
        finish != nullptr && finish->is_string() && finish->get_ref<const std::string&>() == "tool_calls";
    // A tool-call answer was signed as json.dumps(tool_calls); without tee_output_hash we cannot confirm that
    // re-serialising reproduces those bytes, so it stays missing.
    if (!tool_calls && chat != nullptr) {
        const json& c = get_object(*chat, "chat_output");
        const json* content = member_not_null(c, "content");
        if (content != nullptr && content->is_string()) r.output = read_text(*content, "chat_output.content");
    } else if (!tool_calls && completion != nullptr) {
        r.output = read_text(*completion, "completion_output");
    }
    if (!r.output) missing.add("output");

    const json* payment_hash = sdk_member(doc, "payment_hash");
    const json* pay_to = sdk_member(doc, "tee_payment_address");
    if (payment_hash != nullptr || pay_to != nullptr) {
        ReceiptPayment p;
        for (std::string_view f : {"payment.network", "payment.scheme", "payment.asset", "payment.payer",
                                   "payment.amount", "payment.authorization"})
            missing.add(f);
        if (payment_hash != nullptr) {
            p.payment_hash = read_fixed<32>(*payment_hash, "payment_hash", false);
        } else {
            missing.add("payment.payment_hash");
        }
        if (pay_to != nullptr) {
            p.pay_to = read_address(*pay_to, "tee_payment_address", false);
        } else {
            missing.add("payment.pay_to");
        }
        r.payment = p;
    } else {
        missing.add("payment");
    }

    const json* tx_hash = sdk_member(doc, "data_settlement_transaction_hash");
    const json* blob = sdk_member(doc, "data_settlement_blob_id");
    std::optional<Bytes> blob_bytes;
    // Walrus blob ids are usually written as base64url text; which bytes the relay's `bytes walrusBlobId` holds
    // for such text is not documented, so only an explicit 0x-hex value is taken.
    if (blob != nullptr) {
        const std::string& s = get_string(*blob, "data_settlement_blob_id");
        if (s.rfind("0x", 0) == 0) {
            Bytes b = read_hex(*blob, "data_settlement_blob_id", true);
            if (b.size() > kMaxWalrusBlobIdBytes)
                fail("data_settlement_blob_id", "longer than " + std::to_string(kMaxWalrusBlobIdBytes) + " bytes");
            blob_bytes = std::move(b);
        }
    }
    if (tx_hash != nullptr || blob_bytes) {
        ReceiptSettlement s;
        missing.add("settlement.network");
        missing.add("settlement.mode");
        missing.add("settlement.contract");
        if (tx_hash != nullptr) {
            s.tx_hash = read_fixed<32>(*tx_hash, "data_settlement_transaction_hash", false);
        } else {
            missing.add("settlement.tx_hash");
        }
        if (blob_bytes) {
            s.walrus_blob_id = std::move(blob_bytes);
        } else {
            missing.add("settlement.walrus_blob_id");
        }
        r.settlement = std::move(s);
    } else {
        missing.add("settlement");
    }
    r.missing = missing.canonical();
    return r;
}

}  // namespace countersign::chain::call_receipt_json
