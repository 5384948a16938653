// SPDX-License-Identifier: Apache-2.0
// Strict transaction decoding. Each field is read from a cursor over the list payload; running out of
// fields or having some left over is kWrongFieldCount, so a transaction has exactly one encoding.

#include "chain/rlp.hpp"
#include "chain/transaction.hpp"
#include "crypto/sha256.hpp"

namespace countersign::chain {

std::string_view to_string(TxError e) noexcept {
    switch (e) {
        case TxError::kInputTooShort: return "tx: input too short";
        case TxError::kNonCanonicalSize: return "tx: non-canonical RLP size";
        case TxError::kLeadingZero: return "tx: integer or length with leading zero";
        case TxError::kOverflow: return "tx: integer too large for its field";
        case TxError::kTrailingBytes: return "tx: trailing bytes";
        case TxError::kUnexpectedList: return "tx: list where a string was expected";
        case TxError::kUnexpectedString: return "tx: string where a list was expected";
        case TxError::kUnexpectedLength: return "tx: fixed-size field of the wrong size";
        case TxError::kWrongFieldCount: return "tx: wrong number of fields";
        case TxError::kTooDeep: return "tx: nested too deep";
        case TxError::kEmptyInput: return "tx: empty input";
        case TxError::kUnsupportedType: return "tx: unsupported transaction type";
        case TxError::kWrongWrapping: return "tx: typed transaction wrapped wrongly for its context";
        case TxError::kInvalidTo: return "tx: `to` is neither empty nor 20 bytes";
        case TxError::kMissingTo: return "tx: contract creation not allowed for this type";
        case TxError::kInvalidV: return "tx: legacy v is not 27, 28 or >= 35";
        case TxError::kInvalidYParity: return "tx: y parity is not 0 or 1";
        case TxError::kChainIdTooLarge: return "tx: chain id too large for a legacy v";
        case TxError::kMalformed: return "tx: fields do not match the transaction type";
        case TxError::kInvalidBlobSidecar: return "tx: malformed blob sidecar";
        case TxError::kBlobCommitmentMismatch: return "tx: blob commitment does not match its versioned hash";
        case TxError::kInvalidSignatureR: return "tx: signature r not in [1, n)";
        case TxError::kInvalidSignatureS: return "tx: signature s not in [1, n)";
        case TxError::kHighS: return "tx: signature s > n/2 (EIP-2)";
        case TxError::kRecoveryFailed: return "tx: public key recovery failed";
        case TxError::kChainIdMismatch: return "tx: wrong chain id";
        case TxError::kMissingChainId: return "tx: no chain id (EIP-155 replay protection required)";
        case TxError::kTypeNotSupported: return "tx: type not active at this fork";
        case TxError::kNonceMax: return "tx: nonce 2^64-1 (EIP-2681)";
        case TxError::kGasPriceProductOverflow: return "tx: gas limit * gas price overflows 256 bits";
        case TxError::kPriorityFeeAboveMaxFee: return "tx: max priority fee above max fee";
        case TxError::kIntrinsicGasTooLow: return "tx: gas limit below intrinsic gas";
        case TxError::kFloorDataGasTooLow: return "tx: gas limit below the EIP-7623 calldata floor";
        case TxError::kInitCodeTooLarge: return "tx: init code larger than 49152 bytes (EIP-3860)";
        case TxError::kNoBlobHashes: return "tx: blob transaction without blobs";
        case TxError::kInvalidBlobVersion: return "tx: blob versioned hash with a version other than 0x01";
        case TxError::kNoAuthorizations: return "tx: set-code transaction without authorizations";
        case TxError::kAuthorizationChainId: return "authorization: chain id neither 0 nor this chain's";
        case TxError::kAuthorizationNonceMax: return "authorization: nonce 2^64-1";
        case TxError::kDepositNotEnabled: return "tx: OP-stack deposit (0x7e) on a chain without op_stack";
        case TxError::kInvalidSystemFlag: return "tx: deposit isSystemTx is not 0x80 or 0x01";
    }
    return "tx: unknown error";
}

namespace {

    using Status = Expected<void, TxError>;

