// The ingest fast paths give exactly what the general paths give: the JSON Lines
// flat-object scanner against nlohmann's SAX parser, line by line; the CSV splitter
// (16 bytes at a time) and the per-column repeat caches through whole tables.

#include <string>
#include <vector>

#include "core/demo/demo_store.h"
#include "core/ingest/csv_tokenizer.h"
#include "core/ingest/event_table_builder.h"
#include "core/ingest/jsonl_reader.h"
#include "core/ingest/timestamp_parser.h"
#include "core/time_format.h"
#include "gtest/gtest.h"

namespace fl {
namespace {

struct Flat {
  bool ok = false;
  std::vector<std::pair<std::string, std::string>> pairs;
  std::string error;
};

Flat Run(bool (*flatten)(std::string_view, FlatObject*, std::string*), const std::string& line) {
  FlatObject object;
  Flat out;
  out.ok = flatten(line, &object, &out.error);
  if (out.ok) {
    for (size_t i = 0; i < object.size; ++i) out.pairs.emplace_back(object.keys[i], object.values[i]);
  } else {
    out.error.clear();  // the message may differ only if one path accepted
  }
  return out;
}

void ExpectSame(const std::string& line) {
  const Flat fast = Run(&FlattenJsonLine, line);
  const Flat sax = Run(&FlattenJsonLineSax, line);
  EXPECT_EQ(fast.ok, sax.ok) << line;
  EXPECT_EQ(fast.pairs, sax.pairs) << line;
}

TEST(IngestFastPathsTest, JsonFlatLinesMatchTheSaxParser) {
  const std::vector<std::string> lines = {
      R"({"user_id":"100000","timestamp":"2026-11-08T12:19:30.657Z","event":"page_view","x":12,"price":88.98})",
      R"({})",
      R"(  { "a" : "b" , "c":1 }  )",
      "{\"a\":\"b\"}\r",
      R"({"t":true,"f":false,"n":null,"z":0,"neg":-12,"big":123456789012345678})",
      R"({"e":1e3,"E":-2.5E-3,"frac":0.50,"plus":1e+2})",
      R"({"neg0":-0,"negf":-0.0})",                 // -0 is an integer 0: general path
      R"({"huge":12345678901234567890123})",        // beyond int64: general path
      R"({"a":"x\"y","b":"\u00e9"})",               // escapes: general path
      R"({"nested":{"k":1},"arr":[1,2]})",          // nesting: general path
      "{\"utf8\":\"caf\xc3\xa9\"}",                 // non-ASCII: general path
      R"({"dup":"1","dup":"2"})",
      R"({"":"empty key"})",
      // invalid lines: both reject
      R"({"a":1,})", R"({"a":01})", R"({"a":1.})", R"({"a":.5})", R"({"a":-})", R"({"a":1e})",
      R"({"a":tru})", R"({"a":"unterminated})", R"({"a" "b"})", R"({"a":1} x)", R"([1,2])", R"("text")",
      "{\"ctl\":\"a\tb\"}", R"({a:1})", R"({"a":1)", "",
  };
  for (const std::string& line : lines) ExpectSame(line);
}

TEST(IngestFastPathsTest, JsonDemoStoreLinesMatchTheSaxParser) {
  DemoStoreOptions options;
  options.users = 300;
  std::string line;
  int checked = 0;
  GenerateDemoStore(options, [&](const DemoEvent& event) {
    line.clear();
    AppendDemoJsonLine(event, &line);
    while (!line.empty() && line.back() == '\n') line.pop_back();
    ExpectSame(line);
    ++checked;
  });
  EXPECT_GT(checked, 1000);
}

TEST(IngestFastPathsTest, CsvSplitFindsEveryDelimiterAcrossBlockEdges) {
  // Lines of every length from 0 to 70 with delimiters at every position pattern
  // that crosses the 16-byte blocks, against a byte-by-byte split.
  for (char delimiter : {',', ';', '\t'}) {
    CsvTokenizer tokenizer(delimiter);
    for (size_t size = 0; size <= 70; ++size) {
      for (size_t stride : {1, 2, 3, 5, 15, 16, 17}) {
        std::string text(size, 'a');
        for (size_t i = 0; i < size; i += stride) text[i] = delimiter;
        std::vector<std::string> expected(1);
        for (char c : text) {
          if (c == delimiter) expected.emplace_back(); else expected.back().push_back(c);
        }
        CsvRecord record;
        const std::string input = text + "\n";
        ASSERT_EQ(tokenizer.Next(input, false, &record), input.size());
        std::vector<std::string> got(record.fields.begin(), record.fields.end());
        EXPECT_EQ(got, expected) << "size " << size << " stride " << stride;
      }
    }
  }
}

