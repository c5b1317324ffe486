// End-to-end micro-benchmarks: the demo store's bytes (generated in memory once, no
// file I/O) through ingest alone and through the whole Analyzer (ingest, funnel,
// friction, report), for CSV and JSON Lines. bytes_per_second is the input rate,
// items_per_second the event rate. Figures go to bench/RESULTS.md with the command:
//   build/native/bench/e2e_bench --benchmark_min_time=2
// The journey is bench/funnel_5step.json (the one bench/compare uses), inlined here.

#include <cstdint>
#include <string>
#include <string_view>

#include "benchmark/benchmark.h"
#include "core/analyzer.h"
#include "core/demo/demo_store.h"
#include "core/ingest/event_table_builder.h"

namespace fl {
namespace {

constexpr const char kFunnel5Step[] = R"json({
  "name": "Bench: view, cart, checkout, payment, order (1h)",
  "window": "1h",
  "order": "ordered",
  "unit": "users",
  "steps": [
    {"name": "Product view", "event": "product_view"},
    {"name": "Add to cart", "event": "add_to_cart"},
    {"name": "Checkout", "event": "checkout_start"},
    {"name": "Payment", "event": "payment_submitted"},
    {"name": "Order placed", "event": "order_placed"}
  ]
})json";

constexpr size_t kChunkBytes = 8 << 20;  // what the CLI feeds at a time

struct Input {
  std::string bytes;
  int64_t events = 0;
};

// The demo store for `users` users, as the CLI's `generate` writes it.
const Input& DemoInput(int64_t users, bool jsonl) {
  static Input cache[2];
  static int64_t cached_users[2] = {-1, -1};
  Input& input = cache[jsonl];
  if (cached_users[jsonl] != users) {
    input = Input();
    DemoStoreOptions options;
    options.users = users;
    if (!jsonl) input.bytes = DemoCsvHeader();
    GenerateDemoStore(options, [&](const DemoEvent& event) {
      if (jsonl) AppendDemoJsonLine(event, &input.bytes); else AppendDemoCsvRow(event, &input.bytes);
      ++input.events;
    });
    cached_users[jsonl] = users;
  }
  return input;
}

template <typename Sink>
absl::Status FeedChunks(std::string_view bytes, Sink* sink) {
  for (size_t at = 0; at < bytes.size(); at += kChunkBytes) {
    if (absl::Status s = sink->Feed(bytes.substr(at, kChunkBytes)); !s.ok()) return s;
  }
  return absl::OkStatus();
}

void SetRates(benchmark::State& state, const Input& input) {
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(input.bytes.size()));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) * input.events);
}

void BM_Ingest(benchmark::State& state, bool jsonl) {
  const Input& input = DemoInput(state.range(0), jsonl);
  for (auto _ : state) {
    EventTableBuilder builder{IngestOptions()};
    absl::Status s = builder.BeginFile(jsonl ? "bench.jsonl" : "bench.csv");
    if (s.ok()) s = FeedChunks(input.bytes, &builder);
    if (s.ok()) s = builder.EndFile();
    absl::StatusOr<EventTable> table = s.ok() ? builder.Finish() : absl::StatusOr<EventTable>(s);
    if (!table.ok()) {
      state.SkipWithError(std::string(table.status().message()).c_str());
      return;
    }
    benchmark::DoNotOptimize(*table);
  }
  SetRates(state, input);
}

void BM_Analyze(benchmark::State& state, bool jsonl) {
  const Input& input = DemoInput(state.range(0), jsonl);
  for (auto _ : state) {
    AnalyzerOptions options;
    options.journey = kFunnel5Step;
    absl::StatusOr<std::unique_ptr<Analyzer>> analyzer = Analyzer::Create(options);
    absl::Status s = analyzer.ok() ? (*analyzer)->BeginFile(jsonl ? "bench.jsonl" : "bench.csv") : analyzer.status();
    if (s.ok()) s = FeedChunks(input.bytes, analyzer->get());
    if (s.ok()) s = (*analyzer)->EndFile();
    absl::StatusOr<Analysis> analysis = s.ok() ? (*analyzer)->Finish() : absl::StatusOr<Analysis>(s);
    if (!analysis.ok()) {
      state.SkipWithError(std::string(analysis.status().message()).c_str());
      return;
    }
    benchmark::DoNotOptimize(analysis->report);
  }
  SetRates(state, input);
}

BENCHMARK_CAPTURE(BM_Ingest, csv, false)->Arg(20000)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Ingest, jsonl, true)->Arg(20000)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Analyze, csv, false)->Arg(20000)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Analyze, jsonl, true)->Arg(20000)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace fl
