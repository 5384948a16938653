// SPDX-License-Identifier: Apache-2.0
// Verifying inference-call receipts end to end, against the devnet this program starts (devnet/world.hpp: two
// anvils) and the reference gateway's honest calls (kIndividualCalls settled one by one, kBatchCalls in
// batches of 4). Each receipt is verified once live, recording a proof bundle of just that receipt.
//
//   RV_setup           starting the world, making the calls, recording one bundle per receipt
//   RV_offline_verify  1,000 bundle verifications on this thread, cycling over the bundles, each doing the
//                      whole job with nothing kept between iterations: read_bundle (JSON, canonical form,
//                      digest), replay_session for both chains (parse the recorded exchanges, link the
//                      genesis checkpoint), rpc::verify_receipts (light clients, evidence, checks, verdict),
//                      and the verdict must be "passed". Counters: receipts/s per core, the phase split, and
//                      the cost split: secp256k1 recoveries and RSA-PSS verifications (counted and timed at
//                      the library call: the link wraps secp256k1_ecdsa_recover and EVP_PKEY_verify), keccak
//                      (permutations counted, times the measured cost of one), the rest.
//   RV_bundle_json_floor  nlohmann's two parses of a bundle (file, content string): the JSON floor of loading.
//   RV_crypto_floor    per iteration, exactly the recoveries and RSA-PSS verifications one verification did
//                      (rounded counts from RV_offline_verify) with the bare libsecp256k1 / OpenSSL calls:
//                      the floor of the cryptography. scripts/bench prints floor / verification.
//   RV_online_fresh    `countersign verify --config devnet.json` per receipt, in process: fresh HTTP
//                      providers and sessions anchored at the genesis checkpoints, then verify: p50/p99.
//   RV_online_warm     the same sessions reused for every receipt (headers already linked): p50/p99.
//
// Wall clock is steady_clock; cpu figures are this thread's (anvil is another process). The machine may be
// shared: compare figures from one run only.

#include <benchmark/benchmark.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <secp256k1.h>
#include <secp256k1_recovery.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "chain/call_receipt_json.hpp"
#include "crypto/keccak.hpp"
#include "crypto/rsa_pss.hpp"
#include "crypto/secp256k1.hpp"
#include "crypto/uint256.hpp"
#include "devnet/gateway.hpp"
#include "devnet/world.hpp"
#include "rpc/call_evidence_run.hpp"
#include "rpc/call_evidence_session.hpp"
#include "rpc/http_provider.hpp"
#include "rpc/proof_bundle.hpp"
#include "verify/call_report_json.hpp"

// ---- Instrumentation: the link wraps these library entry points (bench/CMakeLists.txt) ---------------------
namespace {
struct CryptoMeter {
    bool on{false};
    std::uint64_t recoveries{0};
    std::uint64_t recover_ns{0};
    std::uint64_t rsa_verifies{0};
    std::uint64_t rsa_ns{0};
    std::uint64_t keccak_blocks{0};  // permutations: one per absorbed block, plus single permutations
};
CryptoMeter g_meter;

std::uint64_t now_ns() noexcept {
    return static_cast<std::uint64_t>(
        std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
            .count());
}
}  // namespace

