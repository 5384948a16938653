// SPDX-License-Identifier: Apache-2.0
#pragma once
// One chain's light client for `countersign verify`, live or replayed from a proof bundle, built the same way
// in both cases so that a bundle reaches the same verdict: providers (HTTP nodes, or RecordedProviders holding
// a bundle's exchanges), a QuorumProvider over them when there are several, a Fetcher and a LightClient
// anchored to a checkpoint. Live sessions can record every exchange (a RecordingProvider around each
// provider) for a bundle.
//
// Opening links the checkpoint header first, so that a node without the checkpoint fails the session instead
// of making every later lookup look "not found".

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "crypto/expected.hpp"
#include "rpc/call_evidence.hpp"
#include "rpc/fetch.hpp"
#include "rpc/provider.hpp"
#include "rpc/quorum.hpp"
#include "rpc/recorded_provider.hpp"
#include "verify/header_store.hpp"

namespace countersign::rpc {

struct ChainSessionOptions {
    std::uint64_t chain_id{0};                     // the configured chain; 0: the providers' eth_chainId
    std::optional<verify::Checkpoint> checkpoint;  // the user's; nullopt: the node's head becomes the anchor
    // How far the given checkpoint is trusted: kProven for the user's own; a bundle's replay passes the level
    // the bundle was made with.
    verify::TrustLevel checkpoint_trust{verify::TrustLevel::kProven};
    std::size_t quorum_k{1};                       // k of the providers must agree (clamped to 1..n)
    std::chrono::milliseconds quorum_timeout{10'000};
    LightClientOptions light_client{};
    bool record{false};  // keep every exchange for a proof bundle
};

// The exchanges one provider answered, as .io text (rpc/recorded_provider.hpp).
struct RecordedExchanges {
    std::string provider;
    std::string io;
};

class ChainSession {
public:
    // Takes ownership of the providers (at least one). Checks eth_chainId, chooses the anchor and links it.
    static Expected<std::unique_ptr<ChainSession>, FetchError> open(std::vector<std::unique_ptr<Provider>> providers,
                                                                    const ChainSessionOptions& options);
    ~ChainSession();
    ChainSession(const ChainSession&) = delete;
    ChainSession& operator=(const ChainSession&) = delete;

    ChainSource source() noexcept { return ChainSource{client_.get(), fetcher_.get(), anchor_}; }
    const verify::Checkpoint& checkpoint() const noexcept { return checkpoint_; }
    verify::TrustLevel anchor() const noexcept { return anchor_; }
    bool user_checkpoint() const noexcept { return user_checkpoint_; }
    std::uint64_t chain_id() const noexcept { return chain_id_; }
    std::size_t quorum_k() const noexcept { return quorum_k_; }
    std::size_t provider_count() const noexcept { return providers_.size(); }
    std::uint64_t max_walk() const noexcept { return max_walk_; }
    // Provider names, in order.
    std::vector<std::string> provider_names() const;
    // Dissents the quorum saw (empty without a quorum).
    std::vector<Dissent> dissents() const;

    // Stops the session (waits for late quorum calls) and returns what each provider answered. Only for a
    // session opened with record = true; the session cannot be used afterwards.
    std::vector<RecordedExchanges> finish_recording();

private:
    ChainSession() = default;

    std::vector<std::unique_ptr<Provider>> providers_;
    std::vector<std::unique_ptr<RecordingProvider>> recorders_;
    std::unique_ptr<QuorumProvider> quorum_;
    std::unique_ptr<Fetcher> fetcher_;
    std::unique_ptr<LightClient> client_;
    verify::Checkpoint checkpoint_;
    verify::TrustLevel anchor_{verify::TrustLevel::kReported};
    bool user_checkpoint_{false};
    std::uint64_t chain_id_{0};
    std::size_t quorum_k_{1};
    std::uint64_t max_walk_{0};
};

}  // namespace countersign::rpc
