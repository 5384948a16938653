// SPDX-License-Identifier: Apache-2.0
#include "verify/block_verify.hpp"

#include <algorithm>

#include "chain/block.hpp"
#include "chain/withdrawal.hpp"
#include "verify/receipt_verify.hpp"
#include "verify/verified_access.hpp"

namespace countersign::verify {

using chain::BlockHeader;
using chain::RpcBlock;
using chain::Transaction;
using detail::VerifiedAccess;

namespace {

Expected<Verified<BlockHeader>, Refusal> header_in_store(const HeaderStore& store, const RpcBlock& block) {
    const Hash32 hash = chain::header_hash(block.header);
    if (hash != block.hash) return unexpected(refuse(RefusalCode::kHeaderHashMismatch, "block object"));
    auto verified = store.by_hash(hash);
    if (!verified) return unexpected(refuse(RefusalCode::kNotLinked, "block #" + std::to_string(block.header.number)));
    return std::move(*verified);
}

}  // namespace

Expected<Address, Refusal> sender_of(const Transaction& tx, std::uint64_t chain_id) {
    if (tx.chain_id && *tx.chain_id != Uint256{chain_id})
        return unexpected(refuse(RefusalCode::kChainIdMismatch, "transaction chain id " + tx.chain_id->to_string()));
    chain::SenderRules rules;
    rules.chain_id = Uint256{chain_id};
    auto sender = chain::recover_sender(tx, rules);
    if (!sender) {
        if (sender.error() == chain::TxError::kChainIdMismatch)
            return unexpected(refuse(RefusalCode::kChainIdMismatch));
        return unexpected(
            refuse(RefusalCode::kMalformed, std::string{"sender: "} + std::string{to_string(sender.error())}));
    }
    return *sender;
}

Expected<Address, Refusal> block_sender(const HeaderStore& store, const Verified<VerifiedBlock>& verified,
                                        std::size_t index) {
    const VerifiedBlock& block = verified.value();
    const Transaction& tx = block.transactions.at(index);
    const std::uint64_t chain_id = store.config().chain_id;
    if (!sender_is_signed(tx) && !store.config().op_stack)
        return unexpected(Refusal{RefusalCode::kMalformed, "transactions.type", index,
                                  "deposit transaction (0x7e) on a chain not configured as OP-stack"});
    // verify_block recovered it under its store's chain id; this store's chain id is checked again (cheaply)
    // so that a block verified for another chain is refused exactly as a fresh recovery would refuse it.
    if (block.senders.size() != block.transactions.size()) return sender_of(tx, chain_id);
    if (tx.chain_id && *tx.chain_id != Uint256{chain_id})
        return unexpected(refuse(RefusalCode::kChainIdMismatch, "transaction chain id " + tx.chain_id->to_string()));
    return block.senders[index];
}

Expected<Verified<BlockHeader>, Refusal> verify_block_header(const HeaderStore& store,
                                                             const Untrusted<RpcBlock>& block) {
    return header_in_store(store, block.claim());
}

Expected<Verified<VerifiedBlock>, Refusal> verify_block(const HeaderStore& store,
                                                        const Untrusted<RpcBlock>& untrusted) {
    const RpcBlock& block = untrusted.claim();
    auto header = header_in_store(store, block);
    if (!header) return unexpected(header.error());
    if (!block.full_transactions && !(block.transaction_hashes.empty() && block.transactions.empty()))
        return unexpected(refuse(RefusalCode::kMalformed, "block object without full transactions"));

    const bool op_stack = store.config().op_stack;
    VerifiedBlock out;
    out.header = header->value();
    out.transactions.reserve(block.transactions.size());
    for (std::size_t i = 0; i < block.transactions.size(); ++i) {
        const auto& rpc = block.transactions[i];
        // The RpcBlock may have been parsed with other options than this store's: an L1 chain has no deposits.
        if (!sender_is_signed(rpc.tx) && !op_stack)
            return unexpected(Refusal{RefusalCode::kMalformed, "transactions.type", i,
                                      "deposit transaction (0x7e) on a chain not configured as OP-stack"});
        out.transactions.push_back(rpc.tx);
    }
    if (chain::transactions_root(out.transactions) != out.header.transactions_root)
        return unexpected(refuse(RefusalCode::kTransactionsRootMismatch));

    const std::uint64_t chain_id = store.config().chain_id;
    out.transaction_hashes.reserve(block.transactions.size());
    out.senders.reserve(block.transactions.size());
    out.sender_signed.reserve(block.transactions.size());
    for (std::size_t i = 0; i < block.transactions.size(); ++i) {
        const auto& rpc = block.transactions[i];
        const Hash32 hash = chain::transaction_hash(rpc.tx);
        out.transaction_hashes.push_back(hash);
        if (rpc.hash && *rpc.hash != hash) return unexpected(field_mismatch("transactions.hash", i));
        if (rpc.block_hash && *rpc.block_hash != header->block_hash())
            return unexpected(field_mismatch("transactions.blockHash", i));
        if (rpc.block_number && *rpc.block_number != out.header.number)
            return unexpected(field_mismatch("transactions.blockNumber", i));
        if (rpc.transaction_index && *rpc.transaction_index != i)
            return unexpected(field_mismatch("transactions.transactionIndex", i));
        if (rpc.effective_gas_price && *rpc.effective_gas_price != effective_gas_price(rpc.tx, out.header))
            return unexpected(field_mismatch("transactions.gasPrice", i));
        if (rpc.tx.chain_id && *rpc.tx.chain_id != Uint256{chain_id})
            return unexpected(Refusal{RefusalCode::kChainIdMismatch, "transactions.chainId", i, {}});
        auto sender = sender_of(rpc.tx, chain_id);
        if (!sender) return unexpected(sender.error());
        if (rpc.from && *sender != *rpc.from) return unexpected(field_mismatch("transactions.from", i));
        out.senders.push_back(*sender);
        out.sender_signed.push_back(sender_is_signed(rpc.tx));
    }

    if (block.withdrawals.has_value() != out.header.withdrawals_root.has_value())
        return unexpected(refuse(RefusalCode::kWithdrawalsRootMismatch, "withdrawals presence"));
    if (block.withdrawals && op_stack && out.header.requests_hash) {
        // OP-stack Isthmus: withdrawalsRoot commits to L2ToL1MessagePasser storage, not to a withdrawals list.
        if (!block.withdrawals->empty())
            return unexpected(refuse(RefusalCode::kWithdrawalsRootMismatch, "withdrawals in an OP-stack block"));
    } else if (block.withdrawals && chain::withdrawals_root(*block.withdrawals) != *out.header.withdrawals_root) {
        return unexpected(refuse(RefusalCode::kWithdrawalsRootMismatch));
    }

    const Hash32 block_hash = header->block_hash();
    const std::uint64_t number = out.header.number;
    return VerifiedAccess::make(std::move(out), block_hash, number);
}

Expected<Verified<VerifiedTransaction>, Refusal> verify_transaction(
    const HeaderStore& store, const Verified<VerifiedBlock>& block, const Hash32& hash,
    const std::optional<Untrusted<chain::RpcTransaction>>& claimed) {
    const auto& hashes = block->transaction_hashes;
    const auto it = std::find(hashes.begin(), hashes.end(), hash);
    if (it == hashes.end()) return unexpected(refuse(RefusalCode::kTxNotInBlock));
    const auto index = static_cast<std::size_t>(it - hashes.begin());

    VerifiedTransaction out;
    out.tx = block->transactions[index];
    out.hash = hash;
    out.index = index;
    auto sender = block_sender(store, block, index);
    if (!sender) return unexpected(sender.error());
    out.from = *sender;
    out.sender_signed = sender_is_signed(out.tx);

    if (claimed) {
        const auto& c = claimed->claim();
        if (c.tx.chain_id && *c.tx.chain_id != Uint256{store.config().chain_id})
            return unexpected(Refusal{RefusalCode::kChainIdMismatch, "chainId", 0, {}});
        if (c.tx != out.tx) return unexpected(field_mismatch("transaction"));
        if (c.hash && *c.hash != hash) return unexpected(field_mismatch("hash"));
        if (c.block_hash && *c.block_hash != block.block_hash()) return unexpected(field_mismatch("blockHash"));
        if (c.block_number && *c.block_number != block.block_number()) return unexpected(field_mismatch("blockNumber"));
        if (c.transaction_index && *c.transaction_index != index) return unexpected(field_mismatch("transactionIndex"));
        if (c.from && *c.from != out.from) return unexpected(field_mismatch("from"));
        if (c.effective_gas_price && *c.effective_gas_price != effective_gas_price(out.tx, block->header))
            return unexpected(field_mismatch("gasPrice"));
        if (c.block_timestamp && *c.block_timestamp != block->header.timestamp)
            return unexpected(field_mismatch("blockTimestamp"));
    }
    return VerifiedAccess::make(std::move(out), block.block_hash(), block.block_number());
}

}  // namespace countersign::verify
