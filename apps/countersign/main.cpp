// SPDX-License-Identifier: Apache-2.0
// countersign: verify paid AI inference calls without trusting the gateway or any single RPC node.
#include <iostream>
#include <vector>

#include "apps/countersign/commands.hpp"

int main(int argc, char** argv) {
    CLI::App app{"countersign: verify paid AI inference calls without trusting the gateway or any single node"};
    app.require_subcommand(1);
    app.set_version_flag("--version", "countersign 0.1.0");

    const countersign::cli::Action vectors = countersign::cli::add_vectors_command(app);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    }
    if (app.got_subcommand("vectors")) return vectors();
    std::cerr << app.help();
    return 2;
}
