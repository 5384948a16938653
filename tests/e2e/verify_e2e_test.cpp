// SPDX-License-Identifier: Apache-2.0
// `countersign verify` end to end on the devnet: a two-chain world, the reference gateway making honest,
// refunded and tampered calls, and the whole pipeline (light clients from the genesis checkpoints, evidence
// gathering, checks, batch rules, verdicts) on every receipt the gateway wrote:
//   - every honest receipt passes with every check proven;
//   - each tamper mode reaches its expected verdict (failed, risky or pending), never passed;
//   - a refunded call is refunded;
//   - a proof bundle of the run replays offline (the world stopped) to the same verdicts and checks;
//   - bytes changed across the bundle never load (BUNDLE_CORRUPT), so never pass;
//   - the `countersign` program itself, given devnet.json as its config, exits with the verdict's code, and
//     --bundle replays with no node.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "chain/call_receipt_json.hpp"
#include "crypto/hex.hpp"
#include "devnet/gateway.hpp"
#include "devnet/world.hpp"
#include "rpc/call_evidence_run.hpp"
#include "rpc/call_evidence_session.hpp"
#include "rpc/http_provider.hpp"
#include "rpc/proof_bundle.hpp"
#include "verify/call_report_json.hpp"

namespace countersign {
namespace {

using chain::SettlementMode;
using devnet::CallSpec;
using devnet::Tamper;
using verify::CheckStatus;
using verify::TrustLevel;
using verify::VerdictKind;

constexpr std::uint64_t kSeed = 7;

std::vector<CallSpec> all_specs() {
    std::vector<CallSpec> specs;
    specs.push_back({"an honest individual call", SettlementMode::kIndividual});
    for (int i = 0; i < 4; ++i) specs.push_back({"", SettlementMode::kBatch});  // one full batch of 4
    specs.push_back({"", SettlementMode::kIndividual, true});                   // refunded
    for (const devnet::TamperInfo& info : devnet::tamper_modes())
        specs.push_back({"", SettlementMode::kIndividual, false, info.tamper});
    return specs;
}

struct Run {
    std::unique_ptr<devnet::DevnetWorld> world;
    std::vector<devnet::CallResult> calls;
    std::vector<rpc::ReceiptInput> inputs;
    std::vector<rpc::ReceiptOutcome> outcomes;
    rpc::ProofBundle bundle;
    std::filesystem::path dir;
};

// Runs the countersign program (stderr joined to stdout) and returns its exit code and output.
struct Cli {
    int exit_code{-1};
    std::string out;
};
Cli run_cli(const std::string& args) {
    Cli r;
    const std::string command = std::string{COUNTERSIGN_BIN} + " " + args + " 2>&1";
    FILE* pipe = popen(command.c_str(), "r");
    if (pipe == nullptr) return r;
    char buffer[4096];
    std::size_t n = 0;
    while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) r.out.append(buffer, n);
    const int status = pclose(pipe);
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

Run* g_run = nullptr;
std::string* g_error = nullptr;

std::unique_ptr<rpc::ChainSession> open_chain(const devnet::ChainDescription& chain) {
    auto p = rpc::HttpProvider::create(chain.rpc);
    if (!p) return nullptr;
    std::vector<std::unique_ptr<rpc::Provider>> providers;
    providers.push_back(std::move(*p));
    rpc::ChainSessionOptions options;
    options.chain_id = chain.chain_id;
    options.checkpoint = verify::Checkpoint{chain.checkpoint_number, chain.checkpoint_hash};
    options.record = true;
    auto s = rpc::ChainSession::open(std::move(providers), options);
    return s ? std::move(*s) : nullptr;
}

verify::VerifierConfig verifier_config(const devnet::DevnetDescription& d) {
    verify::VerifierConfig c;
    c.payment_chain_id = d.payment.chain_id;
    c.settlement_chain_id = d.settlement.chain_id;
    c.accepted_assets = {d.token};
    c.registry = d.registry;
    c.relay = d.relay;
    return c;
}

Expected<void, std::string> set_up() {
    auto run = std::make_unique<Run>();
    auto world = devnet::DevnetWorld::start();
    if (!world) return unexpected("devnet: " + world.error());
    run->world = std::move(*world);
    auto gateway = devnet::Gateway::open(run->world->description(), {kSeed, 4});
    if (!gateway) return unexpected("gateway: " + gateway.error());
    const auto specs = all_specs();
    auto calls = (*gateway)->run(specs);
    if (!calls) return unexpected("gateway run: " + calls.error());
    run->calls = std::move(*calls);
    for (const auto& c : run->calls)
        run->inputs.push_back(rpc::ReceiptInput{c.request_id, chain::to_receipt_json(c.receipt)});

    const auto& d = run->world->description();
    auto payment = open_chain(d.payment);
    auto settlement = open_chain(d.settlement);
    if (!payment || !settlement) return unexpected(std::string{"cannot open the light clients"});
    const auto config = verifier_config(d);
    const auto started = std::chrono::steady_clock::now();
    run->outcomes = rpc::verify_receipts(run->inputs, config, payment.get(), settlement.get());
    const auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
    std::cout << "verified " << run->inputs.size() << " receipts live in " << ms << " ms\n";

    run->bundle.receipts.clear();
    for (const auto& in : run->inputs) run->bundle.receipts.push_back(in.text);
    run->bundle.config = config;
    for (const auto& o : run->outcomes)
        run->bundle.verdicts.push_back(o.report ? std::string{verify::to_string(o.report->verdict.kind)} : "failed");
    run->bundle.chains.push_back(rpc::bundle_chain(rpc::ChainRole::kPayment, *payment));
    run->bundle.chains.push_back(rpc::bundle_chain(rpc::ChainRole::kSettlement, *settlement));

    run->dir = std::filesystem::temp_directory_path() / ("cs-e2e-" + std::to_string(::getpid()));
    std::filesystem::create_directories(run->dir);
    std::ofstream(run->dir / "devnet.json") << devnet::to_json(d).dump(2);
    for (std::size_t i = 0; i < run->inputs.size(); ++i)
        std::ofstream(run->dir / ("r" + std::to_string(i) + ".json"), std::ios::binary) << run->inputs[i].text;
    g_run = run.release();
    return {};
}

class VerifyE2E : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        if (auto ok = set_up(); !ok) g_error = new std::string(ok.error());
    }
    static void TearDownTestSuite() {
        if (g_run) std::filesystem::remove_all(g_run->dir);
        delete g_run;
        g_run = nullptr;
        delete g_error;
        g_error = nullptr;
    }
    void SetUp() override {
        ASSERT_EQ(g_error, nullptr) << *g_error;
        ASSERT_NE(g_run, nullptr);
    }
    static std::string describe(const verify::CallReport& r) {
        std::string out = std::string{verify::to_string(r.verdict.kind)} + " (" + r.verdict.reason + ")";
        for (const auto& c : r.checks)
            if (c.status != CheckStatus::kPassed || c.trust != TrustLevel::kProven)
                out += "\n  " + std::string{verify::to_string(c.code)} + " " +
                       std::string{verify::to_string(c.status)} + " " + std::string{verify::to_string(c.trust)} +
                       (c.problem ? " " + std::string{verify::to_string(*c.problem)} : "") + ": " + c.summary;
        return out;
    }
};

