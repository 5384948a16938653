// SPDX-License-Identifier: Apache-2.0
#include "devnet/gateway_tamper.hpp"

#include <array>

namespace countersign::devnet {
namespace {

constexpr TamperInfo kNoTamper{Tamper::kNone, "none", "passed", "", "an honest call"};

constexpr std::array<TamperInfo, 14> kModes = {{
    {Tamper::kChangedOutput, "changed-output", "failed", "OUTPUT_HASH_MISMATCH",
     "receipt output text edited after signing; tee.output_hash is the signed one"},
    {Tamper::kChangedRequest, "changed-request", "failed", "REQUEST_HASH_MISMATCH",
     "receipt request text edited (another prompt); tee.request_hash is the signed one"},
    {Tamper::kPaymentOfAnotherCall, "payment-of-another-call", "failed", "PAYMENT_AUTHORIZATION_MISMATCH",
     "payment_hash names another call's real payment; the rest of the payment object is this call's"},
    {Tamper::kUnboundPayment, "unbound-payment", "risky", "PAYMENT_UNBOUND",
     "the payer signed a random nonce instead of the binding nonce; the transfer succeeded"},
    {Tamper::kRevertedPayment, "reverted-payment", "failed", "PAYMENT_REVERTED",
     "the payment tx was mined but reverted (expired authorization sent with a fixed gas limit)"},
    {Tamper::kUnderpaid, "underpaid", "failed", "UNDERPAID",
     "the transfer moved half the price; payment.amount states the full price"},
    {Tamper::kWrongPayTo, "wrong-pay-to", "failed", "WRONG_PAY_TO",
     "paid to the facilitator, not the TEE's registered payment address (payment.pay_to says so)"},
    {Tamper::kReplayedPayment, "replayed-payment", "risky", "PAYMENT_UNBOUND",
     "never paid: the receipt cites the payment object of the run's first paid call"},
    {Tamper::kUnregisteredKey, "unregistered-key", "risky", "TEE_NOT_REGISTERED",
     "signed by an RSA key never registered (tee_id = its hash); settled in a batch of one"},
    {Tamper::kDisabledTee, "disabled-tee", "failed", "TEE_DISABLED",
     "the TEE was disabled in the registry at the settlement block (batch of one; re-enabled after)"},
    {Tamper::kSettlementOtherHashes, "settlement-other-hashes", "failed", "SETTLEMENT_MISMATCH",
     "the IndividualSettlement event carries other input/output hashes than the receipt"},
    {Tamper::kBatchProofOtherLeaf, "batch-proof-other-leaf", "failed", "SETTLEMENT_PROOF_INVALID",
     "batch of two; the receipt's Merkle proof is the proof of the other leaf"},
    {Tamper::kPaymentNotMined, "payment-not-mined", "pending", "PAYMENT_NOT_MINED",
     "the payment tx waits in the node's pool behind a nonce gap (blockNumber null)"},
    {Tamper::kPaymentTxMissing, "payment-tx-missing", "risky", "PAYMENT_NOT_FOUND",
     "payment_hash of a transaction no node knows"},
}};

}  // namespace

std::span<const TamperInfo> tamper_modes() noexcept { return kModes; }

const TamperInfo& tamper_info(Tamper tamper) noexcept {
    for (const TamperInfo& info : kModes)
        if (info.tamper == tamper) return info;
    return kNoTamper;
}

std::optional<Tamper> parse_tamper(std::string_view name) noexcept {
    if (name == kNoTamper.name) return Tamper::kNone;
    for (const TamperInfo& info : kModes)
        if (info.name == name) return info.tamper;
    return std::nullopt;
}

}  // namespace countersign::devnet
