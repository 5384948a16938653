// SPDX-License-Identifier: Apache-2.0
// Sender and EIP-7702 authority recovery. The hot path (decode, then recover) allocates nothing here: the
// signing hash is streamed into Keccak, the signature goes to libsecp256k1 as fixed-size arrays.

#include "chain/transaction.hpp"

namespace countersign::chain {

namespace {

    TxError from_sig(SigError e) noexcept {
        switch (e) {
            case SigError::kInvalidR: return TxError::kInvalidSignatureR;
            case SigError::kInvalidS: return TxError::kInvalidSignatureS;
            case SigError::kHighS: return TxError::kHighS;
            case SigError::kInvalidRecoveryId: return TxError::kInvalidYParity;
            default: return TxError::kRecoveryFailed;
        }
    }

}  // namespace

Expected<Address, TxError> recover_sender(const Transaction& tx, const SenderRules& rules) noexcept {
    // No signature to check: the sender is whatever L1 derivation wrote (see the header). The chain-id rules
    // do not apply either; a deposit is bound to its chain by the L1 portal, not by an EIP-155 id.
    if (tx.type == TxType::kDeposit) {
        if (!tx.from) return unexpected(TxError::kMalformed);
        return *tx.from;
    }
    if (tx.chain_id) {
        if (rules.chain_id && *tx.chain_id != *rules.chain_id) return unexpected(TxError::kChainIdMismatch);
    } else if (rules.require_chain_id || tx.type != TxType::kLegacy) {
        return unexpected(TxError::kMissingChainId);
    }
    auto address = recover_address(signing_hash(tx), transaction_signature(tx), rules.signature);
    if (!address) return unexpected(from_sig(address.error()));
    return *address;
}

Expected<Address, TxError> recover_authority(const Authorization& auth, const Uint256& chain_id) noexcept {
    if (!auth.chain_id.is_zero() && auth.chain_id != chain_id) return unexpected(TxError::kAuthorizationChainId);
    if (auth.nonce == ~std::uint64_t{0}) return unexpected(TxError::kAuthorizationNonceMax);
    if (auth.y_parity > 1) return unexpected(TxError::kInvalidYParity);
    const Signature sig{auth.r.to_be(), auth.s.to_be(), auth.y_parity};
    auto address = recover_address(authorization_signing_hash(auth), sig, SignatureRules::kLowS);
    if (!address) return unexpected(from_sig(address.error()));
    return *address;
}

std::vector<Expected<Address, TxError>> recover_authorities(const Transaction& tx) {
    std::vector<Expected<Address, TxError>> out;
    out.reserve(tx.authorization_list.size());
    const Uint256 chain_id = tx.chain_id.value_or(Uint256{});
    for (const auto& a : tx.authorization_list) out.push_back(recover_authority(a, chain_id));
    return out;
}

}  // namespace countersign::chain
