// SPDX-License-Identifier: Apache-2.0
#pragma once
// Complete log queries. For every block of the range the verified header's logsBloom decides: a bloom that
// rules the filter out proves the block has no matching log (blooms give false positives, never false
// negatives); any other block needs all its receipts verified against receiptsRoot, and its matching logs
// are read from them. So the answer is complete, not just "every returned log is real"; a node's
// eth_getLogs answer is then compared with it, and a dropped or altered log is refused.

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "chain/log.hpp"
#include "chain/receipt_json.hpp"
#include "crypto/expected.hpp"
#include "verify/header_store.hpp"
#include "verify/receipt_verify.hpp"
#include "verify/refusal.hpp"
#include "verify/verified.hpp"

namespace countersign::verify {

struct LogFilter {
    std::uint64_t from_block{0};
    std::uint64_t to_block{0};
    std::vector<Address> addresses;           // empty: any address
    std::vector<std::vector<Hash32>> topics;  // per position, alternatives; an empty position matches anything
};

struct MatchedLog {
    chain::Log log;
    Hash32 block_hash;
    std::uint64_t block_number{0};
    Hash32 transaction_hash;
    std::uint64_t transaction_index{0};
    std::uint64_t log_index{0};

    friend bool operator==(const MatchedLog&, const MatchedLog&) = default;
};

// An eth_getLogs element: the log and the node's claims about where it sits.
struct ClaimedLog {
    chain::Log log;
    chain::LogClaims claims;
};

bool log_matches(const LogFilter& filter, const chain::Log& log) noexcept;
bool bloom_may_match(const LogFilter& filter, const Bloom& bloom) noexcept;

// Ranges longer than this are refused (kMalformed): the caller splits them.
inline constexpr std::uint64_t kMaxLogRange = 100'000;

// The numbers in the range whose verified bloom may match (these need verified receipts). kUnknownBlock
// when a header of the range is not verified.
Expected<std::vector<std::uint64_t>, Refusal> blocks_needing_receipts(const HeaderStore& store,
                                                                      const LogFilter& filter);

// Every matching log of the range, in block and log order, pinned to the range's last block. `receipts`
// holds verified receipts for (at least) the blocks blocks_needing_receipts names; a missing one is
// kLogsIncomplete. When `claimed` is given it must equal the result: a missing log is kLogsIncomplete, an
// altered or extra one kFieldMismatch{"logs.<field>", index}.
Expected<Verified<std::vector<MatchedLog>>, Refusal> verify_logs(
    const HeaderStore& store, const LogFilter& filter, std::span<const Verified<VerifiedBlockReceipts>> receipts,
    const std::optional<Untrusted<std::vector<ClaimedLog>>>& claimed = std::nullopt);

}  // namespace countersign::verify
