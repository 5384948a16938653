// SPDX-License-Identifier: Apache-2.0
#include "chain/withdrawal.hpp"

#include "chain/trie_root.hpp"

namespace countersign::rlp {
namespace {

std::size_t payload_length(const chain::Withdrawal& w) noexcept {
    return length_of(w.index) + length_of(w.validator_index) + length_of(w.address) + length_of(w.amount_gwei);
}

}  // namespace

std::size_t length_of(const chain::Withdrawal& w) noexcept {
    const std::size_t payload = payload_length(w);
    return length_of_length(payload) + payload;
}

void encode(Bytes& to, const chain::Withdrawal& w) {
    encode_header(to, {true, payload_length(w)});
    encode(to, w.index);
    encode(to, w.validator_index);
    encode(to, w.address);
    encode(to, w.amount_gwei);
}

Status decode(ByteView& from, chain::Withdrawal& to, Leftover mode) noexcept {
    ByteView cursor = from;
    auto payload = decode_list(cursor);
    if (!payload) return unexpected(payload.error());
    ByteView p = *payload;
    if (p.empty()) return unexpected(DecodingError::kUnexpectedListElements);
    if (auto s = decode(p, to.index); !s) return s;
    if (p.empty()) return unexpected(DecodingError::kUnexpectedListElements);
    if (auto s = decode(p, to.validator_index); !s) return s;
    if (p.empty()) return unexpected(DecodingError::kUnexpectedListElements);
    if (auto s = decode(p, to.address); !s) return s;
    if (p.empty()) return unexpected(DecodingError::kUnexpectedListElements);
    if (auto s = decode(p, to.amount_gwei); !s) return s;
    if (!p.empty()) return unexpected(DecodingError::kUnexpectedListElements);
    if (mode == Leftover::kProhibit && !cursor.empty()) return unexpected(DecodingError::kTrailingBytes);
    from = cursor;
    return {};
}

}  // namespace countersign::rlp

namespace countersign::chain {

Bytes encode_withdrawal(const Withdrawal& w) {
    Bytes out;
    out.reserve(rlp::length_of(w));
    rlp::encode(out, w);
    return out;
}

Hash32 withdrawals_root(std::span<const Withdrawal> withdrawals) {
    std::vector<Bytes> values;
    values.reserve(withdrawals.size());
    for (const auto& w : withdrawals) values.push_back(encode_withdrawal(w));
    return ordered_trie_root(values);
}

}  // namespace countersign::chain
