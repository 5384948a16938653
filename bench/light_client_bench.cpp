// SPDX-License-Identifier: Apache-2.0
// The light client against a local anvil (chain id 8453) that this program starts and fills: 1,000 blocks of
// 5-20 signed transactions each (ERC-20-like Transfer-emitting calls, EIP-1559 and EIP-155 legacy transfers),
// trust from a checkpoint at block 1. Everything compared is measured in the same run, and interleaved sample
// by sample in rotating order, so that load drift on a shared machine hits ours and the baseline alike:
//
//   LC_setup          starting anvil and filling the chain
//   LC_receipt_warm   LightClient::receipt(tx hash) with the headers already linked, 500 random transactions:
//                     p50 / p99 per call; beside it the bare eth_getTransactionReceipt (what a trusting client
//                     sends) and the getter's own three calls sent unverified (its network floor)
//   LC_receipt_cold   the same from a fresh client per call (checkpoint only): the header walk is included
//   LC_blocks_1000    every receipt of the 1,000 blocks from the checkpoint (header link, block(n),
//                     block_receipts): receipts/s and blocks/s against bare eth_getBlockReceipts, and the cost
//                     split: network (of which JSON text decoding), parsing, hashing, sender recovery, other
//   LC_js_peers       bench/peers/light_client_peers.mjs: the same receipts with viem and ethers, unverified
//
// Latencies are wall clock (steady_clock); CPU figures are the client thread's (anvil is another process).
// Everything is reported as counters; each benchmark runs once (Iterations(1)) with its samples inside.

#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "chain/block.hpp"
#include "chain/block_json.hpp"
#include "chain/header.hpp"
#include "chain/receipt.hpp"
#include "chain/receipt_json.hpp"
#include "chain/transaction.hpp"
#include "chain/withdrawal.hpp"
#include "crypto/hex.hpp"
#include "crypto/keccak.hpp"
#include "crypto/secp256k1.hpp"
#include "crypto/uint256.hpp"
#include "rpc/fetch.hpp"
#include "rpc/http_provider.hpp"
#include "rpc/jsonrpc.hpp"
#include "rpc/testing/anvil.hpp"
#include "rpc/testing/process.hpp"
#include "verify/block_verify.hpp"
#include "verify/receipt_verify.hpp"

