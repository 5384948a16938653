// SPDX-License-Identifier: Apache-2.0
#include "chain/call_receipt_json_fields.hpp"

#include <algorithm>
#include <utility>

#include "crypto/base64.hpp"
#include "crypto/hex.hpp"
#include "crypto/keccak.hpp"

namespace countersign::chain::call_receipt_json {
namespace {

bool is_canonical_decimal(std::string_view s) noexcept {
    if (s.empty() || s.size() > 78) return false;
    if (s.size() > 1 && s[0] == '0') return false;
    return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

[[noreturn]] void fail_quantity(const json& v, const std::string& path) {
    if (v.is_number())
        fail(path, "must be a non-negative integer (no sign, fraction or exponent) below 2^53, or a decimal string");
    fail(path, std::string{"expected a decimal string or an integer, got "} + v.type_name());
}

// EIP-55: all-lowercase and all-uppercase hex carry no checksum; mixed case must be the checksum.
bool eip55_consistent(std::string_view digits, const Address& a) {
    const bool lower = std::any_of(digits.begin(), digits.end(), [](char c) { return c >= 'a' && c <= 'f'; });
    const bool upper = std::any_of(digits.begin(), digits.end(), [](char c) { return c >= 'A' && c <= 'F'; });
    if (!lower || !upper) return true;
    const std::string plain = to_hex(a, false);
    const Hash32 h = keccak256(to_view(plain));
    for (std::size_t i = 0; i < digits.size(); ++i) {
        const char c = digits[i];
        if (c >= '0' && c <= '9') continue;
        const unsigned nibble = (i % 2 == 0 ? h.bytes[i / 2] >> 4 : h.bytes[i / 2]) & 0xfu;
        if ((c >= 'A' && c <= 'F') != (nibble >= 8)) return false;
    }
    return true;
}

}  // namespace

std::optional<std::size_t> field_index(std::string_view path) noexcept {
    for (std::size_t i = 0; i < kFieldPaths.size(); ++i)
        if (kFieldPaths[i] == path) return i;
    return std::nullopt;
}

[[noreturn]] void fail(std::string field, std::string message) {
    throw ParseFailure{{std::move(field), std::move(message)}};
}

std::string join(std::string_view base, std::string_view key) {
    if (base.empty()) return std::string{key};
    std::string out{base};
    out += '.';
    out += key;
    return out;
}

std::string index_path(std::string_view base, std::size_t i) {
    return std::string{base} + "[" + std::to_string(i) + "]";
}

bool valid_utf8(std::string_view s) noexcept {
    std::size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<std::uint8_t>(s[i]);
        std::size_t n = 0;
        std::uint32_t cp = 0;
        if (c < 0x80) {
            ++i;
            continue;
        }
        if (c >= 0xc2 && c <= 0xdf) {
            n = 1;
            cp = c & 0x1fu;
        } else if (c >= 0xe0 && c <= 0xef) {
            n = 2;
            cp = c & 0x0fu;
        } else if (c >= 0xf0 && c <= 0xf4) {
            n = 3;
            cp = c & 0x07u;
        } else {
            return false;
        }
        if (i + n >= s.size()) return false;
        for (std::size_t k = 1; k <= n; ++k) {
            const auto d = static_cast<std::uint8_t>(s[i + k]);
            if ((d & 0xc0) != 0x80) return false;
            cp = (cp << 6) | (d & 0x3fu);
        }
        if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10ffff)) || (cp >= 0xd800 && cp <= 0xdfff))
            return false;
        i += n + 1;
    }
    return true;
}

const json* member(const json& obj, std::string_view key) {
    const auto it = obj.find(std::string{key});
    return it == obj.end() ? nullptr : &*it;
}

const json* member_not_null(const json& obj, std::string_view key) {
    const json* v = member(obj, key);
    return v == nullptr || v->is_null() ? nullptr : v;
}

const std::string& get_string(const json& v, const std::string& path) {
    if (!v.is_string()) fail(path, std::string{"expected a string, got "} + v.type_name());
    return v.get_ref<const std::string&>();
}

const json& get_object(const json& v, const std::string& path) {
    if (!v.is_object()) fail(path, std::string{"expected an object, got "} + v.type_name());
    return v;
}

