// SPDX-License-Identifier: Apache-2.0
#include "verify/call_evidence.hpp"

#include <algorithm>

#include "chain/abi_event.hpp"
#include "chain/abi_known.hpp"
#include "chain/binding.hpp"
#include "chain/tee_registry_layout.hpp"

namespace countersign::verify {

std::string_view to_string(TrustLevel level) noexcept {
    switch (level) {
        case TrustLevel::kProven:
            return "proven";
        case TrustLevel::kCorroborated:
            return "corroborated";
        case TrustLevel::kReported:
            return "reported";
    }
    return "reported";
}

std::string_view to_string(LookupOutcome outcome) noexcept {
    switch (outcome) {
        case LookupOutcome::kNotAsked:
            return "not_asked";
        case LookupOutcome::kNotFound:
            return "not_found";
        case LookupOutcome::kNotMined:
            return "not_mined";
        case LookupOutcome::kRefused:
            return "refused";
        case LookupOutcome::kUnavailable:
            return "unavailable";
    }
    return "unavailable";
}

TrustLevel weakest(TrustLevel a, TrustLevel b) noexcept {
    // The enum is ordered strongest first.
    return static_cast<int>(a) >= static_cast<int>(b) ? a : b;
}

namespace {

Hash32 address_topic(const Address& a) noexcept {
    Hash32 out;
    std::copy(a.bytes.begin(), a.bytes.end(), out.bytes.begin() + 12);
    return out;
}

}  // namespace

LogFilter refund_search_filter(const Address& asset, const Address& pay_to, const Bytes32& payment_nonce,
                               std::uint64_t from_block, std::uint64_t to_block) {
    LogFilter f;
    f.from_block = from_block;
    f.to_block = to_block;
    f.addresses = {asset};
    f.topics = {{chain::event_topic(chain::authorization_used_event())},
                {address_topic(pay_to)},
                {chain::refund_nonce(payment_nonce)}};
    return f;
}

LogFilter same_request_search_filter(const Address& asset, const Bytes32& binding_nonce, std::uint64_t from_block,
                                     std::uint64_t to_block) {
    LogFilter f;
    f.from_block = from_block;
    f.to_block = to_block;
    f.addresses = {asset};
    f.topics = {{chain::event_topic(chain::authorization_used_event())}, {}, {binding_nonce}};
    return f;
}

std::vector<Bytes32> tee_registry_slots(const Bytes32& tee_id, std::size_t key_length) {
    std::vector<Bytes32> out{chain::tee_status_slot(tee_id),
                             chain::tee_field_slot(tee_id, chain::kTeePaymentAddressOffset),
                             chain::tee_public_key_slot(tee_id)};
    const std::size_t words = (std::min(key_length, chain::kMaxStoredKeyBytes) + 31) / 32;
    for (std::size_t i = 0; i < words; ++i) out.push_back(chain::tee_public_key_data_slot(tee_id, i));
    return out;
}

}  // namespace countersign::verify
