// SPDX-License-Identifier: Apache-2.0
#pragma once
// Gathers the evidence for one call receipt (verify/call_evidence.hpp) through the light clients of the
// payment and the settlement chain. Nothing here decides anything: it asks, records how each lookup ended
// (found and verified, not found, not mined, refused, unavailable) and leaves every judgement to
// verify/call_checks.hpp. What it asks for is chosen from the verifier's own configuration and from verified
// data wherever possible (the refund nonce comes from the verified payment's AuthorizationUsed log, not from
// the receipt); the receipt only names what to look up (hashes, tee_id, request).
//
// Everything is bounded: header walks by the LightClient's max_walk, log searches by max_search_range (a
// longer range is cut to its newest part and marked incomplete), registry key words by kMaxStoredKeyBytes.

#include <cstddef>
#include <cstdint>
#include <optional>

#include "chain/call_receipt.hpp"
#include "rpc/fetch.hpp"
#include "verify/call_evidence.hpp"

namespace countersign::rpc {

// One chain as the verifier reaches it. Non-owning; a null client means the chain is not configured.
struct ChainSource {
    LightClient* client{nullptr};
    Fetcher* fetcher{nullptr};  // the one the client uses (asked first to tell "not mined" from "not found")
    verify::TrustLevel anchor{verify::TrustLevel::kReported};
};

// The trust level of a light client's anchor: a checkpoint the user gave is proven; one taken from the
// node(s) is corroborated when at least two providers had to agree on it, else only reported.
verify::TrustLevel anchor_trust(bool user_checkpoint, std::size_t agreeing_providers) noexcept;

struct EvidenceOptions {
    // The same-request search starts this many blocks before the payment block (or the head when the payment
    // is not found), but not below min(checkpoint, payment block) and not below block 1.
    std::uint64_t same_request_blocks_before{1000};
    // An explicit first block for the same-request search, overriding the rule above.
    std::optional<std::uint64_t> same_request_from;
    // Longest log range searched; a longer one is cut to its newest part and marked incomplete.
    std::uint64_t max_search_range{50'000};
};

verify::CallEvidence gather_call_evidence(const chain::CallReceipt& receipt, const verify::VerifierConfig& config,
                                          const ChainSource& payment, const ChainSource& settlement,
                                          const EvidenceOptions& options = {});

// How a failed fetch is reported as a lookup outcome (not found, refused, unavailable).
verify::LookupFailure lookup_failure(const FetchError& error);

}  // namespace countersign::rpc
