// SPDX-License-Identifier: Apache-2.0
#include "chain/tee_registry_layout.hpp"

#include <algorithm>

#include "crypto/keccak.hpp"
#include "crypto/uint256.hpp"

namespace countersign::chain {
namespace {

Bytes32 add(const Bytes32& slot, std::uint64_t n) noexcept { return (Uint256::from_be(slot) + Uint256(n)).to_be(); }

}  // namespace

std::string_view to_string(StorageLayoutError e) noexcept {
    switch (e) {
        case StorageLayoutError::kNotBool: return "enabled byte is neither 0 nor 1";
        case StorageLayoutError::kDirtyPadding: return "non-zero padding in the status word";
        case StorageLayoutError::kZeroOwner: return "registered TEE without an owner";
        case StorageLayoutError::kShortForm: return "bytes value stored in short form";
        case StorageLayoutError::kBadLength: return "bad bytes length word";
        case StorageLayoutError::kWrongWordCount: return "wrong number of data words";
        case StorageLayoutError::kDirtyTail: return "non-zero bytes after the value";
    }
    return "unknown storage layout error";
}

Bytes32 tee_info_slot(const Bytes32& tee_id) noexcept {
    std::uint8_t preimage[64];
    std::copy(tee_id.bytes.begin(), tee_id.bytes.end(), preimage);
    const Bytes32 slot = Uint256(kTeesSlot).to_be();
    std::copy(slot.bytes.begin(), slot.bytes.end(), preimage + 32);
    return keccak256(ByteView(preimage, sizeof preimage));
}

Bytes32 tee_field_slot(const Bytes32& tee_id, std::uint64_t offset) noexcept {
    return add(tee_info_slot(tee_id), offset);
}
Bytes32 tee_status_slot(const Bytes32& tee_id) noexcept { return tee_field_slot(tee_id, kTeeStatusOffset); }
Bytes32 tee_public_key_slot(const Bytes32& tee_id) noexcept { return tee_field_slot(tee_id, kTeePublicKeyOffset); }

Bytes32 tee_public_key_data_slot(const Bytes32& tee_id, std::uint64_t word) noexcept {
    return add(keccak256(tee_public_key_slot(tee_id).view()), word);
}

Expected<TeeStatus, StorageLayoutError> decode_tee_status_word(const Bytes32& word) noexcept {
    TeeStatus out;
    if (word.is_zero()) return out;
    constexpr std::size_t kLast = 31;  // big-endian index of byte 0
    for (std::size_t i = 0; i < kLast - kTeeTypeByte; ++i)
        if (word.bytes[i] != 0) return unexpected(StorageLayoutError::kDirtyPadding);
    const std::uint8_t enabled = word.bytes[kLast - kTeeEnabledByte];
    if (enabled > 1) return unexpected(StorageLayoutError::kNotBool);
    out.owner = Address::from_view_unchecked(word.view().substr(kLast - (kTeeOwnerByte + 19), 20));
    if (out.owner.is_zero()) return unexpected(StorageLayoutError::kZeroOwner);
    out.registered = true;
    out.enabled = enabled == 1;
    out.tee_type = word.bytes[kLast - kTeeTypeByte];
    return out;
}

Expected<std::size_t, StorageLayoutError> decode_long_bytes_length(const Bytes32& word) noexcept {
    const Uint256 v = Uint256::from_be(word);
    if ((v.low64() & 1) == 0) return unexpected(StorageLayoutError::kShortForm);
    if (!v.fits_u64() || v.low64() / 2 > kMaxStoredKeyBytes) return unexpected(StorageLayoutError::kBadLength);
    const std::size_t length = static_cast<std::size_t>(v.low64() / 2);
    // solc only uses the long form from 32 bytes on; a shorter length here is not something it writes.
    if (length < 32) return unexpected(StorageLayoutError::kBadLength);
    return length;
}

Expected<Bytes, StorageLayoutError> decode_long_bytes(const Bytes32& length_word,
                                                      std::span<const Bytes32> data_words) noexcept {
    auto length = decode_long_bytes_length(length_word);
    if (!length) return unexpected(length.error());
    if (data_words.size() != (*length + 31) / 32) return unexpected(StorageLayoutError::kWrongWordCount);
    Bytes out;
    out.reserve(data_words.size() * 32);
    for (const Bytes32& w : data_words) out.append(w.view());
    const auto tail = out.begin() + static_cast<std::ptrdiff_t>(*length);
    if (std::any_of(tail, out.end(), [](std::uint8_t b) { return b != 0; }))
        return unexpected(StorageLayoutError::kDirtyTail);
    out.resize(*length);
    return out;
}

}  // namespace countersign::chain
