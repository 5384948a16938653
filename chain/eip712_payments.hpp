// SPDX-License-Identifier: Apache-2.0
#pragma once
// The EIP-712 messages a payer signs for x402 payments: EIP-3009 authorizations (USDC-style tokens,
// x402 "exact" scheme) and Permit2 PermitWitnessTransferFrom with the x402 "upto" witness (what OpenGradient
// uses on Base today, see docs/opengradient.md §1.4 and §5). The digest is what the payer's secp256k1
// signature must recover over.

#include "chain/eip712.hpp"

namespace countersign::chain {

// 0x000000000022D473030F116dDEE9F6B43aC78BA3, the canonical Permit2 deployment on every chain.
Address permit2_address() noexcept;

enum class Eip3009Kind { kTransferWithAuthorization, kReceiveWithAuthorization };

// TransferWithAuthorization / ReceiveWithAuthorization(address from,address to,uint256 value,
//     uint256 validAfter,uint256 validBefore,bytes32 nonce)
struct Eip3009Authorization {
    Address from;
    Address to;
    Uint256 value;
    Uint256 valid_after;
    Uint256 valid_before;
    Bytes32 nonce;
};

// CancelAuthorization(address authorizer,bytes32 nonce)
struct Eip3009Cancellation {
    Address authorizer;
    Bytes32 nonce;
};

const Eip712Types& eip3009_types(Eip3009Kind kind);
const Eip712Types& eip3009_cancel_types();
// {name, version, chainId, verifyingContract = token}
Eip712Domain eip3009_domain(std::string name, std::string version, const Uint256& chain_id, const Address& token);
Hash32 eip3009_struct_hash(Eip3009Kind kind, const Eip3009Authorization& a);
Hash32 eip3009_digest(const Eip712Domain& domain, Eip3009Kind kind, const Eip3009Authorization& a);
Hash32 eip3009_cancel_digest(const Eip712Domain& domain, const Eip3009Cancellation& c);

// PermitWitnessTransferFrom(TokenPermissions permitted,address spender,uint256 nonce,uint256 deadline,
//     Witness witness) with TokenPermissions(address token,uint256 amount) and
//     Witness(address to,address facilitator,uint256 validAfter).
struct Permit2UptoPermit {
    Address token;
    Uint256 amount;
    Address spender;
    Uint256 nonce;
    Uint256 deadline;
    Address witness_to;
    Address witness_facilitator;
    Uint256 witness_valid_after;
};

const Eip712Types& permit2_upto_types();
// {name "Permit2", chainId, verifyingContract = Permit2} (no version)
Eip712Domain permit2_domain(const Uint256& chain_id, const Address& verifying_contract = permit2_address());
AbiValue permit2_upto_message(const Permit2UptoPermit& p);
Hash32 permit2_upto_struct_hash(const Permit2UptoPermit& p);
Hash32 permit2_upto_digest(const Eip712Domain& domain, const Permit2UptoPermit& p);

}  // namespace countersign::chain
