// frictionlens._native: the core's doors for Python (pybind11). Each function takes
// plain values (paths, JSON text, bytes), releases the GIL for all of its work (reading
// files, the analysis, writing files) and returns plain values; python/frictionlens/
// turns them into dicts and DataFrames. Files are read and reports rendered by the
// command's own code (native-cli), so every result is the command's, byte for byte.

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "core/analyzer.h"
#include "core/journey/journey_spec.h"
#include "core/parallel.h"
#include "core/report/report_builder.h"
#include "core/scaleout/partial_state.h"
#include "core/scaleout/table_shard.h"
#include "core/version.h"
#include "native-cli/file_feed.h"
#include "native-cli/report_html.h"
#include "native-cli/report_section_csv.h"
#include "native-cli/report_table.h"
#include "native-cli/state_files.h"
#include "native-cli/terminal_text.h"

namespace py = pybind11;

namespace fl::python {
namespace {

// Raises the Python exception for a failed status; call with the GIL held.
// A missing file is FileNotFoundError, bad input or options ValueError, the rest
// RuntimeError; the message is the command's.
[[noreturn]] void Raise(const absl::Status& status) {
  const std::string message(status.message());
  switch (status.code()) {
    case absl::StatusCode::kNotFound:
      PyErr_SetString(PyExc_FileNotFoundError, message.c_str());
      throw py::error_already_set();
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kFailedPrecondition:
    case absl::StatusCode::kDataLoss:
    case absl::StatusCode::kOutOfRange:
      throw py::value_error(message);
    default:
      throw std::runtime_error(message);
  }
}

template <typename T>
T Take(absl::StatusOr<T> result) {
  if (!result.ok()) Raise(result.status());
  return *std::move(result);
}


// Runs `work` (which returns an absl::StatusOr) with the GIL released, so that other
// Python threads run meanwhile; its value, or the Python exception for its error.
template <typename Work>
auto WithoutGil(Work&& work) {
  decltype(work()) result = absl::UnknownError("not run");
  {
    py::gil_scoped_release release;
    result = work();
  }
  return Take(std::move(result));
}

// A journey as the command's --journey takes it (a built-in name or a spec file), or a
// spec's JSON text: the spec's JSON text, errors naming the file.
absl::StatusOr<std::string> JourneyText(const std::string& journey) {
  if (const char* builtin = BuiltinJourneyJson(journey)) return std::string(builtin);
  const size_t first = journey.find_first_not_of(" \t\r\n");
  if (first != std::string::npos && journey[first] == '{') return journey;
  std::string text;
  if (absl::Status s = cli::ReadWholeFile(journey, &text); !s.ok()) return s;
  if (absl::StatusOr<JourneySpec> spec = ParseJourneySpec(text); !spec.ok()) {
    return absl::FailedPreconditionError(absl::StrCat(journey, ": ", spec.status().message()));
  }
  return text;
}

absl::StatusOr<JourneySpec> Journey(const std::string& journey) {
  absl::StatusOr<std::string> text = JourneyText(journey);
  if (!text.ok()) return text.status();
  return ParseJourneySpec(*text);
}

// Analyzer options: `options_json` as ParseAnalyzerOptions reads it (the wasm module's
// form: format, source, delimiter, columns, map, time_format, session_gap,
// keep_time_outliers), the journey, and threads (0: the machine's cores, as the command).
absl::StatusOr<AnalyzerOptions> Options(const std::string& options_json, const std::string& journey, int threads) {
  absl::StatusOr<AnalyzerOptions> options = ParseAnalyzerOptions(options_json);
  if (!options.ok()) return options.status();
  absl::StatusOr<std::string> spec = JourneyText(journey);
  if (!spec.ok()) return spec.status();
  options->journey = *std::move(spec);
  if (threads < 0 || threads > 256) return absl::InvalidArgumentError("threads: expected 0 (all cores) to 256");
  options->threads = threads == 0 ? AvailableThreads() : threads;
  return options;
}

// The files read into one analyzer, as `analyze` and `shard` read them.
absl::StatusOr<std::unique_ptr<Analyzer>> Read(const std::vector<std::string>& paths, AnalyzerOptions options) {
  if (paths.empty()) return absl::InvalidArgumentError("no input files");
  absl::StatusOr<std::unique_ptr<Analyzer>> analyzer = Analyzer::Create(std::move(options));
  if (!analyzer.ok()) return analyzer.status();
  if (absl::Status s = cli::FeedFiles(paths, analyzer->get()); !s.ok()) return s;
  return analyzer;
}

// The report of `paths` as `frictionlens analyze --format json` writes it.
std::string Analyze(const std::vector<std::string>& paths, const std::string& options_json,
                    const std::string& journey, int threads) {
  return WithoutGil([&]() -> absl::StatusOr<std::string> {
    absl::StatusOr<AnalyzerOptions> options = Options(options_json, journey, threads);
    if (!options.ok()) return options.status();
    options->project = true;  // one report, as `analyze`: only the columns it reads
    absl::StatusOr<std::unique_ptr<Analyzer>> analyzer = Read(paths, *std::move(options));
    if (!analyzer.ok()) return analyzer.status();
    absl::StatusOr<Analysis> analysis = (*analyzer)->Finish();
    if (!analysis.ok()) return analysis.status();
    return RenderReportJson(analysis->report);
  });
}

std::string ShardPath(const std::string& dir, uint32_t index, uint32_t count) {
  return absl::StrFormat("%s/shard-%05u-of-%05u.fltable", dir, index, count);
}

// `frictionlens shard`: the files split by person into `shards` files in `output_dir`
// (created if missing); returns their paths, in shard order.
std::vector<std::string> Shard(const std::vector<std::string>& paths, uint32_t shards, const std::string& output_dir,
                               const std::string& options_json, const std::string& journey, int threads) {
  return WithoutGil([&]() -> absl::StatusOr<std::vector<std::string>> {
    if (shards < 1 || shards > 65536) return absl::InvalidArgumentError("shards: expected 1 to 65536");
    if (output_dir.empty()) return absl::InvalidArgumentError("output_dir: expected a directory");
    absl::StatusOr<AnalyzerOptions> options = Options(options_json, journey, threads);
    if (!options.ok()) return options.status();
    if (mkdir(output_dir.c_str(), 0777) != 0 && errno != EEXIST) {
      return absl::NotFoundError(absl::StrCat(output_dir, ": cannot create: ", std::strerror(errno)));
    }
    absl::StatusOr<std::unique_ptr<Analyzer>> analyzer = Read(paths, *std::move(options));
    if (!analyzer.ok()) return analyzer.status();
    absl::StatusOr<EventTable> table = (*analyzer)->FinishTable();
    if (!table.ok()) return table.status();
    auto context = std::make_shared<const ScaleoutContext>(ScaleoutContext::Of(*table, InputSectionToJson(*table)));
    const std::vector<uint32_t> shard_of_user = ShardsOfUsers(*table, shards);
    std::vector<std::string> files;
    for (uint32_t i = 0; i < shards; ++i) {
      const std::string path = ShardPath(output_dir, i, shards);
      const std::string bytes = WriteTableShard(TakeShard(*table, shard_of_user, i, shards, context));
      if (absl::Status s = cli::WriteFileAtomically(bytes, path); !s.ok()) return s;
      files.push_back(path);
    }
    return files;
  });
}

// A state's binary form, or "" once it is written to `output` (atomically: a task
// killed mid-write leaves no half state) when `output` is given.
absl::StatusOr<std::string> EncodeOrWrite(const PartialState& state, const std::string& output) {
  std::string encoded = EncodePartial(state);
  if (output.empty()) return encoded;
  if (absl::Status s = cli::WriteFileAtomically(encoded, output); !s.ok()) return s;
  return std::string();
}

py::object BytesOrNone(const std::string& bytes, const std::string& output) {
  if (!output.empty()) return py::none();
  return py::bytes(bytes);
}

// `frictionlens partial`: the state of the shard files (merged when several); written to
// `output` (atomically) when given, else returned.
py::object Partial(const std::vector<std::string>& shard_paths, const std::string& journey, int threads,
                   const std::string& output) {
  return BytesOrNone(WithoutGil([&]() -> absl::StatusOr<std::string> {
    if (shard_paths.empty()) return absl::InvalidArgumentError("no shard files");
    if (threads < 1 || threads > 256) return absl::InvalidArgumentError("threads: expected 1 to 256");
    if (absl::Status s = cli::CheckDistinctInputs(shard_paths); !s.ok()) return s;
    absl::StatusOr<JourneySpec> spec = Journey(journey);
    if (!spec.ok()) return spec.status();
    PartialMerger merger;
    for (const std::string& path : shard_paths) {
      std::string bytes;
      if (absl::Status s = cli::ReadWholeFile(path, &bytes); !s.ok()) return s;
      if (!LooksLikeTableShard(bytes)) {
        return absl::FailedPreconditionError(
            absl::StrCat(path, ": not a shard file; frictionlens.shard() makes them from event files"));
      }
      absl::StatusOr<TableShard> shard = ReadTableShard(bytes, path);
      if (!shard.ok()) return shard.status();
      bytes = std::string();
      absl::StatusOr<PartialState> built = BuildPartial(*spec, *shard, threads);
      if (!built.ok()) return built.status();
      if (shard_paths.size() == 1) return EncodeOrWrite(*built, output);
      if (absl::Status s = merger.Add(*std::move(built)); !s.ok()) return s;
    }
    absl::StatusOr<PartialState> merged = merger.Finish();
    if (!merged.ok()) return merged.status();
    return EncodeOrWrite(*merged, output);
  }), output);
}

// A state given as bytes, or as the path of a state file: read with the GIL released.
struct StateInput {
  std::string bytes;
  std::string path;  // empty when `bytes` is the state
};

StateInput ToStateInput(const py::handle& state) {
  if (py::isinstance<py::bytes>(state)) return {state.cast<std::string>(), ""};
  // str or os.PathLike
  py::object path = py::module_::import("os").attr("fspath")(state);
  if (!py::isinstance<py::str>(path)) throw py::type_error("a state is bytes or the path of a state file");
  return {"", path.cast<std::string>()};
}

absl::StatusOr<PartialState> ReadState(const StateInput& input, size_t index) {
  if (input.path.empty()) return DecodePartial(input.bytes, absl::StrCat("state ", index));
  return cli::ReadStateFile(input.path);
}

// `frictionlens merge`: states (bytes or paths) merged; written to `output` or returned.
py::object Merge(const py::sequence& states, const std::string& output) {
  std::vector<StateInput> inputs;
  for (const py::handle& state : states) inputs.push_back(ToStateInput(state));
  return BytesOrNone(WithoutGil([&]() -> absl::StatusOr<std::string> {
    if (inputs.empty()) return absl::InvalidArgumentError("no states to merge");
    // One state at a time, as `frictionlens merge`: each is read into the sum and freed.
    PartialMerger merger;
    for (size_t i = 0; i < inputs.size(); ++i) {
      absl::StatusOr<PartialState> state = ReadState(inputs[i], i);
      if (!state.ok()) return state.status();
      if (absl::Status s = merger.Add(*std::move(state)); !s.ok()) return s;
      inputs[i] = StateInput();
    }
    absl::StatusOr<PartialState> merged = merger.Finish();
    if (!merged.ok()) return merged.status();
    return EncodeOrWrite(*merged, output);
  }), output);
}

// A report in one of the command's formats: json (RenderReportJson's text), table, html,
// csv (with `table`: funnel, friction, paths, correlation, conformance).
absl::StatusOr<std::string> Render(const nlohmann::ordered_json& report, const std::string& format,
                                   const std::string& table) {
  if (format == "json") return RenderReportJson(report);
  if (format == "html") return cli::RenderReportHtml(report);
  if (format == "csv") return cli::RenderSectionCsv(report, table);
  if (format == "table") return cli::ForTerminal(cli::RenderReportTable(report), /*keep_layout=*/true);
  return absl::InvalidArgumentError("format: expected json, table, html or csv");
}

// `frictionlens report`: the report of a state that covers every shard.
std::string Report(const py::handle& state, const std::string& format, const std::string& table) {
  StateInput input = ToStateInput(state);
  return WithoutGil([&]() -> absl::StatusOr<std::string> {
    absl::StatusOr<PartialState> decoded = ReadState(input, 0);
    if (!decoded.ok()) return decoded.status();
    absl::StatusOr<nlohmann::ordered_json> report = ReportFromPartial(*decoded);
    if (!report.ok()) return report.status();
    return Render(*report, format, table);
  });
}

// A report's JSON text (as analyze or report gave it, or json.dumps of its dict) in
// another format.
std::string RenderText(const std::string& report_json, const std::string& format, const std::string& table) {
  return WithoutGil([&]() -> absl::StatusOr<std::string> {
    nlohmann::ordered_json report = nlohmann::ordered_json::parse(report_json, nullptr, /*allow_exceptions=*/false);
    if (report.is_discarded() || !report.is_object()) return absl::InvalidArgumentError("report: not a JSON object");
    return Render(report, format, table);
  });
}

// The JSON view of a state, for debugging.
std::string StateJson(const py::handle& state) {
  StateInput input = ToStateInput(state);
  return WithoutGil([&]() -> absl::StatusOr<std::string> {
    absl::StatusOr<PartialState> decoded = ReadState(input, 0);
    if (!decoded.ok()) return decoded.status();
    return PartialToJson(*decoded).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  });
}

// Whether a file (or bytes) starts like a shard file; only the first bytes are read.
bool IsShardFile(const py::handle& file) {
  StateInput input = ToStateInput(file);
  if (input.path.empty()) return LooksLikeTableShard(input.bytes);
  std::string head;
  {
    py::gil_scoped_release release;
    FILE* f = std::fopen(input.path.c_str(), "rb");
    if (f != nullptr) {
      char buffer[64];
      const size_t n = std::fread(buffer, 1, sizeof(buffer), f);
      std::fclose(f);
      head.assign(buffer, n);
    }
  }
  return LooksLikeTableShard(head);
}

}  // namespace
}  // namespace fl::python

