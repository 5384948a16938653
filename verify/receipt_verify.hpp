// SPDX-License-Identifier: Apache-2.0
#pragma once
// Receipts against a verified block. The whole list of a block's receipts is re-hashed into the receipts
// trie and compared with the verified receiptsRoot (one receipt alone proves nothing without a trie proof
// nodes do not serve); then every claim a node attached (hashes, indexes, sender, recipient, created
// contract, gas used, effective gas price, log positions) is bound to what the verified transactions and
// receipts imply. Claims that cannot be derived from verified data are listed as unverified, never passed.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "chain/receipt.hpp"
#include "chain/receipt_json.hpp"
#include "crypto/expected.hpp"
#include "verify/block_verify.hpp"
#include "verify/refusal.hpp"
#include "verify/verified.hpp"

namespace countersign::verify {

// One receipt with everything derived for it from verified data.
struct VerifiedReceipt {
    chain::Receipt receipt;
    Hash32 transaction_hash;
    std::uint64_t transaction_index{0};
    Address from;
    // false for an OP-stack deposit: `from` is its stated sender (L1 derivation), not a recovered one.
    bool sender_signed{false};
    std::optional<Address> to;
    std::optional<Address> contract_address;
    std::uint64_t gas_used{0};
    Uint256 effective_gas_price;
    std::optional<std::uint64_t> blob_gas_used;
    std::uint64_t first_log_index{0};  // block-wide index of the receipt's first log
    // Claimed fields nothing verified can confirm (e.g. blobGasPrice needs fork parameters); reported, not
    // trusted.
    std::vector<std::string> unverified_fields;
};

// One receipt as a node sent it: the consensus receipt, and the node's metadata when the source has any
// (eth_getBlockReceipts, eth_getTransactionReceipt do; debug_getRawReceipts does not).
struct ClaimedReceipt {
    chain::Receipt receipt;
    std::optional<chain::ReceiptClaims> claims;
};

std::vector<ClaimedReceipt> claimed_receipts(const std::vector<chain::RpcReceipt>& rpc);

struct VerifiedBlockReceipts {
    std::vector<VerifiedReceipt> receipts;  // in transaction order
};

// All receipts of `block` (eth_getBlockReceipts, one eth_getTransactionReceipt per transaction in order, or
// debug_getRawReceipts). Metadata, where present, is bound receipt by receipt.
Expected<Verified<VerifiedBlockReceipts>, Refusal> verify_block_receipts(
    const HeaderStore& store, const Verified<VerifiedBlock>& block,
    const Untrusted<std::vector<ClaimedReceipt>>& receipts);
Expected<Verified<VerifiedBlockReceipts>, Refusal> verify_block_receipts(
    const HeaderStore& store, const Verified<VerifiedBlock>& block,
    const Untrusted<std::vector<chain::RpcReceipt>>& receipts);

// The receipt of `tx_hash` among verified block receipts, optionally binding a separately claimed receipt
// (an eth_getTransactionReceipt answer) field by field: kReceiptMismatch for the consensus part (status,
// cumulative gas, bloom, logs), kFieldMismatch{field} for the node's metadata.
Expected<Verified<VerifiedReceipt>, Refusal> verify_receipt(
    const Verified<VerifiedBlockReceipts>& receipts, const Hash32& tx_hash,
    const std::optional<Untrusted<chain::RpcReceipt>>& claimed = std::nullopt);

// min(maxFeePerGas, baseFee + maxPriorityFeePerGas) for EIP-1559 types, gasPrice for the others.
Uint256 effective_gas_price(const chain::Transaction& tx, const chain::BlockHeader& header) noexcept;
// keccak256(rlp([sender, nonce]))[12:].
Address create_address(const Address& sender, std::uint64_t nonce);

}  // namespace countersign::verify
