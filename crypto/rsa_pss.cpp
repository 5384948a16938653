// SPDX-License-Identifier: Apache-2.0
#include "crypto/rsa_pss.hpp"

#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include <cstring>
#include <limits>

#include "crypto/sha256.hpp"

namespace countersign {
namespace {

struct PkeyFree {
    void operator()(EVP_PKEY* p) const noexcept { EVP_PKEY_free(p); }
};
struct PkeyCtxFree {
    void operator()(EVP_PKEY_CTX* p) const noexcept { EVP_PKEY_CTX_free(p); }
};
struct BioFree {
    void operator()(BIO* p) const noexcept { BIO_free(p); }
};
struct Pkcs8Free {
    void operator()(PKCS8_PRIV_KEY_INFO* p) const noexcept { PKCS8_PRIV_KEY_INFO_free(p); }
};
struct OpensslFree {
    void operator()(unsigned char* p) const noexcept { OPENSSL_free(p); }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyFree>;
using PkeyCtxPtr = std::unique_ptr<EVP_PKEY_CTX, PkeyCtxFree>;
using BioPtr = std::unique_ptr<BIO, BioFree>;
using Pkcs8Ptr = std::unique_ptr<PKCS8_PRIV_KEY_INFO, Pkcs8Free>;
using OpensslBytes = std::unique_ptr<unsigned char, OpensslFree>;

constexpr std::size_t kHashLength = 32;

// OpenSSL leaves a record of every failure on a per-thread queue; a rejected signature is an ordinary
// outcome here, so the queue is cleared rather than left to confuse a later, unrelated error report.
struct ErrorQueueGuard {
    ~ErrorQueueGuard() { ERR_clear_error(); }
};

// 1: verifies; 0: does not; -1: OpenSSL could not run the check.
int pss_verify_digest(EVP_PKEY* pkey, const Hash32& digest, ByteView signature, int salt_length) noexcept {
    PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, pkey, nullptr));
    if (!ctx) return -1;
    if (EVP_PKEY_verify_init(ctx.get()) != 1 || EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_PSS_PADDING) != 1 ||
        EVP_PKEY_CTX_set_signature_md(ctx.get(), EVP_sha256()) != 1 ||
        EVP_PKEY_CTX_set_rsa_mgf1_md(ctx.get(), EVP_sha256()) != 1 ||
        EVP_PKEY_CTX_set_rsa_pss_saltlen(ctx.get(), salt_length) != 1)
        return -1;
    // Any non-1 result of EVP_PKEY_verify (0 or a negative "malformed signature") means "does not verify".
    return EVP_PKEY_verify(ctx.get(), signature.data(), signature.size(), digest.data(), digest.size()) == 1 ? 1 : 0;
}

// One DER TLV with the given tag from the front of `in`: definite length in its shortest form.
bool read_der(ByteView& in, std::uint8_t tag, ByteView& content) noexcept {
    if (in.size() < 2 || in[0] != tag) return false;
    std::size_t len = in[1];
    std::size_t header = 2;
    if ((len & 0x80) != 0) {
        const std::size_t n = len & 0x7f;
        // Keys of at most 8192 bits never need more than two length bytes; 0x80 is BER's indefinite form.
        if (n == 0 || n > 2 || in.size() < 2 + n || in[2] == 0) return false;
        len = 0;
        for (std::size_t i = 0; i < n; ++i) len = (len << 8) | in[2 + i];
        if (len < 0x80) return false;
        header = 2 + n;
    }
    if (in.size() - header < len) return false;
    content = in.substr(header, len);
    in.remove_prefix(header + len);
    return true;
}

bool is_minimal_positive_integer(ByteView v) noexcept {
    return !v.empty() && (v[0] & 0x80) == 0 && !(v.size() > 1 && v[0] == 0 && (v[1] & 0x80) == 0);
}

