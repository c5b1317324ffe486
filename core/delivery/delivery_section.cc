#include "core/delivery/delivery_section.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "core/display_text.h"
#include "core/ingest/timestamp_parser.h"
#include "core/json/json_reader.h"
#include "core/stats/intervals.h"
#include "core/stats/proportions.h"

namespace fl {

using oj = nlohmann::ordered_json;

struct DeliveryState::Binding {
  const EventTable* table = nullptr;
  // Per event id, its roles (kPlaced | kDelivered ...): one lookup a row, not six.
  std::vector<uint8_t> role_of_event;
  int order = -1, promise = -1, score = -1, status = -1;
  std::vector<std::string> canceled_status, delivered_status;
  std::vector<std::pair<std::string, int>> by;  // property name, column (-1: absent)
};

namespace {

constexpr const char* kStateKind = "frictionlens.delivery_state/1";
constexpr int64_t kDayMs = 86'400'000;
constexpr int64_t kNone = INT64_MIN;
constexpr size_t kExamples = 5;
constexpr size_t kTopValues = 25;
constexpr int64_t kMaxCount = int64_t{1} << 53;
constexpr size_t kScanOrders = 16;  // a person's orders looked up by a scan up to this many

double Round6(double x) {
  const double r = std::round(x * 1e6) / 1e6;
  return r == 0 ? 0.0 : r;
}

int64_t DayOf(int64_t ms) { return ms >= 0 ? ms / kDayMs : -((-ms + kDayMs - 1) / kDayMs); }

enum Role : uint8_t {
  kPlaced = 1, kDelivered = 2, kFailed = 4, kReview = 8, kRefund = 16, kSupport = 32, kCanceled = 64
};

void MarkEvents(const EventTable& table, const std::vector<std::string>& names, Role role,
                std::vector<uint8_t>* role_of_event) {
  for (const std::string& name : names) {
    const uint32_t id = table.event_names.Find(name);
    if (id != Dictionary::kNotFound) (*role_of_event)[id] |= role;
  }
}

std::string_view ValueAt(const EventTable& table, int column, uint32_t row) {
  if (column < 0) return {};
  const PropertyColumn& c = table.properties[column];
  const uint32_t id = c.ids[row];
  return id == 0 ? std::string_view() : std::string_view(c.values.Value(id));  // id 0: missing
}

// One order of one person while the person's rows are read.
struct Order {
  explicit Order(std::string k) : key(std::move(k)) {}
  std::string key;
  int64_t placed = kNone, delivered = kNone, promise = kNone;
  bool bad_promise = false, failed = false, reviewed = false, scored = false, refunded = false, support = false;
  bool canceled = false;
  std::string status;  // the last status value seen on its events
  int64_t score_milli = 0;
  std::vector<std::string> by_values;
};

void AddExample(DeliveryFinding* finding, const std::string& key) {
  ++finding->orders;
  finding->examples.push_back(key);
  std::sort(finding->examples.begin(), finding->examples.end());
  finding->examples.erase(std::unique(finding->examples.begin(), finding->examples.end()), finding->examples.end());
  if (finding->examples.size() > kExamples) finding->examples.resize(kExamples);
}

std::string FindingSentence(const std::string& kind, const DeliveryFinding& f) {
  static const std::map<std::string, std::string> kWords = {
      {"delivered_before_placed", "delivered before they were placed"},
      {"delivered_without_placed", "delivered without a placed event"},
      {"promised_before_placed", "promised for a day before the one they were placed on"},
      {"promise_not_a_time", "with a promise that is not a time"},
      {"canceled_but_delivered", "canceled and delivered all the same"},
      {"delivered_status_without_time", "marked delivered without a delivered event (no delivery time)"},
  };
  auto it = kWords.find(kind);
  std::string s = absl::StrCat(DisplayCount(f.orders), f.orders == 1 ? " order " : " orders ",
                               it == kWords.end() ? kind : it->second, " (left out of the rates; e.g. ");
  for (size_t i = 0; i < f.examples.size(); ++i) absl::StrAppend(&s, i ? ", " : "", f.examples[i]);
  return s + ")";
}

oj Range(const Interval& i) { return oj::array({Round6(i.lo), Round6(i.hi)}); }

// Nearest-rank quantile of sorted (value, count) pairs.
int64_t Quantile(const std::vector<DurationCounts::Pair>& sorted, int64_t total, double q) {
  const int64_t rank = std::max<int64_t>(1, static_cast<int64_t>(std::ceil(q * static_cast<double>(total))));
  int64_t seen = 0;
  for (const auto& [ms, n] : sorted) {
    seen += n;
    if (seen >= rank) return ms;
  }
  return sorted.empty() ? 0 : sorted.back().first;
}

std::string Points(double difference) {
  char text[32];
  std::snprintf(text, sizeof(text), "%+.1f pp", 100 * difference);
  return text;
}

oj ShareComparison(const char* measure, const char* words, int64_t late_x, int64_t late_n, int64_t on_x,
                   int64_t on_n) {
  oj c;
  c["measure"] = measure;
  const double late = late_n > 0 ? static_cast<double>(late_x) / late_n : 0;
  const double on = on_n > 0 ? static_cast<double>(on_x) / on_n : 0;
  c["late"] = Round6(late);
  c["on_time"] = Round6(on);
  c["difference"] = Round6(late - on);
  const Interval ci = NewcombeDifferenceInterval(late_x, late_n, on_x, on_n);
  c["ci95"] = Range(ci);
  c["p_value"] = Round6(TwoProportionZTestP(late_x, late_n, on_x, on_n));
  c["sentence"] = absl::StrCat(DisplayPercent(late), " of late orders ", words, " against ", DisplayPercent(on),
                               " of those on time (", Points(late - on), ", 95% CI ", Points(ci.lo), " to ",
                               Points(ci.hi), ")");
  return c;
}

oj CountsToJson(const DownstreamCounts& d) {
  return oj::array({d.orders, d.reviewed, d.refunded, d.support, d.scored, d.score_sum, d.score_squares});
}

class DeliveryRun : public SectionRun {
 public:
  DeliveryRun(DeliverySettings settings, std::shared_ptr<const DeliveryState::Binding> binding, int64_t data_end_ms)
      : settings_(std::move(settings)), binding_(std::move(binding)), data_end_ms_(data_end_ms) {}
  std::unique_ptr<SectionState> NewState() const override {
    return std::make_unique<DeliveryState>(settings_, binding_, data_end_ms_);
  }
  absl::StatusOr<std::unique_ptr<SectionState>> StateFromJson(const nlohmann::json& json) const override {
    auto state = std::make_unique<DeliveryState>(settings_, nullptr, data_end_ms_);
    // A state from another process: anything the checks miss is a refusal, not a crash.
    try {
      if (absl::Status s = state->ReadJson(json); !s.ok()) return s;
    } catch (const nlohmann::json::exception& e) {
      return absl::InvalidArgumentError(absl::StrCat("delivery state: ", e.what()));
    }
    return std::unique_ptr<SectionState>(std::move(state));
  }

