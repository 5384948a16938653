// SPDX-License-Identifier: Apache-2.0
#pragma once
// Test support for call_evidence_test and proof_bundle_test: an anvil node with real transactions that the
// evidence gathering must find. rpc tests cannot link devnet/, so two tiny contracts stand in for the token and
// the registry: a "token" whose every call emits AuthorizationUsed(calldata[0:32], calldata[32:64]) (as a real
// EIP-3009 token does for transferWithAuthorization), and a "registry" account whose storage is written by its
// constructor in the TEERegistry layout (chain/tee_registry_layout.hpp). The call checks are not the subject
// here (tests/e2e runs them on the real devnet contracts); what is gathered, and how lookups end, is.

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "chain/abi_event.hpp"
#include "chain/abi_known.hpp"
#include "chain/binding.hpp"
#include "chain/call_receipt.hpp"
#include "chain/tee_registry_layout.hpp"
#include "chain/transaction.hpp"
#include "crypto/hex.hpp"
#include "crypto/keccak.hpp"
#include "crypto/secp256k1.hpp"
#include "rpc/call_evidence.hpp"
#include "rpc/call_evidence_session.hpp"
#include "rpc/http_provider.hpp"
#include "rpc/testing/anvil.hpp"
#include "verify/call_evidence.hpp"
#include "verify/receipt_verify.hpp"

