// SPDX-License-Identifier: Apache-2.0
#include "verify/header_store.hpp"

#include "verify/verified_access.hpp"

namespace countersign::verify {

using chain::BlockHeader;
using detail::VerifiedAccess;

Expected<Verified<BlockHeader>, Refusal> HeaderStore::accept_header(const Untrusted<ClaimedHeader>& claimed) {
    const BlockHeader& header = claimed.claim().header;
    const Hash32 hash = chain::header_hash(header);
    if (claimed.claim().hash && *claimed.claim().hash != hash)
        return unexpected(refuse(RefusalCode::kHeaderHashMismatch, "claimed hash differs from keccak(rlp(header))"));
    if (by_hash_.contains(hash)) return VerifiedAccess::make(header, hash, header.number);

    bool linked = false;
    if (hash == config_.checkpoint.hash) {
        // The checkpoint pins hash and number together: a header that hashes to it cannot carry another
        // number, but a config naming the wrong number must not be silently ignored.
        if (header.number != config_.checkpoint.number) return unexpected(field_mismatch("checkpoint.number"));
        linked = true;
    }
    if (!linked) {
        // Forwards: the parent is verified and this is its direct successor.
        const auto parent = by_hash_.find(header.parent_hash);
        if (parent != by_hash_.end() && header.number == parent->second.number + 1) linked = true;
    }
    if (!linked && header.number != UINT64_MAX) {
        // Backwards: a verified header at number + 1 names this one as its parent.
        const auto child = by_number_.find(header.number + 1);
        if (child != by_number_.end() && by_hash_.at(child->second).parent_hash == hash) linked = true;
    }
    if (!linked) return unexpected(refuse(RefusalCode::kNotLinked, "header #" + std::to_string(header.number)));

    const auto existing = by_number_.find(header.number);
    if (existing != by_number_.end() && existing->second != hash)
        return unexpected(
            refuse(RefusalCode::kConflictingHeader, "another header is verified at #" + std::to_string(header.number)));
    store(hash, header);
    return VerifiedAccess::make(header, hash, header.number);
}

void HeaderStore::store(const Hash32& hash, const BlockHeader& header) {
    by_hash_.emplace(hash, header);
    by_number_.emplace(header.number, hash);
}

std::optional<Verified<BlockHeader>> HeaderStore::by_hash(const Hash32& hash) const {
    const auto it = by_hash_.find(hash);
    if (it == by_hash_.end()) return std::nullopt;
    return VerifiedAccess::make(it->second, hash, it->second.number);
}

std::optional<Verified<BlockHeader>> HeaderStore::by_number(std::uint64_t number) const {
    const auto it = by_number_.find(number);
    if (it == by_number_.end()) return std::nullopt;
    return by_hash(it->second);
}

std::uint64_t HeaderStore::confirmations(std::uint64_t number) const noexcept {
    if (!by_number_.contains(number)) return 0;
    return highest() - number + 1;
}

bool HeaderStore::is_final(std::uint64_t number) const noexcept {
    if (!by_number_.contains(number)) return false;
    return number <= config_.checkpoint.number || confirmations(number) >= config_.required_confirmations;
}

Expected<Verified<BlockHeader>, Refusal> header_by_hash(const HeaderStore& store, const Hash32& hash) {
    auto h = store.by_hash(hash);
    if (!h) return unexpected(refuse(RefusalCode::kUnknownBlock, "no verified header with this hash"));
    return std::move(*h);
}

Expected<Verified<BlockHeader>, Refusal> header_by_number(const HeaderStore& store, std::uint64_t number) {
    auto h = store.by_number(number);
    if (!h) return unexpected(refuse(RefusalCode::kUnknownBlock, "no verified header #" + std::to_string(number)));
    return std::move(*h);
}

}  // namespace countersign::verify
