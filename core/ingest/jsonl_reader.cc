#include "core/ingest/jsonl_reader.h"

#include <cstdio>
#include <string>

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
    if (out_->size == out_->keys.size()) {
      out_->keys.emplace_back();
      out_->values.emplace_back();
    }
    out_->keys[out_->size].assign(key_);
    out_->values[out_->size].assign(value.data(), value.size());
    ++out_->size;
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

bool FlattenJsonLine(std::string_view line, FlatObject* out, std::string* error) {
  Flattener flattener(out);
  const bool ok = Json::sax_parse(line.begin(), line.end(), &flattener, Json::input_format_t::json,
                                  /*strict=*/true);
  if (ok) return true;
  *error = flattener.not_object() ? "not a JSON object" : flattener.error();
  if (error->empty()) *error = "invalid JSON";
  return false;
}

}  // namespace fl
