// Fetch §4.9 "CORS-preflight cache" and §4.8 "CORS-preflight fetch" steps
// 7.12-7.15 (whatwg/fetch 586cd2a4): see corsproof/preflight_cache.hpp.
//
// Layout (all allocated by the constructor):
//  * keys: one per (byte-serialized origin, URL) with entries; the two
//    strings live in the arena. Each key heads a singly linked list of its
//    entries, so a lookup reads only the entries of the request's origin
//    and URL. The used keys are also kept in a dense array for scanning,
//    and found by an open-addressing hash table (slots stamped with a
//    generation, so that clear() is O(1)).
//  * entries: one per method or header name (Fetch's cache entry), with its
//    credentials flag, max-age and the time it was stored.
//  * arena: a log of records [owner, length, bytes]. Strings are appended;
//    when the arena is full, expired entries are dropped and the live
//    records are slid down over the dead ones (the owner field says whose
//    record it is, and a record is live when its owner still points at it).
#include "corsproof/preflight_cache.hpp"

#include <algorithm>
#include <cstring>
#include <tuple>

#include "bytes.hpp"
#include "corsproof/header_list_values.hpp"

namespace corsproof {

namespace {

constexpr std::uint32_t none = UINT32_MAX;
constexpr std::uint32_t key_owner_bit = 0x80000000U;
constexpr std::size_t record_header = 8;

// The lists of a preflight response are bounded only by the browser-mode
// header bounds (256 headers of 8192 bytes), as in browser.cpp.
constexpr list_limits preflight_list_limits{256 * 8192, 256 * 8192};

// The protocol's time rule: usable at `now` iff now < stored_at + max_age.
bool is_live(double stored_at, std::uint64_t max_age, double now) noexcept {
  return now < stored_at + static_cast<double>(max_age);
}

}  // namespace

struct preflight_cache::impl {
  struct entry {
    std::uint32_t key = none;
    std::uint32_t next = none;
    std::uint32_t value_offset = 0;
    std::uint32_t value_length = 0;
    std::uint64_t max_age = 0;
    double stored_at = 0;
    bool used = false;
    bool credentials = false;
    cache_entry_kind kind = cache_entry_kind::method;
  };
  struct key {
    std::uint32_t offset = 0;  // origin bytes, then URL bytes
    std::uint32_t origin_length = 0;
    std::uint32_t url_length = 0;
    std::uint32_t first = none;  // first entry of its list
    std::uint32_t entries = 0;
    std::uint32_t dense = 0;  // index in used_keys
    std::uint64_t hash = 0;
    bool used = false;
    bool pinned = false;
  };

  std::size_t capacity;
  std::size_t arena_capacity;
  std::unique_ptr<entry[]> entries;
  std::unique_ptr<key[]> keys;
  // Slots never handed out yet are [fresh, capacity); freed ones are stacked.
  std::unique_ptr<std::uint32_t[]> free_entries, free_keys, used_keys;
  std::size_t free_entry_count = 0, free_key_count = 0, used_key_count = 0;
  std::size_t fresh_entries = 0, fresh_keys = 0;
  // The key index: a slot is empty unless its generation is the current one.
  struct slot {
    std::uint32_t generation = 0;
    std::uint32_t key = none;  // `tomb`: a removed key
  };
  static constexpr std::uint32_t tomb = none - 1;
  std::size_t slot_mask = 0;
  std::unique_ptr<slot[]> slots;
  std::uint32_t generation = 0;
  std::size_t tombs = 0;
  std::unique_ptr<char[]> arena;
  std::size_t arena_used = 0;

  impl(std::size_t max_entries, std::size_t arena_bytes)
      : capacity(std::min<std::size_t>(max_entries, key_owner_bit - 1)),
        arena_capacity(std::min<std::size_t>(arena_bytes, UINT32_MAX)),
        entries(new entry[capacity]),
        keys(new key[capacity]),
        free_entries(new std::uint32_t[capacity]),
        free_keys(new std::uint32_t[capacity]),
        used_keys(new std::uint32_t[capacity]),
        arena(new char[arena_capacity]) {
    std::size_t size = 16;
    while (size < 2 * capacity) size *= 2;
    slot_mask = size - 1;
    slots.reset(new slot[size]);
    reset();
  }

