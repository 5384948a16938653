// SPDX-License-Identifier: Apache-2.0
// `countersign verify RECEIPT.json...`: verifies inference-call receipts against the payment and settlement
// chains through light clients (docs/cli.md, "verify"), or replays a proof bundle offline (--bundle). The
// verdict of each receipt decides the exit code; several receipts exit with the most severe one.
#include <algorithm>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "apps/countersign/commands.hpp"
#include "apps/countersign/verify_config.hpp"
#include "chain/call_receipt_json.hpp"
#include "crypto/hex.hpp"
#include "rpc/call_evidence_run.hpp"
#include "rpc/call_evidence_session.hpp"
#include "rpc/http_provider.hpp"
#include "rpc/proof_bundle.hpp"
#include "verify/call_report_json.hpp"
#include "verify/call_verdict.hpp"

namespace countersign::cli {

namespace {

using nlohmann::json;

// Exit codes of `verify` (docs/cli.md).
constexpr int kVerifyPassed = 0;
constexpr int kVerifyFailed = 1;
constexpr int kVerifyUsage = 2;
constexpr int kVerifyNetwork = 3;
constexpr int kVerifyRisky = 4;
constexpr int kVerifyPending = 5;
constexpr int kVerifyRefunded = 6;

struct VerifyArgs {
    std::vector<std::string> receipts;
    std::string config;
    std::vector<std::string> payment_rpc;
    std::vector<std::string> settlement_rpc;
    std::string payment_checkpoint;
    std::string settlement_checkpoint;
    std::size_t quorum{0};                // 0: the config's, else a majority of the providers
    std::int64_t confirmations{-1};       // -1: the config's, else 1
    std::uint64_t payment_chain_id{0};    // 0: the config's, else the providers'
    std::uint64_t settlement_chain_id{0};
    std::vector<std::string> assets;
    std::string registry;
    std::string relay;
    std::int64_t window{-1};  // same-request search: blocks before the payment
    bool json{false};
    bool table{false};
    std::string save_bundle;
    std::string bundle;
};

int exit_code(verify::VerdictKind kind) {
    switch (kind) {
        case verify::VerdictKind::kPassed:
            return kVerifyPassed;
        case verify::VerdictKind::kFailed:
            return kVerifyFailed;
        case verify::VerdictKind::kRisky:
            return kVerifyRisky;
        case verify::VerdictKind::kPending:
            return kVerifyPending;
        case verify::VerdictKind::kRefunded:
            return kVerifyRefunded;
    }
    return kVerifyFailed;
}

// Several receipts: the most severe verdict decides (failed > risky > pending > refunded > passed).
int severity(int code) {
    switch (code) {
        case kVerifyFailed:
            return 4;
        case kVerifyRisky:
            return 3;
        case kVerifyPending:
            return 2;
        case kVerifyRefunded:
            return 1;
        default:
            return 0;
    }
}

int usage(const std::string& message) {
    std::cerr << "countersign verify: " << message << "\n";
    return kVerifyUsage;
}

std::optional<Address> parse_address_arg(const std::string& text) {
    if (text.size() != 42 || !text.starts_with("0x")) return std::nullopt;
    auto a = parse_hex_fixed<20>(text);
    return a ? std::optional<Address>{*a} : std::nullopt;
}

std::optional<std::string> read_file(const std::string& path, std::size_t cap) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::string text(cap + 1, '\0');
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    text.resize(static_cast<std::size_t>(in.gcount()));
    return text;
}

std::string short_hex(const Hash32& h) { return to_hex(h); }

std::string anchor_line(std::string_view role, const rpc::ChainSession& s) {
    std::ostringstream o;
    o << role << " chain " << verify::caip2_network(s.chain_id()) << ": anchor " << verify::to_string(s.anchor())
      << " (checkpoint " << s.checkpoint().number << ":" << to_hex(s.checkpoint().hash) << ", ";
    switch (s.anchor()) {
        case verify::TrustLevel::kProven:
            o << "given by the user";
            break;
        case verify::TrustLevel::kCorroborated:
            o << "taken from the providers, " << s.quorum_k() << " of " << s.provider_count() << " agreeing";
            break;
        case verify::TrustLevel::kReported:
            o << "taken from a single provider";
            break;
    }
    o << "), " << s.provider_count() << (s.provider_count() == 1 ? " provider" : " providers");
    if (s.provider_count() > 1) o << ", quorum " << s.quorum_k();
    return o.str();
}

json malformed_json(const rpc::ReceiptOutcome& o) {
    return {{"format", std::string{verify::kVerdictFormat}},
            {"file", o.name},
            {"request_id", nullptr},
            {"verdict",
             {{"kind", "failed"}, {"reason", "RECEIPT_MALFORMED: " + o.parse_error->to_string()}}},
            {"checks", json::array()}};
}

void print_table(const std::vector<rpc::ReceiptOutcome>& outcomes) {
    std::cout << std::left << std::setw(24) << "request_id" << "  " << std::setw(66) << "payment_hash" << "  "
              << std::setw(9) << "verdict" << "  reason\n";
    for (const auto& o : outcomes) {
        std::string request_id = o.receipt ? o.receipt->request_id : o.name;
        std::string payment = o.receipt && o.receipt->payment ? short_hex(o.receipt->payment->payment_hash) : "-";
        std::string verdict = o.report ? std::string{verify::to_string(o.report->verdict.kind)} : "failed";
        std::string reason =
            o.report ? o.report->verdict.reason : "RECEIPT_MALFORMED: " + o.parse_error->to_string();
        if (o.report && o.report->verdict.kind == verify::VerdictKind::kPassed && reason.empty()) reason = "-";
        std::cout << std::setw(24) << request_id << "  " << std::setw(66) << payment << "  " << std::setw(9)
                  << verdict << "  " << reason << "\n";
    }
}

struct Sessions {
    std::unique_ptr<rpc::ChainSession> payment;
    std::unique_ptr<rpc::ChainSession> settlement;
};

// Opens a live session; on failure prints why and returns the exit code.
// Quorum precedence: --quorum, the chain's "quorum", the config's top-level "quorum", a majority.
int open_live(const std::string& role, const VerifyChainSettings& chain, std::size_t cli_quorum,
              std::optional<std::size_t> config_quorum, std::uint64_t max_walk, bool record,
              std::unique_ptr<rpc::ChainSession>& out) {
    if (chain.rpc.empty()) return kVerifyPassed;
    std::vector<std::unique_ptr<rpc::Provider>> providers;
    for (const auto& url : chain.rpc) {
        auto p = rpc::HttpProvider::create(url);
        if (!p) {
            if (p.error().kind == rpc::RpcErrorKind::kInvalidUrl)
                return usage("--" + role + "-rpc " + url + ": " + p.error().to_string());
            std::cerr << "countersign verify: " << role << " provider " << url << ": " << p.error().to_string()
                      << "\n";
            return kVerifyNetwork;
        }
        providers.push_back(std::move(*p));
    }
    rpc::ChainSessionOptions options;
    options.chain_id = chain.chain_id.value_or(0);
    options.checkpoint = chain.checkpoint;
    options.quorum_k =
        cli_quorum != 0 ? cli_quorum : chain.quorum.value_or(config_quorum.value_or(providers.size() / 2 + 1));
    options.light_client.max_walk = max_walk;
    options.record = record;
    auto s = rpc::ChainSession::open(std::move(providers), options);
    if (!s) {
        std::cerr << "countersign verify: " << role << " chain: " << s.error().to_string() << "\n";
        return s.error().kind == rpc::FetchError::Kind::kRpc ? kVerifyNetwork : kVerifyFailed;
    }
    out = std::move(*s);
    return kVerifyPassed;
}

int emit(const VerifyArgs& a, const std::vector<rpc::ReceiptOutcome>& outcomes, const Sessions& sessions,
         const std::vector<std::string>& notes) {
    int code = kVerifyPassed;
    for (const auto& o : outcomes) {
        const int c = o.report ? exit_code(o.report->verdict.kind) : kVerifyFailed;
        if (severity(c) > severity(code)) code = c;
    }
    if (a.json) {
        std::vector<json> docs;
        for (const auto& o : outcomes) docs.push_back(o.report ? verify::to_json(*o.report) : malformed_json(o));
        if (docs.size() == 1) {
            std::cout << docs.front().dump(2) << "\n";
        } else {
            std::cout << json(docs).dump(2) << "\n";
        }
        for (const auto& n : notes) std::cerr << n << "\n";
        return code;
    }
    if (a.table) {
        print_table(outcomes);
        for (const auto& n : notes) std::cerr << n << "\n";
        return code;
    }
    if (sessions.payment) std::cout << anchor_line("payment", *sessions.payment) << "\n";
    if (sessions.settlement) std::cout << anchor_line("settlement", *sessions.settlement) << "\n";
    for (const auto& o : outcomes) {
        std::cout << "\n== " << o.name << "\n";
        if (o.report) {
            std::cout << verify::render_text(*o.report);
        } else {
            std::cout << "verdict: failed\nRECEIPT_MALFORMED: " << o.parse_error->to_string() << "\n";
        }
    }
    for (const auto& n : notes) std::cout << n << "\n";
    return code;
}

int run_bundle(const VerifyArgs& a) {
    if (!a.receipts.empty()) return usage("--bundle carries its receipts; give no RECEIPT files with it");
    if (!a.save_bundle.empty()) return usage("--bundle and --save-bundle cannot be combined");
    if (!a.payment_rpc.empty() || !a.settlement_rpc.empty() || !a.config.empty())
        return usage("--bundle replays recorded answers: no --config or --*-rpc with it");
    auto bundle = rpc::load_bundle(a.bundle);
    if (!bundle) {
        std::cerr << "countersign verify: " << a.bundle << ": " << bundle.error().to_string() << "\n";
        return bundle.error().kind == rpc::BundleErrorKind::kUnreadable ? kVerifyUsage : kVerifyFailed;
    }
    Sessions sessions;
    for (auto& chain : bundle->chains) {
        const std::string& given =
            chain.role == rpc::ChainRole::kPayment ? a.payment_checkpoint : a.settlement_checkpoint;
        if (!given.empty()) {
            // The user re-asserts the anchor as their own trust decision; it must be the one recorded.
            auto cp = parse_checkpoint(given);
            if (!cp) return usage("checkpoint must be NUMBER:0xHASH (32-byte hash)");
            if (cp->number != chain.checkpoint.number || cp->hash != chain.checkpoint.hash) {
                std::cerr << "countersign verify: the bundle's " << rpc::to_string(chain.role)
                          << " chain is anchored at " << chain.checkpoint.number << ":"
                          << to_hex(chain.checkpoint.hash) << ", not at the checkpoint given\n";
                return kVerifyFailed;
            }
            chain.anchor = verify::TrustLevel::kProven;
        }
        auto s = rpc::replay_session(chain);
        if (!s) {
            std::cerr << "countersign verify: bundle " << rpc::to_string(chain.role)
                      << " chain: " << s.error().to_string() << "\n";
            return kVerifyFailed;
        }
        (chain.role == rpc::ChainRole::kPayment ? sessions.payment : sessions.settlement) = std::move(*s);
    }
    std::vector<rpc::ReceiptInput> inputs;
    for (std::size_t i = 0; i < bundle->receipts.size(); ++i)
        inputs.push_back(rpc::ReceiptInput{a.bundle + "#" + std::to_string(i + 1), bundle->receipts[i]});
    const auto outcomes =
        rpc::verify_receipts(inputs, bundle->config, sessions.payment.get(), sessions.settlement.get(), bundle->options);
    std::vector<std::string> notes;
    for (std::size_t i = 0; i < outcomes.size(); ++i) {
        const std::string now =
            outcomes[i].report ? std::string{verify::to_string(outcomes[i].report->verdict.kind)} : "failed";
        if (i < bundle->verdicts.size() && bundle->verdicts[i] != now)
            notes.push_back("note: " + inputs[i].name + " was \"" + bundle->verdicts[i] +
                            "\" when the bundle was saved, \"" + now + "\" now");
    }
    return emit(a, outcomes, sessions, notes);
}

int run_live(const VerifyArgs& a) {
    if (a.receipts.empty()) return usage("give at least one RECEIPT.json (or --bundle FILE)");
    VerifySettings settings;
    if (!a.config.empty()) {
        auto loaded = load_verify_config(a.config);
        if (!loaded) return usage("--config " + loaded.error());
        settings = std::move(*loaded);
    }
    // Command-line options override the file.
    if (!a.payment_rpc.empty()) settings.payment.rpc = a.payment_rpc;
    if (!a.settlement_rpc.empty()) settings.settlement.rpc = a.settlement_rpc;
    if (a.payment_chain_id != 0) settings.payment.chain_id = a.payment_chain_id;
    if (a.settlement_chain_id != 0) settings.settlement.chain_id = a.settlement_chain_id;
    for (const auto& [text, chain] : {std::pair{&a.payment_checkpoint, &settings.payment},
                                      std::pair{&a.settlement_checkpoint, &settings.settlement}}) {
        if (text->empty()) continue;
        chain->checkpoint = parse_checkpoint(*text);
        if (!chain->checkpoint) return usage("checkpoint must be NUMBER:0xHASH (32-byte hash)");
    }
    if (a.confirmations >= 0) {
        settings.payment.confirmations = static_cast<std::uint64_t>(a.confirmations);
        settings.settlement.confirmations = static_cast<std::uint64_t>(a.confirmations);
    }
    for (const auto& text : a.assets) {
        auto asset = parse_address_arg(text);
        if (!asset) return usage("--asset " + text + ": not a 0x-prefixed 20-byte address");
        if (std::find(settings.accepted_assets.begin(), settings.accepted_assets.end(), *asset) ==
            settings.accepted_assets.end())
            settings.accepted_assets.push_back(*asset);
    }
    for (const auto& [text, slot] : {std::pair{&a.registry, &settings.registry}, std::pair{&a.relay, &settings.relay}}) {
        if (text->empty()) continue;
        *slot = parse_address_arg(*text);
        if (!*slot) return usage(*text + ": not a 0x-prefixed 20-byte address");
    }
    if (a.window >= 0) settings.same_request_blocks_before = static_cast<std::uint64_t>(a.window);
    if (!settings.registry || !settings.relay || settings.accepted_assets.empty())
        return usage("the verifier needs its own registry, relay and accepted assets (--config FILE, or --registry, "
                     "--relay and --asset): a receipt never chooses them");
    if (settings.payment.rpc.empty() && settings.settlement.rpc.empty())
        return usage("no provider: give --payment-rpc / --settlement-rpc or a --config naming the chains' rpc");

    // Read every receipt before asking any node.
    std::vector<rpc::ReceiptInput> inputs;
    for (const auto& path : a.receipts) {
        auto text = read_file(path, chain::kMaxReceiptJsonBytes);
        if (!text) return usage(path + ": cannot read");
        inputs.push_back(rpc::ReceiptInput{path, std::move(*text)});
    }

    const bool record = !a.save_bundle.empty();
    const std::uint64_t max_walk = settings.max_walk.value_or(rpc::LightClientOptions{}.max_walk);
    Sessions sessions;
    if (int c = open_live("payment", settings.payment, a.quorum, settings.quorum, max_walk, record, sessions.payment);
        c != kVerifyPassed)
        return c;
    if (int c = open_live("settlement", settings.settlement, a.quorum, settings.quorum, max_walk, record,
                          sessions.settlement);
        c != kVerifyPassed)
        return c;

    verify::VerifierConfig config;
    config.payment_chain_id =
        sessions.payment ? sessions.payment->chain_id() : settings.payment.chain_id.value_or(0);
    config.settlement_chain_id =
        sessions.settlement ? sessions.settlement->chain_id() : settings.settlement.chain_id.value_or(0);
    config.accepted_assets = settings.accepted_assets;
    config.registry = *settings.registry;
    config.relay = *settings.relay;
    config.payment_confirmations = settings.payment.confirmations.value_or(1);
    config.settlement_confirmations = settings.settlement.confirmations.value_or(1);
    rpc::EvidenceOptions options;
    if (settings.same_request_blocks_before) options.same_request_blocks_before = *settings.same_request_blocks_before;
    if (settings.max_search_range) options.max_search_range = *settings.max_search_range;

    const auto outcomes =
        rpc::verify_receipts(inputs, config, sessions.payment.get(), sessions.settlement.get(), options);
    std::vector<std::string> notes;
    if (record) {
        rpc::ProofBundle bundle;
        for (const auto& in : inputs) bundle.receipts.push_back(in.text);
        bundle.config = config;
        bundle.options = options;
        for (const auto& o : outcomes)
            bundle.verdicts.push_back(o.report ? std::string{verify::to_string(o.report->verdict.kind)} : "failed");
        // The human report names the anchors; read them before the recording ends the sessions.
        std::vector<std::string> anchors;
        if (sessions.payment) anchors.push_back(anchor_line("payment", *sessions.payment));
        if (sessions.settlement) anchors.push_back(anchor_line("settlement", *sessions.settlement));
        if (sessions.payment) bundle.chains.push_back(rpc::bundle_chain(rpc::ChainRole::kPayment, *sessions.payment));
        if (sessions.settlement)
            bundle.chains.push_back(rpc::bundle_chain(rpc::ChainRole::kSettlement, *sessions.settlement));
        if (auto saved = rpc::save_bundle(a.save_bundle, bundle); !saved) {
            std::cerr << "countersign verify: " << saved.error().to_string() << "\n";
            return kVerifyUsage;
        }
        notes.push_back("proof bundle saved to " + a.save_bundle + " (replay: countersign verify --bundle " +
                        a.save_bundle + ")");
        Sessions none;
        if (!a.json && !a.table)
            for (const auto& line : anchors) std::cout << line << "\n";
        return emit(a, outcomes, none, notes);
    }
    return emit(a, outcomes, sessions, notes);
}

}  // namespace

