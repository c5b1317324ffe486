#ifndef FRICTIONLENS_CORE_INGEST_TIMESTAMP_PARSER_H_
#define FRICTIONLENS_CORE_INGEST_TIMESTAMP_PARSER_H_

// Timestamp text -> Unix epoch milliseconds (UTC), hand-rolled for speed: no
// allocation, no libc time zone calls, fixed-format digits.
//
// Accepted forms (surrounding spaces/tabs ignored):
//   ISO-8601 / RFC 3339   2017-11-26T01:00:00Z, 2017-11-26 01:00:00.123456+02:00,
//                         2017-11-26T01:00+0530, 2017-11-26 01:00:00 UTC, 2017-11-26
//                         ('T', 't' or ' ' between date and time; seconds optional;
//                         any number of fraction digits after '.' or ',', truncated to
//                         ms; zone Z | UTC | +hh:mm | +hhmm | +hh, optionally after a
//                         space; no zone means UTC; a plain date is midnight UTC).
//   epoch numbers         [+-]digits[.digits], unit told apart by magnitude of the
//                         integer part: < 1e11 seconds, < 1e14 milliseconds,
//                         < 1e17 microseconds, else nanoseconds. So 1511658000 is
//                         2017-11-26T01:00:00Z and 1511658000000 is the same instant.
//   compact dates         YYYYMMDD (GA4's BigQuery `event_date`, "20240304"), in auto
//                         mode, when the 8 digits are a valid date of 1900..2199:
//                         read as seconds they would all fall in 1970.
// Sub-millisecond digits are truncated toward zero (-1.0005 s -> -1000 ms).
// `format` forces a reading: kIso accepts only ISO forms, kEpochS / kEpochMs read
// any number in that unit whatever its magnitude.

#include <cstdint>
#include <string>
#include <string_view>

namespace fl {

enum class TimeFormat { kAuto, kIso, kEpochS, kEpochMs };
// What one value was read as.
// kDate: a date without a time of day (2024-03-04, 20240304): every event of a day
// gets the same instant, so such a column is a poor event time (see role_checks.h).
enum class TimeKind { kIso, kEpochS, kEpochMs, kEpochUs, kEpochNs, kDate };
inline constexpr int kTimeKindCount = 6;

// Parses "auto" | "iso" | "epoch_s" | "epoch_ms"; false for anything else.
bool ParseTimeFormatName(std::string_view name, TimeFormat* format);
const char* TimeKindName(TimeKind kind);  // iso | epoch_s | epoch_ms | epoch_us | epoch_ns | date

// True and *epoch_ms (and *kind when not null) set when `text` is a timestamp.
bool ParseTimestamp(std::string_view text, TimeFormat format, int64_t* epoch_ms,
                    TimeKind* kind = nullptr);

}  // namespace fl

#endif  // FRICTIONLENS_CORE_INGEST_TIMESTAMP_PARSER_H_
