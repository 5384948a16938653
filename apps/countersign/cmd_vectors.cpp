// SPDX-License-Identifier: Apache-2.0
// `countersign vectors PATH...`: run public conformance vectors through the library's own code.
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "apps/countersign/commands.hpp"
#include "conformance/runner.hpp"

namespace countersign::cli {

Action add_vectors_command(CLI::App& app) {
    struct Options {
        std::vector<std::string> paths;
        bool verbose{false};
    };
    auto opts = std::make_shared<Options>();
    CLI::App* cmd = app.add_subcommand(
        "vectors", "Run conformance vector files and folders; prints one line per file and 'N passed, M failed'");
    cmd->add_option("paths", opts->paths, "vector files or folders (searched recursively)")->required();
    cmd->add_flag("-v,--verbose", opts->verbose, "show every failure and skip reason");
    return [opts] {
        std::vector<std::filesystem::path> paths(opts->paths.begin(), opts->paths.end());
        conformance::RunOptions options;
        options.verbose = opts->verbose;
        const auto totals = conformance::run_vectors(paths, options, std::cout);
        return totals.failed > 0 ? 1 : 0;
    };
}

}  // namespace countersign::cli
