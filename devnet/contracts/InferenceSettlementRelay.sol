// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.20;

interface ITEERegistryView {
    function isTEEEnabled(bytes32 teeId) external view returns (bool);
}

/// @title The devnet's InferenceSettlementRelay (og-evm contracts/solidity/InferenceSettlementRelay.sol).
/// @notice Emits the two settlement events with exactly OpenGradient's signatures. Only settlers may call.
/// og-evm also verifies the TEE's RSA-PSS signature through the 0x900 precompile, which anvil lacks; here the
/// relay only requires the TEE to be enabled in the registry, and countersign checks the signature itself.
contract InferenceSettlementRelay {
    ITEERegistryView public immutable registry;
    address public admin;
    mapping(address => bool) public settlers;

    event BatchSettlement(bytes32 indexed merkleRoot, uint256 batchSize, bytes walrusBlobId);
    event IndividualSettlement(
        bytes32 indexed teeId,
        address indexed ethAddress,
        bytes32 inputHash,
        bytes32 outputHash,
        uint256 timestamp,
        bytes walrusBlobId,
        bytes signature
    );
    event SettlerSet(address indexed settler, bool allowed);

    constructor(ITEERegistryView registry_) {
        registry = registry_;
        admin = msg.sender;
        settlers[msg.sender] = true;
        emit SettlerSet(msg.sender, true);
    }

    modifier onlySettler() {
        require(settlers[msg.sender], "caller is not a settler");
        _;
    }

    function setSettler(address settler, bool allowed) external {
        require(msg.sender == admin, "caller is not the admin");
        settlers[settler] = allowed;
        emit SettlerSet(settler, allowed);
    }

    /// Argument order as og-evm's settleIndividual.
    function settleIndividual(
        bytes32 teeId,
        bytes32 inputHash,
        bytes32 outputHash,
        uint256 timestamp,
        address ethAddress,
        bytes calldata walrusBlobId,
        bytes calldata signature
    ) external onlySettler {
        require(registry.isTEEEnabled(teeId), "TEE not enabled");
        emit IndividualSettlement(teeId, ethAddress, inputHash, outputHash, timestamp, walrusBlobId, signature);
    }

    /// og-evm calls this batchSettle; the arguments and the event are the same.
    function settleBatch(bytes32 merkleRoot, uint256 batchSize, bytes calldata walrusBlobId) external onlySettler {
        require(batchSize != 0, "empty batch");
        emit BatchSettlement(merkleRoot, batchSize, walrusBlobId);
    }
}
