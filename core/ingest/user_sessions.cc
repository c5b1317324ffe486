#include "core/ingest/user_sessions.h"

#include <cstring>

#include "core/short_text.h"
#include "core/varint.h"

namespace fl {

uint64_t UserSessionIds::Store(std::string_view text) {
  const uint64_t at = text_.size();
  uint8_t length[kMaxVarintBytes];
  const uint8_t* end = PutVarint(text.size(), length);
  text_.append(reinterpret_cast<const char*>(length), static_cast<size_t>(end - length));
  text_.append(text.data(), text.size());
  return at;
}

std::string_view UserSessionIds::TextAt(uint64_t at) const {
  const uint8_t* p = reinterpret_cast<const uint8_t*>(text_.data() + at);
  const uint64_t size = ReadVarint(&p);
  return std::string_view(reinterpret_cast<const char*>(p), size);
}

std::string UserSessionIds::Key(uint32_t user, std::string_view text) {
  std::string key(sizeof(user) + text.size(), '\0');
  std::memcpy(key.data(), &user, sizeof(user));
  std::memcpy(key.data() + sizeof(user), text.data(), text.size());
  return key;
}

uint32_t UserSessionIds::Intern(uint32_t user, std::string_view text) {
  if (user >= users_.size()) users_.resize(static_cast<size_t>(user) + 1);
  PerUser& p = users_[user];
  if (p.count == 0) {
    p = {Store(text), 1, 1};
    return 1;
  }
  if (SameShortText(TextAt(p.last_at), text)) return p.last_id;
  if (p.count == 1) {
    // The user's second value: from now on its values are looked up by text.
    ids_.emplace(Key(user, TextAt(p.last_at)), 1);
    places_.emplace(uint64_t{user} << 32 | 1, p.last_at);
  }
  auto [it, inserted] = ids_.try_emplace(Key(user, text), p.count + 1);
  if (inserted) {
    ++p.count;
    p.last_at = Store(text);
    places_.emplace(uint64_t{user} << 32 | p.count, p.last_at);
  } else {
    p.last_at = places_.at(uint64_t{user} << 32 | it->second);
  }
  p.last_id = it->second;
  return p.last_id;
}

std::string_view UserSessionIds::Value(uint32_t user, uint32_t id) const {
  const PerUser& p = users_[user];
  if (p.count == 1) return TextAt(p.last_at);
  return TextAt(places_.at(uint64_t{user} << 32 | id));
}

}  // namespace fl
