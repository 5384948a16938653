// SPDX-License-Identifier: Apache-2.0
#pragma once
// Blocks and transactions against verified headers. A block body is verified by re-hashing every
// transaction into the transactions trie and comparing with the verified header's transactionsRoot; a
// transaction is then proven by its position in that list, and each claim the node attached to it (hash,
// block, index, sender) is bound to the derived value.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "chain/block_json.hpp"
#include "chain/header.hpp"
#include "chain/transaction.hpp"
#include "chain/transaction_json.hpp"
#include "crypto/expected.hpp"
#include "verify/header_store.hpp"
#include "verify/refusal.hpp"
#include "verify/verified.hpp"

namespace countersign::verify {

struct VerifiedBlock {
    chain::BlockHeader header;
    std::vector<chain::Transaction> transactions;
    std::vector<Hash32> transaction_hashes;  // computed, same order
    // Recovered from each transaction's own signature (OP-stack deposits: their `from`), same order. Kept so
    // that the receipt and transaction checks bind `from` without recovering every sender again.
    std::vector<Address> senders;
    // Same order: true where the sender was recovered from a signature; false for OP-stack deposits, whose
    // sender is the `from` that L1 derivation put there. The block proves the L2 chain holds the deposit, not
    // that an L1 deposit with that sender exists: never present such a sender as signature-proven.
    std::vector<bool> sender_signed;
};

// Whether a proven transaction's sender is proven by a signature: every type but an OP-stack deposit.
constexpr bool sender_is_signed(const chain::Transaction& tx) noexcept { return tx.type != chain::TxType::kDeposit; }

struct VerifiedTransaction {
    chain::Transaction tx;
    Hash32 hash;
    std::uint64_t index{0};
    Address from;  // recovered from the signature; for an OP-stack deposit, its stated `from` (see below)
    // false for an OP-stack deposit (sender asserted by L1 derivation, not signed), and for a value not built
    // by verify_transaction.
    bool sender_signed{false};
};

// A header-only block object (eth_getBlockByNumber/Hash with false): the header must be in the store.
// Transaction hashes listed in the object stay unproven and are not returned.
Expected<Verified<chain::BlockHeader>, Refusal> verify_block_header(const HeaderStore& store,
                                                                    const Untrusted<chain::RpcBlock>& block);

// A block object with full transactions: header in the store, transactions root recomputed, every
// transaction object's claims bound (hash, blockHash, blockNumber, transactionIndex, from) and every
// protected transaction on the configured chain id; withdrawals against withdrawalsRoot. Every sender is
// recovered (claimed `from` or not), so a verified block has no transaction without a valid signature, except
// OP-stack deposits (only with ChainConfig::op_stack; refused as kMalformed otherwise), which have none.
// OP-stack blocks since Isthmus (header with requestsHash) carry no withdrawals and their withdrawalsRoot is
// the L2ToL1MessagePasser storage root, a state commitment the body cannot prove: the list must be empty and
// the root is left to state proofs.
Expected<Verified<VerifiedBlock>, Refusal> verify_block(const HeaderStore& store,
                                                        const Untrusted<chain::RpcBlock>& block);

// The transaction with `hash` in a verified block (kTxNotInBlock if absent). When `claimed` (an
// eth_getTransactionByHash answer) is given, each of its fields is bound to the proven transaction.
Expected<Verified<VerifiedTransaction>, Refusal> verify_transaction(
    const HeaderStore& store, const Verified<VerifiedBlock>& block, const Hash32& hash,
    const std::optional<Untrusted<chain::RpcTransaction>>& claimed = std::nullopt);

// Shared by the block and receipt checks: the sender of a proven transaction under the chain's rules.
Expected<Address, Refusal> sender_of(const chain::Transaction& tx, std::uint64_t chain_id);

// The sender of transaction `index` of a verified block: the one verify_block recovered from that very
// transaction (recovered again only if the block carries none), refused like sender_of on a chain id that is
// not this store's. Throws std::out_of_range for an index outside the block.
Expected<Address, Refusal> block_sender(const HeaderStore& store, const Verified<VerifiedBlock>& block,
                                        std::size_t index);

}  // namespace countersign::verify
