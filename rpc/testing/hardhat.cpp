// SPDX-License-Identifier: Apache-2.0
#include "rpc/testing/hardhat.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "rpc/http_provider.hpp"

#ifndef COUNTERSIGN_SOURCE_DIR
#error "COUNTERSIGN_SOURCE_DIR must be defined for the test support library"
#endif

namespace countersign::testing {
namespace {

// A port the kernel considers free right now. hardhat binds it a few seconds later; another process taking
// it in between makes start() fail with hardhat's EADDRINUSE message, not hang.
Expected<std::uint16_t, std::string> free_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return unexpected(std::string{"socket() failed"});
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    socklen_t len = sizeof addr;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
        ::close(fd);
        return unexpected(std::string{"cannot bind 127.0.0.1:0"});
    }
    ::close(fd);
    return ntohs(addr.sin_port);
}

}  // namespace

std::string Hardhat::node_path() {
    if (const char* env = std::getenv("COUNTERSIGN_NODE"); env != nullptr && *env != '\0') return env;
    const char* path = std::getenv("PATH");
    std::stringstream dirs{path != nullptr ? path : ""};
    for (std::string dir; std::getline(dirs, dir, ':');) {
        if (dir.empty()) continue;
        const std::string candidate = dir + "/node";
        if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    }
    return {};
}

std::string Hardhat::modules_path() {
    if (const char* env = std::getenv("COUNTERSIGN_HARDHAT_MODULES"); env != nullptr && *env != '\0') return env;
    return std::string(COUNTERSIGN_SOURCE_DIR) + "/devnet/node_modules";
}

std::string Hardhat::install_hint() {
    return "install Node.js 20 and the devnet npm packages: (cd " + std::string(COUNTERSIGN_SOURCE_DIR) +
           "/devnet && npm ci --no-audit --no-fund), or set COUNTERSIGN_NODE / COUNTERSIGN_HARDHAT_MODULES";
}

Hardhat::~Hardhat() {
    if (process_) process_->terminate();
    if (!project_dir_.empty()) {
        std::error_code ignored;
        std::filesystem::remove_all(project_dir_, ignored);
    }
}

Expected<std::unique_ptr<Hardhat>, std::string> Hardhat::start(const HardhatOptions& options) {
    namespace fs = std::filesystem;
    const std::string node = node_path();
    if (node.empty()) return unexpected("node not found on PATH; " + install_hint());
    const std::string modules = modules_path();
    const std::string cli = modules + "/hardhat/internal/cli/cli.js";
    if (::access(cli.c_str(), R_OK) != 0) return unexpected("hardhat not found at " + cli + "; " + install_hint());

    std::unique_ptr<Hardhat> hh(new Hardhat());
    hh->chain_id_ = options.chain_id;
    std::string tmpl = (fs::temp_directory_path() / "countersign-hardhat-XXXXXX").string();
    if (::mkdtemp(tmpl.data()) == nullptr) return unexpected("cannot create a temporary folder for hardhat");
    hh->project_dir_ = tmpl;
    std::error_code ec;
    fs::create_directory_symlink(modules, fs::path{tmpl} / "node_modules", ec);
    if (ec) return unexpected("cannot link node_modules: " + ec.message());
    const std::string config = tmpl + "/hardhat.config.js";  // found by hardhat in its working directory
    {
        std::ofstream out{config};
        out << "module.exports = { networks: { hardhat: { chainId: " << options.chain_id << ", hardfork: \""
            << options.hardfork << "\" } } };\n";
        if (!out) return unexpected("cannot write " + config);
    }

    auto port = free_port();
    if (!port) return unexpected(port.error());
    const auto started = std::chrono::steady_clock::now();
    const auto deadline = started + options.startup_timeout;
    // hardhat insists on being resolvable from the working directory (HH12 otherwise), and ChildProcess starts
    // in ours: a shell changes into the project folder and execs node (same process, same process group).
    const std::string script = "cd \"$1\" && exec \"$2\" \"$3\" node --hostname 127.0.0.1 --port \"$4\"";
    auto process = ChildProcess::spawn({"/bin/sh", "-c", script, "sh", tmpl, node, cli, std::to_string(*port)});
    if (!process) return unexpected("cannot start hardhat: " + process.error());
    hh->process_ = std::move(*process);
    hh->port_ = *port;
    hh->url_ = "http://127.0.0.1:" + std::to_string(*port);

    auto line = hh->process_->wait_for_line(
        [](std::string_view l) { return l.find("Started HTTP") != std::string_view::npos; }, options.startup_timeout);
    if (!line) return unexpected("hardhat did not start: " + line.error() + "\n" + hh->process_->output());

    rpc::HttpOptions quick;
    quick.connect_timeout = std::chrono::milliseconds(500);
    quick.read_timeout = std::chrono::milliseconds(2000);
    quick.total_timeout = std::chrono::milliseconds(3000);
    quick.max_retries = 0;
    auto provider = rpc::HttpProvider::create(hh->url_, quick);
    if (!provider) return unexpected("bad hardhat URL: " + provider.error().to_string());
    char expected_id[32];
    std::snprintf(expected_id, sizeof expected_id, "0x%llx", static_cast<unsigned long long>(options.chain_id));
    std::string last_error;
    while (std::chrono::steady_clock::now() < deadline) {
        if (!hh->process_->running()) return unexpected("hardhat exited during startup:\n" + hh->process_->output());
        auto id = (*provider)->call("eth_chainId", rpc::json::array());
        if (id && id->is_string() && id->get<std::string>() == expected_id) {
            hh->startup_time_ =
                std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
            return hh;
        }
        last_error = id ? "eth_chainId answered " + id->dump() : id.error().to_string();
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return unexpected("hardhat did not answer eth_chainId in time: " + last_error);
}

}  // namespace countersign::testing
