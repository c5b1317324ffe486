#include "core/demo/demo_store.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "core/time_format.h"

namespace fl {
namespace {

constexpr int64_t kSecond = 1000;
constexpr int64_t kMinute = 60 * kSecond;
constexpr int64_t kHour = 60 * kMinute;
constexpr int64_t kDay = 24 * kHour;

// splitmix64: tiny, fast, and the same on every platform (std distributions are not).
class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  // The splitmix64 finaliser: independent-looking streams for neighbouring seeds.
  static uint64_t Mix(uint64_t z) {
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  uint64_t Next() {
    return Mix(state_ += 0x9e3779b97f4a7c15ULL);
  }
  double Uniform() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  bool Chance(double p) { return Uniform() < p; }
  int64_t Between(int64_t lo, int64_t hi) {  // inclusive
    return lo + static_cast<int64_t>(Next() % static_cast<uint64_t>(hi - lo + 1));
  }
  // Log-normal-ish durations: median m, spread s (in log space), via a sum of uniforms.
  int64_t Duration(double median_ms, double spread) {
    double normal = 0;
    for (int i = 0; i < 4; ++i) normal += Uniform();
    normal = (normal - 2.0) * std::sqrt(3.0);  // ~N(0,1)
    return static_cast<int64_t>(median_ms * std::exp(spread * normal)) + 1;
  }
  template <typename T, size_t N>
  T Pick(const T (&items)[N], const double (&weights)[N]) {
    double u = Uniform(), acc = 0;
    for (size_t i = 0; i < N; ++i) {
      acc += weights[i];
      if (u < acc) return items[i];
    }
    return items[N - 1];
  }

 private:
  uint64_t state_;
};

struct UserProfile {
  int64_t user;
  const char* device;
  const char* country;
  const char* browser;
  const char* variant = "";  // "A" or "B" in a planted experiment
};

// Emits one user's events in time order, dropping those past the capture end.
class UserSimulation {
 public:
  UserSimulation(const DemoStoreOptions& options, int64_t user_index, DemoStoreTruth* truth)
      : rng_(Rng::Mix(options.seed ^ Rng::Mix(static_cast<uint64_t>(user_index) + 0x632be59bd9b4e019ULL))),
        form_rng_(Rng::Mix(options.seed ^ Rng::Mix(static_cast<uint64_t>(user_index) ^ 0x3c6ef372fe94f82bULL))),
        end_ms_(options.start_ms + options.days * kDay),
        truth_(truth),
        checkout_form_(options.checkout_form),
        quantity_stepper_(options.quantity_stepper) {
    static const char* kDevices[] = {"desktop", "ios", "android"};
    static const double kDeviceWeights[] = {0.45, 0.30, 0.25};
    static const char* kCountries[] = {"US", "DE", "GB", "IN", "BR"};
    static const double kCountryWeights[] = {0.40, 0.15, 0.15, 0.15, 0.15};
    profile_.user = 100000 + user_index;
    profile_.device = rng_.Pick(kDevices, kDeviceWeights);
    profile_.country = rng_.Pick(kCountries, kCountryWeights);
    if (profile_.device[0] == 'd') {
      static const char* kBrowsers[] = {"chrome", "firefox", "safari", "edge"};
      static const double kWeights[] = {0.6, 0.15, 0.15, 0.1};
      profile_.browser = rng_.Pick(kBrowsers, kWeights);
    } else if (profile_.device[0] == 'i') {
      profile_.browser = "safari";
    } else {
      static const char* kBrowsers[] = {"chrome", "samsung"};
      static const double kWeights[] = {0.8, 0.2};
      profile_.browser = rng_.Pick(kBrowsers, kWeights);
    }
    start_ms_ = options.start_ms;
    days_ = options.days;
    if (options.experiment) {
      // Its own hash of (seed, user), so the draws above and below are those of no experiment.
      const uint64_t h = Rng::Mix(options.seed ^ Rng::Mix(static_cast<uint64_t>(user_index) ^ 0xa5a5a5a55a5a5a5aULL));
      const bool b = static_cast<double>(h >> 11) * 0x1.0p-53 < options.experiment_b_share;
      profile_.variant = b ? "B" : "A";
      cart_lift_ = b ? options.experiment_cart_lift : 0.0;
      coupon_fixed_ = b && options.experiment_fixes_coupon;
    }
  }

