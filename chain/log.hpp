// SPDX-License-Identifier: Apache-2.0
#pragma once
// An event log as it appears in receipts: rlp([address, [topic...], data]). LOG0..LOG4 can emit at most four
// topics, so the decoder rejects more: a receipt carrying a fifth topic was not produced by the EVM.

#include <cstddef>
#include <vector>

#include "chain/rlp.hpp"
#include "crypto/bytes.hpp"

namespace countersign::chain {

inline constexpr std::size_t kMaxLogTopics = 4;

struct Log {
    Address address;
    std::vector<Hash32> topics;
    Bytes data;

    friend bool operator==(const Log&, const Log&) = default;
};

}  // namespace countersign::chain

namespace countersign::rlp {

std::size_t length_of(const chain::Log& log) noexcept;
void encode(Bytes& to, const chain::Log& log);
// Errors: kUnexpectedListElements also for more than kMaxLogTopics topics.
Status decode(ByteView& from, chain::Log& to, Leftover mode = Leftover::kAllow) noexcept;

std::size_t length_of(const std::vector<chain::Log>& logs) noexcept;
void encode(Bytes& to, const std::vector<chain::Log>& logs);
Status decode(ByteView& from, std::vector<chain::Log>& to, Leftover mode = Leftover::kAllow) noexcept;

}  // namespace countersign::rlp
