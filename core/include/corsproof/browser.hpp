// corsproof/browser.hpp — what a conforming browser does (oracle protocol
// mode "browser"; the Fetch Standard's CORS protocol, "CORS-preflight fetch",
// "CORS check", "CORS-safelisted request-header", "CORS filtered response").
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "corsproof/http.hpp"
#include "corsproof/server.hpp"  // eval_status

namespace corsproof {

enum class credentials_mode : std::uint8_t { omit, same_origin, include };

enum class browser_error : std::uint8_t {
  none,
  acao_missing,
  acao_multiple,
  acao_wildcard_with_credentials,
  acao_mismatch,
  acac_not_true,
  preflight_status,
  acam_invalid,
  acah_invalid,
  method_not_allowed,
  authorization_not_allowed,
  header_not_allowed,
  private_network_not_allowed,
};

enum class browser_outcome : std::uint8_t { allowed, blocked_preflight, blocked_response, forbidden_request };

[[nodiscard]] std::string_view to_string(browser_error e) noexcept;  // "" for none
[[nodiscard]] std::string_view to_string(browser_outcome o) noexcept;
[[nodiscard]] std::string_view to_string(credentials_mode c) noexcept;

// corsproof's bounds for browser mode (docs/protocol-decisions.md).
inline constexpr std::size_t max_browser_request_headers = 256;
inline constexpr std::size_t max_browser_response_headers = 256;
inline constexpr std::size_t max_unsafe_header_names = 64;
inline constexpr std::size_t max_exposed_header_names = 128;
inline constexpr std::size_t max_header_name_bytes = 256;
inline constexpr std::size_t max_header_value_bytes = 8192;
// The names and values of one response's headers together (the preflight's,
// the response's, each hop's). Chromium refuses a response head over 256 KiB
// (net::HttpStreamParser, kMaxHeaderBufSize: ERR_RESPONSE_HEADERS_TOO_BIG),
// so no browser reads a larger one; within it, every response list costs
// well under a millisecond.
inline constexpr std::size_t max_response_header_bytes = 262144;
// The request URL's "scheme://host[:port]" (userinfo, path, query and
// fragment not counted); a longer one is limit_exceeded. The whole URL is
// bounded by max_url_bytes (url.hpp) before and after parsing.
inline constexpr std::size_t max_url_origin_bytes = 1024;
// A buffer of this many bytes always holds a browser answer.
inline constexpr std::size_t browser_output_capacity = 65536;

// Whether one response's headers are within the bounds above: at most
// max_browser_response_headers, each name at most max_header_name_bytes and
// each value at most max_header_value_bytes, and max_response_header_bytes of
// names and values together. evaluate_browser and evaluate_chain answer
// limit_exceeded for a response beyond them; the audit refuses such an
// observed answer the same way.
[[nodiscard]] bool response_headers_within_bounds(header_list headers) noexcept;

// ---- Request headers (Fetch "Headers", "CORS-safelisted request-header") --

// Fetch "CORS-unsafe request-header byte".
[[nodiscard]] bool is_cors_unsafe_request_header_byte(unsigned char c) noexcept;
// Fetch "forbidden request-header" (name and value; the X-HTTP-Method-Override
// family depends on the value).
[[nodiscard]] bool is_forbidden_request_header(std::string_view name, std::string_view value) noexcept;
// Fetch "CORS-safelisted request-header" for one (name, value) pair; `value`
// is already normalized.
[[nodiscard]] bool is_cors_safelisted_request_header(std::string_view name, std::string_view value) noexcept;
// Fetch "CORS non-wildcard request-header name": Authorization.
[[nodiscard]] bool is_cors_non_wildcard_request_header_name(std::string_view name) noexcept;
// Fetch "CORS-safelisted response-header name" without exposed names: the seven.
[[nodiscard]] bool is_cors_safelisted_response_header_name(std::string_view name) noexcept;
// Fetch "forbidden response-header name": Set-Cookie, Set-Cookie2.
[[nodiscard]] bool is_forbidden_response_header_name(std::string_view name) noexcept;

// A sorted, lower-cased set of header names (Fetch "convert header names to a
// sorted-lowercase set"); the names view the caller's output buffer, or
// static storage (the seven CORS-safelisted response-header names).
struct header_name_set {
  slot_array<std::string_view, max_exposed_header_names> names;  // [0, count) hold the names
  std::size_t count = 0;
  [[nodiscard]] std::span<const std::string_view> view() const noexcept { return {names.data(), count}; }
};

// Fetch "CORS-unsafe request-header names" over an author request's header
// list. `headers` is the list after normalization, forbidden pairs dropped
// and the UA's Accept added (request_header_list below does that). Fails with
// limit_exceeded beyond max_unsafe_header_names distinct names.
[[nodiscard]] eval_status cors_unsafe_request_header_names(header_list headers, header_name_set& result,
                                                           std::span<char> out) noexcept;

// ---- The CORS checks on responses -----------------------------------------

// Fetch "CORS check": does `response_headers` share the response with
// `request_origin` (a serialized origin, "null" for opaque)?
[[nodiscard]] browser_error cors_check(header_list response_headers, std::string_view request_origin,
                                       credentials_mode credentials) noexcept;

// ---- The whole exchange -----------------------------------------------------

struct http_response {
  int status = 200;
  header_list headers;
};

struct browser_request {
  std::string_view origin;  // the request's serialized origin ("null" for opaque); else invalid_input
  std::string_view url;
  std::string_view method;  // as given to fetch()
  header_list headers;      // as given to fetch(), before normalization
  credentials_mode credentials = credentials_mode::same_origin;
  bool private_network = false;  // extension: targets a more private address space
};

struct browser_exchange {
  browser_request request;
  const http_response* preflight_response = nullptr;  // nullptr: none given
  const http_response* response = nullptr;            // nullptr: judge the preflight stage only
};

struct browser_decision {
  eval_status status = eval_status::ok;
  std::string_view status_detail;  // what bound was hit / what input is missing
  browser_outcome outcome = browser_outcome::allowed;
  std::string_view detail;  // forbidden_request: why (static text)
  bool same_origin = false;
  bool needs_preflight = false;
  // The preflight (meaningful when needs_preflight).
  std::string_view preflight_method;           // Access-Control-Request-Method sent
  bool has_preflight_request_headers = false;  // false: no Access-Control-Request-Headers sent
  std::string_view preflight_request_headers;  // the exact value sent
  bool preflight_private_network = false;
  bool preflight_ok = false;
  browser_error preflight_error = browser_error::none;
  bool has_max_age = false;  // false when the preflight failed
  std::uint64_t max_age = 0;
  // The CORS check on the actual response (meaningful when cors_check_done).
  bool cors_check_done = false;
  bool cors_check_ok = false;
  browser_error cors_check_error = browser_error::none;
  // The response header names the page may read (meaningful when has_exposed).
  bool has_exposed = false;
  header_name_set exposed;
};

// Runs the whole client side for one exchange: request validation and
// normalization, needs-preflight, the preflight request, the preflight checks,
// the CORS check on the response, and the exposed header names. Never
// allocates, never throws. Views in the decision point into `out`, the
// request, or static storage. No decision (status != ok): invalid_input when
// the request origin is not a serialized origin or "null" (checked first),
// limit_exceeded beyond a documented bound (checked before any rule),
// missing_input when a needed preflight has no response, output_too_small.
[[nodiscard]] browser_decision evaluate_browser(const browser_exchange& exchange, std::span<char> out) noexcept;

}  // namespace corsproof
