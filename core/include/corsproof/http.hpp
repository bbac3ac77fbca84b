// corsproof/http.hpp — byte classes and header views shared by every part of
// the core (RFC 9110 §5.6.2 token, Fetch "HTTP" byte sets).
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <new>
#include <span>
#include <string>
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
  // The common case first: neither end is SP (0x20) or HTAB (0x09). Both are
  // at most 0x20, so a byte above 0x20 is neither.
  if (!s.empty() && static_cast<unsigned char>(s.front()) > 0x20 && static_cast<unsigned char>(s.back()) > 0x20)
    return s;
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

// A lower-case header name known in advance, compared ASCII
// case-insensitively a word at a time: its bytes and which of them are
// letters are laid out when it is built (at compile time where it is
// constexpr), so a compare costs a load, an OR and a compare per eight
// bytes. Each lower-case letter a-z of the text matches itself or its
// upper case; every other byte (give the text in lower case) matches only
// itself, at every length. The text must outlive the object (as for a
// string_view): a string literal, or other static storage.
//   static constexpr corsproof::header_name_literal origin("origin");
//   if (origin.matches(h.name)) ...
class header_name_literal {
 public:
  // Longer names are compared byte by byte.
  static constexpr std::size_t max_size = 48;
  constexpr explicit header_name_literal(std::string_view lower) noexcept : lower_(lower) {
    if (lower.size() > max_size) return;
    for (std::size_t i = 0; i < lower.size(); ++i) {
      const auto c = static_cast<unsigned char>(lower[i]);
      words_[i / 8] |= std::uint64_t{c} << (8 * (i % 8));
      if (c >= 'a' && c <= 'z') letters_[i / 8] |= std::uint64_t{0x20} << (8 * (i % 8));
    }
    // The last eight bytes as one word, for an overlapping last compare
    // (four bytes for a name of four to seven).
    const std::size_t tail = lower.size() >= 8 ? 8 : 4;
    for (std::size_t i = 0; lower.size() >= 4 && i < tail; ++i) {
      const auto c = static_cast<unsigned char>(lower[lower.size() - tail + i]);
      tail_word_ |= std::uint64_t{c} << (8 * i);
      if (c >= 'a' && c <= 'z') tail_letters_ |= std::uint64_t{0x20} << (8 * i);
    }
  }
  // Not from a temporary string: the object keeps a view of the text.
  template <class S>
    requires std::is_same_v<S, std::string>
  explicit header_name_literal(S&&) = delete;
  [[nodiscard]] constexpr std::size_t size() const noexcept { return lower_.size(); }
  [[nodiscard]] constexpr std::string_view text() const noexcept { return lower_; }
  // `s` equals the name, byte-case-insensitively (only A-Z fold).
  [[nodiscard]] bool matches(std::string_view s) const noexcept {
    const std::size_t n = lower_.size();
    if (s.size() != n) return false;
    std::size_t i = 0;
    if constexpr (std::endian::native == std::endian::little) {
      if (n <= max_size) {
        const auto word = [&s](std::size_t at) noexcept {
          std::uint64_t v;
          std::memcpy(&v, s.data() + at, 8);
          return v;
        };
        for (; i + 8 <= n; i += 8)
          if ((word(i) | letters_[i / 8]) != words_[i / 8]) return false;
        if (n >= 8) return i == n || (word(n - 8) | tail_letters_) == tail_word_;
        if (n >= 4) {  // the first four bytes and the last four, overlapping
          std::uint32_t head, last;
          std::memcpy(&head, s.data(), 4);
          std::memcpy(&last, s.data() + n - 4, 4);
          return (head | static_cast<std::uint32_t>(letters_[0])) == static_cast<std::uint32_t>(words_[0]) &&
                 (last | static_cast<std::uint32_t>(tail_letters_)) == static_cast<std::uint32_t>(tail_word_);
        }
      }
    }
    for (; i < n; ++i) {
      const auto c = static_cast<unsigned char>(s[i]);
      const auto want = static_cast<unsigned char>(lower_[i]);
      const bool letter = want >= 'a' && want <= 'z';
      if ((letter ? (c | 0x20) : c) != want) return false;
    }
    return true;
  }

 private:
  std::string_view lower_;
  std::uint64_t words_[max_size / 8] = {};
  std::uint64_t letters_[max_size / 8] = {};
  std::uint64_t tail_word_ = 0;
  std::uint64_t tail_letters_ = 0;
};

// Number of headers in `headers` whose name is `name` (case-insensitive).
[[nodiscard]] std::size_t count_headers(header_list headers, std::string_view name) noexcept;
// The first header named `name`, or nullptr.
[[nodiscard]] const header_view* find_header(header_list headers, std::string_view name) noexcept;

}  // namespace corsproof
