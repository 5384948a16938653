// SPDX-License-Identifier: Apache-2.0
#pragma once
// ethereum/tests BlockchainTests and execution-spec-tests blockchain fixtures, checked without an EVM:
// every block is decoded from its RLP, its header hash, transactions root, ommers hash and withdrawals root
// recomputed, every sender and EIP-7702 authority recovered, and the chain linked by parent hashes. A block
// the fixture marks invalid must be rejected by those checks or by the stateless header and transaction
// rules; one whose invalidity only execution reveals is skipped through vectors/exclusions.txt.

#include "conformance/format.hpp"

namespace countersign::conformance {

extern const Format kBlockchainTests;

}  // namespace countersign::conformance
