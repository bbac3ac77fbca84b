// A fixed-capacity hash table of header names compared ASCII
// case-insensitively (Fetch "byte-case-insensitive"), on the stack: built per
// evaluation from at most a few hundred names, looked up once per list
// element. Never allocates. Internal to core/src.
//
// The names and the lookups both come from the input, so the hash is keyed
// per process (hash_keys below): an input cannot be built offline to put
// every name into one probe chain.
#pragma once

#include <bit>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "bytes.hpp"

namespace corsproof::detail {

// The process's hash keys: an odd multiplier and a seed, drawn once.
struct hash_keys {
  std::uint64_t multiplier;
  std::uint64_t seed;
};
inline hash_keys make_hash_keys() noexcept {
  static const int anchor = 0;  // its address differs from run to run (ASLR)
  auto mix = [](std::uint64_t x) noexcept {  // splitmix64's finalizer
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
  };
  const auto now = static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
  const std::uint64_t a = mix(now ^ reinterpret_cast<std::uintptr_t>(&anchor));
  return {mix(a) | 1, mix(a + 1)};
}
inline const hash_keys& process_hash_keys() noexcept {
  static const hash_keys keys = make_hash_keys();
  return keys;
}

// The lower-cased first min(n, 8) bytes of [p, p + n) in the low bytes of a
// word (little-endian order), the rest zero. `limit` bounds what may be read.
// (lower8 works byte by byte: the zero bytes stay zero.)
inline std::uint64_t lower_prefix8(const char* p, std::size_t n, const char* limit) noexcept {
  return lower8(prefix8(p, n, limit));
}

// A name's key: up to 8 bytes, the lower-cased bytes themselves (with the
// length, the name exactly); longer names, a keyed hash of every byte with
// its 0x20 bit set (so both cases of a letter hash alike; names with equal
// keys are then compared).
inline std::uint64_t name_key(const char* p, std::size_t n, const char* limit, const hash_keys& k) noexcept {
  // One byte, the densest list element an input can send ("z,z,z,..."): the
  // same key as lower_prefix8's, without the word's arithmetic.
  if (n == 1) return ascii_lower(static_cast<unsigned char>(*p));
  if (n <= 8) return lower_prefix8(p, n, limit);
  return word_hash(p, n, k.seed, k.multiplier, 0x2020202020202020ULL);
}

template <std::size_t MaxNames>
class header_name_table {
 public:
  static constexpr std::size_t max_slots = std::bit_ceil(4 * MaxNames);
  static constexpr std::uint32_t npos = 0xffffffffu;

  // Empties the table, sized for up to `expected` names (<= MaxNames).
  void reset(std::size_t expected) noexcept {
    keys_ = process_hash_keys();
    std::size_t slots = 8;
    while (slots < 4 * expected) slots *= 2;  // at most a quarter full: short probes
    shift_ = 64 - static_cast<unsigned>(std::countr_zero(slots));
    // Every entry npos: a store per slot for small tables; for large ones
    // every byte 0xff in a few wide stores (a call that small tables feel).
    if (slots <= 32) {
      for (std::size_t i = 0; i < slots; ++i) slots_[i].entry = npos;
    } else {
      std::memset(slots_, 0xff, slots * sizeof(slot));
    }
    mask_ = slots - 1;
    count_ = 0;
  }

  // The entry of `name` (case-insensitively), inserting it when new; `added`
  // tells which. At most MaxNames distinct names: further new ones get npos.
  std::uint32_t insert(std::string_view name, bool& added) noexcept {
    const char* p = name.data();
    const std::size_t n = name.size();
    const std::uint64_t key = name_key(p, n, p + n, keys_);
    std::size_t i = slot_of(key, n);
    added = false;
    for (;; i = (i + 1) & mask_) {
      slot& s = slots_[i];
      if (s.entry == npos) break;
      if (s.key == key && s.size == n && (n <= 8 || same_name(s.entry, p))) return s.entry;
    }
    if (count_ >= MaxNames) return npos;
    slots_[i] = slot{key, static_cast<std::uint32_t>(n), static_cast<std::uint32_t>(count_)};
    names_[count_] = name_ref{p, n};
    added = true;
    return static_cast<std::uint32_t>(count_++);
  }

  // The entry of [p, p + n) (case-insensitively), or npos. Bytes up to
  // `limit` may be read.
  [[nodiscard]] std::uint32_t find(const char* p, std::size_t n, const char* limit) const noexcept {
    const std::uint64_t key = name_key(p, n, limit, keys_);
    for (std::size_t i = slot_of(key, n);; i = (i + 1) & mask_) {
      const slot& s = slots_[i];
      if (s.entry == npos) return npos;
      if (s.key == key && s.size == n && (n <= 8 || same_name(s.entry, p))) return s.entry;
    }
  }

  // Points `entry` at another copy of its name (the same bytes up to ASCII
  // case, so its key is unchanged): later lookups compare with that copy.
  void rebind(std::uint32_t entry, const char* p) noexcept { names_[entry].data = p; }

  [[nodiscard]] std::size_t size() const noexcept { return count_; }
  [[nodiscard]] std::string_view name(std::uint32_t entry) const noexcept {
    return {names_[entry].data, names_[entry].size};
  }

 private:
  struct slot {
    std::uint64_t key;
    std::uint32_t size;
    std::uint32_t entry;  // npos: empty
  };
  struct name_ref {
    const char* data;
    std::size_t size;
  };
  // The stored name of `entry` and [p, p + its size), case-insensitively;
  // names repeated in one message are mostly spelled alike, so bytes first.
  [[nodiscard]] bool same_name(std::uint32_t entry, const char* p) const noexcept {
    const name_ref& r = names_[entry];
    return same_bytes(r.data, p, r.size) || iequals_fast(std::string_view(r.data, r.size), std::string_view(p, r.size));
  }
  [[nodiscard]] std::size_t slot_of(std::uint64_t key, std::size_t n) const noexcept {
    std::uint64_t h = (key ^ keys_.seed ^ n) * keys_.multiplier;
    h = (h ^ (h >> 29)) * 0xBF58476D1CE4E5B9ULL;  // no structure left in the high bits
    return static_cast<std::size_t>(h >> shift_);
  }
  // Only [0, mask_] of slots_ and [0, count_) of names_ are ever read: left
  // uninitialized on purpose (reset() empties what it uses).
  slot slots_[max_slots];
  name_ref names_[MaxNames];
  hash_keys keys_{1, 0};
  std::size_t mask_ = 0;
  unsigned shift_ = 61;
  std::size_t count_ = 0;
};

}  // namespace corsproof::detail
