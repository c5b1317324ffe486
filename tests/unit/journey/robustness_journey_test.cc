// A bad journey spec is a clear error, never a crash and never a surprise after the
// data has been read: garbage JSON values at every key of valid specs, random and
// truncated spec text, deep nesting. Every refusal is a Status whose message starts
// with "journey: " and names where ("steps[1].event: ...", "invalid JSON at byte 7:
// ..."); a spec that is accepted must then analyse data without error.

#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "unit/robustness_support.h"

namespace fl {
namespace {

using json = nlohmann::json;
using ::fl::testing::TestRandom;

// A spec that uses every top-level key and most nested ones.
constexpr const char kRichSpec[] = R"json({
  "$schema": "https://example.invalid/journey.schema.json",
  "name": "Rich",
  "window": "14d",
  "order": "ordered",
  "unit": "users",
  "modes": ["strict_increase"],
  "steps": [
    {"name": "Product page", "event": "product_view", "where": {"device": {"not": {"in": ["tv"]}}, "page": {"prefix": "/product/"}}},
    {"name": "Cart", "event": ["add_to_cart", "one_click_buy"], "window": "1d"},
    {"name": "Checkout", "event": "checkout_start", "optional": true},
    {"name": "Order placed", "event": "order_placed", "where": {"country": "US"}}
  ],
  "exclusions": [{"event": "support_contact", "from": "Cart", "to": 3}],
  "hold_constant": [],
  "breakdown": {"property": "device", "attribution": "last_touch"},
  "trend": "week",
  "friction": {
    "rage_click": {"preset": "mixpanel", "clicks": 4},
    "dead_click": {"timeout": "1s"},
    "after_order": {"order_step": "Order placed", "low_score": 2},
    "segments": ["device", "country"],
    "alpha": 0.05
  },
  "value": {"property": "price"}
})json";

// nlohmann::json cannot hold invalid UTF-8 (dump throws), so garbage strings carry
// this marker and the spec text gets the raw bytes in its place.
constexpr const char kInvalidUtf8Marker[] = "@@invalid-utf8@@";

std::string DumpWithInvalidUtf8(const json& spec) {
  std::string text = spec.dump();
  for (size_t at; (at = text.find(kInvalidUtf8Marker)) != std::string::npos;) {
    text.replace(at, sizeof(kInvalidUtf8Marker) - 1, "\xC3\x28\xFF");
  }
  return text;
}

// Values that are wrong somewhere and right elsewhere.
std::vector<json> GarbageValues() {
  std::vector<json> values = {
      nullptr, true, false, 0, -1, 1, 1.5, -1e308, 1e308, INT64_MAX, INT64_MIN, UINT64_MAX, "", " ", "x",
      "14d", "-1h", "0s", "99999999999999999999d", "1e400", "store", "Cart", "Product page", kInvalidUtf8Marker,
      std::string(100000, 'n'), json::array(), json::array({"x"}), json::array({1, nullptr, json::object()}),
      json::object(), json::object({{"x", 1}}), json::object({{"in", json::array()}}),
      json::object({{"property", 5}}), json::object({{"not", json::object({{"not", "a"}})}}),
  };
  json deep = json::array();
  for (int i = 0; i < 200; ++i) deep = json::array({deep});
  values.push_back(deep);
  return values;
}

// A random JSON value of bounded size.
json RandomValue(TestRandom& random, int depth) {
  switch (random.Below(depth > 3 ? 6 : 8)) {
    case 0: return nullptr;
    case 1: return random.OneIn(2);
    case 2: return static_cast<int64_t>(random.Next());
    case 3: return static_cast<double>(static_cast<int64_t>(random.Next() % 2000001) - 1000000) / 7;
    case 4: {
      static const char* const kWords[] = {"a", "Cart", "1h", "users", "ordered", "strict", "price", "", "in",
                                           "not", "prefix", "first_touch", "posthog", "day", "30m"};
      return kWords[random.Below(std::size(kWords))];
    }
    case 5: return std::string(random.Below(20), static_cast<char>('a' + random.Below(26)));
    case 6: {
      json array = json::array();
      for (size_t i = random.Below(4); i > 0; --i) array.push_back(RandomValue(random, depth + 1));
      return array;
    }
    default: {
      json object = json::object();
      static const char* const kKeys[] = {"name", "event", "in", "not", "prefix", "property", "from", "to",
                                          "enabled", "clicks", "timeout", "x"};
      for (size_t i = random.Below(4); i > 0; --i) {
        object[kKeys[random.Below(std::size(kKeys))]] = RandomValue(random, depth + 1);
      }
      return object;
    }
  }
}

