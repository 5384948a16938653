// SPDX-License-Identifier: Apache-2.0
// Strict ABI decoding of hostile bytes. The first byte picks a type list; the rest is the data.
//
// Properties:
//  * canonical mode: whatever decodes re-encodes to exactly the input (strict decoding implies canonical);
//  * lenient mode accepts more layouts (gaps between tails, tails out of order, shared tails, trailing
//    bytes), so the byte-exact round trip does NOT hold there. The weaker property checked instead: the
//    values re-encode, the re-encoding decodes canonically to the same values, and canonical success
//    implies lenient success with the same values;
//  * the typed decoders (IndividualSettlement log, EIP-3009 calldata) round-trip byte for byte.
// Never crash, hang or allocate beyond the input's size (the decoder checks lengths before allocating).

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "chain/abi.hpp"
#include "chain/abi_event.hpp"
#include "chain/abi_known.hpp"

namespace {

using namespace countersign;
using namespace countersign::chain;

[[noreturn]] void fail() { std::abort(); }

const std::vector<std::vector<AbiType>>& type_lists() {
    static const std::vector<std::vector<AbiType>> lists = [] {
        const char* sigs[] = {
            // IndividualSettlement's data (non-indexed parameters).
            "(bytes32,bytes32,uint256,bytes,bytes)",
            // transferWithAuthorization arguments.
            "(address,address,uint256,uint256,uint256,bytes32,uint8,bytes32,bytes32)",
            // Nested dynamic types.
            "((bytes,(string,uint8)[])[],bytes32[2][],string[])",
            // The BatchSettlement Merkle leaf, and signed/small integers and bools.
            "(bytes32,bytes32,bytes32,bytes,uint256,int8,bool,bytes4[])",
        };
        std::vector<std::vector<AbiType>> out;
        for (const char* s : sigs) {
            auto t = parse_abi_types(s);
            if (!t) std::abort();
            out.push_back(std::move(*t));
        }
        return out;
    }();
    return lists;
}

void check_types(const std::vector<AbiType>& types, ByteView data) {
    auto canonical = abi_decode(types, data);
    if (canonical) {
        auto enc = abi_encode(types, *canonical);
        if (!enc || *enc != Bytes(data)) fail();
    }
    auto lenient = abi_decode(types, data, AbiDecodeMode::kLenient);
    if (canonical && (!lenient || *lenient != *canonical)) fail();
    if (lenient) {
        auto enc = abi_encode(types, *lenient);
        if (!enc) fail();
        auto again = abi_decode(types, *enc);
        if (!again || *again != *lenient) fail();
    }
}

void check_typed(ByteView data) {
    if (auto call = decode_authorization_call(data)) {
        if (encode_authorization_call(*call) != Bytes(data)) fail();
    }
    // An IndividualSettlement log with fixed topics built from the first 64 bytes (teeId, ethAddress).
    if (data.size() < 64) return;
    std::vector<Hash32> topics{event_topic(individual_settlement_event()), Hash32::from_view_unchecked(data.substr(0, 32)),
                               Hash32::from_view_unchecked(data.substr(32, 32))};
    auto s = decode_individual_settlement(topics, data.substr(64));
    if (s) {
        const AbiValue values[] = {AbiValue::fixed(s->tee_id),     AbiValue::address(s->eth_address),
                                   AbiValue::fixed(s->input_hash), AbiValue::fixed(s->output_hash),
                                   AbiValue::uint(s->timestamp),   AbiValue::bytes(s->walrus_blob_id),
                                   AbiValue::bytes(s->signature)};
        auto log = encode_log(individual_settlement_event(), values);
        if (!log || log->topics != topics || log->data != Bytes(data.substr(64))) fail();
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* bytes, std::size_t size) {
    if (size == 0) return 0;
    const auto& lists = type_lists();
    const ByteView data(bytes + 1, size - 1);
    check_types(lists[bytes[0] % lists.size()], data);
    if (bytes[0] >= 0xf0) check_typed(data);
    return 0;
}
