// SPDX-License-Identifier: Apache-2.0
#pragma once
// Block headers from JSON: the header fields of a JSON-RPC block object (eth_getBlockByNumber/Hash) or of a
// test fixture's blockHeader / genesisBlockHeader. Only the fields the header commits to are read here;
// the block object's other members are claims handled by block_json.hpp.

#include <nlohmann/json_fwd.hpp>

#include "chain/header.hpp"
#include "chain/rpc_json_fields.hpp"
#include "crypto/expected.hpp"

namespace countersign::chain {

// Reads the header fields. A fork field present without the fields of earlier forks is an error.
Expected<BlockHeader, JsonError> header_from_json(const nlohmann::json& object, JsonDialect dialect);

// The object's claimed "hash".
Expected<Hash32, JsonError> claimed_hash_from_json(const nlohmann::json& object);

}  // namespace countersign::chain
