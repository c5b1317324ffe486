#include "core/ingest/jsonl_ondemand.h"

#ifdef FL_HAVE_SIMDJSON

#include <simdjson.h>

#include <charconv>
#include <cstdint>
#include <string>
#include <utility>

namespace fl {
namespace {

namespace od = simdjson::ondemand;

// simdjson On-Demand -> the pairs of FlattenJsonLineSax (jsonl_reader.h):
//  - nested objects: dotted keys; more than 64 levels deep are refused, as SAX does;
//  - arrays: compact JSON text written the SAX path's way (strings decoded and
//    re-escaped by AppendJsonString, so "\u00e9" becomes "é"; numbers as below), not
//    the input's bytes; more than 1024 levels deep are left to SAX (simdjson 3.0.1 does
//    not enforce its depth limit on this walk, and the walk is recursive);
//  - integers: their int64/uint64 value (so -0 gives "0"); integers beyond 2^64 (floats
//    to nlohmann, refused by simdjson 3.0.1) and floats: the text as written;
//  - true/false as words, null as "" (missing).
class OnDemandFlattener {
 public:
  bool Flatten(std::string_view line, FlatObject* out) {
    // Anything but an object (a byte-order mark, an array, a bare value) is SAX's to
    // refuse; so is an empty line.
    const size_t start = line.find_first_not_of(" \t\r\n");
    if (start == std::string_view::npos || line[start] != '{') return false;
    // simdjson reads up to SIMDJSON_PADDING bytes past the end: parse a padded copy.
    padded_.assign(line.data(), line.size());
    padded_.append(simdjson::SIMDJSON_PADDING, '\0');
    out->Clear();
    key_.clear();
    od::document doc;
    if (parser_.iterate(padded_.data(), line.size(), padded_.size()).get(doc) != simdjson::SUCCESS) return false;
    od::object root;
    if (doc.get_object().get(root) != simdjson::SUCCESS) return false;
    if (Object(root, 1, out) != simdjson::SUCCESS) return false;
    // Content after the object ("{} {}"): past the object the document must be over,
    // so that asking where it is gives an error (out of bounds).
    const char* rest = nullptr;
    return doc.current_location().get(rest) != simdjson::SUCCESS;
  }

 private:
  static constexpr int kMaxObjectDepth = 64;
  static constexpr int kMaxArrayDepth = 1024;

  // Calls on_field(key, value) for each field of `object` in order, the key unescaped
  // (valid until the next field), stopping at the first error.
  template <typename OnField>
  static simdjson::error_code EachField(od::object object, OnField on_field) {
    for (auto field_result : object) {
      od::field field;
      SIMDJSON_TRY(std::move(field_result).get(field));
      std::string_view key;
      SIMDJSON_TRY(field.unescaped_key().get(key));
      SIMDJSON_TRY(on_field(key, field.value()));
    }
    return simdjson::SUCCESS;
  }

  // Pairs for the fields of `object`, under the dotted prefix in key_.
  simdjson::error_code Object(od::object object, int depth, FlatObject* out) {
    const size_t base = key_.size();
    SIMDJSON_TRY(EachField(object, [&](std::string_view key, od::value value) -> simdjson::error_code {
      key_.resize(base);
      if (base != 0) key_.push_back('.');
      key_.append(key);
      od::json_type type;
      SIMDJSON_TRY(value.type().get(type));
      switch (type) {
        case od::json_type::object: {
          if (depth + 1 > kMaxObjectDepth) return simdjson::DEPTH_ERROR;
          od::object inner;
          SIMDJSON_TRY(value.get_object().get(inner));
          return Object(inner, depth + 1, out);
        }
        case od::json_type::array:
          array_text_.clear();
          SIMDJSON_TRY(JsonText(value, &array_text_, 1));
          out->Add(key_, array_text_);
          return simdjson::SUCCESS;
        default: {
          std::string_view text;
          SIMDJSON_TRY(Scalar(value, type, &text));
          out->Add(key_, text);
          return simdjson::SUCCESS;
        }
      }
    }));
    key_.resize(base);
    return simdjson::SUCCESS;
  }

