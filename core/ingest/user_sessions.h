#ifndef FRICTIONLENS_CORE_INGEST_USER_SESSIONS_H_
#define FRICTIONLENS_CORE_INGEST_USER_SESSIONS_H_

// Session ids numbered per user, without a dictionary of every session id.
//
// A session column's values only ever need comparing within one user: sessions are
// cut where a user's value changes, and a value coming back for the same user is a
// resumed session (core/ingest/event_order.h). So each user's values get the ids 1, 2,
// ... in the order the user shows them, and two rows of one user have equal ids
// exactly when their texts are equal. An export with a session id per visit has as
// many session values as visitors (2.2 M in the time-ordered 10 M-row benchmark file);
// a global dictionary of them cost a hash-table insert, scattered in a hundred
// megabytes, per new visit, and a fifth of the run's time. Here a row costs a compare
// with the user's last value, which for a user active a moment ago is still in cache.
//
//   UserSessionIds ids;
//   ids.Intern(/*user=*/7, "s-1") == 1; ids.Intern(7, "s-2") == 2; ids.Intern(7, "s-1") == 1
//   ids.Intern(8, "s-1") == 1  (another user: ids are only comparable within a user)
//
// Memory: 16 bytes a user with a session value, the values' bytes once per user (with
// a length byte or two), and a hash-map entry per value only for users with several.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"

namespace fl {

class UserSessionIds {
 public:
  // The id (>= 1) of `text` among `user`'s session values.
  uint32_t Intern(uint32_t user, std::string_view text);
  // Distinct values of `user` (0 when none), and the text of its value `id`
  // (1 <= id <= Count(user)).
  uint32_t Count(uint32_t user) const { return user < users_.size() ? users_[user].count : 0; }
  std::string_view Value(uint32_t user, uint32_t id) const;
  // One past the largest user with a value.
  uint32_t user_limit() const { return static_cast<uint32_t>(users_.size()); }

 private:
  struct PerUser {
    uint64_t last_at = 0;  // the user's last value seen: its place in text_
    uint32_t last_id = 0;
    uint32_t count = 0;    // distinct values; 1 = the last value is the only one
  };
  uint64_t Store(std::string_view text);   // appends length and bytes, returns the place
  std::string_view TextAt(uint64_t at) const;
  static std::string Key(uint32_t user, std::string_view text);

  std::vector<PerUser> users_;
  std::string text_;  // values, each as a varint length then its bytes
  // Users with several values only: (user, text) -> id, and (user, id) -> place.
  absl::flat_hash_map<std::string, uint32_t> ids_;
  absl::flat_hash_map<uint64_t, uint64_t> places_;
};

}  // namespace fl

#endif  // FRICTIONLENS_CORE_INGEST_USER_SESSIONS_H_
