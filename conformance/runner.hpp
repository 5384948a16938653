// SPDX-License-Identifier: Apache-2.0
#pragma once
// Walks files and folders, gives each file to the first format that claims it, and totals the results.

#include <cstddef>
#include <filesystem>
#include <ostream>
#include <vector>

namespace countersign::conformance {

struct RunOptions {
    bool verbose{false};               // print every failure and note, not only the first few per file
    std::size_t max_file_bytes{64u << 20};  // larger files are reported as failures, not read
};

struct Totals {
    std::size_t passed{0};
    std::size_t failed{0};
    std::size_t skipped{0};
};

// Prints one line per file and, at the end, "N passed, M failed[, K skipped]".
Totals run_vectors(const std::vector<std::filesystem::path>& paths, const RunOptions& options, std::ostream& out);

}  // namespace countersign::conformance
