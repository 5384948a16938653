// SPDX-License-Identifier: Apache-2.0
#include "conformance/wycheproof.hpp"

#include <array>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "crypto/hex.hpp"
#include "crypto/secp256k1.hpp"
#include "crypto/sha256.hpp"

namespace countersign::conformance {
namespace wycheproof {
namespace {

// One DER INTEGER holding a non-negative value below 2^256, consumed from the front of `in`.
bool read_der_integer(ByteView& in, Bytes32& out) noexcept {
    if (in.size() < 2 || in[0] != 0x02) return false;
    const std::size_t len = in[1];
    // Long-form lengths are never DER for a value this short (and 0x80 is BER's indefinite length).
    if ((len & 0x80) != 0 || len == 0 || in.size() < 2 + len) return false;
    ByteView v = in.substr(2, len);
    if ((v[0] & 0x80) != 0) return false;                               // negative
    if (v.size() > 1 && v[0] == 0 && (v[1] & 0x80) == 0) return false;  // non-minimal leading zero
    if (v[0] == 0 && v.size() > 1) v.remove_prefix(1);
    if (v.size() > 32) return false;
    out = Bytes32{};
    std::copy(v.begin(), v.end(), out.bytes.end() - static_cast<std::ptrdiff_t>(v.size()));
    in.remove_prefix(2 + len);
    return true;
}

}  // namespace

std::optional<DerSignature> parse_der_signature(ByteView der) noexcept {
    if (der.size() < 2 || der[0] != 0x30) return std::nullopt;
    const std::size_t len = der[1];
    if ((len & 0x80) != 0 || der.size() != 2 + len) return std::nullopt;
    ByteView body = der.substr(2);
    DerSignature sig;
    if (!read_der_integer(body, sig.r) || !read_der_integer(body, sig.s) || !body.empty()) return std::nullopt;
    return sig;
}

}  // namespace wycheproof

namespace {

using nlohmann::json;

constexpr std::array<std::string_view, 5> kEcdsaSchemas = {
    "\"ecdsa_verify_schema.json\"", "\"ecdsa_verify_schema_v1.json\"", "\"ecdsa_bitcoin_verify_schema.json\"",
    "\"ecdsa_p1363_verify_schema.json\"", "\"ecdsa_p1363_verify_schema_v1.json\""};
constexpr std::array<std::string_view, 5> kEcdhSchemas = {
    "\"ecdh_test_schema.json\"", "\"ecdh_test_schema_v1.json\"", "\"ecdh_webcrypto_test_schema.json\"",
    "\"ecdh_webcrypto_test_schema_v1.json\"", "\"ecdh_ecpoint_test_schema_v1.json\""};

bool contains(std::string_view text, std::string_view what) {
    return text.find(what) != std::string_view::npos;
}

template <std::size_t N>
bool contains_any(std::string_view text, const std::array<std::string_view, N>& options) {
    for (std::string_view o : options)
        if (contains(text, o)) return true;
    return false;
}

// A cheap look at the head of the file: the "schema" value sits before the test groups.
bool has_schema(std::string_view text, const auto& schemas) {
    const std::size_t at = text.find("\"schema\"");
    if (at == std::string_view::npos) return false;
    const std::size_t end = text.find('\n', at);
    return contains_any(text.substr(at, end == std::string_view::npos ? std::string_view::npos : end - at), schemas);
}

std::string string_field(const json& obj, const char* key) {
    if (!obj.is_object()) return {};
    const auto it = obj.find(key);
    return it != obj.end() && it->is_string() ? it->get<std::string>() : std::string{};
}

std::string case_name(const json& test) {
    std::string name = "tcId " + (test.contains("tcId") ? test["tcId"].dump() : std::string("?"));
    const std::string comment = string_field(test, "comment");
    if (!comment.empty()) name += " (" + comment + ")";
    return name;
}

// Tallies a case against Wycheproof's expectation. `accepted` is our verdict, `why` says why we rejected.
struct Tally {
    FileResult& result;
    std::size_t acceptable_accepted{0};
    std::size_t acceptable_rejected{0};

