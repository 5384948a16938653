// SPDX-License-Identifier: Apache-2.0
// eth_getProof: the account proof against the verified block's stateRoot, each storage proof against the
// storage root that account proof proves; every returned value must be the proven one.
#include <string>
#include <vector>

#include "chain/account.hpp"
#include "conformance/execution_apis_checks.hpp"
#include "crypto/hex.hpp"

namespace countersign::conformance::xapi {
namespace {

using nlohmann::json;

std::optional<std::vector<Bytes>> nodes_of(const json& v) {
    if (!v.is_array()) return std::nullopt;
    std::vector<Bytes> out;
    for (const auto& n : v) {
        auto b = json_data(n);
        if (!b) return std::nullopt;
        out.push_back(std::move(*b));
    }
    return out;
}

// A storage key as requested or returned: up to 32 bytes of hex (geth echoes "0x0" for "0x00"), as a slot.
std::optional<Bytes32> slot_of(const json& v) {
    if (!v.is_string()) return std::nullopt;
    const std::string s = v.get<std::string>();
    if (s.size() < 3 || s.rfind("0x", 0) != 0 || s.size() > 66) return std::nullopt;
    auto n = Uint256::parse_hex(s);
    if (!n) return std::nullopt;
    return n->to_be();
}

}  // namespace

Outcome check_proof(const ChainContext& ctx, const Target& t, const json& params, const json& result) {
    Outcome o;
    const VerifiedBlock& b = *ctx.block(t.number);
    if (!result.is_object()) {
        o.mismatch("result is not an object");
        return o;
    }
    auto get = [&](const char* k) { return result.contains(k) ? result[k] : json(nullptr); };
    const Address address = *json_address(params[0]);
    if (json_address(get("address")) != address) o.mismatch("address differs from the requested one");

    const auto account_nodes = nodes_of(get("accountProof"));
    if (!account_nodes) {
        o.mismatch("accountProof is not an array of hex nodes");
        return o;
    }
    auto proven = chain::verify_account_proof(b.block.header.state_root, address, *account_nodes);
    if (!proven) {
        o.mismatch("accountProof does not prove against the verified stateRoot: " +
                   std::string{chain::to_string(proven.error())});
        return o;
    }
    const std::optional<chain::Account>& account = *proven;
    const chain::Account want = account.value_or(chain::Account{});
    if (json_quantity(get("balance")) != want.balance) o.mismatch("balance differs from the proven account");
    if (json_u64(get("nonce")) != want.nonce) o.mismatch("nonce differs from the proven account");
    // For an absent account nodes write either the empty values or zero hashes.
    const auto code_hash = json_hash(get("codeHash"));
    if (code_hash != want.code_hash && !(!account && code_hash == Hash32{}))
        o.mismatch("codeHash differs from the proven account");
    const auto storage_hash = json_hash(get("storageHash"));
    if (storage_hash != want.storage_root && !(!account && storage_hash == Hash32{}))
        o.mismatch("storageHash differs from the proven account");

    const json& keys = params[1];
    const json storage = get("storageProof");
    if (!storage.is_array() || storage.size() != keys.size()) {
        o.mismatch("storageProof: not one entry per requested key");
        return o;
    }
    for (std::size_t i = 0; i < keys.size(); ++i) {
        const std::string where = "storageProof[" + std::to_string(i) + "]";
        const json& e = storage[i];
        if (!e.is_object()) {
            o.mismatch(where + ": not an object");
            continue;
        }
        const auto slot = slot_of(e.value("key", json(nullptr)));
        if (!slot || slot != slot_of(keys[i])) {
            o.mismatch(where + ".key differs from the requested key");
            continue;
        }
        const auto nodes = nodes_of(e.value("proof", json(nullptr)));
        if (!nodes) {
            o.mismatch(where + ".proof is not an array of hex nodes");
            continue;
        }
        auto value = chain::verify_storage_proof(want.storage_root, *slot, *nodes);
        if (!value) {
            o.mismatch(where + ".proof does not prove against the proven storageHash: " +
                       std::string{chain::to_string(value.error())});
            continue;
        }
        if (json_quantity(e.value("value", json(nullptr))) != *value)
            o.mismatch(where + ".value differs from the proven value");
        for (const auto& [key, v] : e.items())
            if (key != "key" && key != "value" && key != "proof") o.unbound.push_back(where + "." + key);
    }
    for (const auto& [key, v] : result.items())
        if (key != "address" && key != "accountProof" && key != "balance" && key != "nonce" && key != "codeHash" &&
            key != "storageHash" && key != "storageProof")
            o.unbound.push_back(key);
    return o;
}

}  // namespace countersign::conformance::xapi