extern "C" {
int __real_secp256k1_ecdsa_recover(const secp256k1_context* ctx, secp256k1_pubkey* pubkey,
                                   const secp256k1_ecdsa_recoverable_signature* sig, const unsigned char* msghash32);
int __wrap_secp256k1_ecdsa_recover(const secp256k1_context* ctx, secp256k1_pubkey* pubkey,
                                   const secp256k1_ecdsa_recoverable_signature* sig, const unsigned char* msghash32) {
    if (!g_meter.on) return __real_secp256k1_ecdsa_recover(ctx, pubkey, sig, msghash32);
    const std::uint64_t t0 = now_ns();
    const int r = __real_secp256k1_ecdsa_recover(ctx, pubkey, sig, msghash32);
    g_meter.recover_ns += now_ns() - t0;
    ++g_meter.recoveries;
    return r;
}
int __real_EVP_PKEY_verify(EVP_PKEY_CTX* ctx, const unsigned char* sig, size_t siglen, const unsigned char* tbs,
                           size_t tbslen);
int __wrap_EVP_PKEY_verify(EVP_PKEY_CTX* ctx, const unsigned char* sig, size_t siglen, const unsigned char* tbs,
                           size_t tbslen) {
    if (!g_meter.on) return __real_EVP_PKEY_verify(ctx, sig, siglen, tbs, tbslen);
    const std::uint64_t t0 = now_ns();
    const int r = __real_EVP_PKEY_verify(ctx, sig, siglen, tbs, tbslen);
    g_meter.rsa_ns += now_ns() - t0;
    ++g_meter.rsa_verifies;
    return r;
}
// countersign::detail::keccakf1600(uint64_t*) and keccak_absorb_blocks(uint64_t*, const uint8_t*, size_t):
// counted only (each is tens of nanoseconds; timing them would distort them).
void __real__ZN11countersign6detail11keccakf1600EPm(std::uint64_t* state);
void __wrap__ZN11countersign6detail11keccakf1600EPm(std::uint64_t* state) {
    g_meter.keccak_blocks += g_meter.on ? 1 : 0;
    __real__ZN11countersign6detail11keccakf1600EPm(state);
}
void __real__ZN11countersign6detail20keccak_absorb_blocksEPmPKhm(std::uint64_t* state, const std::uint8_t* data,
                                                                 std::size_t blocks);
void __wrap__ZN11countersign6detail20keccak_absorb_blocksEPmPKhm(std::uint64_t* state, const std::uint8_t* data,
                                                                 std::size_t blocks) {
    g_meter.keccak_blocks += g_meter.on ? blocks : 0;
    __real__ZN11countersign6detail20keccak_absorb_blocksEPmPKhm(state, data, blocks);
}
}  // extern "C"

namespace {

using namespace countersign;
using Clock = std::chrono::steady_clock;

constexpr std::uint64_t kSeed = 11;
constexpr std::size_t kIndividualCalls = 26;
constexpr std::size_t kBatchCalls = 24;  // 6 batches of 4
constexpr std::size_t kOfflineVerifications = 1000;
constexpr std::size_t kOnlineSamples = 100;

double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

double thread_cpu_seconds() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

double percentile(std::vector<double> v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    const auto i = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(v.size()))) - 1;
    return v[std::min(i, v.size() - 1)];
}

