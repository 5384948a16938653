// SPDX-License-Identifier: Apache-2.0
#pragma once
// A local hardhat 2 node for tests: a second, independent EVM implementation (EDR, Rust) to cross-check
// what countersign verifies against anvil. From the npm package pinned in devnet/ (hardhat 2.29.1), run with
// node. hardhat 2's `node` task takes no port 0, so a free port is found by binding 127.0.0.1:0 first; the
// config (chain id, hardfork) is written to a temporary project folder whose node_modules links to devnet's.
// start() returns once the node answers eth_chainId (a few seconds: node loads hardhat); the node and the
// folder go with the Hardhat object. A missing node or hardhat is an error that says how to install them.

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "crypto/expected.hpp"
#include "rpc/testing/process.hpp"

namespace countersign::testing {

struct HardhatOptions {
    std::uint64_t chain_id{31337};
    std::string hardfork{"prague"};
    std::chrono::milliseconds startup_timeout{60'000};
};

class Hardhat {
public:
    // $COUNTERSIGN_NODE if set, else `node` found on PATH (empty when there is none).
    static std::string node_path();
    // The node_modules folder holding hardhat: $COUNTERSIGN_HARDHAT_MODULES, else <source>/devnet/node_modules.
    static std::string modules_path();
    static std::string install_hint();

    static Expected<std::unique_ptr<Hardhat>, std::string> start(const HardhatOptions& options = {});
    ~Hardhat();
    Hardhat(const Hardhat&) = delete;
    Hardhat& operator=(const Hardhat&) = delete;

    const std::string& url() const noexcept { return url_; }
    std::uint16_t port() const noexcept { return port_; }
    std::uint64_t chain_id() const noexcept { return chain_id_; }
    std::chrono::milliseconds startup_time() const noexcept { return startup_time_; }
    ChildProcess& process() noexcept { return *process_; }

private:
    Hardhat() = default;
    std::unique_ptr<ChildProcess> process_;
    std::string project_dir_;
    std::string url_;
    std::uint16_t port_{0};
    std::uint64_t chain_id_{0};
    std::chrono::milliseconds startup_time_{0};
};

}  // namespace countersign::testing
