// SPDX-License-Identifier: Apache-2.0
// Transactions against known vectors (EIP-155's example, ethereum/tests, execution-spec-tests block bodies,
// execution-apis), decoder strictness, the EIP-4844 network form, and the stateless rules.

#include <gtest/gtest.h>

#include <filesystem>

#include <nlohmann/json.hpp>

#include "chain/rlp.hpp"
#include "chain/transaction.hpp"
#include "chain/transaction_rules.hpp"
#include "chain/transaction_testing.hpp"
#include "crypto/hex.hpp"
#include "crypto/keccak.hpp"
#include "crypto/sha256.hpp"

namespace countersign::chain {
namespace {

using testing::key_from_byte;
using testing::sample_transaction;
using testing::sign;

const std::string kVectors = std::string{COUNTERSIGN_SOURCE_DIR} + "/vectors/";

// EIP-155's worked example.
constexpr std::string_view kEip155Signed =
    "0xf86c098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a76400008025a028ef61340bd939bc"
    "2195fe537567866003e1a15d3c71ff63e1590620aa636276a067cbe9d8997f761aecb703304b3800ccf555c9f3dc64214b297fb1966a"
    "3b6d83";

TEST(Transaction, Eip155Example) {
    const Bytes raw = hex_literal(kEip155Signed);
    auto tx = decode_raw_transaction(raw);
    ASSERT_TRUE(tx) << to_string(tx.error());
    EXPECT_EQ(tx->type, TxType::kLegacy);
    EXPECT_EQ(tx->nonce, 9u);
    EXPECT_EQ(tx->gas_price, Uint256{20'000'000'000ull});
    EXPECT_EQ(tx->gas_limit, 21000u);
    EXPECT_EQ(tx->chain_id, Uint256{1});
    EXPECT_EQ(tx->value, Uint256{1'000'000'000'000'000'000ull});
    EXPECT_EQ(to_hex(signing_hash(*tx)), "0xdaf5a779ae972f972197303d7b574746c7ef83eadac0f2791ad23db92e4c8e53");
    auto sender = recover_sender(*tx, {SignatureRules::kLowS, Uint256{1}, true});
    ASSERT_TRUE(sender);
    EXPECT_EQ(to_hex(*sender), "0x9d8a62f656a8d1615c1294fd71e9cfb3e4855a4f");
    EXPECT_EQ(*sender, testing::address_of(key_from_byte(0x46)));
    EXPECT_EQ(encode_transaction(*tx), raw);
    EXPECT_EQ(encode_transaction_wrapped(*tx), raw);  // legacy is never wrapped
    EXPECT_EQ(transaction_hash(*tx), keccak256(raw));
    EXPECT_EQ(encoded_length(*tx), raw.size());
    // The same key on another chain: the chain id is part of what was signed.
    EXPECT_EQ(recover_sender(*tx, {SignatureRules::kLowS, Uint256{5}, false}).error(), TxError::kChainIdMismatch);
}

// A few ethereum/tests TransactionTests with their hash and sender (the conformance runner runs them all).
TEST(Transaction, EthereumTestsVectors) {
    struct Case {
        const char* file;
    };
    int checked = 0;
    for (const char* file : {"ttSignature/Vitalik_1.json", "ttSignature/Vitalik_14.json", "ttSignature/SenderTest.json",
                             "ttEIP2930/accessListStorage32Bytes.json", "ttEIP1559/GasLimitPriceProductOverflowtMinusOne.json",
                             "ttNonce/TransactionWithHighNonce64Minus2.json", "ttVValue/V_equals38.json"}) {
        const auto path = kVectors + "ethereum-tests/TransactionTests/" + file;
        auto j = nlohmann::json::parse(testing::read_text_file(path), nullptr, false);
        ASSERT_FALSE(j.is_discarded()) << path;
        for (const auto& [name, t] : j.items()) {
            const Bytes raw = hex_literal(t["txbytes"].get<std::string>());
            auto tx = decode_raw_transaction(raw);
            ASSERT_TRUE(tx) << file << ": " << to_string(tx.error());
            const auto& expect = t["result"]["London"];
            ASSERT_TRUE(expect.contains("hash")) << file;
            EXPECT_EQ(to_hex(transaction_hash(*tx)), expect["hash"].get<std::string>()) << file;
            auto sender = recover_sender(*tx, {SignatureRules::kLowS, Uint256{1}, false});
            ASSERT_TRUE(sender) << file;
            EXPECT_EQ(to_hex(*sender), expect["sender"].get<std::string>()) << file;
            EXPECT_EQ(encode_transaction(*tx), raw) << file;
            ++checked;
        }
    }
    EXPECT_EQ(checked, 7);
}

TEST(Transaction, DebugGetRawTransactionVector) {
    // execution-apis debug_getRawTransaction/get-tx.io: the raw bytes hash to the requested hash.
    const Bytes raw = hex_literal(
        "0xf889800183013a548080b83c600d380380600d6000396000f360004381526020014681526020014181526020014881526020014481"
        "526020013281526020013481526020016000f31ca0d642ba4d1f9388c5fd312bb9fb42d189a0b3c796de55093c85f30802a85147c8"
        "a037aa8680923f811a6988c03dd414ca00cd25d6876ba5925c7ca8ac6aad21669d");
    auto tx = decode_raw_transaction(raw);
    ASSERT_TRUE(tx);
    EXPECT_FALSE(tx->to.has_value());  // a contract creation, unprotected (v = 28)
    EXPECT_FALSE(tx->chain_id.has_value());
    EXPECT_EQ(to_hex(transaction_hash(*tx)), "0xc1d605c6612a5fe84dc95810030bfe5b1d327652b381bc695e28f50d13b2b09e");
    EXPECT_TRUE(recover_sender(*tx));
    EXPECT_EQ(recover_sender(*tx, {SignatureRules::kLowS, std::nullopt, true}).error(), TxError::kMissingChainId);
}

// ---- execution-spec-tests block bodies: every transaction with its decoded fields and sender ----

void skip_item(ByteView& from) {
    auto h = rlp::decode_header(from);
    ASSERT_TRUE(h);
    from.remove_prefix(h->payload_length);
}

Uint256 fixture_number(const nlohmann::json& v) {
    auto n = Uint256::parse_hex(v.get<std::string>());
    EXPECT_TRUE(n);
    return n.value_or(Uint256{});
}

void expect_matches_fixture(const Transaction& tx, const nlohmann::json& j, const std::string& where) {
    EXPECT_EQ(static_cast<std::uint64_t>(tx.type), fixture_number(j["type"]).low64()) << where;
    EXPECT_EQ(Uint256{tx.nonce}, fixture_number(j["nonce"])) << where;
    EXPECT_EQ(Uint256{tx.gas_limit}, fixture_number(j["gasLimit"])) << where;
    EXPECT_EQ(tx.value, fixture_number(j["value"])) << where;
    EXPECT_EQ(to_hex(ByteView{tx.data}), j["data"].get<std::string>()) << where;
    const std::string to = j["to"].is_null() ? "" : j["to"].get<std::string>();
    EXPECT_EQ(tx.to ? to_hex(*tx.to) : "", to) << where;
    if (tx.type != TxType::kLegacy || tx.chain_id) {
        EXPECT_EQ(tx.chain_id, fixture_number(j["chainId"])) << where;
    }
    if (j.contains("gasPrice")) {
        EXPECT_EQ(tx.gas_price, fixture_number(j["gasPrice"])) << where;
    }
    if (j.contains("maxFeePerGas")) {
        EXPECT_EQ(tx.max_fee_per_gas, fixture_number(j["maxFeePerGas"])) << where;
    }
    if (j.contains("maxPriorityFeePerGas")) {
        EXPECT_EQ(tx.max_priority_fee_per_gas, fixture_number(j["maxPriorityFeePerGas"])) << where;
    }
    if (j.contains("maxFeePerBlobGas")) {
        EXPECT_EQ(tx.max_fee_per_blob_gas, fixture_number(j["maxFeePerBlobGas"])) << where;
    }
    EXPECT_EQ(tx.r, fixture_number(j["r"])) << where;
    EXPECT_EQ(tx.s, fixture_number(j["s"])) << where;
    if (j.contains("accessList")) {
        ASSERT_EQ(tx.access_list.size(), j["accessList"].size()) << where;
        for (std::size_t i = 0; i < tx.access_list.size(); ++i) {
            EXPECT_EQ(to_hex(tx.access_list[i].address), j["accessList"][i]["address"].get<std::string>()) << where;
            ASSERT_EQ(tx.access_list[i].storage_keys.size(), j["accessList"][i]["storageKeys"].size()) << where;
        }
    }
    if (j.contains("blobVersionedHashes")) {
        ASSERT_EQ(tx.blob_versioned_hashes.size(), j["blobVersionedHashes"].size()) << where;
        for (std::size_t i = 0; i < tx.blob_versioned_hashes.size(); ++i)
            EXPECT_EQ(to_hex(tx.blob_versioned_hashes[i]), j["blobVersionedHashes"][i].get<std::string>()) << where;
    }
}

TEST(Transaction, EestBlockBodies) {
    std::size_t txs = 0, by_type[5] = {}, authorities = 0, authority_rejected = 0;
    for (const auto& entry :
         std::filesystem::recursive_directory_iterator(kVectors + "eest-fixtures/blockchain_tests")) {
        if (entry.path().extension() != ".json") continue;
        auto file = nlohmann::json::parse(testing::read_text_file(entry.path().string()), nullptr, false);
        ASSERT_FALSE(file.is_discarded());
        for (const auto& [name, test] : file.items()) {
            const Uint256 chain_id = test.contains("config") && test["config"].contains("chainid")
                                         ? fixture_number(test["config"]["chainid"])
                                         : Uint256{1};
            for (const auto& block : test["blocks"]) {
                if (!block.contains("transactions") || block.contains("expectException")) continue;
                const Bytes rlp_bytes = hex_literal(block["rlp"].get<std::string>());
                ByteView cursor{rlp_bytes};
                auto body = rlp::decode_list(cursor);
                ASSERT_TRUE(body);
                ByteView fields = *body;
                skip_item(fields);  // header
                auto list = rlp::decode_list(fields);
                ASSERT_TRUE(list);
                ByteView items = *list;
                for (const auto& jtx : block["transactions"]) {
                    const std::string where = entry.path().filename().string() + " " + name;
                    const ByteView before = items;
                    auto tx = decode_transaction(items, Eip2718Wrapping::kString);
                    ASSERT_TRUE(tx) << where << ": " << to_string(tx.error());
                    const ByteView consumed = before.substr(0, before.size() - items.size());
                    EXPECT_EQ(encode_transaction_wrapped(*tx), consumed) << where;
                    expect_matches_fixture(*tx, jtx, where);
                    auto sender = recover_sender(*tx, {SignatureRules::kLowS, chain_id, false});
                    ASSERT_TRUE(sender) << where << ": " << to_string(sender.error());
                    EXPECT_EQ(to_hex(*sender), jtx["sender"].get<std::string>()) << where;
                    for (std::size_t i = 0; i < tx->authorization_list.size(); ++i) {
                        const auto& ja = jtx["authorizationList"][i];
                        const auto& a = tx->authorization_list[i];
                        EXPECT_EQ(a.chain_id, fixture_number(ja["chainId"])) << where;
                        EXPECT_EQ(to_hex(a.address), ja["address"].get<std::string>()) << where;
                        EXPECT_EQ(Uint256{a.nonce}, fixture_number(ja["nonce"])) << where;
                        EXPECT_EQ(Uint256{a.y_parity}, fixture_number(ja["yParity"])) << where;
                        auto authority = recover_authority(a, chain_id);
                        if (authority) {
                            EXPECT_EQ(to_hex(*authority), ja["signer"].get<std::string>()) << where;
                            ++authorities;
                        } else {
                            ++authority_rejected;  // invalid tuples in the tests of skipped authorizations
                        }
                    }
                    ++txs;
                    ++by_type[static_cast<int>(tx->type)];
                }
                EXPECT_TRUE(items.empty());
            }
        }
    }
    // Every type must have been exercised.
    for (std::size_t n : by_type) EXPECT_GT(n, 0u);
    EXPECT_GT(txs, 300u);
    EXPECT_GT(authorities, 40u);
    std::printf("eest: %zu transactions (legacy %zu, 2930 %zu, 1559 %zu, 4844 %zu, 7702 %zu), %zu authorities "
                "recovered, %zu rejected\n",
                txs, by_type[0], by_type[1], by_type[2], by_type[3], by_type[4], authorities, authority_rejected);
}

// ---- strictness ----

Bytes typed(std::uint8_t type, const rlp::Item& list) {
    Bytes out{type};
    out += rlp::encode_item(list);
    return out;
}

rlp::Item payload_item(const Transaction& tx) {
    const Bytes enc = encode_transaction(tx);
    ByteView v{enc};
    if (tx.type != TxType::kLegacy) v.remove_prefix(1);
    auto item = rlp::decode_item(v);
    if (!item) std::abort();
    return *item;
}

Transaction signed_sample(TxType type) {
    Transaction tx = sample_transaction(type);
    sign(tx, key_from_byte(0x11));
    return tx;
}

TEST(TransactionDecode, FieldCountsAreExact) {
    for (int t = 0; t <= 4; ++t) {
        const Transaction tx = signed_sample(static_cast<TxType>(t));
        rlp::Item more = payload_item(tx);
        more.list.push_back(rlp::Item{false, Bytes{0x01}, {}});
        rlp::Item fewer = payload_item(tx);
        fewer.list.pop_back();
        const auto wrap = [&](const rlp::Item& i) {
            return t == 0 ? rlp::encode_item(i) : typed(static_cast<std::uint8_t>(t), i);
        };
        EXPECT_EQ(decode_raw_transaction(wrap(more)).error(), TxError::kWrongFieldCount) << t;
        EXPECT_EQ(decode_raw_transaction(wrap(fewer)).error(), TxError::kWrongFieldCount) << t;
        EXPECT_EQ(*decode_raw_transaction(wrap(payload_item(tx))), tx) << t;
    }
}

TEST(TransactionDecode, TrailingBytesAndEnvelope) {
    const Transaction tx = signed_sample(TxType::kDynamicFee);
    Bytes raw = encode_transaction(tx);
    Bytes trailing = raw + Bytes{0x00};
    EXPECT_EQ(decode_raw_transaction(trailing).error(), TxError::kTrailingBytes);
    ByteView cursor{trailing};
    ASSERT_TRUE(decode_transaction(cursor, Eip2718Wrapping::kNone));  // the cursor form leaves the rest
    EXPECT_EQ(cursor.size(), 1u);

    EXPECT_EQ(decode_raw_transaction(Bytes{}).error(), TxError::kEmptyInput);
    EXPECT_EQ(decode_raw_transaction(Bytes{0x02}).error(), TxError::kInputTooShort);
    for (std::uint8_t bad : {std::uint8_t{0x00}, std::uint8_t{0x05}, std::uint8_t{0x7f}}) {
        Bytes other = raw;
        other[0] = bad;
        EXPECT_EQ(decode_raw_transaction(other).error(), TxError::kUnsupportedType) << int{bad};
    }
    // Type byte followed by a string, not a list.
    EXPECT_EQ(decode_raw_transaction(Bytes{0x02, 0x81, 0x80}).error(), TxError::kUnexpectedString);
}

TEST(TransactionDecode, Wrapping) {
    const Transaction typed_tx = signed_sample(TxType::kAccessList);
    const Transaction legacy_tx = signed_sample(TxType::kLegacy);
    const Bytes raw = encode_transaction(typed_tx);
    const Bytes wrapped = encode_transaction_wrapped(typed_tx);
    ASSERT_NE(raw, wrapped);
    const auto decode = [](const Bytes& b, Eip2718Wrapping w) {
        ByteView v{b};
        auto tx = decode_transaction(v, w);
        if (tx && !v.empty()) return Expected<Transaction, TxError>{unexpected(TxError::kTrailingBytes)};
        return tx;
    };
    EXPECT_EQ(*decode(raw, Eip2718Wrapping::kNone), typed_tx);
    EXPECT_EQ(*decode(wrapped, Eip2718Wrapping::kString), typed_tx);
    EXPECT_EQ(*decode(raw, Eip2718Wrapping::kBoth), typed_tx);
    EXPECT_EQ(*decode(wrapped, Eip2718Wrapping::kBoth), typed_tx);
    EXPECT_EQ(decode(raw, Eip2718Wrapping::kString).error(), TxError::kWrongWrapping);
    EXPECT_EQ(decode(wrapped, Eip2718Wrapping::kNone).error(), TxError::kWrongWrapping);
    // Legacy is a list in every context; wrapping it in a string is wrong.
    const Bytes legacy = encode_transaction(legacy_tx);
    for (auto w : {Eip2718Wrapping::kNone, Eip2718Wrapping::kString, Eip2718Wrapping::kBoth})
        EXPECT_EQ(*decode(legacy, w), legacy_tx);
    Bytes legacy_wrapped;
    rlp::encode(legacy_wrapped, ByteView{legacy});
    EXPECT_EQ(decode(legacy_wrapped, Eip2718Wrapping::kString).error(), TxError::kWrongWrapping);
    // Bytes after the envelope inside the string.
    Bytes inner = raw + Bytes{0x80};
    Bytes padded;
    rlp::encode(padded, ByteView{inner});
    EXPECT_EQ(decode(padded, Eip2718Wrapping::kString).error(), TxError::kTrailingBytes);
    // Two transactions in a row, as in a block body.
    Bytes body = wrapped;
    encode_transaction_wrapped(body, legacy_tx);
    ByteView cursor{body};
    EXPECT_EQ(*decode_transaction(cursor, Eip2718Wrapping::kString), typed_tx);
    EXPECT_EQ(*decode_transaction(cursor, Eip2718Wrapping::kString), legacy_tx);
    EXPECT_TRUE(cursor.empty());
}

// Replaces field `index` of a transaction's list and re-encodes.
Bytes with_field(const Transaction& tx, std::size_t index, rlp::Item field) {
    rlp::Item item = payload_item(tx);
    item.list.at(index) = std::move(field);
    return tx.type == TxType::kLegacy ? rlp::encode_item(item) : typed(static_cast<std::uint8_t>(tx.type), item);
}
rlp::Item str(Bytes b) { return rlp::Item{false, std::move(b), {}}; }

TEST(TransactionDecode, FieldValues) {
    const Transaction legacy = signed_sample(TxType::kLegacy);
    // nonce: 64 bits, minimal
    EXPECT_EQ(decode_raw_transaction(with_field(legacy, 0, str(Bytes(9, 0x01)))).error(), TxError::kOverflow);
    EXPECT_EQ(decode_raw_transaction(with_field(legacy, 0, str(Bytes{0x00, 0x01}))).error(), TxError::kLeadingZero);
    EXPECT_EQ(decode_raw_transaction(with_field(legacy, 0, str(Bytes{0x00}))).error(), TxError::kLeadingZero);
    // gas: 64 bits
    EXPECT_EQ(decode_raw_transaction(with_field(legacy, 2, str(Bytes(9, 0xff)))).error(), TxError::kOverflow);
    // value: 256 bits
    EXPECT_EQ(decode_raw_transaction(with_field(legacy, 4, str(Bytes(33, 0xff)))).error(), TxError::kOverflow);
    // to: empty or 20 bytes
    EXPECT_EQ(decode_raw_transaction(with_field(legacy, 3, str(Bytes(19, 0x35)))).error(), TxError::kInvalidTo);
    EXPECT_EQ(decode_raw_transaction(with_field(legacy, 3, str(Bytes(21, 0x35)))).error(), TxError::kInvalidTo);
    EXPECT_EQ(decode_raw_transaction(with_field(legacy, 3, rlp::Item{true, {}, {}})).error(), TxError::kUnexpectedList);
    // data as a list
    EXPECT_EQ(decode_raw_transaction(with_field(legacy, 5, rlp::Item{true, {}, {}})).error(), TxError::kUnexpectedList);
    // v: 27, 28, or >= 35
    for (int vi : {0, 1, 26, 29, 30, 34}) {
        const auto v = static_cast<std::uint8_t>(vi);
        Bytes vb = v == 0 ? Bytes{} : Bytes{v};
        EXPECT_EQ(decode_raw_transaction(with_field(legacy, 6, str(vb))).error(), TxError::kInvalidV) << int{v};
    }
    auto v27 = decode_raw_transaction(with_field(legacy, 6, str(Bytes{27})));
    ASSERT_TRUE(v27);
    EXPECT_FALSE(v27->chain_id.has_value());
    auto v36 = decode_raw_transaction(with_field(legacy, 6, str(Bytes{36})));
    ASSERT_TRUE(v36);
    EXPECT_EQ(v36->chain_id, Uint256{0});
    EXPECT_TRUE(v36->odd_y_parity);

    const Transaction blob = signed_sample(TxType::kBlob);
    // typed y parity: 0 or 1 (index 11 for type 3)
    EXPECT_EQ(decode_raw_transaction(with_field(blob, 11, str(Bytes{0x02}))).error(), TxError::kInvalidYParity);
    // EIP-4844 / EIP-7702: no contract creation (to at index 5)
    EXPECT_EQ(decode_raw_transaction(with_field(blob, 5, str(Bytes{}))).error(), TxError::kMissingTo);
    const Transaction setcode = signed_sample(TxType::kSetCode);
    EXPECT_EQ(decode_raw_transaction(with_field(setcode, 5, str(Bytes{}))).error(), TxError::kMissingTo);
    // blob hashes must be 32 bytes
    rlp::Item hashes{true, {}, {str(Bytes(31, 0x01))}};
    EXPECT_EQ(decode_raw_transaction(with_field(blob, 10, hashes)).error(), TxError::kUnexpectedLength);

    // access list entries: exactly [address, [keys...]]
    const Transaction al = signed_sample(TxType::kAccessList);
    const auto access_list = [&](rlp::Item entry) { return with_field(al, 7, rlp::Item{true, {}, {std::move(entry)}}); };
    EXPECT_EQ(decode_raw_transaction(access_list(rlp::Item{true, {}, {str(Bytes(20, 1))}})).error(),
              TxError::kWrongFieldCount);
    EXPECT_EQ(decode_raw_transaction(
                  access_list(rlp::Item{true, {}, {str(Bytes(20, 1)), rlp::Item{true, {}, {}}, str(Bytes{1})}}))
                  .error(),
              TxError::kWrongFieldCount);
    EXPECT_EQ(decode_raw_transaction(access_list(rlp::Item{true, {}, {str(Bytes(19, 1)), rlp::Item{true, {}, {}}}}))
                  .error(),
              TxError::kUnexpectedLength);
    EXPECT_EQ(decode_raw_transaction(access_list(rlp::Item{
                                         true, {}, {str(Bytes(20, 1)), rlp::Item{true, {}, {str(Bytes(33, 1))}}}}))
                  .error(),
              TxError::kUnexpectedLength);

    // authorization tuples: six fields, y_parity below 2^8
    const auto auth = [&](std::vector<rlp::Item> fields) {
        return with_field(setcode, 9, rlp::Item{true, {}, {rlp::Item{true, {}, std::move(fields)}}});
    };
    const std::vector<rlp::Item> good{str(Bytes{1}), str(Bytes(20, 2)), str(Bytes{3}), str(Bytes{}),
                                      str(Bytes(32, 4)), str(Bytes(32, 5))};
    EXPECT_TRUE(decode_raw_transaction(auth(good)));
    auto y255 = good;
    y255[3] = str(Bytes{0xff});
    auto decoded = decode_raw_transaction(auth(y255));
    ASSERT_TRUE(decoded);  // valid transaction; the tuple itself is invalid (authority rule)
    EXPECT_EQ(recover_authority(decoded->authorization_list[0], Uint256{1}).error(), TxError::kInvalidYParity);
    auto y256 = good;
    y256[3] = str(Bytes{0x01, 0x00});
    EXPECT_EQ(decode_raw_transaction(auth(y256)).error(), TxError::kOverflow);
    auto five = good;
    five.pop_back();
    EXPECT_EQ(decode_raw_transaction(auth(five)).error(), TxError::kWrongFieldCount);
}

TEST(TransactionDecode, NonCanonicalRlp) {
    const Transaction tx = signed_sample(TxType::kLegacy);
    const Bytes raw = encode_transaction(tx);
    ASSERT_EQ(raw[0], 0xf8);  // long-form list header, one length byte
    // The same list with a two-byte length.
    Bytes longer{0xf9, 0x00};
    longer += raw.substr(1);
    EXPECT_EQ(decode_raw_transaction(longer).error(), TxError::kLeadingZero);
    // A single byte wrapped as a string: nonce 7 as 0x81 0x07.
    rlp::Item item = payload_item(tx);
    Bytes list_payload;
    list_payload += Bytes{0x81, 0x07};
    for (std::size_t i = 1; i < item.list.size(); ++i) list_payload += rlp::encode_item(item.list[i]);
    Bytes bad;
    rlp::encode_header(bad, {true, list_payload.size()});
    bad += list_payload;
    EXPECT_EQ(decode_raw_transaction(bad).error(), TxError::kNonCanonicalSize);
    // Truncated anywhere.
    for (std::size_t n = 0; n < raw.size(); ++n) EXPECT_FALSE(decode_raw_transaction(raw.substr(0, n))) << n;
}

// ---- EIP-4844 network form ----

struct NetworkBlobTx {
    Transaction tx;
    Bytes raw;
};

// 0x03 || rlp([tx_payload_body, (version,) blobs, commitments, proofs])
Bytes network_form(const Transaction& tx, std::optional<std::uint64_t> version, const std::vector<Bytes>& blobs,
                   const std::vector<Bytes>& commitments, const std::vector<Bytes>& proofs) {
    const Bytes canonical = encode_transaction(tx);
    const auto list_of = [](const std::vector<Bytes>& items) {
        Bytes payload;
        for (const auto& b : items) rlp::encode(payload, ByteView{b});
        Bytes out;
        rlp::encode_header(out, {true, payload.size()});
        return out + payload;
    };
    Bytes payload = canonical.substr(1);
    if (version) rlp::encode(payload, *version);
    payload += list_of(blobs) + list_of(commitments) + list_of(proofs);
    Bytes out{0x03};
    rlp::encode_header(out, {true, payload.size()});
    return out + payload;
}

TEST(TransactionDecode, BlobNetworkForm) {
    std::vector<Bytes> blobs{Bytes(kBlobSize, 0x00), Bytes(kBlobSize, 0x01)};
    std::vector<Bytes> commitments{Bytes(48, 0xc0), Bytes(48, 0xc1)};
    std::vector<Bytes> proofs{Bytes(48, 0xa0), Bytes(48, 0xa1)};
    Transaction tx = sample_transaction(TxType::kBlob);
    tx.blob_versioned_hashes.clear();
    for (const auto& c : commitments) {
        Hash32 h = sha256(c);
        h.bytes[0] = 0x01;
        tx.blob_versioned_hashes.push_back(h);
    }
    sign(tx, key_from_byte(0x12));

    const Bytes raw = network_form(tx, std::nullopt, blobs, commitments, proofs);
    BlobSidecar sidecar;
    auto decoded = decode_network_transaction(raw, &sidecar);
    ASSERT_TRUE(decoded) << to_string(decoded.error());
    EXPECT_EQ(*decoded, tx);
    EXPECT_EQ(transaction_hash(*decoded), keccak256(encode_transaction(tx)));  // hash over the canonical form
    EXPECT_EQ(sidecar.blobs.size(), 2u);
    EXPECT_EQ(sidecar.wrapper_version, 0);
    EXPECT_EQ(Bytes{sidecar.commitments[1]}, commitments[1]);
    // The canonical decoders refuse the network form, and the network decoder takes the canonical form.
    EXPECT_EQ(decode_raw_transaction(raw).error(), TxError::kUnexpectedList);
    EXPECT_EQ(*decode_network_transaction(encode_transaction(tx)), tx);
    EXPECT_EQ(*decode_network_transaction(encode_transaction(signed_sample(TxType::kDynamicFee))),
              signed_sample(TxType::kDynamicFee));

    // EIP-7594 cell proofs: 128 per blob, wrapper version 1.
    std::vector<Bytes> cell_proofs(2 * kCellsPerExtBlob, Bytes(48, 0xa2));
    ASSERT_TRUE(decode_network_transaction(network_form(tx, 1, blobs, commitments, cell_proofs), &sidecar));
    EXPECT_EQ(sidecar.wrapper_version, 1);
    EXPECT_EQ(decode_network_transaction(network_form(tx, 2, blobs, commitments, cell_proofs)).error(),
              TxError::kInvalidBlobSidecar);
    EXPECT_EQ(decode_network_transaction(network_form(tx, 1, blobs, commitments, proofs)).error(),
              TxError::kInvalidBlobSidecar);

    auto tampered = commitments;
    tampered[1][7] ^= 1;
    EXPECT_EQ(decode_network_transaction(network_form(tx, std::nullopt, blobs, tampered, proofs)).error(),
              TxError::kBlobCommitmentMismatch);
    auto short_blob = blobs;
    short_blob[0].pop_back();
    EXPECT_EQ(decode_network_transaction(network_form(tx, std::nullopt, short_blob, commitments, proofs)).error(),
              TxError::kInvalidBlobSidecar);
    auto one_proof = proofs;
    one_proof.pop_back();
    EXPECT_EQ(decode_network_transaction(network_form(tx, std::nullopt, blobs, commitments, one_proof)).error(),
              TxError::kInvalidBlobSidecar);
    auto one_blob = blobs;
    one_blob.pop_back();
    EXPECT_EQ(decode_network_transaction(network_form(tx, std::nullopt, one_blob, commitments, proofs)).error(),
              TxError::kInvalidBlobSidecar);
    EXPECT_EQ(decode_network_transaction(network_form(tx, std::nullopt, blobs, commitments, proofs) + Bytes{0}).error(),
              TxError::kTrailingBytes);
}

// ---- stateless rules ----

TEST(TransactionRules, IntrinsicGas) {
    Transaction tx = sample_transaction(TxType::kLegacy);
    tx.data = Bytes{0x00, 0x01};
    EXPECT_EQ(intrinsic_gas(tx, Revision::kFrontier), 21000u + 4 + 68);
    EXPECT_EQ(intrinsic_gas(tx, Revision::kIstanbul), 21000u + 4 + 16);  // EIP-2028
    tx.to.reset();
    EXPECT_EQ(intrinsic_gas(tx, Revision::kFrontier), 21000u + 4 + 68);
    EXPECT_EQ(intrinsic_gas(tx, Revision::kHomestead), 53000u + 4 + 68);
    tx.data = Bytes(33, 0x01);
    EXPECT_EQ(intrinsic_gas(tx, Revision::kLondon), 53000u + 33 * 16);
    EXPECT_EQ(intrinsic_gas(tx, Revision::kShanghai), 53000u + 33 * 16 + 2 * 2);  // EIP-3860: two words
    Transaction al = sample_transaction(TxType::kAccessList);  // one address, two keys
    al.data.clear();
    EXPECT_EQ(intrinsic_gas(al, Revision::kBerlin), 21000u + 2400 + 2 * 1900);
    Transaction sc = sample_transaction(TxType::kSetCode);
    sc.data.clear();
    EXPECT_EQ(intrinsic_gas(sc, Revision::kPrague), 21000u + 2400 + 2 * 1900 + 25000);
    EXPECT_EQ(floor_data_gas(tx), 21000u + 10 * 4 * 33);
    EXPECT_EQ(revision_from_name("EIP158"), Revision::kSpuriousDragon);
    EXPECT_EQ(revision_from_name("ConstantinopleFix"), Revision::kPetersburg);
    EXPECT_EQ(revision_from_name("Prague"), Revision::kPrague);
    EXPECT_FALSE(revision_from_name("Osaka2"));
}

TEST(TransactionRules, StaticChecks) {
    const Uint256 one{1};
    const auto check = [&](const Transaction& tx, Revision rev) {
        auto r = check_transaction(tx, rev, one);
        return r ? std::optional<TxError>{} : std::optional<TxError>{r.error()};
    };
    Transaction legacy = sample_transaction(TxType::kLegacy);
    EXPECT_EQ(check(legacy, Revision::kCancun), std::nullopt);
    EXPECT_EQ(check(legacy, Revision::kHomestead), TxError::kInvalidV);  // EIP-155 not active yet
    legacy.chain_id.reset();
    EXPECT_EQ(check(legacy, Revision::kFrontier), std::nullopt);
    legacy.chain_id = Uint256{5};
    EXPECT_EQ(check(legacy, Revision::kCancun), TxError::kChainIdMismatch);

    for (auto [type, first] : {std::pair{TxType::kAccessList, Revision::kBerlin},
                               std::pair{TxType::kDynamicFee, Revision::kLondon}, std::pair{TxType::kBlob, Revision::kCancun},
                               std::pair{TxType::kSetCode, Revision::kPrague}}) {
        const Transaction tx = sample_transaction(type);
        EXPECT_EQ(check(tx, first), std::nullopt) << static_cast<int>(type);
        EXPECT_EQ(check(tx, static_cast<Revision>(static_cast<int>(first) - 1)), TxError::kTypeNotSupported);
    }
    Transaction tx = sample_transaction(TxType::kDynamicFee);
    tx.nonce = ~std::uint64_t{0};
    EXPECT_EQ(check(tx, Revision::kCancun), TxError::kNonceMax);
    tx = sample_transaction(TxType::kDynamicFee);
    tx.max_priority_fee_per_gas = *tx.max_fee_per_gas + Uint256{1};
    EXPECT_EQ(check(tx, Revision::kCancun), TxError::kPriorityFeeAboveMaxFee);
    tx = sample_transaction(TxType::kDynamicFee);
    tx.max_fee_per_gas = ~Uint256{};
    tx.max_priority_fee_per_gas = Uint256{0};
    EXPECT_EQ(check(tx, Revision::kCancun), TxError::kGasPriceProductOverflow);
    tx = sample_transaction(TxType::kDynamicFee);
    tx.to.reset();
    tx.gas_limit = 30'000'000;
    tx.data = Bytes(kMaxInitCodeSize, 0x01);
    EXPECT_EQ(check(tx, Revision::kCancun), std::nullopt);
    tx.data.push_back(0x01);
    EXPECT_EQ(check(tx, Revision::kCancun), TxError::kInitCodeTooLarge);
    EXPECT_EQ(check(tx, Revision::kLondon), std::nullopt);  // before EIP-3860
    tx = sample_transaction(TxType::kDynamicFee);
    tx.gas_limit = intrinsic_gas(tx, Revision::kCancun) - 1;
    EXPECT_EQ(check(tx, Revision::kCancun), TxError::kIntrinsicGasTooLow);
    tx.gas_limit += 1;
    EXPECT_EQ(check(tx, Revision::kCancun), std::nullopt);
    tx.data = Bytes(1000, 0x01);
    tx.gas_limit = intrinsic_gas(tx, Revision::kPrague);
    ASSERT_LT(tx.gas_limit, floor_data_gas(tx));
    EXPECT_EQ(check(tx, Revision::kCancun), std::nullopt);
    EXPECT_EQ(check(tx, Revision::kPrague), TxError::kFloorDataGasTooLow);  // EIP-7623
    tx = sample_transaction(TxType::kBlob);
    tx.blob_versioned_hashes.clear();
    EXPECT_EQ(check(tx, Revision::kCancun), TxError::kNoBlobHashes);
    tx = sample_transaction(TxType::kBlob);
    tx.blob_versioned_hashes[0].bytes[0] = 0x02;
    EXPECT_EQ(check(tx, Revision::kCancun), TxError::kInvalidBlobVersion);
    tx = sample_transaction(TxType::kSetCode);
    tx.authorization_list.clear();
    EXPECT_EQ(check(tx, Revision::kPrague), TxError::kNoAuthorizations);
    tx = sample_transaction(TxType::kDynamicFee);
    tx.gas_price = Uint256{1};  // a field the type does not have
    EXPECT_EQ(check(tx, Revision::kCancun), TxError::kMalformed);
}

TEST(TransactionRules, SignatureRulesPerFork) {
    Transaction tx = sample_transaction(TxType::kLegacy);
    tx.chain_id.reset();
    sign(tx, key_from_byte(0x21));
    const Address sender = testing::address_of(key_from_byte(0x21));
    EXPECT_EQ(*validate_transaction(tx, Revision::kHomestead, Uint256{1}), sender);
    // The same signature with s' = n - s and the other parity is valid before Homestead only (EIP-2).
    Transaction high = tx;
    high.s = Uint256::from_be(Bytes32{kSecp256k1Order}) - tx.s;
    high.odd_y_parity = !tx.odd_y_parity;
    EXPECT_EQ(*validate_transaction(high, Revision::kFrontier, Uint256{1}), sender);
    EXPECT_EQ(validate_transaction(high, Revision::kHomestead, Uint256{1}).error(), TxError::kHighS);
    Transaction zero_r = tx;
    zero_r.r = Uint256{0};
    EXPECT_EQ(validate_transaction(zero_r, Revision::kFrontier, Uint256{1}).error(), TxError::kInvalidSignatureR);
    Transaction big_s = tx;
    big_s.s = Uint256::from_be(Bytes32{kSecp256k1Order});
    EXPECT_EQ(validate_transaction(big_s, Revision::kFrontier, Uint256{1}).error(), TxError::kInvalidSignatureS);
}

TEST(Authorization, RecoverAndRules) {
    const SecretKey key = key_from_byte(0x44);
    Authorization a;
    a.chain_id = Uint256{1};
    a.address = hex_literal_fixed<20>("0x00000000000000000000000000000000000000ff");
    a.nonce = 9;
    sign(a, key);
    const Address authority = testing::address_of(key);
    EXPECT_EQ(*recover_authority(a, Uint256{1}), authority);
    EXPECT_EQ(recover_authority(a, Uint256{2}).error(), TxError::kAuthorizationChainId);
    Authorization any_chain = a;
    any_chain.chain_id = Uint256{0};
    sign(any_chain, key);
    EXPECT_EQ(*recover_authority(any_chain, Uint256{2}), authority);  // chain id 0: valid on every chain
    // Every signed field binds the authority.
    for (int field = 0; field < 3; ++field) {
        Authorization t = a;
        if (field == 0) t.chain_id = Uint256{0};
        if (field == 1) t.address.bytes[19] ^= 1;
        if (field == 2) t.nonce += 1;
        auto r = recover_authority(t, Uint256{1});
        EXPECT_TRUE(!r || *r != authority) << field;
    }
    Authorization max_nonce = a;
    max_nonce.nonce = ~std::uint64_t{0};
    EXPECT_EQ(recover_authority(max_nonce, Uint256{1}).error(), TxError::kAuthorizationNonceMax);
    Authorization y2 = a;
    y2.y_parity = 2;
    EXPECT_EQ(recover_authority(y2, Uint256{1}).error(), TxError::kInvalidYParity);
    Authorization high = a;
    high.s = Uint256::from_be(Bytes32{kSecp256k1Order}) - a.s;
    high.y_parity ^= 1;
    EXPECT_EQ(recover_authority(high, Uint256{1}).error(), TxError::kHighS);
    Authorization zero_r = a;
    zero_r.r = Uint256{0};
    EXPECT_EQ(recover_authority(zero_r, Uint256{1}).error(), TxError::kInvalidSignatureR);

    // In a transaction: each tuple on its own, under the transaction's chain id.
    Transaction tx = sample_transaction(TxType::kSetCode);
    tx.authorization_list = {a, y2, any_chain};
    tx.chain_id = Uint256{2};
    const auto authorities = recover_authorities(tx);
    ASSERT_EQ(authorities.size(), 3u);
    EXPECT_EQ(authorities[0].error(), TxError::kAuthorizationChainId);
    EXPECT_EQ(authorities[1].error(), TxError::kAuthorizationChainId);
    EXPECT_EQ(*authorities[2], authority);
}

}  // namespace
}  // namespace countersign::chain
