// SPDX-License-Identifier: Apache-2.0
#include "rpc/quorum.hpp"

#include <algorithm>
#include <utility>

namespace countersign::rpc {

struct QuorumProvider::Pending {
    bool done{false};
    CallResult result{unexpected(RpcError{})};
};

namespace {

// A JSON-RPC error is a statement by the node (e.g. "method not found"); anything else is no answer.
bool is_answer(const CallResult& r) {
    return r.has_value() || r.error().kind == RpcErrorKind::kRpcError || r.error().kind == RpcErrorKind::kNotRecorded;
}

RpcError no_answer(std::string_view provider, std::string_view method, std::string message) {
    RpcError e;
    e.kind = RpcErrorKind::kTimeout;
    e.message = std::move(message);
    e.provider = std::string{provider};
    e.method = std::string{method};
    return e;
}

std::string describe(const QuorumAnswer& a) {
    if (!a.answered) return a.provider + ": no answer (" + a.result.error().to_string() + ")";
    return a.provider + ": " + answer_key(a.result).dump();
}

}  // namespace

json answer_key(const CallResult& result) {
    if (result) return json{{"result", *result}};
    if (result.error().kind == RpcErrorKind::kNotRecorded) return json{{"error", "not recorded"}};
    return json{{"error", json{{"code", result.error().code}}}};
}

verify::Refusal QuorumFailure::refusal() const {
    std::string detail = method + " " + params.dump() + ": no " + std::to_string(k) + " of " +
                         std::to_string(answers.size()) + " providers agree";
    for (const auto& a : answers) detail += "; " + describe(a);
    return verify::Refusal{verify::RefusalCode::kProvidersDisagree, method, 0, std::move(detail)};
}

RpcError QuorumFailure::rpc_error() const {
    for (const auto& a : answers) {
        if (!a.answered) {
            RpcError e = a.result.error();
            e.message = "quorum " + std::to_string(k) + " not reached (" + e.provider + ": " + e.message + ")";
            return e;
        }
    }
    RpcError e;
    e.kind = RpcErrorKind::kInvalidResponse;
    e.method = method;
    e.message = "quorum " + std::to_string(k) + " not reached";
    return e;
}

std::string QuorumFailure::to_string() const {
    if (kind == Kind::kDisagree) return refusal().to_string();
    return rpc_error().to_string();
}

QuorumProvider::QuorumProvider(std::vector<Provider*> providers, QuorumPolicy policy)
    : providers_(std::move(providers)), policy_(policy), slots_(providers_.size()) {
    policy_.k = std::clamp<std::size_t>(policy_.k, 1, std::max<std::size_t>(providers_.size(), 1));
    name_ = "quorum(" + std::to_string(policy_.k) + "/" + std::to_string(providers_.size()) + ":";
    for (std::size_t i = 0; i < providers_.size(); ++i) name_ += (i ? "," : "") + providers_[i]->name();
    name_ += ")";
}

QuorumProvider::~QuorumProvider() {
    for (auto& slot : slots_)
        if (slot.thread.joinable()) slot.thread.join();
}

Expected<CallResult, QuorumFailure> QuorumProvider::ask(std::string_view method, const json& params) {
    const std::size_t n = providers_.size();
    std::vector<std::shared_ptr<Pending>> calls(n);
    {
        std::unique_lock lock{mutex_};
        for (std::size_t i = 0; i < n; ++i) {
            if (slots_[i].pending && !slots_[i].pending->done) continue;  // still busy with a late call
            if (slots_[i].thread.joinable()) {
                lock.unlock();
                slots_[i].thread.join();
                lock.lock();
            }
            auto pending = std::make_shared<Pending>();
            calls[i] = pending;
            slots_[i].pending = pending;
            slots_[i].thread = std::thread([this, pending, provider = providers_[i], m = std::string{method}, params] {
                CallResult r = provider->call(m, params);
                std::lock_guard guard{mutex_};
                pending->result = std::move(r);
                pending->done = true;
                done_.notify_all();
            });
        }
        const auto deadline = std::chrono::steady_clock::now() + policy_.timeout;
        done_.wait_until(lock, deadline, [&] {
            return std::all_of(calls.begin(), calls.end(), [](const auto& c) { return !c || c->done; });
        });
    }

    QuorumFailure failure{QuorumFailure::Kind::kDisagree, std::string{method}, params, policy_.k, {}};
    {
        std::lock_guard guard{mutex_};
        for (std::size_t i = 0; i < n; ++i) {
            const std::string& who = providers_[i]->name();
            if (!calls[i]) {
                failure.answers.push_back({who, false, unexpected(no_answer(who, method, "busy with a late call"))});
            } else if (!calls[i]->done) {
                failure.answers.push_back(
                    {who, false,
                     unexpected(no_answer(who, method,
                                          "no answer within " + std::to_string(policy_.timeout.count()) + " ms"))});
            } else {
                bool answered = is_answer(calls[i]->result);
                failure.answers.push_back({who, answered, calls[i]->result});
            }
        }
    }

    // Group the answers by their comparable form.
    std::vector<json> keys(n);
    std::vector<std::size_t> votes(n, 0);
    std::vector<json> distinct;
    for (std::size_t i = 0; i < n; ++i) {
        if (!failure.answers[i].answered) continue;
        keys[i] = answer_key(failure.answers[i].result);
        if (std::find(distinct.begin(), distinct.end(), keys[i]) == distinct.end()) distinct.push_back(keys[i]);
    }
    std::size_t best = n;
    std::size_t best_votes = 0;
    for (std::size_t i = 0; i < n; ++i) {
        if (!failure.answers[i].answered) continue;
        for (std::size_t j = 0; j < n; ++j)
            if (failure.answers[j].answered && keys[j] == keys[i]) ++votes[i];
        if (votes[i] > best_votes) {
            best_votes = votes[i];
            best = i;
        }
    }
    if (best < n && best_votes >= policy_.k) {
        for (std::size_t i = 0; i < n; ++i) {
            if (failure.answers[i].answered && keys[i] != keys[best])
                dissents_.push_back({failure.answers[i].provider, std::string{method}, params, keys[i], keys[best]});
        }
        return CallResult{failure.answers[best].result};
    }
    failure.kind = distinct.size() > 1 ? QuorumFailure::Kind::kDisagree : QuorumFailure::Kind::kTooFewAnswers;
    last_failure_ = failure;
    return unexpected(std::move(failure));
}

CallResult QuorumProvider::call(std::string_view method, const json& params) {
    auto r = ask(method, params);
    if (r) return std::move(*r);
    if (r.error().kind == QuorumFailure::Kind::kTooFewAnswers) return unexpected(r.error().rpc_error());
    RpcError e;
    e.kind = RpcErrorKind::kInvalidResponse;
    e.message = r.error().refusal().to_string();
    e.provider = name_;
    e.method = std::string{method};
    return unexpected(std::move(e));
}

BatchResult QuorumProvider::batch(std::span<const Call> calls) {
    std::vector<CallResult> out;
    out.reserve(calls.size());
    for (const auto& c : calls) {
        auto r = ask(c.method, c.params);
        if (!r) {
            if (r.error().kind == QuorumFailure::Kind::kTooFewAnswers) return unexpected(r.error().rpc_error());
            RpcError e;
            e.kind = RpcErrorKind::kInvalidResponse;
            e.message = r.error().refusal().to_string();
            e.provider = name_;
            e.method = batch_label(calls);
            return unexpected(std::move(e));
        }
        out.push_back(std::move(*r));
    }
    return out;
}

}  // namespace countersign::rpc
