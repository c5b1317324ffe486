// The conformance section on hand-made users, one per deviation kind (the counts below
// worked out by hand), its settings, its independence from how users are split, its
// partial form, and 600 generated users recounted in the test from the CSV text.

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "core/conformance/conformance_section.h"
#include "gtest/gtest.h"
#include "unit/section_test_support.h"

namespace fl {
namespace {

using oj = nlohmann::ordered_json;

constexpr const char* kSpec = R"({"window": "1h", "steps": [
  {"name": "Product", "event": "view"}, {"name": "Cart", "event": "cart"},
  {"name": "Checkout", "event": "checkout", "optional": true}, {"name": "Order", "event": "order"}]})";

// The minutes after 10:00 on 2024-03-01.
std::string At(int minutes) {
  char text[32];
  std::snprintf(text, sizeof(text), "2024-03-01T%02d:%02d:00Z", 10 + minutes / 60, minutes % 60);
  return text;
}

std::string Events(const std::string& user, std::vector<std::pair<int, const char*>> events) {
  std::string out;
  for (const auto& [minute, event] : events) out += user + "," + At(minute) + "," + event + "\n";
  return out;
}

// c1 in order; c2 stops at Cart; c3 passes the optional Checkout by; x1's order comes
// after its hour (outside the walk): all four conformed, c1 and c3 completed.
// s1 skips Cart; o1 carts only after Checkout; b1 goes back from Checkout to Cart; r1
// carts twice; g1 goes back from Cart to Product and views twice more (repeats of the
// first step are ignored by default).
std::string Csv() {
  return "user_id,timestamp,event\n" +
         Events("c1", {{0, "view"}, {1, "cart"}, {2, "checkout"}, {3, "order"}}) +
         Events("c2", {{10, "view"}, {11, "cart"}}) + Events("c3", {{20, "view"}, {21, "cart"}, {22, "order"}}) +
         Events("s1", {{30, "view"}, {31, "checkout"}, {32, "order"}}) +
         Events("o1", {{40, "view"}, {41, "checkout"}, {42, "cart"}, {43, "order"}}) +
         Events("b1", {{50, "view"}, {51, "cart"}, {52, "checkout"}, {53, "cart"}, {54, "search"}, {55, "checkout"}, {56, "order"}}) +
         Events("r1", {{60, "view"}, {61, "cart"}, {62, "search"}, {63, "cart"}, {64, "order"}}) +
         Events("g1", {{70, "view"}, {71, "cart"}, {72, "view"}, {73, "view"}}) +
         Events("x1", {{100, "view"}, {101, "cart"}, {200, "order"}});
}

oj Conformance(const EventTable& table, const std::string& spec, int threads = 1) {
  return testing::SectionReport(spec, table, ConformanceSection::kName, threads);
}

int64_t Units(const oj& step, const char* kind) { return step[kind]["units"].get<int64_t>(); }

