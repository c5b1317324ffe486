// FileIngest (core/ingest/file_ingest.h), through EventTableBuilder: each row used or
// rejected with its line, column and reason; per file, rows and rejections counted, and
// the rejections counted by kind (core/ingest/file_stats.h) for the input_quality section.

#include "core/ingest/file_ingest.h"

#include <string>

#include "core/ingest/event_table_builder.h"
#include "core/ingest/file_stats.h"
#include "gtest/gtest.h"

namespace fl {
namespace {

TEST(FileIngest, EveryRowIsUsedOrRejectedWithItsPlace) {
  EventTableBuilder builder{IngestOptions()};
  ASSERT_TRUE(builder.BeginFile("a.csv").ok());
  ASSERT_TRUE(builder
                  .Feed("\xEF\xBB\xBFuser_id,timestamp,event\r\n"
                        "u1,2024-03-01T10:00:00Z,view\r\n"
                        "u1,2024-03-01T10:01:00Z\r\n"
                        "u2,yesterday,view\r\n"
                        ",2024-03-01T10:02:00Z,view\r\n")
                  .ok());
  ASSERT_TRUE(builder.EndFile().ok());
  ASSERT_TRUE(builder.BeginFile("b.csv").ok());
  ASSERT_TRUE(builder.Feed("user_id,timestamp,event\nu3,2024-03-02T09:00:00Z,cart\n").ok());
  ASSERT_TRUE(builder.EndFile().ok());
  ASSERT_EQ(builder.schemas().size(), 2u);
  EXPECT_EQ(builder.schemas()[0].rows, 4);
  EXPECT_EQ(builder.schemas()[0].rejected, 3);
  absl::StatusOr<EventTable> table = builder.Finish();
  ASSERT_TRUE(table.ok()) << table.status();
  const InputStats& input = table->input;
  EXPECT_EQ(input.rows, 5);
  EXPECT_EQ(input.rejected, 3);
  ASSERT_EQ(input.rejections.size(), 3u);
  EXPECT_EQ(input.rejections[0].line, 3);  // the header is line 1
  EXPECT_EQ(input.rejections[1].column, 2);
  EXPECT_EQ(input.rejections[2].column, 1);
  EXPECT_EQ(input.rejected_by_kind,
            (std::map<std::string, int64_t>{{"bad_time", 1}, {"empty_user", 1}, {"wrong_field_count", 1}}));
  ASSERT_EQ(input.per_file.size(), 2u);
  EXPECT_EQ(input.per_file[0].events, 1);
  EXPECT_EQ(input.per_file[1].events, 1);
  EXPECT_EQ(input.per_file[1].first_time_ms, input.per_file[1].last_time_ms);
  EXPECT_LT(input.per_file[0].last_time_ms, input.per_file[1].first_time_ms);
}

TEST(FileIngest, RejectionKindsByWording) {
  EXPECT_EQ(RejectionKind("row has 2 fields, expected 3 (as in the header)"), "wrong_field_count");
  EXPECT_EQ(RejectionKind("empty event in column event"), "empty_event");
  EXPECT_EQ(RejectionKind("empty time in column ts"), "empty_time");
  EXPECT_EQ(RejectionKind("unparseable time \"x\" in column ts"), "bad_time");
  EXPECT_EQ(RejectionKind("time 1970-01-01T00:00:15Z is far outside the data's range"), "time_outlier");
  EXPECT_EQ(RejectionKind("not a JSON object"), "invalid_record");
}

}  // namespace
}  // namespace fl