Action add_verify_command(CLI::App& app) {
    auto a = std::make_shared<VerifyArgs>();
    CLI::App* cmd = app.add_subcommand("verify", "verify inference-call receipts against the payment and settlement "
                                                 "chains (or replay a proof bundle offline)");
    cmd->add_option("receipts", a->receipts, "receipt files (receipt v1, gateway body or SDK output JSON)");
    cmd->add_option("--config", a->config, "verifier config JSON (verify config or devnet.json; docs/cli.md)");
    cmd->add_option("--payment-rpc", a->payment_rpc, "payment-chain JSON-RPC URL (repeatable: k-of-n quorum)");
    cmd->add_option("--settlement-rpc", a->settlement_rpc, "settlement-chain JSON-RPC URL (repeatable)");
    cmd->add_option("--payment-checkpoint", a->payment_checkpoint, "trusted payment-chain block NUMBER:HASH");
    cmd->add_option("--settlement-checkpoint", a->settlement_checkpoint, "trusted settlement-chain block NUMBER:HASH");
    cmd->add_option("--quorum", a->quorum, "providers that must agree, per chain (default: a majority)")
        ->check(CLI::PositiveNumber);
    cmd->add_option("--confirmations", a->confirmations, "blocks required on both chains, the block itself included")
        ->check(CLI::NonNegativeNumber);
    cmd->add_option("--payment-chain-id", a->payment_chain_id, "expected payment chain id (default: the config's)");
    cmd->add_option("--settlement-chain-id", a->settlement_chain_id, "expected settlement chain id");
    cmd->add_option("--asset", a->assets, "accepted payment token address (repeatable)");
    cmd->add_option("--registry", a->registry, "TEERegistry address on the settlement chain");
    cmd->add_option("--relay", a->relay, "InferenceSettlementRelay address on the settlement chain");
    cmd->add_option("--same-request-window", a->window,
                    "blocks before the payment searched for other payments bound to the same request (default 1000)")
        ->check(CLI::NonNegativeNumber);
    cmd->add_flag("--json", a->json, "print the countersign.verdict/v1 document (an array for several receipts)");
    cmd->add_flag("--table", a->table, "print one line per receipt: request_id, payment_hash, verdict, reason");
    cmd->add_option("--save-bundle", a->save_bundle, "write a proof bundle for offline re-checking");
    cmd->add_option("--bundle", a->bundle, "re-check a proof bundle offline, with no node");
    return [a] {
        if (a->json && a->table) return usage("--json and --table exclude each other");
        try {
            return a->bundle.empty() ? run_live(*a) : run_bundle(*a);
        } catch (const std::exception& e) {
            std::cerr << "countersign verify: internal error: " << e.what() << "\n";
            return kVerifyFailed;
        }
    };
}

}  // namespace countersign::cli
