// The journey spec: parsing, defaults, canonical form, errors naming their JSON path.

#include <string>

#include "core/journey/duration.h"
#include "core/journey/journey_spec.h"
#include "core/report/section_results.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace fl {
namespace {

std::string ErrorOf(const std::string& json) {
  absl::StatusOr<JourneySpec> spec = ParseJourneySpec(json);
  EXPECT_FALSE(spec.ok()) << "parsed: " << json;
  return spec.ok() ? "" : std::string(spec.status().message());
}

TEST(JourneySpec, MinimalFormFromTheReadme) {
  absl::StatusOr<JourneySpec> spec = ParseJourneySpec(
      R"({"name":"Store","window":"1h","order":"ordered","steps":[{"name":"Product page","event":"product_view"},)"
      R"({"name":"Cart","event":["add_to_cart","one_click_buy"]}]})");
  ASSERT_TRUE(spec.ok()) << spec.status();
  EXPECT_EQ(spec->name, "Store");
  EXPECT_EQ(spec->window_ms, 3600000);
  ASSERT_EQ(spec->steps.size(), 2u);
  EXPECT_EQ(spec->steps[0].events, std::vector<std::string>{"product_view"});
  EXPECT_EQ(spec->steps[1].events, (std::vector<std::string>{"add_to_cart", "one_click_buy"}));
  EXPECT_EQ(spec->unit, CountingUnit::kUsers);
}

TEST(JourneySpec, DefaultsAreFilledInTheCanonicalForm) {
  absl::StatusOr<JourneySpec> spec = ParseJourneySpec(R"({"steps":[{"name":"A","event":"a"}]})");
  ASSERT_TRUE(spec.ok()) << spec.status();
  EXPECT_EQ(spec->CanonicalJson(),
            R"({"name":"journey","window":"1d","order":"ordered","unit":"users","modes":[],)"
            R"("steps":[{"name":"A","event":["a"],"where":{},"optional":false,"window":null}],)"
            R"("exclusions":[],"hold_constant":[],"breakdown":null,"trend":"day","friction":{},"value":null})");
}

TEST(JourneySpec, EquivalentSpellingsHaveOneCanonicalForm) {
  const std::string a = R"({"window":3600,"order":"strict","steps":[{"name":"A","event":["b","a","a"],
      "where":{"z":"1","device":{"in":["ios","android"]}}},{"name":"B","event":"c"}],"hold_constant":["y","x"]})";
  const std::string b = R"({"window":"60m","order":"strict","modes":[],"steps":[{"name":"A","event":["a","b"],
      "where":{"device":{"in":["android","ios"]},"z":1}},{"name":"B","event":["c"],"window":null,"min_gap":null}],
      "hold_constant":["x","y"],"breakdown":null})";
  absl::StatusOr<JourneySpec> sa = ParseJourneySpec(a), sb = ParseJourneySpec(b);
  ASSERT_TRUE(sa.ok()) << sa.status();
  ASSERT_TRUE(sb.ok()) << sb.status();
  EXPECT_EQ(sa->CanonicalJson(), sb->CanonicalJson());
  EXPECT_EQ(sa->order, FunnelOrder::kStrict);
  // "strict" is the designers' rule (nothing in between), not ClickHouse's strict_order.
  EXPECT_FALSE(sa->strict_order);
}

TEST(JourneySpec, StrictRulesAreDistinctAndTheNewModesRoundTrip) {
  const std::string clickhouse = R"({"modes":["allow_reentry","strict_order","strict_once"],
      "steps":[{"name":"A","event":"a"},{"name":"B","event":"b","min_gap":"5m","window":"1h"}]})";
  absl::StatusOr<JourneySpec> spec = ParseJourneySpec(clickhouse);
  ASSERT_TRUE(spec.ok()) << spec.status();
  EXPECT_EQ(spec->order, FunnelOrder::kOrdered);
  EXPECT_TRUE(spec->strict_order && spec->strict_once && spec->allow_reentry);
  EXPECT_EQ(spec->steps[1].min_gap_ms, 300000);
  const nlohmann::json canonical = nlohmann::json::parse(spec->CoreCanonicalJson());
  EXPECT_EQ(canonical["modes"], nlohmann::json({"strict_order", "strict_once", "allow_reentry"}));
  EXPECT_EQ(canonical["steps"][1]["min_gap"], "5m");
  EXPECT_FALSE(canonical["steps"][0].contains("min_gap"));  // absent when not set: older specs keep their bytes
  absl::StatusOr<JourneySpec> again = ParseJourneySpec(spec->CanonicalJson());
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->CanonicalJson(), spec->CanonicalJson());
  // Both strict rules at once are allowed: each stops the chain on its own terms.
  EXPECT_TRUE(ParseJourneySpec(R"({"order":"strict","modes":["strict_order"],"steps":[{"name":"A","event":"a"}]})").ok());
}

