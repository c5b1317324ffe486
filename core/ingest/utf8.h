#ifndef FRICTIONLENS_CORE_INGEST_UTF8_H_
#define FRICTIONLENS_CORE_INGEST_UTF8_H_

// UTF-8 checks for ingest. Values are interned as UTF-8 so that every door can put
// them in JSON; invalid bytes (a Latin-1 export, say) become U+FFFD with a warning.

#include <cstddef>
#include <string>
#include <string_view>

namespace fl {

// True when every byte is ASCII (the common case; checked 8 bytes at a time).
bool IsAscii(std::string_view text);

// Length of the valid UTF-8 sequence at text[i], or 0 when the bytes there are not
// valid UTF-8 (overlong forms, surrogates and > U+10FFFF are invalid). `i` < size.
size_t Utf8SequenceLength(std::string_view text, size_t i);

bool IsValidUtf8(std::string_view text);

// Copies `text` to *out with each invalid byte replaced by U+FFFD.
void ReplaceInvalidUtf8(std::string_view text, std::string* out);

}  // namespace fl

#endif  // FRICTIONLENS_CORE_INGEST_UTF8_H_
