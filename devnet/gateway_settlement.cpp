// SPDX-License-Identifier: Apache-2.0
// The gateway's settlements on the settlement chain: settleIndividual, settleBatch of StandardMerkleTree roots
// (with the proofs each receipt keeps), and the settlement-side tamper modes.
#include "chain/standard_merkle_tree.hpp"
#include "crypto/keccak.hpp"
#include "devnet/contracts.hpp"
#include "devnet/gateway_draft.hpp"

namespace countersign::devnet {
namespace {

using chain::SettlementMode;
using gateway_detail::err;

}  // namespace

Expected<void, std::string> Gateway::settle_individual(Draft& d) {
    chain::IndividualSettlement s;
    s.tee_id = d.tee.tee_id;
    s.eth_address = anvil_account(kPayerAccount).address;  // the x402 payer (authorization.from)
    s.input_hash = d.tee.request_hash;
    s.output_hash = d.tee.output_hash;
    s.timestamp = Uint256(d.tee.timestamp);
    s.walrus_blob_id = Bytes(to_view("countersign-devnet:" + d.request_id));
    s.signature = d.tee.signature;
    if (d.spec.tamper == Tamper::kSettlementOtherHashes) {
        s.input_hash = keccak256(to_view(d.request + " (other request)"));
        s.output_hash = keccak256(to_view(d.output.text + " (other output)"));
    }
    auto outcome =
        connection_->settlement().transact(anvil_account(kDeployerAccount), {devnet().relay,
                                                                             relay_settle_individual_call(s)});
    if (!outcome) return unexpected(d.request_id + ": settleIndividual: " + err(outcome.error()));
    chain::ReceiptSettlement settlement;
    settlement.chain_id = devnet().settlement.chain_id;
    settlement.mode = SettlementMode::kIndividual;
    settlement.contract = devnet().relay;
    settlement.tx_hash = outcome->hash;
    settlement.walrus_blob_id = s.walrus_blob_id;
    d.settlement = settlement;
    d.settlement_tx = outcome->hash;
    d.individual = s;
    return {};
}

Expected<void, std::string> Gateway::settle_batch(std::span<Draft* const> drafts,
                                                  const std::vector<chain::AbiValues>& extra_leaves,
                                                  std::vector<std::vector<Hash32>>* extra_proofs) {
    if (drafts.empty()) return {};
    std::vector<chain::AbiValues> values;
    for (const Draft* d : drafts) values.push_back(batch_leaf(d->tee));
    for (const chain::AbiValues& v : extra_leaves) values.push_back(v);
    auto tree = chain::StandardMerkleTree::of(batch_leaf_encoding(), values);
    if (!tree) return unexpected("batch tree: " + std::string(chain::to_string(tree.error())));
    chain::BatchSettlement b;
    b.merkle_root = tree->root();
    b.batch_size = Uint256(values.size());
    b.walrus_blob_id = Bytes(to_view("countersign-devnet:batch:" + drafts.front()->request_id));
    auto outcome =
        connection_->settlement().transact(anvil_account(kDeployerAccount), {devnet().relay,
                                                                             relay_settle_batch_call(b)});
    if (!outcome) return unexpected(drafts.front()->request_id + ": settleBatch: " + err(outcome.error()));
    for (std::size_t i = 0; i < values.size(); ++i) {
        auto proof = tree->proof(i);
        if (!proof) return unexpected("batch proof: " + std::string(chain::to_string(proof.error())));
        if (i >= drafts.size()) {
            if (extra_proofs) extra_proofs->push_back(*proof);
            continue;
        }
        Draft& d = *drafts[i];
        chain::ReceiptSettlement settlement;
        settlement.chain_id = devnet().settlement.chain_id;
        settlement.mode = SettlementMode::kBatch;
        settlement.contract = devnet().relay;
        settlement.tx_hash = outcome->hash;
        settlement.walrus_blob_id = b.walrus_blob_id;
        settlement.batch = chain::ReceiptBatchProof{b.merkle_root, values.size(), i, *proof};
        d.settlement = settlement;
        d.settlement_tx = outcome->hash;
        d.leaf_hash = tree->leaf_hash(i);
    }
    return {};
}

// A batch of one; for kDisabledTee the TEE is disabled for exactly the settlement's block.
Expected<void, std::string> Gateway::settle_alone(Draft& d) {
    const DevnetClient& settlement = connection_->settlement();
    const DevAccount deployer = anvil_account(kDeployerAccount);
    const bool disable = d.spec.tamper == Tamper::kDisabledTee;
    if (disable) {
        auto off = settlement.transact(deployer, {devnet().registry, registry_set_enabled_call(d.tee.tee_id, false)});
        if (!off) return unexpected("disabling the TEE: " + err(off.error()));
    }
    Draft* one[] = {&d};
    auto settled = settle_batch(one, {}, nullptr);
    if (disable) {
        auto on = settlement.transact(deployer, {devnet().registry, registry_set_enabled_call(d.tee.tee_id, true)});
        if (!on) return unexpected("re-enabling the TEE: " + err(on.error()));
    }
    return settled;
}

// A batch of two: this call and a companion leaf (a signed stand-in result with no receipt); the receipt
// will carry the companion's proof.
Expected<void, std::string> Gateway::settle_with_companion(Draft& d) {
    chain::ReceiptTee companion = d.tee;
    companion.request_hash = keccak256(to_view("companion request of " + d.request_id));
    companion.output_hash = keccak256(to_view("companion output of " + d.request_id));
    auto signature = tee_sign(*tee_key_, companion.request_hash, companion.output_hash, companion.timestamp,
                              d.request_id + "/companion");
    if (!signature) return unexpected(signature.error());
    companion.signature = *signature;
    Draft* one[] = {&d};
    std::vector<std::vector<Hash32>> proofs;
    auto settled = settle_batch(one, {batch_leaf(companion)}, &proofs);
    if (!settled) return settled;
    if (proofs.size() != 1) return unexpected(std::string("companion proof missing"));
    d.forged_proof = proofs[0];
    return {};
}

}  // namespace countersign::devnet
