#include "core/ingest/timestamp_parser.h"

#include <cstring>

#include "core/time_format.h"

namespace fl {
namespace {

constexpr int64_t kMsPerDay = 86400000;

bool IsLeap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

unsigned DaysInMonth(int64_t y, unsigned m) {
  static constexpr unsigned kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

inline bool IsDigit(char c) { return static_cast<unsigned char>(c - '0') < 10; }

// Reads exactly `n` digits at p[*i]; false when any is not a digit or text ends.
inline bool Digits(const char* p, size_t size, size_t* i, int n, int* out) {
  if (*i + n > size) return false;
  int v = 0;
  for (int k = 0; k < n; ++k) {
    const char c = p[*i + k];
    if (!IsDigit(c)) return false;
    v = v * 10 + (c - '0');
  }
  *i += n;
  *out = v;
  return true;
}

// Zone designator at p[*i..]: Z | z | UTC | (+|-)hh[[:]mm]. Sets minutes east of UTC.
bool ParseZone(const char* p, size_t size, size_t* i, int* offset_minutes) {
  const char c = p[*i];
  if (c == 'Z' || c == 'z') {
    ++*i;
    *offset_minutes = 0;
    return true;
  }
  if (size - *i >= 3 && std::memcmp(p + *i, "UTC", 3) == 0) {
    *i += 3;
    *offset_minutes = 0;
    return true;
  }
  if (c != '+' && c != '-') return false;
  ++*i;
  int hh = 0, mm = 0;
  if (!Digits(p, size, i, 2, &hh) || hh > 23) return false;
  if (*i < size) {
    if (p[*i] == ':') ++*i;
    if (!Digits(p, size, i, 2, &mm) || mm > 59) return false;
  }
  *offset_minutes = (c == '-' ? -1 : 1) * (hh * 60 + mm);
  return true;
}

// YYYYMMDD, a valid date of 1900..2199 (GA4's `event_date`).
bool ParseCompactDate(const char* p, int64_t* epoch_ms) {
  size_t i = 0;
  int year = 0, month = 0, day = 0;
  if (!Digits(p, 8, &i, 4, &year) || !Digits(p, 8, &i, 2, &month) || !Digits(p, 8, &i, 2, &day)) return false;
  if (year < 1900 || year > 2199 || month < 1 || month > 12 || day < 1 ||
      static_cast<unsigned>(day) > DaysInMonth(year, month)) {
    return false;
  }
  *epoch_ms = DaysFromCivil(year, month, day) * kMsPerDay;
  return true;
}

// The usual export form, "2026-11-01T10:00:00.123Z" or "2026-11-01T10:00:00Z": every
// character at a fixed place, so check them in one go instead of walking the grammar.
// Same checks and result as the general path below; false means "not this form".
bool ParseIsoFixedUtc(const char* p, size_t size, int64_t* epoch_ms) {
  if (size != 24 && size != 20) return false;
  if (p[4] != '-' || p[7] != '-' || p[10] != 'T' || p[13] != ':' || p[16] != ':' || p[size - 1] != 'Z') return false;
  if (size == 24 && p[19] != '.') return false;
  static constexpr unsigned char kDigitAt[] = {0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18, 20, 21, 22};
  const size_t digits = size == 24 ? 17 : 14;
  for (size_t k = 0; k < digits; ++k) {
    if (!IsDigit(p[kDigitAt[k]])) return false;
  }
  auto two = [p](int at) { return (p[at] - '0') * 10 + (p[at + 1] - '0'); };
  const int year = two(0) * 100 + two(2);
  const int month = two(5), day = two(8), hour = two(11), minute = two(14), second = two(17);
  const int frac_ms = size == 24 ? two(20) * 10 + (p[22] - '0') : 0;
  if (month < 1 || month > 12 || day < 1 || static_cast<unsigned>(day) > DaysInMonth(year, month) || hour > 23 ||
      minute > 59 || second > 60) {
    return false;
  }
  *epoch_ms = DaysFromCivil(year, month, day) * kMsPerDay +
              ((hour * 60 + minute) * 60 + second) * int64_t{1000} + frac_ms;
  return true;
}

bool ParseIso(const char* p, size_t size, int64_t* epoch_ms) {
  if (ParseIsoFixedUtc(p, size, epoch_ms)) return true;
  size_t i = 0;
  int year = 0, month = 0, day = 0;
  if (!Digits(p, size, &i, 4, &year) || i >= size || p[i] != '-') return false;
  ++i;
  if (!Digits(p, size, &i, 2, &month) || i >= size || p[i] != '-') return false;
  ++i;
  if (!Digits(p, size, &i, 2, &day)) return false;
  if (month < 1 || month > 12 || day < 1 || static_cast<unsigned>(day) > DaysInMonth(year, month)) {
    return false;
  }
  int64_t ms = DaysFromCivil(year, month, day) * kMsPerDay;
  if (i == size) {
    *epoch_ms = ms;
    return true;
  }
  const char sep = p[i];
  if (sep != 'T' && sep != 't' && sep != ' ') return false;
  ++i;
  int hour = 0, minute = 0, second = 0, frac_ms = 0;
  if (!Digits(p, size, &i, 2, &hour) || hour > 23) return false;
  if (i >= size || p[i] != ':') return false;
  ++i;
  if (!Digits(p, size, &i, 2, &minute) || minute > 59) return false;
  if (i < size && p[i] == ':') {
    ++i;
    // 60 is a leap second; it simply rolls into the next minute.
    if (!Digits(p, size, &i, 2, &second) || second > 60) return false;
    if (i < size && (p[i] == '.' || p[i] == ',')) {
      ++i;
      const size_t start = i;
      int scale = 100;
      while (i < size && IsDigit(p[i])) {
        frac_ms += (p[i] - '0') * scale;  // digits beyond the third add 0 (truncation)
        scale /= 10;
        ++i;
      }
      if (i == start) return false;
    }
  }
  ms += ((hour * 60 + minute) * 60 + second) * int64_t{1000} + frac_ms;
  if (i < size) {
    if (p[i] == ' ') ++i;  // "2017-11-26 01:00:00 UTC", "... +02:00"
    if (i >= size) return false;
    int offset = 0;
    if (!ParseZone(p, size, &i, &offset) || i != size) return false;
    ms -= offset * int64_t{60000};
  }
  *epoch_ms = ms;
  return true;
}

bool ParseEpoch(const char* p, size_t size, TimeFormat format, int64_t* epoch_ms, TimeKind* kind) {
  size_t i = 0;
  bool negative = false;
  if (p[0] == '-' || p[0] == '+') {
    negative = p[0] == '-';
    ++i;
  }
  const size_t int_start = i;
  uint64_t value = 0;
  while (i < size && IsDigit(p[i])) {
    if (i - int_start >= 19) return false;  // beyond int64 range
    value = value * 10 + static_cast<uint64_t>(p[i] - '0');
    ++i;
  }
  if (i == int_start) return false;
  int frac_ms = 0;
  if (i < size && p[i] == '.') {
    ++i;
    const size_t start = i;
    int scale = 100;
    while (i < size && IsDigit(p[i])) {
      frac_ms += (p[i] - '0') * scale;
      scale /= 10;
      ++i;
    }
    if (i == start) return false;
  }
  if (i != size) return false;

  TimeKind k;
  if (format == TimeFormat::kEpochS) {
    k = TimeKind::kEpochS;
  } else if (format == TimeFormat::kEpochMs) {
    k = TimeKind::kEpochMs;
  } else if (value < 100000000000ULL) {  // 1e11
    k = TimeKind::kEpochS;
  } else if (value < 100000000000000ULL) {  // 1e14
    k = TimeKind::kEpochMs;
  } else if (value < 100000000000000000ULL) {  // 1e17
    k = TimeKind::kEpochUs;
  } else {
    k = TimeKind::kEpochNs;
  }
  uint64_t ms = 0;
  switch (k) {
    case TimeKind::kEpochS:
      if (value > 9000000000000000ULL) return false;  // would overflow in ms
      ms = value * 1000 + static_cast<uint64_t>(frac_ms);
      break;
    case TimeKind::kEpochMs:
      ms = value;  // fraction = sub-millisecond, truncated
      break;
    case TimeKind::kEpochUs:
      ms = value / 1000;
      break;
    case TimeKind::kEpochNs:
      ms = value / 1000000;
      break;
    case TimeKind::kIso:
      return false;
  }
  if (ms > static_cast<uint64_t>(INT64_MAX)) return false;
  *epoch_ms = negative ? -static_cast<int64_t>(ms) : static_cast<int64_t>(ms);
  if (kind != nullptr) *kind = k;
  return true;
}

}  // namespace

bool ParseTimeFormatName(std::string_view name, TimeFormat* format) {
  if (name == "auto") {
    *format = TimeFormat::kAuto;
  } else if (name == "iso") {
    *format = TimeFormat::kIso;
  } else if (name == "epoch_s") {
    *format = TimeFormat::kEpochS;
  } else if (name == "epoch_ms") {
    *format = TimeFormat::kEpochMs;
  } else {
    return false;
  }
  return true;
}

const char* TimeKindName(TimeKind kind) {
  switch (kind) {
    case TimeKind::kIso: return "iso";
    case TimeKind::kEpochS: return "epoch_s";
    case TimeKind::kEpochMs: return "epoch_ms";
    case TimeKind::kEpochUs: return "epoch_us";
    case TimeKind::kEpochNs: return "epoch_ns";
    case TimeKind::kDate: return "date";
  }
  return "iso";
}

bool ParseTimestamp(std::string_view text, TimeFormat format, int64_t* epoch_ms, TimeKind* kind) {
  const char* p = text.data();
  size_t size = text.size();
  while (size > 0 && (*p == ' ' || *p == '\t')) {
    ++p;
    --size;
  }
  while (size > 0 && (p[size - 1] == ' ' || p[size - 1] == '\t')) --size;
  if (size == 0) return false;
  // An ISO date has '-' at index 4 ("2017-"); an epoch number never does.
  const bool iso_shape = size >= 10 && p[4] == '-' && IsDigit(p[0]);
  if (iso_shape) {
    if (format == TimeFormat::kEpochS || format == TimeFormat::kEpochMs) return false;
    if (!ParseIso(p, size, epoch_ms)) return false;
    if (kind != nullptr) *kind = size == 10 ? TimeKind::kDate : TimeKind::kIso;
    return true;
  }
  if (format == TimeFormat::kAuto && size == 8 && ParseCompactDate(p, epoch_ms)) {
    if (kind != nullptr) *kind = TimeKind::kDate;
    return true;
  }
  if (format == TimeFormat::kIso) return false;
  return ParseEpoch(p, size, format, epoch_ms, kind);
}

}  // namespace fl
