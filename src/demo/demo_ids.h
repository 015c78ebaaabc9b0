// Identifiers and times for generated rows, made from the seed so that one seed (and one
// --now) gives the same rows: UUIDv7 strings whose time part is the row's own time and whose
// random part comes from a seeded generator, and ISO times written without the C library.
//
//   IdMaker ids(seed);
//   ids.Next(ms)   // strictly greater than every id Next() returned before (movements)
//   ids.At(ms)     // any id of that millisecond (rows that need no order)
#pragma once

#include <cstdint>
#include <random>
#include <string>

namespace kinship::demo {

inline constexpr int64_t kMsPerDay = 86'400'000;

class IdMaker {
 public:
  explicit IdMaker(uint64_t seed) : rng_(seed) {}

  // A UUIDv7 for time ms (or a little later, when ids of later times were made already)
  // that sorts after every id this maker returned from Next().
  std::string Next(int64_t ms);
  // A UUIDv7 for time ms with random low bits.
  std::string At(int64_t ms);

 private:
  std::string Format(int64_t ms, uint32_t rand_a);
  std::mt19937_64 rng_;
  int64_t last_ms_ = -1;
  uint32_t counter_ = 0;
};

// "YYYY-MM-DDTHH:MM:SS.mmmZ" for ms since the Unix epoch (UTC), like core FormatTime.
std::string IsoTime(int64_t ms);
// "YYYY-MM-DD" of a day number (days since 1970-01-01).
std::string IsoDay(int64_t day);

}  // namespace kinship::demo
