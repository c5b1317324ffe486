// The paths section on hand-made journeys (the counts below worked out by hand), its
// settings, its independence from how users are split, its partial form, and the
// directly-follows graph of the simulated order log in ../shared/data/order-journey,
// recomputed in the test from the CSV text.

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "core/paths/paths_section.h"
#include "gtest/gtest.h"
#include "unit/csv_test_support.h"
#include "unit/section_test_support.h"
#include "unit/test_paths.h"

namespace fl {
namespace {

using oj = nlohmann::ordered_json;

constexpr const char* kSpec = R"({"window": "1h", "steps": [
  {"name": "Product", "event": "view"}, {"name": "Cart", "event": "cart"}, {"name": "Order", "event": "order"}]})";

// The minutes after 10:00 on 2024-03-01.
std::string At(int minutes) {
  char text[32];
  std::snprintf(text, sizeof(text), "2024-03-01T%02d:%02d:00Z", 10 + minutes / 60, minutes % 60);
  return text;
}

// u1 views twice (its chain starts at the second view: the funnel's), searches, carts,
// orders; u2 views then searches twice and leaves (window closed); u3 views and does nothing more; u4 views, carts and stops (its hour closes
// at 13:00, before the data's end at 13:10); u5 enters at 12:30 and is still in its window.
const char* Csv() {
  static const std::string csv = std::string("user_id,timestamp,event\n") +
      "u1," + At(0) + ",view\n" + "u1," + At(1) + ",view\n" + "u1," + At(3) + ",search\n" + "u1," + At(4) + ",cart\n" +
      "u1," + At(10) + ",order\n" +
      "u2," + At(20) + ",view\n" + "u2," + At(26) + ",search\n" + "u2," + At(27) + ",search\n" +
      "u3," + At(30) + ",view\n" +
      "u4," + At(120) + ",view\n" + "u4," + At(122) + ",cart\n" +
      "u5," + At(150) + ",view\n" + "u5," + At(190) + ",page_home\n";
  return csv.c_str();
}

oj Paths(const EventTable& table, const std::string& spec, int threads = 1) {
  return testing::SectionReport(spec, table, PathsSection::kName, threads);
}

std::vector<std::pair<std::string, int64_t>> Entries(const oj& list) {
  std::vector<std::pair<std::string, int64_t>> out;
  for (const auto& e : list["events"]) out.emplace_back(e["event"].get<std::string>(), e["units"].get<int64_t>());
  return out;
}

using Entries_t = std::vector<std::pair<std::string, int64_t>>;

