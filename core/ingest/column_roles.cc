#include "core/ingest/column_roles.h"

#include <cctype>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "core/ingest/text_view.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"

namespace fl {
namespace {

constexpr const char* kUserNames[] = {"user_id",   "userId",      "distinct_id",        "visitorid",
                                      "visitor_id", "customer_unique_id", "customer_id", "person_id",
                                      "uid",       "user"};
constexpr const char* kTimeNames[] = {"ts",         "timestamp", "time",     "event_time", "event_timestamp", "eventdate",
                                      "event_date", "datetime",  "date",     "created_at", "occurred_at"};
constexpr const char* kEventNames[] = {"event",    "event_name", "event_type", "behavior", "behaviour",
                                       "type",     "activity",   "action",     "name"};
constexpr const char* kSessionNames[] = {"session_id", "user_session", "session"};

template <size_t N>
int FindByNames(const std::vector<std::string>& normalized, const char* const (&names)[N]) {
  for (const char* name : names) {
    const std::string want = NormalizeColumnName(name);
    for (size_t i = 0; i < normalized.size(); ++i) {
      if (normalized[i] == want) return static_cast<int>(i);
    }
  }
  return -1;
}

// "[a, b, c]": at most 20 names of at most 40 bytes each, so a hostile header (a
// 20 MB name, 100,000 columns) makes a message of bounded size.
std::string ColumnList(const std::vector<std::string>& columns) {
  constexpr size_t kNames = 20, kBytes = 40;
  std::vector<std::string> shown;
  for (size_t i = 0; i < columns.size() && i < kNames; ++i) {
    std::string name = columns[i];
    if (name.size() > kBytes) {
      size_t cut = kBytes;
      while (cut > 0 && (static_cast<unsigned char>(name[cut]) & 0xC0) == 0x80) --cut;
      name = name.substr(0, cut) + "...";
    }
    shown.push_back(std::move(name));
  }
  std::string list = absl::StrJoin(shown, ", ");
  if (columns.size() > kNames) absl::StrAppend(&list, ", ... (", columns.size() - kNames, " more)");
  return absl::StrCat("[", list, "]");
}

bool LooksLikeData(const std::vector<std::string>& columns) {
  for (const std::string& c : columns) {
    if (c.empty()) continue;
    bool numeric = true;
    for (char ch : c) numeric = numeric && (std::isdigit(static_cast<unsigned char>(ch)) || ch == '.' || ch == '-');
    if (numeric) return true;
  }
  return false;
}

}  // namespace

// The missing roles, all named at once, and a column playing two roles.
absl::StatusOr<RoleIndexes> CheckRoles(std::string_view file, std::string_view where,
                                       const std::vector<std::string>& columns, RoleIndexes roles,
                                       std::string_view delimiter_hint);

bool RoleIndexes::IsRole(int c) const {
  if (c == user || c == time || c == event || c == session || c == call_type) return true;
  for (int i : identity) {
    if (i == c) return true;
  }
  for (int i : event_fallbacks) {
    if (i == c) return true;
  }
  return false;
}

std::string NormalizeColumnName(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  for (char c : name) {
    if (c == '_' || c == '-' || c == ' ') continue;
    out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return out;
}

absl::StatusOr<RoleIndexes> ResolveRoles(std::string_view file, std::string_view where,
                                         const std::vector<std::string>& columns, const ColumnRoles& map,
                                         std::string_view delimiter_hint) {
  std::vector<std::string> normalized;
  normalized.reserve(columns.size());
  for (const std::string& c : columns) normalized.push_back(NormalizeColumnName(c));

  auto mapped = [&](const char* role, const std::string& name, int* index) -> absl::Status {
    if (name.empty()) return absl::OkStatus();
    for (size_t i = 0; i < columns.size(); ++i) {
      if (columns[i] == name) {
        *index = static_cast<int>(i);
        return absl::OkStatus();
      }
    }
    const std::string want = NormalizeColumnName(name);
    for (size_t i = 0; i < columns.size(); ++i) {
      if (normalized[i] == want) {
        *index = static_cast<int>(i);
        return absl::OkStatus();
      }
    }
    return absl::InvalidArgumentError(absl::StrCat(Sv(file), ": --map ", role, "=", name, ": no column \"", name,
                                                   "\" among ", ColumnList(columns)));
  };

  RoleIndexes roles;
  bool user_mapped = !map.user.empty(), session_mapped = !map.session.empty();
  for (absl::string_view name : absl::StrSplit(map.user, '|', absl::SkipEmpty())) {
    int index = -1;
    if (absl::Status s = mapped("user", std::string(name), &index); !s.ok()) return s;
    roles.identity.push_back(index);
  }
  if (!roles.identity.empty()) roles.user = roles.identity[0];
  if (absl::Status s = mapped("time", map.time, &roles.time); !s.ok()) return s;
  if (absl::Status s = mapped("event", map.event, &roles.event); !s.ok()) return s;
  if (absl::Status s = mapped("session", map.session, &roles.session); !s.ok()) return s;
  if (!session_mapped) roles.session = FindByNames(normalized, kSessionNames);
  if (!user_mapped) {
    roles.user = FindByNames(normalized, kUserNames);
    if (roles.user < 0) roles.user = roles.session;  // a session-only log
  }
  if (roles.time < 0) roles.time = FindByNames(normalized, kTimeNames);
  if (roles.event < 0) roles.event = FindByNames(normalized, kEventNames);

  if (roles.identity.empty() && roles.user >= 0) roles.identity.push_back(roles.user);
  return CheckRoles(file, where, columns, roles, delimiter_hint);
}

absl::StatusOr<RoleIndexes> CheckRoles(std::string_view file, std::string_view where,
                                       const std::vector<std::string>& columns, RoleIndexes roles,
                                       std::string_view delimiter_hint) {
  std::vector<std::string> missing;
  if (roles.user < 0) missing.push_back("user");
  if (roles.time < 0) missing.push_back("time");
  if (roles.event < 0) missing.push_back("event");
  if (!missing.empty()) {
    std::vector<std::string> flags;
    for (const std::string& role : missing) flags.push_back(role + "=COLUMN");
    std::string message = absl::StrCat(Sv(file), ": ", Sv(where), ": no ", absl::StrJoin(missing, ", "),
                                       missing.size() == 1 ? " column" : " columns", " found among ",
                                       ColumnList(columns), "; name ", missing.size() == 1 ? "it" : "them",
                                       " with --map ", absl::StrJoin(flags, ","));
    if (columns.size() == 1 && !delimiter_hint.empty()) {
      absl::StrAppend(&message, " (found 1 column with delimiter ", Sv(delimiter_hint),
                      ": is the delimiter right? set it with --delimiter)");
    } else if (LooksLikeData(columns)) {
      absl::StrAppend(&message, " (the first row looks like data: if the file has no header, name the columns "
                                "with --columns)");
    }
    return absl::InvalidArgumentError(message);
  }
  // One column can play user and session (a session-only log) but no other two roles.
  if (roles.user == roles.time || roles.user == roles.event || roles.time == roles.event) {
    return absl::InvalidArgumentError(absl::StrCat(Sv(file), ": ", Sv(where), ": one column plays two roles (user ",
                                                   columns[roles.user], ", time ", columns[roles.time],
                                                   ", event ", columns[roles.event], "); fix --map"));
  }
  return roles;
}

namespace {

int FindExact(const std::vector<std::string>& columns, const std::string& name) {
  for (size_t i = 0; i < columns.size(); ++i) {
    if (columns[i] == name) return static_cast<int>(i);
  }
  return -1;
}

// Every candidate present, in the profile's order.
std::vector<int> AllPresent(const std::vector<std::string>& columns, const std::vector<std::string>& names) {
  std::vector<int> out;
  for (const std::string& name : names) {
    const int c = FindExact(columns, name);
    if (c >= 0) out.push_back(c);
  }
  return out;
}

int FirstPresent(const std::vector<std::string>& columns, const std::vector<std::string>& names) {
  const std::vector<int> all = AllPresent(columns, names);
  return all.empty() ? -1 : all[0];
}

}  // namespace

absl::StatusOr<RoleIndexes> ResolveProfileRoles(std::string_view file, std::string_view where,
                                                std::vector<std::string>* columns, const ColumnRoles& map,
                                                const SourceProfile& profile, bool may_add,
                                                std::string_view delimiter_hint) {
  if (profile.kind == SourceKind::kGeneric) return ResolveRoles(file, where, *columns, map, delimiter_hint);
  if (may_add) {
    auto add = [&](const std::string& name) {
      if (FindExact(*columns, name) < 0) columns->push_back(name);
    };
    for (const std::string& name : profile.identity) add(name);
    if (FirstPresent(*columns, profile.event) < 0 && !profile.event.empty()) add(profile.event[0]);
    for (const std::string& name : profile.call_type) add(name);
    for (const std::string& name : profile.call_name) add(name);
  }
  // The common names' reading, for what --map names and what the profile cannot find.
  absl::StatusOr<RoleIndexes> common = ResolveRoles(file, where, *columns, map, "");
  if (!common.ok() && absl::StrContains(common.status().message(), ": no column \"")) return common.status();
  const RoleIndexes fallback = common.ok() ? *common : RoleIndexes{};

  RoleIndexes roles;
  roles.identity = map.user.empty() ? AllPresent(*columns, profile.identity) : fallback.identity;
  if (roles.identity.empty()) roles.identity = fallback.identity;
  roles.user = roles.identity.empty() ? -1 : roles.identity[0];
  roles.time = map.time.empty() ? FirstPresent(*columns, profile.time) : fallback.time;
  if (roles.time < 0) roles.time = fallback.time;
  const std::vector<int> events = AllPresent(*columns, profile.event);
  if (map.event.empty() && !events.empty()) {
    roles.event = events[0];
    roles.event_fallbacks.assign(events.begin() + 1, events.end());
  } else {
    roles.event = fallback.event;
  }
  // No session column is better than a guessed one: sessions then follow the gap.
  roles.session = map.session.empty() ? FirstPresent(*columns, profile.session) : fallback.session;
  roles.call_type = FirstPresent(*columns, profile.call_type);
  roles.call_name = FirstPresent(*columns, profile.call_name);
  roles.insert_id = FirstPresent(*columns, profile.insert_id);
  roles.page = AllPresent(*columns, profile.page);
  roles.element = AllPresent(*columns, profile.element);
  return CheckRoles(file, where, *columns, std::move(roles), delimiter_hint);
}

}  // namespace fl
