// SPDX-License-Identifier: Apache-2.0
// Transaction decoding + sender recovery over a fixture of 10,000 mixed transactions (legacy, EIP-155,
// EIP-2930, EIP-1559, EIP-4844, EIP-7702), each signed by its own random key, against the bare libsecp256k1
// recoveries of the same signatures. BM_tx_decode_recover / BM_tx_raw_secp256k1_recover must stay <= 1.15.
//
// The program writes the fixture (one "raw-hex sender-hex" line per transaction) to $COUNTERSIGN_TX_FIXTURE,
// or next to this executable as tx_fixture.txt, so the JavaScript peers measure the very same transactions:
//
//     node bench/peers/tx_peers.mjs build/release/bench/tx_fixture.txt

#include <benchmark/benchmark.h>
#include <secp256k1.h>
#include <secp256k1_recovery.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <vector>

#include "chain/transaction.hpp"
#include "crypto/hex.hpp"
#include "crypto/keccak.hpp"
#include "crypto/secp256k1.hpp"

namespace {

using namespace countersign;
using namespace countersign::chain;

constexpr std::size_t kTransactions = 10000;

struct Rng {
    std::uint64_t s{0x9e3779b97f4a7c15ull};
    std::uint64_t next() noexcept {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        return s;
    }
    std::uint64_t below(std::uint64_t n) noexcept { return next() % n; }
    Bytes bytes(std::size_t n) {
        Bytes out(n, 0);
        for (auto& b : out) b = static_cast<std::uint8_t>(next());
        return out;
    }
    template <std::size_t N>
    FixedBytes<N> fixed() {
        return FixedBytes<N>::from_view_unchecked(bytes(N));
    }
};

SecretKey random_key(Rng& rng) {
    for (;;) {
        SecretKey k{rng.fixed<32>()};
        if (public_key_from_secret(k)) return k;
    }
}

void sign_tx(Transaction& tx, const SecretKey& key) {
    auto sig = sign_recoverable(signing_hash(tx), key);
    if (!sig) std::abort();
    tx.r = Uint256::from_be(sig->r);
    tx.s = Uint256::from_be(sig->s);
    tx.odd_y_parity = sig->recovery_id == 1;
}

// Shapes like mainnet traffic: mostly transfers and contract calls with short calldata, a few access lists.
Transaction random_transaction(Rng& rng, std::size_t i) {
    Transaction tx;
    const int kind = static_cast<int>(i % 6);  // 0 pre-155, 1 EIP-155, 2 2930, 3 1559, 4 4844, 5 7702
    tx.type = kind <= 1 ? TxType::kLegacy : static_cast<TxType>(kind - 1);
    tx.nonce = rng.below(100000);
    tx.gas_limit = 21000 + rng.below(500000);
    tx.to = rng.fixed<20>();
    tx.value = Uint256{rng.next()};
    tx.data = rng.bytes(rng.below(4) == 0 ? 0 : 4 + 32 * rng.below(6));
    if (tx.type == TxType::kLegacy) {
        if (kind == 1) tx.chain_id = Uint256{1};
        tx.gas_price = Uint256{1'000'000'000ull + rng.below(100'000'000'000ull)};
        return tx;
    }
    tx.chain_id = Uint256{1};
    if (tx.type == TxType::kAccessList) {
        tx.gas_price = Uint256{1'000'000'000ull + rng.below(100'000'000'000ull)};
    } else {
        tx.max_priority_fee_per_gas = Uint256{rng.below(3'000'000'000ull)};
        tx.max_fee_per_gas = *tx.max_priority_fee_per_gas + Uint256{rng.below(100'000'000'000ull)};
    }
    if (tx.type == TxType::kAccessList || rng.below(4) == 0) {
        AccessListEntry e{rng.fixed<20>(), {}};
        for (std::uint64_t k = rng.below(3); k > 0; --k) e.storage_keys.push_back(rng.fixed<32>());
        tx.access_list.push_back(std::move(e));
    }
    if (tx.type == TxType::kBlob) {
        tx.max_fee_per_blob_gas = Uint256{1 + rng.below(1000)};
        for (std::uint64_t k = 1 + rng.below(3); k > 0; --k) {
            Hash32 h = rng.fixed<32>();
            h.bytes[0] = 0x01;
            tx.blob_versioned_hashes.push_back(h);
        }
    }
    if (tx.type == TxType::kSetCode) {
        Authorization a;
        a.chain_id = Uint256{1};
        a.address = rng.fixed<20>();
        a.nonce = rng.below(100);
        const SecretKey authority = random_key(rng);
        auto sig = sign_recoverable(authorization_signing_hash(a), authority);
        if (!sig) std::abort();
        a.r = Uint256::from_be(sig->r);
        a.s = Uint256::from_be(sig->s);
        a.y_parity = sig->recovery_id;
        tx.authorization_list.push_back(a);
    }
    return tx;
}

struct Fixture {
    std::vector<Bytes> raw;
    std::vector<Address> senders;
    // For the baseline: exactly what libsecp256k1 needs, extracted ahead of time.
    std::vector<Hash32> signing_hashes;
    std::vector<std::array<std::uint8_t, 64>> compact;
    std::vector<int> recovery_ids;
};

std::filesystem::path fixture_path() {
    if (const char* env = std::getenv("COUNTERSIGN_TX_FIXTURE"); env && *env) return env;
    std::error_code ec;
    const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    return ec ? std::filesystem::path{"tx_fixture.txt"} : exe.parent_path() / "tx_fixture.txt";
}

const Fixture& fixture() {
    static const Fixture f = [] {
        Fixture out;
        Rng rng;
        std::ofstream file{fixture_path(), std::ios::trunc};
        for (std::size_t i = 0; i < kTransactions; ++i) {
            Transaction tx = random_transaction(rng, i);
            const SecretKey key = random_key(rng);
            sign_tx(tx, key);
            auto pub = public_key_from_secret(key);
            out.raw.push_back(encode_transaction(tx));
            out.senders.push_back(address_from_public_key(*pub));
            out.signing_hashes.push_back(signing_hash(tx));
            std::array<std::uint8_t, 64> c{};
            const Bytes32 r = tx.r.to_be(), s = tx.s.to_be();
            std::memcpy(c.data(), r.data(), 32);
            std::memcpy(c.data() + 32, s.data(), 32);
            out.compact.push_back(c);
            out.recovery_ids.push_back(tx.odd_y_parity ? 1 : 0);
            file << to_hex(ByteView{out.raw.back()}) << ' ' << to_hex(out.senders.back()) << '\n';
        }
        if (!file) std::cerr << "tx_bench: could not write " << fixture_path() << '\n';
        return out;
    }();
    return f;
}

// Ours: the whole job from raw bytes: strict decode, signing hash, range/low-s checks, recovery, address.
void BM_tx_decode_recover(benchmark::State& state) {
    const Fixture& f = fixture();
    std::size_t i = 0;
    for (auto _ : state) {
        const std::size_t k = i++ % kTransactions;
        auto tx = decode_raw_transaction(f.raw[k]);
        if (!tx) {
            state.SkipWithError("decode failed");
            break;
        }
        auto sender = recover_sender(*tx);
        if (!sender || *sender != f.senders[k]) {
            state.SkipWithError("wrong sender");
            break;
        }
        benchmark::DoNotOptimize(sender);
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_tx_decode_recover);

// The floor: only the libsecp256k1 calls and the address hash, on signatures and hashes prepared beforehand.
void BM_tx_raw_secp256k1_recover(benchmark::State& state) {
    const Fixture& f = fixture();
    std::size_t i = 0;
    for (auto _ : state) {
        const std::size_t k = i++ % kTransactions;
        secp256k1_ecdsa_recoverable_signature rsig;
        secp256k1_pubkey pk;
        unsigned char sec1[65];
        std::size_t len = sizeof sec1;
        int ok = secp256k1_ecdsa_recoverable_signature_parse_compact(secp256k1_context_static, &rsig,
                                                                     f.compact[k].data(), f.recovery_ids[k]);
        ok &= secp256k1_ecdsa_recover(secp256k1_context_static, &pk, &rsig, f.signing_hashes[k].data());
        secp256k1_ec_pubkey_serialize(secp256k1_context_static, sec1, &len, &pk, SECP256K1_EC_UNCOMPRESSED);
        Hash32 h = keccak256(ByteView{sec1 + 1, 64});
        benchmark::DoNotOptimize(ok);
        benchmark::DoNotOptimize(h);
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_tx_raw_secp256k1_recover);

// The parts, for diagnosis.
void BM_tx_decode(benchmark::State& state) {
    const Fixture& f = fixture();
    std::size_t i = 0;
    for (auto _ : state) {
        auto tx = decode_raw_transaction(f.raw[i++ % kTransactions]);
        benchmark::DoNotOptimize(tx);
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_tx_decode);

void BM_tx_signing_hash(benchmark::State& state) {
    const Fixture& f = fixture();
    std::vector<Transaction> txs;
    for (const auto& raw : f.raw) txs.push_back(*decode_raw_transaction(raw));
    std::size_t i = 0;
    for (auto _ : state) {
        auto h = signing_hash(txs[i++ % kTransactions]);
        benchmark::DoNotOptimize(h);
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_tx_signing_hash);

void BM_tx_hash(benchmark::State& state) {
    const Fixture& f = fixture();
    std::vector<Transaction> txs;
    for (const auto& raw : f.raw) txs.push_back(*decode_raw_transaction(raw));
    std::size_t i = 0;
    for (auto _ : state) {
        auto h = transaction_hash(txs[i++ % kTransactions]);
        benchmark::DoNotOptimize(h);
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_tx_hash);

}  // namespace
