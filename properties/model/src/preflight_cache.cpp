// Fetch §4.9 "CORS-preflight cache" (whatwg/fetch 586cd2a4), exactly as
// written: one entry per method or header name, keyed by (network partition
// key, byte-serialized origin, URL) plus a credentials flag; "create a new
// cache entry", "clear cache entries", "cache entry match", "method cache
// entry match", "header-name cache entry match"; and the cache steps 7.12-7.15
// of §4.8 "CORS-preflight fetch".
//
// Time, from the protocol (docs/protocol.md §11 "The cache"): an entry
// stored at s with max-age m is usable at t iff t < s + m. The Standard says
// entries "must be removed after the seconds specified in their max-age field
// have passed since storing the entry": every operation below first removes
// the entries that are no longer usable at the cache's current time.
#include "spec.hpp"

namespace corsproof_model::spec {

// The protocol's time rule: usable at now iff now < stored_at + max_age (so
// a max-age of 0 is never usable).
bool cache_entry_is_live(const CacheEntry& entry, double now) {
  return now < entry.stored_at + static_cast<double>(entry.max_age);
}

// §4.9: "Cache entries must be removed after the seconds specified in their
// max-age field have passed since storing the entry."
void remove_expired_cache_entries(CorsPreflightCache& cache) {
  std::vector<CacheEntry> live;
  for (const CacheEntry& entry : cache.entries) {
    if (cache_entry_is_live(entry, cache.now)) live.push_back(entry);
  }
  cache.entries = live;
}

// §4.9 "cache entry match" for entry with request: entry's key is request's
// network partition key (one partition: always), entry's byte-serialized
// origin is the result of byte-serializing a request origin with request,
// entry's URL is request's current URL, and either entry's credentials is
// true, or it is false and request's credentials mode is not "include".
bool cache_entry_match(const CacheEntry& entry, const CacheRequest& request) {
  if (entry.byte_serialized_origin != request.byte_serialized_origin) return false;
  if (entry.url != request.current_url) return false;
  return entry.credentials || request.credentials_mode != "include";
}

// §4.9 "method cache entry match" for method using request: an entry with a
// cache entry match whose method is method (byte-exact) or `*`. Note: a `*`
// entry matches whatever its credentials flag (literal-spec quirk, digest §2.8.1).
bool method_cache_entry_match(CorsPreflightCache& cache, const std::string& method, const CacheRequest& request) {
  remove_expired_cache_entries(cache);
  for (const CacheEntry& entry : cache.entries) {
    if (!cache_entry_match(entry, request)) continue;
    if (entry.method && (*entry.method == method || *entry.method == "*")) return true;
  }
  return false;
}

// §4.9 "header-name cache entry match" for headerName using request: an entry
// with a cache entry match whose header name is a byte-case-insensitive match
// for headerName, or is `*` while headerName is not a CORS non-wildcard
// request-header name (`Authorization`).
bool header_name_cache_entry_match(CorsPreflightCache& cache, const std::string& header_name,
                                   const CacheRequest& request) {
  remove_expired_cache_entries(cache);
  for (const CacheEntry& entry : cache.entries) {
    if (!cache_entry_match(entry, request)) continue;
    if (!entry.header_name) continue;
    if (byte_case_insensitive_match(*entry.header_name, header_name)) return true;
    if (*entry.header_name == "*" && !is_cors_non_wildcard_request_header_name(header_name)) return true;
  }
  return false;
}

// §4.9 "create a new cache entry", given request, max-age, method and headerName.
void create_a_new_cache_entry(CorsPreflightCache& cache, const CacheRequest& request, long long max_age,
                              const std::optional<std::string>& method,
                              const std::optional<std::string>& header_name) {
  remove_expired_cache_entries(cache);
  // Step 1: let entry be a cache entry: key (omitted, one partition),
  // byte-serialized origin, URL (request's current URL), max-age,
  // credentials (true iff credentials mode is "include"), method, header name.
  CacheEntry entry;
  entry.byte_serialized_origin = request.byte_serialized_origin;
  entry.url = request.current_url;
  entry.max_age = max_age;
  entry.credentials = request.credentials_mode == "include";
  entry.method = method;
  entry.header_name = header_name;
  entry.stored_at = cache.now;
  // Step 2: append entry to the user agent's CORS-preflight cache.
  cache.entries.push_back(entry);
}

// §4.9 "clear cache entries" given request: remove any entry whose key is
// request's network partition key, whose byte-serialized origin is the
// result of byte-serializing a request origin with request, and whose URL is
// request's current URL (whatever its credentials, method or header name).
void clear_cache_entries(CorsPreflightCache& cache, const CacheRequest& request) {
  std::vector<CacheEntry> kept;
  for (const CacheEntry& entry : cache.entries) {
    const bool cleared =
        entry.byte_serialized_origin == request.byte_serialized_origin && entry.url == request.current_url;
    if (!cleared) kept.push_back(entry);
  }
  cache.entries = kept;
  remove_expired_cache_entries(cache);
}

namespace {

// §4.8 steps 7.12 and 7.14: "set matching entry's max-age to max-age".
// Two readings are left open by the Standard and decided here (listed for the
// lead):
//  - every matching entry is updated (the text says "matching entry", and
//    both a `PUT` and a `*` entry can match `PUT`);
//  - updating re-stores the entry at the current time (stored_at := now), so
//    it stays usable for max-age seconds from now (digest §2.4). Read
//    literally ("since storing the entry"), only max-age would change.
template <typename Matches>
void set_matching_entries_max_age(CorsPreflightCache& cache, const CacheRequest& request, long long max_age,
                                  Matches matches) {
  remove_expired_cache_entries(cache);
  for (CacheEntry& entry : cache.entries) {
    if (!cache_entry_match(entry, request) || !matches(entry)) continue;
    entry.max_age = max_age;
    entry.stored_at = cache.now;
  }
}

}  // namespace

// §4.8 "CORS-preflight fetch" steps 7.12-7.15, given request, max-age, and the
// methods and headerNames lists of steps 7.1-7.2. Each "for which there is (no)
// match" is evaluated when the item is reached, so an entry created for an
// earlier item of the same list counts for a later one.
void store_preflight_result(CorsPreflightCache& cache, const CacheRequest& request, long long max_age,
                            const std::vector<std::string>& methods, const std::vector<std::string>& header_names) {
  // Step 7.12: for each method in methods for which there is a method cache
  // entry match using request, set matching entry's max-age to max-age.
  for (const std::string& method : methods) {
    if (!method_cache_entry_match(cache, method, request)) continue;
    set_matching_entries_max_age(cache, request, max_age, [&](const CacheEntry& entry) {
      return entry.method && (*entry.method == method || *entry.method == "*");
    });
  }
  // Step 7.13: for each method in methods for which there is no method cache
  // entry match using request, create a new cache entry with request,
  // max-age, method, and null.
  for (const std::string& method : methods) {
    if (method_cache_entry_match(cache, method, request)) continue;
    create_a_new_cache_entry(cache, request, max_age, method, std::nullopt);
  }
  // Step 7.14: the same for each headerName in headerNames with a header-name
  // cache entry match.
  for (const std::string& header_name : header_names) {
    if (!header_name_cache_entry_match(cache, header_name, request)) continue;
    set_matching_entries_max_age(cache, request, max_age, [&](const CacheEntry& entry) {
      return entry.header_name && (byte_case_insensitive_match(*entry.header_name, header_name) ||
                                   (*entry.header_name == "*" && !is_cors_non_wildcard_request_header_name(header_name)));
    });
  }
  // Step 7.15: for each headerName without one, create a new cache entry with
  // request, max-age, null, and headerName.
  for (const std::string& header_name : header_names) {
    if (header_name_cache_entry_match(cache, header_name, request)) continue;
    create_a_new_cache_entry(cache, request, max_age, std::nullopt, header_name);
  }
}

}  // namespace corsproof_model::spec
