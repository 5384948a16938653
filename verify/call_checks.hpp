// SPDX-License-Identifier: Apache-2.0
#pragma once
// The checks of one call receipt (docs/brief.md "What verified means", checks 1-4): pure functions of the
// receipt (what its writer claims), the evidence the light clients gathered (CallEvidence) and the verifier's
// own configuration. Each check yields one CheckResult with a stable code, a status, the trust level of the
// weakest input it read, and the values it compared. call_verdict.hpp turns the list into a verdict.
//
// Status rules (docs/verdict-json.md):
//   kPassed      the claim holds on the evidence; `trust` says how well that evidence is anchored.
//   kFailed      the evidence contradicts the claim (or the verifier's policy: wrong chain, asset not
//                accepted); `problem` names how, `evidence` holds expected vs actual.
//   kPending     a step has not happened yet (payment or settlement not mined, confirmations short).
//   kUnverified  neither could be shown: a lookup failed, providers disagreed or lied (a refusal proves a
//                provider lied, not that the call is bad), a search was not proven complete, the payment is
//                not bound, the TEE is not registered, or the check depends on one that did not pass
//                (NOT_CHECKED).
// Trust: a fact read from a chain has that chain's anchor trust (ChainView::anchor); a fact only the receipt
// gives is kReported. A hash or signature computed locally is as trusted as the inputs it is computed over:
// the TEE signature is kProven only with the key read from proven registry storage; the output and request
// hashes only when the hash they are compared with is the one proven in the settlement commitment.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chain/call_receipt.hpp"
#include "verify/call_evidence.hpp"

