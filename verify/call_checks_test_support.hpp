// SPDX-License-Identifier: Apache-2.0
#pragma once
// Test-only: one honest paid call, built from real pieces: an RSA-2048 TEE key signing the TEE message, an
// EIP-3009 transferWithAuthorization signed by the payer and submitted in an EIP-1559 transaction signed by a
// facilitator, its receipt with the token's AuthorizationUsed and Transfer logs, the registry's storage laid out
// as solc does (chain/tee_registry_layout.hpp), and a settlement receipt with the relay's IndividualSettlement
// (or BatchSettlement with a StandardMerkleTree proof). World keeps the unverified parts so tests can tamper
// with any of them and rebuild the evidence.

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "chain/abi_event.hpp"
#include "chain/abi_known.hpp"
#include "chain/binding.hpp"
#include "chain/bloom.hpp"
#include "chain/call_receipt.hpp"
#include "chain/eip712_payments.hpp"
#include "chain/standard_merkle_tree.hpp"
#include "chain/tee_registry_layout.hpp"
#include "chain/transaction.hpp"
#include "crypto/keccak.hpp"
#include "crypto/rsa_pss.hpp"
#include "crypto/secp256k1.hpp"
#include "verify/call_checks.hpp"
#include "verify/call_evidence.hpp"
#include "verify/call_verdict.hpp"
#include "verify/verified_access.hpp"

namespace countersign::verify::testing {

inline constexpr std::uint64_t kPaymentChain = 8453;
inline constexpr std::uint64_t kSettlementChain = 10740;
inline constexpr std::uint64_t kPaymentBlock = 1000;
inline constexpr std::uint64_t kSettlementBlock = 500;

inline Address address_of(std::uint8_t tag) {
    Address a;
    a.bytes.fill(tag);
    return a;
}
inline SecretKey secret_of(std::uint8_t tag) {
    SecretKey k;
    k.bytes.bytes.fill(tag);
    return k;
}
inline Address address_of_secret(const SecretKey& k) {
    auto pub = public_key_from_secret(k);
    if (!pub) std::abort();
    return address_from_public_key(*pub);
}
inline Hash32 hash_of(std::string_view s) {
    return keccak256(to_view(s));
}

inline chain::Log make_log(const Address& emitter, const chain::AbiSignature& event,
                           std::vector<chain::AbiValue> values) {
    auto encoded = chain::encode_log(event, values);
    if (!encoded) std::abort();
    return chain::Log{emitter, encoded->topics, encoded->data};
}
inline chain::Log authorization_used_log(const Address& token, const Address& authorizer, const Bytes32& nonce) {
    return make_log(token, chain::authorization_used_event(),
                    {chain::AbiValue::address(authorizer), chain::AbiValue::fixed(nonce)});
}
inline chain::Log transfer_log(const Address& token, const Address& from, const Address& to, const Uint256& value) {
    return make_log(token, chain::erc20_transfer_event(),
                    {chain::AbiValue::address(from), chain::AbiValue::address(to), chain::AbiValue::uint(value)});
}

struct TeeKey {
    RsaPrivateKey key;
    Bytes spki;
};
// RSA key generation is slow: one key per process, plus a second one for "another key" tamper tests.
inline const TeeKey& tee_key(int which = 0) {
    static const std::unique_ptr<TeeKey> keys[2] = {
        [] {
            auto k = RsaPrivateKey::generate(2048);
            if (!k) std::abort();
            Bytes spki = k->public_key_der();
            return std::make_unique<TeeKey>(TeeKey{std::move(*k), std::move(spki)});
        }(),
        [] {
            auto k = RsaPrivateKey::generate(2048);
            if (!k) std::abort();
            Bytes spki = k->public_key_der();
            return std::make_unique<TeeKey>(TeeKey{std::move(*k), std::move(spki)});
        }()};
    return *keys[which];
}

inline Bytes tee_sign(const chain::ReceiptTee& tee, int which = 0) {
    Bytes m(tee.request_hash.view());
    m += tee.output_hash.view();
    m += Uint256(tee.timestamp).to_be().view();
    Bytes32 salt;
    salt.bytes.fill(0x5a);
    auto sig = sign_rsa_pss_sha256(tee_key(which).key, keccak256(m), salt);
    if (!sig) std::abort();
    return *sig;
}

inline Bytes32 word_of(const Uint256& v) {
    return v.to_be();
}

struct World {
    chain::CallReceipt receipt;
    VerifierConfig config;
    SecretKey payer_key = secret_of(0x11);
    SecretKey facilitator_key = secret_of(0x22);
    Address asset = address_of(0xa5);
    Address other_asset = address_of(0xa6);

