// SPDX-License-Identifier: Apache-2.0
#include "conformance/execution_apis.hpp"

#include <exception>
#include <string>

#include "conformance/execution_apis_checks.hpp"
#include "conformance/execution_apis_context.hpp"
#include "crypto/hex.hpp"

namespace countersign::conformance {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using xapi::Outcome;
using xapi::Target;

// ---- the .io format ----

bool detect_io(const fs::path& path, std::string_view text) {
    if (path.extension() != ".io") return false;
    while (!text.empty()) {
        const auto nl = text.find('\n');
        std::string_view line = text.substr(0, nl);
        text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
        while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
        if (line.empty() || line == "\r" || line.substr(0, 2) == "//") continue;
        return line.substr(0, 3) == ">> ";
    }
    return false;
}

void record(FileResult& out, const std::string& name, const Outcome& o) {
    if (!o.mismatches.empty()) {
        std::string what = name + ": " + o.mismatches.front();
        for (std::size_t i = 1; i < o.mismatches.size() && i < 4; ++i) what += "; " + o.mismatches[i];
        if (o.mismatches.size() > 4) what += "; and " + std::to_string(o.mismatches.size() - 4) + " more";
        out.fail(std::move(what));
        return;
    }
    if (!o.skip.empty()) {
        out.skip(name + ": " + o.skip);
        return;
    }
    out.pass();
    if (!o.unbound.empty()) {
        std::string what = name + ": returned fields not bound to verified data (counted skipped):";
        for (const auto& u : o.unbound) what += " " + u;
        out.skip(std::move(what));
    }
}

FileResult run_io_unguarded(const fs::path& path, std::string_view text) {
    FileResult out;
    const std::string file = path.filename().string();
    const auto root = xapi::find_context_root(path);
    if (!root) {
        out.fail(file + ": no folder above it holds headfcu.json and chain.rlp");
        return out;
    }
    const auto ctx = xapi::load_context(*root);
    std::string error;
    const auto exchanges = xapi::parse_io(text, error);
    if (!error.empty() || exchanges.empty()) {
        out.fail(file + ": " + (error.empty() ? std::string{"no exchange"} : error));
        return out;
    }
    std::error_code ec;
    const std::string name = fs::relative(path, *root, ec).generic_string();
    for (std::size_t i = 0; i < exchanges.size(); ++i) {
        const std::string case_name =
            exchanges.size() == 1 ? name : name + " line " + std::to_string(exchanges[i].line);
        if (!ctx->error.empty()) {
            out.fail(case_name + ": the chain could not be verified: " + ctx->error);
            continue;
        }
        record(out, case_name, xapi::check_exchange(*ctx, exchanges[i]));
    }
    return out;
}

// ---- the chain files ----

bool detect_chain(const fs::path& path, std::string_view text) {
    const std::string file = path.filename().string();
    if (file != "chain.rlp" && file != "genesis.json" && file != "headfcu.json" && file != "forkenv.json") return false;
    const auto root = xapi::find_context_root(path);
    if (!root || *root != path.parent_path()) return false;
    if (file == "headfcu.json") return text.find("engine_forkchoiceUpdated") != std::string_view::npos;
    if (file == "genesis.json")
        return text.find("\"alloc\"") != std::string_view::npos && text.find("\"config\"") != std::string_view::npos;
    if (file == "forkenv.json") return text.find("\"HIVE_") != std::string_view::npos;
    return true;
}

FileResult run_chain_unguarded(const fs::path& path, std::string_view text) {
    FileResult out;
    const std::string file = path.filename().string();
    const auto ctx = xapi::load_context(path.parent_path());
    if (file == "chain.rlp") {
        if (ctx->chain_rlp_results.empty()) {
            out.fail("chain.rlp: " + ctx->error);
            return out;
        }
        for (std::size_t i = 0; i < ctx->chain_rlp_results.size(); ++i) {
            const std::string name =
                "block " + std::to_string(ctx->chain_rlp_numbers[i]) + " (#" + std::to_string(i) + " in the file)";
            if (ctx->chain_rlp_results[i].empty()) {
                out.pass();
            } else {
                out.fail(name + ": " + ctx->chain_rlp_results[i]);
            }
        }
        return out;
    }
    if (file == "headfcu.json") {
        if (ctx->blocks.empty()) {
            out.fail("headfcu.json: " + ctx->error);
        } else if (!ctx->headfcu_problem.empty()) {
            out.fail("headfcu.json: " + ctx->headfcu_problem);
        } else {
            out.pass();  // the head hash is a block of chain.rlp from which every block links back
        }
        return out;
    }
    if (file == "genesis.json") {
        if (ctx->blocks.empty()) {
            out.fail("genesis.json: the chain could not be verified: " + ctx->error);
        } else if (!ctx->genesis_json_hash) {
            out.fail("genesis.json: " + ctx->genesis_problem);
        } else if (*ctx->genesis_json_hash != ctx->genesis_hash) {
            out.fail("genesis.json: builds a genesis header hashing to " + to_hex(*ctx->genesis_json_hash) +
                     ", not the chain's genesis " + to_hex(ctx->genesis_hash));
        } else {
            out.pass();
        }
        return out;
    }
    return xapi::check_forkenv(*ctx, text);
}

// The checks read JSON of any shape; a shape they did not foresee must fail the file, never escape.
template <FileResult (*Run)(const fs::path&, std::string_view)>
FileResult guarded(const fs::path& path, std::string_view text) {
    try {
        return Run(path, text);
    } catch (const std::exception& e) {
        FileResult out;
        out.fail(path.filename().string() + ": unexpected input shape: " + e.what());
        return out;
    }
}

FileResult run_io(const fs::path& path, std::string_view text) { return guarded<run_io_unguarded>(path, text); }
FileResult run_chain(const fs::path& path, std::string_view text) { return guarded<run_chain_unguarded>(path, text); }

}  // namespace

const Format kExecutionApis{"execution-apis", detect_io, run_io};
const Format kExecutionApisChain{"execution-apis-chain", detect_chain, run_chain};

}  // namespace countersign::conformance