// Builds the demo store from CSV and from JSON Lines; the two tables must hold the
// same values row for row (the repeat caches must never return a stale id).
TEST(IngestFastPathsTest, CsvAndJsonLinesGiveTheSameTable) {
  DemoStoreOptions options;
  options.users = 500;
  std::string csv = DemoCsvHeader(), jsonl;
  GenerateDemoStore(options, [&](const DemoEvent& event) {
    AppendDemoCsvRow(event, &csv);
    AppendDemoJsonLine(event, &jsonl);
  });
  auto build = [](const std::string& name, const std::string& bytes) {
    EventTableBuilder builder{IngestOptions()};
    EXPECT_TRUE(builder.BeginFile(name).ok());
    for (size_t i = 0; i < bytes.size(); i += 4093) EXPECT_TRUE(builder.Feed(std::string_view(bytes).substr(i, 4093)).ok());
    EXPECT_TRUE(builder.EndFile().ok());
    absl::StatusOr<EventTable> table = builder.Finish();
    EXPECT_TRUE(table.ok());
    return *std::move(table);
  };
  const EventTable a = build("demo.csv", csv);
  const EventTable b = build("demo.jsonl", jsonl);
  ASSERT_EQ(a.size(), b.size());
  ASSERT_GT(a.size(), 1000u);
  for (size_t row = 0; row < a.size(); ++row) {
    ASSERT_EQ(a.users.Value(a.UserOf(row)), b.users.Value(b.UserOf(row))) << row;
    ASSERT_EQ(a.time_ms[row], b.time_ms[row]) << row;
    ASSERT_EQ(a.event_names.Value(a.event[row]), b.event_names.Value(b.event[row])) << row;
  }
  for (const PropertyColumn& column : a.properties) {
    const int other = b.FindProperty(column.name);
    ASSERT_GE(other, 0) << column.name;
    const PropertyColumn& o = b.properties[other];
    for (size_t row = 0; row < a.size(); ++row) {
      ASSERT_EQ(column.values.Value(column.ids[row]), o.values.Value(o.ids[row])) << column.name << " row " << row;
    }
  }
}

// "YYYY-MM-DDTHH:MM:SS[.mmm]Z" takes a fixed-position path; the same text with a
// lowercase 't' (or "+00:00" for "Z") takes the general one: both must agree, and
// both must refuse the same impossible dates and times.
TEST(IngestFastPathsTest, FixedFormIsoTimesMatchTheGeneralParser) {
  for (int64_t ms = -2208988800000; ms < 4102444800000; ms += 86400000LL * 37 + 3600000LL * 5 + 61001) {
    for (int64_t t : {ms, ms - ms % 1000}) {
      const std::string fixed = FormatIsoUtc(t);
      std::string general = fixed;
      general[10] = 't';
      int64_t a = 0, b = 0;
      ASSERT_TRUE(ParseTimestamp(fixed, TimeFormat::kAuto, &a, nullptr)) << fixed;
      ASSERT_TRUE(ParseTimestamp(general, TimeFormat::kAuto, &b, nullptr)) << general;
      EXPECT_EQ(a, t) << fixed;
      EXPECT_EQ(b, t) << general;
    }
  }
  for (const char* bad : {"2026-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-00-10T00:00:00.000Z",
                          "2026-01-01T24:00:00Z", "2026-01-01T10:60:00Z", "2026-01-01T10:00:61.000Z",
                          "2026-01-01T10:00:0x.000Z", "2026-01-01T10:00:00.0a0Z"}) {
    int64_t out = 0;
    EXPECT_FALSE(ParseTimestamp(bad, TimeFormat::kAuto, &out, nullptr)) << bad;
  }
  int64_t leap = 0, next = 0;
  ASSERT_TRUE(ParseTimestamp("2024-02-29T23:59:60Z", TimeFormat::kAuto, &leap, nullptr));
  ASSERT_TRUE(ParseTimestamp("2024-03-01T00:00:00Z", TimeFormat::kAuto, &next, nullptr));
  EXPECT_EQ(leap, next);  // a leap second rolls into the next minute, as in the general path
}

}  // namespace
}  // namespace fl
