// Pins every timestamp form the ingest accepts (core/ingest/timestamp_parser.h).

#include "core/ingest/timestamp_parser.h"
#include "core/time_format.h"

#include <cstdint>
#include <string>

#include "gtest/gtest.h"

namespace fl {
namespace {

constexpr int64_t kDay = 86400000;
constexpr int64_t kHour = 3600000;

int64_t Parse(const std::string& text, TimeFormat format = TimeFormat::kAuto, TimeKind* kind = nullptr) {
  int64_t ms = 0;
  EXPECT_TRUE(ParseTimestamp(text, format, &ms, kind)) << "should parse: \"" << text << "\"";
  return ms;
}

bool Fails(const std::string& text, TimeFormat format = TimeFormat::kAuto) {
  int64_t ms = 0;
  return !ParseTimestamp(text, format, &ms);
}

// Days since 1970-01-01 counted naively, day by day per month (independent of the
// parser's closed-form arithmetic).
int64_t NaiveDays(int year, int month, int day) {
  auto leap = [](int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; };
  const int month_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int64_t days = 0;
  if (year >= 1970) {
    for (int y = 1970; y < year; ++y) days += leap(y) ? 366 : 365;
  } else {
    for (int y = year; y < 1970; ++y) days -= leap(y) ? 366 : 365;
  }
  for (int m = 1; m < month; ++m) days += month_days[m - 1] + (m == 2 && leap(year));
  return days + day - 1;
}

TEST(TimestampParserTest, IsoBasicForms) {
  EXPECT_EQ(Parse("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(Parse("2017-11-26T01:00:00Z"), 1511658000000);
  EXPECT_EQ(Parse("2017-11-26t01:00:00z"), 1511658000000);
  EXPECT_EQ(Parse("2017-11-26 01:00:00"), 1511658000000);      // no zone = UTC
  EXPECT_EQ(Parse("2017-11-26 01:00:00 UTC"), 1511658000000);  // "YYYY-MM-DD HH:MM:SS UTC"
  EXPECT_EQ(Parse("2017-11-26 01:00:00UTC"), 1511658000000);
  EXPECT_EQ(Parse("2017-11-26T01:00Z"), 1511658000000);  // seconds omitted
  EXPECT_EQ(Parse("2017-11-26T01:00"), 1511658000000);
  EXPECT_EQ(Parse("2017-11-26"), 1511654400000);  // a date is midnight UTC
  EXPECT_EQ(Parse("  2017-11-26T01:00:00Z\t"), 1511658000000);
  EXPECT_EQ(Parse("2016-12-31T23:59:59Z"), 1483228799000);
}

TEST(TimestampParserTest, IsoFractionsTruncateToMilliseconds) {
  EXPECT_EQ(Parse("2017-11-26T01:00:00.1Z"), 1511658000100);
  EXPECT_EQ(Parse("2017-11-26T01:00:00.12Z"), 1511658000120);
  EXPECT_EQ(Parse("2017-11-26T01:00:00.123Z"), 1511658000123);
  EXPECT_EQ(Parse("2017-11-26T01:00:00.1239Z"), 1511658000123);
  EXPECT_EQ(Parse("2017-11-26T01:00:00.999999999Z"), 1511658000999);
  EXPECT_EQ(Parse("2017-11-26 01:00:00.000000"), 1511658000000);
  EXPECT_EQ(Parse("2017-11-26T01:00:00,5Z"), 1511658000500);  // ISO allows a comma
  EXPECT_EQ(Parse("2019-05-20 07:07:47.000Z"), 1558336067000);
}

TEST(TimestampParserTest, IsoZones) {
  const int64_t utc = 1511658000000;  // 2017-11-26T01:00:00Z
  EXPECT_EQ(Parse("2017-11-26T03:00:00+02:00"), utc);
  EXPECT_EQ(Parse("2017-11-26T03:00:00+0200"), utc);
  EXPECT_EQ(Parse("2017-11-26T03:00:00+02"), utc);
  EXPECT_EQ(Parse("2017-11-25T17:00:00-08:00"), utc);
  EXPECT_EQ(Parse("2017-11-26T06:30:00+05:30"), utc);
  EXPECT_EQ(Parse("2017-11-26T06:30:00.250+0530"), utc + 250);
  EXPECT_EQ(Parse("2017-11-26 03:00:00 +02:00"), utc);
  EXPECT_EQ(Parse("2017-11-26T01:00:00+00:00"), utc);
  EXPECT_EQ(Parse("2017-11-26T01:00:00-00:00"), utc);
  // Zones move across the date line.
  EXPECT_EQ(Parse("2017-11-26T00:30:00+01:00"), Parse("2017-11-25T23:30:00Z"));
}

TEST(TimestampParserTest, LeapYearsAndMonthLengths) {
  EXPECT_EQ(Parse("2000-02-29"), 951782400000);  // divisible by 400: leap
  EXPECT_EQ(Parse("2024-02-29"), 1709164800000);
  EXPECT_EQ(Parse("2024-03-01") - Parse("2024-02-28"), 2 * kDay);
  EXPECT_EQ(Parse("2023-03-01") - Parse("2023-02-28"), kDay);
  EXPECT_TRUE(Fails("2023-02-29"));
  EXPECT_TRUE(Fails("1900-02-29"));  // divisible by 100, not 400: not leap
  EXPECT_TRUE(Fails("2100-02-29"));
  EXPECT_TRUE(Fails("2017-04-31"));
  EXPECT_TRUE(Fails("2017-11-31"));
  EXPECT_EQ(Parse("2017-12-31"), Parse("2018-01-01") - kDay);
  EXPECT_EQ(Parse("2016-12-31T23:59:60Z"), Parse("2017-01-01T00:00:00Z"));  // leap second rolls over
}

TEST(TimestampParserTest, EveryDayFrom1900To2100MatchesNaiveCount) {
  const int month_days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  char text[32];
  for (int y = 1900; y <= 2100; ++y) {
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    for (int m = 1; m <= 12; ++m) {
      const int days = month_days[m - 1] + (m == 2 && leap);
      for (int d = 1; d <= days; ++d) {
        std::snprintf(text, sizeof(text), "%04d-%02d-%02dT12:34:56.789Z", y, m, d);
        int64_t ms = 0;
        ASSERT_TRUE(ParseTimestamp(text, TimeFormat::kAuto, &ms)) << text;
        ASSERT_EQ(ms, NaiveDays(y, m, d) * kDay + ((12 * 60 + 34) * 60 + 56) * 1000 + 789) << text;
        ASSERT_EQ(FormatIsoUtc(ms), std::string(text)) << "round trip";
      }
    }
  }
}

TEST(TimestampParserTest, EpochUnitsByMagnitude) {
  TimeKind kind;
  EXPECT_EQ(Parse("1511658000", TimeFormat::kAuto, &kind), 1511658000000);
  EXPECT_EQ(kind, TimeKind::kEpochS);
  EXPECT_EQ(Parse("1511658000123", TimeFormat::kAuto, &kind), 1511658000123);
  EXPECT_EQ(kind, TimeKind::kEpochMs);
  EXPECT_EQ(Parse("1511658000123456", TimeFormat::kAuto, &kind), 1511658000123);
  EXPECT_EQ(kind, TimeKind::kEpochUs);
  EXPECT_EQ(Parse("1511658000123456789", TimeFormat::kAuto, &kind), 1511658000123);
  EXPECT_EQ(kind, TimeKind::kEpochNs);
  EXPECT_EQ(Parse("1511658000.5"), 1511658000500);  // fractional seconds
  EXPECT_EQ(Parse("1511658000.123999"), 1511658000123);
  EXPECT_EQ(Parse("1659304800025.9"), 1659304800025);  // sub-ms fraction truncated
  EXPECT_EQ(Parse("0"), 0);
  EXPECT_EQ(Parse("15"), 15000);
  EXPECT_EQ(Parse("+15"), 15000);
  EXPECT_EQ(Parse("-1"), -1000);
  EXPECT_EQ(Parse("-1.5"), -1500);
  EXPECT_EQ(Parse(" 1511658000 "), 1511658000000);
}

TEST(TimestampParserTest, EpochBoundaries) {
  TimeKind kind;
  // 1e11 - 1 is still seconds (year 5138), 1e11 is milliseconds (1973).
  EXPECT_EQ(Parse("99999999999", TimeFormat::kAuto, &kind), 99999999999000);
  EXPECT_EQ(kind, TimeKind::kEpochS);
  EXPECT_EQ(Parse("100000000000", TimeFormat::kAuto, &kind), 100000000000);
  EXPECT_EQ(kind, TimeKind::kEpochMs);
  EXPECT_EQ(Parse("-100000000000", TimeFormat::kAuto, &kind), -100000000000);  // |value| decides
  EXPECT_EQ(kind, TimeKind::kEpochMs);
  EXPECT_EQ(Parse("99999999999999", TimeFormat::kAuto, &kind), 99999999999999);
  EXPECT_EQ(kind, TimeKind::kEpochMs);
  EXPECT_EQ(Parse("100000000000000", TimeFormat::kAuto, &kind), 100000000000);
  EXPECT_EQ(kind, TimeKind::kEpochUs);
  EXPECT_EQ(Parse("99999999999999999", TimeFormat::kAuto, &kind), 99999999999999);
  EXPECT_EQ(kind, TimeKind::kEpochUs);
  EXPECT_EQ(Parse("100000000000000000", TimeFormat::kAuto, &kind), 100000000000);
  EXPECT_EQ(kind, TimeKind::kEpochNs);
  EXPECT_EQ(Parse("9223372036854775807"), 9223372036854);  // int64 max nanoseconds
}

TEST(TimestampParserTest, ForcedFormats) {
  TimeKind kind;
  EXPECT_EQ(Parse("1511658000000", TimeFormat::kEpochS, &kind), 1511658000000000);
  EXPECT_EQ(kind, TimeKind::kEpochS);
  EXPECT_EQ(Parse("1511658000", TimeFormat::kEpochMs, &kind), 1511658000);
  EXPECT_EQ(kind, TimeKind::kEpochMs);
  EXPECT_EQ(Parse("15.25", TimeFormat::kEpochS), 15250);
  EXPECT_EQ(Parse("2017-11-26", TimeFormat::kIso, &kind), 1511654400000);
  EXPECT_EQ(kind, TimeKind::kDate);  // a date without a time of day
  EXPECT_TRUE(Fails("1511658000", TimeFormat::kIso));
  EXPECT_TRUE(Fails("2017-11-26", TimeFormat::kEpochS));
  EXPECT_TRUE(Fails("2017-11-26T01:00:00Z", TimeFormat::kEpochMs));
  EXPECT_TRUE(Fails("9300000000000000", TimeFormat::kEpochS));  // overflows in ms
}

TEST(TimestampParserTest, GarbageIsRejected) {
  for (const char* text : {"", " ", "abc", "pv", "NaN", "1e9", "1.2.3", "12abc", "--1", "+", "-", ".5", "15.",
                           "0x10", "2017-11", "2017-11-2", "2017-1-26", "17-11-26", "2017/11/26",
                           "2017-13-01", "2017-00-10", "2017-11-00", "2017-11-26T", "2017-11-26T1:00:00",
                           "2017-11-26T24:00:00", "2017-11-26T01:60:00", "2017-11-26T01:00:61",
                           "2017-11-26T01:00:00.", "2017-11-26T01:00:00.Z", "2017-11-26T01:00:00+25:00",
                           "2017-11-26T01:00:00+02:0", "2017-11-26T01:00:00 PST", "2017-11-26T01:00:00Zjunk",
                           "2017-11-26x01:00:00", "12345678901234567890", "1 2", "2017-11-26T01:00:00 +"}) {
    EXPECT_TRUE(Fails(text)) << "should fail: \"" << text << "\"";
  }
}

TEST(TimestampParserTest, FormatNamesAndIsoRendering) {
  TimeFormat format;
  EXPECT_TRUE(ParseTimeFormatName("auto", &format));
  EXPECT_EQ(format, TimeFormat::kAuto);
  EXPECT_TRUE(ParseTimeFormatName("epoch_ms", &format));
  EXPECT_EQ(format, TimeFormat::kEpochMs);
  EXPECT_TRUE(ParseTimeFormatName("epoch_s", &format));
  EXPECT_EQ(format, TimeFormat::kEpochS);
  EXPECT_TRUE(ParseTimeFormatName("iso", &format));
  EXPECT_EQ(format, TimeFormat::kIso);
  EXPECT_FALSE(ParseTimeFormatName("unix", &format));
  EXPECT_STREQ(TimeKindName(TimeKind::kEpochUs), "epoch_us");

  EXPECT_EQ(FormatIsoUtc(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(FormatIsoUtc(15000), "1970-01-01T00:00:15Z");
  EXPECT_EQ(FormatIsoUtc(1511658000123), "2017-11-26T01:00:00.123Z");
  EXPECT_EQ(FormatIsoUtc(-1), "1969-12-31T23:59:59.999Z");
  EXPECT_EQ(FormatIsoUtc(-kHour), "1969-12-31T23:00:00Z");
}

}  // namespace
}  // namespace fl

namespace fl {
namespace {

// GA4's BigQuery event_date: read as epoch seconds, "20240304" would be 1970-08-23.
TEST(TimestampParserTest, CompactDatesAreDatesNotSeconds) {
  int64_t ms = 0;
  TimeKind kind;
  ASSERT_TRUE(ParseTimestamp("20240304", TimeFormat::kAuto, &ms, &kind));
  EXPECT_EQ(ms, 1709510400000);
  EXPECT_EQ(kind, TimeKind::kDate);
  ASSERT_TRUE(ParseTimestamp("2024-03-04", TimeFormat::kAuto, &ms, &kind));
  EXPECT_EQ(kind, TimeKind::kDate);
  // Not a valid date: still epoch seconds; forced formats read the number.
  ASSERT_TRUE(ParseTimestamp("20241304", TimeFormat::kAuto, &ms, &kind));
  EXPECT_EQ(kind, TimeKind::kEpochS);
  ASSERT_TRUE(ParseTimestamp("20240304", TimeFormat::kEpochS, &ms, &kind));
  EXPECT_EQ(ms, 20240304000);
  EXPECT_STREQ(TimeKindName(TimeKind::kDate), "date");
}

}  // namespace
}  // namespace fl
