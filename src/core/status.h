// Expected failures as values: a Status (code, message, optional field errors) and
// Result<T>, which holds either a T or a non-OK Status. Exceptions are kept for bugs and
// fatal conditions; everything a caller can act on travels as a Status.
//
//   Result<Site> site = store.FindSite(program_id, id);
//   if (!site.ok()) return site.status();
//   Use(*site);
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace kinship {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,     // malformed input (400)
  kValidation,          // well-formed input that breaks a rule, with field errors (422)
  kNotFound,            // 404; also for rows of another program
  kAlreadyExists,       // 409
  kFailedPrecondition,  // 409: the state does not allow it
  kPermissionDenied,    // 403
  kUnauthenticated,     // 401
  kResourceExhausted,   // 429 or 413
  kUnavailable,         // 503
  kInternal,            // 500
};

// One field that failed validation: the JSON field name and why, in plain words.
struct FieldError {
  std::string field;
  std::string message;
};

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}
  Status(StatusCode code, std::string message, std::vector<FieldError> errors)
      : code_(code), message_(std::move(message)), field_errors_(std::move(errors)) {}

  static Status Ok() { return {}; }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  const std::vector<FieldError>& field_errors() const { return field_errors_; }
  // Extra members for the problem+json body, as a serialised JSON object (e.g. the
  // quantity still available when a dispense would overdraw stock). Empty for none.
  const std::string& extra() const { return extra_; }
  Status&& WithExtra(std::string json_object) && {
    extra_ = std::move(json_object);
    return std::move(*this);
  }

  // Returns the name of the code, e.g. "not_found", for logs and CLI output.
  const char* CodeName() const;
  std::string ToString() const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
  std::vector<FieldError> field_errors_;
  std::string extra_;
};

inline Status InvalidArgument(std::string m) { return {StatusCode::kInvalidArgument, std::move(m)}; }
inline Status NotFound(std::string m) { return {StatusCode::kNotFound, std::move(m)}; }
inline Status AlreadyExists(std::string m) { return {StatusCode::kAlreadyExists, std::move(m)}; }
inline Status FailedPrecondition(std::string m) { return {StatusCode::kFailedPrecondition, std::move(m)}; }
inline Status PermissionDenied(std::string m) { return {StatusCode::kPermissionDenied, std::move(m)}; }
inline Status Unauthenticated(std::string m) { return {StatusCode::kUnauthenticated, std::move(m)}; }
inline Status ResourceExhausted(std::string m) { return {StatusCode::kResourceExhausted, std::move(m)}; }
inline Status Unavailable(std::string m) { return {StatusCode::kUnavailable, std::move(m)}; }
inline Status Internal(std::string m) { return {StatusCode::kInternal, std::move(m)}; }
inline Status ValidationFailed(std::vector<FieldError> errors) {
  return {StatusCode::kValidation, "The request has invalid fields.", std::move(errors)};
}
inline Status FieldInvalid(std::string field, std::string message) {
  return ValidationFailed({{std::move(field), std::move(message)}});
}

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {  // NOLINT
    assert(!status_.ok() && "Result needs a value or a non-OK status");
    if (status_.ok()) status_ = Internal("Result constructed from an OK status");
  }

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }
  T& value() & { return *value_; }
  const T& value() const& { return *value_; }
  T&& value() && { return std::move(*value_); }
  T& operator*() & { return *value_; }
  const T& operator*() const& { return *value_; }
  T&& operator*() && { return std::move(*value_); }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }

 private:
  Status status_;
  std::optional<T> value_;
};

}  // namespace kinship

// Returns early from the enclosing function when expr is not OK.
#define KINSHIP_RETURN_IF_ERROR(expr)               \
  do {                                              \
    ::kinship::Status kinship_status_ = (expr);     \
    if (!kinship_status_.ok()) return kinship_status_; \
  } while (0)

#define KINSHIP_CONCAT_INNER(a, b) a##b
#define KINSHIP_CONCAT(a, b) KINSHIP_CONCAT_INNER(a, b)
// Declares lhs from a Result, or returns its status from the enclosing function.
#define KINSHIP_ASSIGN_OR_RETURN(lhs, expr) \
  KINSHIP_ASSIGN_OR_RETURN_IMPL(KINSHIP_CONCAT(kinship_result_, __LINE__), lhs, expr)
#define KINSHIP_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                                  \
  if (!tmp.ok()) return tmp.status();                 \
  lhs = std::move(tmp).value()
