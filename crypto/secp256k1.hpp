// SPDX-License-Identifier: Apache-2.0
#pragma once
// secp256k1 ECDSA as Ethereum uses it, on top of libsecp256k1 (0.2.0, recovery module).
//
// Verification and recovery use secp256k1_context_static: no allocation, no shared mutable state, safe from
// any thread. Signing and key derivation (devnet and tests only) use one lazily created, randomized,
// process-wide context. The range rules (r, s in [1, n), EIP-2 low s) are checked here explicitly because
// libsecp256k1 does not enforce low s on recovery.

#include <array>
#include <cstdint>
#include <string_view>

#include "crypto/bytes.hpp"
#include "crypto/expected.hpp"

namespace countersign {

enum class SigError {
    kInvalidR,            // r == 0 or r >= n
    kInvalidS,            // s == 0 or s >= n
    kHighS,               // s > n/2 where EIP-2 requires low s
    kInvalidRecoveryId,   // recovery id (y parity) not 0 or 1
    kRecoveryFailed,      // no curve point has this r, or the recovered key is the point at infinity
    kVerificationFailed,  // well-formed, but not a signature of this message under this key
    kInvalidSecretKey,    // zero or >= n
    kInvalidPublicKey,    // not on the curve, or not a supported encoding
    kSigningFailed,       // libsecp256k1 refused to sign (cannot happen for a valid key)
};

std::string_view to_string(SigError e) noexcept;

// The secp256k1 group order n, big-endian, and floor(n / 2): the EIP-2 bound for s.
inline constexpr std::array<std::uint8_t, 32> kSecp256k1Order = {
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe,
    0xba, 0xae, 0xdc, 0xe6, 0xaf, 0x48, 0xa0, 0x3b, 0xbf, 0xd2, 0x5e, 0x8c, 0xd0, 0x36, 0x41, 0x41};
inline constexpr std::array<std::uint8_t, 32> kSecp256k1HalfOrder = {
    0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0x5d, 0x57, 0x6e, 0x73, 0x57, 0xa4, 0x50, 0x1d, 0xdf, 0xe9, 0x2f, 0x46, 0x68, 0x1b, 0x20, 0xa0};

// A recoverable signature: r and s big-endian, recovery_id the y parity of R (0 or 1), i.e. v - 27 for
// legacy transactions and yParity for typed ones.
struct Signature {
    Bytes32 r;
    Bytes32 s;
    std::uint8_t recovery_id{0};

    friend bool operator==(const Signature&, const Signature&) = default;
};

// An uncompressed public key without the 0x04 prefix: x || y, big-endian.
struct PublicKey {
    std::array<std::uint8_t, 64> xy{};

    ByteView view() const noexcept { return {xy.data(), xy.size()}; }
    friend bool operator==(const PublicKey&, const PublicKey&) = default;
};

struct SecretKey {
    Bytes32 bytes;

    friend bool operator==(const SecretKey&, const SecretKey&) = default;
};

enum class SignatureRules {
    kAnyS,  // r, s in [1, n): pre-Homestead transactions, ecrecover precompile
    kLowS,  // EIP-2: additionally s <= n/2 (transactions since Homestead, EIP-712 authorizations)
};

// Checks r and s on their big-endian bytes (no big-integer arithmetic), reporting which rule failed.
Expected<void, SigError> check_signature_values(const Bytes32& r, const Bytes32& s, SignatureRules rules) noexcept;
bool is_valid_signature_values(const Bytes32& r, const Bytes32& s, SignatureRules rules) noexcept;

// Last 20 bytes of keccak256(x || y).
Address address_from_public_key(const PublicKey& key) noexcept;

Expected<PublicKey, SigError> recover_public_key(const Hash32& message_hash, const Signature& sig,
                                                 SignatureRules rules) noexcept;
Expected<Address, SigError> recover_address(const Hash32& message_hash, const Signature& sig,
                                            SignatureRules rules) noexcept;

// Plain ECDSA verification of (r, s) over a 32-byte message hash. Under kAnyS a high s is accepted (it is
// normalized before libsecp256k1 sees it, which only verifies low s); under kLowS it is rejected.
Expected<void, SigError> verify_ecdsa(const Hash32& message_hash, const Bytes32& r, const Bytes32& s,
                                      const PublicKey& key, SignatureRules rules) noexcept;

// SEC 1 encodings: 33 bytes (0x02/0x03 || x) or 65 bytes (0x04 || x || y), the point on the curve. The
// "hybrid" 0x06/0x07 form that libsecp256k1 would also take is rejected: nothing legitimate produces it.
Expected<PublicKey, SigError> parse_public_key(ByteView sec1) noexcept;
// 33-byte compressed SEC 1 form.
std::array<std::uint8_t, 33> compress_public_key(const PublicKey& key) noexcept;

// Key derivation and RFC 6979 deterministic signing (low s), for the devnet and tests.
Expected<PublicKey, SigError> public_key_from_secret(const SecretKey& secret) noexcept;
Expected<Signature, SigError> sign_recoverable(const Hash32& message_hash, const SecretKey& secret) noexcept;

// ECDH as SEC 1 defines it: the x coordinate of secret * point (no hashing, unlike libsecp256k1's default).
Expected<Bytes32, SigError> ecdh_shared_x(const PublicKey& point, const SecretKey& secret) noexcept;

}  // namespace countersign
