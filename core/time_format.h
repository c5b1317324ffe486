#ifndef FRICTIONLENS_CORE_TIME_FORMAT_H_
#define FRICTIONLENS_CORE_TIME_FORMAT_H_

// UTC civil-time arithmetic without libc time zones (identical on native and wasm).

#include <cstdint>
#include <string>

namespace fl {

// Days since 1970-01-01 for a proleptic Gregorian date (H. Hinnant's algorithm).
int64_t DaysFromCivil(int64_t year, unsigned month, unsigned day);
void CivilFromDays(int64_t days, int64_t* year, unsigned* month, unsigned* day);

// "2026-11-01T10:00:00.123Z"; milliseconds omitted when zero if `always_ms` is false.
std::string FormatIsoUtc(int64_t epoch_ms, bool always_ms = false);
// Appends the same without allocating a temporary (hot path of the generator).
void AppendIsoUtc(int64_t epoch_ms, bool always_ms, std::string* out);

// Start of the UTC hour / day / ISO week (Monday) containing epoch_ms.
int64_t FloorToBucket(int64_t epoch_ms, const std::string& bucket);

}  // namespace fl

#endif  // FRICTIONLENS_CORE_TIME_FORMAT_H_