// SEQUENCE { SEQUENCE { rsaEncryption, NULL }, BIT STRING { 0 unused bits, SEQUENCE { INTEGER n, INTEGER e } } }
// in DER and nothing else. OpenSSL's decoder also takes BER spellings (long or indefinite lengths), and
// tee_id = keccak256(key bytes), so without this one key could hide behind many tee_ids.
bool is_der_rsa_spki(ByteView der) noexcept {
    static constexpr std::uint8_t kRsaEncryption[] = {0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7,
                                                      0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};
    ByteView spki, algorithm, bits, rsa, n, e;
    if (!read_der(der, 0x30, spki) || !der.empty()) return false;
    if (!read_der(spki, 0x30, algorithm) || algorithm != ByteView{kRsaEncryption, sizeof kRsaEncryption}) return false;
    if (!read_der(spki, 0x03, bits) || !spki.empty() || bits.empty() || bits[0] != 0) return false;
    bits.remove_prefix(1);
    if (!read_der(bits, 0x30, rsa) || !bits.empty()) return false;
    return read_der(rsa, 0x02, n) && is_minimal_positive_integer(n) && read_der(rsa, 0x02, e) &&
           is_minimal_positive_integer(e) && rsa.empty();
}

// Parses exactly one DER SubjectPublicKeyInfo and applies the key policy.
Expected<PkeyPtr, RsaError> parse_rsa_public_key(ByteView der) noexcept {
    if (der.empty() || der.size() > static_cast<std::size_t>(std::numeric_limits<long>::max()))
        return unexpected(RsaError::kMalformedKey);
    const unsigned char* p = der.data();
    PkeyPtr pkey(d2i_PUBKEY(nullptr, &p, static_cast<long>(der.size())));
    if (!pkey) return unexpected(RsaError::kMalformedKey);
    const auto consumed = static_cast<std::size_t>(p - der.data());
    if (consumed != der.size()) return unexpected(RsaError::kTrailingKeyData);
    if (EVP_PKEY_get_base_id(pkey.get()) != EVP_PKEY_RSA) return unexpected(RsaError::kNotRsaKey);
    const int bits = EVP_PKEY_get_bits(pkey.get());
    if (bits < static_cast<int>(kRsaMinModulusBits)) return unexpected(RsaError::kKeyTooSmall);
    if (bits > static_cast<int>(kRsaMaxModulusBits)) return unexpected(RsaError::kKeyTooLarge);
    if (!is_der_rsa_spki(der)) return unexpected(RsaError::kNonCanonicalKey);
    return pkey;
}

// MGF1 with SHA-256 (RFC 8017 B.2.1), XORed into `out`.
void xor_mgf1_sha256(const Hash32& seed, std::uint8_t* out, std::size_t length) {
    std::uint8_t block[kHashLength + 4];
    std::memcpy(block, seed.data(), kHashLength);
    for (std::uint32_t counter = 0; length > 0; ++counter) {
        block[32] = static_cast<std::uint8_t>(counter >> 24);
        block[33] = static_cast<std::uint8_t>(counter >> 16);
        block[34] = static_cast<std::uint8_t>(counter >> 8);
        block[35] = static_cast<std::uint8_t>(counter);
        const Hash32 mask = sha256(ByteView{block, sizeof block});
        const std::size_t n = std::min(length, kHashLength);
        for (std::size_t i = 0; i < n; ++i) out[i] ^= mask.bytes[i];
        out += n;
        length -= n;
    }
}

// EMSA-PSS-ENCODE (RFC 8017 9.1.1) of an already hashed message, left-padded with zeros to k bytes so it can
// be fed to the raw RSA operation (EM is one byte shorter than the modulus when modBits - 1 is a multiple
// of 8).
Bytes emsa_pss_encode(const Hash32& message_hash, const Bytes32& salt, unsigned modulus_bits, std::size_t k) {
    const std::size_t em_bits = modulus_bits - 1;
    const std::size_t em_len = (em_bits + 7) / 8;
    const std::size_t salt_len = salt.size();
    Bytes m_prime(8, 0);
    m_prime.append(message_hash.view());
    m_prime.append(salt.view());
    const Hash32 h = sha256(m_prime);

    const std::size_t db_len = em_len - kHashLength - 1;
    Bytes em(k, 0);
    std::uint8_t* db = em.data() + (k - em_len);
    // DB = PS (zeros) || 0x01 || salt
    db[db_len - salt_len - 1] = 0x01;
    std::memcpy(db + db_len - salt_len, salt.data(), salt_len);
    xor_mgf1_sha256(h, db, db_len);
    db[0] &= static_cast<std::uint8_t>(0xff >> (8 * em_len - em_bits));
    std::memcpy(db + db_len, h.data(), kHashLength);
    db[db_len + kHashLength] = 0xbc;
    return em;
}

