// SPDX-License-Identifier: Apache-2.0
#pragma once
// The light client's I/O: Fetcher asks providers for headers, blocks, receipts, logs and proofs and parses
// them strictly into claims (nothing here is trusted); LightClient drives verify/ with them, so every
// answer it returns is a Verified<T> pinned to a header that links to the checkpoint.
//
// Providers: with a list, the first one answers; with a QuorumProvider (rpc/quorum.hpp), k of n must give the
// same answer, and a disagreement is the refusal PROVIDERS_DISAGREE. Header source: debug_getRawHeader when
// the node has it (raw RLP, nothing to re-encode), else eth_getBlockByNumber/Hash(_, false); header walks ask
// for up to 32 headers per JSON-RPC batch and still link them one by one. Receipts: eth_getBlockReceipts,
// falling back to one eth_getTransactionReceipt per transaction for nodes without it (hardhat 2). LightClient
// keeps the last verified blocks and their verified receipts (keyed by block hash), so repeated lookups in
// one block fetch only the claim.

#include <cstddef>
#include <cstdint>
#include <list>
#include <optional>
#include <string>
#include <vector>

#include "chain/block_json.hpp"
#include "chain/receipt_json.hpp"
#include "chain/transaction_json.hpp"
#include "crypto/expected.hpp"
#include "rpc/provider.hpp"
#include "verify/block_verify.hpp"
#include "verify/header_store.hpp"
#include "verify/logs_verify.hpp"
#include "verify/receipt_verify.hpp"
#include "verify/state_verify.hpp"

namespace countersign::rpc {

struct FetchError {
    enum class Kind {
        kRpc,        // transport or JSON-RPC error (see rpc)
        kMalformed,  // the answer does not parse as the object asked for
        kNotFound,   // the node answered null
        kRefused,    // the light client refused the data (see refusal)
        kTooFar,     // a header walk longer than the client allows
    };
    Kind kind{Kind::kRpc};
    std::string message;
    std::optional<RpcError> rpc;
    std::optional<verify::Refusal> refusal;

    std::string to_string() const;
};

class QuorumProvider;

template <class T>
using Fetched = Expected<T, FetchError>;
template <class T>
using Verified = verify::Verified<T>;

class Fetcher {
public:
    // Non-owning; at least one provider.
    explicit Fetcher(std::vector<Provider*> providers);
    // Every call goes to the quorum (rpc/quorum.hpp); answers that no k providers agree on are refused as
    // PROVIDERS_DISAGREE. Non-owning.
    explicit Fetcher(QuorumProvider& quorum);

    Fetched<std::uint64_t> chain_id();
    Fetched<std::uint64_t> block_number();
    Fetched<verify::ClaimedHeader> header_by_number(std::uint64_t number);
    Fetched<verify::ClaimedHeader> header_by_hash(const Hash32& hash);
    // Headers first, first + 1, ... in one JSON-RPC batch: between 1 and `count` of them in order (fewer when
    // one in the batch failed: asking again from there reports its error), or the error of the first. One
    // header per call through a quorum, before the header source is known, and after a provider refused a
    // batch. Nothing here is verified: the caller links them one by one.
    Fetched<std::vector<verify::ClaimedHeader>> headers_by_number(std::uint64_t first, std::size_t count);
    // One JSON-RPC batch for headers first .. first + count - 1: a prefix of them in order as above, the error
    // of the first, or none at all when the provider refused the batch (it is not sent batches again).
    Fetched<std::vector<verify::ClaimedHeader>> header_batch(std::uint64_t first, std::size_t count);
    // Whether header_batch would send a batch now.
    bool batches_headers() const noexcept;
    // eth_getBlockByHash(hash, true).
    Fetched<chain::RpcBlock> full_block(const Hash32& hash);
    // The receipts of a block in transaction order.
    Fetched<std::vector<verify::ClaimedReceipt>> block_receipts(const Hash32& block_hash,
                                                                const std::vector<Hash32>& transaction_hashes);
    Fetched<chain::RpcTransaction> transaction(const Hash32& hash);
    Fetched<chain::RpcReceipt> receipt(const Hash32& transaction_hash);
    Fetched<std::vector<verify::ClaimedLog>> logs(const verify::LogFilter& filter);
    // `block` is a JSON-RPC block parameter: a tag, a QUANTITY or an EIP-1898 {"blockHash": ...} object.
    Fetched<verify::ClaimedAccountProof> proof(const Address& address, const std::vector<Bytes32>& slots,
                                               const json& block);

