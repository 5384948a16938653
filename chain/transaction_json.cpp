// SPDX-License-Identifier: Apache-2.0
#include "chain/transaction_json.hpp"

#include <exception>

#include <nlohmann/json.hpp>

#include "crypto/hex.hpp"

namespace countersign::chain {

std::string_view to_string(TxJsonError e) noexcept {
    switch (e) {
        case TxJsonError::kNotAnObject: return "tx json: not an object";
        case TxJsonError::kMissingField: return "tx json: missing field";
        case TxJsonError::kWrongJsonType: return "tx json: wrong JSON type";
        case TxJsonError::kInvalidQuantity: return "tx json: invalid quantity";
        case TxJsonError::kInvalidData: return "tx json: invalid hex data";
        case TxJsonError::kInvalidAddress: return "tx json: invalid address";
        case TxJsonError::kInvalidHash: return "tx json: invalid hash";
        case TxJsonError::kUnsupportedType: return "tx json: unsupported transaction type";
        case TxJsonError::kFieldNotAllowed: return "tx json: field not allowed for this transaction type";
        case TxJsonError::kInconsistent: return "tx json: redundant fields disagree";
        case TxJsonError::kInvalidTransaction: return "tx json: not a valid transaction";
    }
    return "tx json: unknown error";
}

namespace {

    using json = nlohmann::json;
    using Failure = TxJsonFailure;
    template <class T>
    using Result = Expected<T, Failure>;

    Unexpected<Failure> fail(TxJsonError e, std::string_view field) { return unexpected(Failure{e, std::string{field}}); }

    // A present, non-null member, or nullptr.
    const json* member(const json& obj, std::string_view key) {
        auto it = obj.find(key);
        if (it == obj.end() || it->is_null()) return nullptr;
        return &*it;
    }

    Result<const json*> required(const json& obj, std::string_view key) {
        const json* v = member(obj, key);
        if (!v) return fail(TxJsonError::kMissingField, key);
        return v;
    }

    Result<std::string_view> string_of(const json& v, std::string_view key) {
        if (!v.is_string()) return fail(TxJsonError::kWrongJsonType, key);
        return std::string_view{v.get_ref<const std::string&>()};
    }

    Result<Uint256> quantity(const json& v, std::string_view key) {
        auto s = string_of(v, key);
        if (!s) return unexpected(s.error());
        auto q = Uint256::parse_quantity(*s);
        if (!q) return fail(TxJsonError::kInvalidQuantity, key);
        return *q;
    }

    Result<std::uint64_t> quantity64(const json& v, std::string_view key) {
        auto q = quantity(v, key);
        if (!q) return unexpected(q.error());
        if (!q->fits_u64()) return fail(TxJsonError::kInvalidQuantity, key);
        return q->low64();
    }

    Result<Bytes> data_of(const json& v, std::string_view key) {
        auto s = string_of(v, key);
        if (!s) return unexpected(s.error());
        auto b = parse_hex(*s, HexPrefix::kRequired);
        if (!b) return fail(TxJsonError::kInvalidData, key);
        return std::move(*b);
    }

    template <std::size_t N>
    Result<FixedBytes<N>> fixed_of(const json& v, std::string_view key) {
        const TxJsonError err = N == 20 ? TxJsonError::kInvalidAddress : TxJsonError::kInvalidHash;
        auto s = string_of(v, key);
        if (!s) return unexpected(s.error());
        auto b = parse_hex_fixed<N>(*s, HexPrefix::kRequired);
        if (!b) return fail(err, key);
        return *b;
    }

