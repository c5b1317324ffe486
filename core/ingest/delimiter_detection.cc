#include "core/ingest/delimiter_detection.h"

#include <array>
#include <vector>

namespace fl {
namespace {

constexpr std::array<char, 4> kCandidates = {',', '\t', ';', '|'};
constexpr int kMaxRecords = 50;

}  // namespace

char DetectDelimiter(std::string_view sample) {
  // counts[r][c]: occurrences of candidate c outside quotes in record r.
  std::vector<std::array<int, 4>> counts;
  std::array<int, 4> current{};
  bool in_quotes = false;
  bool any = false;
  size_t i = 0;
  for (; i < sample.size() && static_cast<int>(counts.size()) < kMaxRecords; ++i) {
    const char c = sample[i];
    if (c == '"') {
      in_quotes = !in_quotes;  // "" toggles twice: fine for counting
      any = true;
      continue;
    }
    if (in_quotes) continue;
    if (c == '\n') {
      if (any) counts.push_back(current);
      current = {};
      any = false;
      continue;
    }
    if (c != '\r') any = true;
    for (size_t k = 0; k < kCandidates.size(); ++k) current[k] += c == kCandidates[k];
  }
  // A trailing record without newline counts only if the sample is the whole input;
  // we cannot know that here, so count it only when it is the only record.
  if (counts.empty() && any) counts.push_back(current);
  if (counts.empty()) return ',';

  int best = -1;
  int best_count = 0;
  for (size_t k = 0; k < kCandidates.size(); ++k) {
    const int first = counts[0][k];
    if (first == 0) continue;
    bool consistent = true;
    for (const auto& row : counts) consistent = consistent && row[k] == first;
    if (consistent && first > best_count) {
      best = static_cast<int>(k);
      best_count = first;
    }
  }
  if (best >= 0) return kCandidates[best];
  for (size_t k = 0; k < kCandidates.size(); ++k) {
    if (counts[0][k] > best_count) {
      best = static_cast<int>(k);
      best_count = counts[0][k];
    }
  }
  return best >= 0 ? kCandidates[best] : ',';
}

std::string DelimiterName(char delimiter) {
  if (delimiter == '\t') return "TAB";
  return std::string("'") + delimiter + "'";
}

}  // namespace fl