 private:
  DeliverySettings settings_;
  std::shared_ptr<const DeliveryState::Binding> binding_;
  int64_t data_end_ms_;
};

}  // namespace

DeliveryState::DeliveryState(const DeliverySettings& settings, std::shared_ptr<const Binding> binding,
                             int64_t data_end_ms)
    : settings_(settings), binding_(std::move(binding)), data_end_ms_(data_end_ms) {}

void DeliveryState::Add(const UserPass& user) {
  if (binding_ == nullptr) return;
  const Binding& b = *binding_;
  const EventTable& table = *b.table;
  std::vector<Order> orders;
  // Order keys -> index: a scan while a person has few orders, a hash map beyond (an
  // account with 100,000 orders must not cost 10^10 comparisons).
  absl::flat_hash_map<std::string, size_t> index;
  auto find = [&](std::string_view key) -> Order* {
    if (orders.size() <= kScanOrders) {
      for (Order& o : orders) {
        if (o.key == key) return &o;
      }
      return nullptr;
    }
    if (index.empty()) {
      for (size_t i = 0; i < orders.size(); ++i) index.emplace(orders[i].key, i);
    }
    auto it = index.find(absl::string_view(key.data(), key.size()));
    return it == index.end() ? nullptr : &orders[it->second];
  };
  // Every new order goes through here, so the map (once built) stays complete.
  auto add = [&](std::string key) -> Order* {
    orders.emplace_back(std::move(key));
    if (!index.empty()) index.emplace(orders.back().key, orders.size() - 1);
    return &orders.back();
  };
  const std::string& person = table.users.Value(user.user);
  int64_t latest_placed = -1;  // index in `orders` of the latest order placed so far
  for (uint32_t row = user.begin_row; row < user.end_row; ++row) {
    const uint32_t event = table.event.Get(row);
    const uint8_t role = b.role_of_event[event];
    const std::string_view promise = ValueAt(table, b.promise, row);
    const std::string_view status = ValueAt(table, b.status, row);
    if (role == 0 && promise.empty() && status.empty()) continue;
    const bool placed = role & kPlaced, delivered = role & kDelivered, failed = role & kFailed;
    const bool review = role & kReview, refund = role & kRefund, support = role & kSupport;
    // The order: its key on the row, else a new one (placed) or the latest placed before.
    Order* order = nullptr;
    const std::string_view key = ValueAt(table, b.order, row);
    if (!key.empty()) {
      order = find(key);
      if (order == nullptr) order = add(std::string(key));
    } else if (placed) {
      order = add(absl::StrCat(person, "#", orders.size() + 1));
    } else if (latest_placed >= 0) {
      order = &orders[latest_placed];
    } else if (delivered) {
      order = add(absl::StrCat(person, "#", orders.size() + 1));
    } else {
      continue;  // a review or a contact with no order to belong to
    }
    const int64_t t = table.time_ms[row];
    if (placed && order->placed == kNone) {
      order->placed = t;
      for (const auto& [name, column] : b.by) order->by_values.emplace_back(ValueAt(table, column, row));
      latest_placed = order - orders.data();
    }
    if (!promise.empty() && order->promise == kNone && !order->bad_promise) {
      int64_t ms = 0;
      if (ParseTimestamp(promise, TimeFormat::kAuto, &ms)) {
        order->promise = ms;
      } else {
        order->bad_promise = true;
      }
    }
    if (delivered && order->delivered == kNone) order->delivered = t;
    order->canceled |= (role & kCanceled) != 0;
    if (!status.empty()) order->status = std::string(status);
    order->failed |= failed;
    order->refunded |= refund;
    order->support |= support;
    if (review && !order->reviewed) {
      order->reviewed = true;
      const std::string score(ValueAt(table, b.score, row));
      char* end = nullptr;
      const double value = score.empty() ? 0 : std::strtod(score.c_str(), &end);
      // Stars, NPS or a percentage: a value beyond +-1000 is not a review score (and its
      // square in thousandths could overflow the sums).
      if (!score.empty() && end != nullptr && *end == '\0' && std::isfinite(value) && std::fabs(value) <= 1000) {
        order->scored = true;
        order->score_milli = std::llround(value * 1000);
      }
    }
  }
  const bool ts_rule = settings_.rule == LateRule::kTimestamp;
  for (Order& o : orders) {
    if (o.placed == kNone) {
      if (o.delivered != kNone) AddExample(&findings_["delivered_without_placed"], o.key);
      continue;
    }
    ++orders_;
    failed_attempts_ += o.failed;
    auto listed = [](const std::vector<std::string>& values, const std::string& v) {
      return !v.empty() && std::find(values.begin(), values.end(), v) != values.end();
    };
    const bool canceled = o.canceled || listed(b.canceled_status, o.status);
    if (canceled && o.delivered != kNone) {
      AddExample(&findings_["canceled_but_delivered"], o.key);
      continue;
    }
    if (canceled) {
      ++canceled_;  // it ended the journey; it did not fail a promise
      continue;
    }
    if (o.delivered == kNone && listed(b.delivered_status, o.status)) {
      AddExample(&findings_["delivered_status_without_time"], o.key);
      continue;
    }
    if (o.bad_promise) {
      AddExample(&findings_["promise_not_a_time"], o.key);
      continue;
    }
    if (o.delivered != kNone && o.delivered < o.placed) {
      AddExample(&findings_["delivered_before_placed"], o.key);
      continue;
    }
    if (o.promise == kNone) continue;  // no promise: counted as orders - with_promise
    if (DayOf(o.promise) < DayOf(o.placed)) {
      AddExample(&findings_["promised_before_placed"], o.key);
      continue;
    }
    ++with_promise_;
    bool judged = false, late = false;
    if (o.delivered != kNone) {
      ++delivered_;
      const bool late_ts = o.delivered > o.promise;
      const bool late_day = DayOf(o.delivered) > DayOf(o.promise);
      ++(late_ts ? late_ : on_time_)[0];
      ++(late_day ? late_ : on_time_)[1];
      judged = true;
      late = ts_rule ? late_ts : late_day;
      if (late) late_by_ms_.Add(o.delivered - o.promise);
      DownstreamCounts& d = downstream_[late ? 1 : 0];
      ++d.orders;
      d.reviewed += o.reviewed;
      d.refunded += o.refunded;
      d.support += o.support;
      if (o.scored) {
        ++d.scored;
        d.score_sum += o.score_milli;
        d.score_squares += o.score_milli * o.score_milli / 1000;
      }
    } else {
      const bool over_ts = data_end_ms_ > o.promise;
      const bool over_day = DayOf(data_end_ms_) > DayOf(o.promise);
      overdue_[0] += over_ts;
      overdue_[1] += over_day;
      if (!over_ts) ++awaiting_;
      judged = late = ts_rule ? over_ts : over_day;
    }
    if (!judged) continue;
    for (size_t i = 0; i < b.by.size(); ++i) {
      LateShare& share = by_[b.by[i].first][o.by_values[i].empty() ? "(none)" : o.by_values[i]];
      ++share.judged;
      share.late += late;
    }
  }
}

absl::Status DeliveryState::MergeShard(SectionState&& other_state) {
  auto& o = static_cast<DeliveryState&>(other_state);
  orders_ += o.orders_;
  canceled_ += o.canceled_;
  with_promise_ += o.with_promise_;
  delivered_ += o.delivered_;
  awaiting_ += o.awaiting_;
  failed_attempts_ += o.failed_attempts_;
  for (int r = 0; r < 2; ++r) {
    on_time_[r] += o.on_time_[r];
    late_[r] += o.late_[r];
    overdue_[r] += o.overdue_[r];
    DownstreamCounts& d = downstream_[r];
    const DownstreamCounts& e = o.downstream_[r];
    d.orders += e.orders;
    d.reviewed += e.reviewed;
    d.refunded += e.refunded;
    d.support += e.support;
    d.scored += e.scored;
    d.score_sum += e.score_sum;
    d.score_squares += e.score_squares;
  }
  late_by_ms_.Merge(o.late_by_ms_);
  for (auto& [property, values] : o.by_) {
    for (auto& [value, share] : values) {
      LateShare& mine = by_[property][value];
      mine.judged += share.judged;
      mine.late += share.late;
    }
  }
  for (auto& [kind, finding] : o.findings_) {
    DeliveryFinding& mine = findings_[kind];
    mine.orders += finding.orders;
    mine.examples.insert(mine.examples.end(), finding.examples.begin(), finding.examples.end());
    std::sort(mine.examples.begin(), mine.examples.end());
    mine.examples.erase(std::unique(mine.examples.begin(), mine.examples.end()), mine.examples.end());
    if (mine.examples.size() > kExamples) mine.examples.resize(kExamples);
  }
  o = DeliveryState(settings_, o.binding_, o.data_end_ms_);
  return absl::OkStatus();
}

nlohmann::ordered_json DeliveryState::Finalize() const {
  oj out;
  out["settings"] = DeliverySettingsToJson(settings_);
  out["orders"] = orders_;
  out["canceled"] = canceled_;
  out["with_promise"] = with_promise_;
  int64_t on_placed = 0;  // findings about placed orders: neither judged nor without a promise
  for (const auto& [kind, f] : findings_) on_placed += kind == "delivered_without_placed" ? 0 : f.orders;
  out["no_promise"] = orders_ - canceled_ - with_promise_ - on_placed;
  out["delivered"] = delivered_;
  out["awaiting"] = awaiting_;
  out["orders_with_failed_attempt"] = failed_attempts_;
  out["target"] = Round6(settings_.target);
  out["rule"] = LateRuleName(settings_.rule);
  oj rules = oj::array();
  std::string sentence;
  double rates[2] = {0, 0};
  for (int r = 0; r < 2; ++r) {
    const int64_t judged = on_time_[r] + late_[r] + overdue_[r];
    const double rate = judged > 0 ? static_cast<double>(on_time_[r]) / judged : 0;
    rates[r] = rate;
    const Interval ci = WilsonInterval(on_time_[r], judged);
    oj rule;
    rule["rule"] = LateRuleName(r == 0 ? LateRule::kTimestamp : LateRule::kCalendarDay);
    rule["judged"] = judged;
    rule["on_time"] = on_time_[r];
    rule["late"] = late_[r];
    rule["overdue"] = overdue_[r];
    // Nothing judged, nothing to rate (not 0% on time).
    rule["on_time_rate"] = judged > 0 ? oj(Round6(rate)) : oj(nullptr);
    rule["on_time_rate_ci95"] = judged > 0 ? Range(ci) : oj(nullptr);
    rule["late_per_1000"] = judged > 0 ? oj(Round6(1000 * (1 - rate))) : oj(nullptr);
    // Short of the target for sure: the whole interval lies below it.
    rule["below_target"] = judged > 0 && ci.hi < settings_.target;
    rules.push_back(rule);
    if ((r == 0) == (settings_.rule == LateRule::kTimestamp) && judged > 0) {
      sentence = absl::StrCat("On time: ", DisplayPercent(rate), " of ", DisplayCount(judged), " orders judged (95% CI ",
                              DisplayPercentRange(ci.lo, ci.hi), ") by the ", r == 0 ? "timestamp" : "calendar-day",
                              " rule");
      if (rate < settings_.target) {
        char short_by[32], allowed[32];
        std::snprintf(short_by, sizeof(short_by), "%.1f", 100 * (settings_.target - rate));
        std::snprintf(allowed, sizeof(allowed), "%g", std::round(10000 * (1 - settings_.target)) / 10);
        absl::StrAppend(&sentence, ", ", short_by, " points short of the ", DisplayPercent(settings_.target),
                        " target: ", DisplayCount(std::llround(1000 * (1 - rate))), " late per 1,000 where it allows ",
                        allowed);
      } else {
        absl::StrAppend(&sentence, ", at or above the ", DisplayPercent(settings_.target), " target");
      }
    }
  }
  if (!sentence.empty()) {
    const int other = settings_.rule == LateRule::kTimestamp ? 1 : 0;
    absl::StrAppend(&sentence, " (", other == 1 ? "calendar-day" : "timestamp", " rule: ", DisplayPercent(rates[other]),
                    ")");
  }
  out["rules"] = rules;
  out["sentence"] = sentence;

  // Lateness of the late deliveries (the settings' rule).
  const std::vector<DurationCounts::Pair> late = late_by_ms_.Sorted();
  int64_t late_total = 0;
  for (const auto& [ms, n] : late) late_total += n;
  oj lateness;
  lateness["late_delivered"] = late_total;
  lateness["median_ms"] = late_total ? oj(Quantile(late, late_total, 0.5)) : oj(nullptr);
  lateness["p90_ms"] = late_total ? oj(Quantile(late, late_total, 0.9)) : oj(nullptr);
  static constexpr int64_t kBounds[] = {1, 2, 3, 7, 14};  // days late: under 1, 1-2, 2-3, 3-7, 7-14, 14+
  int64_t buckets[6] = {0, 0, 0, 0, 0, 0};
  for (const auto& [ms, n] : late) {
    size_t i = 0;
    while (i < 5 && ms >= kBounds[i] * kDayMs) ++i;
    buckets[i] += n;
  }
  oj days = oj::array();
  static const char* kLabels[] = {"under 1 day", "1-2 days", "2-3 days", "3-7 days", "7-14 days", "14 days or more"};
  for (int i = 0; i < 6; ++i) days.push_back(oj{{"late_by", kLabels[i]}, {"orders", buckets[i]}});
  lateness["by_days"] = days;
  out["lateness"] = lateness;

  // Late share by property: the most judged values first, the rest in "(other)".
  oj by = oj::array();
  for (const auto& [property, values] : by_) {
    std::vector<std::pair<std::string, LateShare>> order(values.begin(), values.end());
    std::stable_sort(order.begin(), order.end(),
                     [](const auto& a, const auto& b) { return a.second.judged > b.second.judged; });
    const size_t shown = std::min(order.size(), kTopValues);
    if (shown < order.size()) {
      LateShare rest;
      for (size_t i = shown; i < order.size(); ++i) {
        rest.judged += order[i].second.judged;
        rest.late += order[i].second.late;
      }
      order.resize(shown);
      order.emplace_back("(other)", rest);
    }
    oj rows = oj::array();
    for (const auto& [value, share] : order) {
      rows.push_back(oj{{"value", value},
                        {"judged", share.judged},
                        {"late", share.late},
                        {"late_share", Round6(share.judged ? static_cast<double>(share.late) / share.judged : 0)},
                        {"late_share_ci95", Range(WilsonInterval(share.late, share.judged))}});
    }
    by.push_back(oj{{"property", property},
                    {"values_in_other", static_cast<int64_t>(values.size() - std::min(values.size(), kTopValues))},
                    {"values", rows}});
  }
  out["by"] = by;

  // What lateness does afterwards: late against on-time delivered orders.
  const DownstreamCounts& on = downstream_[0];
  const DownstreamCounts& lt = downstream_[1];
  oj downstream;
  downstream["on_time_orders"] = on.orders;
  downstream["late_orders"] = lt.orders;
  oj comparisons = oj::array();
  if (on.orders > 0 && lt.orders > 0) {
    if (on.scored > 1 && lt.scored > 1) {
      auto mean_var = [](const DownstreamCounts& d, double* mean, double* var) {
        const double n = static_cast<double>(d.scored);
        *mean = static_cast<double>(d.score_sum) / 1000 / n;
        const double squares = static_cast<double>(d.score_squares) / 1000;
        *var = std::max(0.0, (squares - n * *mean * *mean) / (n - 1));
      };
      double m_late = 0, v_late = 0, m_on = 0, v_on = 0;
      mean_var(lt, &m_late, &v_late);
      mean_var(on, &m_on, &v_on);
      // Welch: the difference of two means with unequal variances, normal approximation.
      const double se = std::sqrt(v_late / lt.scored + v_on / on.scored);
      const double diff = m_late - m_on;
      oj c;
      c["measure"] = "review_score";
      c["late"] = Round6(m_late);
      c["on_time"] = Round6(m_on);
      c["difference"] = Round6(diff);
      c["ci95"] = oj::array({Round6(diff - 1.959963984540054 * se), Round6(diff + 1.959963984540054 * se)});
      c["reviews"] = oj::array({lt.scored, on.scored});
      char text[160];
      std::snprintf(text, sizeof(text),
                    "Late orders' reviews score %.2f on average against %.2f on time (%+.2f, 95%% CI %+.2f to %+.2f)",
                    m_late, m_on, diff, diff - 1.959963984540054 * se, diff + 1.959963984540054 * se);
      c["sentence"] = text;
      comparisons.push_back(c);
    }
    // A measure the data never shows (no support events at all) says nothing: left out.
    if (lt.support + on.support > 0) {
      comparisons.push_back(ShareComparison("support_contact", "contact support", lt.support, lt.orders, on.support,
                                            on.orders));
    }
    if (lt.refunded + on.refunded > 0) {
      comparisons.push_back(ShareComparison("refunded", "ask for a refund", lt.refunded, lt.orders, on.refunded,
                                            on.orders));
    }
    if (lt.reviewed + on.reviewed > 0) {
      comparisons.push_back(ShareComparison("reviewed", "leave a review", lt.reviewed, lt.orders, on.reviewed,
                                            on.orders));
    }
  }
  downstream["comparisons"] = comparisons;
  out["downstream"] = downstream;

  oj findings = oj::array();
  for (const auto& [kind, f] : findings_) {
    findings.push_back(
        oj{{"kind", kind}, {"orders", f.orders}, {"examples", f.examples}, {"sentence", FindingSentence(kind, f)}});
  }
  out["findings"] = findings;
  return out;
}

nlohmann::ordered_json DeliveryState::ToJson() const {
  oj out;
  out["state"] = kStateKind;
  out["counts"] = oj::array({orders_, with_promise_, delivered_, awaiting_, failed_attempts_, on_time_[0],
                             on_time_[1], late_[0], late_[1], overdue_[0], overdue_[1], canceled_});
  oj late = oj::array();
  for (const auto& [ms, n] : late_by_ms_.Sorted()) late.push_back(oj::array({ms, n}));
  out["late_by_ms"] = late;
  out["downstream"] = oj::array({CountsToJson(downstream_[0]), CountsToJson(downstream_[1])});
  oj by = oj::array();
  for (const auto& [property, values] : by_) {
    oj rows = oj::array();
    for (const auto& [value, share] : values) rows.push_back(oj::array({value, share.judged, share.late}));
    by.push_back(oj{{"property", property}, {"values", rows}});
  }
  out["by"] = by;
  oj findings = oj::array();
  for (const auto& [kind, f] : findings_) {
    findings.push_back(oj{{"kind", kind}, {"orders", f.orders}, {"examples", f.examples}});
  }
  out["findings"] = findings;
  return out;
}

absl::Status DeliveryState::ReadJson(const nlohmann::json& json) {
  const JsonReader reader("delivery state: ");
  if (!json.is_object() || JsonReader::StringOr(json, "state") != kStateKind) {
    return reader.Error("state", absl::StrCat("expected \"", kStateKind, "\""));
  }
  if (absl::Status s = reader.CheckKeys(json, "", {"state", "counts", "late_by_ms", "downstream", "by", "findings"});
      !s.ok()) {
    return s;
  }
  auto count = [](const nlohmann::json& v, int64_t* out) {
    if (!v.is_number_integer() || v.get<int64_t>() < 0 || v.get<int64_t>() > kMaxCount) return false;
    *out = v.get<int64_t>();
    return true;
  };
  const nlohmann::json c = json.value("counts", nlohmann::json());  // (a missing key: null, refused below)
  int64_t* slots[] = {&orders_,    &with_promise_, &delivered_, &awaiting_,   &failed_attempts_, &on_time_[0],
                      &on_time_[1], &late_[0],      &late_[1],   &overdue_[0], &overdue_[1], &canceled_};
  if (!c.is_array() || c.size() != std::size(slots)) return reader.Error("counts", "expected 12 counts");
  for (size_t i = 0; i < c.size(); ++i) {
    if (!count(c[i], slots[i])) return reader.Error(JsonReader::Index("counts", i), "expected a count");
  }
  for (int r = 0; r < 2; ++r) {
    if (on_time_[r] + late_[r] != delivered_ || delivered_ > with_promise_ || with_promise_ > orders_ - canceled_ ||
        canceled_ > orders_ ||
        overdue_[r] > with_promise_ - delivered_ || awaiting_ > with_promise_ - delivered_) {
      return reader.Error("counts", "do not add up (on time + late = delivered <= with promise <= orders)");
    }
  }
  int64_t late_total = 0;
  const nlohmann::json late = json.value("late_by_ms", nlohmann::json());
  if (!late.is_array()) return reader.Error("late_by_ms", "expected an array");
  for (size_t i = 0; i < late.size(); ++i) {
    int64_t ms = 0, n = 0;
    if (!late[i].is_array() || late[i].size() != 2 || !count(late[i][0], &ms) || !count(late[i][1], &n) || n < 1 ||
        n > delivered_ - late_total) {
      return reader.Error(JsonReader::Index("late_by_ms", i), "expected [ms >= 0, orders >= 1] of at most delivered");
    }
    late_total += n;
    late_by_ms_.Add(ms, n);
  }
  const nlohmann::json down = json.value("downstream", nlohmann::json());
  if (!down.is_array() || down.size() != 2) return reader.Error("downstream", "expected [on time, late]");
  for (int g = 0; g < 2; ++g) {
    DownstreamCounts& d = downstream_[g];
    int64_t* fields[] = {&d.orders, &d.reviewed, &d.refunded, &d.support, &d.scored};
    const nlohmann::json& v = down[g];
    if (!v.is_array() || v.size() != 7) return reader.Error(JsonReader::Index("downstream", g), "expected 7 numbers");
    for (size_t i = 0; i < 5; ++i) {
      if (!count(v[i], fields[i]) || (i > 0 && *fields[i] > d.orders)) {
        return reader.Error(JsonReader::Index("downstream", g), "expected counts of at most its orders");
      }
    }
    // Integers within +-2^53 (an unsigned one beyond int64 would wrap: refused first).
    auto within = [](const nlohmann::json& x) {
      if (!x.is_number_integer()) return false;
      if (x.is_number_unsigned()) return x.get<uint64_t>() <= static_cast<uint64_t>(kMaxCount);
      return x.get<int64_t>() >= -kMaxCount && x.get<int64_t>() <= kMaxCount;
    };
    if (!within(v[5]) || !within(v[6])) {
      return reader.Error(JsonReader::Index("downstream", g), "expected score sums within 2^53");
    }
    d.score_sum = v[5].get<int64_t>();
    d.score_squares = v[6].get<int64_t>();
  }
  const nlohmann::json by = json.value("by", nlohmann::json());
  if (!by.is_array()) return reader.Error("by", "expected an array");
  for (size_t i = 0; i < by.size(); ++i) {
    const std::string path = JsonReader::Index("by", i);
    const std::string property = JsonReader::StringOr(by[i], "property");
    if (property.empty() || !by[i].contains("values") || !by[i]["values"].is_array()) {
      return reader.Error(path, "expected {\"property\", \"values\"}");
    }
    for (const nlohmann::json& row : by[i]["values"]) {
      LateShare share;
      if (!row.is_array() || row.size() != 3 || !row[0].is_string() || !count(row[1], &share.judged) ||
          !count(row[2], &share.late) || share.late > share.judged || share.judged > with_promise_) {
        return reader.Error(path, "expected [value, judged, late <= judged]");
      }
      by_[property][row[0].get<std::string>()] = share;
    }
  }
  const nlohmann::json findings = json.value("findings", nlohmann::json());
  if (!findings.is_array()) return reader.Error("findings", "expected an array");
  for (size_t i = 0; i < findings.size(); ++i) {
    const std::string kind = JsonReader::StringOr(findings[i], "kind");
    DeliveryFinding f;
    if (kind.empty() || !count(findings[i].value("orders", nlohmann::json()), &f.orders) ||
        !findings[i].contains("examples") || !findings[i]["examples"].is_array() ||
        findings[i]["examples"].size() > kExamples) {
      return reader.Error(JsonReader::Index("findings", i), "expected {\"kind\", \"orders\", \"examples\"}");
    }
    for (const nlohmann::json& e : findings[i]["examples"]) {
      if (!e.is_string()) return reader.Error(JsonReader::Index("findings", i), "expected example keys");
      f.examples.push_back(e.get<std::string>());
    }
    findings_[kind] = std::move(f);
  }
  int64_t on_placed = 0;  // findings about placed orders: neither judged nor without a promise
  for (const auto& [kind, f] : findings_) {
    if (kind != "delivered_without_placed") on_placed += f.orders;
    if (on_placed > orders_ - canceled_ - with_promise_) {
      return reader.Error("findings", "more orders than were placed");
    }
  }
  return absl::OkStatus();
}

std::vector<SpecKey> DeliverySection::spec_keys() const {
  return {SpecKey{"delivery", nlohmann::ordered_json::object(), /*echo_absent=*/false}};
}

absl::Status DeliverySection::CheckSettings(const JourneySpec& spec) const {
  return DeliverySettingsOf(spec).status();
}

absl::StatusOr<std::unique_ptr<SectionRun>> DeliverySection::Prepare(const JourneySpec& spec,
                                                                     const EventTable& table) const {
  absl::StatusOr<DeliverySettings> settings = DeliverySettingsOf(spec);
  if (!settings.ok()) return settings.status();
  auto binding = std::make_shared<DeliveryState::Binding>();
  binding->table = &table;
  binding->role_of_event.assign(table.event_names.size(), 0);
  MarkEvents(table, settings->placed, kPlaced, &binding->role_of_event);
  MarkEvents(table, settings->delivered, kDelivered, &binding->role_of_event);
  MarkEvents(table, settings->failed, kFailed, &binding->role_of_event);
  MarkEvents(table, settings->review, kReview, &binding->role_of_event);
  MarkEvents(table, settings->refund, kRefund, &binding->role_of_event);
  MarkEvents(table, settings->support, kSupport, &binding->role_of_event);
  MarkEvents(table, settings->canceled, kCanceled, &binding->role_of_event);
  binding->status = table.FindProperty(settings->status);
  binding->canceled_status = settings->canceled_status;
  binding->delivered_status = settings->delivered_status;
  binding->order = table.FindProperty(settings->order);
  binding->promise = table.FindProperty(settings->promise);
  binding->score = table.FindProperty(settings->score);
  for (const std::string& name : settings->by) binding->by.emplace_back(name, table.FindProperty(name));
  return std::unique_ptr<SectionRun>(
      std::make_unique<DeliveryRun>(*std::move(settings), std::move(binding), table.last_time_ms));
}

}  // namespace fl
