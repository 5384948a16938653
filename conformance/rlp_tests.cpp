// SPDX-License-Identifier: Apache-2.0
#include "conformance/rlp_tests.hpp"

#include <string>

#include <nlohmann/json.hpp>

#include "chain/rlp.hpp"
#include "crypto/hex.hpp"

namespace countersign::conformance {
namespace {

using nlohmann::json;

// Big-endian bytes of a decimal number of any size ("#…" bigints in rlptest.json go past 2^256), minimal
// (no leading zero bytes; zero is empty), which is RLP's integer form.
bool decimal_to_be(std::string_view digits, Bytes& out) {
    if (digits.empty()) return false;
    out.clear();
    for (char c : digits) {
        if (c < '0' || c > '9') return false;
        unsigned carry = static_cast<unsigned>(c - '0');
        for (auto it = out.rbegin(); it != out.rend(); ++it) {
            const unsigned v = *it * 10u + carry;
            *it = static_cast<std::uint8_t>(v & 0xff);
            carry = v >> 8;
        }
        if (carry != 0) out.insert(out.begin(), static_cast<std::uint8_t>(carry));
    }
    return true;
}

// The item a test's `in` describes: strings are their UTF-8 bytes, "#123" and JSON integers are numbers,
// arrays are lists.
bool to_item(const json& in, rlp::Item& item, std::string& why) {
    if (in.is_string()) {
        const auto& s = in.get_ref<const std::string&>();
        if (!s.empty() && s[0] == '#') {
            if (!decimal_to_be(std::string_view{s}.substr(1), item.string)) {
                why = "bad bigint " + s;
                return false;
            }
            return true;
        }
        item.string.assign(to_view(s));
        return true;
    }
    if (in.is_number_unsigned()) {
        std::uint64_t n = in.get<std::uint64_t>();
        Bytes be;
        for (; n != 0; n >>= 8) be.insert(be.begin(), static_cast<std::uint8_t>(n & 0xff));
        item.string = std::move(be);
        return true;
    }
    if (in.is_array()) {
        item.is_list = true;
        for (const json& child : in) {
            rlp::Item c;
            if (!to_item(child, c, why)) return false;
            item.list.push_back(std::move(c));
        }
        return true;
    }
    why = "unsupported `in` value " + in.dump();
    return false;
}

bool has_in_out(const json& v) { return v.is_object() && v.size() == 2 && v.contains("in") && v.contains("out"); }

bool detect(const std::filesystem::path& path, std::string_view text) {
    if (path.extension() != ".json") return false;
    if (text.find("\"in\"") == std::string_view::npos || text.find("\"out\"") == std::string_view::npos)
        return false;
    const json doc = json::parse(text, nullptr, false);
    if (doc.is_discarded() || !doc.is_object() || doc.empty()) return false;
    for (const auto& [name, value] : doc.items()) {
        if (!has_in_out(value) || !value["out"].is_string()) return false;
    }
    return true;
}

void run_case(const std::string& name, const json& value, FileResult& result) {
    const auto out_text = value["out"].get<std::string>();
    auto out = parse_hex(out_text, HexPrefix::kOptional);
    if (!out) {
        result.fail(name + ": `out` is not hex (" + std::string(to_string(out.error())) + ")");
        return;
    }
    const json& in = value["in"];
    if (in.is_string() && in.get_ref<const std::string&>() == "INVALID") {
        auto decoded = rlp::decode_item(*out);
        if (decoded) {
            result.fail(name + ": invalid RLP " + out_text + " was accepted");
        } else {
            result.pass();
        }
        return;
    }
    auto decoded = rlp::decode_item(*out);
    if (!decoded) {
        result.fail(name + ": decode failed: " + std::string(rlp::to_string(decoded.error())));
        return;
    }
    if (in.is_string() && in.get_ref<const std::string&>() == "VALID") {
        const Bytes again = rlp::encode_item(*decoded);
        if (again != *out) {
            result.fail(name + ": re-encoded as " + to_hex(again));
        } else {
            result.pass();
        }
        return;
    }
    rlp::Item expected;
    std::string why;
    if (!to_item(in, expected, why)) {
        result.fail(name + ": " + why);
        return;
    }
    const Bytes encoded = rlp::encode_item(expected);
    if (encoded != *out) {
        result.fail(name + ": encoded as " + to_hex(encoded) + ", expected " + to_hex(*out));
        return;
    }
    if (!(*decoded == expected)) {
        result.fail(name + ": decoded item differs from `in`");
        return;
    }
    result.pass();
}

FileResult run(const std::filesystem::path&, std::string_view text) {
    FileResult result;
    const json doc = json::parse(text, nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) {
        result.fail("file: not a JSON object");
        return result;
    }
    for (const auto& [name, value] : doc.items()) {
        if (!has_in_out(value) || !value["out"].is_string()) {
            result.fail(name + ": not an {in, out} case");
            continue;
        }
        run_case(name, value, result);
    }
    return result;
}

}  // namespace

const Format kRlpTests{"rlp-tests", detect, run};

}  // namespace countersign::conformance
