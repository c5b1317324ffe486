// Ingest throughput on a generated in-memory CSV (MB/s through SetBytesProcessed).
// Not a test: figures go to bench/RESULTS.md with the command that produced them.
//   build/<dir>/bench/parse_bench --benchmark_min_time=1

#include <cstdint>
#include <string>

#include "benchmark/benchmark.h"
#include "core/ingest/event_table_builder.h"
#include "core/ingest/timestamp_parser.h"
#include "core/time_format.h"

namespace {

// Taobao-shaped rows: user,item,category,behavior,unix_seconds, users interleaved.
std::string MakeCsv(int rows, bool iso_times, bool quoted) {
  std::string csv = "user_id,item_id,category_id,behavior,timestamp\n";
  const char* behaviors[] = {"pv", "pv", "pv", "pv", "cart", "fav", "buy"};
  uint64_t state = 42;
  for (int i = 0; i < rows; ++i) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    const uint64_t r = state >> 33;
    csv += std::to_string(100000 + r % 50000);
    csv += ',';
    csv += std::to_string(r % 4000000);
    csv += ',';
    if (quoted) {
      csv += "\"cat, " + std::to_string(r % 9000) + "\"";
    } else {
      csv += std::to_string(r % 9000);
    }
    csv += ',';
    csv += behaviors[r % 7];
    csv += ',';
    const int64_t t = 1511658000 + i / 10;
    csv += iso_times ? fl::FormatIsoUtc(t * 1000) : std::to_string(t);
    csv += '\n';
  }
  return csv;
}

void RunIngest(benchmark::State& state, const std::string& csv) {
  for (auto _ : state) {
    fl::EventTableBuilder builder(fl::IngestOptions{});
    (void)builder.BeginFile("bench.csv");
    constexpr size_t kChunk = 1 << 20;  // as the CLI feeds a file
    for (size_t i = 0; i < csv.size(); i += kChunk) (void)builder.Feed(std::string_view(csv).substr(i, kChunk));
    (void)builder.EndFile();
    auto table = builder.Finish();
    if (!table.ok()) state.SkipWithError("ingest failed");
    benchmark::DoNotOptimize(table);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(csv.size()));
}

void BM_IngestCsvEpoch(benchmark::State& state) {
  static const std::string csv = MakeCsv(static_cast<int>(state.range(0)), false, false);
  RunIngest(state, csv);
}
BENCHMARK(BM_IngestCsvEpoch)->Arg(200000)->Unit(benchmark::kMillisecond);

void BM_IngestCsvIsoQuoted(benchmark::State& state) {
  static const std::string csv = MakeCsv(static_cast<int>(state.range(0)), true, true);
  RunIngest(state, csv);
}
BENCHMARK(BM_IngestCsvIsoQuoted)->Arg(200000)->Unit(benchmark::kMillisecond);

// The same file read whole by IngestFile, in parts on 1 or 2 threads (the CLI's path
// for a regular file); parts are at least 1 MiB here so that 2 threads cut it.
void BM_IngestFileThreads(benchmark::State& state) {
  static const std::string csv = MakeCsv(400000, true, false);
  const int threads = static_cast<int>(state.range(0));
  for (auto _ : state) {
    fl::IngestOptions options;
    options.threads = threads;
    fl::EventTableBuilder builder(options);
    fl::BytesInput input(csv);
    if (!builder.IngestFile("bench.csv", input, threads, /*min_part_bytes=*/1 << 20).ok()) {
      state.SkipWithError("ingest failed");
    }
    auto table = builder.Finish();
    benchmark::DoNotOptimize(table);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(csv.size()));
}
BENCHMARK(BM_IngestFileThreads)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

// The timestamp parser alone, on ISO text with zone and fraction.
void BM_ParseIsoTimestamp(benchmark::State& state) {
  const std::string text = "2017-11-26T01:00:00.123+02:00";
  int64_t ms = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(fl::ParseTimestamp(text, fl::TimeFormat::kAuto, &ms));
    benchmark::DoNotOptimize(ms);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(text.size()));
}
BENCHMARK(BM_ParseIsoTimestamp);

}  // namespace