TEST(ConformanceSection, EachDeviationKindOnHandMadeUsers) {
  const EventTable table = testing::TableFromCsv(Csv());
  const oj c = Conformance(table, kSpec);
  EXPECT_EQ(c["settings"], oj({{"examples", 5}, {"ignore_repeats_of", {"Product"}}}));
  EXPECT_EQ(c["units"], 9);
  EXPECT_EQ(c["conformed"]["units"], 4);  // c1 c2 c3 x1
  EXPECT_EQ(c["conformed"]["completed"], 2);  // c1 c3
  EXPECT_EQ(c["conformed"]["stopped_early"], 2);  // c2 x1
  EXPECT_EQ(c["conformed"]["share"], 0.444444);
  EXPECT_EQ(c["deviated"]["units"], 5);
  const oj& kinds = c["deviated"]["by_kind"];
  EXPECT_EQ(kinds["skipped"]["units"], 1);
  EXPECT_EQ(kinds["out_of_order"]["units"], 1);
  EXPECT_EQ(kinds["went_back"]["units"], 2);  // b1, g1
  EXPECT_EQ(kinds["repeated"]["units"], 1);

  // Highest step seen: Order for c1 c3 s1 o1 b1 r1, Cart for c2 g1 x1 (x1's order is
  // outside its hour).
  const oj& steps = c["steps"];
  EXPECT_EQ(steps[0]["units"], 9);
  EXPECT_EQ(steps[1]["units"], 9);
  EXPECT_EQ(steps[2]["units"], 6);
  EXPECT_EQ(steps[3]["units"], 6);
  EXPECT_EQ(steps[2]["optional"], true);
  const oj& cart = steps[1];
  EXPECT_EQ(Units(cart, "skipped"), 1);
  EXPECT_EQ(cart["skipped"]["examples"], oj::array({"s1"}));
  EXPECT_EQ(cart["skipped"]["share"], 0.111111);  // of the 9 that got to Cart or further
  EXPECT_EQ(Units(cart, "out_of_order"), 1);
  EXPECT_EQ(cart["out_of_order"]["examples"], oj::array({"o1"}));
  EXPECT_EQ(Units(cart, "went_back"), 1);
  EXPECT_EQ(cart["went_back"]["from"], oj::array({oj{{"step", "Checkout"}, {"units", 1}, {"share", 0.111111}}}));
  EXPECT_EQ(Units(cart, "repeated"), 1);
  EXPECT_EQ(cart["repeated"]["examples"], oj::array({"r1"}));
  const oj& product = steps[0];
  EXPECT_EQ(Units(product, "went_back"), 1);
  EXPECT_EQ(product["went_back"]["examples"], oj::array({"g1"}));
  EXPECT_EQ(Units(product, "repeated"), 0);  // g1's second view after going back: ignored
  // The optional Checkout passed by (c3) is no deviation; nothing happens at Order.
  for (const char* kind : {"skipped", "out_of_order", "went_back", "repeated"}) {
    EXPECT_EQ(Units(steps[2], kind), 0) << kind;
    EXPECT_EQ(Units(steps[3], kind), 0) << kind;
  }

  // The funnel: c1 c3 convert of the conformed (2 of 4); o1 b1 r1 of the deviated (3 of
  // 5: s1 stops at Product, Cart being required; g1 at Cart).
  const oj& conversion = c["conversion"];
  EXPECT_EQ(conversion["conformed"]["converted"], 2);
  EXPECT_EQ(conversion["conformed"]["conversion"], 0.5);
  EXPECT_EQ(conversion["deviated"]["converted"], 3);
  EXPECT_EQ(conversion["difference"], -0.1);
  EXPECT_EQ(conversion["test"], "fisher_exact");  // groups of 4 and 5
  // Every unit here got to Cart at least: past the first step, the same groups.
  const oj& past = conversion["past_first_step"];
  EXPECT_EQ(past["conformed"]["units"], 4);
  EXPECT_EQ(past["conformed"]["converted"], 2);
  EXPECT_EQ(past["deviated"]["units"], 5);
  EXPECT_EQ(past["deviated"]["converted"], 3);
  ASSERT_GE(c["sentences"].size(), 3u);
  EXPECT_EQ(c["sentences"][0].get<std::string>().rfind("4 of 9 units followed the designed order: 44.4% (95% CI ", 0), 0u) << c["sentences"][0];
  EXPECT_NE(c["sentences"][0].get<std::string>().find("2 of them completed it and 2 stopped early"), std::string::npos);
  // The largest deviation first: went back to Product (1 unit) ties with Cart's four
  // kinds; Product comes first.
  const std::string back = c["sentences"][1].get<std::string>();
  EXPECT_EQ(back.rfind("11.1% (95% CI ", 0), 0u) << back;
  EXPECT_NE(back.find(") of the 9 units that got to Product or further went back to it, most often from Cart (1 unit)."),
            std::string::npos)
      << back;
}

