// SPDX-License-Identifier: Apache-2.0
#pragma once
// What a light-client command reports: one JSON object (the --json output, documented in docs/cli.md) that
// the human output is printed from, so both always say the same thing. Exit codes are part of the contract.

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "crypto/bytes.hpp"
#include "rpc/fetch.hpp"
#include "verify/refusal.hpp"

namespace countersign::cli {

inline constexpr int kExitVerified = 0;
inline constexpr int kExitRefused = 1;   // refused, or the data could not be verified
inline constexpr int kExitUsage = 2;     // bad arguments
inline constexpr int kExitProvider = 3;  // network or provider (JSON-RPC) error

class Report {
public:
    explicit Report(std::string command);

    nlohmann::json& result() { return out_["result"]; }
    // corroborated: no user checkpoint, but k >= 2 providers agreed on the anchor.
    void trust(bool user_checkpoint, std::uint64_t number, const Hash32& hash, std::uint64_t chain_id,
               bool corroborated = false);
    void pin(std::uint64_t number, const Hash32& hash);
    // A root the object was checked against; `block` names the block when it is not the pinned one (logs).
    void root(const std::string& field, const Hash32& value, std::optional<std::uint64_t> block = std::nullopt);
    void check(const std::string& text);
    void confirmations(std::uint64_t required, std::uint64_t on_top);

    int verified();
    int refused(const verify::Refusal& refusal);
    int failed(const rpc::FetchError& error);
    int usage(const std::string& message);
    int provider_error(const std::string& message);

    // Prints the report (JSON or human) and returns the exit code.
    int emit(bool as_json) const;

private:
    int finish(const char* status, int code);
    nlohmann::json out_;
    int exit_{kExitVerified};
};

}  // namespace countersign::cli
