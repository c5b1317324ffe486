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
//   a.delete();

#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <cstdint>
#include <exception>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

#include "absl/status/status.h"
#include "core/analyzer.h"

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
      return result;
    });
  }

  double BytesFed() const { return analyzer_ ? static_cast<double>(analyzer_->bytes_fed()) : 0; }

 private:
  fl::Analyzer& Live() {
    if (!analyzer_) throw std::logic_error("Analyzer used before open()");
    return *analyzer_;
  }
  static val Result(const absl::Status& status) { return status.ok() ? Ok() : Failure(status); }

  std::unique_ptr<fl::Analyzer> analyzer_;
  std::string buffer_;
};

}  // namespace

EMSCRIPTEN_BINDINGS(frictionlens) {
  emscripten::class_<WasmAnalyzer>("Analyzer")
      .constructor<>()
      .function("open", &WasmAnalyzer::Open)
      .function("beginFile", &WasmAnalyzer::BeginFile)
      .function("feed", &WasmAnalyzer::Feed)
      .function("endFile", &WasmAnalyzer::EndFile)
      .function("finish", &WasmAnalyzer::Finish)
      .function("bytesFed", &WasmAnalyzer::BytesFed);
}