TEST(JourneySpec, EverythingParsesAndTheCanonicalFormRoundTrips) {
  const std::string full = R"({
    "name": "Full", "window": "14d", "order": "ordered", "unit": "attempts",
    "modes": ["strict_deduplication", "strict_increase"],
    "steps": [
      {"name": "View", "event": "product_view", "where": {"device": {"not": "ios"}, "page": {"prefix": "/p/"}}},
      {"name": "Cart", "event": ["add_to_cart", "one_click_buy"], "window": "30m"},
      {"name": "Checkout", "event": "checkout_start", "optional": true, "where": {"country": {"not": {"in": ["FR", "DE"]}}}},
      {"name": "Order", "event": "order_placed", "window": 7200}
    ],
    "exclusions": [{"event": "cart_cleared", "from": "Cart", "to": 3}, {"event": "logout"}],
    "hold_constant": ["item_id"],
    "breakdown": {"property": "device", "attribution": "last_touch"},
    "trend": "week",
    "friction": {"rage_click": {"clicks": 3}},
    "value": {"property": "price"}
  })";
  absl::StatusOr<JourneySpec> spec = ParseJourneySpec(full);
  ASSERT_TRUE(spec.ok()) << spec.status();
  EXPECT_EQ(spec->unit, CountingUnit::kAttempts);
  EXPECT_TRUE(spec->strict_deduplication && spec->strict_increase && !spec->strict_order);
  EXPECT_EQ(spec->steps[0].where.size(), 2u);
  EXPECT_EQ(spec->steps[0].where[0].property, "device");
  EXPECT_TRUE(spec->steps[0].where[0].negate);
  EXPECT_EQ(spec->steps[0].where[1].op, PropertyPredicate::Op::kPrefix);
  EXPECT_EQ(*spec->steps[1].window_ms, 1800000);
  EXPECT_EQ(*spec->steps[3].window_ms, 7200000);
  EXPECT_TRUE(spec->steps[2].optional);
  EXPECT_EQ(spec->steps[2].where[0].values, (std::vector<std::string>{"DE", "FR"}));
  ASSERT_EQ(spec->exclusions.size(), 2u);
  EXPECT_EQ(spec->exclusions[0].from_step, 1);
  EXPECT_EQ(spec->exclusions[0].to_step, 3);
  EXPECT_EQ(spec->exclusions[1].from_step, 0);  // default: the whole funnel
  EXPECT_EQ(spec->exclusions[1].to_step, 3);
  EXPECT_EQ(spec->breakdown.attribution, Attribution::kLastTouch);
  EXPECT_EQ(spec->trend_bucket, "week");
  EXPECT_EQ(spec->section_settings["friction"]["rage_click"]["clicks"], 3);
  EXPECT_EQ(spec->section_settings["value"]["property"], "price");
  absl::StatusOr<JourneySpec> again = ParseJourneySpec(spec->CanonicalJson());
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->CanonicalJson(), spec->CanonicalJson());
}

TEST(JourneySpec, BreakdownAsABareString) {
  absl::StatusOr<JourneySpec> spec =
      ParseJourneySpec(R"({"steps":[{"name":"A","event":"a"}],"breakdown":"device"})");
  ASSERT_TRUE(spec.ok()) << spec.status();
  EXPECT_EQ(spec->breakdown.property, "device");
  EXPECT_EQ(spec->breakdown.attribution, Attribution::kFirstTouch);
  EXPECT_EQ(spec->breakdown.top, 25);
  spec = ParseJourneySpec(R"({"steps":[{"name":"A","event":"a"}],"breakdown":{"property":"device","top":3}})");
  ASSERT_TRUE(spec.ok()) << spec.status();
  EXPECT_EQ(spec->breakdown.top, 3);
  EXPECT_NE(spec->CanonicalJson().find(R"("top":3)"), std::string::npos) << spec->CanonicalJson();
}

