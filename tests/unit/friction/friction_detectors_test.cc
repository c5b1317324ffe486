// Each friction detector at its edges, for every preset: exactly N clicks and one
// fewer, gaps of T - 1 and T + 1 ms, distances of 29, 30 and 31 px.

#include <string>
#include <vector>

#include "core/friction/after_order_detectors.h"
#include "core/friction/click_detectors.h"
#include "core/friction/error_detector.h"
#include "core/friction/friction_context.h"
#include "core/friction/friction_settings.h"
#include "core/friction/navigation_detectors.h"
#include "core/journey/journey_spec.h"
#include "core/report/section_results.h"
#include "gtest/gtest.h"
#include "unit/friction/friction_test_table.h"

namespace fl {
namespace {

using testing::MakeTable;
using testing::TestEvent;

constexpr const char* kJourney = R"({"name": "Shop", "window": "1d", "steps": [
  {"name": "View", "event": "view"}, {"name": "Cart", "event": "cart"},
  {"name": "Checkout", "event": "checkout"}, {"name": "Order", "event": "order"}]})";

// Runs one detector over all rows of a one-user table built from `events`.
class DetectorRun {
 public:
  DetectorRun(const std::vector<TestEvent>& events, const std::string& friction_json) {
    spec_ = *ParseJourneySpec(kJourney);
    absl::StatusOr<FrictionSettings> settings =
        ParseFrictionSettings(nlohmann::json::parse(friction_json), nullptr);
    EXPECT_TRUE(settings.ok()) << settings.status();
    settings_ = *settings;
    table_ = MakeTable(events);
    absl::StatusOr<FrictionContext> ctx = BuildFrictionContext(settings_, spec_, table_);
    EXPECT_TRUE(ctx.ok()) << ctx.status();
    ctx_ = *ctx;
  }
  template <typename Detector>
  std::vector<SignalHit> Run(Detector detector) {
    std::vector<SignalHit> hits;
    detector(ctx_, 0, static_cast<uint32_t>(table_.size()), &hits);
    return hits;
  }
  std::vector<SignalHit> Rage(RageFilterCounts* filtered = nullptr) {
    std::vector<SignalHit> hits;
    DetectRageClicks(ctx_, 0, static_cast<uint32_t>(table_.size()), &hits, filtered);
    return hits;
  }
  std::vector<SignalHit> Loops(const std::vector<int64_t>& reached) {
    std::vector<SignalHit> hits;
    DetectLoops(ctx_, 0, static_cast<uint32_t>(table_.size()), reached, &hits);
    return hits;
  }

 private:
  JourneySpec spec_;
  FrictionSettings settings_;
  EventTable table_;
  FrictionContext ctx_;
};

TestEvent Click(int64_t t, int x, int y, const std::string& target = "#b") {
  return {"u", t, "click", {{"x", std::to_string(x)}, {"y", std::to_string(y)}, {"target", target}}};
}

// `n` clicks `gap` ms apart, each `dx` px right of the previous; then a page view
// 10 s later so that the session goes on.
std::vector<TestEvent> Burst(int n, int64_t gap, int dx, int dy = 0) {
  std::vector<TestEvent> events;
  for (int i = 0; i < n; ++i) events.push_back(Click(i * gap, 100 + i * dx, 100 + i * dy));
  events.push_back({"u", n * gap + 10000, "page_view", {{"page", "/next"}}});
  return events;
}

size_t RageHits(const std::vector<TestEvent>& events, const std::string& settings) {
  DetectorRun run(events, settings);
  return run.Rage().size();
}