PYBIND11_MODULE(_native, m) {
  using namespace fl::python;
  m.doc() = "frictionlens core (C++): analyze, shard, partial, merge, report. Use the `frictionlens` package.";
  m.attr("__version__") = kFrictionlensVersion;
  m.attr("PARTIAL_SCHEMA") = fl::kPartialSchema;
  m.def("analyze", &Analyze, py::arg("paths"), py::arg("options_json"), py::arg("journey"), py::arg("threads"),
        "The report's JSON text for the files, as `frictionlens analyze --format json` writes it.");
  m.def("shard", &Shard, py::arg("paths"), py::arg("shards"), py::arg("output_dir"), py::arg("options_json"),
        py::arg("journey"), py::arg("threads"), "Splits the files by person into shard files; returns their paths.");
  m.def("partial", &Partial, py::arg("shard_paths"), py::arg("journey"), py::arg("threads"), py::arg("output"),
        "The partial state of shard files: bytes, or None when written to `output`.");
  m.def("merge", &Merge, py::arg("states"), py::arg("output"),
        "Merges states (bytes or paths): bytes, or None when written to `output`.");
  m.def("report", &Report, py::arg("state"), py::arg("format"), py::arg("table"),
        "The report of a state covering every shard, as text in `format`.");
  m.def("render", &RenderText, py::arg("report_json"), py::arg("format"), py::arg("table"),
        "A report's JSON text in another format (json, table, html, csv).");
  m.def("state_json", &StateJson, py::arg("state"), "A state's JSON view (text), for debugging.");
  m.def("is_shard_file", &IsShardFile, py::arg("file"),
        "Whether a path (or bytes) starts like a shard file (LooksLikeTableShard).");
}
