// SPDX-License-Identifier: Apache-2.0
#pragma once
// JSON-RPC 2.0 encoding and strict response decoding, without I/O. A response is accepted only when it is
// an object with "jsonrpc":"2.0", the request's id, and exactly one of "result" / "error" (an object with an
// integer code and a string message). Batches must answer every request id exactly once, in any order;
// results come back in request order.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "crypto/expected.hpp"
#include "rpc/error.hpp"
#include "rpc/json_limits.hpp"

namespace countersign::rpc {

using json = nlohmann::json;

struct Call {
    std::string method;
    json params = json::array();  // array or object; null is sent as []
};

using CallResult = Expected<json, RpcError>;
// Outer error: the batch as a whole failed (transport, malformed, ids not matching). Inner errors: one
// call's JSON-RPC error, in request order.
using BatchResult = Expected<std::vector<CallResult>, RpcError>;

struct ResponseLimits {
    std::size_t max_json_depth{kDefaultMaxJsonDepth};
};

// Request bodies. Fail with kInvalidRequest when params are not an array/object or hold invalid UTF-8.
Expected<std::string, RpcError> encode_request(std::uint64_t id, std::string_view method, const json& params);
// calls[i] gets id first_id + i.
Expected<std::string, RpcError> encode_batch(std::uint64_t first_id, std::span<const Call> calls);

// The errors returned here have empty provider and method; the provider fills them in.
CallResult decode_response(std::string_view body, std::uint64_t id, const ResponseLimits& limits = {}) noexcept;
BatchResult decode_batch_response(std::string_view body, std::span<const std::uint64_t> ids,
                                  const ResponseLimits& limits = {}) noexcept;

// One already-parsed response object against the id it must carry (any JSON id, for recorded files).
CallResult interpret_response(const json& response, const json& expected_id) noexcept;

// Adds provider/method labels to an error, keeping what is already set.
void label(RpcError& error, std::string_view provider, std::string_view method);
// "batch[eth_chainId,eth_blockNumber]" (shortened after a few names).
std::string batch_label(std::span<const Call> calls);

}  // namespace countersign::rpc
