// SPDX-License-Identifier: Apache-2.0
#pragma once
// Contract artifacts written by devnet/compile.mjs (one JSON file per contract: abi, bytecode, storage
// layout). They live in the build tree, not in the sources, and are read at run time.

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "crypto/bytes.hpp"
#include "crypto/expected.hpp"

namespace countersign::devnet {

struct ContractArtifact {
    std::string name;
    nlohmann::json abi;             // the solc ABI array
    Bytes bytecode;                 // creation code
    Bytes deployed_bytecode;        // runtime code, what eth_getCode must return after deployment
    nlohmann::json storage_layout;  // solc's storageLayout output
};

// $COUNTERSIGN_DEVNET_ARTIFACTS if set, else the build directory's artifacts (a compile definition).
std::string artifacts_dir();

Expected<ContractArtifact, std::string> load_artifact(std::string_view contract_name,
                                                      const std::string& dir = artifacts_dir());

// "transfer(address,uint256)" / "Transfer(address,address,uint256)" for an ABI item of type function or
// event, expanding tuple components; an error for a malformed item.
Expected<std::string, std::string> abi_item_canonical(const nlohmann::json& item);
// The canonical signatures of every item of `type` ("function", "event") in an ABI array.
std::vector<std::string> abi_canonical_signatures(const nlohmann::json& abi, std::string_view type);

}  // namespace countersign::devnet
