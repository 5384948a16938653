// SPDX-License-Identifier: Apache-2.0
#pragma once
// Solidity ABI encoding and strict decoding (https://docs.soliditylang.org/en/latest/abi-spec.html) for the
// types that settlement and payment contracts use: address, uintN/intN, bool, bytesN, bytes, string,
// tuples, T[] and T[k]. Not supported: fixed/ufixed and function types (no contract we read uses them).
//
// Decoding is strict because a verifier must never read a value the EVM would not have seen: every word is
// bounds-checked, padding must be zero (address upper 12 bytes, uintN upper bits, bytesN and bytes tails),
// bools are 0/1, intN is sign-extended, and claimed lengths are checked against the bytes that remain
// BEFORE anything is allocated. In the default canonical mode every offset must be exactly where the
// Solidity encoder puts it and no bytes may trail, so decode(data) succeeding implies encode(decode(data))
// == data; that also rules out offset aliasing, which could otherwise make a small input decode into a huge
// value tree. The lenient mode accepts any in-range offsets and trailing bytes (as Solidity's own decoder
// does for calldata) under a budget on decoded nodes and bytes.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

#include "crypto/bytes.hpp"
#include "crypto/expected.hpp"
#include "crypto/uint256.hpp"

namespace countersign::chain {

enum class AbiError {
    kBadTypeString,    // a type or signature string that does not parse
    kTypeTooDeep,      // type nesting beyond kMaxAbiDepth
    kValueMismatch,    // encode: value does not fit its type (kind, range, length, arity)
    kUnsupportedPacked,  // encodePacked of a tuple or nested array (Solidity rejects these too)
    kInputTooShort,    // a word, offset or length points past the end of the data
    kBadOffset,        // an offset out of range, or (canonical mode) not where the encoder puts it
    kLengthTooLarge,   // a byte length or element count larger than the data that remains
    kDirtyPadding,     // non-zero padding: address/uintN upper bits, bytesN/bytes tails
    kBadBool,          // a bool word other than 0 or 1
    kNotSignExtended,  // an intN word that is not the sign extension of an N-bit value
    kTrailingBytes,    // canonical mode: bytes after the encoding
    kBudgetExceeded,   // lenient mode: offsets alias so much that the decoded tree outgrows the input
    kWrongSelector,    // calldata of another function
    kWrongTopicCount,  // log topics do not match the event's indexed parameters
    kWrongTopic0,      // log of another event
};

std::string_view to_string(AbiError e) noexcept;

inline constexpr std::size_t kMaxAbiDepth = 32;

// A parsed ABI type. Built by the factories or parse_abi_type(); the dynamic flag and head size are cached.
class AbiType {
public:
    enum class Kind : std::uint8_t {
        kAddress, kBool, kUint, kInt, kFixedBytes, kBytes, kString, kTuple, kArray, kFixedArray,
    };

    static AbiType address();
    static AbiType boolean();
    static AbiType uint(unsigned bits = 256);   // bits: 8..256, multiple of 8 (aborts otherwise: code bug)
    static AbiType int_(unsigned bits = 256);
    static AbiType fixed_bytes(unsigned size);  // 1..32
    static AbiType bytes();
    static AbiType string();
    static AbiType tuple(std::vector<AbiType> components, std::vector<std::string> names = {});
    static AbiType array(AbiType element);
    static AbiType fixed_array(AbiType element, std::size_t length);  // length >= 1

    Kind kind() const noexcept { return kind_; }
    unsigned bits() const noexcept { return size_; }        // uintN/intN
    unsigned byte_size() const noexcept { return size_; }   // bytesN
    std::size_t length() const noexcept { return length_; }  // T[k]
    const std::vector<AbiType>& components() const noexcept { return components_; }  // tuple members
    const std::vector<std::string>& names() const noexcept { return names_; }       // may be empty
    const AbiType& element() const noexcept { return components_.front(); }          // arrays only
    bool is_dynamic() const noexcept { return dynamic_; }
    // Bytes the type occupies in its enclosing head: 32 for dynamic types, the full encoding otherwise.
    // Saturates (types with absurd fixed-array lengths can never fit any input).
    std::size_t head_size() const noexcept { return head_size_; }
    bool is_atomic() const noexcept { return kind_ <= Kind::kFixedBytes; }  // one word, no tail
    std::size_t depth() const noexcept { return depth_; }
    std::string canonical() const;  // "uint256", "(bytes32,address)[]"

