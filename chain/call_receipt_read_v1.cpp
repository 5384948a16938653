// SPDX-License-Identifier: Apache-2.0
#include "chain/call_receipt_read_v1.hpp"

#include <bit>
#include <utility>

namespace countersign::chain::call_receipt_json {

bool MissingRule::listed(std::string_view path) const {
    const auto i = field_index(path);
    return i && !listed_.empty() && listed_[*i];
}

const json* MissingRule::take(const json& obj, std::string_view key, const std::string& path, bool required) const {
    const json* v = member(obj, key);
    const bool l = listed(path);
    if (v != nullptr && l) fail(path, "present but also listed in \"missing\"");
    if (v == nullptr && !l && required) fail(path, "required field is absent");
    return v;
}

std::vector<std::string> MissingRule::canonical() const {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < listed_.size(); ++i)
        if (listed_[i]) out.emplace_back(kFieldPaths[i]);
    return out;
}

namespace {

MissingRule read_missing(const json& v) {
    const std::string path = "missing";
    if (!v.is_array()) fail(path, std::string{"expected an array, got "} + v.type_name());
    if (v.size() > kFieldPaths.size()) fail(path, "more entries than receipt v1 has fields");
    std::vector<bool> listed(kFieldPaths.size(), false);
    for (std::size_t i = 0; i < v.size(); ++i) {
        const std::string p = index_path(path, i);
        const auto k = field_index(get_string(v[i], p));
        if (!k) fail(p, "not a receipt v1 field path that may be missing");
        if (listed[*k]) fail(p, "listed twice");
        listed[*k] = true;
    }
    return MissingRule{std::move(listed)};
}

ReceiptTee read_tee(const json& v, const MissingRule& rule) {
    const std::string path = "tee";
    const json& obj = get_object(v, path);
    check_keys(obj, path, {"tee_id", "request_hash", "output_hash", "timestamp", "signature", "public_key"});
    ReceiptTee tee;
    const auto at = [&](std::string_view key) { return join(path, key); };
    if (const json* f = rule.take(obj, "tee_id", at("tee_id"), true)) tee.tee_id = read_fixed<32>(*f, at("tee_id"));
    if (const json* f = rule.take(obj, "request_hash", at("request_hash"), true))
        tee.request_hash = read_fixed<32>(*f, at("request_hash"));
    if (const json* f = rule.take(obj, "output_hash", at("output_hash"), true))
        tee.output_hash = read_fixed<32>(*f, at("output_hash"));
    if (const json* f = rule.take(obj, "timestamp", at("timestamp"), true))
        tee.timestamp = read_u64(*f, at("timestamp"));
    if (const json* f = rule.take(obj, "signature", at("signature"), true))
        tee.signature = read_base64(*f, at("signature"), kMaxTeeSignatureBytes);
    if (const json* f = rule.take(obj, "public_key", at("public_key"), false))
        tee.public_key = read_base64(*f, at("public_key"), kMaxTeePublicKeyBytes);
    return tee;
}

ReceiptAuthorization read_authorization(const json& v, const std::string& path) {
    const json& obj = get_object(v, path);
    check_keys(obj, path, {"from", "to", "value", "valid_after", "valid_before", "nonce", "signature"});
    const auto need = [&](std::string_view key) -> const json& {
        const json* f = member(obj, key);
        if (f == nullptr) fail(join(path, key), "required field is absent");
        return *f;
    };
    ReceiptAuthorization a;
    a.authorization.from = read_address(need("from"), join(path, "from"));
    a.authorization.to = read_address(need("to"), join(path, "to"));
    a.authorization.value = read_u256(need("value"), join(path, "value"));
    a.authorization.valid_after = read_u256(need("valid_after"), join(path, "valid_after"));
    a.authorization.valid_before = read_u256(need("valid_before"), join(path, "valid_before"));
    a.authorization.nonce = read_fixed<32>(need("nonce"), join(path, "nonce"));
    a.signature = read_hex(need("signature"), join(path, "signature"), true);
    if (a.signature.size() != kAuthorizationSignatureBytes)
        fail(join(path, "signature"), "expected 65 bytes (r, s, v), got " + std::to_string(a.signature.size()));
    return a;
}

ReceiptBatchProof read_batch(const json& v, const std::string& path) {
    const json& obj = get_object(v, path);
    check_keys(obj, path, {"merkle_root", "batch_size", "leaf_index", "proof"});
    const auto need = [&](std::string_view key) -> const json& {
        const json* f = member(obj, key);
        if (f == nullptr) fail(join(path, key), "required field is absent");
        return *f;
    };
    ReceiptBatchProof b;
    b.merkle_root = read_fixed<32>(need("merkle_root"), join(path, "merkle_root"));
    b.batch_size = read_u64(need("batch_size"), join(path, "batch_size"));
    if (b.batch_size == 0) fail(join(path, "batch_size"), "a batch has at least one leaf");
    b.leaf_index = read_u64(need("leaf_index"), join(path, "leaf_index"));
    if (b.leaf_index >= b.batch_size) fail(join(path, "leaf_index"), "not below batch_size");
    const std::string proof_path = join(path, "proof");
    const json& proof = need("proof");
    if (!proof.is_array()) fail(proof_path, std::string{"expected an array, got "} + proof.type_name());
    if (proof.size() > kMaxBatchProofHashes)
        fail(proof_path, "more than " + std::to_string(kMaxBatchProofHashes) + " hashes");
    for (std::size_t i = 0; i < proof.size(); ++i)
        b.proof.push_back(read_fixed<32>(proof[i], index_path(proof_path, i)));
    // The tree is a complete binary tree of 2n-1 nodes: every leaf sits at depth floor(log2 n) or ceil(log2 n),
    // so any other proof length can never reach the root.
    const auto floor_log2 = static_cast<std::size_t>(std::bit_width(b.batch_size) - 1);
    const std::size_t ceil_log2 = floor_log2 + (std::has_single_bit(b.batch_size) ? 0 : 1);
    if (b.proof.size() != floor_log2 && b.proof.size() != ceil_log2)
        fail(proof_path, "a batch of " + std::to_string(b.batch_size) + " has proofs of " + std::to_string(floor_log2) +
                             (ceil_log2 != floor_log2 ? " or " + std::to_string(ceil_log2) : std::string{}) +
                             " hashes, not " + std::to_string(b.proof.size()));
    return b;
}

}  // namespace

