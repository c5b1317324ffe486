// Bad input never crashes, hangs or silently loses rows: row problems are rejections
// with file/line/column, file problems are fatal Statuses naming file and position.

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "core/ingest/event_table_builder.h"
#include "gtest/gtest.h"

namespace fl {
namespace {

using Files = std::vector<std::pair<std::string, std::string>>;

absl::StatusOr<EventTable> Build(const Files& files, const IngestOptions& options = {}, size_t chunk = 0) {
  EventTableBuilder builder(options);
  for (const auto& [name, bytes] : files) {
    if (absl::Status s = builder.BeginFile(name); !s.ok()) return s;
    const size_t step = chunk == 0 ? std::max<size_t>(bytes.size(), 1) : chunk;
    for (size_t i = 0; i < bytes.size(); i += step) {
      if (absl::Status s = builder.Feed(std::string_view(bytes).substr(i, step)); !s.ok()) return s;
    }
    if (absl::Status s = builder.EndFile(); !s.ok()) return s;
  }
  return builder.Finish();
}

bool Has(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

TEST(IngestBadInputTest, ShortAndLongRows) {
  const std::string csv =
      "user_id,event,ts\n"
      "u,view,1\n"
      "u,view\n"        // line 3: short
      "u,view,2,x\n"    // line 4: long
      "u,view,3\n";
  auto t = Build({{"r.csv", csv}});
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->input.rows, 4);
  EXPECT_EQ(t->input.rejected, 2);
  EXPECT_EQ(t->size(), 2u);
  ASSERT_EQ(t->input.rejections.size(), 2u);
  const Rejection& shortr = t->input.rejections[0];
  EXPECT_EQ(shortr.file, "r.csv");
  EXPECT_EQ(shortr.line, 3);
  EXPECT_EQ(shortr.column, 0);
  EXPECT_EQ(shortr.reason, "row has 2 fields, expected 3 (as in the header)");
  EXPECT_EQ(t->input.rejections[1].line, 4);
  EXPECT_EQ(t->input.rejections[1].reason, "row has 4 fields, expected 3 (as in the header)");
}

TEST(IngestBadInputTest, UnparseableTimeAndEmptyUser) {
  const std::string csv =
      "event,user_id,ts\n"
      "view,u,yesterday\n"          // line 2: time, column 3
      "view,,2024-01-01\n"          // line 3: user, column 2
      ",,\n"                        // line 4: leftmost problem is the event (column 1)
      "view,u,2024-02-30\n";        // line 5: no such date
  auto t = Build({{"x.csv", csv}});
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->input.rejected, 4);
  EXPECT_EQ(t->size(), 0u);
  ASSERT_EQ(t->input.rejections.size(), 4u);
  EXPECT_EQ(t->input.rejections[0].line, 2);
  EXPECT_EQ(t->input.rejections[0].column, 3);
  EXPECT_EQ(t->input.rejections[0].reason, "unparseable time \"yesterday\" in column ts");
  EXPECT_EQ(t->input.rejections[1].line, 3);
  EXPECT_EQ(t->input.rejections[1].column, 2);
  EXPECT_EQ(t->input.rejections[1].reason, "empty user in column user_id");
  EXPECT_EQ(t->input.rejections[2].line, 4);
  EXPECT_EQ(t->input.rejections[2].column, 1);
  EXPECT_EQ(t->input.rejections[2].reason, "empty event in column event");
  EXPECT_EQ(t->input.rejections[3].line, 5);
  EXPECT_EQ(t->input.rejections[3].column, 3);
  // No used events: times stay 0 and nothing is sorted.
  EXPECT_EQ(t->first_time_ms, 0);
  EXPECT_EQ(t->user_count(), 0u);
  EXPECT_EQ(t->user_begin, std::vector<uint32_t>{0});
}

TEST(IngestBadInputTest, OnlyTheFirstTwentyRejectionsAreKept) {
  std::string csv = "user_id,event,ts\n";
  for (int i = 0; i < 50; ++i) csv += "u,view,never\n";
  csv += "u,view,1\n";
  auto t = Build({{"many.csv", csv}});
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->input.rows, 51);
  EXPECT_EQ(t->input.rejected, 50);
  ASSERT_EQ(t->input.rejections.size(), InputStats::kMaxRejectionsKept);
  EXPECT_EQ(t->input.rejections.front().line, 2);
  EXPECT_EQ(t->input.rejections.back().line, 21);
  EXPECT_EQ(t->size(), 1u);
}

