// SPDX-License-Identifier: Apache-2.0
// countersign-devnet: the local two-chain devnet (anvil payment chain 8453, settlement chain 10740) and the
// reference gateway that makes paid, signed, settled calls on it and writes their receipts.
#include <iostream>

#include "apps/countersign-devnet/commands.hpp"

int main(int argc, char** argv) {
    CLI::App app{"countersign-devnet: a local two-chain devnet and a reference gateway that writes receipts"};
    app.require_subcommand(1);
    const auto up = countersign::devnet_cli::add_up_command(app);
    const auto gateway = countersign::devnet_cli::add_gateway_command(app);
    const auto demo_calls = countersign::devnet_cli::add_demo_calls_command(app);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e) == 0 ? 0 : 2;
    }
    if (app.got_subcommand("up")) return up();
    if (app.got_subcommand("gateway")) return gateway();
    if (app.got_subcommand("demo-calls")) return demo_calls();
    std::cerr << app.help();
    return 2;
}
