#ifndef FRICTIONLENS_CORE_DELIVERY_DELIVERY_SECTION_H_
#define FRICTIONLENS_CORE_DELIVERY_DELIVERY_SECTION_H_

// The report's `delivery` section: did orders arrive when promised, how late were the
// others, for whom, and what lateness does afterwards. "99% on time" is not the goal:
// the rate is measured against a target (99.9% by default) with its interval.
//
// An order (core/delivery/delivery_settings.h for the event names) starts at its placed
// event; its promise is the first promise value on its events (a time: "2024-03-05" is
// midnight UTC). Each order with a promise is then, at the data's end:
//   delivered on time / late   by the timestamp rule (delivered after the promised
//                              instant) and by the calendar-day rule (delivered on a
//                              later UTC day than the promised one): a promise given as
//                              a date is late from 00:01 under the first, not the second
//   overdue                    not delivered and the promise has passed: late under
//                              both rules (the calendar rule once the promised day ended)
//   awaiting                   not delivered and the promise is still ahead: not judged
// The on-time rate of a rule is on time / (delivered + overdue), with a Wilson interval;
// orders without a promise are counted apart.
//   3 delivered orders promised for 2024-03-05: at 03-04 18:00, 03-05 09:00, 03-06 10:00;
//   one not delivered at the data's end 03-09: timestamp rule 1 on time of 4 (25%),
//   calendar-day rule 2 of 4 (50%).
// The rule in the settings (timestamp by default) decides late for the rest:
//   lateness    how long after the promise late deliveries came (median, p90, by day)
//   by          the late share per value of each `by` property, with intervals
//   downstream  late against on-time delivered orders: the review score (mean, Welch
//               interval), the shares reviewed, refunded and with a support contact
//               (Newcombe intervals) - events keyed to the order, or the person's latest
//               order before them
// A canceled order (a cancel event, or a canceled status) is counted apart, not judged.
// Impossible orders are data-quality findings with counts and examples, never dropped:
// delivered before placed, delivered without a placed event, promised before placed,
// a promise that is not a time, canceled but delivered, and a delivered status without
// a delivered event.

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "core/delivery/delivery_settings.h"
#include "core/sections/section.h"
#include "core/stats/duration_counts.h"

namespace fl {

// Orders of one kind after delivery: what the downstream comparison reads.
struct DownstreamCounts {
  int64_t orders = 0, reviewed = 0, refunded = 0, support = 0;
  int64_t score_sum = 0, score_squares = 0;  // over reviewed orders with a numeric score, x1000
  int64_t scored = 0;
};

// Late share of one value of a `by` property.
struct LateShare {
  int64_t judged = 0, late = 0;
};

// A finding: how many orders, and the first few by order key (sorted, so merges agree).
struct DeliveryFinding {
  int64_t orders = 0;
  std::vector<std::string> examples;
};

class DeliveryState : public SectionState {
 public:
  struct Binding;  // event ids and property columns of one table (delivery_section.cc)
  DeliveryState(const DeliverySettings& settings, std::shared_ptr<const Binding> binding, int64_t data_end_ms);

  void Add(const UserPass& user) override;
  absl::Status MergeShard(SectionState&& other) override;
  nlohmann::ordered_json Finalize() const override;
  nlohmann::ordered_json ToJson() const override;
  absl::Status ReadJson(const nlohmann::json& json);

 private:
  DeliverySettings settings_;
  std::shared_ptr<const Binding> binding_;  // null for a state read from JSON
  int64_t data_end_ms_;

  int64_t orders_ = 0, canceled_ = 0, with_promise_ = 0, delivered_ = 0, awaiting_ = 0, failed_attempts_ = 0;
  // [rule]: 0 timestamp, 1 calendar day
  int64_t on_time_[2] = {0, 0}, late_[2] = {0, 0}, overdue_[2] = {0, 0};
  DurationCounts late_by_ms_;            // delivered late under the settings' rule: delivered - promise
  DownstreamCounts downstream_[2];       // [0] on time, [1] late (settings' rule), delivered orders
  std::map<std::string, std::map<std::string, LateShare>> by_;  // property -> value -> share
  std::map<std::string, DeliveryFinding> findings_;             // kind -> finding
};

class DeliverySection : public Section {
 public:
  static constexpr const char* kName = "delivery";
  using State = DeliveryState;
  const char* name() const override { return kName; }
  std::vector<SpecKey> spec_keys() const override;
  absl::Status CheckSettings(const JourneySpec& spec) const override;
  PassNeeds needs(const JourneySpec&) const override { return PassNeeds{/*units=*/false, /*as_user=*/false}; }
  absl::StatusOr<std::unique_ptr<SectionRun>> Prepare(const JourneySpec& spec,
                                                      const EventTable& table) const override;
};

}  // namespace fl

#endif  // FRICTIONLENS_CORE_DELIVERY_DELIVERY_SECTION_H_
