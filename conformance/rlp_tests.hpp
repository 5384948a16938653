// SPDX-License-Identifier: Apache-2.0
#pragma once
// ethereum/tests RLPTests: rlptest.json (encode `in`, compare with `out`, decode `out` back to `in`),
// invalidRLPTest.json (`in` "INVALID": `out` must be rejected) and RandomRLPTests (`in` "VALID": `out` must
// decode and re-encode to itself).

#include "conformance/format.hpp"

namespace countersign::conformance {

extern const Format kRlpTests;

}  // namespace countersign::conformance
