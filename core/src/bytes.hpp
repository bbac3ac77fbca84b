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

// Eight bytes at a time: ASCII upper case to lower case, other bytes unchanged.
inline std::uint64_t load8(const char* p) noexcept {
  std::uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}
constexpr std::uint64_t lower8(std::uint64_t x) noexcept {
  constexpr std::uint64_t ones = 0x0101010101010101ULL;
  const std::uint64_t heptets = x & (0x7f * ones);
  const std::uint64_t ge_a = heptets + (0x80 - 'A') * ones;  // high bit: byte >= 'A'
  const std::uint64_t gt_z = heptets + (0x7f - 'Z') * ones;  // high bit: byte > 'Z'
  const std::uint64_t upper = ge_a & ~gt_z & ~x & (0x80 * ones);
  return x | (upper >> 2);
}

// ASCII case-insensitive comparison of `s` against a lower-case literal.
inline bool equals_lower_literal(std::string_view s, std::string_view lower) noexcept {
  if (s.size() != lower.size()) return false;
  const std::size_t n = s.size();
  if (n >= 8) {
    std::size_t i = 0;
    for (; i + 8 <= n; i += 8)
      if (lower8(load8(s.data() + i)) != load8(lower.data() + i)) return false;
    return i == n || lower8(load8(s.data() + n - 8)) == load8(lower.data() + n - 8);
  }
  for (std::size_t i = 0; i < n; ++i)
    if (ascii_lower(static_cast<unsigned char>(s[i])) != static_cast<unsigned char>(lower[i])) return false;
  return true;
}

// ASCII case-insensitive equality of two arbitrary strings.
inline bool iequals_fast(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  const std::size_t n = a.size();
  if (n >= 8) {
    std::size_t i = 0;
    for (; i + 8 <= n; i += 8)
      if (lower8(load8(a.data() + i)) != lower8(load8(b.data() + i))) return false;
    return i == n || lower8(load8(a.data() + n - 8)) == lower8(load8(b.data() + n - 8));
  }
  for (std::size_t i = 0; i < n; ++i)
    if (ascii_lower(static_cast<unsigned char>(a[i])) != ascii_lower(static_cast<unsigned char>(b[i]))) return false;
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