    TxError from_rlp(rlp::DecodingError e) noexcept {
        switch (e) {
            case rlp::DecodingError::kInputTooShort: return TxError::kInputTooShort;
            case rlp::DecodingError::kNonCanonicalSize: return TxError::kNonCanonicalSize;
            case rlp::DecodingError::kLeadingZero: return TxError::kLeadingZero;
            case rlp::DecodingError::kOverflow: return TxError::kOverflow;
            case rlp::DecodingError::kTrailingBytes: return TxError::kTrailingBytes;
            case rlp::DecodingError::kUnexpectedList: return TxError::kUnexpectedList;
            case rlp::DecodingError::kUnexpectedString: return TxError::kUnexpectedString;
            case rlp::DecodingError::kUnexpectedLength: return TxError::kUnexpectedLength;
            case rlp::DecodingError::kUnexpectedListElements: return TxError::kWrongFieldCount;
            case rlp::DecodingError::kTooDeep: return TxError::kTooDeep;
        }
        return TxError::kMalformed;
    }

#define CS_TRY(expr)                                      \
    do {                                                  \
        if (auto cs_try_status = (expr); !cs_try_status) \
            return unexpected(cs_try_status.error());     \
    } while (false)

    // Every reader first checks that a field is left: a missing one is a field-count error, not a
    // truncation (the list's length was already checked against the input).
    Status need_field(ByteView p) noexcept {
        if (p.empty()) return unexpected(TxError::kWrongFieldCount);
        return {};
    }

    template <class T>
    Status read(ByteView& p, T& to) noexcept {
        CS_TRY(need_field(p));
        if (auto ok = rlp::decode(p, to, rlp::Leftover::kAllow); !ok) return unexpected(from_rlp(ok.error()));
        return {};
    }

    Status read_list(ByteView& p, ByteView& payload) noexcept {
        CS_TRY(need_field(p));
        auto l = rlp::decode_list(p);
        if (!l) return unexpected(from_rlp(l.error()));
        payload = *l;
        return {};
    }

    Status read_bytes(ByteView& p, Bytes& to) noexcept {
        CS_TRY(need_field(p));
        auto s = rlp::decode_string(p);
        if (!s) return unexpected(from_rlp(s.error()));
        to.assign(s->data(), s->size());
        return {};
    }

    Status read_to(ByteView& p, std::optional<Address>& to) noexcept {
        CS_TRY(need_field(p));
        auto s = rlp::decode_string(p);
        if (!s) return unexpected(from_rlp(s.error()));
        if (s->empty()) {
            to.reset();
        } else if (s->size() == Address::size()) {
            to = Address::from_view_unchecked(*s);
        } else {
            return unexpected(TxError::kInvalidTo);
        }
        return {};
    }

    Status read_y_parity(ByteView& p, bool& odd) noexcept {
        std::uint64_t y = 0;
        CS_TRY(read(p, y));
        if (y > 1) return unexpected(TxError::kInvalidYParity);
        odd = y == 1;
        return {};
    }

    Status read_access_list(ByteView& p, std::vector<AccessListEntry>& out) noexcept {
        ByteView list;
        CS_TRY(read_list(p, list));
        while (!list.empty()) {
            ByteView entry;
            CS_TRY(read_list(list, entry));
            AccessListEntry e;
            CS_TRY(read(entry, e.address));
            ByteView keys;
            CS_TRY(read_list(entry, keys));
            if (!entry.empty()) return unexpected(TxError::kWrongFieldCount);
            // Each key takes 33 bytes, so this reserve is bounded by the input.
            e.storage_keys.reserve(keys.size() / 33);
            while (!keys.empty()) {
                Bytes32 key;
                CS_TRY(read(keys, key));
                e.storage_keys.push_back(key);
            }
            out.push_back(std::move(e));
        }
        return {};
    }

    Status read_blob_hashes(ByteView& p, std::vector<Hash32>& out) noexcept {
        ByteView list;
        CS_TRY(read_list(p, list));
        out.reserve(list.size() / 33);
        while (!list.empty()) {
            Hash32 h;
            CS_TRY(read(list, h));
            out.push_back(h);
        }
        return {};
    }

