#include "core/ingest/jsonl_reader.h"

#include <cstdio>
#include <string>

#include "core/ingest/jsonl_ondemand.h"
#include "nlohmann/json.hpp"

namespace fl {
namespace {

using Json = nlohmann::json;

// SAX consumer: keeps a dotted key path for nested objects and serializes arrays.
class Flattener {
 public:
  using number_integer_t = Json::number_integer_t;
  using number_unsigned_t = Json::number_unsigned_t;
  using number_float_t = Json::number_float_t;
  using string_t = Json::string_t;
  using binary_t = Json::binary_t;

  explicit Flattener(FlatObject* out) : out_(out) { out_->Clear(); }

  bool null() { return Scalar(""); }
  bool boolean(bool v) { return Scalar(v ? "true" : "false"); }
  bool number_integer(number_integer_t v) { return Scalar(std::to_string(v)); }
  bool number_unsigned(number_unsigned_t v) { return Scalar(std::to_string(v)); }
  bool number_float(number_float_t, const string_t& text) { return Scalar(text); }
  bool string(string_t& v) {
    if (depth_ == 0) {  // a line that is only a string, as Scalar's other roots
      not_object_ = true;
      return false;
    }
    if (!in_array()) return Emit(v);
    BeforeValue();
    AppendJsonString(v, &array_text_);
    return true;
  }
  bool binary(binary_t&) { return false; }

  bool start_object(std::size_t) {
    if (in_array()) {
      BeforeValue();
      array_text_.push_back('{');
      nest_.push_back({'{', true});
      return true;
    }
    if (depth_++ == 0) return true;  // the root
    // Each level copies the dotted path, so unbounded nesting costs quadratic time
    // (a 2 MB line of {"a":{"a":... took seconds, 10 MB minutes): refuse the row.
    if (depth_ > kMaxObjectDepth) {
      error_ = "objects nested deeper than " + std::to_string(kMaxObjectDepth) + " levels";
      return false;
    }
    path_lengths_.push_back(path_.size());
    path_ = key_;
    return true;
  }
  bool end_object() {
    if (in_array()) {
      array_text_.push_back('}');
      nest_.pop_back();
      return true;
    }
    if (--depth_ == 0) return true;
    path_.resize(path_lengths_.back());
    path_lengths_.pop_back();
    return true;
  }
  bool key(string_t& k) {
    if (in_array()) {
      if (!nest_.back().second) array_text_.push_back(',');
      nest_.back().second = false;
      AppendJsonString(k, &array_text_);
      array_text_.push_back(':');
      return true;
    }
    key_.assign(path_);
    if (!path_.empty()) key_.push_back('.');
    key_.append(k);
    return true;
  }
  bool start_array(std::size_t) {
    if (depth_ == 0) {
      not_object_ = true;
      return false;
    }
    if (in_array()) {
      BeforeValue();
    } else {
      array_text_.clear();
    }
    array_text_.push_back('[');
    nest_.push_back({'[', true});
    return true;
  }
  bool end_array() {
    array_text_.push_back(']');
    nest_.pop_back();
    if (!in_array()) return Emit(array_text_);
    return true;
  }
  bool parse_error(std::size_t position, const std::string& last_token, const nlohmann::detail::exception&) {
    error_ = "invalid JSON at column " + std::to_string(position) + " near '" + last_token.substr(0, 20) + "'";
    return false;
  }

  bool not_object() const { return not_object_; }
  const std::string& error() const { return error_; }

 private:
  bool in_array() const { return !nest_.empty(); }
  void BeforeValue() {
    auto& top = nest_.back();
    if (top.first == '[') {
      if (!top.second) array_text_.push_back(',');
      top.second = false;
    }
  }
  bool Scalar(const std::string& text) {
    if (depth_ == 0) {
      not_object_ = true;
      return false;
    }
    if (!in_array()) return Emit(text);
    BeforeValue();
    array_text_.append(text.empty() ? "null" : text);
    return true;
  }
  bool Emit(std::string_view value) {
    out_->Add(key_, value);
    return true;
  }

  static constexpr int kMaxObjectDepth = 64;
  FlatObject* out_;
  int depth_ = 0;
  std::string path_, key_;
  std::vector<size_t> path_lengths_;
  std::string array_text_;
  std::vector<std::pair<char, bool>> nest_;  // open containers inside an array: kind, first
  bool not_object_ = false;
  std::string error_;
};

}  // namespace

void AppendJsonString(std::string_view text, std::string* out) {
  out->push_back('"');
  for (char c : text) {
    switch (c) {
      case '"': out->append("\\\""); break;
      case '\\': out->append("\\\\"); break;
      case '\n': out->append("\\n"); break;
      case '\r': out->append("\\r"); break;
      case '\t': out->append("\\t"); break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof(buf), "\\u%04x", static_cast<unsigned>(c));
          out->append(buf);
        } else {
          out->push_back(c);
        }
    }
  }
  out->push_back('"');
}

namespace {

// The fast path for the common line: one flat object of ASCII keys and values, no
// escapes, no nested objects or arrays. It gives exactly what the SAX flattener gives
// for such a line (strings decoded, numbers as written, true/false as words, null as
// ""), and declines (returns false, having written nothing that counts) anything else,
// including every invalid line, which then goes the general way and gets its message.
//   {"user":"u1","ts":"2026-11-01T10:00:00.000Z","price":88.98,"ok":true} -> 4 pairs
class FastFlatLine {
 public:
  FastFlatLine(std::string_view line, FlatObject* out)
      : p_(line.data()), end_(line.data() + line.size()), out_(out) {}

