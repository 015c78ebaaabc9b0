// libFuzzer target: the JSON body reader every write endpoint uses. It must never crash,
// hang or accept a body without either a value or a field error.
#include <cstdint>
#include <string_view>

#include "http/json_body.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  kinship::http::BodyReader r(body);
  (void)r.String("name", {.min = 1, .max = 120});
  (void)r.OptionalString("area", {.max = 120});
  (void)r.Enum("kind", {"fixed", "outreach", "mobile", "mail_hub"});
  (void)r.OptionalBool("archived");
  (void)r.OptionalInt("expires_in_days", 1, 3650);
  (void)r.Id("program_id");
  kinship::Status s = r.Finish();
  if (s.ok() && body.empty()) __builtin_trap();
  (void)kinship::Utf8Length(body);
  return 0;
}
