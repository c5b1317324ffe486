// Real data: the Taobao UserBehavior flink subset (headerless, time-ordered, 2 hours,
// last line cut off as `301780,543546,4181361,pv,15` without a newline). Every
// expectation is computed here from the text, independently of the ingest code.

#include <algorithm>
#include <map>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "core/ingest/event_table_builder.h"
#include "gtest/gtest.h"
#include "unit/test_paths.h"

namespace fl {
namespace {

struct Row {
  std::string user, item, category, behavior;
  int64_t seconds = 0;
};

std::vector<Row> SplitRows(const std::string& text) {
  std::vector<Row> rows;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    start = end + 1;
    if (line.empty()) continue;
    std::vector<std::string> f;
    size_t s = 0;
    while (true) {
      const size_t c = line.find(',', s);
      f.push_back(line.substr(s, c - s));
      if (c == std::string::npos) break;
      s = c + 1;
    }
    EXPECT_EQ(f.size(), 5u) << line;
    rows.push_back({f[0], f[1], f[2], f[3], std::stoll(f[4])});
  }
  return rows;
}

absl::StatusOr<EventTable> BuildTaobao(const std::string& text, size_t chunk, std::vector<FileSchema>* schemas) {
  IngestOptions options;
  options.columns = {"user_id", "item_id", "category_id", "behavior", "timestamp"};
  EventTableBuilder builder(options);
  if (absl::Status s = builder.BeginFile("UserBehavior_flink_subset.csv"); !s.ok()) return s;
  for (size_t i = 0; i < text.size(); i += chunk) {
    if (absl::Status s = builder.Feed(std::string_view(text).substr(i, chunk)); !s.ok()) return s;
  }
  if (absl::Status s = builder.EndFile(); !s.ok()) return s;
  auto table = builder.Finish();
  *schemas = builder.schemas();
  return table;
}

TEST(IngestTaobaoTest, FlinkSubset) {
  FL_READ_SHARED_OR_SKIP(text, "taobao/UserBehavior_flink_subset.csv");
  ASSERT_NE(text.back(), '\n') << "the fixture's last line is expected to be cut off";
  const std::vector<Row> rows = SplitRows(text);

  // The capture is 2017; anything before 2000 is the broken row.
  std::vector<Row> kept;
  int64_t broken_line = 0;
  for (size_t i = 0; i < rows.size(); ++i) {
    if (rows[i].seconds < 946684800) {
      broken_line = static_cast<int64_t>(i) + 1;
    } else {
      kept.push_back(rows[i]);
    }
  }
  ASSERT_EQ(rows.size() - kept.size(), 1u);
  ASSERT_EQ(broken_line, static_cast<int64_t>(rows.size()));

  std::map<std::string, int64_t> per_behavior;
  std::unordered_map<std::string, uint32_t> first_seen;
  int64_t lo = INT64_MAX, hi = INT64_MIN;
  for (const Row& r : kept) {
    ++per_behavior[r.behavior];
    first_seen.emplace(r.user, static_cast<uint32_t>(first_seen.size()));
    lo = std::min(lo, r.seconds * 1000);
    hi = std::max(hi, r.seconds * 1000);
  }
  // Expected order: stable by (first-seen user, time).
  std::vector<size_t> order(kept.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return std::make_tuple(first_seen[kept[a].user], kept[a].seconds) <
           std::make_tuple(first_seen[kept[b].user], kept[b].seconds);
  });
  // Expected sessions: a new one per user and after a gap over 30 minutes.
  std::vector<uint32_t> sessions(order.size());
  uint32_t session = 0;
  for (size_t i = 0; i < order.size(); ++i) {
    const Row& r = kept[order[i]];
    if (i > 0) {
      const Row& p = kept[order[i - 1]];
      if (p.user != r.user || r.seconds - p.seconds > 30 * 60) ++session;
    }
    sessions[i] = session;
  }