TEST_F(VerifyE2E, HonestCallsPassWithEveryCheckProven) {
    std::size_t honest = 0;
    for (std::size_t i = 0; i < g_run->calls.size(); ++i) {
        const auto& spec = g_run->calls[i].spec;
        if (spec.tamper != Tamper::kNone || spec.refund) continue;
        ++honest;
        const auto& o = g_run->outcomes[i];
        ASSERT_TRUE(o.report) << o.name << ": " << o.parse_error->to_string();
        EXPECT_EQ(o.report->verdict.kind, VerdictKind::kPassed) << o.name << ": " << describe(*o.report);
        for (const auto& c : o.report->checks) {
            EXPECT_EQ(c.status, CheckStatus::kPassed) << o.name << " " << verify::to_string(c.code);
            EXPECT_EQ(c.trust, TrustLevel::kProven) << o.name << " " << verify::to_string(c.code);
        }
    }
    EXPECT_EQ(honest, 5u);
}

TEST_F(VerifyE2E, RefundedCallIsRefunded) {
    for (std::size_t i = 0; i < g_run->calls.size(); ++i) {
        if (!g_run->calls[i].spec.refund) continue;
        const auto& o = g_run->outcomes[i];
        ASSERT_TRUE(o.report);
        EXPECT_EQ(o.report->verdict.kind, VerdictKind::kRefunded) << o.name << ": " << describe(*o.report);
    }
}

