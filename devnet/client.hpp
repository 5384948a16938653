// SPDX-License-Identifier: Apache-2.0
#pragma once
// Drives a devnet node over countersign's own JSON-RPC client: builds EIP-1559 transactions, signs them
// with a DevAccount's key (chain/transaction.hpp + libsecp256k1), sends them raw, and waits for their
// receipts; eth_call and storage reads for checks. Only for nodes we run ourselves (anvil on loopback): the
// node's fee and nonce suggestions are taken as given, which a verifier would never do.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "chain/receipt_json.hpp"
#include "chain/transaction.hpp"
#include "crypto/bytes.hpp"
#include "crypto/expected.hpp"
#include "devnet/accounts.hpp"
#include "devnet/artifacts.hpp"
#include "rpc/provider.hpp"

namespace countersign::devnet {

struct DevnetError {
    std::string message;
    // Error(string) reason of a reverted call or gas estimate, when the node returned the revert data.
    std::optional<std::string> revert_reason;

    std::string to_string() const;
};

// The Error(string) message in revert data (selector 0x08c379a0); nullopt for other data.
std::optional<std::string> decode_revert_reason(ByteView revert_data) noexcept;
// The revert data a node put in a JSON-RPC error ("data": "0x..." or {"data": "0x..."}).
std::optional<std::string> revert_reason_of(const rpc::RpcError& error);

struct TxRequest {
    std::optional<Address> to{};  // nullopt: contract creation
    Bytes data{};
    Uint256 value{};
    // nullopt: eth_estimateGas plus a margin (fails with the revert reason if the call would revert); a fixed
    // limit lets a reverting transaction be mined, to observe the failure on chain.
    std::optional<std::uint64_t> gas_limit{};
    // nullopt: the sender's pending nonce; a later one leaves the transaction waiting in the pool (a nonce gap).
    std::optional<std::uint64_t> nonce{};
};

struct TxOutcome {
    chain::Transaction transaction;  // as signed and sent
    Hash32 hash;                     // computed locally; the node's answer must match it
    chain::RpcReceipt receipt;
};

class DevnetClient {
public:
    DevnetClient(rpc::Provider& provider, std::uint64_t chain_id) noexcept
        : provider_(&provider), chain_id_(chain_id) {}
    // Reads the chain id from the node.
    static Expected<DevnetClient, DevnetError> connect(rpc::Provider& provider);

    std::uint64_t chain_id() const noexcept { return chain_id_; }
    rpc::Provider& provider() const noexcept { return *provider_; }

    // Fills nonce, fees and gas from the node, then signs.
    Expected<chain::Transaction, DevnetError> build(const DevAccount& from, const TxRequest& request) const;
    // Sends a signed transaction and waits for its receipt (whatever its status).
    Expected<TxOutcome, DevnetError> send_signed(const chain::Transaction& tx) const;
    // Sends a signed transaction without waiting for a receipt; returns its hash (checked against the node's).
    Expected<Hash32, DevnetError> submit(const chain::Transaction& tx) const;
    // build + send_signed.
    Expected<TxOutcome, DevnetError> send(const DevAccount& from, const TxRequest& request) const;
    // send, and an error unless the receipt's status is success.
    Expected<TxOutcome, DevnetError> transact(const DevAccount& from, const TxRequest& request) const;

    // Deploys creation code ‖ constructor arguments and returns the receipt's contract address, after checking
    // that the address holds runtime code of the artifact's length (immutables make the bytes differ).
    Expected<Address, DevnetError> deploy(const DevAccount& from, const ContractArtifact& artifact,
                                          ByteView constructor_args = {}) const;

    Expected<Bytes, DevnetError> call(const Address& to, ByteView data, const std::string& block = "latest") const;
    Expected<Bytes32, DevnetError> storage_at(const Address& contract, const Bytes32& slot,
                                              const std::string& block = "latest") const;
    Expected<Bytes, DevnetError> code_at(const Address& contract, const std::string& block = "latest") const;
    Expected<Uint256, DevnetError> balance(const Address& account) const;

    void set_receipt_timeout(std::chrono::milliseconds timeout) noexcept { receipt_timeout_ = timeout; }

private:
    Expected<Uint256, DevnetError> quantity(std::string_view method, const rpc::json& params) const;
    Expected<chain::RpcReceipt, DevnetError> wait_for_receipt(const Hash32& hash) const;

    rpc::Provider* provider_;
    std::uint64_t chain_id_;
    std::chrono::milliseconds receipt_timeout_{30'000};
};

}  // namespace countersign::devnet
