#ifndef FRICTIONLENS_CORE_DICTIONARY_H_
#define FRICTIONLENS_CORE_DICTIONARY_H_

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "core/short_text.h"

namespace fl {

// Interns strings to dense ids in first-seen order.
//
// Memory matters here: a big clickstream has a million users, each interned once.
// The strings live in a deque (so they never move and Value's references stay valid)
// and the index is a hash set of ids alone, 4 bytes a slot, hashed and compared
// through the deque: about 44 bytes an entry where a map from string_view to id took
// about 80 (its 24-byte slots at half load). Each entry's hash is kept (4 bytes), so that
// growing the index rehashes from a compact array instead of reading every string again:
// with millions of users, that reading was a cache miss an entry at every doubling, 5%
// of a 10 M-event run.
class Dictionary {
 public:
  static constexpr uint32_t kNotFound = UINT32_MAX;

  Dictionary()
      : values_(std::make_unique<std::deque<std::string>>()),
        hashes_(std::make_unique<std::vector<uint32_t>>()),
        ids_(0, Hash{hashes_.get()}, Eq{values_.get()}) {}
  Dictionary(const Dictionary& other) : Dictionary() {
    *values_ = *other.values_;
    Reindex();
  }
  Dictionary& operator=(const Dictionary& other) {
    if (this != &other) {
      *values_ = *other.values_;
      Reindex();
    }
    return *this;
  }
  // The strings sit behind a pointer that moves with the index, so the hash and
  // equality functors (which hold it) stay right. noexcept so that vectors of
  // dictionaries move rather than copy when they grow.
  Dictionary(Dictionary&& other) noexcept : Dictionary() { Swap(other); }
  Dictionary& operator=(Dictionary&& other) noexcept {
    if (this != &other) {
      Dictionary gone;
      Swap(other);
      other.Swap(gone);
    }
    return *this;
  }

  uint32_t Intern(std::string_view text) {
    const uint32_t next = static_cast<uint32_t>(values_->size());
    const Key key{text, HashOf(text)};
    const uint32_t id = *ids_.lazy_emplace(key, [&](const auto& construct) {
      values_->emplace_back(text);
      hashes_->push_back(key.hash);
      construct(next);
    });
    return id;
  }
  // Starts loading the index's cache lines where `text` would be found or inserted,
  // for an Intern of it a little later: ingest asks for the next row's user while it
  // reads this row, so that a million-user index's misses overlap the row's work.
  void Prefetch(std::string_view text) const { ids_.prefetch(Key{text, HashOf(text)}); }
  uint32_t Find(std::string_view text) const {
    auto it = ids_.find(Key{text, HashOf(text)});
    return it == ids_.end() ? kNotFound : *it;
  }
  const std::string& Value(uint32_t id) const { return (*values_)[id]; }
  size_t size() const { return values_->size(); }
  // Bytes held by the strings and the index (for memory reporting).
  size_t ApproxBytes() const;

 private:
  // Hashing and equality inline for short text (core/short_text.h): one lookup per
  // field of every row is the ingest hot path. (Debian's Abseil has its own
  // absl::string_view, so absl::Hash<std::string_view> would fall back to std::hash.)
  // Transparent: the set holds ids and is searched by a Key, the text with its 32-bit
  // hash computed once. The set's hash is that 32-bit hash spread over 64 bits by an odd
  // multiplier (a bijection on every run of low bits, which absl's probing reads).
  struct Key {
    std::string_view text;
    uint32_t hash;
  };
  static uint32_t HashOf(std::string_view text) {
    // The well-mixed high half where size_t has 64 bits; all of it in wasm32.
    const uint64_t hash = HashShortText(text);
    return static_cast<uint32_t>(sizeof(size_t) >= 8 ? hash >> 32 : hash);
  }
  static size_t Spread(uint32_t hash) { return static_cast<size_t>(hash * 0x9E3779B97F4A7C15ULL); }
  struct Hash {
    using is_transparent = void;
    const std::vector<uint32_t>* hashes;
    size_t operator()(const Key& key) const { return Spread(key.hash); }
    size_t operator()(uint32_t id) const { return Spread((*hashes)[id]); }
  };
  struct Eq {
    using is_transparent = void;
    const std::deque<std::string>* values;
    bool operator()(uint32_t a, uint32_t b) const { return a == b; }
    bool operator()(uint32_t id, const Key& key) const { return SameShortText((*values)[id], key.text); }
    bool operator()(const Key& key, uint32_t id) const { return SameShortText((*values)[id], key.text); }
  };

  void Reindex() {
    ids_.clear();
    hashes_->clear();
    hashes_->reserve(values_->size());
    for (const std::string& value : *values_) hashes_->push_back(HashOf(value));
    ids_.reserve(values_->size());
    for (uint32_t id = 0; id < values_->size(); ++id) ids_.insert(id);
  }
  void Swap(Dictionary& other) noexcept {
    // Swapping the sets swaps their functors too, so each keeps pointing at the
    // strings and hashes it indexes.
    values_.swap(other.values_);
    hashes_.swap(other.hashes_);
    ids_.swap(other.ids_);
  }

  std::unique_ptr<std::deque<std::string>> values_;
  std::unique_ptr<std::vector<uint32_t>> hashes_;  // per id
  absl::flat_hash_set<uint32_t, Hash, Eq> ids_;
};

}  // namespace fl

#endif  // FRICTIONLENS_CORE_DICTIONARY_H_
