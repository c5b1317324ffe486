#include "core/ingest/sources/source_profile.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"

namespace fl {
namespace {

// Each vendor's documented export; docs/sources.md has the links and the shapes.
const std::vector<SourceProfile>& Profiles() {
  static const std::vector<SourceProfile>* profiles = new std::vector<SourceProfile>{
      {SourceKind::kPostHog, "posthog", "a PostHog events export",
       /*identity=*/{"person_id", "distinct_id", "properties.$anon_distinct_id", "$anon_distinct_id"},
       /*time=*/{"timestamp"},
       /*event=*/{"event"},
       /*session=*/{"properties.$session_id", "$session_id"},
       /*insert_id=*/{"uuid"},
       /*call_type=*/{}, /*call_name=*/{},
       /*page=*/{"properties.$pathname", "$pathname", "properties.$current_url", "$current_url"},
       /*element=*/{"elements_chain", "properties.$elements_chain", "$elements_chain", "properties.$el_text"},
       /*null_values=*/{},
       "person_id is the person; without it, distinct_id is linked to $anon_distinct_id (sent on $identify)",
       "https://posthog.com/docs/data/persons"},
      {SourceKind::kMixpanel, "mixpanel", "a Mixpanel raw export",
       {"properties.$user_id", "properties.distinct_id", "properties.$device_id", "properties.$identified_id",
        "properties.$anon_id", "properties.$anon_distinct_id"},
       {"properties.time"},
       {"event"},
       {},
       {"properties.$insert_id"},
       {}, {},
       {"properties.$pathname", "properties.current_url_path", "properties.$current_url"},
       {"properties.$el_id", "properties.$el_text", "properties.$el_selector", "properties.$el_tag_name"},
       {},
       "$device_id, $user_id and distinct_id seen on one event are one person (simplified ID merge); "
       "$identify links $anon_id to $identified_id (original ID merge)",
       "https://docs.mixpanel.com/docs/tracking-methods/id-management/identifying-users-simplified"},
      {SourceKind::kAmplitude, "amplitude", "an Amplitude export",
       {"user_id", "device_id", "amplitude_id"},
       {"event_time", "client_event_time"},
       {"event_type"},
       {"session_id"},
       {"$insert_id", "insert_id", "uuid"},
       {}, {},
       {"event_properties.[Amplitude] Page Path", "event_properties.[Amplitude] Page URL"},
       {"event_properties.[Amplitude] Element ID", "event_properties.[Amplitude] Element Text",
        "event_properties.[Amplitude] Element Selector", "event_properties.[Amplitude] Element Tag"},
       {"-1"},
       "user_id, device_id and amplitude_id seen on one event are one person",
       "https://amplitude.com/docs/apis/analytics/export"},
      {SourceKind::kSegment, "segment", "a Segment event stream",
       {"userId", "user_id", "anonymousId", "anonymous_id", "previousId", "previous_id"},
       {"timestamp", "originalTimestamp", "original_timestamp", "receivedAt", "received_at"},
       {"event", "event_text"},
       {},
       {"messageId", "message_id", "id"},
       {"type"}, {"name"},
       {"context.page.path", "properties.path", "context.page.url", "properties.url", "context_page_path"},
       {},
       {},
       "anonymousId and userId seen on one call (identify, track, page) are one person; alias links previousId "
       "to userId",
       "https://segment.com/docs/connections/spec/identify/"},
      {SourceKind::kRudderStack, "rudderstack", "a RudderStack event stream",
       {"userId", "user_id", "anonymousId", "anonymous_id", "previousId", "previous_id"},
       {"timestamp", "originalTimestamp", "original_timestamp", "receivedAt", "received_at"},
       {"event", "event_text"},
       {"context.sessionId", "context_session_id"},
       {"messageId", "message_id", "id"},
       {"type"}, {"name"},
       {"context.page.path", "properties.path", "context.page.url", "properties.url", "context_page_path"},
       {},
       {},
       "anonymousId and userId seen on one call (identify, track, page) are one person; alias links previousId "
       "to userId",
       "https://www.rudderstack.com/docs/event-spec/standard-events/identify/"},
      {SourceKind::kGa4, "ga4", "a GA4 BigQuery export",
       {"user_id", "user_pseudo_id"},
       {"event_timestamp"},
       {"event_name"},
       {"event_params.ga_session_id"},
       {},
       {}, {},
       {"event_params.page_location"},
       {"event_params.link_id", "event_params.link_text", "event_params.link_url"},
       {},
       "user_pseudo_id (the device) and user_id (the login) seen on one event are one person",
       "https://support.google.com/analytics/answer/7029846"},
      {SourceKind::kSnowplow, "snowplow", "Snowplow enriched events",
       {"user_id", "domain_userid"},
       {"derived_tstamp", "collector_tstamp"},
       {"event_name", "event"},
       {"domain_sessionid"},
       {"event_id"},
       {}, {},
       {"page_urlpath", "page_url"},
       {"link_click.elementId", "link_click.targetUrl"},
       {},
       "domain_userid (the first-party cookie) and user_id seen on one event are one person",
       "https://docs.snowplow.io/docs/fundamentals/canonical-event/"},
  };
  return *profiles;
}

bool Has(const std::vector<std::string>& columns, std::string_view name) {
  return std::find(columns.begin(), columns.end(), name) != columns.end();
}

bool HasPrefix(const std::vector<std::string>& columns, std::string_view prefix) {
  for (const std::string& c : columns) {
    if (c.size() > prefix.size() && std::string_view(c).substr(0, prefix.size()) == prefix) return true;
  }
  return false;
}

}  // namespace

const SourceProfile& GenericSource() {
  static const SourceProfile* generic =
      new SourceProfile{SourceKind::kGeneric, "generic", "a generic event file", {}, {}, {}, {}, {}, {}, {}, {},
                        {}, {}, "one id column is the person", ""};
  return *generic;
}

const SourceProfile* FindSource(std::string_view name) {
  if (name == "generic") return &GenericSource();
  for (const SourceProfile& p : Profiles()) {
    if (name == p.name) return &p;
  }
  return nullptr;
}

std::string SourceNames() {
  std::vector<std::string> names;
  for (const SourceProfile& p : Profiles()) names.push_back(p.name);
  names.push_back("generic");
  return absl::StrJoin(names, ", ");
}

SourceMatch DetectSource(const std::vector<std::string>& c) {
  // Each rule asks for keys that the vendor's export always has and that a hand-made
  // file would rarely combine; the first rule that holds wins.
  auto match = [&](SourceKind kind, std::vector<std::string> keys) {
    SourceMatch m;
    for (const SourceProfile& p : Profiles()) {
      if (p.kind == kind) m.profile = &p;
    }
    m.reason = absl::StrCat("columns ", absl::StrJoin(keys, ", "));
    return m;
  };
  if (Has(c, "event") && Has(c, "properties.time") && Has(c, "properties.distinct_id")) {
    return match(SourceKind::kMixpanel, {"event", "properties.time", "properties.distinct_id"});
  }
  if (Has(c, "event_name") && Has(c, "event_timestamp") && Has(c, "user_pseudo_id")) {
    return match(SourceKind::kGa4, {"event_name", "event_timestamp", "user_pseudo_id"});
  }
  if (Has(c, "event_type") && Has(c, "amplitude_id")) return match(SourceKind::kAmplitude, {"event_type", "amplitude_id"});
  if (Has(c, "event_type") && Has(c, "device_id") && Has(c, "event_time")) {
    return match(SourceKind::kAmplitude, {"event_type", "device_id", "event_time"});
  }
  if (Has(c, "domain_userid") && Has(c, "collector_tstamp") && Has(c, "event_id")) {
    return match(SourceKind::kSnowplow, {"domain_userid", "collector_tstamp", "event_id"});
  }
  const bool segment_ids = Has(c, "anonymousId") || Has(c, "userId");
  // `channel` is in Segment's examples too; rudderId and request_ip are RudderStack's own.
  if (segment_ids && Has(c, "type") && (Has(c, "rudderId") || Has(c, "request_ip"))) {
    return match(SourceKind::kRudderStack, {"type", Has(c, "anonymousId") ? "anonymousId" : "userId",
                                            Has(c, "rudderId") ? "rudderId" : "request_ip"});
  }
  if (segment_ids && Has(c, "type") && (Has(c, "messageId") || Has(c, "timestamp"))) {
    return match(SourceKind::kSegment,
                 {"type", Has(c, "anonymousId") ? "anonymousId" : "userId", Has(c, "messageId") ? "messageId" : "timestamp"});
  }
  if (Has(c, "anonymous_id") && Has(c, "event") && (Has(c, "received_at") || Has(c, "original_timestamp"))) {
    return match(SourceKind::kSegment, {"anonymous_id", "event", Has(c, "received_at") ? "received_at" : "original_timestamp"});
  }
  if (Has(c, "distinct_id") && Has(c, "event") &&
      (Has(c, "person_id") || Has(c, "uuid") || Has(c, "elements_chain") || Has(c, "properties") ||
       HasPrefix(c, "properties.$"))) {
    return match(SourceKind::kPostHog, {"event", "distinct_id",
                                        Has(c, "person_id") ? "person_id"
                                        : Has(c, "uuid")    ? "uuid"
                                        : Has(c, "elements_chain") ? "elements_chain"
                                                                   : "properties.$..."});
  }
  SourceMatch none;
  none.profile = &GenericSource();
  return none;
}

const std::vector<std::string>& SnowplowEnrichedColumns() {
  // snowplow-python-analytics-sdk, event_transformer.py ENRICHED_EVENT_FIELD_TYPES.
  static const std::vector<std::string>* columns = new std::vector<std::string>(absl::StrSplit(
      "app_id platform etl_tstamp collector_tstamp dvce_created_tstamp event event_id txn_id name_tracker "
      "v_tracker v_collector v_etl user_id user_ipaddress user_fingerprint domain_userid domain_sessionidx "
      "network_userid geo_country geo_region geo_city geo_zipcode geo_latitude geo_longitude geo_region_name "
      "ip_isp ip_organization ip_domain ip_netspeed page_url page_title page_referrer page_urlscheme "
      "page_urlhost page_urlport page_urlpath page_urlquery page_urlfragment refr_urlscheme refr_urlhost "
      "refr_urlport refr_urlpath refr_urlquery refr_urlfragment refr_medium refr_source refr_term mkt_medium "
      "mkt_source mkt_term mkt_content mkt_campaign contexts se_category se_action se_label se_property "
      "se_value unstruct_event tr_orderid tr_affiliation tr_total tr_tax tr_shipping tr_city tr_state "
      "tr_country ti_orderid ti_sku ti_name ti_category ti_price ti_quantity pp_xoffset_min pp_xoffset_max "
      "pp_yoffset_min pp_yoffset_max useragent br_name br_family br_version br_type br_renderengine br_lang "
      "br_features_pdf br_features_flash br_features_java br_features_director br_features_quicktime "
      "br_features_realplayer br_features_windowsmedia br_features_gears br_features_silverlight br_cookies "
      "br_colordepth br_viewwidth br_viewheight os_name os_family os_manufacturer os_timezone dvce_type "
      "dvce_ismobile dvce_screenwidth dvce_screenheight doc_charset doc_width doc_height tr_currency "
      "tr_total_base tr_tax_base tr_shipping_base ti_currency ti_price_base base_currency geo_timezone "
      "mkt_clickid mkt_network etl_tags dvce_sent_tstamp refr_domain_userid refr_device_tstamp "
      "derived_contexts domain_sessionid derived_tstamp event_vendor event_name event_format event_version "
      "event_fingerprint true_tstamp",
      ' '));
  return *columns;
}

bool LooksLikeSnowplowTsv(std::string_view first_line) {
  if (!first_line.empty() && first_line.back() == '\r') first_line.remove_suffix(1);
  std::vector<std::string_view> fields;
  for (size_t start = 0;;) {
    const size_t tab = first_line.find('\t', start);
    fields.push_back(first_line.substr(start, tab == std::string_view::npos ? std::string_view::npos : tab - start));
    if (tab == std::string_view::npos) break;
    start = tab + 1;
  }
  if (fields.size() != SnowplowEnrichedColumns().size()) return false;
  static constexpr std::string_view kPlatforms[] = {"web", "mob", "pc", "srv", "app", "tv", "cnsl", "iot"};
  const bool platform =
      std::find(std::begin(kPlatforms), std::end(kPlatforms), fields[1]) != std::end(kPlatforms);
  // collector_tstamp: "2013-11-26 00:03:57.885"
  const std::string_view t = fields[3];
  return platform && t.size() >= 19 && t[4] == '-' && t[10] == ' ';
}

}  // namespace fl
