// SPDX-License-Identifier: Apache-2.0
#pragma once
// A child process for tests (anvil, later the gateway and the daemon). It runs in its own process group and
// is killed with the group: on destruction (SIGTERM, then SIGKILL after a grace period) and, through
// PR_SET_PDEATHSIG, when the test process itself dies (crash, ctest timeout), so no test leaves a process
// behind. Its stdout and stderr are drained by a thread (a full pipe would block the child) into a bounded
// buffer that tests can wait on.

#include <sys/types.h>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "crypto/expected.hpp"

namespace countersign::testing {

class ChildProcess {
public:
    // argv[0] is the program path (not searched in PATH).
    static Expected<std::unique_ptr<ChildProcess>, std::string> spawn(const std::vector<std::string>& argv);
    ~ChildProcess();
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;

    pid_t pid() const noexcept { return pid_; }

    // Waits until a complete output line satisfies `match` (returns it), the child exits, or the timeout.
    Expected<std::string, std::string> wait_for_line(const std::function<bool(std::string_view)>& match,
                                                     std::chrono::milliseconds timeout);
    // The last output (at most kKeptOutput bytes), for failure messages.
    std::string output() const;

    // True while the child has not exited (reaps it when it has).
    bool running();
    // SIGTERM to the group, SIGKILL after `grace`, then reaps. Idempotent.
    void terminate(std::chrono::milliseconds grace = std::chrono::milliseconds(3000)) noexcept;

    static constexpr std::size_t kKeptOutput = 64u << 10;

private:
    ChildProcess(pid_t pid, int output_fd);
    void drain();

    pid_t pid_;
    int output_fd_;
    bool reaped_{false};
    mutable std::mutex mutex_;
    std::condition_variable changed_;
    std::string output_;            // guarded by mutex_; trimmed to kKeptOutput
    std::deque<std::string> lines_;  // complete lines not yet consumed by wait_for_line
    std::string partial_;
    bool eof_{false};
    std::thread reader_;
};

}  // namespace countersign::testing
