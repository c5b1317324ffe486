#ifndef FRICTIONLENS_CORE_DEMO_DEMO_STORE_H_
#define FRICTIONLENS_CORE_DEMO_DEMO_STORE_H_

// The built-in demo store: a deterministic clickstream of a small shop with
// realistic volumes and timings and friction planted in it, for `frictionlens demo`,
// `frictionlens generate`, the tests and the benchmarks.
//
// Planted friction (the truth the friction analysis must find first): on Android,
// the checkout page's "#apply-coupon" button does not respond, so Android users who
// try a coupon rage-click it (4-6 clicks, 120-300 ms apart, within 12 px) and only
// kBugContinueRate of them go on to payment, against kNormalContinueRate of everyone
// else at checkout. Also planted, smaller: payment declines with retries, late
// deliveries (delivered after `promised_at`) with low reviews and support contacts,
// failed deliveries, refunds, script errors on product pages. A noise signal that
// must not come out significant: clicks on "#help-tooltip", which change nothing.
//
// Determinism: one splitmix64 stream per user derived from (seed, user index), and
// our own distributions, so native and wasm builds write the same bytes.

#include <cstdint>
#include <functional>
#include <string>

namespace fl {

struct DemoStoreOptions {
  int64_t users = 20000;
  uint64_t seed = 1;
  int64_t start_ms = 1793491200000;  // 2026-11-01T00:00:00Z
  int days = 56;  // the capture ends after this many days (8 weeks: most 14-day windows close)
  // A planted A/B test (off by default; the other events stay the same draws either way):
  // each user is in variant "A" or "B" (B with probability experiment_b_share, from a hash
  // of the seed and the user, so assignment does not move the rest of the stream), every
  // event carries `variant`, an `experiment_exposure` event opens the first session, and
  // B's chance of adding to cart after viewing products is higher by experiment_cart_lift.
  bool experiment = false;
  double experiment_b_share = 0.5;
  double experiment_cart_lift = 0.0;
  // B ships the fix of the planted coupon defect: B's android users' coupon works (no
  // rage clicks), so the friction point should be gone in B ("did B remove it?").
  bool experiment_fixes_coupon = false;
  // The checkout form, field by field (off by default; its draws come from a stream of
  // their own, so the other events are the same draws either way): form_start, then per
  // field (#email, #name, #address, #postcode, #phone) field_focus, field_change and
  // field_blur, with `form` and `field` columns; form_submit before payment. A few leave
  // at each field. The planted defect: on iOS, #postcode rejects valid input
  // (field_error), people re-enter it 1-3 times, and most leave the form there: only
  // kFieldBugContinueRate of them reach payment.
  bool checkout_form = false;
  // The cart's quantity stepper: some people click "#qty-plus" 2-4 times quickly, and the
  // store answers each click with `cart_updated`: fast clicks that were meant, not rage.
  bool quantity_stepper = false;
};

// One generated event. Empty strings / zero values mean "not set" for the row.
struct DemoEvent {
  int64_t user = 0;
  int64_t time_ms = 0;
  const char* event = "";
  const char* device = "";
  const char* country = "";
  const char* browser = "";
  std::string page;
  const char* target = "";
  int x = -1, y = -1;            // -1 = not set
  int64_t item_id = 0;
  int64_t order_id = 0;
  int64_t price_cents = 0;       // 0 = not set
  int64_t promised_at_ms = 0;    // 0 = not set
  int score = 0;                 // review score 1..5, 0 = not set
  const char* error = "";
  const char* variant = "";      // only with DemoStoreOptions::experiment
  const char* form = "";         // only with DemoStoreOptions::checkout_form
  const char* field = "";
  bool form_columns = false;     // the row has the form and field columns
};

struct DemoStoreTruth {
  static constexpr const char* kStage = "Checkout";       // the step where it happens
  static constexpr const char* kNextStage = "Payment";    // the step it blocks
  static constexpr const char* kTarget = "#apply-coupon";
  static constexpr const char* kSegmentProperty = "device";
  static constexpr const char* kSegmentValue = "android";
  static constexpr double kBugContinueRate = 0.30;
  static constexpr double kNormalContinueRate = 0.82;
  // The checkout form's broken field (DemoStoreOptions::checkout_form).
  static constexpr const char* kFieldForm = "checkout";
  static constexpr const char* kField = "#postcode";
  static constexpr const char* kFieldSegmentValue = "ios";
  static constexpr double kFieldBugContinueRate = 0.25;
  int64_t users = 0;
  int64_t events = 0;
  int64_t rage_users = 0;          // users who hit the broken button
  // rage_users x (normal - bug) continue rate: the expected lost payments.
  double expected_lost_conversions = 0;
  int64_t field_bug_users = 0;     // users whose #postcode was rejected
  int64_t form_starts = 0, form_submits = 0;  // users who started / submitted the form
  int64_t stepper_bursts = 0;      // quantity-stepper bursts (each click answered)
};

// Calls `sink` for every event, user by user, each user's events in time order.
DemoStoreTruth GenerateDemoStore(const DemoStoreOptions& options,
                                 const std::function<void(const DemoEvent&)>& sink);

// Text forms of the events. CSV has a header line (with a `variant` column for a
// planted experiment, then `form` and `field` columns for the checkout form); JSON
// Lines one object per line.
std::string DemoCsvHeader(bool with_variant = false, bool with_form = false);
void AppendDemoCsvRow(const DemoEvent& event, std::string* out);
void AppendDemoJsonLine(const DemoEvent& event, std::string* out);

}  // namespace fl

#endif  // FRICTIONLENS_CORE_DEMO_DEMO_STORE_H_
