// SPDX-License-Identifier: Apache-2.0
#pragma once
// The per-method checks of execution-apis exchanges against a verified ChainContext.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "conformance/execution_apis_context.hpp"
#include "conformance/format.hpp"

namespace countersign::conformance::xapi {

// What one exchange came to: any mismatch fails it; otherwise `skip` (nothing verified could bind the
// response) skips it; otherwise it passes, and `unbound` names the returned fields nothing could bind.
struct Outcome {
    std::vector<std::string> mismatches;
    std::vector<std::string> unbound;
    std::string skip;

    void mismatch(std::string what) { mismatches.push_back(std::move(what)); }
    void merge(const Outcome& other, const std::string& prefix);
};

// What a request asks for, in the verified chain.
struct Target {
    enum class Kind { kFound, kNotFound, kInvalid, kUnsupported } kind{Kind::kInvalid};
    std::string why;          // kInvalid / kUnsupported
    std::uint64_t number{0};  // the block
    std::size_t index{0};     // the transaction, for transaction-level methods
};

Outcome check_exchange(const ChainContext& ctx, const Exchange& ex);

// ---- JSON value readers (strict JSON-RPC forms); nullopt when malformed ----
std::optional<std::uint64_t> json_u64(const nlohmann::json& v);
std::optional<Uint256> json_quantity(const nlohmann::json& v);
std::optional<Bytes> json_data(const nlohmann::json& v);
std::optional<Hash32> json_hash(const nlohmann::json& v);
std::optional<Address> json_address(const nlohmann::json& v);

// ---- checkers, called for a kFound target with a non-null result ----
Outcome check_block(const ChainContext& ctx, const Target& t, const nlohmann::json& params,
                    const nlohmann::json& result);
// A transaction object at (t.number, t.index).
Outcome check_transaction(const ChainContext& ctx, const Target& t, const nlohmann::json& result);
Outcome check_raw_header(const ChainContext& ctx, const Target& t, const nlohmann::json& result);
Outcome check_raw_block(const ChainContext& ctx, const Target& t, const nlohmann::json& result);
Outcome check_raw_transaction(const ChainContext& ctx, const Target& t, const nlohmann::json& result);
Outcome check_raw_receipts(const ChainContext& ctx, const Target& t, const nlohmann::json& result);
Outcome check_receipt(const ChainContext& ctx, const Target& t, const nlohmann::json& result);
Outcome check_block_receipts(const ChainContext& ctx, const Target& t, const nlohmann::json& result);
Outcome check_logs(const ChainContext& ctx, const nlohmann::json& filter, const nlohmann::json& result);
Outcome check_proof(const ChainContext& ctx, const Target& t, const nlohmann::json& params,
                    const nlohmann::json& result);

// forkenv.json: its values agree with genesis.json's config, and every verified header carries exactly the
// fields of the forks it schedules; the terminal total difficulty falls at the last proof-of-work block.
FileResult check_forkenv(const ChainContext& ctx, std::string_view text);

// eth_getLogs filter -> the verified block range, or why not (kInvalid / kNotFound for an unknown blockHash).
Target logs_target(const ChainContext& ctx, const nlohmann::json& filter);

// The price per gas a transaction paid in a block with this base fee (EIP-1559), or its gas price.
Uint256 effective_gas_price(const chain::Transaction& tx, const std::optional<Uint256>& base_fee);

}  // namespace countersign::conformance::xapi