  bool Parse() {
    out_->Clear();
    SkipSpace();
    if (!Eat('{')) return false;
    SkipSpace();
    if (Eat('}')) return AtEnd();
    while (true) {
      std::string_view key;
      if (!Eat('"') || !String(&key)) return false;
      SkipSpace();
      if (!Eat(':')) return false;
      SkipSpace();
      std::string_view value;
      if (p_ == end_) return false;
      if (*p_ == '"') {
        ++p_;
        if (!String(&value)) return false;
      } else if (!Literal(&value)) {
        return false;
      }
      Emit(key, value);
      SkipSpace();
      if (Eat(',')) {
        SkipSpace();
        continue;
      }
      return Eat('}') && AtEnd();
    }
  }

 private:
  static bool IsDigit(char c) { return static_cast<unsigned char>(c - '0') < 10; }
  void SkipSpace() {
    while (p_ != end_ && (*p_ == ' ' || *p_ == '\t' || *p_ == '\r' || *p_ == '\n')) ++p_;
  }
  bool Eat(char c) {
    if (p_ == end_ || *p_ != c) return false;
    ++p_;
    return true;
  }
  bool AtEnd() {
    SkipSpace();
    return p_ == end_;
  }
  // After the opening quote: printable ASCII up to the closing quote, no escapes.
  bool String(std::string_view* text) {
    const char* start = p_;
    while (p_ != end_) {
      const unsigned char c = static_cast<unsigned char>(*p_);
      if (c == '"') {
        *text = std::string_view(start, static_cast<size_t>(p_ - start));
        ++p_;
        return true;
      }
      if (c == '\\' || c < 0x20 || c >= 0x80) return false;
      ++p_;
    }
    return false;
  }
  // true, false, null, or a number the SAX parser would report in its written form:
  // an integer of at most 18 digits (fits int64: std::to_string gives it back as
  // written, except -0) or a number with a fraction, at most 18 integer digits and no
  // exponent (so finite: the SAX parser refuses 1e400 as "number overflow").
  bool Literal(std::string_view* text) {
    const char* start = p_;
    auto word = [&](std::string_view w, std::string_view as) {
      if (static_cast<size_t>(end_ - p_) < w.size() || std::string_view(p_, w.size()) != w) return false;
      p_ += w.size();
      *text = as;
      return true;
    };
    if (*p_ == 't') return word("true", "true");
    if (*p_ == 'f') return word("false", "false");
    if (*p_ == 'n') return word("null", "");
    if (*p_ == '-') ++p_;
    const char* digits = p_;
    if (p_ == end_ || !IsDigit(*p_)) return false;
    if (*p_ == '0') {
      ++p_;
    } else {
      while (p_ != end_ && IsDigit(*p_)) ++p_;
    }
    const size_t int_digits = static_cast<size_t>(p_ - digits);
    bool is_float = false, exponent = false;
    if (p_ != end_ && *p_ == '.') {
      ++p_;
      if (p_ == end_ || !IsDigit(*p_)) return false;
      while (p_ != end_ && IsDigit(*p_)) ++p_;
      is_float = true;
    }
    if (p_ != end_ && (*p_ == 'e' || *p_ == 'E')) {
      ++p_;
      if (p_ != end_ && (*p_ == '+' || *p_ == '-')) ++p_;
      if (p_ == end_ || !IsDigit(*p_)) return false;
      while (p_ != end_ && IsDigit(*p_)) ++p_;
      is_float = exponent = true;
    }
    if (exponent || int_digits > 18 || (!is_float && *start == '-' && *digits == '0')) return false;
    *text = std::string_view(start, static_cast<size_t>(p_ - start));
    return true;
  }
  void Emit(std::string_view key, std::string_view value) {
    if (out_->size == out_->keys.size()) {
      out_->keys.emplace_back();
      out_->values.emplace_back();
    }
    out_->keys[out_->size].assign(key.data(), key.size());
    out_->values[out_->size].assign(value.data(), value.size());
    ++out_->size;
  }

  const char* p_;
  const char* const end_;
  FlatObject* out_;
};

}  // namespace

bool FlattenJsonLine(std::string_view line, FlatObject* out, std::string* error) {
  if (FastFlatLine(line, out).Parse()) {
    out->simple = true;
    return true;
  }
  out->simple = false;
  // Nested or escaped: simdjson when it reads the line without error (2.8x SAX's speed
  // on vendor-shaped lines); otherwise the SAX parser decides and words the error.
  if (FlattenJsonLineOnDemand(line, out)) return true;
  return FlattenJsonLineSax(line, out, error);
}

bool FlattenJsonLineSax(std::string_view line, FlatObject* out, std::string* error) {
  Flattener flattener(out);
  const bool ok = Json::sax_parse(line.begin(), line.end(), &flattener, Json::input_format_t::json,
                                  /*strict=*/true);
  if (ok) return true;
  *error = flattener.not_object() ? "not a JSON object" : flattener.error();
  if (error->empty()) *error = "invalid JSON";
  return false;
}

}  // namespace fl
