// SPDX-License-Identifier: Apache-2.0
#include "devnet/world_description.hpp"

#include <fstream>
#include <sstream>

#include "crypto/base64.hpp"
#include "crypto/hex.hpp"
#include "devnet/contracts.hpp"

namespace countersign::devnet {
namespace {

using nlohmann::json;

json chain_json(const ChainDescription& c) {
    return {{"role", c.role},
            {"network", c.network()},
            {"chain_id", c.chain_id},
            {"rpc", c.rpc},
            {"rpc_urls", json::array({c.rpc})},
            {"checkpoint", {{"number", c.checkpoint_number}, {"hash", to_hex(c.checkpoint_hash)}}},
            {"pid", c.pid}};
}

// Field readers that throw std::runtime_error with the field's path; parse_devnet_description catches them.
std::string text(const json& j, const char* key) {
    if (!j.is_object() || !j.contains(key) || !j[key].is_string())
        throw std::runtime_error(std::string("missing string field \"") + key + "\"");
    return j[key].get<std::string>();
}

template <std::size_t N>
FixedBytes<N> fixed(const json& j, const char* key) {
    auto v = parse_hex_fixed<N>(text(j, key), HexPrefix::kRequired);
    if (!v) throw std::runtime_error(std::string("field \"") + key + "\" is not 0x-hex of the right size");
    return *v;
}

std::uint64_t number(const json& j, const char* key) {
    if (!j.is_object() || !j.contains(key) || !j[key].is_number_unsigned())
        throw std::runtime_error(std::string("missing unsigned field \"") + key + "\"");
    return j[key].get<std::uint64_t>();
}

ChainDescription chain_of(const json& j) {
    ChainDescription c;
    c.role = text(j, "role");
    c.chain_id = number(j, "chain_id");
    c.rpc = text(j, "rpc");
    c.checkpoint_number = number(j.at("checkpoint"), "number");
    c.checkpoint_hash = fixed<32>(j.at("checkpoint"), "hash");
    if (j.contains("pid") && j["pid"].is_number_integer()) c.pid = j["pid"].get<long>();
    if (text(j, "network") != c.network()) throw std::runtime_error("network does not match chain_id");
    return c;
}

}  // namespace

json to_json(const DevnetDescription& d) {
    return {{"format", kDevnetFormat},
            {"chains", json::array({chain_json(d.payment), chain_json(d.settlement)})},
            {"contracts", {{"token", to_hex(d.token)}, {"registry", to_hex(d.registry)}, {"relay", to_hex(d.relay)}}},
            {"accepted_assets", json::array({{{"network", d.payment.network()},
                                              {"asset", to_hex(d.token)},
                                              {"symbol", "USDC"},
                                              {"decimals", kTokenDecimals}}})},
            {"registry", {{"network", d.settlement.network()}, {"address", to_hex(d.registry)}}},
            {"relay", {{"network", d.settlement.network()}, {"address", to_hex(d.relay)}}},
            {"tee",
             {{"tee_id", to_hex(d.tee_id)},
              {"payment_address", to_hex(d.tee_payment_address)},
              {"public_key", base64_encode(d.tee_public_key)},
              {"endpoint", d.tee_endpoint}}},
            {"price", d.price.to_string()},
            {"accounts",
             {{"deployer", to_hex(d.deployer)},
              {"payer", to_hex(d.payer)},
              {"facilitator", to_hex(d.facilitator)},
              {"pay_to", to_hex(d.tee_payment_address)}}}};
}

Expected<DevnetDescription, std::string> parse_devnet_description(std::string_view input) {
    const json j = json::parse(input, nullptr, false);
    if (j.is_discarded()) return unexpected(std::string("devnet description: not JSON"));
    try {
        if (text(j, "format") != kDevnetFormat) return unexpected(std::string("devnet description: unknown format"));
        DevnetDescription d;
        const json& chains = j.at("chains");
        if (!chains.is_array() || chains.size() != 2)
            return unexpected(std::string("devnet description: \"chains\" must list two chains"));
        for (const json& c : chains) {
            ChainDescription chain = chain_of(c);
            if (chain.role == "payment") d.payment = chain;
            else if (chain.role == "settlement") d.settlement = chain;
            else throw std::runtime_error("unknown chain role \"" + chain.role + "\"");
        }
        if (d.payment.chain_id == 0 || d.settlement.chain_id == 0)
            throw std::runtime_error("one payment and one settlement chain are required");
        const json& contracts = j.at("contracts");
        d.token = fixed<20>(contracts, "token");
        d.registry = fixed<20>(contracts, "registry");
        d.relay = fixed<20>(contracts, "relay");
        const json& tee = j.at("tee");
        d.tee_id = fixed<32>(tee, "tee_id");
        d.tee_payment_address = fixed<20>(tee, "payment_address");
        auto key = base64_decode(text(tee, "public_key"), 4096);
        if (!key) throw std::runtime_error("tee.public_key is not base64");
        d.tee_public_key = *key;
        d.tee_endpoint = text(tee, "endpoint");
        auto price = Uint256::parse_decimal(text(j, "price"));
        if (!price) throw std::runtime_error("price is not a decimal number");
        d.price = *price;
        const json& accounts = j.at("accounts");
        d.deployer = fixed<20>(accounts, "deployer");
        d.payer = fixed<20>(accounts, "payer");
        d.facilitator = fixed<20>(accounts, "facilitator");
        return d;
    } catch (const std::exception& e) {
        return unexpected("devnet description: " + std::string(e.what()));
    }
}

Expected<DevnetDescription, std::string> load_devnet_description(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return unexpected("cannot read " + path);
    std::ostringstream text;
    text << in.rdbuf();
    return parse_devnet_description(text.str());
}

}  // namespace countersign::devnet
