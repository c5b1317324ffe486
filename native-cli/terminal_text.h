#ifndef FRICTIONLENS_NATIVE_CLI_TERMINAL_TEXT_H_
#define FRICTIONLENS_NATIVE_CLI_TERMINAL_TEXT_H_

// Text from someone's file, made safe to show on a terminal. An event name holding
// "\x1b]0;pwned\x07" must not retitle the window, "\x1b[2J" must not clear the screen,
// and U+202E must not reverse what follows. Escaped, visibly:
//   C0 controls and DEL   -> \x1b, \x07, \x7f (newline and tab kept only when asked)
//   C1 controls U+0080-9F -> \u009b
//   bidirectional controls (U+200E, U+200F, U+202A-202E, U+2066-2069) -> \u202e
//   invalid UTF-8 bytes   -> \xff
// Everything else (printable ASCII, valid UTF-8 text) passes as it is.

#include <string>
#include <string_view>

#include "absl/strings/string_view.h"

namespace fl::cli {

std::string ForTerminal(std::string_view text, bool keep_layout = false);
inline std::string ForTerminal(absl::string_view text, bool keep_layout = false) {
  return ForTerminal(std::string_view(text.data(), text.size()), keep_layout);
}
inline std::string ForTerminal(const std::string& text, bool keep_layout = false) {
  return ForTerminal(std::string_view(text), keep_layout);
}
inline std::string ForTerminal(const char* text, bool keep_layout = false) {
  return ForTerminal(std::string_view(text), keep_layout);
}

}  // namespace fl::cli

#endif  // FRICTIONLENS_NATIVE_CLI_TERMINAL_TEXT_H_