    // payment chain
    TrustLevel payment_anchor{TrustLevel::kProven};
    std::uint64_t payment_chain_id{kPaymentChain};
    std::optional<std::uint64_t> payment_head{kPaymentBlock + 9};
    chain::Eip3009Authorization authorization;
    std::optional<VerifiedTransaction> tx;
    std::optional<VerifiedReceipt> tx_receipt;
    std::uint64_t payment_block{kPaymentBlock};
    LookupFailure payment_failure;
    std::optional<LogSearch> refund_search;
    LookupFailure refund_failure;
    std::optional<LogSearch> same_request_search;
    LookupFailure same_request_failure;

    // settlement chain
    TrustLevel settlement_anchor{TrustLevel::kProven};
    std::uint64_t settlement_chain_id{kSettlementChain};
    std::optional<std::uint64_t> settlement_head{kSettlementBlock + 4};
    std::optional<VerifiedReceipt> settlement_receipt;
    std::uint64_t settlement_block{kSettlementBlock};
    LookupFailure settlement_failure;
    std::optional<VerifiedAccountState> registry;
    std::uint64_t registry_block{kSettlementBlock};
    LookupFailure registry_failure;

    static Hash32 block_hash(std::uint64_t chain_id, std::uint64_t number) {
        return hash_of("block " + std::to_string(chain_id) + "/" + std::to_string(number));
    }

    chain::Eip712Domain domain() const { return chain::eip3009_domain("USD Coin", "2", Uint256(kPaymentChain), asset); }

    // The payment transaction and its receipt for `a`, signed by `signer` (the payer unless tampering), sent to
    // `to` (the token unless tampering). Updates everything that depends on the transaction hash.
    void rebuild_payment(const chain::Eip3009Authorization& a, const SecretKey& signer, std::optional<Address> to = {},
                         bool update_receipt_authorization = true) {
        authorization = a;
        auto sig = sign_recoverable(chain::eip3009_digest(domain(), chain::Eip3009Kind::kTransferWithAuthorization, a),
                                    signer);
        if (!sig) std::abort();
        chain::AuthorizationCall call;
        call.from = a.from;
        call.to = a.to;
        call.value = a.value;
        call.valid_after = a.valid_after;
        call.valid_before = a.valid_before;
        call.nonce = a.nonce;
        call.v = static_cast<std::uint8_t>(27 + sig->recovery_id);
        call.r = sig->r;
        call.s = sig->s;
        set_calldata(chain::encode_authorization_call(call), to.value_or(asset));
        tx_receipt->receipt.logs = {authorization_used_log(asset, a.from, a.nonce),
                                    transfer_log(asset, a.from, a.to, a.value)};
        tx_receipt->receipt.logs_bloom = chain::logs_bloom(tx_receipt->receipt.logs);
        if (update_receipt_authorization) {
            Bytes signature(sig->r.view());
            signature += sig->s.view();
            signature.push_back(static_cast<std::uint8_t>(27 + sig->recovery_id));
            receipt.payment->authorization = chain::ReceiptAuthorization{a, signature};
        }
        rebuild_searches();
    }