// Where this run's verdict differs from the gateway's expectation (devnet/gateway_tamper.cpp), and why.
std::string_view expected_here(const devnet::TamperInfo& info) {
    // Verified in one batch with the call whose payment it cites: the batch rule fails it (PAYMENT_REPLAYED).
    // Alone it is the gateway's "risky" (checked in BatchRuleFlagsAReplayedPaymentAcrossReceipts).
    if (info.tamper == Tamper::kReplayedPayment) return "failed";
    return info.expected_verdict;
}

TEST_F(VerifyE2E, EveryTamperModeReachesItsVerdictAndNeverPasses) {
    std::map<std::string, std::string> table;
    std::size_t modes = 0;
    for (std::size_t i = 0; i < g_run->calls.size(); ++i) {
        const Tamper t = g_run->calls[i].spec.tamper;
        if (t == Tamper::kNone) continue;
        ++modes;
        const auto& info = devnet::tamper_info(t);
        const auto& o = g_run->outcomes[i];
        ASSERT_TRUE(o.report) << info.name;
        EXPECT_NE(o.report->verdict.kind, VerdictKind::kPassed) << info.name << ": " << describe(*o.report);
        EXPECT_EQ(verify::to_string(o.report->verdict.kind), expected_here(info))
            << info.name << ": " << describe(*o.report);
        // The deciding problem is the one the gateway says its forgery must produce (the replay, verified here with
        // the call it copies, is caught by the cross-receipt rule first).
        const std::string_view code = t == Tamper::kReplayedPayment ? "PAYMENT_REPLAYED" : info.expected_code;
        ASSERT_TRUE(o.report->verdict.problem.has_value()) << info.name;
        EXPECT_EQ(verify::to_string(*o.report->verdict.problem), code) << info.name << ": " << describe(*o.report);
        table[std::string{info.name}] =
            std::string{verify::to_string(o.report->verdict.kind)} + "  " + o.report->verdict.reason.substr(0, 90);
    }
    for (const auto& [mode, verdict] : table) std::cout << "  " << mode << ": " << verdict << "\n";
    EXPECT_EQ(modes, devnet::tamper_modes().size());
}

TEST_F(VerifyE2E, BatchRuleFlagsAReplayedPaymentAcrossReceipts) {
    // The replayed-payment forgery verified with the call whose payment it copies: PAYMENT_REPLAYED.
    std::size_t replay = g_run->calls.size();
    for (std::size_t i = 0; i < g_run->calls.size(); ++i)
        if (g_run->calls[i].spec.tamper == Tamper::kReplayedPayment) replay = i;
    ASSERT_LT(replay, g_run->calls.size());
    std::vector<rpc::ReceiptInput> twice{g_run->inputs[0], g_run->inputs[replay]};
    auto payment = rpc::replay_session(g_run->bundle.chains[0]);
    auto settlement = rpc::replay_session(g_run->bundle.chains[1]);
    ASSERT_TRUE(payment && settlement);
    const auto outcomes = rpc::verify_receipts(twice, g_run->bundle.config, payment->get(), settlement->get());
    ASSERT_TRUE(outcomes[0].report && outcomes[1].report);
    ASSERT_TRUE(outcomes[0].receipt && outcomes[0].receipt->payment && outcomes[1].receipt &&
                outcomes[1].receipt->payment);
    ASSERT_EQ(outcomes[0].receipt->payment->payment_hash, outcomes[1].receipt->payment->payment_hash);
    EXPECT_EQ(outcomes[0].report->verdict.kind, VerdictKind::kPassed) << describe(*outcomes[0].report);
    EXPECT_EQ(outcomes[1].report->verdict.kind, VerdictKind::kFailed);
    bool replayed = false;
    for (const auto& c : outcomes[1].report->checks)
        replayed = replayed || (c.problem && *c.problem == verify::Problem::kPaymentReplayed);
    EXPECT_TRUE(replayed) << describe(*outcomes[1].report);

    // The gateway's replayed-payment receipt alone: no batch rule applies, the gateway's expectation holds.
    for (std::size_t i = 0; i < g_run->calls.size(); ++i) {
        if (g_run->calls[i].spec.tamper != Tamper::kReplayedPayment) continue;
        auto p = rpc::replay_session(g_run->bundle.chains[0]);
        auto s = rpc::replay_session(g_run->bundle.chains[1]);
        ASSERT_TRUE(p && s);
        const auto alone = rpc::verify_receipts({g_run->inputs[i]}, g_run->bundle.config, p->get(), s->get());
        ASSERT_TRUE(alone[0].report);
        EXPECT_EQ(verify::to_string(alone[0].report->verdict.kind),
                  devnet::tamper_info(Tamper::kReplayedPayment).expected_verdict)
            << describe(*alone[0].report);
    }
}

