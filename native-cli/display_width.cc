#include "native-cli/display_width.h"

#include <algorithm>
#include <iterator>

namespace fl::cli {
namespace {

// A column holds at most this many bytes of text (a character and a few marks on it).
constexpr size_t kMaxBytesPerColumn = 16;

struct Range {
  char32_t first, last;
};

// Zero width: combining marks, zero-width space and joiners, variation selectors.
constexpr Range kZeroWidth[] = {
    {0x0300, 0x036F}, {0x0483, 0x0489}, {0x0591, 0x05BD}, {0x05BF, 0x05BF}, {0x05C1, 0x05C2},
    {0x05C4, 0x05C5}, {0x05C7, 0x05C7}, {0x0610, 0x061A}, {0x064B, 0x065F}, {0x0670, 0x0670},
    {0x06D6, 0x06DC}, {0x06DF, 0x06E4}, {0x06E7, 0x06E8}, {0x06EA, 0x06ED}, {0x0900, 0x0902},
    {0x093A, 0x093A}, {0x093C, 0x093C}, {0x0941, 0x0948}, {0x094D, 0x094D}, {0x0951, 0x0957},
    {0x0E31, 0x0E31}, {0x0E34, 0x0E3A}, {0x0E47, 0x0E4E}, {0x1AB0, 0x1AFF}, {0x1DC0, 0x1DFF},
    {0x200B, 0x200F}, {0x2028, 0x202E}, {0x2060, 0x2064}, {0x20D0, 0x20FF}, {0x302A, 0x302D},
    {0x3099, 0x309A}, {0xFE00, 0xFE0F}, {0xFE20, 0xFE2F}, {0xFEFF, 0xFEFF}, {0x1F3FB, 0x1F3FF},
    {0xE0000, 0xE0FFF},
};

// Two columns: East Asian wide and fullwidth forms, and emoji presentation.
constexpr Range kWide[] = {
    {0x1100, 0x115F},   {0x231A, 0x231B},   {0x2329, 0x232A},   {0x23E9, 0x23EC},   {0x23F0, 0x23F0},
    {0x23F3, 0x23F3},   {0x25FD, 0x25FE},   {0x2614, 0x2615},   {0x2648, 0x2653},   {0x267F, 0x267F},
    {0x2693, 0x2693},   {0x26A1, 0x26A1},   {0x26AA, 0x26AB},   {0x26BD, 0x26BE},   {0x26C4, 0x26C5},
    {0x26CE, 0x26CE},   {0x26D4, 0x26D4},   {0x26EA, 0x26EA},   {0x26F2, 0x26F5},   {0x26FA, 0x26FD},
    {0x2705, 0x2705},   {0x270A, 0x270B},   {0x2728, 0x2728},   {0x274C, 0x274C},   {0x2753, 0x2755},
    {0x2757, 0x2757},   {0x2795, 0x2797},   {0x27B0, 0x27B0},   {0x27BF, 0x27BF},   {0x2B1B, 0x2B1C},
    {0x2B50, 0x2B50},   {0x2B55, 0x2B55},   {0x2E80, 0x303E},   {0x3041, 0x33FF},   {0x3400, 0x4DBF},
    {0x4E00, 0x9FFF},   {0xA000, 0xA4CF},   {0xA960, 0xA97F},   {0xAC00, 0xD7A3},   {0xF900, 0xFAFF},
    {0xFE10, 0xFE19},   {0xFE30, 0xFE6F},   {0xFF00, 0xFF60},   {0xFFE0, 0xFFE6},   {0x1F004, 0x1F004},
    {0x1F0CF, 0x1F0CF}, {0x1F18E, 0x1F18E}, {0x1F191, 0x1F19A}, {0x1F200, 0x1F251}, {0x1F300, 0x1F3FA},
    {0x1F400, 0x1F64F}, {0x1F680, 0x1F6FF}, {0x1F7E0, 0x1F7EB}, {0x1F900, 0x1F9FF}, {0x1FA70, 0x1FAFF},
    {0x20000, 0x2FFFD}, {0x30000, 0x3FFFD},
};

template <size_t N>
bool In(const Range (&table)[N], char32_t code) {
  const Range* it = std::upper_bound(std::begin(table), std::end(table), code,
                                     [](char32_t c, const Range& r) { return c < r.first; });
  return it != std::begin(table) && code <= std::prev(it)->last;
}

int Columns(char32_t code) {
  if (In(kZeroWidth, code)) return 0;
  return In(kWide, code) ? 2 : 1;
}

// One character at text[i]: its length in bytes and its code point. A byte that does not
// start a whole sequence is one character of its own (ForTerminal has escaped such bytes).
size_t Next(std::string_view text, size_t i, char32_t* code) {
  const unsigned char lead = static_cast<unsigned char>(text[i]);
  const size_t n = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
  if (n == 1 || i + n > text.size()) {
    *code = lead;
    return 1;
  }
  char32_t value = n == 2 ? lead & 0x1F : n == 3 ? lead & 0x0F : lead & 0x07;
  for (size_t k = 1; k < n; ++k) {
    const unsigned char c = static_cast<unsigned char>(text[i + k]);
    if ((c & 0xC0) != 0x80) {
      *code = lead;
      return 1;
    }
    value = (value << 6) | (c & 0x3F);
  }
  *code = value;
  return n;
}

}  // namespace

size_t DisplayWidth(std::string_view text) {
  size_t columns = 0;
  for (size_t i = 0; i < text.size();) {
    char32_t code;
    i += Next(text, i, &code);
    columns += Columns(code);
  }
  return columns;
}

std::string CutToWidth(std::string_view text, size_t width) {
  // Zero-width characters take no column but bytes: thousands of stacked combining marks
  // ("zalgo" text) would make a 16-column cell megabytes long, so bytes are capped too.
  const size_t max_bytes = width * kMaxBytesPerColumn;
  if (text.size() <= max_bytes && DisplayWidth(text) <= width) return std::string(text);
  if (width == 0) return "";
  // Keep whole characters while they fit in width - 1 columns, then the "~".
  size_t columns = 0, end = 0;
  for (size_t i = 0; i < text.size();) {
    char32_t code;
    const size_t n = Next(text, i, &code);
    const int w = Columns(code);
    if (columns + w > width - 1 || i + n > max_bytes - 1) break;
    columns += w;
    i += n;
    end = i;
  }
  return std::string(text.substr(0, end)) + "~";
}

std::string PadToWidth(std::string_view text, size_t width) {
  const size_t columns = DisplayWidth(text);
  std::string out(text);
  if (columns < width) out.append(width - columns, ' ');
  return out;
}

}  // namespace fl::cli
