// corsproof/http.hpp — byte classes and header views shared by every part of
// the core (RFC 9110 §5.6.2 token, Fetch "HTTP" byte sets).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace corsproof {

// One header field as it appears in a request or response: views into memory
// the caller owns. Names are compared ASCII case-insensitively, values
// byte-for-byte (after the trimming each rule documents).
struct header_view {
  std::string_view name;
  std::string_view value;
};

using header_list = std::span<const header_view>;

// RFC 9110 §5.6.2: tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" /
// "-" / "." / "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA
[[nodiscard]] bool is_tchar(unsigned char c) noexcept;
// token = 1*tchar
[[nodiscard]] bool is_token(std::string_view s) noexcept;

// Fetch "HTTP tab or space" (0x09, 0x20) stripped from both ends: how HTTP
// field parsing reads a field value.
[[nodiscard]] std::string_view trim_tab_or_space(std::string_view s) noexcept;
// Fetch "HTTP whitespace" (TAB, LF, CR, SP) stripped from both ends: how
// Fetch "normalize" treats a header value given to Headers.append.
[[nodiscard]] std::string_view trim_http_whitespace(std::string_view s) noexcept;

// ASCII case-insensitive equality ("byte-case-insensitive" in Fetch).
[[nodiscard]] bool iequals(std::string_view a, std::string_view b) noexcept;

// Number of headers in `headers` whose name is `name` (case-insensitive).
[[nodiscard]] std::size_t count_headers(header_list headers, std::string_view name) noexcept;
// The first header named `name`, or nullptr.
[[nodiscard]] const header_view* find_header(header_list headers, std::string_view name) noexcept;

}  // namespace corsproof
