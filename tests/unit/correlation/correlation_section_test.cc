// The correlation section on hand-made users whose 2x2 tables are known (the figures
// below worked out by hand and, for p-values, by exact hypergeometric sums), the
// in-progress exclusion, the property rule, its settings, its independence from how the
// users are split, and its partial form.

#include <cstdio>
#include <string>

#include "core/correlation/correlation_section.h"
#include "gtest/gtest.h"
#include "unit/section_test_support.h"

namespace fl {
namespace {

using oj = nlohmann::ordered_json;

constexpr const char* kSpec = R"({"window": "1h", "steps": [
  {"name": "View", "event": "view"}, {"name": "Cart", "event": "cart"}, {"name": "Order", "event": "order"}]})";
// The same, testing the device column (which "auto" leaves out here: it is set on the views only).
constexpr const char* kDeviceSpec = R"({"correlation": {"properties": ["device"]}, "window": "1h", "steps": [
  {"name": "View", "event": "view"}, {"name": "Cart", "event": "cart"}, {"name": "Order", "event": "order"}]})";

// The minutes after 10:00 on 2024-03-01.
std::string At(int minutes) {
  char text[32];
  std::snprintf(text, sizeof(text), "2024-03-01T%02d:%02d:00Z", 10 + minutes / 60, minutes % 60);
  return text;
}

std::string Row(const std::string& user, int minutes, const std::string& event, const std::string& device = "",
                const std::string& order_id = "") {
  return user + "," + At(minutes) + "," + event + "," + device + "," + order_id + "\n";
}

// At Cart (every user views at 0 and carts at 1, device on the view only):
//   d1-d8  android, error at 2, leave (window closes at 60):  dropped, error, android
//   n1     android, error at 61, after its window:             dropped, no error, android
//   n2     ios, search at 2:                                   dropped, no error, ios
//   e1-e2  ios, error at 2, order at 3:                        converted, error, ios
//   c1-c8  order at 3 (c1, c2 android, the rest ios); c1 errs at 4, after its order
//   v1-v2  view and search only: dropped at View
//   p1     views at 150, carts at 151 (device ios), still in its hour at the data's end 190
// So at Cart: dropped 10, converted 10, in progress 1.
//   error:   dropped 8 of 10, converted 2 of 10: OR (8 x 8) / (2 x 2) = 16
//   android: dropped 9 (d1-d8, n1), converted 2 (c1, c2): OR (9 x 8) / (1 x 2) = 36
//   ios:     dropped 1, converted 8: OR 1/36;  search: 1 unit, below min_units
std::string Csv() {
  std::string csv = "user_id,timestamp,event,device,order_id\n";
  for (int i = 1; i <= 8; ++i) {
    const std::string u = "d" + std::to_string(i);
    csv += Row(u, 0, "view", "android") + Row(u, 1, "cart") + Row(u, 2, "error");
  }
  csv += Row("n1", 0, "view", "android") + Row("n1", 1, "cart") + Row("n1", 61, "error");
  csv += Row("n2", 0, "view", "ios") + Row("n2", 1, "cart") + Row("n2", 2, "search");
  for (int i = 1; i <= 2; ++i) {
    const std::string u = "e" + std::to_string(i);
    csv += Row(u, 0, "view", "ios") + Row(u, 1, "cart") + Row(u, 2, "error") + Row(u, 3, "order", "", "o-" + u);
  }
  for (int i = 1; i <= 8; ++i) {
    const std::string u = "c" + std::to_string(i);
    csv += Row(u, 0, "view", i <= 2 ? "android" : "ios") + Row(u, 1, "cart") + Row(u, 3, "order", "", "o-" + u);
    if (i == 1) csv += Row(u, 4, "error");
  }
  csv += Row("v1", 0, "view", "ios") + Row("v1", 5, "search");
  csv += Row("v2", 0, "view", "ios") + Row("v2", 5, "search");
  csv += Row("p1", 150, "view") + Row("p1", 151, "cart", "ios") + Row("p1", 190, "search");
  return csv;
}

oj Correlation(const EventTable& table, const std::string& spec, int threads = 1) {
  return testing::SectionReport(spec, table, CorrelationSection::kName, threads);
}

