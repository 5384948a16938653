// SPDX-License-Identifier: Apache-2.0
#include "chain/call_receipt.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <bit>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "chain/call_receipt_json.hpp"
#include "crypto/base64.hpp"
#include "crypto/hex.hpp"
#include "crypto/keccak.hpp"

namespace countersign::chain {
namespace {

using json = nlohmann::json;

template <std::size_t N>
FixedBytes<N> filled(std::uint8_t seed) {
    FixedBytes<N> out;
    for (std::size_t i = 0; i < N; ++i) out.bytes[i] = static_cast<std::uint8_t>(seed + i * 7);
    return out;
}

Bytes bytes_n(std::size_t n, std::uint8_t seed) {
    Bytes b(n, 0);
    for (std::size_t i = 0; i < n; ++i) b[i] = static_cast<std::uint8_t>(seed + i * 13);
    return b;
}

CallReceipt individual_receipt() {
    CallReceipt r;
    r.request_id = "chatcmpl-7f3a9c";
    r.request = R"({"messages": [{"content": "Hi", "role": "user"}], "model": "gpt-4.1", "temperature": 0.0})";
    r.output = "Hello! How can I help?";
    r.tee.tee_id = filled<32>(1);
    r.tee.request_hash = keccak256(to_view(*r.request));
    r.tee.output_hash = keccak256(to_view(*r.output));
    r.tee.timestamp = 1772323200;
    r.tee.signature = bytes_n(256, 3);
    r.tee.public_key = bytes_n(294, 5);
    ReceiptPayment p;
    p.chain_id = 8453;
    p.payment_hash = filled<32>(9);
    p.scheme = PaymentScheme::kExact;
    p.asset = filled<20>(11);
    p.pay_to = filled<20>(12);
    p.payer = filled<20>(13);
    p.amount = Uint256{1500};
    ReceiptAuthorization a;
    a.authorization.from = p.payer;
    a.authorization.to = p.pay_to;
    a.authorization.value = p.amount;
    a.authorization.valid_after = Uint256{0};
    a.authorization.valid_before = Uint256{1772326800};
    a.authorization.nonce = filled<32>(15);
    a.signature = bytes_n(65, 17);
    p.authorization = a;
    r.payment = p;
    ReceiptSettlement s;
    s.chain_id = 10744;
    s.mode = SettlementMode::kIndividual;
    s.contract = filled<20>(19);
    s.tx_hash = filled<32>(21);
    s.walrus_blob_id = bytes_n(32, 23);
    r.settlement = s;
    return r;
}

CallReceipt batch_receipt() {
    CallReceipt r = individual_receipt();
    r.request.reset();
    r.tee.public_key.reset();
    r.payment->authorization.reset();
    r.payment->amount =
        Uint256::parse_decimal("115792089237316195423570985008687907853269984665640564039457584007913129639935")
            .value();
    r.settlement->mode = SettlementMode::kBatch;
    r.settlement->walrus_blob_id.reset();
    ReceiptBatchProof b;
    b.merkle_root = filled<32>(25);
    b.batch_size = 20;
    b.leaf_index = 7;
    for (std::uint8_t i = 0; i < 5; ++i) b.proof.push_back(filled<32>(static_cast<std::uint8_t>(30 + i)));
    r.settlement->batch = b;
    return r;
}

CallReceipt parse_ok(std::string_view text) {
    auto r = parse_call_receipt(text);
    if (!r) ADD_FAILURE() << r.error().to_string() << "\n" << text;
    return r ? *r : CallReceipt{};
}

ReceiptParseError parse_err(std::string_view text) {
    auto r = parse_call_receipt(text);
    if (r) {
        ADD_FAILURE() << "accepted:\n" << text;
        return {};
    }
    return r.error();
}

// ---- round trips ---------------------------------------------------------------------------------------------

TEST(CallReceiptJson, HandcraftedReceiptsRoundTrip) {
    for (const CallReceipt& r : {individual_receipt(), batch_receipt()}) {
        const std::string text = to_receipt_json(r);
        const CallReceipt back = parse_ok(text);
        EXPECT_EQ(back, r) << text;
        EXPECT_EQ(to_receipt_json(back), text);
    }
    CallReceipt priv = individual_receipt();
    priv.settlement->mode = SettlementMode::kPrivate;
    priv.settlement->tx_hash.reset();
    priv.settlement->contract.reset();
    priv.settlement->walrus_blob_id.reset();
    EXPECT_EQ(parse_ok(to_receipt_json(priv)), priv);
    CallReceipt bare = individual_receipt();
    bare.payment.reset();
    bare.settlement.reset();
    bare.request.reset();
    bare.output.reset();
    EXPECT_EQ(parse_ok(to_receipt_json(bare)), bare);
}

TEST(CallReceiptJson, WritesTheDocumentedLayout) {
    CallReceipt r;
    r.request_id = "req-1";
    r.output = "ok";
    r.tee.tee_id = filled<32>(0);
    r.tee.request_hash = filled<32>(1);
    r.tee.output_hash = keccak256(to_view("ok"));
    r.tee.timestamp = 9007199254740993ull;  // above 2^53: written as a decimal string
    r.tee.signature = Bytes{1, 2, 3};
    ReceiptSettlement s;
    s.chain_id = 1;
    s.mode = SettlementMode::kPrivate;
    r.settlement = s;
    r.missing = {"request"};
    const std::string expected = R"({
  "format": "countersign.receipt/v1",
  "request_id": "req-1",
  "output": "ok",
  "tee": {
    "tee_id": "0x00070e151c232a31383f464d545b626970777e858c939aa1a8afb6bdc4cbd2d9",
    "request_hash": "0x01080f161d242b323940474e555c636a71787f868d949ba2a9b0b7bec5ccd3da",
    "output_hash": ")" + to_hex(r.tee.output_hash) +
                                 R"(",
    "timestamp": "9007199254740993",
    "signature": "AQID"
  },
  "settlement": {
    "network": "eip155:1",
    "mode": "private"
  },
  "missing": [
    "request"
  ]
})";
    EXPECT_EQ(to_receipt_json(r), expected);
    EXPECT_EQ(parse_ok(expected), r);
}

TEST(CallReceiptJson, ToJsonRefusesTextJsonCannotCarry) {
    CallReceipt r = individual_receipt();
    r.output = std::string{"\xff\xfe"};
    EXPECT_THROW((void)to_receipt_json(r), std::invalid_argument);
    r = individual_receipt();
    r.missing = {"no.such.field"};
    EXPECT_THROW((void)to_receipt_json(r), std::invalid_argument);
}