    void record(const json& test, bool accepted, std::string_view why) {
        const std::string expected = string_field(test, "result");
        if (expected == "valid") {
            if (accepted)
                result.pass();
            else
                result.fail(case_name(test) + ": valid case rejected: " + std::string(why));
        } else if (expected == "invalid") {
            if (!accepted)
                result.pass();
            else
                result.fail(case_name(test) + ": invalid case accepted");
        } else if (expected == "acceptable") {
            result.pass();
            ++(accepted ? acceptable_accepted : acceptable_rejected);
        } else {
            result.fail(case_name(test) + ": unknown result \"" + expected + "\"");
        }
    }

    void finish() {
        if (acceptable_accepted + acceptable_rejected == 0) return;
        result.notes.push_back("\"acceptable\" cases (either outcome allowed): " + std::to_string(acceptable_accepted) +
                               " accepted, " + std::to_string(acceptable_rejected) + " rejected");
    }
};

enum class EcdsaEncoding { kDer, kDerLowS, kP1363 };

std::optional<EcdsaEncoding> ecdsa_encoding(std::string_view group_type) {
    if (group_type == "EcdsaVerify") return EcdsaEncoding::kDer;
    if (group_type == "EcdsaBitcoinVerify") return EcdsaEncoding::kDerLowS;
    if (group_type == "EcdsaP1363Verify") return EcdsaEncoding::kP1363;
    return std::nullopt;
}

// Returns an empty string when the signature verifies, otherwise why not.
std::string check_ecdsa(EcdsaEncoding encoding, const PublicKey& key, ByteView msg, ByteView sig) {
    Bytes32 r, s;
    if (encoding == EcdsaEncoding::kP1363) {
        if (sig.size() != 64) return "signature is not 64 bytes";
        r = Bytes32::from_view_unchecked(sig.substr(0, 32));
        s = Bytes32::from_view_unchecked(sig.substr(32));
    } else {
        const auto der = wycheproof::parse_der_signature(sig);
        if (!der) return "not a strict DER signature";
        r = der->r;
        s = der->s;
    }
    // Bitcoin's variant additionally forbids the malleable high-s twin; plain ECDSA accepts both.
    const SignatureRules rules = encoding == EcdsaEncoding::kDerLowS ? SignatureRules::kLowS : SignatureRules::kAnyS;
    const auto ok = verify_ecdsa(sha256(msg), r, s, key, rules);
    return ok ? std::string{} : std::string(to_string(ok.error()));
}

bool detect_ecdsa(const std::filesystem::path&, std::string_view text) {
    return has_schema(text, kEcdsaSchemas) && contains(text, "\"ECDSA\"") && contains(text, "\"secp256k1\"") &&
           contains(text, "\"SHA-256\"");
}

// Parses a Wycheproof file and hands every test group (with its tests array) to `per_group`; the tally
// of valid/invalid/acceptable results is shared by the whole file.
FileResult run_test_groups(
    std::string_view text,
    const std::function<void(const json& group, const json& tests, FileResult&, Tally&)>& per_group) {
    FileResult result;
    const json doc = json::parse(text, nullptr, false);
    if (doc.is_discarded() || !doc.is_object() || !doc.contains("testGroups") || !doc["testGroups"].is_array()) {
        result.fail("not a Wycheproof test file (JSON with testGroups)");
        return result;
    }
    Tally tally{result};
    for (const json& group : doc["testGroups"]) {
        const json* tests =
            group.is_object() && group.contains("tests") && group["tests"].is_array() ? &group["tests"] : nullptr;
        if (tests == nullptr) {
            result.fail("test group without tests");
            continue;
        }
        per_group(group, *tests, result, tally);
    }
    tally.finish();
    return result;
}

FileResult run_ecdsa(const std::filesystem::path&, std::string_view text) {
    return run_test_groups(text, [](const json& group, const json& tests_array, FileResult& result, Tally& tally) {
        const json* tests = &tests_array;
        // v1 files name the key `publicKey`, v0 files `key`.
        static const json kNoKey = json::object();
        const json& key = group.contains("publicKey") ? group["publicKey"]
                          : group.contains("key")     ? group["key"]
                                                      : kNoKey;
        const std::string curve = string_field(key, "curve");
        const std::string sha = string_field(group, "sha");
        const auto encoding = ecdsa_encoding(string_field(group, "type"));
        if (curve != "secp256k1" || sha != "SHA-256" || !encoding) {
            for (std::size_t i = 0; i < tests->size(); ++i)
                result.skip(i == 0 ? "group " + string_field(group, "type") + " " + curve + "/" + sha +
                                         ": only secp256k1 with SHA-256 is supported"
                                   : std::string{});
            return;
        }
        const auto key_bytes = parse_hex(string_field(key, "uncompressed"), HexPrefix::kNone);
        const auto public_key = key_bytes ? parse_public_key(*key_bytes)
                                          : Expected<PublicKey, SigError>{unexpected(SigError::kInvalidPublicKey)};
        for (const json& test : *tests) {
            const auto msg = parse_hex(string_field(test, "msg"), HexPrefix::kNone);
            const auto sig = parse_hex(string_field(test, "sig"), HexPrefix::kNone);
            if (!msg || !sig) {
                result.fail(case_name(test) + ": malformed msg or sig hex");
                continue;
            }
            if (!public_key) {
                tally.record(test, false, "group public key does not parse");
                continue;
            }
            const std::string why = check_ecdsa(*encoding, *public_key, *msg, *sig);
            tally.record(test, why.empty(), why);
        }
    });
}

// ---- ECDH ----

// The only SubjectPublicKeyInfo forms accepted: id-ecPublicKey with the named curve secp256k1 and an
// uncompressed (65-byte) or compressed (33-byte) point. Explicit curve parameters, other curves and any
// other DER spelling are refused; Wycheproof marks the explicit-but-equal parameters "acceptable".
constexpr std::string_view kSpkiUncompressedPrefix = "3056301006072a8648ce3d020106052b8104000a034200";
constexpr std::string_view kSpkiCompressedPrefix = "3036301006072a8648ce3d020106052b8104000a032200";

Expected<PublicKey, SigError> parse_spki_public_key(ByteView der) {
    static const Bytes uncompressed = hex_literal(kSpkiUncompressedPrefix);
    static const Bytes compressed = hex_literal(kSpkiCompressedPrefix);
    for (const Bytes* prefix : {&uncompressed, &compressed}) {
        if (der.size() > prefix->size() && der.substr(0, prefix->size()) == ByteView{*prefix})
            return parse_public_key(der.substr(prefix->size()));
    }
    return unexpected(SigError::kInvalidPublicKey);
}

// RFC 7515 base64url without padding, as JWK uses.
std::optional<Bytes> base64url_decode(std::string_view text) {
    Bytes out;
    std::uint32_t acc = 0;
    int bits = 0;
    for (char c : text) {
        int v;
        if (c >= 'A' && c <= 'Z')
            v = c - 'A';
        else if (c >= 'a' && c <= 'z')
            v = c - 'a' + 26;
        else if (c >= '0' && c <= '9')
            v = c - '0' + 52;
        else if (c == '-')
            v = 62;
        else if (c == '_')
            v = 63;
        else
            return std::nullopt;
        acc = (acc << 6) | static_cast<std::uint32_t>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<std::uint8_t>(acc >> bits));
            acc &= (1u << bits) - 1;
        }
    }
    // Leftover bits must be zero and fewer than a byte (a lone trailing character is never valid).
    if (bits >= 6 || acc != 0) return std::nullopt;
    return out;
}

