// SPDX-License-Identifier: Apache-2.0
// The worked example of docs/receipt.md, computed with the project's own code. The test fails when the document
// and the code disagree: every number quoted in the document and both example receipts are checked here.
// COUNTERSIGN_PRINT_DOC_EXAMPLE=1 prints the values and receipts to paste into the document.

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

#include "chain/binding.hpp"
#include "chain/call_receipt_json.hpp"
#include "chain/eip712_payments.hpp"
#include "chain/standard_merkle_tree.hpp"
#include "crypto/hex.hpp"
#include "crypto/keccak.hpp"
#include "crypto/rsa_pss.hpp"
#include "crypto/secp256k1.hpp"

namespace countersign::chain {
namespace {

// A throwaway RSA-2048 key made for this example only: it plays the TEE's enclave key.
constexpr const char* kExampleTeeKeyPem = R"(-----BEGIN PRIVATE KEY-----
MIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkAgEAAoIBAQC7VnbWUpxMlUgo
wklxcEEPx8niswvoKFLUOIaSn5PoopTXb1PKuh915SdSvlgvQJqmpEgxDDdW05I5
YhRYVNEWLuiuRa0Fqv53jy4yH5OlHnswbSLzXw2No/ThYRYaE0N5c7JghINetxL5
T7JFHkeNkS2CvbblDA+6C+CtwWnxnVzICi5RkbvmFoDe/XO1iDHdMMBjGxLxrQ21
PYLoLaZh+iyeECa89tSA5slTba7QnRBmUonUvQBdvMWzlwtXZri+ImjDXtkw/sNl
9YZrLnEGL7WO7nBJLpkjaFeQamfuwE+RoGGfj2/APBbBpz6YxVzbVgMLM1Zua6yJ
ISsAxqJpAgMBAAECggEAHEVGFb3NvHjitNPtBWNtThZWTxG6AETliwUkuce/KGIw
l/pC6NsBmGcGciQrZqYXMIKmKlCvoTi4XlSAwXu7Od/GWVZGcA6H7D79N68wNsDM
0lgF6Dg18WQGtmRSU4kIq7Fb/9i/gnGaOWlfe7LAFYsNFSfQC+ywCuFz/IStmjpk
nVd4KFoqgF4e2TTtexLKEi/iWE/VAyXkxsOeE7fANBITsu7dfMxTY73iexcdmuvL
RALZs4+r7ymieXeAU7mEpkMT0VeCcODgp9C62AtA0xtCdT80fo1vzL9hhJ0eRPCv
oCgSru/iChgxRDwZXEdLx/01O8rF3uei/brVc+2LCQKBgQD06Q2nclUMM9yJTvE4
ROgx48OZGB0/JrjHH6bPCp4KE4ripLelG18docimZpt8ZcaidaGmH5LDEsbLft7D
14waP4JfVR8Lytc1H0W/C5n3sQxLCYKSHJ2DDxB/bEHLbAF752PACRsV+NgSqfHB
8cqp9PQmFBFfBOzXZJER5WP3wwKBgQDD0gq5gdYpIjAMLzFihp66UbHJOQXee9O2
9XSd1DH2Lsvb1Y70+3ghTs2hD+Ej68JWi6JMRXZ1BuUpZCQsFOb7enBa56qBPHIq
6Z79CcujQau8gsoy0sze8LH30wT4m2orSfQUl+OueWt8wZS6MkYgGakDtv16SyvZ
TP/Wdb/GYwKBgQCFf/RdbklF2Y9BmbKLxaP8bfdVIHvwzJ60jGBVQ6haPcTbPoaM
jZsPf/zsF8pxyNi5/f0bnOJXS4jprEKp5nkMZcofRTsjJnKhFmbieOR4zB2zWX+/
PbHumuuXSd+jj0BP1hXdvBjzpS3DHrgVzEN42XmsuAuwC/M+hic95hjUGQKBgQCD
zpDbdxKBU3rF6Mo0CGs0/KJP0Ksrq2vBfgyF4/vROoSLr37vVYjx2oo8vGSN+jYw
bQLMlgD7Gq4Lo1VZuqQTZ8HS3pb9MIOkcOZMaliAxkZjuCGD/jJaaedQ6eAxuuLG
ypuZdPeTTDVWnzKN9iMPnlYOoxCRTaHxPYwDffSdAwKBgFHNXLBA2oTxkD/DYJgl
9vMDjSUCDtkYCOILXCn6ZQTRnjNNmYizPWEtDpti4SE8KU66l7EAeXeTqWxwrAA7
Z5gkho2RfWFGIkm3WHh+Jo9FdDt1Af6s4eV2Gyc5HwrufjWSCdLBmfp/4uRj0eA0
5deC2B2PjVbmrOoL5Et5PxJo
-----END PRIVATE KEY-----
)";
// The first well-known anvil/hardhat development account plays the payer.
constexpr const char* kPayerSecret = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

struct DocExample {
    std::string request_id = "chatcmpl-7f3a9c2e";
    std::string request =
        R"({"messages": [{"content": "What is 2+2?", "role": "user"}], "model": "openai/gpt-4.1", "temperature": 0.0})";
    std::string output = "2 + 2 = 4.";
    std::uint64_t timestamp = 1772323200;  // 2026-03-01T00:00:00Z
    Hash32 request_id_hash, request_hash, output_hash, binding, refund, tee_message, tee_id, eip3009_digest, leaf, root;
    Bytes public_key, tee_signature, auth_signature;
    CallReceipt individual, batch;
};

Hash32 label_hash(std::string_view label) {
    return keccak256(to_view(label));
}

DocExample make_example() {
    DocExample ex;
    ex.request_id_hash = keccak256(to_view(ex.request_id));
    ex.request_hash = keccak256(to_view(ex.request));
    ex.output_hash = keccak256(to_view(ex.output));
    ex.binding = binding_nonce(ex.request_id, ex.request_hash);
    ex.refund = refund_nonce(ex.binding);
    Keccak256 m;
    m.update(ex.request_hash.view());
    m.update(ex.output_hash.view());
    m.update(Uint256{ex.timestamp}.to_be().view());
    ex.tee_message = m.finalize();

    const auto key = RsaPrivateKey::from_pem(kExampleTeeKeyPem);
    if (!key) std::abort();
    ex.public_key = key->public_key_der();
    ex.tee_id = keccak256(ex.public_key);
    // PSS is randomised by its salt; a fixed salt keeps the example reproducible.
    auto sig = sign_rsa_pss_sha256(*key, ex.tee_message.view(), label_hash("countersign docs example salt"));
    if (!sig) std::abort();
    ex.tee_signature = *sig;

    CallReceipt& r = ex.individual;
    r.request_id = ex.request_id;
    r.request = ex.request;
    r.output = ex.output;
    r.tee = {ex.tee_id, ex.request_hash, ex.output_hash, ex.timestamp, ex.tee_signature, ex.public_key};

    const SecretKey payer_key{hex_literal_fixed<32>(kPayerSecret)};
    ReceiptPayment p;
    p.chain_id = 8453;
    p.payment_hash = label_hash("illustrative payment transaction");
    p.scheme = PaymentScheme::kExact;
    p.asset = hex_literal_fixed<20>("0x833589fcd6edb6e08f4c7c32d4f71b54bda02913");  // USDC on Base
    p.pay_to = hex_literal_fixed<20>("0x70997970c51812dc3a010c7d01b50e0d17dc79c8");
    p.payer = address_from_public_key(*public_key_from_secret(payer_key));
    p.amount = Uint256{10000};  // 0.01 USDC (6 decimals)
    ReceiptAuthorization a;
    a.authorization = {p.payer, p.pay_to, p.amount, Uint256{0}, Uint256{ex.timestamp + 3600}, ex.binding};
    ex.eip3009_digest = eip3009_digest(eip3009_domain("USD Coin", "2", Uint256{8453}, p.asset),
                                       Eip3009Kind::kTransferWithAuthorization, a.authorization);
    const auto s = sign_recoverable(ex.eip3009_digest, payer_key);
    if (!s) std::abort();
    a.signature = Bytes(s->r.view()) + Bytes(s->s.view()) + Bytes{static_cast<std::uint8_t>(27 + s->recovery_id)};
    ex.auth_signature = a.signature;
    p.authorization = a;
    r.payment = p;

    ReceiptSettlement st;
    st.chain_id = 10740;
    st.mode = SettlementMode::kIndividual;
    st.contract = hex_literal_fixed<20>("0x5fbdb2315678afecb367f032d93f642f64180aa3");
    st.tx_hash = label_hash("illustrative settlement transaction");
    st.walrus_blob_id = Bytes(label_hash("illustrative walrus blob").view());
    r.settlement = st;

    // Batch: the same call in a tree of three; the other two leaves are illustrative.
    const std::vector<AbiType> encoding = {AbiType::fixed_bytes(32), AbiType::fixed_bytes(32), AbiType::fixed_bytes(32),
                                           AbiType::bytes(), AbiType::uint(256)};
    const auto leaf_of = [](const Hash32& id, const Hash32& in, const Hash32& out, ByteView sig_bytes,
                            std::uint64_t ts) {
        return AbiValues{AbiValue::fixed(id), AbiValue::fixed(in), AbiValue::fixed(out), AbiValue::bytes(sig_bytes),
                         AbiValue::uint(Uint256{ts})};
    };
    std::vector<AbiValues> values = {
        leaf_of(ex.tee_id, ex.request_hash, ex.output_hash, ex.tee_signature, ex.timestamp),
        leaf_of(ex.tee_id, label_hash("other request 1"), label_hash("other output 1"), Bytes(256, 0x11),
                ex.timestamp + 7),
        leaf_of(ex.tee_id, label_hash("other request 2"), label_hash("other output 2"), Bytes(256, 0x22),
                ex.timestamp + 9),
    };
    auto tree = StandardMerkleTree::of(encoding, values);
    if (!tree) std::abort();
    ex.leaf = tree->leaf_hash(0);
    ex.root = tree->root();
    ex.batch = ex.individual;
    ex.batch.request.reset();
    ex.batch.tee.public_key.reset();
    ex.batch.settlement->mode = SettlementMode::kBatch;
    ex.batch.settlement->tx_hash = label_hash("illustrative batch settlement transaction");
    ex.batch.settlement->walrus_blob_id.reset();
    ReceiptBatchProof b;
    b.merkle_root = ex.root;
    b.batch_size = values.size();
    b.leaf_index = 0;
    b.proof = *tree->proof(0);
    ex.batch.settlement->batch = b;
    ex.batch.missing = {"request"};
    return ex;
}

std::string read_doc() {
    std::ifstream in{std::string{COUNTERSIGN_SOURCE_DIR} + "/docs/receipt.md"};
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// The ```json block that follows the marker line.
std::string example_block(const std::string& doc, const std::string& marker) {
    const std::size_t at = doc.find("<!-- " + marker + " -->");
    if (at == std::string::npos) return {};
    const std::size_t open = doc.find("```json\n", at);
    if (open == std::string::npos) return {};
    const std::size_t start = open + 8;
    const std::size_t close = doc.find("\n```", start);
    return doc.substr(start, close - start);
}

TEST(ReceiptDoc, WorkedExampleIsWhatTheCodeComputes) {
    const DocExample ex = make_example();
    const std::pair<const char*, std::string> values[] = {
        {"keccak256(request_id)", to_hex(ex.request_id_hash)},
        {"request_hash", to_hex(ex.request_hash)},
        {"binding nonce", to_hex(ex.binding)},
        {"refund nonce", to_hex(ex.refund)},
        {"output_hash", to_hex(ex.output_hash)},
        {"TEE message m", to_hex(ex.tee_message)},
        {"tee_id", to_hex(ex.tee_id)},
        {"EIP-3009 digest", to_hex(ex.eip3009_digest)},
        {"batch leaf", to_hex(ex.leaf)},
        {"merkle root", to_hex(ex.root)},
    };
    if (std::getenv("COUNTERSIGN_PRINT_DOC_EXAMPLE") != nullptr) {
        for (const auto& [name, hex] : values) std::cout << name << ": " << hex << "\n";
        std::cout << "uint256(timestamp): " << to_hex(Uint256{ex.timestamp}.to_be()) << "\n";
        std::cout << "payer: " << to_hex(ex.individual.payment->payer) << "\n";
        std::cout << "individual:\n"
                  << to_receipt_json(ex.individual) << "\nbatch:\n"
                  << to_receipt_json(ex.batch) << "\n";
    }
    // The example is internally consistent, as a verifier would check it.
    EXPECT_TRUE(verify_rsa_pss_sha256(ex.public_key, ex.tee_message.view(), ex.tee_signature));
    EXPECT_EQ(ex.individual.payment->authorization->authorization.nonce, ex.binding);
    Signature sig;
    sig.r = FixedBytes<32>::from_view_unchecked(ex.auth_signature.substr(0, 32));
    sig.s = FixedBytes<32>::from_view_unchecked(ex.auth_signature.substr(32, 32));
    sig.recovery_id = static_cast<std::uint8_t>(ex.auth_signature[64] - 27);
    EXPECT_EQ(recover_address(ex.eip3009_digest, sig, SignatureRules::kLowS).value(), ex.individual.payment->payer);
    EXPECT_TRUE(verify_proof(ex.root, ex.leaf, ex.batch.settlement->batch->proof));

    const std::string doc = read_doc();
    ASSERT_FALSE(doc.empty()) << "docs/receipt.md not found";
    for (const auto& [name, hex] : values) EXPECT_NE(doc.find(hex), std::string::npos) << name << " " << hex;
    EXPECT_NE(doc.find(to_hex(Uint256{ex.timestamp}.to_be())), std::string::npos);
    for (const auto& [marker, receipt] :
         {std::pair{"receipt-example: individual", &ex.individual}, std::pair{"receipt-example: batch", &ex.batch}}) {
        const std::string block = example_block(doc, marker);
        EXPECT_EQ(block, to_receipt_json(*receipt)) << marker;
        auto parsed = parse_call_receipt(block);
        ASSERT_TRUE(parsed) << marker << ": " << parsed.error().to_string();
        EXPECT_EQ(*parsed, *receipt);
    }
}

}  // namespace
}  // namespace countersign::chain
