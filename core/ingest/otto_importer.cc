#include "core/ingest/otto_importer.h"

#include "nlohmann/json.hpp"

namespace fl {
namespace {

using Json = nlohmann::json;

// SAX consumer for exactly the OTTO shape; other keys are skipped whatever they hold.
class OttoReader {
 public:
  using number_integer_t = Json::number_integer_t;
  using number_unsigned_t = Json::number_unsigned_t;
  using number_float_t = Json::number_float_t;
  using string_t = Json::string_t;
  using binary_t = Json::binary_t;

  explicit OttoReader(OttoSession* out) : out_(out) { out_->Clear(); }

  bool null() { return Value(""); }
  bool boolean(bool v) { return Value(v ? "true" : "false"); }
  bool number_integer(number_integer_t v) { return Value(std::to_string(v)); }
  bool number_unsigned(number_unsigned_t v) { return Value(std::to_string(v)); }
  bool number_float(number_float_t, const string_t& text) { return Value(text); }
  bool string(string_t& v) { return Value(v); }
  bool binary(binary_t&) { return false; }

  bool start_object(std::size_t) {
    ++depth_;
    if (depth_ == 1) return true;
    if (depth_ == 2 && in_events_ && array_depth_ == 1) {
      if (out_->event_count == out_->events.size()) out_->events.emplace_back();
      OttoEvent& e = out_->events[out_->event_count++];
      e.aid.clear();
      e.ts.clear();
      e.type.clear();
      current_ = &e;
    }
    return true;
  }
  bool end_object() {
    if (depth_ == 2) current_ = nullptr;
    --depth_;
    return true;
  }
  bool start_array(std::size_t) {
    if (depth_ == 0) return false;
    ++array_depth_;
    if (depth_ == 1 && array_depth_ == 1 && key_ == "events") {
      in_events_ = true;
      has_events_ = true;
    }
    return true;
  }
  bool end_array() {
    if (--array_depth_ == 0) in_events_ = false;
    return true;
  }
  bool key(string_t& k) {
    key_ = k;
    return true;
  }
  bool parse_error(std::size_t position, const std::string& last_token, const nlohmann::detail::exception&) {
    error_ = "invalid JSON at column " + std::to_string(position) + " near '" + last_token.substr(0, 20) + "'";
    return false;
  }

  bool has_session() const { return has_session_; }
  bool has_events() const { return has_events_; }
  const std::string& error() const { return error_; }

 private:
  bool Value(const std::string& text) {
    if (depth_ == 0) return false;
    if (depth_ == 1 && array_depth_ == 0 && key_ == "session") {
      out_->session = text;
      has_session_ = true;
    } else if (depth_ == 2 && current_ != nullptr && array_depth_ == 1) {
      if (key_ == "aid") {
        current_->aid = text;
      } else if (key_ == "ts") {
        current_->ts = text;
      } else if (key_ == "type") {
        current_->type = text;
      }
    }
    return true;
  }

  OttoSession* out_;
  OttoEvent* current_ = nullptr;
  int depth_ = 0;
  int array_depth_ = 0;
  bool in_events_ = false;
  bool has_session_ = false;
  bool has_events_ = false;
  std::string key_;
  std::string error_;
};

}  // namespace

bool ParseOttoLine(std::string_view line, OttoSession* out, std::string* error) {
  OttoReader reader(out);
  if (!Json::sax_parse(line.begin(), line.end(), &reader, Json::input_format_t::json, /*strict=*/true)) {
    *error = reader.error().empty() ? "not a JSON object" : reader.error();
    return false;
  }
  if (!reader.has_session()) {
    *error = "no \"session\" key";
    return false;
  }
  if (!reader.has_events()) {
    *error = "no \"events\" array";
    return false;
  }
  return true;
}

}  // namespace fl