TEST(CallReceiptJson, AcceptsQuantitiesAsIntegersOrDecimalStrings) {
    json doc = json::parse(to_receipt_json(individual_receipt()));
    doc["tee"]["timestamp"] = "1772323200";
    doc["payment"]["amount"] = 1500;
    doc["payment"]["authorization"]["valid_before"] = 1772326800;
    EXPECT_EQ(parse_ok(doc.dump()), individual_receipt());
    // Mixed-case addresses with a correct EIP-55 checksum are accepted (vector from EIP-55).
    doc["payment"]["asset"] = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";
    const CallReceipt r = parse_ok(doc.dump());
    EXPECT_EQ(r.payment->asset, hex_literal_fixed<20>("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed"));
    doc["payment"]["asset"] = "0X5AAEB6053F3E94C9B9A09F33669435E7EF1BEAED";
    EXPECT_EQ(parse_err(doc.dump()).field, "payment.asset");
    doc["payment"]["asset"] = "0x5AAEB6053F3E94C9B9A09F33669435E7EF1BEAED";
    EXPECT_TRUE(parse_call_receipt(doc.dump()));
}

TEST(CallReceiptJson, ExtensionKeysAreIgnoredEverywhere) {
    json doc = json::parse(to_receipt_json(batch_receipt()));
    doc["x-gateway"] = {{"anything", {1, 2, 3}}};
    doc["tee"]["x-note"] = "hi";
    doc["payment"]["x-facilitator"] = "0x1234";
    doc["settlement"]["batch"]["x-tree"] = nullptr;
    EXPECT_EQ(parse_ok(doc.dump()), batch_receipt());
}

// ---- RapidCheck: arbitrary valid receipts --------------------------------------------------------------------

std::string utf8_text(std::size_t min_bytes, std::size_t max_bytes) {
    const auto cps = *rc::gen::container<std::vector<std::uint32_t>>(
        rc::gen::oneOf(rc::gen::inRange<std::uint32_t>(0, 0x80), rc::gen::inRange<std::uint32_t>(0x80, 0xd800),
                       rc::gen::inRange<std::uint32_t>(0xe000, 0x110000)));
    std::string s;
    for (std::uint32_t cp : cps) {
        std::string enc;
        if (cp < 0x80) {
            enc += static_cast<char>(cp);
        } else if (cp < 0x800) {
            enc += static_cast<char>(0xc0 | (cp >> 6));
            enc += static_cast<char>(0x80 | (cp & 0x3f));
        } else if (cp < 0x10000) {
            enc += static_cast<char>(0xe0 | (cp >> 12));
            enc += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
            enc += static_cast<char>(0x80 | (cp & 0x3f));
        } else {
            enc += static_cast<char>(0xf0 | (cp >> 18));
            enc += static_cast<char>(0x80 | ((cp >> 12) & 0x3f));
            enc += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
            enc += static_cast<char>(0x80 | (cp & 0x3f));
        }
        if (s.size() + enc.size() > max_bytes) break;
        s += enc;
    }
    while (s.size() < min_bytes) s += 'a';
    return s;
}

template <std::size_t N>
FixedBytes<N> gen_fixed() {
    const auto v = *rc::gen::container<std::vector<std::uint8_t>>(N, rc::gen::arbitrary<std::uint8_t>());
    return FixedBytes<N>::from_view_unchecked(Bytes(v.begin(), v.end()));
}

Bytes gen_bytes(std::size_t min, std::size_t max) {
    const auto n = *rc::gen::inRange(min, max + 1);
    const auto v = *rc::gen::container<std::vector<std::uint8_t>>(n, rc::gen::arbitrary<std::uint8_t>());
    return Bytes(v.begin(), v.end());
}

Uint256 gen_u256() {
    return *rc::gen::oneOf(
        rc::gen::just(Uint256{0}),
        rc::gen::map(rc::gen::arbitrary<std::uint64_t>(), [](std::uint64_t v) { return Uint256{v}; }),
        rc::gen::map(rc::gen::arbitrary<std::uint64_t>(), [](std::uint64_t v) {
            return Uint256{v, 0, 3, v};
        }));
}

std::uint64_t gen_u64() {
    return *rc::gen::oneOf(rc::gen::arbitrary<std::uint64_t>(), rc::gen::inRange<std::uint64_t>(0, 1ull << 53),
                           rc::gen::element<std::uint64_t>(0, (1ull << 53) - 1, 1ull << 53, ~0ull));
}