TEST(ConformanceSection, RepeatsOfTheSettingsSteps) {
  const EventTable table = testing::TableFromCsv(Csv());
  std::string all = kSpec;
  all.insert(1, R"("conformance": {"ignore_repeats_of": [], "examples": 1}, )");
  const oj c = Conformance(table, all);
  EXPECT_EQ(c["settings"]["ignore_repeats_of"], oj::array());
  EXPECT_EQ(Units(c["steps"][0], "repeated"), 1);  // g1's two views after going back
  EXPECT_EQ(c["deviated"]["by_kind"]["repeated"]["units"], 2);  // g1, r1
  EXPECT_EQ(c["deviated"]["units"], 5);  // g1 had already deviated

  std::string cart = kSpec;
  cart.insert(1, R"("conformance": {"ignore_repeats_of": ["Cart", "Product"]}, )");
  const oj d = Conformance(table, cart);
  EXPECT_EQ(d["settings"]["ignore_repeats_of"], oj::array({"Product", "Cart"}));  // in step order
  EXPECT_EQ(d["conformed"]["units"], 5);  // r1 conforms now
  EXPECT_EQ(d["deviated"]["by_kind"]["repeated"]["units"], 0);
}

TEST(ConformanceSection, ExamplesAreTheFirstNamesAndOneGroupAloneHasNoComparison) {
  std::string csv = "user_id,timestamp,event\n";
  for (const char* u : {"z9", "a2", "m5", "a1", "b7"}) csv += Events(u, {{0, "view"}, {1, "cart"}, {2, "cart"}});
  const EventTable table = testing::TableFromCsv(csv);
  std::string spec = kSpec;
  spec.insert(1, R"("conformance": {"examples": 3}, )");
  const oj c = Conformance(table, spec);
  EXPECT_EQ(c["steps"][1]["repeated"]["units"], 5);
  EXPECT_EQ(c["steps"][1]["repeated"]["examples"], oj::array({"a1", "a2", "b7"}));
  EXPECT_EQ(c["conformed"]["units"], 0);
  EXPECT_TRUE(c["conversion"]["conformed"]["conversion"].is_null());
  EXPECT_TRUE(c["conversion"]["difference"].is_null());
  EXPECT_TRUE(c["conversion"]["p_value"].is_null());
  EXPECT_EQ(c["conversion"]["past_first_step"]["deviated"]["units"], 5);
  EXPECT_TRUE(c["conversion"]["past_first_step"]["difference"].is_null());
}

TEST(ConformanceSection, SameForAnySplitAndPartialFormReadsBack) {
  std::string csv = "user_id,timestamp,event\n";
  const char* names[] = {"view", "cart", "checkout", "order", "search", "cart", "view"};
  for (int i = 0; i < 400; ++i) {
    const std::string u = "u" + std::to_string(i);
    for (int k = 0; k < 1 + i % 7; ++k) csv += u + "," + At((i % 50) + k * (1 + i % 3)) + "," + names[(i + k * k) % 7] + "\n";
  }
  const EventTable table = testing::TableFromCsv(csv);
  const std::string one = Conformance(table, kSpec, 1).dump();
  for (int threads : {2, 3, 8}) EXPECT_EQ(Conformance(table, kSpec, threads).dump(), one) << threads;
  const oj c = nlohmann::ordered_json::parse(one);
  ASSERT_GT(c["deviated"]["units"].get<int64_t>(), 20) << one;  // every kind is there to merge
  for (const char* kind : {"skipped", "out_of_order", "went_back", "repeated"}) {
    EXPECT_GT(c["deviated"]["by_kind"][kind]["units"].get<int64_t>(), 0) << kind;
  }

  const testing::PartialForm partial = testing::ExpectPartialFormReadsBack(kSpec, table, ConformanceSection::kName);
  nlohmann::json broken = partial.json;
  broken["conformed"] = partial.json["units"].get<int64_t>() + 1;
  EXPECT_EQ(partial.refusal(broken), "conformance state: conformed: expected an integer from 0 to " +
                                         std::to_string(partial.json["units"].get<int64_t>()));
  broken = partial.json;
  broken["steps"][1]["kinds"][3][1] = nlohmann::json::array({"zz", "aa"});
  EXPECT_EQ(partial.refusal(broken), "conformance state: steps[1].kinds[3]: example users out of order or twice");
  broken = partial.json;
  broken["steps"][1]["went_back_from"][0] = 1;
  EXPECT_EQ(partial.refusal(broken), "conformance state: steps[1].went_back_from[0]: expected an integer from 0 to 0");
  broken = partial.json;
  broken["steps"][2]["units"] = partial.json["steps"][1]["units"].get<int64_t>() + 1;
  EXPECT_NE(partial.refusal(broken), "accepted");
  broken = partial.json;
  broken["steps"][1]["kinds"][3][1] = nlohmann::json::array();
  EXPECT_EQ(partial.refusal(broken), "conformance state: steps[1].kinds[3]: units without an example user");
  broken = partial.json;
  broken["past_first_step"][0] = partial.json["past_first_step"][0].get<int64_t>() - 1;
  EXPECT_EQ(partial.refusal(broken), "conformance state: past_first_step: do not add up to the second step's units");
  broken = partial.json;
  broken["state"] = "frictionlens.paths_state/1";
  EXPECT_NE(partial.refusal(broken), "accepted");
}

