// SPDX-License-Identifier: Apache-2.0
// Receipts from hostile bytes, in each EIP-2718 wrapping: decoding must return (never crash, hang or
// over-allocate), and a decoded receipt must re-encode, in the form it was read, to exactly the bytes
// consumed.

#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "chain/bloom.hpp"
#include "chain/receipt.hpp"

namespace {

using countersign::ByteView;
namespace chain = countersign::chain;

[[noreturn]] void fail() { std::abort(); }

void check(ByteView input, chain::Eip2718Wrapping wrapping) {
    ByteView from = input;
    auto r = chain::decode_receipt(from, wrapping);
    if (!r) {
        if (from != input) fail();
        return;
    }
    const ByteView consumed = input.substr(0, input.size() - from.size());
    // Typed receipts come back in the wrapping they were read in; under kBoth the first byte says which.
    chain::Eip2718Wrapping form = wrapping;
    if (wrapping == chain::Eip2718Wrapping::kBoth)
        form = !consumed.empty() && consumed[0] >= 0x80 && consumed[0] < 0xc0 ? chain::Eip2718Wrapping::kString
                                                                                : chain::Eip2718Wrapping::kNone;
    if (chain::encode_receipt(*r, form) != consumed) fail();
    if (r->type != chain::TxType::kLegacy && r->post_state) fail();
    const countersign::Bloom bloom = chain::logs_bloom(r->logs);
    for (const auto& log : r->logs) {
        if (log.topics.size() > chain::kMaxLogTopics) fail();
        if (!chain::bloom_may_contain(bloom, log.address)) fail();
        for (const auto& topic : log.topics)
            if (!chain::bloom_may_contain(bloom, topic)) fail();
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const ByteView input{data, size};
    check(input, chain::Eip2718Wrapping::kNone);
    check(input, chain::Eip2718Wrapping::kString);
    check(input, chain::Eip2718Wrapping::kBoth);
    return 0;
}