  // O(1): nothing is read beyond the counters it sets back.
  void reset() noexcept {
    free_entry_count = free_key_count = used_key_count = 0;
    fresh_entries = fresh_keys = 0;
    arena_used = 0;
    new_generation();
  }
  void new_generation() noexcept {
    tombs = 0;
    if (++generation == 0) {  // wrapped: every stamp must go
      for (std::size_t i = 0; i <= slot_mask; ++i) slots[i] = slot{};
      generation = 1;
    }
  }

  // Eight bytes a step (detail::hash_bytes); each part hashed on its own, so
  // where the origin ends and the URL begins is part of the key.
  static std::uint64_t hash_of(std::string_view origin, std::string_view url) noexcept {
    const std::uint64_t h = detail::hash_bytes(origin) * 0xBF58476D1CE4E5B9ULL ^ detail::hash_bytes(url);
    return h ^ (h >> 31);
  }
  void index_key(std::uint32_t k) noexcept {
    for (std::size_t i = keys[k].hash & slot_mask;; i = (i + 1) & slot_mask) {
      if (slots[i].generation != generation) {
        slots[i] = slot{generation, k};
        return;
      }
      if (slots[i].key == tomb) {
        slots[i].key = k;
        --tombs;
        return;
      }
    }
  }
  void unindex_key(std::uint32_t k) noexcept {
    for (std::size_t i = keys[k].hash & slot_mask; slots[i].generation == generation; i = (i + 1) & slot_mask) {
      if (slots[i].key != k) continue;
      slots[i].key = tomb;
      // Too many tombs slow every probe down: index the live keys afresh.
      if (++tombs > (slot_mask + 1) / 4) {
        new_generation();
        for (std::size_t d = 0; d < used_key_count; ++d)
          if (used_keys[d] != k) index_key(used_keys[d]);
      }
      return;
    }
  }
  std::uint32_t take_entry_slot() noexcept {
    if (free_entry_count > 0) return free_entries[--free_entry_count];
    return fresh_entries < capacity ? static_cast<std::uint32_t>(fresh_entries++) : none;
  }
  std::uint32_t take_key_slot() noexcept {
    if (free_key_count > 0) return free_keys[--free_key_count];
    return fresh_keys < capacity ? static_cast<std::uint32_t>(fresh_keys++) : none;
  }

  [[nodiscard]] std::string_view bytes(std::uint32_t offset, std::uint32_t length) const noexcept {
    return {arena.get() + offset, length};
  }
  [[nodiscard]] std::string_view origin_of(const key& k) const noexcept { return bytes(k.offset, k.origin_length); }
  [[nodiscard]] std::string_view url_of(const key& k) const noexcept {
    return bytes(k.offset + k.origin_length, k.url_length);
  }
  [[nodiscard]] std::string_view value_of(const entry& e) const noexcept {
    return bytes(e.value_offset, e.value_length);
  }

  // The key of (origin, URL): Fetch's "cache entry match" compares both.
  [[nodiscard]] std::uint32_t find_key(const cache_request& r) const noexcept {
    const std::uint64_t h = hash_of(r.origin, r.url);
    for (std::size_t i = h & slot_mask; slots[i].generation == generation; i = (i + 1) & slot_mask) {
      const std::uint32_t candidate = slots[i].key;
      if (candidate == tomb) continue;
      const key& k = keys[candidate];
      if (k.hash == h && k.origin_length == r.origin.size() && k.url_length == r.url.size() &&
          origin_of(k) == r.origin && url_of(k) == r.url)
        return candidate;
    }
    return none;
  }

