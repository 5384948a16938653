// SPDX-License-Identifier: Apache-2.0
#pragma once
// Everything the checks of one call receipt may look at, gathered by the fetch layer (rpc/call_evidence.hpp)
// through the light clients of the payment and the settlement chain, or replayed from a proof bundle. The
// checks (verify/call_checks.hpp) are pure functions of a CallReceipt, this evidence and the verifier's own
// configuration (VerifierConfig): nothing here comes from the receipt's writer except through Verified<T>,
// which only verify/ can make, and the lookup outcomes, which say how a missing piece went missing.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chain/header.hpp"
#include "crypto/bytes.hpp"
#include "verify/block_verify.hpp"
#include "verify/logs_verify.hpp"
#include "verify/receipt_verify.hpp"
#include "verify/refusal.hpp"
#include "verify/state_verify.hpp"
#include "verify/verified.hpp"

namespace countersign::verify {

// How far a fact can be trusted (docs/trust-model.md). Ordered: a check is as strong as its weakest input.
enum class TrustLevel {
    kProven,        // bytes hash-chained to a header the light client linked to a user checkpoint
    kCorroborated,  // k of n independent providers agreed, but the anchor itself was not given by the user
    kReported,      // one source said so
};
std::string_view to_string(TrustLevel level) noexcept;

// The verifier's own knowledge of the world: which chains and contracts count. Never taken from a receipt
// (a gateway could point a receipt at a registry or token it deployed itself).
struct VerifierConfig {
    std::uint64_t payment_chain_id{0};
    std::vector<Address> accepted_assets;  // tokens a payment may be made in
    std::uint64_t settlement_chain_id{0};
    Address registry;  // the TEERegistry (layout: chain/tee_registry_layout.hpp)
    Address relay;     // the InferenceSettlementRelay whose events count as settlement
    std::uint64_t payment_confirmations{1};     // blocks on top of the payment's block, itself included
    std::uint64_t settlement_confirmations{1};
    // The EIP-712 domain (name, version) of each accepted asset, for checking EIP-3009 authorization
    // signatures (chainId = payment_chain_id, verifyingContract = the asset). An accepted asset not listed
    // here uses USDC's domain, kDefaultAssetDomainName / kDefaultAssetDomainVersion.
    struct AssetDomain {
        Address asset;
        std::string name;
        std::string version;
    };
    std::vector<AssetDomain> asset_domains;
};

inline constexpr std::string_view kDefaultAssetDomainName = "USD Coin";
inline constexpr std::string_view kDefaultAssetDomainVersion = "2";

// Why a piece of evidence is absent.
enum class LookupOutcome {
    kNotAsked,     // the receipt gave nothing to look up (e.g. private settlement)
    kNotFound,     // the node(s) answered null: no such transaction is known to them
    kNotMined,     // the node knows the transaction but it is not in a block yet (mempool)
    kRefused,      // the light client refused the answer (see refusal): the data contradicts its hashes
    kUnavailable,  // transport failure, timeout, or providers disagreeing (PROVIDERS_DISAGREE in refusal)
};
std::string_view to_string(LookupOutcome outcome) noexcept;

struct LookupFailure {
    LookupOutcome outcome{LookupOutcome::kNotAsked};
    std::string detail;                // provider, method and cause, for the human report
    std::optional<Refusal> refusal;    // for kRefused and for a quorum disagreement
    // How far the outcome itself is confirmed (a kNotFound answered by k of n providers is kCorroborated).
    // Nothing about an absence chains to a header, so never kProven.
    TrustLevel trust{TrustLevel::kReported};
};

// A search for logs (refund, second payment for the same request).
struct LogSearch {
    LogFilter filter;               // what was searched: address, topics, block range
    std::vector<MatchedLog> logs;   // what was found in that range
    bool complete{false};           // proven complete (bloom + every receipt of the other blocks verified)
};

// One chain's state as the light client saw it.
struct ChainView {
    std::uint64_t chain_id{0};
    TrustLevel anchor{TrustLevel::kReported};  // how its headers are anchored (user checkpoint -> kProven)
    std::optional<Verified<chain::BlockHeader>> head;  // highest verified header; confirmations count to it
};

struct PaymentEvidence {
    ChainView chain;
    std::optional<Verified<VerifiedTransaction>> transaction;  // the tx whose hash is payment_hash
    std::optional<Verified<VerifiedReceipt>> receipt;          // its receipt, in the same block
    LookupFailure failure;                                     // when transaction or receipt is absent
    // AuthorizationUsed(pay_to, refund_nonce(payment nonce)) on the token, from the payment block to the head.
    std::optional<LogSearch> refund_search;
    LookupFailure refund_failure;
    // AuthorizationUsed(*, binding_nonce(request)) on the token over the search window: payments bound to the
    // same request other than this one.
    std::optional<LogSearch> same_request_search;
    LookupFailure same_request_failure;
};

struct SettlementEvidence {
    ChainView chain;
    std::optional<Verified<VerifiedReceipt>> receipt;  // the settlement transaction's receipt (its events)
    LookupFailure failure;
    // The registry's storage for tee_id (status word, paymentAddress word, public key length and data words:
    // tee_registry_slots()) at the settlement receipt's block exactly (or at the head for private settlement).
    std::optional<Verified<VerifiedAccountState>> registry;
    LookupFailure registry_failure;
};

struct CallEvidence {
    PaymentEvidence payment;
    SettlementEvidence settlement;
};

// The weaker of two trust levels.
TrustLevel weakest(TrustLevel a, TrustLevel b) noexcept;

// What the fetch layer must look up, in the shape the checks expect (a search of another shape proves nothing
// and is reported as unverified).
//
// Refund search: AuthorizationUsed(authorizer = pay_to, nonce = refund_nonce(payment_nonce)) on the asset.
LogFilter refund_search_filter(const Address& asset, const Address& pay_to, const Bytes32& payment_nonce,
                               std::uint64_t from_block, std::uint64_t to_block);
// Same-request search: AuthorizationUsed(any authorizer, nonce = binding_nonce) on the asset.
LogFilter same_request_search_filter(const Address& asset, const Bytes32& binding_nonce, std::uint64_t from_block,
                                     std::uint64_t to_block);
// The registry storage slots the TEE checks read for tee_id (chain/tee_registry_layout.hpp): the status word,
// the paymentAddress word and the publicKey length word; plus, once the length word is known
// (key_length = its decoded byte length), the ceil(key_length / 32) public key data words.
std::vector<Bytes32> tee_registry_slots(const Bytes32& tee_id, std::size_t key_length = 0);

}  // namespace countersign::verify
