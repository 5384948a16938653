// SPDX-License-Identifier: Apache-2.0
#include "verify/logs_verify.hpp"

#include <algorithm>

#include "chain/bloom.hpp"
#include "verify/verified_access.hpp"

namespace countersign::verify {

using detail::VerifiedAccess;

bool log_matches(const LogFilter& filter, const chain::Log& log) noexcept {
    if (!filter.addresses.empty() &&
        std::find(filter.addresses.begin(), filter.addresses.end(), log.address) == filter.addresses.end())
        return false;
    for (std::size_t i = 0; i < filter.topics.size(); ++i) {
        const auto& alternatives = filter.topics[i];
        if (alternatives.empty()) continue;
        if (i >= log.topics.size()) return false;
        if (std::find(alternatives.begin(), alternatives.end(), log.topics[i]) == alternatives.end()) return false;
    }
    return true;
}

bool bloom_may_match(const LogFilter& filter, const Bloom& bloom) noexcept {
    if (!filter.addresses.empty() && std::none_of(filter.addresses.begin(), filter.addresses.end(),
                                                  [&](const Address& a) { return chain::bloom_may_contain(bloom, a); }))
        return false;
    for (const auto& alternatives : filter.topics) {
        if (alternatives.empty()) continue;
        if (std::none_of(alternatives.begin(), alternatives.end(),
                         [&](const Hash32& t) { return chain::bloom_may_contain(bloom, t); }))
            return false;
    }
    return true;
}

Expected<std::vector<std::uint64_t>, Refusal> blocks_needing_receipts(const HeaderStore& store,
                                                                      const LogFilter& filter) {
    if (filter.to_block < filter.from_block || filter.to_block - filter.from_block >= kMaxLogRange)
        return unexpected(refuse(RefusalCode::kMalformed, "log range"));
    std::vector<std::uint64_t> out;
    for (std::uint64_t n = filter.from_block;; ++n) {
        auto header = header_by_number(store, n);
        if (!header) return unexpected(header.error());
        if (!store.config().blooms_prove_absence || bloom_may_match(filter, header->value().logs_bloom))
            out.push_back(n);
        if (n == filter.to_block) break;
    }
    return out;
}

Expected<Verified<std::vector<MatchedLog>>, Refusal> verify_logs(
    const HeaderStore& store, const LogFilter& filter, std::span<const Verified<VerifiedBlockReceipts>> receipts,
    const std::optional<Untrusted<std::vector<ClaimedLog>>>& claimed) {
    auto needed = blocks_needing_receipts(store, filter);
    if (!needed) return unexpected(needed.error());
    auto last = header_by_number(store, filter.to_block);
    if (!last) return unexpected(last.error());

    std::vector<MatchedLog> out;
    for (const std::uint64_t n : *needed) {
        const auto header = store.by_number(n);
        // Receipts pinned to this height but another hash (a fork) do not count.
        const auto it = std::find_if(receipts.begin(), receipts.end(), [&](const auto& r) {
            return r.block_number() == n && r.block_hash() == header->block_hash();
        });
        if (it == receipts.end())
            return unexpected(
                Refusal{RefusalCode::kLogsIncomplete, {}, n, "no verified receipts for a block whose bloom may match"});
        for (const auto& r : (*it)->receipts) {
            for (std::size_t k = 0; k < r.receipt.logs.size(); ++k) {
                if (!log_matches(filter, r.receipt.logs[k])) continue;
                out.push_back(MatchedLog{r.receipt.logs[k], it->block_hash(), n, r.transaction_hash,
                                         r.transaction_index, r.first_log_index + k});
            }
        }
    }

    if (claimed) {
        const auto& logs = claimed->claim();
        for (std::size_t i = 0; i < logs.size(); ++i) {
            const auto& c = logs[i];
            if (i >= out.size()) return unexpected(field_mismatch("logs", i));  // a log the blocks do not hold
            const MatchedLog& m = out[i];
            // A claimed log that is the verified log after this one means the node skipped one.
            if (c.log != m.log && i + 1 < out.size() && c.log == out[i + 1].log &&
                c.claims.log_index == out[i + 1].log_index && c.claims.block_hash == out[i + 1].block_hash)
                return unexpected(Refusal{RefusalCode::kLogsIncomplete, "logs", i, "a matching log was left out"});
            if (c.log.address != m.log.address) return unexpected(field_mismatch("logs.address", i));
            if (c.log.topics != m.log.topics) return unexpected(field_mismatch("logs.topics", i));
            if (c.log.data != m.log.data) return unexpected(field_mismatch("logs.data", i));
            if (c.claims.block_hash != m.block_hash) return unexpected(field_mismatch("logs.blockHash", i));
            if (c.claims.block_number != m.block_number) return unexpected(field_mismatch("logs.blockNumber", i));
            if (c.claims.transaction_hash != m.transaction_hash)
                return unexpected(field_mismatch("logs.transactionHash", i));
            if (c.claims.transaction_index != m.transaction_index)
                return unexpected(field_mismatch("logs.transactionIndex", i));
            if (c.claims.log_index != m.log_index) return unexpected(field_mismatch("logs.logIndex", i));
            if (c.claims.removed) return unexpected(field_mismatch("logs.removed", i));
        }
        if (logs.size() < out.size())
            return unexpected(Refusal{RefusalCode::kLogsIncomplete, "logs", logs.size(), "matching logs left out"});
    }
    return VerifiedAccess::make(std::move(out), last->block_hash(), last->block_number());
}

}  // namespace countersign::verify
