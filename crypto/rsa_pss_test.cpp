// SPDX-License-Identifier: Apache-2.0
#include "crypto/rsa_pss.hpp"

#include <gtest/gtest.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <rapidcheck/gtest.h>

#include <map>
#include <set>

#include "crypto/hex.hpp"
#include "crypto/keccak.hpp"
#include "crypto/sha256.hpp"

namespace countersign {
namespace {

// Made with pyca/cryptography 48.0.0 exactly as the TEE gateway signs:
// key.sign(m, PSS(mgf=MGF1(SHA256()), salt_length=32), SHA256()) with a fresh 2048-bit key.
constexpr std::string_view kPythonSpki =
    "30820122300d06092a864886f70d01010105000382010f003082010a0282010100c2182c6247517eab45fcb9b1641a420393c4d95c4c"
    "93bf3cf9bef64074db827b8856327345e387be029e7f6312384792282930e95602b5fb00339e632105817acb282c2e9c54bbbab7c266d4"
    "2d4130998ea1c916ed83f73fe52762b8a478aa8a86c3de10e2be359da30a6eea2290be20031a7dd74b8e212b3ef6c05936cf682485b531"
    "4b20f515cdb5cb19cc376524e304e59da5ba3cb633974d9ab2276dbfaa9007b07843f66d4abead22adce57ca43713a0ad25f813b95422a"
    "2c8007879b8e0bdad32e6e6295327596cb0094a919e0dad8826e55091d81d37071f40ae4c8592c0aeb4a97683b09470174855917209b8"
    "8509f8da0aeabc0afa92adf3ab083790203010001";
constexpr std::string_view kPythonMessage = "5f16f4c7f149ac4f9510d9cf8cf384038ad348b3bcdc01915f95de12df9d1b02";
constexpr std::string_view kPythonSignature =
    "86c98864a10523e2bdc1d173bdfd53d409e1f2dd58e5d755bb515f48972c4450b37fd142a51e2ae8bbe3a7514033bdcbff22c7c04f65"
    "95387bdb222df22495ed81510bcf747cfd18823546aa8194902c691fb91055a8b396d038a13631d4a9f11c859eda0b82e3475500632b1f"
    "019477ac80b213ae2699abb09d1609bcfec25fa944f0e465591c483e69df43246eff443a510576e0de17c79a623e4bc01651b20a7f2868"
    "70cb0fcdcecaed832fa0088746285269fc1697b1cdfb936911857d4fbbcd798d6385e9b681f06ee49f910c0e2691d3b719e111b917e96d"
    "e1e628b054f7338fe70c7b5d03367efa8b74a9ef4635e30e7b076f06499051df83211031e9";

// A secp256k1 SubjectPublicKeyInfo (from Wycheproof's ecdsa_secp256k1_sha256_test.json).
constexpr std::string_view kEcSpki =
    "3056301006072a8648ce3d020106052b8104000a03420004b838ff44e5bc177bf21189d0766082fc9d843226887fc9760371100b7ee20a"
    "6ff0c9d75bfba7b31a6bca1974496eeb56de357071955d83c4b1badaa0b21832e9";

const RsaPrivateKey& test_key() {
    static const RsaPrivateKey key = [] {
        auto k = RsaPrivateKey::generate(2048);
        if (!k) std::abort();
        return std::move(*k);
    }();
    return key;
}

Bytes32 salt_of(std::uint8_t b) {
    Bytes32 s;
    s.bytes.fill(b);
    return s;
}

// OpenSSL's own one-shot signer over SHA-256(message), with the padding and salt length the test asks for.
Bytes openssl_sign(const RsaPrivateKey& key, ByteView message, int padding, int salt_length) {
    const Bytes der = key.to_pkcs8_der();
    const unsigned char* p = der.data();
    std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> pkey(
        d2i_PrivateKey(EVP_PKEY_RSA, nullptr, &p, static_cast<long>(der.size())), EVP_PKEY_free);
    if (!pkey) return {};
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> md(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    EVP_PKEY_CTX* pctx = nullptr;
    if (EVP_DigestSignInit(md.get(), &pctx, EVP_sha256(), nullptr, pkey.get()) != 1) return {};
    if (EVP_PKEY_CTX_set_rsa_padding(pctx, padding) != 1) return {};
    if (padding == RSA_PKCS1_PSS_PADDING &&
        (EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, salt_length) != 1 ||
         EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, EVP_sha256()) != 1))
        return {};
    std::size_t len = 0;
    if (EVP_DigestSign(md.get(), nullptr, &len, message.data(), message.size()) != 1) return {};
    Bytes sig(len, 0);
    if (EVP_DigestSign(md.get(), sig.data(), &len, message.data(), message.size()) != 1) return {};
    sig.resize(len);
    return sig;
}

RsaError verify_error(ByteView key, ByteView message, ByteView sig) {
    const auto r = verify_rsa_pss_sha256(key, message, sig);
    EXPECT_FALSE(r.has_value());
    return r ? RsaError::kOpenSslFailure : r.error();
}

TEST(RsaPss, ErrorStringsAreDistinct) {
    std::set<std::string_view> seen;
    for (int e = 0; e <= static_cast<int>(RsaError::kOpenSslFailure); ++e)
        EXPECT_TRUE(seen.insert(to_string(static_cast<RsaError>(e))).second) << e;
}

TEST(RsaPss, Sha256KnownAnswers) {
    EXPECT_EQ(to_hex(sha256({})), "0xe3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(to_hex(sha256(to_view("abc"))), "0xba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(RsaPss, VerifiesPythonCryptographySignature) {
    const Bytes spki = hex_literal(kPythonSpki);
    const Bytes m = hex_literal(kPythonMessage);
    const Bytes sig = hex_literal(kPythonSignature);
    EXPECT_TRUE(verify_rsa_pss_sha256(spki, m, sig));
    Bytes other = m;
    other[0] ^= 1;
    EXPECT_EQ(verify_error(spki, other, sig), RsaError::kSignatureInvalid);
}

TEST(RsaPss, SignVerifyRoundTripAndDeterminism) {
    const RsaPrivateKey& key = test_key();
    EXPECT_EQ(key.modulus_bits(), 2048u);
    EXPECT_EQ(key.modulus_size(), 256u);
    const Bytes spki = key.public_key_der();
    const Hash32 m = keccak256(to_view("request || output || timestamp"));
    const auto sig = sign_rsa_pss_sha256(key, m, salt_of(0x11));
    ASSERT_TRUE(sig);
    EXPECT_EQ(sig->size(), 256u);
    EXPECT_TRUE(verify_rsa_pss_sha256(spki, m, *sig));
    EXPECT_EQ(*sign_rsa_pss_sha256(key, m, salt_of(0x11)), *sig);
    const auto sig2 = sign_rsa_pss_sha256(key, m, salt_of(0x22));
    ASSERT_TRUE(sig2);
    EXPECT_NE(*sig2, *sig);
    EXPECT_TRUE(verify_rsa_pss_sha256(spki, m, *sig2));
}

// A 2049-bit test key (made with pyca/cryptography from two random primes; OpenSSL's generator rounds odd
// sizes down). With it the encoded message is one byte shorter than the modulus (emBits = 2048), the branch
// of EMSA-PSS that a 2048-bit key never takes. Test-only: never use it for anything else.
constexpr std::string_view kOddModulusKeyPem = R"(-----BEGIN PRIVATE KEY-----
MIIEvwIBADANBgkqhkiG9w0BAQEFAASCBKkwggSlAgEAAoIBAQGFDh3eZLFaVTJ8
LHOybkW1dTpmbTA8NPp1dN4nif7ryGAouBz4YZn7sL+XokWXFk/I4S+OiEdXm+XT
Myz9ht1z+L6Di0iLDf4+Phm/dJN6ycojOJGRvZkMEqF/3SavI6ze9FmkC11P1KGf
Ir6SXMmpzkNUWRzxd3lxOOHwma0CrCwSuuZrtCsKrWr2TSlrAQ+FcmHs2CSLFTlu
QYJm26W4M5jkafvO1CrfGfoSMi/RmvECtdYsbd1wEKhBJCTmT2tdXbqyGVLTni/T
WytWwXCNkionRai48mUlV5h1Lc1/6uJoC2VFobBT0nIbOt+//4rjWo9vF2hRVFSU
A7r8XcZfAgMBAAECggEBAQ+V1CnsFpYdhTmDelxjeAv8woC/1f0hanlV1MK7JRYI
8X9bTvXghDJbptM+NuAKdjWfZKhV3597t4qgXda5L5wGV0/Sihhv8zwV87lfspfz
h0Tg91VKii0QUGbGxXtbJxEYd/744/GXWB+TjH71gN0lnICkGH1DTqZH9AkV7d0+
97ZJed6Fy/FZ4NbML+WBFl75WNwD6Qi11KynMARrGK5oMWzdz6eVutZLhWbCID7W
QeKHcZe4wgviJKNJiW0JX/l+IPlzVX15+Ndz7bhWOODasqO9nQ96cNNdXCT95a/6
/F5JeGLCYBNfC31kGkScHcBIAJGGpULuP0RvCmlYt7kCgYEBkWYUz+boAN5lyCxs
gW5qA4NrVESSvY1Cn58reE0/jMhUr2EQwAbomNIWcFUbGo6smuKfXekQX9sOjnsr
kFF0cizySOHn4OatrPfGwuZeF6z+4dwud0wc/9cRMBsE4sMOBJDkI5ygJ8Dozki/
xHJ7uaXYOTueVK/ou/QMnzPP2YsCgYEA+CCrhrJfBcnfu6FDcf6422zeaY9VBn6x
jNdDIzAgXRW3LA1EBdA0kgAV6/nftR2PTLyjZHnD3yg8qERG/skdfXII7zMYp/tH
YLilkEYP6GE9pGtX1KiD2k2EwKxtpr6VHatt1me3UtVtvVYcrLcwQnOGuvA7tCQ0
+Zb+Wa0EWP0CgYEBS+UZPlKR8O3zQNGiol7Wn7MRkurkXoEn3m4w9lcBPfoDM8RR
okXUG1BTJ2znbU0dYTATUAY++NNbNOqZOcpwO1v4tdS881QptMRnf44VrQPo+H4j
mZbAv7Znytv8bTeVJqdbTCrcriIvHSpADkIPFZEQuToXj7Sn/okrypN/wEMCgYAl
E7St1v+N/OF6xxkt8pMq7rS5b1qUMuBTHGOC4ZEkd7c8VOsiNz9zxaGA9oCwLq+Y
FuQPgoZ7VSbjOfil3+WRNjYRkEAR8eFzmYPb8Cw2XDl61TN1qoyxVT4OEHX+IaJk
oZYzIKJrNUtFrJVyVZlXhK3QR0+Uloh391Egk1L//QKBgQCltFFWj2MZkugZYKaH
JsBei1g6IE132jnKvuVzQygMuexQfKLCr/xV+stD7l4Di9SZoQtoD+awJbF26CGq
EY2NMHvcfyfY813xVpXr3zVgCcHJENnuL5QFADVPLDL+SYAzWYRaF/amWhmTMJ2k
XalFbIzp3xnmsiXSUwSP49bXZg==
-----END PRIVATE KEY-----
)";

TEST(RsaPss, OddModulusLength) {
    const auto key = RsaPrivateKey::from_pem(kOddModulusKeyPem);
    ASSERT_TRUE(key);
    EXPECT_EQ(key->modulus_bits(), 2049u);
    EXPECT_EQ(key->modulus_size(), 257u);
    const Hash32 m = keccak256(to_view("odd"));
    const auto sig = sign_rsa_pss_sha256(*key, m, salt_of(0x99));
    ASSERT_TRUE(sig);
    EXPECT_EQ(sig->size(), 257u);
    EXPECT_TRUE(verify_rsa_pss_sha256(key->public_key_der(), m, *sig));
    EXPECT_TRUE(verify_rsa_pss_sha256(key->public_key_der(), m, openssl_sign(*key, m, RSA_PKCS1_PSS_PADDING, 32)));
    EXPECT_EQ(verify_error(key->public_key_der(), m, sig->substr(1)), RsaError::kWrongSignatureLength);
}

TEST(RsaPss, AcceptsOpenSslSignerWithSalt32) {
    const RsaPrivateKey& key = test_key();
    const Hash32 m = keccak256(to_view("openssl signer"));
    const Bytes sig = openssl_sign(key, m, RSA_PKCS1_PSS_PADDING, 32);
    ASSERT_EQ(sig.size(), 256u);
    EXPECT_TRUE(verify_rsa_pss_sha256(key.public_key_der(), m, sig));
}

TEST(RsaPss, RejectsOtherSaltLengths) {
    const RsaPrivateKey& key = test_key();
    const Hash32 m = keccak256(to_view("salt"));
    for (int salt : {0, 20, 31, 33, 64}) {
        const Bytes sig = openssl_sign(key, m, RSA_PKCS1_PSS_PADDING, salt);
        ASSERT_EQ(sig.size(), 256u) << salt;
        EXPECT_EQ(verify_error(key.public_key_der(), m, sig), RsaError::kWrongSaltLength) << salt;
        // ... and the salt diagnosis does not turn a wrong message into a salt problem.
        Hash32 other = m;
        other.bytes[5] ^= 0x40;
        EXPECT_EQ(verify_error(key.public_key_der(), other, sig), RsaError::kSignatureInvalid) << salt;
    }
}

TEST(RsaPss, RejectsPkcs1v15Signature) {
    const RsaPrivateKey& key = test_key();
    const Hash32 m = keccak256(to_view("v1.5"));
    const Bytes sig = openssl_sign(key, m, RSA_PKCS1_PADDING, 0);
    ASSERT_EQ(sig.size(), 256u);
    EXPECT_EQ(verify_error(key.public_key_der(), m, sig), RsaError::kSignatureInvalid);
}

TEST(RsaPss, TamperedSignature) {
    const RsaPrivateKey& key = test_key();
    const Bytes spki = key.public_key_der();
    const Hash32 m = keccak256(to_view("tamper signature"));
    const Bytes sig = *sign_rsa_pss_sha256(key, m, salt_of(0x33));
    for (std::size_t i = 0; i < sig.size(); ++i) {
        for (std::uint8_t flip : {std::uint8_t{0x01}, std::uint8_t{0x80}, std::uint8_t{0xff}}) {
            Bytes bad = sig;
            bad[i] ^= flip;
            EXPECT_EQ(verify_error(spki, m, bad), RsaError::kSignatureInvalid) << i;
        }
    }
    EXPECT_EQ(verify_error(spki, m, Bytes(256, 0x00)), RsaError::kSignatureInvalid);
    EXPECT_EQ(verify_error(spki, m, Bytes(256, 0xff)), RsaError::kSignatureInvalid);  // >= modulus
    EXPECT_EQ(verify_error(spki, m, sig.substr(1)), RsaError::kWrongSignatureLength);
    EXPECT_EQ(verify_error(spki, m, sig.substr(0, 255)), RsaError::kWrongSignatureLength);
    EXPECT_EQ(verify_error(spki, m, Bytes{0} + sig), RsaError::kWrongSignatureLength);
    EXPECT_EQ(verify_error(spki, m, sig + Bytes{0}), RsaError::kWrongSignatureLength);
    EXPECT_EQ(verify_error(spki, m, {}), RsaError::kWrongSignatureLength);
}

TEST(RsaPss, TamperedMessage) {
    const RsaPrivateKey& key = test_key();
    const Bytes spki = key.public_key_der();
    const Hash32 m = keccak256(to_view("tamper message"));
    const Bytes sig = *sign_rsa_pss_sha256(key, m, salt_of(0x44));
    for (std::size_t i = 0; i < m.size(); ++i) {
        Bytes bad(m.view());
        bad[i] ^= 0x01;
        EXPECT_EQ(verify_error(spki, bad, sig), RsaError::kSignatureInvalid) << i;
    }
    EXPECT_EQ(verify_error(spki, m.view().substr(1), sig), RsaError::kSignatureInvalid);
    EXPECT_EQ(verify_error(spki, Bytes(m.view()) + Bytes{0}, sig), RsaError::kSignatureInvalid);
    EXPECT_EQ(verify_error(spki, {}, sig), RsaError::kSignatureInvalid);
    // The signature covers m itself, not its SHA-256: passing the digest instead is a different message.
    EXPECT_EQ(verify_error(spki, sha256(m), sig), RsaError::kSignatureInvalid);
}

// Every single-byte change of the key is rejected; where it lands decides how.
TEST(RsaPss, TamperedKey) {
    const RsaPrivateKey& key = test_key();
    const Bytes spki = key.public_key_der();
    ASSERT_EQ(spki.size(), 294u);
    const Hash32 m = keccak256(to_view("tamper key"));
    const Bytes sig = *sign_rsa_pss_sha256(key, m, salt_of(0x55));
    ASSERT_TRUE(verify_rsa_pss_sha256(spki, m, sig));
    // Layout of a 2048-bit rsaEncryption SPKI: SEQUENCE (4), AlgorithmIdentifier (15), BIT STRING header (5),
    // RSAPublicKey SEQUENCE (4), INTEGER header (4) and 0x00, the 256 modulus bytes at [33, 289), then the
    // exponent 02 03 01 00 01.
    ASSERT_EQ(spki.substr(28, 5), (Bytes{0x02, 0x82, 0x01, 0x01, 0x00}));
    ASSERT_EQ(spki.substr(289), (Bytes{0x02, 0x03, 0x01, 0x00, 0x01}));
    std::map<RsaError, int> header_errors;
    for (std::size_t i = 0; i < spki.size(); ++i) {
        Bytes bad = spki;
        bad[i] ^= 0x01;
        const RsaError e = verify_error(bad, m, sig);
        if (i >= 33 && i < 289) {
            EXPECT_EQ(e, RsaError::kSignatureInvalid) << i;  // another modulus: the signature is not for it
        } else if (i == 32) {
            EXPECT_EQ(e, RsaError::kWrongSignatureLength) << i;  // a 2049-bit modulus: 257-byte signatures
        } else if (i >= 289) {
            EXPECT_NE(e, RsaError::kOpenSslFailure) << i;  // tag/length breaks DER; exponent change breaks sig
        } else {
            ++header_errors[e];
        }
    }
    // Header damage is a parse error or a non-RSA algorithm, never a signature check.
    for (const auto& [e, n] : header_errors)
        EXPECT_TRUE(e == RsaError::kMalformedKey || e == RsaError::kNotRsaKey || e == RsaError::kNonCanonicalKey ||
                    e == RsaError::kTrailingKeyData)
            << to_string(e) << " x" << n;
    // The exponent 65537 -> 65539 still parses: only the signature check catches it.
    Bytes e3 = spki;
    e3[293] = 0x03;
    EXPECT_EQ(verify_error(e3, m, sig), RsaError::kSignatureInvalid);
}

TEST(RsaPss, MalformedKeyEncodings) {
    const RsaPrivateKey& key = test_key();
    const Bytes spki = key.public_key_der();
    const Hash32 m = keccak256(to_view("der"));
    const Bytes sig = *sign_rsa_pss_sha256(key, m, salt_of(0x66));
    EXPECT_EQ(verify_error(spki + Bytes{0x00}, m, sig), RsaError::kTrailingKeyData);
    EXPECT_EQ(verify_error(spki + spki, m, sig), RsaError::kTrailingKeyData);
    EXPECT_EQ(verify_error(spki.substr(0, spki.size() - 1), m, sig), RsaError::kMalformedKey);
    EXPECT_EQ(verify_error(spki.substr(0, 100), m, sig), RsaError::kMalformedKey);
    EXPECT_EQ(verify_error({}, m, sig), RsaError::kMalformedKey);
    EXPECT_EQ(verify_error(Bytes(294, 0x30), m, sig), RsaError::kMalformedKey);
    // The same key spelled in BER, each a different byte string and so a different tee_id. OpenSSL's decoder
    // takes all of these; only the DER check refuses them.
    // Outer SEQUENCE length in three bytes: 30 82 01 22 -> 30 83 00 01 22.
    Bytes ber_outer{0x30, 0x83, 0x00, 0x01, 0x22};
    ber_outer.append(spki.substr(4));
    // Modulus INTEGER length in three bytes (the enclosing lengths grow by one).
    Bytes ber_modulus = spki;
    ber_modulus.replace(28, 4, Bytes{0x02, 0x83, 0x00, 0x01, 0x01});
    ber_modulus[3] = 0x23;                // outer SEQUENCE 0x122 -> 0x123
    ber_modulus[22] = 0x10;               // BIT STRING 0x10f -> 0x110
    ber_modulus[27] = 0x0b;               // RSAPublicKey SEQUENCE 0x10a -> 0x10b
    // Exponent with a redundant leading zero: 02 03 01 00 01 -> 02 04 00 01 00 01.
    Bytes padded_exponent = spki;
    padded_exponent.replace(289, 5, Bytes{0x02, 0x04, 0x00, 0x01, 0x00, 0x01});
    padded_exponent[3] = 0x23;
    padded_exponent[22] = 0x10;
    padded_exponent[27] = 0x0b;
    // AlgorithmIdentifier without its NULL parameters: 30 0d 06 09 <oid> 05 00 -> 30 0b 06 09 <oid>.
    Bytes no_null = spki;
    no_null.erase(17, 2);
    no_null[5] = 0x0b;
    no_null[3] = 0x20;
    for (const auto& [name, key_bytes] : {std::pair<const char*, const Bytes&>{"outer length", ber_outer},
                                          {"modulus length", ber_modulus},
                                          {"exponent zero", padded_exponent},
                                          {"no NULL", no_null}}) {
        const auto r = verify_rsa_pss_sha256(key_bytes, m, sig);
        ASSERT_FALSE(r) << name;
        EXPECT_EQ(r.error(), RsaError::kNonCanonicalKey) << name << ": " << to_string(r.error());
    }
    // The bare PKCS#1 RSAPublicKey (no AlgorithmIdentifier) is not an SPKI.
    EXPECT_EQ(verify_error(spki.substr(24), m, sig), RsaError::kMalformedKey);
}

TEST(RsaPss, RejectsSmallAndNonRsaKeys) {
    const auto small = RsaPrivateKey::generate(1024);
    ASSERT_TRUE(small);
    const Hash32 m = keccak256(to_view("small"));
    const auto sig = sign_rsa_pss_sha256(*small, m, salt_of(0x77));
    ASSERT_TRUE(sig);  // the signature itself is fine ...
    EXPECT_EQ(verify_error(small->public_key_der(), m, *sig), RsaError::kKeyTooSmall);  // ... the key is not

    EXPECT_EQ(verify_error(hex_literal(kEcSpki), m, Bytes(256, 1)), RsaError::kNotRsaKey);

    // An RSASSA-PSS-restricted key (OID 1.2.840.113549.1.1.10) is not the rsaEncryption key the TEE registers.
    std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> gen(
        EVP_PKEY_CTX_new_from_name(nullptr, "RSA-PSS", nullptr), EVP_PKEY_CTX_free);
    ASSERT_TRUE(gen);
    ASSERT_EQ(EVP_PKEY_keygen_init(gen.get()), 1);
    ASSERT_EQ(EVP_PKEY_CTX_set_rsa_keygen_bits(gen.get(), 2048), 1);
    EVP_PKEY* raw = nullptr;
    ASSERT_EQ(EVP_PKEY_keygen(gen.get(), &raw), 1);
    std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> pss(raw, EVP_PKEY_free);
    unsigned char* der = nullptr;
    const int len = i2d_PUBKEY(pss.get(), &der);
    ASSERT_GT(len, 0);
    const Bytes pss_spki(der, static_cast<std::size_t>(len));
    OPENSSL_free(der);
    EXPECT_EQ(verify_error(pss_spki, m, Bytes(256, 1)), RsaError::kNotRsaKey);

    EXPECT_EQ(RsaPrivateKey::generate(512).error(), RsaError::kUnsupportedKeySize);
    EXPECT_EQ(RsaPrivateKey::generate(16384).error(), RsaError::kUnsupportedKeySize);
}

TEST(RsaPss, PrivateKeySerialization) {
    const RsaPrivateKey& key = test_key();
    const Bytes der = key.to_pkcs8_der();
    ASSERT_FALSE(der.empty());
    const auto from_der = RsaPrivateKey::from_pkcs8_der(der);
    ASSERT_TRUE(from_der);
    EXPECT_EQ(from_der->public_key_der(), key.public_key_der());
    const std::string pem = key.to_pkcs8_pem();
    EXPECT_EQ(pem.rfind("-----BEGIN PRIVATE KEY-----", 0), 0u);
    const auto from_pem = RsaPrivateKey::from_pem(pem);
    ASSERT_TRUE(from_pem);
    EXPECT_EQ(from_pem->public_key_der(), key.public_key_der());
    // Signing with a reloaded key gives the same deterministic signature.
    const Hash32 m = keccak256(to_view("reload"));
    EXPECT_EQ(*sign_rsa_pss_sha256(*from_der, m, salt_of(1)), *sign_rsa_pss_sha256(key, m, salt_of(1)));

    EXPECT_EQ(RsaPrivateKey::from_pkcs8_der(der + Bytes{0}).error(), RsaError::kMalformedPrivateKey);
    EXPECT_EQ(RsaPrivateKey::from_pkcs8_der(der.substr(0, der.size() - 1)).error(), RsaError::kMalformedPrivateKey);
    EXPECT_EQ(RsaPrivateKey::from_pkcs8_der({}).error(), RsaError::kMalformedPrivateKey);
    EXPECT_EQ(RsaPrivateKey::from_pem("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n").error(),
              RsaError::kMalformedPrivateKey);
    EXPECT_EQ(RsaPrivateKey::from_pem("").error(), RsaError::kMalformedPrivateKey);
}

RC_GTEST_PROP(RsaPss, RandomMessagesAndSalts, (const std::vector<std::uint8_t>& message)) {
    const RsaPrivateKey& key = test_key();
    const Bytes spki = key.public_key_der();
    const Bytes msg(message.begin(), message.end());
    const auto raw_salt = *rc::gen::container<std::array<std::uint8_t, 32>>(rc::gen::arbitrary<std::uint8_t>());
    const auto sig = sign_rsa_pss_sha256(key, msg, Bytes32{raw_salt});
    RC_ASSERT(sig.has_value());
    RC_ASSERT(verify_rsa_pss_sha256(spki, msg, *sig).has_value());
    Bytes bad = *sig;
    bad[*rc::gen::inRange<std::size_t>(0, bad.size())] ^=
        static_cast<std::uint8_t>(1u << *rc::gen::inRange(0, 8));
    RC_ASSERT(verify_rsa_pss_sha256(spki, msg, bad).error() == RsaError::kSignatureInvalid);
}

}  // namespace
}  // namespace countersign
