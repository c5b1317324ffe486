// The delivery section: both lateness rules on hand-made orders (the header's example),
// open orders awaiting or overdue, the latest-order fallback for events without an order
// key, impossible orders as findings, the demo store's planted late share and what it does
// afterwards recovered inside the intervals, the same JSON for any split of the users, the
// partial form, and settings errors naming their path.

#include "core/delivery/delivery_section.h"

#include <string>

#include "core/demo/demo_store.h"
#include "gtest/gtest.h"
#include "unit/section_test_support.h"

namespace fl {
namespace {

constexpr char kSpec[] =
    R"({"window": "14d", "steps": [{"name": "Order", "event": "order_placed"}, {"name": "Delivered", "event": "delivered"}]})";

nlohmann::ordered_json Section(const std::string& csv, const std::string& spec = kSpec, int threads = 1) {
  return testing::SectionReport(spec, testing::TableFromCsv(csv), DeliverySection::kName, threads);
}

// Four orders promised for 2024-03-05 (midnight UTC): o1 delivered the day before, o2 on
// the day at 09:00 (late by the instant, not by the day), o3 a day late, o4 never; the
// data ends on 03-09 (the `end` row). o5 is promised for 03-20: still awaiting.
constexpr char kCsv[] =
    "user_id,timestamp,event,order_id,promised_at,country\n"
    "a,2024-03-01T10:00:00Z,order_placed,o1,2024-03-05,DE\n"
    "a,2024-03-04T18:00:00Z,delivered,o1,,DE\n"
    "b,2024-03-01T10:00:00Z,order_placed,o2,2024-03-05,DE\n"
    "b,2024-03-05T09:00:00Z,delivered,o2,,DE\n"
    "c,2024-03-01T10:00:00Z,order_placed,o3,2024-03-05,FR\n"
    "c,2024-03-06T10:00:00Z,delivered,o3,,FR\n"
    "d,2024-03-01T10:00:00Z,order_placed,o4,2024-03-05,FR\n"
    "e,2024-03-08T10:00:00Z,order_placed,o5,2024-03-20,FR\n"
    "z,2024-03-09T12:00:00Z,end,,,FR\n";

TEST(DeliverySection, BothRulesAndOpenOrders) {
  std::string spec = kSpec;
  spec.insert(1, R"("breakdown": {"property": "country"}, )");
  const nlohmann::ordered_json d = Section(kCsv, spec);
  EXPECT_EQ(d["orders"], 5);
  EXPECT_EQ(d["with_promise"], 5);
  EXPECT_EQ(d["delivered"], 3);
  EXPECT_EQ(d["awaiting"], 1);  // o5
  const nlohmann::ordered_json& ts = d["rules"][0];
  EXPECT_EQ(ts["rule"], "timestamp");
  EXPECT_EQ(ts["judged"], 4);
  EXPECT_EQ(ts["on_time"], 1);
  EXPECT_EQ(ts["late"], 2);
  EXPECT_EQ(ts["overdue"], 1);
  EXPECT_EQ(ts["on_time_rate"], 0.25);
  const nlohmann::ordered_json& day = d["rules"][1];
  EXPECT_EQ(day["rule"], "calendar_day");
  EXPECT_EQ(day["on_time"], 2);
  EXPECT_EQ(day["on_time_rate"], 0.5);
  EXPECT_EQ(d["sentence"],
            "On time: 25.0% of 4 orders judged (95% CI 4.6–69.9%) by the timestamp rule, 74.9 points short of the "
            "99.9% target: 750 late per 1,000 where it allows 1 (calendar-day rule: 50.0%)");
  // Late by the instant: o2 9 h after, o3 1 d 10 h after.
  EXPECT_EQ(d["lateness"]["late_delivered"], 2);
  EXPECT_EQ(d["lateness"]["median_ms"], 9 * 3600000);
  EXPECT_EQ(d["lateness"]["by_days"][0]["orders"], 1);
  EXPECT_EQ(d["lateness"]["by_days"][1]["orders"], 1);
  // By country (the journey's breakdown): DE o1 on time, o2 late; FR o3 late, o4 overdue.
  ASSERT_EQ(d["by"].size(), 1u);
  EXPECT_EQ(d["by"][0]["property"], "country");
  EXPECT_EQ(d["by"][0]["values"].dump(),
            R"([{"value":"DE","judged":2,"late":1,"late_share":0.5,"late_share_ci95":[0.094531,0.905469]},)"
            R"({"value":"FR","judged":2,"late":2,"late_share":1.0,"late_share_ci95":[0.34238,1.0]}])");
}

TEST(DeliverySection, AfterDeliveryAndTheLatestOrderFallback) {
  // p1: on time, reviews 5 (keyed); p2: late, the review (4) and a support contact carry no
  // order key and belong to the latest order placed before them; p3: late, reviews 1, refund.
  std::string csv = "user_id,timestamp,event,order_id,promised_at,score\n";
  for (int i = 0; i < 20; ++i) {
    const std::string u = std::to_string(i);
    const bool late = i % 2 == 1;
    csv += "u" + u + ",2024-03-01T10:00:00Z,order_placed,o" + u + ",2024-03-05,\n";
    csv += "u" + u + (late ? ",2024-03-07T10:00:00Z" : ",2024-03-04T10:00:00Z") + ",delivered,o" + u + ",,\n";
    csv += "u" + u + ",2024-03-08T10:00:00Z,review,,," + (late ? "2" : "5") + "\n";
    if (late && i % 4 == 1) csv += "u" + u + ",2024-03-08T11:00:00Z,support_contact,,,\n";
  }
  const nlohmann::ordered_json d = Section(csv);
  const nlohmann::ordered_json& down = d["downstream"];
  EXPECT_EQ(down["on_time_orders"], 10);
  EXPECT_EQ(down["late_orders"], 10);
  const nlohmann::ordered_json& score = down["comparisons"][0];
  EXPECT_EQ(score["measure"], "review_score");
  EXPECT_EQ(score["late"], 2);
  EXPECT_EQ(score["on_time"], 5);
  EXPECT_EQ(score["difference"], -3);
  const nlohmann::ordered_json& support = down["comparisons"][1];
  EXPECT_EQ(support["measure"], "support_contact");
  EXPECT_EQ(support["late"], 0.5);  // u1, u5, u9, u13, u17
  EXPECT_EQ(support["on_time"], 0);
}

TEST(DeliverySection, ImpossibleOrdersAreFindings) {
  const nlohmann::ordered_json d = Section(
      "user_id,timestamp,event,order_id,promised_at\n"
      "a,2024-03-02T10:00:00Z,order_placed,o1,2024-03-05\n"
      "a,2024-03-01T10:00:00Z,delivered,o1,\n"          // delivered the day before it was placed
      "b,2024-03-01T10:00:00Z,delivered,o2,\n"          // no placed event
      "c,2024-03-03T10:00:00Z,order_placed,o3,soon\n"   // promise not a time
      "d,2024-03-03T10:00:00Z,order_placed,o4,2024-03-01\n"  // promised before placed
      "e,2024-03-03T10:00:00Z,order_placed,o5,\n");     // no promise: counted, not judged
  EXPECT_EQ(d["orders"], 4);
  EXPECT_EQ(d["with_promise"], 0);
  EXPECT_EQ(d["rules"][0]["judged"], 0);
  std::map<std::string, std::string> findings;
  for (const auto& f : d["findings"]) findings[f["kind"]] = f["examples"][0];
  EXPECT_EQ(findings, (std::map<std::string, std::string>{{"delivered_before_placed", "o1"},
                                                           {"delivered_without_placed", "o2"},
                                                           {"promise_not_a_time", "o3"},
                                                           {"promised_before_placed", "o4"}}));
  EXPECT_EQ(d["findings"][0]["sentence"],
            "1 order delivered before they were placed (left out of the rates; e.g. o1)");
}

TEST(DeliverySection, CanceledOrdersAreNotLate) {
  // Olist's shape: the status on every row. o1 canceled (status), o2 canceled by an event,
  // o3 canceled yet delivered, o4 says delivered without a delivered event, o5 is shipped
  // and overdue: only o5 is judged, and it is late.
  const nlohmann::ordered_json d = Section(
      "user_id,timestamp,event,order_id,promised_at,order_status\n"
      "a,2024-03-01T10:00:00Z,order_placed,o1,2024-03-05,canceled\n"
      "b,2024-03-01T10:00:00Z,order_placed,o2,2024-03-05,\n"
      "b,2024-03-01T11:00:00Z,order_canceled,o2,,\n"
      "c,2024-03-01T10:00:00Z,order_placed,o3,2024-03-05,canceled\n"
      "c,2024-03-04T10:00:00Z,delivered,o3,,canceled\n"
      "d,2024-03-01T10:00:00Z,order_placed,o4,2024-03-05,delivered\n"
      "e,2024-03-01T10:00:00Z,order_placed,o5,2024-03-05,shipped\n"
      "z,2024-03-09T12:00:00Z,end,,,\n");
  EXPECT_EQ(d["orders"], 5);
  EXPECT_EQ(d["canceled"], 2);
  EXPECT_EQ(d["with_promise"], 1);
  EXPECT_EQ(d["rules"][0]["judged"], 1);
  EXPECT_EQ(d["rules"][0]["overdue"], 1);
  std::map<std::string, std::string> findings;
  for (const auto& f : d["findings"]) findings[f["kind"]] = f["examples"][0];
  EXPECT_EQ(findings, (std::map<std::string, std::string>{{"canceled_but_delivered", "o3"},
                                                           {"delivered_status_without_time", "o4"}}));
}

TEST(DeliverySection, AnAccountWithManyOrders) {
  // One person, 40 orders placed first and delivered later in reverse order: past 16 a
  // person's orders are found through a map, with the same result as the scan.
  std::string csv = "user_id,timestamp,event,order_id,promised_at\n";
  for (int i = 0; i < 40; ++i) {
    csv += "shop,2024-03-01T10:" + std::string(i < 10 ? "0" : "") + std::to_string(i) + ":00Z,order_placed,o" +
           std::to_string(i) + ",2024-03-05\n";
  }
  for (int i = 39; i >= 0; --i) {
    csv += "shop,2024-03-0" + std::string(i % 2 ? "6" : "4") + "T10:" + std::string(39 - i < 10 ? "0" : "") +
           std::to_string(39 - i) + ":00Z,delivered,o" + std::to_string(i) + ",\n";
  }
  const nlohmann::ordered_json d = Section(csv);
  EXPECT_EQ(d["orders"], 40);
  EXPECT_EQ(d["delivered"], 40);
  EXPECT_EQ(d["rules"][0]["on_time"], 20);  // the even ones, delivered the day before
  EXPECT_EQ(d["rules"][0]["late"], 20);
  EXPECT_TRUE(d["findings"].empty());
}

std::string Store(int64_t users) {
  DemoStoreOptions options;
  options.users = users;
  std::string csv = DemoCsvHeader();
  GenerateDemoStore(options, [&](const DemoEvent& e) { AppendDemoCsvRow(e, &csv); });
  return csv;
}

TEST(DeliverySection, DemoStoresPlantedLatenessRecovered) {
  // core/demo: 12% of orders arrive 1 to 3 days after the promise; 35% of those lead to a
  // support contact (none on time); refunds 10% late against 3%; late reviews average
  // 2.33 (0.35, 0.25, 0.2, 0.12, 0.08 for 1..5 stars) against 4.23 on time.
  const nlohmann::ordered_json d = Section(Store(8000));
  const nlohmann::ordered_json& ts = d["rules"][0];
  EXPECT_GT(ts["judged"].get<int64_t>(), 2000);
  const double late_lo = 1 - ts["on_time_rate_ci95"][1].get<double>();
  const double late_hi = 1 - ts["on_time_rate_ci95"][0].get<double>();
  EXPECT_LE(late_lo, 0.125) << ts;  // a few on-time draws land after the promise: at most +0.5 pp
  EXPECT_GE(late_hi, 0.12) << ts;
  EXPECT_TRUE(ts["below_target"].get<bool>());
  const nlohmann::ordered_json& c = d["downstream"]["comparisons"];
  EXPECT_EQ(c[0]["measure"], "review_score");
  EXPECT_LE(c[0]["ci95"][0].get<double>(), 2.33 - 4.23);
  EXPECT_GE(c[0]["ci95"][1].get<double>(), 2.33 - 4.23);
  EXPECT_EQ(c[1]["measure"], "support_contact");
  EXPECT_LE(c[1]["ci95"][0].get<double>(), 0.35);
  EXPECT_GE(c[1]["ci95"][1].get<double>(), 0.35);
  EXPECT_EQ(c[2]["measure"], "refunded");
  EXPECT_LE(c[2]["ci95"][0].get<double>(), 0.07);
  EXPECT_GE(c[2]["ci95"][1].get<double>(), 0.07);
  EXPECT_TRUE(d["findings"].empty());
}

TEST(DeliverySection, SameForAnySplitAndPartialFormReadsBack) {
  const std::string csv = Store(1500);
  const EventTable table = testing::TableFromCsv(csv);
  std::string spec = kSpec;
  spec.insert(1, R"("delivery": {"by": ["country", "device"]}, )");
  const std::string one = testing::SectionReport(spec, table, DeliverySection::kName, 1).dump();
  for (int threads : {2, 3, 8}) {
    EXPECT_EQ(testing::SectionReport(spec, table, DeliverySection::kName, threads).dump(), one) << threads;
  }
  const testing::PartialForm partial = testing::ExpectPartialFormReadsBack(spec, table, DeliverySection::kName);
  nlohmann::json broken = partial.json;
  broken["counts"][2] = int64_t{1} << 40;
  EXPECT_EQ(partial.refusal(broken),
            "delivery state: counts: do not add up (on time + late = delivered <= with promise <= orders)");
  broken = partial.json;
  broken["by"][0]["values"][0][2] = 1 << 30;
  EXPECT_EQ(partial.refusal(broken), "delivery state: by[0]: expected [value, judged, late <= judged]");
  broken = partial.json;
  broken["state"] = 1;
  EXPECT_NE(partial.refusal(broken), "accepted");
}

TEST(DeliverySection, SettingsErrorsNameTheirPath) {
  auto error = [](const std::string& settings) { return testing::SettingsError(kSpec, "delivery", settings); };
  EXPECT_EQ(error(R"({"target": 99.9})"), "journey: delivery.target: expected a rate between 0 and 1 (0.999 for 99.9%)");
  EXPECT_EQ(error(R"({"rule": "day"})"), "journey: delivery.rule: expected \"timestamp\" or \"calendar_day\"");
  EXPECT_EQ(error(R"({"placed": []})"), "journey: delivery.placed: expected a non-empty array of names");
  EXPECT_EQ(error(R"({"promise": ""})"), "journey: delivery.promise: expected a non-empty string");
  EXPECT_EQ(error(R"({"deliverd": ["x"]})").rfind("journey: delivery.deliverd: unknown setting; expected one of", 0),
            0u);
}

}  // namespace
}  // namespace fl
