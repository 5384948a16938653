// SPDX-License-Identifier: Apache-2.0
// x402 "exact" payments on a live anvil (chain id 8453): the payer signs an EIP-3009 authorization whose
// nonce binds it to a request, a facilitator submits it, and the chain's receipt shows Transfer and
// AuthorizationUsed with the signed fields. Replays, expired, early, forged and malleable authorizations
// revert with the token's reason.
#include <gtest/gtest.h>

#include "chain/abi_known.hpp"
#include "chain/binding.hpp"
#include "chain/eip712.hpp"
#include "crypto/keccak.hpp"
#include "devnet/devnet_test_fixture.hpp"

namespace countersign::devnet {
namespace {

constexpr std::uint64_t kUsdc = 1'000'000;  // 6 decimals

class PaymentTest : public DevnetTest {
protected:
    void SetUp() override {
        DevnetTest::SetUp();
        if (HasFatalFailure()) return;
        auto minted =
            client_->transact(deployer_, {contracts_.token, token_mint_call(payer_.address, Uint256(10 * kUsdc))});
        ASSERT_TRUE(minted) << minted.error().to_string();
        domain_ = token_domain(kBaseChainId, contracts_.token);
    }

    chain::Eip3009Authorization authorization(std::string_view request_id, std::uint64_t value) const {
        const Hash32 request_hash = keccak256(to_view(R"({"messages":[{"content":"hi","role":"user"}],"model":"m"})"));
        chain::Eip3009Authorization a;
        a.from = payer_.address;
        a.to = pay_to_.address;
        a.value = Uint256(value);
        a.valid_after = Uint256(0);
        a.valid_before = Uint256(latest_timestamp() + 3600);
        a.nonce = chain::binding_nonce(request_id, request_hash);
        return a;
    }

    Bytes signed_call(const chain::Eip3009Authorization& a,
                      chain::Eip3009Kind kind = chain::Eip3009Kind::kTransferWithAuthorization,
                      const SecretKey* key = nullptr) const {
        auto call = sign_authorization(domain_, kind, a, key ? *key : payer_.secret);
        EXPECT_TRUE(call) << call.error().to_string();
        return call ? chain::encode_authorization_call(*call) : Bytes{};
    }

    // The reason eth_estimateGas gives for a call that must revert.
    std::string revert_reason(const DevAccount& from, ByteView data) const {
        auto tx = client_->build(from, {contracts_.token, Bytes(data)});
        if (tx) return "(did not revert)";
        return tx.error().revert_reason.value_or("(no reason: " + tx.error().message + ")");
    }

