// SPDX-License-Identifier: Apache-2.0
#pragma once
// Parsing untrusted JSON with a nesting cap. The cap is checked by a linear, iterative pre-scan before any
// DOM is built, so "[[[[..." 100,000 deep is rejected in microseconds and never reaches a recursive
// destructor or serializer.

#include <cstddef>
#include <string_view>

#include <nlohmann/json.hpp>

#include "crypto/expected.hpp"

namespace countersign::rpc {

inline constexpr std::size_t kDefaultMaxJsonDepth = 128;

enum class JsonParseError {
    kTooDeep,  // nesting of arrays/objects exceeds the cap
    kInvalid,  // not a single JSON value (syntax error, trailing garbage, empty input)
};

// True when arrays/objects outside strings nest deeper than max_depth ("[]" has depth 1, "1" depth 0).
// Works on malformed text too: it only counts brackets outside string literals.
bool json_depth_exceeds(std::string_view text, std::size_t max_depth) noexcept;

Expected<nlohmann::json, JsonParseError> parse_json_bounded(std::string_view text,
                                                            std::size_t max_depth = kDefaultMaxJsonDepth) noexcept;

}  // namespace countersign::rpc