TEST(IngestBadInputTest, BinaryFileIsFatalWithOffsetAndLine) {
  std::string bytes = "user_id,event,ts\nu,view,1\nu,vi";
  bytes += '\0';
  bytes += "ew,2\n";
  auto t = Build({{"b.csv", bytes}}, {}, 5);
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().message(), "b.csv: byte 30 (line 3): binary data (NUL byte), not CSV or JSON Lines");

  // A gzip header and nothing more: decompressed on the way (decompressing_input.h), and cut off.
  const std::string gzip("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03", 10);
  auto g = Build({{"e.csv.gz", gzip}});
  ASSERT_FALSE(g.ok());
  EXPECT_EQ(g.status().message(), "e.csv.gz: compressed data ends before the end of the gzip stream (byte 10)");
}

TEST(IngestBadInputTest, MostlyInvalidUtf8IsBinary) {
  std::string bytes = "user_id,event,ts\n";
  for (int i = 0; i < 200; ++i) bytes += static_cast<char>(0x80 + i % 64);
  auto t = Build({{"junk.csv", bytes}});
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.status().message().find("junk.csv: byte 17 (line 2): binary data (200 of the first 217 bytes"),
            absl::string_view::npos)
      << t.status();
}

TEST(IngestBadInputTest, AFewLatin1BytesAreReplacedNotFatal) {
  const std::string csv = "user_id,event,ts\nu,caf\xE9,1\nu,view,2\n";
  auto t = Build({{"l1.csv", csv}});
  ASSERT_TRUE(t.ok()) << t.status();
  ASSERT_EQ(t->size(), 2u);
  EXPECT_EQ(t->event_names.Value(t->event[0]), "caf\xEF\xBF\xBD");
  EXPECT_TRUE(Has(t->input.warnings, "l1.csv: line 2: invalid UTF-8 replaced by U+FFFD in 1 value"));
}

TEST(IngestBadInputTest, EmptyFileIsAWarning) {
  auto t = Build({{"empty.csv", ""}, {"bom.csv", "\xEF\xBB\xBF"}, {"ok.csv", "user,event,ts\nu,a,1\n"},
                  {"header.csv", "user,event,ts\n"}});
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->size(), 1u);
  EXPECT_EQ(t->input.warnings,
            (std::vector<std::string>{"bom.csv: empty file", "empty.csv: empty file", "header.csv: no data rows"}));
}

TEST(IngestBadInputTest, WrongDelimiterShowsAsOneColumn) {
  IngestOptions options;
  options.delimiter = ',';
  auto t = Build({{"semi.csv", "user_id;event;ts\nu;view;1\n"}}, options);
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().message(),
            "semi.csv: line 1: no user, time, event columns found among [user_id;event;ts]; name them with "
            "--map user=COLUMN,time=COLUMN,event=COLUMN "
            "(found 1 column with delimiter ',': is the delimiter right? set it with --delimiter)");
}

TEST(IngestBadInputTest, FatalErrorIsSticky) {
  EventTableBuilder builder(IngestOptions{});
  ASSERT_TRUE(builder.BeginFile("a.csv").ok());
  ASSERT_TRUE(builder.Feed("nothing,useful\n1,2\n").ok());  // still sniffing
  const absl::Status s = builder.EndFile();
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(builder.BeginFile("b.csv"), s);
  EXPECT_EQ(builder.Feed("x"), s);
  EXPECT_EQ(builder.Finish().status(), s);
}

TEST(IngestBadInputTest, CutOffLastLineIsWarnedWhenRejected) {
  auto t = Build({{"cut.csv", "user_id,event,ts\nu,view,1\nu,vi"}});
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->input.rejected, 1);
  EXPECT_EQ(t->input.rejections[0].line, 3);
  EXPECT_TRUE(Has(t->input.warnings, "cut.csv: line 3: last line has no newline and looks cut off"));

  // A complete last line without newline is fine and not warned about.
  auto ok = Build({{"fine.csv", "user_id,event,ts\nu,view,1\nu,buy,2"}});
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->size(), 2u);
  EXPECT_TRUE(ok->input.warnings.empty());
}

