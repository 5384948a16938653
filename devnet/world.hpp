// SPDX-License-Identifier: Apache-2.0
#pragma once
// The local two-chain world: anvil as the payment chain (chain id 8453, like Base) holding the USDC-like
// token, and a second anvil as the settlement chain (chain id 10740, like the OpenGradient chain) holding the
// TEERegistry and the InferenceSettlementRelay. Both listen on free loopback ports and die with the
// DevnetWorld (or with this process). start() deploys, registers the gateway's TEE key (devnet/keys/tee-0.pem)
// and funds the payer.
//
// Account roles (anvil's well-known test accounts, devnet/accounts.hpp): 0 deployer (token minter, registry
// admin and TEE operator, relay settler), 1 payer, 2 facilitator (submits payments), 3 the TEE's payment
// address (pay_to; its key signs refunds).

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "devnet/client.hpp"
#include "devnet/world_description.hpp"
#include "rpc/http_provider.hpp"
#include "rpc/testing/anvil.hpp"

namespace countersign::devnet {

inline constexpr std::uint64_t kPaymentChainId = 8453;      // Base
inline constexpr std::uint64_t kSettlementChainId = 10740;  // the OpenGradient chain
inline constexpr std::size_t kDeployerAccount = 0;
inline constexpr std::size_t kPayerAccount = 1;
inline constexpr std::size_t kFacilitatorAccount = 2;
inline constexpr std::size_t kPayToAccount = 3;
inline constexpr std::string_view kTeeEndpoint = "https://tee.devnet.invalid";

struct WorldOptions {
    std::uint64_t payment_chain_id{kPaymentChainId};
    std::uint64_t settlement_chain_id{kSettlementChainId};
    // Genesis timestamps (anvil --timestamp): fixed, so each chain's genesis hash (the checkpoint) repeats from
    // run to run and differs between the two chains; blocks then advance with the wall clock from there. Both
    // lie after the gateway's TEE timestamps (kTeeTimestampBase + call index, 2026-01-01).
    std::uint64_t payment_genesis_timestamp{1'767'312'000};     // 2026-01-02T00:00:00Z
    std::uint64_t settlement_genesis_timestamp{1'767'312'060};  // a minute later
    Uint256 price{10'000};                    // 0.01 USDC per call
    Uint256 payer_funds{1'000'000'000};       // 1000 USDC
    std::string artifacts{artifacts_dir()};
};

// Providers and DevnetClients for both chains of a description (a world we started, or one started by
// another process from devnet.json). Checks that each node reports the chain id the description names.
class DevnetConnection {
public:
    static Expected<std::unique_ptr<DevnetConnection>, std::string> open(const DevnetDescription& description);

    const DevnetDescription& description() const noexcept { return description_; }
    DevnetDescription& description() noexcept { return description_; }
    const DevnetClient& payment() const noexcept { return *payment_client_; }
    const DevnetClient& settlement() const noexcept { return *settlement_client_; }

private:
    DevnetConnection() = default;
    DevnetDescription description_;
    std::unique_ptr<rpc::HttpProvider> payment_provider_;
    std::unique_ptr<rpc::HttpProvider> settlement_provider_;
    std::unique_ptr<DevnetClient> payment_client_;
    std::unique_ptr<DevnetClient> settlement_client_;
};

class DevnetWorld {
public:
    static Expected<std::unique_ptr<DevnetWorld>, std::string> start(const WorldOptions& options = {});
    ~DevnetWorld();
    DevnetWorld(const DevnetWorld&) = delete;
    DevnetWorld& operator=(const DevnetWorld&) = delete;

    const DevnetDescription& description() const noexcept { return connection_->description(); }
    DevnetConnection& connection() noexcept { return *connection_; }
    // Terminates both nodes (SIGTERM, then SIGKILL) and reaps them. Idempotent; the destructor calls it.
    void stop() noexcept;
    bool running();

private:
    DevnetWorld() = default;
    std::unique_ptr<testing::Anvil> payment_node_;
    std::unique_ptr<testing::Anvil> settlement_node_;
    std::unique_ptr<DevnetConnection> connection_;
};

}  // namespace countersign::devnet
