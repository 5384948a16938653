// SPDX-License-Identifier: Apache-2.0
// Transaction decoding of hostile bytes, with every wrapping: whatever is accepted must be canonical
// (re-encoding reproduces exactly the consumed bytes), well formed, hash consistently, survive a JSON round
// trip, and sender/authority recovery must return (a value or an error) without crashing.

#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include <nlohmann/json.hpp>

#include "chain/transaction.hpp"
#include "chain/transaction_json.hpp"
#include "chain/transaction_rules.hpp"
#include "crypto/keccak.hpp"

namespace {

using namespace countersign;
using namespace countersign::chain;

[[noreturn]] void fail() { std::abort(); }

void check_accepted(const Transaction& tx, ByteView consumed, bool wrapped) {
    if (!check_well_formed(tx)) fail();
    const Bytes raw = encode_transaction(tx);
    if (wrapped) {
        if (encode_transaction_wrapped(tx) != consumed) fail();
    } else if (raw != consumed) {
        fail();
    }
    if (encoded_length(tx) != raw.size()) fail();
    if (transaction_hash(tx) != keccak256(raw)) fail();
    auto again = decode_raw_transaction(raw);
    if (!again || !(*again == tx)) fail();

    (void)recover_sender(tx);
    if (tx.chain_id) {
        for (const auto& a : tx.authorization_list) (void)recover_authority(a, *tx.chain_id);
        (void)validate_transaction(tx, Revision::kPrague, *tx.chain_id);
    }
    (void)intrinsic_gas(tx, Revision::kFrontier);

    RpcTransaction rpc;
    rpc.tx = tx;
    auto back = transaction_from_json(transaction_to_json(rpc));
    if (!back || !(back->tx == tx)) fail();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const ByteView input{data, size};
    for (auto wrapping : {Eip2718Wrapping::kNone, Eip2718Wrapping::kString, Eip2718Wrapping::kBoth}) {
        ByteView from = input;
        auto tx = decode_transaction(from, wrapping);
        if (!tx) {
            if (from != input) fail();  // a failed decode leaves the cursor where it was
            continue;
        }
        const ByteView consumed = input.substr(0, input.size() - from.size());
        // A string header (0x80..0xbf) is the block-body wrapping of a typed transaction.
        const bool wrapped = consumed[0] >= 0x80 && consumed[0] < 0xc0;
        if (wrapped && wrapping == Eip2718Wrapping::kNone) fail();
        if (!wrapped && consumed[0] < 0x80 && wrapping == Eip2718Wrapping::kString) fail();
        check_accepted(*tx, consumed, wrapped);
    }
    BlobSidecar sidecar;
    auto network = decode_network_transaction(input, &sidecar);
    if (network) {
        if (!check_well_formed(*network)) fail();
        if (sidecar.blobs.size() != sidecar.commitments.size()) fail();
        if (sidecar.blobs.empty()) {
            // The canonical form: exactly the input.
            if (encode_transaction(*network) != input) fail();
        } else if (network->type != TxType::kBlob || sidecar.blobs.size() != network->blob_versioned_hashes.size()) {
            fail();
        }
    }
    return 0;
}
