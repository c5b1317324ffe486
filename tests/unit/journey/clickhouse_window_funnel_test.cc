// ClickHouse's own windowFunnel tests, run against our funnel: the .sql files are the
// fixtures and queries, the .reference files the expected output. A tiny interpreter
// reads the statements these tests use (create / insert / truncate / select windowFunnel)
// and prints what ClickHouse would print; the test compares it line by line with the
// .reference. Each windowFunnel condition becomes a step whose `where` holds the column
// conditions ("event = 1000" -> {"event": "1000"}, "event <= 1007" -> {"event": {"in":
// [values present that are <= 1007]}}, "a is null" -> {"a": ""}, "x != ''" -> {"x":
// {"not": ""}}); timestamps are seconds, so the window is a number of seconds.
//   00632_aggregation_window_funnel        20 scalar checks, strict_order / strict_dedup /
//                                          non-null per-user arrays, strict_increase
//   01646_fix_window_funnel_inconistency   same-timestamp ties taken in step order
//   00678_shard_funnel_window              10000 generated rows; also split into two
//                                          "shards" whose states are merged

#include <cstdlib>
#include <map>
#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "unit/funnel/funnel_test_table.h"
#include "unit/test_paths.h"

namespace fl {
namespace {

using ::fl::testing::LevelsByUser;
using ::fl::testing::MakeTable;
using ::fl::testing::TestEvent;

std::string Trim(const std::string& s) {
  const size_t b = s.find_first_not_of(" \t\n");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t\n") - b + 1);
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Splits on `sep` outside quotes and parentheses.
std::vector<std::string> SplitTop(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string cur;
  int depth = 0;
  bool quoted = false;
  for (char c : s) {
    if (c == '\'') quoted = !quoted;
    if (!quoted && c == '(') ++depth;
    if (!quoted && c == ')') --depth;
    if (!quoted && depth == 0 && c == sep) {
      out.push_back(Trim(cur));
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!Trim(cur).empty()) out.push_back(Trim(cur));
  return out;
}

// A SQL literal as text; nullopt for NULL. Dates become Unix seconds; "1e14 + 1" is summed.
std::optional<std::string> Literal(const std::string& raw) {
  const std::string v = Trim(raw);
  if (Lower(v) == "null") return std::nullopt;
  if (v.size() >= 2 && v.front() == '\'') {
    const std::string text = v.substr(1, v.size() - 2);
    absl::Time t;
    std::string err;
    if (absl::ParseTime("%Y-%m-%d %H:%M:%S", text, absl::UTCTimeZone(), &t, &err)) {
      return absl::StrCat(absl::ToUnixSeconds(t));
    }
    if (absl::ParseTime("%Y-%m-%d", text, absl::UTCTimeZone(), &t, &err)) {
      return absl::StrCat(absl::ToUnixSeconds(t));
    }
    return text;
  }
  long double sum = 0;
  for (const std::string& term : SplitTop(v, '+')) sum += std::strtold(term.c_str(), nullptr);
  return absl::StrCat(static_cast<int64_t>(sum));
}

struct SqlTable {
  std::vector<std::string> columns;
  std::map<std::string, std::string> defaults;
  std::vector<std::map<std::string, std::optional<std::string>>> rows;
};

class FunnelSqlRunner {
 public:
  // Runs every statement; returns the lines ClickHouse would print.
  std::vector<std::string> Run(const std::string& sql) {
    std::string text;
    for (const std::string& line : std::vector<std::string>(absl::StrSplit(sql, '\n'))) {
      if (Trim(line).rfind("--", 0) == 0) continue;
      absl::StrAppend(&text, line, " ");
    }
    text = std::regex_replace(text, std::regex("\\s+"), " ");
    for (const std::string& statement : std::vector<std::string>(absl::StrSplit(text, ';'))) Execute(Trim(statement));
    return output_;
  }

 private:
  void Execute(const std::string& s) {
    std::smatch m;
    const std::string lower = Lower(s);
    if (s.empty() || lower.rfind("drop ", 0) == 0) return;
    if (std::regex_match(s, m, std::regex(R"(create table (\w+) ?\((.*)\) engine.*)", std::regex::icase))) {
      SqlTable table;
      for (const std::string& def : SplitTop(m[2], ',')) {
        std::vector<std::string> words = absl::StrSplit(def, ' ', absl::SkipEmpty());
        std::string name = words[0];
        name.erase(std::remove(name.begin(), name.end(), '`'), name.end());
        table.columns.push_back(name);
        for (size_t i = 0; i + 1 < words.size(); ++i) {
          if (Lower(words[i]) == "default") table.defaults[name] = words[i + 1];
        }
      }
      tables_[m[1]] = table;
      return;
    }
    if (std::regex_match(s, m, std::regex(R"(truncate table (\w+))", std::regex::icase))) {
      tables_[m[1]].rows.clear();
      return;
    }
    if (std::regex_match(s, m, std::regex(R"(insert into (\w+) ?(\(([^)]*)\))? ?values ?(.*))", std::regex::icase))) {
      SqlTable& table = tables_[m[1]];
      std::vector<std::string> columns = table.columns;
      if (m[3].matched) columns = SplitTop(m[3], ',');
      // Tuples are "(..),(..)" or "(..) (..)".
      std::string tuples = m[4];
      size_t pos = 0;
      while ((pos = tuples.find('(', pos)) != std::string::npos) {
        size_t end = pos + 1;
        bool quoted = false;
        while (end < tuples.size() && (quoted || tuples[end] != ')')) {
          if (tuples[end] == '\'') quoted = !quoted;
          ++end;
        }
        std::vector<std::string> values = SplitTop(tuples.substr(pos + 1, end - pos - 1), ',');
        std::map<std::string, std::optional<std::string>> row;
        for (const auto& [name, value] : table.defaults) row[name] = value;
        for (size_t i = 0; i < columns.size() && i < values.size(); ++i) row[columns[i]] = Literal(values[i]);
        table.rows.push_back(row);
        pos = end + 1;
      }
      return;
    }
    if (std::regex_match(s, m, std::regex(R"(select '(.*)')", std::regex::icase))) {
      output_.push_back(m[1]);
      return;
    }
    if (std::regex_match(s, m, std::regex(R"(select (\d+) = windowFunnel\(([^)]*)\)\((\w+), (.*)\) from (\w+)( format \w+)?)", std::regex::icase))) {
      const auto levels = Funnel(m[5], "", m[2], m[3], m[4], "");
      const int level = levels.empty() ? 0 : levels.front().second;
      const std::string value = level == std::stoi(m[1]) ? "1" : "0";
      output_.push_back(m[6].matched ? absl::StrCat("[", value, "]") : value);  // JSONCompactEachRow
      return;
    }
    if (std::regex_match(s, m, std::regex(R"(select (\w+), windowFunnel\(([^)]*)\)\((\w+), (.*)\) as \w+ from (\w+)( where (\w+ = \d+))? group by \w+( order by \w+)?( format \w+)?)", std::regex::icase))) {
      for (const auto& [user, level] : Funnel(m[5], m[1], m[2], m[3], m[4], m[7])) {
        output_.push_back(absl::StrCat("[", user, ", ", level, "]"));
      }
      return;
    }
    if (std::regex_match(s, m, std::regex(R"(select level, count\(\) as c from \( select (\w+), windowFunnel\(([^)]*)\)\((\w+), (.*)\) as level from (\w+) group by \w+ \) group by level order by level asc)", std::regex::icase))) {
      std::map<int, int> histogram;
      for (const auto& [user, level] : Funnel(m[5], m[1], m[2], m[3], m[4], "")) ++histogram[level];
      for (const auto& [level, count] : histogram) output_.push_back(absl::StrCat(level, "\t", count));
      return;
    }
    ADD_FAILURE() << "statement not understood by the test interpreter: " << s;
  }

  // Level per group, in ClickHouse's output order.
  std::vector<std::pair<std::string, int>> Funnel(const std::string& table_name, const std::string& group,
                                    const std::string& params, const std::string& ts,
                                    const std::string& conditions, const std::string& where) {
    const SqlTable& table = tables_[table_name];
    std::vector<std::string> param_list = SplitTop(params, ',');
    nlohmann::json spec = {{"name", "clickhouse"}, {"window", std::stoll(param_list[0])}};
    nlohmann::json modes = nlohmann::json::array();
    for (size_t i = 1; i < param_list.size(); ++i) modes.push_back(*Literal(param_list[i]));
    spec["modes"] = modes;
    nlohmann::json steps = nlohmann::json::array();
    const std::vector<std::string> conds = SplitTop(conditions, ',');
    for (size_t i = 0; i < conds.size(); ++i) {
      steps.push_back({{"name", absl::StrCat("c", i + 1)}, {"event", "row"}, {"where", Where(table, conds[i])}});
    }
    spec["steps"] = steps;
    std::string where_col, where_val;
    if (!where.empty()) {
      std::vector<std::string> parts = absl::StrSplit(where, " = ");
      where_col = parts[0];
      where_val = parts[1];
    }
    std::vector<TestEvent> events;
    for (const auto& row : table.rows) {
      if (!where_col.empty() && row.at(where_col) != where_val) continue;
      TestEvent e;
      e.user = group.empty() ? "all" : *row.at(group);
      e.time_ms = std::stoll(*row.at(ts)) * 1000;
      e.event = "row";
      for (const auto& [name, value] : row) {
        if (value.has_value()) e.props[name] = *value;
      }
      events.push_back(e);
    }
    EventTable event_table = MakeTable(events);
    std::map<std::string, int> by_name = LevelsByUser(testing::SpecOrDie(spec.dump()), event_table);
    // ClickHouse orders the integer user column numerically.
    std::vector<std::pair<std::string, int>> out(by_name.begin(), by_name.end());
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
      return std::atoll(a.first.c_str()) < std::atoll(b.first.c_str());
    });
    return out;
  }

  // One windowFunnel condition -> a step's `where` object.
  nlohmann::json Where(const SqlTable& table, const std::string& condition) {
    nlohmann::json where = nlohmann::json::object();
    for (const std::string& part : std::vector<std::string>(absl::StrSplit(condition, " and "))) {
      std::smatch m;
      const std::string c = Trim(part);
      if (std::regex_match(c, m, std::regex(R"((\w+) is null)"))) {
        where[m[1].str()] = "";
      } else if (std::regex_match(c, m, std::regex(R"((\w+) ?(=|!=|<=|>=) ?(.*))"))) {
        const std::string column = m[1], op = m[2];
        const std::string value = *Literal(m[3]);
        if (op == "=") {
          where[column] = value;
        } else if (op == "!=") {
          where[column] = {{"not", value}};
        } else {
          nlohmann::json in = nlohmann::json::array();
          for (const auto& row : table.rows) {
            auto it = row.find(column);
            if (it == row.end() || !it->second.has_value()) continue;
            const long long v = std::stoll(*it->second), bound = std::stoll(value);
            if (op == "<=" ? v <= bound : v >= bound) in.push_back(*it->second);
          }
          where[column] = {{"in", in}};
        }
      } else {
        ADD_FAILURE() << "condition not understood: " << c;
      }
    }
    return where;
  }

  std::map<std::string, SqlTable> tables_;
  std::vector<std::string> output_;
};

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines = absl::StrSplit(text, '\n');
  while (!lines.empty() && lines.back().empty()) lines.pop_back();
  return lines;
}

void ExpectMatchesReference(const std::string& sql, const std::string& reference) {
  FunnelSqlRunner runner;
  const std::vector<std::string> got = runner.Run(sql);
  const std::vector<std::string> want = Lines(reference);
  ASSERT_EQ(got.size(), want.size()) << "got:\n" << absl::StrJoin(got, "\n");
  for (size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(got[i], want[i]) << "reference line " << i + 1;
  }
}

TEST(ClickHouseWindowFunnel, Test00632AggregationWindowFunnel) {
  FL_READ_SHARED_OR_SKIP(sql, "clickhouse-funnel-tests/00632_aggregation_window_funnel.sql");
  FL_READ_SHARED_OR_SKIP(reference, "clickhouse-funnel-tests/00632_aggregation_window_funnel.reference");
  // 20 scalar checks, 4 per-user blocks (loose, strict_order, dedup+strict_order, user 7),
  // #27469 (A-B-C-B-D with strict_deduplication -> 3), 5 non-null blocks, 4 strict_increase.
  EXPECT_EQ(Lines(reference).size(), 20u + 6 + 6 + 6 + 1 + 1 + 20 + 4);
  ExpectMatchesReference(sql, reference);
}

TEST(ClickHouseWindowFunnel, Test01646SameTimestampTiesInStepOrder) {
  FL_READ_SHARED_OR_SKIP(sql, "clickhouse-funnel-tests/01646_fix_window_funnel_inconistency.sql");
  FL_READ_SHARED_OR_SKIP(reference, "clickhouse-funnel-tests/01646_fix_window_funnel_inconistency.reference");
  ExpectMatchesReference(sql, reference);
}

// 00678: uid = n, its = n % 3, action_code = toString(n % 3) for n in 0..9999; funnel
// (action_code != '', action_code = '2') over window 3600, run three times on two shards.
// The rows are generated here (the .sql makes them with system.numbers).
TEST(ClickHouseWindowFunnel, Test00678ShardFunnelWindow) {
  FL_READ_SHARED_OR_SKIP(reference, "clickhouse-funnel-tests/00678_shard_funnel_window.reference");
  const JourneySpec spec = testing::SpecOrDie(R"({"window": 3600, "steps": [
      {"name": "any action", "event": "row", "where": {"action_code": {"not": ""}}},
      {"name": "action 2", "event": "row", "where": {"action_code": "2"}}]})");
  std::vector<TestEvent> all, shard[2];
  for (int n = 0; n < 10000; ++n) {
    TestEvent e{absl::StrCat(n), int64_t{n % 3} * 1000, "row", {{"action_code", absl::StrCat(n % 3)}}};
    all.push_back(e);
    shard[n % 2].push_back(e);
  }
  auto level_lines = [](const FunnelResult& r) {
    const int64_t entered = r.steps[0].count, converted = r.steps[1].count;
    return std::vector<std::string>{absl::StrCat(1, "\t", entered - converted), absl::StrCat(2, "\t", converted)};
  };
  const EventTable table = MakeTable(all);
  absl::StatusOr<FunnelResult> whole = AnalyzeFunnel(spec, table);
  ASSERT_TRUE(whole.ok()) << whole.status();
  // Per-user levels too, counted like the SQL's outer GROUP BY level.
  std::map<int, int> by_level;
  for (const auto& [user, level] : LevelsByUser(spec, table)) ++by_level[level];
  // The distributed form: one state per shard, merged.
  const EventTable t0 = MakeTable(shard[0]), t1 = MakeTable(shard[1]);
  absl::StatusOr<FunnelState> s0 = BuildFunnelState(spec, t0, table.last_time_ms);
  absl::StatusOr<FunnelState> s1 = BuildFunnelState(spec, t1, table.last_time_ms);
  ASSERT_TRUE(s0.ok() && s1.ok());
  ASSERT_TRUE(s0->Merge(*s1).ok());
  const std::vector<std::string> want = Lines(reference);
  ASSERT_EQ(want.size(), 6u);
  for (int query = 0; query < 3; ++query) {
    const std::vector<std::string> merged = level_lines(s0->Finalize());
    const std::vector<std::string> single = level_lines(*whole);
    for (int i = 0; i < 2; ++i) {
      EXPECT_EQ(merged[i], want[query * 2 + i]);
      EXPECT_EQ(single[i], want[query * 2 + i]);
      EXPECT_EQ(absl::StrCat(i + 1, "\t", by_level[i + 1]), want[query * 2 + i]);
    }
  }
}

}  // namespace
}  // namespace fl
