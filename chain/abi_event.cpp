// SPDX-License-Identifier: Apache-2.0
#include "chain/abi_event.hpp"

#include <cstring>

#include "crypto/keccak.hpp"

namespace countersign::chain {
namespace {

// The topic of an indexed value: atomic values are their ABI word; everything else is hashed. Per the ABI
// spec the hashed form is the "in-place" encoding: bytes/string raw, arrays and tuples as the concatenation
// of their elements' encodings padded to 32 bytes (no offsets, no length).
Expected<Bytes, AbiError> in_place_encoding(const AbiType& t, const AbiValue& v) {
    using Kind = AbiType::Kind;
    switch (t.kind()) {
        case Kind::kBytes: {
            const Bytes* b = v.get_if<Bytes>();
            if (!b) return unexpected(AbiError::kValueMismatch);
            return *b;
        }
        case Kind::kString: {
            const std::string* s = v.get_if<std::string>();
            if (!s) return unexpected(AbiError::kValueMismatch);
            return Bytes(to_view(*s));
        }
        case Kind::kTuple:
        case Kind::kArray:
        case Kind::kFixedArray: {
            const auto* l = v.get_if<AbiValue::List>();
            if (!l) return unexpected(AbiError::kValueMismatch);
            if (t.kind() == Kind::kTuple && l->size() != t.components().size())
                return unexpected(AbiError::kValueMismatch);
            if (t.kind() == Kind::kFixedArray && l->size() != t.length()) return unexpected(AbiError::kValueMismatch);
            Bytes out;
            for (std::size_t i = 0; i < l->size(); ++i) {
                const AbiType& et = t.kind() == Kind::kTuple ? t.components()[i] : t.element();
                auto e = in_place_encoding(et, (*l)[i]);
                if (!e) return e;
                out += *e;
                out.append((32 - e->size() % 32) % 32, 0);
            }
            return out;
        }
        default: {
            const AbiType one[] = {t};
            const AbiValue val[] = {v};
            return abi_encode(one, val);
        }
    }
}

}  // namespace

Hash32 event_topic(std::string_view canonical_signature) noexcept { return keccak256(to_view(canonical_signature)); }
Hash32 event_topic(const AbiSignature& event) { return event_topic(event.canonical()); }

Selector function_selector(std::string_view canonical_signature) noexcept {
    const Hash32 h = keccak256(to_view(canonical_signature));
    return Selector::from_view_unchecked(h.view());
}
Selector function_selector(const AbiSignature& function) { return function_selector(function.canonical()); }

const AbiValue* DecodedEvent::find(std::string_view name) const noexcept {
    for (const auto& f : fields)
        if (f.name == name) return &f.value;
    return nullptr;
}

Expected<DecodedEvent, AbiError> decode_log(const AbiSignature& event, std::span<const Hash32> topics, ByteView data,
                                            AbiDecodeMode mode) noexcept {
    std::size_t indexed = 0;
    std::vector<AbiType> data_types;
    for (const auto& p : event.params) {
        if (p.indexed) {
            ++indexed;
        } else {
            data_types.push_back(p.type);
        }
    }
    const std::size_t first = event.anonymous ? 0 : 1;
    if (topics.size() != indexed + first) return unexpected(AbiError::kWrongTopicCount);
    if (!event.anonymous && topics[0] != event_topic(event)) return unexpected(AbiError::kWrongTopic0);
    auto values = abi_decode(data_types, data, mode);
    if (!values) return unexpected(values.error());

    DecodedEvent out;
    out.fields.reserve(event.params.size());
    std::size_t t = first;
    std::size_t d = 0;
    for (const auto& p : event.params) {
        DecodedField f{p.name, AbiValue(), p.indexed, false};
        if (p.indexed) {
            const Hash32& topic = topics[t++];
            if (p.type.is_atomic()) {
                auto v = abi_decode_word(p.type, topic);
                if (!v) return unexpected(v.error());
                f.value = std::move(*v);
            } else {
                f.hashed = true;
                f.value = AbiValue::fixed(topic);
            }
        } else {
            f.value = std::move((*values)[d++]);
        }
        out.fields.push_back(std::move(f));
    }
    return out;
}

Expected<Bytes, AbiError> encode_call(const AbiSignature& function, std::span<const AbiValue> args) {
    const auto types = function.types();
    auto body = abi_encode(types, args);
    if (!body) return body;
    Bytes out(function_selector(function).view());
    out += *body;
    return out;
}

Expected<AbiValues, AbiError> decode_call(const AbiSignature& function, ByteView calldata,
                                          AbiDecodeMode mode) noexcept {
    if (calldata.size() < 4) return unexpected(AbiError::kInputTooShort);
    if (calldata.substr(0, 4) != function_selector(function).view()) return unexpected(AbiError::kWrongSelector);
    return abi_decode(function.types(), calldata.substr(4), mode);
}

Expected<EncodedLog, AbiError> encode_log(const AbiSignature& event, std::span<const AbiValue> values) {
    if (values.size() != event.params.size()) return unexpected(AbiError::kValueMismatch);
    EncodedLog log;
    if (!event.anonymous) log.topics.push_back(event_topic(event));
    std::vector<AbiType> data_types;
    AbiValues data_values;
    for (std::size_t i = 0; i < values.size(); ++i) {
        const AbiParam& p = event.params[i];
        if (!p.indexed) {
            data_types.push_back(p.type);
            data_values.push_back(values[i]);
            continue;
        }
        auto enc = in_place_encoding(p.type, values[i]);
        if (!enc) return unexpected(enc.error());
        log.topics.push_back(p.type.is_atomic() ? Hash32::from_view_unchecked(*enc) : keccak256(*enc));
    }
    auto data = abi_encode(data_types, data_values);
    if (!data) return unexpected(data.error());
    log.data = std::move(*data);
    return log;
}

}  // namespace countersign::chain
