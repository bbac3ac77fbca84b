// lint/src/flat_string_set.hpp — a set of strings for lint's long lists.
//
// Lint asks "seen before?" once per entry of a list of up to 65,536 entries
// (duplicate entries, one finding per code and entry). A node-based set
// (std::unordered_set) costs an allocation per string and, when it is
// dropped, a walk over every node, one cache miss each: at 65,536 entries
// that walk alone outgrew the linear budget. This set is one array of small
// slots (open addressing, linear probing, at most half full) and the views
// in the order they came: an insert is one probe into the array, and
// dropping the set frees two arrays (and, for the copies it owns, one arena).
// At most 2^32 - 1 strings. Internal to lint/src.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <memory_resource>
#include <string_view>
#include <vector>

namespace corsproof::lint {

class flat_string_set {
 public:
  // Room for `expected` strings without growing.
  explicit flat_string_set(std::size_t expected = 0) { reserve(expected); }

  // Adds `key`, a view the caller keeps alive as long as the set; true when
  // it was not there yet.
  bool insert_view(std::string_view key) { return insert(key, false); }
  // Adds a copy of `key` (kept in the set's arena); true when it was not
  // there yet (no copy is made otherwise).
  bool insert_copy(std::string_view key) { return insert(key, true); }

  // Room for `expected` strings in all without growing.
  void reserve(std::size_t expected) {
    const std::size_t slots = std::bit_ceil(2 * expected + 16);
    if (slots > slots_.size()) resize(slots);
    keys_.reserve(expected);
  }

  [[nodiscard]] std::size_t size() const noexcept { return keys_.size(); }

 private:
  // Eight bytes a slot, so that the probes of a 65,536-entry list touch
  // 1-2 MiB rather than three times that: the high half of the string's
  // hash, and 1 + the index of its view in keys_ (0: empty). The bytes are
  // read only when the halves agree.
  struct slot {
    std::uint32_t tag;
    std::uint32_t key;
  };

  void resize(std::size_t slots) {
    slots_.assign(slots, slot{0, 0});
    mask_ = slots - 1;
    for (std::size_t k = 0; k < keys_.size(); ++k) {
      const std::uint64_t hash = std::hash<std::string_view>{}(keys_[k]);
      std::size_t i = hash & mask_;
      while (slots_[i].key != 0) i = (i + 1) & mask_;
      slots_[i] = slot{static_cast<std::uint32_t>(hash >> 32), static_cast<std::uint32_t>(k + 1)};
    }
  }

  bool insert(std::string_view key, bool copy) {
    const std::uint64_t hash = std::hash<std::string_view>{}(key);
    const auto tag = static_cast<std::uint32_t>(hash >> 32);
    std::size_t i = hash & mask_;
    for (; slots_[i].key != 0; i = (i + 1) & mask_)
      if (slots_[i].tag == tag && keys_[slots_[i].key - 1] == key) return false;
    std::string_view kept = key;
    if (copy) {
      char* owned = static_cast<char*>(arena_.allocate(key.size() + 1, 1));
      if (!key.empty()) std::memcpy(owned, key.data(), key.size());
      kept = std::string_view(owned, key.size());
    }
    keys_.push_back(kept);
    if (2 * keys_.size() > slots_.size()) {  // keep it at most half full
      resize(2 * slots_.size());             // places every key, the new one too
      return true;
    }
    slots_[i] = slot{tag, static_cast<std::uint32_t>(keys_.size())};
    return true;
  }

  std::vector<slot> slots_;
  std::size_t mask_ = 0;
  std::vector<std::string_view> keys_;  // in the order they came
  std::pmr::monotonic_buffer_resource arena_;
};

}  // namespace corsproof::lint
