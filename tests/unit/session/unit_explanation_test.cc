// `frictionlens explain`'s reasons on hand-made users, one rule each: converted, in
// progress, window closed, no next event, ended by an exclusion, strict order broken,
// never entered; and a user with several attempts gets one story per attempt.

#include <string>

#include "core/report/journey_sections.h"
#include "core/session/unit_explanation.h"
#include "gtest/gtest.h"
#include "unit/section_test_support.h"

namespace fl {
namespace {

using oj = nlohmann::ordered_json;

// The minutes after 10:00 on 2024-03-01.
std::string At(int minutes) {
  char text[32];
  std::snprintf(text, sizeof(text), "2024-03-01T%02d:%02d:00Z", 10 + minutes / 60, minutes % 60);
  return text;
}

oj Explain(const std::string& spec_json, const std::string& csv, const std::string& user) {
  const EventTable table = testing::TableFromCsv(csv);
  absl::StatusOr<JourneySpec> spec = ParseJourneySpec(spec_json);
  EXPECT_TRUE(spec.ok()) << spec.status();
  absl::StatusOr<oj> story = ExplainUser(*spec, table, user);
  EXPECT_TRUE(story.ok()) << story.status();
  return story.ok() ? *story : oj();
}

constexpr const char* kSpec = R"({"window": "1h", "steps": [{"name": "View", "event": "view"},
  {"name": "Cart", "event": "cart"}, {"name": "Buy", "event": "buy"}],
  "exclusions": [{"event": "coupon_error", "from": "View", "to": "Buy"}]})";

std::string Csv() {
  std::string csv = "user_id,timestamp,event\n";
  auto add = [&](const char* user, int minutes, const char* event) {
    csv += std::string(user) + "," + At(minutes) + "," + event + "\n";
  };
  add("conv", 0, "view"), add("conv", 5, "cart"), add("conv", 9, "buy");
  add("late", 0, "view"), add("late", 5, "cart"), add("late", 70, "buy");
  add("none", 0, "view"), add("none", 3, "search");
  add("excl", 0, "view"), add("excl", 2, "cart"), add("excl", 3, "coupon_error"), add("excl", 4, "buy");
  add("cartonly", 10, "cart");
  add("open", 170, "view");  // the data ends at 3:00 (180 min): its hour is still open
  add("end", 180, "search");
  return csv;
}

TEST(UnitExplanation, EachRuleInWords) {
  const std::string csv = Csv();
  oj s = Explain(kSpec, csv, "conv");
  EXPECT_EQ(s["units"][0]["outcome"], "converted");
  EXPECT_EQ(s["units"][0]["chain"][2]["event"], "buy");
  EXPECT_EQ(s["units"][0]["chain"][2]["index"], 2);

  s = Explain(kSpec, csv, "late");
  EXPECT_EQ(s["units"][0]["outcome"], "window_closed");
  EXPECT_EQ(s["units"][0]["reason"],
            "dropped after Cart: the window closed at 2024-03-01T11:00:00Z; buy came at 2024-03-01T11:10:00Z, 10.0 min "
            "later");

  s = Explain(kSpec, csv, "none");
  EXPECT_EQ(s["units"][0]["outcome"], "no_next_event");
  EXPECT_EQ(s["units"][0]["reason"], "dropped after View: no Cart event followed (the window closed at 2024-03-01T11:00:00Z)");

  s = Explain(kSpec, csv, "excl");
  EXPECT_EQ(s["units"][0]["level"], 2);
  EXPECT_EQ(s["units"][0]["outcome"], "excluded");
  EXPECT_EQ(s["units"][0]["reason"],
            "ended by an excluded event: coupon_error at 2024-03-01T10:03:00Z, after Cart and before Buy");

  s = Explain(kSpec, csv, "cartonly");
  EXPECT_EQ(s["units"][0]["outcome"], "not_entered");

  s = Explain(kSpec, csv, "open");
  EXPECT_EQ(s["units"][0]["outcome"], "in_progress");
  EXPECT_NE(s["units"][0]["reason"].get<std::string>().find("its window runs to 2024-03-01T13:50:00Z, after the data "
                                                            "ends at 2024-03-01T13:00:00Z"),
            std::string::npos)
      << s["units"][0]["reason"];
}

TEST(UnitExplanation, StrictOrderAndAttempts) {
  std::string csv = "user_id,timestamp,event\n";
  csv += "s," + At(0) + ",view\n" + "s," + At(1) + ",search\n" + "s," + At(2) + ",cart\n";
  csv += "a," + At(0) + ",view\n" + "a," + At(5) + ",view\n" + "a," + At(6) + ",cart\n" + "a," + At(7) + ",buy\n";
  csv += "z," + At(200) + ",search\n";  // the data ends long after every window
  const std::string strict = R"({"window": "1h", "order": "strict", "steps": [{"name": "View", "event": "view"},
    {"name": "Cart", "event": "cart"}, {"name": "Buy", "event": "buy"}]})";
  oj s = Explain(strict, csv, "s");
  EXPECT_EQ(s["units"][0]["outcome"], "strict_order");
  EXPECT_EQ(s["units"][0]["reason"],
            "strict order broken: search at 2024-03-01T10:01:00Z came directly after View instead of Cart");
  // ClickHouse's strict_order mode says the same stop in its own words.
  const std::string clickhouse = R"({"window": "1h", "modes": ["strict_order"], "steps": [{"name": "View", "event": "view"},
    {"name": "Cart", "event": "cart"}, {"name": "Buy", "event": "buy"}]})";
  s = Explain(clickhouse, csv, "s");
  EXPECT_EQ(s["units"][0]["outcome"], "strict_order");
  EXPECT_EQ(s["units"][0]["reason"],
            "strict order broken: search at 2024-03-01T10:01:00Z came between View and Cart");

  // Attempts: each view starts one, lasting until the next; the first stops at View (its
  // attempt ends at the second view), the second converts.
  const std::string attempts = R"({"window": "1h", "unit": "attempts", "steps": [{"name": "View", "event": "view"},
    {"name": "Cart", "event": "cart"}, {"name": "Buy", "event": "buy"}]})";
  s = Explain(attempts, csv, "a");
  ASSERT_EQ(s["units"].size(), 2u);
  EXPECT_EQ(s["units"][0]["level"], 1);
  EXPECT_EQ(s["units"][0]["outcome"], "no_next_event");
  EXPECT_EQ(s["units"][1]["outcome"], "converted");
  EXPECT_EQ(s["units"][1]["chain"][0]["index"], 1);  // the second view
}

TEST(UnitExplanation, AnUnknownUserIsNotFound) {
  const EventTable table = testing::TableFromCsv(Csv());
  absl::StatusOr<JourneySpec> spec = ParseJourneySpec(kSpec);
  ASSERT_TRUE(spec.ok());
  absl::StatusOr<oj> story = ExplainUser(*spec, table, "nobody");
  EXPECT_EQ(story.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(story.status().message(), "user \"nobody\" is not in the data");
}

}  // namespace
}  // namespace fl
