// SPDX-License-Identifier: Apache-2.0
#pragma once
// Several providers for one chain under a k-of-n policy: every call goes to every provider at once, and an
// answer is used only when at least k of them gave exactly the same one (JSON equality of the result, so
// block hashes, raw header bytes and call results all have to match). A provider that answered otherwise is
// reported by name with its answer and the majority's kept as evidence. A provider that fails in transport,
// answers malformed JSON or is later than the timeout gave no answer; quorum is then sought among the rest.
// When the answers differ and no k agree, the failure carries every answer and becomes the refusal
// PROVIDERS_DISAGREE in the Fetcher.
//
// A late provider's call keeps running on its own thread; the provider is skipped (no answer) until it
// returns, because providers are not safe for concurrent use. The destructor waits for such calls.

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "crypto/expected.hpp"
#include "rpc/provider.hpp"
#include "verify/refusal.hpp"

namespace countersign::rpc {

struct QuorumPolicy {
    std::size_t k{1};
    // Per call; a provider slower than this counts as no answer.
    std::chrono::milliseconds timeout{10'000};
};

struct QuorumAnswer {
    std::string provider;
    // False when the provider is dead, late, busy with a late call, or answered something that is not a
    // JSON-RPC answer; `result` then holds why.
    bool answered{false};
    CallResult result;
};

// The comparable form of an answer: {"result": ...}, or {"error": {"code": c}} for a JSON-RPC error (the
// message text differs between node implementations; the code does not).
json answer_key(const CallResult& result);

// Evidence against a provider whose answer differs from the one k providers agreed on.
struct Dissent {
    std::string provider;
    std::string method;
    json params;
    json answer;    // answer_key of the dissenter
    json majority;  // answer_key of the agreed answer
};

struct QuorumFailure {
    enum class Kind {
        kDisagree,       // answers differ and no k of them agree
        kTooFewAnswers,  // the answers that came agree, but fewer than k providers answered
    };
    Kind kind{Kind::kDisagree};
    std::string method;
    json params;
    std::size_t k{0};
    std::vector<QuorumAnswer> answers;  // one per provider, in provider order

    // PROVIDERS_DISAGREE naming every provider with its answer.
    verify::Refusal refusal() const;
    // For kTooFewAnswers: the first failure among the providers (kind and message kept).
    RpcError rpc_error() const;
    std::string to_string() const;
};

class QuorumProvider final : public Provider {
public:
    // Non-owning; 1 <= policy.k <= providers.size() (k is clamped into that range).
    QuorumProvider(std::vector<Provider*> providers, QuorumPolicy policy);
    ~QuorumProvider() override;
    QuorumProvider(const QuorumProvider&) = delete;
    QuorumProvider& operator=(const QuorumProvider&) = delete;

    // "quorum(2/3:<name>,<name>,<name>)"
    const std::string& name() const noexcept override { return name_; }

    // The agreed answer (possibly a JSON-RPC error all k gave), or why there is none.
    Expected<CallResult, QuorumFailure> ask(std::string_view method, const json& params);

    // Provider interface: a failure becomes an RpcError (kInvalidResponse for a disagreement). Fetcher uses
    // ask() instead so that a disagreement is the refusal PROVIDERS_DISAGREE.
    CallResult call(std::string_view method, const json& params) override;
    // Call by call (each call is a quorum of its own).
    BatchResult batch(std::span<const Call> calls) override;

    const QuorumPolicy& policy() const noexcept { return policy_; }
    // Every dissent seen so far, oldest first.
    const std::vector<Dissent>& dissents() const noexcept { return dissents_; }
    // The last failed quorum (its answers are the evidence).
    const std::optional<QuorumFailure>& last_failure() const noexcept { return last_failure_; }

private:
    struct Pending;
    struct Slot {
        std::thread thread;
        std::shared_ptr<Pending> pending;
    };

    std::vector<Provider*> providers_;
    QuorumPolicy policy_;
    std::string name_;
    std::mutex mutex_;
    std::condition_variable done_;
    std::vector<Slot> slots_;
    std::vector<Dissent> dissents_;
    std::optional<QuorumFailure> last_failure_;
};

}  // namespace countersign::rpc
