// SPDX-License-Identifier: Apache-2.0
#pragma once
// Transaction receipts, in the form the receipts trie commits to:
//   legacy:  rlp([post_state_or_status, cumulative_gas_used, logs_bloom, logs])
//   typed:   type || rlp([status, cumulative_gas_used, logs_bloom, logs])      (EIP-2718)
// Before Byzantium the first field was the 32-byte post-transaction state root; EIP-658 replaced it with a
// status: 1 (encoded 0x01) or 0 (encoded as the empty string 0x80). Typed receipts only exist after
// Byzantium, so they always carry a status. Decoding is strict: the status must be exactly one of those
// encodings, every length canonical, no element missing or extra, at most four topics per log; so a
// receipt that decodes re-encodes to the same bytes.
//
// OP-stack deposit receipts (type 0x7e, only with DecodeOptions::op_stack) extend the typed form:
//   0x7e || rlp([status, cumulative_gas_used, logs_bloom, logs, deposit_nonce?, deposit_receipt_version?])
// deposit_nonce (Regolith) is the sender's nonce before execution; deposit_receipt_version (Canyon) is 1.
// The receipts trie commits to the two extra fields only when the version is present: a Regolith-era receipt
// carries its nonce in storage and RPC (MarshalBinary, debug_getRawReceipts) but not in the trie, so
// encode_receipt (the faithful form) and receipt_trie_value (what the root is over) differ for exactly
// those receipts.

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "chain/log.hpp"
#include "chain/transaction.hpp"
#include "crypto/bytes.hpp"
#include "crypto/expected.hpp"

namespace countersign::chain {

struct Receipt {
    TxType type{TxType::kLegacy};
    std::optional<Hash32> post_state;  // pre-Byzantium legacy receipts only; then `success` is unused
    bool success{false};               // EIP-658 status
    std::uint64_t cumulative_gas_used{0};
    Bloom logs_bloom;
    std::vector<Log> logs;
    // OP-stack deposit receipts only (nullopt otherwise). A version implies a nonce.
    std::optional<std::uint64_t> deposit_nonce;            // Regolith
    std::optional<std::uint64_t> deposit_receipt_version;  // Canyon: always 1

    friend bool operator==(const Receipt&, const Receipt&) = default;
};

enum class ReceiptError {
    kMalformedRlp,     // any RLP structure error: bad lengths, wrong element count or kinds, trailing bytes
    kEmptyInput,
    kUnsupportedType,  // a type byte other than 1..4 (and 0x7e with op_stack)
    kWrongWrapping,    // typed receipt not wrapped as the Eip2718Wrapping asks
    kInvalidStatus,    // neither 0x80, 0x01 nor (legacy only) a 32-byte state root
    kDepositNotEnabled,        // a 0x7e receipt where DecodeOptions::op_stack is off (an L1 chain)
    kInvalidDepositVersion,    // deposit_receipt_version other than 1
};

std::string_view to_string(ReceiptError e) noexcept;

// Decodes one receipt at the front of `from` and advances past it (Eip2718Wrapping as for transactions:
// kNone for receipts-trie values and debug_getRawReceipts, kString for the devp2p Receipts message).
// Deposit receipts (0x7e) only with options.op_stack; otherwise kDepositNotEnabled.
Expected<Receipt, ReceiptError> decode_receipt(ByteView& from, Eip2718Wrapping wrapping,
                                               DecodeOptions options = {}) noexcept;
// The whole input is one unwrapped receipt.
Expected<Receipt, ReceiptError> decode_raw_receipt(ByteView raw, DecodeOptions options = {}) noexcept;

// Canonical unwrapped encoding (kString wraps typed receipts in an RLP string; kBoth encodes like kNone).
// For every receipt but a Regolith-era deposit (nonce, no version) this is also the receipts-trie value.
Bytes encode_receipt(const Receipt& receipt, Eip2718Wrapping wrapping = Eip2718Wrapping::kNone);
void encode_receipt(Bytes& to, const Receipt& receipt, Eip2718Wrapping wrapping = Eip2718Wrapping::kNone);

// What the receipts trie holds for this receipt: encode_receipt, except that a deposit receipt without a
// deposit_receipt_version drops its deposit_nonce (the pre-Canyon consensus encoding). Verifiers comparing
// a receipt with a trie proof's value must use this, not encode_receipt.
Bytes receipt_trie_value(const Receipt& receipt);

// The receipts root of a block: the ordered trie of receipt_trie_value.
Hash32 receipts_root(std::span<const Receipt> receipts);

}  // namespace countersign::chain
