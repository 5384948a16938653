// SPDX-License-Identifier: Apache-2.0
#pragma once
// The exclusion list: vector cases the project cannot check and reports as skipped, with the reason. The
// only reason accepted is that checking the case needs EVM execution (state, gas accounting, fee
// computation from the parent): every other case must be checked. A line of vectors/exclusions.txt is
//
//     path-glob[@case-glob]   needs EVM execution: why
//
// where path-glob is matched against the file's path relative to the `vectors` folder ('*' within one path
// component, '**' across components, '?' one character), case-glob against the case name ('*' any run of
// characters, '?' one), '#' starts a comment. A line whose reason does not start with "needs EVM
// execution" is an error, reported by load_exclusions.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace countersign::conformance {

struct Exclusion {
    std::string path_glob;
    std::string case_glob;  // empty: the whole file
    std::string reason;
};

struct ExclusionList {
    std::vector<Exclusion> entries;
    std::vector<std::string> errors;  // "line N: what is wrong"
};

inline constexpr std::string_view kRequiredReasonPrefix = "needs EVM execution";

ExclusionList parse_exclusions(std::string_view text);

bool glob_match(std::string_view pattern, std::string_view text, bool slash_is_separator) noexcept;

// The reason `case_name` of `path` is excluded, if it is. The list is vectors/exclusions.txt of the nearest
// ancestor folder named "vectors" (read once per folder); with no such file nothing is excluded.
std::optional<std::string_view> exclusion_reason(const std::filesystem::path& path, std::string_view case_name);

}  // namespace countersign::conformance