int pem_no_password(char*, int, int, void*) { return -1; }

}  // namespace

std::string_view to_string(RsaError e) noexcept {
    switch (e) {
        case RsaError::kMalformedKey: return "rsa: public key is not a DER SubjectPublicKeyInfo";
        case RsaError::kTrailingKeyData: return "rsa: trailing bytes after the DER public key";
        case RsaError::kNonCanonicalKey: return "rsa: public key is not canonical DER";
        case RsaError::kNotRsaKey: return "rsa: public key is not an rsaEncryption key";
        case RsaError::kKeyTooSmall: return "rsa: modulus shorter than 2048 bits";
        case RsaError::kKeyTooLarge: return "rsa: modulus longer than 8192 bits";
        case RsaError::kWrongSignatureLength: return "rsa: signature length differs from the modulus length";
        case RsaError::kWrongSaltLength: return "rsa: PSS salt length is not 32 bytes";
        case RsaError::kSignatureInvalid: return "rsa: PSS signature does not verify";
        case RsaError::kMalformedPrivateKey: return "rsa: private key is malformed or not RSA";
        case RsaError::kUnsupportedKeySize: return "rsa: key size outside 1024..8192 bits";
        case RsaError::kOpenSslFailure: return "rsa: OpenSSL failure";
    }
    return "rsa: unknown error";
}

Expected<void, RsaError> verify_rsa_pss_sha256(ByteView spki_der, ByteView message, ByteView signature) noexcept {
    ErrorQueueGuard clear_errors;
    auto pkey = parse_rsa_public_key(spki_der);
    if (!pkey) return unexpected(pkey.error());
    if (signature.size() != static_cast<std::size_t>(EVP_PKEY_get_size(pkey->get())))
        return unexpected(RsaError::kWrongSignatureLength);
    const Hash32 digest = sha256(message);
    const int ok = pss_verify_digest(pkey->get(), digest, signature, static_cast<int>(kRsaPssSaltLength));
    if (ok < 0) return unexpected(RsaError::kOpenSslFailure);
    if (ok == 1) return {};
    // Only on the failure path: tell "signed with another salt length" apart from "not a signature", which
    // points at a misconfigured signer rather than a forgery.
    if (pss_verify_digest(pkey->get(), digest, signature, RSA_PSS_SALTLEN_AUTO) == 1)
        return unexpected(RsaError::kWrongSaltLength);
    return unexpected(RsaError::kSignatureInvalid);
}

void RsaPrivateKey::Deleter::operator()(evp_pkey_st* p) const noexcept { EVP_PKEY_free(p); }

Expected<RsaPrivateKey, RsaError> RsaPrivateKey::generate(unsigned bits) noexcept {
    ErrorQueueGuard clear_errors;
    if (bits < 1024 || bits > kRsaMaxModulusBits) return unexpected(RsaError::kUnsupportedKeySize);
    EVP_PKEY* p = EVP_RSA_gen(bits);
    if (p == nullptr) return unexpected(RsaError::kOpenSslFailure);
    return RsaPrivateKey(p);
}

Expected<RsaPrivateKey, RsaError> RsaPrivateKey::from_pkcs8_der(ByteView der) noexcept {
    ErrorQueueGuard clear_errors;
    if (der.empty() || der.size() > static_cast<std::size_t>(std::numeric_limits<long>::max()))
        return unexpected(RsaError::kMalformedPrivateKey);
    const unsigned char* p = der.data();
    Pkcs8Ptr info(d2i_PKCS8_PRIV_KEY_INFO(nullptr, &p, static_cast<long>(der.size())));
    if (!info || p != der.data() + der.size()) return unexpected(RsaError::kMalformedPrivateKey);
    PkeyPtr pkey(EVP_PKCS82PKEY(info.get()));
    if (!pkey || EVP_PKEY_get_base_id(pkey.get()) != EVP_PKEY_RSA) return unexpected(RsaError::kMalformedPrivateKey);
    return RsaPrivateKey(pkey.release());
}

