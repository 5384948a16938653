// SPDX-License-Identifier: Apache-2.0
#pragma once
// The reference gateway's request side: the canonical request JSON whose keccak256 is the TEE's
// request_hash, and the stand-in model that "answers" it.
//
// Canonical request JSON = what the OpenGradient TEE gateway hashes: Python
// json.dumps(request, sort_keys=True) with the default separators ", " and ": " and ensure_ascii=True, of
// {"model": str, "messages": [{"role": str, "content": str}, ...], "temperature": float,
//  "max_tokens": int (only when set)}. Exactly, for this gateway:
//   - keys sorted by code point: max_tokens, messages, model, temperature; message keys: content, role;
//   - strings escaped as Python does: \" \\ \n \r \t \b \f, other bytes below 0x20 and 0x7f as \u00xx,
//     every non-ASCII code point as \uxxxx (lowercase hex; UTF-16 surrogate pairs above U+FFFF);
//   - temperature as Python's repr(float): shortest round-trip digits in fixed notation with ".0" for whole
//     numbers ("0.0", "0.7", "1.0"); only 0 and values in [0.0001, 2] are accepted so repr never switches to
//     exponent notation;
//   - max_tokens as a decimal integer.
// Example: {"max_tokens": 64, "messages": [{"content": "hi", "role": "user"}], "model": "m", "temperature": 0.0}

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/expected.hpp"

namespace countersign::devnet {

// The stand-in model: a deterministic, obviously fake transform of the prompt, not a language model.
inline constexpr std::string_view kStandinModel = "countersign-standin-echo-v1";

struct ChatMessage {
    std::string role;
    std::string content;
};

struct ChatRequest {
    std::string model{kStandinModel};
    std::vector<ChatMessage> messages;
    double temperature{0.0};
    std::optional<std::uint32_t> max_tokens;
};

// Python json.dumps(s, ensure_ascii=True) of one string, quotes included; an error for invalid UTF-8.
Expected<std::string, std::string> python_json_string(std::string_view utf8);
// Python repr(float) for the accepted temperature range.
Expected<std::string, std::string> python_float_repr(double value);
Expected<std::string, std::string> canonical_request_json(const ChatRequest& request);

struct StandinOutput {
    std::string text;  // what output_hash = keccak256(text) covers
    std::uint32_t prompt_tokens{0};
    std::uint32_t completion_tokens{0};
};

// "[countersign-standin-echo-v1: not a real model] " + the words of the last user message in reverse order,
// at most max_tokens words. Tokens are whitespace-separated words (prompt: all messages).
StandinOutput run_standin_model(const ChatRequest& request);

}  // namespace countersign::devnet
