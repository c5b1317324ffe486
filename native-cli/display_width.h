#ifndef FRICTIONLENS_NATIVE_CLI_DISPLAY_WIDTH_H_
#define FRICTIONLENS_NATIVE_CLI_DISPLAY_WIDTH_H_

// How many terminal columns text takes, so that table cells holding names from someone's
// file line up and are cut between characters, never inside a UTF-8 sequence:
//   "Cart"      4 columns      "Café"  4 (é is one character of two bytes)
//   "購物車"    6 (East Asian wide characters take two columns)
//   "e\u0301"   1 (a combining accent takes none)
// Text is expected to be ForTerminal's output (terminal_text.h): no control characters.
// Widths follow Markus Kuhn's wcwidth (Unicode's East Asian Width W/F, general categories
// Mn/Me/Cf as zero), kept here rather than taken from the C library so that the table is
// the same on every machine and locale.

#include <cstddef>
#include <string>
#include <string_view>

namespace fl::cli {

size_t DisplayWidth(std::string_view text);

// At most `width` columns (and 16 bytes per column, against stacked combining marks): text
// that is longer ends in "~" at a character boundary.
std::string CutToWidth(std::string_view text, size_t width);

// Spaces after the text up to `width` columns (wider text is returned as it is).
std::string PadToWidth(std::string_view text, size_t width);

}  // namespace fl::cli

#endif  // FRICTIONLENS_NATIVE_CLI_DISPLAY_WIDTH_H_
