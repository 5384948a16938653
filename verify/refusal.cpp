// SPDX-License-Identifier: Apache-2.0
#include "verify/refusal.hpp"

namespace countersign::verify {

std::string_view to_string(RefusalCode code) noexcept {
    switch (code) {
        case RefusalCode::kHeaderHashMismatch:
            return "HEADER_HASH_MISMATCH";
        case RefusalCode::kNotLinked:
            return "NOT_LINKED";
        case RefusalCode::kConflictingHeader:
            return "CONFLICTING_HEADER";
        case RefusalCode::kUnknownBlock:
            return "UNKNOWN_BLOCK";
        case RefusalCode::kTxNotInBlock:
            return "TX_NOT_IN_BLOCK";
        case RefusalCode::kTransactionsRootMismatch:
            return "TRANSACTIONS_ROOT_MISMATCH";
        case RefusalCode::kReceiptsRootMismatch:
            return "RECEIPTS_ROOT_MISMATCH";
        case RefusalCode::kReceiptMismatch:
            return "RECEIPT_MISMATCH";
        case RefusalCode::kLogsIncomplete:
            return "LOGS_INCOMPLETE";
        case RefusalCode::kProofInvalid:
            return "PROOF_INVALID";
        case RefusalCode::kChainIdMismatch:
            return "CHAIN_ID_MISMATCH";
        case RefusalCode::kFieldMismatch:
            return "FIELD_MISMATCH";
        case RefusalCode::kMalformed:
            return "MALFORMED";
        case RefusalCode::kWithdrawalsRootMismatch:
            return "WITHDRAWALS_ROOT_MISMATCH";
        case RefusalCode::kNotConfirmed:
            return "NOT_CONFIRMED";
        case RefusalCode::kProvidersDisagree:
            return "PROVIDERS_DISAGREE";
    }
    return "UNKNOWN";
}

std::string Refusal::to_string() const {
    std::string out{verify::to_string(code)};
    if (!field.empty()) out += " " + field;
    if (index != 0) out += " #" + std::to_string(index);
    if (!detail.empty()) out += ": " + detail;
    return out;
}

}  // namespace countersign::verify
