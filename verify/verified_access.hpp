// SPDX-License-Identifier: Apache-2.0
#pragma once
// Internal to verify/*.cpp: the only way to construct a Verified<T>. Do not include it anywhere else.

#include <utility>

#include "verify/verified.hpp"

namespace countersign::verify::detail {

struct VerifiedAccess {
    template <class T>
    static Verified<T> make(T value, const Hash32& block_hash, std::uint64_t block_number) {
        return Verified<T>(std::move(value), block_hash, block_number);
    }
};

}  // namespace countersign::verify::detail
