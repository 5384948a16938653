// SPDX-License-Identifier: Apache-2.0
#pragma once
// Signed transactions for live-node tests (anvil, hardhat): the nodes' default development keys (the
// "test test ... junk" mnemonic both use) and signing of every transaction type and of EIP-7702
// authorizations with chain/transaction.hpp and crypto/secp256k1. Test code only (rpc tests cannot link
// devnet/accounts.hpp).

#include <cstddef>
#include <cstdint>
#include <optional>

#include "chain/transaction.hpp"
#include "crypto/bytes.hpp"
#include "crypto/secp256k1.hpp"
#include "crypto/uint256.hpp"

namespace countersign::testing {

inline constexpr std::size_t kDevAccountCount = 4;

// Default development account `index` (0: 0xf39F...2266); aborts for index >= kDevAccountCount.
const SecretKey& dev_key(std::size_t index = 0);
Address dev_address(std::size_t index = 0);
Address address_of(const SecretKey& key);

// Fills r, s and the y parity over the transaction's signing hash (legacy: EIP-155 when chain_id is set).
void sign_transaction(chain::Transaction& tx, const SecretKey& key);
// Fills r, s and y_parity over keccak256(0x05 || rlp([chain_id, address, nonce])).
void sign_authorization(chain::Authorization& auth, const SecretKey& key);

// An EIP-1559 transfer (to set: gas 21'000) or contract creation (to empty: gas 200'000) with fixed fees
// (1 gwei tip, 20 gwei cap), signed by `key` for `chain_id`.
chain::Transaction dynamic_fee_tx(std::uint64_t nonce, std::optional<Address> to, Uint256 value, Bytes data,
                                  std::uint64_t chain_id = 31337, const SecretKey& key = dev_key(0));

// Init code whose constructor emits LOG1(topic, 42) and deploys empty code.
Bytes log_emitting_init_code(const Hash32& topic);
// Init code of an emitter contract: every call emits LOG1(topic, calldata) and stops.
Bytes emitter_init_code(const Hash32& topic);

// An unsigned transaction of `type` with fixed fees (gas price or cap 20 gwei, tip 1 gwei) and gas 200'000.
// EIP-2930 and later types get the access list [[to, [slot 0]]] when `to` is set. Blob (type 3) and set-code
// (type 4) transactions still need their blob hashes or authorizations before signing.
chain::Transaction typed_tx(chain::TxType type, std::uint64_t nonce, std::optional<Address> to, Bytes data,
                            std::uint64_t chain_id = 31337);

// EIP-4844 with the all-zero blob: its KZG commitment and proof are both the point at infinity (0xc0, then 47
// zero bytes), so a valid blob transaction needs no KZG library.
Hash32 zero_blob_versioned_hash();
// The Cancun/Prague network form (wrapper version 0) of a signed type-3 transaction whose every versioned
// hash is zero_blob_versioned_hash(): 0x03 || rlp([tx_payload_body, blobs, commitments, proofs]).
Bytes zero_blob_network_form(const chain::Transaction& tx);

}  // namespace countersign::testing
