// SPDX-License-Identifier: Apache-2.0
// forkenv.json is hive's view of the chain's fork schedule. It is checked against what it describes:
// genesis.json's config must say the same, every verified header must carry exactly the fields of the forks
// active at its number and time, and the terminal total difficulty must fall between the last proof-of-work
// block's parent and that block.
#include <fstream>
#include <iterator>
#include <string>

#include "conformance/execution_apis_checks.hpp"

namespace countersign::conformance::xapi {
namespace {

using nlohmann::json;

struct Mapping {
    const char* env;
    const char* config;  // key of genesis.json's config
};

constexpr Mapping kForks[] = {
    {"HIVE_CHAIN_ID", "chainId"},
    {"HIVE_FORK_HOMESTEAD", "homesteadBlock"},
    {"HIVE_FORK_TANGERINE", "eip150Block"},
    {"HIVE_FORK_SPURIOUS", "eip155Block"},
    {"HIVE_FORK_BYZANTIUM", "byzantiumBlock"},
    {"HIVE_FORK_CONSTANTINOPLE", "constantinopleBlock"},
    {"HIVE_FORK_PETERSBURG", "petersburgBlock"},
    {"HIVE_FORK_ISTANBUL", "istanbulBlock"},
    {"HIVE_FORK_MUIR_GLACIER", "muirGlacierBlock"},
    {"HIVE_FORK_BERLIN", "berlinBlock"},
    {"HIVE_FORK_LONDON", "londonBlock"},
    {"HIVE_FORK_ARROW_GLACIER", "arrowGlacierBlock"},
    {"HIVE_FORK_GRAY_GLACIER", "grayGlacierBlock"},
    {"HIVE_MERGE_BLOCK_ID", "mergeNetsplitBlock"},
    {"HIVE_TERMINAL_TOTAL_DIFFICULTY", "terminalTotalDifficulty"},
    {"HIVE_SHANGHAI_TIMESTAMP", "shanghaiTime"},
    {"HIVE_CANCUN_TIMESTAMP", "cancunTime"},
    {"HIVE_PRAGUE_TIMESTAMP", "pragueTime"},
    {"HIVE_OSAKA_TIMESTAMP", "osakaTime"},
    {"HIVE_BPO1_TIMESTAMP", "bpo1Time"},
    {"HIVE_BPO2_TIMESTAMP", "bpo2Time"},
    {"HIVE_DEPOSIT_CONTRACT_ADDRESS", "depositContractAddress"},
};

constexpr const char* kBlobForks[] = {"CANCUN", "PRAGUE", "OSAKA", "BPO1", "BPO2", "BPO3", "BPO4", "BPO5"};

// Decimal or 0x-hex, as a string or a JSON number.
std::optional<Uint256> number(const json& v) {
    if (v.is_number_unsigned()) return Uint256{v.get<std::uint64_t>()};
    if (!v.is_string()) return std::nullopt;
    auto n = Uint256::parse(v.get<std::string>());
    if (!n) return std::nullopt;
    return *n;
}

bool same_value(const json& env, const json& cfg) {
    if (env.is_string() && cfg.is_string() && env.get<std::string>().rfind("0x", 0) == 0 &&
        env.get<std::string>().size() == 42) {
        std::string a = env.get<std::string>();
        std::string b = cfg.get<std::string>();
        for (auto& c : a) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        for (auto& c : b) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        return a == b;
    }
    const auto x = number(env);
    return x && x == number(cfg);
}

std::optional<std::uint64_t> u64(const json& env, const char* key) {
    auto it = env.find(key);
    if (it == env.end()) return std::nullopt;
    auto n = number(*it);
    if (!n || !n->fits_u64()) return std::nullopt;
    return n->low64();
}

}  // namespace

FileResult check_forkenv(const ChainContext& ctx, std::string_view text) {
    FileResult out;
    const json env = json::parse(text, nullptr, false);
    if (env.is_discarded() || !env.is_object()) {
        out.fail("forkenv.json: not a JSON object");
        return out;
    }
    if (ctx.blocks.empty()) {
        out.fail("forkenv.json: the chain could not be verified: " + ctx.error);
        return out;
    }
    std::vector<std::string> problems;
    std::vector<std::string> unbound;
    std::ifstream in{ctx.root / "genesis.json", std::ios::binary};
    const json genesis =
        json::parse(std::string{std::istreambuf_iterator<char>{in}, std::istreambuf_iterator<char>{}}, nullptr, false);
    const json* config = genesis.is_object() && genesis.contains("config") ? &genesis["config"] : nullptr;

    // 1. Each value agrees with genesis.json.
    for (const auto& [key, value] : env.items()) {
        const char* cfg_key = nullptr;
        for (const auto& m : kForks)
            if (key == m.env) cfg_key = m.config;
        std::string blob_fork;
        std::string blob_field;
        for (const char* f : kBlobForks) {
            const std::string prefix = std::string{"HIVE_"} + f + "_BLOB_";
            if (key.rfind(prefix, 0) != 0) continue;
            blob_fork = f;
            for (auto& c : blob_fork) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            const std::string field = key.substr(prefix.size());
            blob_field = field == "TARGET"                     ? "target"
                         : field == "MAX"                      ? "max"
                         : field == "BASE_FEE_UPDATE_FRACTION" ? "baseFeeUpdateFraction"
                                                               : "";
        }
        if (cfg_key == nullptr && blob_field.empty()) {
            unbound.push_back(key);
            continue;
        }
        if (config == nullptr) {
            unbound.push_back(key + " (no genesis.json config to compare with)");
            continue;
        }
        const json* cfg_value = nullptr;
        if (cfg_key != nullptr && config->contains(cfg_key)) cfg_value = &(*config)[cfg_key];
        if (!blob_field.empty() && config->contains("blobSchedule") && (*config)["blobSchedule"].contains(blob_fork) &&
            (*config)["blobSchedule"][blob_fork].contains(blob_field))
            cfg_value = &(*config)["blobSchedule"][blob_fork][blob_field];
        if (cfg_value == nullptr || !same_value(value, *cfg_value))
            problems.push_back(key + " differs from genesis.json's config");
    }

    // 2. Header field sets follow the schedule.
    const auto london = u64(env, "HIVE_FORK_LONDON");
    const auto shanghai = u64(env, "HIVE_SHANGHAI_TIMESTAMP");
    const auto cancun = u64(env, "HIVE_CANCUN_TIMESTAMP");
    const auto prague = u64(env, "HIVE_PRAGUE_TIMESTAMP");
    for (std::uint64_t n = 0; n < ctx.blocks.size(); ++n) {
        const VerifiedBlock* b = ctx.block(n);
        if (b == nullptr) continue;
        const auto& h = b->block.header;
        auto active = [&](const std::optional<std::uint64_t>& at, std::uint64_t v) { return at && *at <= v; };
        const bool ok = h.base_fee_per_gas.has_value() == active(london, h.number) &&
                        h.withdrawals_root.has_value() == active(shanghai, h.timestamp) &&
                        h.excess_blob_gas.has_value() == active(cancun, h.timestamp) &&
                        h.requests_hash.has_value() == active(prague, h.timestamp);
        if (!ok)
            problems.push_back("block " + std::to_string(n) +
                               "'s header fields do not match the forks scheduled for it");
    }

    // 3. The terminal total difficulty is crossed exactly at the last proof-of-work block.
    const auto ttd_it = env.find("HIVE_TERMINAL_TOTAL_DIFFICULTY");
    if (ttd_it != env.end()) {
        const auto ttd = number(*ttd_it);
        std::optional<std::uint64_t> first_pos;
        for (std::uint64_t n = 1; n < ctx.blocks.size() && !first_pos; ++n)
            if (ctx.blocks[n].block.header.difficulty.is_zero()) first_pos = n;
        if (!ttd) {
            problems.push_back("HIVE_TERMINAL_TOTAL_DIFFICULTY is not a number");
        } else if (!ctx.genesis_known) {
            unbound.push_back("HIVE_TERMINAL_TOTAL_DIFFICULTY (genesis difficulty not verified)");
        } else if (first_pos) {
            const Uint256& last_pow = ctx.blocks[*first_pos - 1].total_difficulty;
            const bool crossed =
                last_pow >= *ttd && (*first_pos < 2 || ctx.blocks[*first_pos - 2].total_difficulty < *ttd);
            if (!crossed)
                problems.push_back("the terminal total difficulty is not reached at the last proof-of-work block");
        } else if (ctx.blocks.back().total_difficulty >= *ttd &&
                   (ctx.blocks.size() < 2 || ctx.blocks[ctx.blocks.size() - 2].total_difficulty >= *ttd)) {
            problems.push_back("proof-of-work blocks continue past the terminal total difficulty");
        }
    }

    if (!problems.empty()) {
        std::string what = "forkenv.json: " + problems.front();
        for (std::size_t i = 1; i < problems.size() && i < 4; ++i) what += "; " + problems[i];
        out.fail(std::move(what));
        return out;
    }
    out.pass();
    if (!unbound.empty()) {
        std::string what = "forkenv.json: values nothing verified binds (counted skipped):";
        for (const auto& u : unbound) what += " " + u;
        out.skip(std::move(what));
    }
    return out;
}

}  // namespace countersign::conformance::xapi