  for (size_t chunk : {size_t{1} << 30, size_t{4093}, size_t{7}}) {
    std::vector<FileSchema> schemas;
    auto t = BuildTaobao(text, chunk, &schemas);
    ASSERT_TRUE(t.ok()) << t.status();
    EXPECT_EQ(t->input.rows, static_cast<int64_t>(rows.size()));
    EXPECT_EQ(t->input.rejected, 1);
    ASSERT_EQ(t->input.rejections.size(), 1u);
    EXPECT_EQ(t->input.rejections[0].line, broken_line);
    EXPECT_EQ(t->input.rejections[0].file, "UserBehavior_flink_subset.csv");
    EXPECT_NE(t->input.rejections[0].reason.find("time 1970-01-01T00:00:15Z is far outside the data's range 2017-11-26"),
              std::string::npos)
        << t->input.rejections[0].reason;
    EXPECT_NE(std::find(t->input.warnings.begin(), t->input.warnings.end(),
                        "UserBehavior_flink_subset.csv: line " + std::to_string(broken_line) +
                            ": last line has no newline and looks cut off"),
              t->input.warnings.end());

    ASSERT_EQ(t->size(), kept.size());
    EXPECT_EQ(t->user_count(), first_seen.size());
    for (const auto& [behavior, count] : per_behavior) {
      const uint32_t id = t->event_names.Find(behavior);
      ASSERT_NE(id, Dictionary::kNotFound);
      EXPECT_EQ(std::count(t->event.begin(), t->event.end(), id), count) << behavior;
    }
    EXPECT_EQ(t->event_names.size(), per_behavior.size());
    EXPECT_EQ(t->first_time_ms, lo);
    EXPECT_EQ(t->last_time_ms, hi);

    const int item = t->FindProperty("item_id");
    ASSERT_GE(item, 0);
    for (size_t i = 0; i < order.size(); ++i) {
      const Row& r = kept[order[i]];
      const uint32_t user = t->UserOf(i);
      ASSERT_EQ(t->users.Value(user), r.user) << i;
      ASSERT_EQ(t->time_ms[i], r.seconds * 1000) << i;
      ASSERT_EQ(t->properties[item].values.Value(t->properties[item].ids[i]), r.item) << i;
      ASSERT_EQ(t->user_first_session[user] + t->session[i], sessions[i]) << i;
    }
    EXPECT_EQ(t->session_count, session + 1);
    for (size_t u = 0; u < t->user_count(); ++u) {
      ASSERT_LT(t->user_begin[u], t->user_begin[u + 1]);
      ASSERT_EQ(t->UserOf(t->user_begin[u]), u);
    }
    EXPECT_EQ(t->user_begin.back(), t->size());

    EXPECT_EQ(schemas[0].rows, static_cast<int64_t>(rows.size()));
    EXPECT_EQ(schemas[0].rejected, 1);
    EXPECT_EQ(schemas[0].time_format, "epoch_s");
    EXPECT_FALSE(schemas[0].header);
    EXPECT_LE(t->ColumnBytes(), 32 * t->size());
  }
}

TEST(IngestTaobaoTest, HeadByUserHasNoRejections) {
  FL_READ_SHARED_OR_SKIP(text, "taobao/UserBehavior_head_by_user.csv");
  const std::vector<Row> rows = SplitRows(text);
  std::vector<FileSchema> schemas;
  auto t = BuildTaobao(text, 1 << 20, &schemas);
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->input.rows, static_cast<int64_t>(rows.size()));
  EXPECT_EQ(t->input.rejected, 0);
  std::map<std::string, int> users;
  for (const Row& r : rows) ++users[r.user];
  EXPECT_EQ(t->user_count(), users.size());
  for (size_t u = 0; u < t->user_count(); ++u) {
    EXPECT_EQ(static_cast<int>(t->user_begin[u + 1] - t->user_begin[u]), users[t->users.Value(u)]);
  }
}

}  // namespace
}  // namespace fl