// Recounted independently from the events: per user, the ClickHouse chain search (step 1
// restarts chain 1; step k copies chain k-1's start when within the window; the last step
// ends it) gives the start; the step events from there to start + window, in (time, step)
// order, are walked with the documented rules. Three required steps, 20 minutes.
TEST(ConformanceSection, RecountedFromTheEventsOfGeneratedUsers) {
  const char* names[] = {"view", "cart", "order", "search", "cart", "view"};
  struct Event {
    int minute, step;  // step -1: no step
  };
  std::map<std::string, std::vector<Event>> by_user;
  std::string csv = "user_id,timestamp,event\n";
  for (int i = 0; i < 600; ++i) {
    const std::string u = "g" + std::to_string(i);
    uint32_t random = 2654435761u * static_cast<uint32_t>(i + 1);  // a fixed LCG per user
    int minute = i % 40;
    for (int k = 0; k < 2 + i % 8; ++k) {
      random = random * 1664525u + 1013904223u;
      minute += static_cast<int>((random >> 8) % 6);
      const std::string name = names[(random >> 16) % 6];
      csv += u + "," + At(minute) + "," + name + "\n";
      const int step = name == "view" ? 0 : name == "cart" ? 1 : name == "order" ? 2 : -1;
      by_user[u].push_back({minute, step});
    }
  }
  const EventTable table = testing::TableFromCsv(csv);
  const std::string spec = R"({"window": "20m", "steps": [{"name": "Product", "event": "view"},
    {"name": "Cart", "event": "cart"}, {"name": "Order", "event": "order"}]})";
  const oj c = Conformance(table, spec, 3);

  int64_t units = 0, conformed = 0, completed = 0;
  int64_t got_to[3] = {}, kinds[3][4] = {}, back_from[3][3] = {}, past[4] = {};
  for (auto& [user, events] : by_user) {
    std::vector<Event> steps;
    for (const Event& e : events) {
      if (e.step >= 0) steps.push_back(e);
    }
    std::stable_sort(steps.begin(), steps.end(), [](const Event& a, const Event& b) {
      return a.minute != b.minute ? a.minute < b.minute : a.step < b.step;
    });
    int start[3] = {-1, -1, -1};
    for (const Event& e : steps) {
      if (e.step == 0) start[0] = e.minute;
      else if (start[e.step - 1] >= 0 && e.minute <= start[e.step - 1] + 20) start[e.step] = start[e.step - 1];
      if (start[2] >= 0) break;
    }
    const int level = start[2] >= 0 ? 3 : start[1] >= 0 ? 2 : start[0] >= 0 ? 1 : 0;
    if (level == 0) continue;
    ++units;
    std::vector<int> walk;
    for (const Event& e : steps) {
      if (e.minute >= start[level - 1] && e.minute <= start[level - 1] + 20) walk.push_back(e.step);
    }
    bool seen[3] = {}, kind[3][4] = {}, from[3][3] = {};
    int highest = -1;
    for (size_t x = 0; x < walk.size(); ++x) {
      const int j = walk[x];
      const int before = x > 0 ? walk[x - 1] : -1;
      if (j == before) {
        kind[j][3] = kind[j][3] || j != 0;  // the first step's repeats are ignored
      } else if (!seen[j] && highest > j) {
        kind[j][1] = true;
      } else if (seen[j] && before > j) {
        kind[j][2] = from[j][before] = true;
      }
      seen[j] = true;
      highest = std::max(highest, j);
    }
    for (int j = 0; j < highest; ++j) kind[j][0] = !seen[j];
    bool any = false;
    for (int j = 0; j < 3; ++j) {
      got_to[j] += j <= highest;
      for (int k = 0; k < 4; ++k) {
        kinds[j][k] += kind[j][k];
        any = any || kind[j][k];
      }
      for (int k = 0; k < 3; ++k) back_from[j][k] += from[j][k];
    }
    conformed += !any;
    completed += !any && highest == 2;
    if (highest >= 1) {  // past the first step: the funnel's conversion by group
      ++past[any ? 2 : 0];
      past[any ? 3 : 1] += level == 3;
    }
  }
  ASSERT_GT(units, 300);
  EXPECT_EQ(c["units"], units);
  EXPECT_EQ(c["conformed"]["units"], conformed);
  EXPECT_EQ(c["conformed"]["completed"], completed);
  const oj& p = c["conversion"]["past_first_step"];
  EXPECT_EQ((std::vector<int64_t>{p["conformed"]["units"], p["conformed"]["converted"], p["deviated"]["units"],
                                  p["deviated"]["converted"]}),
            (std::vector<int64_t>{past[0], past[1], past[2], past[3]}));
  EXPECT_GT(past[3], 0);
  const char* kind_names[] = {"skipped", "out_of_order", "went_back", "repeated"};
  for (int j = 0; j < 3; ++j) {
    const oj& step = c["steps"][j];
    EXPECT_EQ(step["units"], got_to[j]) << j;
    for (int k = 0; k < 4; ++k) EXPECT_EQ(Units(step, kind_names[k]), kinds[j][k]) << j << " " << kind_names[k];
    std::map<std::string, int64_t> from;
    for (const auto& f : step["went_back"]["from"]) from[f["step"]] = f["units"];
    for (int k = j + 1; k < 3; ++k) {
      EXPECT_EQ(from[c["steps"][k]["step"].get<std::string>()], back_from[j][k]) << j << " from " << k;
    }
  }
  // Every kind shows up in this data, so each is held to the recount.
  EXPECT_GT(kinds[1][0], 0);
  EXPECT_GT(kinds[1][1] + kinds[0][1], 0);
  EXPECT_GT(kinds[0][2] + kinds[1][2], 0);
  EXPECT_GT(kinds[1][3] + kinds[2][3], 0);
}

TEST(ConformanceSection, SettingsErrorsNameTheirPath) {
  auto error = [](const std::string& settings) { return testing::SettingsError(kSpec, "conformance", settings); };
  EXPECT_EQ(error(R"({"examples": 21})"), "journey: conformance.examples: expected an integer from 0 to 20");
  EXPECT_EQ(error(R"({"ignore_repeats_of": ["Cart", "Basket"]})"),
            "journey: conformance.ignore_repeats_of[1]: \"Basket\" is not a step of this journey");
  EXPECT_EQ(error(R"({"ignore_repeats_of": "Cart"})").rfind("journey: conformance.ignore_repeats_of: ", 0), 0u);
  EXPECT_EQ(error(R"([])"), "journey: conformance: expected an object");
  EXPECT_EQ(error(R"({"colour": 1})").rfind("journey: conformance.colour: unknown setting", 0), 0u) << error(R"({"colour": 1})");
}

}  // namespace
}  // namespace fl
