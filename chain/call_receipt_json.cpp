// SPDX-License-Identifier: Apache-2.0
// Entry point of receipt JSON reading: the size and structure pre-pass, then shape detection hands the document
// to the receipt v1 reader (call_receipt_read_v1.cpp) or an OpenGradient reader
// (call_receipt_read_opengradient.cpp). The writer is call_receipt_write.cpp.
#include "chain/call_receipt_json.hpp"

#include <algorithm>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "chain/call_receipt_json_fields.hpp"
#include "chain/call_receipt_read_opengradient.hpp"
#include "chain/call_receipt_read_v1.hpp"

namespace countersign::chain {
namespace {

using call_receipt_json::fail;
using call_receipt_json::index_path;
using call_receipt_json::join;
using call_receipt_json::json;
using call_receipt_json::kFieldPaths;
using call_receipt_json::member;
using call_receipt_json::ParseFailure;
using call_receipt_json::read_og_body;
using call_receipt_json::read_og_sdk;
using call_receipt_json::read_v1;

// ---- structure pass: duplicate keys and nesting depth, which nlohmann's DOM cannot report -------------------

class StructureCheck final : public nlohmann::json_sax<json> {
public:
    std::optional<ReceiptParseError> error;

    bool null() override { return scalar(); }
    bool boolean(bool) override { return scalar(); }
    bool number_integer(number_integer_t) override { return scalar(); }
    bool number_unsigned(number_unsigned_t) override { return scalar(); }
    bool number_float(number_float_t, const string_t&) override { return scalar(); }
    bool string(string_t&) override { return scalar(); }
    bool binary(binary_t&) override { return scalar(); }
    bool start_object(std::size_t) override { return open(true); }
    bool start_array(std::size_t) override { return open(false); }
    bool end_object() override { return close(); }
    bool end_array() override { return close(); }
    bool key(string_t& k) override {
        Frame& f = stack_.back();
        if (!f.keys.insert(k).second) {
            error = ReceiptParseError{join(f.path, k), "duplicate key (a JSON reader would keep only one of them)"};
            return false;
        }
        f.key = k;
        return true;
    }
    bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& e) override {
        error = ReceiptParseError{"", "invalid JSON near byte " + std::to_string(position) + ": " + e.what()};
        return false;
    }

private:
    struct Frame {
        bool object;
        std::string path;
        std::set<std::string, std::less<>> keys;
        std::string key;
        std::size_t index{0};
    };

    std::string child_path() {
        if (stack_.empty()) return {};
        Frame& f = stack_.back();
        if (f.object) return join(f.path, f.key);
        return index_path(f.path, f.index++);
    }
    bool scalar() {
        if (!stack_.empty() && !stack_.back().object) ++stack_.back().index;
        return true;
    }
    bool open(bool object) {
        std::string path = child_path();
        if (stack_.size() >= kMaxReceiptJsonDepth) {
            error = ReceiptParseError{path, "nested deeper than " + std::to_string(kMaxReceiptJsonDepth) + " levels"};
            return false;
        }
        stack_.push_back(Frame{object, std::move(path), {}, {}, 0});
        return true;
    }
    bool close() {
        stack_.pop_back();
        return true;
    }

    std::vector<Frame> stack_;
};

// ---- shape detection -----------------------------------------------------------------------------------------

bool has_any(const json& doc, std::initializer_list<std::string_view> keys) {
    return std::any_of(keys.begin(), keys.end(), [&](std::string_view k) { return member(doc, k) != nullptr; });
}

CallReceipt read_document(const json& doc) {
    if (!doc.is_object()) fail("", std::string{"a receipt is a JSON object, got "} + doc.type_name());
    if (member(doc, "format") != nullptr) return read_v1(doc);
    if (member(doc, "body") != nullptr) return read_og_body(doc);
    const bool og = has_any(doc, {"tee_request_hash", "tee_output_hash", "choices"});
    const bool sdk =
        has_any(doc, {"chat_output", "completion_output", "payment_hash", "data_settlement_transaction_hash",
                      "data_settlement_blob_id", "tee_payment_address", "tee_endpoint"});
    if (og && sdk) fail("", "ambiguous: has both OpenGradient gateway-body fields and SDK TextGenerationOutput fields");
    if (og) return read_og_body(doc);
    if (sdk) return read_og_sdk(doc);
    fail("", "not a receipt: no \"format\", and neither an OpenGradient gateway response body nor SDK output");
}

}  // namespace

std::span<const std::string_view> receipt_field_paths() noexcept {
    return kFieldPaths;
}

Expected<CallReceipt, ReceiptParseError> parse_call_receipt(std::string_view text) noexcept {
    try {
        if (text.size() > kMaxReceiptJsonBytes)
            return unexpected(
                ReceiptParseError{"", "document larger than " + std::to_string(kMaxReceiptJsonBytes) + " bytes"});
        StructureCheck check;
        const bool ok = json::sax_parse(text.begin(), text.end(), &check, json::input_format_t::json, true);
        if (!ok || check.error) {
            if (check.error) return unexpected(std::move(*check.error));
            return unexpected(ReceiptParseError{"", "invalid JSON"});
        }
        const json doc = json::parse(text.begin(), text.end(), nullptr, false);
        if (doc.is_discarded()) return unexpected(ReceiptParseError{"", "invalid JSON"});
        return read_document(doc);
    } catch (ParseFailure& f) {
        return unexpected(std::move(f.error));
    } catch (const std::bad_alloc&) {
        return unexpected(ReceiptParseError{"", "out of memory"});
    } catch (const std::exception& e) {
        return unexpected(ReceiptParseError{"", std::string{"malformed receipt: "} + e.what()});
    } catch (...) {
        return unexpected(ReceiptParseError{"", "malformed receipt"});
    }
}

}  // namespace countersign::chain