TEST(PathsSection, WhatCameNextBeforeAndInsteadOfEachStep) {
  const EventTable table = testing::TableFromCsv(Csv());
  const oj p = Paths(table, kSpec);
  EXPECT_EQ(p["units"], 5);
  const oj& product = p["steps"][0];
  EXPECT_EQ(product["with_event"], 5);
  // u1's next is the search, 2 min after its chain's view; u2's 6 min after its view. u4
  // carts; u5's page_home is 40 min later, in its hour.
  EXPECT_EQ(Entries(product["after"]),
            (Entries_t{{"search", 2}, {"(no further event)", 1}, {"cart", 1}, {"page_home", 1}}));
  const oj& search = product["after"]["events"][0];
  EXPECT_EQ(search["median_ms"], 240000.0);  // 2 and 6 min: the mean of the two
  EXPECT_EQ(search["p90_ms"], 360000);
  EXPECT_EQ(search["share"], 0.4);
  // Dropped at Product: u2 (search) and u3 (nothing); u5 is still in its window.
  EXPECT_EQ(Entries(product["dropped"]), (Entries_t{{"(no further event)", 1}, {"search", 1}}));
  EXPECT_EQ(Entries(product["before"]), (Entries_t{{"(start)", 5}}));
  const oj& cart = p["steps"][1];
  EXPECT_EQ(cart["with_event"], 2);
  EXPECT_EQ(Entries(cart["after"]), (Entries_t{{"(no further event)", 1}, {"order", 1}}));
  EXPECT_EQ(Entries(cart["dropped"]), (Entries_t{{"(no further event)", 1}}));  // u4
  EXPECT_EQ(Entries(cart["before"]), (Entries_t{{"search", 1}, {"view", 1}}));
  EXPECT_TRUE(p["steps"][2]["dropped"].is_null());  // nothing after the last step to drop from
  ASSERT_EQ(p["sentences"].size(), 2u);
  EXPECT_EQ(p["sentences"][0].get<std::string>().rfind("Of the 2 units that dropped at Product, what came next: "
                                                        "no further event in the window 50.0%", 0),
            0u)
      << p["sentences"][0];

  // Variants: [Product] u2 u3 u5, [Product, Cart] u4, [Product, Cart, Order] u1.
  const oj& top = p["variants"]["top"];
  ASSERT_EQ(top.size(), 3u);
  EXPECT_EQ(top[0]["steps"], oj::array({"Product"}));
  EXPECT_EQ(top[0]["units"], 3);
  EXPECT_EQ(top[2]["steps"], oj::array({"Product", "Cart", "Order"}));
  EXPECT_EQ(top[2]["conversion"], 1.0);

  // The graph, repeats collapsed, from each unit's start: u1 view search cart order, u2
  // view search (twice: once), u3 view, u4 view cart, u5 view page_home.
  std::map<std::pair<std::string, std::string>, int64_t> edges;
  for (const auto& e : p["graph"]["edges"]) edges[{e["from"], e["to"]}] = e["count"];
  EXPECT_EQ(edges, (std::map<std::pair<std::string, std::string>, int64_t>{
                       {{"(start)", "view"}, 5},   {{"view", "search"}, 2},  {{"search", "cart"}, 1},
                       {{"cart", "order"}, 1},     {{"order", "(end)"}, 1},  {{"search", "(end)"}, 1},
                       {{"view", "(end)"}, 1},     {{"view", "cart"}, 1},    {{"cart", "(end)"}, 1},
                       {{"view", "page_home"}, 1}, {{"page_home", "(end)"}, 1}}));
  // view -> search: u1 2 min, u2 6 min.
  for (const auto& e : p["graph"]["edges"]) {
    if (e["from"] == "view" && e["to"] == "search") EXPECT_EQ(e["median_ms"], 240000.0);
  }
}

TEST(PathsSection, RepeatsGroupsAndAGraphOfSteps) {
  const EventTable table = testing::TableFromCsv(Csv());
  std::string spec = kSpec;
  spec.insert(1, R"("paths": {"collapse_repeats": false, "graph": "steps", "group": [{"pattern": "page_*", "as": "pages"}]}, )");
  const oj p = Paths(table, spec);
  // u5's page_home counts as "pages".
  EXPECT_EQ(Entries(p["steps"][0]["after"]), (Entries_t{{"search", 2}, {"(no further event)", 1}, {"cart", 1}, {"pages", 1}}));
  std::map<std::pair<std::string, std::string>, int64_t> edges;
  for (const auto& e : p["graph"]["edges"]) edges[{e["from"], e["to"]}] = e["count"];
  EXPECT_EQ(p["graph"]["of"], "steps");
  EXPECT_EQ((edges[{"(other events)", "(other events)"}]), 1);  // u2's two searches, not collapsed
  EXPECT_EQ((edges[{"Product", "(other events)"}]), 3);  // u1 and u2 search, u5's page
  EXPECT_EQ((edges[{"(other events)", "Cart"}]), 1);
  EXPECT_EQ((edges[{"Product", "Cart"}]), 1);  // u4
}

TEST(PathsSection, SameForAnySplitAndPartialFormReadsBack) {
  std::string csv = "user_id,timestamp,event\n";
  const char* names[] = {"view", "search", "cart", "view", "order", "help"};
  for (int i = 0; i < 400; ++i) {
    const std::string u = "u" + std::to_string(i);
    for (int k = 0; k < 1 + i % 6; ++k) csv += u + "," + At((i % 50) + k * (1 + i % 4)) + "," + names[(i + k * k) % 6] + "\n";
  }
  const EventTable table = testing::TableFromCsv(csv);
  const std::string one = Paths(table, kSpec, 1).dump();
  for (int threads : {2, 3, 8}) EXPECT_EQ(Paths(table, kSpec, threads).dump(), one) << threads;

  const testing::PartialForm partial = testing::ExpectPartialFormReadsBack(kSpec, table, PathsSection::kName);
  nlohmann::json broken = partial.json;
  broken["steps"][0]["with_event"] = 100000;
  EXPECT_EQ(partial.refusal(broken), "paths state: steps[0].with_event: expected an integer from 0 to " +
                                         std::to_string(partial.json["units"].get<int64_t>()));
  broken = partial.json;
  broken["edges"][0][0] = "teleport";
  EXPECT_EQ(partial.refusal(broken), "paths state: edges[0]: a name this table does not have");
  broken = partial.json;
  broken["variants"][0][0] = nlohmann::json::array({7});
  EXPECT_EQ(partial.refusal(broken), "paths state: variants[0]: a step this journey does not have");
  broken = partial.json;
  broken["state"] = 3;
  EXPECT_NE(partial.refusal(broken), "accepted");
}

