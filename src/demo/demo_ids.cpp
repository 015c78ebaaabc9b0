#include "demo/demo_ids.h"

#include "encounters/calendar.h"

namespace kinship::demo {

namespace {
constexpr char kHex[] = "0123456789abcdef";
constexpr uint32_t kCounterBits = 12;
}  // namespace

std::string IdMaker::Format(int64_t ms, uint32_t rand_a) {
  unsigned char b[16];
  const uint64_t low = rng_();
  for (int i = 0; i < 6; ++i) b[i] = static_cast<unsigned char>(static_cast<uint64_t>(ms) >> (8 * (5 - i)));
  b[6] = static_cast<unsigned char>(0x70 | ((rand_a >> 8) & 0x0F));  // version 7
  b[7] = static_cast<unsigned char>(rand_a & 0xFF);
  for (int i = 8; i < 16; ++i) b[i] = static_cast<unsigned char>(low >> (8 * (15 - i)));
  b[8] = static_cast<unsigned char>(0x80 | (b[8] & 0x3F));  // RFC 4122 variant
  std::string out(36, '-');
  size_t p = 0;
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) ++p;
    out[p++] = kHex[b[i] >> 4];
    out[p++] = kHex[b[i] & 0xF];
  }
  return out;
}

std::string IdMaker::Next(int64_t ms) {
  if (ms > last_ms_) {
    last_ms_ = ms;
    counter_ = static_cast<uint32_t>(rng_() & 0x3FF);  // room for at least 3,072 more this ms
  } else if (++counter_ >= (1u << kCounterBits)) {
    ++last_ms_;
    counter_ = 0;
  }
  return Format(last_ms_, counter_);
}

std::string IdMaker::At(int64_t ms) { return Format(ms, static_cast<uint32_t>(rng_() & 0xFFF)); }

std::string IsoDay(int64_t day) { return encounters::DayString(day); }

std::string IsoTime(int64_t ms) {
  // One day string per call would dominate at ten million rows: keep the last one.
  thread_local int64_t cached_day = INT64_MIN;
  thread_local std::string cached;
  const int64_t day = ms >= 0 ? ms / kMsPerDay : (ms - kMsPerDay + 1) / kMsPerDay;
  if (day != cached_day) {
    cached_day = day;
    cached = IsoDay(day);
  }
  int64_t rest = ms - day * kMsPerDay;
  const int milli = static_cast<int>(rest % 1000);
  rest /= 1000;
  const int sec = static_cast<int>(rest % 60);
  const int min = static_cast<int>(rest / 60 % 60);
  const int hour = static_cast<int>(rest / 3600);
  std::string out = cached;
  out.resize(24);
  const auto two = [&](size_t at, int v) {
    out[at] = static_cast<char>('0' + v / 10);
    out[at + 1] = static_cast<char>('0' + v % 10);
  };
  out[10] = 'T';
  two(11, hour);
  out[13] = ':';
  two(14, min);
  out[16] = ':';
  two(17, sec);
  out[19] = '.';
  out[20] = static_cast<char>('0' + milli / 100);
  two(21, milli % 100);
  out[23] = 'Z';
  return out;
}

}  // namespace kinship::demo
