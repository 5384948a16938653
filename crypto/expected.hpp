// SPDX-License-Identifier: Apache-2.0
#pragma once
// A small value-or-error type. std::expected is C++23 and clang 14 (the fuzz build) cannot compile
// libstdc++'s <expected>, so decoders return this instead. It never throws: reading the value of an
// error (or the error of a value) is a programming bug and aborts.

#include <cstdlib>
#include <type_traits>
#include <utility>
#include <variant>

namespace countersign {

template <class E>
struct Unexpected {
    E error;
};

template <class E>
Unexpected(E) -> Unexpected<E>;

template <class E>
constexpr Unexpected<std::decay_t<E>> unexpected(E&& e) {
    return {std::forward<E>(e)};
}

template <class T, class E>
class [[nodiscard]] Expected {
public:
    using value_type = T;
    using error_type = E;

    constexpr Expected() requires std::is_default_constructible_v<T> : v_{std::in_place_index<0>} {}
    constexpr Expected(const T& v) : v_{std::in_place_index<0>, v} {}
    constexpr Expected(T&& v) : v_{std::in_place_index<0>, std::move(v)} {}
    template <class U>
        requires(std::is_constructible_v<T, U&&> && !std::is_same_v<std::decay_t<U>, T> &&
                 !std::is_same_v<std::decay_t<U>, Expected>)
    constexpr Expected(U&& v) : v_{std::in_place_index<0>, T(std::forward<U>(v))} {}
    template <class G>
    constexpr Expected(Unexpected<G> u) : v_{std::in_place_index<1>, E(std::move(u.error))} {}

    constexpr bool has_value() const noexcept { return v_.index() == 0; }
    constexpr explicit operator bool() const noexcept { return has_value(); }

    constexpr T& value() & noexcept { check(true); return *std::get_if<0>(&v_); }
    constexpr const T& value() const& noexcept { check(true); return *std::get_if<0>(&v_); }
    constexpr T&& value() && noexcept { check(true); return std::move(*std::get_if<0>(&v_)); }
    constexpr T& operator*() & noexcept { return value(); }
    constexpr const T& operator*() const& noexcept { return value(); }
    constexpr T&& operator*() && noexcept { return std::move(*this).value(); }
    constexpr T* operator->() noexcept { return &value(); }
    constexpr const T* operator->() const noexcept { return &value(); }
    constexpr const E& error() const noexcept { check(false); return *std::get_if<1>(&v_); }

    template <class U>
    constexpr T value_or(U&& fallback) const& {
        return has_value() ? value() : T(std::forward<U>(fallback));
    }

private:
    constexpr void check(bool want_value) const noexcept {
        if (has_value() != want_value) std::abort();
    }
    std::variant<T, E> v_;
};

// Expected<void, E>: success or an error.
template <class E>
class [[nodiscard]] Expected<void, E> {
public:
    constexpr Expected() noexcept = default;
    template <class G>
    constexpr Expected(Unexpected<G> u) : err_{E(std::move(u.error))}, ok_{false} {}
    constexpr bool has_value() const noexcept { return ok_; }
    constexpr explicit operator bool() const noexcept { return ok_; }
    constexpr const E& error() const noexcept {
        if (ok_) std::abort();
        return err_;
    }

private:
    E err_{};
    bool ok_{true};
};

}  // namespace countersign
