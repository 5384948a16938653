// SPDX-License-Identifier: Apache-2.0
#pragma once
// The conformance runner behind `countersign vectors PATH...`. Each vector format lives in its own file
// and is described by a Format: how to recognise one of its files, and how to run every case in it.
// A file no format claims is reported as skipped, never as passed.

#include <cstddef>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace countersign::conformance {

struct FileResult {
    std::size_t passed{0};
    std::size_t failed{0};
    std::size_t skipped{0};
    // One line per failed case ("case name: what differed"), and per skip reason worth showing.
    std::vector<std::string> failures;
    std::vector<std::string> notes;

    void pass() { ++passed; }
    void fail(std::string what) {
        ++failed;
        failures.push_back(std::move(what));
    }
    void skip(std::string why = {}) {
        ++skipped;
        if (!why.empty()) notes.push_back(std::move(why));
    }
};

struct Format {
    std::string_view name;
    // Claims a file from its path and its text (the whole file, already read). Must be cheap and must not
    // claim files of other formats.
    bool (*detect)(const std::filesystem::path& path, std::string_view text);
    // Runs every case of the file. Never throws on malformed files: a file it cannot parse is one failure.
    FileResult (*run)(const std::filesystem::path& path, std::string_view text);
};

// Every known format, in the order they are tried.
std::span<const Format> all_formats();

}  // namespace countersign::conformance
