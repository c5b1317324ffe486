#include "native-cli/report_output.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

#include "absl/strings/str_cat.h"
#include "core/analyzer.h"
#include "native-cli/report_section_csv.h"
#include "native-cli/report_html.h"
#include "native-cli/report_table.h"
#include "native-cli/terminal_text.h"

namespace fl::cli {

absl::Status WriteText(const std::string& text, const std::string& path) {
  if (path.empty() || path == "-") {
    if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size() || std::fflush(stdout) != 0) {
      return absl::UnavailableError("cannot write to standard output");
    }
    return absl::OkStatus();
  }
  FILE* file = std::fopen(path.c_str(), "wb");
  if (file == nullptr) return absl::NotFoundError(absl::StrCat(path, ": cannot write: ", std::strerror(errno)));
  const bool ok = std::fwrite(text.data(), 1, text.size(), file) == text.size();
  if (std::fclose(file) != 0 || !ok) return absl::DataLossError(absl::StrCat(path, ": write failed"));
  return absl::OkStatus();
}

absl::Status WriteReport(const nlohmann::ordered_json& report, const std::string& format, const std::string& path,
                         const std::string& csv_table) {
  if (format == "json") return WriteText(RenderReportJson(report), path);
  if (format == "html") return WriteText(RenderReportHtml(report), path);
  if (format == "csv") {
    absl::StatusOr<std::string> csv = RenderSectionCsv(report, csv_table);
    if (!csv.ok()) return csv.status();
    return WriteText(*csv, path);
  }
  // The table is for people: nothing from the data reaches a terminal raw.
  return WriteText(ForTerminal(RenderReportTable(report), /*keep_layout=*/true), path);
}

bool ReportFormatFromFlags(const char* command, const ParsedArgs& args, const std::string& output, std::string* format,
                           std::string* table) {
  *format = args.Get("format");
  if (format->empty()) *format = (output.empty() && isatty(STDOUT_FILENO)) ? "table" : "json";
  if (*format != "table" && *format != "json" && *format != "html" && *format != "csv") {
    std::fprintf(stderr, "frictionlens %s: --format: expected table, json, html or csv\n", command);
    return false;
  }
  *table = args.Has("table") ? args.Get("table") : "funnel";
  const std::vector<std::string>& tables = CsvTableNames();
  if (std::find(tables.begin(), tables.end(), *table) == tables.end()) {
    std::fprintf(stderr, "frictionlens %s: --table: expected funnel, friction, paths, correlation or conformance\n",
                 command);
    return false;
  }
  if (args.Has("table") && *format != "csv") {
    std::fprintf(stderr, "frictionlens %s: --table needs --format csv\n", command);
    return false;
  }
  return true;
}

}  // namespace fl::cli