// Every JSON pointer inside `doc` (not the root).
void CollectPointers(const json& value, const json::json_pointer& at, std::vector<json::json_pointer>* out) {
  if (value.is_object()) {
    for (auto it = value.begin(); it != value.end(); ++it) {
      out->push_back(at / it.key());
      CollectPointers(it.value(), at / it.key(), out);
    }
  } else if (value.is_array()) {
    for (size_t i = 0; i < value.size(); ++i) {
      out->push_back(at / i);
      CollectPointers(value[i], at / i, out);
    }
  }
}

// A small demo store to analyse with every accepted spec.
const std::string& SmallDemo() {
  static const std::string* kDemo = new std::string(testing::DemoCsv(25, 3));
  return *kDemo;
}

// The message is "journey: <where>: <reason>" with a non-empty <where>.
void ExpectJourneyError(const absl::Status& status, const std::string& what) {
  const std::string message(status.message());
  ASSERT_TRUE(absl::StartsWith(message, "journey: ")) << what << "\n" << message;
  const size_t colon = message.find(": ", 9);
  ASSERT_NE(colon, std::string::npos) << what << "\n" << message;
  EXPECT_GT(colon, 9u) << what << "\n" << message;
  EXPECT_LT(colon + 2, message.size()) << what << ": no reason\n" << message;
}

// Create, and when the spec is accepted, a whole run on the small demo store: either
// the spec is refused up front with a journey error, or the analysis succeeds, or it
// names a property the data lacks and is refused with a journey error then.
// Returns whether the spec was accepted.
bool CheckSpecText(const std::string& spec_text, const std::string& what) {
  AnalyzerOptions options;
  options.journey = spec_text;
  absl::StatusOr<std::unique_ptr<Analyzer>> analyzer = Analyzer::Create(options);
  if (!analyzer.ok()) {
    ExpectJourneyError(analyzer.status(), what);
    return false;
  }
  EXPECT_TRUE((*analyzer)->BeginFile("demo.csv").ok());
  EXPECT_TRUE((*analyzer)->Feed(SmallDemo()).ok());
  EXPECT_TRUE((*analyzer)->EndFile().ok());
  absl::StatusOr<Analysis> analysis = (*analyzer)->Finish();
  // The one refusal that needs the data: a property the journey names that the data
  // lacks (it would match nothing), said as a journey error.
  if (!analysis.ok() && absl::StrContains(analysis.status().message(), ": no property \"")) {
    ExpectJourneyError(analysis.status(), what);
    return false;
  }
  EXPECT_TRUE(analysis.ok()) << what << ": the spec was accepted but the analysis failed: " << analysis.status();
  return true;
}