  void Run(const std::function<void(const DemoEvent&)>& sink) {
    sink_ = &sink;
    const int sessions = 1 + static_cast<int>(rng_.Chance(0.35)) + static_cast<int>(rng_.Chance(0.15));
    // Session starts spread over the capture, busier in the evening (UTC, for simplicity).
    std::vector<int64_t> starts;
    for (int s = 0; s < sessions; ++s) {
      const int64_t day = rng_.Between(0, days_ - 1);
      const int64_t hour = rng_.Chance(0.5) ? rng_.Between(17, 22) : rng_.Between(7, 23);
      starts.push_back(start_ms_ + day * kDay + hour * kHour + rng_.Between(0, kHour - 1));
    }
    std::sort(starts.begin(), starts.end());
    for (size_t s = 0; s < starts.size() && !ordered_; ++s) {
      if (s > 0 && starts[s] < now_ + 40 * kMinute) starts[s] = now_ + 40 * kMinute;
      now_ = starts[s];
      Session(s + 1 == starts.size());
    }
  }

 private:
  DemoEvent Base(const char* name) {
    DemoEvent e;
    e.user = profile_.user;
    e.time_ms = now_;
    e.event = name;
    e.device = profile_.device;
    e.country = profile_.country;
    e.browser = profile_.browser;
    e.variant = profile_.variant;
    e.form_columns = checkout_form_;
    return e;
  }
  bool Emit(const DemoEvent& e) {
    if (e.time_ms >= end_ms_) return false;  // after the capture: not in the data (right-censoring)
    ++truth_->events;
    (*sink_)(e);
    return true;
  }
  void Wait(double median_ms, double spread) { now_ += rng_.Duration(median_ms, spread); }
  void Click(const char* target, const std::string& page, int x, int y) {
    DemoEvent e = Base("click");
    e.page = page;
    e.target = target;
    e.x = x;
    e.y = y;
    Emit(e);
  }
  void PageView(const std::string& page) {
    DemoEvent e = Base("page_view");
    e.page = page;
    Emit(e);
  }

  void Session(bool last_session) {
    if (profile_.variant[0] != '\0' && !exposed_) {
      exposed_ = true;
      Emit(Base("experiment_exposure"));
    }
    PageView("/");
    const int products = static_cast<int>(rng_.Between(1, 5));
    int64_t item = 0, price = 0;
    for (int p = 0; p < products; ++p) {
      Wait(20 * kSecond, 0.8);
      item = rng_.Between(1000, 1999);
      price = 500 + (item * 7919) % 19500;  // a fixed price per item, 5.00 to 200.00
      DemoEvent view = Base("product_view");
      view.page = "/product/" + std::to_string(item);
      view.item_id = item;
      view.price_cents = price;
      Emit(view);
      if (rng_.Chance(0.02)) {  // a script error on the product page
        Wait(2 * kSecond, 0.5);
        DemoEvent error = Base("js_error");
        error.page = view.page;
        error.error = "TypeError: gallery is undefined";
        Emit(error);
      }
      if (rng_.Chance(0.12)) {  // quick back: to search and straight back
        Wait(3 * kSecond, 0.4);
        PageView("/search");
        Wait(4 * kSecond, 0.4);
        PageView(view.page);
      }
    }
    // 1-Click: mostly desktop and iOS customers with a saved card.
    const double one_click = profile_.device[0] == 'a' ? 0.02 : 0.06;
    if (rng_.Chance(one_click)) {
      Wait(15 * kSecond, 0.6);
      Order(item, price, true);
      return;
    }
    if (!rng_.Chance((last_session ? 0.38 : 0.22) + cart_lift_)) return;
    Wait(25 * kSecond, 0.7);
    DemoEvent cart = Base("add_to_cart");
    cart.item_id = item;
    cart.price_cents = price;
    cart.page = "/product/" + std::to_string(item);
    Emit(cart);
    if (quantity_stepper_ && form_rng_.Chance(0.3)) QuantityStepper();
    if (!rng_.Chance(0.72)) return;
    Wait(40 * kSecond, 0.9);
    DemoEvent checkout = Base("checkout_start");
    checkout.page = "/checkout";
    Emit(checkout);
    Checkout(item, price);
  }