// A stray quote that never closes must not swallow the rest of the file as one value
// (it used to, with exit 0 even under --strict): its line is a rejected row with the
// column of the open field, and the lines after it are read as records.
TEST(IngestBadInputTest, UnterminatedQuoteIsRejectedAndReadingGoesOn) {
  for (size_t chunk : {size_t{0}, size_t{1}, size_t{3}}) {
    auto t = Build({{"q.csv", "user_id,event,ts\nu,view,1\nu,\"view,2\nu,view,3\nu,view,4\n"}}, {}, chunk);
    ASSERT_TRUE(t.ok()) << t.status();
    EXPECT_EQ(t->size(), 3u) << chunk;
    EXPECT_EQ(t->input.rows, 4);
    EXPECT_EQ(t->input.rejected, 1);
    ASSERT_EQ(t->input.rejections.size(), 1u);
    EXPECT_EQ(t->input.rejections[0].line, 3);
    EXPECT_EQ(t->input.rejections[0].column, 2);
    EXPECT_EQ(t->input.rejections[0].reason, "a quoted field opened here is never closed");
  }
}

// A stray quote that a later line's quote closes makes one record of the lines between,
// with the wrong field count: only the stray quote's line is rejected, the lines it
// swallowed are read as the records they are.
TEST(IngestBadInputTest, StrayQuoteClosedLinesLaterOnlyCostsItsLine) {
  std::string csv = "user_id,event,ts\nu1,view,1700000000\nu2,\"view,1700000001\n";
  for (int i = 0; i < 50; ++i) csv += "u" + std::to_string(i) + ",view," + std::to_string(1700000002 + i) + "\n";
  csv += "u9,\"cart,now\",1700000100\n";  // a quoted value with a comma closes the stray quote
  csv += "u9,view,1700000101\n";
  for (size_t chunk : {size_t{0}, size_t{1}, size_t{13}}) {
    auto t = Build({{"stray.csv", csv}}, {}, chunk);
    ASSERT_TRUE(t.ok()) << t.status();
    EXPECT_EQ(t->size(), 53u) << chunk;
    EXPECT_EQ(t->input.rows, 54);
    ASSERT_EQ(t->input.rejections.size(), 1u) << chunk;
    EXPECT_EQ(t->input.rejections[0].line, 3);
    EXPECT_EQ(t->input.rejections[0].column, 2);
    EXPECT_NE(t->input.rejections[0].reason.find("runs over the next lines"), std::string::npos);
  }
}

// A quoted field still open after max_quoted_bytes is rejected while the file streams
// (no need to hold the rest of the file), and so is a line over max_line_bytes.
TEST(IngestBadInputTest, OverlongQuotedFieldsAndLinesAreRejectedWhileStreaming) {
  IngestOptions options;
  options.max_quoted_bytes = 64;
  options.max_line_bytes = 256;
  std::string csv = "user_id,event,ts\nu,\"stray,1\n";
  for (int i = 0; i < 40; ++i) csv += "u" + std::to_string(i) + ",view,1700000000\n";
  csv += "u,view," + std::string(1000, '9') + "\n";  // one overlong line
  csv += "w,view,1700000001\n";
  for (size_t chunk : {size_t{0}, size_t{7}}) {
    auto t = Build({{"long.csv", csv}}, options, chunk);
    ASSERT_TRUE(t.ok()) << t.status();
    EXPECT_EQ(t->size(), 41u) << chunk;
    EXPECT_EQ(t->input.rejected, 2);
    ASSERT_EQ(t->input.rejections.size(), 2u);
    EXPECT_EQ(t->input.rejections[0].line, 2);
    EXPECT_NE(t->input.rejections[0].reason.find("still open after 64 bytes"), std::string::npos);
    EXPECT_EQ(t->input.rejections[1].line, 43);
    EXPECT_EQ(t->input.rejections[1].reason, "line longer than 256 bytes");
  }
  std::string jsonl = "{\"user_id\":\"u\",\"event\":\"view\",\"ts\":1700000000}\n{\"user_id\":\"" +
                      std::string(1000, 'x') + "\"}\n{\"user_id\":\"w\",\"event\":\"view\",\"ts\":1700000001}\n";
  auto j = Build({{"long.jsonl", jsonl}}, options, 5);
  ASSERT_TRUE(j.ok()) << j.status();
  EXPECT_EQ(j->size(), 2u);
  ASSERT_EQ(j->input.rejections.size(), 1u);
  EXPECT_EQ(j->input.rejections[0].line, 2);
}

