// SPDX-License-Identifier: Apache-2.0
// Arbitrary bytes as a node's answer: the JSON-RPC response decoder (single and batch) and the recorded
// .io reader must return a value or an error, never crash, hang or blow the stack.
//
// Input layout: byte 0 picks the mode, bytes 1..8 seed the request id, the rest is the body.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "rpc/jsonrpc.hpp"
#include "rpc/recorded_provider.hpp"

using namespace countersign::rpc;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 9) return 0;
    const std::uint8_t mode = data[0];
    std::uint64_t id = 0;
    for (std::size_t i = 1; i < 9; ++i) id = (id << 8) | data[i];
    const std::string_view body(reinterpret_cast<const char*>(data + 9), size - 9);
    const ResponseLimits limits{static_cast<std::size_t>(1 + (mode >> 3) % 64)};

    switch (mode % 3) {
        case 0: {
            auto r = decode_response(body, id, limits);
            // An accepted answer must be a JSON-RPC 2.0 object carrying our id.
            if (r && body.find("result") == std::string_view::npos) std::abort();
            if (!r) (void)r.error().to_string();
            break;
        }
        case 1: {
            // Small ids so that bodies from the corpus can hit them.
            std::vector<std::uint64_t> ids;
            for (std::uint64_t i = 0; i < 1 + id % 5; ++i) ids.push_back(1 + i);
            auto r = decode_batch_response(body, ids, limits);
            if (r && r->size() != ids.size()) std::abort();
            if (!r) (void)r.error().to_string();
            break;
        }
        default: {
            auto exchanges = parse_recorded(body);
            if (exchanges) {
                RecordedProvider provider("fuzz", std::move(*exchanges));
                for (const auto& x : provider.exchanges()) {
                    auto r = provider.call(x.method, x.params);
                    if (!r) (void)r.error().to_string();
                }
            }
            break;
        }
    }
    return 0;
}
