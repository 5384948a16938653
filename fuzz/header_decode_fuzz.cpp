// SPDX-License-Identifier: Apache-2.0
// Block headers and whole blocks from hostile bytes: decoding must return (never crash, hang or
// over-allocate), and whatever decodes must re-encode to exactly the bytes consumed (the decoder only
// accepts canonical forms, so one header has one encoding and one hash).

#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "chain/block.hpp"
#include "chain/header.hpp"
#include "crypto/keccak.hpp"

namespace {

using countersign::ByteView;
namespace chain = countersign::chain;

[[noreturn]] void fail() { std::abort(); }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const ByteView input{data, size};
    {
        ByteView from = input;
        auto h = chain::decode_header(from);
        if (h) {
            const ByteView consumed = input.substr(0, input.size() - from.size());
            if (chain::encode_header(*h) != consumed) fail();
            if (chain::header_length(*h) != consumed.size()) fail();
            if (chain::header_hash(*h) != countersign::keccak256(consumed)) fail();
            if (!chain::has_consistent_fork_fields(*h)) fail();
        } else if (from != input) {
            fail();  // a failed decode must not move the cursor
        }
    }
    {
        ByteView from = input;
        auto b = chain::decode_block(from);
        if (b) {
            const ByteView consumed = input.substr(0, input.size() - from.size());
            if (chain::encode_block(*b) != consumed) fail();
            (void)chain::validate_block_body(*b);  // must return, whatever the roots
        } else if (from != input) {
            fail();
        }
    }
    return 0;
}
