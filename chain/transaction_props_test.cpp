// SPDX-License-Identifier: Apache-2.0
// Round trips over random transactions of every type, sign-then-recover with random keys, and tamper tests:
// every field and every byte of a signed transaction is bound by its hash and its signature.

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <functional>

#include "chain/transaction.hpp"
#include "chain/transaction_testing.hpp"
#include "crypto/keccak.hpp"

namespace countersign::chain {
namespace {

using testing::key_from_byte;
using testing::sample_transaction;
using testing::sign;

Bytes gen_bytes(std::size_t max) {
    const auto n = *rc::gen::inRange<std::size_t>(0, max + 1);
    return *rc::gen::container<Bytes>(n, rc::gen::arbitrary<std::uint8_t>());
}

template <std::size_t N>
FixedBytes<N> gen_fixed() {
    const auto v = *rc::gen::container<std::vector<std::uint8_t>>(N, rc::gen::arbitrary<std::uint8_t>());
    return FixedBytes<N>::from_view_unchecked(ByteView{v.data(), N});
}

// Random width so that small values (single-byte and empty RLP forms) are common.
Uint256 gen_u256(std::size_t max_bytes = 32) {
    const Bytes be = gen_bytes(max_bytes);
    return *Uint256::from_be(be);
}

std::uint64_t gen_u64() {
    const auto width = *rc::gen::inRange(0, 65);
    const auto v = *rc::gen::arbitrary<std::uint64_t>();
    return width == 64 ? v : v & ((std::uint64_t{1} << width) - 1);
}

Transaction gen_transaction(TxType type) {
    Transaction tx;
    tx.type = type;
    tx.nonce = gen_u64();
    tx.gas_limit = gen_u64();
    tx.value = gen_u256();
    tx.data = gen_bytes(300);
    const bool may_create = type == TxType::kLegacy || type == TxType::kAccessList || type == TxType::kDynamicFee;
    if (!may_create || *rc::gen::arbitrary<bool>()) tx.to = gen_fixed<20>();
    tx.odd_y_parity = *rc::gen::arbitrary<bool>();
    tx.r = gen_u256();
    tx.s = gen_u256();
    if (type == TxType::kLegacy) {
        // Legacy v = chain_id * 2 + 36 must fit 256 bits.
        if (*rc::gen::arbitrary<bool>()) tx.chain_id = gen_u256(31);
        tx.gas_price = gen_u256();
        return tx;
    }
    tx.chain_id = gen_u256();
    if (type == TxType::kAccessList) {
        tx.gas_price = gen_u256();
    } else {
        tx.max_priority_fee_per_gas = gen_u256();
        tx.max_fee_per_gas = gen_u256();
    }
    const auto entries = *rc::gen::inRange(0, 4);
    for (int i = 0; i < entries; ++i) {
        AccessListEntry e{gen_fixed<20>(), {}};
        const auto keys = *rc::gen::inRange(0, 4);
        for (int k = 0; k < keys; ++k) e.storage_keys.push_back(gen_fixed<32>());
        tx.access_list.push_back(std::move(e));
    }
    if (type == TxType::kBlob) {
        tx.max_fee_per_blob_gas = gen_u256();
        const auto n = *rc::gen::inRange(0, 7);
        for (int i = 0; i < n; ++i) tx.blob_versioned_hashes.push_back(gen_fixed<32>());
    }
    if (type == TxType::kSetCode) {
        const auto n = *rc::gen::inRange(0, 4);
        for (int i = 0; i < n; ++i) {
            Authorization a;
            a.chain_id = gen_u256();
            a.address = gen_fixed<20>();
            a.nonce = gen_u64();
            a.y_parity = *rc::gen::arbitrary<std::uint8_t>();
            a.r = gen_u256();
            a.s = gen_u256();
            tx.authorization_list.push_back(a);
        }
    }
    return tx;
}

TxType gen_type() { return static_cast<TxType>(*rc::gen::inRange(0, 5)); }

RC_GTEST_PROP(TransactionProps, DecodeEncodeRoundTrip, ()) {
    const Transaction tx = gen_transaction(gen_type());
    RC_ASSERT(check_well_formed(tx).has_value());
    const Bytes raw = encode_transaction(tx);
    RC_ASSERT(raw.size() == encoded_length(tx));
    auto decoded = decode_raw_transaction(raw);
    RC_ASSERT(decoded.has_value());
    RC_ASSERT(*decoded == tx);
    RC_ASSERT(transaction_hash(tx) == keccak256(raw));

    const Bytes wrapped = encode_transaction_wrapped(tx);
    for (auto w : {Eip2718Wrapping::kString, Eip2718Wrapping::kBoth}) {
        ByteView cursor{wrapped};
        auto from_body = decode_transaction(cursor, w);
        RC_ASSERT(from_body.has_value());
        RC_ASSERT(cursor.empty());
        RC_ASSERT(*from_body == tx);
    }
    // The network decoder takes every canonical form too.
    auto network = decode_network_transaction(raw);
    RC_ASSERT(network.has_value());
    RC_ASSERT(*network == tx);
}

RC_GTEST_PROP(TransactionProps, SignAndRecover, ()) {
    Transaction tx = gen_transaction(gen_type());
    SecretKey key{gen_fixed<32>()};
    RC_PRE(public_key_from_secret(key).has_value());  // zero or >= n
    sign(tx, key);
    const Address expected = testing::address_of(key);
    auto decoded = decode_raw_transaction(encode_transaction(tx));
    RC_ASSERT(decoded.has_value());
    SenderRules rules;
    rules.chain_id = tx.chain_id;
    auto sender = recover_sender(*decoded, rules);
    RC_ASSERT(sender.has_value());
    RC_ASSERT(*sender == expected);
}

// ---- tamper tests ----

Transaction signed_sample(TxType type, const SecretKey& key) {
    Transaction tx = sample_transaction(type);
    sign(tx, key);
    return tx;
}

struct Mutation {
    const char* name;
    std::function<bool(Transaction&)> apply;  // false when the field does not exist for this type
};

std::vector<Mutation> mutations() {
    const auto bump = [](std::optional<Uint256>& v) {
        if (!v) return false;
        *v = *v + Uint256{1};
        return true;
    };
    return {
        {"chain_id", [&](Transaction& t) { return bump(t.chain_id); }},
        {"nonce", [](Transaction& t) { return ++t.nonce, true; }},
        {"gas_price", [&](Transaction& t) { return bump(t.gas_price); }},
        {"max_priority_fee", [&](Transaction& t) { return bump(t.max_priority_fee_per_gas); }},
        {"max_fee", [&](Transaction& t) { return bump(t.max_fee_per_gas); }},
        {"gas_limit", [](Transaction& t) { return ++t.gas_limit, true; }},
        {"to byte", [](Transaction& t) { return t.to->bytes[19] ^= 1, true; }},
        {"to removed",
         [](Transaction& t) {
             if (t.type == TxType::kBlob || t.type == TxType::kSetCode) return false;
             t.to.reset();
             return true;
         }},
        {"value", [](Transaction& t) { return t.value = t.value + Uint256{1}, true; }},
        {"data byte", [](Transaction& t) { return t.data[3] ^= 0x80, true; }},
        {"data appended", [](Transaction& t) { return t.data.push_back(0), true; }},
        {"access list address",
         [](Transaction& t) {
             if (t.access_list.empty()) return false;
             return t.access_list[0].address.bytes[0] ^= 1, true;
         }},
        {"access list key",
         [](Transaction& t) {
             if (t.access_list.empty()) return false;
             return t.access_list[0].storage_keys[1].bytes[31] ^= 1, true;
         }},
        {"access list key dropped",
         [](Transaction& t) {
             if (t.access_list.empty()) return false;
             return t.access_list[0].storage_keys.pop_back(), true;
         }},
        {"access list entry added",
         [](Transaction& t) {
             if (t.type == TxType::kLegacy) return false;
             return t.access_list.push_back({Address{}, {}}), true;
         }},
        {"max_fee_per_blob_gas", [&](Transaction& t) { return bump(t.max_fee_per_blob_gas); }},
        {"blob hash",
         [](Transaction& t) {
             if (t.blob_versioned_hashes.empty()) return false;
             return t.blob_versioned_hashes[0].bytes[5] ^= 1, true;
         }},
        {"authorization address",
         [](Transaction& t) {
             if (t.authorization_list.empty()) return false;
             return t.authorization_list[0].address.bytes[0] ^= 1, true;
         }},
        {"authorization nonce",
         [](Transaction& t) {
             if (t.authorization_list.empty()) return false;
             return ++t.authorization_list[0].nonce, true;
         }},
        {"authorization s",
         [](Transaction& t) {
             if (t.authorization_list.empty()) return false;
             auto& a = t.authorization_list[0];
             return a.s = a.s + Uint256{1}, true;
         }},
        {"y parity", [](Transaction& t) { return t.odd_y_parity = !t.odd_y_parity, true; }},
        {"r", [](Transaction& t) { return t.r = t.r + Uint256{1}, true; }},
        {"s", [](Transaction& t) { return t.s = t.s + Uint256{1}, true; }},
    };
}

TEST(TransactionTamper, EveryFieldChangesHashAndSender) {
    const SecretKey key = key_from_byte(0x5a);
    const Address sender = testing::address_of(key);
    int checked = 0;
    for (int type = 0; type <= 4; ++type) {
        const Transaction original = signed_sample(static_cast<TxType>(type), key);
        const Hash32 hash = transaction_hash(original);
        ASSERT_EQ(*recover_sender(original), sender);
        for (const auto& m : mutations()) {
            Transaction t = original;
            if (!m.apply(t)) continue;
            ++checked;
            EXPECT_NE(transaction_hash(t), hash) << type << " " << m.name;
            // Re-encode and decode: what a verifier would see on the wire.
            auto decoded = decode_raw_transaction(encode_transaction(t));
            ASSERT_TRUE(decoded) << type << " " << m.name;
            const std::string_view name{m.name};
            const bool signature_field = name == "y parity" || name == "r" || name == "s";
            if (!signature_field) {
                EXPECT_NE(signing_hash(*decoded), signing_hash(original)) << type << " " << m.name;
            }
            auto recovered = recover_sender(*decoded);
            EXPECT_TRUE(!recovered || *recovered != sender) << type << " " << m.name;
        }
    }
    EXPECT_GT(checked, 80);
}

TEST(TransactionTamper, EveryByteFlip) {
    const SecretKey key = key_from_byte(0x5b);
    const Address sender = testing::address_of(key);
    for (int type = 0; type <= 4; ++type) {
        const Transaction original = signed_sample(static_cast<TxType>(type), key);
        const Bytes raw = encode_transaction(original);
        std::size_t rejected = 0, other_sender = 0;
        for (std::size_t i = 0; i < raw.size(); ++i) {
            for (std::uint8_t bit : {std::uint8_t{0x01}, std::uint8_t{0x80}}) {
                Bytes t = raw;
                t[i] ^= bit;
                auto decoded = decode_raw_transaction(t);
                if (!decoded) {
                    ++rejected;
                    continue;
                }
                // Canonical decoding: what decoded is exactly what was given.
                EXPECT_EQ(encode_transaction(*decoded), t) << type << " byte " << i;
                EXPECT_NE(transaction_hash(*decoded), transaction_hash(original));
                auto recovered = recover_sender(*decoded);
                EXPECT_TRUE(!recovered || *recovered != sender) << type << " byte " << i << " bit " << int{bit};
                ++other_sender;
            }
        }
        EXPECT_EQ(rejected + other_sender, 2 * raw.size());
        EXPECT_GT(rejected, 0u);
        EXPECT_GT(other_sender, 0u);
    }
}

TEST(TransactionTamper, ChainIdBindsLegacyAndTyped) {
    const SecretKey key = key_from_byte(0x5c);
    for (auto type : {TxType::kLegacy, TxType::kDynamicFee}) {
        Transaction tx = signed_sample(type, key);
        SenderRules rules;
        rules.chain_id = Uint256{1};
        EXPECT_TRUE(recover_sender(tx, rules));
        rules.chain_id = Uint256{137};
        EXPECT_EQ(recover_sender(tx, rules).error(), TxError::kChainIdMismatch);
        // Replaying the signature on another chain id yields some other "sender", never the signer.
        tx.chain_id = Uint256{137};
        auto other = recover_sender(tx, rules);
        EXPECT_TRUE(!other || *other != testing::address_of(key));
    }
}

}  // namespace
}  // namespace countersign::chain
