// SPDX-License-Identifier: Apache-2.0
#pragma once
// Every RPC failure is a value that says which provider (URL without credentials), which method and what
// went wrong. Nothing here is trusted: a node's error message is sanitised before it can reach a terminal.

#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace countersign::rpc {

enum class RpcErrorKind {
    kInvalidUrl,        // the provider URL does not parse
    kInvalidRequest,    // the request cannot be encoded (e.g. params with invalid UTF-8)
    kResolve,           // host name lookup failed
    kConnect,           // TCP connect failed (refused, unreachable)
    kTls,               // TLS setup, handshake or certificate/host-name verification failed
    kTimeout,           // connect, read or total timeout
    kSend,              // the connection failed while sending the request
    kReceive,           // the connection failed or closed before the whole response arrived
    kBodyTooLarge,      // response body larger than the configured cap
    kBadHttp,           // malformed HTTP response (or header over its cap)
    kHttpStatus,        // HTTP status other than 200
    kInvalidJson,       // the body is not JSON
    kJsonTooDeep,       // JSON nesting deeper than the configured cap
    kInvalidResponse,   // JSON, but not a JSON-RPC 2.0 response object
    kIdMismatch,        // the response id is not the request id
    kBatchMismatch,     // batch: missing, duplicate or extra ids, or not an array
    kRpcError,          // the node answered with a JSON-RPC error object
    kNotRecorded,       // recorded provider: no recorded exchange matches the request
};

std::string_view to_string(RpcErrorKind kind) noexcept;

// Failures that happened before any response byte arrived; only these are retried.
bool is_transport_failure(RpcErrorKind kind) noexcept;

struct RpcError {
    RpcErrorKind kind{RpcErrorKind::kInvalidResponse};
    std::string message;     // what went wrong, sanitised, at most a few hundred characters
    std::string provider;    // redacted URL or "recorded:<name>"
    std::string method;      // JSON-RPC method, or "batch[m1,m2,...]"
    std::int64_t code{0};    // JSON-RPC error code (kRpcError)
    nlohmann::json data;     // JSON-RPC error data (kRpcError), e.g. revert bytes; null when absent
    unsigned http_status{0}; // kHttpStatus
    unsigned attempts{0};    // HTTP attempts made (1 + retries); 0 when no request was sent

    // "eth_call on https://host/path: timeout: read timed out after 5000 ms (3 attempts)"
    std::string to_string() const;
};

// Replaces control characters (terminal escapes included) and truncates to max_chars, marking the cut.
std::string sanitize_text(std::string_view text, std::size_t max_chars = 300);

}  // namespace countersign::rpc
