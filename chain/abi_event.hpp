// SPDX-License-Identifier: Apache-2.0
#pragma once
// Event topics, function selectors, and decoding of logs and calldata against a signature.
//
// A log of a non-anonymous event has topic0 = keccak256(canonical signature) followed by one topic per
// indexed parameter. Indexed atomic values sit in their topic as an ABI word (checked as strictly as in
// data); indexed bytes, string, arrays and tuples are stored as the keccak256 of their encoding, so only
// that hash can be recovered (DecodedField::hashed, value = the 32-byte hash as bytes32).

#include <span>
#include <string_view>
#include <vector>

#include "chain/abi.hpp"

namespace countersign::chain {

using Selector = FixedBytes<4>;

Hash32 event_topic(std::string_view canonical_signature) noexcept;
Hash32 event_topic(const AbiSignature& event);
Selector function_selector(std::string_view canonical_signature) noexcept;
Selector function_selector(const AbiSignature& function);

struct DecodedField {
    std::string name;
    AbiValue value;
    bool indexed{false};
    bool hashed{false};  // indexed dynamic/compound value: `value` is the topic (its keccak256), as bytes32
};

struct DecodedEvent {
    std::vector<DecodedField> fields;  // in declaration order
    const AbiValue* find(std::string_view name) const noexcept;
};

// Checks topic0 (unless anonymous) and the topic count, decodes indexed topics and the data.
Expected<DecodedEvent, AbiError> decode_log(const AbiSignature& event, std::span<const Hash32> topics, ByteView data,
                                            AbiDecodeMode mode = AbiDecodeMode::kCanonical) noexcept;

// Calldata = selector ‖ abi.encode(args).
Expected<Bytes, AbiError> encode_call(const AbiSignature& function, std::span<const AbiValue> args);
Expected<AbiValues, AbiError> decode_call(const AbiSignature& function, ByteView calldata,
                                          AbiDecodeMode mode = AbiDecodeMode::kCanonical) noexcept;

// Topics and data of a log for `event` with `values` (all parameters, in order); for tests and fixtures.
struct EncodedLog {
    std::vector<Hash32> topics;
    Bytes data;
};
Expected<EncodedLog, AbiError> encode_log(const AbiSignature& event, std::span<const AbiValue> values);

}  // namespace countersign::chain
