#ifndef FRICTIONLENS_CORE_FRICTION_ERROR_DETECTOR_H_
#define FRICTIONLENS_CORE_FRICTION_ERROR_DETECTOR_H_

// Errors and error clicks in one unit's rows [begin, end).
//
// An error is an event whose name matches one of error.events (glob: `*_error`
// matches `js_error`), or any event with a status property >= min_status (500).
// Its target is the event name, or "<event> <status>" for status errors
// ("api_call 503"), so that different errors stay apart.
// An error click is the last click at most click_window (1 s) before an error (Datadog's
// "a click right before a script error"); its target is the clicked element, which
// lets it merge with rage clicks on the same button. One click counts once.
//   click #pay at 0, payment_declined at 800 -> error "payment_declined" and
//   error click "#pay"; with the error at 1001 -> the error only.

#include <cstdint>
#include <vector>

#include "core/friction/friction_context.h"
#include "core/friction/signals.h"

namespace fl {

void DetectErrors(const FrictionContext& ctx, uint32_t begin, uint32_t end,
                  std::vector<SignalHit>* hits);

}  // namespace fl

#endif  // FRICTIONLENS_CORE_FRICTION_ERROR_DETECTOR_H_
