// SPDX-License-Identifier: Apache-2.0
#pragma once
// RSA-PSS with SHA-256 as the TEE gateway uses it: PSS over SHA-256(m) with MGF1-SHA-256 and a 32-byte salt,
// i.e. Python's key.sign(m, PSS(MGF1(SHA256()), salt_length=32), SHA256()). Verification goes through
// OpenSSL 3.0's EVP interface; the key is a DER SubjectPublicKeyInfo (what tee_id = keccak256(...) hashes).
//
// Signing (RsaPrivateKey, sign_rsa_pss_sha256) is for the devnet and tests: the caller supplies the salt so
// signatures are reproducible, and every signature is checked by OpenSSL's verifier before it is returned.

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "crypto/bytes.hpp"
#include "crypto/expected.hpp"

struct evp_pkey_st;  // OpenSSL's EVP_PKEY, kept out of this header

namespace countersign {

enum class RsaError {
    kMalformedKey,           // not a DER SubjectPublicKeyInfo OpenSSL can parse
    kTrailingKeyData,        // bytes after the DER key
    kNonCanonicalKey,        // parses, but is not the DER encoding of what it contains (BER forms)
    kNotRsaKey,              // a key of another algorithm (EC, RSA-PSS-restricted, ...)
    kKeyTooSmall,            // modulus under 2048 bits
    kKeyTooLarge,            // modulus over 8192 bits: bounds the cost of one verification
    kWrongSignatureLength,   // signature length differs from the modulus length
    kWrongSaltLength,        // a valid PSS signature of this message, but with a salt other than 32 bytes
    kSignatureInvalid,       // does not verify
    kMalformedPrivateKey,    // PKCS#8 / PEM private key not parseable, trailing data, or not RSA
    kUnsupportedKeySize,     // key generation outside 1024..8192 bits
    kOpenSslFailure,         // allocation or provider failure inside OpenSSL
};

std::string_view to_string(RsaError e) noexcept;

inline constexpr unsigned kRsaMinModulusBits = 2048;
inline constexpr unsigned kRsaMaxModulusBits = 8192;
inline constexpr std::size_t kRsaPssSaltLength = 32;

// Verifies a PSS-SHA256 signature of `message` (hashed with SHA-256 here, as the signer did) under a DER
// SubjectPublicKeyInfo rsaEncryption key of 2048..8192 bits. Never throws; all OpenSSL objects are freed.
Expected<void, RsaError> verify_rsa_pss_sha256(ByteView spki_der, ByteView message, ByteView signature) noexcept;

class RsaPrivateKey {
public:
    // bits in 1024..8192 (1024 only exists so tests can show that verification refuses small keys).
    static Expected<RsaPrivateKey, RsaError> generate(unsigned bits = 2048) noexcept;
    // Unencrypted PKCS#8 PrivateKeyInfo, DER, no trailing bytes.
    static Expected<RsaPrivateKey, RsaError> from_pkcs8_der(ByteView der) noexcept;
    // "-----BEGIN PRIVATE KEY-----" (PKCS#8) or "-----BEGIN RSA PRIVATE KEY-----" (PKCS#1); never prompts
    // for a password, so encrypted PEM is refused.
    static Expected<RsaPrivateKey, RsaError> from_pem(std::string_view pem) noexcept;

    Bytes to_pkcs8_der() const;
    std::string to_pkcs8_pem() const;
    // The DER SubjectPublicKeyInfo: what verify_rsa_pss_sha256 takes and tee_id hashes.
    Bytes public_key_der() const;
    unsigned modulus_bits() const noexcept;
    std::size_t modulus_size() const noexcept;  // bytes, = signature length

private:
    friend Expected<Bytes, RsaError> sign_rsa_pss_sha256(const RsaPrivateKey&, ByteView, const Bytes32&);
    struct Deleter {
        void operator()(evp_pkey_st* p) const noexcept;
    };
    explicit RsaPrivateKey(evp_pkey_st* p) noexcept : pkey_(p) {}
    std::unique_ptr<evp_pkey_st, Deleter> pkey_;
};

// EMSA-PSS (RFC 8017 9.1.1) over SHA-256(message) with MGF1-SHA-256 and the given 32-byte salt, then the raw
// RSA private operation. The result is checked with OpenSSL's PSS verifier (salt length 32) before return.
Expected<Bytes, RsaError> sign_rsa_pss_sha256(const RsaPrivateKey& key, ByteView message, const Bytes32& salt);

}  // namespace countersign