TEST_F(VerifyE2E, ProgramTakesDevnetJsonAsItsConfig) {
    ASSERT_TRUE(g_run->world->running()) << "the offline test stops the world: it runs last";
    const std::string config = " --config " + (g_run->dir / "devnet.json").string();
    // An honest call: passed, exit 0, human output names the proven anchors.
    const Cli honest = run_cli("verify " + (g_run->dir / "r0.json").string() + config);
    EXPECT_EQ(honest.exit_code, 0) << honest.out;
    std::cout << honest.out;
    EXPECT_NE(honest.out.find("anchor proven"), std::string::npos) << honest.out;
    // JSON for two receipts is an array; the same call checked twice is no replay (exit 0).
    const Cli twice = run_cli("verify " + (g_run->dir / "r0.json").string() + " " + (g_run->dir / "r0.json").string() +
                              config + " --json");
    EXPECT_EQ(twice.exit_code, 0) << twice.out;
    auto doc = nlohmann::json::parse(twice.out, nullptr, false);
    ASSERT_FALSE(doc.is_discarded()) << twice.out;
    EXPECT_TRUE(doc.is_array());
    EXPECT_EQ(twice.out.find("PAYMENT_REPLAYED"), std::string::npos);
    // Save a bundle and replay it.
    const auto bundle = (g_run->dir / "one.bundle.json").string();
    const Cli saved = run_cli("verify " + (g_run->dir / "r0.json").string() + config + " --save-bundle " + bundle);
    EXPECT_EQ(saved.exit_code, 0) << saved.out;
    const Cli replayed = run_cli("verify --bundle " + bundle);
    EXPECT_EQ(replayed.exit_code, 0) << replayed.out;
    // A receipt that does not parse fails (with the honest one passing beside it); a damaged bundle never loads.
    std::ofstream(g_run->dir / "garbage.json") << "{\"format\": \"countersign.receipt/v1\"";
    const Cli garbage = run_cli("verify " + (g_run->dir / "r0.json").string() + " " +
                                (g_run->dir / "garbage.json").string() + config + " --table");
    EXPECT_EQ(garbage.exit_code, 1) << garbage.out;
    EXPECT_NE(garbage.out.find("RECEIPT_MALFORMED"), std::string::npos) << garbage.out;
    {
        std::ifstream in(bundle, std::ios::binary);
        std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        text[text.size() / 2] = static_cast<char>(text[text.size() / 2] ^ 0x20);
        std::ofstream((g_run->dir / "damaged.bundle.json").string(), std::ios::binary) << text;
    }
    const Cli damaged = run_cli("verify --bundle " + (g_run->dir / "damaged.bundle.json").string());
    EXPECT_EQ(damaged.exit_code, 1) << damaged.out;
    EXPECT_NE(damaged.out.find("BUNDLE_CORRUPT"), std::string::npos) << damaged.out;
    // Two connections to each node under a 2-of-2 quorum: same verdict (the config's checkpoints stay).
    const auto& d = g_run->world->description();
    const Cli quorum = run_cli("verify " + (g_run->dir / "r0.json").string() + config + " --payment-rpc " +
                               d.payment.rpc + " --payment-rpc " + d.payment.rpc + " --settlement-rpc " +
                               d.settlement.rpc + " --settlement-rpc " + d.settlement.rpc + " --quorum 2");
    EXPECT_EQ(quorum.exit_code, 0) << quorum.out;
    EXPECT_NE(quorum.out.find("2 providers, quorum 2"), std::string::npos) << quorum.out;
    // A node that does not answer: network error.
    EXPECT_EQ(
        run_cli("verify " + (g_run->dir / "r0.json").string() + config + " --payment-rpc http://127.0.0.1:1").exit_code,
        3);
    // Usage errors.
    EXPECT_EQ(run_cli("verify " + (g_run->dir / "r0.json").string()).exit_code, 2);
    EXPECT_EQ(run_cli("verify --bundle " + bundle + " " + (g_run->dir / "r0.json").string()).exit_code, 2);
}

