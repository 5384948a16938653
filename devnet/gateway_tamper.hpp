// SPDX-License-Identifier: Apache-2.0
#pragma once
// The reference gateway's tamper modes: each makes one forged or broken call whose receipt differs from an
// honest one exactly where the mode says, with the verdict a correct verifier should reach. The verdict
// classes and failure codes here are the gateway's expectation, written into the index for the demo and
// tests to compare against; verify/ owns the codes.

#include <optional>
#include <span>
#include <string_view>

namespace countersign::devnet {

enum class Tamper {
    kNone,
    kChangedOutput,          // receipt.output edited after signing; tee.output_hash is the signed one
    kChangedRequest,         // receipt.request edited (another prompt, still canonical); request_hash signed
    kPaymentOfAnotherCall,   // payment.payment_hash is another (real, bound) payment's tx; rest honest
    kUnboundPayment,         // the payer signed a random nonce, not binding_nonce(request_id, request_hash)
    kRevertedPayment,        // the payment tx is mined but reverts (expired authorization, fixed gas limit)
    kUnderpaid,              // the transfer moved half the price; payment.amount states the full price
    kWrongPayTo,             // paid to the facilitator, not the TEE's registered payment address
    kReplayedPayment,        // never paid: cites the payment object of the run's first paid call
    kUnregisteredKey,        // signed by an RSA key never registered (settled in a batch of one)
    kDisabledTee,            // the TEE is disabled in the registry at the settlement block (batch of one)
    kSettlementOtherHashes,  // the IndividualSettlement event carries other input/output hashes
    kBatchProofOtherLeaf,    // batch of two; the receipt's proof is the other leaf's proof
    kPaymentNotMined,        // the payment tx is in the node's pool (nonce gap), never mined
    kPaymentTxMissing,       // payment_hash of a tx no node knows
};

struct TamperInfo {
    Tamper tamper;
    std::string_view name;             // the --tamper argument
    std::string_view expected_verdict; // passed | failed | risky | pending | refunded
    std::string_view expected_code;    // the problem code countersign verify decides on (asserted by tests/e2e)
    std::string_view description;
};

// Every mode except kNone, in the order above.
std::span<const TamperInfo> tamper_modes() noexcept;
const TamperInfo& tamper_info(Tamper tamper) noexcept;  // kNone gives {"none", "passed", "", ...}
std::optional<Tamper> parse_tamper(std::string_view name) noexcept;

}  // namespace countersign::devnet
