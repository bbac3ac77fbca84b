// Internal helpers shared by request_headers.cpp and browser.cpp.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <span>
#include <string_view>

#include "bytes.hpp"
#include "corsproof/browser.hpp"
#include "header_name_table.hpp"

namespace corsproof::detail {
// Fetch "CORS-safelisted response-header name": the seven, sorted (the
// exposed names of every cross-origin response, browser.cpp, and
// is_cors_safelisted_response_header_name, request_headers.cpp).
inline constexpr std::string_view cors_safelisted_response_header_names[] = {
    "cache-control", "content-language", "content-length", "content-type", "expires", "last-modified", "pragma"};
// Fetch "forbidden request-header": the names, and the method-override names
// whose value decides (is_forbidden_request_header, request_headers.cpp).
inline constexpr std::string_view forbidden_names[] = {
    "accept-charset", "accept-encoding", "access-control-request-headers", "access-control-request-method",
    "connection", "content-length", "cookie", "cookie2", "date", "dnt", "expect", "host", "keep-alive", "origin",
    "referer", "set-cookie", "te", "trailer", "transfer-encoding", "upgrade", "via"};
inline constexpr std::string_view method_override_names[] = {"x-http-method", "x-http-method-override",
                                                             "x-method-override"};
constexpr std::size_t longest_of(std::span<const std::string_view> names) noexcept {
  std::size_t n = 0;
  for (std::string_view s : names) n = s.size() > n ? s.size() : n;
  return n;
}
inline constexpr std::size_t longest_listed_name =
    std::max(longest_of(forbidden_names), longest_of(method_override_names));
// Bit c - 'a' of listed_first_letters[n]: a listed name of n bytes starts
// with letter c (every listed name starts with a letter).
inline constexpr std::array<std::uint32_t, longest_listed_name + 1> listed_first_letters = [] {
  std::array<std::uint32_t, longest_listed_name + 1> t{};
  for (std::span<const std::string_view> names :
       {std::span<const std::string_view>(forbidden_names), std::span<const std::string_view>(method_override_names)})
    for (std::string_view s : names) t[s.size()] |= std::uint32_t{1} << (s.front() - 'a');
  return t;
}();
// False when `name` cannot be a forbidden request-header name: it starts with
// neither `p` nor `s` (the prefixes `Proxy-`, `Sec-`) and no listed name has
// its length and first letter. Inline: most names are decided here, without
// a call.
inline bool may_be_forbidden_request_header_name(std::string_view name) noexcept {
  const auto first = static_cast<unsigned char>(name.empty() ? 0 : name.front() | 0x20);
  return first == 'p' || first == 's' ||
         (name.size() <= longest_listed_name && first >= 'a' && first <= 'z' &&
          (listed_first_letters[name.size()] >> (first - 'a') & 1) != 0);
}

// The CORS-unsafe request-header names of one request: at most
// max_unsafe_header_names, sorted, lower-cased, viewing the output buffer.
// Names beyond `count` are left uninitialized (no 1 KiB of zeroes per
// evaluation).
struct unsafe_name_list {
  unsafe_name_list() noexcept {}  // NOLINT: `names` deliberately uninitialized
  union {
    std::string_view names[max_unsafe_header_names];
  };
  std::size_t count = 0;
  // The same names, case-insensitively, for lookups (the preflight's
  // Access-Control-Allow-Headers elements): entry e is the e-th name in the
  // order the headers first gave it, its text the lower-cased copy. Built
  // (hashed) once, while collecting; only valid when count > 0.
  header_name_table<max_unsafe_header_names> table;
  [[nodiscard]] std::span<const std::string_view> view() const noexcept { return {names, count}; }
};
// Fetch "CORS-unsafe request-header names" into `result`, names copied into `w`.
eval_status unsafe_names_into(header_list headers, unsafe_name_list& result, writer& w) noexcept;
}  // namespace corsproof::detail
