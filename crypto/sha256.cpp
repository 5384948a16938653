// SPDX-License-Identifier: Apache-2.0
#include "crypto/sha256.hpp"

#include <openssl/evp.h>

#include <cstdlib>

namespace countersign {

Hash32 sha256(ByteView data) noexcept {
    Hash32 out;
    unsigned int len = 0;
    // EVP_Digest only fails on allocation failure or a broken provider; a wrong digest would be worse than
    // stopping, so it aborts rather than returning something that looks like a hash.
    if (EVP_Digest(data.data(), data.size(), out.data(), &len, EVP_sha256(), nullptr) != 1 || len != 32)
        std::abort();
    return out;
}

}  // namespace countersign