CallReceipt gen_receipt() {
    CallReceipt r;
    r.source =
        *rc::gen::element(ReceiptSource::kReceiptV1, ReceiptSource::kOpenGradientBody, ReceiptSource::kOpenGradientSdk);
    r.request_id = utf8_text(1, kMaxRequestIdBytes);
    if (*rc::gen::arbitrary<bool>()) r.request = utf8_text(0, 300);
    if (*rc::gen::arbitrary<bool>()) r.output = utf8_text(0, 300);
    r.tee.tee_id = gen_fixed<32>();
    r.tee.request_hash = gen_fixed<32>();
    r.tee.output_hash = gen_fixed<32>();
    r.tee.timestamp = gen_u64();
    r.tee.signature = gen_bytes(1, kMaxTeeSignatureBytes);
    if (*rc::gen::arbitrary<bool>()) r.tee.public_key = gen_bytes(1, 600);
    if (*rc::gen::arbitrary<bool>()) {
        ReceiptPayment p;
        p.chain_id = std::max<std::uint64_t>(1, gen_u64());
        p.payment_hash = gen_fixed<32>();
        p.scheme = *rc::gen::element(PaymentScheme::kExact, PaymentScheme::kUpto);
        p.asset = gen_fixed<20>();
        p.pay_to = gen_fixed<20>();
        p.payer = gen_fixed<20>();
        p.amount = gen_u256();
        if (p.scheme == PaymentScheme::kExact && *rc::gen::arbitrary<bool>()) {
            ReceiptAuthorization a;
            a.authorization = {gen_fixed<20>(), gen_fixed<20>(), gen_u256(), gen_u256(), gen_u256(), gen_fixed<32>()};
            a.signature = gen_bytes(65, 65);
            p.authorization = a;
        }
        r.payment = p;
    }
    if (*rc::gen::arbitrary<bool>()) {
        ReceiptSettlement s;
        s.chain_id = std::max<std::uint64_t>(1, gen_u64());
        s.mode = *rc::gen::element(SettlementMode::kIndividual, SettlementMode::kBatch, SettlementMode::kPrivate);
        if (*rc::gen::arbitrary<bool>()) s.contract = gen_fixed<20>();
        if (s.mode != SettlementMode::kPrivate && *rc::gen::arbitrary<bool>()) s.tx_hash = gen_fixed<32>();
        if (*rc::gen::arbitrary<bool>()) s.walrus_blob_id = gen_bytes(0, kMaxWalrusBlobIdBytes);
        if (s.mode == SettlementMode::kBatch) {
            ReceiptBatchProof b;
            b.merkle_root = gen_fixed<32>();
            b.batch_size = std::max<std::uint64_t>(1, gen_u64());
            b.leaf_index = *rc::gen::inRange<std::uint64_t>(0, b.batch_size);
            const auto depth = static_cast<std::size_t>(std::bit_width(b.batch_size) - 1);
            const auto n = depth + (std::has_single_bit(b.batch_size) ? 0 : *rc::gen::inRange<std::size_t>(0, 2));
            for (std::size_t i = 0; i < n; ++i) b.proof.push_back(gen_fixed<32>());
            s.batch = b;
        }
        r.settlement = s;
    }
    // Some fields declared missing: the value goes back to its default, as a parser leaves it.
    const auto listed = *rc::gen::container<std::vector<bool>>(receipt_field_paths().size(),
                                                               rc::gen::weightedElement<bool>({{5, false}, {1, true}}));
    const auto index_of = [](std::string_view p) {
        const auto paths = receipt_field_paths();
        return static_cast<std::size_t>(std::find(paths.begin(), paths.end(), p) - paths.begin());
    };
    const bool mode_listed = listed[index_of("settlement.mode")];
    std::vector<std::string> missing;
    for (std::size_t i = 0; i < listed.size(); ++i) {
        if (!listed[i]) continue;
        const std::string_view p = receipt_field_paths()[i];
        if (p == "payment" || p == "settlement") {  // a listed object is absent, with nothing listed inside it
            if (p == "payment") r.payment.reset();
            if (p == "settlement") r.settlement.reset();
            missing.emplace_back(p);
            continue;
        }
        if ((p.rfind("payment.", 0) == 0 && !r.payment) || (p.rfind("settlement.", 0) == 0 && !r.settlement)) continue;
        if (r.settlement && !mode_listed &&
            ((p == "settlement.tx_hash" && r.settlement->mode == SettlementMode::kPrivate) ||
             (p == "settlement.batch" && r.settlement->mode != SettlementMode::kBatch)))
            continue;
        missing.emplace_back(p);
        if (p == "request_id") r.request_id.clear();
        if (p == "request") r.request.reset();
        if (p == "output") r.output.reset();
        if (p == "tee.tee_id") r.tee.tee_id = {};
        if (p == "tee.request_hash") r.tee.request_hash = {};
        if (p == "tee.output_hash") r.tee.output_hash = {};
        if (p == "tee.timestamp") r.tee.timestamp = 0;
        if (p == "tee.signature") r.tee.signature.clear();
        if (p == "tee.public_key") r.tee.public_key.reset();
        if (p == "payment.network") r.payment->chain_id = 0;
        if (p == "payment.payment_hash") r.payment->payment_hash = {};
        if (p == "payment.scheme") r.payment->scheme = PaymentScheme::kExact;
        if (p == "payment.asset") r.payment->asset = {};
        if (p == "payment.pay_to") r.payment->pay_to = {};
        if (p == "payment.payer") r.payment->payer = {};
        if (p == "payment.amount") r.payment->amount = {};
        if (p == "payment.authorization") r.payment->authorization.reset();
        if (p == "settlement.network") r.settlement->chain_id = 0;
        if (p == "settlement.mode") r.settlement->mode = SettlementMode::kIndividual;
        if (p == "settlement.contract") r.settlement->contract.reset();
        if (p == "settlement.tx_hash") r.settlement->tx_hash.reset();
        if (p == "settlement.walrus_blob_id") r.settlement->walrus_blob_id.reset();
        if (p == "settlement.batch") r.settlement->batch.reset();
    }
    r.missing = missing;
    return r;
}

RC_GTEST_PROP(CallReceiptJson, ParseInvertsSerialization, ()) {
    const CallReceipt r = gen_receipt();
    const std::string text = to_receipt_json(r);
    auto back = parse_call_receipt(text);
    if (!back) RC_FAIL(back.error().to_string() + "\n" + text);
    RC_ASSERT(*back == r);
    RC_ASSERT(to_receipt_json(*back) == text);
}

// ---- tampering: every field, every malformation, and the error names the field ------------------------------

struct Mutation {
    std::string path;  // dotted path with [i] for arrays
    std::function<void(json&)> apply;
    std::string expect_field;
};

json& at_path(json& doc, const std::string& path) {
    json* cur = &doc;
    std::size_t pos = 0;
    while (pos < path.size()) {
        const std::size_t end = path.find_first_of(".[", pos);
        const std::string key = path.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
        if (!key.empty()) cur = &(*cur)[key];
        if (end == std::string::npos) break;
        if (path[end] == '[') {
            const std::size_t close = path.find(']', end);
            cur = &(*cur)[std::stoul(path.substr(end + 1, close - end - 1))];
            pos = close + 1;
            if (pos < path.size() && path[pos] == '.') ++pos;
        } else {
            pos = end + 1;
        }
    }
    return *cur;
}

void erase_path(json& doc, const std::string& path) {
    const std::size_t dot = path.rfind('.');
    if (dot == std::string::npos) {
        doc.erase(path);
        return;
    }
    at_path(doc, path.substr(0, dot)).erase(path.substr(dot + 1));
}

// Every leaf of both handcrafted receipts: wrong JSON type, null, and removal (required fields) each fail and
// name exactly that field.
TEST(CallReceiptJson, EveryFieldTypeConfusionIsRefusedNamingTheField) {
    const std::vector<std::string> optional_fields = {"request",
                                                      "output",
                                                      "tee.public_key",
                                                      "payment",
                                                      "settlement",
                                                      "payment.authorization",
                                                      "settlement.contract",
                                                      "settlement.tx_hash",
                                                      "settlement.walrus_blob_id"};
    int checked = 0;
    for (const CallReceipt& base : {individual_receipt(), batch_receipt()}) {
        const json doc = json::parse(to_receipt_json(base));
        std::function<void(const json&, const std::string&)> walk = [&](const json& v, const std::string& path) {
            if (!path.empty() && path != "format") {
                for (const json& bad : {json(true), json(nullptr), json::array(), json(-1), json(1.5)}) {
                    if (v.is_number_unsigned() && bad.is_number()) continue;  // numbers are checked below
                    json d = doc;
                    at_path(d, path) = bad;
                    const auto e = parse_err(d.dump());
                    EXPECT_EQ(e.field, path) << bad.dump() << " at " << path << ": " << e.to_string();
                    ++checked;
                }
                const bool in_array = path.back() == ']';
                const bool optional =
                    std::find(optional_fields.begin(), optional_fields.end(), path) != optional_fields.end();
                if (!in_array && !optional) {
                    json d = doc;
                    erase_path(d, path);
                    const auto e = parse_err(d.dump());
                    EXPECT_EQ(e.field, path) << "removed " << path << ": " << e.to_string();
                    ++checked;
                }
                if (!in_array && optional) {
                    json d = doc;
                    erase_path(d, path);
                    EXPECT_NE(parse_ok(d.dump()), base) << path;
                }
            }
            if (v.is_object()) {
                json d = doc;
                (path.empty() ? d : at_path(d, path))["amout"] = "1";
                EXPECT_EQ(parse_err(d.dump()).field, path.empty() ? "amout" : path + ".amout");
                ++checked;
                for (auto it = v.begin(); it != v.end(); ++it)
                    walk(it.value(), path.empty() ? it.key() : path + "." + it.key());
            } else if (v.is_array()) {
                for (std::size_t i = 0; i < v.size(); ++i) walk(v[i], path + "[" + std::to_string(i) + "]");
            }
        };
        walk(doc, "");
    }
    EXPECT_GT(checked, 150);
}

