// SPDX-License-Identifier: Apache-2.0
#include "crypto/secp256k1.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <atomic>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "crypto/hex.hpp"
#include "crypto/keccak.hpp"
#include "crypto/sha256.hpp"
#include "crypto/uint256.hpp"

namespace countersign {
namespace {

const Bytes32 kOrder = Bytes32{kSecp256k1Order};
const Bytes32 kHalfOrder = Bytes32{kSecp256k1HalfOrder};

Bytes32 add_small(const Bytes32& v, std::uint64_t k) { return (Uint256::from_be(v) + Uint256(k)).to_be(); }
Bytes32 sub_small(const Bytes32& v, std::uint64_t k) { return (Uint256::from_be(v) - Uint256(k)).to_be(); }
Bytes32 negate_mod_n(const Bytes32& s) { return (Uint256::from_be(kOrder) - Uint256::from_be(s)).to_be(); }

SecretKey secret_from_hex(std::string_view hex) { return SecretKey{hex_literal_fixed<32>(hex)}; }

// A valid secret key from arbitrary bytes: the RapidCheck generators produce any 32 bytes, and the chance that
// they are zero or >= n is negligible but not zero, so those cases are discarded rather than assumed away.
SecretKey gen_secret() {
    const auto raw = *rc::gen::container<std::array<std::uint8_t, 32>>(rc::gen::arbitrary<std::uint8_t>());
    SecretKey sk{Bytes32{raw}};
    RC_PRE(public_key_from_secret(sk).has_value());
    return sk;
}

Hash32 gen_hash() {
    return Hash32{*rc::gen::container<std::array<std::uint8_t, 32>>(rc::gen::arbitrary<std::uint8_t>())};
}

TEST(Secp256k1, ErrorStringsAreDistinct) {
    const SigError all[] = {SigError::kInvalidR,        SigError::kInvalidS,          SigError::kHighS,
                            SigError::kInvalidRecoveryId, SigError::kRecoveryFailed, SigError::kVerificationFailed,
                            SigError::kInvalidSecretKey, SigError::kInvalidPublicKey, SigError::kSigningFailed};
    std::set<std::string_view> seen;
    for (SigError e : all) EXPECT_TRUE(seen.insert(to_string(e)).second) << to_string(e);
}

TEST(Secp256k1, GeneratorFromSecretOne) {
    const auto pk = public_key_from_secret(secret_from_hex("0x" + std::string(63, '0') + "1"));
    ASSERT_TRUE(pk);
    EXPECT_EQ(to_hex(pk->view(), false),
              "79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"
              "483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8");
}

TEST(Secp256k1, InvalidSecretKeys) {
    const Hash32 msg = keccak256(to_view("m"));
    for (const SecretKey& sk : {SecretKey{}, SecretKey{kOrder}, SecretKey{add_small(kOrder, 1)}}) {
        EXPECT_EQ(public_key_from_secret(sk).error(), SigError::kInvalidSecretKey);
        EXPECT_EQ(sign_recoverable(msg, sk).error(), SigError::kInvalidSecretKey);
    }
    EXPECT_TRUE(public_key_from_secret(SecretKey{sub_small(kOrder, 1)}));
}

// vectors/ethereum-tests/BasicTests/keyaddrtest.json: secret -> address. Its sig_of_emptystring entries do not
// recover to the address over keccak256("") (nor over sha3-256(""), sha256(""), zero, keccak256(0x80)); other
// clients skip them too (Nethermind: "the test values seem wrong"), so only their ranges are used here, and
// a signature of our own over keccak256("") must recover to the listed address.
TEST(Secp256k1, EthereumKeyAddrVectors) {
    std::ifstream in(COUNTERSIGN_SOURCE_DIR "/vectors/ethereum-tests/BasicTests/keyaddrtest.json");
    ASSERT_TRUE(in) << "missing vector file";
    std::stringstream text;
    text << in.rdbuf();
    const auto doc = nlohmann::json::parse(text.str());
    ASSERT_TRUE(doc.is_array());
    ASSERT_GE(doc.size(), 2u);
    for (const auto& v : doc) {
        const SecretKey sk = secret_from_hex(v.at("key").get<std::string>());
        const Address want = hex_literal_fixed<20>(v.at("addr").get<std::string>());
        // key = keccak256(seed), brain-wallet style.
        EXPECT_EQ(sk.bytes, keccak256(to_view(v.at("seed").get<std::string>())));
        const auto pk = public_key_from_secret(sk);
        ASSERT_TRUE(pk);
        EXPECT_EQ(address_from_public_key(*pk), want) << v.at("seed");

        const Hash32 msg = keccak256({});
        const auto ours = sign_recoverable(msg, sk);
        ASSERT_TRUE(ours);
        EXPECT_EQ(*recover_address(msg, *ours, SignatureRules::kLowS), want);

        const auto& js = v.at("sig_of_emptystring");
        const Bytes32 r = Uint256::parse_decimal(js.at("r").get<std::string>())->to_be();
        const Bytes32 s = Uint256::parse_decimal(js.at("s").get<std::string>())->to_be();
        EXPECT_TRUE(is_valid_signature_values(r, s, SignatureRules::kAnyS));  // "horse" has a high s
        EXPECT_TRUE(recover_address(msg, Signature{r, s, static_cast<std::uint8_t>(js.at("v") == "27" ? 0 : 1)},
                                    SignatureRules::kAnyS));
    }
}

// EIP-155's worked example: secret 0x4646..46 signs the chain-1 transaction hash with v = 37 (y parity 0).
TEST(Secp256k1, Eip155Example) {
    const SecretKey key = secret_from_hex("4646464646464646464646464646464646464646464646464646464646464646");
    const Hash32 msg = hex_literal_fixed<32>("daf5a779ae972f972197303d7b574746c7ef83eadac0f2791ad23db92e4c8e53");
    const auto r =
        Uint256::parse_decimal("18515461264373351373200002665853028612451056578545711640558177340181847433846");
    const auto s =
        Uint256::parse_decimal("46948507304638947509940763649030358759909902576025900602547168820602576006531");
    const Signature want{r->to_be(), s->to_be(), 0};
    const auto sig = sign_recoverable(msg, key);
    ASSERT_TRUE(sig);
    EXPECT_EQ(*sig, want);
    EXPECT_EQ(*recover_address(msg, want, SignatureRules::kLowS),
              hex_literal_fixed<20>("9d8a62f656a8d1615c1294fd71e9cfb3e4855a4f"));
}

// RFC 6979 with secp256k1 and SHA-256 (the widely used "Satoshi Nakamoto" vector, secret 1).
TEST(Secp256k1, Rfc6979KnownSignature) {
    const auto sig = sign_recoverable(sha256(to_view("Satoshi Nakamoto")), SecretKey{Uint256(1).to_be()});
    ASSERT_TRUE(sig);
    EXPECT_EQ(to_hex(sig->r), "0x934b1ea10a4b3c1757e2b0c017d0b6143ce3c9a7e6a4a49860d7a6ab210ee3d8");
    EXPECT_EQ(to_hex(sig->s), "0x2442ce9d2b916064108014783e923ec36b49743e2ffa1c4496f01a512aafd9e5");
}

RC_GTEST_PROP(Secp256k1, SignRecoverRoundTrip, ()) {
    const SecretKey sk = gen_secret();
    const Hash32 msg = gen_hash();
    const auto pk = public_key_from_secret(sk);
    RC_ASSERT(pk.has_value());
    const auto sig = sign_recoverable(msg, sk);
    RC_ASSERT(sig.has_value());
    RC_ASSERT(is_valid_signature_values(sig->r, sig->s, SignatureRules::kLowS));
    const auto rec = recover_public_key(msg, *sig, SignatureRules::kLowS);
    RC_ASSERT(rec.has_value());
    RC_ASSERT(*rec == *pk);
    RC_ASSERT(*recover_address(msg, *sig, SignatureRules::kLowS) == address_from_public_key(*pk));
    RC_ASSERT(verify_ecdsa(msg, sig->r, sig->s, *pk, SignatureRules::kLowS).has_value());
    // Deterministic signing.
    RC_ASSERT(*sign_recoverable(msg, sk) == *sig);

    // Another message: recovers to some other key (or to none), and verification fails.
    Hash32 other = msg;
    other.bytes[*rc::gen::inRange<std::size_t>(0, 32)] ^= static_cast<std::uint8_t>(1u << *rc::gen::inRange(0, 8));
    const auto rec_other = recover_public_key(other, *sig, SignatureRules::kLowS);
    RC_ASSERT(!rec_other.has_value() || *rec_other != *pk);
    RC_ASSERT(verify_ecdsa(other, sig->r, sig->s, *pk, SignatureRules::kLowS).error() ==
              SigError::kVerificationFailed);

    // The other parity recovers a different key.
    Signature flipped = *sig;
    flipped.recovery_id ^= 1;
    const auto rec_flipped = recover_public_key(msg, flipped, SignatureRules::kLowS);
    RC_ASSERT(!rec_flipped.has_value() || *rec_flipped != *pk);

    // The malleated twin (r, n - s, parity flipped) recovers the same key, but only without EIP-2.
    Signature twin{sig->r, negate_mod_n(sig->s), static_cast<std::uint8_t>(sig->recovery_id ^ 1)};
    RC_ASSERT(*recover_public_key(msg, twin, SignatureRules::kAnyS) == *pk);
    RC_ASSERT(recover_public_key(msg, twin, SignatureRules::kLowS).error() == SigError::kHighS);
    RC_ASSERT(verify_ecdsa(msg, twin.r, twin.s, *pk, SignatureRules::kAnyS).has_value());
    RC_ASSERT(verify_ecdsa(msg, twin.r, twin.s, *pk, SignatureRules::kLowS).error() == SigError::kHighS);
}

TEST(Secp256k1, Eip2SBoundaries) {
    const Bytes32 one = add_small(Bytes32{}, 1);
    EXPECT_TRUE(check_signature_values(one, kHalfOrder, SignatureRules::kLowS));
    EXPECT_EQ(check_signature_values(one, add_small(kHalfOrder, 1), SignatureRules::kLowS).error(), SigError::kHighS);
    EXPECT_TRUE(check_signature_values(one, add_small(kHalfOrder, 1), SignatureRules::kAnyS));
    EXPECT_TRUE(check_signature_values(one, sub_small(kOrder, 1), SignatureRules::kAnyS));
    EXPECT_EQ(check_signature_values(one, sub_small(kOrder, 1), SignatureRules::kLowS).error(), SigError::kHighS);
    // n/2 really is floor(n / 2).
    EXPECT_EQ(Uint256::from_be(kHalfOrder), Uint256::from_be(kOrder) >> 1);

    for (SignatureRules rules : {SignatureRules::kAnyS, SignatureRules::kLowS}) {
        EXPECT_EQ(check_signature_values(Bytes32{}, one, rules).error(), SigError::kInvalidR);
        EXPECT_EQ(check_signature_values(one, Bytes32{}, rules).error(), SigError::kInvalidS);
        EXPECT_EQ(check_signature_values(kOrder, one, rules).error(), SigError::kInvalidR);
        EXPECT_EQ(check_signature_values(one, kOrder, rules).error(), SigError::kInvalidS);
        EXPECT_EQ(check_signature_values(add_small(kOrder, 1), one, rules).error(), SigError::kInvalidR);
        Bytes32 max;
        max.bytes.fill(0xff);
        EXPECT_EQ(check_signature_values(max, one, rules).error(), SigError::kInvalidR);
        EXPECT_EQ(check_signature_values(one, max, rules).error(), SigError::kInvalidS);
        EXPECT_TRUE(check_signature_values(sub_small(kOrder, 1), one, rules));
        EXPECT_FALSE(is_valid_signature_values(Bytes32{}, Bytes32{}, rules));
    }
}

// A real signature whose s is exactly n/2 or n/2 + 1 cannot be made by signing, but recovery of
// (r, s) for any valid r and s yields some key, so the EIP-2 boundary is visible through the recovery API.
TEST(Secp256k1, Eip2BoundaryThroughRecovery) {
    const auto sig = sign_recoverable(keccak256(to_view("eip-2")), secret_from_hex(std::string(64, '7')));
    ASSERT_TRUE(sig);
    const Hash32 msg = keccak256(to_view("eip-2"));
    Signature at_half{sig->r, kHalfOrder, 0};
    Signature above_half{sig->r, add_small(kHalfOrder, 1), 0};
    EXPECT_TRUE(recover_address(msg, at_half, SignatureRules::kLowS));
    EXPECT_EQ(recover_address(msg, above_half, SignatureRules::kLowS).error(), SigError::kHighS);
    EXPECT_TRUE(recover_address(msg, above_half, SignatureRules::kAnyS));
}

TEST(Secp256k1, RejectsOutOfRangeRAndS) {
    const Hash32 msg = keccak256(to_view("range"));
    const auto sig = sign_recoverable(msg, secret_from_hex(std::string(64, '3')));
    ASSERT_TRUE(sig);
    for (SignatureRules rules : {SignatureRules::kAnyS, SignatureRules::kLowS}) {
        EXPECT_EQ(recover_address(msg, Signature{Bytes32{}, sig->s, 0}, rules).error(), SigError::kInvalidR);
        EXPECT_EQ(recover_address(msg, Signature{kOrder, sig->s, 0}, rules).error(), SigError::kInvalidR);
        EXPECT_EQ(recover_address(msg, Signature{sig->r, Bytes32{}, 0}, rules).error(), SigError::kInvalidS);
        EXPECT_EQ(recover_address(msg, Signature{sig->r, kOrder, 0}, rules).error(), SigError::kInvalidS);
    }
}

TEST(Secp256k1, InvalidRecoveryIds) {
    const Hash32 msg = keccak256(to_view("recid"));
    const auto sig = sign_recoverable(msg, secret_from_hex(std::string(64, '5')));
    ASSERT_TRUE(sig);
    for (int id : {2, 3, 4, 27, 28, 35, 255}) {
        Signature bad = *sig;
        bad.recovery_id = static_cast<std::uint8_t>(id);
        EXPECT_EQ(recover_address(msg, bad, SignatureRules::kAnyS).error(), SigError::kInvalidRecoveryId) << id;
        EXPECT_EQ(recover_public_key(msg, bad, SignatureRules::kLowS).error(), SigError::kInvalidRecoveryId) << id;
    }
}

// About half of all x in [1, p) are not the x coordinate of a curve point; such an r recovers nothing.
TEST(Secp256k1, RecoveryFailsWhenRIsNotOnTheCurve) {
    const Hash32 msg = keccak256(to_view("no point"));
    int failures = 0;
    for (std::uint64_t x = 1; x <= 40; ++x) {
        const Bytes32 r = Uint256(x).to_be();
        const auto a = recover_address(msg, Signature{r, kHalfOrder, 0}, SignatureRules::kLowS);
        const auto b = recover_address(msg, Signature{r, kHalfOrder, 1}, SignatureRules::kLowS);
        EXPECT_EQ(a.has_value(), b.has_value()) << x;
        if (!a) {
            EXPECT_EQ(a.error(), SigError::kRecoveryFailed);
            ++failures;
        }
    }
    EXPECT_GT(failures, 5);
    EXPECT_LT(failures, 35);
}

TEST(Secp256k1, PublicKeyEncodings) {
    const auto pk = public_key_from_secret(secret_from_hex(std::string(64, '9')));
    ASSERT_TRUE(pk);
    Bytes uncompressed{0x04};
    uncompressed.append(pk->view());
    const auto compressed = compress_public_key(*pk);
    EXPECT_EQ(*parse_public_key(uncompressed), *pk);
    EXPECT_EQ(*parse_public_key(ByteView{compressed.data(), compressed.size()}), *pk);

    Bytes hybrid = uncompressed;
    hybrid[0] = static_cast<std::uint8_t>(0x06 | (pk->xy[63] & 1));
    EXPECT_EQ(parse_public_key(hybrid).error(), SigError::kInvalidPublicKey);
    EXPECT_EQ(parse_public_key(uncompressed.substr(0, 64)).error(), SigError::kInvalidPublicKey);
    EXPECT_EQ(parse_public_key(uncompressed + Bytes{0}).error(), SigError::kInvalidPublicKey);
    EXPECT_EQ(parse_public_key({}).error(), SigError::kInvalidPublicKey);
    Bytes off_curve = uncompressed;
    off_curve[64] ^= 1;
    EXPECT_EQ(parse_public_key(off_curve).error(), SigError::kInvalidPublicKey);

    PublicKey bad = *pk;
    bad.xy[63] ^= 1;
    const Hash32 msg = keccak256(to_view("k"));
    const auto sig = sign_recoverable(msg, secret_from_hex(std::string(64, '9')));
    ASSERT_TRUE(sig);
    EXPECT_EQ(verify_ecdsa(msg, sig->r, sig->s, bad, SignatureRules::kAnyS).error(), SigError::kInvalidPublicKey);
}

// The signing context is created on first use from whichever thread gets there first; verification uses
// the static context. Neither may race (run under TSan/ASan builds to make this test bite harder).
TEST(Secp256k1, ConcurrentSignAndRecover) {
    std::vector<std::thread> threads;
    std::atomic<int> failures{0};
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([t, &failures] {
            for (std::uint64_t i = 0; i < 50; ++i) {
                const SecretKey sk{keccak256(Uint256(1000 * static_cast<std::uint64_t>(t) + i + 1).to_be())};
                const Hash32 msg = keccak256(Uint256(i).to_be());
                const auto sig = sign_recoverable(msg, sk);
                const auto pk = public_key_from_secret(sk);
                if (!sig || !pk || *recover_address(msg, *sig, SignatureRules::kLowS) != address_from_public_key(*pk))
                    ++failures;
            }
        });
    }
    for (auto& th : threads) th.join();
    EXPECT_EQ(failures.load(), 0);
}

RC_GTEST_PROP(Secp256k1, EcdhAgrees, ()) {
    const SecretKey a = gen_secret();
    const SecretKey b = gen_secret();
    const auto shared_ab = ecdh_shared_x(*public_key_from_secret(b), a);
    const auto shared_ba = ecdh_shared_x(*public_key_from_secret(a), b);
    RC_ASSERT(shared_ab.has_value());
    RC_ASSERT(*shared_ab == *shared_ba);
}

TEST(Secp256k1, EcdhWithSecretOneIsTheX) {
    const auto pk = public_key_from_secret(secret_from_hex(std::string(64, 'a')));
    ASSERT_TRUE(pk);
    const auto x = ecdh_shared_x(*pk, secret_from_hex("0x" + std::string(63, '0') + "1"));
    ASSERT_TRUE(x);
    EXPECT_EQ(x->view(), pk->view().substr(0, 32));
    EXPECT_EQ(ecdh_shared_x(*pk, SecretKey{}).error(), SigError::kInvalidSecretKey);
}

}  // namespace
}  // namespace countersign
