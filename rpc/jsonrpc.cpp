// SPDX-License-Identifier: Apache-2.0
#include "rpc/jsonrpc.hpp"

#include <limits>
#include <map>

namespace countersign::rpc {
namespace {

RpcError make_error(RpcErrorKind kind, std::string message) {
    RpcError e;
    e.kind = kind;
    e.message = std::move(message);
    return e;
}

Expected<json, RpcError> make_request_object(std::uint64_t id, std::string_view method, const json& params) {
    if (!params.is_null() && !params.is_array() && !params.is_object())
        return unexpected(make_error(RpcErrorKind::kInvalidRequest, "params must be an array or an object"));
    json request = json::object();
    request["jsonrpc"] = "2.0";
    request["id"] = id;
    request["method"] = std::string(method);
    request["params"] = params.is_null() ? json::array() : params;
    return request;
}

Expected<std::string, RpcError> dump_strict(const json& value) {
    try {
        return value.dump();
    } catch (const json::exception& e) {  // invalid UTF-8 in a string
        return unexpected(make_error(RpcErrorKind::kInvalidRequest, sanitize_text(e.what())));
    }
}

RpcError from_parse_error(JsonParseError e, std::string_view body, std::size_t max_depth) {
    if (e == JsonParseError::kTooDeep)
        return make_error(RpcErrorKind::kJsonTooDeep, "nesting deeper than " + std::to_string(max_depth));
    return make_error(RpcErrorKind::kInvalidJson, "body is not JSON: \"" + sanitize_text(body, 120) + "\"");
}

// The error member of a response, validated. Returns the kRpcError value, or kInvalidResponse.
RpcError rpc_error_from(const json& error) {
    if (!error.is_object()) return make_error(RpcErrorKind::kInvalidResponse, "\"error\" is not an object");
    const auto code = error.find("code");
    const auto message = error.find("message");
    if (code == error.end() || !code->is_number_integer())
        return make_error(RpcErrorKind::kInvalidResponse, "error \"code\" is missing or not an integer");
    if (code->is_number_unsigned() &&
        code->get<std::uint64_t>() > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
        return make_error(RpcErrorKind::kInvalidResponse, "error \"code\" out of range");
    if (message == error.end() || !message->is_string())
        return make_error(RpcErrorKind::kInvalidResponse, "error \"message\" is missing or not a string");
    RpcError e = make_error(RpcErrorKind::kRpcError, sanitize_text(message->get_ref<const std::string&>()));
    e.code = code->get<std::int64_t>();
    if (const auto data = error.find("data"); data != error.end()) e.data = *data;
    return e;
}

// Checks the envelope except the id.
Expected<void, RpcError> check_envelope(const json& response) {
    if (!response.is_object()) return unexpected(make_error(RpcErrorKind::kInvalidResponse, "response is not an object"));
    const auto version = response.find("jsonrpc");
    if (version == response.end() || !version->is_string() || version->get_ref<const std::string&>() != "2.0")
        return unexpected(make_error(RpcErrorKind::kInvalidResponse, "\"jsonrpc\" is not \"2.0\""));
    if (response.find("id") == response.end())
        return unexpected(make_error(RpcErrorKind::kInvalidResponse, "response has no \"id\""));
    const bool has_result = response.contains("result");
    const bool has_error = response.contains("error");
    if (has_result == has_error)
        return unexpected(make_error(RpcErrorKind::kInvalidResponse, has_result ? "both \"result\" and \"error\""
                                                                                : "neither \"result\" nor \"error\""));
    return {};
}

CallResult result_of(const json& response) {
    if (const auto error = response.find("error"); error != response.end()) return unexpected(rpc_error_from(*error));
    return response.at("result");
}

std::string id_text(const json& id) { return sanitize_text(id.dump(), 40); }

}  // namespace

Expected<std::string, RpcError> encode_request(std::uint64_t id, std::string_view method, const json& params) {
    auto request = make_request_object(id, method, params);
    if (!request) return unexpected(request.error());
    return dump_strict(*request);
}

Expected<std::string, RpcError> encode_batch(std::uint64_t first_id, std::span<const Call> calls) {
    json batch = json::array();
    for (std::size_t i = 0; i < calls.size(); ++i) {
        auto request = make_request_object(first_id + i, calls[i].method, calls[i].params);
        if (!request) return unexpected(request.error());
        batch.push_back(std::move(*request));
    }
    return dump_strict(batch);
}

CallResult interpret_response(const json& response, const json& expected_id) noexcept {
    try {
        if (auto ok = check_envelope(response); !ok) return unexpected(ok.error());
        const json& id = response.at("id");
        const bool same_type = (id.is_number_integer() && expected_id.is_number_integer()) ||
                               (id.is_string() && expected_id.is_string());
        if (!same_type || id != expected_id) {
            // A server that could not read the request answers with id null and an error; that is its answer.
            if (id.is_null() && response.contains("error")) return result_of(response);
            return unexpected(make_error(RpcErrorKind::kIdMismatch,
                                         "expected id " + id_text(expected_id) + ", got " + id_text(id)));
        }
        return result_of(response);
    } catch (...) {
        return unexpected(make_error(RpcErrorKind::kInvalidResponse, "internal error while reading the response"));
    }
}

CallResult decode_response(std::string_view body, std::uint64_t id, const ResponseLimits& limits) noexcept {
    try {
        auto parsed = parse_json_bounded(body, limits.max_json_depth);
        if (!parsed) return unexpected(from_parse_error(parsed.error(), body, limits.max_json_depth));
        if (parsed->is_array())
            return unexpected(make_error(RpcErrorKind::kInvalidResponse, "array response to a single request"));
        return interpret_response(*parsed, json(id));
    } catch (...) {
        return unexpected(make_error(RpcErrorKind::kInvalidResponse, "internal error while reading the response"));
    }
}

BatchResult decode_batch_response(std::string_view body, std::span<const std::uint64_t> ids,
                                  const ResponseLimits& limits) noexcept {
    try {
        auto parsed = parse_json_bounded(body, limits.max_json_depth);
        if (!parsed) return unexpected(from_parse_error(parsed.error(), body, limits.max_json_depth));
        if (parsed->is_object()) {
            // A node that rejects the whole batch (too large, not supported) answers with one error object.
            if (auto ok = check_envelope(*parsed); ok && parsed->at("id").is_null() && parsed->contains("error"))
                return unexpected(rpc_error_from(parsed->at("error")));
            return unexpected(make_error(RpcErrorKind::kBatchMismatch, "batch answered with a single object"));
        }
        if (!parsed->is_array()) return unexpected(make_error(RpcErrorKind::kBatchMismatch, "batch answer is not an array"));

        std::map<std::uint64_t, std::size_t> index;  // id -> request position
        for (std::size_t i = 0; i < ids.size(); ++i) {
            if (!index.emplace(ids[i], i).second)
                return unexpected(make_error(RpcErrorKind::kBatchMismatch, "duplicate id in the request"));
        }
        std::vector<const json*> by_position(ids.size(), nullptr);
        for (const json& element : *parsed) {
            if (auto ok = check_envelope(element); !ok) {
                RpcError e = ok.error();
                e.kind = RpcErrorKind::kBatchMismatch;
                e.message = "batch element: " + e.message;
                return unexpected(std::move(e));
            }
            const json& id = element.at("id");
            if (!id.is_number_integer() || (!id.is_number_unsigned() && id.get<std::int64_t>() < 0)) {
                std::string detail = "batch element with id " + id_text(id);
                if (element.contains("error")) detail += ": " + rpc_error_from(element.at("error")).message;
                return unexpected(make_error(RpcErrorKind::kBatchMismatch, std::move(detail)));
            }
            const auto found = index.find(id.get<std::uint64_t>());
            if (found == index.end())
                return unexpected(make_error(RpcErrorKind::kBatchMismatch, "unexpected id " + id_text(id)));
            if (by_position[found->second] != nullptr)
                return unexpected(make_error(RpcErrorKind::kBatchMismatch, "duplicate id " + id_text(id)));
            by_position[found->second] = &element;
        }
        std::vector<CallResult> results;
        results.reserve(ids.size());
        for (std::size_t i = 0; i < ids.size(); ++i) {
            if (by_position[i] == nullptr)
                return unexpected(make_error(RpcErrorKind::kBatchMismatch, "missing id " + std::to_string(ids[i])));
            results.push_back(result_of(*by_position[i]));
        }
        return results;
    } catch (...) {
        return unexpected(make_error(RpcErrorKind::kInvalidResponse, "internal error while reading the response"));
    }
}

void label(RpcError& error, std::string_view provider, std::string_view method) {
    if (error.provider.empty()) error.provider = std::string(provider);
    if (error.method.empty()) error.method = std::string(method);
}

std::string batch_label(std::span<const Call> calls) {
    constexpr std::size_t kShown = 4;
    std::string out = "batch[";
    for (std::size_t i = 0; i < calls.size() && i < kShown; ++i) {
        if (i > 0) out += ',';
        out += sanitize_text(calls[i].method, 60);
    }
    if (calls.size() > kShown) out += ",+" + std::to_string(calls.size() - kShown) + " more";
    out += ']';
    return out;
}

}  // namespace countersign::rpc