namespace countersign::rpc::evidence_testing {

inline const SecretKey kDevKey{
    *parse_hex_fixed<32>("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80")};
inline const Address kDevAccount = *parse_hex_fixed<20>("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
inline const Address kPayer = *parse_hex_fixed<20>("0x00000000000000000000000000000000000a11ce");
inline const Address kOtherPayer = *parse_hex_fixed<20>("0x0000000000000000000000000000000000000b0b");
inline const Address kPayTo = *parse_hex_fixed<20>("0x00000000000000000000000000000000c0ffee01");
inline const Address kOwner = *parse_hex_fixed<20>("0x000000000000000000000000000000000000abcd");
inline constexpr std::size_t kKeyBytes = 300;  // ten data words, the last one partly filled

inline Bytes32 word_of(const Address& a) {
    Bytes32 w{};
    std::copy(a.bytes.begin(), a.bytes.end(), w.bytes.begin() + 12);
    return w;
}

inline Bytes test_key() {
    Bytes key;
    for (std::size_t i = 0; i < kKeyBytes; ++i) key.push_back(static_cast<std::uint8_t>(0x30 + i * 7));
    return key;
}

// Runtime: log3(0, 0, AuthorizationUsed, calldataload(0), calldataload(32)); stop.
inline Bytes token_init_code() {
    const Hash32 topic = chain::event_topic(chain::authorization_used_event());
    Bytes runtime{0x60, 0x20, 0x35, 0x60, 0x00, 0x35, 0x7f};
    runtime.append(topic.data(), 32);
    runtime += Bytes{0x60, 0x00, 0x60, 0x00, 0xa3, 0x00};
    Bytes init{0x60, static_cast<std::uint8_t>(runtime.size()), 0x60, 0x0c, 0x60, 0x00, 0x39,
               0x60, static_cast<std::uint8_t>(runtime.size()), 0x60, 0x00, 0xf3};
    return init + runtime;
}

// The registry's storage for a TEE: status (enabled, owner), payment address, and a long `bytes` key.
inline std::vector<std::pair<Bytes32, Bytes32>> registry_storage(const Bytes32& tee_id, const Bytes& key,
                                                                 bool enabled = true) {
    std::vector<std::pair<Bytes32, Bytes32>> out;
    Bytes32 status{};
    status.bytes[31] = enabled ? 1 : 0;
    std::copy(kOwner.bytes.begin(), kOwner.bytes.end(), status.bytes.begin() + 11);
    out.emplace_back(chain::tee_status_slot(tee_id), status);
    out.emplace_back(chain::tee_field_slot(tee_id, chain::kTeePaymentAddressOffset), word_of(kPayTo));
    out.emplace_back(chain::tee_public_key_slot(tee_id), Uint256{static_cast<std::uint64_t>(key.size() * 2 + 1)}.to_be());
    for (std::size_t i = 0; i * 32 < key.size(); ++i) {
        Bytes32 w{};
        const std::size_t n = std::min<std::size_t>(32, key.size() - i * 32);
        std::copy(key.begin() + static_cast<std::ptrdiff_t>(i * 32),
                  key.begin() + static_cast<std::ptrdiff_t>(i * 32 + n), w.bytes.begin());
        out.emplace_back(chain::tee_public_key_data_slot(tee_id, i), w);
    }
    return out;
}

// Constructor: sstore(slot, value) for each pair; deploys no code.
inline Bytes storage_init_code(const std::vector<std::pair<Bytes32, Bytes32>>& storage) {
    Bytes code;
    for (const auto& [slot, value] : storage) {
        code.push_back(0x7f);
        code.append(value.data(), 32);
        code.push_back(0x7f);
        code.append(slot.data(), 32);
        code.push_back(0x55);
    }
    code.push_back(0x00);
    return code;
}

inline Bytes token_call(const Address& authorizer, const Bytes32& nonce) {
    Bytes data;
    const Bytes32 a = word_of(authorizer);
    data.append(a.data(), 32);
    data.append(nonce.data(), 32);
    return data;
}

// Does not own the provider: lets tests hand a shared node to a ChainSession, which owns its providers.
class Borrowed final : public Provider {
public:
    explicit Borrowed(Provider& inner) : inner_(inner) {}
    const std::string& name() const noexcept override { return inner_.name(); }
    CallResult call(std::string_view method, const json& params) override { return inner_.call(method, params); }
    BatchResult batch(std::span<const Call> calls) override { return inner_.batch(calls); }

private:
    Provider& inner_;
};

// Rewrites one method's answers: the provider that lies.
class Tampering final : public Provider {
public:
    using Edit = std::function<void(json&)>;
    Tampering(Provider& inner, std::string method, Edit edit, std::string name = {})
        : inner_(inner), method_(std::move(method)), edit_(std::move(edit)),
          name_(name.empty() ? inner.name() : std::move(name)) {}
    const std::string& name() const noexcept override { return name_; }
    CallResult call(std::string_view method, const json& params) override {
        auto r = inner_.call(method, params);
        if (r && method == method_) edit_(*r);
        return r;
    }
    BatchResult batch(std::span<const Call> calls) override { return inner_.batch(calls); }

private:
    Provider& inner_;
    std::string method_;
    Edit edit_;
    std::string name_;
};

// One anvil with a token, a registry, a payment, a second payment bound to the same request, a refund and a
// settlement transaction, each in its own block, plus a few empty blocks on top.
class EvidenceWorld : public ::testing::Test {
protected:
    void SetUp() override {
        auto started = testing::Anvil::start();
        ASSERT_TRUE(started) << started.error();
        anvil_ = std::move(*started);
        chain_id_ = anvil_->chain_id();
        auto p = HttpProvider::create(anvil_->url());
        ASSERT_TRUE(p) << p.error().to_string();
        node_ = std::move(*p);
        auto genesis = node_->call("eth_getBlockByNumber", json::array({"0x0", false}));
        ASSERT_TRUE(genesis) << genesis.error().to_string();
        genesis_ = verify::Checkpoint{0, *parse_hex_fixed<32>((*genesis)["hash"].get<std::string>())};

        request_hash_ = keccak256(to_view(std::string{"{\"prompt\":\"hello\"}"}));
        tee_id_ = keccak256(to_view(std::string{"tee-0"}));
        binding_ = chain::binding_nonce(kRequestId, request_hash_);
        key_ = test_key();

        // One transaction per block, mined explicitly: with automine anvil may put quick successive
        // transactions into one block.
        ASSERT_TRUE(node_->call("evm_setAutomine", json::array({false})));
        token_ = deploy(token_init_code(), 200'000);
        registry_ = deploy(storage_init_code(registry_storage(tee_id_, key_)), 1'000'000);
        payment_ = send(token_, token_call(kPayer, binding_), 100'000);
        other_payment_ = send(token_, token_call(kOtherPayer, binding_), 100'000);
        refund_ = send(token_, token_call(kPayTo, chain::refund_nonce(binding_)), 100'000);
        settlement_ = send(kPayTo, {}, 21'000, Uint256{1});
        for (int i = 0; i < 3; ++i) ASSERT_TRUE(node_->call("evm_mine", json::array()));
    }

    chain::Transaction make_tx(std::optional<Address> to, Bytes data, std::uint64_t gas, Uint256 value = {}) {
        chain::Transaction t;
        t.type = chain::TxType::kDynamicFee;
        t.chain_id = Uint256{chain_id_};
        t.nonce = nonce_++;
        t.max_priority_fee_per_gas = Uint256{1'000'000'000};
        t.max_fee_per_gas = Uint256{20'000'000'000};
        t.gas_limit = gas;
        t.to = to;
        t.value = value;
        t.data = std::move(data);
        auto sig = sign_recoverable(chain::signing_hash(t), kDevKey);
        EXPECT_TRUE(sig.has_value());
        t.r = Uint256::from_be(sig->r);
        t.s = Uint256::from_be(sig->s);
        t.odd_y_parity = sig->recovery_id == 1;
        return t;
    }

    // Sends and, unless told not to, mines a block holding just this transaction.
    Hash32 send_raw(const chain::Transaction& t, bool mine = true) {
        auto r = node_->call("eth_sendRawTransaction", json::array({to_hex(chain::encode_transaction(t))}));
        EXPECT_TRUE(r) << (r ? "" : r.error().to_string());
        if (mine) {
            EXPECT_TRUE(node_->call("evm_mine", json::array()));
        }
        return chain::transaction_hash(t);
    }
    Hash32 send(const Address& to, Bytes data, std::uint64_t gas, Uint256 value = {}, bool mine = true) {
        return send_raw(make_tx(to, std::move(data), gas, value), mine);
    }
    Address deploy(Bytes init, std::uint64_t gas) {
        const std::uint64_t nonce = nonce_;
        send_raw(make_tx(std::nullopt, std::move(init), gas));
        return verify::create_address(kDevAccount, nonce);
    }

    chain::CallReceipt receipt() const {
        chain::CallReceipt r;
        r.request_id = kRequestId;
        r.tee.tee_id = tee_id_;
        r.tee.request_hash = request_hash_;
        chain::ReceiptPayment p;
        p.chain_id = chain_id_;
        p.payment_hash = payment_;
        p.asset = token_;
        p.pay_to = kPayTo;
        p.payer = kPayer;
        p.amount = Uint256{10'000};
        r.payment = p;
        chain::ReceiptSettlement s;
        s.chain_id = chain_id_;
        s.mode = chain::SettlementMode::kIndividual;
        s.tx_hash = settlement_;
        r.settlement = s;
        return r;
    }

    verify::VerifierConfig config() const {
        verify::VerifierConfig c;
        c.payment_chain_id = chain_id_;
        c.settlement_chain_id = chain_id_;
        c.accepted_assets = {token_};
        c.registry = registry_;
        c.relay = kPayTo;
        return c;
    }

    // Another connection to the node: providers are not for concurrent use, and a quorum asks its members at
    // once.
    std::unique_ptr<HttpProvider> another_connection() {
        auto p = HttpProvider::create(anvil_->url());
        EXPECT_TRUE(p);
        return p ? std::move(*p) : nullptr;
    }

    // A session over `providers` (borrowed unless owned), anchored at genesis unless told otherwise.
    std::unique_ptr<ChainSession> session(std::vector<Provider*> providers, ChainSessionOptions options = {},
                                          bool anchor_at_genesis = true) {
        std::vector<std::unique_ptr<Provider>> owned;
        for (Provider* p : providers) owned.push_back(std::make_unique<Borrowed>(*p));
        options.chain_id = chain_id_;
        if (anchor_at_genesis) options.checkpoint = genesis_;
        auto s = ChainSession::open(std::move(owned), options);
        EXPECT_TRUE(s) << (s ? "" : s.error().to_string());
        return s ? std::move(*s) : nullptr;
    }

    static constexpr const char* kRequestId = "cs-test-1";
    std::unique_ptr<testing::Anvil> anvil_;
    std::uint64_t chain_id_{0};
    std::unique_ptr<HttpProvider> node_;
    verify::Checkpoint genesis_;
    std::uint64_t nonce_{0};
    Hash32 request_hash_;
    Bytes32 tee_id_;
    Bytes32 binding_;
    Bytes key_;
    Address token_, registry_;
    Hash32 payment_, other_payment_, refund_, settlement_;
};

}  // namespace countersign::rpc::evidence_testing
