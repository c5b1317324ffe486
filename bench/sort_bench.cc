// Ordering rows by (user, time): the counting sort, then the time and 14 id columns
// moved into that order, on the two shapes inputs come in. Events per second through SetItemsProcessed.
//   build/<dir>/bench/sort_bench --benchmark_min_time=1
//
// grouped:     rows already grouped by user, 1 user in 1,000 with two rows swapped in
//              time (what the demo store and per-user exports look like): only those
//              users' rows move, in place (GroupedByUser, TimeOrderWithinUsers).
// interleaved: a time-ordered log, users interleaved: every column is gathered whole.

#include <cstdint>
#include <vector>

#include "benchmark/benchmark.h"
#include "core/ingest/event_order.h"

namespace {

// As many id columns as a store export has (event, session and 12 properties).
constexpr int kIdColumns = 14;

struct Rows {
  std::vector<uint32_t> user;
  std::vector<int64_t> time_ms;
  std::vector<std::vector<uint32_t>> ids = std::vector<std::vector<uint32_t>>(kIdColumns);
  size_t users = 0;
};

Rows MakeRows(size_t n, bool grouped) {
  Rows rows;
  constexpr size_t kPerUser = 10;
  rows.users = n / kPerUser;
  uint64_t state = 7;
  for (size_t i = 0; i < n; ++i) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    const uint32_t u = grouped ? static_cast<uint32_t>(i / kPerUser) : static_cast<uint32_t>(i % rows.users);
    int64_t t = 1'700'000'000'000LL + static_cast<int64_t>(i) * 1000;
    if (grouped && u % 1000 == 0 && i % kPerUser == 1) t -= 5000;  // out of time order
    rows.user.push_back(u);
    rows.time_ms.push_back(t);
    for (int c = 0; c < kIdColumns; ++c) rows.ids[c].push_back(static_cast<uint32_t>((state >> (c + 8)) % 200));
  }
  return rows;
}

void BM_OrderRows(benchmark::State& state, bool grouped) {
  const Rows input = MakeRows(static_cast<size_t>(state.range(0)), grouped);
  std::vector<uint32_t> order, user_begin;
  for (auto _ : state) {
    state.PauseTiming();
    Rows rows = input;
    state.ResumeTiming();
    if (fl::GroupedByUser(rows.user, rows.users, &user_begin)) {
      const fl::LocalOrder local = fl::TimeOrderWithinUsers(rows.time_ms, user_begin);
      fl::ApplyOrderInRanges(local, &rows.time_ms);
      for (auto& column : rows.ids) fl::ApplyOrderInRanges(local, &column);
    } else {
      fl::SortByUserAndTime(rows.user, rows.users, rows.time_ms, &order, &user_begin);
      fl::ApplyOrder(order, &rows.time_ms);
      for (auto& column : rows.ids) fl::ApplyOrder(order, &column);
    }
    benchmark::DoNotOptimize(rows.time_ms.data());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) * state.range(0));
}
BENCHMARK_CAPTURE(BM_OrderRows, grouped, true)->Arg(1000000)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_OrderRows, interleaved, false)->Arg(1000000)->Unit(benchmark::kMillisecond);

}  // namespace
