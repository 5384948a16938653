// SPDX-License-Identifier: Apache-2.0
#pragma once
// Internal to verify/call_checks*.cpp: the pieces the check groups share. Not part of the public API.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chain/tee_registry_layout.hpp"
#include "crypto/hex.hpp"
#include "verify/call_checks.hpp"

namespace countersign::verify::checks_detail {

struct CheckContext {
    const chain::CallReceipt& receipt;
    const CallEvidence& evidence;
    const VerifierConfig& config;
};

CheckResult passed(CheckCode code, TrustLevel trust, std::string summary, std::string evidence = {});
CheckResult failed(CheckCode code, Problem problem, TrustLevel trust, std::string summary, std::string evidence = {});
CheckResult pending(CheckCode code, Problem problem, TrustLevel trust, std::string summary, std::string evidence = {});
CheckResult unverified(CheckCode code, Problem problem, TrustLevel trust, std::string summary,
                       std::string evidence = {});
// A check that depends on `on`, which did not pass.
CheckResult not_checked(CheckCode code, CheckCode on, std::string_view why = {});
// The same result under another check's code (a shared cause reported in each dependent check).
CheckResult recoded(CheckResult result, CheckCode code);

// How a lookup failure reads as a check result. `not_found` / `not_mined` are the problems for those outcomes
// where absence means something for this check (nullopt: the outcome only leaves the check unverified).
CheckResult from_lookup(CheckCode code, const LookupFailure& failure, std::string_view what,
                        std::optional<Problem> not_found = std::nullopt,
                        std::optional<Problem> not_mined = std::nullopt);

// Human forms.
std::string hex32(const FixedBytes<32>& b);
std::string hex20(const Address& a);
std::string block_text(std::uint64_t number, const Hash32& hash);
std::string network(std::uint64_t chain_id);

// Confirmations of `block` on the chain's verified head: head - block + 1 (0 when the head is below it).
std::optional<std::uint64_t> confirmations_of(const ChainView& chain, std::uint64_t block) noexcept;
CheckResult confirmations_check(CheckCode code, Problem unconfirmed, const ChainView& chain, std::uint64_t block,
                                std::uint64_t required, std::string_view what);

// ---- settlement (call_checks_settlement.cpp) ----
struct SettlementOutcome {
    std::vector<CheckResult> checks;  // SETTLEMENT_CHAIN, SETTLEMENT_FOUND, SETTLEMENT_EVENT, SETTLEMENT_CONFIRMATIONS
    // Set when the settled commitment (the individual event, or the batch leaf under a settled root) carries
    // the receipt's tee_id, request and output hashes, timestamp and signature: how well that is anchored.
    std::optional<TrustLevel> commitment_trust;
    std::optional<std::uint64_t> settlement_block;  // the verified block of the settlement receipt
};
SettlementOutcome settlement_checks(const CheckContext& ctx);

// ---- registry (call_checks_tee.cpp) ----
template <class T>
struct RegistryFact {
    std::optional<T> value;
    std::optional<CheckResult> failure;  // why value is absent (code to be replaced by the reporting check)
};

struct RegistryFacts {
    TrustLevel trust{TrustLevel::kReported};
    std::string where;  // "registry 0x.. at block N (0x..)" for evidence texts
    RegistryFact<chain::TeeStatus> status;
    RegistryFact<Bytes> public_key;         // only read for a registered TEE
    RegistryFact<Address> payment_address;  // only read for a registered TEE
};
RegistryFacts read_registry(const CheckContext& ctx, std::optional<std::uint64_t> settlement_block);

// ---- groups ----
std::vector<CheckResult> output_checks(const CheckContext& ctx, std::optional<TrustLevel> commitment_trust);
std::vector<CheckResult> tee_checks(const CheckContext& ctx, const RegistryFacts& registry);
std::vector<CheckResult> payment_checks(const CheckContext& ctx, const RegistryFacts& registry,
                                        std::optional<TrustLevel> commitment_trust);

}  // namespace countersign::verify::checks_detail
