// SPDX-License-Identifier: Apache-2.0
#include "rpc/recorded_provider.hpp"

#include <fstream>
#include <iterator>
#include <optional>

namespace countersign::rpc {
namespace {

const json kEmptyParams = json::array();

const json& params_or_empty(const json& request) {
    const auto p = request.find("params");
    return p == request.end() || p->is_null() ? kEmptyParams : *p;
}

Expected<void, std::string> check_request(const json& request) {
    if (!request.is_object()) return unexpected(std::string("request is not an object"));
    const auto method = request.find("method");
    if (method == request.end() || !method->is_string()) return unexpected(std::string("request has no method"));
    if (request.find("id") == request.end()) return unexpected(std::string("request has no id"));
    return {};
}

RecordedExchange make_exchange(const json& request, json response, std::size_t line) {
    return RecordedExchange{request.at("method").get<std::string>(), params_or_empty(request), request.at("id"),
                            std::move(response), line};
}

Expected<void, std::string> add_pair(std::vector<RecordedExchange>& out, const json& request, json response,
                                     std::size_t line) {
    if (!request.is_array()) {
        if (auto ok = check_request(request); !ok) return ok;
        out.push_back(make_exchange(request, std::move(response), line));
        return {};
    }
    if (!response.is_array()) return unexpected(std::string("batch request answered by a non-array"));
    std::vector<bool> taken(response.size(), false);
    for (const json& call : request) {
        if (auto ok = check_request(call); !ok) return ok;
        bool found = false;
        for (std::size_t i = 0; i < response.size() && !found; ++i) {
            const auto id = response[i].is_object() ? response[i].find("id") : response[i].end();
            if (!taken[i] && response[i].is_object() && id != response[i].end() && *id == call.at("id")) {
                taken[i] = true;
                found = true;
                out.push_back(make_exchange(call, response[i], line));
            }
        }
        if (!found) return unexpected("batch response has no element for id " + call.at("id").dump());
    }
    return {};
}

RecordParseError parse_error(std::size_t line, std::string message) { return {line, std::move(message)}; }

RpcError make_error(RpcErrorKind kind, std::string message, const std::string& provider, std::string_view method) {
    RpcError e;
    e.kind = kind;
    e.message = std::move(message);
    e.provider = provider;
    e.method = std::string(method);
    return e;
}

}  // namespace

std::string RecordParseError::to_string() const {
    return line == 0 ? message : "line " + std::to_string(line) + ": " + message;
}

Expected<std::vector<RecordedExchange>, RecordParseError> parse_recorded(std::string_view text) noexcept {
    try {
        if (text.size() > kMaxRecordedFileBytes) return unexpected(parse_error(0, "file too large"));
        std::vector<RecordedExchange> out;
        std::optional<json> pending;  // a request waiting for its response
        std::size_t pending_line = 0;
        std::size_t line_no = 0;
        std::size_t pos = 0;
        while (pos < text.size()) {
            std::size_t end = text.find('\n', pos);
            if (end == std::string_view::npos) end = text.size();
            std::string_view line = text.substr(pos, end - pos);
            pos = end + 1;
            ++line_no;
            if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
            if (line.empty() || line.substr(0, 2) == "//") continue;
            const std::string_view tag = line.substr(0, 2);
            if (tag != ">>" && tag != "<<") return unexpected(parse_error(line_no, "expected //, >> or <<"));
            auto value = parse_json_bounded(line.substr(2));
            if (!value) {
                return unexpected(parse_error(line_no, value.error() == JsonParseError::kTooDeep ? "JSON nested too deep"
                                                                                                 : "invalid JSON"));
            }
            if (tag == ">>") {
                if (pending) return unexpected(parse_error(line_no, "request without a response before it"));
                pending = std::move(*value);
                pending_line = line_no;
                continue;
            }
            if (!pending) return unexpected(parse_error(line_no, "response without a request"));
            if (auto ok = add_pair(out, *pending, std::move(*value), pending_line); !ok)
                return unexpected(parse_error(pending_line, ok.error()));
            pending.reset();
        }
        if (pending) return unexpected(parse_error(pending_line, "request without a response"));
        return out;
    } catch (...) {
        return unexpected(parse_error(0, "internal error while reading the file"));
    }
}

RecordedProvider::RecordedProvider(std::string name, std::vector<RecordedExchange> exchanges)
    : name_("recorded:" + std::move(name)), exchanges_(std::move(exchanges)), used_(exchanges_.size(), false) {}

Expected<RecordedProvider, RecordParseError> RecordedProvider::from_text(std::string name, std::string_view text) {
    auto exchanges = parse_recorded(text);
    if (!exchanges) return unexpected(exchanges.error());
    return RecordedProvider(std::move(name), std::move(*exchanges));
}

Expected<RecordedProvider, RecordParseError> RecordedProvider::from_files(
    std::string name, const std::vector<std::filesystem::path>& files) {
    std::vector<RecordedExchange> all;
    for (const auto& file : files) {
        std::error_code ec;
        const auto size = std::filesystem::file_size(file, ec);
        if (ec) return unexpected(RecordParseError{0, file.string() + ": " + ec.message()});
        if (size > kMaxRecordedFileBytes) return unexpected(RecordParseError{0, file.string() + ": file too large"});
        std::ifstream in(file, std::ios::binary);
        std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        if (!in && !in.eof()) return unexpected(RecordParseError{0, file.string() + ": cannot read"});
        auto exchanges = parse_recorded(text);
        if (!exchanges) {
            RecordParseError e = exchanges.error();
            e.message = file.string() + ": " + e.message;
            return unexpected(std::move(e));
        }
        for (auto& x : *exchanges) all.push_back(std::move(x));
    }
    return RecordedProvider(std::move(name), std::move(all));
}

CallResult RecordedProvider::call(std::string_view method, const json& params) {
    const json& wanted = params.is_null() ? kEmptyParams : params;
    std::size_t last = exchanges_.size();
    std::size_t chosen = exchanges_.size();
    for (std::size_t i = 0; i < exchanges_.size(); ++i) {
        if (exchanges_[i].method != method || exchanges_[i].params != wanted) continue;
        last = i;
        if (!used_[i]) {
            chosen = i;
            break;
        }
    }
    if (chosen == exchanges_.size()) chosen = last;
    if (chosen == exchanges_.size()) {
        return unexpected(make_error(RpcErrorKind::kNotRecorded, "no recorded request with params " +
                                                                     sanitize_text(wanted.dump(), 200),
                                     name_, method));
    }
    used_[chosen] = true;
    ++replayed_;
    CallResult result = interpret_response(exchanges_[chosen].response, exchanges_[chosen].id);
    if (!result) {
        RpcError e = result.error();
        label(e, name_, method);
        if (e.kind != RpcErrorKind::kRpcError)
            e.message.append(" (recorded at line ").append(std::to_string(exchanges_[chosen].line)).append(")");
        return unexpected(std::move(e));
    }
    return result;
}

BatchResult RecordedProvider::batch(std::span<const Call> calls) {
    std::vector<CallResult> results;
    results.reserve(calls.size());
    for (const Call& c : calls) {
        CallResult r = call(c.method, c.params);
        // A call nobody recorded is like a lost batch: no answer at all, so the whole batch fails.
        if (!r && r.error().kind != RpcErrorKind::kRpcError) return unexpected(r.error());
        results.push_back(std::move(r));
    }
    return results;
}

void RecordingProvider::record(std::string_view method, const json& params, const CallResult& result) {
    if (!result && result.error().kind != RpcErrorKind::kRpcError) return;
    const std::uint64_t id = next_id_++;
    json request = {{"jsonrpc", "2.0"}, {"id", id}, {"method", std::string(method)},
                    {"params", params.is_null() ? json::array() : params}};
    json response = {{"jsonrpc", "2.0"}, {"id", id}};
    if (result) {
        response["result"] = *result;
    } else {
        json error = {{"code", result.error().code}, {"message", result.error().message}};
        if (!result.error().data.is_null()) error["data"] = result.error().data;
        response["error"] = std::move(error);
    }
    lines_.push_back(">> " + request.dump(-1, ' ', false, json::error_handler_t::replace));
    lines_.push_back("<< " + response.dump(-1, ' ', false, json::error_handler_t::replace));
}

CallResult RecordingProvider::call(std::string_view method, const json& params) {
    CallResult result = inner_.call(method, params);
    record(method, params, result);
    return result;
}

BatchResult RecordingProvider::batch(std::span<const Call> calls) {
    BatchResult result = inner_.batch(calls);
    if (!result) return result;
    for (std::size_t i = 0; i < calls.size() && i < result->size(); ++i)
        record(calls[i].method, calls[i].params, (*result)[i]);
    return result;
}

std::string RecordingProvider::to_io() const {
    std::string out = "// recorded by countersign from " + inner_.name() + "\n";
    for (const auto& line : lines_) out += line + "\n";
    return out;
}

}  // namespace countersign::rpc