TEST(RageClicks, PosthogEdges) {
  const std::string posthog = R"({"rage_click": "posthog"})";
  EXPECT_EQ(RageHits(Burst(3, 999, 0), posthog), 1u);   // exactly 3 clicks
  EXPECT_EQ(RageHits(Burst(2, 999, 0), posthog), 0u);   // one fewer
  EXPECT_EQ(RageHits(Burst(3, 1000, 0), posthog), 0u);  // gap = 1 s is not < 1 s
  EXPECT_EQ(RageHits(Burst(3, 1001, 0), posthog), 0u);  // T + 1
  EXPECT_EQ(RageHits(Burst(3, 999, 29), posthog), 1u);  // 29 px < 30
  EXPECT_EQ(RageHits(Burst(3, 999, 30), posthog), 0u);  // 30 px is not < 30
  EXPECT_EQ(RageHits(Burst(3, 999, 31), posthog), 0u);
  EXPECT_EQ(RageHits(Burst(3, 100, 15, 14), posthog), 1u);  // Manhattan 29
  EXPECT_EQ(RageHits(Burst(3, 100, 15, 15), posthog), 0u);  // Manhattan 30
  EXPECT_EQ(RageHits(Burst(8, 100, 0), posthog), 1u);       // one burst counts once
  // The default preset is posthog.
  EXPECT_EQ(RageHits(Burst(3, 999, 29), "{}"), 1u);
  EXPECT_EQ(RageHits(Burst(3, 1000, 0), "{}"), 0u);
}

TEST(RageClicks, MixpanelEdges) {
  const std::string mixpanel = R"({"rage_click": "mixpanel"})";
  EXPECT_EQ(RageHits(Burst(4, 999, 0), mixpanel), 1u);
  EXPECT_EQ(RageHits(Burst(3, 999, 0), mixpanel), 0u);
  EXPECT_EQ(RageHits(Burst(4, 1000, 0), mixpanel), 0u);
  EXPECT_EQ(RageHits(Burst(4, 1001, 0), mixpanel), 0u);
  EXPECT_EQ(RageHits(Burst(4, 500, 29), mixpanel), 1u);
  EXPECT_EQ(RageHits(Burst(4, 500, 30), mixpanel), 0u);
  EXPECT_EQ(RageHits(Burst(4, 500, 31), mixpanel), 0u);
  // Euclidean: 20 px right and 20 px down is 28.3 px (Manhattan would say 40).
  EXPECT_EQ(RageHits(Burst(4, 500, 20, 20), mixpanel), 1u);
  EXPECT_EQ(RageHits(Burst(4, 500, 22, 21), mixpanel), 0u);  // 30.4 px
}

// `n` clicks spread evenly so that first to last takes `span` ms, on one target.
std::vector<TestEvent> Spread(int n, int64_t span, const std::string& target = "#b") {
  std::vector<TestEvent> events;
  for (int i = 0; i < n; ++i) {
    const int64_t t = i == n - 1 ? span : i * (span / (n - 1));
    events.push_back(Click(t, 100 + 200 * i, 100, target));  // far apart: no distance rule
  }
  events.push_back({"u", span + 60000, "page_view", {{"page", "/next"}}});
  return events;
}

TEST(RageClicks, AmplitudeAndDatadogEdges) {
  for (const std::string preset : {"amplitude", "datadog"}) {
    const std::string settings = R"({"rage_click": ")" + preset + R"("})";
    EXPECT_EQ(RageHits(Spread(4, 999), settings), 1u) << preset;   // 4 within 1 s
    EXPECT_EQ(RageHits(Spread(3, 999), settings), 0u) << preset;   // 3 is not more than 3
    EXPECT_EQ(RageHits(Spread(4, 1000), settings), 0u) << preset;  // first to last = 1 s
    EXPECT_EQ(RageHits(Spread(4, 1001), settings), 0u) << preset;
    // Another target in the middle breaks the run.
    std::vector<TestEvent> mixed = Spread(4, 900);
    mixed[2] = Click(600, 100, 100, "#other");
    EXPECT_EQ(RageHits(mixed, settings), 0u) << preset;
  }
  // A sliding window: 0, 600, 1100, 1200, 1300 holds 4 clicks within 1 s (600..1300).
  std::vector<TestEvent> sliding;
  for (int64_t t : {0, 600, 1100, 1200, 1300}) sliding.push_back(Click(t, 100, 100));
  EXPECT_EQ(RageHits(sliding, R"({"rage_click": "datadog"})"), 1u);
  std::vector<TestEvent> sparse;
  for (int64_t t : {0, 600, 1100, 1700, 2300}) sparse.push_back(Click(t, 100, 100));
  EXPECT_EQ(RageHits(sparse, R"({"rage_click": "datadog"})"), 0u);
}

