// Status and Result<T>: how every module boundary reports success or failure. Nothing throws across
// a boundary. A message names the thing and the fix ("relationship 7: unknown type 'upsel' (did you
// mean 'upsell'?)"), never just "error".
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace affinity {

enum class StatusCode {
  kOk,
  kInvalidArgument,     // the caller sent something malformed or out of range
  kNotFound,            // a named thing does not exist
  kAlreadyExists,       // a create collided with an existing thing (duplicate link, sku, key)
  kFailedPrecondition,  // valid input that the current state forbids (a cycle, a type in use)
  kAborted,             // an optimistic-concurrency check failed (If-Match), retry with fresh data
  kUnavailable,         // transient: the store is busy or gone; retrying may work
  kResourceExhausted,   // a size or count limit was hit
  kInternal,            // a bug or corrupted state
};

// The canonical name of a code ("invalid_argument"), used in logs and problem+json types.
const char* StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;  // OK
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return {}; }
  static Status InvalidArgument(std::string m) { return {StatusCode::kInvalidArgument, std::move(m)}; }
  static Status NotFound(std::string m) { return {StatusCode::kNotFound, std::move(m)}; }
  static Status AlreadyExists(std::string m) { return {StatusCode::kAlreadyExists, std::move(m)}; }
  static Status FailedPrecondition(std::string m) {
    return {StatusCode::kFailedPrecondition, std::move(m)};
  }
  static Status Aborted(std::string m) { return {StatusCode::kAborted, std::move(m)}; }
  static Status Unavailable(std::string m) { return {StatusCode::kUnavailable, std::move(m)}; }
  static Status ResourceExhausted(std::string m) {
    return {StatusCode::kResourceExhausted, std::move(m)};
  }
  static Status Internal(std::string m) { return {StatusCode::kInternal, std::move(m)}; }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  // "not_found: product 'X' does not exist"
  std::string ToString() const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

// A value or the Status explaining its absence. REQUIRES: a Result is never built from an OK Status.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : data_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : data_(std::move(status)) {  // NOLINT: implicit by design
    assert(!std::get<Status>(data_).ok() && "a Result needs a value or an error");
  }

  bool ok() const { return std::holds_alternative<T>(data_); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(data_);
  }
  T& value() & { return std::get<T>(data_); }
  const T& value() const& { return std::get<T>(data_); }
  T&& value() && { return std::get<T>(std::move(data_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> data_;
};

}  // namespace affinity

// Returns early from the enclosing function when `expr` yields a non-OK Status.
#define AFFINITY_RETURN_IF_ERROR(expr)          \
  do {                                          \
    ::affinity::Status _st = (expr);            \
    if (!_st.ok()) return _st;                  \
  } while (0)
