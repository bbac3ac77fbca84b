// The single-exchange steps of browser mode, one at a time, for a hop of a
// redirect chain (redirect.cpp). Defined in browser.cpp, where
// evaluate_browser runs the same functions for its one exchange: a chain of
// one hop answers exactly as evaluate_browser does.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "browser_internal.hpp"
#include "bytes.hpp"
#include "corsproof/browser.hpp"

namespace corsproof::detail {

// docs/protocol-decisions.md "Bounds", request side: "" when the request's
// headers are within them, else which one is exceeded.
[[nodiscard]] std::string_view request_beyond_bounds(const browser_request& request) noexcept;
// The same for one response: response_headers_within_bounds (browser.hpp),
// and the words for a response beyond them.
inline constexpr std::string_view response_beyond_bounds_message =
    "a response has more than 256 headers, a name over 256 bytes, a value over 8192 bytes or over 256 KiB of names "
    "and values";
// The words for a request origin that is neither a serialized origin nor "null".
inline constexpr std::string_view request_origin_not_serialized_message =
    "request.origin is not a serialized origin (scheme://host[:port] as browsers serialize it) or null";

// The request URL as browser mode reads it (decisions page "URL origin"):
// its "scheme://host[:port]" (at most max_url_origin_bytes, else
// limit_exceeded), present, without userinfo; `origin` is the canonical
// spelling of it, written to `buffer`. `why` is non-empty when fetch()
// refuses the URL (forbidden-request), or names the bound.
struct request_url_origin {
  eval_status status = eval_status::ok;
  std::string_view why;
  std::string_view origin;
};
[[nodiscard]] request_url_origin read_request_url_origin(std::string_view url, std::span<char> buffer) noexcept;

// Fetch "Request constructor" steps 25 and 33 and "fetch" step 12: the
// method (a token, not forbidden) normalized, the author's headers
// validated and normalized with forbidden pairs dropped, and `Accept: */*`
// appended when absent, into `list` (room for max_browser_request_headers +
// 1). Returns "" or why fetch() throws (static text).
[[nodiscard]] std::string_view normalize_request(const browser_request& request, std::string_view& method,
                                                 header_view* list, std::size_t& count) noexcept;

// "CORS-preflight fetch" step 5.1: the Access-Control-Request-Headers value
// (the sorted names joined by a bare ",").
void write_request_headers_value(const unsafe_name_list& unsafe, writer& w) noexcept;

// "CORS-preflight fetch" steps 7-8 for the preflight response to a request
// with this serialized origin, method, CORS-unsafe names, credentials mode
// and private-network flag: the CORS check, the ok status, then the method,
// Authorization and header checks (and Private Network Access), in the
// protocol's error order. none when it passes; then `max_age` is steps
// 7.8-7.9's (Access-Control-Max-Age, 5 when absent or invalid).
[[nodiscard]] browser_error judge_preflight_response(const http_response& response, std::string_view serialized_origin,
                                                     std::string_view method, const unsafe_name_list& unsafe,
                                                     credentials_mode credentials, bool private_network,
                                                     std::uint64_t& max_age) noexcept;

// "HTTP fetch" step 4.4: the CORS check of a response.
[[nodiscard]] browser_error response_cors_check(const http_response& response, std::string_view serialized_origin,
                                                credentials_mode credentials) noexcept;

// Main fetch step 14: the header names a basic (`basic`) or CORS filtered
// response lets the page read, lower-cased and sorted into `out`, copied
// into `w`. limit_exceeded beyond max_exposed_header_names.
[[nodiscard]] eval_status exposed_names(const http_response& response, credentials_mode credentials, bool basic,
                                        header_name_set& out, writer& w) noexcept;

}  // namespace corsproof::detail
