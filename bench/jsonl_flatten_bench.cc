// Issue 24: does simdjson's On-Demand API beat our JSON Lines flattening? One line ->
// flat (key, value) text pairs, three ways, on the same lines, checked to give the same
// pairs before anything is timed:
//   (a) ours      fl::FlattenJsonLine: the hand-written fast path for flat ASCII lines
//                 without escapes; anything else through (c) when the build has
//                 simdjson, and through (b) when (c) refuses a line;
//   (b) sax       fl::FlattenJsonLineSax: nlohmann's SAX parser alone;
//   (c) ondemand  fl::FlattenJsonLineOnDemand (core/ingest/jsonl_ondemand.h): simdjson
//                 On-Demand alone, one iterate() per line on a padded copy.
// Inputs: the demo store's JSON Lines (`frictionlens generate --format jsonl`, flat,
// 20k users), and the same events reshaped as nested Segment-like lines (properties /
// context objects, an array, escaped strings, \u escapes), same count of lines.
// bytes_per_second is the input rate (newlines included), items_per_second the line rate.
//   build/native/bench/jsonl_flatten_bench --benchmark_repetitions=3 --benchmark_report_aggregates_only=true
// Before (a) used (c), session 15 measured: flat (a) 495, (b) 105, (c) 363 MiB/s; nested
// (a) 97, (b) 106, (c) 355 MiB/s (bench/RESULTS.md).

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "benchmark/benchmark.h"
#include "core/demo/demo_store.h"
#include "core/ingest/jsonl_ondemand.h"
#include "core/ingest/jsonl_reader.h"

