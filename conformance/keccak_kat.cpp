// SPDX-License-Identifier: Apache-2.0
// Which algorithm a KAT file is for comes from its name (the Keccak team's names say SHA3-256 or just _256),
// and the content must look like a KAT (`Len =`/`Repeat =` and `MD =` lines). A file that fits neither is
// left unclaimed rather than guessed: a SHA3 file run as Keccak would fail, but a Keccak file run as SHA3
// could never pass, and we would rather not claim what we cannot tell apart.
#include "conformance/keccak_kat.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "crypto/hex.hpp"
#include "crypto/keccak.hpp"
#include "crypto/sha3.hpp"

namespace countersign::conformance {
namespace {

enum class Algorithm { kKeccak256, kSha3_256 };

// Larger than any published case (ExtremelyLongMsgKAT is exactly 1 GiB); bounds the time a malformed
// `Repeat =` can cost.
constexpr std::uint64_t kMaxRepeatedBytes = std::uint64_t{1} << 30;
constexpr std::size_t kStreamChunk = 64 * 1024;

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

// Splits the text into lines without copying.
std::vector<std::string_view> lines_of(std::string_view text) {
    std::vector<std::string_view> lines;
    while (!text.empty()) {
        const auto nl = text.find('\n');
        lines.push_back(text.substr(0, nl));
        if (nl == std::string_view::npos) break;
        text.remove_prefix(nl + 1);
    }
    return lines;
}

bool looks_like_kat(std::string_view text) {
    return text.find("\nMD = ") != std::string_view::npos &&
           (text.find("\nLen = ") != std::string_view::npos || text.find("\nRepeat = ") != std::string_view::npos);
}

std::optional<Algorithm> algorithm_from_name(const std::filesystem::path& path) {
    const std::string name = path.filename().string();
    if (name == "ShortMsgKAT_SHA3-256.txt") return Algorithm::kSha3_256;
    if (name == "ShortMsgKAT_256.txt" || name == "LongMsgKAT_256.txt" || name == "ExtremelyLongMsgKAT_256.txt")
        return Algorithm::kKeccak256;
    return std::nullopt;
}

bool detect_keccak(const std::filesystem::path& path, std::string_view text) {
    // A "_256" name that nonetheless talks about SHA3/FIPS 202 in its header is ambiguous: leave it.
    const std::string_view head = text.substr(0, text.find("\nLen = ") == std::string_view::npos
                                                       ? text.find("\nRepeat = ")
                                                       : text.find("\nLen = "));
    return algorithm_from_name(path) == Algorithm::kKeccak256 && looks_like_kat(text) &&
           head.find("SHA3") == std::string_view::npos && head.find("FIPS") == std::string_view::npos;
}

bool detect_sha3(const std::filesystem::path& path, std::string_view text) {
    return algorithm_from_name(path) == Algorithm::kSha3_256 && looks_like_kat(text);
}

std::optional<std::uint64_t> parse_u64(std::string_view s) {
    std::uint64_t v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc{} || end != s.data() + s.size() || s.empty()) return std::nullopt;
    return v;
}

Hash32 digest(Algorithm algo, ByteView msg) {
    return algo == Algorithm::kKeccak256 ? keccak256(msg) : sha3_256(msg);
}

// Feeds `repeat` copies of `text` through the incremental hasher in 64 KiB chunks: 1 GiB without holding it.
Hash32 keccak256_repeated(std::string_view text, std::uint64_t repeat) {
    Bytes chunk;
    const std::size_t per_chunk = std::max<std::size_t>(1, kStreamChunk / text.size());
    for (std::size_t i = 0; i < per_chunk; ++i) chunk += to_view(text);
    Keccak256 h;
    for (; repeat >= per_chunk; repeat -= per_chunk) h.update(chunk);
    h.update(ByteView(chunk).substr(0, static_cast<std::size_t>(repeat) * text.size()));
    return h.finalize();
}

FileResult run_kat(Algorithm algo, std::string_view text) {
    FileResult result;
    // The fields of the case being read; plain flags rather than std::optional, which trips GCC 12's
    // -Wmaybe-uninitialized here.
    struct Pending {
        bool has_len{false}, has_msg{false}, has_repeat{false}, has_text{false};
        std::uint64_t len{0}, repeat{0};
        Bytes msg;
        std::string text;
    } c;
    std::size_t bit_length_skips = 0;
    std::size_t line_no = 0;
    auto malformed = [&](std::string what) {
        result.fail("line " + std::to_string(line_no) + ": " + std::move(what));
    };
    for (const std::string_view raw : lines_of(text)) {
        ++line_no;
        const std::string_view line = trim(raw);
        if (line.empty() || line.front() == '#') continue;
        const auto eq = line.find(" = ");
        if (eq == std::string_view::npos) {
            malformed("not a `Key = value` line");
            return result;
        }
        const std::string_view key = line.substr(0, eq);
        const std::string_view value = trim(line.substr(eq + 3));
        if (key == "Len") {
            const auto v = parse_u64(value);
            if (!v) {
                malformed("bad Len");
                return result;
            }
            c = Pending{};
            c.has_len = true, c.len = *v;
        } else if (key == "Msg") {
            auto bytes = parse_hex(value, HexPrefix::kNone);
            if (!bytes) {
                malformed("bad Msg hex");
                return result;
            }
            c.has_msg = true, c.msg = std::move(*bytes);
        } else if (key == "Repeat") {
            const auto v = parse_u64(value);
            if (!v) {
                malformed("bad Repeat");
                return result;
            }
            c = Pending{};
            c.has_repeat = true, c.repeat = *v;
        } else if (key == "Text") {
            c.has_text = true, c.text = std::string(value);
        } else if (key == "MD") {
            const auto md = parse_hex_fixed<32>(value, HexPrefix::kNone);
            const std::string name = "line " + std::to_string(line_no);
            if (!md) {
                malformed("MD is not 32 bytes of hex");
            } else if (c.has_len) {
                if (c.len % 8 != 0) {
                    result.skip();
                    ++bit_length_skips;
                } else if (!c.has_msg) {
                    malformed("MD without Msg");
                } else {
                    // Len = 0 is written as `Msg = 00`; otherwise Msg must be exactly Len bits.
                    const std::size_t n = static_cast<std::size_t>(c.len / 8);
                    if (c.msg.size() != std::max<std::size_t>(n, 1)) {
                        malformed("Msg length does not match Len");
                    } else if (digest(algo, ByteView(c.msg).substr(0, n)) == *md) {
                        result.pass();
                    } else {
                        result.fail(name + " (Len = " + std::to_string(c.len) + "): digest differs");
                    }
                }
            } else if (c.has_repeat && c.has_text) {
                const std::uint64_t total = c.text.empty() ? 0 : c.repeat * c.text.size();
                if (c.text.empty() || c.repeat > kMaxRepeatedBytes || total > kMaxRepeatedBytes) {
                    result.skip(name + ": repeated message over 1 GiB or empty Text, not run");
                } else if (algo != Algorithm::kKeccak256) {
                    result.skip(name + ": Repeat/Text case for SHA3-256 not supported");
                } else if (keccak256_repeated(c.text, c.repeat) == *md) {
                    result.pass();
                } else {
                    result.fail(name + " (Repeat = " + std::to_string(c.repeat) + "): digest differs");
                }
            } else {
                malformed("MD without Len/Msg or Repeat/Text");
            }
            c = Pending{};
        } else {
            malformed("unknown key `" + std::string(key) + "`");
            return result;
        }
    }
    if (bit_length_skips > 0)
        result.notes.push_back(std::to_string(bit_length_skips) + " messages whose Len is not a whole number of "
                               "bytes skipped (bit-oriented input is not part of the byte API)");
    if (result.passed + result.failed + result.skipped == 0) result.fail("no cases in file");
    return result;
}

FileResult run_keccak(const std::filesystem::path&, std::string_view text) {
    return run_kat(Algorithm::kKeccak256, text);
}
FileResult run_sha3(const std::filesystem::path&, std::string_view text) {
    return run_kat(Algorithm::kSha3_256, text);
}

// ---- Keccak-f[1600] input/output pairs ----

// A line of space-separated hex bytes ("E7 DD E1 …").
std::optional<Bytes> parse_byte_line(std::string_view line) {
    Bytes out;
    line = trim(line);
    while (!line.empty()) {
        const auto sp = line.find(' ');
        const auto b = parse_hex_fixed<1>(line.substr(0, sp), HexPrefix::kNone);
        if (!b) return std::nullopt;
        out.push_back(b->bytes[0]);
        if (sp == std::string_view::npos) break;
        line = trim(line.substr(sp + 1));
    }
    return out;
}

bool bytes_to_state(const Bytes& bytes, std::uint64_t state[25]) {
    if (bytes.size() != 200) return false;
    std::fill_n(state, 25, std::uint64_t{0});
    for (std::size_t i = 0; i < 200; ++i) state[i / 8] |= std::uint64_t{bytes[i]} << (8 * (i % 8));
    return true;
}

bool detect_permutation_values(const std::filesystem::path& path, std::string_view text) {
    const std::string name = path.filename().string();
    return (name == "KeccakF-1600-IntermediateValues.txt" || name == "KeccakSpongeIntermediateValues_SHA3-256.txt") &&
           text.find("Input of permutation:") != std::string_view::npos &&
           text.find("State after permutation:") != std::string_view::npos;
}

FileResult run_permutation_values(const std::filesystem::path& path, std::string_view text) {
    FileResult result;
    const bool sponge_sha3 = path.filename() == "KeccakSpongeIntermediateValues_SHA3-256.txt";
    const auto lines = lines_of(text);
    constexpr std::size_t kUnknown = static_cast<std::size_t>(-1);
    std::optional<Bytes> input, message;
    std::size_t message_bits = kUnknown;
    for (std::size_t i = 0; i + 1 < lines.size(); ++i) {
        const std::string_view line = trim(lines[i]);
        const std::string where = "line " + std::to_string(i + 2);
        if (line == "Input of permutation:") {
            input = parse_byte_line(lines[i + 1]);
            if (!input || input->size() != 200) result.fail(where + ": permutation input is not 200 bytes");
        } else if (line == "State after permutation:") {
            const auto output = parse_byte_line(lines[i + 1]);
            std::uint64_t fast[25], slow[25], want[25];
            if (!input || !output || !bytes_to_state(*input, fast) || !bytes_to_state(*output, want)) {
                result.fail(where + ": permutation output without a readable input");
            } else {
                std::copy_n(fast, 25, slow);
                detail::keccakf1600(fast);
                detail::keccakf1600_reference(slow);
                if (std::equal(fast, fast + 25, want) && std::equal(slow, slow + 25, want)) {
                    result.pass();
                } else {
                    result.fail(where + ": Keccak-f[1600] output differs");
                }
            }
            input.reset();
        } else if (sponge_sha3 && line == "Input message (last byte aligned on LSB):") {
            message = parse_byte_line(lines[i + 1]);
        } else if (sponge_sha3 && line == "Input message (in bits):") {
            const std::string_view bits = trim(lines[i + 1]);
            message_bits = static_cast<std::size_t>(std::count_if(bits.begin(), bits.end(),
                                                                  [](char c) { return c == '0' || c == '1'; }));
        } else if (sponge_sha3 && line == "Squeezed block (part):") {
            const auto squeezed = parse_byte_line(lines[i + 1]);
            if (!message || message_bits == kUnknown || !squeezed || squeezed->size() < 32) {
                result.fail(where + ": digest without a readable message");
            } else if (message_bits % 8 != 0) {
                result.skip(where + ": " + std::to_string(message_bits) + "-bit message is not whole bytes");
            } else if (message->size() != message_bits / 8) {
                result.fail(where + ": message bytes do not match its bit length");
            } else if (sha3_256(*message) == Hash32::from_view_unchecked(*squeezed)) {
                result.pass();
            } else {
                result.fail(where + ": SHA3-256 digest differs");
            }
            message.reset(), message_bits = kUnknown;
        }
    }
    if (result.passed + result.failed + result.skipped == 0) result.fail("no cases in file");
    return result;
}

}  // namespace

const Format kKeccakKat{"keccak-256-kat", detect_keccak, run_keccak};
const Format kSha3Kat{"sha3-256-kat", detect_sha3, run_sha3};
const Format kKeccakPermutationValues{"keccak-f1600-values", detect_permutation_values, run_permutation_values};

}  // namespace countersign::conformance
