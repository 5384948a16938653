// SPDX-License-Identifier: Apache-2.0
#pragma once
// INTERNAL to chain/: shared by the call receipt readers (call_receipt_read_*.cpp), the writer
// (call_receipt_write.cpp) and the entry point (call_receipt_json.cpp). Not part of the public API; include
// chain/call_receipt_json.hpp instead.
//
// Field readers take the JSON path of the value they read so that every error names the offending field. They
// report the first error by throwing ParseFailure, which parse_call_receipt catches: a reader stays one line per
// field instead of a check after every call. So anything here that can fail() may only run inside
// parse_call_receipt's try block.

#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "chain/call_receipt_json.hpp"
#include "crypto/bytes.hpp"
#include "crypto/uint256.hpp"

namespace countersign::chain::call_receipt_json {

using json = nlohmann::json;

// The order of this table is the order of the document and of "missing".
inline constexpr std::array<std::string_view, 25> kFieldPaths{
    "request_id",
    "request",
    "output",
    "tee.tee_id",
    "tee.request_hash",
    "tee.output_hash",
    "tee.timestamp",
    "tee.signature",
    "tee.public_key",
    "payment",
    "payment.network",
    "payment.payment_hash",
    "payment.scheme",
    "payment.asset",
    "payment.pay_to",
    "payment.payer",
    "payment.amount",
    "payment.authorization",
    "settlement",
    "settlement.network",
    "settlement.mode",
    "settlement.contract",
    "settlement.tx_hash",
    "settlement.walrus_blob_id",
    "settlement.batch",
};

inline constexpr std::uint64_t kMaxJsonInteger = (std::uint64_t{1} << 53) - 1;

std::optional<std::size_t> field_index(std::string_view path) noexcept;

// Thrown by fail() and turned into parse_call_receipt's error value.
struct ParseFailure {
    ReceiptParseError error;
};

[[noreturn]] void fail(std::string field, std::string message);

std::string join(std::string_view base, std::string_view key);
std::string index_path(std::string_view base, std::size_t i);

bool valid_utf8(std::string_view s) noexcept;

const json* member(const json& obj, std::string_view key);
// Python None / JSON null in the foreign shapes means "not there".
const json* member_not_null(const json& obj, std::string_view key);

const std::string& get_string(const json& v, const std::string& path);
const json& get_object(const json& v, const std::string& path);

// Quantities: a canonical decimal string, or a JSON integer below 2^53.
Uint256 read_u256(const json& v, const std::string& path);
std::uint64_t read_u64(const json& v, const std::string& path);

// Hex with the exact byte count; v1 requires the "0x" prefix, the OpenGradient body writes hashes without it.
Bytes read_hex(const json& v, const std::string& path, bool prefix_required);

template <std::size_t N>
FixedBytes<N> read_fixed(const json& v, const std::string& path, bool prefix_required = true) {
    const Bytes b = read_hex(v, path, prefix_required);
    if (b.size() != N) fail(path, "expected " + std::to_string(N) + " bytes of hex, got " + std::to_string(b.size()));
    return FixedBytes<N>::from_view_unchecked(b);
}

// Mixed case must carry a valid EIP-55 checksum.
Address read_address(const json& v, const std::string& path, bool prefix_required = true);
Bytes read_base64(const json& v, const std::string& path, std::size_t max_bytes);
// CAIP-2 "eip155:<chain id>".
std::uint64_t read_network(const json& v, const std::string& path);
std::string read_request_id(const json& v, const std::string& path);
std::string read_text(const json& v, const std::string& path);

// Unknown keys are refused so that a misspelt field is an error rather than a silently absent one.
void check_keys(const json& obj, const std::string& path, std::initializer_list<std::string_view> allowed);

}  // namespace countersign::chain::call_receipt_json
