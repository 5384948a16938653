// SPDX-License-Identifier: Apache-2.0
#pragma once
// Project Wycheproof secp256k1 vectors, in both the C2SP layout (testvectors_v1, `publicKey`) and the older
// google layout (testvectors, `key`).
//
// kWycheproofEcdsa: ECDSA verification over SHA-256 with DER signatures (ecdsa_verify_schema*), DER with
// Bitcoin's low-s rule (ecdsa_bitcoin_verify_schema) and 64-byte r || s (ecdsa_p1363_verify_schema*).
// kWycheproofEcdh: ECDH, shared secret = x coordinate, public keys as DER SubjectPublicKeyInfo
// (ecdh_test_schema*) or JWK (ecdh_webcrypto_test_schema*).
//
// "valid" cases must verify (ECDH: give the expected secret), "invalid" ones must be rejected, "acceptable"
// ones may go either way and count as passed, with a note saying how they went.

#include <optional>

#include "conformance/format.hpp"
#include "crypto/bytes.hpp"

namespace countersign::conformance {

extern const Format kWycheproofEcdsa;
extern const Format kWycheproofEcdh;

namespace wycheproof {

struct DerSignature {
    Bytes32 r;
    Bytes32 s;
};

// Strict DER ECDSA-Sig-Value: SEQUENCE { INTEGER r, INTEGER s }, definite short-form lengths, minimal
// positive integers of at most 32 value bytes, nothing before, between or after. libsecp256k1's own DER
// parser is deliberately lax (BER lengths, extra leading zeros), which Wycheproof's BER cases must not pass.
// The values are not range-checked here.
std::optional<DerSignature> parse_der_signature(ByteView der) noexcept;

}  // namespace wycheproof

}  // namespace countersign::conformance
