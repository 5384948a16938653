// SPDX-License-Identifier: Apache-2.0
#pragma once
// The verified headers of one chain. Trust starts at a checkpoint {number, hash} the user supplies; a header
// is accepted only when its recomputed hash is the checkpoint's, or it links by parent hash to a header
// already accepted: forwards (its parent is verified) or backwards (it is the parent of a verified one).
// Nothing else ever enters the store, so every header in it is on the checkpoint's chain, or is a rival
// child of a verified header, which is refused as kConflictingHeader (a fork seen above the checkpoint).

#include <cstdint>
#include <map>
#include <optional>

#include "chain/header.hpp"
#include "chain/transaction.hpp"
#include "crypto/bytes.hpp"
#include "crypto/expected.hpp"
#include "verify/refusal.hpp"
#include "verify/verified.hpp"

namespace countersign::verify {

struct Checkpoint {
    std::uint64_t number{0};
    Hash32 hash;
};

struct ChainConfig {
    std::uint64_t chain_id{0};
    Checkpoint checkpoint;
    // Blocks above the checkpoint count as final once this many verified headers follow them (the block
    // itself counts as one confirmation). Blocks at or below the checkpoint are final.
    std::uint64_t required_confirmations{1};
    // Whether a header's logsBloom is the OR of its receipts' blooms, as Ethereum's consensus checks. Set it
    // false for a chain that empties or stops checking blooms (EIP-7668 proposes that): a bloom then proves
    // nothing, and complete log queries need every block's receipts.
    bool blooms_prove_absence{true};
    // An OP-stack L2 (Base, OP Mainnet): blocks start with deposit transactions (type 0x7e) and their
    // receipts are deposit receipts, which Ethereum L1 decoding refuses. A deposit's sender is its `from`
    // field, asserted by L1 derivation rather than signed (VerifiedTransaction::sender_signed is false for it).
    // Callers set it from is_op_stack_chain_id by default; off, every OP-stack block is refused.
    bool op_stack{false};

    chain::DecodeOptions decode_options() const noexcept { return chain::DecodeOptions{op_stack}; }
};

// Chain ids of the OP-stack chains countersign knows: Base (8453), Base Sepolia (84532), OP Mainnet (10) and
// OP Sepolia (11155420). Any other OP-stack chain needs ChainConfig::op_stack set explicitly.
constexpr bool is_op_stack_chain_id(std::uint64_t chain_id) noexcept {
    return chain_id == 8453 || chain_id == 84532 || chain_id == 10 || chain_id == 11155420;
}

// What a provider sent for a header: the header fields (or raw RLP, decoded) and, optionally, the hash it
// claimed for them.
struct ClaimedHeader {
    chain::BlockHeader header;
    std::optional<Hash32> hash;
};

class HeaderStore {
public:
    explicit HeaderStore(ChainConfig config) : config_(config) {}

    const ChainConfig& config() const noexcept { return config_; }

    // Verifies and stores; accepting a header already stored succeeds again.
    Expected<Verified<chain::BlockHeader>, Refusal> accept_header(const Untrusted<ClaimedHeader>& claimed);

    std::optional<Verified<chain::BlockHeader>> by_hash(const Hash32& hash) const;
    std::optional<Verified<chain::BlockHeader>> by_number(std::uint64_t number) const;

    bool empty() const noexcept { return by_hash_.empty(); }
    // Lowest and highest verified numbers (only meaningful when not empty).
    std::uint64_t lowest() const noexcept { return by_number_.begin()->first; }
    std::uint64_t highest() const noexcept { return by_number_.rbegin()->first; }
    std::size_t size() const noexcept { return by_hash_.size(); }

    // Number of verified headers from `number` to the highest, inclusive (0 when not verified).
    std::uint64_t confirmations(std::uint64_t number) const noexcept;
    bool is_final(std::uint64_t number) const noexcept;

private:
    void store(const Hash32& hash, const chain::BlockHeader& header);

    ChainConfig config_;
    std::map<Hash32, chain::BlockHeader> by_hash_;
    std::map<std::uint64_t, Hash32> by_number_;
};

// The header behind a verified hash or number, as pure lookups returning refusals (kUnknownBlock).
Expected<Verified<chain::BlockHeader>, Refusal> header_by_hash(const HeaderStore& store, const Hash32& hash);
Expected<Verified<chain::BlockHeader>, Refusal> header_by_number(const HeaderStore& store, std::uint64_t number);

// The chain's confirmation policy for a verified object: kNotConfirmed while fewer than
// required_confirmations verified headers sit on its block (blocks at or below the checkpoint are final),
// kUnknownBlock if its block is no longer the verified one at that height.
template <class T>
Expected<void, Refusal> require_final(const HeaderStore& store, const Verified<T>& v) {
    const auto h = store.by_number(v.block_number());
    if (!h || h->block_hash() != v.block_hash()) return unexpected(refuse(RefusalCode::kUnknownBlock));
    if (!store.is_final(v.block_number()))
        return unexpected(
            refuse(RefusalCode::kNotConfirmed, std::to_string(store.confirmations(v.block_number())) + " of " +
                                                   std::to_string(store.config().required_confirmations)));
    return {};
}

}  // namespace countersign::verify