  void Checkout(int64_t item, int64_t price) {
    const std::string page = "/checkout";
    Wait(8 * kSecond, 0.5);
    Click("#address-form", page, 420, 310);
    if (checkout_form_ && !CheckoutForm()) return;  // left the form
    bool bug_hit = false;
    if (rng_.Chance(0.35)) {  // tries a coupon
      Wait(12 * kSecond, 0.5);
      const int x = 612, y = 488;
      if (profile_.device[0] == 'a' && !coupon_fixed_) {
        // The planted defect: the button does nothing, so people hammer it.
        bug_hit = true;
        ++truth_->rage_users;
        const int clicks = static_cast<int>(rng_.Between(4, 6));
        for (int c = 0; c < clicks; ++c) {
          if (c > 0) now_ += rng_.Between(120, 300);
          Click("#apply-coupon", page, x + static_cast<int>(rng_.Between(-6, 6)),
                y + static_cast<int>(rng_.Between(-6, 6)));
        }
      } else {
        Click("#apply-coupon", page, x, y);
        Wait(400, 0.3);
        DemoEvent applied = Base("coupon_applied");
        applied.page = page;
        Emit(applied);
      }
    }
    if (rng_.Chance(0.2)) {  // the noise signal: harmless tooltip clicks
      Wait(5 * kSecond, 0.5);
      Click("#help-tooltip", page, 880, 140);
      Wait(300, 0.3);
      DemoEvent shown = Base("tooltip_shown");
      shown.page = page;
      Emit(shown);
    }
    const double go_on = bug_hit ? DemoStoreTruth::kBugContinueRate : DemoStoreTruth::kNormalContinueRate;
    if (!rng_.Chance(go_on)) return;
    if (checkout_form_ && Emit(FormEvent("form_submit", "")) && !form_submitted_) {
      form_submitted_ = true;
      ++truth_->form_submits;
    }
    Wait(45 * kSecond, 0.6);
    Click("#pay-now", page, 600, 720);
    DemoEvent pay = Base("payment_submitted");
    pay.page = "/checkout/payment";
    pay.price_cents = price;
    Emit(pay);
    if (rng_.Chance(0.08)) {  // declined; most retry once
      Wait(3 * kSecond, 0.4);
      DemoEvent declined = Base("payment_declined");
      declined.page = pay.page;
      declined.error = "card_declined";
      Emit(declined);
      if (!rng_.Chance(0.6)) return;
      Wait(50 * kSecond, 0.5);
      pay.time_ms = now_;
      Emit(pay);
    }
    Wait(4 * kSecond, 0.4);
    Order(item, price, false);
  }

  DemoEvent FormEvent(const char* name, const char* field) {
    DemoEvent e = Base(name);
    e.page = "/checkout";
    e.form = DemoStoreTruth::kFieldForm;
    e.field = field;
    return e;
  }

  // The checkout form, field by field; false when the person leaves it.
  bool CheckoutForm() {
    static const char* kFields[] = {"#email", "#name", "#address", "#postcode", "#phone"};
    static const double kLeave[] = {0.03, 0.01, 0.02, 0.01, 0.02};  // leaving at each field
    // The truth counts persons, as the forms section does.
    if (Emit(FormEvent("form_start", "")) && !form_started_) {
      form_started_ = true;
      ++truth_->form_starts;
    }
    for (int i = 0; i < 5; ++i) {
      const char* field = kFields[i];
      now_ += form_rng_.Duration(1500, 0.5);
      Emit(FormEvent("field_focus", field));
      now_ += form_rng_.Duration(6 * kSecond, 0.6);
      Emit(FormEvent("field_change", field));
      const bool broken = i == 3 && profile_.device[0] == 'i';
      if (broken) {
        if (now_ < end_ms_ && !field_bug_hit_) {
          field_bug_hit_ = true;
          ++truth_->field_bug_users;
        }
        now_ += form_rng_.Between(200, 600);
        Emit(FormEvent("field_error", field));
        // Blur, look elsewhere, come back and type it again, 1 to 3 times.
        const int refills = static_cast<int>(form_rng_.Between(1, 3));
        for (int r = 0; r < refills; ++r) {
          now_ += form_rng_.Between(300, 900);
          Emit(FormEvent("field_blur", field));
          now_ += form_rng_.Duration(2 * kSecond, 0.5);
          Emit(FormEvent("field_focus", kFields[2]));
          now_ += form_rng_.Duration(1500, 0.5);
          Emit(FormEvent("field_focus", field));
          now_ += form_rng_.Duration(5 * kSecond, 0.5);
          Emit(FormEvent("field_change", field));
          now_ += form_rng_.Between(200, 600);
          Emit(FormEvent("field_error", field));
        }
        // Most give up here; those who find a way through go on like everyone else, so
        // that kFieldBugContinueRate of them reach payment in all.
        if (!form_rng_.Chance(DemoStoreTruth::kFieldBugContinueRate / DemoStoreTruth::kNormalContinueRate)) {
          return false;
        }
      }
      now_ += form_rng_.Between(100, 400);
      Emit(FormEvent("field_blur", field));
      if (form_rng_.Chance(kLeave[i])) return false;
    }
    return true;
  }

