// SPDX-License-Identifier: Apache-2.0
#include "chain/header_json.hpp"

#include <nlohmann/json.hpp>

namespace countersign::chain {
namespace {

struct HeaderFieldNames {
    std::string_view ommers_hash, beneficiary, transactions_root, receipts_root, logs_bloom;
};

constexpr HeaderFieldNames kRpcNames{"sha3Uncles", "miner", "transactionsRoot", "receiptsRoot", "logsBloom"};
constexpr HeaderFieldNames kFixtureNames{"uncleHash", "coinbase", "transactionsTrie", "receiptTrie", "bloom"};

}  // namespace

Expected<BlockHeader, JsonError> header_from_json(const nlohmann::json& object, JsonDialect dialect) {
    const HeaderFieldNames& names = dialect == JsonDialect::kRpc ? kRpcNames : kFixtureNames;
    JsonFieldReader r{object, dialect};
    BlockHeader h;
    r.read("parentHash", h.parent_hash);
    r.read(names.ommers_hash, h.ommers_hash);
    r.read(names.beneficiary, h.beneficiary);
    r.read("stateRoot", h.state_root);
    r.read(names.transactions_root, h.transactions_root);
    r.read(names.receipts_root, h.receipts_root);
    r.read(names.logs_bloom, h.logs_bloom);
    r.read("difficulty", h.difficulty);
    r.read("number", h.number);
    r.read("gasLimit", h.gas_limit);
    r.read("gasUsed", h.gas_used);
    r.read("timestamp", h.timestamp);
    r.read("extraData", h.extra_data);
    r.read("mixHash", h.mix_hash);
    r.read("nonce", h.nonce);
    r.read_optional("baseFeePerGas", h.base_fee_per_gas);
    r.read_optional("withdrawalsRoot", h.withdrawals_root);
    r.read_optional("blobGasUsed", h.blob_gas_used);
    r.read_optional("excessBlobGas", h.excess_blob_gas);
    r.read_optional("parentBeaconBlockRoot", h.parent_beacon_block_root);
    r.read_optional("requestsHash", h.requests_hash);
    if (!r.ok()) return unexpected(*r.error());
    if (!has_consistent_fork_fields(h)) return unexpected(JsonError{"", "fork fields present without earlier ones"});
    return h;
}

Expected<Hash32, JsonError> claimed_hash_from_json(const nlohmann::json& object) {
    // Hashes are DATA in both dialects, so the dialect does not matter.
    JsonFieldReader r{object, JsonDialect::kRpc};
    Hash32 h;
    r.read("hash", h);
    if (!r.ok()) return unexpected(*r.error());
    return h;
}

}  // namespace countersign::chain