void CheckGarbageAtEveryKey(const std::string& spec_text) {
  const json valid = json::parse(spec_text);
  ASSERT_TRUE(CheckSpecText(spec_text, "the valid spec"));
  int accepted = 0, refused = 0;
  std::vector<json::json_pointer> pointers;
  CollectPointers(valid, json::json_pointer(), &pointers);
  const std::vector<json> garbage = GarbageValues();
  TestRandom random(42);
  for (const json::json_pointer& pointer : pointers) {
    std::vector<json> values = garbage;
    for (int i = 0; i < 6; ++i) values.push_back(RandomValue(random, 0));
    for (const json& value : values) {
      json spec = valid;
      spec[pointer] = value;
      const std::string what = absl::StrCat(pointer.to_string(), " = ", value.dump().substr(0, 80));
      SCOPED_TRACE(what);
      ++(CheckSpecText(DumpWithInvalidUtf8(spec), what) ? accepted : refused);
      if (::testing::Test::HasFatalFailure()) return;
    }
    // The key removed, and an unknown key beside it.
    json removed = valid;
    json& parent = removed[pointer.parent_pointer()];
    if (parent.is_object()) {
      parent.erase(pointer.back());
    } else {
      parent.erase(std::stoul(pointer.back()));
    }
    CheckSpecText(removed.dump(), "removed " + pointer.to_string());
    if (valid[pointer].is_object() && pointer.back() != "where") {  // where's keys are property names
      json extra = valid;
      extra[pointer]["no_such_key"] = 1;
      EXPECT_FALSE(CheckSpecText(extra.dump(), "unknown key in " + pointer.to_string())) << pointer.to_string();
    }
  }
  // Both outcomes occur (a wrong value can be right elsewhere: "Cart" as a step name).
  EXPECT_GT(accepted, 0);
  EXPECT_GT(refused, accepted);
}

TEST(RobustnessJourneyTest, GarbageAtEveryKeyOfTheStoreJourney) {
  CheckGarbageAtEveryKey(BuiltinJourneyJson("store"));
}

TEST(RobustnessJourneyTest, GarbageAtEveryKeyOfAPvCartBuyJourney) {
  CheckGarbageAtEveryKey(testing::kTaobaoJourney);
}

TEST(RobustnessJourneyTest, GarbageAtEveryKeyOfARichJourney) { CheckGarbageAtEveryKey(kRichSpec); }

TEST(RobustnessJourneyTest, RandomWholeSpecs) {
  TestRandom random(7);
  for (int i = 0; i < 300; ++i) {
    json spec = RandomValue(random, 0);
    if (random.OneIn(2)) spec = json::object({{"steps", spec}});
    CheckSpecText(spec.dump(), spec.dump());
  }
}

TEST(RobustnessJourneyTest, TruncatedAndCorruptedSpecText) {
  const std::string text = kRichSpec;
  for (size_t cut = 0; cut < text.size(); cut += 7) {
    const absl::StatusOr<std::unique_ptr<Analyzer>> analyzer = Analyzer::Create({{}, text.substr(0, cut)});
    ASSERT_FALSE(analyzer.ok()) << "cut at " << cut;
    ExpectJourneyError(analyzer.status(), absl::StrCat("cut at ", cut));
    EXPECT_TRUE(absl::StartsWith(analyzer.status().message(), "journey: invalid JSON at byte ") ||
                absl::StartsWith(analyzer.status().message(), "journey: (top level): "))
        << analyzer.status();
  }
  TestRandom random(9);
  for (int i = 0; i < 300; ++i) {
    std::string bytes = text;
    for (size_t k = 1 + random.Below(4); k > 0; --k) bytes[random.Below(bytes.size())] = static_cast<char>(random.Below(256));
    CheckSpecText(bytes, "corrupted spec text " + std::to_string(i));
  }
  // Not JSON at all, and JSON that is not an object.
  for (const char* bad : {"", " ", "store2", "\x00\x01", "[]", "null", "\"store\"", "{", "{}}", "{\"steps\":[]}"}) {
    const absl::StatusOr<std::unique_ptr<Analyzer>> analyzer = Analyzer::Create({{}, bad});
    ASSERT_FALSE(analyzer.ok()) << bad;
    ExpectJourneyError(analyzer.status(), bad);
  }
}

