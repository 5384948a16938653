// SPDX-License-Identifier: Apache-2.0
// The receipts root of a 1,000-receipt block, against its floor: Keccak over exactly the node encodings the
// trie hashes (collected once, hashed in the loop). bench/peers/trie_peers.mjs times @ethereumjs/mpt on
// the same fixture, bench/fixtures/receipts_1000.rlp: an RLP list of 1,000 EIP-1559 (type 2) receipts,
// 0x02 || rlp([status, cumulative_gas, bloom, logs]) with 0-4 logs each, generated here deterministically.
// The program writes the file if it is missing and refuses to run if it differs from what it generates.

#include <benchmark/benchmark.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "chain/rlp.hpp"
#include "chain/trie_root.hpp"
#include "crypto/hex.hpp"
#include "crypto/keccak.hpp"

namespace {

using namespace countersign;

const std::filesystem::path kFixture =
    std::filesystem::path{COUNTERSIGN_SOURCE_DIR} / "bench/fixtures/receipts_1000.rlp";
constexpr std::size_t kReceipts = 1000;

struct SplitMix64 {
    std::uint64_t s;
    std::uint64_t next() {
        std::uint64_t z = (s += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    template <std::size_t N>
    FixedBytes<N> bytes() {
        FixedBytes<N> out;
        for (auto& b : out.bytes) b = static_cast<std::uint8_t>(next());
        return out;
    }
};

void add_to_bloom(Bloom& bloom, ByteView item) {
    const Hash32 h = keccak256(item);
    for (std::size_t i = 0; i < 6; i += 2) {
        const unsigned bit = ((unsigned{h.bytes[i]} << 8) | h.bytes[i + 1]) & 2047u;
        bloom.bytes[255 - bit / 8] |= static_cast<std::uint8_t>(1u << (bit % 8));
    }
}

struct Log {
    Address address;
    std::vector<Hash32> topics;
    Bytes data;
};

Bytes encode_log(const Log& log) {
    std::size_t topics = 0;
    for (const auto& t : log.topics) topics += rlp::length_of(t);
    const std::size_t payload = rlp::length_of(log.address) + rlp::length_of_length(topics) + topics +
                                rlp::length_of(ByteView{log.data});
    Bytes out;
    rlp::encode_header(out, {true, payload});
    rlp::encode(out, log.address);
    rlp::encode_header(out, {true, topics});
    for (const auto& t : log.topics) rlp::encode(out, t);
    rlp::encode(out, ByteView{log.data});
    return out;
}

// Token contracts and event signatures repeat across a block, as they do on mainnet.
std::vector<Bytes> generate_receipts() {
    SplitMix64 rng{20240601};
    std::vector<Address> contracts(24);
    for (auto& a : contracts) a = rng.bytes<20>();
    std::vector<Hash32> events(8);
    for (auto& e : events) e = rng.bytes<32>();
    std::vector<Bytes> receipts;
    std::uint64_t cumulative_gas = 0;
    for (std::size_t i = 0; i < kReceipts; ++i) {
        cumulative_gas += 21000 + rng.next() % 180000;
        const bool success = rng.next() % 50 != 0;
        std::vector<Log> logs(rng.next() % 5);
        Bloom bloom;
        Bytes encoded_logs;
        for (auto& log : logs) {
            log.address = contracts[rng.next() % contracts.size()];
            log.topics.push_back(events[rng.next() % events.size()]);
            const std::size_t extra = rng.next() % 4;
            for (std::size_t t = 0; t < extra; ++t) {
                Hash32 topic;  // an address-shaped indexed argument
                const Address who = rng.bytes<20>();
                std::copy(who.bytes.begin(), who.bytes.end(), topic.bytes.begin() + 12);
                log.topics.push_back(topic);
            }
            log.data.resize(32 * (rng.next() % 4));
            for (auto& b : log.data) b = static_cast<std::uint8_t>(rng.next() % 3 == 0 ? rng.next() : 0);
            add_to_bloom(bloom, log.address.view());
            for (const auto& t : log.topics) add_to_bloom(bloom, t.view());
            encoded_logs += encode_log(log);
        }
        const std::uint64_t status = success ? 1 : 0;
        const std::size_t payload = rlp::length_of(status) + rlp::length_of(cumulative_gas) + rlp::length_of(bloom) +
                                    rlp::length_of_length(encoded_logs.size()) + encoded_logs.size();
        Bytes r{0x02};
        rlp::encode_header(r, {true, payload});
        rlp::encode(r, status);
        rlp::encode(r, cumulative_gas);
        rlp::encode(r, bloom);
        rlp::encode_header(r, {true, encoded_logs.size()});
        r += encoded_logs;
        receipts.push_back(std::move(r));
    }
    return receipts;
}

Bytes encode_fixture(const std::vector<Bytes>& receipts) {
    std::size_t payload = 0;
    for (const auto& r : receipts) payload += rlp::length_of(ByteView{r});
    Bytes out;
    rlp::encode_header(out, {true, payload});
    for (const auto& r : receipts) rlp::encode(out, ByteView{r});
    return out;
}

struct Fixture {
    std::vector<Bytes> receipts;
    std::vector<Bytes> hashed_nodes;
    std::string error;
};

const Fixture& fixture() {
    static const Fixture f = [] {
        Fixture out;
        out.receipts = generate_receipts();
        const Bytes encoded = encode_fixture(out.receipts);
        std::error_code ec;
        if (!std::filesystem::exists(kFixture, ec)) {
            std::filesystem::create_directories(kFixture.parent_path(), ec);
            std::ofstream file{kFixture, std::ios::binary};
            file.write(reinterpret_cast<const char*>(encoded.data()), static_cast<std::streamsize>(encoded.size()));
            if (!file) out.error = "cannot write " + kFixture.string();
        } else {
            std::ifstream file{kFixture, std::ios::binary};
            const std::string text{std::istreambuf_iterator<char>{file}, std::istreambuf_iterator<char>{}};
            if (to_view(text) != ByteView{encoded}) out.error = kFixture.string() + " differs from the generator";
        }
        out.hashed_nodes = chain::ordered_trie_hashed_nodes(out.receipts);
        return out;
    }();
    return f;
}

void BM_receipts_root_1000(benchmark::State& state) {
    const Fixture& f = fixture();
    if (!f.error.empty()) {
        state.SkipWithError(f.error.c_str());
        return;
    }
    for (auto _ : state) {
        Hash32 root = chain::ordered_trie_root(f.receipts);
        benchmark::DoNotOptimize(root);
    }
    const Hash32 root = chain::ordered_trie_root(f.receipts);
    state.SetLabel(to_hex(root));
    state.counters["receipts"] = static_cast<double>(f.receipts.size());
}
BENCHMARK(BM_receipts_root_1000)->Unit(benchmark::kMicrosecond);

// The floor: the same Keccak work with no trie around it.
void BM_keccak_trie_nodes_1000(benchmark::State& state) {
    const Fixture& f = fixture();
    if (!f.error.empty()) {
        state.SkipWithError(f.error.c_str());
        return;
    }
    std::size_t bytes = 0;
    for (const auto& n : f.hashed_nodes) bytes += n.size();
    for (auto _ : state) {
        for (const auto& n : f.hashed_nodes) {
            Hash32 h = keccak256(n);
            benchmark::DoNotOptimize(h);
        }
    }
    state.counters["nodes"] = static_cast<double>(f.hashed_nodes.size());
    state.counters["node_bytes"] = static_cast<double>(bytes);
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(bytes));
}
BENCHMARK(BM_keccak_trie_nodes_1000)->Unit(benchmark::kMicrosecond);

}  // namespace
