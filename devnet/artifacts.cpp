// SPDX-License-Identifier: Apache-2.0
#include "devnet/artifacts.hpp"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "crypto/hex.hpp"

#ifndef COUNTERSIGN_DEVNET_ARTIFACTS_DIR
#error "COUNTERSIGN_DEVNET_ARTIFACTS_DIR must be defined by devnet/CMakeLists.txt"
#endif

namespace countersign::devnet {
namespace {

using nlohmann::json;

Expected<std::string, std::string> param_type(const json& param, std::size_t depth) {
    if (depth > 16) return unexpected(std::string("ABI parameter nesting too deep"));
    if (!param.is_object() || !param.contains("type") || !param["type"].is_string())
        return unexpected(std::string("ABI parameter without a type"));
    const std::string type = param["type"].get<std::string>();
    if (type.rfind("tuple", 0) != 0) return type;
    if (!param.contains("components") || !param["components"].is_array())
        return unexpected(std::string("tuple parameter without components"));
    std::string out = "(";
    for (std::size_t i = 0; i < param["components"].size(); ++i) {
        auto component = param_type(param["components"][i], depth + 1);
        if (!component) return component;
        if (i != 0) out += ',';
        out += *component;
    }
    return out + ")" + type.substr(5);  // the array suffix, if any: "tuple[]" -> "(...)[]"
}

Expected<Bytes, std::string> read_code(const json& artifact, const char* field) {
    if (!artifact.contains(field) || !artifact[field].is_string())
        return unexpected(std::string("artifact without ") + field);
    auto code = parse_hex(artifact[field].get<std::string>(), HexPrefix::kRequired);
    if (!code) return unexpected(std::string("artifact ") + field + " is not hex");
    return std::move(*code);
}

}  // namespace

std::string artifacts_dir() {
    if (const char* env = std::getenv("COUNTERSIGN_DEVNET_ARTIFACTS"); env != nullptr && *env != '\0') return env;
    return COUNTERSIGN_DEVNET_ARTIFACTS_DIR;
}

Expected<ContractArtifact, std::string> load_artifact(std::string_view contract_name, const std::string& dir) {
    const std::string path = dir + "/" + std::string(contract_name) + ".json";
    std::ifstream in(path, std::ios::binary);
    if (!in) return unexpected("cannot open " + path + " (build the target countersign_devnet_contracts)");
    std::ostringstream text;
    text << in.rdbuf();
    const json artifact = json::parse(text.str(), nullptr, false);
    if (artifact.is_discarded() || !artifact.is_object()) return unexpected(path + " is not a JSON object");
    if (!artifact.contains("abi") || !artifact["abi"].is_array()) return unexpected(path + ": no abi array");
    ContractArtifact out;
    out.name = std::string(contract_name);
    out.abi = artifact["abi"];
    auto bytecode = read_code(artifact, "bytecode");
    if (!bytecode) return unexpected(path + ": " + bytecode.error());
    auto deployed = read_code(artifact, "deployedBytecode");
    if (!deployed) return unexpected(path + ": " + deployed.error());
    if (bytecode->empty() || deployed->empty()) return unexpected(path + ": empty bytecode");
    out.bytecode = std::move(*bytecode);
    out.deployed_bytecode = std::move(*deployed);
    out.storage_layout = artifact.value("storageLayout", json::object());
    return out;
}

Expected<std::string, std::string> abi_item_canonical(const json& item) {
    if (!item.is_object() || !item.contains("name") || !item["name"].is_string())
        return unexpected(std::string("ABI item without a name"));
    if (!item.contains("inputs") || !item["inputs"].is_array())
        return unexpected(std::string("ABI item without inputs"));
    std::string out = item["name"].get<std::string>() + "(";
    for (std::size_t i = 0; i < item["inputs"].size(); ++i) {
        auto type = param_type(item["inputs"][i], 0);
        if (!type) return type;
        if (i != 0) out += ',';
        out += *type;
    }
    return out + ")";
}

std::vector<std::string> abi_canonical_signatures(const json& abi, std::string_view type) {
    std::vector<std::string> out;
    if (!abi.is_array()) return out;
    for (const json& item : abi) {
        if (!item.is_object() || item.value("type", "") != type) continue;
        if (auto s = abi_item_canonical(item)) out.push_back(std::move(*s));
    }
    return out;
}

}  // namespace countersign::devnet
