// SPDX-License-Identifier: Apache-2.0
#include "verify/claims_json.hpp"

#include <nlohmann/json.hpp>

#include "crypto/hex.hpp"

namespace countersign::verify {

using chain::JsonDialect;
using chain::JsonError;
using chain::JsonFieldReader;

namespace {

bool read_nodes(JsonFieldReader& r, std::string_view field, std::vector<Bytes>& out) {
    const auto* nodes = r.member(field);
    if (nodes == nullptr || !nodes->is_array()) {
        r.fail(field, "not an array");
        return false;
    }
    if (nodes->size() > kMaxProofNodes) {
        r.fail(field, "too many proof nodes");
        return false;
    }
    for (const auto& n : *nodes) {
        Bytes node;
        r.read_value(n, field, node);
        if (!r.ok()) return false;
        out.push_back(std::move(node));
    }
    return true;
}

}  // namespace

Expected<ClaimedLog, JsonError> log_from_rpc_json(const nlohmann::json& object) {
    if (!object.is_object()) return unexpected(JsonError{"", "log is not an object"});
    JsonFieldReader r{object, JsonDialect::kRpc};
    ClaimedLog out;
    r.read("address", out.log.address);
    r.read("data", out.log.data);
    if (r.ok()) {
        const auto* topics = r.member("topics");
        if (topics == nullptr || !topics->is_array()) {
            r.fail("topics", "not an array");
        } else if (topics->size() > chain::kMaxLogTopics) {
            r.fail("topics", "more than four topics");
        } else {
            for (const auto& t : *topics) {
                Hash32 topic;
                r.read_value(t, "topics", topic);
                if (!r.ok()) break;
                out.log.topics.push_back(topic);
            }
        }
    }
    r.read("blockHash", out.claims.block_hash);
    r.read("blockNumber", out.claims.block_number);
    r.read("transactionHash", out.claims.transaction_hash);
    r.read("transactionIndex", out.claims.transaction_index);
    r.read("logIndex", out.claims.log_index);
    r.read("removed", out.claims.removed);
    if (!r.ok()) return unexpected(*r.error());
    return out;
}

Expected<std::vector<ClaimedLog>, JsonError> logs_from_rpc_json(const nlohmann::json& array) {
    if (!array.is_array()) return unexpected(JsonError{"", "logs are not an array"});
    std::vector<ClaimedLog> out;
    out.reserve(array.size());
    for (const auto& element : array) {
        auto log = log_from_rpc_json(element);
        if (!log) return unexpected(log.error());
        out.push_back(std::move(*log));
    }
    return out;
}

Expected<ClaimedAccountProof, JsonError> account_proof_from_rpc_json(const nlohmann::json& object) {
    if (!object.is_object()) return unexpected(JsonError{"", "proof is not an object"});
    JsonFieldReader r{object, JsonDialect::kRpc};
    ClaimedAccountProof out;
    r.read("address", out.address);
    r.read("balance", out.balance);
    r.read("nonce", out.nonce);
    r.read("codeHash", out.code_hash);
    r.read("storageHash", out.storage_hash);
    if (r.ok()) read_nodes(r, "accountProof", out.account_proof);
    if (r.ok()) {
        const auto* storage = r.member("storageProof");
        if (storage == nullptr || !storage->is_array()) {
            r.fail("storageProof", "not an array");
        } else if (storage->size() > kMaxStorageProofs) {
            r.fail("storageProof", "too many entries");
        } else {
            for (const auto& s : *storage) {
                if (!s.is_object()) {
                    r.fail("storageProof", "entry is not an object");
                    break;
                }
                JsonFieldReader sr{s, JsonDialect::kRpc};
                ClaimedStorageProof p;
                // Nodes echo the key as requested, so "0x0" and "0x00" appear; it is a 32-byte word.
                Bytes key;
                const auto* key_text = sr.member("key");
                if (key_text == nullptr || !key_text->is_string()) {
                    sr.fail("key", "not a string");
                } else {
                    std::string k = key_text->get<std::string>();
                    if (k.size() > 2 && k.size() % 2 == 1 && k.starts_with("0x")) k = std::string{"0x0"} + k.substr(2);
                    auto parsed = parse_hex(k, HexPrefix::kRequired);
                    if (!parsed)
                        sr.fail("key", "not hex");
                    else
                        key = std::move(*parsed);
                }
                if (sr.ok() && key.size() > 32) sr.fail("key", "longer than 32 bytes");
                if (sr.ok()) std::copy(key.begin(), key.end(), p.key.bytes.begin() + (32 - key.size()));
                sr.read("value", p.value);
                if (sr.ok()) read_nodes(sr, "proof", p.proof);
                if (!sr.ok()) return unexpected(JsonError{"storageProof." + sr.error()->field, sr.error()->reason});
                out.storage.push_back(std::move(p));
            }
        }
    }
    if (!r.ok()) return unexpected(*r.error());
    return out;
}

}  // namespace countersign::verify
