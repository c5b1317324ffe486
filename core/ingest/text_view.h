#ifndef FRICTIONLENS_CORE_INGEST_TEXT_VIEW_H_
#define FRICTIONLENS_CORE_INGEST_TEXT_VIEW_H_

// Debian's Abseil is built with its own absl::string_view (ABSL_OPTION_USE_STD_STRING_VIEW
// is 0), which does not convert from std::string_view; StrCat needs this bridge.

#include <string_view>

#include "absl/strings/string_view.h"

namespace fl {

inline absl::string_view Sv(std::string_view text) { return absl::string_view(text.data(), text.size()); }

}  // namespace fl

#endif  // FRICTIONLENS_CORE_INGEST_TEXT_VIEW_H_