double mean(const std::vector<double>& v) {
    double s = 0;
    for (double x : v) s += x;
    return v.empty() ? 0 : s / static_cast<double>(v.size());
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

// As `countersign verify --config devnet.json` opens a chain: one HTTP provider, anchored at the genesis
// checkpoint the description gives.
Expected<std::unique_ptr<rpc::ChainSession>, std::string> open_chain(const devnet::ChainDescription& chain,
                                                                    bool record) {
    auto p = rpc::HttpProvider::create(chain.rpc);
    if (!p) return unexpected(std::string{"cannot create a provider for "} + chain.rpc);
    std::vector<std::unique_ptr<rpc::Provider>> providers;
    providers.push_back(std::move(*p));
    rpc::ChainSessionOptions options;
    options.chain_id = chain.chain_id;
    options.checkpoint = verify::Checkpoint{chain.checkpoint_number, chain.checkpoint_hash};
    options.record = record;
    auto s = rpc::ChainSession::open(std::move(providers), options);
    if (!s) return unexpected("session: " + s.error().to_string());
    return std::move(*s);
}

std::string verdict_of(const std::vector<rpc::ReceiptOutcome>& outcomes) {
    if (outcomes.size() != 1) return std::to_string(outcomes.size()) + " outcomes for one receipt";
    const rpc::ReceiptOutcome& o = outcomes[0];
    if (!o.report) return "unparsed receipt";
    return std::string{verify::to_string(o.report->verdict.kind)} + " (" + o.report->verdict.reason + ")";
}

bool passed(const std::vector<rpc::ReceiptOutcome>& outcomes) {
    return outcomes.size() == 1 && outcomes[0].report &&
           outcomes[0].report->verdict.kind == verify::VerdictKind::kPassed;
}

struct Fixture {
    std::string error;
    double setup_seconds{0};
    std::unique_ptr<devnet::DevnetWorld> world;
    verify::VerifierConfig config;
    std::vector<rpc::ReceiptInput> inputs;
    std::vector<std::string> bundles;  // one bundle text per receipt
    // From RV_offline_verify, for RV_crypto_floor.
    double recoveries_per_verification{0};
    double rsa_per_verification{0};
};

Expected<void, std::string> build(Fixture& f) {
    auto world = devnet::DevnetWorld::start();
    if (!world) return unexpected("devnet: " + world.error());
    f.world = std::move(*world);
    auto gateway = devnet::Gateway::open(f.world->description(), {kSeed, 4});
    if (!gateway) return unexpected("gateway: " + gateway.error());
    std::vector<devnet::CallSpec> specs;
    for (std::size_t i = 0; i < kIndividualCalls + kBatchCalls; ++i)
        specs.push_back({"", i % 2 == 0 || i >= 2 * kBatchCalls ? chain::SettlementMode::kIndividual
                                                                 : chain::SettlementMode::kBatch});
    auto calls = (*gateway)->run(specs);
    if (!calls) return unexpected("gateway run: " + calls.error());
    const auto& d = f.world->description();
    f.config = verifier_config(d);
    for (const auto& c : *calls) {
        rpc::ReceiptInput input{c.request_id, chain::to_receipt_json(c.receipt)};
        auto payment = open_chain(d.payment, true);
        auto settlement = open_chain(d.settlement, true);
        if (!payment) return unexpected(payment.error());
        if (!settlement) return unexpected(settlement.error());
        const auto outcomes = rpc::verify_receipts({input}, f.config, payment->get(), settlement->get());
        if (!passed(outcomes))
            return unexpected(c.request_id + " did not pass live: " + verdict_of(outcomes));
        rpc::ProofBundle bundle;
        bundle.receipts = {input.text};
        bundle.config = f.config;
        bundle.verdicts = {"passed"};
        bundle.chains.push_back(rpc::bundle_chain(rpc::ChainRole::kPayment, **payment));
        bundle.chains.push_back(rpc::bundle_chain(rpc::ChainRole::kSettlement, **settlement));
        f.bundles.push_back(rpc::write_bundle(bundle));
        f.inputs.push_back(std::move(input));
    }
    return {};
}

Fixture& fixture() {
    static Fixture f = [] {
        Fixture out;
        const auto t0 = Clock::now();
        if (auto ok = build(out); !ok) out.error = ok.error();
        out.setup_seconds = seconds_since(t0);
        return out;
    }();
    return f;
}

void BM_setup(benchmark::State& state) {
    Fixture& f = fixture();
    for (auto _ : state) state.SetIterationTime(f.setup_seconds);
    if (!f.error.empty()) return state.SkipWithError(("setup failed: " + f.error).c_str());
    std::size_t bytes = 0;
    for (const auto& b : f.bundles) bytes += b.size();
    state.counters["seconds"] = f.setup_seconds;
    state.counters["receipts"] = static_cast<double>(f.inputs.size());
    const auto n = static_cast<double>(f.bundles.size());
    state.counters["bundle_kB_mean"] = static_cast<double>(bytes) / n / 1e3;
    // What a one-receipt bundle holds: recorded requests per method (means over the bundles), and the .io
    // text of both chains.
    std::map<std::string, double> methods;
    double io_bytes = 0;
    for (const auto& text : f.bundles) {
        auto loaded = rpc::read_bundle(text);
        if (!loaded) return state.SkipWithError(("own bundle does not load: " + loaded.error().to_string()).c_str());
        for (const auto& chain : loaded->chains)
            for (const auto& provider : chain.providers) {
                io_bytes += static_cast<double>(provider.io.size());
                std::size_t pos = 0;
                while ((pos = provider.io.find(">> ", pos)) != std::string::npos) {
                    const std::size_t eol = provider.io.find('\n', pos);
                    for (std::size_t key = provider.io.find("\"method\":\"", pos); key < eol;
                         key = provider.io.find("\"method\":\"", key + 1)) {
                        const std::size_t start = key + 10;
                        methods[provider.io.substr(start, provider.io.find('"', start) - start)] += 1;
                    }
                    pos = eol == std::string::npos ? provider.io.size() : eol;
                }
            }
    }
    state.counters["io_kB_mean"] = io_bytes / n / 1e3;
    for (const auto& [method, count] : methods) state.counters["req_" + method] = count / n;
}

// The cost of one Keccak-f[1600] permutation as keccak256 pays it: one-block messages.
double keccak_block_ns() {
    std::uint8_t buf[100] = {};
    const auto t0 = Clock::now();
    constexpr int kN = 200'000;
    for (int i = 0; i < kN; ++i) {
        buf[0] = static_cast<std::uint8_t>(i);
        Hash32 h = keccak256(ByteView{buf, sizeof buf});
        benchmark::DoNotOptimize(h);
        buf[1] ^= h.bytes[0];
    }
    return seconds_since(t0) * 1e9 / kN;
}

void BM_offline_verify(benchmark::State& state) {
    Fixture& f = fixture();
    if (!f.error.empty()) {
        for (auto _ : state) {}
        return state.SkipWithError(("setup failed: " + f.error).c_str());
    }
    double load_s = 0, open_s = 0, verify_s = 0, total_s = 0;
    std::string error;
    const double cpu0 = thread_cpu_seconds();
    g_meter = CryptoMeter{};
    g_meter.on = true;
    std::size_t i = 0;
    for (auto _ : state) {
        if (!error.empty()) continue;
        const std::string& text = f.bundles[i++ % f.bundles.size()];
        const auto t0 = Clock::now();
        auto loaded = rpc::read_bundle(text);
        const auto t1 = Clock::now();
        if (!loaded) {
            error = "bundle: " + loaded.error().to_string();
            continue;
        }
        auto payment = rpc::replay_session(loaded->chains.at(0));
        auto settlement = rpc::replay_session(loaded->chains.at(1));
        const auto t2 = Clock::now();
        if (!payment || !settlement) {
            error = "replay session: " + (payment ? settlement.error() : payment.error()).to_string();
            continue;
        }
        std::vector<rpc::ReceiptInput> inputs;
        for (const auto& r : loaded->receipts) inputs.push_back(rpc::ReceiptInput{"bundle", r});
        const auto outcomes =
            rpc::verify_receipts(inputs, loaded->config, payment->get(), settlement->get(), loaded->options);
        const auto t3 = Clock::now();
        if (!passed(outcomes))
            error = "replayed verdict: " + verdict_of(outcomes);
        load_s += std::chrono::duration<double>(t1 - t0).count();
        open_s += std::chrono::duration<double>(t2 - t1).count();
        verify_s += std::chrono::duration<double>(t3 - t2).count();
        total_s += std::chrono::duration<double>(t3 - t0).count();
    }
    g_meter.on = false;
    const double cpu_s = thread_cpu_seconds() - cpu0;
    if (!error.empty()) return state.SkipWithError(error.c_str());
    const auto n = static_cast<double>(kOfflineVerifications);
    const double per_ms = total_s / n * 1e3;
    const double rec_ms = static_cast<double>(g_meter.recover_ns) / n * 1e-6;
    const double rsa_ms = static_cast<double>(g_meter.rsa_ns) / n * 1e-6;
    const double kec_ms = static_cast<double>(g_meter.keccak_blocks) / n * keccak_block_ns() * 1e-6;
    f.recoveries_per_verification = static_cast<double>(g_meter.recoveries) / n;
    f.rsa_per_verification = static_cast<double>(g_meter.rsa_verifies) / n;
    auto& c = state.counters;
    c["verifications"] = n;
    c["receipts_per_s"] = n / total_s;
    c["receipts_per_cpu_s"] = n / cpu_s;
    c["ms_per_receipt"] = per_ms;
    c["ms_load_bundle"] = load_s / n * 1e3;    // JSON parse, canonical re-serialization, digest
    c["ms_replay_open"] = open_s / n * 1e3;    // recorded exchanges parsed (JSON), checkpoint linked
    c["ms_verify"] = verify_s / n * 1e3;       // light clients, evidence, checks, verdict
    c["recoveries_per_receipt"] = f.recoveries_per_verification;
    c["rsa_per_receipt"] = f.rsa_per_verification;
    c["keccak_blocks_per_receipt"] = static_cast<double>(g_meter.keccak_blocks) / n;
    c["pct_recovery"] = 100 * rec_ms / per_ms;
    c["pct_rsa"] = 100 * rsa_ms / per_ms;
    c["pct_keccak"] = 100 * kec_ms / per_ms;
    c["pct_load_json"] = 100 * (load_s / n * 1e3) / per_ms;
    c["pct_replay_open"] = 100 * (open_s / n * 1e3) / per_ms;
    c["pct_rest_of_verify"] = 100 * (per_ms - rec_ms - rsa_ms - kec_ms - (load_s + open_s) / n * 1e3) / per_ms;
}

// The bare JSON work of loading a bundle, for comparison with ms_load_bundle: nlohmann parses of the file and
// of its content string, nothing else (the .io exchanges inside are parsed again by replay_session).
void BM_bundle_json_floor(benchmark::State& state) {
    Fixture& f = fixture();
    if (!f.error.empty()) {
        for (auto _ : state) {}
        return state.SkipWithError(("setup failed: " + f.error).c_str());
    }
    std::size_t i = 0;
    bool ok = true;
    for (auto _ : state) {
        const std::string& text = f.bundles[i++ % f.bundles.size()];
        const auto doc = nlohmann::json::parse(text, nullptr, false);
        ok &= !doc.is_discarded() && doc.contains("content") && doc["content"].is_string();
        if (!ok) break;
        const auto content = nlohmann::json::parse(doc["content"].get_ref<const std::string&>(), nullptr, false);
        ok &= !content.is_discarded();
        benchmark::DoNotOptimize(content);
    }
    if (!ok) return state.SkipWithError("a bundle is not JSON");
}

// The floor: the same recoveries and RSA-PSS verifications as bare library calls ------------------------
struct RecoverCase {
    Hash32 msg;
    std::uint8_t compact[64];
    int recid;
};

const std::vector<RecoverCase>& recover_cases() {
    static const std::vector<RecoverCase> cases = [] {
        std::vector<RecoverCase> out(64);
        for (std::size_t i = 0; i < out.size(); ++i) {
            const SecretKey sk{keccak256(Uint256(2000 + i).to_be())};
            out[i].msg = keccak256(Uint256(i).to_be());
            auto sig = sign_recoverable(out[i].msg, sk);
            if (!sig) std::abort();
            std::memcpy(out[i].compact, sig->r.data(), 32);
            std::memcpy(out[i].compact + 32, sig->s.data(), 32);
            out[i].recid = sig->recovery_id;
        }
        return out;
    }();
    return cases;
}

struct RsaCase {
    Bytes spki;
    Hash32 message;
    Bytes signature;
};

const RsaCase& rsa_case() {
    static const RsaCase c = [] {
        auto key = RsaPrivateKey::generate(2048);
        if (!key) std::abort();
        RsaCase out;
        out.spki = key->public_key_der();
        out.message = keccak256(to_view("request_hash || output_hash || timestamp"));
        Bytes32 salt;
        salt.bytes.fill(0x5a);
        auto sig = sign_rsa_pss_sha256(*key, out.message, salt);
        if (!sig) std::abort();
        out.signature = *sig;
        return out;
    }();
    return c;
}

bool raw_recover(const RecoverCase& c) {
    secp256k1_ecdsa_recoverable_signature rsig;
    secp256k1_pubkey pk;
    unsigned char sec1[65];
    std::size_t len = sizeof sec1;
    int ok = secp256k1_ecdsa_recoverable_signature_parse_compact(secp256k1_context_static, &rsig, c.compact, c.recid);
    ok &= __real_secp256k1_ecdsa_recover(secp256k1_context_static, &pk, &rsig, c.msg.data());
    secp256k1_ec_pubkey_serialize(secp256k1_context_static, sec1, &len, &pk, SECP256K1_EC_UNCOMPRESSED);
    Hash32 h = keccak256(ByteView{sec1 + 1, 64});
    benchmark::DoNotOptimize(h);
    return ok == 1;
}

bool raw_rsa(const RsaCase& c) {
    const unsigned char* p = c.spki.data();
    EVP_PKEY* pkey = d2i_PUBKEY(nullptr, &p, static_cast<long>(c.spki.size()));
    unsigned char digest[32];
    unsigned int dlen = 0;
    EVP_Digest(c.message.data(), c.message.size(), digest, &dlen, EVP_sha256(), nullptr);
    EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_pkey(nullptr, pkey, nullptr);
    EVP_PKEY_verify_init(ctx);
    EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PSS_PADDING);
    EVP_PKEY_CTX_set_signature_md(ctx, EVP_sha256());
    EVP_PKEY_CTX_set_rsa_mgf1_md(ctx, EVP_sha256());
    EVP_PKEY_CTX_set_rsa_pss_saltlen(ctx, 32);
    const int ok = __real_EVP_PKEY_verify(ctx, c.signature.data(), c.signature.size(), digest, dlen);
    EVP_PKEY_CTX_free(ctx);
    EVP_PKEY_free(pkey);
    return ok == 1;
}

