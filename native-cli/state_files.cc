#include "native-cli/state_files.h"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "core/report/journey_sections.h"
#include "native-cli/file_feed.h"
#include "native-cli/report_output.h"
#include "native-cli/terminal_text.h"

namespace fl::cli {

absl::StatusOr<PartialState> ReadStateFile(const std::string& path) {
  std::string bytes;
  if (absl::Status s = ReadWholeFile(path, &bytes); !s.ok()) return s;
  return DecodePartial(bytes, path == "-" ? "standard input" : path);
}

absl::Status WriteStateFile(const PartialState& state, const std::string& path, bool json_view) {
  // The JSON view shows invalid UTF-8 from the input as U+FFFD; the binary form keeps the bytes.
  const std::string bytes =
      json_view ? PartialToJson(state).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n"
                : EncodePartial(state);
  if (path.empty() || path == "-") return WriteText(bytes, path);
  return WriteFileAtomically(bytes, path);
}

absl::Status WriteFileAtomically(const std::string& bytes, const std::string& path) {
  const std::string temporary = absl::StrCat(path, ".tmp-", getpid());
  if (absl::Status s = WriteText(bytes, temporary); !s.ok()) {
    std::remove(temporary.c_str());
    return s;
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    const int error = errno;
    std::remove(temporary.c_str());
    return absl::DataLossError(absl::StrCat(path, ": cannot write: ", std::strerror(error)));
  }
  return absl::OkStatus();
}

int ParseStateCommand(const char* command, const char* help, const char* what, const std::vector<std::string>& argv,
                      const std::set<std::string>& value_flags, ParsedArgs* args) {
  std::string error;
  if (!ParseArgs(argv, value_flags, {"help", "json"}, args, &error)) {
    std::fprintf(stderr, "frictionlens %s: %s\n\n%s", command, ForTerminal(error).c_str(), help);
    return kExitUsage;
  }
  if (args->Has("help")) {
    std::fputs(help, stdout);
    return kExitOk;
  }
  if (args->positional.empty()) {
    std::fprintf(stderr, "frictionlens %s: no %s\n\n%s", command, what, help);
    return kExitUsage;
  }
  const std::string output = args->Get("output");
  for (const absl::Status& s : {CheckOutputIsNoInput(output, args->positional), CheckDistinctInputs(args->positional)}) {
    if (!s.ok()) {
      std::fprintf(stderr, "frictionlens %s: %s\n", command, ForTerminal(s.message()).c_str());
      return kExitUsage;
    }
  }
  return -1;
}

absl::StatusOr<JourneySpec> JourneyFromFlag(const std::string& value) {
  if (const char* builtin = BuiltinJourneyJson(value)) return ParseJourneySpec(builtin);
  std::string text;
  if (absl::Status s = ReadWholeFile(value, &text); !s.ok()) return s;
  absl::StatusOr<JourneySpec> spec = ParseJourneySpec(text);
  if (!spec.ok()) return absl::FailedPreconditionError(absl::StrCat(value, ": ", spec.status().message()));
  return spec;
}

}  // namespace fl::cli
