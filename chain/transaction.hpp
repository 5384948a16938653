// SPDX-License-Identifier: Apache-2.0
#pragma once
// Ethereum transactions of every type (legacy, EIP-2930, EIP-1559, EIP-4844, EIP-7702) and, behind an explicit
// opt-in (DecodeOptions::op_stack), OP-stack deposits (type 0x7e): strict decoding, canonical encoding, the
// transaction hash, the signing hash and sender recovery.
//
// One aggregate holds every type; the type decides which fields exist on the wire. Fields a type does not
// have are nullopt or empty (the decoder and transaction_from_json only produce such well-formed values;
// is_well_formed() checks a hand-built one). Encoding and hashing stream straight into their output
// (Bytes or Keccak256): the signing hash of a decoded transaction costs one Keccak pass and no allocation,
// so recovering a sender costs little more than the elliptic-curve recovery itself.

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "crypto/bytes.hpp"
#include "crypto/expected.hpp"
#include "crypto/secp256k1.hpp"
#include "crypto/uint256.hpp"

namespace countersign::chain {

enum class TxType : std::uint8_t {
    kLegacy = 0,
    kAccessList = 1,  // EIP-2930
    kDynamicFee = 2,  // EIP-1559
    kBlob = 3,        // EIP-4844
    kSetCode = 4,     // EIP-7702
    // OP-stack deposited transaction (Base, OP Mainnet, ...): derived from L1, unsigned. Not an Ethereum L1
    // type: decoders refuse it unless DecodeOptions::op_stack is set.
    kDeposit = 0x7e,
};

// Chain features that change what a decoder accepts. The default is Ethereum L1.
struct DecodeOptions {
    // OP-stack L2 (Base, OP Mainnet): accept deposit transactions (0x7e) and deposit receipts. Off by default
    // so that an L1 block or RPC answer carrying a 0x7e transaction is refused, not silently accepted.
    bool op_stack{false};
};

std::string_view to_string(TxType t) noexcept;

// EIP-2930
struct AccessListEntry {
    Address address;
    std::vector<Bytes32> storage_keys;

    friend bool operator==(const AccessListEntry&, const AccessListEntry&) = default;
};

// EIP-7702: a tuple [chain_id, address, nonce, y_parity, r, s] signed by the authority over
// keccak256(0x05 || rlp([chain_id, address, nonce])). A tuple that fails the authority rules does not make
// its transaction invalid (it is skipped when the transaction executes), so these fields hold whatever the
// RLP said within the EIP's bounds: y_parity < 2^8, nonce < 2^64, r and s < 2^256.
struct Authorization {
    Uint256 chain_id;
    Address address;
    std::uint64_t nonce{0};
    std::uint8_t y_parity{0};
    Uint256 r;
    Uint256 s;

    friend bool operator==(const Authorization&, const Authorization&) = default;
};

struct Transaction {
    TxType type{TxType::kLegacy};
    // EIP-155 for legacy (derived from v; nullopt for unprotected, v = 27/28); always present for typed ones.
    std::optional<Uint256> chain_id;
    std::uint64_t nonce{0};
    std::optional<Uint256> gas_price;                 // legacy and EIP-2930 only
    std::optional<Uint256> max_priority_fee_per_gas;  // EIP-1559 (types 2, 3, 4)
    std::optional<Uint256> max_fee_per_gas;           // EIP-1559 (types 2, 3, 4)
    std::uint64_t gas_limit{0};
    std::optional<Address> to;  // nullopt: contract creation (types 0, 1, 2 only)
    Uint256 value;
    Bytes data;
    std::vector<AccessListEntry> access_list;         // EIP-2930 (types 1, 2, 3, 4)
    std::optional<Uint256> max_fee_per_blob_gas;      // EIP-4844 (type 3)
    std::vector<Hash32> blob_versioned_hashes;        // EIP-4844 (type 3)
    std::vector<Authorization> authorization_list;    // EIP-7702 (type 4)
    // The signature. Legacy v = 27 + y (unprotected) or chain_id * 2 + 35 + y (EIP-155).
    bool odd_y_parity{false};
    Uint256 r;
    Uint256 s;
    // OP-stack deposit (type 0x7e) only; nullopt/false for every other type. A deposit has no nonce, fees,
    // access list, chain id or signature: those fields stay at their defaults. Wire order:
    // rlp([source_hash, from, to, mint, value, gas_limit, is_system_transaction, data]).
    std::optional<Hash32> source_hash;  // identifies the L1 origin (user deposit, L1-attributes, upgrade)
    std::optional<Address> from;        // the sender, stated rather than signed (see recover_sender)
    std::optional<Uint256> mint;        // ETH minted on L2 before execution; present (maybe 0) for deposits
    bool is_system_transaction{false};  // pre-Regolith system deposits; always false since Regolith