const oj* Find(const oj& list, const std::string& field, const std::string& name) {
  for (const oj& c : list) {
    if (c.contains(field) && c[field] == name) return &c;
  }
  return nullptr;
}

TEST(CorrelationSection, TwoByTwoTablesAtEachStep) {
  const EventTable table = testing::TableFromCsv(Csv());
  const oj r = Correlation(table, kDeviceSpec);
  ASSERT_EQ(r["steps"].size(), 2u);  // View -> Cart, Cart -> Order

  const oj& view = r["steps"][0];
  EXPECT_EQ(view["step"], "View");
  EXPECT_EQ(view["dropped"], 2);     // v1, v2
  EXPECT_EQ(view["converted"], 21);  // everyone else, p1 too (it reached Cart)
  EXPECT_EQ(view["in_progress"], 0);

  const oj& cart = r["steps"][1];
  EXPECT_EQ(cart["step"], "Cart");
  EXPECT_EQ(cart["next_step"], "Order");
  EXPECT_EQ(cart["dropped"], 10);
  EXPECT_EQ(cart["converted"], 10);
  EXPECT_EQ(cart["in_progress"], 1);  // p1: right-censored, left out
  EXPECT_EQ(cart["units"], 20);
  // error, search, device = android, device = ios; search (1 unit) is below min_units 5.
  EXPECT_EQ(cart["candidates"], 4);
  EXPECT_EQ(cart["below_min_units"], 1);
  EXPECT_EQ(cart["tested"], 3);
  EXPECT_EQ(cart["significant"], 3);
  EXPECT_EQ(cart["not_significant"], 0);

  // Ranked by |ln OR|: android (ln 36) before error (ln 16).
  const oj& dropping = cart["with_dropping"];
  ASSERT_EQ(dropping.size(), 2u);
  EXPECT_EQ(dropping[0]["kind"], "property");
  EXPECT_EQ(dropping[0]["property"], "device");
  EXPECT_EQ(dropping[0]["value"], "android");
  EXPECT_EQ(dropping[0]["odds_ratio"], 36.0);
  const oj& error = dropping[1];
  EXPECT_EQ(error["kind"], "event");
  EXPECT_EQ(error["event"], "error");
  EXPECT_EQ(error["dropped_with"], 8);
  EXPECT_EQ(error["dropped_without"], 2);
  EXPECT_EQ(error["converted_with"], 2);
  EXPECT_EQ(error["converted_without"], 8);
  EXPECT_EQ(error["drop_rate_with"], 0.8);
  EXPECT_EQ(error["drop_rate_without"], 0.2);
  EXPECT_EQ(error["odds_ratio"], 16.0);
  // Woolf: exp(ln 16 +- 1.96 sqrt(1/8 + 1/2 + 1/2 + 1/8)).
  EXPECT_EQ(error["odds_ratio_ci95"], oj::array({1.78833, 143.150292}));
  EXPECT_EQ(error["corrected"], false);
  // Fisher, two-sided: 0.023014137565 (exact sum); BH over the 3 tested p-values
  // {0.023014, 0.005477, 0.005477}: q = 0.023014 for error, 0.005477 x 3 / 2 for both values.
  EXPECT_EQ(error["p_value"], 0.023014);
  EXPECT_EQ(error["q_value"], 0.023014);
  EXPECT_EQ(dropping[0]["q_value"], 0.008216);
  // PostHog's odds of converting, one added to each cell: (2+1)(10-8+1) / ((10-2+1)(8+1)).
  EXPECT_EQ(error["posthog_odds_ratio"], 0.111111);
  EXPECT_EQ(error["examples"], oj::array({"d1", "d2", "d3"}));

  const oj& converting = cart["with_converting"];
  ASSERT_EQ(converting.size(), 1u);
  EXPECT_EQ(converting[0]["value"], "ios");
  EXPECT_EQ(converting[0]["dropped_with"], 1);
  EXPECT_EQ(converting[0]["converted_with"], 8);
  EXPECT_EQ(converting[0]["odds_ratio"], 0.027778);
  // The smallest names, not the first users of the file: the same for any row order.
  EXPECT_EQ(converting[0]["examples"], oj::array({"c3", "c4", "c5"}));

  // The step events of Cart and Order are never candidates; nor is view (before Cart).
  EXPECT_EQ(Find(dropping, "event", "cart"), nullptr);
  EXPECT_EQ(Find(dropping, "event", "order"), nullptr);

  ASSERT_GE(r["sentences"].size(), 3u);
  EXPECT_EQ(r["sentences"][0],
            "Between Cart and Order, units who had device = android dropped more: 81.8% of 11 against 11.1% of 9 (odds ratio 36, "
            "95% CI 2.7–476, q = 0.008); e.g. users d1, d2, d3");
  EXPECT_EQ(r["sentences"][1],
            "Between Cart and Order, units who did error dropped more: 80.0% of 10 against 20.0% of 10 (odds ratio 16, "
            "95% CI 1.8–143, q = 0.023); e.g. users d1, d2, d3");
}

