// The "friction" object of the journey spec: presets, overrides, errors with paths,
// and the effective settings echoed in the report.

#include "core/friction/friction_settings.h"
#include "gtest/gtest.h"

namespace fl {
namespace {

using nlohmann::json;

absl::StatusOr<FrictionSettings> Parse(const char* text, json value = nullptr) {
  return ParseFrictionSettings(json::parse(text), value);
}

TEST(FrictionSettings, Defaults) {
  absl::StatusOr<FrictionSettings> s = Parse("{}");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->rage_click.preset, "posthog");
  EXPECT_EQ(s->rage_click.clicks, 3);
  EXPECT_EQ(s->rage_click.max_gap_ms, 1000);
  EXPECT_EQ(s->rage_click.max_distance_px, 30);
  EXPECT_EQ(s->dead_click.timeout_ms, 2500);
  EXPECT_EQ(s->quick_back.within_ms, 10000);
  EXPECT_EQ(s->min_affected, 30);
  EXPECT_EQ(s->value_property, "price");
  const nlohmann::ordered_json echoed = FrictionSettingsToJson(*s);
  EXPECT_EQ(echoed["rage_click"]["distance"], "manhattan");
  EXPECT_EQ(echoed["segments"], "auto");
  EXPECT_EQ(echoed["weights"]["rage_click"], 3);
  EXPECT_EQ(echoed["compare"], "order");
}

TEST(FrictionSettings, PresetsAndOverrides) {
  absl::StatusOr<FrictionSettings> s =
      Parse(R"({"rage_click": {"preset": "sentry", "clicks": 5}, "dead_click": "amplitude",
                "weights": {"dead_click": 2.5}, "segments": ["device"]})",
            json::parse(R"({"property": "amount"})"));
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->rage_click.window_ms, 7000);
  EXPECT_EQ(s->rage_click.clicks, 5);
  EXPECT_TRUE(s->rage_click.same_target);
  EXPECT_EQ(s->dead_click.timeout_ms, 3000);
  EXPECT_EQ(s->weights[static_cast<int>(SignalKind::kDeadClick)], 2.5);
  EXPECT_EQ(s->segments, std::vector<std::string>{"device"});
  EXPECT_EQ(s->value_property, "amount");
  EXPECT_FALSE(Parse(R"({"rage_click": false})")->rage_click.enabled);
}

TEST(FrictionSettings, ErrorsNameThePath) {
  struct Case {
    const char* json;
    const char* message;
  };
  const Case cases[] = {
      {R"({"rage_click": {"clicks": 1}})", "friction.rage_click.clicks: expected an integer from 2 to 2147483647"},
      // Checked in the type the setting is kept in (an int): 2^32 once became 0 clicks.
      {R"({"rage_click": {"clicks": 4294967296}})",
       "friction.rage_click.clicks: expected an integer from 2 to 2147483647"},
      {R"({"max_points": 18446744073709551615})", "friction.max_points: expected an integer from 1 to 2147483647"},
      {R"({"min_affected": 9223372036854775808})", "friction.min_affected: expected an integer >= 1"},
      {R"({"error": {"min_status": 5e2}})", "friction.error.min_status: expected an integer"},
      {R"({"rage_click": "hotjar"})", "friction.rage_click.preset: unknown preset \"hotjar\""},
      {R"({"dead_click": {"timout": "1s"}})", "friction.dead_click.timout: unknown setting"},
      {R"({"weights": {"rage": 1}})", "friction.weights.rage: unknown signal"},
      {R"({"compare": "end"})", "friction.compare: expected \"order\" or \"next_step\""},
      {R"({"quick_back": {"within": "soon"}})", "friction.quick_back.within"},
      {R"({"after_order": {"outcome": {"property": "score"}}})",
       "friction.after_order.outcome.event: expected a non-empty event name"},
      {R"({"rage_click": {"max_gap": 0, "window": 0}})", "friction.rage_click: needs a time rule"},
  };
  for (const Case& c : cases) {
    absl::StatusOr<FrictionSettings> s = Parse(c.json);
    ASSERT_FALSE(s.ok()) << c.json;
    EXPECT_NE(std::string(s.status().message()).find(c.message), std::string::npos)
        << c.json << " -> " << s.status().message();
  }
}

}  // namespace
}  // namespace fl