ReceiptPayment read_payment(const json& v, const MissingRule& rule) {
    const std::string path = "payment";
    const json& obj = get_object(v, path);
    check_keys(obj, path, {"network", "payment_hash", "scheme", "asset", "pay_to", "payer", "amount", "authorization"});
    const auto at = [&](std::string_view key) { return join(path, key); };
    ReceiptPayment p;
    if (const json* f = rule.take(obj, "network", at("network"), true)) p.chain_id = read_network(*f, at("network"));
    if (const json* f = rule.take(obj, "payment_hash", at("payment_hash"), true))
        p.payment_hash = read_fixed<32>(*f, at("payment_hash"));
    const json* scheme = rule.take(obj, "scheme", at("scheme"), true);
    if (scheme != nullptr) {
        const std::string& s = get_string(*scheme, at("scheme"));
        if (s == "exact") {
            p.scheme = PaymentScheme::kExact;
        } else if (s == "upto") {
            p.scheme = PaymentScheme::kUpto;
        } else {
            fail(at("scheme"), "must be \"exact\" or \"upto\"");
        }
    }
    if (const json* f = rule.take(obj, "asset", at("asset"), true)) p.asset = read_address(*f, at("asset"));
    if (const json* f = rule.take(obj, "pay_to", at("pay_to"), true)) p.pay_to = read_address(*f, at("pay_to"));
    if (const json* f = rule.take(obj, "payer", at("payer"), true)) p.payer = read_address(*f, at("payer"));
    if (const json* f = rule.take(obj, "amount", at("amount"), true)) p.amount = read_u256(*f, at("amount"));
    if (const json* f = rule.take(obj, "authorization", at("authorization"), false)) {
        if (scheme != nullptr && p.scheme != PaymentScheme::kExact)
            fail(at("authorization"), "an EIP-3009 authorization belongs to scheme \"exact\"");
        p.authorization = read_authorization(*f, at("authorization"));
    }
    return p;
}

