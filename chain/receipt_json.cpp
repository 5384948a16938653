// SPDX-License-Identifier: Apache-2.0
#include "chain/receipt_json.hpp"

#include <string>

#include <nlohmann/json.hpp>

namespace countersign::chain {
namespace {

bool read_log(const nlohmann::json& object, Log& log, LogClaims& claims, std::optional<JsonError>& error) {
    JsonFieldReader r{object, JsonDialect::kRpc};
    r.read("address", log.address);
    r.read("data", log.data);
    if (r.ok()) {
        const auto* topics = r.member("topics");
        if (topics == nullptr || !topics->is_array()) {
            r.fail("topics", "not an array");
        } else if (topics->size() > kMaxLogTopics) {
            r.fail("topics", "more than four topics");
        } else {
            for (const auto& t : *topics) {
                Hash32 topic;
                r.read_value(t, "topics", topic);
                if (!r.ok()) break;
                log.topics.push_back(topic);
            }
        }
    }
    r.read("blockHash", claims.block_hash);
    r.read("blockNumber", claims.block_number);
    r.read("transactionHash", claims.transaction_hash);
    r.read("transactionIndex", claims.transaction_index);
    r.read("logIndex", claims.log_index);
    r.read("removed", claims.removed);
    if (!r.ok()) error = r.error();
    return r.ok();
}

}  // namespace

Expected<RpcReceipt, JsonError> receipt_from_rpc_json(const nlohmann::json& object, DecodeOptions options) {
    JsonFieldReader r{object, JsonDialect::kRpc};
    RpcReceipt out;
    Receipt& receipt = out.receipt;
    ReceiptClaims& claims = out.claims;

    std::uint64_t type = 0;
    if (r.has("type")) r.read("type", type);
    const bool deposit = type == static_cast<std::uint64_t>(TxType::kDeposit);
    if (r.ok() && deposit && !options.op_stack) r.fail("type", "OP-stack deposit receipt on a chain without op_stack");
    if (r.ok() && !deposit && type > static_cast<std::uint64_t>(TxType::kSetCode))
        r.fail("type", "unsupported receipt type");
    receipt.type = static_cast<TxType>(type);
    if (deposit) {
        r.read_optional("depositNonce", receipt.deposit_nonce);
        r.read_optional("depositReceiptVersion", receipt.deposit_receipt_version);
        if (r.ok() && receipt.deposit_receipt_version && *receipt.deposit_receipt_version != 1)
            r.fail("depositReceiptVersion", "not 0x1");
        if (r.ok() && receipt.deposit_receipt_version && !receipt.deposit_nonce)
            r.fail("depositNonce", "missing while depositReceiptVersion is present");
    } else {
        if (r.ok() && r.has("depositNonce")) r.fail("depositNonce", "only deposit receipts carry one");
        if (r.ok() && r.has("depositReceiptVersion"))
            r.fail("depositReceiptVersion", "only deposit receipts carry one");
    }

    const bool has_status = r.has("status");
    const bool has_root = r.has("root");
    if (r.ok() && has_status == has_root) r.fail("status", "exactly one of status and root must be present");
    if (has_status) {
        std::uint64_t status = 0;
        r.read("status", status);
        if (r.ok() && status > 1) r.fail("status", "neither 0x0 nor 0x1");
        receipt.success = status == 1;
    } else if (has_root) {
        Hash32 root;
        r.read("root", root);
        if (r.ok() && receipt.type != TxType::kLegacy) r.fail("root", "a typed receipt has a status, not a root");
        receipt.post_state = root;
    }
    r.read("cumulativeGasUsed", receipt.cumulative_gas_used);
    r.read("logsBloom", receipt.logs_bloom);

    r.read("transactionHash", claims.transaction_hash);
    r.read("transactionIndex", claims.transaction_index);
    r.read("blockHash", claims.block_hash);
    r.read("blockNumber", claims.block_number);
    r.read("from", claims.from);
    r.read_optional("to", claims.to);
    r.read_optional("contractAddress", claims.contract_address);
    r.read("gasUsed", claims.gas_used);
    r.read_optional("effectiveGasPrice", claims.effective_gas_price);
    r.read_optional("blobGasUsed", claims.blob_gas_used);
    r.read_optional("blobGasPrice", claims.blob_gas_price);
    if (!r.ok()) return unexpected(*r.error());

    const auto* logs = r.member("logs");
    if (logs == nullptr || !logs->is_array()) return unexpected(JsonError{"logs", "not an array"});
    for (std::size_t i = 0; i < logs->size(); ++i) {
        Log log;
        LogClaims log_claims;
        std::optional<JsonError> error;
        if (!read_log((*logs)[i], log, log_claims, error)) {
            error->field = "logs[" + std::to_string(i) + "]." + error->field;
            return unexpected(std::move(*error));
        }
        receipt.logs.push_back(std::move(log));
        claims.logs.push_back(log_claims);
    }
    return out;
}

}  // namespace countersign::chain
