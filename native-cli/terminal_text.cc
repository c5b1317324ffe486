#include "native-cli/terminal_text.h"

#include <cstdio>

namespace fl::cli {
namespace {

void Hex(unsigned char byte, std::string* out) {
  char buf[8];
  std::snprintf(buf, sizeof(buf), "\\x%02x", byte);
  out->append(buf);
}

void CodePoint(unsigned code, std::string* out) {
  char buf[12];
  std::snprintf(buf, sizeof(buf), "\\u%04x", code);
  out->append(buf);
}

bool Continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

bool Bidi(unsigned code) {
  return code == 0x200E || code == 0x200F || (code >= 0x202A && code <= 0x202E) || (code >= 0x2066 && code <= 0x2069);
}

}  // namespace

std::string ForTerminal(std::string_view text, bool keep_layout) {
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      const bool layout = keep_layout && (c == '\n' || c == '\t');
      if ((c < 0x20 || c == 0x7F) && !layout) {
        Hex(c, &out);
      } else {
        out.push_back(static_cast<char>(c));
      }
      ++i;
      continue;
    }
    // A UTF-8 sequence: its length from the lead byte, checked whole.
    size_t n = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 && c <= 0xDF ? 2 : 0;
    if (c > 0xF4) n = 0;
    bool valid = n > 0 && i + n <= text.size();
    for (size_t k = 1; valid && k < n; ++k) valid = Continuation(static_cast<unsigned char>(text[i + k]));
    unsigned code = 0;
    if (valid) {
      code = n == 2 ? c & 0x1F : n == 3 ? c & 0x0F : c & 0x07;
      for (size_t k = 1; k < n; ++k) code = (code << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
      // Overlong forms, surrogates and code points past U+10FFFF are not text.
      valid = !(n == 3 && code < 0x800) && !(n == 4 && (code < 0x10000 || code > 0x10FFFF)) &&
              !(code >= 0xD800 && code <= 0xDFFF);
    }
    if (!valid) {
      Hex(c, &out);
      ++i;
      continue;
    }
    if ((code >= 0x80 && code <= 0x9F) || Bidi(code)) {
      CodePoint(code, &out);
    } else {
      out.append(text.data() + i, n);
    }
    i += n;
  }
  return out;
}

}  // namespace fl::cli