Expected<PublicKey, SigError> parse_jwk_public_key(const json& jwk) {
    if (string_field(jwk, "kty") != "EC" || string_field(jwk, "crv") != "P-256K")
        return unexpected(SigError::kInvalidPublicKey);
    const auto x = base64url_decode(string_field(jwk, "x"));
    const auto y = base64url_decode(string_field(jwk, "y"));
    if (!x || !y || x->size() != 32 || y->size() != 32) return unexpected(SigError::kInvalidPublicKey);
    Bytes sec1{0x04};
    sec1 += *x;
    sec1 += *y;
    return parse_public_key(sec1);
}

// Wycheproof writes private keys as minimal-ish big-endian hex (sometimes with a 00 sign byte, sometimes
// shorter than 32 bytes).
std::optional<SecretKey> parse_private_scalar(ByteView be) {
    while (!be.empty() && be[0] == 0) be.remove_prefix(1);
    if (be.size() > 32) return std::nullopt;
    SecretKey sk;
    std::copy(be.begin(), be.end(), sk.bytes.bytes.end() - static_cast<std::ptrdiff_t>(be.size()));
    return sk;
}

bool detect_ecdh(const std::filesystem::path&, std::string_view text) {
    return has_schema(text, kEcdhSchemas) && contains(text, "\"ECDH\"") &&
           (contains(text, "\"secp256k1\"") || contains(text, "\"P-256K\""));
}