void BM_crypto_floor(benchmark::State& state) {
    Fixture& f = fixture();
    if (!f.error.empty() || f.recoveries_per_verification == 0) {
        for (auto _ : state) {}
        return state.SkipWithError(f.error.empty() ? "RV_offline_verify did not run" : f.error.c_str());
    }
    const auto& rc = recover_cases();
    const RsaCase& rs = rsa_case();
    const auto recoveries = static_cast<std::size_t>(std::llround(f.recoveries_per_verification));
    const auto rsas = static_cast<std::size_t>(std::llround(f.rsa_per_verification));
    std::size_t k = 0;
    bool ok = true;
    for (auto _ : state) {
        for (std::size_t i = 0; i < recoveries; ++i) ok &= raw_recover(rc[k++ % rc.size()]);
        for (std::size_t i = 0; i < rsas; ++i) ok &= raw_rsa(rs);
    }
    if (!ok) return state.SkipWithError("a bare verification failed");
    state.counters["recoveries"] = static_cast<double>(recoveries);
    state.counters["rsa"] = static_cast<double>(rsas);
}

// ---- Online ------------------------------------------------------------------------------------------------
void report_latency(benchmark::State& state, const std::vector<double>& wall, const std::vector<double>& cpu,
                    double open_mean) {
    auto& c = state.counters;
    c["samples"] = static_cast<double>(wall.size());
    c["p50_ms"] = percentile(wall, 50) * 1e3;
    c["p99_ms"] = percentile(wall, 99) * 1e3;
    c["mean_ms"] = mean(wall) * 1e3;
    c["cpu_ms_mean"] = mean(cpu) * 1e3;
    if (open_mean > 0) c["open_ms_mean"] = open_mean * 1e3;
    c["receipts_per_s"] = 1 / mean(wall);
}

