// SPDX-License-Identifier: Apache-2.0
#pragma once
// devnet.json: what `countersign-devnet up` started (two chains on loopback, the contracts, the TEE, the
// price), written for the reference gateway and for whoever builds a `countersign verify` config from it.
//
// {
//   "format": "countersign.devnet/v1",
//   "chains": [{"role": "payment", "network": "eip155:8453", "chain_id": 8453,
//               "rpc": "http://127.0.0.1:PORT", "rpc_urls": ["http://127.0.0.1:PORT"],
//               "checkpoint": {"number": 0, "hash": "0x<genesis hash>"}, "pid": <anvil pid>},
//              {"role": "settlement", "network": "eip155:10740", ...}],
//   "contracts": {"token": "0x..", "registry": "0x..", "relay": "0x.."},
//   "accepted_assets": [{"network": "eip155:8453", "asset": "0x<token>", "symbol": "USDC", "decimals": 6}],
//   "registry": {"network": "eip155:10740", "address": "0x.."},
//   "relay": {"network": "eip155:10740", "address": "0x.."},
//   "tee": {"tee_id": "0x..", "payment_address": "0x..", "public_key": "<base64 DER SPKI>",
//           "endpoint": "..."},
//   "price": "<token base units per call>",
//   "accounts": {"deployer": "0x..", "payer": "0x..", "facilitator": "0x..", "pay_to": "0x.."}
// }
// The checkpoint is each chain's genesis block: everything the devnet did comes after it.

#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "crypto/bytes.hpp"
#include "crypto/expected.hpp"
#include "crypto/uint256.hpp"

namespace countersign::devnet {

inline constexpr std::string_view kDevnetFormat = "countersign.devnet/v1";

struct ChainDescription {
    std::string role;  // "payment" or "settlement"
    std::uint64_t chain_id{0};
    std::string rpc;
    std::uint64_t checkpoint_number{0};
    Hash32 checkpoint_hash;
    long pid{0};  // the anvil process; 0 when unknown

    std::string network() const { return "eip155:" + std::to_string(chain_id); }
};

struct DevnetDescription {
    ChainDescription payment;
    ChainDescription settlement;
    Address token;     // on the payment chain
    Address registry;  // on the settlement chain
    Address relay;     // on the settlement chain
    Bytes32 tee_id;
    Address tee_payment_address;
    Bytes tee_public_key;  // DER SubjectPublicKeyInfo
    std::string tee_endpoint;
    Uint256 price;
    Address deployer;
    Address payer;
    Address facilitator;
};

nlohmann::json to_json(const DevnetDescription& d);
Expected<DevnetDescription, std::string> parse_devnet_description(std::string_view text);
Expected<DevnetDescription, std::string> load_devnet_description(const std::string& path);

}  // namespace countersign::devnet
