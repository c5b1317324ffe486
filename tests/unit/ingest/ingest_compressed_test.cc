// Compressed exports through the whole engine: a gzip or zstd copy of a demo store export
// gives the report of the plain file byte for byte, fed in any chunks or handed over
// whole (IngestFile, which reads a compressed file in one stream instead of in parts), at
// 1 and several threads; the file's schema records the compression; a cut-off copy is
// a fatal error naming the file, never a shorter report.

#include <string>
#include <vector>

#include "core/analyzer.h"
#include "core/ingest/event_table_builder.h"
#include "gtest/gtest.h"
#include "unit/ingest/compress_support.h"
#include "unit/robustness_support.h"

namespace fl {
namespace {

using testing::DemoCsv;
using testing::DemoJsonl;
using testing::Files;
using testing::Gzip;
using testing::RunAnalyzer;
using testing::Zstd;

AnalyzerOptions WithThreads(int threads) {
  AnalyzerOptions options = testing::StoreOptions();
  options.threads = threads;
  return options;
}

// The report of `files` handed over whole, through Analyzer::IngestFile.
std::string IngestWhole(const AnalyzerOptions& options, const Files& files) {
  absl::StatusOr<std::unique_ptr<Analyzer>> analyzer = Analyzer::Create(options);
  EXPECT_TRUE(analyzer.ok()) << analyzer.status();
  for (const auto& [name, bytes] : files) {
    BytesInput input(bytes);
    absl::Status s = (*analyzer)->IngestFile(name, input);
    EXPECT_TRUE(s.ok()) << s;
    if (!s.ok()) return "";
  }
  absl::StatusOr<Analysis> analysis = (*analyzer)->Finish();
  EXPECT_TRUE(analysis.ok()) << analysis.status();
  return analysis.ok() ? RenderReportJson(analysis->report) : "";
}

// A text cut in two after a newline near its middle, each half compressed on its own
// and the results concatenated: two gzip members, two zstd frames.
std::string InTwo(const std::string& text, std::string (*compress)(const std::string&)) {
  const size_t cut = text.find('\n', text.size() / 2) + 1;
  return compress(text.substr(0, cut)) + compress(text.substr(cut));
}

std::string GzipText(const std::string& text) { return Gzip(text); }
std::string ZstdText(const std::string& text) { return Zstd(text); }

TEST(IngestCompressedTest, ReportIsByteIdenticalToThePlainFile) {
  const std::string csv = DemoCsv(3000, 7);
  const std::string jsonl = DemoJsonl(800, 3);
  const std::vector<std::pair<std::string, std::string>> copies = {
      {"gzip", Gzip(csv)}, {"zstd", Zstd(csv)}, {"gzip members", InTwo(csv, GzipText)},
      {"zstd frames", InTwo(csv, ZstdText)}};
  for (int threads : {1, 3}) {
    const AnalyzerOptions options = WithThreads(threads);
    const testing::RunResult plain = RunAnalyzer(options, {{"events.csv", csv}}, 0);
    ASSERT_TRUE(plain.status.ok()) << plain.status;
    ASSERT_GT(plain.report["input"]["events"].get<int64_t>(), 20000);
    EXPECT_EQ(IngestWhole(options, {{"events.csv", csv}}), plain.json);
    for (const auto& [what, packed] : copies) {
      for (uint64_t chunk_seed : {0, 5}) {
        const testing::RunResult r = RunAnalyzer(options, {{"events.csv", packed}}, chunk_seed);
        ASSERT_TRUE(r.status.ok()) << what << ": " << r.status;
        EXPECT_TRUE(r.json == plain.json) << what << ", chunk seed " << chunk_seed << ", " << threads << " threads";
      }
      EXPECT_TRUE(IngestWhole(options, {{"events.csv", packed}}) == plain.json) << what << ", IngestFile";
    }
    // Several files, compressed and not, in one run.
    const testing::RunResult mixed_plain = RunAnalyzer(options, {{"a.csv", csv}, {"b.jsonl", jsonl}}, 0);
    ASSERT_TRUE(mixed_plain.status.ok()) << mixed_plain.status;
    const testing::RunResult mixed = RunAnalyzer(options, {{"a.csv", Zstd(csv)}, {"b.jsonl", Gzip(jsonl)}}, 11);
    ASSERT_TRUE(mixed.status.ok()) << mixed.status;
    EXPECT_TRUE(mixed.json == mixed_plain.json) << threads << " threads";
  }
}

// IngestFile would cut a plain file into parts (min_part_bytes = 1 makes it try on any
// size); a compressed file is read in one stream instead, with the same table.
TEST(IngestCompressedTest, IngestFileStreamsACompressedFileAndRecordsIt) {
  const std::string csv = DemoCsv(500, 2);
  auto ingest = [&](const std::string& bytes, int threads, std::vector<FileSchema>* schemas) {
    IngestOptions options;
    options.threads = threads;
    EventTableBuilder builder(options);
    BytesInput input(bytes);
    absl::Status s = builder.IngestFile("events.csv", input, threads, /*min_part_bytes=*/1);
    EXPECT_TRUE(s.ok()) << s;
    EXPECT_EQ(builder.bytes_fed(), static_cast<int64_t>(bytes.size()));  // progress: compressed bytes
    absl::StatusOr<EventTable> table = builder.Finish();
    EXPECT_TRUE(table.ok()) << table.status();
    *schemas = builder.schemas();
    return table.ok() ? std::vector<int64_t>(table->time_ms) : std::vector<int64_t>();
  };
  std::vector<FileSchema> plain_schema, gzip_schema, zstd_schema;
  const std::vector<int64_t> plain = ingest(csv, 4, &plain_schema);
  ASSERT_FALSE(plain.empty());
  EXPECT_EQ(ingest(Gzip(csv), 4, &gzip_schema), plain);
  EXPECT_EQ(ingest(Zstd(csv), 2, &zstd_schema), plain);
  ASSERT_EQ(gzip_schema.size(), 1u);
  EXPECT_EQ(plain_schema[0].compression, "");
  EXPECT_EQ(gzip_schema[0].compression, "gzip");
  EXPECT_EQ(zstd_schema[0].compression, "zstd");
  EXPECT_EQ(gzip_schema[0].rows, plain_schema[0].rows);
  EXPECT_EQ(gzip_schema[0].format, "csv");
  EXPECT_EQ(gzip_schema[0].columns, plain_schema[0].columns);
}

TEST(IngestCompressedTest, CutOffCopyIsAFatalErrorNamingTheFile) {
  const std::string csv = DemoCsv(300, 4);
  const std::string gz = Gzip(csv);
  const std::string cut = gz.substr(0, gz.size() / 2);
  const testing::RunResult streamed = RunAnalyzer(WithThreads(1), {{"f.csv.gz", cut}}, 3);
  EXPECT_EQ(streamed.status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(streamed.status.message(), "f.csv.gz: compressed data ends before the end of the gzip stream (byte " +
                                           std::to_string(cut.size()) + ")");
  absl::StatusOr<std::unique_ptr<Analyzer>> analyzer = Analyzer::Create(WithThreads(2));
  ASSERT_TRUE(analyzer.ok());
  std::string corrupt = Zstd(csv);
  corrupt[corrupt.size() / 3] ^= 0x40;
  BytesInput input(corrupt);
  const absl::Status s = (*analyzer)->IngestFile("f.csv.zst", input);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message().rfind("f.csv.zst: corrupt zstd data: ", 0), 0u) << s;
  EXPECT_EQ((*analyzer)->Finish().status(), s);  // sticky
}

}  // namespace
}  // namespace fl
