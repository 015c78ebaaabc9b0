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
  (void)r.OptionalDate("expires_on");
  (void)r.OptionalTime("occurred_at");
  (void)r.EnumArray("services", {"education", "testing"});
  const auto items = r.Array("items", 50);
  for (size_t i = 0; i < items.size(); ++i) {
    kinship::http::BodyReader item(items[i], r.Element("items", i));
    (void)item.OptionalId("item_id");
    (void)item.Int("quantity", 1, 100000);
    r.Absorb(item);
  }
  kinship::Status s = r.Finish();
  if (s.ok() && body.empty()) __builtin_trap();
  (void)kinship::Utf8Length(body);
  return 0;
}
