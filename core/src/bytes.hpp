// Internal byte-class tables and a bounded output writer. Not part of the
// public API: wrappers use corsproof/http.hpp.
#pragma once

#include <array>
#include <cstdint>
#include <cstddef>
#include <cstring>
#include <span>
#include <string_view>

namespace corsproof::detail {

constexpr unsigned char ascii_lower(unsigned char c) noexcept {
  return (c >= 'A' && c <= 'Z') ? static_cast<unsigned char>(c + 32) : c;
}

// RFC 9110 §5.6.2 tchar.
constexpr std::array<bool, 256> make_tchar_table() {
  std::array<bool, 256> t{};
  for (int c = '0'; c <= '9'; ++c) t[c] = true;
  for (int c = 'a'; c <= 'z'; ++c) t[c] = true;
  for (int c = 'A'; c <= 'Z'; ++c) t[c] = true;
  for (char c : std::string_view("!#$%&'*+-.^_`|~")) t[static_cast<unsigned char>(c)] = true;
  return t;
}
inline constexpr std::array<bool, 256> tchar_table = make_tchar_table();

// ASCII case-insensitive comparison of `s` against a lower-case literal.
inline bool equals_lower_literal(std::string_view s, std::string_view lower) noexcept {
  if (s.size() != lower.size()) return false;
  for (std::size_t i = 0; i < s.size(); ++i)
    if (ascii_lower(static_cast<unsigned char>(s[i])) != static_cast<unsigned char>(lower[i])) return false;
  return true;
}

// Appends bytes to a caller-owned buffer; remembers overflow instead of
// truncating, so the caller can report output_too_small.
class writer {
 public:
  explicit writer(std::span<char> out) noexcept : out_(out) {}
  std::size_t mark() const noexcept { return used_; }
  void put(std::string_view s) noexcept {
    if (overflow_ || s.size() > out_.size() - used_) { overflow_ = true; return; }
    if (!s.empty()) std::memcpy(out_.data() + used_, s.data(), s.size());
    used_ += s.size();
  }
  void put_lower(std::string_view s) noexcept {
    if (overflow_ || s.size() > out_.size() - used_) { overflow_ = true; return; }
    for (std::size_t i = 0; i < s.size(); ++i)
      out_[used_ + i] = static_cast<char>(ascii_lower(static_cast<unsigned char>(s[i])));
    used_ += s.size();
  }
  void put_uint(unsigned long long v) noexcept {
    char digits[24];
    std::size_t n = 0;
    do { digits[n++] = static_cast<char>('0' + v % 10); v /= 10; } while (v != 0);
    char rev[24];
    for (std::size_t i = 0; i < n; ++i) rev[i] = digits[n - 1 - i];
    put(std::string_view(rev, n));
  }
  std::string_view since(std::size_t mark) const noexcept {
    return overflow_ ? std::string_view() : std::string_view(out_.data() + mark, used_ - mark);
  }
  bool overflow() const noexcept { return overflow_; }
  // For functions that write into a span themselves: the free space, then
  // claim(n) for the n bytes they wrote.
  std::span<char> remaining() const noexcept { return out_.subspan(used_); }
  void claim(std::size_t n) noexcept { used_ += n; }

 private:
  std::span<char> out_;
  std::size_t used_ = 0;
  bool overflow_ = false;
};

}  // namespace corsproof::detail

