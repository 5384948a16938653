// SPDX-License-Identifier: Apache-2.0
#include "crypto/sha3.hpp"

#include <openssl/evp.h>

#include <cstdio>
#include <cstdlib>

namespace countersign {

Hash32 sha3_256(ByteView data) noexcept {
    Hash32 out;
    unsigned int len = 0;
    // EVP_Digest fails only if OpenSSL cannot allocate or has no SHA3 provider. There is no honest digest to
    // return then, and a made-up one could let a wrong hash compare equal, so stop instead.
    if (EVP_Digest(data.data(), data.size(), out.bytes.data(), &len, EVP_sha3_256(), nullptr) != 1 ||
        len != out.size()) {
        std::fputs("countersign: OpenSSL SHA3-256 failed\n", stderr);
        std::abort();
    }
    return out;
}

}  // namespace countersign