    friend bool operator==(const AbiType& a, const AbiType& b) noexcept;

private:
    AbiType() = default;
    void finish();
    Kind kind_{Kind::kBool};
    unsigned size_{0};
    std::size_t length_{0};
    std::vector<AbiType> components_;
    std::vector<std::string> names_;
    bool dynamic_{false};
    std::size_t head_size_{32};
    std::size_t depth_{1};
};

// One named parameter of a function, event or tuple.
struct AbiParam {
    std::string name;
    AbiType type;
    bool indexed{false};
};

// A function or event: name and parameters, from a human-readable or canonical signature.
struct AbiSignature {
    std::string name;
    std::vector<AbiParam> params;
    bool anonymous{false};

    std::string canonical() const;        // "Transfer(address,address,uint256)"
    std::vector<AbiType> types() const;   // all parameter types in order
};

// "uint256", "bytes32[]", "(address token,uint256 amount)[2]", "tuple(address,uint256)".
Expected<AbiType, AbiError> parse_abi_type(std::string_view text) noexcept;
// "(bytes32,bytes32,bytes32,bytes,uint256)" or "bytes32,uint256": the component list.
Expected<std::vector<AbiType>, AbiError> parse_abi_types(std::string_view text) noexcept;
// "Transfer(address,address,uint256)", "event Transfer(address indexed from, address indexed to, uint256
// value)", "function transfer(address to, uint256 amount) returns (bool)" (the returns part is ignored).
Expected<AbiSignature, AbiError> parse_signature(std::string_view text) noexcept;

// A decoded or to-be-encoded value. uintN/intN are a Uint256 (intN in 256-bit two's complement), bytesN and
// bytes are Bytes, tuples and arrays are a List.
class AbiValue {
public:
    using List = std::vector<AbiValue>;

    AbiValue() = default;  // bool false
    static AbiValue boolean(bool b) { return AbiValue(b); }
    static AbiValue address(const Address& a) { return AbiValue(a); }
    static AbiValue uint(const Uint256& v) { return AbiValue(v); }
    static AbiValue int_(std::int64_t v);  // sign-extended to 256 bits
    static AbiValue int_word(const Uint256& twos_complement) { return AbiValue(twos_complement); }
    // An empty view may carry a null pointer; libstdc++ would memcpy from it (UB even for zero bytes).
    static AbiValue bytes(ByteView b) { return AbiValue(b.empty() ? Bytes() : Bytes(b)); }
    template <std::size_t N>
    static AbiValue fixed(const FixedBytes<N>& b) { return AbiValue(Bytes(b.view())); }
    static AbiValue string(std::string_view s) { return AbiValue(std::string(s)); }
    static AbiValue list(List items) { return AbiValue(std::move(items)); }

    template <class T>
    bool holds() const noexcept { return std::holds_alternative<T>(v_); }
    template <class T>
    const T* get_if() const noexcept { return std::get_if<T>(&v_); }
    // Aborts when the value is of another kind: only call after checking (decoded values match their type).
    template <class T>
    const T& get() const noexcept {
        const T* p = std::get_if<T>(&v_);
        if (!p) std::abort();
        return *p;
    }
    const List& list() const noexcept { return get<List>(); }
    // bytes32 (or any 32-byte Bytes) as a fixed value; aborts if it is not 32 bytes.
    Bytes32 bytes32() const noexcept;

    friend bool operator==(const AbiValue& a, const AbiValue& b) = default;

private:
    template <class T>
        requires(!std::is_same_v<std::decay_t<T>, AbiValue>)
    explicit AbiValue(T&& v) : v_(std::forward<T>(v)) {}
    std::variant<bool, Address, Uint256, Bytes, std::string, List> v_{false};
};

using AbiValues = std::vector<AbiValue>;

enum class AbiDecodeMode {
    kCanonical,  // offsets exactly as the encoder writes them, no trailing bytes: re-encoding reproduces data
    kLenient,    // any in-range offsets, trailing bytes ignored, bounded decoded size
};

// Encodes values as the tuple (types...), i.e. abi.encode(v0, v1, ...).
Expected<Bytes, AbiError> abi_encode(std::span<const AbiType> types, std::span<const AbiValue> values);
// abi.encodePacked: atomic types in their natural width, bytes/string raw, arrays of atomic types with
// each element padded to 32 bytes. Tuples and nested arrays are kUnsupportedPacked.
Expected<Bytes, AbiError> abi_encode_packed(std::span<const AbiType> types, std::span<const AbiValue> values);

Expected<AbiValues, AbiError> abi_decode(std::span<const AbiType> types, ByteView data,
                                         AbiDecodeMode mode = AbiDecodeMode::kCanonical) noexcept;
// One atomic (single-word) value from a 32-byte word with the same strictness (used for indexed topics).
Expected<AbiValue, AbiError> abi_decode_word(const AbiType& type, const Bytes32& word) noexcept;

}  // namespace countersign::chain
