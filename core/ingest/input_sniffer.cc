#include "core/ingest/input_sniffer.h"

#include <algorithm>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "core/ingest/text_view.h"
#include "core/ingest/utf8.h"

namespace fl {
namespace {

int64_t LineAt(std::string_view bytes, size_t offset) {
  return 1 + std::count(bytes.begin(), bytes.begin() + static_cast<ptrdiff_t>(offset), '\n');
}

std::string Hint(std::string_view prefix) {
  auto starts = [&](std::string_view magic) {
    return prefix.size() >= magic.size() && prefix.substr(0, magic.size()) == magic;
  };
  if (starts("\x1f\x8b")) return " (it starts like gzip: decompress it first)";
  if (starts("PK\x03\x04")) return " (it starts like a zip archive or an .xlsx workbook: export it as CSV)";
  if (starts("PAR1")) return " (it starts like Parquet: export it as CSV)";
  if (starts("\xd0\xcf\x11\xe0")) return " (it starts like an .xls workbook: export it as CSV)";
  if (starts("\xff\xfe") || starts("\xfe\xff")) return " (it looks like UTF-16 text: save it as UTF-8)";
  return "";
}

// Looks for `"key"` followed by optional spaces, ':' and optional spaces; returns the
// offset after that, or npos.
size_t FindKeyValue(std::string_view text, std::string_view quoted_key) {
  size_t from = 0;
  while (true) {
    const size_t at = text.find(quoted_key, from);
    if (at == std::string_view::npos) return at;
    size_t i = at + quoted_key.size();
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
    if (i < text.size() && text[i] == ':') {
      ++i;
      while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
      return i;
    }
    from = at + 1;
  }
}

}  // namespace

size_t Utf8BomLength(std::string_view bytes) {
  return bytes.size() >= 3 && std::memcmp(bytes.data(), "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
}

absl::Status CheckNotBinary(std::string_view file, std::string_view prefix, bool complete) {
  const void* nul = std::memchr(prefix.data(), '\0', prefix.size());
  if (nul != nullptr) {
    const size_t offset = static_cast<size_t>(static_cast<const char*>(nul) - prefix.data());
    return absl::InvalidArgumentError(absl::StrCat(Sv(file), ": byte ", offset, " (line ", LineAt(prefix, offset),
                                                   "): binary data (NUL byte), not CSV or JSON Lines",
                                                   Hint(prefix)));
  }
  if (IsAscii(prefix)) return absl::OkStatus();
  size_t invalid = 0;
  size_t first_invalid = std::string_view::npos;
  for (size_t i = 0; i < prefix.size();) {
    const size_t len = Utf8SequenceLength(prefix, i);
    if (len == 0) {
      // A sequence cut by the end of an incomplete prefix is not evidence.
      if (!complete && prefix.size() - i < 4) break;
      if (first_invalid == std::string_view::npos) first_invalid = i;
      ++invalid;
      ++i;
    } else {
      i += len;
    }
  }
  if (invalid * 10 > prefix.size()) {
    return absl::InvalidArgumentError(absl::StrCat(
        Sv(file), ": byte ", first_invalid, " (line ", LineAt(prefix, first_invalid), "): binary data (", invalid,
        " of the first ", prefix.size(), " bytes are not UTF-8), not CSV or JSON Lines", Hint(prefix)));
  }
  return absl::OkStatus();
}

const char* InputFormatName(InputFormat format) {
  switch (format) {
    case InputFormat::kCsv: return "csv";
    case InputFormat::kJsonl: return "jsonl";
    case InputFormat::kOtto: return "otto";
  }
  return "csv";
}

absl::Status CheckLayout(std::string_view file, std::string_view prefix, bool complete) {
  size_t i = Utf8BomLength(prefix);
  while (i < prefix.size() && (prefix[i] == ' ' || prefix[i] == '\t' || prefix[i] == '\r' || prefix[i] == '\n')) ++i;
  if (i < prefix.size() && prefix[i] == '[') {
    return absl::InvalidArgumentError(absl::StrCat(
        Sv(file), ": starts with '[': a JSON array, not JSON Lines (one object per line); convert it with: jq -c "
                  "'.[]' ", Sv(file)));
  }
  const size_t cr = prefix.find('\r');
  // A CR that is not followed by LF, and no LF at all in the prefix: every line ends in CR.
  if (cr != std::string_view::npos && prefix.find('\n') == std::string_view::npos &&
      (cr + 1 < prefix.size() || !complete) && cr + 1 != prefix.size()) {
    return absl::InvalidArgumentError(absl::StrCat(
        Sv(file), ": lines end with CR only (classic Mac OS line endings), so the file reads as one line; "
                  "convert it with: tr '\\r' '\\n' < ", Sv(file)));
  }
  return absl::OkStatus();
}

InputFormat DetectFormat(std::string_view prefix) {
  size_t i = Utf8BomLength(prefix);
  while (i < prefix.size() && (prefix[i] == ' ' || prefix[i] == '\t' || prefix[i] == '\r' || prefix[i] == '\n')) {
    ++i;
  }
  if (i >= prefix.size() || prefix[i] != '{') return InputFormat::kCsv;
  std::string_view line = prefix.substr(i);
  line = line.substr(0, line.find('\n'));
  const size_t events = FindKeyValue(line, "\"events\"");
  if (events != std::string_view::npos && events < line.size() && line[events] == '[' &&
      FindKeyValue(line, "\"session\"") != std::string_view::npos) {
    return InputFormat::kOtto;
  }
  return InputFormat::kJsonl;
}

}  // namespace fl
