#ifndef FRICTIONLENS_CORE_INGEST_SOURCES_VENDOR_EVENTS_H_
#define FRICTIONLENS_CORE_INGEST_SOURCES_VENDOR_EVENTS_H_

// Vendor events read as the vendor meant them.
//   Segment / RudderStack calls: track -> its `event`; page -> "Viewed Checkout Page"
//   (or "Loaded a Page" without a name), screen -> "Viewed Cart Screen", as Segment's
//   Mixpanel and Amplitude destinations name them; identify, alias and group carry
//   identity only (they link ids, they are no step of a journey).
//   Autocaptured clicks: PostHog $autocapture with $event_type click, Mixpanel
//   $mp_click and Amplitude's [Amplitude] Element Clicked -> `click`; PostHog
//   $autocapture with $event_type change -> `field_change`, submit -> `form_submit` (the
//   names the forms section reads, the element naming the field); $rageclick,
//   $mp_rage_click, [Amplitude] Rage Click -> `rage_click`; $dead_click,
//   $mp_dead_click, [Amplitude] Dead Click -> `dead_click`: the names the friction
//   detectors read (docs/friction.md), whatever tool recorded them.

#include <string>
#include <string_view>

namespace fl {

enum class CallKind { kEvent, kIdentityOnly };

// The event name of a Segment-style call. `scratch` holds a composed name.
CallKind SegmentCallEvent(std::string_view type, std::string_view event, std::string_view name,
                          std::string* scratch, std::string_view* out);

// The friction detectors' (and the forms section's) name for a vendor's click or form
// event, or `event` unchanged.
// `autocapture_type` is PostHog's $event_type of an $autocapture event.
std::string_view CanonicalVendorEvent(std::string_view event, std::string_view autocapture_type);

// A readable name for a clicked element from PostHog's elements_chain (the clicked
// element comes first):  button.btn:attr__id="apply"text="Apply";form:...  -> #apply
// Without an id: button "Apply"; without text: button.btn.
std::string ElementFromChain(std::string_view chain);

// A readable element from one vendor property: ids as #id, texts quoted, the rest as is.
//   ("properties.$el_id", "apply") -> #apply   ("[Amplitude] Element Text", "Apply") -> "Apply"
std::string ElementFromProperty(std::string_view property, std::string_view value);

}  // namespace fl

#endif  // FRICTIONLENS_CORE_INGEST_SOURCES_VENDOR_EVENTS_H_
