// SPDX-License-Identifier: Apache-2.0
#pragma once
// The configuration of `countersign verify` (docs/cli.md, "verify"): which chains and contracts count, where
// to ask, and which checkpoints the user trusts. Read from a JSON file (--config) in the verify config shape or
// as a devnet.json written by `countersign-devnet up`, then overridden by command-line options.
//
// The file is the user's trust decision: its checkpoints are treated as the user's own (trust level proven).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/bytes.hpp"
#include "crypto/expected.hpp"
#include "verify/header_store.hpp"

namespace countersign::cli {

inline constexpr std::string_view kVerifyConfigFormat = "countersign.verify-config/v1";
inline constexpr std::size_t kMaxVerifyConfigBytes = 1u << 20;

struct VerifyChainSettings {
    std::optional<std::uint64_t> chain_id;
    std::vector<std::string> rpc;
    std::optional<verify::Checkpoint> checkpoint;
    std::optional<std::uint64_t> confirmations;
    std::optional<std::size_t> quorum;
};

struct VerifySettings {
    VerifyChainSettings payment;
    VerifyChainSettings settlement;
    std::vector<Address> accepted_assets;
    std::optional<Address> registry;
    std::optional<Address> relay;
    std::optional<std::size_t> quorum;  // default for both chains
    std::optional<std::uint64_t> same_request_blocks_before;
    std::optional<std::uint64_t> max_search_range;
    std::optional<std::uint64_t> max_walk;
};

// "NUMBER:0xHASH" (NUMBER decimal or 0x QUANTITY).
// A decimal number or a 0x-prefixed QUANTITY that fits 64 bits (block numbers, chain ids); shared with the
// light-client commands.
std::optional<std::uint64_t> parse_block_number(std::string_view text);
std::optional<verify::Checkpoint> parse_checkpoint(std::string_view text);
// "eip155:<id>"
std::optional<std::uint64_t> parse_eip155(std::string_view network);

Expected<VerifySettings, std::string> parse_verify_config(std::string_view text);
Expected<VerifySettings, std::string> load_verify_config(const std::string& path);

}  // namespace countersign::cli
