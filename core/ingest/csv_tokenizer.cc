#include "core/ingest/csv_tokenizer.h"

#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace fl {

// Splits a line without quotes at every delimiter. Fields are short (a few bytes
// each), so one memchr per field spends more in the call than in the search: scan 16
// bytes at a time instead and walk the bits of the delimiter mask.
void CsvTokenizer::SplitUnquoted(const char* begin, size_t size, CsvRecord* record) const {
  const char* field = begin;
  size_t i = 0;
  unsigned high = 0;  // any byte >= 0x80 (the sign bits the same blocks give for free)
  unsigned nul = 0;   // any NUL byte
#if defined(__SSE2__)
  const __m128i delimiter = _mm_set1_epi8(delimiter_);
  const __m128i zero = _mm_setzero_si128();
  for (; i + 16 <= size; i += 16) {
    const __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(begin + i));
    high |= static_cast<unsigned>(_mm_movemask_epi8(block));
    nul |= static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(block, zero)));
    unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(block, delimiter)));
    while (mask != 0) {
      const char* at = begin + i + static_cast<size_t>(__builtin_ctz(mask));
      record->fields.emplace_back(field, static_cast<size_t>(at - field));
      field = at + 1;
      mask &= mask - 1;
    }
  }
#endif
  for (; i < size; ++i) {
    high |= static_cast<unsigned char>(begin[i]) & 0x80u;
    nul |= begin[i] == '\0';
    if (begin[i] == delimiter_) {
      record->fields.emplace_back(field, static_cast<size_t>(begin + i - field));
      field = begin + i + 1;
    }
  }
  record->fields.emplace_back(field, static_cast<size_t>(begin + size - field));
  record->ascii = high == 0;
  record->has_nul = nul != 0;
}

size_t CsvTokenizer::Next(std::string_view data, bool at_end, CsvRecord* record) const {
  if (data.empty()) return 0;
  const char* begin = data.data();
  const char* nl = static_cast<const char*>(std::memchr(begin, '\n', data.size()));
  if (nl == nullptr && !at_end) {
    // Might still be a complete quoted record ending later; either way not whole yet.
    return 0;
  }
  const size_t line_size = nl != nullptr ? static_cast<size_t>(nl - begin) : data.size();
  // Fast path: no quote on this line, so the record is exactly this line.
  if (std::memchr(begin, '"', line_size) != nullptr) return NextQuoted(data, at_end, record);

  size_t size = line_size;
  if (size > 0 && begin[size - 1] == '\r') --size;
  record->fields.clear();
  record->newlines = nl != nullptr ? 1 : 0;
  record->terminated = nl != nullptr;
  record->unterminated_quote = false;
  record->blank = size == 0;
  record->has_quote = false;
  SplitUnquoted(begin, size, record);
  return nl != nullptr ? line_size + 1 : line_size;
}

// The full state machine, for records that contain a quote somewhere. Field text goes
// to record->scratch (unescaped); views are made once the record is complete because
// scratch may reallocate while it grows.
size_t CsvTokenizer::NextQuoted(std::string_view data, bool at_end, CsvRecord* record) const {
  enum State { kFieldStart, kUnquoted, kQuoted, kQuotedQuote } state = kFieldStart;
  std::string& out = record->scratch;
  out.clear();
  record->bounds.clear();
  int64_t newlines = 0;
  const char* p = data.data();
  const size_t n = data.size();
  size_t i = 0;
  bool ended = false;
  for (; i < n; ++i) {
    const char c = p[i];
    if (state == kQuoted) {
      // Copy the run up to the next quote in one go.
      const char* q = static_cast<const char*>(std::memchr(p + i, '"', n - i));
      const size_t run_end = q != nullptr ? static_cast<size_t>(q - p) : n;
      for (size_t k = i; k < run_end; ++k) newlines += p[k] == '\n';
      out.append(p + i, run_end - i);
      if (q == nullptr) {
        i = n;
        break;
      }
      i = run_end;
      state = kQuotedQuote;
      continue;
    }
    if (c == '\n') {
      // A '\r' right before the terminator belongs to the line ending, unless it was
      // inside quotes (then the state would be kQuoted and we would not be here).
      if (state == kUnquoted && !out.empty() && out.back() == '\r' &&
          (record->bounds.empty() || out.size() > record->bounds.back())) {
        out.pop_back();
      }
      ++newlines;
      ++i;
      ended = true;
      break;
    }
    if (c == delimiter_) {
      record->bounds.push_back(static_cast<uint32_t>(out.size()));
      state = kFieldStart;
      continue;
    }
    switch (state) {
      case kFieldStart:
        if (c == '"') {
          state = kQuoted;
        } else {
          out.push_back(c);
          state = kUnquoted;
        }
        break;
      case kUnquoted:
        out.push_back(c);
        break;
      case kQuotedQuote:
        if (c == '"') {
          out.push_back('"');  // "" inside quotes
          state = kQuoted;
        } else if (c == '\r' && i + 1 < n && p[i + 1] == '\n') {
          // CRLF after a closing quote: the terminator, handled next iteration.
        } else {
          out.push_back(c);
          state = kUnquoted;
        }
        break;
      case kQuoted:
        break;
    }
  }
  if (!ended && !at_end) return 0;
  if (!ended && state == kUnquoted && !out.empty() && out.back() == '\r' &&
      (record->bounds.empty() || out.size() > record->bounds.back())) {
    out.pop_back();  // "...\r" at the very end of the input
  }
  record->bounds.push_back(static_cast<uint32_t>(out.size()));
  record->fields.clear();
  uint32_t start = 0;
  for (uint32_t end : record->bounds) {
    record->fields.emplace_back(out.data() + start, end - start);
    start = end;
  }
  record->newlines = newlines;
  record->terminated = ended;
  record->unterminated_quote = !ended && state == kQuoted;
  record->blank = false;
  record->ascii = false;  // quoted records are rare: their fields are checked one by one
  record->has_quote = true;
  record->has_nul = std::memchr(data.data(), '\0', i) != nullptr;
  return i;
}

size_t CsvBoundaryScanner::Scan(std::string_view bytes) {
  const char* p = bytes.data();
  const size_t n = bytes.size();
  for (size_t i = 0; i < n; ++i) {
    const char c = p[i];
    switch (state_) {
      case kQuoted: {
        const char* q = static_cast<const char*>(std::memchr(p + i, '"', n - i));
        if (q == nullptr) return std::string_view::npos;
        i = static_cast<size_t>(q - p);
        state_ = kQuotedQuote;
        break;
      }
      case kFieldStart:
        if (c == '\n') return i + 1;
        state_ = c == '"' ? kQuoted : c == delimiter_ ? kFieldStart : kUnquoted;
        break;
      case kUnquoted:
        if (c == '\n') return i + 1;
        if (c == delimiter_) state_ = kFieldStart;
        break;
      case kQuotedQuote:
        if (c == '\n') return i + 1;
        state_ = c == '"' ? kQuoted : c == delimiter_ ? kFieldStart : kUnquoted;
        break;
    }
  }
  return std::string_view::npos;
}

}  // namespace fl
