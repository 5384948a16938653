// SPDX-License-Identifier: Apache-2.0
#pragma once
// Test-only helpers (included by *_test.cpp, never by the library): read the committed JSON fixtures and
// turn their values into AbiValues. Conventions, shared with the fixture generators: integers are decimal
// strings (negative for intN), bytes/bytesN/address are 0x-hex, bools are JSON bools, tuples and arrays are
// JSON arrays (EIP-712 structs are JSON objects keyed by member name).

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "chain/abi.hpp"
#include "chain/eip712.hpp"
#include "crypto/hex.hpp"

namespace countersign::chain::testing {

inline nlohmann::json load_fixture(const std::string& relative) {
    std::ifstream in(std::string(COUNTERSIGN_SOURCE_DIR) + "/" + relative);
    if (!in) throw std::runtime_error("cannot open fixture " + relative);
    std::stringstream ss;
    ss << in.rdbuf();
    return nlohmann::json::parse(ss.str());
}

inline Bytes hex_bytes(const nlohmann::json& j) { return hex_literal(j.get<std::string>()); }
inline Hash32 hex_hash(const nlohmann::json& j) { return hex_literal_fixed<32>(j.get<std::string>()); }

inline Uint256 json_int(const nlohmann::json& j) {
    std::string s = j.is_string() ? j.get<std::string>() : j.dump();
    const bool negative = !s.empty() && s[0] == '-';
    if (negative) s.erase(0, 1);
    auto v = Uint256::parse(s);
    if (!v) throw std::runtime_error("bad integer " + s);
    return negative ? (~*v) + Uint256(1) : *v;
}

inline AbiValue json_to_abi(const AbiType& t, const nlohmann::json& j) {
    using Kind = AbiType::Kind;
    switch (t.kind()) {
        case Kind::kAddress: return AbiValue::address(hex_literal_fixed<20>(j.get<std::string>()));
        case Kind::kBool: return AbiValue::boolean(j.get<bool>());
        case Kind::kUint:
        case Kind::kInt: return AbiValue::uint(json_int(j));
        case Kind::kFixedBytes:
        case Kind::kBytes: return AbiValue::bytes(hex_bytes(j));
        case Kind::kString: return AbiValue::string(j.get<std::string>());
        case Kind::kTuple: {
            AbiValue::List l;
            for (std::size_t i = 0; i < t.components().size(); ++i) l.push_back(json_to_abi(t.components()[i], j.at(i)));
            return AbiValue::list(std::move(l));
        }
        case Kind::kArray:
        case Kind::kFixedArray: {
            AbiValue::List l;
            for (const auto& e : j) l.push_back(json_to_abi(t.element(), e));
            return AbiValue::list(std::move(l));
        }
    }
    throw std::runtime_error("unreachable");
}

inline AbiValues json_to_abi(std::span<const AbiType> types, const nlohmann::json& j) {
    AbiValues out;
    for (std::size_t i = 0; i < types.size(); ++i) out.push_back(json_to_abi(types[i], j.at(i)));
    return out;
}

inline Eip712Types json_to_eip712_types(const nlohmann::json& j) {
    Eip712Types types;
    for (const auto& [name, members] : j.items())
        for (const auto& m : members) types[name].push_back({m.at("name").get<std::string>(), m.at("type").get<std::string>()});
    return types;
}

inline AbiValue json_to_eip712(const Eip712Types& types, const std::string& type, const nlohmann::json& j) {
    if (!type.empty() && type.back() == ']') {
        const std::string element = type.substr(0, type.rfind('['));
        AbiValue::List l;
        for (const auto& e : j) l.push_back(json_to_eip712(types, element, e));
        return AbiValue::list(std::move(l));
    }
    if (auto it = types.find(type); it != types.end()) {
        AbiValue::List l;
        for (const auto& m : it->second) l.push_back(json_to_eip712(types, m.type, j.at(m.name)));
        return AbiValue::list(std::move(l));
    }
    auto t = parse_abi_type(type);
    if (!t) throw std::runtime_error("bad type " + type);
    return json_to_abi(*t, j);
}

inline Eip712Domain json_to_domain(const nlohmann::json& j) {
    Eip712Domain d;
    if (j.contains("name")) d.name = j["name"].get<std::string>();
    if (j.contains("version")) d.version = j["version"].get<std::string>();
    if (j.contains("chainId")) d.chain_id = json_int(j["chainId"]);
    if (j.contains("verifyingContract")) d.verifying_contract = hex_literal_fixed<20>(j["verifyingContract"].get<std::string>());
    if (j.contains("salt")) d.salt = hex_literal_fixed<32>(j["salt"].get<std::string>());
    return d;
}

}  // namespace countersign::chain::testing