TEST(PathsSection, SettingsErrorsNameTheirPath) {
  auto error = [](const std::string& settings) { return testing::SettingsError(kSpec, "paths", settings); };
  EXPECT_EQ(error(R"({"top": 0})"), "journey: paths.top: expected an integer from 1 to 100");
  EXPECT_EQ(error(R"({"graph": "pages"})"), "journey: paths.graph: expected events or steps");
  EXPECT_EQ(error(R"({"group": [{"pattern": "a*"}]})"),
            "journey: paths.group[0].as: expected a name (not starting with \"(\", kept for the report's own)");
  EXPECT_EQ(error(R"({"colour": 1})").rfind("journey: paths.colour: unknown setting", 0), 0u) << error(R"({"colour": 1})");
}

// The simulated order log of pm4py: events name the orders they touch in a list column.
// Each order's events (from its first "place order", within the window) form the walk;
// the test counts every directly-follows pair itself and holds the graph to it.
TEST(PathsSection, DirectlyFollowsGraphOfTheOrderLog) {
  FL_READ_SHARED_OR_SKIP(text, "order-journey/ocel_order_simulated.csv");
  const auto rows = testing::ParseCsv(text);
  ASSERT_GT(rows.size(), 1000u);
  struct Event {
    std::string order, activity, time;
  };
  std::vector<Event> events;  // one per (event, order it names), in file order
  for (size_t i = 1; i < rows.size(); ++i) {
    const std::string& orders = rows[i][5];  // "['990001']" or " "
    for (size_t at = orders.find('\''); at != std::string::npos; at = orders.find('\'', orders.find('\'', at + 1) + 1)) {
      const size_t end = orders.find('\'', at + 1);
      events.push_back({orders.substr(at + 1, end - at - 1), rows[i][1], rows[i][2]});
    }
  }
  std::string csv = "user_id,timestamp,event\n";
  for (const Event& e : events) csv += e.order + "," + e.time + "," + e.activity + "\n";
  const EventTable table = testing::TableFromCsv(csv);
  const std::string spec = R"({"window": "365d", "steps": [{"name": "Placed", "event": "place order"},
    {"name": "Paid", "event": "pay order"}], "paths": {"collapse_repeats": false, "edges": 1000}})";
  const oj p = Paths(table, spec);

  // Independently: each order's events sorted by time (file order among equal times),
  // from its first "place order".
  std::map<std::string, std::vector<const Event*>> by_order;
  for (const Event& e : events) by_order[e.order].push_back(&e);
  std::map<std::pair<std::string, std::string>, int64_t> expected;
  int64_t units = 0;
  for (auto& [order, list] : by_order) {
    std::stable_sort(list.begin(), list.end(), [](const Event* a, const Event* b) { return a->time < b->time; });
    auto first = std::find_if(list.begin(), list.end(), [](const Event* e) { return e->activity == "place order"; });
    if (first == list.end()) continue;
    ++units;
    std::string last = "(start)";
    for (auto it = first; it != list.end(); ++it) {
      ++expected[{last, (*it)->activity}];
      last = (*it)->activity;
    }
    ++expected[{last, "(end)"}];
  }
  ASSERT_GT(units, 1000);
  EXPECT_EQ(p["units"], units);
  std::map<std::pair<std::string, std::string>, int64_t> got;
  for (const auto& e : p["graph"]["edges"]) got[{e["from"], e["to"]}] = e["count"];
  EXPECT_EQ(p["graph"]["edges_not_listed"], 0);
  EXPECT_EQ(got, expected);
}

}  // namespace
}  // namespace fl