TEST_F(VerifyE2E, BundleReplaysOfflineToTheSameVerdicts) {
    const std::string text = rpc::write_bundle(g_run->bundle);
    std::cout << "bundle of " << g_run->inputs.size() << " receipts: " << text.size() << " bytes\n";
    g_run->world->stop();  // no node from here on
    auto loaded = rpc::read_bundle(text);
    ASSERT_TRUE(loaded) << loaded.error().to_string();
    auto payment = rpc::replay_session(loaded->chains[0]);
    auto settlement = rpc::replay_session(loaded->chains[1]);
    ASSERT_TRUE(payment) << payment.error().to_string();
    ASSERT_TRUE(settlement) << settlement.error().to_string();
    std::vector<rpc::ReceiptInput> inputs;
    for (const auto& r : loaded->receipts) inputs.push_back(rpc::ReceiptInput{"bundle", r});
    const auto started = std::chrono::steady_clock::now();
    const auto offline =
        rpc::verify_receipts(inputs, loaded->config, payment->get(), settlement->get(), loaded->options);
    const auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
    std::cout << "replayed " << inputs.size() << " receipts offline in " << ms << " ms\n";
    ASSERT_EQ(offline.size(), g_run->outcomes.size());
    for (std::size_t i = 0; i < offline.size(); ++i) {
        ASSERT_TRUE(offline[i].report && g_run->outcomes[i].report);
        EXPECT_EQ(offline[i].report->verdict, g_run->outcomes[i].report->verdict) << g_run->inputs[i].name;
        EXPECT_EQ(offline[i].report->checks, g_run->outcomes[i].report->checks) << g_run->inputs[i].name;
    }

    // Changed bytes across the file: never loads, so never passes.
    std::size_t tried = 0;
    const std::size_t step = std::max<std::size_t>(1, text.size() / 500);
    for (std::size_t pos = 0; pos < text.size(); pos += step) {
        std::string bad = text;
        bad[pos] = static_cast<char>(bad[pos] ^ 0x04);
        auto b = rpc::read_bundle(bad);
        ASSERT_FALSE(b) << "changed byte " << pos << " loaded";
        EXPECT_EQ(b.error().code(), "BUNDLE_CORRUPT");
        ++tried;
    }
    std::cout << tried << " changed bundles refused\n";

    // The program: --bundle with no node, same verdicts in its table and the most severe exit code.
    const auto bundle_path = g_run->dir / "run.bundle.json";
    ASSERT_TRUE(rpc::save_bundle(bundle_path, g_run->bundle));
    const Cli table = run_cli("verify --bundle " + bundle_path.string() + " --table");
    std::cout << table.out;
    EXPECT_EQ(table.exit_code, 1) << table.out;  // the tampered calls include failed ones
    for (const auto& c : g_run->calls) EXPECT_NE(table.out.find(c.request_id), std::string::npos);
}

}  // namespace
}  // namespace countersign
