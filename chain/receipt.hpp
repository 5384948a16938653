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

    friend bool operator==(const Receipt&, const Receipt&) = default;
};

enum class ReceiptError {
    kMalformedRlp,     // any RLP structure error: bad lengths, wrong element count or kinds, trailing bytes
    kEmptyInput,
    kUnsupportedType,  // a type byte other than 1..4
    kWrongWrapping,    // typed receipt not wrapped as the Eip2718Wrapping asks
    kInvalidStatus,    // neither 0x80, 0x01 nor (legacy only) a 32-byte state root
};

std::string_view to_string(ReceiptError e) noexcept;

// Decodes one receipt at the front of `from` and advances past it (Eip2718Wrapping as for transactions:
// kNone for receipts-trie values and debug_getRawReceipts, kString for the devp2p Receipts message).
Expected<Receipt, ReceiptError> decode_receipt(ByteView& from, Eip2718Wrapping wrapping) noexcept;
// The whole input is one unwrapped receipt.
Expected<Receipt, ReceiptError> decode_raw_receipt(ByteView raw) noexcept;

// Canonical unwrapped encoding: the receipts-trie value. kString wraps typed receipts in an RLP string;
// kBoth encodes like kNone.
Bytes encode_receipt(const Receipt& receipt, Eip2718Wrapping wrapping = Eip2718Wrapping::kNone);
void encode_receipt(Bytes& to, const Receipt& receipt, Eip2718Wrapping wrapping = Eip2718Wrapping::kNone);

// The receipts root of a block: the ordered trie of the unwrapped encodings.
Hash32 receipts_root(std::span<const Receipt> receipts);

}  // namespace countersign::chain
