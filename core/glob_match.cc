#include "core/glob_match.h"

namespace fl {

bool GlobMatch(std::string_view pattern, std::string_view text) {
  // Iterative backtracking to the last *: linear in practice, never exponential.
  size_t p = 0, s = 0;
  size_t star = std::string_view::npos, resume = 0;
  while (s < text.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || (pattern[p] != '*' && pattern[p] == text[s]))) {
      ++p;
      ++s;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = s;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      s = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

}  // namespace fl
