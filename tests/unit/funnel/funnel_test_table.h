#ifndef FRICTIONLENS_TESTS_UNIT_FUNNEL_TEST_TABLE_H_
#define FRICTIONLENS_TESTS_UNIT_FUNNEL_TEST_TABLE_H_

// Builds small EventTables by hand for funnel tests, independently of the ingest code:
// fills the columns, sorts by (user, time, input order), numbers sessions (a new one
// after `session_gap_ms` of inactivity) and sets user_begin.

#include <algorithm>
#include <cstdint>
#include <map>
#include <numeric>
#include <set>
#include <string>
#include <vector>

#include "core/event_table.h"
#include "core/ingest/event_order.h"
#include "core/funnel/funnel_analysis.h"
#include "core/journey/unit_evaluator.h"
#include "core/journey/journey_spec.h"
#include "core/report/section_results.h"
#include "gtest/gtest.h"

namespace fl::testing {

struct TestEvent {
  std::string user;
  int64_t time_ms = 0;
  std::string event;
  std::map<std::string, std::string> props;  // "" = missing
};

inline EventTable MakeTable(const std::vector<TestEvent>& events,
                            int64_t session_gap_ms = 30 * 60 * 1000) {
  EventTable table;
  std::set<std::string> property_names;
  for (const TestEvent& e : events) {
    table.users.Intern(e.user);
    for (const auto& [name, value] : e.props) property_names.insert(name);
  }
  std::vector<size_t> order(events.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    const uint32_t ua = table.users.Find(events[a].user), ub = table.users.Find(events[b].user);
    if (ua != ub) return ua < ub;
    return events[a].time_ms < events[b].time_ms;
  });
  for (const std::string& name : property_names) {
    PropertyColumn column;
    column.name = name;
    column.values.Intern("");  // id 0: missing
    table.properties.push_back(std::move(column));
  }
  std::vector<uint32_t> row_user;
  for (size_t i : order) {
    const TestEvent& e = events[i];
    row_user.push_back(table.users.Find(e.user));
    table.time_ms.push_back(e.time_ms);
    table.event.push_back(table.event_names.Intern(e.event));
    for (PropertyColumn& column : table.properties) {
      auto it = e.props.find(column.name);
      column.ids.push_back(column.values.Intern(it == e.props.end() ? "" : it->second));
    }
  }
  table.user_begin.assign(table.users.size() + 1, static_cast<uint32_t>(events.size()));
  for (size_t row = events.size(); row-- > 0;) table.user_begin[row_user[row]] = static_cast<uint32_t>(row);
  for (size_t u = table.users.size(); u-- > 0;) {
    table.user_begin[u] = std::min(table.user_begin[u], table.user_begin[u + 1]);
  }
  AssignSessions(nullptr, session_gap_ms, &table);
  if (!events.empty()) {
    table.first_time_ms = *std::min_element(table.time_ms.begin(), table.time_ms.end());
    table.last_time_ms = *std::max_element(table.time_ms.begin(), table.time_ms.end());
  }
  return table;
}

inline JourneySpec SpecOrDie(const std::string& json) {
  absl::StatusOr<JourneySpec> spec = ParseJourneySpec(json);
  EXPECT_TRUE(spec.ok()) << spec.status() << "\n" << json;
  return spec.ok() ? *spec : JourneySpec();
}

// Every unit's outcome, in evaluation order (users in table order).
inline std::vector<UnitOutcome> Outcomes(const JourneySpec& spec, const EventTable& table,
                                         int64_t data_end_ms) {
  std::vector<UnitOutcome> out;
  auto journey = CompileJourney(spec, table);
  EXPECT_TRUE(journey.ok()) << journey.status();
  if (!journey.ok()) return out;
  UnitEvaluator evaluator(**journey);
  for (uint32_t user = 0; user < table.user_count(); ++user) {
    evaluator.EvaluateUser(user, data_end_ms, [&](const UnitOutcome& o) { out.push_back(o); });
  }
  return out;
}

// Level per user name (users unit), data end far in the future unless given.
inline std::map<std::string, int> LevelsByUser(const JourneySpec& spec, const EventTable& table,
                                               int64_t data_end_ms = INT64_MAX / 4) {
  std::map<std::string, int> levels;
  for (const UnitOutcome& o : Outcomes(spec, table, data_end_ms)) {
    levels[table.users.Value(o.user)] = std::max(levels[table.users.Value(o.user)], o.level);
  }
  return levels;
}

// One user's events by name at whole seconds: Events("u", {{"a", 0}, {"b", 5}}).
inline std::vector<TestEvent> Events(const std::string& user, std::vector<std::pair<std::string, int64_t>> list) {
  std::vector<TestEvent> out;
  for (const auto& [event, t] : list) out.push_back({user, t * 1000, event, {}});
  return out;
}

// The level the first user reaches under the spec (0 when there is none).
inline int Level(const std::string& spec_json, const std::vector<TestEvent>& events) {
  const auto levels = LevelsByUser(SpecOrDie(spec_json), MakeTable(events));
  return levels.empty() ? 0 : levels.begin()->second;
}

}  // namespace fl::testing

#endif  // FRICTIONLENS_TESTS_UNIT_FUNNEL_TEST_TABLE_H_
