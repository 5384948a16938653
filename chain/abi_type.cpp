// SPDX-License-Identifier: Apache-2.0
// ABI type descriptors and the signature parser.
#include <algorithm>
#include <cstdlib>
#include <limits>

#include "chain/abi.hpp"

namespace countersign::chain {
namespace {

// Head sizes saturate here: no input can be this large, so a saturated type simply never decodes.
constexpr std::size_t kSaturated = std::numeric_limits<std::size_t>::max() / 4;
constexpr std::size_t kMaxFixedArrayLength = std::size_t{1} << 24;
constexpr std::size_t kMaxSignatureLength = 64 * 1024;

std::size_t saturating_add(std::size_t a, std::size_t b) noexcept {
    return (a >= kSaturated || b >= kSaturated || a + b >= kSaturated) ? kSaturated : a + b;
}
std::size_t saturating_mul(std::size_t a, std::size_t b) noexcept {
    if (a == 0 || b == 0) return 0;
    return (a >= kSaturated / b) ? kSaturated : a * b;
}

bool is_ident_start(char c) noexcept {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$';
}
bool is_ident_char(char c) noexcept { return is_ident_start(c) || (c >= '0' && c <= '9'); }
bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

// A decimal number without leading zeros, at most `max`.
bool parse_size(std::string_view digits, std::size_t max, std::size_t& out) noexcept {
    if (digits.empty() || digits.size() > 9 || (digits.size() > 1 && digits[0] == '0')) return false;
    std::size_t v = 0;
    for (char c : digits) {
        if (!is_digit(c)) return false;
        v = v * 10 + static_cast<std::size_t>(c - '0');
    }
    if (v > max) return false;
    out = v;
    return true;
}

class Parser {
public:
    explicit Parser(std::string_view text) noexcept : s_(text) {}

    bool at_end() noexcept {
        ws();
        return i_ == s_.size();
    }

    void ws() noexcept {
        while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r')) ++i_;
    }
    bool eat(char c) noexcept {
        ws();
        if (i_ < s_.size() && s_[i_] == c) {
            ++i_;
            return true;
        }
        return false;
    }
    bool peek(char c) noexcept {
        ws();
        return i_ < s_.size() && s_[i_] == c;
    }
    std::string_view ident() noexcept {
        ws();
        if (i_ >= s_.size() || !is_ident_start(s_[i_])) return {};
        const std::size_t start = i_;
        while (i_ < s_.size() && is_ident_char(s_[i_])) ++i_;
        return s_.substr(start, i_ - start);
    }
    // Looks at the next identifier without consuming it.
    std::string_view peek_ident() noexcept {
        const std::size_t saved = i_;
        std::string_view id = ident();
        i_ = saved;
        return id;
    }

    Expected<AbiType, AbiError> type(std::size_t depth) noexcept {
        if (depth > kMaxAbiDepth) return unexpected(AbiError::kTypeTooDeep);
        Expected<AbiType, AbiError> base = unexpected(AbiError::kBadTypeString);
        if (peek('(') || (peek_ident() == "tuple" && (ident(), peek('(')))) {
            auto params = param_list(depth + 1, false);
            if (!params) return unexpected(params.error());
            if (params->empty()) return unexpected(AbiError::kBadTypeString);
            std::vector<AbiType> comps;
            std::vector<std::string> names;
            bool any_name = false;
            for (auto& p : *params) {
                any_name = any_name || !p.name.empty();
                comps.push_back(std::move(p.type));
                names.push_back(std::move(p.name));
            }
            if (!any_name) names.clear();
            base = AbiType::tuple(std::move(comps), std::move(names));
        } else {
            base = elementary(ident());
            if (!base) return base;
        }
        AbiType t = std::move(*base);
        while (eat('[')) {
            ws();
            const std::size_t start = i_;
            while (i_ < s_.size() && is_digit(s_[i_])) ++i_;
            const std::string_view digits = s_.substr(start, i_ - start);
            if (!eat(']')) return unexpected(AbiError::kBadTypeString);
            if (digits.empty()) {
                t = AbiType::array(std::move(t));
            } else {
                std::size_t n = 0;
                if (!parse_size(digits, kMaxFixedArrayLength, n) || n == 0) return unexpected(AbiError::kBadTypeString);
                t = AbiType::fixed_array(std::move(t), n);
            }
            if (t.depth() + depth > kMaxAbiDepth + 1) return unexpected(AbiError::kTypeTooDeep);
        }
        return t;
    }

    Expected<AbiParam, AbiError> param(std::size_t depth, bool allow_indexed) noexcept {
        auto t = type(depth);
        if (!t) return unexpected(t.error());
        AbiParam p{std::string(), std::move(*t), false};
        for (;;) {
            const std::string_view id = ident();
            if (id.empty()) break;
            if (id == "indexed" && allow_indexed && !p.indexed && p.name.empty()) {
                p.indexed = true;
            } else if ((id == "memory" || id == "calldata" || id == "storage") && p.name.empty()) {
                continue;
            } else if (p.name.empty()) {
                p.name = std::string(id);
            } else {
                return unexpected(AbiError::kBadTypeString);
            }
        }
        return p;
    }

