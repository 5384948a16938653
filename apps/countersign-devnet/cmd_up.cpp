// SPDX-License-Identifier: Apache-2.0
// countersign-devnet up: both chains until a signal. devnet.json appears (atomically) once everything is
// deployed, so a script can start this in the background and wait for the file (delete a stale one first:
// it is left in place after shutdown, naming nodes that are gone).
#include <atomic>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <thread>

#include "apps/countersign-devnet/commands.hpp"
#include "devnet/world.hpp"

namespace countersign::devnet_cli {
namespace {

std::atomic<int> g_signal{0};

extern "C" void on_signal(int sig) { g_signal.store(sig); }

void install_handlers() {
    // Handlers, not a blocked mask: the anvil children must not inherit blocked signals (exec keeps the mask).
    struct sigaction sa {};
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, nullptr);
    sigaction(SIGTERM, &sa, nullptr);
    sigaction(SIGHUP, &sa, nullptr);
}

struct UpOptions {
    std::string dir;
};

int run_up(const UpOptions& o) {
    install_handlers();
    const auto started_at = std::chrono::steady_clock::now();
    auto world = devnet::DevnetWorld::start();
    if (!world) {
        std::cerr << "countersign-devnet up: " << world.error() << "\n";
        return 1;
    }
    std::error_code ec;
    std::filesystem::create_directories(o.dir, ec);
    const std::filesystem::path path = std::filesystem::path(o.dir) / "devnet.json";
    const std::string text = devnet::to_json((*world)->description()).dump(2) + "\n";
    {
        std::ofstream out(path.string() + ".tmp", std::ios::trunc);
        out << text;
        if (!out.flush()) {
            std::cerr << "countersign-devnet up: cannot write " << path << "\n";
            return 1;
        }
    }
    std::filesystem::rename(path.string() + ".tmp", path, ec);
    if (ec) {
        std::cerr << "countersign-devnet up: cannot write " << path << ": " << ec.message() << "\n";
        return 1;
    }
    const auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started_at).count();
    std::cout << text << "countersign-devnet: ready in " << ms << " ms; wrote " << path.string()
              << "; stop with SIGINT or SIGTERM\n"
              << std::flush;
    while (g_signal.load() == 0) {
        if (!(*world)->running()) {
            std::cerr << "countersign-devnet up: a node exited; stopping\n";
            (*world)->stop();
            return 1;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    (*world)->stop();
    std::cout << "countersign-devnet: stopped both chains (signal " << g_signal.load() << ")\n";
    return 0;
}

}  // namespace

Action add_up_command(CLI::App& app) {
    auto options = std::make_shared<UpOptions>();
    CLI::App* cmd = app.add_subcommand(
        "up", "Start the payment chain (anvil, chain id 8453) and the settlement chain (10740) on free loopback "
              "ports, deploy the token, registry and relay, register the TEE key, fund the payer, write "
              "DIR/devnet.json, and run until SIGINT/SIGTERM (then stop both nodes)");
    cmd->add_option("--dir", options->dir, "Directory for devnet.json")->required();
    return [options] { return run_up(*options); };
}

}  // namespace countersign::devnet_cli
