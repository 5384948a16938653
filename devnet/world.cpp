// SPDX-License-Identifier: Apache-2.0
#include "devnet/world.hpp"

#include "chain/abi.hpp"
#include "crypto/hex.hpp"
#include "crypto/keccak.hpp"
#include "crypto/rsa_pss.hpp"
#include "devnet/contracts.hpp"
#include "devnet/gateway_keys.hpp"

namespace countersign::devnet {
namespace {

Expected<std::unique_ptr<testing::Anvil>, std::string> start_node(std::uint64_t chain_id,
                                                                 std::uint64_t genesis_timestamp) {
    testing::AnvilOptions options;
    options.chain_id = chain_id;
    options.extra_args = {"--timestamp", std::to_string(genesis_timestamp)};
    return testing::Anvil::start(options);
}

Expected<Hash32, std::string> genesis_hash(rpc::Provider& provider) {
    auto block = provider.call("eth_getBlockByNumber", rpc::json::array({"0x0", false}));
    if (!block) return unexpected("eth_getBlockByNumber(0): " + block.error().to_string());
    if (!block->is_object() || !(*block)["hash"].is_string()) return unexpected(std::string("genesis without hash"));
    auto hash = parse_hex_fixed<32>((*block)["hash"].get<std::string>(), HexPrefix::kRequired);
    if (!hash) return unexpected(std::string("genesis hash is not 32 bytes of hex"));
    return *hash;
}

std::string describe(const DevnetError& e) { return e.to_string(); }

}  // namespace

Expected<std::unique_ptr<DevnetConnection>, std::string> DevnetConnection::open(const DevnetDescription& d) {
    std::unique_ptr<DevnetConnection> c(new DevnetConnection());
    c->description_ = d;
    auto payment = rpc::HttpProvider::create(d.payment.rpc);
    if (!payment) return unexpected("payment chain " + d.payment.rpc + ": " + payment.error().to_string());
    auto settlement = rpc::HttpProvider::create(d.settlement.rpc);
    if (!settlement) return unexpected("settlement chain " + d.settlement.rpc + ": " + settlement.error().to_string());
    c->payment_provider_ = std::move(*payment);
    c->settlement_provider_ = std::move(*settlement);
    auto payment_client = DevnetClient::connect(*c->payment_provider_);
    if (!payment_client) return unexpected("payment chain: " + describe(payment_client.error()));
    auto settlement_client = DevnetClient::connect(*c->settlement_provider_);
    if (!settlement_client) return unexpected("settlement chain: " + describe(settlement_client.error()));
    if (payment_client->chain_id() != d.payment.chain_id || settlement_client->chain_id() != d.settlement.chain_id)
        return unexpected(std::string("a node reports another chain id than the devnet description"));
    c->payment_client_ = std::make_unique<DevnetClient>(*payment_client);
    c->settlement_client_ = std::make_unique<DevnetClient>(*settlement_client);
    return c;
}

Expected<std::unique_ptr<DevnetWorld>, std::string> DevnetWorld::start(const WorldOptions& options) {
    std::unique_ptr<DevnetWorld> world(new DevnetWorld());
    auto payment_node = start_node(options.payment_chain_id, options.payment_genesis_timestamp);
    if (!payment_node) return unexpected("payment chain: " + payment_node.error());
    world->payment_node_ = std::move(*payment_node);
    auto settlement_node = start_node(options.settlement_chain_id, options.settlement_genesis_timestamp);
    if (!settlement_node) return unexpected("settlement chain: " + settlement_node.error());
    world->settlement_node_ = std::move(*settlement_node);

    const DevAccount deployer = anvil_account(kDeployerAccount);
    const DevAccount payer = anvil_account(kPayerAccount);
    const DevAccount pay_to = anvil_account(kPayToAccount);
    auto tee_key = RsaPrivateKey::from_pem(tee_key_pem());
    if (!tee_key) return unexpected("TEE key: " + std::string(to_string(tee_key.error())));

    DevnetDescription d;
    d.payment = {"payment", options.payment_chain_id, world->payment_node_->url(), 0, {},
                 static_cast<long>(world->payment_node_->process().pid())};
    d.settlement = {"settlement", options.settlement_chain_id, world->settlement_node_->url(), 0, {},
                    static_cast<long>(world->settlement_node_->process().pid())};
    d.tee_public_key = tee_key->public_key_der();
    d.tee_id = keccak256(d.tee_public_key);
    d.tee_payment_address = pay_to.address;
    d.tee_endpoint = std::string(kTeeEndpoint);
    d.price = options.price;
    d.deployer = deployer.address;
    d.payer = payer.address;
    d.facilitator = anvil_account(kFacilitatorAccount).address;

    auto connection = DevnetConnection::open(d);
    if (!connection) return unexpected(connection.error());
    world->connection_ = std::move(*connection);
    DevnetDescription& desc = world->connection_->description();
    const DevnetClient& payment = world->connection_->payment();
    const DevnetClient& settlement = world->connection_->settlement();

    for (auto [client, chain] : {std::pair{&payment, &desc.payment}, std::pair{&settlement, &desc.settlement}}) {
        auto genesis = genesis_hash(client->provider());
        if (!genesis) return unexpected(genesis.error());
        chain->checkpoint_hash = *genesis;
    }

    // The token on the payment chain; the registry and the relay bound to it on the settlement chain.
    auto token = load_artifact(kTokenContract, options.artifacts);
    if (!token) return unexpected(token.error());
    auto token_address = payment.deploy(deployer, *token);
    if (!token_address) return unexpected(describe(token_address.error()));
    desc.token = *token_address;
    auto registry = load_artifact(kRegistryContract, options.artifacts);
    if (!registry) return unexpected(registry.error());
    auto registry_address = settlement.deploy(deployer, *registry);
    if (!registry_address) return unexpected(describe(registry_address.error()));
    desc.registry = *registry_address;
    auto relay = load_artifact(kRelayContract, options.artifacts);
    if (!relay) return unexpected(relay.error());
    const chain::AbiType address_type = chain::AbiType::address();
    const chain::AbiValue registry_arg = chain::AbiValue::address(desc.registry);
    auto relay_args = chain::abi_encode({&address_type, 1}, {&registry_arg, 1});
    if (!relay_args) return unexpected(std::string("encoding the relay's constructor arguments failed"));
    auto relay_address = settlement.deploy(deployer, *relay, *relay_args);
    if (!relay_address) return unexpected(describe(relay_address.error()));
    desc.relay = *relay_address;

    auto registered = settlement.transact(
        deployer, {desc.registry, registry_register_call(desc.tee_public_key, desc.tee_payment_address,
                                                         desc.tee_endpoint, kTeeTypeLlmProxy)});
    if (!registered) return unexpected("registering the TEE: " + describe(registered.error()));
    auto minted = payment.transact(deployer, {desc.token, token_mint_call(payer.address, options.payer_funds)});
    if (!minted) return unexpected("funding the payer: " + describe(minted.error()));
    return world;
}

DevnetWorld::~DevnetWorld() { stop(); }

void DevnetWorld::stop() noexcept {
    if (payment_node_) payment_node_->process().terminate();
    if (settlement_node_) settlement_node_->process().terminate();
}

bool DevnetWorld::running() {
    return payment_node_ && settlement_node_ && payment_node_->process().running() &&
           settlement_node_->process().running();
}

}  // namespace countersign::devnet
