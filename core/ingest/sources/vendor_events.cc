#include "core/ingest/sources/vendor_events.h"

#include <cctype>


namespace fl {

CallKind SegmentCallEvent(std::string_view type, std::string_view event, std::string_view name,
                          std::string* scratch, std::string_view* out) {
  if (type == "identify" || type == "alias" || type == "group") return CallKind::kIdentityOnly;
  if (type == "page" || type == "screen") {
    const char* noun = type == "page" ? "Page" : "Screen";
    *scratch = name.empty() ? std::string("Loaded a ") + noun : "Viewed " + std::string(name) + " " + noun;
    *out = *scratch;
    return CallKind::kEvent;
  }
  *out = event;  // track, and rows of a warehouse `tracks` table (no type)
  return CallKind::kEvent;
}

std::string_view CanonicalVendorEvent(std::string_view event, std::string_view autocapture_type) {
  if (event.empty()) return event;
  if (event == "$autocapture") {
    if (autocapture_type == "click") return "click";
    // Form autocapture: the changed input or the submitted form is the event's element.
    if (autocapture_type == "change") return "field_change";
    if (autocapture_type == "submit") return "form_submit";
    return event;
  }
  if (event == "$mp_click" || event == "[Amplitude] Element Clicked") return "click";
  if (event == "$rageclick" || event == "$mp_rage_click" || event == "[Amplitude] Rage Click") return "rage_click";
  if (event == "$dead_click" || event == "$mp_dead_click" || event == "[Amplitude] Dead Click") return "dead_click";
  return event;
}

namespace {

// The value of attribute `key` in an elements_chain element: key="value".
std::string_view ChainAttribute(std::string_view element, std::string_view key) {
  size_t at = 0;
  while ((at = element.find(key, at)) != std::string_view::npos) {
    const bool starts = at == 0 || element[at - 1] == '"' || element[at - 1] == ':';
    const size_t open = at + key.size();
    if (starts && open + 1 < element.size() && element[open] == '=' && element[open + 1] == '"') {
      const size_t close = element.find('"', open + 2);
      if (close == std::string_view::npos) return {};
      return element.substr(open + 2, close - open - 2);
    }
    at = open;
  }
  return {};
}

}  // namespace

std::string ElementFromChain(std::string_view chain) {
  const size_t semicolon = chain.find(';');
  const std::string_view element = chain.substr(0, semicolon);
  const size_t colon = element.find(':');
  const std::string_view selector = element.substr(0, colon);  // tag.class1.class2
  const std::string_view attributes = colon == std::string_view::npos ? std::string_view() : element.substr(colon + 1);
  for (std::string_view key : {"attr__id", "attr_id"}) {
    if (std::string_view id = ChainAttribute(attributes, key); !id.empty()) return "#" + std::string(id);
  }
  const std::string_view tag = selector.substr(0, selector.find('.'));
  if (std::string_view text = ChainAttribute(attributes, "text"); !text.empty()) {
    return std::string(tag) + " \"" + std::string(text) + "\"";
  }
  return std::string(selector);
}

std::string ElementFromProperty(std::string_view property, std::string_view value) {
  std::string lower(property);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  auto ends = [&](std::string_view suffix) {
    return lower.size() >= suffix.size() && std::string_view(lower).substr(lower.size() - suffix.size()) == suffix;
  };
  if (ends("element id") || ends("$el_id") || ends("elementid") || ends("link_id")) return "#" + std::string(value);
  if (lower.find("text") != std::string::npos) return "\"" + std::string(value) + "\"";
  return std::string(value);
}

}  // namespace fl
