// SPDX-License-Identifier: Apache-2.0
#pragma once
// The verified chain behind an execution-apis test folder, loaded once per folder content and shared by
// every .io file in it. Nothing here is taken from a response: blocks come from chain.rlp and are trusted
// only because their hashes link back from headfcu.json's head hash; receipts only once they re-hash to a
// verified receiptsRoot.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "chain/block.hpp"
#include "chain/receipt.hpp"
#include "crypto/expected.hpp"
#include "crypto/bytes.hpp"
#include "crypto/uint256.hpp"

namespace countersign::conformance::xapi {

// One `>>` request and the `<<` response after it.
struct Exchange {
    std::size_t line{0};  // of the request
    nlohmann::json request;
    nlohmann::json response;
};

// Comments (`//`) and blank lines are ignored; every `>>` must be followed by one `<<`. Empty with `error`
// set when the file is not of that shape or a line is not JSON.
std::vector<Exchange> parse_io(std::string_view text, std::string& error);

// The fork schedule and blob parameters of genesis.json's config.
struct ChainConfig {
    Uint256 chain_id;
    std::uint64_t homestead_block{0};
    std::optional<std::uint64_t> london_block;
    std::optional<std::uint64_t> shanghai_time;
    std::optional<std::uint64_t> cancun_time;
    std::optional<std::uint64_t> prague_time;
    std::optional<Uint256> terminal_total_difficulty;
    // (activation time, baseFeeUpdateFraction) of each blobSchedule entry, sorted by time.
    std::vector<std::pair<std::uint64_t, std::uint64_t>> blob_fractions;
};

struct VerifiedBlock {
    chain::Block block;
    Hash32 hash;
    Bytes raw;  // the block's RLP as chain.rlp holds it (for genesis: our encoding)
    Bytes header_rlp;
    std::vector<Hash32> tx_hashes;
    std::vector<Bytes> tx_raw;  // unwrapped canonical encodings
    std::vector<Address> senders;
    std::vector<Hash32> ommer_hashes;
    Uint256 total_difficulty;  // valid when the genesis header is known
};

// A block's receipts once they re-hash to its receiptsRoot, and the exchange they came from.
struct ReceiptSet {
    std::vector<chain::Receipt> receipts;
    std::string source;
};

struct ChainContext {
    std::filesystem::path root;
    // Set when the chain as a whole could not be verified: then nothing in the folder can be checked.
    std::string error;
    // One entry per block of chain.rlp in file order: empty when verified, otherwise why not.
    std::vector<std::string> chain_rlp_results;
    std::vector<std::uint64_t> chain_rlp_numbers;

    // blocks[n] is block n; blocks[0] is usable only when genesis_known.
    std::vector<VerifiedBlock> blocks;
    bool genesis_known{false};
    std::string genesis_problem;              // why genesis_known is false
    Hash32 genesis_hash;                      // block 1's parent hash (verified by the link)
    std::optional<Hash32> genesis_json_hash;  // the hash of the header genesis.json builds

    Hash32 head_hash;
    std::optional<std::uint64_t> safe_number;
    std::optional<std::uint64_t> finalized_number;
    std::string headfcu_problem;  // safe/finalized hashes that are not in the verified chain

    std::optional<ChainConfig> config;
    std::string config_problem;

    std::map<Hash32, std::uint64_t> number_by_hash;
    std::map<Hash32, std::pair<std::uint64_t, std::size_t>> tx_position;  // (block number, index)
    std::map<std::uint64_t, ReceiptSet> receipts;

    std::uint64_t head_number() const { return blocks.empty() ? 0 : blocks.size() - 1; }
    // The block at `number` when its header is verified (genesis only when derived).
    const VerifiedBlock* block(std::uint64_t number) const;
    const ReceiptSet* receipts_of(std::uint64_t number) const;
};

// The folder above `file` (or `file` itself) holding headfcu.json and chain.rlp.
std::optional<std::filesystem::path> find_context_root(const std::filesystem::path& file);

// Loads and verifies the folder's chain; cached by folder and content, so each folder is verified once.
std::shared_ptr<const ChainContext> load_context(const std::filesystem::path& root);

// genesis.json -> the genesis header (state root computed from the allocation) and its config.
struct Genesis {
    chain::BlockHeader header;
    ChainConfig config;
};
Expected<Genesis, std::string> genesis_from_json(const nlohmann::json& doc);

// A block parameter: a number, a tag, a hash, or an EIP-1898 object.
struct BlockRef {
    enum class Kind { kFound, kNotFound, kInvalid, kUnsupported } kind{Kind::kInvalid};
    std::uint64_t number{0};
    std::string why;  // for kInvalid / kUnsupported
};
BlockRef resolve_block(const ChainContext& ctx, const nlohmann::json& param, bool allow_hash);

// EIP-4844 blob base fee: fake_exponential(1, excess_blob_gas, fraction).
Uint256 blob_base_fee(std::uint64_t excess_blob_gas, std::uint64_t fraction);

}  // namespace countersign::conformance::xapi
