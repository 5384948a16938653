// SPDX-License-Identifier: Apache-2.0
// Keccak-256: known digests, the fast sponge and permutation against the textbook reference, every way of
// splitting the input, and the Keccak team's Keccak-f[1600] intermediate values.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "crypto/hex.hpp"
#include "crypto/keccak.hpp"
#include "crypto/sha3.hpp"

namespace countersign {
namespace {

using detail::KeccakImpl;

constexpr KeccakImpl kAllImpls[] = {KeccakImpl::kGeneric, KeccakImpl::kBmi2};

Bytes pattern(std::size_t n, std::uint32_t seed = 1) {
    Bytes out(n, 0);
    std::uint32_t x = seed;
    for (auto& b : out) {
        x ^= x << 13, x ^= x >> 17, x ^= x << 5;
        b = static_cast<std::uint8_t>(x);
    }
    return out;
}

// The sponge written out over one given permutation variant, so each variant is compared with the reference
// even when the dispatcher would pick another one on this CPU.
std::optional<Hash32> keccak256_with(KeccakImpl impl, ByteView data) {
    std::uint64_t st[25] = {};
    const std::size_t blocks = data.size() / Keccak256::kRate;
    if (!detail::keccak_absorb_blocks_with(impl, st, data.data(), blocks)) return std::nullopt;
    std::uint8_t last[Keccak256::kRate] = {};
    const std::size_t rest = data.size() - blocks * Keccak256::kRate;
    std::copy_n(data.data() + blocks * Keccak256::kRate, rest, last);
    last[rest] ^= 0x01;
    last[Keccak256::kRate - 1] ^= 0x80;
    detail::keccak_absorb_blocks_with(impl, st, last, 1);
    Hash32 out;
    for (std::size_t i = 0; i < 32; ++i) out.bytes[i] = static_cast<std::uint8_t>(st[i / 8] >> (8 * (i % 8)));
    return out;
}

TEST(Keccak256, KnownDigests) {
    EXPECT_EQ(to_hex(keccak256({})), "0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
    EXPECT_EQ(to_hex(detail::keccak256_reference({})),
              "0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
    EXPECT_EQ(to_hex(keccak256(to_view("abc"))),
              "0x4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45");
    // Ethereum's Transfer(address,address,uint256) event topic.
    EXPECT_EQ(to_hex(keccak256(to_view("Transfer(address,address,uint256)"))),
              "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef");
}

TEST(Keccak256, IsNotSha3) {
    EXPECT_EQ(to_hex(sha3_256({})), "0xa7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a");
    EXPECT_EQ(to_hex(sha3_256(to_view("abc"))),
              "0x3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532");
    for (const std::size_t n : {0, 1, 31, 32, 135, 136, 137, 1000}) {
        const Bytes data = pattern(n);
        EXPECT_NE(keccak256(data), sha3_256(data)) << n;
    }
}

TEST(Keccak256, DispatchPicksARunnableImplementation) {
    std::uint64_t st[25] = {};
    EXPECT_TRUE(detail::keccak_absorb_blocks_with(detail::keccak_impl(), st, nullptr, 0));
    EXPECT_TRUE(detail::keccak_absorb_blocks_with(KeccakImpl::kGeneric, st, nullptr, 0));
}

// Every length across the first four block boundaries, at every alignment of the input pointer.
TEST(Keccak256, LengthSweepMatchesReference) {
    const Bytes buffer = pattern(600 + 8, 7);
    for (std::size_t n = 0; n <= 600; ++n) {
        const std::size_t offset = n % 8;
        const ByteView data(buffer.data() + offset, n);
        const Hash32 expected = detail::keccak256_reference(data);
        ASSERT_EQ(keccak256(data), expected) << "length " << n;
        Keccak256 h;
        h.update(data);
        ASSERT_EQ(h.finalize(), expected) << "length " << n;
        for (const KeccakImpl impl : kAllImpls) {
            if (const auto got = keccak256_with(impl, data)) {
                ASSERT_EQ(*got, expected) << "length " << n << " impl " << static_cast<int>(impl);
            }
        }
    }
}

TEST(Keccak256, LargeInputMatchesReference) {
    const Bytes data = pattern(100'003, 3);
    EXPECT_EQ(keccak256(data), detail::keccak256_reference(data));
}

TEST(Keccak256, EverySplitPointEqualsOneShot) {
    for (const std::size_t n : {0, 1, 135, 136, 137, 271, 272, 273, 500}) {
        const Bytes data = pattern(n, static_cast<std::uint32_t>(n) + 11);
        const Hash32 expected = keccak256(data);
        for (std::size_t i = 0; i <= n; ++i) {
            Keccak256 h;
            h.update(ByteView(data).substr(0, i));
            h.update(ByteView(data).substr(i));
            ASSERT_EQ(h.finalize(), expected) << "length " << n << " split " << i;
        }
    }
}

TEST(Keccak256, FinalizeResetsTheHasher) {
    Keccak256 h;
    h.update(to_view("junk that must not leak into the next digest"));
    (void)h.finalize();
    h.update(to_view("abc"));
    EXPECT_EQ(h.finalize(), keccak256(to_view("abc")));
    EXPECT_EQ(h.finalize(), keccak256({}));
}

RC_GTEST_PROP(Keccak256, RandomSplitsEqualOneShot,
              (const std::vector<std::uint8_t>& prefix, const std::vector<std::size_t>& cuts)) {
    // Stretch the generated bytes so messages span several blocks.
    const auto copies = *rc::gen::inRange<std::size_t>(1, 8);
    Bytes data;
    for (std::size_t i = 0; i < copies; ++i) data.append(prefix.begin(), prefix.end());
    const Hash32 expected = detail::keccak256_reference(data);
    RC_ASSERT(keccak256(data) == expected);
    Keccak256 h;
    std::size_t pos = 0;
    for (const std::size_t cut : cuts) {
        const std::size_t take = data.empty() ? 0 : cut % (data.size() - pos + 1);
        h.update(ByteView(data).substr(pos, take));
        pos += take;
    }
    h.update(ByteView(data).substr(pos));
    RC_ASSERT(h.finalize() == expected);
}

RC_GTEST_PROP(Keccak256, PermutationMatchesReference, ()) {
    std::uint64_t fast[25], slow[25];
    for (auto& lane : fast) lane = *rc::gen::arbitrary<std::uint64_t>();
    std::copy_n(fast, 25, slow);
    detail::keccakf1600(fast);
    detail::keccakf1600_reference(slow);
    RC_ASSERT(std::equal(fast, fast + 25, slow));
}

// Absorbing an all-zero block is a bare permutation: checks every variant on arbitrary states, including the
// lane-complemented one that this CPU's dispatcher may never pick.
RC_GTEST_PROP(Keccak256, EveryImplementationMatchesReference, ()) {
    static constexpr std::uint8_t kZeroBlock[Keccak256::kRate] = {};
    std::uint64_t slow[25];
    for (auto& lane : slow) lane = *rc::gen::arbitrary<std::uint64_t>();
    std::uint64_t start[25];
    std::copy_n(slow, 25, start);
    detail::keccakf1600_reference(slow);
    for (const KeccakImpl impl : kAllImpls) {
        std::uint64_t fast[25];
        std::copy_n(start, 25, fast);
        if (!detail::keccak_absorb_blocks_with(impl, fast, kZeroBlock, 1)) continue;
        RC_ASSERT(std::equal(fast, fast + 25, slow));
    }
}

// Parses the two "State after permutation:" blocks (200 hex bytes each) of the Keccak team's
// KeccakF-1600-IntermediateValues.txt: the all-zero state permuted once, then that output permuted again.
std::vector<std::array<std::uint64_t, 25>> read_permutation_outputs(const std::string& path) {
    std::ifstream in(path);
    std::vector<std::array<std::uint64_t, 25>> states;
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind("State after permutation:", 0) != 0) continue;
        std::getline(in, line);
        std::istringstream bytes(line);
        std::string hex;
        std::array<std::uint64_t, 25> st{};
        std::size_t i = 0;
        while (bytes >> hex && i < 200) {
            const auto b = parse_hex_fixed<1>(hex, HexPrefix::kNone);
            if (!b) return {};
            st[i / 8] |= std::uint64_t{b->bytes[0]} << (8 * (i % 8));
            ++i;
        }
        if (i != 200) return {};
        states.push_back(st);
    }
    return states;
}

TEST(Keccak256, KeccakF1600IntermediateValues) {
    const auto expected = read_permutation_outputs(std::string(COUNTERSIGN_SOURCE_DIR) +
                                                   "/vectors/xkcp/tests/TestVectors/KeccakF-1600-IntermediateValues.txt");
    ASSERT_EQ(expected.size(), 2u);
    std::uint64_t fast[25] = {}, slow[25] = {};
    for (const auto& want : expected) {
        detail::keccakf1600(fast);
        detail::keccakf1600_reference(slow);
        EXPECT_TRUE(std::equal(fast, fast + 25, want.begin()));
        EXPECT_TRUE(std::equal(slow, slow + 25, want.begin()));
    }
    // First lane after one permutation of zero, as printed in the file's lane view.
    EXPECT_EQ(expected[0][0], 0xF1258F7940E1DDE7ULL);
}

}  // namespace
}  // namespace countersign

namespace countersign {
namespace {
// A default ByteView has a null data pointer; hashing it must be well defined (UBSan flags memcpy from null
// even for zero bytes; the tx fuzzer found this path).
TEST(Keccak256, NullEmptyViewUpdates) {
    Keccak256 h;
    h.update(to_view("ab"));
    h.update(ByteView{});
    h.update(to_view("c"));
    EXPECT_EQ(h.finalize(), keccak256(to_view("abc")));
    EXPECT_EQ(keccak256(ByteView{}), keccak256(to_view("")));
}
}  // namespace
}  // namespace countersign
