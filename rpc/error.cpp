// SPDX-License-Identifier: Apache-2.0
#include "rpc/error.hpp"

namespace countersign::rpc {

std::string_view to_string(RpcErrorKind kind) noexcept {
    switch (kind) {
        case RpcErrorKind::kInvalidUrl: return "invalid url";
        case RpcErrorKind::kInvalidRequest: return "invalid request";
        case RpcErrorKind::kResolve: return "resolve failed";
        case RpcErrorKind::kConnect: return "connect failed";
        case RpcErrorKind::kTls: return "tls failed";
        case RpcErrorKind::kTimeout: return "timeout";
        case RpcErrorKind::kSend: return "send failed";
        case RpcErrorKind::kReceive: return "receive failed";
        case RpcErrorKind::kBodyTooLarge: return "response body too large";
        case RpcErrorKind::kBadHttp: return "malformed http response";
        case RpcErrorKind::kHttpStatus: return "http error status";
        case RpcErrorKind::kInvalidJson: return "invalid json";
        case RpcErrorKind::kJsonTooDeep: return "json nested too deep";
        case RpcErrorKind::kInvalidResponse: return "invalid json-rpc response";
        case RpcErrorKind::kIdMismatch: return "response id mismatch";
        case RpcErrorKind::kBatchMismatch: return "batch response mismatch";
        case RpcErrorKind::kRpcError: return "json-rpc error";
        case RpcErrorKind::kNotRecorded: return "no recorded response";
    }
    return "unknown";
}

bool is_transport_failure(RpcErrorKind kind) noexcept {
    switch (kind) {
        case RpcErrorKind::kResolve:
        case RpcErrorKind::kConnect:
        case RpcErrorKind::kTimeout:
        case RpcErrorKind::kSend:
        case RpcErrorKind::kReceive:
            return true;
        default:
            return false;
    }
}

std::string sanitize_text(std::string_view text, std::size_t max_chars) {
    std::string out;
    const bool cut = text.size() > max_chars;
    if (cut) text = text.substr(0, max_chars);
    out.reserve(text.size() + 3);
    for (char c : text) {
        const auto u = static_cast<unsigned char>(c);
        // Bytes >= 0x80 pass (UTF-8 text); C0 controls and DEL could drive a terminal.
        out.push_back(u < 0x20 || u == 0x7f ? '?' : c);
    }
    if (cut) out += "...";
    return out;
}

std::string RpcError::to_string() const {
    std::string out = method.empty() ? std::string("request") : method;
    out += " on ";
    out += provider.empty() ? std::string("(no provider)") : provider;
    out += ": ";
    out += rpc::to_string(kind);
    if (kind == RpcErrorKind::kRpcError) out.append(" ").append(std::to_string(code));
    if (kind == RpcErrorKind::kHttpStatus) out.append(" ").append(std::to_string(http_status));
    if (!message.empty()) out += ": " + message;
    if (attempts > 1) out.append(" (").append(std::to_string(attempts)).append(" attempts)");
    return out;
}

}  // namespace countersign::rpc
