// SPDX-License-Identifier: Apache-2.0
// Blocks, transactions and raw encodings against the verified chain: every returned field is compared with
// the verified block's bytes, or listed as unbound.
#include <set>
#include <string>

#include "chain/header_json.hpp"
#include "chain/transaction_json.hpp"
#include "conformance/execution_apis_checks.hpp"
#include "crypto/hex.hpp"

namespace countersign::conformance::xapi {
namespace {

using nlohmann::json;

const std::set<std::string, std::less<>> kHeaderKeys{
    "parentHash",    "sha3Uncles",      "miner",       "stateRoot",     "transactionsRoot",
    "receiptsRoot",  "logsBloom",       "difficulty",  "number",        "gasLimit",
    "gasUsed",       "timestamp",       "extraData",   "mixHash",       "nonce",
    "baseFeePerGas", "withdrawalsRoot", "blobGasUsed", "excessBlobGas", "parentBeaconBlockRoot",
    "requestsHash"};

const std::set<std::string, std::less<>> kTransactionKeys{"type",
                                                          "nonce",
                                                          "gas",
                                                          "to",
                                                          "value",
                                                          "input",
                                                          "data",
                                                          "gasPrice",
                                                          "chainId",
                                                          "r",
                                                          "s",
                                                          "v",
                                                          "yParity",
                                                          "maxPriorityFeePerGas",
                                                          "maxFeePerGas",
                                                          "accessList",
                                                          "maxFeePerBlobGas",
                                                          "blobVersionedHashes",
                                                          "authorizationList",
                                                          "hash",
                                                          "from",
                                                          "blockHash",
                                                          "blockNumber",
                                                          "transactionIndex",
                                                          "blockTimestamp"};

void header_diff(const chain::BlockHeader& got, const chain::BlockHeader& want, Outcome& o) {
    auto cmp = [&](bool equal, const char* name) {
        if (!equal) o.mismatch(std::string{name} + " differs from the verified header");
    };
    cmp(got.parent_hash == want.parent_hash, "parentHash");
    cmp(got.ommers_hash == want.ommers_hash, "sha3Uncles");
    cmp(got.beneficiary == want.beneficiary, "miner");
    cmp(got.state_root == want.state_root, "stateRoot");
    cmp(got.transactions_root == want.transactions_root, "transactionsRoot");
    cmp(got.receipts_root == want.receipts_root, "receiptsRoot");
    cmp(got.logs_bloom == want.logs_bloom, "logsBloom");
    cmp(got.difficulty == want.difficulty, "difficulty");
    cmp(got.number == want.number, "number");
    cmp(got.gas_limit == want.gas_limit, "gasLimit");
    cmp(got.gas_used == want.gas_used, "gasUsed");
    cmp(got.timestamp == want.timestamp, "timestamp");
    cmp(got.extra_data == want.extra_data, "extraData");
    cmp(got.mix_hash == want.mix_hash, "mixHash");
    cmp(got.nonce == want.nonce, "nonce");
    cmp(got.base_fee_per_gas == want.base_fee_per_gas, "baseFeePerGas");
    cmp(got.withdrawals_root == want.withdrawals_root, "withdrawalsRoot");
    cmp(got.blob_gas_used == want.blob_gas_used, "blobGasUsed");
    cmp(got.excess_blob_gas == want.excess_blob_gas, "excessBlobGas");
    cmp(got.parent_beacon_block_root == want.parent_beacon_block_root, "parentBeaconBlockRoot");
    cmp(got.requests_hash == want.requests_hash, "requestsHash");
}

void transaction_diff(const chain::Transaction& got, const chain::Transaction& want, Outcome& o) {
    auto cmp = [&](bool equal, const char* name) {
        if (!equal) o.mismatch(std::string{name} + " differs from the verified transaction");
    };
    cmp(got.type == want.type, "type");
    cmp(got.chain_id == want.chain_id, "chainId");
    cmp(got.nonce == want.nonce, "nonce");
    cmp(got.gas_price == want.gas_price, "gasPrice");
    cmp(got.max_priority_fee_per_gas == want.max_priority_fee_per_gas, "maxPriorityFeePerGas");
    cmp(got.max_fee_per_gas == want.max_fee_per_gas, "maxFeePerGas");
    cmp(got.gas_limit == want.gas_limit, "gas");
    cmp(got.to == want.to, "to");
    cmp(got.value == want.value, "value");
    cmp(got.data == want.data, "input");
    cmp(got.access_list == want.access_list, "accessList");
    cmp(got.max_fee_per_blob_gas == want.max_fee_per_blob_gas, "maxFeePerBlobGas");
    cmp(got.blob_versioned_hashes == want.blob_versioned_hashes, "blobVersionedHashes");
    cmp(got.authorization_list == want.authorization_list, "authorizationList");
    cmp(got.odd_y_parity == want.odd_y_parity, "v/yParity");
    cmp(got.r == want.r, "r");
    cmp(got.s == want.s, "s");
}

// A transaction object claimed to be transaction `i` of block `b`.
Outcome check_transaction_object(const VerifiedBlock& b, std::size_t i, const json& obj) {
    Outcome o;
    if (!obj.is_object()) {
        o.mismatch("not an object");
        return o;
    }
    auto rpc = chain::transaction_from_json(obj);
    if (!rpc) {
        o.mismatch(rpc.error().field + ": " + std::string{chain::to_string(rpc.error().error)});
        return o;
    }
    const chain::Transaction& want = b.block.transactions[i];
    transaction_diff(rpc->tx, want, o);
    auto required = [&](bool present, bool equal, const char* name) {
        if (!present) {
            o.mismatch(std::string{name} + " missing");
        } else if (!equal) {
            o.mismatch(std::string{name} + " differs from the verified chain");
        }
    };
    required(rpc->hash.has_value(), rpc->hash == b.tx_hashes[i], "hash");
    required(rpc->from.has_value(), rpc->from == b.senders[i], "from (the recovered sender)");
    required(rpc->block_hash.has_value(), rpc->block_hash == b.hash, "blockHash");
    required(rpc->block_number.has_value(), rpc->block_number == b.block.header.number, "blockNumber");
    required(rpc->transaction_index.has_value(), rpc->transaction_index == i, "transactionIndex");
    if (rpc->block_timestamp && *rpc->block_timestamp != b.block.header.timestamp)
        o.mismatch("blockTimestamp differs from the verified header");
    if (rpc->effective_gas_price &&
        *rpc->effective_gas_price != effective_gas_price(want, b.block.header.base_fee_per_gas))
        o.mismatch("gasPrice differs from the effective gas price the verified header's base fee implies");
    for (const auto& [key, value] : obj.items())
        if (!kTransactionKeys.count(key)) o.unbound.push_back(key);
    return o;
}

void check_withdrawals(const VerifiedBlock& b, const json& value, Outcome& o) {
    if (!b.block.withdrawals) {
        if (!value.is_null()) o.mismatch("withdrawals listed for a block without them");
        return;
    }
    const auto& want = *b.block.withdrawals;
    if (!value.is_array() || value.size() != want.size()) {
        o.mismatch("withdrawals: not the verified block's " + std::to_string(want.size()));
        return;
    }
    for (std::size_t i = 0; i < want.size(); ++i) {
        const json& w = value[i];
        const std::string at = "withdrawals[" + std::to_string(i) + "]";
        if (!w.is_object()) {
            o.mismatch(at + ": not an object");
            continue;
        }
        auto get = [&](const char* k) { return w.contains(k) ? w[k] : json(nullptr); };
        if (json_u64(get("index")) != want[i].index || json_u64(get("validatorIndex")) != want[i].validator_index ||
            json_address(get("address")) != want[i].address || json_u64(get("amount")) != want[i].amount_gwei)
            o.mismatch(at + " differs from the verified withdrawal");
        for (const auto& [key, v] : w.items())
            if (key != "index" && key != "validatorIndex" && key != "address" && key != "amount")
                o.unbound.push_back(at + "." + key);
    }
}

}  // namespace

Uint256 effective_gas_price(const chain::Transaction& tx, const std::optional<Uint256>& base_fee) {
    if (tx.max_fee_per_gas && tx.max_priority_fee_per_gas && base_fee) {
        const Uint256 capped = *base_fee + *tx.max_priority_fee_per_gas;
        return capped < *tx.max_fee_per_gas ? capped : *tx.max_fee_per_gas;
    }
    return tx.gas_price.value_or(Uint256{});
}

Outcome check_block(const ChainContext& ctx, const Target& t, const json& params, const json& result) {
    Outcome o;
    const VerifiedBlock& b = *ctx.block(t.number);
    if (!result.is_object()) {
        o.mismatch("result is not a block object");
        return o;
    }
    auto header = chain::header_from_json(result, chain::JsonDialect::kRpc);
    if (!header) {
        o.mismatch("header fields: " + header.error().message());
    } else {
        header_diff(*header, b.block.header, o);
    }
    const bool full = params[1].get<bool>();
    for (const char* required : {"hash", "transactions", "uncles"})
        if (!result.contains(required)) o.mismatch(std::string{required} + " missing");
    if (b.block.withdrawals && !result.contains("withdrawals")) o.mismatch("withdrawals missing");

    for (const auto& [key, value] : result.items()) {
        if (kHeaderKeys.count(key)) continue;
        if (key == "hash") {
            if (json_hash(value) != b.hash) o.mismatch("hash differs from the verified block hash");
        } else if (key == "size") {
            if (json_u64(value) != b.raw.size()) o.mismatch("size differs from the verified block's RLP size");
        } else if (key == "totalDifficulty") {
            if (!ctx.genesis_known) {
                o.unbound.push_back("totalDifficulty (genesis difficulty unknown)");
            } else if (json_quantity(value) != b.total_difficulty) {
                o.mismatch("totalDifficulty differs from the sum of verified difficulties");
            }
        } else if (key == "uncles") {
            bool same = value.is_array() && value.size() == b.ommer_hashes.size();
            for (std::size_t i = 0; same && i < b.ommer_hashes.size(); ++i)
                same = json_hash(value[i]) == b.ommer_hashes[i];
            if (!same) o.mismatch("uncles differ from the verified ommer hashes");
        } else if (key == "transactions") {
            const auto& txs = b.block.transactions;
            if (!value.is_array() || value.size() != txs.size()) {
                o.mismatch("transactions: not the verified block's " + std::to_string(txs.size()));
                continue;
            }
            for (std::size_t i = 0; i < txs.size(); ++i) {
                const std::string at = "transactions[" + std::to_string(i) + "]";
                if (full != value[i].is_object()) {
                    o.mismatch(at + (full ? ": a hash where the request asked for objects"
                                          : ": an object where the request asked for hashes"));
                } else if (!full) {
                    if (json_hash(value[i]) != b.tx_hashes[i]) o.mismatch(at + " differs from the verified hash");
                } else {
                    o.merge(check_transaction_object(b, i, value[i]), at + ".");
                }
            }
        } else if (key == "withdrawals") {
            check_withdrawals(b, value, o);
        } else {
            o.unbound.push_back(key);
        }
    }
    return o;
}

Outcome check_transaction(const ChainContext& ctx, const Target& t, const json& result) {
    return check_transaction_object(*ctx.block(t.number), t.index, result);
}

Outcome check_raw_header(const ChainContext& ctx, const Target& t, const json& result) {
    Outcome o;
    if (json_data(result) != ctx.block(t.number)->header_rlp) o.mismatch("bytes differ from the verified header RLP");
    return o;
}

Outcome check_raw_block(const ChainContext& ctx, const Target& t, const json& result) {
    Outcome o;
    if (json_data(result) != ctx.block(t.number)->raw) o.mismatch("bytes differ from the verified block RLP");
    return o;
}

Outcome check_raw_transaction(const ChainContext& ctx, const Target& t, const json& result) {
    Outcome o;
    if (json_data(result) != ctx.block(t.number)->tx_raw[t.index])
        o.mismatch("bytes differ from the verified transaction's encoding");
    return o;
}

}  // namespace countersign::conformance::xapi
