// SPDX-License-Identifier: Apache-2.0
#include "chain/rpc_json_fields.hpp"

#include <nlohmann/json.hpp>

#include "crypto/hex.hpp"

namespace countersign::chain {

JsonFieldReader::JsonFieldReader(const nlohmann::json& object, JsonDialect dialect) noexcept
    : object_{object}, dialect_{dialect} {
    if (!object_.is_object()) error_ = JsonError{"", "not a JSON object"};
}

void JsonFieldReader::fail(std::string_view field, std::string_view reason) {
    if (!error_) error_ = JsonError{std::string{field}, std::string{reason}};
}

const nlohmann::json* JsonFieldReader::member(std::string_view field) const noexcept {
    if (!object_.is_object()) return nullptr;
    const auto it = object_.find(field);
    return it == object_.end() ? nullptr : &*it;
}

bool JsonFieldReader::has(std::string_view field) const noexcept {
    const auto* m = member(field);
    return m != nullptr && !m->is_null();
}

const std::string* JsonFieldReader::text(std::string_view field) { return text(member(field), field); }

const std::string* JsonFieldReader::text(const nlohmann::json* m, std::string_view field) {
    if (!ok()) return nullptr;
    if (m == nullptr || m->is_null()) {
        fail(field, "missing");
        return nullptr;
    }
    if (!m->is_string()) {
        fail(field, "not a string");
        return nullptr;
    }
    return m->get_ptr<const std::string*>();
}

void JsonFieldReader::read(std::string_view field, Uint256& out) {
    const std::string* s = text(field);
    if (s == nullptr) return;
    if (dialect_ == JsonDialect::kRpc) {
        auto v = Uint256::parse_quantity(*s);
        if (!v) return fail(field, to_string(v.error()));
        out = *v;
        return;
    }
    if (s->size() < 3 || (*s)[0] != '0' || ((*s)[1] != 'x' && (*s)[1] != 'X'))
        return fail(field, "not a 0x-prefixed hex number");
    auto v = Uint256::parse_hex(*s);
    if (!v) return fail(field, to_string(v.error()));
    out = *v;
}

void JsonFieldReader::read(std::string_view field, std::uint64_t& out) {
    Uint256 v;
    read(field, v);
    if (!ok()) return;
    if (!v.fits_u64()) return fail(field, "larger than 64 bits");
    out = v.low64();
}

void JsonFieldReader::read(std::string_view field, Bytes& out) { read_value_text(text(field), field, out); }

void JsonFieldReader::read_value(const nlohmann::json& value, std::string_view label, Bytes& out) {
    read_value_text(text(&value, label), label, out);
}

void JsonFieldReader::read_value_text(const std::string* s, std::string_view field, Bytes& out) {
    if (s == nullptr) return;
    auto b = parse_hex(*s, HexPrefix::kRequired);
    if (!b) return fail(field, to_string(b.error()));
    out = std::move(*b);
}

void JsonFieldReader::read(std::string_view field, bool& out) {
    if (!ok()) return;
    const auto* m = member(field);
    if (m == nullptr || !m->is_boolean()) return fail(field, "not a boolean");
    out = m->get<bool>();
}

}  // namespace countersign::chain