// Each string field gets the malformations of its own encoding.
TEST(CallReceiptJson, EveryEncodingViolationIsRefusedNamingTheField) {
    const std::string hash_fields[] = {"tee.tee_id",
                                       "tee.request_hash",
                                       "tee.output_hash",
                                       "payment.payment_hash",
                                       "payment.authorization.nonce",
                                       "settlement.tx_hash"};
    const std::string address_fields[] = {"payment.asset",
                                          "payment.pay_to",
                                          "payment.payer",
                                          "payment.authorization.from",
                                          "payment.authorization.to",
                                          "settlement.contract"};
    const std::string amount_fields[] = {"payment.amount", "payment.authorization.value",
                                         "payment.authorization.valid_after", "payment.authorization.valid_before"};
    const json doc = json::parse(to_receipt_json(individual_receipt()));
    int checked = 0;
    const auto expect_bad = [&](const std::string& path, const json& bad, const json& base = json()) {
        json d = base.is_null() ? doc : base;
        at_path(d, path) = bad;
        const auto e = parse_err(d.dump());
        EXPECT_EQ(e.field, path) << bad.dump() << ": " << e.to_string();
        ++checked;
    };
    for (const auto& f : hash_fields) {
        const std::string good = at_path(const_cast<json&>(doc), f).get<std::string>();
        expect_bad(f, good.substr(2));                   // no 0x
        expect_bad(f, "0X" + good.substr(2));            // capital X
        expect_bad(f, good.substr(0, good.size() - 2));  // 31 bytes
        expect_bad(f, good + "00");                      // 33 bytes
        expect_bad(f, good.substr(0, good.size() - 1));  // odd
        expect_bad(f, good.substr(0, good.size() - 1) + "g");
        expect_bad(f, " " + good);
        expect_bad(f, "");
    }
    for (const auto& f : address_fields) {
        const std::string good = at_path(const_cast<json&>(doc), f).get<std::string>();
        expect_bad(f, good.substr(2));
        expect_bad(f, good + "00");
        expect_bad(f, good.substr(0, 40));
        expect_bad(f, "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD");  // checksum broken in the last letter
    }
    for (const auto& f : amount_fields) {
        for (const json& bad : {json("01"), json("-1"), json("+1"), json("1.0"), json("1e3"), json(""), json(" 1"),
                                json("0x10"), json(9007199254740992ull), json(-1), json(1.5),
                                json("115792089237316195423570985008687907853269984665640564039457584007913129639936")})
            expect_bad(f, bad);
    }
    for (const json& bad : {json("18446744073709551616"), json("01"), json(9007199254740992ull), json(-5), json("1.5")})
        expect_bad("tee.timestamp", bad);
    for (const std::string f : {"payment.network", "settlement.network"})
        for (const json& bad :
             {json("eip155:01"), json("eip155:0"), json("eip155:"), json("eip155:-1"), json("eip155:1 "),
              json("EIP155:1"), json("eth:1"), json("eip155:18446744073709551616"), json("8453")})
            expect_bad(f, bad);
    const std::string sig = base64_encode(bytes_n(256, 3));
    for (const json& bad :
         {json(sig.substr(0, sig.size() - 1)), json(sig + "\n"), json(" " + sig), json(""),
          json(base64_encode(bytes_n(1025, 1))), json("Zh=="), json("Zg-_"), json(to_hex(bytes_n(256, 3)))})
        expect_bad("tee.signature", bad);
    expect_bad("tee.public_key", base64_encode(bytes_n(4097, 1)));
    expect_bad("tee.public_key", "");
    for (std::size_t n : {0, 64, 66, 130}) expect_bad("payment.authorization.signature", to_hex(bytes_n(n, 1)));
    expect_bad("payment.scheme", "EXACT");
    expect_bad("payment.scheme", "permit2");
    expect_bad("settlement.mode", "Individual");
    expect_bad("settlement.mode", "settle-batch");
    expect_bad("settlement.walrus_blob_id", to_hex(bytes_n(257, 1)));
    expect_bad("settlement.walrus_blob_id", "abcd");
    expect_bad("request_id", "");
    expect_bad("request_id", std::string(257, 'r'));
    expect_bad("format", "countersign.receipt/v2");
    expect_bad("format", "countersign.receipt/v1 ");
    expect_bad("format", "something/v1");
    expect_bad("source", "gateway");
    EXPECT_GT(checked, 150);
    // The limits themselves are accepted.
    json d = doc;
    d["request_id"] = std::string(256, 'r');
    d["tee"]["signature"] = base64_encode(bytes_n(1024, 1));
    d["tee"]["public_key"] = base64_encode(bytes_n(4096, 1));
    d["settlement"]["walrus_blob_id"] = to_hex(bytes_n(256, 1));
    d["payment"]["amount"] = "115792089237316195423570985008687907853269984665640564039457584007913129639935";
    d["tee"]["timestamp"] = "18446744073709551615";
    d["payment"]["network"] = "eip155:18446744073709551615";
    EXPECT_TRUE(parse_call_receipt(d.dump()));
}

