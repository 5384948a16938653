// SPDX-License-Identifier: Apache-2.0
#include "rpc/testing/process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace countersign::testing {

Expected<std::unique_ptr<ChildProcess>, std::string> ChildProcess::spawn(const std::vector<std::string>& argv) {
    if (argv.empty()) return unexpected(std::string("empty argv"));
    if (access(argv[0].c_str(), X_OK) != 0) return unexpected(argv[0] + ": " + std::strerror(errno));
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);

    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) return unexpected(std::string("pipe: ") + std::strerror(errno));
    const pid_t parent = getpid();
    const pid_t pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        return unexpected(std::string("fork: ") + std::strerror(errno));
    }
    if (pid == 0) {
        // Child: only async-signal-safe calls until exec.
        setpgid(0, 0);
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != parent) _exit(127);  // the parent died before prctl took effect
        dup2(fds[1], STDOUT_FILENO);
        dup2(fds[1], STDERR_FILENO);
        const int devnull = open("/dev/null", O_RDONLY);
        if (devnull >= 0) dup2(devnull, STDIN_FILENO);
        execv(args[0], args.data());
        _exit(127);
    }
    setpgid(pid, pid);  // also from the parent, so the group exists before we may signal it
    close(fds[1]);
    return std::unique_ptr<ChildProcess>(new ChildProcess(pid, fds[0]));
}

ChildProcess::ChildProcess(pid_t pid, int output_fd) : pid_(pid), output_fd_(output_fd) {
    reader_ = std::thread([this] { drain(); });
}

ChildProcess::~ChildProcess() {
    terminate();
    if (reader_.joinable()) reader_.join();
    close(output_fd_);
}

void ChildProcess::drain() {
    char buf[4096];
    for (;;) {
        const ssize_t n = read(output_fd_, buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        std::lock_guard lock(mutex_);
        if (n <= 0) {
            if (!partial_.empty()) lines_.push_back(std::move(partial_));
            partial_.clear();
            eof_ = true;
            changed_.notify_all();
            return;
        }
        const std::string_view chunk(buf, static_cast<std::size_t>(n));
        output_.append(chunk);
        if (output_.size() > kKeptOutput) output_.erase(0, output_.size() - kKeptOutput);
        for (char c : chunk) {
            if (c == '\n') {
                if (lines_.size() < 10'000) lines_.push_back(std::move(partial_));
                partial_.clear();
            } else if (partial_.size() < 16'384) {
                partial_.push_back(c);
            }
        }
        changed_.notify_all();
    }
}

Expected<std::string, std::string> ChildProcess::wait_for_line(const std::function<bool(std::string_view)>& match,
                                                               std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    std::unique_lock lock(mutex_);
    for (;;) {
        while (!lines_.empty()) {
            std::string line = std::move(lines_.front());
            lines_.pop_front();
            if (match(line)) return line;
        }
        if (eof_) return unexpected(std::string("the process closed its output (exited?) before the expected line"));
        if (changed_.wait_until(lock, deadline) == std::cv_status::timeout && lines_.empty() && !eof_)
            return unexpected("no expected output line within " + std::to_string(timeout.count()) + " ms");
    }
}

std::string ChildProcess::output() const {
    std::lock_guard lock(mutex_);
    return output_;
}

bool ChildProcess::running() {
    if (reaped_) return false;
    siginfo_t info{};
    // WNOWAIT keeps the zombie, so the group id stays ours while we kill what the child left in its group.
    if (waitid(P_PID, static_cast<id_t>(pid_), &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info.si_pid == 0)
        return true;
    kill(-pid_, SIGKILL);
    int status = 0;
    while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    reaped_ = true;
    return false;
}

void ChildProcess::terminate(std::chrono::milliseconds grace) noexcept {
    if (reaped_) return;
    kill(-pid_, SIGTERM);
    const auto deadline = std::chrono::steady_clock::now() + grace;
    while (std::chrono::steady_clock::now() < deadline) {
        if (!running()) return;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    kill(-pid_, SIGKILL);
    int status = 0;
    while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    reaped_ = true;
}

}  // namespace countersign::testing
