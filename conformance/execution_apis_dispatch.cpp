// SPDX-License-Identifier: Apache-2.0
// From a request to what it asks for in the verified chain, and from there to the response's check. An
// error or null response is right exactly when the request was malformed or names nothing in the chain.
#include <string>

#include "conformance/execution_apis_checks.hpp"
#include "crypto/hex.hpp"

namespace countersign::conformance::xapi {
namespace {

using nlohmann::json;
using Kind = Target::Kind;

Target invalid(std::string why) { return Target{Kind::kInvalid, std::move(why)}; }

Target from_ref(const BlockRef& ref) {
    switch (ref.kind) {
        case BlockRef::Kind::kFound:
            return Target{Kind::kFound, {}, ref.number};
        case BlockRef::Kind::kNotFound:
            return Target{Kind::kNotFound, {}};
        case BlockRef::Kind::kInvalid:
            return invalid(ref.why);
        case BlockRef::Kind::kUnsupported:
            return Target{Kind::kUnsupported, ref.why};
    }
    return invalid("unknown block reference");
}

const json* param(const json& params, std::size_t i) {
    return params.is_array() && i < params.size() ? &params[i] : nullptr;
}

enum class BlockParam { kNumberOrTag, kHash, kAny };

Target block_target(const ChainContext& ctx, const json& params, BlockParam kind, bool needs_flag) {
    const json* p = param(params, 0);
    if (p == nullptr) return invalid("no block parameter");
    if (needs_flag) {
        const json* full = param(params, 1);
        if (full == nullptr || !full->is_boolean()) return invalid("second parameter is not a boolean");
    }
    if (kind == BlockParam::kHash && !json_hash(*p)) return invalid("not a block hash");
    return from_ref(resolve_block(ctx, *p, kind != BlockParam::kNumberOrTag));
}

Target tx_target(const ChainContext& ctx, const json& params) {
    const json* p = param(params, 0);
    if (p == nullptr) return invalid("no transaction hash");
    auto h = json_hash(*p);
    if (!h) return invalid("not a transaction hash");
    auto it = ctx.tx_position.find(*h);
    if (it == ctx.tx_position.end()) return Target{Kind::kNotFound, {}};
    return Target{Kind::kFound, {}, it->second.first, it->second.second};
}

Target tx_in_block_target(const ChainContext& ctx, const json& params, bool by_hash) {
    Target t = block_target(ctx, params, by_hash ? BlockParam::kHash : BlockParam::kNumberOrTag, false);
    const json* p = param(params, 1);
    auto index = p ? json_u64(*p) : std::nullopt;
    if (!index) return invalid("no transaction index");
    if (t.kind != Kind::kFound) return t;
    const VerifiedBlock* b = ctx.block(t.number);
    if (b != nullptr && *index >= b->block.transactions.size()) return Target{Kind::kNotFound, {}};
    t.index = static_cast<std::size_t>(*index);
    return t;
}

Target proof_target(const ChainContext& ctx, const json& params) {
    const json* address = param(params, 0);
    const json* keys = param(params, 1);
    const json* block = param(params, 2);
    if (address == nullptr || !json_address(*address)) return invalid("no address");
    if (keys == nullptr || !keys->is_array()) return invalid("storage keys are not an array");
    for (const auto& k : *keys) {
        auto b = json_data(k);
        if (!b || b->size() > 32) return invalid("a storage key is not up to 32 bytes of hex");
    }
    if (block == nullptr) return invalid("no block parameter");
    return from_ref(resolve_block(ctx, *block, true));
}

}  // namespace

void Outcome::merge(const Outcome& other, const std::string& prefix) {
    for (const auto& m : other.mismatches) mismatches.push_back(prefix + m);
    for (const auto& u : other.unbound) unbound.push_back(prefix + u);
    if (skip.empty() && !other.skip.empty()) skip = prefix + other.skip;
}

std::optional<std::uint64_t> json_u64(const json& v) {
    auto q = json_quantity(v);
    if (!q || !q->fits_u64()) return std::nullopt;
    return q->low64();
}

std::optional<Uint256> json_quantity(const json& v) {
    if (!v.is_string()) return std::nullopt;
    auto q = Uint256::parse_quantity(v.get<std::string>());
    if (!q) return std::nullopt;
    return *q;
}

std::optional<Bytes> json_data(const json& v) {
    if (!v.is_string()) return std::nullopt;
    auto b = parse_hex(v.get<std::string>(), HexPrefix::kRequired);
    if (!b) return std::nullopt;
    return std::move(*b);
}

std::optional<Hash32> json_hash(const json& v) {
    auto b = json_data(v);
    if (!b || b->size() != 32) return std::nullopt;
    return Hash32::from_view_unchecked(*b);
}

std::optional<Address> json_address(const json& v) {
    auto b = json_data(v);
    if (!b || b->size() != 20) return std::nullopt;
    return Address::from_view_unchecked(*b);
}

Outcome check_exchange(const ChainContext& ctx, const Exchange& ex) {
    Outcome o;
    const json& req = ex.request;
    const json& resp = ex.response;
    if (!req.is_object() || !resp.is_object()) {
        o.mismatch("request or response is not a JSON object");
        return o;
    }
    const std::string method =
        req.contains("method") && req["method"].is_string() ? req["method"].get<std::string>() : "";
    const json params = req.contains("params") ? req["params"] : json::array();
    if (req.contains("id") != resp.contains("id") || (req.contains("id") && req["id"] != resp["id"]))
        o.mismatch("response id differs from the request id");
    const bool is_error = resp.contains("error");
    if (is_error == resp.contains("result")) {
        o.mismatch("response must hold exactly one of result and error");
        return o;
    }
    const json result = is_error ? json(nullptr) : resp["result"];

    Target t;
    if (method == "eth_getBlockByNumber") {
        t = block_target(ctx, params, BlockParam::kNumberOrTag, true);
    } else if (method == "eth_getBlockByHash") {
        t = block_target(ctx, params, BlockParam::kHash, true);
    } else if (method == "eth_getTransactionByHash" || method == "eth_getTransactionReceipt" ||
               method == "debug_getRawTransaction") {
        t = tx_target(ctx, params);
    } else if (method == "eth_getTransactionByBlockHashAndIndex") {
        t = tx_in_block_target(ctx, params, true);
    } else if (method == "eth_getTransactionByBlockNumberAndIndex") {
        t = tx_in_block_target(ctx, params, false);
    } else if (method == "eth_getBlockReceipts" || method == "debug_getRawHeader" || method == "debug_getRawBlock" ||
               method == "debug_getRawReceipts") {
        t = block_target(ctx, params, BlockParam::kAny, false);
    } else if (method == "eth_getProof") {
        t = proof_target(ctx, params);
    } else if (method == "eth_getLogs") {
        const json* filter = param(params, 0);
        t = filter ? logs_target(ctx, *filter) : invalid("no filter");
    } else {
        o.skip = "method " + (method.empty() ? std::string{"(none)"} : method) +
                 " is not checked: its answer is not bound to the chain's verified data";
        return o;
    }

    const bool absent = is_error || result.is_null();
    switch (t.kind) {
        case Kind::kInvalid:
            if (!absent) o.skip = "request not understood by the checker (" + t.why + "), yet the node answered";
            return o;
        case Kind::kNotFound:
            if (!absent) o.mismatch("a result for something that is not in the verified chain");
            return o;
        case Kind::kUnsupported:
            o.skip = t.why;
            return o;
        case Kind::kFound:
            break;
    }
    if (absent) {
        o.mismatch(is_error ? "an error for something the verified chain holds"
                            : "null for something the verified chain holds");
        return o;
    }
    if (method != "eth_getLogs" && t.number == 0 && ctx.block(0) == nullptr) {
        o.skip = "the genesis header is not verified: " + ctx.genesis_problem;
        return o;
    }
    Outcome r;
    if (method == "eth_getBlockByNumber" || method == "eth_getBlockByHash") {
        r = check_block(ctx, t, params, result);
    } else if (method == "eth_getTransactionByHash" || method == "eth_getTransactionByBlockHashAndIndex" ||
               method == "eth_getTransactionByBlockNumberAndIndex") {
        r = check_transaction(ctx, t, result);
    } else if (method == "eth_getTransactionReceipt") {
        r = check_receipt(ctx, t, result);
    } else if (method == "debug_getRawTransaction") {
        r = check_raw_transaction(ctx, t, result);
    } else if (method == "eth_getBlockReceipts") {
        r = check_block_receipts(ctx, t, result);
    } else if (method == "debug_getRawHeader") {
        r = check_raw_header(ctx, t, result);
    } else if (method == "debug_getRawBlock") {
        r = check_raw_block(ctx, t, result);
    } else if (method == "debug_getRawReceipts") {
        r = check_raw_receipts(ctx, t, result);
    } else if (method == "eth_getProof") {
        r = check_proof(ctx, t, params, result);
    } else if (method == "eth_getLogs") {
        r = check_logs(ctx, params[0], result);
    }
    o.merge(r, "");
    return o;
}

}  // namespace countersign::conformance::xapi