  // A string, number, boolean or null as the pair's value; `*text` lives until the
  // next call.
  simdjson::error_code Scalar(od::value& value, od::json_type type, std::string_view* text) {
    switch (type) {
      case od::json_type::string:
        return value.get_string().get(*text);
      case od::json_type::number:
        return Number(value, text);
      case od::json_type::boolean: {
        bool b;
        SIMDJSON_TRY(value.get_bool().get(b));
        *text = b ? "true" : "false";
        return simdjson::SUCCESS;
      }
      case od::json_type::null: {
        bool is_null;
        SIMDJSON_TRY(value.is_null().get(is_null));
        if (!is_null) return simdjson::N_ATOM_ERROR;
        *text = "";
        return simdjson::SUCCESS;
      }
      default:
        return simdjson::INCORRECT_TYPE;
    }
  }

  simdjson::error_code Number(od::value& value, std::string_view* text) {
    std::string_view raw = value.raw_json_token();
    while (!raw.empty() && (raw.back() == ' ' || raw.back() == '\t' || raw.back() == '\r' || raw.back() == '\n')) {
      raw.remove_suffix(1);
    }
    od::number number;
    const simdjson::error_code e = value.get_number().get(number);
    if (e == simdjson::NUMBER_ERROR && raw.find_first_of(".eE") == std::string_view::npos) {
      double d;  // an integer beyond uint64: nlohmann's float, text as written
      SIMDJSON_TRY(value.get_double().get(d));
      *text = raw;
      return simdjson::SUCCESS;
    }
    SIMDJSON_TRY(e);
    char* end = number_buffer_;
    switch (number.get_number_type()) {
      case od::number_type::signed_integer:
        end = std::to_chars(number_buffer_, number_buffer_ + sizeof(number_buffer_), number.get_int64()).ptr;
        break;
      case od::number_type::unsigned_integer:
        end = std::to_chars(number_buffer_, number_buffer_ + sizeof(number_buffer_), number.get_uint64()).ptr;
        break;
      case od::number_type::floating_point_number:
        *text = raw;
        return simdjson::SUCCESS;
    }
    *text = std::string_view(number_buffer_, static_cast<size_t>(end - number_buffer_));
    return simdjson::SUCCESS;
  }

  // Compact JSON text of an array value and what it holds, as the SAX path writes it.
  simdjson::error_code JsonText(od::value value, std::string* out, int depth) {
    if (depth > kMaxArrayDepth) return simdjson::DEPTH_ERROR;
    od::json_type type;
    SIMDJSON_TRY(value.type().get(type));
    switch (type) {
      case od::json_type::array: {
        od::array array;
        SIMDJSON_TRY(value.get_array().get(array));
        out->push_back('[');
        bool first = true;
        for (auto element_result : array) {
          od::value element;
          SIMDJSON_TRY(std::move(element_result).get(element));
          if (!first) out->push_back(',');
          first = false;
          SIMDJSON_TRY(JsonText(element, out, depth + 1));
        }
        out->push_back(']');
        return simdjson::SUCCESS;
      }
      case od::json_type::object: {
        od::object object;
        SIMDJSON_TRY(value.get_object().get(object));
        out->push_back('{');
        bool first = true;
        SIMDJSON_TRY(EachField(object, [&](std::string_view key, od::value field) {
          if (!first) out->push_back(',');
          first = false;
          AppendJsonString(key, out);
          out->push_back(':');
          return JsonText(field, out, depth + 1);
        }));
        out->push_back('}');
        return simdjson::SUCCESS;
      }
      case od::json_type::string: {
        std::string_view text;
        SIMDJSON_TRY(value.get_string().get(text));
        AppendJsonString(text, out);
        return simdjson::SUCCESS;
      }
      default: {
        std::string_view text;
        SIMDJSON_TRY(Scalar(value, type, &text));
        out->append(text.empty() ? std::string_view("null") : text);
        return simdjson::SUCCESS;
      }
    }
  }

  od::parser parser_;
  std::string padded_;
  std::string key_;
  std::string array_text_;
  char number_buffer_[32];
};

}  // namespace

bool OnDemandAvailable() { return true; }

bool FlattenJsonLineOnDemand(std::string_view line, FlatObject* out) {
  // One parser per thread: ingest reads a file's parts side by side.
  thread_local OnDemandFlattener flattener;
  return flattener.Flatten(line, out);
}

}  // namespace fl

#else  // no simdjson (the wasm build): the SAX path reads every such line.

namespace fl {

bool OnDemandAvailable() { return false; }

bool FlattenJsonLineOnDemand(std::string_view, FlatObject*) { return false; }

}  // namespace fl

#endif  // FL_HAVE_SIMDJSON