    friend bool operator==(const Transaction&, const Transaction&) = default;
};

enum class TxError {
    // RLP structure (mirrors rlp::DecodingError)
    kInputTooShort,
    kNonCanonicalSize,
    kLeadingZero,
    kOverflow,              // an integer larger than its field (nonce and gas: 64 bits; others 256)
    kTrailingBytes,         // bytes after the last field of the list, or after the transaction
    kUnexpectedList,
    kUnexpectedString,
    kUnexpectedLength,      // a fixed-size field (address, storage key, hash) of the wrong size
    kWrongFieldCount,       // a list with too few or too many elements
    kTooDeep,
    // Envelope (EIP-2718)
    kEmptyInput,
    kUnsupportedType,       // a type byte we do not know (0x05..0x7f but 0x7e), or 0x00
    kWrongWrapping,         // typed transaction not wrapped as the Eip2718Wrapping asks
    kInvalidTo,             // `to` neither empty nor 20 bytes
    kMissingTo,             // contract creation in a type 3 or 4 transaction
    kInvalidV,              // legacy v not 27, 28 or >= 35
    kInvalidYParity,        // typed y parity not 0 or 1
    kChainIdTooLarge,       // legacy chain id whose v = chain_id * 2 + 36 would not fit 256 bits
    kMalformed,             // a hand-built Transaction whose fields do not match its type
    // EIP-4844 network form
    kInvalidBlobSidecar,    // wrong sizes or counts of blobs, commitments, proofs
    kBlobCommitmentMismatch,  // a commitment that does not hash to its versioned hash
    // Signature
    kInvalidSignatureR,     // r == 0 or r >= n
    kInvalidSignatureS,     // s == 0 or s >= n
    kHighS,                 // s > n/2 (EIP-2)
    kRecoveryFailed,        // no public key for this signature
    kChainIdMismatch,       // the transaction's chain id is not the expected one
    kMissingChainId,        // unprotected legacy where replay protection is required
    // Static validity (chain/transaction_rules.hpp)
    kTypeNotSupported,      // transaction type not active at this revision
    kNonceMax,              // nonce == 2^64 - 1 (EIP-2681)
    kGasPriceProductOverflow,   // gas_limit * max fee does not fit 256 bits
    kPriorityFeeAboveMaxFee,    // EIP-1559
    kIntrinsicGasTooLow,
    kFloorDataGasTooLow,        // EIP-7623
    kInitCodeTooLarge,          // EIP-3860
    kNoBlobHashes,              // EIP-4844: a blob transaction must carry at least one
    kInvalidBlobVersion,        // EIP-4844: versioned hash not starting with 0x01
    kNoAuthorizations,          // EIP-7702: a set-code transaction must carry at least one
    // EIP-7702 authority rules (the tuple is skipped, the transaction stays valid)
    kAuthorizationChainId,      // not 0 and not the chain's id
    kAuthorizationNonceMax,     // nonce == 2^64 - 1
    // OP-stack deposits
    kDepositNotEnabled,         // a 0x7e transaction where DecodeOptions::op_stack is off (an L1 chain)
    kInvalidSystemFlag,         // is_system_transaction encoded other than 0x80 (false) or 0x01 (true)
};

std::string_view to_string(TxError e) noexcept;

// How a typed transaction (EIP-2718) appears in its context:
enum class Eip2718Wrapping {
    kNone,    // raw: type byte || rlp list (eth_getRawTransaction, eth_sendRawTransaction, TransactionTests)
    kString,  // in a block body: the typed envelope is itself an RLP string; legacy is a bare list
    kBoth,    // accept either
};

// Decodes one transaction at the front of `from` and advances past it. Canonical RLP only, exact field
// counts, no bytes left inside the list. `from` may hold more (e.g. the next transaction of a body).
// EIP-4844 transactions must be in their canonical form (block bodies, eth_getRawTransaction).
// Deposits (0x7e) only with options.op_stack; otherwise kDepositNotEnabled.
Expected<Transaction, TxError> decode_transaction(ByteView& from, Eip2718Wrapping wrapping,
                                                  DecodeOptions options = {}) noexcept;

// The whole input is one raw (unwrapped) transaction.
Expected<Transaction, TxError> decode_raw_transaction(ByteView raw, DecodeOptions options = {}) noexcept;

// EIP-4844 network form: 0x03 || rlp([tx_payload_body, blobs, commitments, proofs]) (Cancun/Prague), or
// EIP-7594's 0x03 || rlp([tx_payload_body, 1, blobs, commitments, cell_proofs]) (Osaka). Views into the
// input, not copies.
struct BlobSidecar {
    std::uint8_t wrapper_version{0};  // 0: one proof per blob; 1: EIP-7594 cell proofs (128 per blob)
    std::vector<ByteView> blobs;        // 131072 bytes each
    std::vector<ByteView> commitments;  // 48 bytes each
    std::vector<ByteView> proofs;       // 48 bytes each
};
inline constexpr std::size_t kBlobSize = 131072;
inline constexpr std::size_t kCellsPerExtBlob = 128;

// Decodes a whole raw transaction as sent to eth_sendRawTransaction: any type, and for type 3 the network
// form (the canonical form is accepted too, leaving `sidecar` untouched). Checks that the sidecar's counts
// and sizes agree with the transaction and that every commitment hashes to its versioned hash
// (0x01 || sha256(commitment)[1:]). The KZG proofs are NOT verified (that needs the trusted setup).
Expected<Transaction, TxError> decode_network_transaction(ByteView raw, BlobSidecar* sidecar = nullptr,
                                                          DecodeOptions options = {}) noexcept;

// Checks that a hand-built Transaction has exactly the fields of its type (decoded ones always do).
Expected<void, TxError> check_well_formed(const Transaction& tx) noexcept;

// Canonical encoding, unwrapped (type byte || rlp list, or the legacy list): what the hash is over.
Bytes encode_transaction(const Transaction& tx);
// As in a block body (Eip2718Wrapping::kString): typed transactions wrapped in an RLP string.
Bytes encode_transaction_wrapped(const Transaction& tx);
// Appends the block-body form to `to` (for building a body or a transactions trie).
void encode_transaction_wrapped(Bytes& to, const Transaction& tx);
std::size_t encoded_length(const Transaction& tx) noexcept;

Hash32 transaction_hash(const Transaction& tx) noexcept;
// What the sender signs: legacy keccak(rlp([nonce, gas_price, gas, to, value, data])) or, with a chain id,
// keccak(rlp([..., chain_id, 0, 0])) (EIP-155); typed keccak(type || rlp(fields without the signature)).
// A deposit carries no signature, so this is its transaction hash: nothing about it is signed.
Hash32 signing_hash(const Transaction& tx) noexcept;

// The signature as libsecp256k1 wants it (y parity as recovery id).
Signature transaction_signature(const Transaction& tx) noexcept;

struct SenderRules {
    // kLowS for every transaction since Homestead (EIP-2); kAnyS only for Frontier-era legacy ones.
    SignatureRules signature{SignatureRules::kLowS};
    // When set, the transaction's chain id must equal it (unprotected legacy ones have none and pass unless
    // require_chain_id).
    std::optional<Uint256> chain_id;
    bool require_chain_id{false};
};

// Checks r, s in [1, n), low s as the rules ask, chain id consistency, then recovers the sender.
//
// An OP-stack deposit has no signature: its sender is the `from` field, which the L2 node asserts because
// L1 derivation put it there (the OptimismPortal's TransactionDeposited log, or the L1-attributes depositor).
// This returns that field unchecked (kMalformed if it is missing). Proving the deposit is in an L2 block
// proves the L2 chain contains it, NOT that an L1 deposit with that sender exists: that would need the L1
// block named by source_hash and the portal's log, which this light client does not anchor. Treat a
// deposit's sender as trusted-by-derivation, never as signature-verified.
Expected<Address, TxError> recover_sender(const Transaction& tx, const SenderRules& rules = {}) noexcept;

// EIP-7702 authority: keccak256(0x05 || rlp([chain_id, address, nonce])).
Hash32 authorization_signing_hash(const Authorization& auth) noexcept;
// Recovers the authority of a tuple under the EIP's rules: y_parity 0 or 1, r and s in [1, n), s <= n/2,
// nonce < 2^64 - 1, and chain_id 0 or equal to `chain_id`. An error means the tuple is skipped.
Expected<Address, TxError> recover_authority(const Authorization& auth, const Uint256& chain_id) noexcept;
// Every tuple of a set-code transaction, in order, under the transaction's own chain id.
std::vector<Expected<Address, TxError>> recover_authorities(const Transaction& tx);

}  // namespace countersign::chain
