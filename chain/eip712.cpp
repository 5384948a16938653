// SPDX-License-Identifier: Apache-2.0
#include "chain/eip712.hpp"

#include <cstdlib>
#include <set>

#include "crypto/keccak.hpp"

namespace countersign::chain {
namespace {

bool is_identifier(std::string_view s) noexcept {
    if (s.empty()) return false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$';
        if (!alpha && !(i > 0 && c >= '0' && c <= '9')) return false;
    }
    return true;
}

// "T[]" / "T[3]" -> element "T" and the length (nullopt for dynamic). Returns false when not an array.
struct ArraySuffix {
    std::string_view element;
    std::optional<std::size_t> length;
};
Expected<std::optional<ArraySuffix>, Eip712Error> split_array(std::string_view type) noexcept {
    if (type.empty() || type.back() != ']') return std::optional<ArraySuffix>{};
    const std::size_t open = type.rfind('[');
    if (open == std::string_view::npos || open == 0) return unexpected(Eip712Error::kBadTypeName);
    const std::string_view digits = type.substr(open + 1, type.size() - open - 2);
    ArraySuffix out{type.substr(0, open), std::nullopt};
    if (!digits.empty()) {
        if (digits.size() > 9 || digits[0] == '0') return unexpected(Eip712Error::kBadTypeName);
        std::size_t n = 0;
        for (char c : digits) {
            if (c < '0' || c > '9') return unexpected(Eip712Error::kBadTypeName);
            n = n * 10 + static_cast<std::size_t>(c - '0');
        }
        out.length = n;
    }
    return std::optional<ArraySuffix>{out};
}

// The struct name at the bottom of a member type ("Person[][2]" -> "Person").
std::string_view base_type(std::string_view type) noexcept {
    const std::size_t open = type.find('[');
    return open == std::string_view::npos ? type : type.substr(0, open);
}

Expected<void, Eip712Error> collect_dependencies(const Eip712Types& types, std::string_view name,
                                                 std::set<std::string, std::less<>>& found) {
    auto it = types.find(name);
    if (it == types.end() || found.count(name)) return {};
    found.insert(std::string(name));
    for (const auto& m : it->second) {
        if (!is_identifier(m.name)) return unexpected(Eip712Error::kBadTypeName);
        if (auto r = collect_dependencies(types, base_type(m.type), found); !r) return r;
    }
    return {};
}

Expected<Hash32, Eip712Error> hash_struct_at(const Eip712Types& types, std::string_view primary,
                                             const AbiValue& message, std::size_t depth);

// enc(value) of one member: a 32-byte word.
Expected<Hash32, Eip712Error> encode_member(const Eip712Types& types, std::string_view type, const AbiValue& value,
                                            std::size_t depth) {
    if (depth > kMaxEip712Depth) return unexpected(Eip712Error::kTooDeep);
    auto arr = split_array(type);
    if (!arr) return unexpected(arr.error());
    if (*arr) {
        const auto* list = value.get_if<AbiValue::List>();
        if (!list) return unexpected(Eip712Error::kValueMismatch);
        if ((*arr)->length && *(*arr)->length == 0) return unexpected(Eip712Error::kBadTypeName);
        if ((*arr)->length && list->size() != *(*arr)->length) return unexpected(Eip712Error::kValueMismatch);
        Keccak256 h;
        for (const auto& item : *list) {
            auto enc = encode_member(types, (*arr)->element, item, depth + 1);
            if (!enc) return enc;
            h.update(enc->view());
        }
        return h.finalize();
    }
    if (types.find(type) != types.end()) return hash_struct_at(types, type, value, depth + 1);
    if (type == "bytes") {
        const Bytes* b = value.get_if<Bytes>();
        if (!b) return unexpected(Eip712Error::kValueMismatch);
        return keccak256(*b);
    }
    if (type == "string") {
        const std::string* s = value.get_if<std::string>();
        if (!s) return unexpected(Eip712Error::kValueMismatch);
        return keccak256(to_view(*s));
    }
    if (!is_identifier(type)) return unexpected(Eip712Error::kBadTypeName);
    auto atomic = parse_abi_type(type);
    if (!atomic || !atomic->is_atomic()) return unexpected(Eip712Error::kUnknownType);
    const AbiType t[] = {*atomic};
    const AbiValue v[] = {value};
    auto word = abi_encode(t, v);
    if (!word) return unexpected(Eip712Error::kValueMismatch);
    return Hash32::from_view_unchecked(*word);
}

Expected<Hash32, Eip712Error> hash_struct_at(const Eip712Types& types, std::string_view primary,
                                             const AbiValue& message, std::size_t depth) {
    auto th = type_hash(types, primary);
    if (!th) return th;
    const auto& members = types.find(primary)->second;
    const auto* list = message.get_if<AbiValue::List>();
    if (!list || list->size() != members.size()) return unexpected(Eip712Error::kValueMismatch);
    Keccak256 h;
    h.update(th->view());
    for (std::size_t i = 0; i < members.size(); ++i) {
        auto enc = encode_member(types, members[i].type, (*list)[i], depth);
        if (!enc) return enc;
        h.update(enc->view());
    }
    return h.finalize();
}

void append_struct(std::string& out, std::string_view name, const std::vector<Eip712Member>& members) {
    out += name;
    out += '(';
    for (std::size_t i = 0; i < members.size(); ++i) {
        if (i) out += ',';
        out += members[i].type;
        out += ' ';
        out += members[i].name;
    }
    out += ')';
}

}  // namespace

