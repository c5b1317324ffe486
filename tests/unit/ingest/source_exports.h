#ifndef FRICTIONLENS_TESTS_UNIT_SOURCE_EXPORTS_H_
#define FRICTIONLENS_TESTS_UNIT_SOURCE_EXPORTS_H_

// Vendor exports written from one seeded population of shoppers, for the source
// readers' tests (sources_test.cc). Each shopper browses anonymously under a device id,
// some log in midway, some go on on a second device after logging in (browsing there
// anonymously first, then logging in), and each drops somewhere on the way product
// view -> add to cart -> order. The population is the ground truth: who is one person,
// and which step each person reaches (computed here, independently of the reader).
//
// The shapes follow the vendors' documentation as collected in docs/sources.md:
//   PostHog    batch export JSON Lines (uuid, event, distinct_id, person_id, timestamp,
//              properties as a JSON string or an object, elements_chain), and a CSV of
//              uuid,event,distinct_id,timestamp,properties,elements_chain with the
//              properties as a JSON cell; $identify carries $anon_distinct_id
//   Mixpanel   raw export: {"event", "properties": {time (epoch s), distinct_id,
//              $device_id, $user_id, $insert_id, ...}} (simplified ID merge)
//   Amplitude  export API JSON Lines: event_type, event_time "YYYY-MM-DD HH:MM:SS.ffffff",
//              user_id, device_id, amplitude_id, session_id (-1: none), $insert_id
//   Segment    messages: track / page / identify / alias with anonymousId, userId,
//              previousId, messageId, timestamp; RudderStack the same with rudderId,
//              channel and context.sessionId
//   GA4        BigQuery NDJSON: event_date (YYYYMMDD in the property's zone),
//              event_timestamp (microseconds), event_name, event_params key/value
//              arrays, user_id, user_pseudo_id
//   Snowplow   enriched TSV, 131 fields, no header; add_to_cart and link_click as
//              unstruct events with self-describing JSON, orders as transaction events

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "nlohmann/json.hpp"

