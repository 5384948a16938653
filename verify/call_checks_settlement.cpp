// SPDX-License-Identifier: Apache-2.0
// Check 4: the commitment to the call is settled on the settlement chain, by the configured relay, either as an
// IndividualSettlement carrying the same tee_id, hashes, timestamp and signature, or as a BatchSettlement whose
// root a StandardMerkleTree proof of the call's leaf reaches.

#include <utility>

#include "chain/abi_event.hpp"
#include "chain/abi_known.hpp"
#include "chain/standard_merkle_tree.hpp"
#include "crypto/keccak.hpp"
#include "verify/call_checks_internal.hpp"

namespace countersign::verify::checks_detail {
namespace {

// The receipt's batch proof is bounded by its parser; a longer one could not come from a tree of < 2^64 leaves.
constexpr std::size_t kMaxProofLength = 64;

void differ(std::string& out, std::string_view field, const std::string& expected, const std::string& actual) {
    if (expected == actual) return;
    if (!out.empty()) out += "; ";
    out += std::string(field) + ": receipt " + expected + ", event " + actual;
}

std::string individual_differences(const chain::CallReceipt& r, const chain::IndividualSettlement& e) {
    std::string out;
    differ(out, "tee_id", hex32(r.tee.tee_id), hex32(e.tee_id));
    differ(out, "input_hash", hex32(r.tee.request_hash), hex32(e.input_hash));
    differ(out, "output_hash", hex32(r.tee.output_hash), hex32(e.output_hash));
    differ(out, "timestamp", std::to_string(r.tee.timestamp), e.timestamp.to_string());
    if (r.tee.signature != e.signature)
        differ(out, "signature", "keccak " + hex32(keccak256(r.tee.signature)),
               "keccak " + hex32(keccak256(e.signature)));
    if (r.settlement->walrus_blob_id && *r.settlement->walrus_blob_id != e.walrus_blob_id)
        differ(out, "walrus_blob_id", to_hex(*r.settlement->walrus_blob_id), to_hex(e.walrus_blob_id));
    return out;
}

CheckResult individual_event(const CheckContext& ctx, const Verified<VerifiedReceipt>& receipt,
                             std::optional<TrustLevel>& commitment_trust) {
    const auto& r = ctx.receipt;
    const Address& relay = ctx.config.relay;
    const TrustLevel trust = ctx.evidence.settlement.chain.anchor;
    const Hash32 topic0 = chain::event_topic(chain::individual_settlement_event());
    std::optional<std::pair<std::size_t, chain::IndividualSettlement>> first_from_relay;
    std::optional<std::pair<std::size_t, Address>> match_elsewhere;
    std::size_t undecodable = 0;
    const auto& logs = receipt->receipt.logs;
    for (std::size_t i = 0; i < logs.size(); ++i) {
        const chain::Log& log = logs[i];
        if (log.topics.empty() || log.topics[0] != topic0) continue;
        auto event = chain::decode_individual_settlement(log.topics, log.data);
        if (!event) {
            ++undecodable;
            continue;
        }
        const bool same = individual_differences(r, *event).empty();
        if (log.address == relay) {
            if (same) {
                commitment_trust = trust;
                return passed(CheckCode::kSettlementEvent, trust,
                              "IndividualSettlement by the relay carries this call's tee_id, hashes, timestamp and "
                              "signature",
                              "log " + std::to_string(receipt->first_log_index + i) + " of " +
                                  hex32(receipt->transaction_hash) + " in " +
                                  block_text(receipt.block_number(), receipt.block_hash()) + ", relay " + hex20(relay) +
                                  ", tee_id " + hex32(event->tee_id));
            }
            if (!first_from_relay || event->tee_id == r.tee.tee_id) first_from_relay.emplace(i, std::move(*event));
        } else if (same && !match_elsewhere) {
            match_elsewhere.emplace(i, log.address);
        }
    }
    const std::string where = " in " + hex32(receipt->transaction_hash) + " (" +
                              block_text(receipt.block_number(), receipt.block_hash()) + ")";
    if (first_from_relay)
        return failed(CheckCode::kSettlementEvent, Problem::kSettlementMismatch, trust,
                      "the relay's IndividualSettlement does not carry this call",
                      individual_differences(r, first_from_relay->second) + "; log " +
                          std::to_string(receipt->first_log_index + first_from_relay->first) + where);
    if (match_elsewhere)
        return failed(CheckCode::kSettlementEvent, Problem::kSettlementMismatch, trust,
                      "the matching IndividualSettlement was not emitted by the configured relay",
                      "emitted by " + hex20(match_elsewhere->second) + ", configured relay " + hex20(relay) + where);
    return failed(CheckCode::kSettlementEvent, Problem::kSettlementMismatch, trust,
                  "the settlement transaction emitted no IndividualSettlement from the relay",
                  std::to_string(logs.size()) + " logs, " + std::to_string(undecodable) +
                      " undecodable IndividualSettlement logs" + where + ", relay " + hex20(relay));
}

CheckResult batch_event(const CheckContext& ctx, const Verified<VerifiedReceipt>& receipt,
                        std::optional<TrustLevel>& commitment_trust) {
    const auto& r = ctx.receipt;
    const auto& batch = r.settlement->batch;
    const Address& relay = ctx.config.relay;
    const TrustLevel trust = ctx.evidence.settlement.chain.anchor;
    if (!batch)
        return unverified(CheckCode::kSettlementEvent, Problem::kEvidenceMissing, TrustLevel::kReported,
                          "batch settlement without the call's Merkle proof in the receipt");
    const Hash32 topic0 = chain::event_topic(chain::batch_settlement_event());
    const std::string where = " in " + hex32(receipt->transaction_hash) + " (" +
                              block_text(receipt.block_number(), receipt.block_hash()) + ")";
    std::optional<chain::BatchSettlement> from_relay;
    std::optional<Address> elsewhere;
    std::string roots;
    for (const chain::Log& log : receipt->receipt.logs) {
        if (log.topics.empty() || log.topics[0] != topic0) continue;
        auto event = chain::decode_batch_settlement(log.topics, log.data);
        if (!event) continue;
        if (log.address != relay) {
            if (event->merkle_root == batch->merkle_root) elsewhere = log.address;
            continue;
        }
        if (!roots.empty()) roots += ", ";
        roots += hex32(event->merkle_root);
        if (event->merkle_root == batch->merkle_root && !from_relay) from_relay = std::move(*event);
    }
    if (!from_relay) {
        if (elsewhere)
            return failed(CheckCode::kSettlementEvent, Problem::kSettlementMismatch, trust,
                          "the BatchSettlement with the receipt's root was not emitted by the configured relay",
                          "emitted by " + hex20(*elsewhere) + ", configured relay " + hex20(relay) + where);
        return failed(CheckCode::kSettlementEvent, Problem::kSettlementMismatch, trust,
                      "no BatchSettlement from the relay carries the receipt's Merkle root",
                      "receipt root " + hex32(batch->merkle_root) + ", relay roots [" + roots + "]" + where);
    }
    std::string diff;
    differ(diff, "batch_size", std::to_string(batch->batch_size), from_relay->batch_size.to_string());
    if (r.settlement->walrus_blob_id && *r.settlement->walrus_blob_id != from_relay->walrus_blob_id)
        differ(diff, "walrus_blob_id", to_hex(*r.settlement->walrus_blob_id), to_hex(from_relay->walrus_blob_id));
    if (!diff.empty())
        return failed(CheckCode::kSettlementEvent, Problem::kSettlementMismatch, trust,
                      "the relay's BatchSettlement differs from the receipt", diff + where);
    if (batch->leaf_index >= batch->batch_size || batch->proof.size() > kMaxProofLength)
        return failed(CheckCode::kSettlementEvent, Problem::kSettlementProofInvalid, TrustLevel::kProven,
                      "the receipt's batch proof is malformed",
                      "leaf_index " + std::to_string(batch->leaf_index) + ", batch_size " +
                          std::to_string(batch->batch_size) + ", proof length " + std::to_string(batch->proof.size()));
    static const std::vector<chain::AbiType> kLeafTypes = {
        chain::AbiType::fixed_bytes(32), chain::AbiType::fixed_bytes(32), chain::AbiType::fixed_bytes(32),
        chain::AbiType::bytes(), chain::AbiType::uint(256)};
    const chain::AbiValues leaf_values = {
        chain::AbiValue::fixed(r.tee.tee_id), chain::AbiValue::fixed(r.tee.request_hash),
        chain::AbiValue::fixed(r.tee.output_hash), chain::AbiValue::bytes(r.tee.signature),
        chain::AbiValue::uint(Uint256(r.tee.timestamp))};
    auto leaf = chain::standard_leaf_hash(kLeafTypes, leaf_values);
    if (!leaf)
        return failed(CheckCode::kSettlementEvent, Problem::kSettlementProofInvalid, TrustLevel::kProven,
                      "the call's leaf does not encode", std::string(chain::to_string(leaf.error())));
    const Hash32 reached = chain::process_proof(*leaf, batch->proof);
    const std::string evidence = "leaf " + hex32(*leaf) + " (index " + std::to_string(batch->leaf_index) + " of " +
                                 std::to_string(batch->batch_size) + "), proof of " +
                                 std::to_string(batch->proof.size()) + " hashes reaches " + hex32(reached) +
                                 ", settled root " + hex32(from_relay->merkle_root) + where;
    if (reached != from_relay->merkle_root)
        return failed(CheckCode::kSettlementEvent, Problem::kSettlementProofInvalid, trust,
                      "the call's leaf proof does not reach the settled Merkle root", evidence);
    commitment_trust = trust;
    return passed(CheckCode::kSettlementEvent, trust,
                  "the call's leaf (tee_id, hashes, signature, timestamp) is under the relay's BatchSettlement root",
                  evidence);
}

}  // namespace

SettlementOutcome settlement_checks(const CheckContext& ctx) {
    SettlementOutcome out;
    const auto& r = ctx.receipt;
    const SettlementEvidence& ev = ctx.evidence.settlement;
    auto rest_not_checked = [&](CheckCode on, std::string_view why) {
        for (CheckCode c :
             {CheckCode::kSettlementFound, CheckCode::kSettlementEvent, CheckCode::kSettlementConfirmations})
            if (c != on && static_cast<int>(c) > static_cast<int>(on)) out.checks.push_back(not_checked(c, on, why));
    };

    if (!r.settlement) {
        out.checks.push_back(unverified(CheckCode::kSettlementChain, Problem::kEvidenceMissing, TrustLevel::kReported,
                                        "the receipt names no settlement network"));
        out.checks.push_back(pending(CheckCode::kSettlementFound, Problem::kSettlementNotMined, TrustLevel::kReported,
                                     "the receipt names no settlement yet: waits for the settlement transaction"));
        rest_not_checked(CheckCode::kSettlementFound, "no settlement");
        return out;
    }
    const chain::ReceiptSettlement& s = *r.settlement;
    if (s.chain_id != ctx.config.settlement_chain_id) {
        out.checks.push_back(
            failed(CheckCode::kSettlementChain, Problem::kChainUnexpected, TrustLevel::kProven,
                   "the settlement network is not the configured settlement chain",
                   "receipt " + network(s.chain_id) + ", configured " + network(ctx.config.settlement_chain_id)));
        rest_not_checked(CheckCode::kSettlementChain, "unexpected network");
        return out;
    }
    out.checks.push_back(passed(CheckCode::kSettlementChain, TrustLevel::kProven,
                                "settled on the configured chain " + network(s.chain_id)));

    if (s.mode == chain::SettlementMode::kPrivate) {
        out.checks.push_back(unverified(CheckCode::kSettlementFound, Problem::kSettlementPrivate, TrustLevel::kReported,
                                        "private settlement: no commitment on chain to check"));
        rest_not_checked(CheckCode::kSettlementFound, "private settlement");
        return out;
    }
    if (!s.tx_hash) {
        out.checks.push_back(pending(CheckCode::kSettlementFound, Problem::kSettlementNotMined, TrustLevel::kReported,
                                     "the receipt names no settlement transaction yet: waits for the settlement",
                                     std::string("mode ") + std::string(chain::to_string(s.mode))));
        rest_not_checked(CheckCode::kSettlementFound, "no settlement transaction");
        return out;
    }
    const std::string what = "settlement transaction " + hex32(*s.tx_hash);
    if (ev.chain.chain_id != ctx.config.settlement_chain_id) {
        out.checks.push_back(unverified(
            CheckCode::kSettlementFound, Problem::kEvidenceMismatch, TrustLevel::kReported,
            "the settlement evidence is from another chain",
            "evidence " + network(ev.chain.chain_id) + ", configured " + network(ctx.config.settlement_chain_id)));
        rest_not_checked(CheckCode::kSettlementFound, "evidence of another chain");
        return out;
    }
    if (!ev.receipt) {
        out.checks.push_back(from_lookup(CheckCode::kSettlementFound, ev.failure, what, Problem::kSettlementNotFound,
                                         Problem::kSettlementNotMined));
        rest_not_checked(CheckCode::kSettlementFound, {});
        return out;
    }
    const Verified<VerifiedReceipt>& receipt = *ev.receipt;
    const std::string where = block_text(receipt.block_number(), receipt.block_hash());
    if (receipt->transaction_hash != *s.tx_hash) {
        out.checks.push_back(
            unverified(CheckCode::kSettlementFound, Problem::kEvidenceMismatch, TrustLevel::kReported,
                       "the settlement evidence is the receipt of another transaction",
                       "receipt " + hex32(*s.tx_hash) + ", evidence " + hex32(receipt->transaction_hash)));
        rest_not_checked(CheckCode::kSettlementFound, "evidence of another transaction");
        return out;
    }
    out.settlement_block = receipt.block_number();
    if (receipt->receipt.post_state || !receipt->receipt.success) {
        out.checks.push_back(failed(CheckCode::kSettlementFound, Problem::kSettlementReverted, ev.chain.anchor,
                                    "the settlement transaction reverted", what + " in " + where + ", status 0"));
        out.checks.push_back(not_checked(CheckCode::kSettlementEvent, CheckCode::kSettlementFound, "reverted"));
    } else {
        out.checks.push_back(passed(CheckCode::kSettlementFound, ev.chain.anchor,
                                    "the settlement transaction is in a verified block and succeeded",
                                    what + " at index " + std::to_string(receipt->transaction_index) + " of " + where));
        if (s.contract && *s.contract != ctx.config.relay) {
            out.checks.push_back(failed(CheckCode::kSettlementEvent, Problem::kSettlementMismatch, TrustLevel::kProven,
                                        "the receipt names a relay that is not the configured one",
                                        "receipt " + hex20(*s.contract) + ", configured " + hex20(ctx.config.relay)));
        } else if (s.mode == chain::SettlementMode::kBatch) {
            out.checks.push_back(batch_event(ctx, receipt, out.commitment_trust));
        } else {
            out.checks.push_back(individual_event(ctx, receipt, out.commitment_trust));
        }
    }
    out.checks.push_back(confirmations_check(CheckCode::kSettlementConfirmations, Problem::kSettlementUnconfirmed,
                                             ev.chain, receipt.block_number(), ctx.config.settlement_confirmations,
                                             "the settlement block"));
    return out;
}

}  // namespace countersign::verify::checks_detail
