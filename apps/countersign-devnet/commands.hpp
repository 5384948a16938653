// SPDX-License-Identifier: Apache-2.0
#pragma once
// The subcommands of countersign-devnet; each registers its options and returns the action to run.

#include <functional>

#include <CLI/CLI.hpp>

namespace countersign::devnet_cli {

using Action = std::function<int()>;

// up --dir DIR: start both chains, deploy, register, write DIR/devnet.json, run until SIGINT/SIGTERM.
Action add_up_command(CLI::App& app);
// gateway / demo-calls: paid calls through the reference gateway, receipts written to --out.
Action add_gateway_command(CLI::App& app);
Action add_demo_calls_command(CLI::App& app);

}  // namespace countersign::devnet_cli