// A converter's span runs from its first step-k event to its first event of a later step:
// r1-r5 pay, are declined and pay again (the chain counts the second payment); the decline
// is after the first, so it is nobody's candidate between Checkout and Payment, and every
// r's between Payment and Order. k1-k5 leave after a help click.
TEST(CorrelationSection, ConverterSpanEndsAtTheFirstLaterStepEvent) {
  std::string csv = "user_id,timestamp,event,device,order_id\n";
  for (int i = 1; i <= 5; ++i) {
    const std::string r = "r" + std::to_string(i), k = "k" + std::to_string(i);
    csv += Row(r, 0, "checkout") + Row(r, 1, "pay") + Row(r, 2, "declined") + Row(r, 3, "pay") + Row(r, 4, "order");
    csv += Row(k, 0, "checkout") + Row(k, 1, "help");
  }
  csv += Row("late", 200, "checkout");  // the data runs to 13:20: every other window has closed
  const EventTable table = testing::TableFromCsv(csv);
  const oj r = Correlation(table, R"({"window": "1h", "steps": [{"name": "Checkout", "event": "checkout"},
    {"name": "Payment", "event": "pay", "optional": true}, {"name": "Order", "event": "order"}]})");
  const oj& checkout = r["steps"][0];
  EXPECT_EQ(checkout["converted"], 5);
  EXPECT_EQ(checkout["dropped"], 5);
  EXPECT_EQ(checkout["in_progress"], 1);
  EXPECT_EQ(checkout["candidates"], 1);  // help only: no declined
  ASSERT_EQ(checkout["with_dropping"].size(), 1u);
  EXPECT_EQ(checkout["with_dropping"][0]["event"], "help");
  EXPECT_EQ(checkout["with_dropping"][0]["corrected"], true);  // nobody who went on clicked help
  // Payment -> Order: the five converted, from their first payment: declined is theirs here
  // (the chain counts the second payment; starting there would hide every decline of those
  // who went on, and only theirs).
  EXPECT_EQ(r["steps"][1]["converted"], 5);
  EXPECT_EQ(r["steps"][1]["candidates"], 1);
}

TEST(CorrelationSection, AutoPropertiesLeaveOutIdsAndListedOnesAreCapped) {
  const EventTable table = testing::TableFromCsv(Csv());
  // "auto": device is set on the 23 events of 70 (the views and p1's cart), under half: it describes
  // events, not units, and is left out; order_id is an id.
  const oj r = Correlation(table, kSpec);
  ASSERT_EQ(r["properties"].size(), 2u);
  EXPECT_EQ(r["properties"][0], (oj{{"property", "device"}, {"values", 2}, {"tested", false},
                                    {"reason", "set on 23 of 70 events (under half): describes events, not units"},
                                    {"values_left_out", 0}}));
  EXPECT_EQ(r["steps"][1]["candidates"], 2);  // error, search
  const oj listed = Correlation(table, kDeviceSpec);
  EXPECT_EQ(listed["properties"][0]["reason"], "listed; 2 values");
  EXPECT_EQ(r["properties"][1]["property"], "order_id");
  EXPECT_EQ(r["properties"][1]["tested"], false);
  EXPECT_EQ(r["properties"][1]["reason"], "an id");

  // Listed with max_values 1: only the table's first value (android, d1's) is tracked.
  std::string spec = kSpec;
  spec.insert(1, R"("correlation": {"properties": ["device", "colour"], "max_values": 1}, )");
  const oj capped = Correlation(table, spec);
  EXPECT_EQ(capped["properties"][0]["values_left_out"], 1);
  EXPECT_EQ(capped["properties"][1], (oj{{"property", "colour"}, {"values", 0}, {"tested", false},
                                        {"reason", "no such column"}, {"values_left_out", 0}}));
  EXPECT_EQ(capped["steps"][1]["candidates"], 3);  // error, search, device = android
  EXPECT_TRUE(capped["steps"][1]["with_converting"].empty());

  // Events only; and a higher bar.
  spec = kSpec;
  spec.insert(1, R"("correlation": {"properties": [], "min_units": 11}, )");
  const oj events_only = Correlation(table, spec);
  EXPECT_EQ(events_only["steps"][1]["candidates"], 2);
  EXPECT_EQ(events_only["steps"][1]["tested"], 0);
  EXPECT_TRUE(events_only["sentences"].empty());
}

