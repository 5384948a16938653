// SPDX-License-Identifier: Apache-2.0
#pragma once
// SHA-256 through OpenSSL: the TEE's RSA-PSS signatures hash with it, and so does Wycheproof's ECDSA.

#include "crypto/bytes.hpp"

namespace countersign {

Hash32 sha256(ByteView data) noexcept;

}  // namespace countersign
