#include "core/friction/signals.h"

namespace fl {

namespace {
struct SignalNames {
  const char* name;
  const char* label;
};
constexpr SignalNames kNames[kSignalKindCount] = {
    {"rage_click", "rage clicks"},         {"dead_click", "dead clicks"},
    {"error_click", "error clicks"},       {"error", "errors"},
    {"backtrack", "going back a step"},    {"repeat_step", "repeating a step"},
    {"quick_back", "quick backs"},         {"slow_step", "slow progress"},
    {"late_delivery", "late deliveries"},  {"failed_delivery", "failed deliveries"},
    {"refund_return", "refunds or returns"}, {"support_contact", "support contacts"},
    {"low_review", "low reviews"},
};
}  // namespace

const char* SignalName(SignalKind kind) { return kNames[static_cast<int>(kind)].name; }
const char* SignalLabel(SignalKind kind) { return kNames[static_cast<int>(kind)].label; }

bool SignalFromName(std::string_view name, SignalKind* kind) {
  for (int i = 0; i < kSignalKindCount; ++i) {
    if (name == kNames[i].name) {
      *kind = static_cast<SignalKind>(i);
      return true;
    }
  }
  return false;
}

}  // namespace fl