TEST(JourneySpec, BuiltinStoreJourney) {
  ASSERT_NE(BuiltinJourneyJson("store"), nullptr);
  EXPECT_EQ(BuiltinJourneyJson("no-such-journey"), nullptr);
  absl::StatusOr<JourneySpec> spec = ParseJourneySpec(BuiltinJourneyJson("store"));
  ASSERT_TRUE(spec.ok()) << spec.status();
  EXPECT_EQ(spec->window_ms, 14 * 86400000LL);
  EXPECT_EQ(spec->unit, CountingUnit::kUsers);
  ASSERT_EQ(spec->steps.size(), 7u);
  const char* names[] = {"Product page", "Cart", "Checkout", "Payment", "Order placed", "Shipped", "Delivered"};
  const bool optional[] = {false, false, true, true, false, false, false};
  for (int i = 0; i < 7; ++i) {
    EXPECT_EQ(spec->steps[i].name, names[i]);
    EXPECT_EQ(spec->steps[i].optional, optional[i]) << names[i];
  }
  EXPECT_EQ(spec->steps[1].events, (std::vector<std::string>{"add_to_cart", "one_click_buy"}));
  EXPECT_TRUE(spec->section_settings["friction"].is_object() && spec->section_settings["friction"].empty());
  EXPECT_EQ(spec->section_settings["value"], nlohmann::ordered_json::parse(R"({"property":"price"})"));
}

TEST(JourneySpec, Durations) {
  struct Case {
    nlohmann::json value;
    int64_t ms;
  } cases[] = {{"30m", 1800000},   {"1h", 3600000}, {"14d", 1209600000}, {"500ms", 500},
               {"90s", 90000},     {"2w", 1209600000}, {3600, 3600000},  {0.25, 250},
               {0, 0},             {6048000000000000LL, 6048000000000000000LL}};
  for (const Case& c : cases) {
    absl::StatusOr<int64_t> ms = ParseDurationMs(c.value, "window");
    ASSERT_TRUE(ms.ok()) << c.value << ": " << ms.status();
    EXPECT_EQ(*ms, c.ms) << c.value;
  }
  for (const nlohmann::json& bad : {nlohmann::json("1.5h"), nlohmann::json("h"), nlohmann::json("10 m"),
                                    nlohmann::json(-1), nlohmann::json(0.0001), nlohmann::json(true),
                                    nlohmann::json("5y")}) {
    absl::StatusOr<int64_t> ms = ParseDurationMs(bad, "steps[1].window");
    ASSERT_FALSE(ms.ok()) << bad;
    EXPECT_EQ(std::string(ms.status().message()).rfind("journey: steps[1].window: ", 0), 0u) << ms.status();
  }
  EXPECT_EQ(FormatDurationMs(1209600000), "14d");
  EXPECT_EQ(FormatDurationMs(5400000), "90m");
  EXPECT_EQ(FormatDurationMs(1500), "1500ms");
  EXPECT_EQ(FormatDurationMs(0), "0s");
}

