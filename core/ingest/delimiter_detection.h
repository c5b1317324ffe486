#ifndef FRICTIONLENS_CORE_INGEST_DELIMITER_DETECTION_H_
#define FRICTIONLENS_CORE_INGEST_DELIMITER_DETECTION_H_

#include <string>
#include <string_view>

namespace fl {

// Picks the CSV delimiter among , ; TAB | from the first records of `sample` (up to
// 50, counted outside quotes). A candidate that occurs the same number of times (>= 1)
// on every sampled record wins; among those the most frequent, then the order
// , TAB ; |. If none is consistent, the one most frequent on the first record.
// Falls back to ',' when none occurs (the file then has a single column, which the
// caller reports as "is the delimiter right?").
//
//   "a;b;c\n1;2;3\n"         -> ';'
//   "a,b;c\n1,2;3\n1,2;3\n"  -> ','  (both consistent once per line; ',' first)
char DetectDelimiter(std::string_view sample);

// "," ";" "TAB" "|" or the character itself, for messages.
std::string DelimiterName(char delimiter);

}  // namespace fl

#endif  // FRICTIONLENS_CORE_INGEST_DELIMITER_DETECTION_H_