    Status read_authorizations(ByteView& p, std::vector<Authorization>& out) noexcept {
        ByteView list;
        CS_TRY(read_list(p, list));
        while (!list.empty()) {
            ByteView t;
            CS_TRY(read_list(list, t));
            Authorization a;
            CS_TRY(read(t, a.chain_id));
            CS_TRY(read(t, a.address));
            CS_TRY(read(t, a.nonce));
            std::uint64_t y = 0;
            CS_TRY(read(t, y));
            // EIP-7702 bounds y_parity to 8 bits for the transaction to be valid; 0/1 is an authority rule.
            if (y > 0xff) return unexpected(TxError::kOverflow);
            a.y_parity = static_cast<std::uint8_t>(y);
            CS_TRY(read(t, a.r));
            CS_TRY(read(t, a.s));
            if (!t.empty()) return unexpected(TxError::kWrongFieldCount);
            out.push_back(a);
        }
        return {};
    }

    Expected<Transaction, TxError> decode_legacy(ByteView p) noexcept {
        Transaction tx;
        tx.type = TxType::kLegacy;
        CS_TRY(read(p, tx.nonce));
        tx.gas_price.emplace();
        CS_TRY(read(p, *tx.gas_price));
        CS_TRY(read(p, tx.gas_limit));
        CS_TRY(read_to(p, tx.to));
        CS_TRY(read(p, tx.value));
        CS_TRY(read_bytes(p, tx.data));
        Uint256 v;
        CS_TRY(read(p, v));
        CS_TRY(read(p, tx.r));
        CS_TRY(read(p, tx.s));
        if (!p.empty()) return unexpected(TxError::kWrongFieldCount);
        if (v == Uint256{27} || v == Uint256{28}) {
            tx.odd_y_parity = v == Uint256{28};
        } else if (v >= Uint256{35}) {
            // EIP-155: v = chain_id * 2 + 35 + y
            const Uint256 w = v - Uint256{35};
            tx.chain_id = w >> 1;
            tx.odd_y_parity = (w.low64() & 1) != 0;
        } else {
            return unexpected(TxError::kInvalidV);
        }
        return tx;
    }

    Expected<Transaction, TxError> decode_typed(ByteView p, TxType type) noexcept {
        Transaction tx;
        tx.type = type;
        tx.chain_id.emplace();
        CS_TRY(read(p, *tx.chain_id));
        CS_TRY(read(p, tx.nonce));
        if (type == TxType::kAccessList) {
            tx.gas_price.emplace();
            CS_TRY(read(p, *tx.gas_price));
        } else {
            tx.max_priority_fee_per_gas.emplace();
            CS_TRY(read(p, *tx.max_priority_fee_per_gas));
            tx.max_fee_per_gas.emplace();
            CS_TRY(read(p, *tx.max_fee_per_gas));
        }
        CS_TRY(read(p, tx.gas_limit));
        CS_TRY(read_to(p, tx.to));
        CS_TRY(read(p, tx.value));
        CS_TRY(read_bytes(p, tx.data));
        CS_TRY(read_access_list(p, tx.access_list));
        if (type == TxType::kBlob) {
            tx.max_fee_per_blob_gas.emplace();
            CS_TRY(read(p, *tx.max_fee_per_blob_gas));
            CS_TRY(read_blob_hashes(p, tx.blob_versioned_hashes));
        }
        if (type == TxType::kSetCode) CS_TRY(read_authorizations(p, tx.authorization_list));
        CS_TRY(read_y_parity(p, tx.odd_y_parity));
        CS_TRY(read(p, tx.r));
        CS_TRY(read(p, tx.s));
        if (!p.empty()) return unexpected(TxError::kWrongFieldCount);
        // EIP-4844 and EIP-7702 transactions cannot create contracts.
        if ((type == TxType::kBlob || type == TxType::kSetCode) && !tx.to) return unexpected(TxError::kMissingTo);
        return tx;
    }

    // OP-stack deposit: rlp([source_hash, from, to, mint, value, gas, is_system_tx, data]). The boolean must be
    // 0x80 or 0x01 exactly (0x00 is a non-canonical zero, anything above 1 is no boolean), so that one deposit
    // has one encoding and therefore one hash.
    Expected<Transaction, TxError> decode_deposit(ByteView p) noexcept {
        Transaction tx;
        tx.type = TxType::kDeposit;
        tx.source_hash.emplace();
        CS_TRY(read(p, *tx.source_hash));
        tx.from.emplace();
        CS_TRY(read(p, *tx.from));
        CS_TRY(read_to(p, tx.to));
        tx.mint.emplace();
        CS_TRY(read(p, *tx.mint));
        CS_TRY(read(p, tx.value));
        CS_TRY(read(p, tx.gas_limit));
        std::uint64_t system = 0;
        CS_TRY(read(p, system));
        if (system > 1) return unexpected(TxError::kInvalidSystemFlag);
        tx.is_system_transaction = system == 1;
        CS_TRY(read_bytes(p, tx.data));
        if (!p.empty()) return unexpected(TxError::kWrongFieldCount);
        return tx;
    }