namespace fl {
namespace {

// ---------------------------------------------------------------------------------------
// Inputs.

constexpr int64_t kUsers = 20000;

// Lines back to back, '\n' after each.
struct Lines {
  std::string buffer;
  size_t bytes = 0;
  std::vector<std::string_view> lines;  // without the '\n'
  std::string check_error;             // the first line where the ways differ, if any
};

void Index(Lines* input) {
  input->bytes = input->buffer.size();
  for (size_t at = 0; at < input->bytes;) {
    size_t end = input->buffer.find('\n', at);
    if (end == std::string::npos) end = input->bytes;
    input->lines.emplace_back(input->buffer.data() + at, end - at);
    at = end + 1;
  }
}

std::string FlatJsonLines() {
  std::string bytes;
  DemoStoreOptions options;
  options.users = kUsers;
  GenerateDemoStore(options, [&](const DemoEvent& event) { AppendDemoJsonLine(event, &bytes); });
  return bytes;
}

bool IsNumberKey(std::string_view key) {
  return key == "x" || key == "y" || key == "item_id" || key == "order_id" || key == "price" || key == "score";
}

// A flat line's pairs reshaped as a Segment-like track call:
//   {"type":"track","event":..,"userId":..,"messageId":"m-17","timestamp":..,
//    "properties":{"page":..,"target":..,"x":..,"price":..,..},
//    "context":{"device":{"type":..},"locale":..,"userAgent":"Mozilla/5.0 (\"..\")\t..",
//               "page":{"title":"Caf\u00e9 \u2014 /cart \ud83d\uded2","path":..},
//               "library":{"name":"analytics.js","version":"4.1.0"}},
//    "tags":["device:..",{"n":17,"w":1.50},null,true],"integrations":{"All":true}}
std::string NestedLine(const FlatObject& flat, int64_t n) {
  std::string line, props, context_device, locale, agent, page;
  auto value = [&](std::string_view key) -> std::string_view {
    for (size_t i = 0; i < flat.size; ++i) {
      if (flat.keys[i] == key) return flat.values[i];
    }
    return {};
  };
  auto field = [](std::string* out, std::string_view key, std::string_view text, bool number) {
    if (out->size() > 1) out->push_back(',');
    AppendJsonString(key, out);
    out->push_back(':');
    if (number) out->append(text); else AppendJsonString(text, out);
  };
  line = "{";
  field(&line, "type", "track", false);
  field(&line, "event", value("event"), false);
  field(&line, "userId", value("user_id"), false);
  field(&line, "messageId", "m-" + std::to_string(n), false);
  field(&line, "timestamp", value("timestamp"), false);
  props = "{";
  for (size_t i = 0; i < flat.size; ++i) {
    const std::string& k = flat.keys[i];
    if (k == "event" || k == "user_id" || k == "timestamp" || k == "device" || k == "country" || k == "browser") continue;
    field(&props, k, flat.values[i], IsNumberKey(k));
  }
  props += "}";
  line += ",\"properties\":" + props;
  std::string context = "{";
  context += "\"device\":{\"type\":";
  AppendJsonString(value("device"), &context);
  context += "}";
  field(&context, "locale", "en-" + std::string(value("country")), false);
  // An escaped quote and a tab, written as escapes.
  context += ",\"userAgent\":\"Mozilla/5.0 (\\\"" + std::string(value("browser")) + "\\\")\\tMobile\"";
  // \u escapes: é, an em dash, and a surrogate pair (U+1F6D2).
  context += ",\"page\":{\"title\":\"Caf\\u00e9 \\u2014 " + std::string(value("page")) + " \\ud83d\\uded2\",\"path\":";
  AppendJsonString(value("page"), &context);
  context += "},\"library\":{\"name\":\"analytics.js\",\"version\":\"4.1.0\"}}";
  line += ",\"context\":" + context;
  line += ",\"tags\":[\"device:" + std::string(value("device")) + "\",{\"n\":" + std::to_string(n % 97) +
          ",\"w\":1.50},null,true]";
  line += ",\"integrations\":{\"All\":true}}";
  return line;
}

std::string Describe(const FlatObject& o) {
  std::string s;
  for (size_t i = 0; i < o.size; ++i) s += o.keys[i] + "=" + o.values[i] + "  ";
  return s;
}

// Empty when `got` has the pairs of `want`, else where they part.
std::string Difference(const FlatObject& want, const FlatObject& got) {
  const size_t n = std::min(want.size, got.size);
  for (size_t i = 0; i < n; ++i) {
    if (want.keys[i] != got.keys[i]) return "pair " + std::to_string(i) + ": key '" + got.keys[i] + "', ours '" + want.keys[i] + "'";
    if (want.values[i] != got.values[i]) {
      return "key '" + want.keys[i] + "': value '" + got.values[i] + "', ours '" + want.values[i] + "'";
    }
  }
  if (want.size != got.size) {
    return std::to_string(got.size) + " pairs, ours " + std::to_string(want.size) + " (first extra key '" +
           (want.size > got.size ? want.keys[n] : got.keys[n]) + "')";
  }
  return "";
}

// Every line through (a), (b) and (c): the same pairs, or the first line that differs.
std::string Check(const Lines& input) {
  if (!OnDemandAvailable()) return "this build has no simdjson (apt-get install libsimdjson-dev, then rebuild)";
  FlatObject a, b, c;
  std::string error;
  for (size_t i = 0; i < input.lines.size(); ++i) {
    const std::string_view line = input.lines[i];
    auto where = [&](const char* who) {
      return std::string(who) + " differs from FlattenJsonLine on line " + std::to_string(i + 1) + " (" +
             std::string(line.substr(0, 160)) + "): ";
    };
    if (!FlattenJsonLine(line, &a, &error)) return "FlattenJsonLine refused line " + std::to_string(i + 1) + ": " + error;
    if (!FlattenJsonLineSax(line, &b, &error)) return where("FlattenJsonLineSax") + "refused: " + error;
    if (std::string d = Difference(a, b); !d.empty()) return where("FlattenJsonLineSax") + d;
    if (!FlattenJsonLineOnDemand(line, &c)) return where("simdjson On-Demand") + "refused";
    if (std::string d = Difference(a, c); !d.empty()) return where("simdjson On-Demand") + d + "  [ours: " + Describe(a) + "]";
  }
  return "";
}

const Lines& Input(bool nested) {
  static Lines cache[2];
  static bool made[2] = {false, false};
  Lines& input = cache[nested];
  if (!made[nested]) {
    made[nested] = true;
    const std::string flat = FlatJsonLines();
    if (!nested) {
      input.buffer = flat;
    } else {
      FlatObject pairs;
      std::string error;
      int64_t n = 0;
      for (size_t at = 0; at < flat.size();) {
        size_t end = flat.find('\n', at);
        if (end == std::string::npos) end = flat.size();
        if (!FlattenJsonLine(std::string_view(flat).substr(at, end - at), &pairs, &error)) std::abort();
        input.buffer += NestedLine(pairs, n++);
        input.buffer += '\n';
        at = end + 1;
      }
    }
    Index(&input);
    input.check_error = Check(input);
  }
  return input;
}

// ---------------------------------------------------------------------------------------
// Benchmarks.

enum class Way { kOurs, kSax, kOnDemand };

void SetRates(benchmark::State& state, const Lines& input) {
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(input.bytes));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(input.lines.size()));
}

void BM_Flatten(benchmark::State& state, bool nested, Way way) {
  const Lines& input = Input(nested);
  if (!input.check_error.empty()) {
    state.SkipWithError(input.check_error.c_str());
    return;
  }
  FlatObject out;
  std::string error;
  for (auto _ : state) {
    size_t pairs = 0;
    switch (way) {
      case Way::kOurs:
        for (std::string_view line : input.lines) {
          if (!FlattenJsonLine(line, &out, &error)) std::abort();
          pairs += out.size;
        }
        break;
      case Way::kSax:
        for (std::string_view line : input.lines) {
          if (!FlattenJsonLineSax(line, &out, &error)) std::abort();
          pairs += out.size;
        }
        break;
      case Way::kOnDemand:
        for (std::string_view line : input.lines) {
          if (!FlattenJsonLineOnDemand(line, &out)) std::abort();
          pairs += out.size;
        }
        break;
    }
    benchmark::DoNotOptimize(pairs);
  }
  SetRates(state, input);
}

BENCHMARK_CAPTURE(BM_Flatten, flat_a_ours, false, Way::kOurs)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Flatten, flat_b_sax, false, Way::kSax)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Flatten, flat_c_ondemand, false, Way::kOnDemand)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Flatten, nested_a_ours, true, Way::kOurs)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Flatten, nested_b_sax, true, Way::kSax)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Flatten, nested_c_ondemand, true, Way::kOnDemand)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace fl
