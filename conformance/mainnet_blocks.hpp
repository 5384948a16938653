// SPDX-License-Identifier: Apache-2.0
#pragma once
// Mainnet blocks as eth_getBlockByNumber JSON with full transactions (execution-specs' assets/blocks): the
// header hash recomputed from the fields, the transactions root from the transaction objects, each
// transaction's hash, and the withdrawals root where the block has one.

#include "conformance/format.hpp"

namespace countersign::conformance {

extern const Format kMainnetBlocks;

}  // namespace countersign::conformance
