// SPDX-License-Identifier: Apache-2.0
#include "rpc/call_evidence.hpp"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "chain/abi_event.hpp"
#include "chain/abi_known.hpp"
#include "chain/binding.hpp"
#include "chain/tee_registry_layout.hpp"
#include "crypto/hex.hpp"

namespace countersign::rpc {

using verify::LogSearch;
using verify::LookupFailure;
using verify::LookupOutcome;
using verify::RefusalCode;
using verify::TrustLevel;

verify::TrustLevel anchor_trust(bool user_checkpoint, std::size_t agreeing_providers) noexcept {
    if (user_checkpoint) return TrustLevel::kProven;
    return agreeing_providers >= 2 ? TrustLevel::kCorroborated : TrustLevel::kReported;
}

LookupFailure lookup_failure(const FetchError& error) {
    LookupFailure f;
    f.detail = error.to_string();
    switch (error.kind) {
        case FetchError::Kind::kNotFound:
            f.outcome = LookupOutcome::kNotFound;
            break;
        case FetchError::Kind::kRefused:
            // Providers that disagree have not shown the data false; nobody knows which of them is right.
            f.outcome = error.refusal && error.refusal->code == RefusalCode::kProvidersDisagree
                            ? LookupOutcome::kUnavailable
                            : LookupOutcome::kRefused;
            f.refusal = error.refusal;
            break;
        case FetchError::Kind::kRpc:
        case FetchError::Kind::kMalformed:
        case FetchError::Kind::kTooFar:
            f.outcome = LookupOutcome::kUnavailable;
            break;
    }
    return f;
}

namespace {

LookupFailure not_asked(std::string detail) { return LookupFailure{LookupOutcome::kNotAsked, std::move(detail), {}}; }
LookupFailure unavailable(std::string detail) {
    return LookupFailure{LookupOutcome::kUnavailable, std::move(detail), {}};
}

Hash32 address_topic(const Address& a) {
    Hash32 t{};
    std::copy(a.bytes.begin(), a.bytes.end(), t.bytes.begin() + 12);
    return t;
}

const Hash32& authorization_used_topic() {
    static const Hash32 topic = chain::event_topic(chain::authorization_used_event());
    return topic;
}

std::string chain_name(std::uint64_t id) { return "eip155:" + std::to_string(id); }

// The transaction and its receipt. The raw eth_getTransactionByHash answer is read first only to tell a
// transaction waiting in the mempool from one the node does not know; the light client then verifies it.
struct TxLookup {
    std::optional<verify::Verified<verify::VerifiedTransaction>> transaction;
    std::optional<verify::Verified<verify::VerifiedReceipt>> receipt;
    LookupFailure failure;
};

TxLookup lookup_transaction(const ChainSource& source, const Hash32& hash, bool want_transaction) {
    TxLookup out;
    auto raw = source.fetcher->transaction(hash);
    if (!raw) {
        out.failure = lookup_failure(raw.error());
        return out;
    }
    if (!raw->block_number) {
        out.failure = LookupFailure{LookupOutcome::kNotMined, "transaction " + to_hex(hash) + " is not in a block yet",
                                    {}};
        return out;
    }
    // From here the node has said the transaction is mined: a "null" for its block or receipt is the node failing
    // to serve what it just claimed, not evidence that the transaction does not exist.
    const auto after_found = [](const FetchError& e) {
        LookupFailure f = lookup_failure(e);
        if (f.outcome == LookupOutcome::kNotFound) f.outcome = LookupOutcome::kUnavailable;
        return f;
    };
    if (want_transaction) {
        auto tx = source.client->transaction(hash);
        if (!tx) {
            out.failure = after_found(tx.error());
            return out;
        }
        out.transaction = std::move(*tx);
    }
    auto receipt = source.client->receipt(hash);
    if (!receipt) {
        out.failure = after_found(receipt.error());
        return out;
    }
    out.receipt = std::move(*receipt);
    return out;
}

// A complete log search over [from, to], cut to its newest max_range blocks. The search is marked complete
// only when the light client verified the whole (uncut) range.
struct SearchResult {
    std::optional<LogSearch> search;
    LookupFailure failure;
};

SearchResult search_logs(const ChainSource& source, verify::LogFilter filter, std::uint64_t max_range) {
    SearchResult out;
    bool cut = false;
    if (filter.to_block < filter.from_block) filter.from_block = filter.to_block;
    if (max_range == 0) max_range = 1;
    max_range = std::min(max_range, verify::kMaxLogRange);
    if (filter.to_block - filter.from_block + 1 > max_range) {
        out.failure = unavailable("range " + std::to_string(filter.from_block) + ".." + std::to_string(filter.to_block) +
                                  " exceeds " + std::to_string(max_range) + " blocks; only the newest part searched");
        filter.from_block = filter.to_block - (max_range - 1);
        cut = true;
    }
    auto logs = source.client->logs(filter);
    if (!logs) {
        out.failure = lookup_failure(logs.error());
        out.search = LogSearch{std::move(filter), {}, false};
        return out;
    }
    out.search = LogSearch{std::move(filter), logs->value(), !cut};
    return out;
}

// The nonces of the AuthorizationUsed events the token emitted for the payer in the verified payment receipt.
std::vector<Bytes32> payment_nonces(const verify::VerifiedReceipt& receipt, const Address& token,
                                    const Address& payer) {
    std::vector<Bytes32> nonces;
    for (const auto& log : receipt.receipt.logs) {
        if (log.address != token) continue;
        auto used = chain::decode_authorization_used(log.topics, log.data);
        if (!used || used->authorizer != payer) continue;
        if (std::find(nonces.begin(), nonces.end(), used->nonce) == nonces.end()) nonces.push_back(used->nonce);
    }
    return nonces;
}

void gather_payment(const chain::CallReceipt& receipt, const verify::VerifierConfig& config,
                    const ChainSource& source, const EvidenceOptions& options, verify::PaymentEvidence& out) {
    out.chain.chain_id = config.payment_chain_id;
    out.chain.anchor = source.anchor;
    const auto skip_all = [&](const std::string& why) {
        out.failure = not_asked(why);
        out.refund_failure = not_asked(why);
        out.same_request_failure = not_asked(why);
    };
    if (!receipt.payment) return skip_all("the receipt names no payment");
    const auto& payment = *receipt.payment;
    if (payment.chain_id != config.payment_chain_id)
        return skip_all("the receipt's payment network " + chain_name(payment.chain_id) +
                        " is not the configured payment chain " + chain_name(config.payment_chain_id));
    if (source.client == nullptr || source.fetcher == nullptr)
        return skip_all("no provider for the payment chain " + chain_name(config.payment_chain_id));

    // The head first: confirmations count to it and the searches end at it.
    std::optional<LookupFailure> head_failure;
    if (auto head = source.client->sync_to_head(); head) {
        out.chain.head = std::move(*head);
    } else {
        head_failure = lookup_failure(head.error());
        head_failure->detail = "head: " + head_failure->detail;
    }

    auto tx = lookup_transaction(source, payment.payment_hash, true);
    out.transaction = std::move(tx.transaction);
    out.receipt = std::move(tx.receipt);
    out.failure = std::move(tx.failure);

    const bool asset_accepted = config.accepted_assets.empty() ||
                                std::find(config.accepted_assets.begin(), config.accepted_assets.end(),
                                          payment.asset) != config.accepted_assets.end();
    const std::uint64_t head_number = out.chain.head ? out.chain.head->block_number() : 0;

    // Refund: AuthorizationUsed(pay_to, refund_nonce(n)) on the token, from the payment block to the head, for
    // each nonce n the verified payment used.
    if (!out.chain.head) {
        out.refund_failure = *head_failure;
    } else if (!out.receipt) {
        out.refund_failure = not_asked("no verified payment to look for a refund of");
    } else if (!asset_accepted) {
        out.refund_failure = not_asked("the receipt's asset " + to_hex(payment.asset) + " is not an accepted asset");
    } else {
        const auto nonces = payment_nonces(out.receipt->value(), payment.asset, payment.payer);
        if (nonces.empty()) {
            out.refund_failure = not_asked("the verified payment has no AuthorizationUsed event of the payer");
        } else {
            std::vector<Hash32> refund_nonces;
            for (const auto& n : nonces) refund_nonces.push_back(chain::refund_nonce(n));
            verify::LogFilter filter{out.receipt->block_number(), std::max(head_number, out.receipt->block_number()),
                                     {payment.asset},
                                     {{authorization_used_topic()}, {address_topic(payment.pay_to)}, refund_nonces}};
            auto r = search_logs(source, std::move(filter), options.max_search_range);
            out.refund_search = std::move(r.search);
            out.refund_failure = std::move(r.failure);
        }
    }

    // Same request: AuthorizationUsed(*, binding_nonce(request)) on the token over the window.
    if (!out.chain.head) {
        out.same_request_failure = *head_failure;
    } else if (!asset_accepted) {
        out.same_request_failure =
            not_asked("the receipt's asset " + to_hex(payment.asset) + " is not an accepted asset");
    } else {
        const std::uint64_t reference = out.receipt ? out.receipt->block_number() : head_number;
        std::uint64_t from = 0;
        if (options.same_request_from) {
            from = *options.same_request_from;
        } else {
            const std::uint64_t checkpoint = source.client->store().config().checkpoint.number;
            const std::uint64_t floor = std::max<std::uint64_t>(std::min(checkpoint, reference), 1);
            from = reference > options.same_request_blocks_before ? reference - options.same_request_blocks_before : 0;
            from = std::max(from, floor);
        }
        const std::uint64_t to = std::max(head_number, reference);
        const Hash32 binding = chain::binding_nonce(receipt.request_id, receipt.tee.request_hash);
        verify::LogFilter filter{std::min(from, to), to, {payment.asset}, {{authorization_used_topic()}, {}, {binding}}};
        auto r = search_logs(source, std::move(filter), options.max_search_range);
        out.same_request_search = std::move(r.search);
        out.same_request_failure = std::move(r.failure);
    }
}

void gather_settlement(const chain::CallReceipt& receipt, const verify::VerifierConfig& config,
                       const ChainSource& source, verify::SettlementEvidence& out) {
    out.chain.chain_id = config.settlement_chain_id;
    out.chain.anchor = source.anchor;
    if (!receipt.settlement) {
        out.failure = not_asked("the receipt names no settlement");
        out.registry_failure = not_asked("no settlement chain to read the registry on");
        return;
    }
    const auto& settlement = *receipt.settlement;
    if (settlement.chain_id != config.settlement_chain_id) {
        const std::string why = "the receipt's settlement network " + chain_name(settlement.chain_id) +
                                " is not the configured settlement chain " + chain_name(config.settlement_chain_id);
        out.failure = not_asked(why);
        out.registry_failure = not_asked(why);
        return;
    }
    if (source.client == nullptr || source.fetcher == nullptr) {
        const std::string why = "no provider for the settlement chain " + chain_name(config.settlement_chain_id);
        out.failure = not_asked(why);
        out.registry_failure = not_asked(why);
        return;
    }

    std::optional<LookupFailure> head_failure;
    if (auto head = source.client->sync_to_head(); head) {
        out.chain.head = std::move(*head);
    } else {
        head_failure = lookup_failure(head.error());
        head_failure->detail = "head: " + head_failure->detail;
    }

    if (settlement.mode == chain::SettlementMode::kPrivate) {
        out.failure = not_asked("private settlement has no transaction");
    } else if (!settlement.tx_hash) {
        out.failure = not_asked("the receipt names no settlement transaction");
    } else {
        auto tx = lookup_transaction(source, *settlement.tx_hash, false);
        out.receipt = std::move(tx.receipt);
        out.failure = std::move(tx.failure);
    }

    // The registry at the settlement block; at the head when there is none (private) or it is not known.
    std::optional<std::uint64_t> at;
    if (out.receipt) {
        at = out.receipt->block_number();
    } else if (out.chain.head) {
        at = out.chain.head->block_number();
    }
    if (!at) {
        out.registry_failure = *head_failure;
        return;
    }
    const Bytes32& tee_id = receipt.tee.tee_id;
    std::vector<Bytes32> slots{chain::tee_status_slot(tee_id),
                               chain::tee_field_slot(tee_id, chain::kTeePaymentAddressOffset),
                               chain::tee_public_key_slot(tee_id)};
    auto first = source.client->account(config.registry, slots, *at);
    if (!first) {
        out.registry_failure = lookup_failure(first.error());
        return;
    }
    // The length word decides how many data words to read; a malformed or absent key stops here (the checks
    // decode the same words and say why).
    std::optional<std::size_t> length;
    for (const auto& s : first->value().storage)
        if (s.key == slots[2]) {
            auto l = chain::decode_long_bytes_length(s.value.to_be());
            if (l) length = *l;
        }
    if (!length || *length == 0 || *length > chain::kMaxStoredKeyBytes) {
        out.registry = std::move(*first);
        return;
    }
    const std::uint64_t words = (*length + 31) / 32;
    for (std::uint64_t i = 0; i < words; ++i) slots.push_back(chain::tee_public_key_data_slot(tee_id, i));
    auto full = source.client->account(config.registry, slots, *at);
    if (!full) {
        out.registry = std::move(*first);
        out.registry_failure = lookup_failure(full.error());
        out.registry_failure.detail = "public key words: " + out.registry_failure.detail;
        return;
    }
    out.registry = std::move(*full);
}

}  // namespace

verify::CallEvidence gather_call_evidence(const chain::CallReceipt& receipt, const verify::VerifierConfig& config,
                                          const ChainSource& payment, const ChainSource& settlement,
                                          const EvidenceOptions& options) {
    verify::CallEvidence evidence;
    gather_payment(receipt, config, payment, options, evidence.payment);
    gather_settlement(receipt, config, settlement, evidence.settlement);
    return evidence;
}

}  // namespace countersign::rpc