    // A new facilitator transaction carrying `data` to `to`; the receipt keeps its logs.
    void set_calldata(Bytes data, const Address& to) {
        chain::Transaction t;
        t.type = chain::TxType::kDynamicFee;
        t.chain_id = Uint256(kPaymentChain);
        t.nonce = 7;
        t.max_priority_fee_per_gas = Uint256(1'000'000);
        t.max_fee_per_gas = Uint256(2'000'000'000);
        t.gas_limit = 120'000;
        t.to = to;
        t.data = std::move(data);
        auto sig = sign_recoverable(chain::signing_hash(t), facilitator_key);
        if (!sig) std::abort();
        t.odd_y_parity = sig->recovery_id == 1;
        t.r = Uint256::from_be(sig->r);
        t.s = Uint256::from_be(sig->s);
        auto from = chain::recover_sender(t, {SignatureRules::kLowS, Uint256(kPaymentChain), true});
        if (!from) std::abort();
        VerifiedTransaction vt{t, chain::transaction_hash(t), 3, *from};
        tx = vt;
        if (!tx_receipt) {
            tx_receipt = VerifiedReceipt{};
            tx_receipt->receipt.type = chain::TxType::kDynamicFee;
            tx_receipt->receipt.success = true;
            tx_receipt->receipt.cumulative_gas_used = 210'000;
            tx_receipt->gas_used = 61'000;
            tx_receipt->effective_gas_price = Uint256(1'000'000'000);
            tx_receipt->first_log_index = 9;
        }
        tx_receipt->transaction_hash = vt.hash;
        tx_receipt->transaction_index = vt.index;
        tx_receipt->from = vt.from;
        tx_receipt->to = to;
        if (receipt.payment) receipt.payment->payment_hash = vt.hash;
    }

    void rebuild_searches() {
        const std::uint64_t head = payment_head.value_or(payment_block);
        refund_search = LogSearch{
            refund_search_filter(asset, receipt.payment->pay_to, authorization.nonce, payment_block, head), {}, true};
        const Bytes32 binding = chain::binding_nonce(receipt.request_id, receipt.tee.request_hash);
        same_request_search =
            LogSearch{same_request_search_filter(asset, binding, payment_block - 100, head), {}, true};
        // The payment itself matches the same-request search when it is bound; it is not a duplicate.
        if (authorization.nonce == binding) same_request_search->logs.push_back(own_authorization_log());
    }

    MatchedLog own_authorization_log() const {
        return MatchedLog{tx_receipt->receipt.logs.at(0),
                          block_hash(kPaymentChain, payment_block),
                          payment_block,
                          tx->hash,
                          tx->index,
                          tx_receipt->first_log_index};
    }

    // A bound refund: pay_to authorizes a transfer back with refund_nonce(payment nonce).
    MatchedLog refund_log(std::uint64_t block) const {
        const Bytes32 refund = chain::refund_nonce(authorization.nonce);
        return MatchedLog{authorization_used_log(asset, receipt.payment->pay_to, refund),
                          block_hash(kPaymentChain, block),
                          block,
                          hash_of("refund tx"),
                          0,
                          0};
    }
    // Another payment whose nonce is this request's binding nonce.
    MatchedLog duplicate_log(std::uint64_t block) const {
        return MatchedLog{authorization_used_log(asset, address_of(0x77), authorization.nonce),
                          block_hash(kPaymentChain, block),
                          block,
                          hash_of("second payment"),
                          1,
                          4};
    }

    // Registry storage for the TEE: status word, registeredAt, paymentAddress, publicKey (long form).
    void set_registry(const Bytes32& tee_id, const Bytes& key, const Address& payment_address, bool enabled) {
        VerifiedAccountState st;
        st.address = config.registry;
        st.account = chain::Account{1, Uint256(0), hash_of("storage root"), hash_of("registry code")};
        Bytes32 status;
        status.bytes[31 - chain::kTeeEnabledByte] = enabled ? 1 : 0;
        const Address owner = address_of(0x0e);
        std::copy(owner.bytes.begin(), owner.bytes.end(), status.bytes.begin() + (31 - chain::kTeeOwnerByte - 19));
        status.bytes[31 - chain::kTeeTypeByte] = 1;
        st.storage.push_back({chain::tee_status_slot(tee_id), Uint256::from_be(status)});
        Bytes32 pay;
        std::copy(payment_address.bytes.begin(), payment_address.bytes.end(), pay.bytes.begin() + 12);
        st.storage.push_back({chain::tee_field_slot(tee_id, chain::kTeePaymentAddressOffset), Uint256::from_be(pay)});
        st.storage.push_back({chain::tee_public_key_slot(tee_id), Uint256(key.size() * 2 + 1)});
        for (std::size_t i = 0; i * 32 < key.size(); ++i) {
            Bytes32 w;
            const std::size_t n = std::min<std::size_t>(32, key.size() - i * 32);
            std::copy(key.begin() + static_cast<std::ptrdiff_t>(i * 32),
                      key.begin() + static_cast<std::ptrdiff_t>(i * 32 + n), w.bytes.begin());
            st.storage.push_back({chain::tee_public_key_data_slot(tee_id, i), Uint256::from_be(w)});
        }
        registry = st;
    }
    VerifiedStorageSlot* registry_slot(const Bytes32& key) {
        for (auto& s : registry->storage)
            if (s.key == key) return &s;
        return nullptr;
    }

    chain::IndividualSettlement individual_settlement() const {
        chain::IndividualSettlement s;
        s.tee_id = receipt.tee.tee_id;
        s.eth_address = address_of(0x0e);
        s.input_hash = receipt.tee.request_hash;
        s.output_hash = receipt.tee.output_hash;
        s.timestamp = Uint256(receipt.tee.timestamp);
        s.walrus_blob_id = Bytes(to_view("walrus-blob-0001"));
        s.signature = receipt.tee.signature;
        return s;
    }
    static chain::Log individual_log(const Address& relay, const chain::IndividualSettlement& s) {
        return make_log(relay, chain::individual_settlement_event(),
                        {chain::AbiValue::fixed(s.tee_id), chain::AbiValue::address(s.eth_address),
                         chain::AbiValue::fixed(s.input_hash), chain::AbiValue::fixed(s.output_hash),
                         chain::AbiValue::uint(s.timestamp), chain::AbiValue::bytes(s.walrus_blob_id),
                         chain::AbiValue::bytes(s.signature)});
    }
    static chain::Log batch_log(const Address& relay, const Hash32& root, std::uint64_t size) {
        return make_log(relay, chain::batch_settlement_event(),
                        {chain::AbiValue::fixed(root), chain::AbiValue::uint(Uint256(size)),
                         chain::AbiValue::bytes(to_view("walrus-batch-0001"))});
    }

    void set_settlement_logs(std::vector<chain::Log> logs) {
        settlement_receipt->receipt.logs = std::move(logs);
        settlement_receipt->receipt.logs_bloom = chain::logs_bloom(settlement_receipt->receipt.logs);
    }

    // Switches the settlement to batch mode: the call's leaf among three others, its proof in the receipt.
    void make_batch() {
        std::vector<chain::AbiType> types = {chain::AbiType::fixed_bytes(32), chain::AbiType::fixed_bytes(32),
                                             chain::AbiType::fixed_bytes(32), chain::AbiType::bytes(),
                                             chain::AbiType::uint(256)};
        std::vector<chain::AbiValues> values;
        const auto& t = receipt.tee;
        values.push_back({chain::AbiValue::fixed(t.tee_id), chain::AbiValue::fixed(t.request_hash),
                          chain::AbiValue::fixed(t.output_hash), chain::AbiValue::bytes(t.signature),
                          chain::AbiValue::uint(Uint256(t.timestamp))});
        for (int i = 0; i < 4; ++i)
            values.push_back({chain::AbiValue::fixed(t.tee_id),
                              chain::AbiValue::fixed(hash_of("in" + std::to_string(i))),
                              chain::AbiValue::fixed(hash_of("out" + std::to_string(i))),
                              chain::AbiValue::bytes(to_view("sig" + std::to_string(i))),
                              chain::AbiValue::uint(Uint256(1'700'000'000u + static_cast<unsigned>(i)))});
        auto tree = chain::StandardMerkleTree::of(types, values);
        if (!tree) std::abort();
        auto proof = tree->proof(0);
        if (!proof) std::abort();
        receipt.settlement->mode = chain::SettlementMode::kBatch;
        receipt.settlement->walrus_blob_id = Bytes(to_view("walrus-batch-0001"));
        receipt.settlement->batch = chain::ReceiptBatchProof{tree->root(), values.size(), 0, *proof};
        set_settlement_logs({batch_log(config.relay, tree->root(), values.size())});
    }

    CallEvidence evidence() const {
        using detail::VerifiedAccess;
        CallEvidence e;
        e.payment.chain.chain_id = payment_chain_id;
        e.payment.chain.anchor = payment_anchor;
        if (payment_head) {
            chain::BlockHeader h;
            h.number = *payment_head;
            e.payment.chain.head = VerifiedAccess::make(h, block_hash(kPaymentChain, *payment_head), *payment_head);
        }
        const Hash32 pb = block_hash(kPaymentChain, payment_block);
        if (tx) e.payment.transaction = VerifiedAccess::make(*tx, pb, payment_block);
        if (tx_receipt) e.payment.receipt = VerifiedAccess::make(*tx_receipt, pb, payment_block);
        e.payment.failure = payment_failure;
        e.payment.refund_search = refund_search;
        e.payment.refund_failure = refund_failure;
        e.payment.same_request_search = same_request_search;
        e.payment.same_request_failure = same_request_failure;

        e.settlement.chain.chain_id = settlement_chain_id;
        e.settlement.chain.anchor = settlement_anchor;
        if (settlement_head) {
            chain::BlockHeader h;
            h.number = *settlement_head;
            e.settlement.chain.head =
                VerifiedAccess::make(h, block_hash(kSettlementChain, *settlement_head), *settlement_head);
        }
        if (settlement_receipt)
            e.settlement.receipt = VerifiedAccess::make(
                *settlement_receipt, block_hash(kSettlementChain, settlement_block), settlement_block);
        e.settlement.failure = settlement_failure;
        if (registry)
            e.settlement.registry =
                VerifiedAccess::make(*registry, block_hash(kSettlementChain, registry_block), registry_block);
        e.settlement.registry_failure = registry_failure;
        return e;
    }

    std::vector<CheckResult> run() const { return run_call_checks(receipt, evidence(), config); }
    Verdict verdict() const { return decide_verdict(run()); }
};

inline World honest_world() {
    World w;
    w.config.payment_chain_id = kPaymentChain;
    w.config.accepted_assets = {w.asset, w.other_asset};
    w.config.settlement_chain_id = kSettlementChain;
    w.config.registry = address_of(0xb0);
    w.config.relay = address_of(0xc0);
    w.config.payment_confirmations = 6;
    w.config.settlement_confirmations = 3;

    chain::CallReceipt& r = w.receipt;
    r.request_id = "chatcmpl-7f3a";
    r.request = R"({"messages":[{"content":"What is 2+2?","role":"user"}],"model":"og-llama"})";
    r.output = "2 + 2 = 4.";
    r.tee.tee_id = keccak256(tee_key().spki);
    r.tee.request_hash = hash_of(*r.request);
    r.tee.output_hash = hash_of(*r.output);
    r.tee.timestamp = 1'731'900'000;
    r.tee.signature = tee_sign(r.tee);
    r.tee.public_key = tee_key().spki;

    const Address pay_to = address_of(0xd0);
    chain::ReceiptPayment p;
    p.chain_id = kPaymentChain;
    p.scheme = chain::PaymentScheme::kExact;
    p.asset = w.asset;
    p.pay_to = pay_to;
    p.payer = address_of_secret(w.payer_key);
    p.amount = Uint256(1'500'000);
    r.payment = p;

    chain::Eip3009Authorization a;
    a.from = p.payer;
    a.to = pay_to;
    a.value = p.amount;
    a.valid_after = Uint256(0);
    a.valid_before = Uint256(1'731'903'600);
    a.nonce = chain::binding_nonce(r.request_id, r.tee.request_hash);
    w.rebuild_payment(a, w.payer_key);

    chain::ReceiptSettlement s;
    s.chain_id = kSettlementChain;
    s.mode = chain::SettlementMode::kIndividual;
    s.contract = w.config.relay;
    s.tx_hash = hash_of("settlement tx");
    s.walrus_blob_id = Bytes(to_view("walrus-blob-0001"));
    r.settlement = s;

    w.settlement_receipt = VerifiedReceipt{};
    w.settlement_receipt->receipt.type = chain::TxType::kDynamicFee;
    w.settlement_receipt->receipt.success = true;
    w.settlement_receipt->receipt.cumulative_gas_used = 90'000;
    w.settlement_receipt->transaction_hash = *s.tx_hash;
    w.settlement_receipt->transaction_index = 0;
    w.settlement_receipt->from = address_of(0x0e);
    w.settlement_receipt->to = w.config.relay;
    w.settlement_receipt->gas_used = 90'000;
    w.set_settlement_logs({World::individual_log(w.config.relay, w.individual_settlement())});

    w.set_registry(r.tee.tee_id, tee_key().spki, pay_to, true);
    return w;
}

inline const CheckResult* find_check(const std::vector<CheckResult>& checks, CheckCode code) {
    for (const auto& c : checks)
        if (c.code == code) return &c;
    return nullptr;
}

inline std::string dump(const std::vector<CheckResult>& checks) {
    std::string out;
    for (const auto& c : checks) {
        out += std::string(to_string(c.code)) + " " + std::string(to_string(c.status)) + " " +
               std::string(to_string(c.trust)) + (c.problem ? " " + std::string(to_string(*c.problem)) : "") + ": " +
               c.summary + " | " + c.evidence + "\n";
    }
    return out;
}

}  // namespace countersign::verify::testing
