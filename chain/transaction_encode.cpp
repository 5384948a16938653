// SPDX-License-Identifier: Apache-2.0
// Transaction encoding and hashing. One templated writer emits the fields into either a Bytes buffer or a
// Keccak256 hasher, so the hash can never disagree with the encoding and hashing never allocates.

#include <bit>

#include "chain/rlp.hpp"
#include "chain/transaction.hpp"
#include "crypto/keccak.hpp"

namespace countersign::chain {

std::string_view to_string(TxType t) noexcept {
    switch (t) {
        case TxType::kLegacy: return "legacy";
        case TxType::kAccessList: return "access-list (EIP-2930)";
        case TxType::kDynamicFee: return "dynamic-fee (EIP-1559)";
        case TxType::kBlob: return "blob (EIP-4844)";
        case TxType::kSetCode: return "set-code (EIP-7702)";
        case TxType::kDeposit: return "deposit (OP-stack)";
    }
    return "unknown";
}

namespace {

    struct BytesSink {
        Bytes& out;
        void put(ByteView v) { out.append(v); }
    };

    struct HashSink {
        Keccak256 hasher;
        void put(ByteView v) noexcept { hasher.update(v); }
    };

    std::size_t be_size(std::uint64_t n) noexcept { return (static_cast<std::size_t>(std::bit_width(n)) + 7) / 8; }

    template <class Sink>
    void put_header(Sink& sink, bool list, std::size_t payload_length) {
        std::uint8_t buf[9];
        const std::uint8_t base = list ? 0xc0 : 0x80;
        if (payload_length < 56) {
            buf[0] = static_cast<std::uint8_t>(base + payload_length);
            sink.put({buf, 1});
            return;
        }
        const std::size_t size = be_size(payload_length);
        buf[0] = static_cast<std::uint8_t>(base + 55 + size);
        for (std::size_t i = 0; i < size; ++i) buf[1 + i] = static_cast<std::uint8_t>(payload_length >> (8 * (size - 1 - i)));
        sink.put({buf, 1 + size});
    }

    template <class Sink>
    void put_string(Sink& sink, ByteView s) {
        if (s.size() != 1 || s[0] >= 0x80) put_header(sink, false, s.size());
        sink.put(s);
    }

    template <class Sink>
    void put_uint(Sink& sink, std::uint64_t n) {
        std::uint8_t buf[8];
        const std::size_t size = be_size(n);
        for (std::size_t i = 0; i < size; ++i) buf[i] = static_cast<std::uint8_t>(n >> (8 * (size - 1 - i)));
        put_string(sink, {buf, size});
    }

    template <class Sink>
    void put_uint(Sink& sink, const Uint256& n) {
        if (n.fits_u64()) {
            put_uint(sink, n.low64());
            return;
        }
        const Bytes32 be = n.to_be();
        const std::size_t size = (n.bit_length() + 7) / 8;
        put_string(sink, {be.data() + (32 - size), size});
    }

    std::size_t list_length(std::size_t payload) noexcept { return rlp::length_of_length(payload) + payload; }

    // Fields that are nullopt in a malformed hand-built value encode as zero; check_well_formed reports them.
    const Uint256& or_zero(const std::optional<Uint256>& v) noexcept {
        static const Uint256 kZero{};
        return v ? *v : kZero;
    }

    std::size_t to_length(const Transaction& tx) noexcept { return tx.to ? 21 : 1; }

    std::size_t storage_keys_payload(const AccessListEntry& e) noexcept { return 33 * e.storage_keys.size(); }
    std::size_t entry_payload(const AccessListEntry& e) noexcept { return 21 + list_length(storage_keys_payload(e)); }
    std::size_t access_list_payload(const std::vector<AccessListEntry>& list) noexcept {
        std::size_t n = 0;
        for (const auto& e : list) n += list_length(entry_payload(e));
        return n;
    }

    std::size_t authorization_payload(const Authorization& a) noexcept {
        return rlp::length_of(a.chain_id) + 21 + rlp::length_of(a.nonce) + rlp::length_of(std::uint64_t{a.y_parity}) +
               rlp::length_of(a.r) + rlp::length_of(a.s);
    }
    std::size_t authorization_list_payload(const std::vector<Authorization>& list) noexcept {
        std::size_t n = 0;
        for (const auto& a : list) n += list_length(authorization_payload(a));
        return n;
    }

    enum class Part {
        kSigned,       // every field: what the transaction hash is over
        kUnsigned,     // without the signature: the signing payload of typed and pre-EIP-155 legacy txs
        kUnsigned155,  // legacy with chain_id, 0, 0 in place of v, r, s (EIP-155)
    };

