#ifndef FRICTIONLENS_CORE_DELIVERY_DELIVERY_SETTINGS_H_
#define FRICTIONLENS_CORE_DELIVERY_DELIVERY_SETTINGS_H_

// The spec's "delivery" settings: which events place and deliver an order, where the
// promise is, the on-time target, and what happens after delivery. The defaults fit the
// demo store and exports that name things the usual way:
//   order      property keying an order ("order_id"); events without it belong to the
//              person's latest order placed before them
//   placed     ["order_placed"]      the order's start; its promise is read from the
//   promise    "promised_at"         first event of the order that has one (a time)
//   delivered  ["delivered"]
//   failed     ["delivery_failed"]   failed delivery attempts
//   review     ["review"] with the   a review and its score (a number)
//   score      "score" property
//   refund     ["refund_requested", "return_requested"]
//   support    ["support_contact"]
//   target     0.999                 the on-time rate aimed at ("never settle for 99%")
//   rule       "timestamp"           the rule that decides late for the breakdown and the
//                                    downstream comparison: delivered after the promised
//                                    instant (timestamp) or on a later calendar day (UTC)
//                                    than the promised one (calendar_day); both rates are
//                                    always reported
//   by         []                    properties to break the late share down by (the
//                                    journey's breakdown property is always added)
//   canceled   ["order_canceled", "order_cancelled"]   events that cancel an order
//   status     "order_status"        property holding the order's status (its last
//                                    value counts): canceled_status values cancel the
//   canceled_status  ["canceled", "cancelled", "unavailable"]   order, delivered_status
//   delivered_status ["delivered"]   values claim a delivery (a finding without one)
// A canceled order is counted apart, never judged late: it did not fail a promise, it
// ended the journey (a finding when it was delivered all the same).
//   {"delivery": {"promise": "order_estimated_delivery_date", "rule": "calendar_day",
//                 "by": ["customer_state"]}}

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "core/journey/journey_spec.h"
#include "nlohmann/json.hpp"

namespace fl {

enum class LateRule { kTimestamp, kCalendarDay };

struct DeliverySettings {
  std::string order = "order_id";
  std::vector<std::string> placed = {"order_placed"};
  std::vector<std::string> delivered = {"delivered"};
  std::string promise = "promised_at";
  std::vector<std::string> failed = {"delivery_failed"};
  std::vector<std::string> review = {"review"};
  std::string score = "score";
  std::vector<std::string> refund = {"refund_requested", "return_requested"};
  std::vector<std::string> support = {"support_contact"};
  double target = 0.999;
  LateRule rule = LateRule::kTimestamp;
  std::vector<std::string> by;
  std::vector<std::string> canceled = {"order_canceled", "order_cancelled"};
  std::string status = "order_status";
  std::vector<std::string> canceled_status = {"canceled", "cancelled", "unavailable"};
  std::vector<std::string> delivered_status = {"delivered"};
};

absl::StatusOr<DeliverySettings> DeliverySettingsOf(const JourneySpec& spec);
nlohmann::ordered_json DeliverySettingsToJson(const DeliverySettings& settings);
const char* LateRuleName(LateRule rule);

}  // namespace fl

#endif  // FRICTIONLENS_CORE_DELIVERY_DELIVERY_SETTINGS_H_
