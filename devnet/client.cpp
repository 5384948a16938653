// SPDX-License-Identifier: Apache-2.0
#include "devnet/client.hpp"

#include <thread>

#include "chain/abi.hpp"
#include "crypto/hex.hpp"

namespace countersign::devnet {
namespace {

using rpc::json;

constexpr std::uint64_t kPriorityFee = 1'000'000'000;  // 1 gwei

DevnetError rpc_failure(const rpc::RpcError& e) { return DevnetError{e.to_string(), revert_reason_of(e)}; }

DevnetError failure(std::string message) { return DevnetError{std::move(message), std::nullopt}; }

Expected<Bytes, DevnetError> data_of(const json& value, std::string_view what) {
    if (!value.is_string()) return unexpected(failure(std::string(what) + ": not a string: " + value.dump()));
    auto bytes = parse_hex(value.get<std::string>(), HexPrefix::kRequired);
    if (!bytes) return unexpected(failure(std::string(what) + ": not hex data"));
    return std::move(*bytes);
}

}  // namespace

std::string DevnetError::to_string() const {
    return revert_reason ? message + " (revert: " + *revert_reason + ")" : message;
}

std::optional<std::string> decode_revert_reason(ByteView revert_data) noexcept {
    static constexpr std::uint8_t kErrorSelector[4] = {0x08, 0xc3, 0x79, 0xa0};
    if (revert_data.size() < 4 || revert_data.substr(0, 4) != ByteView(kErrorSelector, 4)) return std::nullopt;
    static const chain::AbiType string_type = chain::AbiType::string();
    auto values = chain::abi_decode({&string_type, 1}, revert_data.substr(4));
    if (!values) return std::nullopt;
    return (*values)[0].get<std::string>();
}

std::optional<std::string> revert_reason_of(const rpc::RpcError& error) {
    const json* data = &error.data;
    if (data->is_object() && data->contains("data")) data = &(*data)["data"];
    if (!data->is_string()) return std::nullopt;
    auto bytes = parse_hex(data->get<std::string>(), HexPrefix::kRequired);
    if (!bytes) return std::nullopt;
    return decode_revert_reason(*bytes);
}

Expected<DevnetClient, DevnetError> DevnetClient::connect(rpc::Provider& provider) {
    DevnetClient client(provider, 0);
    auto id = client.quantity("eth_chainId", json::array());
    if (!id) return unexpected(id.error());
    if (!id->fits_u64()) return unexpected(failure("chain id does not fit 64 bits"));
    client.chain_id_ = id->low64();
    return client;
}

Expected<Uint256, DevnetError> DevnetClient::quantity(std::string_view method, const json& params) const {
    auto result = provider_->call(method, params);
    if (!result) return unexpected(rpc_failure(result.error()));
    if (!result->is_string()) return unexpected(failure(std::string(method) + ": not a quantity: " + result->dump()));
    auto value = Uint256::parse_quantity(result->get<std::string>());
    if (!value) return unexpected(failure(std::string(method) + ": bad quantity " + result->get<std::string>()));
    return *value;
}

Expected<chain::Transaction, DevnetError> DevnetClient::build(const DevAccount& from, const TxRequest& request) const {
    const std::string sender = to_hex(from.address);
    auto nonce = quantity("eth_getTransactionCount", json::array({sender, "pending"}));
    if (!nonce) return unexpected(nonce.error());
    if (!nonce->fits_u64()) return unexpected(failure("nonce does not fit 64 bits"));

    auto block = provider_->call("eth_getBlockByNumber", json::array({"latest", false}));
    if (!block) return unexpected(rpc_failure(block.error()));
    if (!block->is_object() || !(*block)["baseFeePerGas"].is_string())
        return unexpected(failure("latest block has no baseFeePerGas (not a London chain?)"));
    auto base_fee = Uint256::parse_quantity((*block)["baseFeePerGas"].get<std::string>());
    if (!base_fee) return unexpected(failure("bad baseFeePerGas"));

    std::uint64_t gas_limit = 0;
    if (request.gas_limit) {
        gas_limit = *request.gas_limit;
    } else {
        json call = {{"from", sender}, {"data", to_hex(request.data)}, {"value", request.value.to_quantity()}};
        if (request.to) call["to"] = to_hex(*request.to);
        auto estimate = quantity("eth_estimateGas", json::array({call}));
        if (!estimate) return unexpected(estimate.error());
        if (!estimate->fits_u64() || estimate->low64() > (1ull << 40))
            return unexpected(failure("gas estimate out of range"));
        gas_limit = estimate->low64() + estimate->low64() / 4;  // margin: estimates are exact only on anvil
    }

    chain::Transaction tx;
    tx.type = chain::TxType::kDynamicFee;
    tx.chain_id = Uint256(chain_id_);
    tx.nonce = request.nonce ? *request.nonce : nonce->low64();
    tx.max_priority_fee_per_gas = Uint256(kPriorityFee);
    tx.max_fee_per_gas = *base_fee * Uint256(2) + Uint256(kPriorityFee);
    tx.gas_limit = gas_limit;
    tx.to = request.to;
    tx.value = request.value;
    tx.data = request.data;

    auto signature = sign_recoverable(signing_hash(tx), from.secret);
    if (!signature)
        return unexpected(failure(std::string("signing failed: ") + std::string(to_string(signature.error()))));
    tx.odd_y_parity = signature->recovery_id == 1;
    tx.r = Uint256::from_be(signature->r);
    tx.s = Uint256::from_be(signature->s);
    return tx;
}

Expected<Hash32, DevnetError> DevnetClient::submit(const chain::Transaction& tx) const {
    const Hash32 hash = chain::transaction_hash(tx);
    auto sent = provider_->call("eth_sendRawTransaction", json::array({to_hex(chain::encode_transaction(tx))}));
    if (!sent) return unexpected(rpc_failure(sent.error()));
    auto node_hash = data_of(*sent, "eth_sendRawTransaction");
    if (!node_hash) return unexpected(node_hash.error());
    if (*node_hash != Bytes(hash.view()))
        return unexpected(
            failure("node returned transaction hash " + to_hex(*node_hash) + ", expected " + to_hex(hash)));
    return hash;
}

Expected<TxOutcome, DevnetError> DevnetClient::send_signed(const chain::Transaction& tx) const {
    auto submitted = submit(tx);
    if (!submitted) return unexpected(submitted.error());
    const Hash32 hash = *submitted;
    auto receipt = wait_for_receipt(hash);
    if (!receipt) return unexpected(receipt.error());
    return TxOutcome{tx, hash, std::move(*receipt)};
}

Expected<TxOutcome, DevnetError> DevnetClient::send(const DevAccount& from, const TxRequest& request) const {
    auto tx = build(from, request);
    if (!tx) return unexpected(tx.error());
    return send_signed(*tx);
}

Expected<TxOutcome, DevnetError> DevnetClient::transact(const DevAccount& from, const TxRequest& request) const {
    auto outcome = send(from, request);
    if (outcome && !outcome->receipt.receipt.success)
        return unexpected(failure("transaction " + to_hex(outcome->hash) + " reverted"));
    return outcome;
}

Expected<chain::RpcReceipt, DevnetError> DevnetClient::wait_for_receipt(const Hash32& hash) const {
    const auto deadline = std::chrono::steady_clock::now() + receipt_timeout_;
    for (;;) {
        auto result = provider_->call("eth_getTransactionReceipt", json::array({to_hex(hash)}));
        if (!result) return unexpected(rpc_failure(result.error()));
        if (!result->is_null()) {
            auto receipt = chain::receipt_from_rpc_json(*result);
            if (!receipt)
                return unexpected(failure("bad receipt for " + to_hex(hash) + ": " + receipt.error().message()));
            if (receipt->claims.transaction_hash != hash)
                return unexpected(
                    failure("receipt for another transaction: " + to_hex(receipt->claims.transaction_hash)));
            return std::move(*receipt);
        }
        if (std::chrono::steady_clock::now() >= deadline)
            return unexpected(failure("no receipt for " + to_hex(hash) + " in time"));
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
}

Expected<Address, DevnetError> DevnetClient::deploy(const DevAccount& from, const ContractArtifact& artifact,
                                                    ByteView constructor_args) const {
    TxRequest request;
    request.data = artifact.bytecode;
    request.data += constructor_args;
    auto outcome = transact(from, request);
    if (!outcome) return unexpected(DevnetError{"deploying " + artifact.name + ": " + outcome.error().message,
                                                outcome.error().revert_reason});
    if (!outcome->receipt.claims.contract_address)
        return unexpected(failure("deploying " + artifact.name + ": receipt without contractAddress"));
    const Address address = *outcome->receipt.claims.contract_address;
    auto code = code_at(address);
    if (!code) return unexpected(code.error());
    if (code->size() != artifact.deployed_bytecode.size())
        return unexpected(failure("deploying " + artifact.name + ": runtime code of " + std::to_string(code->size()) +
                                  " bytes, artifact has " + std::to_string(artifact.deployed_bytecode.size())));
    return address;
}

Expected<Bytes, DevnetError> DevnetClient::call(const Address& to, ByteView data, const std::string& block) const {
    json call = {{"to", to_hex(to)}, {"data", to_hex(data)}};
    auto result = provider_->call("eth_call", json::array({call, block}));
    if (!result) return unexpected(rpc_failure(result.error()));
    return data_of(*result, "eth_call");
}

Expected<Bytes32, DevnetError> DevnetClient::storage_at(const Address& contract, const Bytes32& slot,
                                                        const std::string& block) const {
    auto result = provider_->call("eth_getStorageAt", json::array({to_hex(contract), to_hex(slot), block}));
    if (!result) return unexpected(rpc_failure(result.error()));
    auto bytes = data_of(*result, "eth_getStorageAt");
    if (!bytes) return unexpected(bytes.error());
    if (bytes->size() != 32) return unexpected(failure("eth_getStorageAt: not 32 bytes"));
    return Bytes32::from_view_unchecked(*bytes);
}

Expected<Bytes, DevnetError> DevnetClient::code_at(const Address& contract, const std::string& block) const {
    auto result = provider_->call("eth_getCode", json::array({to_hex(contract), block}));
    if (!result) return unexpected(rpc_failure(result.error()));
    return data_of(*result, "eth_getCode");
}

Expected<Uint256, DevnetError> DevnetClient::balance(const Address& account) const {
    return quantity("eth_getBalance", json::array({to_hex(account), "latest"}));
}

}  // namespace countersign::devnet