Expected<RsaPrivateKey, RsaError> RsaPrivateKey::from_pem(std::string_view pem) noexcept {
    ErrorQueueGuard clear_errors;
    if (pem.size() > static_cast<std::size_t>(std::numeric_limits<int>::max()))
        return unexpected(RsaError::kMalformedPrivateKey);
    BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    if (!bio) return unexpected(RsaError::kOpenSslFailure);
    PkeyPtr pkey(PEM_read_bio_PrivateKey(bio.get(), nullptr, pem_no_password, nullptr));
    if (!pkey || EVP_PKEY_get_base_id(pkey.get()) != EVP_PKEY_RSA) return unexpected(RsaError::kMalformedPrivateKey);
    return RsaPrivateKey(pkey.release());
}

Bytes RsaPrivateKey::to_pkcs8_der() const {
    ErrorQueueGuard clear_errors;
    Pkcs8Ptr info(EVP_PKEY2PKCS8(pkey_.get()));
    if (!info) return {};
    unsigned char* out = nullptr;
    const int len = i2d_PKCS8_PRIV_KEY_INFO(info.get(), &out);
    if (len <= 0) return {};
    OpensslBytes owned(out);
    Bytes der(out, static_cast<std::size_t>(len));
    OPENSSL_cleanse(out, static_cast<std::size_t>(len));
    return der;
}

std::string RsaPrivateKey::to_pkcs8_pem() const {
    ErrorQueueGuard clear_errors;
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_PrivateKey(bio.get(), pkey_.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1)
        return {};
    char* data = nullptr;
    const long len = BIO_get_mem_data(bio.get(), &data);
    if (len <= 0) return {};
    return std::string(data, static_cast<std::size_t>(len));
}

Bytes RsaPrivateKey::public_key_der() const {
    ErrorQueueGuard clear_errors;
    unsigned char* out = nullptr;
    const int len = i2d_PUBKEY(pkey_.get(), &out);
    if (len <= 0) return {};
    OpensslBytes owned(out);
    return Bytes(out, static_cast<std::size_t>(len));
}

unsigned RsaPrivateKey::modulus_bits() const noexcept {
    return static_cast<unsigned>(EVP_PKEY_get_bits(pkey_.get()));
}

std::size_t RsaPrivateKey::modulus_size() const noexcept {
    return static_cast<std::size_t>(EVP_PKEY_get_size(pkey_.get()));
}

Expected<Bytes, RsaError> sign_rsa_pss_sha256(const RsaPrivateKey& key, ByteView message, const Bytes32& salt) {
    ErrorQueueGuard clear_errors;
    EVP_PKEY* pkey = key.pkey_.get();
    // Loaded keys can be of any size; PSS with a 32-byte hash and salt needs at least 8 * 66 + 1 bits, and
    // the bound keeps the encoding arithmetic far from underflow.
    if (key.modulus_bits() < 1024 || key.modulus_bits() > kRsaMaxModulusBits)
        return unexpected(RsaError::kUnsupportedKeySize);
    const std::size_t k = key.modulus_size();
    const Hash32 digest = sha256(message);
    Bytes em = emsa_pss_encode(digest, salt, key.modulus_bits(), k);

    PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, pkey, nullptr));
    if (!ctx || EVP_PKEY_sign_init(ctx.get()) != 1 || EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_NO_PADDING) != 1)
        return unexpected(RsaError::kOpenSslFailure);
    Bytes sig(k, 0);
    std::size_t sig_len = sig.size();
    if (EVP_PKEY_sign(ctx.get(), sig.data(), &sig_len, em.data(), em.size()) != 1 || sig_len != k)
        return unexpected(RsaError::kOpenSslFailure);
    // A faulty private operation (e.g. a CRT glitch) must not leave this function: check with OpenSSL's own
    // PSS verifier, which also cross-checks the encoding above.
    if (pss_verify_digest(pkey, digest, sig, static_cast<int>(kRsaPssSaltLength)) != 1)
        return unexpected(RsaError::kOpenSslFailure);
    return sig;
}

}  // namespace countersign
