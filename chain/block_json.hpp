// SPDX-License-Identifier: Apache-2.0
#pragma once
// The JSON-RPC block object (eth_getBlockByNumber / eth_getBlockByHash). The header fields become a
// BlockHeader whose hash can be recomputed; everything else the node sends (hash, transaction hashes or
// objects, uncle hashes, withdrawals, size, total difficulty) is a claim until checked. check_rpc_block
// checks what the object itself can prove: the claimed hash against the recomputed header hash, and, with
// full transaction objects, the transactions root and every transaction hash; the withdrawals root.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "chain/header.hpp"
#include "chain/rpc_json_fields.hpp"
#include "chain/transaction_json.hpp"
#include "chain/withdrawal.hpp"
#include "crypto/expected.hpp"
#include "crypto/uint256.hpp"

namespace countersign::chain {

struct RpcBlock {
    BlockHeader header;
    Hash32 hash;  // claimed
    // The node returns either transaction hashes (full_transactions false) or transaction objects.
    bool full_transactions{false};
    std::vector<Hash32> transaction_hashes;    // hashes mode only
    std::vector<RpcTransaction> transactions;  // full mode only
    std::vector<Hash32> uncles;                // claimed ommer hashes (the ommer headers are not in the object)
    std::optional<std::vector<Withdrawal>> withdrawals;  // EIP-4895
    std::optional<std::uint64_t> size;
    std::optional<Uint256> total_difficulty;
};

// Full transaction objects are read with `options` (type 0x7e deposits only with options.op_stack).
Expected<RpcBlock, JsonError> block_from_rpc_json(const nlohmann::json& object, DecodeOptions options = {});

enum class RpcBlockMismatch {
    kHeaderHash,            // keccak(rlp(header)) != claimed hash
    kTransactionsRoot,      // full transactions do not hash to the header's transactions root
    kTransactionHash,       // a transaction object's claimed hash is not its hash (see index)
    kTransactionBlockHash,  // a transaction object claims another block hash or number
    kWithdrawalsRoot,
    kWithdrawalsPresence,   // withdrawals listed without withdrawalsRoot in the header, or the reverse
    kEmptyBlockRoot,        // hashes mode with no transactions but a non-empty transactions root
};

std::string_view to_string(RpcBlockMismatch m) noexcept;

struct RpcBlockProblem {
    RpcBlockMismatch mismatch;
    std::size_t index{0};
};

// Checks every claim the object can prove by itself. In hashes mode the transaction hashes stay claims
// (binding them needs the transactions); `transactions_verified` reports whether the body was covered.
struct RpcBlockCheck {
    bool transactions_verified{false};
};
Expected<RpcBlockCheck, RpcBlockProblem> check_rpc_block(const RpcBlock& block);

}  // namespace countersign::chain
