#ifndef FRICTIONLENS_CORE_FRICTION_SIGNALS_H_
#define FRICTIONLENS_CORE_FRICTION_SIGNALS_H_

// The friction signals the detectors emit. The enum order is the tie-break order
// everywhere (ranking, labels of merged points), so keep it stable.

#include <cstdint>
#include <string>
#include <string_view>

namespace fl {

enum class SignalKind : uint8_t {
  kRageClick,       // a burst of clicks in one place (preset thresholds), or a labelled event
  kDeadClick,       // a click with no response event within the timeout
  kErrorClick,      // the last click shortly before an error event
  kError,           // an error event (name pattern or HTTP status >= 500)
  kBacktrack,       // an event of an earlier step after a later one was reached
  kRepeatStep,      // the last reached step (or a retry event) happening again
  kQuickBack,       // A -> B -> back to A within N seconds (target B)
  kSlowStep,        // working towards a step for longer than the threshold or its p90
  kLateDelivery,    // delivered after the promised time
  kFailedDelivery,  // a failed delivery event
  kRefundReturn,    // a refund or return request
  kSupportContact,  // a support contact after the order
  kLowReview,       // a review with a low score
};
inline constexpr int kSignalKindCount = 13;

// Stable machine names used in JSON ("rage_click") and readable labels ("rage clicks").
const char* SignalName(SignalKind kind);
const char* SignalLabel(SignalKind kind);
// The kind with this machine name; false when unknown.
bool SignalFromName(std::string_view name, SignalKind* kind);

// One occurrence found by a detector in one unit's events.
struct SignalHit {
  SignalKind kind = SignalKind::kRageClick;
  int64_t time_ms = 0;  // when it happened (decides the stage)
  uint32_t row = 0;     // the table row it is attributed to (decides the session)
  std::string target;   // element, page, step or event name; empty when none applies
};

}  // namespace fl

#endif  // FRICTIONLENS_CORE_FRICTION_SIGNALS_H_