TEST(CallReceiptJson, BatchProofRules) {
    const json doc = json::parse(to_receipt_json(batch_receipt()));
    const auto err = [&](const std::function<void(json&)>& f) {
        json d = doc;
        f(d);
        return parse_err(d.dump()).field;
    };
    EXPECT_EQ(err([](json& d) { d["settlement"]["batch"]["batch_size"] = 0; }), "settlement.batch.batch_size");
    EXPECT_EQ(err([](json& d) { d["settlement"]["batch"]["leaf_index"] = 20; }), "settlement.batch.leaf_index");
    EXPECT_EQ(err([](json& d) { d["settlement"]["batch"]["proof"] = "0x00"; }), "settlement.batch.proof");
    EXPECT_EQ(err([](json& d) { d["settlement"]["batch"]["proof"][3] = "0x00"; }), "settlement.batch.proof[3]");
    EXPECT_EQ(err([](json& d) {
                  auto& p = d["settlement"]["batch"]["proof"];
                  while (p.size() < kMaxBatchProofHashes + 1) p.push_back(p[0]);
              }),
              "settlement.batch.proof");
    // Proof lengths follow from the batch size: 20 leaves sit at depth 4 or 5.
    EXPECT_EQ(err([](json& d) {
                  d["settlement"]["batch"]["proof"].erase(0);
                  d["settlement"]["batch"]["proof"].erase(0);
              }),
              "settlement.batch.proof");
    EXPECT_EQ(err([](json& d) { d["settlement"]["batch"]["proof"].push_back(d["settlement"]["batch"]["proof"][0]); }),
              "settlement.batch.proof");
    json d = doc;
    d["settlement"]["batch"]["proof"].erase(0);
    EXPECT_EQ(parse_ok(d.dump()).settlement->batch->proof.size(), 4u);
    d["settlement"]["batch"]["batch_size"] = 16;  // a power of two: every leaf at depth 4 exactly
    EXPECT_TRUE(parse_call_receipt(d.dump()));
    d["settlement"]["batch"]["proof"].push_back(d["settlement"]["batch"]["proof"][0]);
    EXPECT_EQ(parse_err(d.dump()).field, "settlement.batch.proof");
    d = doc;
    auto& p = d["settlement"]["batch"]["proof"];
    while (p.size() < kMaxBatchProofHashes) p.push_back(p[0]);
    d["settlement"]["batch"]["batch_size"] = "9223372036854775809";  // 2^63 + 1 leaves: depth 64
    EXPECT_EQ(parse_ok(d.dump()).settlement->batch->proof.size(), kMaxBatchProofHashes);
    d = doc;
    d["settlement"]["batch"]["proof"] = json::array();
    d["settlement"]["batch"]["batch_size"] = 1;
    d["settlement"]["batch"]["leaf_index"] = 0;
    EXPECT_TRUE(parse_call_receipt(d.dump()));
}

TEST(CallReceiptJson, SettlementModeRules) {
    const json ind = json::parse(to_receipt_json(individual_receipt()));
    const json bat = json::parse(to_receipt_json(batch_receipt()));
    json d = ind;
    d["settlement"]["mode"] = "private";
    EXPECT_EQ(parse_err(d.dump()).field, "settlement.tx_hash");
    d["settlement"].erase("tx_hash");
    EXPECT_TRUE(parse_call_receipt(d.dump()));
    d["settlement"]["batch"] = bat["settlement"]["batch"];
    EXPECT_EQ(parse_err(d.dump()).field, "settlement.batch");
    d = ind;
    d["settlement"]["batch"] = bat["settlement"]["batch"];
    EXPECT_EQ(parse_err(d.dump()).field, "settlement.batch");
    d = bat;
    d["settlement"].erase("batch");
    EXPECT_EQ(parse_err(d.dump()).field, "settlement.batch");
    d["missing"] = {"settlement.batch"};
    const CallReceipt pending = parse_ok(d.dump());
    EXPECT_FALSE(pending.settlement->batch);
    EXPECT_EQ(pending.missing, std::vector<std::string>{"settlement.batch"});
    d = ind;
    d["settlement"]["mode"] = "private";
    d["settlement"].erase("tx_hash");
    d["missing"] = {"settlement.tx_hash"};
    EXPECT_EQ(parse_err(d.dump()).field, "settlement.tx_hash");
    // An EIP-3009 authorization with the Permit2 scheme is a contradiction.
    d = ind;
    d["payment"]["scheme"] = "upto";
    EXPECT_EQ(parse_err(d.dump()).field, "payment.authorization");
    d["payment"].erase("authorization");
    EXPECT_EQ(parse_ok(d.dump()).payment->scheme, PaymentScheme::kUpto);
}

TEST(CallReceiptJson, MissingListRules) {
    const json doc = json::parse(to_receipt_json(individual_receipt()));
    json d = doc;
    d["missing"] = {"request_id"};
    EXPECT_EQ(parse_err(d.dump()).field, "request_id");  // listed and present
    d.erase("request_id");
    EXPECT_EQ(parse_ok(d.dump()).missing, std::vector<std::string>{"request_id"});
    d["missing"] = {"request_id", "request_id"};
    EXPECT_EQ(parse_err(d.dump()).field, "missing[1]");
    d["missing"] = {"request_id", "tee"};
    EXPECT_EQ(parse_err(d.dump()).field, "missing[1]");
    d["missing"] = {"request_id", "payment.amout"};
    EXPECT_EQ(parse_err(d.dump()).field, "missing[1]");
    d["missing"] = "request_id";
    EXPECT_EQ(parse_err(d.dump()).field, "missing");
    d["missing"] = {"request_id", 3};
    EXPECT_EQ(parse_err(d.dump()).field, "missing[1]");
    // Listing order does not matter; the receipt keeps the canonical order.
    d = doc;
    d["tee"].erase("timestamp");
    d["tee"].erase("tee_id");
    d.erase("request_id");
    d["payment"].erase("amount");
    d["missing"] = {"payment.amount", "tee.timestamp", "request_id", "tee.tee_id"};
    EXPECT_EQ(parse_ok(d.dump()).missing,
              (std::vector<std::string>{"request_id", "tee.tee_id", "tee.timestamp", "payment.amount"}));
    // A field of an absent object cannot be missing.
    d = doc;
    d.erase("payment");
    d["missing"] = {"payment.amount"};
    EXPECT_EQ(parse_err(d.dump()).field, "missing");
    d["missing"] = {"payment"};
    EXPECT_TRUE(parse_ok(d.dump()).missing == std::vector<std::string>{"payment"});
    d["missing"] = json::array();
    EXPECT_TRUE(parse_ok(d.dump()).missing.empty());
}

// ---- document level: JSON validity, duplicates, size and depth ---------------------------------------------

TEST(CallReceiptJson, DuplicateKeysAreRefusedWherever) {
    const std::string text = to_receipt_json(individual_receipt());
    const auto dup = [&](const std::string& after, const std::string& insert) {
        std::string t = text;
        const std::size_t pos = t.find(after);
        EXPECT_NE(pos, std::string::npos) << after;
        t.insert(pos + after.size(), insert);
        return parse_err(t).field;
    };
    EXPECT_EQ(dup("{", R"("request_id": "other",)"), "request_id");
    EXPECT_EQ(dup(R"("payment": {)", R"("amount": "1",)"), "payment.amount");
    EXPECT_EQ(dup(R"("authorization": {)", R"("nonce": "0x00",)"), "payment.authorization.nonce");
    EXPECT_EQ(dup("{", R"("x-a": 1, "x-a": 2,)"), "x-a");
    EXPECT_EQ(dup("{", R"("x-a": [{"k": 1, "k": 1}],)"), "x-a[0].k");
}

