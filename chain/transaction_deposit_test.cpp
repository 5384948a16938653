// SPDX-License-Identifier: Apache-2.0
// OP-stack deposit transactions (type 0x7e): real Base and OP Mainnet L1-attributes deposits whose hashes
// are the explorers', viem-generated edge cases (tests/fixtures/op-deposit), a Base node's JSON-RPC object,
// the opt-in gate, decoder strictness and tamper tests.

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "chain/block.hpp"
#include "chain/rlp.hpp"
#include "chain/transaction.hpp"
#include "chain/transaction_json.hpp"
#include "chain/transaction_rules.hpp"
#include "chain/transaction_testing.hpp"
#include "crypto/hex.hpp"
#include "crypto/keccak.hpp"

namespace countersign::chain {
namespace {

using json = nlohmann::json;
using testing::sample_transaction;

const std::string kFixtures = std::string{COUNTERSIGN_SOURCE_DIR} + "/tests/fixtures/op-deposit/";
constexpr DecodeOptions kOpStack{.op_stack = true};
const Uint256 kBaseChainId{8453};

json load(const std::string& name) {
    auto j = json::parse(testing::read_text_file(kFixtures + name), nullptr, false);
    if (j.is_discarded()) ADD_FAILURE() << "cannot parse " << name;
    return j;
}

std::string str(const json& j) { return j.get<std::string>(); }

// RLP building blocks for hand-made (often non-canonical) deposits.
Bytes item(std::string_view already_encoded_hex) { return hex_literal(already_encoded_hex); }
Bytes string_item(ByteView s) {
    Bytes out;
    rlp::encode(out, s);
    return out;
}
Bytes uint_item(std::uint64_t n) {
    Bytes out;
    rlp::encode(out, n);
    return out;
}
Bytes deposit_envelope(const std::vector<Bytes>& fields) {
    Bytes payload;
    for (const auto& f : fields) payload += f;
    Bytes out(1, std::uint8_t{0x7e});
    rlp::encode_header(out, {true, payload.size()});
    return out + payload;
}

// [source_hash, from, to, mint, value, gas, is_system_tx, data], every field canonical.
std::vector<Bytes> canonical_fields() {
    return {string_item(Bytes(32, 0x11)), string_item(Bytes(20, 0x22)), string_item(Bytes(20, 0x33)),
            uint_item(0),                 uint_item(5),                   uint_item(21000),
            uint_item(0),                 string_item(hex_literal("0xabcd"))};
}

TxError decode_error(const std::vector<Bytes>& fields) {
    auto tx = decode_raw_transaction(deposit_envelope(fields), kOpStack);
    return tx ? TxError::kMalformed : tx.error();  // kMalformed: "it decoded", which every caller refutes
}

TEST(Deposit, FixtureVectorsMatchViemAndExplorerHashes) {
    const json fx = load("fixture.json");
    ASSERT_EQ(fx["cases"].size(), 8u);
    for (const json& c : fx["cases"]) {
        SCOPED_TRACE(str(c["name"]));
        const Bytes raw = hex_literal(str(c["raw"]));
        auto tx = decode_raw_transaction(raw, kOpStack);
        ASSERT_TRUE(tx) << to_string(tx.error());
        EXPECT_EQ(tx->type, TxType::kDeposit);
        EXPECT_EQ(to_hex(transaction_hash(*tx)), str(c["hash"]));
        EXPECT_EQ(encode_transaction(*tx), raw);
        EXPECT_EQ(encoded_length(*tx), raw.size());
        EXPECT_EQ(signing_hash(*tx), transaction_hash(*tx));  // nothing is signed
        EXPECT_TRUE(check_well_formed(*tx));

        const json& f = c["tx"];
        EXPECT_EQ(to_hex(*tx->source_hash), str(f["sourceHash"]));
        EXPECT_EQ(to_hex(*tx->from), str(f["from"]));
        if (f["to"].is_null())
            EXPECT_FALSE(tx->to);
        else
            EXPECT_EQ(to_hex(tx->to.value_or(Address{})), str(f["to"]));
        EXPECT_EQ(tx->mint->to_quantity(), str(f["mint"]));
        EXPECT_EQ(tx->value.to_quantity(), str(f["value"]));
        EXPECT_EQ(Uint256{tx->gas_limit}.to_quantity(), str(f["gas"]));
        EXPECT_EQ(tx->is_system_transaction, f["isSystemTx"].get<bool>());
        EXPECT_EQ(to_hex(ByteView{tx->data}), str(f["input"]));

        // The sender is the stated `from`, through both the plain and the rule-checked path.
        auto sender = recover_sender(*tx);
        ASSERT_TRUE(sender);
        EXPECT_EQ(*sender, *tx->from);
        auto validated = validate_transaction(*tx, Revision::kPrague, kBaseChainId, kOpStack);
        ASSERT_TRUE(validated) << to_string(validated.error());
        EXPECT_EQ(*validated, *tx->from);

        // The JSON-RPC spelling of the same fields builds the same transaction.
        json j = f;
        j["type"] = "0x7e";
        auto rpc = transaction_from_json(j, kOpStack);
        ASSERT_TRUE(rpc) << rpc.error().field;
        EXPECT_EQ(rpc->tx, *tx);

        // The block-body form (an RLP string around the envelope) round-trips too.
        const Bytes wrapped = encode_transaction_wrapped(*tx);
        ByteView w = wrapped;
        auto unwrapped = decode_transaction(w, Eip2718Wrapping::kString, kOpStack);
        ASSERT_TRUE(unwrapped);
        EXPECT_TRUE(w.empty());
        EXPECT_EQ(*unwrapped, *tx);
    }
}

TEST(Deposit, RefusedWithoutOptIn) {
    const json fx = load("fixture.json");
    const Bytes raw = hex_literal(str(fx["cases"][0]["raw"]));
    EXPECT_EQ(decode_raw_transaction(raw).error(), TxError::kDepositNotEnabled);
    EXPECT_EQ(decode_network_transaction(raw).error(), TxError::kDepositNotEnabled);
    EXPECT_TRUE(decode_network_transaction(raw, nullptr, kOpStack));
    const Bytes wrapped = encode_transaction_wrapped(*decode_raw_transaction(raw, kOpStack));
    for (auto wrapping : {Eip2718Wrapping::kString, Eip2718Wrapping::kBoth}) {
        ByteView from = wrapped;
        auto tx = decode_transaction(from, wrapping);
        ASSERT_FALSE(tx);
        EXPECT_EQ(tx.error(), TxError::kDepositNotEnabled);
        EXPECT_EQ(from.size(), wrapped.size());  // cursor untouched
    }

    const Transaction tx = *decode_raw_transaction(raw, kOpStack);
    EXPECT_EQ(check_transaction(tx, Revision::kPrague, kBaseChainId).error(), TxError::kTypeNotSupported);
    EXPECT_EQ(validate_transaction(tx, Revision::kPrague, kBaseChainId).error(), TxError::kTypeNotSupported);
    // Deposits ride EIP-2718 envelopes: not before Berlin even on an OP-stack chain.
    EXPECT_EQ(check_transaction(tx, Revision::kIstanbul, kBaseChainId, kOpStack).error(), TxError::kTypeNotSupported);

    json j = load("rpc-l1-info.json");
    auto rpc = transaction_from_json(j);
    ASSERT_FALSE(rpc);
    EXPECT_EQ(rpc.error(), (TxJsonFailure{TxJsonError::kUnsupportedType, "type"}));

    // The opt-in admits 0x7e only: its neighbours stay unknown.
    for (std::uint8_t type : std::initializer_list<std::uint8_t>{0x05, 0x7d, 0x7f}) {
        Bytes other = deposit_envelope(canonical_fields());
        other[0] = type;
        EXPECT_EQ(decode_raw_transaction(other, kOpStack).error(), TxError::kUnsupportedType) << int{type};
    }
}

// A Base node's eth_getTransactionByHash answer: the hash it claims is the hash of the fields it gave.
TEST(DepositJson, BaseNodeObjectHashesToItsClaim) {
    const json j = load("rpc-l1-info.json");
    auto rpc = transaction_from_json(j, kOpStack);
    ASSERT_TRUE(rpc) << rpc.error().field;
    const Transaction& tx = rpc->tx;
    EXPECT_EQ(tx.type, TxType::kDeposit);
    ASSERT_TRUE(rpc->hash);
    EXPECT_EQ(transaction_hash(tx), *rpc->hash);
    EXPECT_EQ(to_hex(transaction_hash(tx)), "0x096c03d72acb06339c9c7860d1c36b6451932ec0ff16fd34aa9e30a73a245e13");
    EXPECT_EQ(rpc->deposit_nonce, std::optional<std::uint64_t>{0x191350e});
    EXPECT_EQ(rpc->deposit_receipt_version, std::optional<std::uint64_t>{1});
    EXPECT_EQ(rpc->from, tx.from);
    EXPECT_EQ(rpc->effective_gas_price, std::optional<Uint256>{Uint256{}});
    EXPECT_EQ(rpc->block_number, std::optional<std::uint64_t>{0x191350d});
    EXPECT_EQ(tx.nonce, 0u);  // the JSON nonce is a claim, not a field of the deposit
    EXPECT_FALSE(tx.is_system_transaction);
    EXPECT_EQ(tx.mint, std::optional<Uint256>{Uint256{}});

    auto back = transaction_from_json(transaction_to_json(*rpc), kOpStack);
    ASSERT_TRUE(back) << back.error().field;
    EXPECT_EQ(*back, *rpc);
}

TEST(DepositJson, Strictness) {
    const json base = load("rpc-l1-info.json");
    auto parse = [](const json& j) { return transaction_from_json(j, kOpStack); };
    auto failure = [&](const json& j) {
        auto r = parse(j);
        return r ? TxJsonFailure{TxJsonError::kNotAnObject, "accepted"} : r.error();
    };
    auto with = [&](std::string_view key, json value) {
        json j = base;
        j[std::string{key}] = std::move(value);
        return j;
    };
    auto without = [&](std::string_view key) {
        json j = base;
        j.erase(std::string{key});
        return j;
    };
    const Hash32 hash = transaction_hash(parse(base)->tx);

    // Zero signatures may be present or absent; any other value is refused.
    for (const char* key : {"v", "r", "s"}) {
        EXPECT_TRUE(parse(without(key))) << key;
        EXPECT_EQ(failure(with(key, "0x1")), (TxJsonFailure{TxJsonError::kInvalidTransaction, key}));
    }
    EXPECT_TRUE(parse(with("yParity", "0x0")));
    EXPECT_EQ(failure(with("yParity", "0x1")), (TxJsonFailure{TxJsonError::kInvalidTransaction, "yParity"}));
    EXPECT_EQ(failure(with("v", "0x00")), (TxJsonFailure{TxJsonError::kInvalidQuantity, "v"}));

    // Fields a deposit does not have.
    EXPECT_EQ(failure(with("chainId", "0x2105")), (TxJsonFailure{TxJsonError::kFieldNotAllowed, "chainId"}));
    EXPECT_EQ(failure(with("maxFeePerGas", "0x1")), (TxJsonFailure{TxJsonError::kFieldNotAllowed, "maxFeePerGas"}));
    EXPECT_EQ(failure(with("maxPriorityFeePerGas", "0x1")),
              (TxJsonFailure{TxJsonError::kFieldNotAllowed, "maxPriorityFeePerGas"}));
    EXPECT_TRUE(parse(with("accessList", json::array())));
    json entry = {{"address", "0x" + std::string(40, '1')}, {"storageKeys", json::array()}};
    EXPECT_EQ(failure(with("accessList", json::array({entry}))),
              (TxJsonFailure{TxJsonError::kFieldNotAllowed, "accessList"}));
    EXPECT_EQ(failure(with("authorizationList", json::array({entry}))),
              (TxJsonFailure{TxJsonError::kFieldNotAllowed, "authorizationList"}));

    // Required deposit fields and their forms.
    for (const char* key : {"sourceHash", "from", "value", "gas", "input"})
        EXPECT_EQ(failure(without(key)), (TxJsonFailure{TxJsonError::kMissingField, key}));
    EXPECT_EQ(failure(with("sourceHash", "0x" + std::string(62, 'a'))),
              (TxJsonFailure{TxJsonError::kInvalidHash, "sourceHash"}));
    EXPECT_EQ(failure(with("from", "0x1234")), (TxJsonFailure{TxJsonError::kInvalidAddress, "from"}));
    EXPECT_EQ(failure(with("mint", "0x01")), (TxJsonFailure{TxJsonError::kInvalidQuantity, "mint"}));
    EXPECT_EQ(failure(with("isSystemTx", "true")), (TxJsonFailure{TxJsonError::kWrongJsonType, "isSystemTx"}));
    EXPECT_EQ(failure(with("isSystemTx", 1)), (TxJsonFailure{TxJsonError::kWrongJsonType, "isSystemTx"}));
    EXPECT_EQ(failure(with("data", "0x")), (TxJsonFailure{TxJsonError::kInconsistent, "data"}));

    // Absent mint and isSystemTx mean zero and false: the same transaction.
    auto no_mint = parse(without("mint"));
    ASSERT_TRUE(no_mint);
    EXPECT_EQ(transaction_hash(no_mint->tx), hash);
    auto explicit_false = parse(with("isSystemTx", false));
    ASSERT_TRUE(explicit_false);
    EXPECT_EQ(transaction_hash(explicit_false->tx), hash);
    // Each signed field, changed in the JSON, changes the hash (so a tampered object fails its hash claim).
    for (const auto& [key, value] : std::vector<std::pair<std::string, json>>{
             {"isSystemTx", true},
             {"mint", "0x1"},
             {"value", "0x1"},
             {"gas", "0xf4241"},
             {"to", nullptr},
             {"sourceHash", "0x" + std::string(64, '0')},
             {"input", "0x"}}) {
        auto r = parse(with(key, value));
        ASSERT_TRUE(r) << key;
        EXPECT_NE(transaction_hash(r->tx), hash) << key;
    }
    // Deposit fields on a signed type are refused, so a deposit cannot be passed off as one.
    json signed_type = with("type", "0x2");
    EXPECT_EQ(failure(signed_type), (TxJsonFailure{TxJsonError::kFieldNotAllowed, "sourceHash"}));
    signed_type.erase("sourceHash");
    EXPECT_EQ(failure(signed_type), (TxJsonFailure{TxJsonError::kFieldNotAllowed, "mint"}));

    json other_from = with("from", "0x" + std::string(40, 'b'));
    auto r = parse(other_from);
    ASSERT_TRUE(r);
    EXPECT_NE(transaction_hash(r->tx), hash);
}

// Every Base block starts with an L1-attributes deposit; a root over deposits and an ordinary transaction
// must match @ethereumjs/mpt's.
TEST(Deposit, TransactionsRootMixingDepositsAndLegacy) {
    const json fx = load("fixture.json");
    std::vector<Transaction> txs;
    for (const json& raw : fx["block"]["transactions"]) {
        auto tx = decode_raw_transaction(hex_literal(str(raw)), kOpStack);
        ASSERT_TRUE(tx) << to_string(tx.error());
        txs.push_back(std::move(*tx));
    }
    ASSERT_EQ(txs.size(), 8u);
    EXPECT_EQ(txs[2].type, TxType::kLegacy);
    EXPECT_EQ(to_hex(transactions_root(txs)), str(fx["block"]["transactionsRoot"]));
    std::swap(txs[0], txs[1]);
    EXPECT_NE(to_hex(transactions_root(txs)), str(fx["block"]["transactionsRoot"]));
}

TEST(DepositDecode, StrictEncodings) {
    ASSERT_EQ(decode_error(canonical_fields()), TxError::kMalformed);  // the baseline decodes

    auto change = [](std::size_t index, Bytes field) {
        auto f = canonical_fields();
        f[index] = std::move(field);
        return decode_error(f);
    };
    // is_system_transaction: exactly 0x80 or 0x01.
    EXPECT_EQ(change(6, uint_item(1)), TxError::kMalformed);
    EXPECT_EQ(change(6, item("0x02")), TxError::kInvalidSystemFlag);
    EXPECT_EQ(change(6, item("0x7f")), TxError::kInvalidSystemFlag);
    EXPECT_EQ(change(6, item("0x00")), TxError::kLeadingZero);
    EXPECT_EQ(change(6, item("0x8101")), TxError::kNonCanonicalSize);
    EXPECT_EQ(change(6, item("0xc0")), TxError::kUnexpectedList);
    // Integers: minimal big-endian, within their width.
    EXPECT_EQ(change(3, item("0x820001")), TxError::kLeadingZero);                 // mint
    EXPECT_EQ(change(4, item("0x00")), TxError::kLeadingZero);                     // value
    EXPECT_EQ(change(5, item("0x89010000000000000000")), TxError::kOverflow);      // gas > 64 bits
    EXPECT_EQ(change(3, string_item(Bytes(33, 0x01))), TxError::kOverflow);       // mint > 256 bits
    // Fixed sizes.
    EXPECT_EQ(change(0, string_item(Bytes(31, 0x11))), TxError::kUnexpectedLength);
    EXPECT_EQ(change(0, string_item(Bytes{})), TxError::kUnexpectedLength);
    EXPECT_EQ(change(1, string_item(Bytes(19, 0x22))), TxError::kUnexpectedLength);
    EXPECT_EQ(change(1, string_item(Bytes{})), TxError::kUnexpectedLength);  // `from` is never empty
    EXPECT_EQ(change(2, string_item(Bytes(19, 0x33))), TxError::kInvalidTo);
    EXPECT_EQ(change(2, string_item(Bytes{})), TxError::kMalformed);  // empty `to`: a contract creation
    EXPECT_EQ(change(7, item("0xc0")), TxError::kUnexpectedList);
    // Field count.
    auto fields = canonical_fields();
    fields.pop_back();
    EXPECT_EQ(decode_error(fields), TxError::kWrongFieldCount);
    fields = canonical_fields();
    fields.push_back(uint_item(0));
    EXPECT_EQ(decode_error(fields), TxError::kWrongFieldCount);
    // Non-canonical sizes: a long-form header for a short string, a one-byte string that should stand alone,
    // and (a deposit's payload is always at least 56 bytes) a list length with a leading zero byte.
    EXPECT_EQ(change(0, item("0xb820" + std::string(64, '1'))), TxError::kNonCanonicalSize);
    EXPECT_EQ(change(7, item("0x8105")), TxError::kNonCanonicalSize);
    Bytes payload;
    for (const auto& f : canonical_fields()) payload += f;
    ASSERT_GE(payload.size(), 56u);
    ASSERT_LT(payload.size(), 256u);
    Bytes two_byte_length{0x7e, 0xf9, 0x00, static_cast<std::uint8_t>(payload.size())};
    EXPECT_EQ(decode_raw_transaction(two_byte_length + payload, kOpStack).error(), TxError::kLeadingZero);
    EXPECT_EQ(decode_raw_transaction(deposit_envelope(canonical_fields()) + Bytes(1, 0x80), kOpStack).error(),
              TxError::kTrailingBytes);
    EXPECT_EQ(decode_raw_transaction(Bytes(1, 0x7e), kOpStack).error(), TxError::kInputTooShort);
}

TEST(DepositDecode, SystemFlagTrueDecodes) {
    auto f = canonical_fields();
    f[6] = uint_item(1);
    auto tx = decode_raw_transaction(deposit_envelope(f), kOpStack);
    ASSERT_TRUE(tx);
    EXPECT_TRUE(tx->is_system_transaction);
    EXPECT_EQ(encode_transaction(*tx), deposit_envelope(f));
}

TEST(DepositTamper, EveryFieldChangesTheHash) {
    const Transaction tx = sample_transaction(TxType::kDeposit);
    ASSERT_TRUE(check_well_formed(tx));
    const Hash32 hash = transaction_hash(tx);
    std::vector<std::pair<const char*, Transaction>> variants;
    auto add = [&](const char* name, auto mutate) {
        Transaction t = tx;
        mutate(t);
        variants.emplace_back(name, t);
    };
    add("source_hash", [](Transaction& t) { t.source_hash->bytes[31] ^= 1; });
    add("from", [](Transaction& t) { t.from->bytes[0] ^= 1; });
    add("to", [](Transaction& t) { t.to->bytes[19] ^= 1; });
    add("to=creation", [](Transaction& t) { t.to.reset(); });
    add("mint", [](Transaction& t) { *t.mint = *t.mint + Uint256{1}; });
    add("mint=0", [](Transaction& t) { *t.mint = Uint256{}; });
    add("value", [](Transaction& t) { t.value = t.value + Uint256{1}; });
    add("gas", [](Transaction& t) { t.gas_limit += 1; });
    add("is_system_transaction", [](Transaction& t) { t.is_system_transaction = true; });
    add("data", [](Transaction& t) { t.data.back() ^= 1; });
    add("data=empty", [](Transaction& t) { t.data.clear(); });
    for (const auto& [name, t] : variants) {
        EXPECT_NE(transaction_hash(t), hash) << name;
        auto round = decode_raw_transaction(encode_transaction(t), kOpStack);
        ASSERT_TRUE(round) << name;
        EXPECT_EQ(*round, t) << name;
    }
    // The sender follows the stated field: nothing else vouches for it.
    Transaction other = tx;
    other.from->bytes[5] ^= 0xff;
    EXPECT_EQ(*recover_sender(other), *other.from);
    EXPECT_NE(*recover_sender(other), *tx.from);
}

// Every single-byte change of a real deposit is refused or is a different, canonically encoded deposit.
TEST(DepositTamper, EveryByteFlipOfARealDeposit) {
    const json fx = load("fixture.json");
    const Bytes raw = hex_literal(str(fx["cases"][0]["raw"]));
    const Hash32 hash = keccak256(raw);
    std::size_t refused = 0;
    for (std::size_t i = 0; i < raw.size(); ++i) {
        for (std::uint8_t mask : {std::uint8_t{0x01}, std::uint8_t{0x80}}) {
            Bytes bad = raw;
            bad[i] ^= mask;
            auto tx = decode_raw_transaction(bad, kOpStack);
            if (!tx) {
                ++refused;
                continue;
            }
            EXPECT_EQ(encode_transaction(*tx), bad) << i;
            EXPECT_NE(transaction_hash(*tx), hash) << i;
        }
    }
    EXPECT_GT(refused, 0u);
}

TEST(DepositWellFormed, FieldsOfOtherTypesRefused) {
    const Transaction tx = sample_transaction(TxType::kDeposit);
    auto malformed = [](const Transaction& t) {
        auto ok = check_well_formed(t);
        return !ok && ok.error() == TxError::kMalformed;
    };
    Transaction t = tx;
    t.nonce = 1;
    EXPECT_TRUE(malformed(t));
    t = tx;
    t.chain_id = Uint256{8453};
    EXPECT_TRUE(malformed(t));
    t = tx;
    t.gas_price = Uint256{1};
    EXPECT_TRUE(malformed(t));
    t = tx;
    t.max_fee_per_gas = Uint256{1};
    EXPECT_TRUE(malformed(t));
    t = tx;
    t.r = Uint256{1};
    EXPECT_TRUE(malformed(t));
    t = tx;
    t.odd_y_parity = true;
    EXPECT_TRUE(malformed(t));
    t = tx;
    t.access_list.push_back({});
    EXPECT_TRUE(malformed(t));
    for (auto drop : {0, 1, 2}) {
        t = tx;
        if (drop == 0) t.source_hash.reset();
        if (drop == 1) t.from.reset();
        if (drop == 2) t.mint.reset();
        EXPECT_TRUE(malformed(t)) << drop;
    }
    t = tx;
    t.from.reset();
    EXPECT_EQ(recover_sender(t).error(), TxError::kMalformed);

    // And deposit fields on a signed type.
    for (auto type : {TxType::kLegacy, TxType::kDynamicFee}) {
        Transaction s = sample_transaction(type);
        ASSERT_TRUE(check_well_formed(s));
        s.source_hash = Hash32{};
        EXPECT_TRUE(malformed(s));
        s = sample_transaction(type);
        s.is_system_transaction = true;
        EXPECT_TRUE(malformed(s));
        s = sample_transaction(type);
        s.from = Address{};
        EXPECT_TRUE(malformed(s));
    }
}

Uint256 gen_uint256() {
    const auto width = *rc::gen::inRange<std::size_t>(0, 33);
    const auto bytes = *rc::gen::container<std::vector<std::uint8_t>>(width, rc::gen::arbitrary<std::uint8_t>());
    Bytes32 be;
    for (std::size_t i = 0; i < width; ++i) be.bytes[32 - width + i] = bytes[i];
    return Uint256::from_be(be);
}

template <std::size_t N>
FixedBytes<N> gen_fixed() {
    const auto v = *rc::gen::container<std::vector<std::uint8_t>>(N, rc::gen::arbitrary<std::uint8_t>());
    FixedBytes<N> out;
    for (std::size_t i = 0; i < N; ++i) out.bytes[i] = v[i];
    return out;
}

RC_GTEST_PROP(DepositProps, RoundTripsAndStaysGated, ()) {
    Transaction tx;
    tx.type = TxType::kDeposit;
    tx.source_hash = gen_fixed<32>();
    tx.from = gen_fixed<20>();
    if (*rc::gen::arbitrary<bool>()) tx.to = gen_fixed<20>();
    tx.mint = gen_uint256();
    tx.value = gen_uint256();
    tx.gas_limit = *rc::gen::arbitrary<std::uint64_t>();
    tx.is_system_transaction = *rc::gen::arbitrary<bool>();
    const auto n = *rc::gen::inRange<std::size_t>(0, 300);
    const auto data = *rc::gen::container<std::vector<std::uint8_t>>(n, rc::gen::arbitrary<std::uint8_t>());
    tx.data.assign(data.begin(), data.end());

    const Bytes raw = encode_transaction(tx);
    RC_ASSERT(raw.size() == encoded_length(tx));
    RC_ASSERT(transaction_hash(tx) == keccak256(raw));
    auto back = decode_raw_transaction(raw, kOpStack);
    RC_ASSERT(back.has_value());
    RC_ASSERT(*back == tx);
    auto refused = decode_raw_transaction(raw);
    RC_ASSERT(!refused);
    RC_ASSERT(refused.error() == TxError::kDepositNotEnabled);

    RpcTransaction rpc;
    rpc.tx = tx;
    auto json_back = transaction_from_json(transaction_to_json(rpc), kOpStack);
    RC_ASSERT(json_back.has_value());
    RC_ASSERT(json_back->tx == tx);
}

}  // namespace
}  // namespace countersign::chain