    const DevAccount payer_ = anvil_account(1);
    const DevAccount facilitator_ = anvil_account(2);
    const DevAccount pay_to_ = anvil_account(3);
    chain::Eip712Domain domain_;
};

TEST_F(PaymentTest, DomainSeparatorOnChainEqualsOurs) {
    const chain::AbiType t = chain::AbiType::fixed_bytes(32);
    auto on_chain = call_decoded(contracts_.token, *chain::encode_call(token_domain_separator_function(), {}), {&t, 1});
    ASSERT_EQ(on_chain.size(), 1u);
    EXPECT_EQ(on_chain[0].bytes32(), chain::domain_separator(domain_));
    EXPECT_EQ(token_balance(payer_.address), Uint256(10 * kUsdc));
}

TEST_F(PaymentTest, BoundTransferWithAuthorizationEmitsTransferAndAuthorizationUsed) {
    const auto a = authorization("req-0001", 1'500'000);
    const Bytes data = signed_call(a);
    auto outcome = client_->transact(facilitator_, {contracts_.token, data});
    ASSERT_TRUE(outcome) << outcome.error().to_string();

    const chain::RpcReceipt& r = outcome->receipt;
    EXPECT_EQ(r.claims.from, facilitator_.address);
    // The facilitator's own transaction: EIP-1559 on chain 8453, signed by the facilitator's key.
    EXPECT_EQ(outcome->transaction.type, chain::TxType::kDynamicFee);
    auto sender = chain::recover_sender(outcome->transaction, {SignatureRules::kLowS, Uint256(kBaseChainId), true});
    ASSERT_TRUE(sender) << chain::to_string(sender.error());
    EXPECT_EQ(*sender, facilitator_.address);
    ASSERT_EQ(r.receipt.logs.size(), 2u);
    for (const chain::Log& log : r.receipt.logs) EXPECT_EQ(log.address, contracts_.token);
    // USDC's order: AuthorizationUsed, then Transfer.
    auto transfer = chain::decode_erc20_transfer(r.receipt.logs[1].topics, r.receipt.logs[1].data);
    ASSERT_TRUE(transfer) << chain::to_string(transfer.error());
    EXPECT_EQ(transfer->from, payer_.address);
    EXPECT_EQ(transfer->to, pay_to_.address);
    EXPECT_EQ(transfer->value, Uint256(1'500'000));
    auto used = chain::decode_authorization_used(r.receipt.logs[0].topics, r.receipt.logs[0].data);
    ASSERT_TRUE(used) << chain::to_string(used.error());
    EXPECT_EQ(used->authorizer, payer_.address);
    EXPECT_EQ(used->nonce, a.nonce);
    EXPECT_EQ(used->nonce, chain::binding_nonce("req-0001", keccak256(to_view(
                               R"({"messages":[{"content":"hi","role":"user"}],"model":"m"})"))));

    // What a verifier does with the mined transaction: decode the calldata, recover the payer.
    auto call = chain::decode_authorization_call(outcome->transaction.data);
    ASSERT_TRUE(call);
    EXPECT_EQ(call->from, payer_.address);
    const chain::Eip3009Authorization signed_auth{call->from, call->to, call->value, call->valid_after,
                                                  call->valid_before, call->nonce};
    const Signature sig{call->r, call->s, static_cast<std::uint8_t>(call->v - 27)};
    auto signer = recover_address(chain::eip3009_digest(domain_, chain::Eip3009Kind::kTransferWithAuthorization,
                                                        signed_auth), sig, SignatureRules::kLowS);
    ASSERT_TRUE(signer);
    EXPECT_EQ(*signer, payer_.address);

    EXPECT_EQ(token_balance(payer_.address), Uint256(10 * kUsdc - 1'500'000));
    EXPECT_EQ(token_balance(pay_to_.address), Uint256(1'500'000));
    const chain::AbiType b = chain::AbiType::boolean();
    auto state = call_decoded(contracts_.token, token_authorization_state_call(payer_.address, a.nonce), {&b, 1});
    ASSERT_EQ(state.size(), 1u);
    EXPECT_TRUE(state[0].get<bool>());
}

TEST_F(PaymentTest, ReplayOfTheSameAuthorizationReverts) {
    const Bytes data = signed_call(authorization("req-replay", 2 * kUsdc));
    ASSERT_TRUE(client_->transact(facilitator_, {contracts_.token, data}));
    EXPECT_EQ(revert_reason(facilitator_, data), "authorization is used or canceled");
    // Forced on chain with a fixed gas limit: mined, failed, no logs, no money moved.
    TxRequest forced{contracts_.token, data, Uint256(0), 200'000};
    auto replay = client_->send(facilitator_, forced);
    ASSERT_TRUE(replay) << replay.error().to_string();
    EXPECT_FALSE(replay->receipt.receipt.success);
    EXPECT_TRUE(replay->receipt.receipt.logs.empty());
    EXPECT_EQ(token_balance(pay_to_.address), Uint256(2 * kUsdc));
    EXPECT_EQ(token_balance(payer_.address), Uint256(8 * kUsdc));
}

TEST_F(PaymentTest, TamperedAuthorizationsRevert) {
    auto a = authorization("req-tamper", kUsdc);

    // Signed by someone else.
    EXPECT_EQ(revert_reason(facilitator_, signed_call(a, chain::Eip3009Kind::kTransferWithAuthorization,
                                                      &facilitator_.secret)), "invalid signature");
    // Any signed field changed after signing.
    auto call = *sign_authorization(domain_, chain::Eip3009Kind::kTransferWithAuthorization, a, payer_.secret);
    auto more = call;
    more.value = Uint256(2 * kUsdc);
    EXPECT_EQ(revert_reason(facilitator_, chain::encode_authorization_call(more)), "invalid signature");
    auto elsewhere = call;
    elsewhere.to = facilitator_.address;
    EXPECT_EQ(revert_reason(facilitator_, chain::encode_authorization_call(elsewhere)), "invalid signature");
    auto other_nonce = call;
    other_nonce.nonce = chain::refund_nonce(call.nonce);
    EXPECT_EQ(revert_reason(facilitator_, chain::encode_authorization_call(other_nonce)), "invalid signature");
    // The malleable twin (n - s, flipped v) is refused by the low-s rule.
    auto high_s = call;
    high_s.s = (Uint256::from_be(Bytes32{kSecp256k1Order}) - Uint256::from_be(call.s)).to_be();
    high_s.v = static_cast<std::uint8_t>(call.v == 27 ? 28 : 27);
    EXPECT_EQ(revert_reason(facilitator_, chain::encode_authorization_call(high_s)), "invalid signature 's' value");
    auto bad_v = call;
    bad_v.v = 29;
    EXPECT_EQ(revert_reason(facilitator_, chain::encode_authorization_call(bad_v)), "invalid signature 'v' value");
    // Validity window.
    auto expired = a;
    expired.valid_before = Uint256(latest_timestamp() - 1);
    EXPECT_EQ(revert_reason(facilitator_, signed_call(expired)), "authorization is expired");
    auto early = a;
    early.valid_after = Uint256(latest_timestamp() + 3600);
    early.valid_before = Uint256(latest_timestamp() + 7200);
    EXPECT_EQ(revert_reason(facilitator_, signed_call(early)), "authorization is not yet valid");
    // More than the payer has.
    auto too_much = a;
    too_much.value = Uint256(11 * kUsdc);
    EXPECT_EQ(revert_reason(facilitator_, signed_call(too_much)), "transfer amount exceeds balance");
    // And the untampered one goes through.
    EXPECT_TRUE(client_->transact(facilitator_, {contracts_.token, signed_call(a)}));
}

TEST_F(PaymentTest, ReceiveWithAuthorizationOnlyByThePayee) {
    const auto a = authorization("req-receive", kUsdc);
    const Bytes data = signed_call(a, chain::Eip3009Kind::kReceiveWithAuthorization);
    EXPECT_EQ(revert_reason(facilitator_, data), "caller must be the payee");
    // A receive authorization is not a transfer authorization (different type hash).
    auto as_transfer = *chain::decode_authorization_call(data);
    as_transfer.kind = chain::AuthorizationCallKind::kTransferWithAuthorization;
    EXPECT_EQ(revert_reason(pay_to_, chain::encode_authorization_call(as_transfer)), "invalid signature");
    auto outcome = client_->transact(pay_to_, {contracts_.token, data});
    ASSERT_TRUE(outcome) << outcome.error().to_string();
    ASSERT_EQ(outcome->receipt.receipt.logs.size(), 2u);
    auto used = chain::decode_authorization_used(outcome->receipt.receipt.logs[0].topics,
                                                 outcome->receipt.receipt.logs[0].data);
    ASSERT_TRUE(used);
    EXPECT_EQ(used->nonce, a.nonce);
    EXPECT_EQ(token_balance(pay_to_.address), Uint256(kUsdc));
}

TEST_F(PaymentTest, CanceledAuthorizationCannotBeUsed) {
    const auto a = authorization("req-cancel", kUsdc);
    auto cancel = sign_cancel_authorization_call(domain_, {payer_.address, a.nonce}, payer_.secret);
    ASSERT_TRUE(cancel) << cancel.error().to_string();
    // Only the authorizer's signature cancels.
    auto forged = sign_cancel_authorization_call(domain_, {payer_.address, a.nonce}, facilitator_.secret);
    EXPECT_EQ(revert_reason(facilitator_, *forged), "invalid signature");

    auto outcome = client_->transact(facilitator_, {contracts_.token, *cancel});
    ASSERT_TRUE(outcome) << outcome.error().to_string();
    ASSERT_EQ(outcome->receipt.receipt.logs.size(), 1u);
    const chain::Log& log = outcome->receipt.receipt.logs[0];
    auto event = chain::decode_log(authorization_canceled_event(), log.topics, log.data);
    ASSERT_TRUE(event);
    EXPECT_EQ(event->find("authorizer")->get<Address>(), payer_.address);
    EXPECT_EQ(event->find("nonce")->bytes32(), a.nonce);
    EXPECT_EQ(revert_reason(facilitator_, signed_call(a)), "authorization is used or canceled");
    EXPECT_EQ(revert_reason(facilitator_, *cancel), "authorization is used or canceled");
}

TEST_F(PaymentTest, OnlyTheMinterMints) {
    EXPECT_EQ(revert_reason(payer_, token_mint_call(payer_.address, Uint256(1))), "caller is not the minter");
}

}  // namespace
}  // namespace countersign::devnet