namespace countersign::verify {

// What is checked. The string forms (to_string) are stable: JSON reports and archives name them.
enum class CheckCode {
    kOutputHash,            // OUTPUT_HASH: keccak256(output) == tee.output_hash (and that hash is settled)
    kRequestHash,           // REQUEST_HASH: keccak256(request) == tee.request_hash (only when the request is given)
    kTeeKeyId,              // TEE_KEY_ID: the registered key hashes to tee_id; the receipt's key is that key
    kTeeSignature,          // TEE_SIGNATURE: RSA-PSS over keccak256(request_hash ‖ output_hash ‖ timestamp)
    kTeeRegistered,         // TEE_REGISTERED: tee_id has an entry in the configured registry's storage
    kTeeEnabled,            // TEE_ENABLED: the entry is enabled at the settlement block
    kPaymentChain,          // PAYMENT_CHAIN: the receipt's payment network is the configured payment chain
    kPaymentAsset,          // PAYMENT_ASSET: the receipt's asset is an accepted asset
    kPaymentFound,          // PAYMENT_FOUND: the tx hashing to payment_hash is in a verified block, with its receipt
    kPaymentSucceeded,      // PAYMENT_SUCCEEDED: its receipt's status is success
    kPaymentTransfer,       // PAYMENT_TRANSFER: a Transfer(payer, pay_to, amount) log emitted by the asset
    kPaymentPayTo,          // PAYMENT_PAY_TO: pay_to is the TEE's registered payment address
    kPaymentAuthorization,  // PAYMENT_AUTHORIZATION: EIP-3009 call, AuthorizationUsed, signature recovers to payer
    kPaymentBound,          // PAYMENT_BOUND: the authorization nonce is binding_nonce(request_id, request_hash)
    kPaymentConfirmations,  // PAYMENT_CONFIRMATIONS: the payment block has the configured confirmations
    kPaymentRefund,         // PAYMENT_REFUND: no bound refund (AuthorizationUsed(pay_to, refund_nonce)) up to the head
    kPaymentUnique,         // PAYMENT_UNIQUE: no other payment carries the same binding nonce
    kSettlementChain,       // SETTLEMENT_CHAIN: the receipt's settlement network is the configured settlement chain
    kSettlementFound,       // SETTLEMENT_FOUND: the settlement tx's receipt is verified and succeeded
    kSettlementEvent,       // SETTLEMENT_EVENT: the relay's event carries this call (individual or batch proof)
    kSettlementConfirmations,  // SETTLEMENT_CONFIRMATIONS: the settlement block has the configured confirmations
};
std::string_view to_string(CheckCode code) noexcept;

enum class CheckStatus { kPassed, kFailed, kPending, kUnverified };
std::string_view to_string(CheckStatus status) noexcept;  // "passed", "failed", "pending", "unverified"

// Why a check did not pass. Stable strings (to_string), append only.
enum class Problem {
    kOutputHashMismatch,       // OUTPUT_HASH_MISMATCH
    kOutputNotGiven,           // OUTPUT_NOT_GIVEN: the receipt carries no output text to hash
    kRequestHashMismatch,      // REQUEST_HASH_MISMATCH
    kTeeKeyMismatch,           // TEE_KEY_MISMATCH: a key that does not hash to tee_id, or differs from the registry's
    kTeeKeyUnknown,            // TEE_KEY_UNKNOWN: no key to verify with (registry unreadable, receipt has none)
    kTeeSignatureInvalid,      // TEE_SIGNATURE_INVALID
    kTeeNotRegistered,         // TEE_NOT_REGISTERED: proven absent from the registry's storage
    kTeeDisabled,              // TEE_DISABLED
    kRegistryMalformed,        // REGISTRY_MALFORMED: proven storage the registry contract never writes
    kChainUnexpected,          // CHAIN_UNEXPECTED: a network that is not the configured chain
    kAssetNotAccepted,         // ASSET_NOT_ACCEPTED
    kPaymentMissing,           // PAYMENT_MISSING: the receipt has no payment
    kPaymentNotFound,          // PAYMENT_NOT_FOUND
    kPaymentNotMined,          // PAYMENT_NOT_MINED (pending)
    kPaymentReverted,          // PAYMENT_REVERTED
    kPaymentTransferMismatch,  // PAYMENT_TRANSFER_MISMATCH
    kUnderpaid,                // UNDERPAID
    kWrongPayTo,               // WRONG_PAY_TO
    kPaymentAuthorizationInvalid,   // PAYMENT_AUTHORIZATION_INVALID
    kPaymentAuthorizationMismatch,  // PAYMENT_AUTHORIZATION_MISMATCH: the receipt's authorization is not the calldata's
    kAuthorizationUnreadable,       // AUTHORIZATION_UNREADABLE: not a direct transfer/receiveWithAuthorization call
    kSchemeUnsupported,             // SCHEME_UNSUPPORTED: x402 "upto" (Permit2) is not verifiable yet
    kPaymentUnbound,                // PAYMENT_UNBOUND
    kPaymentMismatch,               // PAYMENT_MISMATCH: the receipt claims the bound nonce, the chain's differs
    kPaymentUnconfirmed,            // PAYMENT_UNCONFIRMED (pending)
    kRefunded,                      // REFUNDED
    kPaymentDuplicate,              // PAYMENT_DUPLICATE
    kPaymentReplayed,               // PAYMENT_REPLAYED: another receipt verified with this one cites the same payment
    kSearchIncomplete,              // SEARCH_INCOMPLETE: a log search not proven complete, or not covering the range
    kSettlementPrivate,             // SETTLEMENT_PRIVATE: nothing settled on chain to check
    kSettlementNotFound,            // SETTLEMENT_NOT_FOUND
    kSettlementNotMined,            // SETTLEMENT_NOT_MINED (pending; also when the receipt names no settlement tx yet)
    kSettlementReverted,            // SETTLEMENT_REVERTED
    kSettlementMismatch,            // SETTLEMENT_MISMATCH
    kSettlementProofInvalid,        // SETTLEMENT_PROOF_INVALID
    kSettlementUnconfirmed,         // SETTLEMENT_UNCONFIRMED (pending)
    kProvidersDisagree,             // PROVIDERS_DISAGREE
    kProviderRefused,               // PROVIDER_REFUSED: an answer contradicted its hashes (a provider lied)
    kLookupUnavailable,             // LOOKUP_UNAVAILABLE: transport failure, timeout
    kEvidenceMissing,               // EVIDENCE_MISSING: the fetch layer did not gather this piece
    kEvidenceMismatch,              // EVIDENCE_MISMATCH: evidence about something else (other chain, block, account)
    kNotChecked,                    // NOT_CHECKED: depends on a check that did not pass
};
std::string_view to_string(Problem problem) noexcept;

struct CheckResult {
    CheckCode code{CheckCode::kOutputHash};
    CheckStatus status{CheckStatus::kUnverified};
    TrustLevel trust{TrustLevel::kReported};
    std::optional<Problem> problem;  // set exactly when status != kPassed
    std::string summary;             // one line for humans
    std::string evidence;            // what was compared: expected vs actual, block numbers, hashes

    friend bool operator==(const CheckResult&, const CheckResult&) = default;
};

// The steps a pending verdict can wait for, in the order they happen.
enum class PendingStep { kPaymentMined, kPaymentConfirmations, kSettlementMined, kSettlementConfirmations };
std::string_view to_string(PendingStep step) noexcept;  // "payment mined", "payment confirmations", ...
// The step a pending problem waits for (nullopt for problems that are not pending).
std::optional<PendingStep> pending_step(Problem problem) noexcept;

// Every check of the receipt, in the order of CheckCode (REQUEST_HASH only when the receipt gives the request).
std::vector<CheckResult> run_call_checks(const chain::CallReceipt& receipt, const CallEvidence& evidence,
                                         const VerifierConfig& config);

}  // namespace countersign::verify
