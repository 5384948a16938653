// SPDX-License-Identifier: Apache-2.0
// The gateway's payments on the payment chain: the payer's bound EIP-3009 authorization submitted by the
// facilitator, the payment-side tamper modes, and refunds.
#include "chain/binding.hpp"
#include "crypto/hex.hpp"
#include "crypto/keccak.hpp"
#include "devnet/contracts.hpp"
#include "devnet/gateway_draft.hpp"

namespace countersign::devnet {
namespace {

using gateway_detail::err;

constexpr std::uint64_t kFixedGasLimit = 200'000;  // lets a reverting payment be mined
constexpr std::uint64_t kOneEther = 1'000'000'000'000'000'000ull;

}  // namespace

Expected<Hash32, std::string> Gateway::send_payment(Draft& d, const chain::Eip3009Authorization& a,
                                                    const DevAccount& submitter, bool must_succeed) {
    const DevnetClient& payment = connection_->payment();
    const DevAccount payer = anvil_account(kPayerAccount);
    auto call = sign_authorization(token_domain(payment.chain_id(), devnet().token),
                                   chain::Eip3009Kind::kTransferWithAuthorization, a, payer.secret);
    if (!call) return unexpected(err(call.error()));
    TxRequest request{devnet().token, chain::encode_authorization_call(*call), Uint256(0)};
    if (!must_succeed) request.gas_limit = kFixedGasLimit;
    auto outcome = payment.send(submitter, request);
    if (!outcome) {
        std::string hint;
        if (outcome.error().revert_reason == "authorization is used or canceled")
            hint = " (this seed was already used on this devnet: its binding nonces are spent; pick another --seed)";
        return unexpected(d.request_id + ": payment: " + err(outcome.error()) + hint);
    }
    if (outcome->receipt.receipt.success != must_succeed)
        return unexpected(d.request_id + ": payment tx " + to_hex(outcome->hash) +
                          (must_succeed ? " reverted" : " did not revert"));
    return outcome->hash;
}

// A payment tx that the node keeps in its pool without mining: sent by a fresh, funded account with nonce 1
// while its nonce 0 is never used (a nonce gap). The account is derived from the seed; one that already has
// ether (an earlier run on this world) is skipped, since a second gap transaction could fill the first.
Expected<Hash32, std::string> Gateway::submit_stuck_payment(Draft& d, const Bytes& calldata) {
    const DevnetClient& payment = connection_->payment();
    std::optional<DevAccount> stuck;
    for (std::uint64_t attempt = 0; attempt < 64 && !stuck; ++attempt) {
        const Bytes32 secret = d.derive("stuck-facilitator/" + std::to_string(attempt), options_.seed);
        auto account = DevAccount::from_secret(SecretKey{secret});
        if (!account) continue;
        auto balance = payment.balance(account->address);
        if (!balance) return unexpected(err(balance.error()));
        if (balance->is_zero()) stuck = *account;
    }
    if (!stuck) return unexpected(std::string("no fresh account for the stuck payment"));
    auto funded = payment.transact(anvil_account(kDeployerAccount), {stuck->address, {}, Uint256(kOneEther)});
    if (!funded) return unexpected("funding the stuck facilitator: " + err(funded.error()));
    TxRequest request{devnet().token, calldata, Uint256(0), kFixedGasLimit, 1};
    auto tx = payment.build(*stuck, request);
    if (!tx) return unexpected(err(tx.error()));
    auto hash = payment.submit(*tx);
    if (!hash) return unexpected(err(hash.error()));
    // The node must know it and must not have mined it.
    auto known = payment.provider().call("eth_getTransactionByHash", rpc::json::array({to_hex(*hash)}));
    if (!known) return unexpected("eth_getTransactionByHash: " + known.error().to_string());
    if (!known->is_object() || !known->contains("blockNumber") || !(*known)["blockNumber"].is_null())
        return unexpected("the stuck payment is not a known, unmined transaction: " + known->dump());
    return *hash;
}

Expected<void, std::string> Gateway::pay(Draft& d) {
    const DevnetDescription& desc = devnet();
    const DevnetClient& payment = connection_->payment();
    const DevAccount payer = anvil_account(kPayerAccount);
    const DevAccount facilitator = anvil_account(kFacilitatorAccount);
    if (d.spec.tamper == Tamper::kReplayedPayment) {
        if (!first_payment_) return unexpected(d.request_id + ": replayed-payment needs an earlier paid call");
        d.payment = *first_payment_;
        return {};
    }

    chain::Eip3009Authorization a;
    a.from = payer.address;
    a.to = desc.tee_payment_address;
    a.value = desc.price;
    a.valid_after = Uint256(0);
    a.valid_before = Uint256(kAuthorizationValidBefore);
    a.nonce = chain::binding_nonce(d.request_id, d.tee.request_hash);
    switch (d.spec.tamper) {
        case Tamper::kUnboundPayment: a.nonce = d.derive("unbound-nonce", options_.seed); break;
        case Tamper::kRevertedPayment: a.valid_before = Uint256(1); break;  // long expired
        case Tamper::kUnderpaid: a.value = desc.price / Uint256(2); break;
        case Tamper::kWrongPayTo: a.to = facilitator.address; break;
        default: break;
    }
    d.payment_nonce = a.nonce;
    d.paid_value = a.value;

    auto call = sign_authorization(token_domain(payment.chain_id(), desc.token),
                                   chain::Eip3009Kind::kTransferWithAuthorization, a, payer.secret);
    if (!call) return unexpected(err(call.error()));
    Bytes signature(call->r.view());
    signature += call->s.view();
    signature += call->v;

    Hash32 payment_hash;
    switch (d.spec.tamper) {
        case Tamper::kPaymentTxMissing:
            payment_hash = d.derive("missing-payment-tx", options_.seed);
            break;
        case Tamper::kPaymentNotMined: {
            auto hash = submit_stuck_payment(d, chain::encode_authorization_call(*call));
            if (!hash) return unexpected(d.request_id + ": " + hash.error());
            payment_hash = *hash;
            d.payment_tx = *hash;
            break;
        }
        default: {
            const bool must_succeed = d.spec.tamper != Tamper::kRevertedPayment;
            auto hash = send_payment(d, a, facilitator, must_succeed);
            if (!hash) return unexpected(hash.error());
            payment_hash = *hash;
            d.payment_tx = *hash;
            d.payment_mined_ok = must_succeed;
        }
    }

    chain::ReceiptPayment p;
    p.chain_id = desc.payment.chain_id;
    p.payment_hash = payment_hash;
    p.scheme = chain::PaymentScheme::kExact;
    p.asset = desc.token;
    p.pay_to = a.to;
    p.payer = payer.address;
    p.amount = desc.price;  // the price the receipt states, whatever moved
    p.authorization = chain::ReceiptAuthorization{a, signature};
    d.payment = p;
    if (d.spec.tamper == Tamper::kNone && !first_payment_) first_payment_ = p;

    if (d.spec.tamper == Tamper::kPaymentOfAnotherCall) {
        // A second, real and bound payment for another request; the receipt will cite its hash.
        ChatRequest other_chat = d.chat;
        other_chat.messages.back().content += " (another call)";
        auto other_request = canonical_request_json(other_chat);
        if (!other_request) return unexpected(other_request.error());
        chain::Eip3009Authorization other = a;
        other.nonce = chain::binding_nonce(d.request_id + "-other", keccak256(to_view(*other_request)));
        auto hash = send_payment(d, other, facilitator, true);
        if (!hash) return unexpected(hash.error());
        d.decoy_payment_tx = *hash;
    }
    return {};
}

Expected<void, std::string> Gateway::refund(Draft& d) {
    if (!d.payment_mined_ok) return unexpected(d.request_id + ": only a mined, successful payment can be refunded");
    const DevnetClient& payment = connection_->payment();
    const DevAccount pay_to = anvil_account(kPayToAccount);
    if (pay_to.address != devnet().tee_payment_address)
        return unexpected(std::string("the TEE's payment address is not an account this gateway holds"));
    chain::Eip3009Authorization a;
    a.from = pay_to.address;
    a.to = anvil_account(kPayerAccount).address;
    a.value = d.paid_value;
    a.valid_after = Uint256(0);
    a.valid_before = Uint256(kAuthorizationValidBefore);
    a.nonce = chain::refund_nonce(d.payment_nonce);
    auto call = sign_authorization(token_domain(payment.chain_id(), devnet().token),
                                   chain::Eip3009Kind::kTransferWithAuthorization, a, pay_to.secret);
    if (!call) return unexpected(err(call.error()));
    auto outcome = payment.transact(anvil_account(kFacilitatorAccount),
                                    {devnet().token, chain::encode_authorization_call(*call)});
    if (!outcome) return unexpected(d.request_id + ": refund: " + err(outcome.error()));
    d.refund_tx = outcome->hash;
    return {};
}

}  // namespace countersign::devnet