    // How transactions and receipts in answers are parsed (OP-stack deposits only with op_stack). LightClient
    // sets its chain's options on the Fetcher it is given.
    void set_decode_options(chain::DecodeOptions options) noexcept { decode_options_ = options; }
    chain::DecodeOptions decode_options() const noexcept { return decode_options_; }

    // Whether the node serves debug_getRawHeader / eth_getBlockReceipts (nullopt: not tried yet).
    std::optional<bool> has_raw_headers() const noexcept { return raw_headers_; }
    std::optional<bool> has_block_receipts() const noexcept { return block_receipts_; }

private:
    Fetched<json> call(std::string_view method, const json& params);
    Fetched<verify::ClaimedHeader> header(const json& id, bool by_hash);
    Fetched<verify::ClaimedHeader> parse_header(const json& result, const json& id, bool raw) const;

    std::vector<Provider*> providers_;
    QuorumProvider* quorum_{nullptr};
    std::optional<bool> raw_headers_;
    std::optional<bool> block_receipts_;
    bool batches_{true};  // false once the provider failed a batch: one call per header from then on
    chain::DecodeOptions decode_options_{};
};

struct LightClientOptions {
    // Longest header walk one call may do (forwards or backwards).
    std::uint64_t max_walk{10'000};
    // Verified blocks (with their verified receipts once asked for) kept, least recently used dropped first;
    // 0 is taken as 1. Keyed by the verified block hash, which fixes their content.
    std::size_t cached_blocks{64};
    // Headers asked for in one JSON-RPC batch during a forward walk (1: one call per header).
    std::size_t header_batch{32};
};

class LightClient {
public:
    // Sets the fetcher's decode options to the chain's (config.op_stack).
    LightClient(verify::ChainConfig config, Fetcher& fetcher, LightClientOptions options = {});

    const verify::HeaderStore& store() const noexcept { return store_; }

    // eth_chainId must be the configured chain id.
    Fetched<void> check_chain_id();
    // Links the checkpoint, then walks forwards or backwards until `number` is verified.
    Fetched<Verified<chain::BlockHeader>> header(std::uint64_t number);
    // Follows the node's head: verifies every header up to its eth_blockNumber.
    Fetched<Verified<chain::BlockHeader>> sync_to_head();
    // The header with this hash, once the walk to its claimed height links it; a hash of another fork is
    // refused (kNotLinked).
    Fetched<Verified<chain::BlockHeader>> header_by_hash(const Hash32& hash);
    Fetched<Verified<verify::VerifiedBlock>> block(std::uint64_t number);
    Fetched<Verified<verify::VerifiedBlock>> block_by_hash(const Hash32& hash);
    Fetched<Verified<verify::VerifiedTransaction>> transaction(const Hash32& hash);
    Fetched<Verified<verify::VerifiedReceipt>> receipt(const Hash32& transaction_hash);
    Fetched<Verified<verify::VerifiedBlockReceipts>> block_receipts(const Verified<verify::VerifiedBlock>& block);
    // Complete logs of the range; the node's eth_getLogs answer is checked against them.
    Fetched<Verified<std::vector<verify::MatchedLog>>> logs(const verify::LogFilter& filter);
    Fetched<Verified<verify::VerifiedAccountState>> account(const Address& address, const std::vector<Bytes32>& slots,
                                                            std::uint64_t block_number);

private:
    // A verified block, and its verified receipts once fetched.
    struct CachedBlock {
        Verified<verify::VerifiedBlock> block;
        std::optional<Verified<verify::VerifiedBlockReceipts>> receipts;
    };

    Fetched<void> link_checkpoint();
    Fetched<Verified<chain::BlockHeader>> accept(verify::ClaimedHeader claimed);
    // The cache entry of the verified block at `number`, fetched and verified on a miss. The pointer is valid
    // until the next insertion.
    Fetched<CachedBlock*> cached_block(std::uint64_t number);
    Fetched<void> fetch_receipts(CachedBlock& entry);
    CachedBlock* find_cached(const Hash32& block_hash);
    CachedBlock& remember(Verified<verify::VerifiedBlock> block);

    verify::HeaderStore store_;
    Fetcher& fetcher_;
    LightClientOptions options_;
    std::list<CachedBlock> cache_;  // most recently used first
};

}  // namespace countersign::rpc
