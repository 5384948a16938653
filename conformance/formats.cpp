// SPDX-License-Identifier: Apache-2.0
// The registry of vector formats, tried in this order. Detection is by content (and name where the content
// alone is ambiguous), so a format must never claim another's files.
#include "conformance/format.hpp"
#include "conformance/blockchain_tests.hpp"
#include "conformance/execution_apis.hpp"
#include "conformance/keccak_kat.hpp"
#include "conformance/mainnet_blocks.hpp"
#include "conformance/rlp_tests.hpp"
#include "conformance/transaction_tests.hpp"
#include "conformance/trie_tests.hpp"
#include "conformance/wycheproof.hpp"

namespace countersign::conformance {

std::span<const Format> all_formats() {
    static const Format kFormats[] = {
        kKeccakKat,
        kSha3Kat,
        kKeccakPermutationValues,
        kWycheproofEcdsa,
        kWycheproofEcdh,
        kRlpTests,
        kTransactionTests,
        kBlockchainTests,
        kMainnetBlocks,
        kTrieTests,
        kExecutionApis,
        kExecutionApisChain,
    };
    return kFormats;
}

}  // namespace countersign::conformance
