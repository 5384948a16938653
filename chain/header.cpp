// SPDX-License-Identifier: Apache-2.0
#include "chain/header.hpp"

#include "crypto/keccak.hpp"

namespace countersign::chain {
namespace {

constexpr std::size_t kBaseFieldCount = 15;

template <class T>
std::size_t optional_length(const std::optional<T>& v) noexcept {
    return v ? rlp::length_of(*v) : 0;
}

std::size_t payload_length(const BlockHeader& h) noexcept {
    return rlp::length_of(h.parent_hash) + rlp::length_of(h.ommers_hash) + rlp::length_of(h.beneficiary) +
           rlp::length_of(h.state_root) + rlp::length_of(h.transactions_root) + rlp::length_of(h.receipts_root) +
           rlp::length_of(h.logs_bloom) + rlp::length_of(h.difficulty) + rlp::length_of(h.number) +
           rlp::length_of(h.gas_limit) + rlp::length_of(h.gas_used) + rlp::length_of(h.timestamp) +
           rlp::length_of(ByteView{h.extra_data}) + rlp::length_of(h.mix_hash) + rlp::length_of(h.nonce) +
           optional_length(h.base_fee_per_gas) + optional_length(h.withdrawals_root) +
           optional_length(h.blob_gas_used) + optional_length(h.excess_blob_gas) +
           optional_length(h.parent_beacon_block_root) + optional_length(h.requests_hash);
}

template <class T>
void encode_optional(Bytes& to, const std::optional<T>& v) {
    if (v) rlp::encode(to, *v);
}

// Reads the next optional field if any element remains. A field that is present but malformed is an error,
// never a reason to stop early.
template <class T>
bool decode_optional(ByteView& payload, std::optional<T>& out) noexcept {
    if (payload.empty()) return true;
    T v{};
    if (!rlp::decode(payload, v)) return false;
    out = v;
    return true;
}

}  // namespace

std::string_view to_string(HeaderError e) noexcept {
    switch (e) {
        case HeaderError::kMalformedRlp: return "header: malformed RLP";
        case HeaderError::kWrongFieldCount: return "header: field count of no fork";
    }
    return "header: unknown error";
}

bool has_consistent_fork_fields(const BlockHeader& h) noexcept {
    const bool cancun = h.blob_gas_used.has_value();
    if (h.excess_blob_gas.has_value() != cancun || h.parent_beacon_block_root.has_value() != cancun) return false;
    if (h.requests_hash && !cancun) return false;
    if (cancun && !h.withdrawals_root) return false;
    if (h.withdrawals_root && !h.base_fee_per_gas) return false;
    return true;
}

Expected<BlockHeader, HeaderError> decode_header(ByteView& from) noexcept {
    ByteView cursor = from;
    auto list = rlp::decode_list(cursor);
    if (!list) return unexpected(HeaderError::kMalformedRlp);
    ByteView p = *list;
    BlockHeader h;
    std::size_t count = 0;
    const auto field = [&](auto& v) {
        if (p.empty()) return true;  // counted below: a short list is a field-count error
        ++count;
        return static_cast<bool>(rlp::decode(p, v));
    };
    if (!field(h.parent_hash) || !field(h.ommers_hash) || !field(h.beneficiary) || !field(h.state_root) ||
        !field(h.transactions_root) || !field(h.receipts_root) || !field(h.logs_bloom) || !field(h.difficulty) ||
        !field(h.number) || !field(h.gas_limit) || !field(h.gas_used) || !field(h.timestamp) ||
        !field(h.extra_data) || !field(h.mix_hash) || !field(h.nonce))
        return unexpected(HeaderError::kMalformedRlp);
    if (count != kBaseFieldCount) return unexpected(HeaderError::kWrongFieldCount);
    if (!decode_optional(p, h.base_fee_per_gas) || !decode_optional(p, h.withdrawals_root) ||
        !decode_optional(p, h.blob_gas_used) || !decode_optional(p, h.excess_blob_gas) ||
        !decode_optional(p, h.parent_beacon_block_root) || !decode_optional(p, h.requests_hash))
        return unexpected(HeaderError::kMalformedRlp);
    if (!p.empty()) return unexpected(HeaderError::kWrongFieldCount);
    if (!has_consistent_fork_fields(h)) return unexpected(HeaderError::kWrongFieldCount);
    from = cursor;
    return h;
}

Expected<BlockHeader, HeaderError> decode_raw_header(ByteView raw) noexcept {
    auto h = decode_header(raw);
    if (h && !raw.empty()) return unexpected(HeaderError::kMalformedRlp);
    return h;
}

std::size_t header_length(const BlockHeader& h) noexcept {
    const std::size_t payload = payload_length(h);
    return rlp::length_of_length(payload) + payload;
}

void encode_header(Bytes& to, const BlockHeader& h) {
    rlp::encode_header(to, {true, payload_length(h)});
    rlp::encode(to, h.parent_hash);
    rlp::encode(to, h.ommers_hash);
    rlp::encode(to, h.beneficiary);
    rlp::encode(to, h.state_root);
    rlp::encode(to, h.transactions_root);
    rlp::encode(to, h.receipts_root);
    rlp::encode(to, h.logs_bloom);
    rlp::encode(to, h.difficulty);
    rlp::encode(to, h.number);
    rlp::encode(to, h.gas_limit);
    rlp::encode(to, h.gas_used);
    rlp::encode(to, h.timestamp);
    rlp::encode(to, ByteView{h.extra_data});
    rlp::encode(to, h.mix_hash);
    rlp::encode(to, h.nonce);
    encode_optional(to, h.base_fee_per_gas);
    encode_optional(to, h.withdrawals_root);
    encode_optional(to, h.blob_gas_used);
    encode_optional(to, h.excess_blob_gas);
    encode_optional(to, h.parent_beacon_block_root);
    encode_optional(to, h.requests_hash);
}

Bytes encode_header(const BlockHeader& h) {
    Bytes out;
    out.reserve(header_length(h));
    encode_header(out, h);
    return out;
}

Hash32 header_hash(const BlockHeader& h) noexcept {
    // Headers are at most a few hundred bytes plus extra data; one buffer and one hash pass.
    Bytes buf;
    buf.reserve(header_length(h));
    encode_header(buf, h);
    return keccak256(buf);
}

}  // namespace countersign::chain
