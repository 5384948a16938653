// SPDX-License-Identifier: Apache-2.0
// Signer recovery and TEE signature verification against their bare library calls, in one program so the
// ratios come from one run: BM_recover_address / BM_raw_secp256k1_recover must stay <= 1.05, and
// BM_verify_rsa_pss_sha256 / BM_raw_openssl_rsa_pss_verify shows what key parsing and policy checks cost.

#include <benchmark/benchmark.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <secp256k1.h>
#include <secp256k1_recovery.h>

#include <cstdlib>
#include <cstring>
#include <vector>

#include "crypto/keccak.hpp"
#include "crypto/rsa_pss.hpp"
#include "crypto/secp256k1.hpp"
#include "crypto/sha256.hpp"
#include "crypto/uint256.hpp"

namespace {

using namespace countersign;

constexpr std::size_t kSignatures = 64;

struct RecoverCase {
    Hash32 msg;
    Signature sig;
    std::uint8_t compact[64];
};

// 64 valid low-s signatures by 64 keys over 64 messages, fixed (RFC 6979), cycled by every benchmark.
const std::vector<RecoverCase>& recover_cases() {
    static const std::vector<RecoverCase> cases = [] {
        std::vector<RecoverCase> out(kSignatures);
        for (std::size_t i = 0; i < kSignatures; ++i) {
            const SecretKey sk{keccak256(Uint256(1000 + i).to_be())};
            out[i].msg = keccak256(Uint256(i).to_be());
            auto sig = sign_recoverable(out[i].msg, sk);
            if (!sig) std::abort();
            out[i].sig = *sig;
            std::memcpy(out[i].compact, sig->r.data(), 32);
            std::memcpy(out[i].compact + 32, sig->s.data(), 32);
        }
        return out;
    }();
    return cases;
}

void BM_recover_address(benchmark::State& state) {
    const auto& cases = recover_cases();
    std::size_t i = 0;
    for (auto _ : state) {
        const RecoverCase& c = cases[i++ % kSignatures];
        auto addr = recover_address(c.msg, c.sig, SignatureRules::kLowS);
        benchmark::DoNotOptimize(addr);
    }
}
BENCHMARK(BM_recover_address);

// The floor: exactly the library calls recovery needs, no range checks, no error mapping.
void BM_raw_secp256k1_recover(benchmark::State& state) {
    const auto& cases = recover_cases();
    std::size_t i = 0;
    for (auto _ : state) {
        const RecoverCase& c = cases[i++ % kSignatures];
        secp256k1_ecdsa_recoverable_signature rsig;
        secp256k1_pubkey pk;
        unsigned char sec1[65];
        std::size_t len = sizeof sec1;
        int ok = secp256k1_ecdsa_recoverable_signature_parse_compact(secp256k1_context_static, &rsig, c.compact,
                                                                     c.sig.recovery_id);
        ok &= secp256k1_ecdsa_recover(secp256k1_context_static, &pk, &rsig, c.msg.data());
        secp256k1_ec_pubkey_serialize(secp256k1_context_static, sec1, &len, &pk, SECP256K1_EC_UNCOMPRESSED);
        Hash32 h = keccak256(ByteView{sec1 + 1, 64});
        benchmark::DoNotOptimize(ok);
        benchmark::DoNotOptimize(h);
    }
}
BENCHMARK(BM_raw_secp256k1_recover);

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

// Key parsing from DER is part of every verification: a TEE key arrives as bytes from the registry.
void BM_verify_rsa_pss_sha256(benchmark::State& state) {
    const RsaCase& c = rsa_case();
    for (auto _ : state) {
        auto ok = verify_rsa_pss_sha256(c.spki, c.message, c.signature);
        if (!ok) state.SkipWithError("verification failed");
        benchmark::DoNotOptimize(ok);
    }
}
BENCHMARK(BM_verify_rsa_pss_sha256);

// The bare EVP calls for the same work: parse the key, hash, verify with PSS parameters.
void BM_raw_openssl_rsa_pss_verify(benchmark::State& state) {
    const RsaCase& c = rsa_case();
    for (auto _ : state) {
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
        const int ok = EVP_PKEY_verify(ctx, c.signature.data(), c.signature.size(), digest, dlen);
        if (ok != 1) state.SkipWithError("verification failed");
        EVP_PKEY_CTX_free(ctx);
        EVP_PKEY_free(pkey);
        benchmark::DoNotOptimize(ok);
    }
}
BENCHMARK(BM_raw_openssl_rsa_pss_verify);

}  // namespace