  // §4.9 "cache entry match", given the entry is of the request's key:
  // "entry's credentials is true, or entry's credentials is false and
  // request's credentials mode is not "include"".
  static bool credentials_match(const entry& e, const cache_request& r) noexcept {
    return e.credentials || !r.credentials_include;
  }
  // The value tests of "method cache entry match" and "header-name cache
  // entry match".
  [[nodiscard]] bool method_value_matches(const entry& e, std::string_view method) const noexcept {
    if (e.kind != cache_entry_kind::method) return false;
    const std::string_view v = value_of(e);
    return v == method || v == "*";
  }
  [[nodiscard]] bool header_value_matches(const entry& e, std::string_view name) const noexcept {
    if (e.kind != cache_entry_kind::header) return false;
    const std::string_view v = value_of(e);
    return iequals(v, name) || (v == "*" && !detail::equals_lower_literal(name, "authorization"));
  }

  template <class Matches>
  [[nodiscard]] bool any_match(const cache_request& r, double now, Matches matches) const noexcept {
    const std::uint32_t k = find_key(r);
    if (k == none) return false;
    for (std::uint32_t i = keys[k].first; i != none; i = entries[i].next) {
      const entry& e = entries[i];
      if (is_live(e.stored_at, e.max_age, now) && credentials_match(e, r) && matches(e)) return true;
    }
    return false;
  }

  // §4.8 steps 7.12 / 7.14: "set matching entry's max-age to max-age" — for
  // every matching entry, re-stored at `now` (docs/protocol-decisions.md).
  template <class Matches>
  void refresh(std::uint32_t k, const cache_request& r, std::uint64_t max_age, double now, Matches matches) noexcept {
    if (k == none) return;
    for (std::uint32_t i = keys[k].first; i != none; i = entries[i].next) {
      entry& e = entries[i];
      if (is_live(e.stored_at, e.max_age, now) && credentials_match(e, r) && matches(e)) {
        e.max_age = max_age;
        e.stored_at = now;
      }
    }
  }

  // ---- memory -----------------------------------------------------------------

  void free_key(std::uint32_t k) noexcept {
    unindex_key(k);
    key& kk = keys[k];
    const std::uint32_t last = used_keys[used_key_count - 1];
    used_keys[kk.dense] = last;
    keys[last].dense = kk.dense;
    --used_key_count;
    kk = key{};
    free_keys[free_key_count++] = k;
  }

  void free_entry(std::uint32_t i) noexcept {
    entries[i] = entry{};
    free_entries[free_entry_count++] = i;
  }

  // Drops the entries that are no longer usable at `now` (and the keys left
  // without entries, unless pinned by the store in progress).
  void purge_expired(double now) noexcept {
    for (std::size_t d = 0; d < used_key_count;) {
      const std::uint32_t k = used_keys[d];
      std::uint32_t* link = &keys[k].first;
      while (*link != none) {
        const std::uint32_t i = *link;
        if (!is_live(entries[i].stored_at, entries[i].max_age, now)) {
          *link = entries[i].next;
          free_entry(i);
          --keys[k].entries;
        } else {
          link = &entries[i].next;
        }
      }
      if (keys[k].entries == 0 && !keys[k].pinned) {
        free_key(k);  // used_keys[d] now holds another key: look at d again
      } else {
        ++d;
      }
    }
  }

  // Slides the live records down over the dead ones.
  void compact() noexcept {
    std::size_t read = 0, write = 0;
    while (read < arena_used) {
      std::uint32_t owner = 0, length = 0;
      std::memcpy(&owner, arena.get() + read, 4);
      std::memcpy(&length, arena.get() + read + 4, 4);
      const std::size_t size = record_header + length;
      const auto data = static_cast<std::uint32_t>(read + record_header);
      const auto moved = static_cast<std::uint32_t>(write + record_header);
      bool live = false;
      if (owner & key_owner_bit) {
        key& k = keys[owner & ~key_owner_bit];
        if (k.used && k.offset == data) {
          live = true;
          k.offset = moved;
        }
      } else {
        entry& e = entries[owner];
        if (e.used && e.value_offset == data) {
          live = true;
          e.value_offset = moved;
        }
      }
      if (live) {
        if (write != read) std::memmove(arena.get() + write, arena.get() + read, size);
        write += size;
      }
      read += size;
    }
    arena_used = write;
  }