namespace fl::sources_testing {

using ojson = nlohmann::ordered_json;

// splitmix64: the same numbers on every platform.
class Random {
 public:
  explicit Random(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  int64_t Below(int64_t n) { return static_cast<int64_t>(Next() % static_cast<uint64_t>(n)); }
  bool OneIn(int64_t n) { return Below(n) == 0; }
  template <typename T>
  void Shuffle(std::vector<T>* v) {
    for (size_t i = v->size(); i > 1; --i) std::swap((*v)[i - 1], (*v)[static_cast<size_t>(Below(static_cast<int64_t>(i)))]);
  }

 private:
  uint64_t state_;
};

inline uint64_t Hash(uint64_t a, uint64_t b = 0, uint64_t c = 0) {
  Random r(a * 0x100000001B3ull ^ (b << 21) ^ (c << 42) ^ 0x5bd1e995u);
  r.Next();
  return r.Next();
}

// ---- time text, computed here (not with the reader's formatter) ----

// Howard Hinnant's civil_from_days.
inline void CivilFromDays(int64_t z, int* y, int* m, int* d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  *d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  *m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  *y = static_cast<int>(yoe + era * 400 + (*m <= 2));
}

// "2024-06-10T14:03:21.512Z" (sep 'T', 3 digits, zone) or "2024-06-10 14:03:21.512000"
// (sep ' ', 6 digits, no zone) ... digits 0 gives no fraction.
inline std::string TimeText(int64_t ms, char sep, int digits, bool zulu) {
  const int64_t days = ms >= 0 ? ms / 86400000 : (ms - 86399999) / 86400000;
  const int64_t in_day = ms - days * 86400000;
  int y, m, d;
  CivilFromDays(days, &y, &m, &d);
  char buffer[64];
  const int64_t s = in_day / 1000;
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d%c%02d:%02d:%02d", y, m, d, sep, static_cast<int>(s / 3600),
                static_cast<int>(s / 60 % 60), static_cast<int>(s % 60));
  std::string out = buffer;
  if (digits > 0) {
    std::snprintf(buffer, sizeof buffer, ".%03d", static_cast<int>(in_day % 1000));
    out += buffer;
    for (int i = 3; i < digits; ++i) out += '0';
  }
  if (zulu) out += 'Z';
  return out;
}

// "20240610": the date of `ms` shifted by `offset_hours` (GA4's event_date is the date
// in the property's time zone).
inline std::string CompactDate(int64_t ms, int offset_hours) {
  const int64_t local = ms + offset_hours * 3600000LL;
  const int64_t days = local >= 0 ? local / 86400000 : (local - 86399999) / 86400000;
  int y, m, d;
  CivilFromDays(days, &y, &m, &d);
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d%02d%02d", y, m, d);
  return buffer;
}

inline std::string Hex(uint64_t v, int digits) {
  static const char* kHex = "0123456789abcdef";
  std::string out(static_cast<size_t>(digits), '0');
  for (int i = digits - 1; i >= 0; --i) {
    out[static_cast<size_t>(i)] = kHex[v & 15];
    v >>= 4;
  }
  return out;
}

// A UUID-shaped id, unique per (salt, person, k): the person and k are its last group.
inline std::string Uuid(uint64_t salt, int person, int k) {
  const uint64_t h = Hash(salt, static_cast<uint64_t>(person), static_cast<uint64_t>(k));
  return Hex(h >> 32, 8) + "-" + Hex(h >> 16, 4) + "-7" + Hex(h >> 4, 3) + "-8" + Hex(h >> 40, 3) + "-" +
         Hex((static_cast<uint64_t>(person) << 12) | static_cast<uint64_t>(k & 0xfff), 12);
}

// ---- the population ----

enum class Kind { kBrowse, kView, kCart, kOrder, kLogin, kClick, kRage, kDead };

struct Action {
  int64_t ms;
  Kind kind;
  int device;      // 0 or 1
  bool logged_in;  // the login id is known on this action (kLogin: the login itself)
  int sku;
  int session;     // per person, counted across devices
};

struct Person {
  int index = 0;
  bool logs_in = false;
  bool two_devices = false;
  // Segment: events after the login carry userId only (sent from the server), so only
  // the identify (or alias) call links the anonymous id.
  bool server_side = false;
  bool via_alias = false;  // Segment: the login is an alias call instead of identify
  std::vector<Action> actions;  // in time order
};

struct Population {
  std::vector<Person> persons;
  int64_t first_ms = 0, last_ms = 0;
};

inline constexpr int64_t kT0 = 1717977600000LL;  // 2024-06-10T00:00:00Z
inline constexpr int64_t kWindowMs = 3600000;     // the journeys' window, 1h

inline void Attempt(Random& r, std::vector<Kind>* out) {
  if (r.OneIn(3)) out->push_back(Kind::kBrowse);
  if (r.OneIn(12)) out->push_back(Kind::kCart);  // a cart before any view: no step 1
  out->push_back(Kind::kView);
  if (r.OneIn(5)) out->push_back(r.OneIn(2) ? Kind::kRage : Kind::kDead);
  if (r.OneIn(5)) out->push_back(Kind::kClick);
  if (r.Below(10) < 6) {
    out->push_back(Kind::kCart);
    if (r.OneIn(7)) out->push_back(Kind::kRage);
    if (r.Below(10) < 6) out->push_back(Kind::kOrder);
  } else if (r.OneIn(8)) {
    out->push_back(Kind::kOrder);  // an order without a cart (e.g. buy now): no step 2
  }
}

inline Population MakePopulation(int n, uint64_t seed) {
  Random r(seed);
  Population pop;
  pop.first_ms = INT64_MAX;
  pop.last_ms = INT64_MIN;
  for (int i = 0; i < n; ++i) {
    Person p;
    p.index = i;
    p.logs_in = r.Below(10) < 6;
    p.two_devices = p.logs_in && r.Below(10) < 4;
    p.server_side = r.OneIn(4);
    p.via_alias = r.OneIn(5);
    int64_t t = kT0 + r.Below(4LL * 86400) * 1000 + r.Below(1000);
    int session = 0;
    int sku = static_cast<int>(r.Below(40));
    auto gap = [&]() -> int64_t {
      if (r.OneIn(8)) {
        ++session;
        return 65 * 60000LL + r.Below(180 * 60000LL);  // beyond the window
      }
      return 2000 + r.Below(12 * 60000LL);
    };
    // Device 0: anonymous, then (maybe) a login before a later attempt.
    std::vector<Kind> kinds;
    const int attempts = 1 + static_cast<int>(r.Below(3));
    for (int a = 0; a < attempts; ++a) Attempt(r, &kinds);
    size_t login_at = kinds.size() + 1;
    if (p.logs_in) {
      login_at = 1 + static_cast<size_t>(r.Below(static_cast<int64_t>(kinds.size())));  // after >= 1 anonymous action
      kinds.insert(kinds.begin() + static_cast<std::ptrdiff_t>(login_at), Kind::kLogin);
    }
    for (size_t k = 0; k < kinds.size(); ++k) {
      if (kinds[k] == Kind::kView) sku = static_cast<int>(r.Below(40));
      p.actions.push_back({t, kinds[k], 0, k >= login_at, sku, session});
      t += gap();
    }
    if (p.two_devices) {
      // Device 1, later: a little anonymous browsing, a login, then more attempts.
      t += r.OneIn(2) ? 2 * 60000 + r.Below(20 * 60000) : 3 * 3600000LL + r.Below(30 * 3600000LL);
      ++session;
      std::vector<Kind> second;
      const int anonymous = static_cast<int>(r.Below(3));
      for (int a = 0; a < anonymous; ++a) second.push_back(r.OneIn(2) ? Kind::kBrowse : Kind::kView);
      const size_t login = second.size();
      second.push_back(Kind::kLogin);
      const int more = 1 + static_cast<int>(r.Below(2));
      for (int a = 0; a < more; ++a) Attempt(r, &second);
      for (size_t k = 0; k < second.size(); ++k) {
        if (second[k] == Kind::kView) sku = static_cast<int>(r.Below(40));
        p.actions.push_back({t, second[k], 1, k >= login, sku, session});
        t += gap();
      }
    }
    pop.first_ms = std::min(pop.first_ms, p.actions.front().ms);
    pop.last_ms = std::max(pop.last_ms, p.actions.back().ms);
    pop.persons.push_back(std::move(p));
  }
  return pop;
}

// The ground truth: persons reaching each step of view -> cart -> order, ordered, within
// kWindowMs of the view (ClickHouse windowFunnel: the deepest step over every start),
// on the times as the export writes them (`quantum_ms`: 1000 for epoch seconds).
inline std::array<int64_t, 3> TruthSteps(const Population& pop, int64_t quantum_ms) {
  std::array<int64_t, 3> counts{};
  for (const Person& p : pop.persons) {
    std::vector<std::pair<int64_t, int>> steps;
    for (const Action& a : p.actions) {
      const int level = a.kind == Kind::kView ? 1 : a.kind == Kind::kCart ? 2 : a.kind == Kind::kOrder ? 3 : 0;
      if (level > 0) steps.push_back({a.ms / quantum_ms * quantum_ms, level});
    }
    std::sort(steps.begin(), steps.end());
    int best = 0;
    for (size_t i = 0; i < steps.size(); ++i) {
      if (steps[i].second != 1) continue;
      int reached = 1;
      for (size_t j = i + 1; j < steps.size() && steps[j].first <= steps[i].first + kWindowMs && reached < 3; ++j) {
        if (steps[j].second == reached + 1) ++reached;
      }
      best = std::max(best, reached);
    }
    for (int k = 0; k < best; ++k) ++counts[static_cast<size_t>(k)];
  }
  return counts;
}

// Sessions: the export's session ids (one per Action::session), or, for exports without
// one, a new session after more than 30 minutes without an event (`login_is_event`:
// false for Segment, whose login is an identify call and no event).
// `no_session_orders`: Amplitude's server-side orders carry session_id -1 (none), so
// they make no session of their own.
inline int64_t TruthSessions(const Population& pop, bool by_gap, int64_t quantum_ms, bool login_is_event,
                             bool no_session_orders) {
  int64_t sessions = 0;
  for (const Person& p : pop.persons) {
    if (!by_gap) {
      std::vector<int> ids;
      for (const Action& a : p.actions) {
        if (a.kind == Kind::kLogin && !login_is_event) continue;
        if (a.kind == Kind::kOrder && a.logged_in && no_session_orders) continue;
        ids.push_back(a.session);
      }
      std::sort(ids.begin(), ids.end());
      sessions += std::unique(ids.begin(), ids.end()) - ids.begin();
      continue;
    }
    int64_t previous = INT64_MIN;
    for (const Action& a : p.actions) {
      if (a.kind == Kind::kLogin && !login_is_event) continue;
      const int64_t t = a.ms / quantum_ms * quantum_ms;
      if (previous == INT64_MIN || t - previous > 30 * 60000) ++sessions;
      previous = t;
    }
  }
  return sessions;
}

// The same count with each device taken as its own person (no stitching across
// devices): differs from TruthSteps when journeys go on on a second device.
inline std::array<int64_t, 3> TruthStepsPerDevice(const Population& pop, int64_t quantum_ms) {
  Population split;
  for (const Person& p : pop.persons) {
    for (int device = 0; device < 2; ++device) {
      Person q;
      for (const Action& a : p.actions) {
        if (a.device == device) q.actions.push_back(a);
      }
      if (!q.actions.empty()) split.persons.push_back(std::move(q));
    }
  }
  return TruthSteps(split, quantum_ms);
}

// ---- exports ----

struct Line {
  std::string text;
  bool event = true;      // false: an identity-only call (Segment identify / alias)
  bool can_duplicate = false;  // carries an insert id
  std::string renamed;         // "$rageclick -> rage_click" when the reader renames it
};

struct Export {
  std::string header;  // with its newline; empty for JSON Lines and Snowplow TSV
  std::vector<Line> lines;
  int64_t events = 0;      // event rows, duplicates not counted
  int64_t duplicates = 0;  // lines repeated verbatim (same insert id)
  int64_t rage_clicks = 0, dead_clicks = 0, clicks = 0;
  std::string rage_target, dead_target, click_target;  // the expected `target`
  int64_t first_ms = 0;  // the earliest event time as written
};

// Renamed events as read: every line, duplicates included (they are renamed when read
// and dropped afterwards).
inline std::map<std::string, int64_t> RenamedAsRead(const Export& e) {
  std::map<std::string, int64_t> out;
  for (const Line& l : e.lines) {
    if (!l.renamed.empty()) ++out[l.renamed];
  }
  return out;
}

// The report's time text: milliseconds only when not zero.
inline std::string ReportTime(int64_t ms) { return TimeText(ms, 'T', ms % 1000 == 0 ? 0 : 3, true); }

inline std::string Bytes(const Export& e) {
  std::string out = e.header;
  for (const Line& l : e.lines) {
    out += l.text;
    out += '\n';
  }
  return out;
}

// Repeats every `every`-th line that carries an insert id a little later in the file.
inline void AddDuplicates(Export* e, int every, uint64_t seed) {
  Random r(seed);
  std::vector<Line> out;
  std::vector<std::pair<size_t, Line>> pending;  // (insert before this index, line)
  int seen = 0;
  for (size_t i = 0; i < e->lines.size(); ++i) {
    for (auto it = pending.begin(); it != pending.end();) {
      if (it->first == i) {
        out.push_back(it->second);
        it = pending.erase(it);
      } else {
        ++it;
      }
    }
    out.push_back(e->lines[i]);
    if (e->lines[i].can_duplicate && ++seen % every == 0) {
      pending.push_back({i + 1 + static_cast<size_t>(r.Below(20)), e->lines[i]});
      ++e->duplicates;
    }
  }
  for (auto& [at, line] : pending) out.push_back(line);
  e->lines = std::move(out);
}

// The lines shuffled and dealt into `files` files, each with the header.
inline std::vector<std::pair<std::string, std::string>> ShuffledFiles(const Export& e, int files, uint64_t seed,
                                                                      const std::string& ext) {
  Random r(seed);
  std::vector<Line> lines = e.lines;
  r.Shuffle(&lines);
  std::vector<std::pair<std::string, std::string>> out;
  for (int f = 0; f < files; ++f) out.push_back({"part-" + std::to_string(f) + ext, e.header});
  for (size_t i = 0; i < lines.size(); ++i) {
    std::string& bytes = out[static_cast<size_t>(r.Below(files))].second;
    bytes += lines[i].text;
    bytes += '\n';
  }
  return out;
}

inline void Count(Export* e, const Action& a) {
  ++e->events;
  if (a.kind == Kind::kRage) ++e->rage_clicks;
  if (a.kind == Kind::kDead) ++e->dead_clicks;
  if (a.kind == Kind::kClick) ++e->clicks;
}

inline std::string Path(const Action& a) {
  switch (a.kind) {
    case Kind::kBrowse: return a.sku % 2 ? "/" : "/category/shoes";
    case Kind::kView:
    case Kind::kRage:
    case Kind::kDead:
    case Kind::kClick: return "/product/sku-" + std::to_string(a.sku);
    case Kind::kCart: return "/cart";
    case Kind::kOrder: return "/checkout/thank-you";
    case Kind::kLogin: return "/account/login";
  }
  return "/";
}

// PostHog. `object_properties`: properties as an object on odd persons' lines (the
// docs give a JSON-encoded string; readers accept both); `with_person_id`: the batch
// export's person_id (the person at ingestion time, never updated: the second device's
// anonymous events carry their own anonymous person).
inline Export PostHog(const Population& pop, bool with_person_id, bool csv) {
  Export e;
  e.rage_target = "#add-to-cart";
  e.dead_target = "a \"Free shipping\"";
  e.click_target = "#reviews-tab";
  if (csv) e.header = "uuid,event,distinct_id,timestamp,properties,elements_chain\n";
  e.first_ms = pop.first_ms;
  int n = 0;
  for (const Person& p : pop.persons) {
    const std::string user = "user_" + std::to_string(1000 + p.index);
    for (const Action& a : p.actions) {
      const std::string device = Uuid(11, p.index, a.device);
      const std::string person_id =
          a.device == 1 && !a.logged_in ? Uuid(12, p.index, 1) : Uuid(12, p.index, 0);
      ojson props = ojson::object();
      std::string event, renamed, chain;
      const std::string path = Path(a);
      switch (a.kind) {
        case Kind::kBrowse:
        case Kind::kView: event = "$pageview"; break;
        case Kind::kCart: event = "Product Added"; props["product_id"] = "sku-" + std::to_string(a.sku); break;
        case Kind::kOrder: event = "Order Completed"; props["revenue"] = 20 + a.sku; break;
        case Kind::kLogin: event = "$identify"; props["$anon_distinct_id"] = device; break;
        case Kind::kRage:
          event = "$rageclick";
          renamed = "rage_click";
          chain = "button.btn.btn-primary:attr__class=\"btn btn-primary\"attr__id=\"add-to-cart\"attr_id=\"add-to-cart\""
                  "nth-child=\"2\"nth-of-type=\"1\"text=\"Add to cart\";div.product:attr__class=\"product\"nth-child=\"1\""
                  "nth-of-type=\"1\"";
          props["$event_type"] = "click";
          props["$el_text"] = "Add to cart";
          break;
        case Kind::kDead:
          event = "$dead_click";
          renamed = "dead_click";
          chain = "a.promo:attr__class=\"promo\"attr__href=\"/shipping\"href=\"/shipping\"nth-child=\"3\"nth-of-type=\"1\""
                  "text=\"Free shipping\";div.banner:nth-child=\"1\"nth-of-type=\"1\"";
          props["$dead_click_absolute_delay_ms"] = 3000;
          break;
        case Kind::kClick:
          event = "$autocapture";
          renamed = "click";
          chain = "a.tab:attr__id=\"reviews-tab\"attr_id=\"reviews-tab\"nth-child=\"1\"nth-of-type=\"1\"text=\"Reviews\"";
          props["$event_type"] = "click";
          break;
      }
      props["$current_url"] = "https://shop.example.com" + path;
      props["$host"] = "shop.example.com";
      props["$pathname"] = path;
      props["$session_id"] = Uuid(13, p.index, a.session);
      props["$lib"] = "web";
      props["$insert_id"] = Hex(Hash(14, static_cast<uint64_t>(p.index), static_cast<uint64_t>(n)), 16);
      // posthog-js switches distinct_id to the login id on identify (the $identify event
      // itself is sent with the new id and $anon_distinct_id the old one).
      const std::string distinct_id = a.logged_in ? user : device;
      const std::string uuid = Uuid(15, p.index, n++);
      const std::string timestamp = TimeText(a.ms, 'T', 3, true);
      Line line;
      line.can_duplicate = true;
      if (csv) {
        std::string cell = props.dump();
        std::string quoted = "\"";
        for (char c : cell) {
          if (c == '"') quoted += '"';
          quoted += c;
        }
        quoted += '"';
        std::string chain_cell = "\"";
        for (char c : chain) {
          if (c == '"') chain_cell += '"';
          chain_cell += c;
        }
        chain_cell += '"';
        line.text = uuid + "," + event + "," + distinct_id + "," + timestamp + "," + quoted + "," +
                    (chain.empty() ? std::string() : chain_cell);
      } else {
        ojson j = ojson::object();
        j["uuid"] = uuid;
        j["event"] = event;
        if (p.index % 2 == 1) {
          j["properties"] = props;
        } else {
          j["properties"] = props.dump();
        }
        j["elements_chain"] = chain;
        j["timestamp"] = timestamp;
        j["team_id"] = 2;
        j["distinct_id"] = distinct_id;
        if (with_person_id) j["person_id"] = person_id;
        j["created_at"] = TimeText(a.ms + 1500, 'T', 3, true);
        line.text = j.dump();
      }
      Count(&e, a);
      if (!renamed.empty()) line.renamed = event + " -> " + renamed;
      e.lines.push_back(std::move(line));
    }
  }
  return e;
}

// Mixpanel raw export (simplified ID merge): anonymous events have distinct_id
// "$device:<device>" and $device_id; once logged in, $user_id and distinct_id are the
// login, $device_id stays. Time in epoch seconds.
inline Export Mixpanel(const Population& pop) {
  Export e;
  e.rage_target = "#add-to-cart";
  e.dead_target = "\"Free shipping\"";
  e.click_target = "#reviews-tab";
  e.first_ms = pop.first_ms / 1000 * 1000;
  int n = 0;
  for (const Person& p : pop.persons) {
    const std::string user = "U" + std::to_string(50000 + p.index);
    for (const Action& a : p.actions) {
      const std::string device = Hex(Hash(21, static_cast<uint64_t>(p.index)), 10) + "-" +
                                 Hex(Hash(22, static_cast<uint64_t>(p.index), static_cast<uint64_t>(a.device)), 14) +
                                 "-" + std::to_string(p.index) + "d" + std::to_string(a.device);
      ojson props = ojson::object();
      props["time"] = a.ms / 1000;
      props["distinct_id"] = a.logged_in ? user : "$device:" + device;
      props["$device_id"] = device;
      if (a.logged_in) props["$user_id"] = user;
      props["$insert_id"] = Hex(Hash(23, static_cast<uint64_t>(p.index), static_cast<uint64_t>(n++)), 16);
      props["mp_processing_time_ms"] = a.ms + 1234;
      props["$current_url"] = "https://shop.example.com" + Path(a);
      props["mp_lib"] = "web";
      props["$os"] = a.device == 0 ? "Mac OS X" : "iOS";
      std::string event, renamed;
      switch (a.kind) {
        case Kind::kBrowse: event = "$mp_web_page_view"; props["current_url_path"] = Path(a); break;
        case Kind::kView: event = "Product Viewed"; props["product_id"] = a.sku; break;
        case Kind::kCart: event = "Added to Cart"; break;
        case Kind::kOrder: event = "Order Completed"; props["revenue"] = 20 + a.sku; break;
        case Kind::kLogin: event = "Sign In"; break;
        case Kind::kRage:
          event = "$mp_rage_click";
          renamed = "rage_click";
          props["$el_id"] = "add-to-cart";
          props["$el_tag_name"] = "button";
          props["$el_classes"] = ojson::array({"btn", "btn-primary"});
          props["$mp_autocapture"] = true;
          break;
        case Kind::kDead:
          event = "$mp_dead_click";
          renamed = "dead_click";
          props["$el_text"] = "Free shipping";
          props["$el_tag_name"] = "a";
          props["$mp_autocapture"] = true;
          break;
        case Kind::kClick:
          event = "$mp_click";
          renamed = "click";
          props["$el_id"] = "reviews-tab";
          props["$el_tag_name"] = "a";
          props["$mp_autocapture"] = true;
          break;
      }
      ojson j = ojson::object();
      j["event"] = event;
      j["properties"] = props;
      Count(&e, a);
      e.lines.push_back({j.dump(), true, true, renamed.empty() ? "" : event + " -> " + renamed});
    }
  }
  return e;
}

// Amplitude export: user_id null until the login, device_id per device, amplitude_id
// per (device, user) as first assigned (the second device's anonymous events keep their
// own); session_id the session start in ms, -1 on server-side order events.
inline Export Amplitude(const Population& pop) {
  Export e;
  e.rage_target = "#add-to-cart";
  e.dead_target = "\"Free shipping\"";
  e.click_target = "#reviews-tab";
  e.first_ms = pop.first_ms;
  int n = 0;
  for (const Person& p : pop.persons) {
    const std::string user = "shopper-" + std::to_string(p.index) + "@example.com";
    std::map<int, int64_t> session_start;
    for (const Action& a : p.actions) {
      if (!session_start.count(a.session)) session_start[a.session] = a.ms;
      const std::string device = Uuid(31, p.index, a.device);
      const int64_t amplitude_id =
          3000000000LL + p.index * 10 + (a.device == 1 && !a.logged_in ? 1 : 0);
      ojson props = ojson::object();
      props["[Amplitude] Page Path"] = Path(a);
      props["[Amplitude] Page URL"] = "https://shop.example.com" + Path(a);
      std::string event, renamed;
      bool server = false;
      switch (a.kind) {
        case Kind::kBrowse: event = "[Amplitude] Page Viewed"; break;
        case Kind::kView: event = "Product Viewed"; props["sku"] = a.sku; break;
        case Kind::kCart: event = "Product Added"; break;
        case Kind::kOrder: event = "Order Completed"; server = a.logged_in; break;
        case Kind::kLogin: event = "Login"; break;
        case Kind::kRage:
          event = "[Amplitude] Rage Click";
          renamed = "rage_click";
          props["[Amplitude] Element ID"] = "add-to-cart";
          props["[Amplitude] Element Tag"] = "button";
          props["[Amplitude] Element Text"] = "Add to cart";
          props["[Amplitude] Click Count"] = 4;
          break;
        case Kind::kDead:
          event = "[Amplitude] Dead Click";
          renamed = "dead_click";
          props["[Amplitude] Element Text"] = "Free shipping";
          props["[Amplitude] Element Tag"] = "a";
          break;
        case Kind::kClick:
          event = "[Amplitude] Element Clicked";
          renamed = "click";
          props["[Amplitude] Element ID"] = "reviews-tab";
          props["[Amplitude] Element Tag"] = "a";
          break;
      }
      ojson j = ojson::object();
      j["event_type"] = event;
      j["event_time"] = TimeText(a.ms, ' ', 6, false);
      j["client_event_time"] = TimeText(a.ms, ' ', 6, false);
      j["server_upload_time"] = TimeText(a.ms + 700, ' ', 6, false);
      j["user_id"] = a.logged_in ? ojson(user) : ojson(nullptr);
      j["device_id"] = server ? ojson(nullptr) : ojson(device);
      j["amplitude_id"] = amplitude_id;
      j["session_id"] = server ? -1 : session_start[a.session];
      j["$insert_id"] = Uuid(32, p.index, n);
      j["uuid"] = Uuid(33, p.index, n);
      j["event_id"] = n++;
      j["event_properties"] = props;
      j["user_properties"] = ojson::object();
      j["data"] = ojson::object();
      j["platform"] = "Web";
      j["os_name"] = a.device == 0 ? "Chrome" : "Mobile Safari";
      Count(&e, a);
      e.lines.push_back({j.dump(), true, true, renamed.empty() ? "" : event + " -> " + renamed});
    }
  }
  return e;
}

// Segment (or RudderStack) messages. Page views are page calls ("Viewed Product Page"
// for name "Product"), cart and order are track calls, the login an identify call
// (anonymousId + userId) or, for some, an alias call (previousId + userId). After the
// login, server-side shoppers' calls carry userId only.
inline Export Segment(const Population& pop, bool rudder) {
  Export e;
  e.first_ms = pop.first_ms;
  int n = 0;
  for (const Person& p : pop.persons) {
    const std::string user = (rudder ? "rs-user-" : "sg-user-") + std::to_string(p.index);
    for (const Action& a : p.actions) {
      const std::string anonymous = Uuid(rudder ? 41 : 42, p.index, a.device);
      ojson j = ojson::object();
      const bool only_user = a.logged_in && p.server_side && a.kind != Kind::kLogin;
      bool event = true;
      switch (a.kind) {
        case Kind::kBrowse:
          j["type"] = "page";
          if (a.sku % 3) j["name"] = "Home";  // else "Loaded a Page"
          break;
        case Kind::kView:
          j["type"] = "page";
          j["name"] = "Product";
          break;
        case Kind::kRage:  // no click autocapture in Segment: a tracked click stands in
        case Kind::kDead:
        case Kind::kClick:
          j["type"] = "track";
          j["event"] = "Product Clicked";
          break;
        case Kind::kCart:
          j["type"] = "track";
          j["event"] = "Product Added";
          break;
        case Kind::kOrder:
          j["type"] = "track";
          j["event"] = "Order Completed";
          break;
        case Kind::kLogin:
          event = false;
          j["type"] = p.via_alias ? "alias" : "identify";
          break;
      }
      if (!event && p.via_alias) {
        j["previousId"] = anonymous;
        j["userId"] = user;
      } else {
        if (!only_user) j["anonymousId"] = anonymous;
        if (a.logged_in) j["userId"] = user;
      }
      if (a.kind == Kind::kLogin && !p.via_alias) j["traits"] = {{"email", user + "@example.com"}};
      if (event) {
        ojson props = ojson::object();
        props["path"] = Path(a);
        props["url"] = "https://shop.example.com" + Path(a);
        if (a.kind == Kind::kCart) props["product_id"] = "sku-" + std::to_string(a.sku);
        if (a.kind == Kind::kOrder) props["revenue"] = 20 + a.sku;
        j["properties"] = props;
      }
      ojson context = ojson::object();
      context["library"] = rudder ? ojson{{"name", "RudderLabs JavaScript SDK"}, {"version", "3.0.3"}}
                                  : ojson{{"name", "analytics.js"}, {"version", "4.1.0"}};
      context["page"] = {{"path", Path(a)}, {"url", "https://shop.example.com" + Path(a)}};
      if (rudder) context["sessionId"] = pop.first_ms + p.index * 1000 + a.session;
      j["context"] = context;
      j["messageId"] = Uuid(rudder ? 43 : 44, p.index, n++);
      j["originalTimestamp"] = TimeText(a.ms - 150, 'T', 3, true);
      j["sentAt"] = TimeText(a.ms - 20, 'T', 3, true);
      j["receivedAt"] = TimeText(a.ms + 80, 'T', 3, true);
      j["timestamp"] = TimeText(a.ms, 'T', 3, true);
      if (rudder) {
        j["channel"] = "web";
        j["rudderId"] = Uuid(45, p.index, 0);
        j["request_ip"] = "203.0.113." + std::to_string(p.index % 250);
      } else {
        j["channel"] = "browser";
        j["version"] = 2;
      }
      if (event) Count(&e, a);
      e.lines.push_back({j.dump(), event, event, ""});
    }
  }
  return e;
}

// GA4 BigQuery export, one event per line. event_timestamp in microseconds, as a string
// (BigQuery's INT64 in JSON) on even persons and a number on odd ones; event_date the
// date in the property's zone (UTC-7 here), so it often differs from the UTC date.
inline Export Ga4(const Population& pop) {
  Export e;
  e.click_target = "#footer-help";
  e.first_ms = pop.first_ms;
  for (const Person& p : pop.persons) {
    const std::string user = "ga-" + std::to_string(7000 + p.index);
    auto kv = [](const std::string& key, ojson value) { return ojson{{"key", key}, {"value", std::move(value)}}; };
    for (const Action& a : p.actions) {
      const std::string pseudo = std::to_string(1000000000 + Hash(51, static_cast<uint64_t>(p.index)) % 900000000) +
                                 std::to_string(a.device) + "." + std::to_string(pop.first_ms / 1000 + p.index);
      std::string event;
      ojson params = ojson::array();
      params.push_back(kv("ga_session_id", {{"int_value", std::to_string(pop.first_ms / 1000 + p.index * 10 + a.session)}}));
      params.push_back(kv("ga_session_number", {{"int_value", std::to_string(a.session + 1)}}));
      params.push_back(kv("page_location", {{"string_value", "https://shop.example.com" + Path(a)}}));
      params.push_back(kv("engagement_time_msec", {{"int_value", "1200"}}));
      ojson items = ojson::array();
      switch (a.kind) {
        case Kind::kBrowse: event = "page_view"; break;
        case Kind::kView: event = "view_item"; break;
        case Kind::kCart: event = "add_to_cart"; break;
        case Kind::kOrder:
          event = "purchase";
          params.push_back(kv("transaction_id", {{"string_value", "T" + std::to_string(p.index)}}));
          params.push_back(kv("value", {{"double_value", 20.5 + a.sku}}));
          break;
        case Kind::kLogin:
          event = "login";
          params.push_back(kv("method", {{"string_value", "Google"}}));
          break;
        case Kind::kRage:  // GA4 has no rage or dead clicks: outbound link clicks stand in
        case Kind::kDead:
        case Kind::kClick:
          event = "click";
          params.push_back(kv("link_id", {{"string_value", "footer-help"}}));
          params.push_back(kv("link_url", {{"string_value", "https://help.example.com/"}}));
          params.push_back(kv("outbound", {{"string_value", "true"}}));
          break;
      }
      if (a.kind == Kind::kView || a.kind == Kind::kCart || a.kind == Kind::kOrder) {
        items.push_back({{"item_id", "sku-" + std::to_string(a.sku)}, {"item_name", "Shoe"}, {"price", 20.5}, {"quantity", 1}});
      }
      ojson j = ojson::object();
      j["event_date"] = CompactDate(a.ms, -7);
      const int64_t micros = a.ms * 1000 + 123;
      j["event_timestamp"] = p.index % 2 ? ojson(micros) : ojson(std::to_string(micros));
      j["event_name"] = event;
      j["event_params"] = params;
      j["event_previous_timestamp"] = nullptr;
      j["event_bundle_sequence_id"] = std::to_string(p.index);
      j["user_id"] = a.logged_in ? ojson(user) : ojson(nullptr);
      j["user_pseudo_id"] = pseudo;
      j["user_properties"] =
          a.logged_in ? ojson::array({kv("plan", {{"string_value", "member"}, {"set_timestamp_micros", std::to_string(micros)}})})
                      : ojson::array();
      j["user_first_touch_timestamp"] = std::to_string(pop.first_ms * 1000);
      j["device"] = {{"category", a.device == 0 ? "desktop" : "mobile"}, {"operating_system", "Windows"}};
      j["geo"] = {{"country", "Germany"}, {"city", "Berlin"}};
      j["platform"] = "WEB";
      j["stream_id"] = "1234567";
      j["items"] = items;
      Count(&e, a);
      e.lines.push_back({j.dump(), true, false, ""});
    }
  }
  return e;
}

// Snowplow enriched TSV (131 fields, the analytics SDKs' order). Product views are
// page_view events, cart adds unstruct add_to_cart events, orders transaction events,
// link clicks unstruct link_click events; user_id set after setUserId (the login).
inline const char* const kSnowplowColumns[] = {
    "app_id", "platform", "etl_tstamp", "collector_tstamp", "dvce_created_tstamp", "event", "event_id", "txn_id",
    "name_tracker", "v_tracker", "v_collector", "v_etl", "user_id", "user_ipaddress", "user_fingerprint",
    "domain_userid", "domain_sessionidx", "network_userid", "geo_country", "geo_region", "geo_city", "geo_zipcode",
    "geo_latitude", "geo_longitude", "geo_region_name", "ip_isp", "ip_organization", "ip_domain", "ip_netspeed",
    "page_url", "page_title", "page_referrer", "page_urlscheme", "page_urlhost", "page_urlport", "page_urlpath",
    "page_urlquery", "page_urlfragment", "refr_urlscheme", "refr_urlhost", "refr_urlport", "refr_urlpath",
    "refr_urlquery", "refr_urlfragment", "refr_medium", "refr_source", "refr_term", "mkt_medium", "mkt_source",
    "mkt_term", "mkt_content", "mkt_campaign", "contexts", "se_category", "se_action", "se_label", "se_property",
    "se_value", "unstruct_event", "tr_orderid", "tr_affiliation", "tr_total", "tr_tax", "tr_shipping", "tr_city",
    "tr_state", "tr_country", "ti_orderid", "ti_sku", "ti_name", "ti_category", "ti_price", "ti_quantity",
    "pp_xoffset_min", "pp_xoffset_max", "pp_yoffset_min", "pp_yoffset_max", "useragent", "br_name", "br_family",
    "br_version", "br_type", "br_renderengine", "br_lang", "br_features_pdf", "br_features_flash",
    "br_features_java", "br_features_director", "br_features_quicktime", "br_features_realplayer",
    "br_features_windowsmedia", "br_features_gears", "br_features_silverlight", "br_cookies", "br_colordepth",
    "br_viewwidth", "br_viewheight", "os_name", "os_family", "os_manufacturer", "os_timezone", "dvce_type",
    "dvce_ismobile", "dvce_screenwidth", "dvce_screenheight", "doc_charset", "doc_width", "doc_height",
    "tr_currency", "tr_total_base", "tr_tax_base", "tr_shipping_base", "ti_currency", "ti_price_base",
    "base_currency", "geo_timezone", "mkt_clickid", "mkt_network", "etl_tags", "dvce_sent_tstamp",
    "refr_domain_userid", "refr_device_tstamp", "derived_contexts", "domain_sessionid", "derived_tstamp",
    "event_vendor", "event_name", "event_format", "event_version", "event_fingerprint", "true_tstamp"};

inline Export Snowplow(const Population& pop) {
  constexpr size_t kColumns = sizeof(kSnowplowColumns) / sizeof(kSnowplowColumns[0]);
  static_assert(kColumns == 131);
  auto at = [](const char* name) {
    for (size_t i = 0; i < kColumns; ++i) {
      if (std::string(kSnowplowColumns[i]) == name) return i;
    }
    return kColumns;  // out of range: a typo fails loudly
  };
  Export e;
  e.click_target = "#exampleLink";
  e.first_ms = pop.first_ms;
  int n = 0;
  for (const Person& p : pop.persons) {
    const std::string user = "shopper" + std::to_string(p.index) + "@example.com";
    for (const Action& a : p.actions) {
      std::vector<std::string> f(kColumns);
      auto set = [&](const char* name, std::string value) { f.at(at(name)) = std::move(value); };
      const std::string tstamp = TimeText(a.ms, ' ', 3, false);
      set("app_id", "shop");
      set("platform", "web");
      set("etl_tstamp", TimeText(a.ms + 4000, ' ', 3, false));
      set("collector_tstamp", TimeText(a.ms + 300, ' ', 3, false));
      set("dvce_created_tstamp", TimeText(a.ms - 200, ' ', 3, false));
      set("dvce_sent_tstamp", TimeText(a.ms - 100, ' ', 3, false));
      set("derived_tstamp", tstamp);
      set("event_id", Uuid(61, p.index, n));
      set("name_tracker", "sp");
      set("v_tracker", "js-3.5.0");
      set("v_collector", "ssc-2.8.0-kinesis");
      set("v_etl", "snowplow-enrich-kinesis-3.7.0");
      if (a.logged_in) set("user_id", user);
      set("user_ipaddress", "203.0.113." + std::to_string(p.index % 250));
      set("domain_userid", Hex(Hash(62, static_cast<uint64_t>(p.index), static_cast<uint64_t>(a.device)), 10) +
                               Hex(static_cast<uint64_t>(p.index * 2 + a.device), 6));
      set("domain_sessionidx", std::to_string(a.session + 1));
      set("network_userid", Uuid(63, p.index, a.device));
      set("geo_country", "DE");
      set("geo_latitude", "52.52");
      set("geo_longitude", "13.40");
      set("page_url", "https://shop.example.com" + Path(a));
      set("page_title", "Shop");
      set("page_urlscheme", "https");
      set("page_urlhost", "shop.example.com");
      set("page_urlport", "443");
      set("page_urlpath", Path(a));
      set("contexts",
          "{\"schema\":\"iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-0\",\"data\":[{\"schema\":"
          "\"iglu:com.snowplowanalytics.snowplow/web_page/jsonschema/1-0-0\",\"data\":{\"id\":\"" +
              Uuid(64, p.index, n) + "\"}}]}");
      set("useragent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36");
      set("br_name", "Chrome 120");
      set("br_family", "Chrome");
      set("br_cookies", "1");
      set("br_features_pdf", "1");
      set("os_name", "Linux");
      set("dvce_type", a.device == 0 ? "Computer" : "Mobile");
      set("dvce_ismobile", a.device == 0 ? "0" : "1");
      set("doc_charset", "UTF-8");
      set("domain_sessionid", Uuid(65, p.index, a.session));
      set("event_vendor", "com.snowplowanalytics.snowplow");
      set("event_format", "jsonschema");
      set("event_fingerprint", Hex(Hash(66, static_cast<uint64_t>(p.index), static_cast<uint64_t>(n)), 32));
      std::string event = "page_view", name = "page_view", version = "1-0-0";
      switch (a.kind) {
        case Kind::kBrowse:
        case Kind::kView:
        case Kind::kLogin: break;
        case Kind::kRage:  // no rage or dead clicks in Snowplow: page pings stand in
        case Kind::kDead:
          event = "page_ping";
          name = "page_ping";
          set("pp_xoffset_min", "0");
          set("pp_xoffset_max", "0");
          set("pp_yoffset_min", "120");
          set("pp_yoffset_max", "900");
          break;
        case Kind::kCart:
          event = "unstruct";
          name = "add_to_cart";
          set("unstruct_event",
              "{\"schema\":\"iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0\",\"data\":{\"schema\":"
              "\"iglu:com.snowplowanalytics.snowplow/add_to_cart/jsonschema/1-0-0\",\"data\":{\"sku\":\"sku-" +
                  std::to_string(a.sku) + "\",\"quantity\":1,\"unitPrice\":20.5,\"currency\":\"EUR\"}}}");
          break;
        case Kind::kOrder:
          event = "transaction";
          name = "transaction";
          set("tr_orderid", "order-" + std::to_string(p.index) + "-" + std::to_string(n));
          set("tr_total", std::to_string(20 + a.sku) + ".5");
          set("tr_currency", "EUR");
          break;
        case Kind::kClick:
          event = "unstruct";
          name = "link_click";
          version = "1-0-1";
          set("unstruct_event",
              "{\"schema\":\"iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0\",\"data\":{\"schema\":"
              "\"iglu:com.snowplowanalytics.snowplow/link_click/jsonschema/1-0-1\",\"data\":{\"targetUrl\":"
              "\"http://www.example.com\",\"elementClasses\":[\"foreground\"],\"elementId\":\"exampleLink\"}}}");
          break;
      }
      set("event", event);
      set("event_name", name);
      set("event_version", version);
      ++n;
      std::string text;
      for (size_t i = 0; i < kColumns; ++i) {
        if (i) text += '\t';
        text += f[i];
      }
      Count(&e, a);
      e.lines.push_back({text, true, true, ""});
    }
  }
  return e;
}

}  // namespace fl::sources_testing

#endif  // FRICTIONLENS_TESTS_UNIT_SOURCE_EXPORTS_H_
