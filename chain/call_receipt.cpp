// SPDX-License-Identifier: Apache-2.0
#include "chain/call_receipt.hpp"

namespace countersign::chain {

std::string_view to_string(ReceiptSource source) noexcept {
    switch (source) {
        case ReceiptSource::kReceiptV1:
            return "receipt-v1";
        case ReceiptSource::kOpenGradientBody:
            return "opengradient-body";
        case ReceiptSource::kOpenGradientSdk:
            return "opengradient-sdk";
    }
    return "unknown";
}

std::string_view to_string(PaymentScheme scheme) noexcept {
    switch (scheme) {
        case PaymentScheme::kExact:
            return "exact";
        case PaymentScheme::kUpto:
            return "upto";
    }
    return "unknown";
}

std::string_view to_string(SettlementMode mode) noexcept {
    switch (mode) {
        case SettlementMode::kIndividual:
            return "individual";
        case SettlementMode::kBatch:
            return "batch";
        case SettlementMode::kPrivate:
            return "private";
    }
    return "unknown";
}

}  // namespace countersign::chain