  // Room for a record of `length` bytes: appends its header and returns the
  // offset of its data, or none.
  std::uint32_t append_record(std::uint32_t owner, std::size_t length, double now) noexcept {
    const std::size_t size = record_header + length;
    if (size > arena_capacity - arena_used) {
      purge_expired(now);
      compact();
      if (size > arena_capacity - arena_used) return none;
    }
    const auto len32 = static_cast<std::uint32_t>(length);
    std::memcpy(arena.get() + arena_used, &owner, 4);
    std::memcpy(arena.get() + arena_used + 4, &len32, 4);
    const auto data = static_cast<std::uint32_t>(arena_used + record_header);
    arena_used += size;
    return data;
  }

  // The key of the request, created when missing; pinned until unpin().
  std::uint32_t pin_key(const cache_request& r, double now) noexcept {
    std::uint32_t k = find_key(r);
    if (k != none) {
      keys[k].pinned = true;
      return k;
    }
    k = take_key_slot();
    if (k == none) {
      purge_expired(now);
      k = take_key_slot();
    }
    if (k == none) return none;
    key& kk = keys[k];
    kk = key{};
    kk.used = true;
    kk.pinned = true;
    kk.hash = hash_of(r.origin, r.url);
    kk.dense = static_cast<std::uint32_t>(used_key_count);
    used_keys[used_key_count++] = k;
    index_key(k);
    const std::uint32_t data = append_record(k | key_owner_bit, r.origin.size() + r.url.size(), now);
    if (data == none) {
      kk.pinned = false;
      free_key(k);
      return none;
    }
    kk.offset = data;
    kk.origin_length = static_cast<std::uint32_t>(r.origin.size());
    kk.url_length = static_cast<std::uint32_t>(r.url.size());
    std::memcpy(arena.get() + data, r.origin.data(), r.origin.size());
    std::memcpy(arena.get() + data + r.origin.size(), r.url.data(), r.url.size());
    return k;
  }

  void unpin(std::uint32_t k) noexcept {
    if (k == none) return;
    keys[k].pinned = false;
    if (keys[k].entries == 0) free_key(k);
  }