    Uint256 legacy_v(const Transaction& tx) noexcept {
        const std::uint64_t y = tx.odd_y_parity ? 1 : 0;
        if (!tx.chain_id) return Uint256{27 + y};
        return (*tx.chain_id << 1) + Uint256{35 + y};
    }

    std::size_t signature_length(const Transaction& tx) noexcept {
        const std::size_t v_length = tx.type == TxType::kLegacy ? rlp::length_of(legacy_v(tx)) : 1;
        return v_length + rlp::length_of(tx.r) + rlp::length_of(tx.s);
    }

    bool has_eip1559_fees(TxType t) noexcept { return t != TxType::kLegacy && t != TxType::kAccessList; }

    // OP-stack deposit: [source_hash, from, to, mint, value, gas, is_system_tx, data], the same with or without
    // "the signature" since it has none. A hand-built deposit missing a field encodes it as zero (or empty).
    std::size_t deposit_payload_length(const Transaction& tx) noexcept {
        return 33 + 21 + to_length(tx) + rlp::length_of(or_zero(tx.mint)) + rlp::length_of(tx.value) +
               rlp::length_of(tx.gas_limit) + 1 + rlp::length_of(ByteView{tx.data});
    }

    template <class Sink>
    void put_deposit_payload(Sink& sink, const Transaction& tx) {
        put_string(sink, tx.source_hash.value_or(Hash32{}).view());
        put_string(sink, tx.from.value_or(Address{}).view());
        if (tx.to)
            put_string(sink, tx.to->view());
        else
            put_string(sink, ByteView{});
        put_uint(sink, or_zero(tx.mint));
        put_uint(sink, tx.value);
        put_uint(sink, tx.gas_limit);
        put_uint(sink, std::uint64_t{tx.is_system_transaction ? 1u : 0u});
        put_string(sink, ByteView{tx.data});
    }

    // The payload of the transaction's RLP list.
    std::size_t payload_length(const Transaction& tx, Part part) noexcept {
        if (tx.type == TxType::kDeposit) return deposit_payload_length(tx);
        std::size_t n = rlp::length_of(tx.nonce) + rlp::length_of(tx.gas_limit) + to_length(tx) +
                        rlp::length_of(tx.value) + rlp::length_of(ByteView{tx.data});
        if (tx.type == TxType::kLegacy) {
            n += rlp::length_of(or_zero(tx.gas_price));
            if (part == Part::kSigned) n += signature_length(tx);
            if (part == Part::kUnsigned155) n += rlp::length_of(or_zero(tx.chain_id)) + 2;
            return n;
        }
        n += rlp::length_of(or_zero(tx.chain_id));
        if (has_eip1559_fees(tx.type))
            n += rlp::length_of(or_zero(tx.max_priority_fee_per_gas)) + rlp::length_of(or_zero(tx.max_fee_per_gas));
        else
            n += rlp::length_of(or_zero(tx.gas_price));
        n += list_length(access_list_payload(tx.access_list));
        if (tx.type == TxType::kBlob)
            n += rlp::length_of(or_zero(tx.max_fee_per_blob_gas)) + list_length(33 * tx.blob_versioned_hashes.size());
        if (tx.type == TxType::kSetCode) n += list_length(authorization_list_payload(tx.authorization_list));
        if (part == Part::kSigned) n += signature_length(tx);
        return n;
    }

    template <class Sink>
    void put_to(Sink& sink, const Transaction& tx) {
        if (tx.to)
            put_string(sink, tx.to->view());
        else
            put_string(sink, ByteView{});
    }

    template <class Sink>
    void put_access_list(Sink& sink, const std::vector<AccessListEntry>& list) {
        put_header(sink, true, access_list_payload(list));
        for (const auto& e : list) {
            put_header(sink, true, entry_payload(e));
            put_string(sink, e.address.view());
            put_header(sink, true, storage_keys_payload(e));
            for (const auto& key : e.storage_keys) put_string(sink, key.view());
        }
    }

    template <class Sink>
    void put_authorization_fields(Sink& sink, const Authorization& a) {
        put_uint(sink, a.chain_id);
        put_string(sink, a.address.view());
        put_uint(sink, a.nonce);
    }

