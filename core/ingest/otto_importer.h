#ifndef FRICTIONLENS_CORE_INGEST_OTTO_IMPORTER_H_
#define FRICTIONLENS_CORE_INGEST_OTTO_IMPORTER_H_

// The OTTO session dataset (otto.de, Kaggle "OTTO recommender"): one line per session,
//   {"session":7,"events":[{"aid":1517085,"ts":1659304800025,"type":"clicks"}, ...]}
// becomes one event per element: user = session, time = ts (epoch milliseconds),
// event = type, and a property "aid". OTTO's "session" is a shopper's whole history
// over up to four weeks, so it is the user; visits inside it are cut by the session gap.

#include <string>
#include <string_view>
#include <vector>

namespace fl {

struct OttoEvent {
  std::string aid, ts, type;  // as text; empty when the element lacks the key
};

struct OttoSession {
  std::string session;
  std::vector<OttoEvent> events;
  size_t event_count = 0;  // elements in use; the vector keeps its capacity

  void Clear() {
    session.clear();
    event_count = 0;
  }
};

// False with *error set when `line` is not valid JSON or lacks "session"/"events".
bool ParseOttoLine(std::string_view line, OttoSession* out, std::string* error);

}  // namespace fl

#endif  // FRICTIONLENS_CORE_INGEST_OTTO_IMPORTER_H_