namespace {

using namespace countersign;
using Clock = std::chrono::steady_clock;
using rpc::json;

constexpr std::uint64_t kChainId = 8453;
constexpr std::uint64_t kBlocks = 1000;
constexpr std::size_t kWarmSamples = 500;
constexpr std::size_t kColdSamples = 100;

// anvil's first dev account (the public "test test ... junk" mnemonic).
const SecretKey kDevKey{*parse_hex_fixed<32>("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80")};

double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

struct SplitMix64 {
    std::uint64_t s;
    std::uint64_t next() {
        std::uint64_t z = (s += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    std::uint64_t below(std::uint64_t n) { return next() % n; }
};

Hash32 keccak_of(std::string_view text) {
    return keccak256(ByteView{reinterpret_cast<const std::uint8_t*>(text.data()), text.size()});
}

// A token whose every call emits Transfer(caller, calldata[4:36], calldata[36:68]) as ERC-20 does:
//   mstore(0, calldataload(36)); log3(0, 32, Transfer, caller, calldataload(4)); stop
Bytes token_init_code() {
    const Hash32 transfer = keccak_of("Transfer(address,address,uint256)");
    Bytes runtime{0x60, 0x24, 0x35, 0x60, 0x00, 0x52, 0x60, 0x04, 0x35, 0x33, 0x7f};
    runtime.append(transfer.data(), 32);
    runtime += Bytes{0x60, 0x20, 0x60, 0x00, 0xa3, 0x00};
    // codecopy(0, 12, len); return(0, len): the 12 bytes of this prefix.
    const auto len = static_cast<std::uint8_t>(runtime.size());
    Bytes init{0x60, len, 0x60, 0x0c, 0x60, 0x00, 0x39, 0x60, len, 0x60, 0x00, 0xf3};
    return init + runtime;
}

Bytes transfer_calldata(const Address& to, std::uint64_t amount) {
    Bytes data{0xa9, 0x05, 0x9c, 0xbb};  // transfer(address,uint256)
    data.append(12, 0);
    data.append(to.data(), 20);
    const Bytes32 value = Uint256{amount}.to_be();
    data.append(value.data(), 32);
    return data;
}

chain::Transaction sign(chain::Transaction t) {
    auto sig = sign_recoverable(chain::signing_hash(t), kDevKey);
    if (!sig) std::abort();
    t.r = Uint256::from_be(sig->r);
    t.s = Uint256::from_be(sig->s);
    t.odd_y_parity = sig->recovery_id == 1;
    return t;
}

chain::Transaction dynamic_fee(std::uint64_t nonce, std::optional<Address> to, Uint256 value, Bytes data,
                               std::uint64_t gas) {
    chain::Transaction t;
    t.type = chain::TxType::kDynamicFee;
    t.chain_id = Uint256{kChainId};
    t.nonce = nonce;
    t.max_priority_fee_per_gas = Uint256{1'000'000'000};
    t.max_fee_per_gas = Uint256{20'000'000'000};
    t.gas_limit = gas;
    t.to = to;
    t.value = value;
    t.data = std::move(data);
    return sign(std::move(t));
}

chain::Transaction legacy(std::uint64_t nonce, const Address& to, Uint256 value) {
    chain::Transaction t;
    t.type = chain::TxType::kLegacy;
    t.chain_id = Uint256{kChainId};  // EIP-155
    t.nonce = nonce;
    t.gas_price = Uint256{20'000'000'000};
    t.gas_limit = 21'000;
    t.to = to;
    t.value = value;
    return sign(std::move(t));
}

struct Percentiles {
    double p50_ms{0}, p99_ms{0}, mean_ms{0}, max_ms{0};
};

// Nearest-rank percentiles.
Percentiles percentiles(std::vector<double> seconds) {
    Percentiles p;
    if (seconds.empty()) return p;
    std::sort(seconds.begin(), seconds.end());
    const auto rank = [&](double q) {
        const auto i = static_cast<std::size_t>(std::ceil(q * static_cast<double>(seconds.size())));
        return seconds[std::clamp<std::size_t>(i, 1, seconds.size()) - 1] * 1e3;
    };
    p.p50_ms = rank(0.50);
    p.p99_ms = rank(0.99);
    double sum = 0;
    for (double s : seconds) sum += s;
    p.mean_ms = sum / static_cast<double>(seconds.size()) * 1e3;
    p.max_ms = seconds.back() * 1e3;
    return p;
}

void report(benchmark::State& state, const Percentiles& p) {
    state.counters["p50_ms"] = p.p50_ms;
    state.counters["p99_ms"] = p.p99_ms;
    state.counters["mean_ms"] = p.mean_ms;
    state.counters["max_ms"] = p.max_ms;
}

// The chain, built once by the first benchmark that asks, and the figures later benchmarks relate to.
struct Fixture {
    std::string error;
    std::unique_ptr<testing::Anvil> anvil;
    std::unique_ptr<rpc::HttpProvider> node;
    verify::ChainConfig config;
    std::vector<Hash32> block_hashes;  // [n] for n in 0..kBlocks
    std::vector<Hash32> tx_hashes;     // every transaction of blocks 1..kBlocks
    std::vector<std::uint64_t> tx_blocks;
    std::size_t token_calls{0};
    double setup_s{0};
    bool raw_headers{false};  // whether the node serves debug_getRawHeader (the Fetcher finds out)
    // For the JavaScript peers' ratios.
    double warm_p50_ms{0}, warm_mean_ms{0}, receipts_per_s{0};
};

std::string fill(Fixture& f) {
    testing::AnvilOptions options;
    options.chain_id = kChainId;
    auto started = testing::Anvil::start(options);
    if (!started) return started.error();
    f.anvil = std::move(*started);
    rpc::HttpOptions http;
    http.read_timeout = std::chrono::milliseconds(60'000);
    http.total_timeout = std::chrono::milliseconds(120'000);
    auto p = rpc::HttpProvider::create(f.anvil->url(), http);
    if (!p) return p.error().to_string();
    f.node = std::move(*p);
    auto& node = *f.node;
    if (auto r = node.call("evm_setAutomine", json::array({false})); !r) return r.error().to_string();

    SplitMix64 rng{8453};
    std::vector<Address> holders(64);
    for (auto& a : holders)
        for (auto& b : a.bytes) b = static_cast<std::uint8_t>(rng.next());
    std::uint64_t nonce = 0;
    // Only the deployment's address is needed: keccak(rlp([sender, 0]))[12:].
    const Address sender = *parse_hex_fixed<20>("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
    const Address token = verify::create_address(sender, 0);

    for (std::uint64_t block = 1; block <= kBlocks; ++block) {
        std::vector<chain::Transaction> txs;
        if (block == 1) txs.push_back(dynamic_fee(nonce++, std::nullopt, Uint256{}, token_init_code(), 200'000));
        const std::uint64_t count = 5 + rng.below(16);
        while (txs.size() < count) {
            const Address& to = holders[rng.below(holders.size())];
            const std::uint64_t kind = rng.below(20);
            if (kind < 10) {
                txs.push_back(dynamic_fee(nonce++, token, Uint256{}, transfer_calldata(to, 1 + rng.below(1'000'000)),
                                          60'000));
                ++f.token_calls;
            } else if (kind < 17) {
                txs.push_back(dynamic_fee(nonce++, to, Uint256{1 + rng.below(1'000'000'000)}, {}, 21'000));
            } else {
                txs.push_back(legacy(nonce++, to, Uint256{1 + rng.below(1'000'000'000)}));
            }
        }
        std::vector<rpc::Call> calls;
        calls.reserve(txs.size());
        for (const auto& t : txs) {
            calls.push_back(rpc::Call{"eth_sendRawTransaction", json::array({to_hex(chain::encode_transaction(t))})});
            f.tx_hashes.push_back(chain::transaction_hash(t));
            f.tx_blocks.push_back(block);
        }
        auto sent = node.batch(calls);
        if (!sent) return "eth_sendRawTransaction batch: " + sent.error().to_string();
        for (const auto& r : *sent)
            if (!r) return "eth_sendRawTransaction: " + r.error().to_string();
        if (auto r = node.call("evm_mine", json::array()); !r) return "evm_mine: " + r.error().to_string();
    }
    // Every transaction sent must have been mined (a dropped one would skew every figure).
    auto head = node.call("eth_blockNumber", json::array());
    if (!head || *head != json(Uint256{kBlocks}.to_quantity())) return "anvil head is not block 1000";
    f.block_hashes.resize(kBlocks + 1);
    std::size_t counted = 0;
    for (std::uint64_t n = 0; n <= kBlocks; ++n) {
        auto b = node.call("eth_getBlockByNumber", json::array({Uint256{n}.to_quantity(), false}));
        if (!b || !b->is_object()) return "eth_getBlockByNumber failed";
        f.block_hashes[n] = *parse_hex_fixed<32>((*b)["hash"].get<std::string>());
        counted += (*b)["transactions"].size();
    }
    if (counted != f.tx_hashes.size())
        return "blocks hold " + std::to_string(counted) + " transactions, sent " + std::to_string(f.tx_hashes.size());
    // The user's trust decision: block 1 by hash; two confirmations.
    f.config = verify::ChainConfig{kChainId, verify::Checkpoint{1, f.block_hashes[1]}, 2};
    return {};
}

Fixture& fixture() {
    static Fixture f = [] {
        Fixture x;
        const auto t0 = Clock::now();
        x.error = fill(x);
        x.setup_s = seconds_since(t0);
        if (x.error.empty())
            std::fprintf(stderr, "light_client_bench: %zu transactions (%zu token calls) in %llu blocks, setup %.1f s\n",
                         x.tx_hashes.size(), x.token_calls, static_cast<unsigned long long>(kBlocks), x.setup_s);
        return x;
    }();
    return f;
}

// Random transactions of blocks 2..kBlocks (block 1 is the checkpoint itself), fixed seed.
std::vector<std::size_t> sample(const Fixture& f, std::size_t count, std::uint64_t seed) {
    SplitMix64 rng{seed};
    std::vector<std::size_t> out;
    while (out.size() < count) {
        const auto i = static_cast<std::size_t>(rng.below(f.tx_hashes.size()));
        if (f.tx_blocks[i] >= 2) out.push_back(i);
    }
    return out;
}

bool ready(benchmark::State& state, Fixture& f) {
    if (!f.error.empty()) {
        state.SkipWithError(("setup failed: " + f.error).c_str());
        return false;
    }
    return true;
}

double thread_cpu_s() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// Wall and client-thread CPU time of a stretch of work, accumulated.
struct Meter {
    double wall{0}, cpu{0};
    template <class F>
    auto operator()(F&& work) {
        const auto t0 = Clock::now();
        const double c0 = thread_cpu_s();
        struct Stop {
            Meter& m;
            Clock::time_point t0;
            double c0;
            ~Stop() {
                m.last = seconds_since(t0);
                m.wall += m.last;
                m.cpu += thread_cpu_s() - c0;
            }
        } stop{*this, t0, c0};
        return work();
    }
    double last{0};
};

json header_params(const Fixture& f, std::uint64_t n) {
    return f.raw_headers ? json::array({Uint256{n}.to_quantity()}) : json::array({Uint256{n}.to_quantity(), false});
}
const char* header_method(const Fixture& f) { return f.raw_headers ? "debug_getRawHeader" : "eth_getBlockByNumber"; }

void BM_setup(benchmark::State& state) {
    auto& f = fixture();
    for (auto _ : state) {
        if (!ready(state, f)) return;
        state.SetIterationTime(f.setup_s);
    }
    state.counters["setup_s"] = f.setup_s;
    state.counters["blocks"] = static_cast<double>(kBlocks);
    state.counters["transactions"] = static_cast<double>(f.tx_hashes.size());
    state.counters["token_calls"] = static_cast<double>(f.token_calls);
}

// Per sampled transaction, in rotating order so that load drift on the shared machine hits all three alike:
// the verified getter (warm store), the bare eth_getTransactionReceipt, and the three calls the getter sends
// (receipt, full block, block receipts) unverified.
void BM_receipt_warm(benchmark::State& state) {
    auto& f = fixture();
    for (auto _ : state) {
        if (!ready(state, f)) return;
        rpc::Fetcher fetcher{{f.node.get()}};
        rpc::LightClient client{f.config, fetcher};
        auto head = client.sync_to_head();
        if (!head) return state.SkipWithError(head.error().to_string().c_str());
        f.raw_headers = fetcher.has_raw_headers().value_or(false);
        Meter verified, bare, same;
        std::vector<double> verified_s, bare_s, same_s;
        std::size_t turn = 0;
        for (const std::size_t i : sample(f, kWarmSamples, 1)) {
            const Hash32& tx = f.tx_hashes[i];
            const std::string block = to_hex(f.block_hashes[f.tx_blocks[i]]);
            for (std::size_t k = 0; k < 3; ++k) {
                switch ((turn + k) % 3) {
                    case 0: {
                        auto r = verified([&] { return client.receipt(tx); });
                        if (!r) return state.SkipWithError(r.error().to_string().c_str());
                        verified_s.push_back(verified.last);
                        break;
                    }
                    case 1: {
                        auto r = bare([&] { return f.node->call("eth_getTransactionReceipt", json::array({to_hex(tx)})); });
                        if (!r || !r->is_object()) return state.SkipWithError("eth_getTransactionReceipt failed");
                        bare_s.push_back(bare.last);
                        break;
                    }
                    default: {
                        const bool ok = same([&] {
                            auto r = f.node->call("eth_getTransactionReceipt", json::array({to_hex(tx)}));
                            auto b = f.node->call("eth_getBlockByHash", json::array({block, true}));
                            auto rs = f.node->call("eth_getBlockReceipts", json::array({block}));
                            return r && b && rs;
                        });
                        if (!ok) return state.SkipWithError("bare calls failed");
                        same_s.push_back(same.last);
                    }
                }
            }
            ++turn;
        }
        state.SetIterationTime(verified.wall);
        const auto v = percentiles(verified_s), b = percentiles(bare_s), s = percentiles(same_s);
        report(state, v);
        f.warm_p50_ms = v.p50_ms;
        f.warm_mean_ms = v.mean_ms;
        state.counters["bare_p50_ms"] = b.p50_ms;
        state.counters["bare_p99_ms"] = b.p99_ms;
        state.counters["same_calls_p50_ms"] = s.p50_ms;
        state.counters["same_calls_p99_ms"] = s.p99_ms;
        state.counters["p50_over_bare"] = v.p50_ms / b.p50_ms;
        state.counters["p50_over_same_calls"] = v.p50_ms / s.p50_ms;
        const auto n = static_cast<double>(kWarmSamples);
        state.counters["cpu_us"] = verified.cpu / n * 1e6;
        state.counters["bare_cpu_us"] = bare.cpu / n * 1e6;
        state.counters["same_calls_cpu_us"] = same.cpu / n * 1e6;
    }
    state.counters["samples"] = static_cast<double>(kWarmSamples);
}

// A fresh client per call (checkpoint only, block 1): the walk to the receipt's block is included.
void BM_receipt_cold(benchmark::State& state) {
    auto& f = fixture();
    for (auto _ : state) {
        if (!ready(state, f)) return;
        std::vector<double> seconds;
        double walked = 0;
        Meter meter;
        for (const std::size_t i : sample(f, kColdSamples, 2)) {
            rpc::Fetcher fetcher{{f.node.get()}};
            rpc::LightClient client{f.config, fetcher};
            auto r = meter([&] { return client.receipt(f.tx_hashes[i]); });
            if (!r) return state.SkipWithError(r.error().to_string().c_str());
            seconds.push_back(meter.last);
            walked += static_cast<double>(client.store().size());
        }
        state.SetIterationTime(meter.wall);
        const auto p = percentiles(seconds);
        report(state, p);
        const double mean_walked = walked / static_cast<double>(kColdSamples);
        state.counters["mean_headers_walked"] = mean_walked;
        // What the walk adds per header: cold minus warm, per header linked.
        if (f.warm_mean_ms > 0) state.counters["walk_ms_per_header"] = (p.mean_ms - f.warm_mean_ms) / mean_walked;
        state.counters["cpu_ms_per_call"] = meter.cpu * 1e3 / static_cast<double>(kColdSamples);
    }
    state.counters["samples"] = static_cast<double>(kColdSamples);
}

// The stages of verifying one block's receipts, on answers already fetched.
struct Stages {
    double json_text{0}, parse{0}, hashing{0}, recovery{0};
    std::size_t recoveries{0};
};

std::string split_block(const Fixture& f, std::uint64_t n, const json& h, const json& b, const json& r, Stages& st) {
    // The JSON text decoding inside the calls (HttpProvider's decode_response on each body).
    std::string bodies[3];
    const json* results[3] = {&h, &b, &r};
    for (int k = 0; k < 3; ++k) bodies[k] = json{{"jsonrpc", "2.0"}, {"id", 1}, {"result", *results[k]}}.dump();
    auto t = Clock::now();
    for (const auto& body : bodies) {
        auto decoded = rpc::decode_response(body, 1);
        benchmark::DoNotOptimize(decoded);
    }
    st.json_text += seconds_since(t);

    t = Clock::now();
    std::optional<chain::BlockHeader> header;
    if (f.raw_headers) {
        auto raw = parse_hex(h.get<std::string>(), HexPrefix::kRequired);
        if (!raw) return "raw header not hex";
        auto decoded = chain::decode_raw_header(*raw);
        if (!decoded) return "raw header";
        header = std::move(*decoded);
    } else {
        auto block = chain::block_from_rpc_json(h);
        if (!block) return "header block";
        header = std::move(block->header);
    }
    auto block = chain::block_from_rpc_json(b);
    if (!block) return "full block";
    std::vector<chain::Receipt> receipts;
    receipts.reserve(r.size());
    for (const auto& element : r) {
        auto receipt = chain::receipt_from_rpc_json(element);
        if (!receipt) return "receipt";
        receipts.push_back(std::move(receipt->receipt));
    }
    st.parse += seconds_since(t);

    std::vector<chain::Transaction> txs;
    txs.reserve(block->transactions.size());
    for (const auto& tx : block->transactions) txs.push_back(tx.tx);
    t = Clock::now();
    // As the getter does: the walked header, then the full block's header again, both roots, every tx hash.
    bool ok = chain::header_hash(*header) == f.block_hashes[n];
    ok = ok && chain::header_hash(block->header) == f.block_hashes[n];
    ok = ok && chain::transactions_root(txs) == header->transactions_root;
    for (const auto& tx : txs) benchmark::DoNotOptimize(chain::transaction_hash(tx));
    ok = ok && chain::receipts_root(receipts) == header->receipts_root;
    if (block->withdrawals) ok = ok && chain::withdrawals_root(*block->withdrawals) == header->withdrawals_root;
    st.hashing += seconds_since(t);
    if (!ok) return "a root does not match";

    // As the getter does: verify_block recovers each sender once to bind the node's `from` and keeps it in
    // VerifiedBlock::senders, which verify_block_receipts reuses.
    t = Clock::now();
    for (const auto& tx : txs) {
        auto sender = verify::sender_of(tx, kChainId);
        if (!sender) return "sender";
        benchmark::DoNotOptimize(sender);
        ++st.recoveries;
    }
    st.recovery += seconds_since(t);
    return {};
}

// Every receipt of blocks 1..1000 from a checkpoint-only client (per block: one header linked, the full block
// verified, its receipts re-hashed to receiptsRoot and bound), interleaved block by block, in rotating order,
// with the bare eth_getBlockReceipts a trusting client would send and with the getter's own three calls sent
// unverified, whose answers are then taken through the verification stages one at a time (the cost split).
void BM_blocks(benchmark::State& state) {
    auto& f = fixture();
    for (auto _ : state) {
        if (!ready(state, f)) return;
        rpc::Fetcher fetcher{{f.node.get()}};
        rpc::LightClient client{f.config, fetcher};
        Meter verified, bare, same, net_header, net_block, net_receipts;
        Stages stages;
        std::size_t receipts = 0, bare_receipts = 0;
        for (std::uint64_t n = 1; n <= kBlocks; ++n) {
            const std::string hash = to_hex(f.block_hashes[n]);
            for (std::uint64_t k = 0; k < 3; ++k) {
                switch ((n + k) % 3) {
                    case 0: {
                        std::string error;
                        verified([&] {
                            auto b = client.block(n);
                            if (!b) return void(error = b.error().to_string());
                            auto r = client.block_receipts(*b);
                            if (!r) return void(error = r.error().to_string());
                            receipts += (*r)->receipts.size();
                        });
                        if (!error.empty()) return state.SkipWithError(error.c_str());
                        f.raw_headers = fetcher.has_raw_headers().value_or(false);
                        break;
                    }
                    case 1: {
                        auto r = bare([&] {
                            return f.node->call("eth_getBlockReceipts", json::array({Uint256{n}.to_quantity()}));
                        });
                        if (!r || !r->is_array()) return state.SkipWithError("eth_getBlockReceipts failed");
                        bare_receipts += r->size();
                        break;
                    }
                    default: {
                        rpc::CallResult h, b, r;
                        same([&] {
                            h = net_header([&] { return f.node->call(header_method(f), header_params(f, n)); });
                            b = net_block([&] { return f.node->call("eth_getBlockByHash", json::array({hash, true})); });
                            r = net_receipts([&] { return f.node->call("eth_getBlockReceipts", json::array({hash})); });
                        });
                        if (!h || !b || !r || !r->is_array()) return state.SkipWithError("bare calls failed");
                        if (auto e = split_block(f, n, *h, *b, *r, stages); !e.empty())
                            return state.SkipWithError(e.c_str());
                    }
                }
            }
        }
        if (receipts != f.tx_hashes.size() || bare_receipts != receipts)
            return state.SkipWithError("receipt count differs from the transactions sent");
        state.SetIterationTime(verified.wall);
        const auto blocks = static_cast<double>(kBlocks);
        const auto rs = static_cast<double>(receipts);
        state.counters["wall_s"] = verified.wall;
        state.counters["blocks_per_s"] = blocks / verified.wall;
        state.counters["receipts_per_s"] = rs / verified.wall;
        f.receipts_per_s = rs / verified.wall;
        state.counters["bare_receipts_per_s"] = rs / bare.wall;
        state.counters["same_calls_receipts_per_s"] = rs / same.wall;
        state.counters["wall_over_bare"] = verified.wall / bare.wall;
        state.counters["wall_over_same_calls"] = verified.wall / same.wall;
        state.counters["cpu_over_bare"] = verified.cpu / bare.cpu;
        state.counters["cpu_over_same_calls"] = verified.cpu / same.cpu;
        state.counters["cpu_us_per_receipt"] = verified.cpu / rs * 1e6;
        state.counters["raw_headers"] = f.raw_headers ? 1 : 0;

        // Shares of the verified loop's wall time. "network" is the same three calls sent back to back next
        // to it; whatever the parts do not explain (the light client's own bookkeeping, copies, claim binding,
        // and on a loaded machine the scheduling cost of alternating network waits with CPU work) is "other".
        const double total = verified.wall;
        const double network = same.wall;
        const double parts = network + stages.parse + stages.hashing + stages.recovery;
        const auto pct = [&](double x) { return 100 * x / total; };
        state.counters["split_network_pct"] = pct(network);
        state.counters["split_json_text_pct"] = pct(stages.json_text);  // within network
        state.counters["split_parse_pct"] = pct(stages.parse);
        state.counters["split_hashing_pct"] = pct(stages.hashing);
        state.counters["split_recovery_pct"] = pct(stages.recovery);
        state.counters["split_other_pct"] = pct(total - parts);
        state.counters["net_header_ms"] = net_header.wall * 1e3;
        state.counters["net_full_block_ms"] = net_block.wall * 1e3;
        state.counters["net_block_receipts_ms"] = net_receipts.wall * 1e3;
        state.counters["parse_ms"] = stages.parse * 1e3;
        state.counters["hashing_ms"] = stages.hashing * 1e3;
        state.counters["recovery_ms"] = stages.recovery * 1e3;
        state.counters["us_per_recovery"] = stages.recovery * 1e6 / static_cast<double>(stages.recoveries);
        std::fprintf(stderr,
                     "light_client_bench: 1000 blocks verified in %.0f ms: network %.1f%% (JSON text %.1f%%), parse "
                     "%.1f%%, hashing %.1f%%, recovery %.1f%%, other %.1f%%\n",
                     total * 1e3, pct(network), pct(stages.json_text), pct(stages.parse), pct(stages.hashing),
                     pct(stages.recovery), pct(total - parts));
    }
}

// bench/peers/light_client_peers.mjs against the same node: the same 500 receipts by hash and the receipts of
// the same 1,000 blocks, fetched with viem and ethers (formatted, unverified). Not interleaved with ours (another
// process), so its ratios are the rougher ones.
void BM_js_peers(benchmark::State& state) {
    auto& f = fixture();
    for (auto _ : state) {
        if (!ready(state, f)) return;
        const std::string script = std::string{COUNTERSIGN_SOURCE_DIR} + "/bench/peers/light_client_peers.mjs";
        const auto list = std::filesystem::temp_directory_path() /
                          ("light_client_bench_" + std::to_string(f.anvil->port()) + ".txt");
        {
            std::ofstream out(list);
            for (const std::size_t i : sample(f, kWarmSamples, 1)) out << to_hex(f.tx_hashes[i]) << '\n';
        }
        auto node = testing::ChildProcess::spawn(
            {"/usr/bin/env", "node", script, f.anvil->url(), list.string(), std::to_string(kBlocks)});
        if (!node) return state.SkipWithError(("cannot start node: " + node.error()).c_str());
        const auto t0 = Clock::now();
        auto line = (*node)->wait_for_line(
            [](std::string_view l) { return l.find("{\"light_client_peers\"") != std::string_view::npos; },
            std::chrono::minutes(5));
        state.SetIterationTime(seconds_since(t0));
        std::filesystem::remove(list);
        if (!line) return state.SkipWithError(("JavaScript peers: " + line.error() + "\n" + (*node)->output()).c_str());
        const json doc = json::parse(line->substr(line->find('{')), nullptr, false);
        if (doc.is_discarded() || !doc["light_client_peers"].is_object())
            return state.SkipWithError(("JavaScript peers: unreadable line " + *line).c_str());
        for (const auto& [key, value] : doc["light_client_peers"].items())
            if (value.is_number()) state.counters[key] = value.get<double>();
        const json& p = doc["light_client_peers"];
        if (f.warm_p50_ms > 0 && p["viem_receipt_p50_ms"].is_number()) {
            state.counters["ours_warm_p50_over_viem_p50"] = f.warm_p50_ms / p["viem_receipt_p50_ms"].get<double>();
            state.counters["ours_warm_p50_over_ethers_p50"] = f.warm_p50_ms / p["ethers_receipt_p50_ms"].get<double>();
        }
        if (f.receipts_per_s > 0 && p["viem_block_receipts_per_s"].is_number())
            state.counters["viem_throughput_over_ours"] = p["viem_block_receipts_per_s"].get<double>() / f.receipts_per_s;
    }
}

BENCHMARK(BM_setup)->Name("LC_setup")->Iterations(1)->UseManualTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_receipt_warm)->Name("LC_receipt_warm")->Iterations(1)->UseManualTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_receipt_cold)->Name("LC_receipt_cold")->Iterations(1)->UseManualTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_blocks)->Name("LC_blocks_1000")->Iterations(1)->UseManualTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_js_peers)->Name("LC_js_peers")->Iterations(1)->UseManualTime()->Unit(benchmark::kMillisecond);

}  // namespace
