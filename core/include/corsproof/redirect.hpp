// corsproof/redirect.hpp — one fetch() that follows redirects (oracle
// protocol v1.1, mode `browser` with `hops`), as the Fetch Standard's main
// fetch, HTTP fetch, HTTP-redirect fetch and CORS-preflight fetch run it hop
// after hop (whatwg/fetch 586cd2a4), against a CORS-preflight cache
// (corsproof/preflight_cache.hpp) that the caller owns.
//
// Per hop: the path (basic while the URL list is same origin with the
// request's origin, CORS from the first cross-origin hop on, never back);
// the preflight decision with the hop's current method and headers, against
// the cache; the preflight and its checks; the CORS check of every CORS
// response, redirects included; the redirect mode; the location URL
// (corsproof/url.hpp) and its scheme, the 20-redirect limit, userinfo;
// 301/302/303 method rewriting with the request-body headers deleted;
// Authorization deleted across origins; the redirect-taint that turns the
// serialized request origin into `null`. The single-exchange rules are the
// ones evaluate_browser applies (corsproof/browser.hpp): a chain of one hop
// answers as evaluate_browser does for the same exchange.
//
// Allocation-free and noexcept (a non-ASCII host in a URL is the one
// exception, see corsproof/url.hpp). Bounded: at most 20 redirects (21
// hops), the browser-mode bounds per request and response, URLs of at most
// max_url_bytes. Every choice the protocol leaves open is in
// docs/protocol-decisions.md "Redirect chains".
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "corsproof/browser.hpp"
#include "corsproof/preflight_cache.hpp"
#include "corsproof/url.hpp"

