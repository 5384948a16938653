// SPDX-License-Identifier: Apache-2.0
#pragma once
// FIPS 202 SHA3-256 (padding 0x06 … 0x80) from OpenSSL. Ethereum never uses it: it is here to check the
// SHA3-256 known-answer files and to show that keccak256 and SHA3-256 are kept apart.

#include "crypto/bytes.hpp"

namespace countersign {

Hash32 sha3_256(ByteView data) noexcept;

}  // namespace countersign
