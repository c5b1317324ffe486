#ifndef FRICTIONLENS_CORE_INGEST_IDENTITY_STITCHING_H_
#define FRICTIONLENS_CORE_INGEST_IDENTITY_STITCHING_H_

// One person from many ids. A "user" in the tools our users know is a person, not a
// cookie and not a login: ids seen together (a device id and a user id on one event,
// an identify or alias call) are linked, and each connected set of ids is one person.
//
//   d1 (anonymousId) ... d1 + u1 (identify) ... u1 (userId) ... d2 + u1  -> one person
//
// The person is named after its best id: the lowest rank (the identity column
// preferred by the vendor profile, e.g. userId before anonymousId), ties broken by the
// smaller text, so the result does not depend on file order, chunking or threads.

#include <cstdint>
#include <utility>
#include <vector>

#include "core/dictionary.h"
#include "core/event_table.h"

namespace fl {

struct StitchResult {
  // Per old user id: the id (in the same dictionary) of its person's name.
  std::vector<uint32_t> person_of;
  InputStats::Identity stats;
};

// `ranks[id]` (255 = unranked, also for ids past its end) and `links` over the ids of
// `users`. `has_rows[id]`: the id names some row's user (ids met only in identify
// calls make no person of their own).
StitchResult StitchIdentities(const Dictionary& users, const std::vector<uint8_t>& ranks,
                              const std::vector<std::pair<uint32_t, uint32_t>>& links,
                              const std::vector<bool>& has_rows);

}  // namespace fl

#endif  // FRICTIONLENS_CORE_INGEST_IDENTITY_STITCHING_H_
