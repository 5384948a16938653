// SPDX-License-Identifier: Apache-2.0
#pragma once
// A local anvil node for tests, from the npm package @foundry-rs/anvil-linux-amd64 pinned in devnet/. It
// binds 127.0.0.1 port 0 (the kernel picks a free port), the port is read from its "Listening on" line, and
// start() returns only once the node answers eth_chainId. The node dies with the Anvil object (or with the
// test process). A missing binary is an error that says how to install it, never a skipped test.

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "crypto/expected.hpp"
#include "rpc/testing/process.hpp"

namespace countersign::testing {

struct AnvilOptions {
    std::uint64_t chain_id{31337};
    std::vector<std::string> extra_args;
    std::chrono::milliseconds startup_timeout{30'000};
};

class Anvil {
public:
    // $COUNTERSIGN_ANVIL if set, else <source>/devnet/node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil.
    static std::string binary_path();
    // The command that installs it (for failure messages).
    static std::string install_hint();

    static Expected<std::unique_ptr<Anvil>, std::string> start(const AnvilOptions& options = {});

    const std::string& url() const noexcept { return url_; }
    std::uint16_t port() const noexcept { return port_; }
    std::uint64_t chain_id() const noexcept { return chain_id_; }
    // From spawn to the first good eth_chainId answer.
    std::chrono::milliseconds startup_time() const noexcept { return startup_time_; }
    ChildProcess& process() noexcept { return *process_; }

private:
    Anvil() = default;
    std::unique_ptr<ChildProcess> process_;
    std::string url_;
    std::uint16_t port_{0};
    std::uint64_t chain_id_{0};
    std::chrono::milliseconds startup_time_{0};
};

}  // namespace countersign::testing