// 1970 in a 2017 capture: rejected at Finish with its line, summarised in one warning,
// and kept out of first/last time.
TEST(IngestBadInputTest, TimeOutliersAreRejected) {
  std::string csv = "user_id,event,ts\n";
  for (int i = 0; i < 2000; ++i) csv += "u" + std::to_string(i % 13) + ",view," + std::to_string(1511658000 + i) + "\n";
  csv += "lonely,view,15\n";                        // line 2002: 1970
  csv += "u1,view,4102444800\n";                    // line 2003: year 2100
  csv += "u1,buy,1511658000";                       // line 2004, no newline, fine
  auto t = Build({{"o.csv", csv}});
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->input.rows, 2003);
  EXPECT_EQ(t->input.rejected, 2);
  EXPECT_EQ(t->size(), 2001u);
  EXPECT_EQ(t->first_time_ms, 1511658000000);
  EXPECT_EQ(t->last_time_ms, (1511658000 + 1999) * int64_t{1000});
  ASSERT_EQ(t->input.rejections.size(), 2u);
  EXPECT_EQ(t->input.rejections[0].line, 2002);
  EXPECT_EQ(t->input.rejections[0].column, 0);
  EXPECT_EQ(t->input.rejections[0].reason,
            "time 1970-01-01T00:00:15Z is far outside the data's range 2017-11-26T01:00:00Z..2017-11-26T01:33:18Z");
  EXPECT_EQ(t->input.rejections[1].line, 2003);
  // The user seen only on the rejected row is not a user.
  EXPECT_EQ(t->users.Find("lonely"), Dictionary::kNotFound);
  EXPECT_EQ(t->user_count(), 13u);
  EXPECT_TRUE(Has(t->input.warnings,
                  "2 rows have times far outside the data's range 2017-11-26T01:00:00Z..2017-11-26T01:33:18Z and "
                  "were rejected (first: o.csv line 2002); keep them with --keep-time-outliers"));

  IngestOptions keep;
  keep.keep_time_outliers = true;
  auto k = Build({{"o.csv", csv}}, keep);
  ASSERT_TRUE(k.ok());
  EXPECT_EQ(k->input.rejected, 0);
  EXPECT_EQ(k->first_time_ms, 15000);
}

TEST(IngestBadInputTest, OutlierAndRowRejectionsMergeInInputOrder) {
  std::string csv = "user_id,event,ts\n";
  // 3000 rows: with one outlier in fewer than 1000, the 0.1% quantile is the outlier.
  for (int i = 0; i < 3000; ++i) {
    csv += i == 500 ? "u,view,15\n" : "u,view," + std::to_string(1700000000 + i) + "\n";
    if (i % 100 == 0) csv += "u,view,nope\n";
  }
  auto t = Build({{"m.csv", csv}});
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->input.rejected, 31);
  ASSERT_EQ(t->input.rejections.size(), 20u);
  std::vector<int64_t> lines;
  for (const Rejection& r : t->input.rejections) lines.push_back(r.line);
  EXPECT_TRUE(std::is_sorted(lines.begin(), lines.end()));
  // Row 500 sits after five "nope" lines and the header: line 500 + 1 + 1 + 5 = 507.
  EXPECT_NE(std::find(lines.begin(), lines.end(), 507), lines.end());
}