void BM_online_fresh(benchmark::State& state) {
    Fixture& f = fixture();
    std::vector<double> wall, cpu, open;
    std::string error;
    for (auto _ : state) {
        double total = 0;
        for (std::size_t i = 0; i < kOnlineSamples && f.error.empty() && error.empty(); ++i) {
            const auto& d = f.world->description();
            const auto t0 = Clock::now();
            const double c0 = thread_cpu_seconds();
            auto payment = open_chain(d.payment, false);
            auto settlement = open_chain(d.settlement, false);
            const double opened = seconds_since(t0);
            if (!payment || !settlement) {
                error = payment ? settlement.error() : payment.error();
                break;
            }
            const auto outcomes =
                rpc::verify_receipts({f.inputs[i % f.inputs.size()]}, f.config, payment->get(), settlement->get());
            wall.push_back(seconds_since(t0));
            cpu.push_back(thread_cpu_seconds() - c0);
            open.push_back(opened);
            total += wall.back();
            if (!passed(outcomes))
                error = "live verdict: " + verdict_of(outcomes);
        }
        state.SetIterationTime(total);
    }
    if (!f.error.empty()) return state.SkipWithError(("setup failed: " + f.error).c_str());
    if (!error.empty()) return state.SkipWithError(error.c_str());
    report_latency(state, wall, cpu, mean(open));
}

