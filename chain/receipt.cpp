// SPDX-License-Identifier: Apache-2.0
#include "chain/receipt.hpp"

#include <vector>

#include "chain/rlp.hpp"
#include "chain/trie_root.hpp"

namespace countersign::chain {
namespace {

constexpr std::uint8_t kMaxReceiptType = static_cast<std::uint8_t>(TxType::kSetCode);
constexpr std::uint8_t kDepositType = static_cast<std::uint8_t>(TxType::kDeposit);

// Reads rlp([status, cumulative_gas_used, logs_bloom, logs]) from the front of `from`, and for a deposit the
// optional [deposit_nonce, deposit_receipt_version] after them.
Expected<void, ReceiptError> decode_fields(ByteView& from, Receipt& r, bool typed) noexcept {
    auto payload = rlp::decode_list(from);
    if (!payload) return unexpected(ReceiptError::kMalformedRlp);
    ByteView p = *payload;
    auto status = rlp::decode_string(p);
    if (!status) return unexpected(ReceiptError::kMalformedRlp);
    if (status->empty()) {
        r.success = false;
    } else if (status->size() == 1 && (*status)[0] == 0x01) {
        r.success = true;
    } else if (status->size() == Hash32::kSize && !typed) {
        r.post_state = Hash32::from_view_unchecked(*status);
    } else {
        return unexpected(ReceiptError::kInvalidStatus);
    }
    if (!rlp::decode(p, r.cumulative_gas_used)) return unexpected(ReceiptError::kMalformedRlp);
    if (!rlp::decode(p, r.logs_bloom)) return unexpected(ReceiptError::kMalformedRlp);
    if (r.type != TxType::kDeposit) {
        if (!rlp::decode(p, r.logs, rlp::Leftover::kProhibit)) return unexpected(ReceiptError::kMalformedRlp);
        return {};
    }
    if (!rlp::decode(p, r.logs)) return unexpected(ReceiptError::kMalformedRlp);
    if (p.empty()) return {};
    r.deposit_nonce.emplace();
    if (!rlp::decode(p, *r.deposit_nonce)) return unexpected(ReceiptError::kMalformedRlp);
    if (p.empty()) return {};
    r.deposit_receipt_version.emplace();
    if (!rlp::decode(p, *r.deposit_receipt_version, rlp::Leftover::kProhibit))
        return unexpected(ReceiptError::kMalformedRlp);
    // The OP-stack specs define version 1 only; a later version may mean fields we would misread.
    if (*r.deposit_receipt_version != 1) return unexpected(ReceiptError::kInvalidDepositVersion);
    return {};
}

Expected<Receipt, ReceiptError> decode_typed(ByteView& from, DecodeOptions options) noexcept {
    Receipt r;
    const std::uint8_t type = from[0];
    if (type == kDepositType) {
        if (!options.op_stack) return unexpected(ReceiptError::kDepositNotEnabled);
    } else if (type == 0 || type > kMaxReceiptType) {
        return unexpected(ReceiptError::kUnsupportedType);
    }
    r.type = static_cast<TxType>(type);
    from.remove_prefix(1);
    if (auto ok = decode_fields(from, r, true); !ok) return unexpected(ok.error());
    return r;
}

// The deposit extension as encoded: the nonce whenever either field is set (a version needs its nonce in
// front of it), the version when set.
bool encodes_nonce(const Receipt& r, bool trie) noexcept {
    if (r.type != TxType::kDeposit) return false;
    if (trie) return r.deposit_receipt_version.has_value();
    return r.deposit_nonce.has_value() || r.deposit_receipt_version.has_value();
}

std::size_t fields_payload_length(const Receipt& r, bool trie) noexcept {
    const std::size_t status = r.post_state ? rlp::length_of(*r.post_state) : 1;
    std::size_t n =
        status + rlp::length_of(r.cumulative_gas_used) + rlp::length_of(r.logs_bloom) + rlp::length_of(r.logs);
    if (encodes_nonce(r, trie)) n += rlp::length_of(r.deposit_nonce.value_or(0));
    if (r.type == TxType::kDeposit && r.deposit_receipt_version) n += rlp::length_of(*r.deposit_receipt_version);
    return n;
}

void encode_fields(Bytes& to, const Receipt& r, bool trie) {
    rlp::encode_header(to, {true, fields_payload_length(r, trie)});
    if (r.post_state) {
        rlp::encode(to, *r.post_state);
    } else {
        to.push_back(r.success ? std::uint8_t{0x01} : std::uint8_t{0x80});
    }
    rlp::encode(to, r.cumulative_gas_used);
    rlp::encode(to, r.logs_bloom);
    rlp::encode(to, r.logs);
    if (encodes_nonce(r, trie)) rlp::encode(to, r.deposit_nonce.value_or(0));
    if (r.type == TxType::kDeposit && r.deposit_receipt_version) rlp::encode(to, *r.deposit_receipt_version);
}

void encode(Bytes& to, const Receipt& receipt, Eip2718Wrapping wrapping, bool trie) {
    if (receipt.type == TxType::kLegacy) {
        encode_fields(to, receipt, trie);
        return;
    }
    const std::size_t payload = fields_payload_length(receipt, trie);
    const std::size_t envelope = 1 + rlp::length_of_length(payload) + payload;
    if (wrapping == Eip2718Wrapping::kString) rlp::encode_header(to, {false, envelope});
    to.push_back(static_cast<std::uint8_t>(receipt.type));
    encode_fields(to, receipt, trie);
}

}  // namespace

std::string_view to_string(ReceiptError e) noexcept {
    switch (e) {
        case ReceiptError::kMalformedRlp: return "receipt: malformed RLP";
        case ReceiptError::kEmptyInput: return "receipt: empty input";
        case ReceiptError::kUnsupportedType: return "receipt: unsupported type";
        case ReceiptError::kWrongWrapping: return "receipt: wrong EIP-2718 wrapping";
        case ReceiptError::kInvalidStatus: return "receipt: invalid status or state root";
        case ReceiptError::kDepositNotEnabled: return "receipt: OP-stack deposit (0x7e) on a chain without op_stack";
        case ReceiptError::kInvalidDepositVersion: return "receipt: deposit receipt version other than 1";
    }
    return "receipt: unknown error";
}

// On failure `from` is left where it was.
Expected<Receipt, ReceiptError> decode_receipt(ByteView& from, Eip2718Wrapping wrapping,
                                               DecodeOptions options) noexcept {
    if (from.empty()) return unexpected(ReceiptError::kEmptyInput);
    const std::uint8_t first = from[0];
    if (first >= 0xc0) {
        ByteView cursor = from;
        Receipt r;
        if (auto ok = decode_fields(cursor, r, false); !ok) return unexpected(ok.error());
        from = cursor;
        return r;
    }
    if (first < 0x80) {
        if (wrapping == Eip2718Wrapping::kString) return unexpected(ReceiptError::kWrongWrapping);
        ByteView cursor = from;
        auto r = decode_typed(cursor, options);
        if (r) from = cursor;
        return r;
    }
    if (wrapping == Eip2718Wrapping::kNone) return unexpected(ReceiptError::kWrongWrapping);
    ByteView cursor = from;
    auto inner = rlp::decode_string(cursor);
    if (!inner) return unexpected(ReceiptError::kMalformedRlp);
    ByteView envelope = *inner;
    // A wrapped legacy receipt, or a wrapped wrapping, is not a receipt form anyone produces.
    if (envelope.empty() || envelope[0] >= 0x80) return unexpected(ReceiptError::kWrongWrapping);
    auto r = decode_typed(envelope, options);
    if (!r) return r;
    if (!envelope.empty()) return unexpected(ReceiptError::kMalformedRlp);
    from = cursor;
    return r;
}

Expected<Receipt, ReceiptError> decode_raw_receipt(ByteView raw, DecodeOptions options) noexcept {
    auto r = decode_receipt(raw, Eip2718Wrapping::kNone, options);
    if (r && !raw.empty()) return unexpected(ReceiptError::kMalformedRlp);
    return r;
}

void encode_receipt(Bytes& to, const Receipt& receipt, Eip2718Wrapping wrapping) {
    encode(to, receipt, wrapping, false);
}

Bytes encode_receipt(const Receipt& receipt, Eip2718Wrapping wrapping) {
    Bytes out;
    encode_receipt(out, receipt, wrapping);
    return out;
}

Bytes receipt_trie_value(const Receipt& receipt) {
    Bytes out;
    encode(out, receipt, Eip2718Wrapping::kNone, true);
    return out;
}

Hash32 receipts_root(std::span<const Receipt> receipts) {
    std::vector<Bytes> values;
    values.reserve(receipts.size());
    for (const auto& r : receipts) values.push_back(receipt_trie_value(r));
    return ordered_trie_root(values);
}

}  // namespace countersign::chain