std::string_view to_string(Eip712Error e) noexcept {
    switch (e) {
        case Eip712Error::kUnknownType: return "eip712: unknown type";
        case Eip712Error::kBadTypeName: return "eip712: malformed type name";
        case Eip712Error::kValueMismatch: return "eip712: value does not match its type";
        case Eip712Error::kTooDeep: return "eip712: nested too deeply";
    }
    return "eip712: unknown error";
}

std::vector<Eip712Member> Eip712Domain::members() const {
    std::vector<Eip712Member> m;
    if (name) m.push_back({"name", "string"});
    if (version) m.push_back({"version", "string"});
    if (chain_id) m.push_back({"chainId", "uint256"});
    if (verifying_contract) m.push_back({"verifyingContract", "address"});
    if (salt) m.push_back({"salt", "bytes32"});
    return m;
}

AbiValue Eip712Domain::value() const {
    AbiValue::List v;
    if (name) v.push_back(AbiValue::string(*name));
    if (version) v.push_back(AbiValue::string(*version));
    if (chain_id) v.push_back(AbiValue::uint(*chain_id));
    if (verifying_contract) v.push_back(AbiValue::address(*verifying_contract));
    if (salt) v.push_back(AbiValue::fixed(*salt));
    return AbiValue::list(std::move(v));
}

Expected<std::string, Eip712Error> encode_type(const Eip712Types& types, std::string_view primary_type) {
    auto primary = types.find(primary_type);
    if (primary == types.end()) return unexpected(Eip712Error::kUnknownType);
    if (!is_identifier(primary_type)) return unexpected(Eip712Error::kBadTypeName);
    std::set<std::string, std::less<>> deps;
    if (auto r = collect_dependencies(types, primary_type, deps); !r) return unexpected(r.error());
    deps.erase(deps.find(primary_type));
    std::string out;
    append_struct(out, primary_type, primary->second);
    for (const auto& d : deps) {  // std::set iterates in sorted (byte-wise) order, as the spec requires
        if (!is_identifier(d)) return unexpected(Eip712Error::kBadTypeName);
        append_struct(out, d, types.find(d)->second);
    }
    return out;
}

Expected<Hash32, Eip712Error> type_hash(const Eip712Types& types, std::string_view primary_type) {
    auto enc = encode_type(types, primary_type);
    if (!enc) return unexpected(enc.error());
    return keccak256(to_view(*enc));
}

Expected<Bytes, Eip712Error> encode_data(const Eip712Types& types, std::string_view primary_type,
                                         const AbiValue& message) {
    auto th = type_hash(types, primary_type);
    if (!th) return unexpected(th.error());
    const auto& members = types.find(primary_type)->second;
    const auto* list = message.get_if<AbiValue::List>();
    if (!list || list->size() != members.size()) return unexpected(Eip712Error::kValueMismatch);
    Bytes out(th->view());
    for (std::size_t i = 0; i < members.size(); ++i) {
        auto enc = encode_member(types, members[i].type, (*list)[i], 1);
        if (!enc) return unexpected(enc.error());
        out += enc->view();
    }
    return out;
}

Expected<Hash32, Eip712Error> hash_struct(const Eip712Types& types, std::string_view primary_type,
                                          const AbiValue& message) {
    return hash_struct_at(types, primary_type, message, 1);
}

Hash32 domain_separator(const Eip712Domain& domain) {
    const Eip712Types types{{"EIP712Domain", domain.members()}};
    auto h = hash_struct(types, "EIP712Domain", domain.value());
    if (!h) std::abort();  // members() and value() are built together and always match
    return *h;
}

Hash32 typed_data_digest(const Hash32& domain_separator_hash, const Hash32& struct_hash) noexcept {
    Keccak256 h;
    const std::uint8_t prefix[2] = {0x19, 0x01};
    h.update(ByteView(prefix, 2));
    h.update(domain_separator_hash.view());
    h.update(struct_hash.view());
    return h.finalize();
}

Expected<Hash32, Eip712Error> typed_data_digest(const Eip712Domain& domain, const Eip712Types& types,
                                                std::string_view primary_type, const AbiValue& message) {
    auto sh = hash_struct(types, primary_type, message);
    if (!sh) return sh;
    return typed_data_digest(domain_separator(domain), *sh);
}

}  // namespace countersign::chain
