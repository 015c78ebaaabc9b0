// Reads the optional query parameters of the supplies lists (?site_id=, ?include_archived=,
// ?days=, ...), collecting a field error for each malformed one, like BodyReader does.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "http/message.h"

namespace kinship::supplies {

class QueryReader {
 public:
  explicit QueryReader(const http::Request& req) : req_(req) {}
  // "true" or "false"; absent → false.
  bool Flag(std::string_view name);
  // An id; absent → "".
  std::string Id(std::string_view name);
  // A whole number in [min, max]; absent → nullopt.
  std::optional<int64_t> Int(std::string_view name, int64_t min, int64_t max);
  // One of choices; absent → "".
  std::string Enum(std::string_view name, const std::vector<std::string_view>& choices);
  // Adds "is required" unless the parameter was given.
  void Require(std::string_view name);
  // OK, or kValidation listing every bad parameter.
  Status Finish();

 private:
  const http::Request& req_;
  std::vector<FieldError> errors_;
};

}  // namespace kinship::supplies
