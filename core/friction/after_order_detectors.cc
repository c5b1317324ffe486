#include "core/friction/after_order_detectors.h"

#include <cmath>
#include <limits>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"

namespace fl {

namespace {

// The delivery that answers a promise: for a promise with an order id, the unit's first
// delivered row with that id; without one, the first delivered row after the promise's.
// Both are found in one pass over the unit (a scan per promise cost n^2 on a person with
// 100,000 orders: 13 s for 200,000 events).
class DeliveryFinder {
 public:
  DeliveryFinder(const FrictionContext& ctx, uint32_t begin, uint32_t end) : ctx_(ctx), begin_(begin), end_(end) {}

  uint32_t For(uint32_t row) {
    const uint32_t order_id = ctx_.ValueId(ctx_.order_id_column, row);
    if (order_id != 0) {
      if (!by_order_built_) {
        for (uint32_t r = begin_; r < end_; ++r) {
          const uint32_t id = ctx_.ValueId(ctx_.order_id_column, r);
          if (id != 0 && ctx_.Has(r, kFlagDelivered)) by_order_.emplace(id, r);  // keeps the first
        }
        by_order_built_ = true;
      }
      auto it = by_order_.find(order_id);
      return it == by_order_.end() ? UINT32_MAX : it->second;
    }
    if (next_.empty()) {
      // Rows of a unit are in time order (the table is sorted by user, then time), so the
      // first delivered row after `row` is also the first at or after its time.
      next_.resize(end_ - begin_);
      uint32_t next = UINT32_MAX;
      for (uint32_t r = end_; r-- > begin_;) {
        next_[r - begin_] = next;
        if (ctx_.Has(r, kFlagDelivered)) next = r;
      }
    }
    return next_[row - begin_];
  }

 private:
  const FrictionContext& ctx_;
  const uint32_t begin_, end_;
  bool by_order_built_ = false;
  absl::flat_hash_map<uint32_t, uint32_t> by_order_;  // order value id -> first delivered row
  std::vector<uint32_t> next_;                        // per row: the next delivered row
};

}  // namespace

void DetectAfterOrder(const FrictionContext& ctx, uint32_t begin, uint32_t end,
                      std::vector<SignalHit>* hits) {
  const AfterOrderSettings& after = ctx.settings->after_order;
  if (!after.enabled) return;
  const EventTable& t = *ctx.table;
  absl::flat_hash_set<uint32_t> late_deliveries;
  DeliveryFinder deliveries(ctx, begin, end);
  for (uint32_t row = begin; row < end; ++row) {
    const int64_t time = t.time_ms[row];
    if (ctx.promised_column >= 0) {
      const int64_t promised = ctx.promised_ms[ctx.ValueId(ctx.promised_column, row)];
      if (promised != std::numeric_limits<int64_t>::min()) {
        const uint32_t delivery = deliveries.For(row);
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