TEST(CallReceiptJson, RefusesNonJsonAndNonObjects) {
    for (const char* text : {"", " ", "[]", "1", "\"x\"", "null", "{", "{\"format\": }", "{} {}", "{\"a\":1,}",
                             "{'format': 1}", "\xef\xbb\xbf{}", "{\"a\": \"\xff\"}", "{\"a\": NaN}"}) {
        auto r = parse_call_receipt(text);
        EXPECT_FALSE(r) << text;
        if (!r) {
            EXPECT_EQ(r.error().field, "") << text;
        }
    }
    EXPECT_EQ(parse_err("{}").field, "");
    EXPECT_EQ(parse_err(R"({"tee_signature": "AAAA"})").field, "");
}

TEST(CallReceiptJson, SizeAndDepthCaps) {
    json doc = json::parse(to_receipt_json(individual_receipt()));
    std::string text = doc.dump();
    const std::size_t pad = kMaxReceiptJsonBytes - text.size() - std::string(R"(,"x-pad":"")").size();
    doc["x-pad"] = std::string(pad, 'p');
    text = doc.dump();
    ASSERT_EQ(text.size(), kMaxReceiptJsonBytes);
    EXPECT_TRUE(parse_call_receipt(text));
    doc["x-pad"] = std::string(pad + 1, 'p');
    const auto e = parse_err(doc.dump());
    EXPECT_EQ(e.field, "");
    EXPECT_NE(e.message.find("larger"), std::string::npos);

    const auto nested = [&](std::size_t depth) {  // total depth including the top-level object
        json d = json::parse(to_receipt_json(individual_receipt()));
        json v = 1;
        for (std::size_t i = 1; i < depth; ++i) v = json::array({v});
        d["x-deep"] = v;
        return d.dump();
    };
    EXPECT_TRUE(parse_call_receipt(nested(kMaxReceiptJsonDepth)));
    const auto deep = parse_err(nested(kMaxReceiptJsonDepth + 1));
    EXPECT_EQ(deep.field.rfind("x-deep", 0), 0u) << deep.field;
    // Far deeper than any recursion could survive: refused at the cap, no stack exhaustion.
    std::string bomb = R"({"format":"countersign.receipt/v1","x-b":)" + std::string(500000, '[');
    EXPECT_FALSE(parse_call_receipt(bomb));
}

// ---- OpenGradient gateway body -------------------------------------------------------------------------------

const std::string kSignatureB64 = base64_encode(bytes_n(256, 3));
const std::string kRequestHashBare = to_hex(filled<32>(40), false);
const std::string kTeeIdHex = to_hex(filled<32>(50));

json og_body(const std::string& content) {
    return json{
        {"id", "chatcmpl-abc"},
        {"object", "chat.completion"},
        {"created", 1772323200},
        {"model", "gpt-4.1"},
        {"choices",
         {{{"index", 0}, {"message", {{"role", "assistant"}, {"content", content}}}, {"finish_reason", "stop"}}}},
        {"usage", {{"prompt_tokens", 9}, {"completion_tokens", 5}, {"total_tokens", 14}}},
        {"tee_signature", kSignatureB64},
        {"tee_request_hash", kRequestHashBare},
        {"tee_output_hash", to_hex(keccak256(to_view(content)), false)},
        {"tee_timestamp", 1772323200},
        {"tee_id", kTeeIdHex},
    };
}

TEST(OpenGradientBody, NormalisesAndListsExactlyWhatIsMissing) {
    const CallReceipt r = parse_ok(og_body("Hello there").dump());
    EXPECT_EQ(r.source, ReceiptSource::kOpenGradientBody);
    EXPECT_EQ(r.missing,
              (std::vector<std::string>{"request_id", "request", "tee.public_key", "payment", "settlement"}));
    EXPECT_EQ(r.output, "Hello there");
    EXPECT_EQ(r.tee.request_hash, filled<32>(40));
    EXPECT_EQ(r.tee.output_hash, keccak256(to_view("Hello there")));
    EXPECT_EQ(r.tee.tee_id, filled<32>(50));
    EXPECT_EQ(r.tee.timestamp, 1772323200u);
    EXPECT_EQ(r.tee.signature, bytes_n(256, 3));
    EXPECT_FALSE(r.payment);
    EXPECT_FALSE(r.settlement);
    // Normalised receipts are archivable as receipt v1 without losing what was missing.
    EXPECT_EQ(parse_ok(to_receipt_json(r)), r);
}

TEST(OpenGradientBody, OutputFromCompletionsAndAbsentOutputs) {
    json body = og_body("x");
    body["choices"][0].erase("message");
    body["choices"][0]["text"] = "completion text";
    EXPECT_EQ(parse_ok(body.dump()).output, "completion text");
    body = og_body("x");
    body["choices"][0]["message"]["content"] = nullptr;
    CallReceipt r = parse_ok(body.dump());
    EXPECT_FALSE(r.output);
    EXPECT_EQ(r.missing,
              (std::vector<std::string>{"request_id", "request", "output", "tee.public_key", "payment", "settlement"}));
    body = og_body("x");
    body["choices"] = json::array();
    EXPECT_FALSE(parse_ok(body.dump()).output);
    body = og_body("x");
    body.erase("tee_signature");
    body.erase("tee_output_hash");
    body["tee_timestamp"] = nullptr;
    r = parse_ok(body.dump());
    EXPECT_EQ(r.missing, (std::vector<std::string>{"request_id", "request", "tee.output_hash", "tee.timestamp",
                                                   "tee.signature", "tee.public_key", "payment", "settlement"}));
    EXPECT_EQ(parse_ok(to_receipt_json(r)), r);
}

