// The Embind door over fl::Analyzer, and nothing more: options cross as JSON text, bytes
// cross in chunks, the report crosses back as the exact JSON text that the CLI writes.
// Every call returns a value {ok: true, ...} or {ok: false, code, message} carrying the
// core's absl::Status message (file, line, column, reason), so JavaScript never has to
// decode a C++ exception; engine.js turns {ok: false} into a JS Error.
//
//   const a = new Module.Analyzer();
//   a.open('{"journey":"store"}');  a.beginFile('events.csv');
//   a.feed(uint8Array); ...;  a.endFile();
//   const r = a.finish();  // {ok: true, json: "{\n  \"schema\": ..."}
//   a.reanalyze('{"steps": [...]}');   // the kept table, another journey: {ok, json}
//   a.files(); a.preview(20); a.properties(50); a.timeline('u1', 500); a.explain('u1', 500);  // {ok, json}
//   a.delete();
// After finish the table stays in wasm memory (fl::TableSession) until delete().

#include <emscripten/bind.h>
#include <emscripten/heap.h>
#include <emscripten/val.h>

#include <cstdint>
#include <exception>
#include <new>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "core/analyzer.h"
#include "core/experiment/experiment_plan.h"
#include "core/session/table_session.h"

namespace {

using emscripten::val;

val Ok() {
  val result = val::object();
  result.set("ok", true);
  return result;
}

val Failure(const absl::Status& status) {
  val result = val::object();
  result.set("ok", false);
  result.set("code", absl::StatusCodeToString(status.code()));
  result.set("message", std::string(status.message()));
  return result;
}

// The core reports errors as Status; this only guards the door against anything thrown
// past it (e.g. std::bad_alloc when the wasm heap cannot grow), so it too becomes a value.
template <typename Call>
val Guarded(Call&& call) {
  try {
    return call();
  } catch (const std::bad_alloc&) {
    // Said in words a designer can act on; the module stays usable (the stack unwound and
    // the analyzer that ran out is deleted by its caller).
    return Failure(absl::ResourceExhaustedError(absl::StrCat(
        "out of memory: the browser would not give this page more than ", emscripten_get_heap_size() >> 20,
        " MB for the analysis; use the frictionlens command line for this file, or a smaller part of it")));
  } catch (const std::exception& e) {
    return Failure(absl::InternalError(e.what()));
  } catch (...) {
    return Failure(absl::InternalError("unknown C++ exception"));
  }
}

class WasmAnalyzer {
 public:
  // Parses the options (JSON text, see fl::ParseAnalyzerOptions) and creates the analyzer.
  val Open(const std::string& options_json) {
    return Guarded([&] {
      absl::StatusOr<fl::AnalyzerOptions> options = fl::ParseAnalyzerOptions(options_json);
      if (!options.ok()) return Failure(options.status());
      absl::StatusOr<std::unique_ptr<fl::Analyzer>> analyzer =
          fl::Analyzer::Create(*std::move(options));
      if (!analyzer.ok()) return Failure(analyzer.status());
      analyzer_ = *std::move(analyzer);
      return Ok();
    });
  }

  val BeginFile(const std::string& name) {
    return Guarded([&] { return Result(Live().BeginFile(name)); });
  }

  // `bytes` is a Uint8Array in JS memory: one copy into a reused buffer in wasm memory
  // (a typed_memory_view made after the resize, so heap growth cannot invalidate it).
  val Feed(const val& bytes) {
    return Guarded([&] {
      const size_t size = bytes["length"].as<size_t>();
      buffer_.resize(size);
      val(emscripten::typed_memory_view(size, reinterpret_cast<uint8_t*>(buffer_.data())))
          .call<void>("set", bytes);
      return Result(Live().Feed(std::string_view(buffer_.data(), size)));
    });
  }

  val EndFile() {
    return Guarded([&] { return Result(Live().EndFile()); });
  }

  // {ok: true, json} where json is fl::RenderReportJson(report): the CLI's bytes.
  val Finish() {
    return Guarded([&] {
      absl::StatusOr<fl::Analysis> analysis = Live().Finish();
      if (!analysis.ok()) return Failure(analysis.status());
      val result = Ok();
      result.set("json", fl::RenderReportJson(analysis->report));
      // The input buffer is not needed any more; give its memory back to the heap.
      std::string().swap(buffer_);
      // The table is kept for reanalyze() and the descriptions; the reader is not.
      session_ = std::make_unique<fl::TableSession>(*std::move(analysis), analyzer_->schemas(), 1);
      analyzer_.reset();
      return result;
    });
  }

