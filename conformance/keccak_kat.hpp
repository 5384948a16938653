// SPDX-License-Identifier: Apache-2.0
#pragma once
// The Keccak team's known-answer files. kKeccakKat: Keccak-256 (Ethereum's padding) ShortMsgKAT_256.txt,
// LongMsgKAT_256.txt and ExtremelyLongMsgKAT_256.txt (1 GiB, streamed). kSha3Kat: ShortMsgKAT_SHA3-256.txt,
// checked with OpenSSL's SHA3-256 to show the two paddings are kept apart. kKeccakPermutationValues: the
// "Input of permutation" / "State after permutation" pairs of KeccakF-1600-IntermediateValues.txt and
// KeccakSpongeIntermediateValues_SHA3-256.txt (plus that file's byte-aligned SHA3-256 digests).

#include "conformance/format.hpp"

namespace countersign::conformance {

extern const Format kKeccakKat;
extern const Format kSha3Kat;
extern const Format kKeccakPermutationValues;

}  // namespace countersign::conformance
