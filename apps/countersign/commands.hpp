// SPDX-License-Identifier: Apache-2.0
#pragma once
// Each subcommand registers its options on the CLI11 app and returns the action to run when chosen.

#include <functional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace countersign::cli {

using Action = std::function<int()>;

Action add_vectors_command(CLI::App& app);
// `verify RECEIPT.json...` (cmd_verify.cpp).
Action add_verify_command(CLI::App& app);

// The light-client commands (block, tx, receipt, logs, storage), each with the action to run when chosen.
struct ChainCommand {
    std::string name;
    Action action;
};
std::vector<ChainCommand> add_chain_commands(CLI::App& app);

}  // namespace countersign::cli
