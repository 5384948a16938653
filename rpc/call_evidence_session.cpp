// SPDX-License-Identifier: Apache-2.0
#include "rpc/call_evidence_session.hpp"

#include <algorithm>
#include <utility>

#include "chain/header.hpp"

namespace countersign::rpc {

Expected<std::unique_ptr<ChainSession>, FetchError> ChainSession::open(
    std::vector<std::unique_ptr<Provider>> providers, const ChainSessionOptions& options) {
    if (providers.empty() || std::any_of(providers.begin(), providers.end(), [](const auto& p) { return !p; }))
        return unexpected(FetchError{FetchError::Kind::kMalformed, "no provider", {}, {}});
    std::unique_ptr<ChainSession> s{new ChainSession()};
    s->providers_ = std::move(providers);
    s->chain_id_ = options.chain_id;
    s->max_walk_ = options.light_client.max_walk;

    std::vector<Provider*> asked;
    for (auto& p : s->providers_) {
        if (options.record) {
            s->recorders_.push_back(std::make_unique<RecordingProvider>(*p));
            asked.push_back(s->recorders_.back().get());
        } else {
            asked.push_back(p.get());
        }
    }
    if (asked.size() >= 2) {
        s->quorum_k_ = std::clamp<std::size_t>(options.quorum_k, 1, asked.size());
        s->quorum_ = std::make_unique<QuorumProvider>(asked, QuorumPolicy{s->quorum_k_, options.quorum_timeout});
        s->fetcher_ = std::make_unique<Fetcher>(*s->quorum_);
    } else {
        s->quorum_k_ = 1;
        s->fetcher_ = std::make_unique<Fetcher>(asked);
    }

    if (options.checkpoint) {
        s->checkpoint_ = *options.checkpoint;
        s->user_checkpoint_ = options.checkpoint_trust == verify::TrustLevel::kProven;
        s->anchor_ = options.checkpoint_trust;
    } else {
        // No trust decision from the user: the node's (or the quorum's) head is the anchor, and everything
        // is only as good as the providers that agreed on it.
        auto head = s->fetcher_->block_number();
        if (!head) return unexpected(head.error());
        auto header = s->fetcher_->header_by_number(*head);
        if (!header) return unexpected(header.error());
        s->checkpoint_ = verify::Checkpoint{header->header.number, chain::header_hash(header->header)};
        s->anchor_ = anchor_trust(false, s->quorum_k_);
    }

    if (s->chain_id_ == 0) {
        // The user named no chain id: the providers' own (agreed by the quorum when there are several).
        auto id = s->fetcher_->chain_id();
        if (!id) return unexpected(id.error());
        s->chain_id_ = *id;
    }
    verify::ChainConfig config;
    config.chain_id = s->chain_id_;
    config.checkpoint = s->checkpoint_;
    config.required_confirmations = 1;  // the checks count confirmations to the verified head themselves
    // Base and OP Mainnet blocks start with deposit transactions (0x7e), which L1 decoding refuses. Set from the
    // chain id, which a bundle records too, so a replay decodes the same way.
    config.op_stack = verify::is_op_stack_chain_id(s->chain_id_);
    s->client_ = std::make_unique<LightClient>(config, *s->fetcher_, options.light_client);
    if (auto ok = s->client_->check_chain_id(); !ok) return unexpected(ok.error());
    if (auto linked = s->client_->header(s->checkpoint_.number); !linked) {
        FetchError e = linked.error();
        if (e.kind == FetchError::Kind::kNotFound)
            e = FetchError{FetchError::Kind::kRefused, "checkpoint", {},
                           verify::Refusal{verify::RefusalCode::kNotLinked, "checkpoint", 0,
                                           "the provider has no block " + std::to_string(s->checkpoint_.number) +
                                               " with the checkpoint hash"}};
        return unexpected(std::move(e));
    }
    return s;
}

ChainSession::~ChainSession() {
    // The quorum joins late calls, which still use the recorders and providers: it goes first.
    client_.reset();
    fetcher_.reset();
    quorum_.reset();
}

std::vector<std::string> ChainSession::provider_names() const {
    std::vector<std::string> names;
    for (const auto& p : providers_) names.push_back(p->name());
    return names;
}

std::vector<Dissent> ChainSession::dissents() const {
    if (!quorum_) return {};
    return quorum_->dissents();
}

std::vector<RecordedExchanges> ChainSession::finish_recording() {
    client_.reset();
    fetcher_.reset();
    quorum_.reset();
    std::vector<RecordedExchanges> out;
    for (std::size_t i = 0; i < recorders_.size(); ++i)
        out.push_back(RecordedExchanges{providers_[i]->name(), recorders_[i]->to_io()});
    return out;
}

}  // namespace countersign::rpc