TEST(OpenGradientBody, ToolCallOutputOnlyWhenItReproducesTheSignedBytes) {
    // json.dumps(tool_calls, sort_keys=True) as CPython 3 writes it (ensure_ascii, surrogate pairs, \u007f).
    const std::string tool_calls_text =
        R"([{"id": "call_1", "type": "function", "function": {"name": "get_weather", "arguments": "{\"city\": \"Zürich\"}"}, "index": 0}, )"
        R"({"type": "function", "id": "call_é😀\n\"\\)"
        "\x7f"
        R"(", "function": {"arguments": "{}", "name": "now"}}])";
    const std::string python =
        R"([{"function": {"arguments": "{\"city\": \"Z\u00fcrich\"}", "name": "get_weather"}, "id": "call_1", "index": 0, "type": "function"}, )"
        R"({"function": {"arguments": "{}", "name": "now"}, "id": "call_\u00e9\ud83d\ude00\n\"\\\u007f", "type": "function"}])";
    json body = og_body("x");
    body["choices"][0]["finish_reason"] = "tool_calls";
    body["choices"][0]["message"]["content"] = nullptr;
    body["choices"][0]["message"]["tool_calls"] = json::parse(tool_calls_text);
    body["tee_output_hash"] = to_hex(keccak256(to_view(python)), false);
    CallReceipt r = parse_ok(body.dump());
    ASSERT_TRUE(r.output);
    EXPECT_EQ(*r.output, python);
    EXPECT_EQ(parse_ok(to_receipt_json(r)), r);
    // Any other hash: the signed bytes are unknown, so the output is missing rather than guessed.
    body["tee_output_hash"] = to_hex(keccak256(to_view(tool_calls_text)), false);
    r = parse_ok(body.dump());
    EXPECT_FALSE(r.output);
    EXPECT_NE(std::find(r.missing.begin(), r.missing.end(), "output"), r.missing.end());
    // A float cannot be reproduced byte for byte.
    body["choices"][0]["message"]["tool_calls"][0]["x"] = 0.1;
    EXPECT_FALSE(parse_ok(body.dump()).output);
}

TEST(OpenGradientBody, MalformedFieldsAreErrorsNamingThem) {
    const auto err = [](const std::function<void(json&)>& f) {
        json b = og_body("x");
        f(b);
        return parse_err(b.dump()).field;
    };
    EXPECT_EQ(err([](json& b) { b["tee_request_hash"] = "abcd"; }), "tee_request_hash");
    EXPECT_EQ(err([](json& b) { b["tee_output_hash"] = 5; }), "tee_output_hash");
    EXPECT_EQ(err([](json& b) { b["tee_id"] = "0x1234"; }), "tee_id");
    EXPECT_EQ(err([](json& b) { b["tee_timestamp"] = -1; }), "tee_timestamp");
    EXPECT_EQ(err([](json& b) { b["tee_timestamp"] = 1.5; }), "tee_timestamp");
    EXPECT_EQ(err([](json& b) { b["tee_signature"] = "not base64!"; }), "tee_signature");
    EXPECT_EQ(err([](json& b) { b["choices"] = "x"; }), "choices");
    EXPECT_EQ(err([](json& b) { b["choices"][0] = 1; }), "choices[0]");
    EXPECT_EQ(err([](json& b) { b["choices"][0]["message"] = "x"; }), "choices[0].message");
    EXPECT_EQ(err([](json& b) { b["chat_output"] = json::object(); }), "");  // ambiguous shape
}

TEST(OpenGradientBody, CountersignEnvelope) {
    const CallReceipt full = individual_receipt();
    const json v1 = json::parse(to_receipt_json(full));
    json env = {{"request_id", full.request_id},
                {"request", *full.request},
                {"payment", v1["payment"]},
                {"settlement", v1["settlement"]},
                {"body", og_body(*full.output)}};
    env["body"]["tee_request_hash"] = to_hex(full.tee.request_hash, false);
    CallReceipt r = parse_ok(env.dump());
    EXPECT_EQ(r.source, ReceiptSource::kOpenGradientBody);
    EXPECT_EQ(r.missing, std::vector<std::string>{"tee.public_key"});
    EXPECT_EQ(r.request_id, full.request_id);
    EXPECT_EQ(r.request, full.request);
    EXPECT_EQ(r.payment, full.payment);
    EXPECT_EQ(r.settlement, full.settlement);
    EXPECT_EQ(r.output, full.output);
    EXPECT_EQ(r.tee.request_hash, full.tee.request_hash);
    EXPECT_EQ(parse_ok(to_receipt_json(r)), r);
    // The envelope's payment and settlement follow receipt v1 rules, errors named by their v1 paths.
    json bad = env;
    bad["payment"]["amount"] = "01";
    EXPECT_EQ(parse_err(bad.dump()).field, "payment.amount");
    bad = env;
    bad["payment"].erase("payer");
    EXPECT_EQ(parse_err(bad.dump()).field, "payment.payer");
    bad = env;
    bad["settlement"]["mode"] = "batch";
    EXPECT_EQ(parse_err(bad.dump()).field, "settlement.batch");
    bad = env;
    bad["body"]["tee_id"] = "0x12";
    EXPECT_EQ(parse_err(bad.dump()).field, "body.tee_id");
    bad = env;
    bad["reqest_id"] = "typo";
    EXPECT_EQ(parse_err(bad.dump()).field, "reqest_id");
    bad = env;
    bad["body"] = "x";
    EXPECT_EQ(parse_err(bad.dump()).field, "body");
    // Optional parts of the envelope are listed when absent.
    json partial = {{"request_id", "r-1"}, {"body", og_body("y")}};
    r = parse_ok(partial.dump());
    EXPECT_EQ(r.missing, (std::vector<std::string>{"request", "tee.public_key", "payment", "settlement"}));
    partial["payment"] = v1["payment"];
    partial["payment"].erase("authorization");
    partial["settlement"] = v1["settlement"];
    partial["settlement"].erase("contract");
    r = parse_ok(partial.dump());
    EXPECT_EQ(r.missing,
              (std::vector<std::string>{"request", "tee.public_key", "payment.authorization", "settlement.contract"}));
    EXPECT_EQ(parse_ok(to_receipt_json(r)), r);
}

// ---- OpenGradient SDK TextGenerationOutput ------------------------------------------------------------------