    template <class Sink>
    void put_payload(Sink& sink, const Transaction& tx, Part part) {
        if (tx.type == TxType::kDeposit) {
            put_deposit_payload(sink, tx);
            return;
        }
        if (tx.type == TxType::kLegacy) {
            put_uint(sink, tx.nonce);
            put_uint(sink, or_zero(tx.gas_price));
            put_uint(sink, tx.gas_limit);
            put_to(sink, tx);
            put_uint(sink, tx.value);
            put_string(sink, ByteView{tx.data});
            if (part == Part::kSigned) {
                put_uint(sink, legacy_v(tx));
                put_uint(sink, tx.r);
                put_uint(sink, tx.s);
            } else if (part == Part::kUnsigned155) {
                put_uint(sink, or_zero(tx.chain_id));
                put_uint(sink, std::uint64_t{0});
                put_uint(sink, std::uint64_t{0});
            }
            return;
        }
        put_uint(sink, or_zero(tx.chain_id));
        put_uint(sink, tx.nonce);
        if (has_eip1559_fees(tx.type)) {
            put_uint(sink, or_zero(tx.max_priority_fee_per_gas));
            put_uint(sink, or_zero(tx.max_fee_per_gas));
        } else {
            put_uint(sink, or_zero(tx.gas_price));
        }
        put_uint(sink, tx.gas_limit);
        put_to(sink, tx);
        put_uint(sink, tx.value);
        put_string(sink, ByteView{tx.data});
        put_access_list(sink, tx.access_list);
        if (tx.type == TxType::kBlob) {
            put_uint(sink, or_zero(tx.max_fee_per_blob_gas));
            put_header(sink, true, 33 * tx.blob_versioned_hashes.size());
            for (const auto& h : tx.blob_versioned_hashes) put_string(sink, h.view());
        }
        if (tx.type == TxType::kSetCode) {
            put_header(sink, true, authorization_list_payload(tx.authorization_list));
            for (const auto& a : tx.authorization_list) {
                put_header(sink, true, authorization_payload(a));
                put_authorization_fields(sink, a);
                put_uint(sink, std::uint64_t{a.y_parity});
                put_uint(sink, a.r);
                put_uint(sink, a.s);
            }
        }
        if (part == Part::kSigned) {
            put_uint(sink, std::uint64_t{tx.odd_y_parity ? 1u : 0u});
            put_uint(sink, tx.r);
            put_uint(sink, tx.s);
        }
    }

    // type byte (typed only) || list header || payload
    template <class Sink>
    void put_envelope(Sink& sink, const Transaction& tx, Part part, std::size_t payload) {
        if (tx.type != TxType::kLegacy) {
            const std::uint8_t type = static_cast<std::uint8_t>(tx.type);
            sink.put({&type, 1});
        }
        put_header(sink, true, payload);
        put_payload(sink, tx, part);
    }

}  // namespace

std::size_t encoded_length(const Transaction& tx) noexcept {
    return (tx.type == TxType::kLegacy ? 0 : 1) + list_length(payload_length(tx, Part::kSigned));
}

Bytes encode_transaction(const Transaction& tx) {
    const std::size_t payload = payload_length(tx, Part::kSigned);
    Bytes out;
    out.reserve((tx.type == TxType::kLegacy ? 0 : 1) + list_length(payload));
    BytesSink sink{out};
    put_envelope(sink, tx, Part::kSigned, payload);
    return out;
}

void encode_transaction_wrapped(Bytes& to, const Transaction& tx) {
    const std::size_t payload = payload_length(tx, Part::kSigned);
    BytesSink sink{to};
    if (tx.type != TxType::kLegacy) put_header(sink, false, 1 + list_length(payload));
    put_envelope(sink, tx, Part::kSigned, payload);
}

Bytes encode_transaction_wrapped(const Transaction& tx) {
    Bytes out;
    out.reserve(encoded_length(tx) + 9);
    encode_transaction_wrapped(out, tx);
    return out;
}

Hash32 transaction_hash(const Transaction& tx) noexcept {
    HashSink sink;
    put_envelope(sink, tx, Part::kSigned, payload_length(tx, Part::kSigned));
    return sink.hasher.finalize();
}

Hash32 signing_hash(const Transaction& tx) noexcept {
    Part part = Part::kUnsigned;
    if (tx.type == TxType::kLegacy && tx.chain_id) part = Part::kUnsigned155;
    HashSink sink;
    put_envelope(sink, tx, part, payload_length(tx, part));
    return sink.hasher.finalize();
}

Hash32 authorization_signing_hash(const Authorization& auth) noexcept {
    HashSink sink;
    const std::uint8_t magic = 0x05;  // EIP-7702 MAGIC: keeps authority signatures apart from transactions
    sink.put({&magic, 1});
    put_header(sink, true, rlp::length_of(auth.chain_id) + 21 + rlp::length_of(auth.nonce));
    put_authorization_fields(sink, auth);
    return sink.hasher.finalize();
}

Signature transaction_signature(const Transaction& tx) noexcept {
    return Signature{tx.r.to_be(), tx.s.to_be(), static_cast<std::uint8_t>(tx.odd_y_parity ? 1 : 0)};
}

}  // namespace countersign::chain
