// SPDX-License-Identifier: Apache-2.0
#pragma once
// Whole blocks: rlp([header, transactions, ommers]) and, since Shanghai, rlp([header, transactions, ommers,
// withdrawals]). Transactions in a body are in their wrapped form (typed ones as RLP strings,
// Eip2718Wrapping::kString). The header commits to the body through three roots; validate_block_body
// recomputes them, which is all that can be checked about a block without executing it.

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "chain/header.hpp"
#include "chain/transaction.hpp"
#include "chain/withdrawal.hpp"
#include "crypto/bytes.hpp"
#include "crypto/expected.hpp"

namespace countersign::chain {

struct Block {
    BlockHeader header;
    std::vector<Transaction> transactions;
    std::vector<BlockHeader> ommers;
    std::optional<std::vector<Withdrawal>> withdrawals;  // EIP-4895

    friend bool operator==(const Block&, const Block&) = default;
};

enum class BlockError {
    kMalformedRlp,          // the outer list or the transaction/ommer/withdrawal lists
    kWrongFieldCount,       // not 3 or 4 elements
    kHeader,                // the header did not decode (see header_error)
    kTransaction,           // transaction `index` did not decode (see tx_error)
    kOmmer,                 // ommer header `index` did not decode (see header_error)
    kWithdrawal,            // withdrawal `index` did not decode
    kWithdrawalsPresence,   // withdrawals in the body without withdrawals_root in the header, or the reverse
};

struct BlockDecodeError {
    BlockError kind{BlockError::kMalformedRlp};
    std::size_t index{0};
    std::optional<HeaderError> header_error;
    std::optional<TxError> tx_error;
};

std::string describe(const BlockDecodeError& e);

// Decodes one block at the front of `from` and advances past it. `options` reach every transaction: an
// OP-stack block (its first transaction a 0x7e deposit) decodes only with options.op_stack.
Expected<Block, BlockDecodeError> decode_block(ByteView& from, DecodeOptions options = {}) noexcept;
// The whole input is one block.
Expected<Block, BlockDecodeError> decode_raw_block(ByteView raw, DecodeOptions options = {}) noexcept;

Bytes encode_block(const Block& block);

// The ordered trie of the unwrapped canonical transaction encodings.
Hash32 transactions_root(std::span<const Transaction> transactions);
// keccak256(rlp([ommer headers])).
Hash32 ommers_hash(std::span<const BlockHeader> ommers);

enum class BodyMismatch {
    kTransactionsRoot,
    kOmmersHash,
    kWithdrawalsRoot,
    kWithdrawalsPresence,   // a hand-built block with withdrawals but no withdrawals_root, or the reverse
};

std::string_view to_string(BodyMismatch m) noexcept;

// Recomputes the body's roots and compares them with the header's; the first mismatch is the error.
Expected<void, BodyMismatch> validate_block_body(const Block& block);

}  // namespace countersign::chain