json sdk_output() {
    return json{
        {"data_settlement_transaction_hash", to_hex(filled<32>(60))},
        {"data_settlement_blob_id", "M4hsZGQ1oCktdzegB6HnI6Mi28S2nqOPHxK-W7_4BUk"},
        {"finish_reason", "stop"},
        {"chat_output", {{"role", "assistant"}, {"content", "Hi from the SDK"}}},
        {"completion_output", nullptr},
        {"images", nullptr},
        {"usage", {{"prompt_tokens", 3}, {"completion_tokens", 4}, {"total_tokens", 7}}},
        {"payment_hash", nullptr},
        {"tee_signature", kSignatureB64},
        {"tee_timestamp", "2026-03-01T00:00:00Z"},
        {"tee_id", kTeeIdHex},
        {"tee_endpoint", "https://tee.example:443"},
        {"tee_payment_address", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"},
    };
}

TEST(OpenGradientSdk, NormalisesAndListsExactlyWhatIsMissing) {
    CallReceipt r = parse_ok(sdk_output().dump());
    EXPECT_EQ(r.source, ReceiptSource::kOpenGradientSdk);
    EXPECT_EQ(r.missing, (std::vector<std::string>{"request_id", "request", "tee.request_hash", "tee.output_hash",
                                                   "tee.public_key", "payment.network", "payment.payment_hash",
                                                   "payment.scheme", "payment.asset", "payment.payer", "payment.amount",
                                                   "payment.authorization", "settlement.network", "settlement.mode",
                                                   "settlement.contract", "settlement.walrus_blob_id"}));
    EXPECT_EQ(r.output, "Hi from the SDK");
    EXPECT_EQ(r.tee.timestamp, 1772323200u);
    EXPECT_EQ(r.tee.tee_id, filled<32>(50));
    EXPECT_EQ(r.tee.signature, bytes_n(256, 3));
    ASSERT_TRUE(r.payment);
    EXPECT_EQ(r.payment->pay_to, hex_literal_fixed<20>("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed"));
    ASSERT_TRUE(r.settlement);
    EXPECT_EQ(r.settlement->tx_hash, filled<32>(60));
    EXPECT_FALSE(r.settlement->walrus_blob_id);  // base64url text: which bytes went on chain is unknown
    EXPECT_EQ(parse_ok(to_receipt_json(r)), r);

    json doc = sdk_output();
    doc["payment_hash"] = to_hex(filled<32>(70));
    doc["data_settlement_blob_id"] = "0x" + std::string(64, 'a');
    doc["tee_timestamp"] = 1772323200;
    doc["tee_payment_address"] = nullptr;
    doc["chat_output"] = nullptr;
    doc["completion_output"] = "completed";
    r = parse_ok(doc.dump());
    EXPECT_EQ(r.output, "completed");
    EXPECT_EQ(r.payment->payment_hash, filled<32>(70));
    EXPECT_EQ(r.settlement->walrus_blob_id, Bytes(32, 0xaa));
    EXPECT_EQ(r.missing,
              (std::vector<std::string>{"request_id", "request", "tee.request_hash", "tee.output_hash",
                                        "tee.public_key", "payment.network", "payment.scheme", "payment.asset",
                                        "payment.pay_to", "payment.payer", "payment.amount", "payment.authorization",
                                        "settlement.network", "settlement.mode", "settlement.contract"}));
    EXPECT_EQ(parse_ok(to_receipt_json(r)), r);

    // Nothing but the TEE fields (older SDKs: payment_hash "" and no settlement).
    doc = {{"chat_output", {{"content", "z"}}},
           {"payment_hash", ""},
           {"tee_timestamp", "1772323200"},
           {"finish_reason", "tool_calls"}};
    r = parse_ok(doc.dump());
    EXPECT_FALSE(r.output);  // a tool-call answer without tee_output_hash cannot be reproduced with certainty
    EXPECT_EQ(r.tee.timestamp, 1772323200u);
    EXPECT_EQ(r.missing, (std::vector<std::string>{"request_id", "request", "output", "tee.tee_id", "tee.request_hash",
                                                   "tee.output_hash", "tee.signature", "tee.public_key", "payment",
                                                   "settlement"}));
}

TEST(OpenGradientSdk, MalformedFieldsAreErrorsNamingThem) {
    const auto err = [](const std::function<void(json&)>& f) {
        json b = sdk_output();
        f(b);
        return parse_err(b.dump()).field;
    };
    EXPECT_EQ(err([](json& b) { b["tee_timestamp"] = "2026-03-01 00:00:00"; }), "tee_timestamp");
    EXPECT_EQ(err([](json& b) { b["tee_timestamp"] = "2026-03-01T00:00:00+01:00"; }), "tee_timestamp");
    EXPECT_EQ(err([](json& b) { b["tee_timestamp"] = "2026-03-01T00:00:00.5Z"; }), "tee_timestamp");
    EXPECT_EQ(err([](json& b) { b["tee_timestamp"] = "017"; }), "tee_timestamp");
    EXPECT_EQ(err([](json& b) { b["payment_hash"] = "opaque-processing-hash"; }), "payment_hash");
    EXPECT_EQ(err([](json& b) { b["tee_payment_address"] = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD"; }),
              "tee_payment_address");
    EXPECT_EQ(err([](json& b) { b["data_settlement_transaction_hash"] = "0x12"; }), "data_settlement_transaction_hash");
    EXPECT_EQ(err([](json& b) { b["data_settlement_blob_id"] = "0x1"; }), "data_settlement_blob_id");
    EXPECT_EQ(err([](json& b) { b["chat_output"] = "text"; }), "chat_output");
    EXPECT_EQ(err([](json& b) { b["completion_output"] = "both"; }), "");
    EXPECT_EQ(err([](json& b) { b["tee_signature"] = "AAA"; }), "tee_signature");
}

TEST(Iso8601, StrictUtcToUnixSeconds) {
    const std::pair<const char*, std::uint64_t> good[] = {
        {"1970-01-01T00:00:00Z", 0},
        {"2000-02-29T12:34:56Z", 951827696},
        {"2026-03-01T00:00:00+00:00", 1772323200},
        {"2026-07-15T09:30:00.000000+00:00", 1784107800},
        {"2024-12-31T23:59:59Z", 1735689599},
        {"9999-12-31T23:59:59Z", 253402300799ull},
    };
    for (const auto& [text, secs] : good) EXPECT_EQ(parse_iso8601_utc(text), secs) << text;
    for (const char* bad : {"",
                            "2026-03-01",
                            "2026-03-01T00:00:00",
                            "2026-03-01T00:00:00z",
                            "2026-03-01t00:00:00Z",
                            "2026-03-01 00:00:00Z",
                            "2026-03-01T00:00:00+01:00",
                            "2026-03-01T00:00:00-00:00",
                            "2026-03-01T00:00:00.1Z",
                            "2026-03-01T00:00:00.Z",
                            "2026-03-01T00:00:00.0000000000Z",
                            "2001-02-29T00:00:00Z",
                            "2100-02-29T00:00:00Z",
                            "2026-04-31T00:00:00Z",
                            "2026-13-01T00:00:00Z",
                            "2026-00-01T00:00:00Z",
                            "2026-03-00T00:00:00Z",
                            "2026-03-01T24:00:00Z",
                            "2026-03-01T23:60:00Z",
                            "2026-03-01T23:59:60Z",
                            "1969-12-31T23:59:59Z",
                            "2026-3-01T00:00:00Z",
                            "+2026-03-01T00:00:00Z",
                            "2026-03-01T00:00:00Z ",
                            "20260301T000000Z",
                            "2026-03-01T00:00:00+0000"})
        EXPECT_FALSE(parse_iso8601_utc(bad)) << bad;
    EXPECT_EQ(parse_iso8601_utc("2000-02-29T00:00:00Z"), 951782400u);  // 2000 is a leap year (divisible by 400)
}

}  // namespace
}  // namespace countersign::chain
