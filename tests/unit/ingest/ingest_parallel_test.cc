// Reading one file in parts on several threads (EventTableBuilder::IngestFile) gives
// exactly the table of one sequential read: the same rows, dictionaries in the same
// first-seen order, rejections with the same lines and reasons, the same warnings and
// the same schema. Parts are made tiny here (min_part_bytes = 1) so that cuts land
// everywhere, including next to bad rows, blank lines and the unterminated last line.

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "core/ingest/event_table_builder.h"
#include "core/ingest/parallel_ingest.h"
#include "gtest/gtest.h"
#include "unit/robustness_support.h"

namespace fl {
namespace {

using testing::DemoCsv;
using testing::DemoJsonl;

// Everything a table holds, as text, so that two tables compare in one EXPECT_EQ.
std::string Describe(const EventTable& t, const std::vector<FileSchema>& schemas) {
  std::string out;
  for (size_t row = 0; row < t.size(); ++row) {
    const uint32_t user = t.UserOf(row);
    absl::StrAppend(&out, user, ":", t.users.Value(user), " ", t.time_ms[row], " ", t.event[row], ":",
                    t.event_names.Value(t.event[row]), " s", t.session[row]);
    for (const PropertyColumn& c : t.properties) absl::StrAppend(&out, " ", c.name, "=", c.ids[row], ":", c.values.Value(c.ids[row]));
    out += "\n";
  }
  for (uint32_t b : t.user_begin) absl::StrAppend(&out, b, ",");
  for (uint32_t s : t.user_first_session) absl::StrAppend(&out, s, ",");
  absl::StrAppend(&out, "\nrows ", t.input.rows, " rejected ", t.input.rejected, " sessions ", t.session_count, "\n");
  for (const Rejection& r : t.input.rejections) absl::StrAppend(&out, r.file, ":", r.line, ":", r.column, " ", r.reason, "\n");
  for (const std::string& w : t.input.warnings) absl::StrAppend(&out, "warning ", w, "\n");
  for (const FileSchema& s : schemas) {
    absl::StrAppend(&out, s.file, " ", s.format, " ", std::string(1, s.delimiter), " ", s.header, " ", s.time_format, " ",
                    s.rows, " ", s.rejected, " [", absl::StrJoin(s.columns, ","), "] ", s.user_column, " ",
                    s.time_column, " ", s.event_column, " ", s.session_column, "\n");
  }
  return out;
}

std::string Sequential(const std::string& bytes, const IngestOptions& options) {
  EventTableBuilder builder(options);
  EXPECT_TRUE(builder.BeginFile("in").ok());
  EXPECT_TRUE(builder.Feed(bytes).ok());
  EXPECT_TRUE(builder.EndFile().ok());
  absl::StatusOr<EventTable> table = builder.Finish();
  EXPECT_TRUE(table.ok()) << table.status();
  return table.ok() ? Describe(*table, builder.schemas()) : "";
}

std::string InParts(const std::string& bytes, IngestOptions options, int threads) {
  options.threads = threads;  // the column work (appending parts, sorting) too
  EventTableBuilder builder(options);
  BytesInput input(bytes);
  absl::Status s = builder.IngestFile("in", input, threads, /*min_part_bytes=*/1);
  EXPECT_TRUE(s.ok()) << s;
  absl::StatusOr<EventTable> table = builder.Finish();
  EXPECT_TRUE(table.ok()) << table.status();
  return table.ok() ? Describe(*table, builder.schemas()) : "";
}

void ExpectSameForAnyThreads(const std::string& bytes, const IngestOptions& options = IngestOptions()) {
  const std::string expected = Sequential(bytes, options);
  ASSERT_FALSE(expected.empty());
  for (int threads : {1, 2, 3, 4, 7, 16}) {
    EXPECT_EQ(InParts(bytes, options, threads), expected) << threads << " threads";
  }
}

// Inserts `text` at the start of the line nearest to `fraction` of the bytes.
void InsertLine(std::string* bytes, double fraction, const std::string& text) {
  size_t at = bytes->find('\n', static_cast<size_t>(bytes->size() * fraction));
  ASSERT_NE(at, std::string::npos);
  bytes->insert(at + 1, text);
}

TEST(IngestParallelTest, DemoCsvWithBadRowsMatchesOneThread) {
  std::string csv = DemoCsv(600, 7);
  ASSERT_GT(csv.size(), 200000u);  // well past the 64 KB sniff prefix
  InsertLine(&csv, 0.40, "only,three,fields\n");
  InsertLine(&csv, 0.55, "\n\r\n");
  InsertLine(&csv, 0.60, "u9,not a time,page_view,ios,DE,safari,/,,,,,,,,,\n");
  InsertLine(&csv, 0.70, "u9,2026-12-20T12:00:00Z,page_view,i\xffos,DE,safari,/,,,,,,,,,\n");
  InsertLine(&csv, 0.80, "u10,1970-01-01T00:00:01Z,page_view,ios,DE,safari,/,,,,,,,,,\n");  // time outlier
  csv += "u11,2026-12-20T12:00:00Z,page_view,ios,DE,safari,/,,,,,,,,,";  // no newline at the end
  ExpectSameForAnyThreads(csv);
}

// A quote opened near the end and never closed: the last part reads the rest of the
// file as one field, and the warning names its line, as one reader would.
TEST(IngestParallelTest, UnclosedQuoteNearTheEndMatchesOneThread) {
  std::string csv = DemoCsv(400, 9);
  InsertLine(&csv, 0.97, "u8,2026-12-20T12:00:00Z,page_view,ios,DE,safari,\"/never closed,,,,,,,,,\n");
  const std::string expected = Sequential(csv, IngestOptions());
  EXPECT_NE(expected.find("never closed"), std::string::npos);
  for (int threads : {2, 3, 5}) EXPECT_EQ(InParts(csv, IngestOptions(), threads), expected) << threads;
}

TEST(IngestParallelTest, CrlfCsvMatchesOneThread) {
  std::string csv = DemoCsv(400, 3), crlf;
  for (char c : csv) {
    if (c == '\n') crlf += '\r';
    crlf += c;
  }
  ExpectSameForAnyThreads(crlf);
}

// Quoted fields with newlines inside: a cut may land inside one. The part before
// then does not end on a record boundary, and the file is read by one reader: the
// same table either way. 200 such fields (a third of the bytes) spread over the file,
// so that some cuts land inside quotes and some runs go through whole.
TEST(IngestParallelTest, NewlinesInsideQuotesMatchOneThread) {
  std::string csv = DemoCsv(400, 5);
  for (int i = 1; i <= 200; ++i) {
    std::string value = "\"/a";
    for (int k = 0; k < 100; ++k) value += "\n,\"\"x";
    value += "\"";
    InsertLine(&csv, i / 201.0, absl::StrCat("u7,2026-12-20T12:00:00Z,page_view,ios,DE,safari,", value, ",,,,,,,,,\n"));
  }
  ExpectSameForAnyThreads(csv);
}

TEST(IngestParallelTest, JsonLinesWithLateKeysAndBadLinesMatchesOneThread) {
  std::string jsonl = DemoJsonl(600, 11);
  InsertLine(&jsonl, 0.5, "{\"user_id\":\"late\",\"timestamp\":\"2026-12-20T12:00:00Z\",\"event\":\"x\",\"coupon\":\"SAVE\"}\n");
  InsertLine(&jsonl, 0.75, "{\"user_id\":\"late\",\"timestamp\":\"2026-12-20T12:00:01Z\",\"event\":\"y\",\"zeta\":1,\"coupon\":\"B\"}\n");
  InsertLine(&jsonl, 0.6, "{not json\n");
  InsertLine(&jsonl, 0.9, "   \n");
  ExpectSameForAnyThreads(jsonl);
}

TEST(IngestParallelTest, SessionColumnMatchesOneThread) {
  std::string csv = "user_id,timestamp,event,session_id\n";
  for (int i = 0; i < 20000; ++i) {
    absl::StrAppend(&csv, "u", i % 97, ",2026-12-", 10 + i % 9, "T10:", 10 + i % 50, ":00Z,e", i % 5, ",s", i % 13, "\n");
  }
  ExpectSameForAnyThreads(csv);
}

TEST(IngestParallelTest, ManySessionsPerUserAcrossPartsMatchOneThread) {
  // Session values are numbered per user in each part and renumbered when the parts are
  // joined: users whose values recur in several parts, come back after another value,
  // or are empty on some rows must come out as one thread reads them.
  std::string csv = "user_id,timestamp,event,session_id\n";
  for (int i = 0; i < 30000; ++i) {
    const int user = (i * 7919) % 1013;
    const std::string session = i % 11 == 0 ? "" : absl::StrCat("visit-", (i / 400 + user) % 6);
    absl::StrAppend(&csv, "p", user, ",2026-12-", 10 + (i / 1000) % 9, "T", 10 + i % 12, ":", 10 + i % 50, ":00Z,e",
                    i % 5, ",", session, "\n");
  }
  ExpectSameForAnyThreads(csv);
}

TEST(IngestParallelTest, PlanCountsLinesAndCutsAfterNewlines) {
  std::string text;
  for (int i = 0; i < 1000; ++i) absl::StrAppend(&text, "line ", i, "\n");
  BytesInput input(text);
  absl::StatusOr<std::vector<FilePart>> plan = PlanFileParts(input, 0, 1, 3);
  ASSERT_TRUE(plan.ok());
  ASSERT_EQ(plan->size(), 3u);
  EXPECT_EQ((*plan)[0].begin, 0);
  EXPECT_EQ(plan->back().end, static_cast<int64_t>(text.size()));
  for (size_t i = 0; i < plan->size(); ++i) {
    const FilePart& p = (*plan)[i];
    if (i > 0) {
      EXPECT_EQ(p.begin, (*plan)[i - 1].end);
      EXPECT_EQ(text[p.begin - 1], '\n');
    }
    // The part's first line is "line <first_line - 1>".
    EXPECT_EQ(text.substr(p.begin, text.find('\n', p.begin) - p.begin), absl::StrCat("line ", p.first_line - 1));
  }
}

}  // namespace
}  // namespace fl