TEST(CorrelationSection, SettingsErrorsNameTheirPath) {
  auto error = [](const std::string& settings) { return testing::SettingsError(kSpec, "correlation", settings); };
  EXPECT_EQ(error(R"({"properties": "all"})"),
            "journey: correlation.properties: expected \"auto\" or a list of property names");
  EXPECT_EQ(error(R"({"properties": ["device", ""]})"), "journey: correlation.properties[1]: expected a non-empty string");
  EXPECT_EQ(error(R"({"alpha": 1})"), "journey: correlation.alpha: expected a number between 0 and 1");
  EXPECT_EQ(error(R"({"min_units": 0})"), "journey: correlation.min_units: expected an integer from 1 to 1000000");
  EXPECT_EQ(error(R"({"top": 101})"), "journey: correlation.top: expected an integer from 1 to 100");
  EXPECT_EQ(error(R"({"odds": 1})").rfind("journey: correlation.odds: unknown setting", 0), 0u) << error(R"({"odds": 1})");
}

TEST(CorrelationSection, SameForAnySplitAndPartialFormReadsBack) {
  std::string csv = "user_id,timestamp,event,device,order_id\n";
  const char* names[] = {"view", "search", "cart", "error", "order", "help"};
  const char* devices[] = {"ios", "android", "web"};
  for (int i = 0; i < 400; ++i) {
    const std::string u = "u" + std::to_string(i);
    for (int k = 0; k < 1 + i % 7; ++k) {
      csv += Row(u, (i % 50) + k * (1 + i % 4), names[(i + k * k) % 6], k == 0 ? devices[i % 3] : "");
    }
  }
  const EventTable table = testing::TableFromCsv(csv);
  const std::string spec = std::string(kSpec).insert(1, R"("correlation": {"min_units": 2, "properties": ["device"]}, )");
  const std::string one = Correlation(table, spec, 1).dump();
  for (int threads : {2, 3, 8}) EXPECT_EQ(Correlation(table, spec, threads).dump(), one) << threads;

  const testing::PartialForm partial = testing::ExpectPartialFormReadsBack(spec, table, CorrelationSection::kName);
  ASSERT_FALSE(partial.json["transitions"][1]["events"].empty());
  nlohmann::json broken = partial.json;
  broken["transitions"][1]["events"][0][0] = "teleport";
  EXPECT_EQ(partial.refusal(broken), "correlation state: transitions[1].events[0]: an event this table does not have");
  broken = partial.json;
  broken["transitions"][1]["events"][0][1] = partial.json["transitions"][1]["dropped"].get<int64_t>() + 1;
  EXPECT_EQ(partial.refusal(broken),
            "correlation state: transitions[1].events[0]: counts beyond the transition's dropped and converted units");
  broken = partial.json;
  broken["transitions"][0]["properties"][0][1] = "amiga";
  EXPECT_EQ(partial.refusal(broken), "correlation state: transitions[0].properties[0]: a value this run does not track");
  broken = partial.json;
  broken["transitions"].erase(1);
  EXPECT_EQ(partial.refusal(broken), "correlation state: transitions: expected an array of 2 transitions");
  broken = partial.json;
  broken["transitions"][0].erase("skipped");
  EXPECT_EQ(partial.refusal(broken), "correlation state: transitions[0].skipped: missing");
  broken = partial.json;
  broken["state"] = "frictionlens.paths_state/1";
  EXPECT_NE(partial.refusal(broken), "accepted");
}

}  // namespace
}  // namespace fl
