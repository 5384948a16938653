// SPDX-License-Identifier: Apache-2.0
#include "rpc/testing/anvil.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <thread>

#include "rpc/http_provider.hpp"

#ifndef COUNTERSIGN_SOURCE_DIR
#error "COUNTERSIGN_SOURCE_DIR must be defined for the test support library"
#endif

namespace countersign::testing {
namespace {

constexpr std::string_view kListening = "Listening on ";

}  // namespace

std::string Anvil::binary_path() {
    if (const char* env = std::getenv("COUNTERSIGN_ANVIL"); env != nullptr && *env != '\0') return env;
    return std::string(COUNTERSIGN_SOURCE_DIR) + "/devnet/node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil";
}

std::string Anvil::install_hint() {
    return "install the devnet npm packages: (cd " + std::string(COUNTERSIGN_SOURCE_DIR) +
           "/devnet && npm ci --no-audit --no-fund), or set COUNTERSIGN_ANVIL to an anvil binary";
}

Expected<std::unique_ptr<Anvil>, std::string> Anvil::start(const AnvilOptions& options) {
    const std::string binary = binary_path();
    if (access(binary.c_str(), X_OK) != 0)
        return unexpected("anvil not found at " + binary + "; " + install_hint());

    const auto started = std::chrono::steady_clock::now();
    const auto deadline = started + options.startup_timeout;
    std::vector<std::string> argv = {binary, "--host", "127.0.0.1", "--port", "0", "--chain-id",
                                     std::to_string(options.chain_id)};
    argv.insert(argv.end(), options.extra_args.begin(), options.extra_args.end());
    auto process = ChildProcess::spawn(argv);
    if (!process) return unexpected("cannot start anvil: " + process.error());

    std::unique_ptr<Anvil> anvil(new Anvil());
    anvil->process_ = std::move(*process);
    anvil->chain_id_ = options.chain_id;

    auto line = anvil->process_->wait_for_line(
        [](std::string_view l) { return l.find(kListening) != std::string_view::npos; }, options.startup_timeout);
    if (!line) return unexpected("anvil did not report its port: " + line.error() + "\n" + anvil->process_->output());
    const std::string& text = *line;
    const std::size_t colon = text.rfind(':');
    unsigned port = 0;
    for (std::size_t i = colon + 1; colon != std::string::npos && i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i)
        port = port * 10 + static_cast<unsigned>(text[i] - '0');
    if (port == 0 || port > 65535) return unexpected("cannot read the port from anvil's line: " + text);
    anvil->port_ = static_cast<std::uint16_t>(port);
    anvil->url_ = "http://127.0.0.1:" + std::to_string(port);

    rpc::HttpOptions quick;
    quick.connect_timeout = std::chrono::milliseconds(500);
    quick.read_timeout = std::chrono::milliseconds(1000);
    quick.total_timeout = std::chrono::milliseconds(2000);
    quick.max_retries = 0;
    auto provider = rpc::HttpProvider::create(anvil->url_, quick);
    if (!provider) return unexpected("bad anvil URL: " + provider.error().to_string());
    char expected_id[32];
    std::snprintf(expected_id, sizeof expected_id, "0x%llx", static_cast<unsigned long long>(options.chain_id));
    std::string last_error;
    while (std::chrono::steady_clock::now() < deadline) {
        if (!anvil->process_->running()) return unexpected("anvil exited during startup:\n" + anvil->process_->output());
        auto id = (*provider)->call("eth_chainId", rpc::json::array());
        if (id && id->is_string() && id->get<std::string>() == expected_id) {
            anvil->startup_time_ = std::chrono::duration_cast<std::chrono::milliseconds>(
                std::chrono::steady_clock::now() - started);
            return anvil;
        }
        last_error = id ? "eth_chainId answered " + id->dump() : id.error().to_string();
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return unexpected("anvil did not answer eth_chainId in time: " + last_error);
}

}  // namespace countersign::testing
