// SPDX-License-Identifier: Apache-2.0
#pragma once
// Proof bundles (docs/bundle.md): everything `countersign verify` used for a set of receipts, so that
// `countersign verify --bundle FILE` re-runs the same light-client code over the recorded JSON-RPC exchanges,
// with no node and no clock, and reaches the same verdicts.
//
// The file is one JSON document, byte for byte the canonical form
//   {"content":"<content JSON, compact, as a string>","digest":"0x<keccak256 of the content bytes>",
//    "format":"countersign.bundle/v1"}\n
// Loading re-serializes what it parsed and requires the same bytes, then requires the digest to match, so a
// byte changed anywhere (content, digest, format, whitespace, escapes) fails as BUNDLE_CORRUPT. The digest
// detects damage; it is not a signature: whoever writes a bundle chooses its anchors (see docs/bundle.md).

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "crypto/expected.hpp"
#include "rpc/call_evidence.hpp"
#include "rpc/call_evidence_session.hpp"
#include "verify/call_evidence.hpp"
#include "verify/header_store.hpp"

namespace countersign::rpc {

inline constexpr std::string_view kBundleFormat = "countersign.bundle/v1";
inline constexpr std::size_t kMaxBundleBytes = 256u << 20;

enum class ChainRole { kPayment, kSettlement };
std::string_view to_string(ChainRole role) noexcept;

struct BundleChain {
    ChainRole role{ChainRole::kPayment};
    std::uint64_t chain_id{0};
    verify::Checkpoint checkpoint;
    verify::TrustLevel anchor{verify::TrustLevel::kReported};  // as decided when the bundle was made
    std::size_t quorum_k{1};
    std::uint64_t max_walk{10'000};
    std::vector<RecordedExchanges> providers;  // one per provider, in the order they were asked
};

struct ProofBundle {
    std::vector<std::string> receipts;  // receipt texts exactly as read, in verification order
    verify::VerifierConfig config;
    EvidenceOptions options;
    std::vector<BundleChain> chains;
    // The verdict of each receipt when the bundle was made ("passed", "failed", ...): informational; a replay
    // recomputes them and says whether they still agree.
    std::vector<std::string> verdicts;
};

enum class BundleErrorKind {
    kTooLarge,    // BUNDLE_TOO_LARGE: over kMaxBundleBytes
    kUnreadable,  // BUNDLE_UNREADABLE: the file cannot be read
    kCorrupt,     // BUNDLE_CORRUPT: not the canonical document, digest mismatch, or content not a bundle
};

struct BundleError {
    BundleErrorKind kind{BundleErrorKind::kCorrupt};
    std::string message;

    std::string_view code() const noexcept;
    std::string to_string() const;
};

// The file text (canonical form above, ending in a newline).
std::string write_bundle(const ProofBundle& bundle);
Expected<ProofBundle, BundleError> read_bundle(std::string_view text) noexcept;
Expected<ProofBundle, BundleError> load_bundle(const std::filesystem::path& path) noexcept;
Expected<void, BundleError> save_bundle(const std::filesystem::path& path, const ProofBundle& bundle);

// The verifier config as JSON (also the bundle's "config" member) and back; strict.
nlohmann::json verifier_config_to_json(const verify::VerifierConfig& config);
Expected<verify::VerifierConfig, std::string> verifier_config_from_json(const nlohmann::json& j) noexcept;

// A session over a bundle chain's recorded exchanges, anchored as the bundle says.
Expected<std::unique_ptr<ChainSession>, FetchError> replay_session(const BundleChain& chain);
// The bundle chain of a live session opened with record = true (finishes its recording).
BundleChain bundle_chain(ChainRole role, ChainSession& session);

}  // namespace countersign::rpc