ReceiptSettlement read_settlement(const json& v, const MissingRule& rule) {
    const std::string path = "settlement";
    const json& obj = get_object(v, path);
    check_keys(obj, path, {"network", "mode", "contract", "tx_hash", "walrus_blob_id", "batch"});
    const auto at = [&](std::string_view key) { return join(path, key); };
    ReceiptSettlement s;
    if (const json* f = rule.take(obj, "network", at("network"), true)) s.chain_id = read_network(*f, at("network"));
    const json* mode = rule.take(obj, "mode", at("mode"), true);
    if (mode != nullptr) {
        const std::string& m = get_string(*mode, at("mode"));
        if (m == "individual") {
            s.mode = SettlementMode::kIndividual;
        } else if (m == "batch") {
            s.mode = SettlementMode::kBatch;
        } else if (m == "private") {
            s.mode = SettlementMode::kPrivate;
        } else {
            fail(at("mode"), "must be \"individual\", \"batch\" or \"private\"");
        }
    }
    if (const json* f = rule.take(obj, "contract", at("contract"), false))
        s.contract = read_address(*f, at("contract"));
    if (const json* f = rule.take(obj, "tx_hash", at("tx_hash"), false)) s.tx_hash = read_fixed<32>(*f, at("tx_hash"));
    if (const json* f = rule.take(obj, "walrus_blob_id", at("walrus_blob_id"), false)) {
        Bytes b = read_hex(*f, at("walrus_blob_id"), true);
        if (b.size() > kMaxWalrusBlobIdBytes)
            fail(at("walrus_blob_id"), "longer than " + std::to_string(kMaxWalrusBlobIdBytes) + " bytes");
        s.walrus_blob_id = std::move(b);
    }
    const bool need_batch = mode != nullptr && s.mode == SettlementMode::kBatch;
    if (const json* f = rule.take(obj, "batch", at("batch"), need_batch)) s.batch = read_batch(*f, at("batch"));
    if (mode != nullptr) {
        const bool batch_named = s.batch.has_value() || rule.listed(at("batch"));
        if (s.mode == SettlementMode::kPrivate && (s.tx_hash || rule.listed(at("tx_hash"))))
            fail(at("tx_hash"), "private settlement puts nothing on chain, so it has no transaction");
        if (s.mode != SettlementMode::kBatch && batch_named)
            fail(at("batch"), "only batch settlement has a batch proof");
    }
    return s;
}

CallReceipt read_v1(const json& doc) {
    check_keys(doc, "",
               {"format", "source", "request_id", "request", "output", "tee", "payment", "settlement", "missing"});
    const std::string& format = get_string(doc.at("format"), "format");
    if (format != kCallReceiptFormat) {
        if (format.rfind("countersign.receipt/", 0) == 0)
            fail("format", "unsupported receipt format version \"" + format + "\" (this reader knows " +
                               std::string{kCallReceiptFormat} + ")");
        fail("format", "not a countersign receipt format");
    }
    CallReceipt r;
    if (const json* f = member(doc, "source")) {
        const std::string& s = get_string(*f, "source");
        if (s == "receipt-v1") {
            r.source = ReceiptSource::kReceiptV1;
        } else if (s == "opengradient-body") {
            r.source = ReceiptSource::kOpenGradientBody;
        } else if (s == "opengradient-sdk") {
            r.source = ReceiptSource::kOpenGradientSdk;
        } else {
            fail("source", "must be \"opengradient-body\", \"opengradient-sdk\" or \"receipt-v1\"");
        }
    }
    MissingRule rule;
    if (const json* f = member(doc, "missing")) rule = read_missing(*f);
    if (const json* f = rule.take(doc, "request_id", "request_id", true))
        r.request_id = read_request_id(*f, "request_id");
    if (const json* f = rule.take(doc, "request", "request", false)) r.request = read_text(*f, "request");
    if (const json* f = rule.take(doc, "output", "output", false)) r.output = read_text(*f, "output");
    const json* tee = member(doc, "tee");
    if (tee == nullptr) fail("tee", "required field is absent");
    r.tee = read_tee(*tee, rule);
    if (const json* f = rule.take(doc, "payment", "payment", false)) r.payment = read_payment(*f, rule);
    if (const json* f = rule.take(doc, "settlement", "settlement", false)) r.settlement = read_settlement(*f, rule);
    r.missing = rule.canonical();
    // A field of an object can only be missing from an object that is there.
    for (const std::string& p : r.missing) {
        if ((p.rfind("payment.", 0) == 0 && !r.payment) || (p.rfind("settlement.", 0) == 0 && !r.settlement))
            fail("missing", "lists " + p + " but " + p.substr(0, p.find('.')) + " is absent");
    }
    return r;
}

}  // namespace countersign::chain::call_receipt_json
