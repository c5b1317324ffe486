// The shard file: every shard of the demo store reads back field by field; the hash that
// picks a user's shard is pinned (a change would split old shard sets differently); and
// damaged, cut, forged or foreign bytes are refused with the file and the reason.

#include <string>
#include <vector>

#include "core/demo/demo_store.h"
#include "core/report/report_builder.h"
#include "core/scaleout/table_shard.h"
#include "gtest/gtest.h"
#include "unit/section_test_support.h"

namespace fl {
namespace {

EventTable DemoTable() {
  DemoStoreOptions options;
  options.users = 300;
  options.seed = 5;
  options.experiment = true;
  options.checkout_form = true;
  return testing::DemoStoreTable(options);
}

void ExpectSameTable(const EventTable& got, const EventTable& want) {
  ASSERT_EQ(got.user_count(), want.user_count());
  for (uint32_t u = 0; u < want.user_count(); ++u) EXPECT_EQ(got.users.Value(u), want.users.Value(u));
  EXPECT_EQ(got.user_begin, want.user_begin);
  EXPECT_EQ(got.user_first_session, want.user_first_session);
  EXPECT_EQ(got.session_count, want.session_count);
  EXPECT_EQ(got.time_ms, want.time_ms);
  ASSERT_EQ(got.size(), want.size());
  for (size_t row = 0; row < want.size(); ++row) {
    ASSERT_EQ(got.event[row], want.event[row]) << row;
    ASSERT_EQ(got.session[row], want.session[row]) << row;
  }
  ASSERT_EQ(got.event_names.size(), want.event_names.size());
  for (uint32_t e = 0; e < want.event_names.size(); ++e) EXPECT_EQ(got.event_names.Value(e), want.event_names.Value(e));
  ASSERT_EQ(got.properties.size(), want.properties.size());
  for (size_t p = 0; p < want.properties.size(); ++p) {
    EXPECT_EQ(got.properties[p].name, want.properties[p].name);
    ASSERT_EQ(got.properties[p].values.size(), want.properties[p].values.size());
    for (size_t row = 0; row < want.size(); ++row) ASSERT_EQ(got.properties[p].ids[row], want.properties[p].ids[row]);
  }
  EXPECT_EQ(got.first_time_ms, want.first_time_ms);
  EXPECT_EQ(got.last_time_ms, want.last_time_ms);
  EXPECT_EQ(got.whole_events, want.whole_events);
  EXPECT_EQ(got.whole_rows_set, want.whole_rows_set);
  EXPECT_EQ(got.input.rows, want.input.rows);
  EXPECT_EQ(got.input.files, want.input.files);
  EXPECT_EQ(got.input.per_file.size(), want.input.per_file.size());
}

TEST(TableShardFile, EveryShardReadsBackFieldByField) {
  const EventTable table = DemoTable();
  auto context = std::make_shared<const ScaleoutContext>(ScaleoutContext::Of(table, InputSectionToJson(table)));
  for (const TableShard& shard : SplitTable(table, 3, context)) {
    const std::string bytes = WriteTableShard(shard);
    ASSERT_TRUE(LooksLikeTableShard(bytes));
    absl::StatusOr<TableShard> back = ReadTableShard(bytes, "s.fltable");
    ASSERT_TRUE(back.ok()) << back.status();
    EXPECT_EQ(back->index, shard.index);
    EXPECT_EQ(back->count, 3u);
    EXPECT_EQ(back->context->input_id, context->input_id);
    ExpectSameTable(back->table, shard.table);
    EXPECT_EQ(WriteTableShard(*back), bytes);  // canonical: the same shard, the same bytes
  }
}

TEST(TableShardFile, ShardOfUserIsPinnedAndSpreadsSimilarIds) {
  // Pinned: shard files written by one build are read by another.
  EXPECT_EQ(ShardOfUser("u1", 1), 0u);
  const std::vector<uint32_t> pinned = {ShardOfUser("u1", 16), ShardOfUser("u2", 16), ShardOfUser("100000", 16),
                                        ShardOfUser("anonymous-7f3a", 16), ShardOfUser("", 16)};
  // FNV-1a 64 and the finalizer computed independently (in Python) for these five ids.
  EXPECT_EQ(pinned, (std::vector<uint32_t>{1, 6, 12, 3, 6}));
  // Sequential ids spread over the shards: no shard gets under half or over twice its share.
  std::vector<int> counts(8, 0);
  for (int i = 0; i < 8000; ++i) ++counts[ShardOfUser("user-" + std::to_string(i), 8)];
  for (int c : counts) {
    EXPECT_GT(c, 500);
    EXPECT_LT(c, 2000);
  }
}

TEST(TableShardFile, DamagedCutForgedAndForeignBytesAreRefused) {
  const EventTable table = DemoTable();
  auto context = std::make_shared<const ScaleoutContext>(ScaleoutContext::Of(table, InputSectionToJson(table)));
  const std::string bytes = WriteTableShard(SplitTable(table, 2, context)[1]);
  auto message = [](const std::string& b) { return std::string(ReadTableShard(b, "s.fltable").status().message()); };
  EXPECT_EQ(message("user_id,timestamp,event\n"),
            "s.fltable: not a shard file this build can read: it does not start with \"frictionlens.table/1\"");
  EXPECT_EQ(message("frictionlens.table/2\nxxxx"), "s.fltable: not a shard file this build can read: another version of the format");
  EXPECT_EQ(message(bytes.substr(0, bytes.size() - 9)), "s.fltable: truncated shard file");
  std::string flipped = bytes;
  flipped[flipped.size() / 2] ^= 0x5a;
  EXPECT_FALSE(ReadTableShard(flipped, "s.fltable").ok());
  EXPECT_EQ(message(bytes + "x"), "s.fltable: bytes after the shard");
  // Every cut of the file is refused, none crashes.
  for (size_t n = 0; n < bytes.size(); n += 97) EXPECT_FALSE(ReadTableShard(bytes.substr(0, n), "s.fltable").ok()) << n;
}

}  // namespace
}  // namespace fl