    // '(' [param (',' param)*] ')'
    Expected<std::vector<AbiParam>, AbiError> param_list(std::size_t depth, bool allow_indexed) noexcept {
        if (depth > kMaxAbiDepth) return unexpected(AbiError::kTypeTooDeep);
        if (!eat('(')) return unexpected(AbiError::kBadTypeString);
        std::vector<AbiParam> out;
        if (eat(')')) return out;
        for (;;) {
            auto p = param(depth, allow_indexed);
            if (!p) return unexpected(p.error());
            out.push_back(std::move(*p));
            if (eat(')')) return out;
            if (!eat(',')) return unexpected(AbiError::kBadTypeString);
        }
    }

private:
    static Expected<AbiType, AbiError> elementary(std::string_view id) noexcept {
        if (id == "address") return AbiType::address();
        if (id == "bool") return AbiType::boolean();
        if (id == "string") return AbiType::string();
        if (id == "bytes") return AbiType::bytes();
        if (id == "uint") return AbiType::uint(256);
        if (id == "int") return AbiType::int_(256);
        std::size_t n = 0;
        if (id.starts_with("uint") && parse_size(id.substr(4), 256, n) && n >= 8 && n % 8 == 0)
            return AbiType::uint(static_cast<unsigned>(n));
        if (id.starts_with("int") && parse_size(id.substr(3), 256, n) && n >= 8 && n % 8 == 0)
            return AbiType::int_(static_cast<unsigned>(n));
        if (id.starts_with("bytes") && parse_size(id.substr(5), 32, n) && n >= 1)
            return AbiType::fixed_bytes(static_cast<unsigned>(n));
        return unexpected(AbiError::kBadTypeString);
    }

