#ifndef FRICTIONLENS_CORE_FRICTION_AFTER_ORDER_DETECTORS_H_
#define FRICTIONLENS_CORE_FRICTION_AFTER_ORDER_DETECTORS_H_

// Friction after the order, in one unit's rows [begin, end):
//   late_delivery:   an event carrying a promised time (promised_at) and the delivery
//                    it promises: the first delivered event with the same order_id when
//                    both carry one, else the first delivered event at or after it.
//                    Late when delivered > promised + late_grace (strictly: delivered at
//                    the promised instant is on time). Attributed to the delivery.
//                    No delivery, no verdict (failed deliveries have their own signal).
//   failed_delivery: each failed delivery event.
//   refund_return:   each refund or return request (target: the event name).
//   support_contact: each support contact.
//   low_review:      each review whose score property is <= low_score (2).
// Their stage follows the time like every signal's, so after an order they land in
// "After the order".

#include <cstdint>
#include <vector>

#include "core/friction/friction_context.h"
#include "core/friction/signals.h"

namespace fl {

void DetectAfterOrder(const FrictionContext& ctx, uint32_t begin, uint32_t end,
                      std::vector<SignalHit>* hits);

}  // namespace fl

#endif  // FRICTIONLENS_CORE_FRICTION_AFTER_ORDER_DETECTORS_H_
