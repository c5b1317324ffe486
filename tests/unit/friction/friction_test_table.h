#ifndef FRICTIONLENS_TESTS_UNIT_FRICTION_TEST_TABLE_H_
#define FRICTIONLENS_TESTS_UNIT_FRICTION_TEST_TABLE_H_

// Builds an EventTable directly from a list of events, for the friction tests: no
// parsing in the way, exact millisecond times. Follows the EventTable contract:
// rows sorted by (user, time, input order), users in first-seen order, sessions split
// by a 30-minute gap and numbered in (user, time) order, property value id 0 = "".

#include <algorithm>
#include <map>
#include <numeric>
#include <string>
#include <utility>
#include <vector>

#include "core/event_table.h"
#include "core/ingest/event_order.h"

namespace fl::testing {

struct TestEvent {
  std::string user;
  int64_t time_ms = 0;
  std::string event;
  std::vector<std::pair<std::string, std::string>> props;
};

inline EventTable MakeTable(const std::vector<TestEvent>& events,
                            int64_t session_gap_ms = 30 * 60 * 1000) {
  EventTable t;
  std::map<std::string, int> column_of;
  for (const TestEvent& e : events) {
    t.users.Intern(e.user);
    for (const auto& [name, value] : e.props) {
      if (column_of.count(name)) continue;
      column_of[name] = static_cast<int>(t.properties.size());
      PropertyColumn c;
      c.name = name;
      c.values.Intern("");
      t.properties.push_back(std::move(c));
    }
  }
  std::vector<size_t> order(events.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    const uint32_t ua = t.users.Find(events[a].user), ub = t.users.Find(events[b].user);
    if (ua != ub) return ua < ub;
    return events[a].time_ms < events[b].time_ms;
  });
  for (PropertyColumn& c : t.properties) c.ids.assign(events.size(), 0);
  std::vector<uint32_t> row_user;
  for (size_t row = 0; row < order.size(); ++row) {
    const TestEvent& e = events[order[row]];
    row_user.push_back(t.users.Find(e.user));
    t.time_ms.push_back(e.time_ms);
    t.event.push_back(t.event_names.Intern(e.event));
    for (const auto& [name, value] : e.props) {
      PropertyColumn& c = t.properties[column_of[name]];
      c.ids[row] = c.values.Intern(value);
    }
  }
  t.user_begin.assign(t.users.size() + 1, static_cast<uint32_t>(events.size()));
  for (size_t row = events.size(); row-- > 0;) t.user_begin[row_user[row]] = static_cast<uint32_t>(row);
  for (size_t u = t.users.size(); u-- > 0;) {
    t.user_begin[u] = std::min(t.user_begin[u], t.user_begin[u + 1]);
  }
  AssignSessions(nullptr, session_gap_ms, &t);
  if (!events.empty()) {
    t.first_time_ms = *std::min_element(t.time_ms.begin(), t.time_ms.end());
    t.last_time_ms = *std::max_element(t.time_ms.begin(), t.time_ms.end());
  }
  t.input.rows = static_cast<int64_t>(events.size());
  return t;
}

}  // namespace fl::testing

#endif  // FRICTIONLENS_TESTS_UNIT_FRICTION_TEST_TABLE_H_
