// SPDX-License-Identifier: Apache-2.0
#pragma once
// EIP-712 typed structured data hashing (https://eips.ethereum.org/EIPS/eip-712).
//
// A message is an AbiValue: a struct is a List of its members in declaration order, arrays are Lists,
// atomic members use the ABI value kinds (abi.hpp), bytes/string members are hashed. encodeType lists the
// primary type first and every struct it references (transitively) sorted by name after it.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chain/abi.hpp"

namespace countersign::chain {

enum class Eip712Error {
    kUnknownType,    // a member type that is neither atomic, bytes/string, nor a declared struct
    kBadTypeName,    // malformed struct or member type name (including T[0])
    kValueMismatch,  // the message value does not match its type
    kTooDeep,        // struct/array nesting beyond kMaxEip712Depth
};

std::string_view to_string(Eip712Error e) noexcept;

inline constexpr std::size_t kMaxEip712Depth = 32;

struct Eip712Member {
    std::string name;
    std::string type;  // "address", "uint256", "bytes", "Person", "Person[]", "uint8[3]"
};

using Eip712Types = std::map<std::string, std::vector<Eip712Member>, std::less<>>;

// The EIP712Domain fields that are present, in the canonical order name, version, chainId,
// verifyingContract, salt.
struct Eip712Domain {
    std::optional<std::string> name;
    std::optional<std::string> version;
    std::optional<Uint256> chain_id;
    std::optional<Address> verifying_contract;
    std::optional<Bytes32> salt;

    std::vector<Eip712Member> members() const;
    AbiValue value() const;
};

Expected<std::string, Eip712Error> encode_type(const Eip712Types& types, std::string_view primary_type);
Expected<Hash32, Eip712Error> type_hash(const Eip712Types& types, std::string_view primary_type);
// encodeData: typeHash ‖ enc(member)...
Expected<Bytes, Eip712Error> encode_data(const Eip712Types& types, std::string_view primary_type,
                                         const AbiValue& message);
Expected<Hash32, Eip712Error> hash_struct(const Eip712Types& types, std::string_view primary_type,
                                          const AbiValue& message);

Hash32 domain_separator(const Eip712Domain& domain);
// keccak256(0x19 0x01 ‖ domainSeparator ‖ hashStruct(message))
Hash32 typed_data_digest(const Hash32& domain_separator, const Hash32& struct_hash) noexcept;
Expected<Hash32, Eip712Error> typed_data_digest(const Eip712Domain& domain, const Eip712Types& types,
                                                std::string_view primary_type, const AbiValue& message);

}  // namespace countersign::chain