  // The report of another journey (spec JSON text or a built-in name) on the kept table:
  // the bytes a fresh open/feed/finish of the same files with that journey gives.
  val Reanalyze(const std::string& journey) {
    return Guarded([&] {
      absl::StatusOr<nlohmann::ordered_json> report = Kept().Reanalyze(journey);
      if (!report.ok()) return Failure(report.status());
      return Json(fl::RenderReportJson(*report));
    });
  }

  val Files() {
    return Guarded([&] { return Json(Kept().Files().dump()); });
  }
  val Preview(double rows) {
    return Guarded([&] { return Json(Kept().Preview(Count(rows)).dump()); });
  }
  val Properties(double values) {
    return Guarded([&] { return Json(Kept().Properties(Count(values)).dump()); });
  }
  val Timeline(const std::string& user, double events) {
    return Guarded([&] {
      absl::StatusOr<nlohmann::ordered_json> timeline = Kept().UserTimeline(user, Count(events));
      if (!timeline.ok()) return Failure(timeline.status());
      return Json(timeline->dump());
    });
  }

  val Explain(const std::string& user, double events) {
    return Guarded([&] {
      absl::StatusOr<nlohmann::ordered_json> story = Kept().Explain(user, Count(events));
      if (!story.ok()) return Failure(story.status());
      return Json(story->dump());
    });
  }

  double BytesFed() const { return analyzer_ ? static_cast<double>(analyzer_->bytes_fed()) : 0; }

 private:
  fl::Analyzer& Live() {
    if (!analyzer_) throw std::logic_error("Analyzer used before open()");
    return *analyzer_;
  }
  fl::TableSession& Kept() {
    if (!session_) throw std::logic_error("no table kept: call finish() first");
    return *session_;
  }
  static val Result(const absl::Status& status) { return status.ok() ? Ok() : Failure(status); }
  static val Json(std::string text) {
    val result = Ok();
    result.set("json", std::move(text));
    return result;
  }
  static size_t Count(double n) { return n > 0 ? static_cast<size_t>(n) : 0; }

  std::unique_ptr<fl::Analyzer> analyzer_;
  std::unique_ptr<fl::TableSession> session_;
  std::string buffer_;
};

// Plans an A/B test (core/experiment/experiment_plan.h): input and result as JSON text,
// the same numbers as `frictionlens plan --format json`.
val Plan(const std::string& input_json) {
  return Guarded([&] {
    const nlohmann::json input = nlohmann::json::parse(input_json, nullptr, /*allow_exceptions=*/false);
    if (input.is_discarded()) return Failure(absl::InvalidArgumentError("plan: the input is not JSON"));
    absl::StatusOr<fl::PlanInput> parsed = fl::ParsePlanInput(input);
    if (!parsed.ok()) return Failure(parsed.status());
    absl::StatusOr<nlohmann::ordered_json> plan = fl::PlanExperiment(*parsed);
    if (!plan.ok()) return Failure(plan.status());
    val result = Ok();
    result.set("json", plan->dump());
    return result;
  });
}

}  // namespace

EMSCRIPTEN_BINDINGS(frictionlens) {
  emscripten::function("plan", &Plan);
  emscripten::class_<WasmAnalyzer>("Analyzer")
      .constructor<>()
      .function("open", &WasmAnalyzer::Open)
      .function("beginFile", &WasmAnalyzer::BeginFile)
      .function("feed", &WasmAnalyzer::Feed)
      .function("endFile", &WasmAnalyzer::EndFile)
      .function("finish", &WasmAnalyzer::Finish)
      .function("bytesFed", &WasmAnalyzer::BytesFed)
      .function("reanalyze", &WasmAnalyzer::Reanalyze)
      .function("files", &WasmAnalyzer::Files)
      .function("preview", &WasmAnalyzer::Preview)
      .function("properties", &WasmAnalyzer::Properties)
      .function("timeline", &WasmAnalyzer::Timeline)
      .function("explain", &WasmAnalyzer::Explain);
}
