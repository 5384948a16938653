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
    const auto chain_commands = countersign::cli::add_chain_commands(app);
    const countersign::cli::Action verify = countersign::cli::add_verify_command(app);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        // --help and --version exit 0; every other parse error is a usage error (exit code 2, docs/cli.md).
        return app.exit(e) == 0 ? 0 : 2;
    }
    if (app.got_subcommand("vectors")) return vectors();
    if (app.got_subcommand("verify")) return verify();
    for (const auto& c : chain_commands)
        if (app.got_subcommand(c.name)) return c.action();
    std::cerr << app.help();
    return 2;
}
