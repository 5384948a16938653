// SPDX-License-Identifier: Apache-2.0
// Strict abi.decode. Every size claimed by the data is checked against what remains before it is used to
// allocate or index; see abi.hpp for the canonical/lenient split.
#include <algorithm>
#include <cstring>

#include "chain/abi.hpp"

namespace countersign::chain {
namespace {

using Kind = AbiType::Kind;

bool all_zero(const std::uint8_t* p, std::size_t n) noexcept {
    return std::all_of(p, p + n, [](std::uint8_t b) { return b == 0; });
}

class Decoder {
public:
    Decoder(ByteView data, AbiDecodeMode mode) noexcept
        : data_(data), canonical_(mode == AbiDecodeMode::kCanonical),
          word_budget_(data.size() / 32), byte_budget_(data.size()) {}

    // Decodes a value of type `t` encoded at `pos`; returns where its encoding ends (meaningful in canonical
    // mode, where it is where the next tail must start).
    Expected<std::size_t, AbiError> value(const AbiType& t, std::size_t pos, AbiValue& out) noexcept {
        switch (t.kind()) {
            case Kind::kBytes:
            case Kind::kString: return bytes(t, pos, out);
            case Kind::kTuple: {
                AbiValue::List items;
                auto end = sequence(t.components().data(), false, t.components().size(), pos, items);
                if (end) out = AbiValue::list(std::move(items));
                return end;
            }
            case Kind::kFixedArray: {
                AbiValue::List items;
                auto end = sequence(&t.element(), true, t.length(), pos, items);
                if (end) out = AbiValue::list(std::move(items));
                return end;
            }
            case Kind::kArray: {
                if (!spend_word()) return unexpected(AbiError::kBudgetExceeded);
                auto count = read_size(pos);
                if (!count) return unexpected(count.error());
                // Each element takes at least its head in the data that follows the length word.
                if (*count > (data_.size() - pos - 32) / t.element().head_size())
                    return unexpected(AbiError::kLengthTooLarge);
                AbiValue::List items;
                auto end = sequence(&t.element(), true, *count, pos + 32, items);
                if (end) out = AbiValue::list(std::move(items));
                return end;
            }
            default: {
                if (!spend_word()) return unexpected(AbiError::kBudgetExceeded);
                if (pos > data_.size() || data_.size() - pos < 32) return unexpected(AbiError::kInputTooShort);
                auto v = abi_decode_word(t, Bytes32::from_view_unchecked(data_.substr(pos, 32)));
                if (!v) return unexpected(v.error());
                out = std::move(*v);
                return pos + 32;
            }
        }
    }

    // A tuple's components (repeat=false) or `count` elements of one type (repeat=true) encoded at `base`.
    Expected<std::size_t, AbiError> sequence(const AbiType* types, bool repeat, std::size_t count, std::size_t base,
                                             AbiValue::List& out) noexcept {
        if (base > data_.size()) return unexpected(AbiError::kInputTooShort);
        const std::size_t room = data_.size() - base;
        std::size_t head = 0;
        if (repeat) {
            if (count > room / types[0].head_size()) return unexpected(AbiError::kInputTooShort);
            head = count * types[0].head_size();
        } else {
            for (std::size_t i = 0; i < count; ++i) {
                if (types[i].head_size() > room - head) return unexpected(AbiError::kInputTooShort);
                head += types[i].head_size();
            }
        }
        out.reserve(count);  // bounded: every element has a head of >= 32 bytes inside the data
        std::size_t pos = base;
        std::size_t tail = base + head;
        for (std::size_t i = 0; i < count; ++i) {
            const AbiType& t = repeat ? types[0] : types[i];
            AbiValue v;
            if (t.is_dynamic()) {
                auto offset = read_size(pos);
                if (!offset) return unexpected(offset.error() == AbiError::kLengthTooLarge ? AbiError::kBadOffset
                                                                                           : offset.error());
                if (*offset > room) return unexpected(AbiError::kBadOffset);
                const std::size_t target = base + *offset;
                if (canonical_ && target != tail) return unexpected(AbiError::kBadOffset);
                auto end = value(t, target, v);
                if (!end) return unexpected(end.error());
                if (canonical_) tail = *end;
                pos += 32;
            } else {
                auto end = value(t, pos, v);
                if (!end) return unexpected(end.error());
                pos += t.head_size();
            }
            out.push_back(std::move(v));
        }
        return tail;
    }

