// SPDX-License-Identifier: Apache-2.0
// genesis.json (geth's format) -> the genesis header. The state root is computed from the allocation, so
// the header's hash can be compared with block 1's parent hash: a genesis.json that matches is the chain's.
#include <algorithm>
#include <string>
#include <vector>

#include "chain/account.hpp"
#include "chain/trie_root.hpp"
#include "conformance/execution_apis_context.hpp"
#include "crypto/hex.hpp"
#include "crypto/keccak.hpp"
#include "crypto/sha256.hpp"

namespace countersign::conformance::xapi {
namespace {

using nlohmann::json;

// geth's genesis accepts hex ("0x…") or decimal for numbers, as strings or JSON numbers.
bool number_of(const json& v, Uint256& out) {
    if (v.is_number_unsigned()) {
        out = Uint256{v.get<std::uint64_t>()};
        return true;
    }
    if (!v.is_string()) return false;
    auto n = Uint256::parse(v.get<std::string>());
    if (!n) return false;
    out = *n;
    return true;
}

bool u64_of(const json& v, std::uint64_t& out) {
    Uint256 n;
    if (!number_of(v, n) || !n.fits_u64()) return false;
    out = n.low64();
    return true;
}

template <std::size_t N>
bool fixed_of(const json& v, FixedBytes<N>& out) {
    if (!v.is_string()) return false;
    auto b = parse_hex_fixed<N>(v.get<std::string>());
    if (!b) return false;
    out = *b;
    return true;
}

bool bytes_of(const json& v, Bytes& out) {
    if (!v.is_string()) return false;
    auto b = parse_hex(v.get<std::string>());
    if (!b) return false;
    out = std::move(*b);
    return true;
}

// A storage key or value: up to 32 bytes, left-padded.
bool word_of(const json& v, Bytes32& out) {
    Bytes b;
    if (!bytes_of(v, b) || b.size() > 32) return false;
    out = Bytes32{};
    std::copy(b.begin(), b.end(), out.bytes.begin() + static_cast<std::ptrdiff_t>(32 - b.size()));
    return true;
}

const json* member(const json& o, const char* name) {
    auto it = o.find(name);
    return it == o.end() || it->is_null() ? nullptr : &*it;
}

Expected<Hash32, std::string> state_root(const json& alloc) {
    if (!alloc.is_object()) return unexpected(std::string{"alloc: not an object"});
    std::vector<chain::KeyValue> accounts;
    for (const auto& [key, value] : alloc.items()) {
        const std::string where = "alloc." + key;
        Address address;
        if (!fixed_of(json(key), address)) return unexpected(where + ": not an address");
        if (!value.is_object()) return unexpected(where + ": not an object");
        chain::Account account;
        if (const auto* b = member(value, "balance"); b == nullptr || !number_of(*b, account.balance))
            return unexpected(where + ".balance: missing or not a number");
        if (const auto* n = member(value, "nonce"); n != nullptr && !u64_of(*n, account.nonce))
            return unexpected(where + ".nonce: not a number");
        if (const auto* c = member(value, "code")) {
            Bytes code;
            if (!bytes_of(*c, code)) return unexpected(where + ".code: not hex");
            account.code_hash = keccak256(code);
        }
        if (const auto* s = member(value, "storage")) {
            if (!s->is_object()) return unexpected(where + ".storage: not an object");
            std::vector<chain::KeyValue> slots;
            for (const auto& [slot, word] : s->items()) {
                Bytes32 k;
                Bytes32 v;
                if (!word_of(json(slot), k) || !word_of(word, v)) return unexpected(where + ".storage: bad slot");
                const Bytes compact = Uint256::from_be(v).to_be_compact();
                if (compact.empty()) continue;  // a zero slot is not in the trie
                Bytes encoded;
                rlp::encode(encoded, ByteView{compact});
                slots.emplace_back(Bytes{k.view()}, std::move(encoded));
            }
            account.storage_root = chain::secure_trie_root(slots);
        }
        accounts.emplace_back(Bytes{address.view()}, chain::encode_account(account));
    }
    return chain::secure_trie_root(accounts);
}

Expected<ChainConfig, std::string> config_from_json(const json& config) {
    if (!config.is_object()) return unexpected(std::string{"config: not an object"});
    ChainConfig out;
    const auto* id = member(config, "chainId");
    if (id == nullptr || !number_of(*id, out.chain_id)) return unexpected(std::string{"config.chainId missing"});
    auto opt = [&](const char* name, std::optional<std::uint64_t>& to) -> bool {
        const auto* v = member(config, name);
        if (v == nullptr) return true;
        std::uint64_t n = 0;
        if (!u64_of(*v, n)) return false;
        to = n;
        return true;
    };
    std::optional<std::uint64_t> homestead;
    if (!opt("homesteadBlock", homestead) || !opt("londonBlock", out.london_block) ||
        !opt("shanghaiTime", out.shanghai_time) || !opt("cancunTime", out.cancun_time) ||
        !opt("pragueTime", out.prague_time))
        return unexpected(std::string{"config: a fork block or time is not a number"});
    // No homesteadBlock means a Frontier-only chain: high-s signatures stay valid forever.
    out.homestead_block = homestead.value_or(~std::uint64_t{0});
    if (const auto* ttd = member(config, "terminalTotalDifficulty")) {
        Uint256 t;
        if (!number_of(*ttd, t)) return unexpected(std::string{"config.terminalTotalDifficulty: not a number"});
        out.terminal_total_difficulty = t;
    }
    if (const auto* schedule = member(config, "blobSchedule")) {
        if (!schedule->is_object()) return unexpected(std::string{"config.blobSchedule: not an object"});
        for (const auto& [fork, params] : schedule->items()) {
            const auto* time = member(config, (fork + "Time").c_str());
            std::uint64_t t = 0;
            std::uint64_t fraction = 0;
            const auto* f = params.is_object() ? member(params, "baseFeeUpdateFraction") : nullptr;
            if (time == nullptr) continue;  // a schedule entry for a fork this chain never activates
            if (!u64_of(*time, t) || f == nullptr || !u64_of(*f, fraction) || fraction == 0)
                return unexpected("config.blobSchedule." + fork + ": bad baseFeeUpdateFraction or fork time");
            out.blob_fractions.emplace_back(t, fraction);
        }
        std::sort(out.blob_fractions.begin(), out.blob_fractions.end());
    }
    return out;
}

}  // namespace

Expected<Genesis, std::string> genesis_from_json(const json& doc) {
    if (!doc.is_object()) return unexpected(std::string{"not a JSON object"});
    Genesis g;
    const auto* config = member(doc, "config");
    if (config == nullptr) return unexpected(std::string{"no config"});
    auto cfg = config_from_json(*config);
    if (!cfg) return unexpected(cfg.error());
    g.config = std::move(*cfg);

    chain::BlockHeader& h = g.header;
    const auto* alloc = member(doc, "alloc");
    if (alloc == nullptr) return unexpected(std::string{"no alloc"});
    auto root = state_root(*alloc);
    if (!root) return unexpected(root.error());
    h.state_root = *root;

    auto field = [&](const char* name) { return member(doc, name); };
    bool ok = true;
    if (const auto* v = field("parentHash")) ok = ok && fixed_of(*v, h.parent_hash);
    if (const auto* v = field("coinbase")) ok = ok && fixed_of(*v, h.beneficiary);
    if (const auto* v = field("mixHash")) ok = ok && fixed_of(*v, h.mix_hash);
    if (const auto* v = field("extraData")) ok = ok && bytes_of(*v, h.extra_data);
    if (const auto* v = field("timestamp")) ok = ok && u64_of(*v, h.timestamp);
    if (const auto* v = field("gasLimit")) ok = ok && u64_of(*v, h.gas_limit);
    if (const auto* v = field("gasUsed")) ok = ok && u64_of(*v, h.gas_used);
    if (const auto* v = field("number")) ok = ok && u64_of(*v, h.number);
    if (const auto* v = field("difficulty")) ok = ok && number_of(*v, h.difficulty);
    if (const auto* v = field("nonce")) {
        std::uint64_t n = 0;
        ok = ok && u64_of(*v, n);
        for (std::size_t i = 0; i < 8; ++i) h.nonce.bytes[7 - i] = static_cast<std::uint8_t>(n >> (8 * i));
    }
    if (!ok) return unexpected(std::string{"a header field is malformed"});
    if (h.number != 0) return unexpected(std::string{"number is not 0"});
    // geth's defaults for a genesis that leaves them out (params.GenesisGasLimit, GenesisDifficulty).
    if (h.gas_limit == 0) h.gas_limit = 5000;
    if (field("difficulty") == nullptr) h.difficulty = Uint256{131072};

    h.ommers_hash = chain::ommers_hash({});
    h.transactions_root = chain::kEmptyTrieRoot;
    h.receipts_root = chain::kEmptyTrieRoot;
    const ChainConfig& c = g.config;
    if (c.london_block && *c.london_block == 0) {
        Uint256 fee{1000000000};  // params.InitialBaseFee
        if (const auto* v = field("baseFeePerGas"); v != nullptr && !number_of(*v, fee))
            return unexpected(std::string{"baseFeePerGas: not a number"});
        h.base_fee_per_gas = fee;
    }
    if (c.shanghai_time && *c.shanghai_time <= h.timestamp) h.withdrawals_root = chain::kEmptyTrieRoot;
    if (c.cancun_time && *c.cancun_time <= h.timestamp) {
        std::uint64_t used = 0;
        std::uint64_t excess = 0;
        if (const auto* v = field("blobGasUsed"); v != nullptr && !u64_of(*v, used))
            return unexpected(std::string{"blobGasUsed: not a number"});
        if (const auto* v = field("excessBlobGas"); v != nullptr && !u64_of(*v, excess))
            return unexpected(std::string{"excessBlobGas: not a number"});
        h.blob_gas_used = used;
        h.excess_blob_gas = excess;
        h.parent_beacon_block_root = Hash32{};
    }
    // EIP-7685: sha256 of no requests.
    if (c.prague_time && *c.prague_time <= h.timestamp) h.requests_hash = sha256(ByteView{});
    return g;
}

}  // namespace countersign::conformance::xapi
