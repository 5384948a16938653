// SPDX-License-Identifier: Apache-2.0
#pragma once
// Options shared by the light-client commands (--rpc, --checkpoint, --chain-id, --confirmations, --json) and
// the session they open: a provider, a Fetcher and a LightClient anchored to the checkpoint.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "apps/countersign/output.hpp"
#include "rpc/fetch.hpp"
#include "rpc/http_provider.hpp"

namespace countersign::cli {

struct ChainOptions {
    std::vector<std::string> rpc;
    std::string checkpoint;  // NUMBER:HASH; empty: taken from the node (trust level "reported")
    std::uint64_t chain_id{0};  // 0: the node's eth_chainId
    std::uint64_t confirmations{0};
    bool json{false};
};

void add_chain_options(CLI::App& cmd, ChainOptions& options);

struct Session {
    std::unique_ptr<rpc::HttpProvider> provider;
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

// Requires options.confirmations verified headers on top of `number` (walking forwards and linking them),
// records the count, and returns the exit code of a refusal (kExitVerified when satisfied).
int require_confirmations(const ChainOptions& options, Session& session, std::uint64_t number, const Hash32& hash,
                          Report& report);

// "latest", a decimal number or a 0x-prefixed QUANTITY.
std::optional<std::uint64_t> parse_block_number(const std::string& text);

}  // namespace countersign::cli
