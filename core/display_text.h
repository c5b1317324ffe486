#ifndef FRICTIONLENS_CORE_DISPLAY_TEXT_H_
#define FRICTIONLENS_CORE_DISPLAY_TEXT_H_

// How every door writes numbers, in C++: the rules of web/format.js (the element's and so
// the HTML report's), used by the CLI's table (native-cli/report_text.h) and by the
// sentences a section writes into the report (so that a sentence and a table cell agree);
// tests/wasm/presentation.test.mjs holds the table to the element.

#include <cstdint>
#include <string>

namespace fl {

std::string DisplayCount(int64_t value);             // 19998 -> "19,998"
std::string DisplayPercent(double rate);             // 0.3061 -> "30.6%", 0.0003 -> "0.03%"
std::string DisplayPercentRange(double lo, double hi);  // 0.299, 0.312 -> "29.9–31.2%"
std::string DisplaySeconds(double seconds);
// An odds ratio: two significant figures under 10, whole from 10 on (an estimate's third
// figure is noise at the sample sizes where its interval is useful).
std::string DisplayRatio(double x);                  // 3.94 -> "3.9", 0.452 -> "0.45", 36.2 -> "36"
std::string DisplayRatioRange(double lo, double hi); // 2.72, 476.3 -> "2.7–476"          // 45 -> "45 s", 600 -> "10.0 min", 7200 -> "2.0 h"

}  // namespace fl

#endif  // FRICTIONLENS_CORE_DISPLAY_TEXT_H_
