// corsproof/server.hpp — what a conforming server with a given policy
// answers (oracle protocol mode "server"; W3C CORS 2014 §6.1, §6.2, §6.4 and
// the Fetch Standard's "CORS protocol").
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "corsproof/header_list_values.hpp"
#include "corsproof/http.hpp"
#include "corsproof/policy.hpp"

namespace corsproof {

enum class request_kind : std::uint8_t { not_cors, actual, preflight };

enum class server_reason : std::uint8_t {
  ok,
  origin_not_allowed,
  method_not_allowed,
  header_not_allowed,
  private_network_not_allowed,
  malformed_origin,
  multiple_origins,
  malformed_request_method,
  malformed_request_headers,
};

// Why an evaluation produced no answer. Never a partial answer.
enum class eval_status : std::uint8_t {
  ok,
  output_too_small,  // the caller's buffer cannot hold the answer
  limit_exceeded,    // an input is beyond one of corsproof's documented bounds
  missing_input,     // browser mode: a preflight is needed but no preflight response was given
  invalid_input,     // browser mode: the request's origin is not a serialized origin or "null"
};

[[nodiscard]] std::string_view to_string(request_kind k) noexcept;
[[nodiscard]] std::string_view to_string(server_reason r) noexcept;
[[nodiscard]] std::string_view to_string(eval_status s) noexcept;

inline constexpr std::size_t max_server_request_headers = 256;
inline constexpr std::size_t max_cors_response_headers = 8;
// An Access-Control-Request-Method value longer than this is
// malformed-request-method (it could match no policy entry anyway).
inline constexpr std::size_t max_request_method_bytes = 1024;
// Access-Control-Request-Headers (every such header read as one list): more
// than this many names, or more than this many bytes over the values, is
// malformed-request-headers.
inline constexpr std::size_t max_requested_header_names = 64;
inline constexpr std::size_t max_request_headers_list_bytes = 4096;
inline constexpr list_limits request_headers_list_limits{max_requested_header_names,
                                                         max_request_headers_list_bytes};
// A buffer of this many bytes always holds a server answer: the largest is
// Origin (1024) + method (1024) + requested names (4096 + separators) on a
// preflight, or Origin + expose value (8192) on an actual request.
inline constexpr std::size_t server_output_capacity = 16384;

struct server_request {
  std::string_view method;
  header_list headers;
};

// The answer. Header names are static strings; header values and `detail`
// view the caller's output buffer, so the decision is valid as long as that
// buffer is.
struct server_decision {
  eval_status status = eval_status::ok;
  std::string_view status_detail;  // when status is not ok: which bound or buffer (static text)
  request_kind kind = request_kind::not_cors;
  bool allowed = false;
  server_reason reason = server_reason::ok;
  std::string_view detail;  // header_not_allowed: the first refused name; malformed_*: what was wrong
  int http_status = 0;      // preflights only: the status to answer with; 0 otherwise
  slot_array<header_view, max_cors_response_headers> header_storage;  // [0, header_count) hold the headers
  std::size_t header_count = 0;

  [[nodiscard]] header_list headers() const noexcept {
    return header_list(header_storage.data(), header_count);
  }
};

// Classifies the request, runs the checks in the W3C order and writes exactly
// the CORS response headers (Access-Control-* and Vary) in the documented
// canonical order into `out`. Never allocates, never throws.
[[nodiscard]] server_decision evaluate_server(const policy& p, const server_request& request,
                                              std::span<char> out) noexcept;

}  // namespace corsproof