// Nesting far deeper than any spec needs must be refused without running out of stack.
TEST(RobustnessJourneyTest, DeepNestingIsRefused) {
  for (size_t depth : {1000u, 100000u, 1000000u}) {
    const std::string arrays = std::string(depth, '[') + std::string(depth, ']');
    for (const std::string& text :
         {arrays, "{\"friction\":{\"segments\":" + arrays + "},\"steps\":[{\"name\":\"A\",\"event\":\"a\"}]}",
          "{\"value\":{\"property\":" + arrays + "},\"steps\":[{\"name\":\"A\",\"event\":\"a\"}]}",
          "{\"steps\":[{\"name\":\"A\",\"event\":\"a\",\"where\":{\"p\":" + arrays + "}}]}"}) {
      const absl::StatusOr<std::unique_ptr<Analyzer>> analyzer = Analyzer::Create({{}, text});
      ASSERT_FALSE(analyzer.ok()) << "depth " << depth;
      ExpectJourneyError(analyzer.status(), absl::StrCat("depth ", depth));
      EXPECT_TRUE(absl::EndsWith(analyzer.status().message(), ": nested deeper than 32 levels")) << analyzer.status();
    }
    const absl::StatusOr<std::unique_ptr<Analyzer>> analyzer = Analyzer::Create(
        {{}, "{\"friction\":{\"segments\":" + arrays + "},\"steps\":[{\"name\":\"A\",\"event\":\"a\"}]}"});
    ASSERT_FALSE(analyzer.ok());
    std::string path = "friction.segments";
    for (int i = 0; i < 30; ++i) path += "[0]";
    EXPECT_EQ(analyzer.status().message(), "journey: " + path + ": nested deeper than 32 levels");
  }
}

// The options object that crosses from JavaScript: garbage at every key is either
// accepted or refused with "options.<key>: ..." (or, for the journey, "journey: ...").
TEST(RobustnessJourneyTest, GarbageAnalyzerOptions) {
  const json valid = json::parse(R"({"journey": "store", "format": "auto", "delimiter": ",", "columns": ["a", "b"],
      "map": {"user": "u", "time": "t", "event": "e", "session": "s"}, "time_format": "auto",
      "session_gap": "30m", "keep_time_outliers": false})");
  ASSERT_TRUE(ParseAnalyzerOptions(valid.dump()).ok());
  std::vector<json::json_pointer> pointers;
  CollectPointers(valid, json::json_pointer(), &pointers);
  TestRandom random(5);
  int refused = 0;
  for (const json::json_pointer& pointer : pointers) {
    std::vector<json> values = GarbageValues();
    for (int i = 0; i < 6; ++i) values.push_back(RandomValue(random, 0));
    for (const json& value : values) {
      json options = valid;
      options[pointer] = value;
      const std::string what = absl::StrCat(pointer.to_string(), " = ", value.dump().substr(0, 80));
      absl::StatusOr<AnalyzerOptions> parsed = ParseAnalyzerOptions(DumpWithInvalidUtf8(options));
      if (!parsed.ok()) {
        ++refused;
        EXPECT_TRUE(absl::StartsWith(parsed.status().message(), "options.") ||
                    parsed.status().message() == "options: not valid JSON (or not valid UTF-8)")
            << what << "\n" << parsed.status();
        continue;
      }
      absl::StatusOr<std::unique_ptr<Analyzer>> analyzer = Analyzer::Create(*parsed);
      if (!analyzer.ok()) ExpectJourneyError(analyzer.status(), what);
    }
  }
  EXPECT_GT(refused, 0);
  EXPECT_TRUE(ParseAnalyzerOptions("").ok());  // no options: the defaults
  for (const char* bad : {"[]", "1", "\"store\"", "null"}) {
    absl::StatusOr<AnalyzerOptions> parsed = ParseAnalyzerOptions(bad);
    ASSERT_FALSE(parsed.ok()) << bad;
    EXPECT_EQ(parsed.status().message(), "options: expected a JSON object") << bad;
  }
  for (const char* bad : {"{", "{\"format\": \"csv\"", "\xFF"}) {
    absl::StatusOr<AnalyzerOptions> parsed = ParseAnalyzerOptions(bad);
    ASSERT_FALSE(parsed.ok()) << bad;
    EXPECT_EQ(parsed.status().message(), "options: not valid JSON (or not valid UTF-8)") << bad;
  }
  // A bad session gap is an option error, not a journey error.
  absl::StatusOr<AnalyzerOptions> gap = ParseAnalyzerOptions(R"({"session_gap": "5x"})");
  ASSERT_FALSE(gap.ok());
  EXPECT_TRUE(absl::StartsWith(gap.status().message(), "options.session_gap: ")) << gap.status();
}

}  // namespace
}  // namespace fl
