// SPDX-License-Identifier: Apache-2.0
#include "conformance/runner.hpp"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <system_error>

#include "conformance/format.hpp"

namespace countersign::conformance {
namespace fs = std::filesystem;
namespace {

constexpr std::size_t kFailuresShown = 10;

// Files of a folder in a stable order, so two runs print the same lines.
std::vector<fs::path> collect_files(const fs::path& root, std::vector<std::string>& errors) {
    std::vector<fs::path> files;
    std::error_code ec;
    if (fs::is_regular_file(root, ec)) {
        files.push_back(root);
        return files;
    }
    if (!fs::is_directory(root, ec)) {
        errors.push_back(root.string() + ": no such file or folder");
        return files;
    }
    for (fs::recursive_directory_iterator it{root, fs::directory_options::skip_permission_denied, ec}, end;
         !ec && it != end; it.increment(ec)) {
        if (it->is_regular_file(ec)) files.push_back(it->path());
    }
    if (ec) errors.push_back(root.string() + ": " + ec.message());
    std::sort(files.begin(), files.end());
    return files;
}

bool read_file(const fs::path& path, std::size_t limit, std::string& text, std::string& error) {
    std::error_code ec;
    const auto size = fs::file_size(path, ec);
    if (ec) {
        error = ec.message();
        return false;
    }
    if (size > limit) {
        error = "file larger than " + std::to_string(limit) + " bytes";
        return false;
    }
    std::ifstream in{path, std::ios::binary};
    if (!in) {
        error = "cannot open";
        return false;
    }
    text.assign(std::istreambuf_iterator<char>{in}, std::istreambuf_iterator<char>{});
    return true;
}

const Format* find_format(const fs::path& path, std::string_view text) {
    for (const Format& f : all_formats())
        if (f.detect(path, text)) return &f;
    return nullptr;
}

void print_lines(std::ostream& out, const std::vector<std::string>& lines, const char* tag, bool verbose) {
    const std::size_t shown = verbose ? lines.size() : std::min(lines.size(), kFailuresShown);
    for (std::size_t i = 0; i < shown; ++i) out << "    " << tag << lines[i] << '\n';
    if (shown < lines.size()) out << "    … " << lines.size() - shown << " more (use --verbose)\n";
}

}  // namespace

Totals run_vectors(const std::vector<fs::path>& paths, const RunOptions& options, std::ostream& out) {
    Totals totals;
    for (const fs::path& root : paths) {
        std::vector<std::string> errors;
        const auto files = collect_files(root, errors);
        for (const auto& e : errors) {
            out << "FAIL " << e << '\n';
            ++totals.failed;
        }
        for (const fs::path& file : files) {
            std::string text, error;
            if (!read_file(file, options.max_file_bytes, text, error)) {
                out << "FAIL " << file.string() << ": " << error << '\n';
                ++totals.failed;
                continue;
            }
            const Format* format = find_format(file, text);
            if (format == nullptr) {
                out << "SKIP " << file.string() << ": unknown format\n";
                ++totals.skipped;
                continue;
            }
            const FileResult r = format->run(file, text);
            totals.passed += r.passed;
            totals.failed += r.failed;
            totals.skipped += r.skipped;
            const char* status = r.failed > 0 ? "FAIL" : (r.passed > 0 ? "PASS" : "SKIP");
            out << status << ' ' << file.string() << " [" << format->name << "] " << r.passed << " passed, "
                << r.failed << " failed";
            if (r.skipped > 0) out << ", " << r.skipped << " skipped";
            out << '\n';
            print_lines(out, r.failures, "✗ ", options.verbose);
            if (options.verbose) print_lines(out, r.notes, "· ", true);
        }
    }
    out << totals.passed << " passed, " << totals.failed << " failed";
    if (totals.skipped > 0) out << ", " << totals.skipped << " skipped";
    out << '\n';
    return totals;
}

}  // namespace countersign::conformance
