// SPDX-License-Identifier: Apache-2.0
// Check 1: the output (and the request, when the receipt gives it) hashes to what the TEE signed. The hashing is
// local, but what it shows is only as strong as the hash it is compared with: kProven/kCorroborated when the
// settled commitment (check 4) carries that same hash, kReported when only the receipt says it.

#include "crypto/keccak.hpp"
#include "verify/call_checks_internal.hpp"

namespace countersign::verify::checks_detail {
namespace {

CheckResult hash_check(CheckCode code, Problem mismatch, std::string_view what, const std::string& text,
                       const Hash32& claimed, std::optional<TrustLevel> commitment_trust) {
    const Hash32 actual = keccak256(to_view(text));
    const std::string evidence = "keccak256(" + std::string(what) + ", " + std::to_string(text.size()) +
                                 " bytes) = " + hex32(actual) + ", tee." + std::string(what) + "_hash " +
                                 hex32(claimed);
    // A mismatch is proven locally whatever the hash's anchoring: these bytes do not hash to the claimed hash.
    if (actual != claimed)
        return failed(code, mismatch, TrustLevel::kProven,
                      "the " + std::string(what) + " does not hash to tee." + std::string(what) + "_hash", evidence);
    const TrustLevel trust = commitment_trust.value_or(TrustLevel::kReported);
    return passed(code, trust,
                  "the " + std::string(what) + " hashes to tee." + std::string(what) + "_hash" +
                      (commitment_trust ? ", the settled commitment" : " (not confirmed by a settled commitment)"),
                  evidence);
}

}  // namespace

std::vector<CheckResult> output_checks(const CheckContext& ctx, std::optional<TrustLevel> commitment_trust) {
    std::vector<CheckResult> out;
    const chain::CallReceipt& r = ctx.receipt;
    if (r.output)
        out.push_back(hash_check(CheckCode::kOutputHash, Problem::kOutputHashMismatch, "output", *r.output,
                                 r.tee.output_hash, commitment_trust));
    else
        out.push_back(unverified(CheckCode::kOutputHash, Problem::kOutputNotGiven, TrustLevel::kReported,
                                 "the receipt carries no output text to hash",
                                 "tee.output_hash " + hex32(r.tee.output_hash)));
    // The request text is optional (brief check 1: "when given"); its hash is still bound by the TEE signature,
    // the settled commitment and the payment's binding nonce.
    if (r.request)
        out.push_back(hash_check(CheckCode::kRequestHash, Problem::kRequestHashMismatch, "request", *r.request,
                                 r.tee.request_hash, commitment_trust));
    return out;
}

}  // namespace countersign::verify::checks_detail
