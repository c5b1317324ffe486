#include "core/ingest/column_roles.h"

#include <cctype>

#include "absl/strings/str_cat.h"
#include "core/ingest/text_view.h"
#include "absl/strings/str_join.h"

namespace fl {
namespace {

constexpr const char* kUserNames[] = {"user_id",   "userId",      "distinct_id",        "visitorid",
                                      "visitor_id", "customer_unique_id", "customer_id", "person_id",
                                      "uid",       "user"};
constexpr const char* kTimeNames[] = {"ts",         "timestamp", "time",     "event_time", "eventdate",
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

std::string ColumnList(const std::vector<std::string>& columns) {
  return absl::StrCat("[", absl::StrJoin(columns, ", "), "]");
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
  if (absl::Status s = mapped("user", map.user, &roles.user); !s.ok()) return s;
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

  const char* missing = roles.user < 0 ? "user" : roles.time < 0 ? "time" : roles.event < 0 ? "event" : nullptr;
  if (missing != nullptr) {
    std::string message = absl::StrCat(Sv(file), ": ", Sv(where), ": no ", missing, " column found among ",
                                       ColumnList(columns), "; name it with --map ", missing, "=COLUMN");
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

}  // namespace fl