  // §4.9 "create a new cache entry" with request, max-age, and a method or
  // a header name. An entry that is not usable even now (max-age 0) is not
  // kept: it could never match, and is never listed.
  eval_status create(std::uint32_t k, const cache_request& r, std::uint64_t max_age, double now,
                     cache_entry_kind kind, std::string_view value) noexcept {
    if (!is_live(now, max_age, now)) return eval_status::ok;
    std::uint32_t i = take_entry_slot();
    if (i == none) {
      purge_expired(now);
      i = take_entry_slot();
    }
    if (i == none) return eval_status::limit_exceeded;
    entry& e = entries[i];
    e = entry{};
    e.used = true;  // before append_record, so that a compaction keeps it consistent
    e.value_offset = none;
    const std::uint32_t data = append_record(i, value.size(), now);
    if (data == none) {
      free_entry(i);
      return eval_status::limit_exceeded;
    }
    std::memcpy(arena.get() + data, value.data(), value.size());
    e.value_offset = data;
    e.value_length = static_cast<std::uint32_t>(value.size());
    e.key = k;
    e.max_age = max_age;
    e.stored_at = now;
    e.credentials = r.credentials_include;
    e.kind = kind;
    e.next = keys[k].first;
    keys[k].first = i;
    ++keys[k].entries;
    return eval_status::ok;
  }
};

preflight_cache::preflight_cache(std::size_t max_entries, std::size_t arena_bytes)
    : impl_(std::make_unique<impl>(max_entries, arena_bytes)) {}
preflight_cache::~preflight_cache() = default;
preflight_cache::preflight_cache(preflight_cache&&) noexcept = default;
preflight_cache& preflight_cache::operator=(preflight_cache&&) noexcept = default;

void preflight_cache::clear() noexcept { impl_->reset(); }

std::size_t preflight_cache::max_entries() const noexcept { return impl_->capacity; }
std::size_t preflight_cache::arena_bytes() const noexcept { return impl_->arena_capacity; }

bool preflight_cache::method_match(const cache_request& request, std::string_view method, double now) const noexcept {
  return impl_->any_match(request, now, [&](const impl::entry& e) { return impl_->method_value_matches(e, method); });
}

bool preflight_cache::header_name_match(const cache_request& request, std::string_view name,
                                        double now) const noexcept {
  return impl_->any_match(request, now, [&](const impl::entry& e) { return impl_->header_value_matches(e, name); });
}

eval_status preflight_cache::store(const cache_request& request, header_list preflight_response,
                                   std::uint64_t max_age, double now) noexcept {
  impl& c = *impl_;
  const std::uint32_t k = c.pin_key(request, now);
  if (k == none) return eval_status::limit_exceeded;
  eval_status status = eval_status::ok;
  std::string_view item;
  // Step 7.12: for each method in methods with a method cache entry match,
  // set the matching entries' max-age.
  for (token_list_cursor m(preflight_response, "access-control-allow-methods", preflight_list_limits); m.next(item);) {
    if (!method_match(request, item, now)) continue;
    c.refresh(k, request, max_age, now, [&](const impl::entry& e) { return c.method_value_matches(e, item); });
  }
  // Step 7.13: for each method in methods without one, create an entry.
  for (token_list_cursor m(preflight_response, "access-control-allow-methods", preflight_list_limits);
       status == eval_status::ok && m.next(item);) {
    if (method_match(request, item, now)) continue;
    status = c.create(k, request, max_age, now, cache_entry_kind::method, item);
  }
  // Steps 7.14-7.15: the same for each headerName in headerNames.
  for (token_list_cursor h(preflight_response, "access-control-allow-headers", preflight_list_limits);
       status == eval_status::ok && h.next(item);) {
    if (!header_name_match(request, item, now)) continue;
    c.refresh(k, request, max_age, now, [&](const impl::entry& e) { return c.header_value_matches(e, item); });
  }
  for (token_list_cursor h(preflight_response, "access-control-allow-headers", preflight_list_limits);
       status == eval_status::ok && h.next(item);) {
    if (header_name_match(request, item, now)) continue;
    status = c.create(k, request, max_age, now, cache_entry_kind::header, item);
  }
  c.unpin(k);
  return status;
}

void preflight_cache::clear_entries(const cache_request& request) noexcept {
  impl& c = *impl_;
  const std::uint32_t k = c.find_key(request);
  if (k == none) return;
  for (std::uint32_t i = c.keys[k].first; i != none;) {
    const std::uint32_t next = c.entries[i].next;
    c.free_entry(i);
    i = next;
  }
  c.free_key(k);
}

std::size_t preflight_cache::live_entries(double now, std::span<cache_entry_view> out) const noexcept {
  const impl& c = *impl_;
  auto for_each_live = [&c, now](auto&& f) noexcept {
    for (std::size_t d = 0; d < c.used_key_count; ++d) {
      const impl::key& k = c.keys[c.used_keys[d]];
      for (std::uint32_t i = k.first; i != none; i = c.entries[i].next)
        if (is_live(c.entries[i].stored_at, c.entries[i].max_age, now)) f(k, c.entries[i]);
    }
  };
  std::size_t n = 0;
  for_each_live([&n](const impl::key&, const impl::entry&) noexcept { ++n; });
  if (n > out.size()) return n;  // they do not all fit: none is written
  std::size_t i = 0;
  for_each_live([&](const impl::key& k, const impl::entry& e) noexcept {
    out[i++] = cache_entry_view{c.origin_of(k), c.url_of(k), e.credentials, e.kind, c.value_of(e), e.max_age,
                                e.stored_at};
  });
  std::sort(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(n),
            [](const cache_entry_view& a, const cache_entry_view& b) {
              return std::tie(a.origin, a.url, a.credentials, a.kind, a.value, a.stored_at, a.max_age) <
                     std::tie(b.origin, b.url, b.credentials, b.kind, b.value, b.stored_at, b.max_age);
            });
  return n;
}

}  // namespace corsproof
