// SPDX-License-Identifier: Apache-2.0
#pragma once
// Where the devnet TEERegistry (devnet/contracts/TEERegistry.sol) keeps a TEE, so that its `enabled` flag and
// public key can be read with eth_getStorageAt / proven with eth_getProof instead of trusting eth_call.
// The layout is solc's (https://docs.soliditylang.org/en/latest/internals/layout_in_storage.html); solc packs
// small members from the lowest-order byte of a word up, so "byte k" below counts from the right (index 31 - k
// of the big-endian word):
//   tees is `mapping(bytes32 => TEEInfo)` at slot kTeesSlot = 0, so
//   base(teeId)     = keccak256(teeId ‖ uint256(0))
//   status word     = base + 0: enabled (byte 0, 0 or 1) | owner (bytes 1..20) | teeType (byte 21); rest zero
//   registeredAt    = base + 1
//   paymentAddress  = base + 2
//   publicKey       = base + 3  (bytes: a key of >= 32 bytes stores length * 2 + 1 here and its data in words
//                                keccak256(base + 3) + i, i < ceil(length / 32))
//   endpoint        = base + 4  (string, same encoding)
// `enabled` shares its word with the owner, which is never zero, so a registered TEE's word is never zero and
// is never deleted from the storage trie: eth_getProof proves "disabled" as a present value, and an absence
// proof means "never registered". (anvil keeps zeroed slots in its storage trie as leaves holding 0x80, which
// chain::verify_storage_proof rightly rejects, so a lone bool that went back to zero could not be proven there.)
// offline_test checks these constants against the storageLayout solc reports for the compiled contract.

#include <cstddef>
#include <cstdint>
#include <span>

#include "crypto/bytes.hpp"
#include "crypto/expected.hpp"

namespace countersign::chain {

inline constexpr std::uint64_t kTeesSlot = 0;
inline constexpr std::uint64_t kTeeStatusOffset = 0;
inline constexpr std::uint64_t kTeeRegisteredAtOffset = 1;
inline constexpr std::uint64_t kTeePaymentAddressOffset = 2;
inline constexpr std::uint64_t kTeePublicKeyOffset = 3;
inline constexpr std::uint64_t kTeeEndpointOffset = 4;
// Byte offsets (from the right) inside the status word.
inline constexpr unsigned kTeeEnabledByte = 0;
inline constexpr unsigned kTeeOwnerByte = 1;
inline constexpr unsigned kTeeTypeByte = 21;
// A DER key longer than this is not a plausible TEE key; bounds the words read from storage.
inline constexpr std::size_t kMaxStoredKeyBytes = 4096;

Bytes32 tee_info_slot(const Bytes32& tee_id) noexcept;                         // base
Bytes32 tee_field_slot(const Bytes32& tee_id, std::uint64_t offset) noexcept;  // base + offset
Bytes32 tee_status_slot(const Bytes32& tee_id) noexcept;
Bytes32 tee_public_key_slot(const Bytes32& tee_id) noexcept;
// keccak256(tee_public_key_slot) + word
Bytes32 tee_public_key_data_slot(const Bytes32& tee_id, std::uint64_t word) noexcept;

enum class StorageLayoutError {
    kNotBool,        // the enabled byte is neither 0 nor 1
    kDirtyPadding,   // non-zero bytes above teeType in the status word
    kZeroOwner,      // a non-zero status word without an owner: not something the contract writes
    kShortForm,      // a bytes value under 32 bytes (stored inline): never a DER RSA key
    kBadLength,      // the length word is not length * 2 + 1, or the length exceeds kMaxStoredKeyBytes
    kWrongWordCount, // not exactly ceil(length / 32) data words
    kDirtyTail,      // non-zero bytes after the value in its last word
};

std::string_view to_string(StorageLayoutError e) noexcept;

struct TeeStatus {
    bool registered{false};  // false: the word is zero (an absence proof), all other fields are zero too
    bool enabled{false};
    Address owner;
    std::uint8_t tee_type{0};

    friend bool operator==(const TeeStatus&, const TeeStatus&) = default;
};

Expected<TeeStatus, StorageLayoutError> decode_tee_status_word(const Bytes32& word) noexcept;
// The byte length of a long-form `bytes` value from its slot word.
Expected<std::size_t, StorageLayoutError> decode_long_bytes_length(const Bytes32& word) noexcept;
// The value from its length word and data words (strict: exact word count, zero tail).
Expected<Bytes, StorageLayoutError> decode_long_bytes(const Bytes32& length_word,
                                                      std::span<const Bytes32> data_words) noexcept;

}  // namespace countersign::chain