  // Quick "+" clicks on the cart's quantity stepper, each answered by a cart update.
  void QuantityStepper() {
    ++truth_->stepper_bursts;
    const int clicks = static_cast<int>(form_rng_.Between(2, 4));
    for (int c = 0; c < clicks; ++c) {
      now_ += form_rng_.Between(150, 300);
      Click("#qty-plus", "/cart", 540, 260);
      now_ += form_rng_.Between(60, 140);
      DemoEvent updated = Base("cart_updated");
      updated.page = "/cart";
      Emit(updated);
    }
  }

  void Order(int64_t item, int64_t price, bool one_click) {
    if (one_click) {
      DemoEvent buy = Base("one_click_buy");
      buy.item_id = item;
      buy.price_cents = price;
      buy.page = "/product/" + std::to_string(item);
      Emit(buy);
      Wait(2 * kSecond, 0.3);
    }
    ordered_ = true;
    const int64_t order_id = profile_.user * 10 + 1;
    const int64_t placed = now_;
    // Promised: midnight UTC, 3 to 5 days after the order day.
    const int64_t promised = (placed / kDay + rng_.Between(3, 5)) * kDay;
    DemoEvent order = Base("order_placed");
    order.item_id = item;
    order.order_id = order_id;
    order.price_cents = price;
    order.promised_at_ms = promised;
    Emit(order);

    now_ = placed + rng_.Duration(20 * kHour, 0.4);
    DemoEvent shipped = Base("shipped");
    shipped.order_id = order_id;
    Emit(shipped);

    const bool late = rng_.Chance(0.12);
    if (rng_.Chance(0.03)) {
      now_ = promised - rng_.Between(4 * kHour, 20 * kHour);
      DemoEvent failed = Base("delivery_failed");
      failed.order_id = order_id;
      Emit(failed);
    }
    now_ = late ? promised + rng_.Between(1 * kDay, 3 * kDay) : promised - rng_.Between(2 * kHour, 40 * kHour);
    if (now_ < shipped.time_ms + kHour) now_ = shipped.time_ms + kHour;
    DemoEvent delivered = Base("delivered");
    delivered.order_id = order_id;
    Emit(delivered);

    if (late && rng_.Chance(0.35)) {
      Wait(3 * kHour, 0.6);
      DemoEvent support = Base("support_contact");
      support.order_id = order_id;
      Emit(support);
    }
    if (rng_.Chance(late ? 0.10 : 0.03)) {
      Wait(kDay, 0.5);
      DemoEvent refund = Base("refund_requested");
      refund.order_id = order_id;
      Emit(refund);
    }
    if (rng_.Chance(0.5)) {
      Wait(kDay, 0.7);
      DemoEvent review = Base("review");
      review.order_id = order_id;
      static const int kScores[] = {1, 2, 3, 4, 5};
      static const double kLate[] = {0.35, 0.25, 0.2, 0.12, 0.08};
      static const double kOnTime[] = {0.03, 0.04, 0.10, 0.33, 0.50};
      review.score = late ? rng_.Pick(kScores, kLate) : rng_.Pick(kScores, kOnTime);
      Emit(review);
    }
  }

