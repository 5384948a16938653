// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.20;

/// @title The devnet's stand-in for OpenGradient's TEERegistry (og-evm contracts/solidity/TEERegistry.sol).
/// @notice Same ids (teeId = keccak256(DER SubjectPublicKeyInfo)), events and getters countersign reads;
/// registration is by an operator instead of an AWS Nitro attestation (anvil has no 0x900 precompile).
///
/// STORAGE LAYOUT (countersign proves `enabled` with eth_getProof, so this is an interface; the C++ mirror is
/// devnet/tee_registry_layout.hpp and a test checks it against solc's storageLayout output):
///   slot 0: mapping(bytes32 => TEEInfo) tees;  base(teeId) = keccak256(abi.encode(teeId, uint256(0)))
///   slot 1: address admin
///   slot 2: mapping(address => bool) operators
///   TEEInfo at base (solc packs from the lowest-order byte up; "byte k" counts from the right):
///     base + 0: bool enabled (byte 0), address owner (bytes 1..20), uint8 teeType (byte 21), bytes 22..31 zero.
///               The owner is never zero, so the word of a registered TEE is never zero, even when disabled:
///               it stays in the storage trie and eth_getProof proves its value (anvil also keeps zeroed
///               slots in its trie as 0x80 leaves, which a strict proof verifier rejects). A zero word (an
///               absence proof) means "never registered".
///     base + 1: uint256 registeredAt   (block timestamp)
///     base + 2: address paymentAddress
///     base + 3: bytes publicKey        long form (>= 32 bytes): word = length * 2 + 1, data at
///                                      keccak256(abi.encode(base + 3)) + i for i < ceil(length / 32)
///     base + 4: string endpoint        same encoding as publicKey
contract TEERegistry {
    struct TEEInfo {
        bool enabled;
        address owner;
        uint8 teeType;
        uint256 registeredAt;
        address paymentAddress;
        bytes publicKey;
        string endpoint;
    }

    mapping(bytes32 => TEEInfo) private tees;
    address public admin;
    mapping(address => bool) public operators;

    event TEERegistered(bytes32 indexed teeId, address indexed owner, uint8 teeType);
    event TEEDisabled(bytes32 indexed teeId);
    event TEEEnabled(bytes32 indexed teeId);
    event OperatorSet(address indexed operator, bool allowed);

    constructor() {
        admin = msg.sender;
        operators[msg.sender] = true;
        emit OperatorSet(msg.sender, true);
    }

    function setOperator(address operator, bool allowed) external {
        require(msg.sender == admin, "caller is not the admin");
        operators[operator] = allowed;
        emit OperatorSet(operator, allowed);
    }

    /// Registers and enables a TEE; the caller becomes its owner.
    function registerTEE(bytes calldata publicKey, address paymentAddress, string calldata endpoint, uint8 teeType)
        external
        returns (bytes32 teeId)
    {
        require(operators[msg.sender], "caller is not an operator");
        require(publicKey.length != 0, "empty public key");
        teeId = keccak256(publicKey);
        TEEInfo storage info = tees[teeId];
        require(info.registeredAt == 0, "TEE already registered");
        info.enabled = true;
        info.owner = msg.sender;
        info.teeType = teeType;
        info.paymentAddress = paymentAddress;
        info.registeredAt = block.timestamp;
        info.publicKey = publicKey;
        info.endpoint = endpoint;
        emit TEERegistered(teeId, msg.sender, teeType);
    }

    function disableTEE(bytes32 teeId) external {
        TEEInfo storage info = _ownedOrAdmin(teeId);
        require(info.enabled, "TEE already disabled");
        info.enabled = false;
        emit TEEDisabled(teeId);
    }

    function enableTEE(bytes32 teeId) external {
        TEEInfo storage info = _ownedOrAdmin(teeId);
        require(!info.enabled, "TEE already enabled");
        info.enabled = true;
        emit TEEEnabled(teeId);
    }

    function getTEE(bytes32 teeId) external view returns (TEEInfo memory) {
        require(tees[teeId].registeredAt != 0, "TEE not registered");
        return tees[teeId];
    }

    function getTEEPublicKey(bytes32 teeId) external view returns (bytes memory) {
        require(tees[teeId].registeredAt != 0, "TEE not registered");
        return tees[teeId].publicKey;
    }

    function isTEEEnabled(bytes32 teeId) external view returns (bool) {
        return tees[teeId].enabled;
    }

    function _ownedOrAdmin(bytes32 teeId) private view returns (TEEInfo storage info) {
        info = tees[teeId];
        require(info.registeredAt != 0, "TEE not registered");
        require(msg.sender == info.owner || msg.sender == admin, "caller is not the owner or admin");
    }
}