    Expected<TxType, TxError> typed_type(std::uint8_t b, DecodeOptions options) noexcept {
        if (b >= 1 && b <= 4) return static_cast<TxType>(b);
        if (b == static_cast<std::uint8_t>(TxType::kDeposit)) {
            if (!options.op_stack) return unexpected(TxError::kDepositNotEnabled);
            return TxType::kDeposit;
        }
        return unexpected(TxError::kUnsupportedType);
    }

    // type byte || rlp list at the front of `from`; advances past the list.
    Expected<Transaction, TxError> decode_envelope(ByteView& from, DecodeOptions options) noexcept {
        auto type = typed_type(from[0], options);
        if (!type) return unexpected(type.error());
        ByteView cursor = from.substr(1);
        if (cursor.empty()) return unexpected(TxError::kInputTooShort);
        auto payload = rlp::decode_list(cursor);
        if (!payload) return unexpected(from_rlp(payload.error()));
        auto tx = *type == TxType::kDeposit ? decode_deposit(*payload) : decode_typed(*payload, *type);
        if (tx) from = cursor;
        return tx;
    }

}  // namespace

Expected<Transaction, TxError> decode_transaction(ByteView& from, Eip2718Wrapping wrapping,
                                                  DecodeOptions options) noexcept {
    if (from.empty()) return unexpected(TxError::kEmptyInput);
    const std::uint8_t b = from[0];
    if (b >= 0xc0) {
        ByteView cursor = from;
        auto payload = rlp::decode_list(cursor);
        if (!payload) return unexpected(from_rlp(payload.error()));
        auto tx = decode_legacy(*payload);
        if (tx) from = cursor;
        return tx;
    }
    if (b < 0x80) {
        if (wrapping == Eip2718Wrapping::kString) return unexpected(TxError::kWrongWrapping);
        return decode_envelope(from, options);
    }
    if (wrapping == Eip2718Wrapping::kNone) return unexpected(TxError::kWrongWrapping);
    ByteView cursor = from;
    auto inner = rlp::decode_string(cursor);
    if (!inner) return unexpected(from_rlp(inner.error()));
    ByteView envelope = *inner;
    // A legacy transaction is never wrapped, and an empty string is no transaction.
    if (envelope.empty() || envelope[0] >= 0x80) return unexpected(TxError::kWrongWrapping);
    auto tx = decode_envelope(envelope, options);
    if (!tx) return tx;
    if (!envelope.empty()) return unexpected(TxError::kTrailingBytes);
    from = cursor;
    return tx;
}

Expected<Transaction, TxError> decode_raw_transaction(ByteView raw, DecodeOptions options) noexcept {
    auto tx = decode_transaction(raw, Eip2718Wrapping::kNone, options);
    if (tx && !raw.empty()) return unexpected(TxError::kTrailingBytes);
    return tx;
}

namespace {

    Status read_sized_items(ByteView& p, std::size_t size, std::vector<ByteView>& out) noexcept {
        ByteView list;
        CS_TRY(read_list(p, list));
        while (!list.empty()) {
            auto s = rlp::decode_string(list);
            if (!s) return unexpected(from_rlp(s.error()));
            if (s->size() != size) return unexpected(TxError::kInvalidBlobSidecar);
            out.push_back(*s);
        }
        return {};
    }

