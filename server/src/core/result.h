#pragma once

#include <cassert>
#include <utility>
#include <variant>

#include "core/error.h"

namespace fenghuo {

// Result<T> holds either a value or an Error. Expected failures travel as values;
// exceptions are reserved for bugs. Accessing value() of an error (or error() of a
// value) is a bug and asserts.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : data_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit
  Result(Error error) : data_(std::in_place_index<1>, std::move(error)) {}  // NOLINT: implicit

  bool ok() const { return data_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { assert(ok()); return std::get<0>(data_); }
  const T& value() const& { assert(ok()); return std::get<0>(data_); }
  T&& value() && { assert(ok()); return std::get<0>(std::move(data_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const Error& error() const& { assert(!ok()); return std::get<1>(data_); }
  Error&& error() && { assert(!ok()); return std::get<1>(std::move(data_)); }
  // Success or the error, without the value.
  Result<void> status() const;

 private:
  std::variant<T, Error> data_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)), failed_(true) {}  // NOLINT: implicit

  bool ok() const { return !failed_; }
  explicit operator bool() const { return ok(); }
  const Error& error() const& { assert(failed_); return error_; }
  Error&& error() && { assert(failed_); return std::move(error_); }

 private:
  Error error_;
  bool failed_ = false;
};

using Status = Result<void>;

template <typename T>
Result<void> Result<T>::status() const {
  if (ok()) return {};
  return error();
}

}  // namespace fenghuo

// Returns early from the enclosing function with the error of `expr` when it failed.
#define FENGHUO_TRY(expr)                                    \
  do {                                                       \
    if (auto fenghuo_try_result_ = (expr); !fenghuo_try_result_.ok()) { \
      return std::move(fenghuo_try_result_).error();         \
    }                                                        \
  } while (false)

// Declares `var` as the value of `expr`, or returns early with its error.
#define FENGHUO_ASSIGN(var, expr)                                   \
  auto var##_result_ = (expr);                                       \
  if (!var##_result_.ok()) return std::move(var##_result_).error(); \
  auto var = std::move(var##_result_).value()
