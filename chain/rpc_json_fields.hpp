// SPDX-License-Identifier: Apache-2.0
#pragma once
// Strict readers for the fields of JSON-RPC objects (blocks, receipts) and of test-fixture objects that
// spell the same values. A reader collects the first error and turns every later read into a no-op, so a
// parser reads its fields in a row and checks once. JSON-RPC QUANTITY must be "0x" + minimal hex; test
// fixtures write leading zeros ("0x01"), so they get the lenient form. DATA is always "0x" + even hex.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "crypto/bytes.hpp"
#include "crypto/uint256.hpp"

namespace countersign::chain {

// Which JSON an object came from.
enum class JsonDialect {
    kRpc,          // JSON-RPC responses: minimal QUANTITY, RPC field names
    kTestFixture,  // ethereum/tests and execution-spec-tests: leading zeros allowed, fixture field names
};

struct JsonError {
    std::string field;   // the offending field ("" for the object itself)
    std::string reason;

    std::string message() const { return field.empty() ? reason : field + ": " + reason; }
};

class JsonFieldReader {
public:
    JsonFieldReader(const nlohmann::json& object, JsonDialect dialect) noexcept;

    bool ok() const noexcept { return !error_.has_value(); }
    const std::optional<JsonError>& error() const noexcept { return error_; }
    void fail(std::string_view field, std::string_view reason);

    // True when the field is present and not null.
    bool has(std::string_view field) const noexcept;

    void read(std::string_view field, std::uint64_t& out);
    void read(std::string_view field, Uint256& out);
    void read(std::string_view field, Bytes& out);
    void read(std::string_view field, bool& out);
    template <std::size_t N>
    void read(std::string_view field, FixedBytes<N>& out) {
        Bytes b;
        read(field, b);
        if (!ok()) return;
        if (b.size() != N) return fail(field, "wrong length");
        out = FixedBytes<N>::from_view_unchecked(b);
    }
    // Absent or null leaves `out` empty; present must be well-formed.
    template <class T>
    void read_optional(std::string_view field, std::optional<T>& out) {
        if (!ok() || !has(field)) return;
        T v{};
        read(field, v);
        if (ok()) out = v;
    }

    // Array elements: `value` is read as if it were the field `label`.
    void read_value(const nlohmann::json& value, std::string_view label, Bytes& out);
    template <std::size_t N>
    void read_value(const nlohmann::json& value, std::string_view label, FixedBytes<N>& out) {
        Bytes b;
        read_value(value, label, b);
        if (!ok()) return;
        if (b.size() != N) return fail(label, "wrong length");
        out = FixedBytes<N>::from_view_unchecked(b);
    }

    // The raw member (nullptr when absent), for arrays and nested objects.
    const nlohmann::json* member(std::string_view field) const noexcept;
    JsonDialect dialect() const noexcept { return dialect_; }

private:
    const std::string* text(std::string_view field);
    const std::string* text(const nlohmann::json* value, std::string_view label);
    void read_value_text(const std::string* s, std::string_view field, Bytes& out);

    const nlohmann::json& object_;
    JsonDialect dialect_;
    std::optional<JsonError> error_;
};

}  // namespace countersign::chain
