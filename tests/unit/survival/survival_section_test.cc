// The survival section: units still inside their window when the data ends are censored,
// not lost (the header's worked example by hand), the curve meets the funnel's rate when
// every window has closed, segments are compared by log-rank, the result is the same for
// any split of the users, its partial form reads back, and settings errors name their path.

#include "core/survival/survival_section.h"

#include <cstdio>
#include <string>

#include "core/report/journey_sections.h"
#include "core/report/section_driver.h"
#include "unit/section_test_support.h"
#include "gtest/gtest.h"

namespace fl {
namespace {

constexpr char kSpec[] =
    R"({"window": "1h", "steps": [{"name": "View", "event": "view"}, {"name": "Cart", "event": "cart"}]})";

EventTable Table(const std::string& csv) { return testing::TableFromCsv(csv); }

// The header's example. The data ends at 10:30 (B's cart): A carts 2 min after entering,
// B 30 min after, C entered at 10:20 and is still inside its hour, D entered at 08:00 and
// its hour closed without a cart.
constexpr char kCsv[] =
    "user_id,timestamp,event,device\n"
    "A,2024-03-01T10:00:00Z,view,ios\n"
    "A,2024-03-01T10:02:00Z,cart,ios\n"
    "B,2024-03-01T10:00:00Z,view,android\n"
    "B,2024-03-01T10:30:00Z,cart,android\n"
    "C,2024-03-01T10:20:00Z,view,ios\n"
    "D,2024-03-01T08:00:00Z,view,android\n";

nlohmann::ordered_json Section(const EventTable& table, const std::string& spec_json, int threads = 1) {
  return testing::SectionReport(spec_json, table, SurvivalSection::kName, threads);
}

TEST(SurvivalSection, OpenWindowsAreCensoredNotLost) {
  const nlohmann::ordered_json s = Section(Table(kCsv), kSpec);
  EXPECT_EQ(s["entered"], 4);
  EXPECT_EQ(s["window_ms"], 3600000);
  EXPECT_EQ(s["landmarks_ms"].dump(), "[60000,300000,900000,3600000]");
  const nlohmann::ordered_json& cart = s["steps"][0];
  EXPECT_EQ(cart["name"], "Cart");
  EXPECT_EQ(cart["reached"], 2);
  EXPECT_EQ(cart["still_open"], 1);  // C
  EXPECT_EQ(cart["funnel_conversion"], 0.5);
  // S(2m) = 3/4; C leaves the risk set at 10m; S(30m) = 3/4 * 1/2 = 3/8: 62.5% reach it.
  EXPECT_EQ(cart["reach_by_window"], 0.625);
  EXPECT_EQ(cart["median_ms"], 1800000);  // the first time S <= 1/2
  EXPECT_EQ(cart["curve"].size(), 2u);
  EXPECT_EQ(cart["curve"][0]["t_ms"], 120000);
  EXPECT_EQ(cart["curve"][0]["reach"], 0.25);
  EXPECT_EQ(cart["curve"][0]["at_risk"], 4);
  EXPECT_EQ(cart["curve"][1]["at_risk"], 2);  // B and D: C was censored at 10 min
  const nlohmann::ordered_json& marks = cart["landmarks"];
  ASSERT_EQ(marks.size(), 4u);
  EXPECT_EQ(marks[0]["reach"], 0);     // by 1 min
  EXPECT_EQ(marks[1]["reach"], 0.25);  // by 5 min
  EXPECT_EQ(marks[2]["reach"], 0.25);  // by 15 min
  EXPECT_EQ(marks[2]["at_risk"], 2);   // B and D are watched beyond 15 min
  EXPECT_EQ(marks[3]["reach"], 0.625);
  // Greenwood: 1/(4*3) + 1/(2*1), so log S(30m) has se 0.764 and S's interval is
  // 0.375 * exp(-+1.96 * 0.764) = 0.084 to 1 (capped): reach 0 to 91.6%. The median's
  // lower end is where the lower curve first reaches 0.5: 0.75 * exp(-1.96 * 0.289) = 0.43
  // at 2 min; the upper curve never does.
  const std::string sentence = cart["sentence"];
  EXPECT_EQ(sentence,
            "Cart: 62.5% within 1h (95% CI 0.0–91.6%); 1 user still inside the window counted as censored, "
            "not lost (the funnel, counting them as not converted, shows 50.0%); half get there by 30.0 min "
            "(95% CI 2.0 min to beyond the data)");
}

TEST(SurvivalSection, MeetsTheFunnelWhenEveryWindowHasClosed) {
  // A visitor two days later ends the data after C's hour: C is now a unit that did not cart.
  const nlohmann::ordered_json s =
      Section(Table(std::string(kCsv) + "E,2024-03-03T10:00:00Z,other,ios\n"), kSpec);
  const nlohmann::ordered_json& cart = s["steps"][0];
  EXPECT_EQ(cart["still_open"], 0);
  EXPECT_EQ(cart["reach_by_window"], cart["funnel_conversion"]);
  EXPECT_EQ(cart["reach_by_window"], 0.5);
  // S reaches exactly 1/2 at 30 min and stays there: no median, and the sentence says so.
  EXPECT_TRUE(cart["median_ms"].is_null());
  EXPECT_NE(std::string(cart["sentence"]).find("fewer than half"), std::string::npos);
}

TEST(SurvivalSection, SegmentsComparedByLogRank) {
  std::string csv = "user_id,timestamp,event,device\n";
  // 40 iOS units cart after 1 minute; 40 Android units after 20 minutes, half never.
  for (int i = 0; i < 40; ++i) {
    csv += "i" + std::to_string(i) + ",2024-03-01T10:00:00Z,view,ios\n";
    csv += "i" + std::to_string(i) + ",2024-03-01T10:01:00Z,cart,ios\n";
    csv += "a" + std::to_string(i) + ",2024-03-01T10:00:00Z,view,android\n";
    if (i % 2 == 0) csv += "a" + std::to_string(i) + ",2024-03-01T10:20:00Z,cart,android\n";
  }
  csv += "z,2024-03-05T00:00:00Z,other,ios\n";  // every window closed
  std::string spec = kSpec;
  spec.insert(1, R"("breakdown": {"property": "device"}, )");
  const nlohmann::ordered_json s = Section(Table(csv), spec);
  const nlohmann::ordered_json& c = s["comparison"];
  EXPECT_EQ(c["property"], "device");
  ASSERT_EQ(c["segments"].size(), 2u);
  EXPECT_EQ(c["segments"][0]["value"], "android");  // 40 each: by value
  EXPECT_EQ(c["segments"][0]["steps"][0]["reach_by_window"], 0.5);
  EXPECT_EQ(c["segments"][1]["steps"][0]["reach_by_window"], 1);
  EXPECT_EQ(c["segments"][1]["steps"][0]["median_ms"], 60000);
  const nlohmann::ordered_json& test = c["log_rank"][0];
  EXPECT_EQ(test["df"], 1);
  EXPECT_GT(test["chi_square"].get<double>(), 30);
  EXPECT_LT(test["p_value"].get<double>(), 0.001);
  EXPECT_NE(std::string(test["sentence"]).find("differs by device"), std::string::npos);
}

TEST(SurvivalSection, SameForAnySplitAndPartialFormReadsBack) {
  std::string csv = "user_id,timestamp,event,device\n";
  // "2024-03-01T10:00:00Z" plus `minutes` and `seconds`.
  auto at = [](int minutes, int seconds) {
    char text[32];
    std::snprintf(text, sizeof(text), "2024-03-01T%02d:%02d:%02dZ", 10 + minutes / 60, minutes % 60, seconds);
    return std::string(text);
  };
  for (int i = 0; i < 300; ++i) {
    const std::string u = "u" + std::to_string(i);
    csv += u + "," + at(i % 50, 0) + ",view," + (i % 3 ? "ios" : "web") + "\n";
    if (i % 4) csv += u + "," + at(i % 50 + i % 7, 30) + ",cart,ios\n";
  }
  std::string spec = kSpec;
  spec.insert(1, R"("breakdown": {"property": "device"}, )");
  const EventTable table = Table(csv);
  const std::string one = Section(table, spec, 1).dump();
  for (int threads : {2, 3, 8}) EXPECT_EQ(Section(table, spec, threads).dump(), one) << threads;

  const testing::PartialForm partial = testing::ExpectPartialFormReadsBack(spec, table, SurvivalSection::kName);
  nlohmann::json broken = partial.json;
  broken["times"][0][1] = 1000000;
  EXPECT_EQ(partial.refusal(broken),
            "survival state: times[0]: more units than entered");
  broken = partial.json;
  broken["times"][0][0] = int64_t{7} << 48;
  EXPECT_EQ(partial.refusal(broken),
            "survival state: times[0]: a step or time this journey does not have");
  broken = partial.json;
  broken["state"] = 3;
  EXPECT_NE(partial.refusal(broken), "accepted");
}

TEST(SurvivalSection, SettingsErrorsNameTheirPath) {
  auto error = [](const std::string& settings) { return testing::SettingsError(kSpec, "survival", settings); };
  EXPECT_EQ(error(R"({"points": 3})"), "journey: survival.points: expected an integer from 10 to 10000");
  EXPECT_EQ(error(R"({"landmarks": ["5m", "soon"]})").rfind("journey: survival.landmarks[1]", 0), 0u);
  EXPECT_EQ(error(R"({"landmark": ["5m"]})"),
            "journey: survival.landmark: unknown setting; expected one of landmarks, points");
  absl::StatusOr<JourneySpec> spec =
      ParseJourneySpec(std::string(kSpec).insert(1, R"("survival": {"landmarks": ["10m", "30s", "10m", "2h"]}, )"));
  ASSERT_TRUE(spec.ok());
  const SurvivalSettings settings = *SurvivalSettingsOf(*spec);
  EXPECT_EQ(SurvivalSettingsToJson(settings).dump(), R"({"landmarks":["30s","10m","2h"],"points":100})");
  // Beyond the 1 h window a landmark has nothing to read: the window ends the list.
  EXPECT_EQ(SurvivalLandmarks(settings, 3600000), (std::vector<int64_t>{30000, 600000, 3600000}));
}

}  // namespace
}  // namespace fl