    // Optional typed members: nullopt when absent or null.
    template <class T, class F>
    Result<std::optional<T>> optional_member(const json& obj, std::string_view key, F parse) {
        const json* v = member(obj, key);
        if (!v) return std::optional<T>{};
        auto r = parse(*v, key);
        if (!r) return unexpected(r.error());
        return std::optional<T>{std::move(*r)};
    }

#define CS_JSON_TRY(var, expr)                          \
    auto var##_result = (expr);                          \
    if (!var##_result) return unexpected(var##_result.error()); \
    auto& var = *var##_result

#define CS_JSON_CHECK(expr)                                         \
    do {                                                            \
        if (auto cs_check = (expr); !cs_check) return unexpected(cs_check.error()); \
    } while (false)

    Result<std::vector<AccessListEntry>> access_list_of(const json& v, std::string_view key) {
        if (!v.is_array()) return fail(TxJsonError::kWrongJsonType, key);
        std::vector<AccessListEntry> out;
        for (const json& e : v) {
            if (!e.is_object()) return fail(TxJsonError::kWrongJsonType, key);
            AccessListEntry entry;
            CS_JSON_TRY(address, required(e, "address"));
            CS_JSON_TRY(a, fixed_of<20>(*address, "accessList.address"));
            entry.address = a;
            CS_JSON_TRY(keys, required(e, "storageKeys"));
            if (!keys->is_array()) return fail(TxJsonError::kWrongJsonType, "accessList.storageKeys");
            for (const json& k : *keys) {
                CS_JSON_TRY(key32, fixed_of<32>(k, "accessList.storageKeys"));
                entry.storage_keys.push_back(key32);
            }
            out.push_back(std::move(entry));
        }
        return out;
    }

    Result<std::vector<Hash32>> hashes_of(const json& v, std::string_view key) {
        if (!v.is_array()) return fail(TxJsonError::kWrongJsonType, key);
        std::vector<Hash32> out;
        for (const json& h : v) {
            CS_JSON_TRY(hash, fixed_of<32>(h, key));
            out.push_back(hash);
        }
        return out;
    }

    // yParity and v are both y parity for typed transactions; either may be present, both must agree.
    Result<std::uint64_t> y_parity_of(const json& obj, std::string_view context) {
        CS_JSON_TRY(y, (optional_member<std::uint64_t>(obj, "yParity", quantity64)));
        CS_JSON_TRY(v, (optional_member<std::uint64_t>(obj, "v", quantity64)));
        if (!y && !v) return fail(TxJsonError::kMissingField, std::string{context} + "yParity");
        if (y && v && *y != *v) return fail(TxJsonError::kInconsistent, std::string{context} + "v");
        return y ? *y : *v;
    }

    Result<std::vector<Authorization>> authorizations_of(const json& v, std::string_view key) {
        if (!v.is_array()) return fail(TxJsonError::kWrongJsonType, key);
        std::vector<Authorization> out;
        for (const json& e : v) {
            if (!e.is_object()) return fail(TxJsonError::kWrongJsonType, key);
            Authorization a;
            CS_JSON_TRY(chain_id, required(e, "chainId"));
            CS_JSON_TRY(cid, quantity(*chain_id, "authorizationList.chainId"));
            a.chain_id = cid;
            CS_JSON_TRY(address, required(e, "address"));
            CS_JSON_TRY(addr, fixed_of<20>(*address, "authorizationList.address"));
            a.address = addr;
            CS_JSON_TRY(nonce, required(e, "nonce"));
            CS_JSON_TRY(n, quantity64(*nonce, "authorizationList.nonce"));
            a.nonce = n;
            CS_JSON_TRY(y, y_parity_of(e, "authorizationList."));
            if (y > 0xff) return fail(TxJsonError::kInvalidQuantity, "authorizationList.yParity");
            a.y_parity = static_cast<std::uint8_t>(y);
            CS_JSON_TRY(r, required(e, "r"));
            CS_JSON_TRY(rv, quantity(*r, "authorizationList.r"));
            a.r = rv;
            CS_JSON_TRY(s, required(e, "s"));
            CS_JSON_TRY(sv, quantity(*s, "authorizationList.s"));
            a.s = sv;
            out.push_back(a);
        }
        return out;
    }

    // A field the type does not have must be absent, null, or (for lists) empty.
    Result<bool> check_absent(const json& obj, std::string_view key) {
        const json* v = member(obj, key);
        if (!v || (v->is_array() && v->empty())) return true;
        return fail(TxJsonError::kFieldNotAllowed, key);
    }

    // Where the node says the transaction sits: claims, checked by whoever binds them to proven data.
    Result<bool> parse_claims(const json& j, RpcTransaction& out) {
        CS_JSON_TRY(hash, (optional_member<Hash32>(j, "hash", fixed_of<32>)));
        out.hash = hash;
        CS_JSON_TRY(from, (optional_member<Address>(j, "from", fixed_of<20>)));
        out.from = from;
        CS_JSON_TRY(block_hash, (optional_member<Hash32>(j, "blockHash", fixed_of<32>)));
        out.block_hash = block_hash;
        CS_JSON_TRY(number, (optional_member<std::uint64_t>(j, "blockNumber", quantity64)));
        out.block_number = number;
        CS_JSON_TRY(index, (optional_member<std::uint64_t>(j, "transactionIndex", quantity64)));
        out.transaction_index = index;
        CS_JSON_TRY(timestamp, (optional_member<std::uint64_t>(j, "blockTimestamp", quantity64)));
        out.block_timestamp = timestamp;
        return true;
    }

    // Nodes write the absent signature of a deposit as "0x0" (op-geth) or leave it out; anything else would
    // be a signature nobody can check, so it is refused rather than dropped.
    Result<bool> check_zero_or_absent(const json& j, std::string_view key) {
        CS_JSON_TRY(v, (optional_member<Uint256>(j, key, quantity)));
        if (v && !v->is_zero()) return fail(TxJsonError::kInvalidTransaction, key);
        return true;
    }

    Result<RpcTransaction> parse_deposit(const json& j) {
        RpcTransaction out;
        Transaction& tx = out.tx;
        tx.type = TxType::kDeposit;
        CS_JSON_TRY(source_hash, required(j, "sourceHash"));
        CS_JSON_TRY(sh, fixed_of<32>(*source_hash, "sourceHash"));
        tx.source_hash = sh;
        CS_JSON_TRY(from, required(j, "from"));
        CS_JSON_TRY(f, fixed_of<20>(*from, "from"));
        tx.from = f;
        CS_JSON_TRY(to, (optional_member<Address>(j, "to", fixed_of<20>)));
        tx.to = to;
        CS_JSON_TRY(mint, (optional_member<Uint256>(j, "mint", quantity)));
        tx.mint = mint.value_or(Uint256{});
        CS_JSON_TRY(value, required(j, "value"));
        CS_JSON_TRY(val, quantity(*value, "value"));
        tx.value = val;
        CS_JSON_TRY(gas, required(j, "gas"));
        CS_JSON_TRY(g, quantity64(*gas, "gas"));
        tx.gas_limit = g;
        if (const json* system = member(j, "isSystemTx")) {
            if (!system->is_boolean()) return fail(TxJsonError::kWrongJsonType, "isSystemTx");
            tx.is_system_transaction = system->get<bool>();
        }
        CS_JSON_TRY(input, required(j, "input"));
        CS_JSON_TRY(in, data_of(*input, "input"));
        tx.data = std::move(in);
        CS_JSON_TRY(data_alias, (optional_member<Bytes>(j, "data", data_of)));
        if (data_alias && *data_alias != tx.data) return fail(TxJsonError::kInconsistent, "data");

        for (std::string_view key : {"v", "r", "s", "yParity"}) CS_JSON_CHECK(check_zero_or_absent(j, key));
        for (std::string_view key : {"chainId", "maxPriorityFeePerGas", "maxFeePerGas", "accessList",
                                     "maxFeePerBlobGas", "blobVersionedHashes", "authorizationList"})
            CS_JSON_CHECK(check_absent(j, key));

        CS_JSON_TRY(nonce, (optional_member<std::uint64_t>(j, "nonce", quantity64)));
        out.deposit_nonce = nonce;
        CS_JSON_TRY(version, (optional_member<std::uint64_t>(j, "depositReceiptVersion", quantity64)));
        out.deposit_receipt_version = version;
        CS_JSON_TRY(gas_price, (optional_member<Uint256>(j, "gasPrice", quantity)));
        out.effective_gas_price = gas_price;
        CS_JSON_CHECK(parse_claims(j, out));
        // The node's `from` claim is the deposit's own field here; two different values cannot both be right.
        if (out.from && *out.from != *tx.from) return fail(TxJsonError::kInconsistent, "from");
        return out;
    }

    Result<RpcTransaction> parse(const json& j, DecodeOptions options) {
        if (!j.is_object()) return fail(TxJsonError::kNotAnObject, "");
        RpcTransaction out;
        Transaction& tx = out.tx;

        CS_JSON_TRY(type, (optional_member<std::uint64_t>(j, "type", quantity64)));
        const std::uint64_t t = type ? *type : 0;
        if (t == static_cast<std::uint64_t>(TxType::kDeposit)) {
            if (!options.op_stack) return fail(TxJsonError::kUnsupportedType, "type");
            return parse_deposit(j);
        }
        if (t > 4) return fail(TxJsonError::kUnsupportedType, "type");
        // Deposit-only fields on a signed type: a node mixing the two is not describing one transaction.
        for (std::string_view key : {"sourceHash", "mint", "isSystemTx"}) CS_JSON_CHECK(check_absent(j, key));
        tx.type = static_cast<TxType>(t);
        const bool legacy = tx.type == TxType::kLegacy;
        const bool fee_market = !legacy && tx.type != TxType::kAccessList;

        CS_JSON_TRY(nonce, required(j, "nonce"));
        CS_JSON_TRY(n, quantity64(*nonce, "nonce"));
        tx.nonce = n;
        CS_JSON_TRY(gas, required(j, "gas"));
        CS_JSON_TRY(g, quantity64(*gas, "gas"));
        tx.gas_limit = g;
        CS_JSON_TRY(to, (optional_member<Address>(j, "to", fixed_of<20>)));
        tx.to = to;
        CS_JSON_TRY(value, required(j, "value"));
        CS_JSON_TRY(val, quantity(*value, "value"));
        tx.value = val;
        CS_JSON_TRY(input, required(j, "input"));
        CS_JSON_TRY(in, data_of(*input, "input"));
        tx.data = std::move(in);
        // Some clients also send the pre-2020 name; it must say the same.
        CS_JSON_TRY(data_alias, (optional_member<Bytes>(j, "data", data_of)));
        if (data_alias && *data_alias != tx.data) return fail(TxJsonError::kInconsistent, "data");

        CS_JSON_TRY(gas_price, (optional_member<Uint256>(j, "gasPrice", quantity)));
        CS_JSON_TRY(chain_id, (optional_member<Uint256>(j, "chainId", quantity)));
        CS_JSON_TRY(r, required(j, "r"));
        CS_JSON_TRY(rv, quantity(*r, "r"));
        tx.r = rv;
        CS_JSON_TRY(s, required(j, "s"));
        CS_JSON_TRY(sv, quantity(*s, "s"));
        tx.s = sv;

        if (fee_market) {
            out.effective_gas_price = gas_price;
            CS_JSON_TRY(prio, required(j, "maxPriorityFeePerGas"));
            CS_JSON_TRY(pv, quantity(*prio, "maxPriorityFeePerGas"));
            tx.max_priority_fee_per_gas = pv;
            CS_JSON_TRY(max, required(j, "maxFeePerGas"));
            CS_JSON_TRY(mv, quantity(*max, "maxFeePerGas"));
            tx.max_fee_per_gas = mv;
        } else {
            if (!gas_price) return fail(TxJsonError::kMissingField, "gasPrice");
            tx.gas_price = gas_price;
            CS_JSON_CHECK(check_absent(j, "maxPriorityFeePerGas"));
            CS_JSON_CHECK(check_absent(j, "maxFeePerGas"));
        }

        if (legacy) {
            CS_JSON_TRY(v, required(j, "v"));
            CS_JSON_TRY(vv, quantity(*v, "v"));
            std::uint64_t parity = 0;
            if (vv == Uint256{27} || vv == Uint256{28}) {
                parity = vv == Uint256{28} ? 1 : 0;
            } else if (vv >= Uint256{35}) {
                const Uint256 w = vv - Uint256{35};
                tx.chain_id = w >> 1;
                parity = w.low64() & 1;
            } else {
                return fail(TxJsonError::kInvalidTransaction, "v");
            }
            tx.odd_y_parity = parity == 1;
            if (chain_id != tx.chain_id && chain_id) return fail(TxJsonError::kInconsistent, "chainId");
            CS_JSON_TRY(y, (optional_member<std::uint64_t>(j, "yParity", quantity64)));
            if (y && *y != parity) return fail(TxJsonError::kInconsistent, "yParity");
            CS_JSON_CHECK(check_absent(j, "accessList"));
        } else {
            if (!chain_id) return fail(TxJsonError::kMissingField, "chainId");
            tx.chain_id = chain_id;
            CS_JSON_TRY(y, y_parity_of(j, ""));
            if (y > 1) return fail(TxJsonError::kInvalidTransaction, "yParity");
            tx.odd_y_parity = y == 1;
            CS_JSON_TRY(al, required(j, "accessList"));
            CS_JSON_TRY(list, access_list_of(*al, "accessList"));
            tx.access_list = std::move(list);
        }

        if (tx.type == TxType::kBlob) {
            CS_JSON_TRY(fee, required(j, "maxFeePerBlobGas"));
            CS_JSON_TRY(fv, quantity(*fee, "maxFeePerBlobGas"));
            tx.max_fee_per_blob_gas = fv;
            CS_JSON_TRY(hashes, required(j, "blobVersionedHashes"));
            CS_JSON_TRY(hv, hashes_of(*hashes, "blobVersionedHashes"));
            tx.blob_versioned_hashes = std::move(hv);
        } else {
            CS_JSON_CHECK(check_absent(j, "maxFeePerBlobGas"));
            CS_JSON_CHECK(check_absent(j, "blobVersionedHashes"));
        }
        if (tx.type == TxType::kSetCode) {
            CS_JSON_TRY(auths, required(j, "authorizationList"));
            CS_JSON_TRY(av, authorizations_of(*auths, "authorizationList"));
            tx.authorization_list = std::move(av);
        } else {
            CS_JSON_CHECK(check_absent(j, "authorizationList"));
        }
        if (auto ok = check_well_formed(tx); !ok) return fail(TxJsonError::kInvalidTransaction, "to");

        CS_JSON_CHECK(parse_claims(j, out));
        return out;
    }

    std::string q(const Uint256& v) { return v.to_quantity(); }
    std::string q(std::uint64_t v) { return Uint256{v}.to_quantity(); }

}  // namespace

Expected<RpcTransaction, TxJsonFailure> transaction_from_json(const nlohmann::json& j,
                                                              DecodeOptions options) noexcept {
    try {
        return parse(j, options);
    } catch (const std::exception&) {
        // Only allocation failure can get here: every access above checks the JSON type first.
        return unexpected(TxJsonFailure{TxJsonError::kWrongJsonType, ""});
    }
}

namespace {

