// SPDX-License-Identifier: Apache-2.0
#include "conformance/trie_tests.hpp"

#include <algorithm>
#include <cctype>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "chain/mpt_proof.hpp"
#include "chain/trie.hpp"
#include "chain/trie_root.hpp"
#include "crypto/hex.hpp"
#include "crypto/keccak.hpp"

namespace countersign::conformance {
namespace {

using nlohmann::json;

bool is_secure(const std::filesystem::path& path) {
    std::string name = path.filename().string();
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
    return name.find("secure") != std::string::npos;
}

// A case is {"in": [[k, v], ...] | {k: v, ...}, "root": "0x…"} (hex_encoded_securetrie_test adds
// "hexEncoded": true).
bool is_case(const json& c) {
    if (!c.is_object() || !c.contains("in") || !c.contains("root") || !c["root"].is_string()) return false;
    for (const auto& [field, _] : c.items())
        if (field != "in" && field != "root" && field != "hexEncoded") return false;
    return c["in"].is_array() || c["in"].is_object();
}

bool detect(const std::filesystem::path& path, std::string_view text) {
    if (path.extension() != ".json" || path.filename().string().find("trie") == std::string::npos) return false;
    if (text.find("\"root\"") == std::string_view::npos) return false;
    const json doc = json::parse(text, nullptr, false);
    if (doc.is_discarded() || !doc.is_object() || doc.empty()) return false;
    return std::all_of(doc.begin(), doc.end(), is_case);
}

// "0x…" is hex, anything else is the string's bytes; null is the empty value, which deletes.
std::optional<Bytes> to_bytes(const json& v, std::string& why) {
    if (v.is_null()) return Bytes{};
    if (!v.is_string()) {
        why = "not a string: " + v.dump();
        return std::nullopt;
    }
    const auto& s = v.get_ref<const std::string&>();
    if (s.rfind("0x", 0) == 0) {
        auto b = parse_hex(s, HexPrefix::kRequired);
        if (!b) {
            why = "bad hex " + s + ": " + std::string{to_string(b.error())};
            return std::nullopt;
        }
        return *b;
    }
    return Bytes{to_view(s)};
}

bool read_pairs(const json& in, std::vector<chain::KeyValue>& pairs, std::string& why) {
    auto add = [&](const json& k, const json& v) {
        auto key = to_bytes(k, why);
        if (!key || k.is_null()) {
            if (why.empty()) why = "null key";
            return false;
        }
        auto value = to_bytes(v, why);
        if (!value) return false;
        pairs.emplace_back(std::move(*key), std::move(*value));
        return true;
    };
    if (in.is_object()) {
        for (const auto& [k, v] : in.items())
            if (!add(json(k), v)) return false;
        return true;
    }
    for (const json& p : in) {
        if (!p.is_array() || p.size() != 2) {
            why = "pair is not [key, value]: " + p.dump();
            return false;
        }
        if (!add(p[0], p[1])) return false;
    }
    return true;
}

// Rebuilds the case's trie with chain::Trie and walks a proof for every key ever inserted: live keys must
// prove their value, deleted ones must prove absent.
std::string check_proofs(const std::vector<chain::KeyValue>& pairs, bool secure, const Hash32& root) {
    chain::Trie trie;
    std::vector<Bytes> keys;
    for (const auto& [k, v] : pairs) {
        Bytes key = secure ? Bytes{keccak256(k).view()} : k;
        trie.put(key, v);
        keys.push_back(std::move(key));
    }
    if (trie.root() != root) return "chain::Trie root " + to_hex(trie.root());
    const auto mode = secure ? chain::TrieKeys::kPrefixFree : chain::TrieKeys::kAny;
    for (const Bytes& key : keys) {
        const auto proof = trie.prove(key);
        const auto got = chain::verify_proof(root, key, proof, mode);
        if (!got) return "proof of " + to_hex(key) + ": " + std::string{chain::to_string(got.error())};
        const auto want = trie.get(key);
        if (want ? (!got->is_found() || got->value() != *want) : !got->is_absent())
            return "proof of " + to_hex(key) + " gives the wrong outcome";
    }
    return {};
}

FileResult run(const std::filesystem::path& path, std::string_view text) {
    FileResult result;
    const json doc = json::parse(text, nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) {
        result.fail(path.filename().string() + ": not a JSON object");
        return result;
    }
    const bool secure = is_secure(path);
    for (const auto& [name, c] : doc.items()) {
        if (!is_case(c)) {
            result.fail(name + ": not a TrieTests case");
            continue;
        }
        std::string why;
        std::vector<chain::KeyValue> pairs;
        if (!read_pairs(c["in"], pairs, why)) {
            result.fail(name + ": " + why);
            continue;
        }
        auto root = parse_hex_fixed<32>(c["root"].get<std::string>(), HexPrefix::kRequired);
        if (!root) {
            result.fail(name + ": bad root");
            continue;
        }
        const Hash32 got = secure ? chain::secure_trie_root(pairs) : chain::trie_root(pairs);
        if (got != *root) {
            result.fail(name + ": root " + to_hex(got) + ", expected " + to_hex(*root));
            continue;
        }
        if (auto err = check_proofs(pairs, secure, *root); !err.empty()) {
            result.fail(name + ": " + err);
            continue;
        }
        result.pass();
    }
    return result;
}

}  // namespace

const Format kTrieTests{"trie-tests", detect, run};

}  // namespace countersign::conformance
