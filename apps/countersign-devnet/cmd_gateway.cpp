// SPDX-License-Identifier: Apache-2.0
// countersign-devnet gateway / demo-calls: paid calls through the reference gateway (devnet/gateway.hpp)
// against a running devnet, receipts written to --out.
#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>
#include <sstream>

#include "apps/countersign-devnet/commands.hpp"
#include "devnet/gateway_output.hpp"

namespace countersign::devnet_cli {
namespace {

using chain::SettlementMode;
using devnet::CallSpec;
using devnet::Tamper;

struct GatewayCliOptions {
    std::string devnet;
    std::string out;
    std::uint64_t seed{1};
    std::string calls;
    std::size_t batch_size{4};
    std::vector<std::string> tampers;
};

constexpr std::string_view kDemoCalls = "individual:2,batch:4,refund:1";

// "individual:2,batch:4,refund:1": KIND[:COUNT] items; KIND individual | batch | private (paid and signed, not
// settled) | refund (an individual call that is then refunded) | refund-batch.
Expected<std::vector<CallSpec>, std::string> parse_calls(std::string_view spec) {
    std::vector<CallSpec> out;
    std::stringstream items{std::string(spec)};
    for (std::string item; std::getline(items, item, ',');) {
        if (item.empty()) continue;
        std::string kind = item;
        std::size_t count = 1;
        if (auto colon = item.find(':'); colon != std::string::npos) {
            kind = item.substr(0, colon);
            try {
                std::size_t used = 0;
                count = std::stoul(item.substr(colon + 1), &used);
                if (used != item.size() - colon - 1 || count > 1000) throw std::invalid_argument("count");
            } catch (const std::exception&) {
                return unexpected("bad count in \"" + item + "\"");
            }
        }
        CallSpec c;
        if (kind == "individual") {
        } else if (kind == "batch") {
            c.mode = SettlementMode::kBatch;
        } else if (kind == "private") {
            c.mode = SettlementMode::kPrivate;
        } else if (kind == "refund") {
            c.refund = true;
        } else if (kind == "refund-batch") {
            c.mode = SettlementMode::kBatch;
            c.refund = true;
        } else {
            return unexpected("unknown call kind \"" + kind + "\" (individual, batch, private, refund, refund-batch)");
        }
        out.insert(out.end(), count, c);
    }
    return out;
}

Expected<std::vector<CallSpec>, std::string> parse_tampers(const std::vector<std::string>& names) {
    std::vector<CallSpec> out;
    for (const std::string& name : names) {
        if (name == "all") {
            for (const devnet::TamperInfo& info : devnet::tamper_modes()) out.push_back({"", {}, false, info.tamper});
            continue;
        }
        auto t = devnet::parse_tamper(name);
        if (!t || *t == Tamper::kNone) return unexpected("unknown tamper mode \"" + name + "\" (see --help)");
        out.push_back({"", {}, false, *t});
    }
    return out;
}

std::string tamper_help() {
    std::string text = "Tamper modes (--tamper MODE, repeatable; \"all\" = one call of each):\n";
    for (const devnet::TamperInfo& info : devnet::tamper_modes()) {
        char line[512];
        std::snprintf(line, sizeof line, "  %-24s %s (expected: %s)\n", std::string(info.name).c_str(),
                      std::string(info.description).c_str(), std::string(info.expected_verdict).c_str());
        text += line;
    }
    return text;
}

int run_gateway(const GatewayCliOptions& o) {
    const auto started_at = std::chrono::steady_clock::now();
    auto description = devnet::load_devnet_description(o.devnet);
    if (!description) {
        std::cerr << "countersign-devnet gateway: " << description.error() << "\n";
        return 1;
    }
    auto calls = parse_calls(o.calls);
    if (!calls) {
        std::cerr << "countersign-devnet gateway: --calls: " << calls.error() << "\n";
        return 2;
    }
    auto tampered = parse_tampers(o.tampers);
    if (!tampered) {
        std::cerr << "countersign-devnet gateway: " << tampered.error() << "\n";
        return 2;
    }
    calls->insert(calls->end(), tampered->begin(), tampered->end());
    if (calls->empty()) {
        std::cerr << "countersign-devnet gateway: no calls (use --calls and/or --tamper)\n";
        return 2;
    }
    auto gateway = devnet::Gateway::open(*description, {o.seed, o.batch_size});
    if (!gateway) {
        std::cerr << "countersign-devnet gateway: " << gateway.error() << "\n";
        return 1;
    }
    auto results = (*gateway)->run(*calls);
    if (!results) {
        std::cerr << "countersign-devnet gateway: " << results.error() << "\n";
        return 1;
    }
    if (auto written = devnet::write_calls(o.out, o.seed, *results); !written) {
        std::cerr << "countersign-devnet gateway: " << written.error() << "\n";
        return 1;
    }
    const auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started_at).count();
    std::printf("%-14s %-10s %-24s %-9s %s\n", "request_id", "mode", "tamper", "expected", "receipt");
    for (const devnet::CallResult& r : *results) {
        const std::string tamper(devnet::tamper_info(r.spec.tamper).name);
        std::printf("%-14s %-10s %-24s %-9s %s/%s.receipt.json\n", r.request_id.c_str(),
                    std::string(chain::to_string(r.spec.mode)).c_str(), tamper.c_str(),
                    std::string(devnet::expected_verdict(r)).c_str(), o.out.c_str(), r.request_id.c_str());
    }
    std::printf("%zu calls in %lld ms; receipts, OpenGradient bodies and index.json in %s\n", results->size(),
                static_cast<long long>(ms), o.out.c_str());
    return 0;
}

void add_common(CLI::App* cmd, GatewayCliOptions& o) {
    cmd->add_option("--devnet", o.devnet, "devnet.json written by `countersign-devnet up`")->required();
    cmd->add_option("--out", o.out, "Directory for <request_id>.receipt.json, <request_id>.og.json, index.json")
        ->required();
    cmd->add_option("--seed", o.seed, "Seed: request ids, TEE timestamps, PSS salts and nonces derive from it")
        ->capture_default_str();
    cmd->add_option("--batch-size", o.batch_size, "Batch-mode calls per settleBatch")->capture_default_str();
    cmd->footer(tamper_help());
}

}  // namespace

Action add_gateway_command(CLI::App& app) {
    auto o = std::make_shared<GatewayCliOptions>();
    CLI::App* cmd = app.add_subcommand(
        "gateway", "Make paid calls through the reference gateway (client, facilitator and stand-in TEE) and write "
                   "one receipt v1 and one OpenGradient response body per call");
    add_common(cmd, *o);
    cmd->add_option("--calls", o->calls,
                    "Honest calls: KIND[:COUNT],... with KIND individual | batch | private | refund | refund-batch");
    cmd->add_option("--tamper", o->tampers, "Add one tampered call of MODE (repeatable; \"all\")");
    return [o] { return run_gateway(*o); };
}

Action add_demo_calls_command(CLI::App& app) {
    auto o = std::make_shared<GatewayCliOptions>();
    CLI::App* cmd = app.add_subcommand(
        "demo-calls", "The demo's set: gateway --calls " + std::string(kDemoCalls) + " --tamper all");
    add_common(cmd, *o);
    return [o] {
        GatewayCliOptions demo = *o;
        demo.calls = std::string(kDemoCalls);
        demo.tampers = {"all"};
        return run_gateway(demo);
    };
}

}  // namespace countersign::devnet_cli