TEST(IngestBadInputTest, GarbageNeverCrashes) {
  // Deterministic pseudo-random bytes from a small alphabet that stresses the parser.
  const std::string alphabet = "ab,;\"\n\r\t|{}[]:0123456789-T Z.";
  uint32_t state = 12345;
  for (int round = 0; round < 200; ++round) {
    std::string bytes = "user_id,event,ts\n";
    const int n = 50 + round * 3;
    for (int i = 0; i < n; ++i) {
      state = state * 1103515245 + 12345;
      bytes += alphabet[(state >> 16) % alphabet.size()];
    }
    auto whole = Build({{"g.csv", bytes}});
    auto bytewise = Build({{"g.csv", bytes}}, {}, 1);
    ASSERT_EQ(whole.ok(), bytewise.ok());
    if (whole.ok()) {
      EXPECT_EQ(whole->input.rows, bytewise->input.rows);
      EXPECT_EQ(whole->input.rows, whole->input.rejected + static_cast<int64_t>(whole->size()));
    }
  }
}

}  // namespace
}  // namespace fl

namespace fl {
namespace {

// A NUL byte past the sniffed prefix (64 KiB) rejects its row with the column, instead
// of slipping into an event name.
TEST(IngestBadInputTest, NulBytesAnywhereRejectTheirRow) {
  std::string csv = "user_id,event,ts\n";
  while (csv.size() < 70000) csv += "u1,view,1700000000\n";
  const int64_t good = static_cast<int64_t>(std::count(csv.begin(), csv.end(), '\n')) - 1;
  csv += std::string("u2,vi\0ew,1700000001\n", 20);
  csv += std::string("u3,\"q\0\",1700000002\n", 19);
  csv += "u4,view,1700000003\n";
  for (size_t chunk : {size_t{0}, size_t{4096}}) {
    auto t = Build({{"nul.csv", csv}}, {}, chunk);
    ASSERT_TRUE(t.ok()) << t.status();
    EXPECT_EQ(static_cast<int64_t>(t->size()), good + 1);
    EXPECT_EQ(t->input.rejected, 2);
    ASSERT_EQ(t->input.rejections.size(), 2u);
    EXPECT_EQ(t->input.rejections[0].column, 2);
    EXPECT_EQ(t->input.rejections[0].reason, "NUL byte in column event (binary data?)");
    EXPECT_EQ(t->input.rejections[1].line, good + 3);
  }
  auto j = Build({{"nul.jsonl", "{\"user_id\":\"u\",\"event\":\"v\\u0000x\",\"ts\":1700000000}\n"
                                "{\"user_id\":\"u\",\"event\":\"view\",\"ts\":1700000000}\n"}});
  ASSERT_TRUE(j.ok()) << j.status();
  EXPECT_EQ(j->size(), 1u);
  ASSERT_EQ(j->input.rejections.size(), 1u);
  EXPECT_EQ(j->input.rejections[0].reason, "NUL byte in the value of \"event\"");
}

// Layouts that can be named: a JSON array, CR-only line endings.
TEST(IngestBadInputTest, JsonArraysAndClassicMacLineEndingsAreNamed) {
  auto a = Build({{"events.json", "[{\"user_id\":\"u\",\"event\":\"v\",\"ts\":1}]\n"}});
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.status().message(),
            "events.json: starts with '[': a JSON array, not JSON Lines (one object per line); convert it with: "
            "jq -c '.[]' events.json");
  auto m = Build({{"mac.csv", "user_id,event,ts\ru,view,1700000000\r"}});
  ASSERT_FALSE(m.ok());
  EXPECT_NE(m.status().message().find("lines end with CR only"), std::string::npos);
}

// A header of 100,000 columns is read in linear time, and messages list a bounded
// prefix of it.
TEST(IngestBadInputTest, WideHeadersAreLinearAndMessagesBounded) {
  std::string header = "user_id,event,ts";
  for (int i = 0; i < 100000; ++i) header += ",c" + std::to_string(i);
  std::string row = "u,view,1700000000" + std::string(100000, ',') + "\n";
  auto t = Build({{"wide.csv", header + "\n" + row}});
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->size(), 1u);
  EXPECT_EQ(t->properties.size(), 100000u);
  std::string no_roles = "a" + std::string(100, 'x');
  for (int i = 0; i < 1000; ++i) no_roles += ",k" + std::to_string(i);
  auto bad = Build({{"bad.csv", no_roles + "\n1\n"}});
  ASSERT_FALSE(bad.ok());
  EXPECT_LT(bad.status().message().size(), 600u);
  EXPECT_NE(bad.status().message().find("(981 more)"), std::string::npos);
}

}  // namespace
}  // namespace fl