// Every error starts with "journey: " and names the JSON path of the problem.
TEST(JourneySpec, ErrorsNameTheJsonPath) {
  const std::string one = R"("steps":[{"name":"A","event":"a"}])";
  const std::string two = R"("steps":[{"name":"A","event":"a"},{"name":"B","event":"b"}])";
  struct Case {
    std::string json;
    std::string message;
  } cases[] = {
      {R"({"steps":[{"name":"A","event":"a"},{"name":"B","event":"b"},{"name":"C","event":5}]})",
       "journey: steps[2].event: expected a string or an array"},
      {"{" + one + R"(,"windw":"1h"})", "journey: windw: unknown key (expected one of: $schema, name, window, order, steps, exclusions, hold_constant, unit, modes, breakdown, trend, friction, value, forms, input_quality, experiment, survival, delivery, paths, correlation, conformance, sections, tables)"},
      {R"({"steps":[{"name":"A","event":"a","evnt":"x"}]})",
       "journey: steps[0].evnt: unknown key (expected one of: name, event, where, optional, window, min_gap)"},
      {R"({"name":"x"})", "journey: steps: required"},
      {R"({"steps":[]})", "journey: steps: expected a non-empty array"},
      {R"({"steps":[{"event":"a"}]})", "journey: steps[0].name: required"},
      {R"({"steps":[{"name":"A"}]})", "journey: steps[0].event: required"},
      {R"({"steps":[{"name":"A","event":[]}]})", "journey: steps[0].event: expected at least one event name"},
      {R"({"steps":[{"name":"A","event":["a",""]}]})", "journey: steps[0].event[1]: must not be empty"},
      {R"({"steps":[{"name":"A","event":"a"},{"name":"A","event":"b"}]})",
       "journey: steps[1].name: duplicate step name \"A\""},
      {"{" + one + R"(,"window":"1 hour"})",
       "journey: window: cannot read duration \"1 hour\" (expected <integer><ms|s|m|h|d|w>, e.g. \"30m\")"},
      {"{" + one + R"(,"order":"sorted"})", "journey: order: expected \"ordered\", \"strict\" or \"any\""},
      {"{" + one + R"(,"unit":"people"})", "journey: unit: expected \"users\", \"sessions\" or \"attempts\""},
      {"{" + one + R"(,"modes":["strict"]})",
       "journey: modes[0]: expected \"strict_deduplication\", \"strict_order\", \"strict_increase\", "
       "\"strict_once\" or \"allow_reentry\""},
      {"{" + two + R"(,"modes":["allow_reentry"]})", "journey: modes: allow_reentry needs the strict_order mode"},
      {R"({"steps":[{"name":"A","event":"a","min_gap":"1m"}]})",
       "journey: steps[0].min_gap: the first step has no previous step to measure from"},
      {R"({"steps":[{"name":"A","event":"a"},{"name":"B","event":"b","min_gap":"2h","window":"1h"}]})",
       "journey: steps[1].min_gap: longer than the step's window: no event could match"},
      {R"({"window":"1h","steps":[{"name":"A","event":"a"},{"name":"B","event":"b","min_gap":"2h"}]})",
       "journey: steps[1].min_gap: longer than the journey's window: no event could match"},
      {R"({"steps":[{"name":"A","event":"a"},{"name":"B","event":"b","min_gap":"soon"}]})",
       "journey: steps[1].min_gap: cannot read duration \"soon\" (expected <integer><ms|s|m|h|d|w>, e.g. \"30m\")"},
      {"{" + two + R"(,"order":"any","modes":["strict_once"]})",
       "journey: modes: modes apply to ordered funnels only, not \"order\": \"any\""},
      {R"({"order":"any","steps":[{"name":"A","event":"a"},{"name":"B","event":"b","min_gap":"1m"}]})",
       "journey: steps[1].min_gap: a minimum gap needs an ordered funnel"},
      {"{" + one + R"(,"trend":"month"})", "journey: trend: expected \"hour\", \"day\" or \"week\""},
      {R"({"steps":[{"name":"A","event":"a","optional":true},{"name":"B","event":"b"}]})",
       "journey: steps[0].optional: the first step cannot be optional"},
      {R"({"steps":[{"name":"A","event":"a"},{"name":"B","event":"b","optional":true}]})",
       "journey: steps[1].optional: the last step cannot be optional (nothing after it can bypass it)"},
      {R"({"steps":[{"name":"A","event":"a","optional":"yes"},{"name":"B","event":"b"}]})",
       "journey: steps[0].optional: expected true or false"},
      {R"({"steps":[{"name":"A","event":"a","window":"1h"}]})",
       "journey: steps[0].window: the first step has no previous step to measure from"},
      {R"({"steps":[{"name":"A","event":"a","where":{"device":{"in":[]}}}]})",
       "journey: steps[0].where.device.in: expected a non-empty array"},
      {R"({"steps":[{"name":"A","event":"a","where":{"device":{"like":"x"}}}]})",
       "journey: steps[0].where.device.like: unknown operator (expected one of: in, prefix, not)"},
      {R"({"steps":[{"name":"A","event":"a","where":{"device":{"not":{"not":"x"}}}}]})",
       "journey: steps[0].where.device.not.not: \"not\" cannot be nested"},
      {R"({"steps":[{"name":"A","event":"a","where":{"device":{"in":["a"],"prefix":"b"}}}]})",
       "journey: steps[0].where.device: expected exactly one of: in, prefix, not"},
      {R"({"steps":[{"name":"A","event":"a","where":{"device":{"in":["a",true]}}}]})",
       "journey: steps[0].where.device.in[1]: expected a string or an integer"},
      {R"({"steps":[{"name":"A","event":"a","where":["device"]}]})",
       "journey: steps[0].where: expected an object of property conditions"},
      {"{" + two + R"(,"exclusions":[{"event":"x","from":"B","to":"A"}]})",
       "journey: exclusions[0].to: must name a step after \"from\""},
      {"{" + two + R"(,"exclusions":[{"event":"x","from":"Basket"}]})",
       "journey: exclusions[0].from: no step named \"Basket\""},
      {"{" + two + R"(,"exclusions":[{"event":"x","to":7}]})",
       "journey: exclusions[0].to: step index 7 out of range 0..1"},
      // Shown as written, not wrapped through int64 to a negative index.
      {"{" + two + R"(,"exclusions":[{"event":"x","to":18446744073709551615}]})",
       "journey: exclusions[0].to: step index 18446744073709551615 out of range 0..1"},
      {"{" + two + R"(,"exclusions":[{"from":0}]})", "journey: exclusions[0].event: required"},
      {"{" + one + R"(,"hold_constant":["a","b","c","d"]})", "journey: hold_constant: at most 3 properties"},
      {"{" + one + R"(,"hold_constant":[""]})", "journey: hold_constant[0]: must not be empty"},
      {"{" + one + R"(,"breakdown":{"attribution":"first_touch"}})", "journey: breakdown.property: required"},
      {"{" + one + R"(,"breakdown":{"property":"d","attribution":"middle"}})",
       "journey: breakdown.attribution: expected \"first_touch\" or \"last_touch\""},
      {"{" + one + R"(,"breakdown":{"property":"d","top":0}})", "journey: breakdown.top: expected an integer from 1 to 10000"},
      {"{" + one + R"(,"breakdown":{"property":"d","top":10001}})", "journey: breakdown.top: expected an integer from 1 to 10000"},
      {"{" + one + R"(,"breakdown":{"property":"d","top":2.5}})", "journey: breakdown.top: expected an integer from 1 to 10000"},
      {"{" + one + R"(,"breakdown":{"property":"d","top":18446744073709551615}})", "journey: breakdown.top: expected an integer from 1 to 10000"},
      {"{" + one + R"(,"friction":[]})", "journey: friction: expected an object"},
      {"{" + one + R"(,"value":"price"})", "journey: value: expected an object or null"},
      {"{" + two + R"(,"order":"any","modes":["strict_order"]})",
       "journey: modes: modes apply to ordered funnels only, not \"order\": \"any\""},
      {"{" + two + R"(,"order":"any","exclusions":[{"event":"x"}]})",
       "journey: exclusions: exclusions apply to ordered funnels only, not \"order\": \"any\""},
      {"[1,2]", "journey: (top level): expected a JSON object"},
  };
  for (const Case& c : cases) EXPECT_EQ(ErrorOf(c.json), c.message) << c.json;
}

TEST(JourneySpec, InvalidJsonNamesTheByte) {
  const std::string message = ErrorOf(R"({"steps": [ {"name": "A",, }]})");
  EXPECT_EQ(message.rfind("journey: invalid JSON at byte 26: ", 0), 0u) << message;
}

TEST(JourneySpec, ManyStepsAreCapped) {
  nlohmann::json spec = {{"steps", nlohmann::json::array()}};
  for (int i = 0; i < 33; ++i) spec["steps"].push_back({{"name", std::to_string(i)}, {"event", "e"}});
  EXPECT_EQ(ErrorOf(spec.dump()), "journey: steps: at most 32 steps");
  spec["steps"].erase(spec["steps"].size() - 1);
  EXPECT_TRUE(ParseJourneySpec(spec.dump()).ok());
}

}  // namespace
}  // namespace fl
