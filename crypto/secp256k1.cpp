// SPDX-License-Identifier: Apache-2.0
#include "crypto/secp256k1.hpp"

#include <openssl/rand.h>
#include <secp256k1.h>
#include <secp256k1_ecdh.h>
#include <secp256k1_recovery.h>

#include <cstring>

#include "crypto/keccak.hpp"

namespace countersign {
namespace {

// Variable time on purpose: r and s are public values.
int compare_be_var(const Bytes32& a, const std::array<std::uint8_t, 32>& b) noexcept {
    return std::memcmp(a.data(), b.data(), 32);
}

// The signing context: created on first use (C++ guarantees thread-safe initialization of a function-local
// static) and randomized once, which blinds the secret-dependent generator multiplication. After that it is
// only read, which libsecp256k1 allows from any number of threads.
const secp256k1_context* signing_context() noexcept {
    static secp256k1_context* const ctx = [] {
        secp256k1_context* c = secp256k1_context_create(SECP256K1_CONTEXT_NONE);
        unsigned char seed[32];
        // Blinding is side-channel hardening, not a correctness requirement: if the RNG fails the context
        // is still correct, just unblinded.
        if (RAND_bytes(seed, sizeof seed) == 1) {
            if (secp256k1_context_randomize(c, seed) != 1) { /* still a valid context */ }
        }
        OPENSSL_cleanse(seed, sizeof seed);
        return c;
    }();
    return ctx;
}

bool to_secp_pubkey(const PublicKey& key, secp256k1_pubkey& out) noexcept {
    std::uint8_t sec1[65];
    sec1[0] = 0x04;
    std::memcpy(sec1 + 1, key.xy.data(), 64);
    return secp256k1_ec_pubkey_parse(secp256k1_context_static, &out, sec1, sizeof sec1) == 1;
}

PublicKey from_secp_pubkey(const secp256k1_pubkey& key) noexcept {
    std::uint8_t sec1[65];
    std::size_t len = sizeof sec1;
    secp256k1_ec_pubkey_serialize(secp256k1_context_static, sec1, &len, &key, SECP256K1_EC_UNCOMPRESSED);
    PublicKey out;
    std::memcpy(out.xy.data(), sec1 + 1, 64);
    return out;
}

// The recovery path shared by recover_public_key and recover_address: writes the 65-byte SEC 1 form so
// that the address is hashed straight from libsecp256k1's output without another copy.
Expected<void, SigError> recover_sec1(const Hash32& message_hash, const Signature& sig, SignatureRules rules,
                                      std::uint8_t (&sec1)[65]) noexcept {
    if (auto ok = check_signature_values(sig.r, sig.s, rules); !ok) return ok;
    // Ids 2 and 3 (R.x >= n) have negligible probability and Ethereum does not encode them; libsecp256k1
    // would also abort on an id above 3, so this check must come before the call.
    if (sig.recovery_id > 1) return unexpected(SigError::kInvalidRecoveryId);
    std::uint8_t compact[64];
    std::memcpy(compact, sig.r.data(), 32);
    std::memcpy(compact + 32, sig.s.data(), 32);
    secp256k1_ecdsa_recoverable_signature rsig;
    if (secp256k1_ecdsa_recoverable_signature_parse_compact(secp256k1_context_static, &rsig, compact,
                                                            sig.recovery_id) != 1)
        return unexpected(SigError::kRecoveryFailed);
    secp256k1_pubkey key;
    if (secp256k1_ecdsa_recover(secp256k1_context_static, &key, &rsig, message_hash.data()) != 1)
        return unexpected(SigError::kRecoveryFailed);
    std::size_t len = sizeof sec1;
    secp256k1_ec_pubkey_serialize(secp256k1_context_static, sec1, &len, &key, SECP256K1_EC_UNCOMPRESSED);
    return {};
}

int copy_x_coordinate(unsigned char* output, const unsigned char* x32, const unsigned char*, void*) {
    std::memcpy(output, x32, 32);
    return 1;
}

}  // namespace

std::string_view to_string(SigError e) noexcept {
    switch (e) {
        case SigError::kInvalidR: return "signature: r is zero or not below the group order";
        case SigError::kInvalidS: return "signature: s is zero or not below the group order";
        case SigError::kHighS: return "signature: s above n/2 (EIP-2 requires low s)";
        case SigError::kInvalidRecoveryId: return "signature: recovery id is not 0 or 1";
        case SigError::kRecoveryFailed: return "signature: no public key recovers from it";
        case SigError::kVerificationFailed: return "signature: does not verify under the key";
        case SigError::kInvalidSecretKey: return "secp256k1: secret key is zero or not below the group order";
        case SigError::kInvalidPublicKey: return "secp256k1: invalid public key encoding or point";
        case SigError::kSigningFailed: return "secp256k1: signing failed";
    }
    return "signature: unknown error";
}

Expected<void, SigError> check_signature_values(const Bytes32& r, const Bytes32& s, SignatureRules rules) noexcept {
    if (r.is_zero() || compare_be_var(r, kSecp256k1Order) >= 0) return unexpected(SigError::kInvalidR);
    if (s.is_zero() || compare_be_var(s, kSecp256k1Order) >= 0) return unexpected(SigError::kInvalidS);
    if (rules == SignatureRules::kLowS && compare_be_var(s, kSecp256k1HalfOrder) > 0)
        return unexpected(SigError::kHighS);
    return {};
}

bool is_valid_signature_values(const Bytes32& r, const Bytes32& s, SignatureRules rules) noexcept {
    return check_signature_values(r, s, rules).has_value();
}

Address address_from_public_key(const PublicKey& key) noexcept {
    const Hash32 h = keccak256(key.view());
    return Address::from_view_unchecked(h.view().substr(12));
}

Expected<PublicKey, SigError> recover_public_key(const Hash32& message_hash, const Signature& sig,
                                                 SignatureRules rules) noexcept {
    std::uint8_t sec1[65];
    if (auto ok = recover_sec1(message_hash, sig, rules, sec1); !ok) return unexpected(ok.error());
    PublicKey out;
    std::memcpy(out.xy.data(), sec1 + 1, 64);
    return out;
}

Expected<Address, SigError> recover_address(const Hash32& message_hash, const Signature& sig,
                                            SignatureRules rules) noexcept {
    std::uint8_t sec1[65];
    if (auto ok = recover_sec1(message_hash, sig, rules, sec1); !ok) return unexpected(ok.error());
    const Hash32 h = keccak256(ByteView{sec1 + 1, 64});
    return Address::from_view_unchecked(h.view().substr(12));
}

Expected<void, SigError> verify_ecdsa(const Hash32& message_hash, const Bytes32& r, const Bytes32& s,
                                      const PublicKey& key, SignatureRules rules) noexcept {
    if (auto ok = check_signature_values(r, s, rules); !ok) return ok;
    secp256k1_pubkey pk;
    if (!to_secp_pubkey(key, pk)) return unexpected(SigError::kInvalidPublicKey);
    std::uint8_t compact[64];
    std::memcpy(compact, r.data(), 32);
    std::memcpy(compact + 32, s.data(), 32);
    secp256k1_ecdsa_signature sig;
    if (secp256k1_ecdsa_signature_parse_compact(secp256k1_context_static, &sig, compact) != 1)
        return unexpected(SigError::kInvalidS);  // unreachable: the ranges were checked above
    // libsecp256k1 only accepts low s; (r, n - s) verifies exactly when (r, s) does, so under kAnyS the
    // normalized form decides. Under kLowS a high s was already rejected.
    secp256k1_ecdsa_signature_normalize(secp256k1_context_static, &sig, &sig);
    if (secp256k1_ecdsa_verify(secp256k1_context_static, &sig, message_hash.data(), &pk) != 1)
        return unexpected(SigError::kVerificationFailed);
    return {};
}

Expected<PublicKey, SigError> parse_public_key(ByteView sec1) noexcept {
    const bool compressed = sec1.size() == 33 && (sec1[0] == 0x02 || sec1[0] == 0x03);
    const bool uncompressed = sec1.size() == 65 && sec1[0] == 0x04;
    if (!compressed && !uncompressed) return unexpected(SigError::kInvalidPublicKey);
    secp256k1_pubkey pk;
    if (secp256k1_ec_pubkey_parse(secp256k1_context_static, &pk, sec1.data(), sec1.size()) != 1)
        return unexpected(SigError::kInvalidPublicKey);
    return from_secp_pubkey(pk);
}

std::array<std::uint8_t, 33> compress_public_key(const PublicKey& key) noexcept {
    std::array<std::uint8_t, 33> out{};
    out[0] = static_cast<std::uint8_t>(0x02 | (key.xy[63] & 1));
    std::memcpy(out.data() + 1, key.xy.data(), 32);
    return out;
}

Expected<PublicKey, SigError> public_key_from_secret(const SecretKey& secret) noexcept {
    const secp256k1_context* ctx = signing_context();
    if (secp256k1_ec_seckey_verify(ctx, secret.bytes.data()) != 1) return unexpected(SigError::kInvalidSecretKey);
    secp256k1_pubkey pk;
    if (secp256k1_ec_pubkey_create(ctx, &pk, secret.bytes.data()) != 1)
        return unexpected(SigError::kInvalidSecretKey);
    return from_secp_pubkey(pk);
}

Expected<Signature, SigError> sign_recoverable(const Hash32& message_hash, const SecretKey& secret) noexcept {
    const secp256k1_context* ctx = signing_context();
    if (secp256k1_ec_seckey_verify(ctx, secret.bytes.data()) != 1) return unexpected(SigError::kInvalidSecretKey);
    secp256k1_ecdsa_recoverable_signature rsig;
    // A null nonce function is RFC 6979, so equal inputs give equal signatures (devnet reproducibility).
    if (secp256k1_ecdsa_sign_recoverable(ctx, &rsig, message_hash.data(), secret.bytes.data(), nullptr,
                                         nullptr) != 1)
        return unexpected(SigError::kSigningFailed);
    std::uint8_t compact[64];
    int recid = 0;
    secp256k1_ecdsa_recoverable_signature_serialize_compact(ctx, compact, &recid, &rsig);
    Signature out;
    std::memcpy(out.r.data(), compact, 32);
    std::memcpy(out.s.data(), compact + 32, 32);
    // libsecp256k1 signs with low s, so R.x < n and the id is the y parity; anything else is a library bug.
    if (recid < 0 || recid > 1) return unexpected(SigError::kSigningFailed);
    out.recovery_id = static_cast<std::uint8_t>(recid);
    return out;
}

Expected<Bytes32, SigError> ecdh_shared_x(const PublicKey& point, const SecretKey& secret) noexcept {
    secp256k1_pubkey pk;
    if (!to_secp_pubkey(point, pk)) return unexpected(SigError::kInvalidPublicKey);
    if (secp256k1_ec_seckey_verify(secp256k1_context_static, secret.bytes.data()) != 1)
        return unexpected(SigError::kInvalidSecretKey);
    Bytes32 out;
    if (secp256k1_ecdh(signing_context(), out.data(), &pk, secret.bytes.data(), copy_x_coordinate, nullptr) != 1)
        return unexpected(SigError::kInvalidSecretKey);
    return out;
}

}  // namespace countersign
