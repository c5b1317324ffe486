// Funnel evaluation throughput (events/s) on a synthetic store log: 5 steps over 8 event
// names, ~20 events per user, 1-hour window. The table is built once, outside timing.
// Run: build/<dir>/bench/funnel_bench --benchmark_min_time=1

#include <cstdint>
#include <string>

#include "benchmark/benchmark.h"
#include "core/event_table.h"
#include "core/funnel/funnel_analysis.h"
#include "core/journey/journey_spec.h"
#include "core/report/section_results.h"

namespace fl {
namespace {

EventTable SyntheticTable(uint32_t users, uint32_t events_per_user) {
  EventTable table;
  const char* names[] = {"product_view", "add_to_cart", "checkout_start", "payment_submitted",
                         "order_placed", "search", "scroll", "one_click_buy"};
  for (const char* name : names) table.event_names.Intern(name);
  PropertyColumn device;
  device.name = "device";
  device.values.Intern("");
  for (const char* d : {"ios", "android", "web"}) device.values.Intern(d);
  uint64_t x = 88172645463325252ull;
  uint32_t session = 0;
  for (uint32_t u = 0; u < users; ++u) {
    table.user_first_session.push_back(session);
    const uint32_t first_session = session;
    table.users.Intern("u" + std::to_string(u));
    table.user_begin.push_back(static_cast<uint32_t>(table.size()));
    int64_t t = 1700000000000 + int64_t{u} * 1000;
    for (uint32_t i = 0; i < events_per_user; ++i) {
      x ^= x << 13, x ^= x >> 7, x ^= x << 17;
      const int64_t gap = static_cast<int64_t>(x % 600000);
      if (gap > 590000) ++session;
      t += gap;
      table.time_ms.push_back(t);
      // Views and noise dominate; deeper steps get rarer.
      const uint32_t r = (x >> 20) % 100;
      table.event.push_back(r < 40 ? 0 : r < 55 ? 5 : r < 75 ? 6 : r < 85 ? 1 : r < 90 ? 2 : r < 94 ? 3 : r < 98 ? 4 : 7);
      table.session.push_back(session - first_session);
      device.ids.push_back(1 + (u % 3));
    }
    ++session;
  }
  table.user_begin.push_back(static_cast<uint32_t>(table.size()));
  table.user_first_session.push_back(session);
  table.session_count = session;
  table.properties.push_back(std::move(device));
  table.first_time_ms = table.time_ms.front();
  table.last_time_ms = table.time_ms.back();
  return table;
}

const char kJourney[] = R"({"window": "1h", "breakdown": "device", "steps": [
  {"name": "View", "event": "product_view"},
  {"name": "Cart", "event": ["add_to_cart", "one_click_buy"]},
  {"name": "Checkout", "event": "checkout_start", "optional": true},
  {"name": "Payment", "event": "payment_submitted", "optional": true},
  {"name": "Order", "event": "order_placed"}]})";

void RunFunnel(benchmark::State& state, const char* journey_json) {
  const EventTable table = SyntheticTable(static_cast<uint32_t>(state.range(0)), 20);
  const JourneySpec spec = *ParseJourneySpec(journey_json);
  for (auto _ : state) {
    absl::StatusOr<FunnelResult> result = AnalyzeFunnel(spec, table);
    benchmark::DoNotOptimize(result);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(table.size()));
  state.counters["events"] = static_cast<double>(table.size());
}

void BM_FunnelOrdered(benchmark::State& state) { RunFunnel(state, kJourney); }
BENCHMARK(BM_FunnelOrdered)->Arg(1000)->Arg(50000)->Unit(benchmark::kMillisecond);

void BM_FunnelStrictAttempts(benchmark::State& state) {
  RunFunnel(state, R"({"window": "1h", "order": "strict", "unit": "attempts", "steps": [
    {"name": "View", "event": "product_view"}, {"name": "Cart", "event": "add_to_cart"},
    {"name": "Order", "event": "order_placed"}]})");
}
BENCHMARK(BM_FunnelStrictAttempts)->Arg(50000)->Unit(benchmark::kMillisecond);

void BM_FunnelAnyOrder(benchmark::State& state) {
  RunFunnel(state, R"({"window": "1h", "order": "any", "steps": [
    {"name": "View", "event": "product_view"}, {"name": "Cart", "event": "add_to_cart"},
    {"name": "Order", "event": "order_placed"}]})");
}
BENCHMARK(BM_FunnelAnyOrder)->Arg(50000)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace fl
