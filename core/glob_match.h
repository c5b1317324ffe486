#ifndef FRICTIONLENS_CORE_GLOB_MATCH_H_
#define FRICTIONLENS_CORE_GLOB_MATCH_H_

// Shell-style patterns on names: * is any run of characters (also none, also "/"), ? is
// any one byte, everything else matches itself. Used for table file names
// (core/ingest/tables) and event-name groups (core/paths).
//   GlobMatch("page_*", "page_home") -> true    GlobMatch("a?c", "abbc") -> false

#include <string_view>

namespace fl {

bool GlobMatch(std::string_view pattern, std::string_view text);

}  // namespace fl

#endif  // FRICTIONLENS_CORE_GLOB_MATCH_H_
