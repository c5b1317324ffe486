#include "core/friction/after_order_detectors.h"

#include <cmath>
#include <limits>

#include "absl/container/flat_hash_set.h"

namespace fl {

namespace {

// The delivery that answers the promise made at `row`, or UINT32_MAX.
uint32_t FindDelivery(const FrictionContext& ctx, uint32_t row, uint32_t begin, uint32_t end) {
  const EventTable& t = *ctx.table;
  const uint32_t order_id = ctx.ValueId(ctx.order_id_column, row);
  if (order_id != 0) {
    for (uint32_t r = begin; r < end; ++r) {
      if (ctx.Has(r, kFlagDelivered) && ctx.ValueId(ctx.order_id_column, r) == order_id) return r;
    }
    return UINT32_MAX;
  }
  for (uint32_t r = row + 1; r < end; ++r) {
    if (t.time_ms[r] >= t.time_ms[row] && ctx.Has(r, kFlagDelivered)) return r;
  }
  return UINT32_MAX;
}

}  // namespace

void DetectAfterOrder(const FrictionContext& ctx, uint32_t begin, uint32_t end,
                      std::vector<SignalHit>* hits) {
  const AfterOrderSettings& after = ctx.settings->after_order;
  if (!after.enabled) return;
  const EventTable& t = *ctx.table;
  absl::flat_hash_set<uint32_t> late_deliveries;
  for (uint32_t row = begin; row < end; ++row) {
    const int64_t time = t.time_ms[row];
    if (ctx.promised_column >= 0) {
      const int64_t promised = ctx.promised_ms[ctx.ValueId(ctx.promised_column, row)];
      if (promised != std::numeric_limits<int64_t>::min()) {
        const uint32_t delivery = FindDelivery(ctx, row, begin, end);
        if (delivery != UINT32_MAX && t.time_ms[delivery] > promised + after.late_grace_ms &&
            late_deliveries.insert(delivery).second) {
          hits->push_back({SignalKind::kLateDelivery, t.time_ms[delivery], delivery, ""});
        }
      }
    }
    if (ctx.Has(row, kFlagFailedDelivery)) {
      hits->push_back({SignalKind::kFailedDelivery, time, row, ""});
    }
    if (ctx.Has(row, kFlagRefund)) {
      hits->push_back({SignalKind::kRefundReturn, time, row, t.event_names.Value(t.event[row])});
    }
    if (ctx.Has(row, kFlagSupport)) {
      hits->push_back({SignalKind::kSupportContact, time, row, ""});
    }
    if (ctx.Has(row, kFlagReview) && ctx.score_column >= 0) {
      const double score = ctx.score_number[ctx.ValueId(ctx.score_column, row)];
      if (!std::isnan(score) && score <= after.low_score) {
        hits->push_back({SignalKind::kLowReview, time, row, ""});
      }
    }
  }
}

}  // namespace fl