namespace corsproof {

// Fetch "request's redirect mode".
enum class redirect_mode : std::uint8_t { follow, error, manual };
// Fetch "request's response tainting", as the protocol reports it per hop.
enum class response_tainting : std::uint8_t { basic, cors };
enum class chain_outcome : std::uint8_t {
  allowed,
  blocked_preflight,
  blocked_response,
  blocked_redirect,
  opaque_redirect,
  incomplete,  // a response or preflight response the chain needs was not given
  forbidden_request,
};
// The protocol's redirect error codes (hops[i].redirect.error).
enum class redirect_error : std::uint8_t {
  none,
  disallowed,        // redirect-disallowed: redirect mode "error" met a redirect status
  location_invalid,  // redirect-location-invalid: Location repeated or not a URL
  scheme,            // redirect-scheme: the location's scheme is not http or https
  limit,             // redirect-limit: a 21st redirect
  credentials,       // redirect-credentials: userinfo Fetch refuses here
};
// hops[i].preflight.cache: what the cache held of the items a preflight
// would ask for (the method unless CORS-safelisted, each CORS-unsafe name).
enum class cache_verdict : std::uint8_t { miss, partial, hit };
// needs.what of an incomplete chain.
enum class needed_input : std::uint8_t { response, preflight_response };
// final.type: the response's type (Fetch "basic", "cors", "opaqueredirect").
enum class response_type : std::uint8_t { basic, cors, opaqueredirect };

[[nodiscard]] std::string_view to_string(redirect_mode m) noexcept;
[[nodiscard]] std::string_view to_string(response_tainting t) noexcept;
[[nodiscard]] std::string_view to_string(chain_outcome o) noexcept;
[[nodiscard]] std::string_view to_string(redirect_error e) noexcept;  // "" for none
[[nodiscard]] std::string_view to_string(cache_verdict v) noexcept;
[[nodiscard]] std::string_view to_string(needed_input n) noexcept;
[[nodiscard]] std::string_view to_string(response_type t) noexcept;

// Fetch HTTP-redirect fetch step 7: a request follows at most 20 redirects.
inline constexpr std::size_t max_redirects = 20;
inline constexpr std::size_t max_chain_hops = max_redirects + 1;

// A buffer of this many bytes always holds a chain decision: per hop its URL
// (which is also the previous hop's location) and its preflight's
// Access-Control-Request-Headers, plus the final response's exposed names.
inline constexpr std::size_t chain_output_capacity =
    max_chain_hops * (max_url_bytes + max_unsafe_header_names * (max_header_name_bytes + 1)) +
    max_exposed_header_names * max_header_name_bytes;

// What the server answers to the i-th request of the fetch (the protocol's
// hops[i]); views into memory the caller owns.
struct chain_hop {
  bool has_url = false;  // the URL the caller expects this hop to request
  std::string_view url;
  const http_response* preflight_response = nullptr;  // read only when the hop sends a preflight
  const http_response* response = nullptr;           // nullptr: not given (the chain is incomplete there)
};

struct chain_request {
  browser_request request;  // origin, url, method, headers, credentials, private_network
  redirect_mode redirect = redirect_mode::follow;
};

// A hop's preflight object (meaningful when the hop is on the preflight path).
struct hop_preflight {
  std::string_view method;                  // Access-Control-Request-Method
  bool has_request_headers = false;         // false: no Access-Control-Request-Headers
  std::string_view request_headers;         // its exact value
  bool private_network = false;             // the preflight asked for private network access
  bool ok = false;                          // cache hit, or the preflight passed
  browser_error error = browser_error::none;
  bool has_max_age = false;                 // false on a cache hit and when it failed
  std::uint64_t max_age = 0;
  cache_verdict cache = cache_verdict::miss;
};

struct hop_redirect {
  bool has_location = false;  // false when Fetch never computed it (modes error and manual,
                              // no Location header, a Location that does not parse)
  std::string_view location;  // the location URL, serialized (fragment included)
  bool followed = false;
  redirect_error error = redirect_error::none;
};

// Names deleted from the request's headers by the redirect just before a
// hop: lower case, sorted, no duplicates; static storage.
struct removed_header_names {
  std::array<std::string_view, 5> names{};
  std::size_t count = 0;
  [[nodiscard]] std::span<const std::string_view> view() const noexcept { return {names.data(), count}; }
};

// One request the browser made (the protocol's hops[i]).
struct chain_hop_record {
  std::string_view url;  // serialized without the fragment
  std::string_view method;
  bool has_origin_header = false;  // false: no Origin header was sent
  std::string_view origin_header;  // the page's serialized origin, or "null" once tainted
  response_tainting tainting = response_tainting::basic;
  bool credentials_sent = false;
  removed_header_names removed_headers;
  bool needs_preflight = false;  // on the preflight path (preflight is non-null)
  hop_preflight preflight;
  bool has_status = false;  // false: the chain stopped before the response (or it was not given)
  int status = 0;
  bool cors_check_done = false;  // false on basic hops
  bool cors_check_ok = false;
  browser_error cors_check_error = browser_error::none;
  bool is_redirect = false;  // the status is 301, 302, 303, 307 or 308: `redirect` is non-null
  hop_redirect redirect;
};

struct chain_final {
  std::string_view url;  // serialized without the fragment
  std::size_t redirect_count = 0;
  int status = 0;  // 0 for an opaque redirect
  response_type type = response_type::basic;
};

struct chain_needs {
  std::size_t hop = 0;
  needed_input what = needed_input::response;
  std::string_view url;
};

struct chain_decision {
  eval_status status = eval_status::ok;
  std::string_view status_detail;  // which bound was hit, why the input is invalid
  chain_outcome outcome = chain_outcome::allowed;
  std::string_view detail;  // static text: why it failed, or was refused
  // The v1 fields, of the hop that failed, or is incomplete, or is the last
  // one (all false/empty for forbidden_request).
  bool needs_preflight = false;  // also `preflight` is non-null (without its `cache`)
  hop_preflight preflight;
  bool cors_check_done = false;
  bool cors_check_ok = false;
  browser_error cors_check_error = browser_error::none;
  bool has_exposed = false;  // false when blocked or incomplete; true and empty for an opaque redirect
  header_name_set exposed;
  // v1.1.
  bool has_error_hop = false;
  std::size_t error_hop = 0;
  bool has_needs = false;  // only for incomplete
  chain_needs needs;
  bool has_final = false;  // false when blocked or incomplete
  chain_final final_response;
  std::size_t hop_count = 0;
  std::array<chain_hop_record, max_chain_hops> hops{};
  [[nodiscard]] std::span<const chain_hop_record> hop_records() const noexcept { return {hops.data(), hop_count}; }
};

// Runs one fetch() through its hops. `hops[i]` is what the server answers to
// the i-th request (hops past the end of the chain are ignored; only the
// first max_chain_hops are read). `cache` is the CORS-preflight cache the
// fetch reads and writes at time `now` (seconds); the protocol's chain case
// passes a cleared cache, a session the session's cache. nullptr means a
// user agent without a cache: every preflight is sent (cache miss) and
// nothing is stored.
//
// The decision is written to `decision` (caller-owned, its hop records in a
// fixed array); its views point into `out`, the request, the hops, or
// static storage. `out` of chain_output_capacity bytes always suffices. No
// decision (status != ok): invalid_input when the request origin is not a
// serialized origin or "null", or a hop's given url is not the URL the
// fetch requests (the protocol's bad-case); limit_exceeded beyond a bound
// (request and response headers as in browser mode, URLs over max_url_bytes,
// a full cache); output_too_small. The cache may have been written before a
// limit_exceeded.
void evaluate_chain(const chain_request& request, std::span<const chain_hop> hops, preflight_cache* cache, double now,
                    chain_decision& decision, std::span<char> out) noexcept;

// The redirect steps, also usable on their own.

// Fetch "redirect status": 301, 302, 303, 307 or 308.
[[nodiscard]] constexpr bool is_redirect_status(int status) noexcept {
  return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}
// Fetch HTTP-redirect fetch step 12: true when the redirect turns `method`
// (normalized) into GET and drops the body and its headers: 301 or 302 with
// POST, 303 with anything but GET or HEAD.
[[nodiscard]] bool redirect_rewrites_method(int status, std::string_view method) noexcept;
// Fetch "request-body-header name": Content-Encoding, Content-Language,
// Content-Location, Content-Type (byte-case-insensitive).
[[nodiscard]] bool is_request_body_header_name(std::string_view name) noexcept;

}  // namespace corsproof
