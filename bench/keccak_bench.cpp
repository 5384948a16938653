// SPDX-License-Identifier: Apache-2.0
// Keccak-256 against OpenSSL's SHA3-256 (the same Keccak-f[1600] permutation and rate, different padding;
// OpenSSL 3.0 runs it in hand-written x86-64 assembly). Two OpenSSL baselines: EVP_Digest one-shot, which is
// what a caller normally writes, and a reused context with a pre-fetched EVP_MD, the fastest OpenSSL gets.
// scripts/bench pairs BM_keccak256/N with BM_openssl_sha3_256_{oneshot,reused}/N.
#include <benchmark/benchmark.h>
#include <openssl/evp.h>

#include <cstdio>
#include <cstdlib>

#include "crypto/keccak.hpp"

namespace countersign {
namespace {

Bytes make_input(std::size_t n) {
    Bytes data(n, 0);
    std::uint32_t x = 0x9e3779b9u;
    for (auto& b : data) {
        x = x * 1664525u + 1013904223u;
        b = static_cast<std::uint8_t>(x >> 24);
    }
    return data;
}

void set_bytes(benchmark::State& state, std::size_t n) {
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(n));
}

void BM_keccak256(benchmark::State& state) {
    const Bytes data = make_input(static_cast<std::size_t>(state.range(0)));
    for (auto _ : state) {
        Hash32 h = keccak256(data);
        benchmark::DoNotOptimize(h);
    }
    set_bytes(state, data.size());
}

// Same input through update(): what a streaming caller pays (the bytes are absorbed in place either way).
void BM_keccak256_incremental(benchmark::State& state) {
    const Bytes data = make_input(static_cast<std::size_t>(state.range(0)));
    for (auto _ : state) {
        Keccak256 hasher;
        hasher.update(data);
        Hash32 h = hasher.finalize();
        benchmark::DoNotOptimize(h);
    }
    set_bytes(state, data.size());
}

// Whole blocks through one permutation variant: shows what the portable build gets on a CPU without BMI2.
void absorb_with(benchmark::State& state, detail::KeccakImpl impl) {
    const Bytes data = make_input(static_cast<std::size_t>(state.range(0)));
    std::uint64_t st[25] = {};
    if (!detail::keccak_absorb_blocks_with(impl, st, data.data(), 0)) {
        state.SkipWithError("this CPU cannot run that variant");
        return;
    }
    for (auto _ : state) {
        detail::keccak_absorb_blocks_with(impl, st, data.data(), data.size() / Keccak256::kRate);
        benchmark::DoNotOptimize(st);
    }
    set_bytes(state, data.size());
}
void BM_keccak_absorb_generic(benchmark::State& state) { absorb_with(state, detail::KeccakImpl::kGeneric); }
void BM_keccak_absorb_bmi2(benchmark::State& state) { absorb_with(state, detail::KeccakImpl::kBmi2); }

void BM_keccakf1600(benchmark::State& state) {
    std::uint64_t st[25] = {};
    for (auto _ : state) {
        detail::keccakf1600(st);
        benchmark::DoNotOptimize(st);
    }
}

void BM_keccakf1600_reference(benchmark::State& state) {
    std::uint64_t st[25] = {};
    for (auto _ : state) {
        detail::keccakf1600_reference(st);
        benchmark::DoNotOptimize(st);
    }
}

void BM_openssl_sha3_256_oneshot(benchmark::State& state) {
    const Bytes data = make_input(static_cast<std::size_t>(state.range(0)));
    unsigned char md[32];
    unsigned int len = 0;
    for (auto _ : state) {
        if (EVP_Digest(data.data(), data.size(), md, &len, EVP_sha3_256(), nullptr) != 1) {
            state.SkipWithError("EVP_Digest failed");
            return;
        }
        benchmark::DoNotOptimize(md);
    }
    set_bytes(state, data.size());
}

void BM_openssl_sha3_256_reused(benchmark::State& state) {
    const Bytes data = make_input(static_cast<std::size_t>(state.range(0)));
    EVP_MD* md_type = EVP_MD_fetch(nullptr, "SHA3-256", nullptr);
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    unsigned char md[32];
    unsigned int len = 0;
    bool ok = md_type != nullptr && ctx != nullptr;
    for (auto _ : state) {
        if (!ok) break;
        ok = EVP_DigestInit_ex2(ctx, md_type, nullptr) == 1 && EVP_DigestUpdate(ctx, data.data(), data.size()) == 1 &&
             EVP_DigestFinal_ex(ctx, md, &len) == 1;
        benchmark::DoNotOptimize(md);
    }
    if (!ok) state.SkipWithError("OpenSSL SHA3-256 failed");
    EVP_MD_CTX_free(ctx);
    EVP_MD_free(md_type);
    set_bytes(state, data.size());
}

void sizes(benchmark::internal::Benchmark* b) {
    for (const std::int64_t n : {32, 64, 136, 1024, 1 << 20}) b->Arg(n);
}

BENCHMARK(BM_keccak256)->Apply(sizes);
BENCHMARK(BM_keccak256_incremental)->Arg(1024)->Arg(1 << 20);
BENCHMARK(BM_openssl_sha3_256_oneshot)->Apply(sizes);
BENCHMARK(BM_openssl_sha3_256_reused)->Apply(sizes);
BENCHMARK(BM_keccak_absorb_generic)->Arg(1 << 20);
BENCHMARK(BM_keccak_absorb_bmi2)->Arg(1 << 20);
BENCHMARK(BM_keccakf1600);
BENCHMARK(BM_keccakf1600_reference);

}  // namespace
}  // namespace countersign
