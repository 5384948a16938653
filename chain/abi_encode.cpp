// SPDX-License-Identifier: Apache-2.0
// abi.encode and abi.encodePacked.
#include <cstring>

#include "chain/abi.hpp"

namespace countersign::chain {
namespace {

using Kind = AbiType::Kind;

void put_word(Bytes& out, std::size_t pos, const Uint256& v) {
    const Bytes32 be = v.to_be();
    std::memcpy(out.data() + pos, be.data(), 32);
}

// True when a 256-bit two's-complement word is the sign extension of its low `bits` bits.
bool fits_signed(const Uint256& v, unsigned bits) noexcept {
    return (v >> (bits - 1)).is_zero() || ((~v) >> (bits - 1)).is_zero();
}

// The single 32-byte word of an atomic value, after checking it fits the type.
Expected<Bytes32, AbiError> atomic_word(const AbiType& t, const AbiValue& v) {
    Bytes32 w{};
    switch (t.kind()) {
        case Kind::kAddress: {
            const Address* a = v.get_if<Address>();
            if (!a) return unexpected(AbiError::kValueMismatch);
            std::memcpy(w.data() + 12, a->data(), 20);
            return w;
        }
        case Kind::kBool: {
            const bool* b = v.get_if<bool>();
            if (!b) return unexpected(AbiError::kValueMismatch);
            w.bytes[31] = *b ? 1 : 0;
            return w;
        }
        case Kind::kUint: {
            const Uint256* u = v.get_if<Uint256>();
            if (!u || u->bit_length() > t.bits()) return unexpected(AbiError::kValueMismatch);
            return u->to_be();
        }
        case Kind::kInt: {
            const Uint256* u = v.get_if<Uint256>();
            if (!u || !fits_signed(*u, t.bits())) return unexpected(AbiError::kValueMismatch);
            return u->to_be();
        }
        case Kind::kFixedBytes: {
            const Bytes* b = v.get_if<Bytes>();
            if (!b || b->size() != t.byte_size()) return unexpected(AbiError::kValueMismatch);
            std::memcpy(w.data(), b->data(), b->size());
            return w;
        }
        default: return unexpected(AbiError::kValueMismatch);
    }
}

Expected<void, AbiError> encode_value(const AbiType& t, const AbiValue& v, Bytes& out);

// Head/tail encoding of a sequence: statics inline, dynamics as offsets (from the sequence start) to tails
// appended in order. The sequence is a tuple's components or `count` copies of an array element type.
Expected<void, AbiError> encode_sequence(const AbiType* types, bool repeat, std::span<const AbiValue> values,
                                         Bytes& out) {
    const std::size_t base = out.size();
    std::vector<std::size_t> slots;
    for (std::size_t i = 0; i < values.size(); ++i) {
        const AbiType& t = repeat ? types[0] : types[i];
        if (t.is_dynamic()) {
            slots.push_back(out.size());
            out.append(32, 0);
        } else if (auto r = encode_value(t, values[i], out); !r) {
            return r;
        }
    }
    std::size_t k = 0;
    for (std::size_t i = 0; i < values.size(); ++i) {
        const AbiType& t = repeat ? types[0] : types[i];
        if (!t.is_dynamic()) continue;
        put_word(out, slots[k++], Uint256(out.size() - base));
        if (auto r = encode_value(t, values[i], out); !r) return r;
    }
    return {};
}

Expected<void, AbiError> encode_value(const AbiType& t, const AbiValue& v, Bytes& out) {
    switch (t.kind()) {
        case Kind::kBytes:
        case Kind::kString: {
            ByteView data;
            if (t.kind() == Kind::kBytes) {
                const Bytes* b = v.get_if<Bytes>();
                if (!b) return unexpected(AbiError::kValueMismatch);
                data = *b;
            } else {
                const std::string* s = v.get_if<std::string>();
                if (!s) return unexpected(AbiError::kValueMismatch);
                data = to_view(*s);
            }
            out.append(Uint256(data.size()).to_be().view());
            out.append(data);
            out.append((32 - data.size() % 32) % 32, 0);
            return {};
        }
        case Kind::kTuple: {
            const auto* l = v.get_if<AbiValue::List>();
            if (!l || l->size() != t.components().size()) return unexpected(AbiError::kValueMismatch);
            return encode_sequence(t.components().data(), false, *l, out);
        }
        case Kind::kArray: {
            const auto* l = v.get_if<AbiValue::List>();
            if (!l) return unexpected(AbiError::kValueMismatch);
            out.append(Uint256(l->size()).to_be().view());
            return encode_sequence(&t.element(), true, *l, out);
        }
        case Kind::kFixedArray: {
            const auto* l = v.get_if<AbiValue::List>();
            if (!l || l->size() != t.length()) return unexpected(AbiError::kValueMismatch);
            return encode_sequence(&t.element(), true, *l, out);
        }
        default: {
            auto w = atomic_word(t, v);
            if (!w) return unexpected(w.error());
            out.append(w->view());
            return {};
        }
    }
}

Expected<void, AbiError> encode_packed_value(const AbiType& t, const AbiValue& v, bool in_array, Bytes& out) {
    switch (t.kind()) {
        case Kind::kTuple: return unexpected(AbiError::kUnsupportedPacked);
        case Kind::kBytes:
        case Kind::kString:
            if (in_array) return unexpected(AbiError::kUnsupportedPacked);
            if (t.kind() == Kind::kBytes) {
                const Bytes* b = v.get_if<Bytes>();
                if (!b) return unexpected(AbiError::kValueMismatch);
                out.append(*b);
            } else {
                const std::string* s = v.get_if<std::string>();
                if (!s) return unexpected(AbiError::kValueMismatch);
                out.append(to_view(*s));
            }
            return {};
        case Kind::kArray:
        case Kind::kFixedArray: {
            if (in_array || !t.element().is_atomic()) return unexpected(AbiError::kUnsupportedPacked);
            const auto* l = v.get_if<AbiValue::List>();
            if (!l || (t.kind() == Kind::kFixedArray && l->size() != t.length()))
                return unexpected(AbiError::kValueMismatch);
            for (const auto& e : *l)
                if (auto r = encode_packed_value(t.element(), e, true, out); !r) return r;
            return {};
        }
        default: {
            auto w = atomic_word(t, v);
            if (!w) return unexpected(w.error());
            // Array elements keep their full word; standalone values use their natural width.
            if (in_array) {
                out.append(w->view());
            } else if (t.kind() == Kind::kFixedBytes) {
                out.append(w->view().substr(0, t.byte_size()));
            } else {
                const std::size_t width = t.kind() == Kind::kAddress ? 20 : t.kind() == Kind::kBool ? 1 : t.bits() / 8;
                out.append(w->view().substr(32 - width));
            }
            return {};
        }
    }
}

}  // namespace

AbiValue AbiValue::int_(std::int64_t v) {
    const auto magnitude = static_cast<std::uint64_t>(v);
    return AbiValue(v < 0 ? Uint256(~0ULL, ~0ULL, ~0ULL, magnitude) : Uint256(magnitude));
}

Bytes32 AbiValue::bytes32() const noexcept {
    const Bytes& b = get<Bytes>();
    if (b.size() != 32) std::abort();
    return Bytes32::from_view_unchecked(b);
}

Expected<Bytes, AbiError> abi_encode(std::span<const AbiType> types, std::span<const AbiValue> values) {
    if (types.size() != values.size()) return unexpected(AbiError::kValueMismatch);
    Bytes out;
    if (types.empty()) return out;
    if (auto r = encode_sequence(types.data(), false, values, out); !r) return unexpected(r.error());
    return out;
}

Expected<Bytes, AbiError> abi_encode_packed(std::span<const AbiType> types, std::span<const AbiValue> values) {
    if (types.size() != values.size()) return unexpected(AbiError::kValueMismatch);
    Bytes out;
    for (std::size_t i = 0; i < types.size(); ++i)
        if (auto r = encode_packed_value(types[i], values[i], false, out); !r) return unexpected(r.error());
    return out;
}

}  // namespace countersign::chain
