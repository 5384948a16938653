// SPDX-License-Identifier: Apache-2.0
#include "verify/receipt_verify.hpp"

#include <algorithm>

#include "chain/rlp.hpp"
#include "crypto/keccak.hpp"
#include "verify/verified_access.hpp"

namespace countersign::verify {

using chain::Receipt;
using chain::RpcReceipt;
using chain::Transaction;
using detail::VerifiedAccess;

Uint256 effective_gas_price(const Transaction& tx, const chain::BlockHeader& header) noexcept {
    if (tx.gas_price) return *tx.gas_price;
    const Uint256 base = header.base_fee_per_gas.value_or(Uint256{});
    const Uint256 max_fee = tx.max_fee_per_gas.value_or(Uint256{});
    const auto tip_cap = tx.max_priority_fee_per_gas.value_or(Uint256{});
    const auto sum = Uint256::checked_add(base, tip_cap);
    if (!sum) return max_fee;
    return std::min(max_fee, *sum);
}

Address create_address(const Address& sender, std::uint64_t nonce) {
    Bytes payload;
    rlp::encode(payload, sender);
    rlp::encode(payload, nonce);
    Bytes list;
    rlp::encode_header(list, rlp::Header{true, payload.size()});
    list += payload;
    const Hash32 h = keccak256(list);
    return Address::from_view_unchecked(ByteView{h.data() + 12, 20});
}

namespace {

// Binds the node's metadata of receipt `i` to the derived values in `v`.
Expected<void, Refusal> bind_claims(const chain::ReceiptClaims& c, const VerifiedReceipt& v, const Hash32& block_hash,
                                    std::uint64_t block_number, std::size_t i) {
    if (c.transaction_hash != v.transaction_hash) return unexpected(field_mismatch("transactionHash", i));
    if (c.transaction_index != v.transaction_index) return unexpected(field_mismatch("transactionIndex", i));
    if (c.block_hash != block_hash) return unexpected(field_mismatch("blockHash", i));
    if (c.block_number != block_number) return unexpected(field_mismatch("blockNumber", i));
    if (c.from != v.from) return unexpected(field_mismatch("from", i));
    if (c.to != v.to) return unexpected(field_mismatch("to", i));
    // A deposit creating a contract before Canyon: its nonce is not committed, so neither is the address.
    const bool address_unverified = std::find(v.unverified_fields.begin(), v.unverified_fields.end(),
                                              "contractAddress") != v.unverified_fields.end();
    if (c.contract_address != v.contract_address && !(address_unverified && !v.contract_address))
        return unexpected(field_mismatch("contractAddress", i));
    if (c.gas_used != v.gas_used) return unexpected(field_mismatch("gasUsed", i));
    if (c.effective_gas_price && *c.effective_gas_price != v.effective_gas_price)
        return unexpected(field_mismatch("effectiveGasPrice", i));
    if (c.blob_gas_used && c.blob_gas_used != v.blob_gas_used) return unexpected(field_mismatch("blobGasUsed", i));
    if (c.logs.size() != v.receipt.logs.size()) return unexpected(field_mismatch("logs", i));
    for (std::size_t k = 0; k < c.logs.size(); ++k) {
        const auto& l = c.logs[k];
        if (l.block_hash != block_hash) return unexpected(field_mismatch("logs.blockHash", i));
        if (l.block_number != block_number) return unexpected(field_mismatch("logs.blockNumber", i));
        if (l.transaction_hash != v.transaction_hash) return unexpected(field_mismatch("logs.transactionHash", i));
        if (l.transaction_index != v.transaction_index) return unexpected(field_mismatch("logs.transactionIndex", i));
        if (l.log_index != v.first_log_index + k) return unexpected(field_mismatch("logs.logIndex", i));
        if (l.removed) return unexpected(field_mismatch("logs.removed", i));
    }
    return {};
}

}  // namespace

std::vector<ClaimedReceipt> claimed_receipts(const std::vector<RpcReceipt>& rpc) {
    std::vector<ClaimedReceipt> out;
    out.reserve(rpc.size());
    for (const auto& r : rpc) out.push_back(ClaimedReceipt{r.receipt, r.claims});
    return out;
}

Expected<Verified<VerifiedBlockReceipts>, Refusal> verify_block_receipts(
    const HeaderStore& store, const Verified<VerifiedBlock>& block,
    const Untrusted<std::vector<RpcReceipt>>& untrusted) {
    return verify_block_receipts(store, block, Untrusted{claimed_receipts(untrusted.claim())});
}

Expected<Verified<VerifiedBlockReceipts>, Refusal> verify_block_receipts(
    const HeaderStore& store, const Verified<VerifiedBlock>& block,
    const Untrusted<std::vector<ClaimedReceipt>>& untrusted) {
    const auto& claimed = untrusted.claim();
    const auto& header = block->header;
    std::vector<Receipt> consensus;
    consensus.reserve(claimed.size());
    for (std::size_t i = 0; i < claimed.size(); ++i) {
        const Receipt& r = claimed[i].receipt;
        // The receipts may have been parsed with other options than this store's: an L1 chain has no deposits.
        if ((r.type == chain::TxType::kDeposit || r.deposit_nonce || r.deposit_receipt_version) &&
            !store.config().op_stack)
            return unexpected(Refusal{RefusalCode::kMalformed, "receipts.type", i,
                                      "deposit receipt (0x7e) on a chain not configured as OP-stack"});
        consensus.push_back(r);
    }
    // chain::receipts_root hashes receipt_trie_value: a Regolith-era deposit receipt's nonce is not in the trie.
    if (consensus.size() != block->transactions.size() || chain::receipts_root(consensus) != header.receipts_root)
        return unexpected(refuse(RefusalCode::kReceiptsRootMismatch,
                                 std::to_string(consensus.size()) + " receipts for " +
                                     std::to_string(block->transactions.size()) + " transactions"));

    VerifiedBlockReceipts out;
    out.receipts.reserve(consensus.size());
    std::uint64_t previous_cumulative = 0;
    std::uint64_t log_index = 0;
    for (std::size_t i = 0; i < consensus.size(); ++i) {
        const Transaction& tx = block->transactions[i];
        VerifiedReceipt v;
        v.receipt = consensus[i];
        v.transaction_hash = block->transaction_hashes[i];
        v.transaction_index = i;
        // Recovered once, by verify_block, from this very transaction.
        auto sender = block_sender(store, block, i);
        if (!sender) return unexpected(sender.error());
        v.from = *sender;
        v.sender_signed = sender_is_signed(tx);
        v.to = tx.to;
        if (!tx.to) {
            if (sender_is_signed(tx)) {
                v.contract_address = create_address(v.from, tx.nonce);
            } else if (v.receipt.deposit_nonce) {
                // A deposit has no nonce field; since Regolith its receipt carries the sender's nonce (in the
                // receipts trie only from Canyon on, where deposit_receipt_version is set).
                v.contract_address = create_address(v.from, *v.receipt.deposit_nonce);
                if (!v.receipt.deposit_receipt_version) v.unverified_fields.emplace_back("contractAddress");
            } else {
                v.unverified_fields.emplace_back("contractAddress");
            }
        }
        // The trie commits to cumulative gas; per-transaction gas is the difference, and a list whose
        // cumulative gas goes down cannot come from a real block (the root would not match either).
        if (v.receipt.cumulative_gas_used < previous_cumulative)
            return unexpected(refuse(RefusalCode::kReceiptMismatch, "cumulative gas decreases"));
        v.gas_used = v.receipt.cumulative_gas_used - previous_cumulative;
        previous_cumulative = v.receipt.cumulative_gas_used;
        v.effective_gas_price = effective_gas_price(tx, header);
        if (tx.type == chain::TxType::kBlob) v.blob_gas_used = tx.blob_versioned_hashes.size() * 131072u;
        v.first_log_index = log_index;
        log_index += v.receipt.logs.size();
        if (claimed[i].claims) {
            if (claimed[i].claims->blob_gas_price) v.unverified_fields.emplace_back("blobGasPrice");
            auto bound = bind_claims(*claimed[i].claims, v, block.block_hash(), block.block_number(), i);
            if (!bound) return unexpected(bound.error());
        }
        out.receipts.push_back(std::move(v));
    }
    if (previous_cumulative != header.gas_used)
        return unexpected(refuse(RefusalCode::kReceiptMismatch, "cumulative gas differs from the header's gasUsed"));
    return VerifiedAccess::make(std::move(out), block.block_hash(), block.block_number());
}

Expected<Verified<VerifiedReceipt>, Refusal> verify_receipt(const Verified<VerifiedBlockReceipts>& receipts,
                                                            const Hash32& tx_hash,
                                                            const std::optional<Untrusted<RpcReceipt>>& claimed) {
    const auto& list = receipts->receipts;
    const auto it =
        std::find_if(list.begin(), list.end(), [&](const VerifiedReceipt& r) { return r.transaction_hash == tx_hash; });
    if (it == list.end()) return unexpected(refuse(RefusalCode::kTxNotInBlock));
    if (claimed) {
        const RpcReceipt& c = claimed->claim();
        if (c.receipt.success != it->receipt.success)
            return unexpected(Refusal{RefusalCode::kReceiptMismatch, "status", 0, {}});
        if (c.receipt != it->receipt) return unexpected(Refusal{RefusalCode::kReceiptMismatch, "receipt", 0, {}});
        auto bound = bind_claims(c.claims, *it, receipts.block_hash(), receipts.block_number(), 0);
        if (!bound) {
            Refusal r = bound.error();
            r.index = 0;
            return unexpected(std::move(r));
        }
    }
    return VerifiedAccess::make(*it, receipts.block_hash(), receipts.block_number());
}

}  // namespace countersign::verify