TEST(RageClicks, SentryEdges) {
  const std::string sentry = R"({"rage_click": "sentry"})";
  EXPECT_EQ(RageHits(Spread(3, 6999), sentry), 1u);
  EXPECT_EQ(RageHits(Spread(2, 100), sentry), 0u);
  EXPECT_EQ(RageHits(Spread(3, 7000), sentry), 0u);
  EXPECT_EQ(RageHits(Spread(3, 7001), sentry), 0u);
}

TEST(RageClicks, CustomThresholdsAndLabels) {
  const std::string custom =
      R"({"rage_click": {"clicks": 5, "max_gap": "500ms", "max_distance_px": 10}})";
  EXPECT_EQ(RageHits(Burst(5, 499, 9), custom), 1u);
  EXPECT_EQ(RageHits(Burst(4, 499, 9), custom), 0u);
  EXPECT_EQ(RageHits(Burst(5, 500, 9), custom), 0u);
  EXPECT_EQ(RageHits(Burst(5, 499, 10), custom), 0u);
  // Explicit fields override the preset's.
  EXPECT_EQ(RageHits(Burst(3, 999, 0), R"({"rage_click": {"preset": "mixpanel", "clicks": 3}})"), 1u);
  // Pre-labelled events count; a disabled detector counts nothing.
  const std::vector<TestEvent> labelled = {{"u", 0, "$rageclick", {{"target", "#x"}}},
                                           {"u", 10, "rage_click", {{"target", "#y"}}}};
  DetectorRun run(labelled, "{}");
  const std::vector<SignalHit> hits = run.Rage();
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_EQ(hits[0].target, "#x");
  EXPECT_EQ(hits[1].target, "#y");
  EXPECT_EQ(RageHits(labelled, R"({"rage_click": false})"), 0u);
  EXPECT_EQ(RageHits(Burst(3, 999, 0), R"({"rage_click": {"enabled": false}})"), 0u);
  // Without coordinates, clicks must share the target.
  std::vector<TestEvent> no_xy;
  for (int i = 0; i < 3; ++i) no_xy.push_back({"u", i * 100, "click", {{"target", "#t"}}});
  EXPECT_EQ(RageHits(no_xy, "{}"), 1u);
  no_xy[1].props = {{"target", "#u"}};
  EXPECT_EQ(RageHits(no_xy, "{}"), 0u);
}

// Clicks that were meant (issue 23, item 2): each filter drops the burst and counts it.
TEST(RageClicks, AnsweredClicksAreAStepperNotRage) {
  // A quantity stepper: 4 clicks 300 ms apart, each answered by a cart update 120 ms later.
  std::vector<TestEvent> stepper;
  for (int i = 0; i < 4; ++i) {
    stepper.push_back(Click(i * 300, 100, 100, "#qty-plus"));
    stepper.push_back({"u", i * 300 + 120, "cart_updated", {}});
  }
  stepper.push_back({"u", 20000, "page_view", {{"page", "/next"}}});
  DetectorRun run(stepper, "{}");
  RageFilterCounts filtered;
  EXPECT_TRUE(run.Rage(&filtered).empty());
  EXPECT_EQ(filtered.answered, 1);  // one burst, counted once however long it grows
  EXPECT_EQ(filtered.text_selection + filtered.ignored_target, 0);
  // The same clicks without answers are rage; one unanswered click makes it rage too.
  EXPECT_EQ(RageHits(Burst(4, 300, 0), "{}"), 1u);
  std::vector<TestEvent> one_unanswered = stepper;
  one_unanswered.erase(one_unanswered.begin() + 3);  // the second click's answer
  EXPECT_EQ(RageHits(one_unanswered, "{}"), 1u);
  // An answer slower than answered_within (or after the next click) does not count; the
  // rule can be narrowed to named events, or turned off.
  EXPECT_EQ(RageHits(stepper, R"({"rage_click": {"answered_within": "100ms"}})"), 1u);
  EXPECT_EQ(RageHits(stepper, R"({"rage_click": {"answer_events": ["cart_updated"]}})"), 0u);
  EXPECT_EQ(RageHits(stepper, R"({"rage_click": {"answer_events": ["page_view"]}})"), 1u);
  EXPECT_EQ(RageHits(stepper, R"({"rage_click": {"answered_within": 0}})"), 1u);
  // Errors are no answer: a button that throws on every click is rage.
  std::vector<TestEvent> throwing;
  for (int i = 0; i < 3; ++i) {
    throwing.push_back(Click(i * 300, 100, 100, "#pay"));
    throwing.push_back({"u", i * 300 + 50, "js_error", {}});
  }
  EXPECT_EQ(RageHits(throwing, "{}"), 1u);
}