    // The object as op-geth writes it: zero v, r, s for compatibility, isSystemTx only when true.
    json deposit_to_json(const RpcTransaction& rpc) {
        const Transaction& tx = rpc.tx;
        json j = json::object();
        j["type"] = q(static_cast<std::uint64_t>(tx.type));
        j["sourceHash"] = to_hex(tx.source_hash.value_or(Hash32{}));
        j["from"] = to_hex(tx.from.value_or(Address{}));
        j["to"] = tx.to ? json(to_hex(*tx.to)) : json(nullptr);
        j["mint"] = q(tx.mint.value_or(Uint256{}));
        j["value"] = q(tx.value);
        j["gas"] = q(tx.gas_limit);
        if (tx.is_system_transaction) j["isSystemTx"] = true;
        j["input"] = to_hex(ByteView{tx.data});
        j["nonce"] = q(rpc.deposit_nonce.value_or(0));
        if (rpc.deposit_receipt_version) j["depositReceiptVersion"] = q(*rpc.deposit_receipt_version);
        if (rpc.effective_gas_price) j["gasPrice"] = q(*rpc.effective_gas_price);
        j["v"] = "0x0";
        j["r"] = "0x0";
        j["s"] = "0x0";
        if (rpc.hash) j["hash"] = to_hex(*rpc.hash);
        j["blockHash"] = rpc.block_hash ? json(to_hex(*rpc.block_hash)) : json(nullptr);
        j["blockNumber"] = rpc.block_number ? json(q(*rpc.block_number)) : json(nullptr);
        j["transactionIndex"] = rpc.transaction_index ? json(q(*rpc.transaction_index)) : json(nullptr);
        if (rpc.block_timestamp) j["blockTimestamp"] = q(*rpc.block_timestamp);
        return j;
    }

}  // namespace

nlohmann::json transaction_to_json(const RpcTransaction& rpc) {
    const Transaction& tx = rpc.tx;
    if (tx.type == TxType::kDeposit) return deposit_to_json(rpc);
    json j = json::object();
    j["type"] = q(static_cast<std::uint64_t>(tx.type));
    j["nonce"] = q(tx.nonce);
    j["gas"] = q(tx.gas_limit);
    j["to"] = tx.to ? json(to_hex(*tx.to)) : json(nullptr);
    j["value"] = q(tx.value);
    j["input"] = to_hex(ByteView{tx.data});
    j["r"] = q(tx.r);
    j["s"] = q(tx.s);
    const std::uint64_t y = tx.odd_y_parity ? 1 : 0;
    if (tx.chain_id) j["chainId"] = q(*tx.chain_id);
    if (tx.gas_price) j["gasPrice"] = q(*tx.gas_price);
    if (rpc.effective_gas_price) j["gasPrice"] = q(*rpc.effective_gas_price);
    if (tx.max_priority_fee_per_gas) j["maxPriorityFeePerGas"] = q(*tx.max_priority_fee_per_gas);
    if (tx.max_fee_per_gas) j["maxFeePerGas"] = q(*tx.max_fee_per_gas);
    if (tx.type == TxType::kLegacy) {
        j["v"] = q(tx.chain_id ? (*tx.chain_id << 1) + Uint256{35 + y} : Uint256{27 + y});
    } else {
        j["v"] = q(y);
        j["yParity"] = q(y);
        json list = json::array();
        for (const auto& e : tx.access_list) {
            json keys = json::array();
            for (const auto& k : e.storage_keys) keys.push_back(to_hex(k));
            list.push_back({{"address", to_hex(e.address)}, {"storageKeys", std::move(keys)}});
        }
        j["accessList"] = std::move(list);
    }
    if (tx.max_fee_per_blob_gas) j["maxFeePerBlobGas"] = q(*tx.max_fee_per_blob_gas);
    if (tx.type == TxType::kBlob) {
        json hashes = json::array();
        for (const auto& h : tx.blob_versioned_hashes) hashes.push_back(to_hex(h));
        j["blobVersionedHashes"] = std::move(hashes);
    }
    if (tx.type == TxType::kSetCode) {
        json auths = json::array();
        for (const auto& a : tx.authorization_list)
            auths.push_back({{"chainId", q(a.chain_id)},
                             {"address", to_hex(a.address)},
                             {"nonce", q(a.nonce)},
                             {"yParity", q(std::uint64_t{a.y_parity})},
                             {"r", q(a.r)},
                             {"s", q(a.s)}});
        j["authorizationList"] = std::move(auths);
    }
    if (rpc.hash) j["hash"] = to_hex(*rpc.hash);
    if (rpc.from) j["from"] = to_hex(*rpc.from);
    j["blockHash"] = rpc.block_hash ? json(to_hex(*rpc.block_hash)) : json(nullptr);
    j["blockNumber"] = rpc.block_number ? json(q(*rpc.block_number)) : json(nullptr);
    j["transactionIndex"] = rpc.transaction_index ? json(q(*rpc.transaction_index)) : json(nullptr);
    if (rpc.block_timestamp) j["blockTimestamp"] = q(*rpc.block_timestamp);
    return j;
}

}  // namespace countersign::chain
