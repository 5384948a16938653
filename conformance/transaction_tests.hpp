// SPDX-License-Identifier: Apache-2.0
#pragma once
// ethereum/tests TransactionTests: each case has `txbytes` (a raw transaction) and `result` per fork, either
// {"hash", "sender", "intrinsicGas"} (must decode and validate, with that hash, sender and intrinsic gas)
// or {"exception"} (must be rejected by decoding or by the fork's stateless rules, chain id 1).

#include "conformance/format.hpp"

namespace countersign::conformance {

extern const Format kTransactionTests;

}  // namespace countersign::conformance