TEST(RageClicks, ATripleClickThatSelectsTextIsNotRage) {
  std::vector<TestEvent> triple = Burst(3, 150, 0);
  triple.insert(triple.begin() + 3, {"u", 600, "text_selected", {}});
  DetectorRun run(triple, "{}");
  RageFilterCounts filtered;
  EXPECT_TRUE(run.Rage(&filtered).empty());
  EXPECT_EQ(filtered.text_selection, 1);
  // Four clicks are no text selection, even with a selection after them.
  std::vector<TestEvent> four = Burst(4, 150, 0);
  four.insert(four.begin() + 4, {"u", 700, "text_selected", {}});
  EXPECT_EQ(RageHits(four, "{}"), 1u);
  // Without the selection it is rage (PostHog's rule).
  EXPECT_EQ(RageHits(Burst(3, 150, 0), "{}"), 1u);
}

TEST(RageClicks, IgnoredTargetsAreNeverRage) {
  std::vector<TestEvent> carousel;
  for (int i = 0; i < 5; ++i) carousel.push_back(Click(i * 200, 50, 50, "button.next.ph-no-rageclick"));
  DetectorRun run(carousel, "{}");
  RageFilterCounts filtered;
  EXPECT_TRUE(run.Rage(&filtered).empty());
  EXPECT_EQ(filtered.ignored_target, 1);
  EXPECT_EQ(RageHits(carousel, R"({"rage_click": {"ignore_targets": []}})"), 1u);
  EXPECT_EQ(RageHits(Burst(3, 100, 0), R"({"rage_click": {"ignore_targets": ["#b"]}})"), 0u);
}

// A click at 0 and a response `delay` ms later, then more activity 60 s later.
std::vector<TestEvent> ClickThenResponse(int64_t delay, const std::string& response = "page_view") {
  return {Click(0, 10, 10, "#go"),
          {"u", delay, response, {{"page", "/home"}}},
          {"u", delay + 60000, "page_view", {{"page", "/later"}}}};
}

size_t DeadHits(const std::vector<TestEvent>& events, const std::string& settings) {
  DetectorRun run(events, settings);
  return run.Run(DetectDeadClicks).size();
}

TEST(DeadClicks, EveryPresetAtItsTimeout) {
  const std::pair<const char*, int64_t> presets[] = {
      {"posthog", 2500}, {"mixpanel", 500}, {"amplitude", 3000}, {"sentry", 7000}};
  for (const auto& [preset, timeout] : presets) {
    const std::string settings = std::string(R"({"dead_click": ")") + preset + R"("})";
    EXPECT_EQ(DeadHits(ClickThenResponse(timeout - 1), settings), 0u) << preset;
    EXPECT_EQ(DeadHits(ClickThenResponse(timeout), settings), 0u) << preset;
    EXPECT_EQ(DeadHits(ClickThenResponse(timeout + 1), settings), 1u) << preset;
  }
  // Default: posthog's 2.5 s.
  EXPECT_EQ(DeadHits(ClickThenResponse(2500), "{}"), 0u);
  EXPECT_EQ(DeadHits(ClickThenResponse(2501), "{}"), 1u);
}

TEST(DeadClicks, NeedsTheDataToShowTheFollowUp) {
  // The last event of the session: nothing shows whether the page responded.
  EXPECT_EQ(DeadHits({Click(0, 1, 1)}, "{}"), 0u);
  // More clicks are not a response; the first two are dead, the last has no follow-up.
  EXPECT_EQ(DeadHits({Click(0, 1, 1), Click(300, 1, 1), Click(600, 1, 1)}, "{}"), 2u);
  // A response in another session (31 minutes later) does not count as a follow-up.
  EXPECT_EQ(DeadHits({Click(0, 1, 1), {"u", 31 * 60 * 1000, "page_view", {}}}, "{}"), 0u);
  // Labelled dead clicks count as they are.
  EXPECT_EQ(DeadHits({{"u", 0, "$dead_click", {{"target", "#x"}}}}, "{}"), 1u);
}

TEST(DeadClicks, ConfiguredResponsesAndPageChanges) {
  const std::string settings = R"({"dead_click": {"response_events": ["coupon_applied"]}})";
  // A page_view on the same page is not a listed response...
  std::vector<TestEvent> same_page = {
      {"u", 0, "click", {{"target", "#c"}, {"page", "/checkout"}}},
      {"u", 100, "page_view", {{"page", "/checkout"}}},
      {"u", 60000, "page_view", {{"page", "/checkout"}}}};
  EXPECT_EQ(DeadHits(same_page, settings), 1u);
  // ...a listed response is, and so is any event on another page.
  same_page[1].event = "coupon_applied";
  EXPECT_EQ(DeadHits(same_page, settings), 0u);
  same_page[1] = {"u", 100, "page_view", {{"page", "/payment"}}};
  EXPECT_EQ(DeadHits(same_page, settings), 0u);
}

TEST(Errors, NamesPatternsStatusAndErrorClicks) {
  const std::vector<TestEvent> events = {
      {"u", 0, "js_error", {}},
      {"u", 10, "checkout_error", {}},  // *_error
      {"u", 20, "payment_declined", {}},
      {"u", 30, "api_call", {{"status", "503"}}},
      {"u", 40, "api_call", {{"http_status", "499"}}},  // not a server error
      {"u", 50, "page_view", {}},
  };
  DetectorRun run(events, "{}");
  const std::vector<SignalHit> hits = run.Run(DetectErrors);
  std::vector<std::string> targets;
  for (const SignalHit& h : hits) {
    EXPECT_EQ(h.kind, SignalKind::kError);
    targets.push_back(h.target);
  }
  EXPECT_EQ(targets, (std::vector<std::string>{"js_error", "checkout_error", "payment_declined",
                                               "api_call 503"}));
  // Only the listed names when configured; the status rule stays.
  DetectorRun only(events, R"({"error": {"events": ["payment_*"], "min_status": 400}})");
  EXPECT_EQ(only.Run(DetectErrors).size(), 3u);  // payment_declined, 503, 499
}

TEST(Errors, ErrorClickWithinTheWindow) {
  for (int64_t delay : {999, 1000, 1001}) {
    DetectorRun run({Click(0, 1, 1, "#pay"), {"u", delay, "payment_declined", {}}}, "{}");
    const std::vector<SignalHit> hits = run.Run(DetectErrors);
    size_t clicks = 0;
    for (const SignalHit& h : hits) {
      if (h.kind == SignalKind::kErrorClick) {
        ++clicks;
        EXPECT_EQ(h.target, "#pay");
        EXPECT_EQ(h.time_ms, 0);
      }
    }
    EXPECT_EQ(clicks, delay <= 1000 ? 1u : 0u) << delay;
  }
  // One click before two errors counts once.
  DetectorRun twice({Click(0, 1, 1, "#pay"), {"u", 100, "js_error", {}}, {"u", 200, "js_error", {}}},
                    "{}");
  EXPECT_EQ(twice.Run(DetectErrors).size(), 3u);
}

TEST(QuickBack, WithinTenSeconds) {
  for (int64_t back : {10999, 11000, 11001}) {
    DetectorRun run({{"u", 0, "page_view", {{"page", "/a"}}},
                     {"u", 1000, "page_view", {{"page", "/b"}}},
                     {"u", back, "page_view", {{"page", "/a"}}}},
                    "{}");
    const std::vector<SignalHit> hits = run.Run(DetectQuickBacks);
    ASSERT_EQ(hits.size(), back <= 11000 ? 1u : 0u) << back;
    if (!hits.empty()) {
      EXPECT_EQ(hits[0].target, "/b");  // the page bounced off
      EXPECT_EQ(hits[0].kind, SignalKind::kQuickBack);
    }
  }
  // A -> B -> C is not a quick back; events without a page are ignored.
  DetectorRun onward({{"u", 0, "page_view", {{"page", "/a"}}},
                      {"u", 1000, "page_view", {{"page", "/b"}}},
                      {"u", 1500, "click", {}},
                      {"u", 2000, "page_view", {{"page", "/c"}}}},
                     "{}");
  EXPECT_TRUE(onward.Run(DetectQuickBacks).empty());
  DetectorRun custom({{"u", 0, "page_view", {{"page", "/a"}}},
                      {"u", 1000, "page_view", {{"page", "/b"}}},
                      {"u", 4000, "page_view", {{"page", "/a"}}}},
                     R"({"quick_back": {"within": "2s"}})");
  EXPECT_TRUE(custom.Run(DetectQuickBacks).empty());
}

TEST(Loops, BacktrackAndRepeat) {
  DetectorRun run({{"u", 0, "view", {}},
                   {"u", 10, "cart", {}},
                   {"u", 20, "view", {}},      // back to View while working towards Checkout
                   {"u", 30, "cart", {}},      // Cart again
                   {"u", 40, "checkout", {}},  // reaches Checkout
                   {"u", 50, "order", {}},     // reaches Order: after the order from here on
                   {"u", 60, "cart", {}}},
                  "{}");
  const std::vector<SignalHit> hits = run.Loops({0, 10, 40, 50});
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_EQ(hits[0].kind, SignalKind::kBacktrack);
  EXPECT_EQ(hits[0].target, "View");
  EXPECT_EQ(hits[0].time_ms, 20);
  EXPECT_EQ(hits[1].kind, SignalKind::kRepeatStep);
  EXPECT_EQ(hits[1].target, "Cart");
}

TEST(Loops, AnotherPageOfTheSameStepIsNotARepeat) {
  DetectorRun run({{"u", 0, "view", {{"page", "/p/1"}}},
                   {"u", 10, "view", {{"page", "/p/2"}}},   // browsing on
                   {"u", 20, "view", {{"page", "/p/1"}}}},  // the same product again
                  "{}");
  const std::vector<SignalHit> hits = run.Loops({0});
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].kind, SignalKind::kRepeatStep);
  EXPECT_EQ(hits[0].time_ms, 20);
}

TEST(Loops, RetryEvents) {
  DetectorRun run({{"u", 0, "view", {}},
                   {"u", 10, "payment_submitted", {}},
                   {"u", 20, "payment_submitted", {}},
                   {"u", 30, "payment_submitted", {}}},
                  R"({"loops": {"repeat_events": ["payment_submitted"]}})");
  const std::vector<SignalHit> hits = run.Loops({0});
  ASSERT_EQ(hits.size(), 2u);  // the second and third
  EXPECT_EQ(hits[0].target, "payment_submitted");
  EXPECT_EQ(hits[0].time_ms, 20);
}

TEST(StageAt, AStepReachedAtTheSameMomentCounts) {
  EXPECT_EQ(StageAt({}, 5), 0);
  EXPECT_EQ(StageAt({10, 20}, 9), 0);
  EXPECT_EQ(StageAt({10, 20}, 10), 1);
  EXPECT_EQ(StageAt({10, 20}, 25), 2);
}

TEST(AfterOrder, LateDeliveryAtTheEdge) {
  // Promised 2024-01-05 00:00:00 UTC = 1704412800000.
  const int64_t promised = 1704412800000;
  for (int64_t delivered : {promised - 1, promised, promised + 1}) {
    DetectorRun run({{"u", 0, "order", {{"promised_at", "2024-01-05 00:00:00"}, {"order_id", "o1"}}},
                     {"u", delivered, "delivered", {{"order_id", "o1"}}}},
                    "{}");
    const std::vector<SignalHit> hits = run.Run(DetectAfterOrder);
    ASSERT_EQ(hits.size(), delivered > promised ? 1u : 0u) << delivered;
    if (!hits.empty()) {
      EXPECT_EQ(hits[0].kind, SignalKind::kLateDelivery);
      EXPECT_EQ(hits[0].time_ms, delivered);
    }
  }
}

TEST(AfterOrder, JoinsByOrderIdElseByTime) {
  // Two orders; the late delivery belongs to the second by order_id, although the
  // on-time one comes first in time.
  DetectorRun by_id({{"u", 0, "order", {{"promised_at", "1000"}, {"order_id", "a"}}},
                     {"u", 10, "order", {{"promised_at", "2000"}, {"order_id", "b"}}},
                     {"u", 1500000, "delivered", {{"order_id", "a"}}},
                     {"u", 2500000, "delivered", {{"order_id", "b"}}}},
                    "{}");
  // promised_at as epoch seconds: 1000 s = 1,000,000 ms; a delivered at 1,500,000 is late
  // (by 500 s), b promised 2,000,000 delivered 2,500,000 late too.
  EXPECT_EQ(by_id.Run(DetectAfterOrder).size(), 2u);
  // No order id: the first delivery at or after the promise-bearing event.
  DetectorRun by_time({{"u", 0, "order", {{"promised_at", "2024-01-05"}}},
                       {"u", 1704412800001, "delivered", {}}},
                      "{}");
  EXPECT_EQ(by_time.Run(DetectAfterOrder).size(), 1u);
  // No delivery: no verdict.
  DetectorRun none({{"u", 0, "order", {{"promised_at", "2024-01-05"}}}}, "{}");
  EXPECT_TRUE(none.Run(DetectAfterOrder).empty());
}

TEST(AfterOrder, AnAccountWithManyOrders) {
  // One person, 300 orders promised at 1,000 s, delivered in reverse order, every third
  // late: each promise meets its own delivery (found once per unit, not by a scan each).
  std::vector<TestEvent> keyed;
  for (int i = 0; i < 300; ++i) {
    keyed.push_back({"u", i, "order", {{"promised_at", "1000"}, {"order_id", "o" + std::to_string(i)}}});
  }
  for (int i = 299; i >= 0; --i) {
    keyed.push_back({"u", (i % 3 == 0 ? 1'500'000 : 500'000) + (299 - i), "delivered",
                     {{"order_id", "o" + std::to_string(i)}}});
  }
  DetectorRun by_id(keyed, "{}");
  EXPECT_EQ(by_id.Run(DetectAfterOrder).size(), 100u);
  // Without ids: each promise takes the first delivery after it, so the last promise
  // answers for all of them and one late delivery is counted once.
  std::vector<TestEvent> unkeyed;
  for (int i = 0; i < 300; ++i) unkeyed.push_back({"u", i, "order", {{"promised_at", "1000"}}});
  unkeyed.push_back({"u", 2'000'000, "delivered", {}});
  DetectorRun by_time(unkeyed, "{}");
  EXPECT_EQ(by_time.Run(DetectAfterOrder).size(), 1u);
}

TEST(AfterOrder, FailedRefundSupportReview) {
  DetectorRun run({{"u", 0, "delivery_failed", {}},
                   {"u", 1, "refund_requested", {}},
                   {"u", 2, "return_requested", {}},
                   {"u", 3, "support_contact", {}},
                   {"u", 4, "review", {{"score", "2"}}},
                   {"u", 5, "review", {{"score", "3"}}},
                   {"u", 6, "review", {{"score", "1"}}}},
                  "{}");
  const std::vector<SignalHit> hits = run.Run(DetectAfterOrder);
  std::vector<std::string> seen;
  for (const SignalHit& h : hits) seen.push_back(std::string(SignalName(h.kind)) + ":" + h.target);
  EXPECT_EQ(seen, (std::vector<std::string>{"failed_delivery:", "refund_return:refund_requested",
                                            "refund_return:return_requested", "support_contact:",
                                            "low_review:", "low_review:"}));
  DetectorRun strict({{"u", 4, "review", {{"score", "2"}}}}, R"({"after_order": {"low_score": 1}})");
  EXPECT_TRUE(strict.Run(DetectAfterOrder).empty());
}

}  // namespace
}  // namespace fl
