// corsproof/http.hpp — byte classes and header views shared by every part of
// the core (RFC 9110 §5.6.2 token, Fetch "HTTP" byte sets).
#pragma once

#include <cstddef>
#include <cstdint>
#include <new>
#include <span>
#include <string_view>
#include <type_traits>

namespace corsproof {

// One header field as it appears in a request or response: views into memory
// the caller owns. Names are compared ASCII case-insensitively, values
// byte-for-byte (after the trimming each rule documents).
struct header_view {
  std::string_view name;
  std::string_view value;
};

using header_list = std::span<const header_view>;

// Room for N objects of a trivially copyable type whose slots hold nothing
// until written; indexes like an array. The decisions the core builds on
// every evaluation hold such arrays (128 exposed names, 8 answer headers)
// of which a few slots are used: value-initializing them all was a tenth of
// a simple GET's evaluation (2 KiB of stores). Each owner keeps a count and
// only the slots before it are ever read.
template <class T, std::size_t N>
class slot_array {
  static_assert(std::is_trivially_copyable_v<T> && std::is_trivially_destructible_v<T>);

 public:
  slot_array() noexcept {}  // NOLINT: deliberately leaves the slots uninitialized
  [[nodiscard]] T* data() noexcept { return std::launder(reinterpret_cast<T*>(bytes_)); }
  [[nodiscard]] const T* data() const noexcept { return std::launder(reinterpret_cast<const T*>(bytes_)); }
  [[nodiscard]] T& operator[](std::size_t i) noexcept { return data()[i]; }
  [[nodiscard]] const T& operator[](std::size_t i) const noexcept { return data()[i]; }
  [[nodiscard]] T* begin() noexcept { return data(); }
  [[nodiscard]] static constexpr std::size_t size() noexcept { return N; }

 private:
  // Storage that implicitly creates objects of implicit-lifetime types
  // (C++20 [intro.object]): writing a slot creates the object in it.
  alignas(T) unsigned char bytes_[N * sizeof(T)];
};

// RFC 9110 §5.6.2: tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" /
// "-" / "." / "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA
[[nodiscard]] bool is_tchar(unsigned char c) noexcept;
// token = 1*tchar
[[nodiscard]] bool is_token(std::string_view s) noexcept;

// Fetch "HTTP tab or space" (0x09, 0x20) stripped from both ends: how HTTP
// field parsing reads a field value. Inline: every header the hot paths read
// goes through it, and most values have nothing to strip.
[[nodiscard]] inline std::string_view trim_tab_or_space(std::string_view s) noexcept {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}
// Fetch "HTTP whitespace" (TAB, LF, CR, SP) stripped from both ends: how
// Fetch "normalize" treats a header value given to Headers.append. Inline,
// as trim_tab_or_space.
[[nodiscard]] inline std::string_view trim_http_whitespace(std::string_view s) noexcept {
  auto white = [](char c) noexcept { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!s.empty() && white(s.front())) s.remove_prefix(1);
  while (!s.empty() && white(s.back())) s.remove_suffix(1);
  return s;
}

// ASCII case-insensitive equality ("byte-case-insensitive" in Fetch).
[[nodiscard]] bool iequals(std::string_view a, std::string_view b) noexcept;

// Number of headers in `headers` whose name is `name` (case-insensitive).
[[nodiscard]] std::size_t count_headers(header_list headers, std::string_view name) noexcept;
// The first header named `name`, or nullptr.
[[nodiscard]] const header_view* find_header(header_list headers, std::string_view name) noexcept;

}  // namespace corsproof
