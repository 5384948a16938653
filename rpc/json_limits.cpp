// SPDX-License-Identifier: Apache-2.0
#include "rpc/json_limits.hpp"

namespace countersign::rpc {

bool json_depth_exceeds(std::string_view text, std::size_t max_depth) noexcept {
    std::size_t depth = 0;
    bool in_string = false;
    bool escaped = false;
    for (char c : text) {
        if (in_string) {
            if (escaped) {
                escaped = false;
            } else if (c == '\\') {
                escaped = true;
            } else if (c == '"') {
                in_string = false;
            }
            continue;
        }
        switch (c) {
            case '"':
                in_string = true;
                break;
            case '[':
            case '{':
                if (++depth > max_depth) return true;
                break;
            case ']':
            case '}':
                if (depth > 0) --depth;  // unbalanced input is the parser's problem, not ours
                break;
            default:
                break;
        }
    }
    return false;
}

Expected<nlohmann::json, JsonParseError> parse_json_bounded(std::string_view text, std::size_t max_depth) noexcept {
    if (json_depth_exceeds(text, max_depth)) return unexpected(JsonParseError::kTooDeep);
    try {
        nlohmann::json value = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
        if (value.is_discarded()) return unexpected(JsonParseError::kInvalid);
        return value;
    } catch (...) {  // allocation failure: treat as unparseable rather than crash the caller
        return unexpected(JsonParseError::kInvalid);
    }
}

}  // namespace countersign::rpc