FileResult run_ecdh(const std::filesystem::path&, std::string_view text) {
    return run_test_groups(text, [](const json& group, const json& tests_array, FileResult& result, Tally& tally) {
        const json* tests = &tests_array;
        const std::string curve = string_field(group, "curve");
        const std::string encoding = string_field(group, "encoding");
        const bool supported = (curve == "secp256k1" && (encoding == "asn" || encoding == "ecpoint")) ||
                               (curve == "P-256K" && encoding == "webcrypto");
        if (!supported) {
            for (std::size_t i = 0; i < tests->size(); ++i)
                result.skip(i == 0 ? "group " + curve + "/" + encoding + ": only secp256k1 is supported"
                                   : std::string{});
            return;
        }
        for (const json& test : *tests) {
            Expected<PublicKey, SigError> point = unexpected(SigError::kInvalidPublicKey);
            std::optional<SecretKey> secret;
            if (encoding == "webcrypto") {
                point = parse_jwk_public_key(test.value("public", json{}));
                const auto d = base64url_decode(string_field(test.value("private", json{}), "d"));
                if (d) secret = parse_private_scalar(*d);
            } else {
                const auto pub = parse_hex(string_field(test, "public"), HexPrefix::kNone);
                const auto priv = parse_hex(string_field(test, "private"), HexPrefix::kNone);
                if (!pub || !priv) {
                    result.fail(case_name(test) + ": malformed public or private hex");
                    continue;
                }
                point = encoding == "asn" ? parse_spki_public_key(*pub) : parse_public_key(*pub);
                secret = parse_private_scalar(*priv);
            }
            const auto shared_want = parse_hex(string_field(test, "shared"), HexPrefix::kNone);
            if (!secret || !shared_want) {
                result.fail(case_name(test) + ": malformed private key or shared secret");
                continue;
            }
            if (!point) {
                tally.record(test, false, to_string(point.error()));
                continue;
            }
            const auto shared = ecdh_shared_x(*point, *secret);
            if (!shared) {
                tally.record(test, false, to_string(shared.error()));
                continue;
            }
            // Computing a secret is acceptance; for a valid (or acceptable) case it must also be the right one.
            if (string_field(test, "result") != "invalid" && shared->view() != ByteView{*shared_want}) {
                result.fail(case_name(test) + ": shared secret " + to_hex(*shared, false) + " != expected");
                continue;
            }
            tally.record(test, true, {});
        }
    });
}

}  // namespace

const Format kWycheproofEcdsa{"wycheproof-ecdsa-secp256k1", detect_ecdsa, run_ecdsa};
const Format kWycheproofEcdh{"wycheproof-ecdh-secp256k1", detect_ecdh, run_ecdh};

}  // namespace countersign::conformance
