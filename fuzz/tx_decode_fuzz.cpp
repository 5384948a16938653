// SPDX-License-Identifier: Apache-2.0
// Transaction decoding of hostile bytes, with every wrapping: whatever is accepted must be canonical
// (re-encoding reproduces exactly the consumed bytes), well formed, hash consistently, survive a JSON round
// trip, and sender/authority recovery must return (a value or an error) without crashing. Each input is
// decoded twice, as Ethereum L1 and with the OP-stack opt-in: the opt-in may only add deposits (0x7e), so
// every other outcome must agree, and without it a deposit must be refused.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <tuple>

#include <nlohmann/json.hpp>

#include "chain/transaction.hpp"
#include "chain/transaction_json.hpp"
#include "chain/transaction_rules.hpp"
#include "crypto/keccak.hpp"

namespace {

using namespace countersign;
using namespace countersign::chain;

[[noreturn]] void fail() { std::abort(); }

void check_accepted(const Transaction& tx, ByteView consumed, bool wrapped, DecodeOptions options) {
    if (!check_well_formed(tx)) fail();
    if (tx.type == TxType::kDeposit && !options.op_stack) fail();
    const Bytes raw = encode_transaction(tx);
    if (wrapped) {
        if (encode_transaction_wrapped(tx) != consumed) fail();
    } else if (raw != consumed) {
        fail();
    }
    if (encoded_length(tx) != raw.size()) fail();
    if (transaction_hash(tx) != keccak256(raw)) fail();
    auto again = decode_raw_transaction(raw, options);
    if (!again || !(*again == tx)) fail();

    auto sender = recover_sender(tx);
    if (tx.type == TxType::kDeposit) {
        // Unsigned: the sender is the stated field, and the L1 rules never see a deposit.
        if (!sender || *sender != *tx.from || signing_hash(tx) != transaction_hash(tx)) fail();
        auto l1_rules = check_transaction(tx, Revision::kPrague, Uint256{}, DecodeOptions{});
        if (l1_rules || l1_rules.error() != TxError::kTypeNotSupported) fail();
        auto validated = validate_transaction(tx, Revision::kPrague, Uint256{}, options);
        if (!validated || *validated != *tx.from) fail();
    }
    if (tx.chain_id) {
        for (const auto& a : tx.authorization_list) (void)recover_authority(a, *tx.chain_id);
        (void)validate_transaction(tx, Revision::kPrague, *tx.chain_id, options);
    }
    (void)intrinsic_gas(tx, Revision::kFrontier);

    RpcTransaction rpc;
    rpc.tx = tx;
    auto back = transaction_from_json(transaction_to_json(rpc), options);
    if (!back || !(back->tx == tx)) fail();
    if (tx.type == TxType::kDeposit && transaction_from_json(transaction_to_json(rpc))) fail();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const ByteView input{data, size};
    for (auto wrapping : {Eip2718Wrapping::kNone, Eip2718Wrapping::kString, Eip2718Wrapping::kBoth}) {
        ByteView l1_from = input;
        auto l1 = decode_transaction(l1_from, wrapping);
        ByteView op_from = input;
        auto op = decode_transaction(op_from, wrapping, DecodeOptions{.op_stack = true});
        // The opt-in adds deposits and changes nothing else.
        if (op && op->type != TxType::kDeposit && (!l1 || !(*l1 == *op) || l1_from != op_from)) fail();
        if (l1 && (!op || !(*l1 == *op))) fail();
        if (op && op->type == TxType::kDeposit && (l1 || l1.error() != TxError::kDepositNotEnabled)) fail();
        if (!op && l1.error() != op.error() && !(op.error() != TxError::kDepositNotEnabled &&
                                                  l1.error() == TxError::kDepositNotEnabled))
            fail();
        for (auto [tx, from, options] : {std::tuple{&l1, l1_from, DecodeOptions{}},
                                         std::tuple{&op, op_from, DecodeOptions{.op_stack = true}}}) {
            if (!*tx) {
                if (from != input) fail();  // a failed decode leaves the cursor where it was
                continue;
            }
            const ByteView consumed = input.substr(0, input.size() - from.size());
            // A string header (0x80..0xbf) is the block-body wrapping of a typed transaction.
            const bool wrapped = consumed[0] >= 0x80 && consumed[0] < 0xc0;
            if (wrapped && wrapping == Eip2718Wrapping::kNone) fail();
            if (!wrapped && consumed[0] < 0x80 && wrapping == Eip2718Wrapping::kString) fail();
            check_accepted(**tx, consumed, wrapped, options);
        }
    }
    for (DecodeOptions options : {DecodeOptions{}, DecodeOptions{.op_stack = true}}) {
        BlobSidecar sidecar;
        auto network = decode_network_transaction(input, &sidecar, options);
        if (!network) continue;
        if (!check_well_formed(*network)) fail();
        if (network->type == TxType::kDeposit && !options.op_stack) fail();
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
