// SPDX-License-Identifier: Apache-2.0
#include "rpc/testing/test_pki.hpp"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include <cstdlib>

namespace countersign::testing {
namespace {

void check(bool ok) {
    if (!ok) std::abort();
}

EVP_PKEY* make_key() {
    EVP_PKEY* key = EVP_EC_gen("P-256");
    check(key != nullptr);
    return key;
}

void add_ext(X509* cert, X509* issuer, int nid, const std::string& value) {
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str());
    check(ext != nullptr);
    check(X509_add_ext(cert, ext, -1) == 1);
    X509_EXTENSION_free(ext);
}

X509* make_cert(EVP_PKEY* key, const std::string& cn, long serial, X509* issuer) {
    X509* cert = X509_new();
    check(cert != nullptr);
    X509_set_version(cert, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert), serial);
    X509_gmtime_adj(X509_getm_notBefore(cert), -3600);
    X509_gmtime_adj(X509_getm_notAfter(cert), 7 * 24 * 3600);
    X509_set_pubkey(cert, key);
    X509_NAME* name = X509_get_subject_name(cert);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(cn.c_str()), -1, -1, 0);
    X509_set_issuer_name(cert, issuer != nullptr ? X509_get_subject_name(issuer) : name);
    return cert;
}

std::string pem_cert(X509* cert) {
    BIO* bio = BIO_new(BIO_s_mem());
    check(PEM_write_bio_X509(bio, cert) == 1);
    char* data = nullptr;
    const long n = BIO_get_mem_data(bio, &data);
    std::string out(data, static_cast<std::size_t>(n));
    BIO_free(bio);
    return out;
}

std::string pem_key(EVP_PKEY* key) {
    BIO* bio = BIO_new(BIO_s_mem());
    check(PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr) == 1);
    char* data = nullptr;
    const long n = BIO_get_mem_data(bio, &data);
    std::string out(data, static_cast<std::size_t>(n));
    BIO_free(bio);
    return out;
}

}  // namespace

TestPki make_test_pki(const std::vector<std::string>& dns_names, const std::vector<std::string>& ips) {
    EVP_PKEY* ca_key = make_key();
    X509* ca = make_cert(ca_key, "countersign test CA", 1, nullptr);
    add_ext(ca, ca, NID_basic_constraints, "critical,CA:TRUE");
    add_ext(ca, ca, NID_key_usage, "critical,keyCertSign,cRLSign");
    add_ext(ca, ca, NID_subject_key_identifier, "hash");
    check(X509_sign(ca, ca_key, EVP_sha256()) > 0);

    EVP_PKEY* key = make_key();
    X509* cert = make_cert(key, "countersign test server", 2, ca);
    std::string san;
    for (const auto& d : dns_names) san.append(san.empty() ? "" : ",").append("DNS:").append(d);
    for (const auto& ip : ips) san.append(san.empty() ? "" : ",").append("IP:").append(ip);
    add_ext(cert, ca, NID_basic_constraints, "critical,CA:FALSE");
    add_ext(cert, ca, NID_ext_key_usage, "serverAuth");
    if (!san.empty()) add_ext(cert, ca, NID_subject_alt_name, san);
    add_ext(cert, ca, NID_authority_key_identifier, "keyid");
    check(X509_sign(cert, ca_key, EVP_sha256()) > 0);

    TestPki out{pem_cert(ca), pem_cert(cert), pem_key(key)};
    X509_free(cert);
    X509_free(ca);
    EVP_PKEY_free(key);
    EVP_PKEY_free(ca_key);
    return out;
}

}  // namespace countersign::testing
