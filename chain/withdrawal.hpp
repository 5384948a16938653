// SPDX-License-Identifier: Apache-2.0
#pragma once
// EIP-4895 beacon-chain withdrawals: rlp([index, validator_index, address, amount_in_gwei]), committed to by
// the header's withdrawals_root (the ordered trie of these encodings).

#include <cstdint>
#include <span>
#include <vector>

#include "chain/rlp.hpp"
#include "crypto/bytes.hpp"

namespace countersign::chain {

struct Withdrawal {
    std::uint64_t index{0};
    std::uint64_t validator_index{0};
    Address address;
    std::uint64_t amount_gwei{0};

    friend bool operator==(const Withdrawal&, const Withdrawal&) = default;
};

Bytes encode_withdrawal(const Withdrawal& w);
Hash32 withdrawals_root(std::span<const Withdrawal> withdrawals);

}  // namespace countersign::chain

namespace countersign::rlp {

std::size_t length_of(const chain::Withdrawal& w) noexcept;
void encode(Bytes& to, const chain::Withdrawal& w);
Status decode(ByteView& from, chain::Withdrawal& to, Leftover mode = Leftover::kAllow) noexcept;

}  // namespace countersign::rlp