    std::string_view s_;
    std::size_t i_{0};
};

}  // namespace

std::string_view to_string(AbiError e) noexcept {
    switch (e) {
        case AbiError::kBadTypeString: return "abi: malformed type or signature";
        case AbiError::kTypeTooDeep: return "abi: type nested too deeply";
        case AbiError::kValueMismatch: return "abi: value does not match its type";
        case AbiError::kUnsupportedPacked: return "abi: type not supported by encodePacked";
        case AbiError::kInputTooShort: return "abi: data too short";
        case AbiError::kBadOffset: return "abi: offset out of range or not canonical";
        case AbiError::kLengthTooLarge: return "abi: length larger than the data";
        case AbiError::kDirtyPadding: return "abi: non-zero padding";
        case AbiError::kBadBool: return "abi: bool not 0 or 1";
        case AbiError::kNotSignExtended: return "abi: signed integer not sign-extended";
        case AbiError::kTrailingBytes: return "abi: trailing bytes";
        case AbiError::kBudgetExceeded: return "abi: decoded value larger than the data allows";
        case AbiError::kWrongSelector: return "abi: calldata of another function";
        case AbiError::kWrongTopicCount: return "abi: wrong number of log topics";
        case AbiError::kWrongTopic0: return "abi: log of another event";
    }
    return "abi: unknown error";
}

AbiType AbiType::address() {
    AbiType t;
    t.kind_ = Kind::kAddress;
    t.finish();
    return t;
}
AbiType AbiType::boolean() {
    AbiType t;
    t.kind_ = Kind::kBool;
    t.finish();
    return t;
}
AbiType AbiType::uint(unsigned bits) {
    if (bits < 8 || bits > 256 || bits % 8 != 0) std::abort();
    AbiType t;
    t.kind_ = Kind::kUint;
    t.size_ = bits;
    t.finish();
    return t;
}
AbiType AbiType::int_(unsigned bits) {
    if (bits < 8 || bits > 256 || bits % 8 != 0) std::abort();
    AbiType t;
    t.kind_ = Kind::kInt;
    t.size_ = bits;
    t.finish();
    return t;
}
AbiType AbiType::fixed_bytes(unsigned size) {
    if (size < 1 || size > 32) std::abort();
    AbiType t;
    t.kind_ = Kind::kFixedBytes;
    t.size_ = size;
    t.finish();
    return t;
}
AbiType AbiType::bytes() {
    AbiType t;
    t.kind_ = Kind::kBytes;
    t.finish();
    return t;
}
AbiType AbiType::string() {
    AbiType t;
    t.kind_ = Kind::kString;
    t.finish();
    return t;
}
AbiType AbiType::tuple(std::vector<AbiType> components, std::vector<std::string> names) {
    if (components.empty() || (!names.empty() && names.size() != components.size())) std::abort();
    AbiType t;
    t.kind_ = Kind::kTuple;
    t.components_ = std::move(components);
    t.names_ = std::move(names);
    t.finish();
    return t;
}
AbiType AbiType::array(AbiType element) {
    AbiType t;
    t.kind_ = Kind::kArray;
    t.components_.push_back(std::move(element));
    t.finish();
    return t;
}
AbiType AbiType::fixed_array(AbiType element, std::size_t length) {
    if (length == 0) std::abort();
    AbiType t;
    t.kind_ = Kind::kFixedArray;
    t.length_ = length;
    t.components_.push_back(std::move(element));
    t.finish();
    return t;
}

void AbiType::finish() {
    depth_ = 1;
    for (const auto& c : components_) depth_ = std::max(depth_, c.depth_ + 1);
    switch (kind_) {
        case Kind::kBytes:
        case Kind::kString:
        case Kind::kArray:
            dynamic_ = true;
            head_size_ = 32;
            break;
        case Kind::kTuple: {
            dynamic_ = std::any_of(components_.begin(), components_.end(), [](const AbiType& c) { return c.dynamic_; });
            std::size_t sum = 0;
            for (const auto& c : components_) sum = saturating_add(sum, c.head_size_);
            head_size_ = dynamic_ ? 32 : sum;
            break;
        }
        case Kind::kFixedArray:
            dynamic_ = components_.front().dynamic_;
            head_size_ = dynamic_ ? 32 : saturating_mul(components_.front().head_size_, length_);
            break;
        default:
            dynamic_ = false;
            head_size_ = 32;
    }
}

std::string AbiType::canonical() const {
    switch (kind_) {
        case Kind::kAddress: return "address";
        case Kind::kBool: return "bool";
        case Kind::kUint: return "uint" + std::to_string(size_);
        case Kind::kInt: return "int" + std::to_string(size_);
        case Kind::kFixedBytes: return "bytes" + std::to_string(size_);
        case Kind::kBytes: return "bytes";
        case Kind::kString: return "string";
        case Kind::kTuple: {
            std::string s = "(";
            for (std::size_t i = 0; i < components_.size(); ++i) {
                if (i) s += ',';
                s += components_[i].canonical();
            }
            return s + ")";
        }
        case Kind::kArray: return element().canonical() + "[]";
        case Kind::kFixedArray: return element().canonical() + "[" + std::to_string(length_) + "]";
    }
    return {};
}

bool operator==(const AbiType& a, const AbiType& b) noexcept {
    // Names are labels, not part of the type.
    return a.kind_ == b.kind_ && a.size_ == b.size_ && a.length_ == b.length_ && a.components_ == b.components_;
}

std::string AbiSignature::canonical() const {
    std::string s = name + "(";
    for (std::size_t i = 0; i < params.size(); ++i) {
        if (i) s += ',';
        s += params[i].type.canonical();
    }
    return s + ")";
}

std::vector<AbiType> AbiSignature::types() const {
    std::vector<AbiType> out;
    out.reserve(params.size());
    for (const auto& p : params) out.push_back(p.type);
    return out;
}

Expected<AbiType, AbiError> parse_abi_type(std::string_view text) noexcept {
    if (text.size() > kMaxSignatureLength) return unexpected(AbiError::kBadTypeString);
    Parser p(text);
    auto t = p.type(1);
    if (!t) return t;
    if (!p.at_end()) return unexpected(AbiError::kBadTypeString);
    return t;
}

Expected<std::vector<AbiType>, AbiError> parse_abi_types(std::string_view text) noexcept {
    if (text.size() > kMaxSignatureLength) return unexpected(AbiError::kBadTypeString);
    std::string wrapped;
    Parser probe(text);
    if (!probe.peek('(')) {
        // Built piecewise: GCC 12 reports a false -Wrestrict on "(" + std::string(text) + ")".
        wrapped.reserve(text.size() + 2);
        wrapped += '(';
        wrapped.append(text);
        wrapped += ')';
        text = wrapped;
    }
    Parser p(text);
    auto params = p.param_list(1, false);
    if (!params) return unexpected(params.error());
    if (!p.at_end()) return unexpected(AbiError::kBadTypeString);
    std::vector<AbiType> out;
    for (auto& prm : *params) out.push_back(std::move(prm.type));
    return out;
}

Expected<AbiSignature, AbiError> parse_signature(std::string_view text) noexcept {
    if (text.size() > kMaxSignatureLength) return unexpected(AbiError::kBadTypeString);
    Parser p(text);
    std::string_view name = p.ident();
    if (name == "event" || name == "function") {
        const std::string_view next = p.ident();
        if (!next.empty()) name = next;  // else the function/event is itself named "event"/"function"
    }
    if (name.empty()) return unexpected(AbiError::kBadTypeString);
    auto params = p.param_list(1, true);
    if (!params) return unexpected(params.error());
    AbiSignature sig{std::string(name), std::move(*params), false};
    // Modifiers after the list: "anonymous" for events; visibility, mutability and "returns (...)" for
    // functions, which do not change the selector.
    for (;;) {
        const std::string_view id = p.ident();
        if (id.empty()) break;
        if (id == "anonymous") {
            sig.anonymous = true;
        } else if (id == "returns") {
            auto ret = p.param_list(1, false);
            if (!ret) return unexpected(ret.error());
        }
    }
    if (!p.at_end()) return unexpected(AbiError::kBadTypeString);
    return sig;
}

}  // namespace countersign::chain
