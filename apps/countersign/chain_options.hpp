// SPDX-License-Identifier: Apache-2.0
#pragma once
// Options shared by the light-client commands (--rpc, --quorum, --checkpoint, --chain-id, --confirmations,
// --json) and the session they open: the providers (one, or several under a k-of-n quorum), a Fetcher and a
// LightClient anchored to the checkpoint.

#include <CLI/CLI.hpp>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "apps/countersign/output.hpp"
#include "apps/countersign/verify_config.hpp"
#include "rpc/fetch.hpp"
#include "rpc/http_provider.hpp"
#include "rpc/quorum.hpp"

namespace countersign::cli {

struct ChainOptions {
    std::vector<std::string> rpc;
    // With several --rpc: how many providers must give the same answer (0: all of them).
    std::size_t quorum{0};
    // NUMBER:HASH, or "finalized" (the node's finalized block, agreed by the quorum); empty: the node's latest
    // block. Only NUMBER:HASH is a trust decision of the user (trust level "checkpoint").
    std::string checkpoint;
    std::uint64_t chain_id{0};  // 0: the node's eth_chainId
    std::uint64_t confirmations{0};
    bool json{false};
};

void add_chain_options(CLI::App& cmd, ChainOptions& options);

struct Session {
    std::vector<std::unique_ptr<rpc::HttpProvider>> providers;  // one per --rpc, in order
    std::unique_ptr<rpc::QuorumProvider> quorum;                // with more than one --rpc
    // What every call goes to: the quorum, or the only provider.
    rpc::Provider* provider{nullptr};
    std::unique_ptr<rpc::Fetcher> fetcher;
    std::unique_ptr<rpc::LightClient> client;
};

// Opens the session and records its trust anchor in the report; on failure the report holds the error and
// the exit code is returned instead.
struct Opened {
    std::unique_ptr<Session> session;
    int exit_code{kExitVerified};
};
Opened open_session(const ChainOptions& options, Report& report);

// Records every answer a provider gave that the quorum outvoted (the evidence against it), as checks.
void report_dissents(const Session& session, Report& report);

// Requires options.confirmations verified headers on top of `number` (walking forwards and linking them),
// records the count, and returns the exit code of a refusal (kExitVerified when satisfied).
int require_confirmations(const ChainOptions& options, Session& session, std::uint64_t number, const Hash32& hash,
                          Report& report);


}  // namespace countersign::cli