    std::size_t size() const noexcept { return data_.size(); }

private:
    Expected<std::size_t, AbiError> bytes(const AbiType& t, std::size_t pos, AbiValue& out) noexcept {
        if (!spend_word()) return unexpected(AbiError::kBudgetExceeded);
        auto n = read_size(pos);
        if (!n) return unexpected(n.error());
        const std::size_t start = pos + 32;
        const std::size_t room = data_.size() - start;  // read_size checked pos + 32 <= size
        if (*n > room) return unexpected(AbiError::kLengthTooLarge);
        const std::size_t padded = (*n + 31) / 32 * 32;
        if (padded > room) return unexpected(AbiError::kInputTooShort);
        if (!all_zero(data_.data() + start + *n, padded - *n)) return unexpected(AbiError::kDirtyPadding);
        if (*n > byte_budget_) return unexpected(AbiError::kBudgetExceeded);
        byte_budget_ -= *n;
        const ByteView content = data_.substr(start, *n);
        out = t.kind() == Kind::kBytes ? AbiValue::bytes(content) : AbiValue::string(to_string_view(content));
        return start + padded;
    }

    // A length or offset word: must be inside the data and small enough that adding it cannot overflow.
    Expected<std::size_t, AbiError> read_size(std::size_t pos) const noexcept {
        if (pos > data_.size() || data_.size() - pos < 32) return unexpected(AbiError::kInputTooShort);
        const std::uint8_t* w = data_.data() + pos;
        if (!all_zero(w, 24)) return unexpected(AbiError::kLengthTooLarge);
        std::uint64_t v = 0;
        for (int i = 24; i < 32; ++i) v = (v << 8) | w[i];
        if (v > data_.size()) return unexpected(AbiError::kLengthTooLarge);
        return static_cast<std::size_t>(v);
    }

    // Each word-consuming value (atomic, bytes, array length) is charged one word; the encoding of n words can
    // hold at most n such values unless offsets alias (possible only in lenient mode).
    bool spend_word() noexcept {
        if (word_budget_ == 0) return false;
        --word_budget_;
        return true;
    }

    ByteView data_;
    bool canonical_;
    std::size_t word_budget_;
    std::size_t byte_budget_;
};

}  // namespace

Expected<AbiValue, AbiError> abi_decode_word(const AbiType& t, const Bytes32& word) noexcept {
    const std::uint8_t* w = word.data();
    switch (t.kind()) {
        case Kind::kAddress:
            if (!all_zero(w, 12)) return unexpected(AbiError::kDirtyPadding);
            return AbiValue::address(Address::from_view_unchecked(word.view().substr(12)));
        case Kind::kBool:
            if (!all_zero(w, 31)) return unexpected(AbiError::kBadBool);
            if (w[31] > 1) return unexpected(AbiError::kBadBool);
            return AbiValue::boolean(w[31] == 1);
        case Kind::kUint:
            if (!all_zero(w, 32 - t.bits() / 8)) return unexpected(AbiError::kDirtyPadding);
            return AbiValue::uint(Uint256::from_be(word));
        case Kind::kInt: {
            const Uint256 v = Uint256::from_be(word);
            const unsigned shift = t.bits() - 1;
            if (!(v >> shift).is_zero() && !((~v) >> shift).is_zero()) return unexpected(AbiError::kNotSignExtended);
            return AbiValue::int_word(v);
        }
        case Kind::kFixedBytes:
            if (!all_zero(w + t.byte_size(), 32 - t.byte_size())) return unexpected(AbiError::kDirtyPadding);
            return AbiValue::bytes(word.view().substr(0, t.byte_size()));
        default: return unexpected(AbiError::kValueMismatch);
    }
}

Expected<AbiValues, AbiError> abi_decode(std::span<const AbiType> types, ByteView data, AbiDecodeMode mode) noexcept {
    Decoder d(data, mode);
    AbiValues out;
    if (types.empty()) {
        if (mode == AbiDecodeMode::kCanonical && !data.empty()) return unexpected(AbiError::kTrailingBytes);
        return out;
    }
    auto end = d.sequence(types.data(), false, types.size(), 0, out);
    if (!end) return unexpected(end.error());
    if (mode == AbiDecodeMode::kCanonical && *end != data.size()) return unexpected(AbiError::kTrailingBytes);
    return out;
}

}  // namespace countersign::chain