void BM_online_warm(benchmark::State& state) {
    Fixture& f = fixture();
    std::vector<double> wall, cpu;
    std::string error;
    for (auto _ : state) {
        double total = 0;
        if (f.error.empty()) {
            const auto& d = f.world->description();
            auto payment = open_chain(d.payment, false);
            auto settlement = open_chain(d.settlement, false);
            if (!payment || !settlement) {
                error = payment ? settlement.error() : payment.error();
            } else {
                for (std::size_t i = 0; i < kOnlineSamples && error.empty(); ++i) {
                    const auto t0 = Clock::now();
                    const double c0 = thread_cpu_seconds();
                    const auto outcomes = rpc::verify_receipts({f.inputs[i % f.inputs.size()]}, f.config,
                                                               payment->get(), settlement->get());
                    wall.push_back(seconds_since(t0));
                    cpu.push_back(thread_cpu_seconds() - c0);
                    total += wall.back();
                    if (!passed(outcomes))
                        error = "live verdict: " + verdict_of(outcomes);
                }
            }
        }
        state.SetIterationTime(total);
    }
    if (!f.error.empty()) return state.SkipWithError(("setup failed: " + f.error).c_str());
    if (!error.empty()) return state.SkipWithError(error.c_str());
    report_latency(state, wall, cpu, 0);
}

BENCHMARK(BM_setup)->Name("RV_setup")->Iterations(1)->UseManualTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_offline_verify)
    ->Name("RV_offline_verify")
    ->Iterations(static_cast<benchmark::IterationCount>(kOfflineVerifications))
    ->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_bundle_json_floor)->Name("RV_bundle_json_floor")->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_crypto_floor)->Name("RV_crypto_floor")->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_online_fresh)->Name("RV_online_fresh")->Iterations(1)->UseManualTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_online_warm)->Name("RV_online_warm")->Iterations(1)->UseManualTime()->Unit(benchmark::kMillisecond);

}  // namespace
