// SPDX-License-Identifier: Apache-2.0
#pragma once
// Why the light client refused a piece of untrusted data. The codes are stable: verdicts, logs and the CLI
// exit path name them, so append new ones at the end and never renumber.

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

namespace countersign::verify {

enum class RefusalCode {
    kHeaderHashMismatch,        // the claimed block hash is not keccak(rlp(header))
    kNotLinked,                 // the header links neither to a verified header nor to the checkpoint
    kConflictingHeader,         // another verified header already holds this height (a fork)
    kUnknownBlock,              // no verified header with this number or hash
    kTxNotInBlock,              // the transaction hash is not among the verified block's transactions
    kTransactionsRootMismatch,  // the block's transactions do not hash to the verified transactionsRoot
    kReceiptsRootMismatch,      // the block's receipts do not hash to the verified receiptsRoot
    kReceiptMismatch,           // a claimed receipt differs from the verified one (status, gas, bloom, logs)
    kLogsIncomplete,            // a block that may hold matching logs has no verified receipts, or a log is missing
    kProofInvalid,              // an eth_getProof node list proves nothing against the verified root
    kChainIdMismatch,           // a transaction or provider of another chain
    kFieldMismatch,             // a claimed field differs from the value derived from verified data (see field)
    kMalformed,                 // the untrusted data is not well-formed (bad sender signature, wrong kinds)
    kWithdrawalsRootMismatch,   // the block's withdrawals do not hash to the verified withdrawalsRoot
    kNotConfirmed,              // verified, but fewer confirmations than the chain's policy requires
    kProvidersDisagree,         // no k of the n providers gave the same answer (quorum policy); detail has them all
};

std::string_view to_string(RefusalCode code) noexcept;

struct Refusal {
    RefusalCode code{RefusalCode::kMalformed};
    std::string field;     // the claimed field at fault ("gasUsed", "logs.data", "transactions.from", ...)
    std::size_t index{0};  // the list position at fault where one applies
    std::string detail;    // human-readable context, never parsed

    std::string to_string() const;
};

inline Refusal refuse(RefusalCode code, std::string detail = {}) { return Refusal{code, {}, 0, std::move(detail)}; }
inline Refusal field_mismatch(std::string field, std::size_t index = 0) {
    return Refusal{RefusalCode::kFieldMismatch, std::move(field), index, {}};
}

}  // namespace countersign::verify