    // EIP-4844: versioned hash = 0x01 || sha256(commitment)[1:]
    bool commitment_matches(ByteView commitment, const Hash32& versioned) noexcept {
        Hash32 h = sha256(commitment);
        h.bytes[0] = 0x01;
        return h == versioned;
    }

}  // namespace

Expected<Transaction, TxError> decode_network_transaction(ByteView raw, BlobSidecar* sidecar,
                                                          DecodeOptions options) noexcept {
    if (raw.empty()) return unexpected(TxError::kEmptyInput);
    if (raw[0] != static_cast<std::uint8_t>(TxType::kBlob)) return decode_raw_transaction(raw, options);
    ByteView cursor = raw.substr(1);
    if (cursor.empty()) return unexpected(TxError::kInputTooShort);
    auto outer = rlp::decode_list(cursor);
    if (!outer) return unexpected(from_rlp(outer.error()));
    if (!cursor.empty()) return unexpected(TxError::kTrailingBytes);
    ByteView p = *outer;
    if (p.empty() || p[0] < 0xc0) return decode_raw_transaction(raw);  // canonical form: first field chain_id

    ByteView body;
    CS_TRY(read_list(p, body));
    auto tx = decode_typed(body, TxType::kBlob);
    if (!tx) return tx;
    BlobSidecar s;
    CS_TRY(need_field(p));
    if (p[0] < 0xc0) {
        std::uint64_t version = 0;
        CS_TRY(read(p, version));
        if (version != 1) return unexpected(TxError::kInvalidBlobSidecar);
        s.wrapper_version = 1;
    }
    CS_TRY(read_sized_items(p, kBlobSize, s.blobs));
    CS_TRY(read_sized_items(p, 48, s.commitments));
    CS_TRY(read_sized_items(p, 48, s.proofs));
    if (!p.empty()) return unexpected(TxError::kWrongFieldCount);
    const std::size_t n = tx->blob_versioned_hashes.size();
    const std::size_t proofs_per_blob = s.wrapper_version == 1 ? kCellsPerExtBlob : 1;
    if (s.blobs.size() != n || s.commitments.size() != n || s.proofs.size() != n * proofs_per_blob)
        return unexpected(TxError::kInvalidBlobSidecar);
    for (std::size_t i = 0; i < n; ++i)
        if (!commitment_matches(s.commitments[i], tx->blob_versioned_hashes[i]))
            return unexpected(TxError::kBlobCommitmentMismatch);
    if (sidecar) *sidecar = std::move(s);
    return tx;
}

namespace {

    // A deposit has its own fields and none of the signed types' (their defaults stand in for "absent").
    Expected<void, TxError> check_deposit_well_formed(const Transaction& tx) noexcept {
        if (!tx.source_hash || !tx.from || !tx.mint) return unexpected(TxError::kMalformed);
        if (tx.chain_id || tx.nonce != 0 || tx.gas_price || tx.max_priority_fee_per_gas || tx.max_fee_per_gas ||
            !tx.access_list.empty() || tx.max_fee_per_blob_gas || !tx.blob_versioned_hashes.empty() ||
            !tx.authorization_list.empty() || tx.odd_y_parity || !tx.r.is_zero() || !tx.s.is_zero())
            return unexpected(TxError::kMalformed);
        return {};
    }

}  // namespace

Expected<void, TxError> check_well_formed(const Transaction& tx) noexcept {
    if (tx.type == TxType::kDeposit) return check_deposit_well_formed(tx);
    if (tx.source_hash || tx.from || tx.mint || tx.is_system_transaction) return unexpected(TxError::kMalformed);
    const bool legacy = tx.type == TxType::kLegacy;
    const bool fee_market = !legacy && tx.type != TxType::kAccessList;
    if (static_cast<std::uint8_t>(tx.type) > 4) return unexpected(TxError::kUnsupportedType);
    if (!legacy && !tx.chain_id) return unexpected(TxError::kMalformed);
    if (tx.gas_price.has_value() == fee_market) return unexpected(TxError::kMalformed);
    if (tx.max_fee_per_gas.has_value() != fee_market || tx.max_priority_fee_per_gas.has_value() != fee_market)
        return unexpected(TxError::kMalformed);
    if (legacy && !tx.access_list.empty()) return unexpected(TxError::kMalformed);
    const bool blob = tx.type == TxType::kBlob;
    if (tx.max_fee_per_blob_gas.has_value() != blob || (!blob && !tx.blob_versioned_hashes.empty()))
        return unexpected(TxError::kMalformed);
    if (tx.type != TxType::kSetCode && !tx.authorization_list.empty()) return unexpected(TxError::kMalformed);
    if ((blob || tx.type == TxType::kSetCode) && !tx.to) return unexpected(TxError::kMissingTo);
    // Legacy v = chain_id * 2 + 36 must fit 256 bits.
    if (legacy && tx.chain_id && *tx.chain_id > ((~Uint256{}) - Uint256{36}) >> 1)
        return unexpected(TxError::kChainIdTooLarge);
    return {};
}

}  // namespace countersign::chain
