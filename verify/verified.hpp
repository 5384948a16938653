// SPDX-License-Identifier: Apache-2.0
#pragma once
// The two sides of the light client's type wall. Untrusted<T> wraps anything a provider said; reading it
// is explicit (claim()). Verified<T> can only be made by the verify/ functions (private constructor, one
// friend used only in verify/*.cpp), so holding one means the value was derived from bytes that hash to a
// header the HeaderStore accepted. It carries the block it is pinned to.

#include <cstdint>
#include <utility>

#include "crypto/bytes.hpp"

namespace countersign::verify {

template <class T>
class Untrusted {
public:
    explicit Untrusted(T value) : value_(std::move(value)) {}
    // What the provider claims; nothing about it is checked.
    const T& claim() const noexcept { return value_; }

private:
    T value_;
};

namespace detail {
struct VerifiedAccess;
}

template <class T>
class Verified {
public:
    const T& value() const noexcept { return value_; }
    const T& operator*() const noexcept { return value_; }
    const T* operator->() const noexcept { return &value_; }
    // The verified block the value is pinned to.
    const Hash32& block_hash() const noexcept { return block_hash_; }
    std::uint64_t block_number() const noexcept { return block_number_; }

private:
    friend struct detail::VerifiedAccess;
    Verified(T value, const Hash32& block_hash, std::uint64_t block_number)
        : value_(std::move(value)), block_hash_(block_hash), block_number_(block_number) {}

    T value_;
    Hash32 block_hash_;
    std::uint64_t block_number_{0};
};

}  // namespace countersign::verify
