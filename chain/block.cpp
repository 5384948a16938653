// SPDX-License-Identifier: Apache-2.0
#include "chain/block.hpp"

#include "chain/rlp.hpp"
#include "chain/trie_root.hpp"
#include "crypto/keccak.hpp"

namespace countersign::chain {
namespace {

std::size_t ommers_payload_length(std::span<const BlockHeader> ommers) noexcept {
    std::size_t n = 0;
    for (const auto& h : ommers) n += header_length(h);
    return n;
}

void encode_ommers(Bytes& to, std::span<const BlockHeader> ommers) {
    rlp::encode_header(to, {true, ommers_payload_length(ommers)});
    for (const auto& h : ommers) encode_header(to, h);
}

BlockDecodeError block_error(BlockError kind, std::size_t index = 0, std::optional<HeaderError> header = std::nullopt,
                             std::optional<TxError> tx = std::nullopt) noexcept {
    BlockDecodeError e;
    e.kind = kind;
    e.index = index;
    e.header_error = header;
    e.tx_error = tx;
    return e;
}

}  // namespace

std::string describe(const BlockDecodeError& e) {
    switch (e.kind) {
        case BlockError::kMalformedRlp: return "block: malformed RLP";
        case BlockError::kWrongFieldCount: return "block: not 3 or 4 elements";
        case BlockError::kHeader:
            return "block: header: " + std::string{to_string(e.header_error.value_or(HeaderError::kMalformedRlp))};
        case BlockError::kTransaction:
            return "block: transaction " + std::to_string(e.index) + ": " +
                   std::string{e.tx_error ? to_string(*e.tx_error) : "invalid"};
        case BlockError::kOmmer:
            return "block: ommer " + std::to_string(e.index) + ": " +
                   std::string{to_string(e.header_error.value_or(HeaderError::kMalformedRlp))};
        case BlockError::kWithdrawal: return "block: withdrawal " + std::to_string(e.index) + ": malformed";
        case BlockError::kWithdrawalsPresence: return "block: withdrawals do not match the header's fork";
    }
    return "block: unknown error";
}

Expected<Block, BlockDecodeError> decode_block(ByteView& from, DecodeOptions options) noexcept {
    ByteView cursor = from;
    auto list = rlp::decode_list(cursor);
    if (!list) return unexpected(block_error(BlockError::kMalformedRlp));
    ByteView p = *list;
    Block block;
    if (p.empty()) return unexpected(block_error(BlockError::kWrongFieldCount));
    auto header = decode_header(p);
    if (!header) return unexpected(block_error(BlockError::kHeader, 0, header.error()));
    block.header = std::move(*header);

    if (p.empty()) return unexpected(block_error(BlockError::kWrongFieldCount));
    auto txs = rlp::decode_list(p);
    if (!txs) return unexpected(block_error(BlockError::kMalformedRlp));
    for (ByteView t = *txs; !t.empty();) {
        auto tx = decode_transaction(t, Eip2718Wrapping::kString, options);
        if (!tx) return unexpected(block_error(BlockError::kTransaction, block.transactions.size(), std::nullopt, tx.error()));
        block.transactions.push_back(std::move(*tx));
    }

    if (p.empty()) return unexpected(block_error(BlockError::kWrongFieldCount));
    auto ommers = rlp::decode_list(p);
    if (!ommers) return unexpected(block_error(BlockError::kMalformedRlp));
    for (ByteView o = *ommers; !o.empty();) {
        auto ommer = decode_header(o);
        if (!ommer) return unexpected(block_error(BlockError::kOmmer, block.ommers.size(), ommer.error()));
        block.ommers.push_back(std::move(*ommer));
    }

    if (!p.empty()) {
        auto ws = rlp::decode_list(p);
        if (!ws) return unexpected(block_error(BlockError::kMalformedRlp));
        block.withdrawals.emplace();
        for (ByteView w = *ws; !w.empty();) {
            Withdrawal withdrawal;
            if (!rlp::decode(w, withdrawal))
                return unexpected(block_error(BlockError::kWithdrawal, block.withdrawals->size()));
            block.withdrawals->push_back(withdrawal);
        }
    }
    if (!p.empty()) return unexpected(block_error(BlockError::kWrongFieldCount));
    if (block.withdrawals.has_value() != block.header.withdrawals_root.has_value())
        return unexpected(block_error(BlockError::kWithdrawalsPresence));
    from = cursor;
    return block;
}

Expected<Block, BlockDecodeError> decode_raw_block(ByteView raw, DecodeOptions options) noexcept {
    auto b = decode_block(raw, options);
    if (b && !raw.empty()) return unexpected(block_error(BlockError::kMalformedRlp));
    return b;
}

Bytes encode_block(const Block& block) {
    Bytes header = encode_header(block.header);
    Bytes txs;
    for (const auto& tx : block.transactions) encode_transaction_wrapped(txs, tx);
    Bytes ommers;
    encode_ommers(ommers, block.ommers);
    Bytes withdrawals;
    if (block.withdrawals) {
        std::size_t n = 0;
        for (const auto& w : *block.withdrawals) n += rlp::length_of(w);
        rlp::encode_header(withdrawals, {true, n});
        for (const auto& w : *block.withdrawals) rlp::encode(withdrawals, w);
    }
    const std::size_t payload =
        header.size() + rlp::length_of_length(txs.size()) + txs.size() + ommers.size() + withdrawals.size();
    Bytes out;
    out.reserve(rlp::length_of_length(payload) + payload);
    rlp::encode_header(out, {true, payload});
    out += header;
    rlp::encode_header(out, {true, txs.size()});
    out += txs;
    out += ommers;
    out += withdrawals;
    return out;
}

Hash32 transactions_root(std::span<const Transaction> transactions) {
    std::vector<Bytes> values;
    values.reserve(transactions.size());
    for (const auto& tx : transactions) values.push_back(encode_transaction(tx));
    return ordered_trie_root(values);
}

Hash32 ommers_hash(std::span<const BlockHeader> ommers) {
    Bytes out;
    encode_ommers(out, ommers);
    return keccak256(out);
}

std::string_view to_string(BodyMismatch m) noexcept {
    switch (m) {
        case BodyMismatch::kTransactionsRoot: return "transactions root mismatch";
        case BodyMismatch::kOmmersHash: return "ommers hash mismatch";
        case BodyMismatch::kWithdrawalsRoot: return "withdrawals root mismatch";
        case BodyMismatch::kWithdrawalsPresence: return "withdrawals present in only one of header and body";
    }
    return "unknown body mismatch";
}

Expected<void, BodyMismatch> validate_block_body(const Block& block) {
    if (transactions_root(block.transactions) != block.header.transactions_root)
        return unexpected(BodyMismatch::kTransactionsRoot);
    if (ommers_hash(block.ommers) != block.header.ommers_hash) return unexpected(BodyMismatch::kOmmersHash);
    if (block.withdrawals.has_value() != block.header.withdrawals_root.has_value())
        return unexpected(BodyMismatch::kWithdrawalsPresence);
    if (block.withdrawals && withdrawals_root(*block.withdrawals) != *block.header.withdrawals_root)
        return unexpected(BodyMismatch::kWithdrawalsRoot);
    return {};
}

}  // namespace countersign::chain
