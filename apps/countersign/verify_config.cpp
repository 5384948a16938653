// SPDX-License-Identifier: Apache-2.0
#include "apps/countersign/verify_config.hpp"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "crypto/hex.hpp"
#include "crypto/uint256.hpp"
#include "rpc/json_limits.hpp"

namespace countersign::cli {

using nlohmann::json;

namespace {

constexpr std::string_view kDevnetFormat = "countersign.devnet/v1";

struct Reader {
    bool strict{true};
    std::string error;

    bool fail(std::string message) {
        if (error.empty()) error = std::move(message);
        return false;
    }
    bool only(const json& j, std::initializer_list<std::string_view> keys, const std::string& where) {
        if (!strict) return true;
        for (const auto& [k, v] : j.items())
            if (std::find(keys.begin(), keys.end(), k) == keys.end())
                return fail(where + ": unknown key \"" + k + "\"");
        return true;
    }
    std::optional<std::uint64_t> u64(const json& j, const std::string& where) {
        if (!j.is_number_unsigned()) {
            fail(where + ": not a non-negative integer");
            return std::nullopt;
        }
        return j.get<std::uint64_t>();
    }
    std::optional<Address> address(const json& j, const std::string& where) {
        if (j.is_string()) {
            const auto& s = j.get_ref<const std::string&>();
            if (s.size() == 42 && s.starts_with("0x"))
                if (auto a = parse_hex_fixed<20>(s)) return *a;
        }
        fail(where + ": not a 0x-prefixed 20-byte address");
        return std::nullopt;
    }
    // "0x.." or {"network": "eip155:N", "address": "0x.."}; the network must be `expected_chain` when known.
    std::optional<Address> contract(const json& j, const std::string& where, std::optional<std::uint64_t> chain) {
        if (j.is_string()) return address(j, where);
        if (!j.is_object() || !j.contains("address")) {
            fail(where + ": not an address or {network, address}");
            return std::nullopt;
        }
        if (!only(j, {"network", "address"}, where)) return std::nullopt;
        if (j.contains("network")) {
            auto id = j["network"].is_string() ? parse_eip155(j["network"].get<std::string>()) : std::nullopt;
            if (!id) {
                fail(where + ".network: not eip155:<chain id>");
                return std::nullopt;
            }
            if (chain && *id != *chain) {
                fail(where + ".network: eip155:" + std::to_string(*id) + " is not the configured chain eip155:" +
                     std::to_string(*chain));
                return std::nullopt;
            }
        }
        return address(j["address"], where + ".address");
    }
};

bool read_chain(Reader& r, const json& c, VerifyChainSettings& out, const std::string& where) {
    if (!r.only(c, {"role", "network", "chain_id", "rpc", "rpc_urls", "checkpoint", "confirmations", "quorum"}, where))
        return false;
    if (c.contains("network")) {
        auto id = c["network"].is_string() ? parse_eip155(c["network"].get<std::string>()) : std::nullopt;
        if (!id) return r.fail(where + ".network: not eip155:<chain id>");
        out.chain_id = *id;
    }
    if (c.contains("chain_id")) {
        auto id = r.u64(c["chain_id"], where + ".chain_id");
        if (!id) return false;
        if (out.chain_id && *out.chain_id != *id) return r.fail(where + ": chain_id and network differ");
        out.chain_id = *id;
    }
    std::set<std::string> seen;
    for (const char* key : {"rpc", "rpc_urls"}) {
        if (!c.contains(key)) continue;
        const json& v = c[key];
        std::vector<json> urls;
        if (v.is_string()) {
            urls.push_back(v);
        } else if (v.is_array()) {
            urls.assign(v.begin(), v.end());
        } else {
            return r.fail(where + "." + key + ": not a URL or a list of URLs");
        }
        for (const auto& u : urls) {
            if (!u.is_string() || u.get<std::string>().empty()) return r.fail(where + "." + key + ": not a URL");
            // devnet.json lists its one node both as "rpc" and in "rpc_urls": one provider, asked once.
            if (seen.insert(u.get<std::string>()).second) out.rpc.push_back(u.get<std::string>());
        }
    }
    if (c.contains("checkpoint")) {
        const json& cp = c["checkpoint"];
        if (cp.is_string()) {
            out.checkpoint = parse_checkpoint(cp.get<std::string>());
            if (!out.checkpoint) return r.fail(where + ".checkpoint: not NUMBER:0xHASH");
        } else if (cp.is_object() && cp.contains("number") && cp.contains("hash")) {
            if (!r.only(cp, {"number", "hash"}, where + ".checkpoint")) return false;
            auto n = r.u64(cp["number"], where + ".checkpoint.number");
            if (!n) return false;
            const auto hash = cp["hash"].is_string() && cp["hash"].get<std::string>().size() == 66
                                  ? parse_hex_fixed<32>(cp["hash"].get<std::string>())
                                  : unexpected(HexError::kWrongSize);
            if (!hash) return r.fail(where + ".checkpoint.hash: not a 0x-prefixed 32-byte hash");
            out.checkpoint = verify::Checkpoint{*n, *hash};
        } else {
            return r.fail(where + ".checkpoint: not NUMBER:0xHASH or {number, hash}");
        }
    }
    if (c.contains("confirmations")) {
        auto n = r.u64(c["confirmations"], where + ".confirmations");
        if (!n) return false;
        out.confirmations = *n;
    }
    if (c.contains("quorum")) {
        auto n = r.u64(c["quorum"], where + ".quorum");
        if (!n || *n == 0) return r.fail(where + ".quorum: not a positive integer");
        out.quorum = static_cast<std::size_t>(*n);
    }
    return true;
}

}  // namespace

std::optional<verify::Checkpoint> parse_checkpoint(std::string_view text) {
    const auto colon = text.find(':');
    if (colon == std::string_view::npos) return std::nullopt;
    const auto number = parse_block_number(text.substr(0, colon));
    const auto hash_text = text.substr(colon + 1);
    if (!number || hash_text.size() != 66 || !hash_text.starts_with("0x")) return std::nullopt;
    const auto hash = parse_hex_fixed<32>(hash_text);
    if (!hash) return std::nullopt;
    return verify::Checkpoint{*number, *hash};
}

std::optional<std::uint64_t> parse_eip155(std::string_view network) {
    if (!network.starts_with("eip155:")) return std::nullopt;
    const auto id = network.substr(7);
    if (id.empty() || id.starts_with("0x") || (id.size() > 1 && id[0] == '0')) return std::nullopt;
    const auto n = parse_block_number(id);
    if (!n || *n == 0) return std::nullopt;
    return n;
}

Expected<VerifySettings, std::string> parse_verify_config(std::string_view text) {
    if (text.size() > kMaxVerifyConfigBytes) return unexpected(std::string{"config file too large"});
    auto parsed = rpc::parse_json_bounded(text, 16);
    if (!parsed) return unexpected(std::string{"config is not JSON"});
    const json& j = *parsed;
    if (!j.is_object()) return unexpected(std::string{"config is not a JSON object"});
    Reader r;
    if (j.contains("format")) {
        if (!j["format"].is_string()) return unexpected(std::string{"format: not a string"});
        const auto& format = j["format"].get_ref<const std::string&>();
        if (format == kDevnetFormat) {
            r.strict = false;  // devnet.json also describes the TEE, accounts and processes: not ours to read
        } else if (format != kVerifyConfigFormat) {
            return unexpected("format: \"" + format + "\" is neither " + std::string{kVerifyConfigFormat} + " nor " +
                              std::string{kDevnetFormat});
        }
    }
    VerifySettings s;
    if (!r.only(j, {"format", "chains", "contracts", "accepted_assets", "registry", "relay", "quorum", "search"},
                "config"))
        return unexpected(r.error);
    bool have_payment = false, have_settlement = false;
    if (j.contains("chains")) {
        if (!j["chains"].is_array()) return unexpected(std::string{"chains: not a list"});
        for (std::size_t i = 0; i < j["chains"].size(); ++i) {
            const json& c = j["chains"][i];
            const std::string where = "chains[" + std::to_string(i) + "]";
            if (!c.is_object() || !c.contains("role") || !c["role"].is_string())
                return unexpected(where + ": needs a role (payment or settlement)");
            const auto& role = c["role"].get_ref<const std::string&>();
            bool* have = role == "payment" ? &have_payment : role == "settlement" ? &have_settlement : nullptr;
            if (have == nullptr) return unexpected(where + ".role: \"" + role + "\" is not payment or settlement");
            if (*have) return unexpected(where + ": a second " + role + " chain");
            *have = true;
            if (!read_chain(r, c, role == "payment" ? s.payment : s.settlement, where)) return unexpected(r.error);
        }
    }
    if (j.contains("contracts")) {
        const json& c = j["contracts"];
        if (!c.is_object()) return unexpected(std::string{"contracts: not an object"});
        if (!r.only(c, {"token", "registry", "relay"}, "contracts")) return unexpected(r.error);
        if (c.contains("token")) {
            auto a = r.address(c["token"], "contracts.token");
            if (!a) return unexpected(r.error);
            s.accepted_assets.push_back(*a);
        }
        if (c.contains("registry")) {
            s.registry = r.address(c["registry"], "contracts.registry");
            if (!s.registry) return unexpected(r.error);
        }
        if (c.contains("relay")) {
            s.relay = r.address(c["relay"], "contracts.relay");
            if (!s.relay) return unexpected(r.error);
        }
    }
    if (j.contains("accepted_assets")) {
        if (!j["accepted_assets"].is_array()) return unexpected(std::string{"accepted_assets: not a list"});
        for (std::size_t i = 0; i < j["accepted_assets"].size(); ++i) {
            json a = j["accepted_assets"][i];
            const std::string where = "accepted_assets[" + std::to_string(i) + "]";
            if (a.is_object() && !r.strict) {
                // devnet.json: {network, asset, symbol, decimals}
                json narrowed = json::object();
                if (a.contains("network")) narrowed["network"] = a["network"];
                if (a.contains("asset")) narrowed["address"] = a["asset"];
                a = narrowed;
            } else if (a.is_object()) {
                if (!r.only(a, {"network", "asset"}, where)) return unexpected(r.error);
                json narrowed = json::object();
                if (a.contains("network")) narrowed["network"] = a["network"];
                if (a.contains("asset")) narrowed["address"] = a["asset"];
                a = narrowed;
            }
            auto asset = r.contract(a, where, s.payment.chain_id);
            if (!asset) return unexpected(r.error);
            if (std::find(s.accepted_assets.begin(), s.accepted_assets.end(), *asset) == s.accepted_assets.end())
                s.accepted_assets.push_back(*asset);
        }
    }
    for (const char* key : {"registry", "relay"}) {
        if (!j.contains(key)) continue;
        auto a = r.contract(j[key], key, s.settlement.chain_id);
        if (!a) return unexpected(r.error);
        auto& slot = std::string_view{key} == "registry" ? s.registry : s.relay;
        if (slot && *slot != *a) return unexpected(std::string{key} + ": differs from contracts." + key);
        slot = *a;
    }
    if (j.contains("quorum")) {
        auto n = r.u64(j["quorum"], "quorum");
        if (!n || *n == 0) return unexpected(std::string{"quorum: not a positive integer"});
        s.quorum = static_cast<std::size_t>(*n);
    }
    if (j.contains("search")) {
        const json& o = j["search"];
        if (!o.is_object()) return unexpected(std::string{"search: not an object"});
        if (!r.only(o, {"same_request_blocks_before", "max_range", "max_walk"}, "search")) return unexpected(r.error);
        if (o.contains("same_request_blocks_before")) {
            s.same_request_blocks_before = r.u64(o["same_request_blocks_before"], "search.same_request_blocks_before");
            if (!s.same_request_blocks_before) return unexpected(r.error);
        }
        if (o.contains("max_range")) {
            s.max_search_range = r.u64(o["max_range"], "search.max_range");
            if (!s.max_search_range || *s.max_search_range == 0)
                return unexpected(std::string{"search.max_range: not a positive integer"});
        }
        if (o.contains("max_walk")) {
            s.max_walk = r.u64(o["max_walk"], "search.max_walk");
            if (!s.max_walk || *s.max_walk == 0) return unexpected(std::string{"search.max_walk: not a positive integer"});
        }
    }
    return s;
}

Expected<VerifySettings, std::string> load_verify_config(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return unexpected(path + ": cannot read");
    std::string text;
    text.resize(kMaxVerifyConfigBytes + 1);
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    text.resize(static_cast<std::size_t>(in.gcount()));
    auto s = parse_verify_config(text);
    if (!s) return unexpected(path + ": " + s.error());
    return s;
}

}  // namespace countersign::cli

namespace countersign::cli {

std::optional<std::uint64_t> parse_block_number(std::string_view text) {
    if (text.starts_with("0x")) {
        const auto q = Uint256::parse_quantity(text);
        if (!q || !q->fits_u64()) return std::nullopt;
        return q->low64();
    }
    std::uint64_t n = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (text.empty() || ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
    return n;
}

}  // namespace countersign::cli