  Rng rng_;
  Rng form_rng_;  // the checkout form's and the stepper's draws, apart from rng_'s
  int64_t end_ms_;
  int64_t start_ms_ = 0;
  int days_ = 0;
  DemoStoreTruth* truth_;
  UserProfile profile_;
  int64_t now_ = 0;
  bool ordered_ = false;
  bool exposed_ = false;
  double cart_lift_ = 0.0;
  bool coupon_fixed_ = false;  // in B with DemoStoreOptions::experiment_fixes_coupon
  bool checkout_form_ = false;
  bool quantity_stepper_ = false;
  bool form_started_ = false, form_submitted_ = false, field_bug_hit_ = false;  // counted once a person
  const std::function<void(const DemoEvent&)>* sink_ = nullptr;
};

void AppendInt(int64_t value, std::string* out) {
  char buffer[24];
  int n = 0;
  const bool negative = value < 0;
  uint64_t v = negative ? static_cast<uint64_t>(-value) : static_cast<uint64_t>(value);
  do {
    buffer[n++] = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v > 0);
  if (negative) out->push_back('-');
  while (n > 0) out->push_back(buffer[--n]);
}

void AppendPrice(int64_t cents, std::string* out) {
  AppendInt(cents / 100, out);
  out->push_back('.');
  out->push_back(static_cast<char>('0' + cents % 100 / 10));
  out->push_back(static_cast<char>('0' + cents % 10));
}

}  // namespace

DemoStoreTruth GenerateDemoStore(const DemoStoreOptions& options,
                                 const std::function<void(const DemoEvent&)>& sink) {
  DemoStoreTruth truth;
  truth.users = options.users;
  for (int64_t u = 0; u < options.users; ++u) {
    UserSimulation(options, u, &truth).Run(sink);
  }
  truth.expected_lost_conversions = static_cast<double>(truth.rage_users) *
                                    (DemoStoreTruth::kNormalContinueRate - DemoStoreTruth::kBugContinueRate);
  return truth;
}

std::string DemoCsvHeader(bool with_variant, bool with_form) {
  return std::string("user_id,timestamp,event,device,country,browser,page,target,x,y,item_id,order_id,price,"
                     "promised_at,score,error") +
         (with_variant ? ",variant" : "") + (with_form ? ",form,field\n" : "\n");
}

void AppendDemoCsvRow(const DemoEvent& e, std::string* out) {
  AppendInt(e.user, out);
  out->push_back(',');
  AppendIsoUtc(e.time_ms, true, out);
  out->push_back(',');
  out->append(e.event);
  out->push_back(',');
  out->append(e.device);
  out->push_back(',');
  out->append(e.country);
  out->push_back(',');
  out->append(e.browser);
  out->push_back(',');
  out->append(e.page);
  out->push_back(',');
  out->append(e.target);
  out->push_back(',');
  if (e.x >= 0) AppendInt(e.x, out);
  out->push_back(',');
  if (e.y >= 0) AppendInt(e.y, out);
  out->push_back(',');
  if (e.item_id) AppendInt(e.item_id, out);
  out->push_back(',');
  if (e.order_id) AppendInt(e.order_id, out);
  out->push_back(',');
  if (e.price_cents) AppendPrice(e.price_cents, out);
  out->push_back(',');
  if (e.promised_at_ms) AppendIsoUtc(e.promised_at_ms, false, out);
  out->push_back(',');
  if (e.score) AppendInt(e.score, out);
  out->push_back(',');
  // Error texts may hold commas or quotes: quote them per RFC 4180.
  if (e.error[0] != '\0') {
    out->push_back('"');
    for (const char* c = e.error; *c; ++c) {
      if (*c == '"') out->push_back('"');
      out->push_back(*c);
    }
    out->push_back('"');
  }
  if (e.variant[0] != '\0') {
    out->push_back(',');
    out->append(e.variant);
  }
  if (e.form_columns) {
    out->push_back(',');
    out->append(e.form);
    out->push_back(',');
    out->append(e.field);
  }
  out->push_back('\n');
}

void AppendDemoJsonLine(const DemoEvent& e, std::string* out) {
  auto key = [out](const char* name) {
    out->append(",\"");
    out->append(name);
    out->append("\":");
  };
  auto text = [out, &key](const char* name, const char* value) {
    if (value[0] == '\0') return;
    key(name);
    out->push_back('"');
    for (const char* c = value; *c; ++c) {
      if (*c == '"' || *c == '\\') out->push_back('\\');
      out->push_back(*c);
    }
    out->push_back('"');
  };
  out->append("{\"user_id\":\"");
  AppendInt(e.user, out);
  out->append("\",\"timestamp\":\"");
  AppendIsoUtc(e.time_ms, true, out);
  out->push_back('"');
  text("event", e.event);
  text("device", e.device);
  text("country", e.country);
  text("browser", e.browser);
  text("page", e.page.c_str());
  text("target", e.target);
  if (e.x >= 0) { key("x"); AppendInt(e.x, out); }
  if (e.y >= 0) { key("y"); AppendInt(e.y, out); }
  if (e.item_id) { key("item_id"); AppendInt(e.item_id, out); }
  if (e.order_id) { key("order_id"); AppendInt(e.order_id, out); }
  if (e.price_cents) { key("price"); AppendPrice(e.price_cents, out); }
  if (e.promised_at_ms) {
    key("promised_at");
    out->push_back('"');
    AppendIsoUtc(e.promised_at_ms, false, out);
    out->push_back('"');
  }
  if (e.score) { key("score"); AppendInt(e.score, out); }
  text("error", e.error);
  text("variant", e.variant);
  text("form", e.form);
  text("field", e.field);
  out->append("}\n");
}

}  // namespace fl
