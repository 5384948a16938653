// SPDX-License-Identifier: Apache-2.0
// Receipts (v1, OpenGradient gateway bodies, SDK outputs) from hostile text: parsing must return (never crash,
// hang or over-allocate), and a parsed receipt must survive receipt v1: serialise, parse back to the same
// receipt, and serialise to the same bytes again.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "chain/call_receipt_json.hpp"

namespace {

namespace chain = countersign::chain;

[[noreturn]] void fail() {
    std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text{reinterpret_cast<const char*>(data), size};
    auto r = chain::parse_call_receipt(text);
    if (!r) return 0;
    if (r->request_id.size() > chain::kMaxRequestIdBytes) fail();
    if (r->tee.signature.size() > chain::kMaxTeeSignatureBytes) fail();
    const std::string v1 = chain::to_receipt_json(*r);
    auto again = chain::parse_call_receipt(v1);
    if (!again) fail();
    if (!(*again == *r)) fail();
    if (chain::to_receipt_json(*again) != v1) fail();
    return 0;
}