Uint256 read_u256(const json& v, const std::string& path) {
    if (v.is_number_unsigned()) {
        const auto n = v.get<std::uint64_t>();
        if (n > kMaxJsonInteger)
            fail(path, "JSON integers must be below 2^53; write larger values as a decimal string");
        return Uint256{n};
    }
    if (!v.is_string()) fail_quantity(v, path);
    const std::string& s = v.get_ref<const std::string&>();
    if (!is_canonical_decimal(s))
        fail(path, "not a canonical decimal string (digits only, no sign, no leading zeros, at most 78 digits)");
    const auto u = Uint256::parse_decimal(s);
    if (!u) fail(path, "does not fit 256 bits");
    return *u;
}

std::uint64_t read_u64(const json& v, const std::string& path) {
    const Uint256 u = read_u256(v, path);
    if (!u.fits_u64()) fail(path, "does not fit 64 bits");
    return u.low64();
}

Bytes read_hex(const json& v, const std::string& path, bool prefix_required) {
    std::string_view s = get_string(v, path);
    if (s.size() >= 2 && s[0] == '0' && s[1] == 'x') {
        s.remove_prefix(2);
    } else if (prefix_required) {
        fail(path, "hex must begin with \"0x\"");
    }
    auto b = parse_hex(s, HexPrefix::kNone);
    if (!b) fail(path, std::string{to_string(b.error())});
    return std::move(*b);
}

Address read_address(const json& v, const std::string& path, bool prefix_required) {
    const Address a = read_fixed<20>(v, path, prefix_required);
    std::string_view s = v.get_ref<const std::string&>();
    if (s.size() >= 2 && s[0] == '0' && s[1] == 'x') s.remove_prefix(2);
    if (!eip55_consistent(s, a)) fail(path, "mixed-case address with an invalid EIP-55 checksum");
    return a;
}

Bytes read_base64(const json& v, const std::string& path, std::size_t max_bytes) {
    const std::string& s = get_string(v, path);
    auto b = base64_decode(s, max_bytes);
    if (!b) {
        if (b.error() == Base64Error::kTooLong)
            fail(path, "decodes to more than " + std::to_string(max_bytes) + " bytes");
        fail(path, std::string{to_string(b.error())});
    }
    if (b->empty()) fail(path, "empty");
    return std::move(*b);
}

std::uint64_t read_network(const json& v, const std::string& path) {
    constexpr std::string_view kPrefix = "eip155:";
    std::string_view s = get_string(v, path);
    if (s.substr(0, kPrefix.size()) != kPrefix) fail(path, "must be a CAIP-2 EVM network \"eip155:<chain id>\"");
    s.remove_prefix(kPrefix.size());
    if (!is_canonical_decimal(s)) fail(path, "chain id must be decimal digits without leading zeros");
    const auto u = Uint256::parse_decimal(s);
    if (!u || !u->fits_u64()) fail(path, "chain id does not fit 64 bits");
    if (u->is_zero()) fail(path, "chain id 0 is not a chain");
    return u->low64();
}

std::string read_request_id(const json& v, const std::string& path) {
    const std::string& s = get_string(v, path);
    if (s.empty() || s.size() > kMaxRequestIdBytes)
        fail(path, "must be 1.." + std::to_string(kMaxRequestIdBytes) + " bytes");
    if (!valid_utf8(s)) fail(path, "not valid UTF-8");
    return s;
}

std::string read_text(const json& v, const std::string& path) {
    const std::string& s = get_string(v, path);
    if (!valid_utf8(s)) fail(path, "not valid UTF-8");
    return s;
}

void check_keys(const json& obj, const std::string& path, std::initializer_list<std::string_view> allowed) {
    for (auto it = obj.begin(); it != obj.end(); ++it) {
        const std::string& k = it.key();
        if (k.size() >= 2 && k[0] == 'x' && k[1] == '-') continue;
        if (std::find(allowed.begin(), allowed.end(), k) == allowed.end())
            fail(join(path, k), "unknown field (extension fields must begin with \"x-\")");
    }
}

}  // namespace countersign::chain::call_receipt_json
