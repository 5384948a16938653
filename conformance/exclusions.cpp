// SPDX-License-Identifier: Apache-2.0
#include "conformance/exclusions.hpp"

#include <fstream>
#include <iterator>
#include <map>
#include <mutex>
#include <system_error>

namespace countersign::conformance {
namespace fs = std::filesystem;
namespace {

std::string_view trim(std::string_view s) noexcept {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

struct LoadedList {
    fs::path vectors_dir;
    ExclusionList list;
};

// The nearest ancestor named "vectors" that holds exclusions.txt, and the path relative to it.
std::optional<std::pair<fs::path, std::string>> locate(const fs::path& path) {
    std::error_code ec;
    fs::path abs = fs::weakly_canonical(fs::absolute(path, ec), ec);
    if (ec) return std::nullopt;
    for (fs::path dir = abs.parent_path(); !dir.empty() && dir != dir.parent_path(); dir = dir.parent_path()) {
        if (dir.filename() == "vectors" && fs::is_regular_file(dir / "exclusions.txt", ec))
            return std::make_pair(dir, abs.lexically_relative(dir).generic_string());
    }
    return std::nullopt;
}

const ExclusionList& load(const fs::path& vectors_dir) {
    static std::mutex mutex;
    static std::map<fs::path, ExclusionList> cache;
    std::lock_guard lock{mutex};
    auto it = cache.find(vectors_dir);
    if (it != cache.end()) return it->second;
    std::ifstream in{vectors_dir / "exclusions.txt", std::ios::binary};
    const std::string text{std::istreambuf_iterator<char>{in}, std::istreambuf_iterator<char>{}};
    return cache.emplace(vectors_dir, parse_exclusions(text)).first->second;
}

}  // namespace

bool glob_match(std::string_view p, std::string_view t, bool slash_is_separator) noexcept {
    // Iterative matcher with one backtrack point per star kind; '**' (or '*' without separators) may span '/'.
    std::size_t pi = 0, ti = 0;
    std::size_t star_p = std::string_view::npos, star_t = 0;
    bool star_spans = false;
    while (ti < t.size()) {
        if (pi < p.size() && p[pi] == '*') {
            star_spans = !slash_is_separator || (pi + 1 < p.size() && p[pi + 1] == '*');
            pi += (pi + 1 < p.size() && p[pi + 1] == '*') ? 2 : 1;
            star_p = pi;
            star_t = ti;
            continue;
        }
        if (pi < p.size() && (p[pi] == t[ti] || (p[pi] == '?' && !(slash_is_separator && t[ti] == '/')))) {
            ++pi;
            ++ti;
            continue;
        }
        if (star_p != std::string_view::npos && (star_spans || t[star_t] != '/')) {
            ++star_t;
            ti = star_t;
            pi = star_p;
            continue;
        }
        return false;
    }
    while (pi < p.size() && p[pi] == '*') ++pi;
    return pi == p.size();
}

ExclusionList parse_exclusions(std::string_view text) {
    ExclusionList out;
    std::size_t line_no = 0;
    while (!text.empty()) {
        const std::size_t nl = text.find('\n');
        std::string_view line = text.substr(0, nl);
        text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
        ++line_no;
        if (const auto hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
        line = trim(line);
        if (line.empty()) continue;
        const std::size_t ws = line.find_first_of(" \t");
        const std::string_view pattern = line.substr(0, ws);
        const std::string_view reason = ws == std::string_view::npos ? std::string_view{} : trim(line.substr(ws));
        if (reason.substr(0, kRequiredReasonPrefix.size()) != kRequiredReasonPrefix) {
            out.errors.push_back("line " + std::to_string(line_no) + ": the reason must start with \"" +
                                 std::string{kRequiredReasonPrefix} + "\"");
            continue;
        }
        Exclusion e;
        const std::size_t at = pattern.find('@');
        e.path_glob = std::string{pattern.substr(0, at)};
        if (at != std::string_view::npos) e.case_glob = std::string{pattern.substr(at + 1)};
        e.reason = std::string{reason};
        out.entries.push_back(std::move(e));
    }
    return out;
}

std::optional<std::string_view> exclusion_reason(const fs::path& path, std::string_view case_name) {
    const auto where = locate(path);
    if (!where) return std::nullopt;
    const ExclusionList& list = load(where->first);
    for (const Exclusion& e : list.entries) {
        if (!glob_match(e.path_glob, where->second, true)) continue;
        if (!e.case_glob.empty() && !glob_match(e.case_glob, case_name, false)) continue;
        return std::string_view{e.reason};
    }
    return std::nullopt;
}

}  // namespace countersign::conformance
