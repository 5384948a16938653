// SPDX-License-Identifier: Apache-2.0
#pragma once
// Block headers of every fork. The RLP is a list of the 15 Frontier fields followed by the fields each fork
// appended; a header carries exactly the fields of its fork, so the decoder reads them in order while
// elements remain and accepts only the field counts a fork defines: 15, 16 (London), 17 (Shanghai),
// 20 (Cancun: its three fields come together) and 21 (Prague). The block hash is keccak256 of the RLP.

#include <cstdint>
#include <optional>
#include <string_view>

#include "chain/rlp.hpp"
#include "crypto/bytes.hpp"
#include "crypto/expected.hpp"
#include "crypto/uint256.hpp"

namespace countersign::chain {

using Nonce = FixedBytes<8>;

struct BlockHeader {
    Hash32 parent_hash;
    Hash32 ommers_hash;
    Address beneficiary;
    Hash32 state_root;
    Hash32 transactions_root;
    Hash32 receipts_root;
    Bloom logs_bloom;
    Uint256 difficulty;
    std::uint64_t number{0};
    std::uint64_t gas_limit{0};
    std::uint64_t gas_used{0};
    std::uint64_t timestamp{0};
    Bytes extra_data;
    Hash32 mix_hash;  // prev_randao since the merge (EIP-4399)
    Nonce nonce;
    std::optional<Uint256> base_fee_per_gas;       // EIP-1559 (London)
    std::optional<Hash32> withdrawals_root;        // EIP-4895 (Shanghai)
    std::optional<std::uint64_t> blob_gas_used;    // EIP-4844 (Cancun)
    std::optional<std::uint64_t> excess_blob_gas;  // EIP-4844 (Cancun)
    std::optional<Hash32> parent_beacon_block_root;  // EIP-4788 (Cancun)
    std::optional<Hash32> requests_hash;           // EIP-7685 (Prague)

    friend bool operator==(const BlockHeader&, const BlockHeader&) = default;
};

// keccak256(rlp([])) : the ommers hash of a block without ommers.
inline constexpr std::string_view kEmptyOmmersHashHex =
    "0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347";

enum class HeaderError {
    kMalformedRlp,        // RLP structure: lengths, kinds, sizes of fixed fields, integers over 64/256 bits
    kWrongFieldCount,     // a field count no fork defines (fewer than 15, 18, 19, more than 21)
};

std::string_view to_string(HeaderError e) noexcept;

// True when the optional fields form one fork's set: each present only if every earlier one is, and the
// three Cancun fields all or none. encode_header of a header failing this would not decode back.
bool has_consistent_fork_fields(const BlockHeader& h) noexcept;

// Decodes one header at the front of `from` and advances past it.
Expected<BlockHeader, HeaderError> decode_header(ByteView& from) noexcept;
// The whole input is one header.
Expected<BlockHeader, HeaderError> decode_raw_header(ByteView raw) noexcept;

Bytes encode_header(const BlockHeader& h);
void encode_header(Bytes& to, const BlockHeader& h);
std::size_t header_length(const BlockHeader& h) noexcept;

Hash32 header_hash(const BlockHeader& h) noexcept;

}  // namespace countersign::chain
