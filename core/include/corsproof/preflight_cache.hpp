// corsproof/preflight_cache.hpp — the Fetch Standard's CORS-preflight cache
// (§4.9 "CORS-preflight cache": cache entries, "cache entry match", "method
// cache entry match", "header-name cache entry match", "create a new cache
// entry", "clear cache entries"; and §4.8 "CORS-preflight fetch" steps
// 7.12-7.15, which write it after a successful preflight), implemented as
// the Standard is written, literal-spec quirks included
// (docs/protocol-decisions.md "Preflight cache").
//
// The caller owns the cache and gives the time of every operation (seconds
// as a double, e.g. a session's `t`): an entry stored at s with max-age m is
// usable at t iff t < s + m (so max-age 0 is never usable). Memory is
// allocated once, by the constructor: a table of at most `max_entries`
// entries and an arena of `arena_bytes` for their origins, URLs, methods and
// header names. Nothing else allocates. A store that does not fit once the
// expired entries are dropped fails with limit_exceeded: entries are never
// evicted silently (the protocol answers such a session too-large).
// Not thread-safe: one cache per session.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>

#include "corsproof/http.hpp"
#include "corsproof/server.hpp"  // eval_status

namespace corsproof {

// docs/protocol-decisions.md "Preflight cache / Bounds".
inline constexpr std::size_t max_preflight_cache_entries = 4096;
inline constexpr std::size_t preflight_cache_arena_bytes = std::size_t{4} << 20;  // 4 MiB

enum class cache_entry_kind : std::uint8_t { method, header };

// One live entry, as the protocol's `cache_after` lists it. Views into the
// cache: valid until the cache is next modified.
struct cache_entry_view {
  std::string_view origin;  // byte-serialized request origin ("null" once tainted)
  std::string_view url;     // the request's URL, serialized (fragment included)
  bool credentials = false;  // the request's credentials mode was "include"
  cache_entry_kind kind = cache_entry_kind::method;
  std::string_view value;    // the method or header name as the server listed it, or "*"
  std::uint64_t max_age = 0;
  double stored_at = 0;      // when it was stored or last refreshed
};

// What the cache reads of a request: the result of byte-serializing the
// request origin (`null` when the request is redirect-tainted), the
// request's current URL (serialized, fragment included) and whether its
// credentials mode is "include".
struct cache_request {
  std::string_view origin;
  std::string_view url;
  bool credentials_include = false;
};

class preflight_cache {
 public:
  // Allocates the entry table and the arena (the only allocation). Limits
  // above the defaults are accepted; 0 entries or bytes make every store
  // fail with limit_exceeded.
  explicit preflight_cache(std::size_t max_entries = max_preflight_cache_entries,
                           std::size_t arena_bytes = preflight_cache_arena_bytes);
  ~preflight_cache();
  preflight_cache(preflight_cache&&) noexcept;
  preflight_cache& operator=(preflight_cache&&) noexcept;
  preflight_cache(const preflight_cache&) = delete;
  preflight_cache& operator=(const preflight_cache&) = delete;

  // Empties the cache (a new session or chain case); keeps the memory.
  void clear() noexcept;

  // §4.9 "method cache entry match" at time `now`: a live entry with a cache
  // entry match for `request` (same origin and URL; the entry credentialed,
  // or the request not "include") whose method is `method` (byte-exact) or
  // `*` (whatever the entry's credentials: quirk 1).
  [[nodiscard]] bool method_match(const cache_request& request, std::string_view method, double now) const noexcept;
  // §4.9 "header-name cache entry match": the entry's header name is a
  // byte-case-insensitive match for `name`, or `*` while `name` is not
  // `Authorization` (a CORS non-wildcard request-header name).
  [[nodiscard]] bool header_name_match(const cache_request& request, std::string_view name,
                                       double now) const noexcept;

  // §4.8 "CORS-preflight fetch" steps 7.12-7.15 after a successful
  // preflight whose response headers are `preflight_response` and whose
  // max-age (step 7.9) is `max_age`: for each element of
  // Access-Control-Allow-Methods with a method cache entry match, every
  // matching entry gets the max-age and is stored again at `now`; for each
  // one without, a new entry; then the same for Access-Control-Allow-Headers
  // with header-name matches. Items are judged one at a time, so an entry
  // created for an earlier item counts for a later one. ok, or
  // limit_exceeded (the entries written before the limit stay).
  [[nodiscard]] eval_status store(const cache_request& request, header_list preflight_response,
                                  std::uint64_t max_age, double now) noexcept;

  // §4.9 "clear cache entries": removes every entry of the request's origin
  // and URL (both credentials flags, methods and headers alike).
  void clear_entries(const cache_request& request) noexcept;

  // The entries live at `now`, sorted by origin, URL, credentials (false
  // first), kind (methods first), value (bytes), stored_at, max_age; all
  // of them are written to `out` when they fit (none otherwise). Returns how
  // many are live.
  std::size_t live_entries(double now, std::span<cache_entry_view> out) const noexcept;

  [[nodiscard]] std::size_t max_entries() const noexcept;
  [[nodiscard]] std::size_t arena_bytes() const noexcept;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace corsproof
