// SPDX-License-Identifier: Apache-2.0
#pragma once
// Strict readers for the JSON answers the light client checks that chain/ has no reader for: eth_getLogs
// elements and eth_getProof. Parsing proves nothing; the results are claims for verify_logs and
// verify_account.

#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "chain/rpc_json_fields.hpp"
#include "crypto/expected.hpp"
#include "verify/logs_verify.hpp"
#include "verify/state_verify.hpp"

namespace countersign::verify {

// Proof node lists longer than this are refused (a state path has at most 64 nibbles plus a leaf).
inline constexpr std::size_t kMaxProofNodes = 80;
// eth_getProof storage keys requested at once.
inline constexpr std::size_t kMaxStorageProofs = 1024;

Expected<ClaimedLog, chain::JsonError> log_from_rpc_json(const nlohmann::json& object);
Expected<std::vector<ClaimedLog>, chain::JsonError> logs_from_rpc_json(const nlohmann::json& array);
Expected<ClaimedAccountProof, chain::JsonError> account_proof_from_rpc_json(const nlohmann::json& object);

}  // namespace countersign::verify
