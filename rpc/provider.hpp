// SPDX-License-Identifier: Apache-2.0
#pragma once
// A source of JSON-RPC answers: a node over HTTP(S), or a recorded file. Nothing a Provider returns is
// trusted; verifiers check it. Calls are synchronous here; HttpClient (http_client.hpp) is the asynchronous
// layer underneath for programs that keep many requests in flight.

#include <span>
#include <string>
#include <string_view>

#include "rpc/jsonrpc.hpp"

namespace countersign::rpc {

class Provider {
public:
    virtual ~Provider() = default;

    // Names the provider in errors and logs: a URL without credentials, or "recorded:<name>".
    virtual const std::string& name() const noexcept = 0;

    // The "result" member of the answer, or an error value (transport, malformed answer, JSON-RPC error).
    virtual CallResult call(std::string_view method, const json& params) = 0;

    // One round trip for all calls; results in request order. An empty batch succeeds with no results.
    virtual BatchResult batch(std::span<const Call> calls) = 0;
};

}  // namespace countersign::rpc
