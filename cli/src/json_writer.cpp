// cli/src/json_writer.cpp — see json_writer.hpp.
#include "json_writer.hpp"

#include <array>
#include <charconv>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace corsproof::cli {

namespace {

// 0: copied as is; 'u': \u00XX; otherwise the character after the backslash.
constexpr std::array<char, 256> escape_table = [] {
  std::array<char, 256> t{};
  for (int c = 0; c < 0x20; ++c) t[static_cast<std::size_t>(c)] = 'u';
  t['\b'] = 'b';
  t['\t'] = 't';
  t['\n'] = 'n';
  t['\f'] = 'f';
  t['\r'] = 'r';
  t['"'] = '"';
  t['\\'] = '\\';
  return t;
}();

// The bytes JSON requires escaped: below 0x20, '"' and '\\'.
#if defined(__SSE2__)
// Bit i set where byte i of the 16 at `p` is one (SSE2: every x86-64 CPU).
int special_mask16(const char* p) noexcept {
  const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  const __m128i control = _mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(0x1f)), v);  // v <= 0x1f, unsigned
  const __m128i quote_or_backslash =
      _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\\')));
  return _mm_movemask_epi8(_mm_or_si128(control, quote_or_backslash));
}
#endif
// Whether one of the eight bytes of `w` is one, with the usual word tricks
// ("has a byte less than n", "has a zero byte").
bool has_special_byte(std::uint64_t w) noexcept {
  constexpr std::uint64_t ones = 0x0101010101010101ULL;
  constexpr std::uint64_t highs = 0x8080808080808080ULL;
  const std::uint64_t quote = w ^ (ones * '"');
  const std::uint64_t backslash = w ^ (ones * '\\');
  return ((((w - ones * 0x20) & ~w) | ((quote - ones) & ~quote) | ((backslash - ones) & ~backslash)) & highs) != 0;
}

// The length of the longest prefix of [in, end) that needs no escape: 16
// bytes at a time with SSE2, else 8 at a time, then byte by byte.
const char* skip_plain(const char* in, const char* end) noexcept {
#if defined(__SSE2__)
  for (; end - in >= 16; in += 16)
    if (const int mask = special_mask16(in); mask != 0) return in + __builtin_ctz(static_cast<unsigned>(mask));
#else
  for (; end - in >= 8; in += 8) {
    std::uint64_t w = 0;
    std::memcpy(&w, in, 8);
    if (has_special_byte(w)) break;
  }
#endif
  while (in != end && escape_table[static_cast<unsigned char>(*in)] == 0) ++in;
  return in;
}

// Does any byte of `s` need an escape? Whole words at a time with no byte
// loop: from 16 bytes on, 16 at once (the last 16 again, overlapping);
// below, two overlapping words of 8 or 4 bytes. The answers' strings are
// mostly short names and values.
bool needs_escape(std::string_view s) noexcept {
  const char* p = s.data();
  const std::size_t n = s.size();
  if (n >= 16) {
#if defined(__SSE2__)
    for (std::size_t i = 0; i + 16 <= n; i += 16)
      if (special_mask16(p + i) != 0) return true;
    return n % 16 != 0 && special_mask16(p + n - 16) != 0;
#else
    return skip_plain(p, p + n) != p + n;
#endif
  }
  std::uint64_t w;
  if (n >= 8) {
    std::uint64_t a, b;
    std::memcpy(&a, p, 8);
    std::memcpy(&b, p + n - 8, 8);
    return has_special_byte(a) || has_special_byte(b);
  }
  if (n >= 4) {
    std::uint32_t a, b;
    std::memcpy(&a, p, 4);
    std::memcpy(&b, p + n - 4, 4);
    w = std::uint64_t{a} | (std::uint64_t{b} << 32);
  } else if (n > 0) {  // the first, middle and last byte, repeated to fill the word
    const auto c0 = static_cast<unsigned char>(p[0]);
    const auto c1 = static_cast<unsigned char>(p[n / 2]);
    const auto c2 = static_cast<unsigned char>(p[n - 1]);
    w = std::uint64_t{c0} | std::uint64_t{c1} << 8 | std::uint64_t{c2} << 16 | std::uint64_t{c0} << 24;
    w |= w << 32;
  } else {
    return false;
  }
  return has_special_byte(w);
}

}  // namespace

void json_writer::grow(std::size_t n) {
  std::size_t capacity = capacity_ == 0 ? 4096 : capacity_;
  while (capacity - size_ < n) capacity *= 2;
  if (capacity == capacity_) return;
  auto bigger = std::make_unique_for_overwrite<char[]>(capacity);
  if (size_ != 0) std::memcpy(bigger.get(), buf_.get(), size_);
  buf_ = std::move(bigger);
  capacity_ = capacity;
}

char* json_writer::put_string(char* p, std::string_view s) noexcept {
  *p++ = '"';
  if (!needs_escape(s)) {
    std::memcpy(p, s.data(), s.size());
    p += s.size();
    *p++ = '"';
    return p;
  }
  const char* in = s.data();
  const char* const end = in + s.size();
  while (in != end) {
    const char* run = in;
    in = skip_plain(in, end);
    std::memcpy(p, run, static_cast<std::size_t>(in - run));
    p += in - run;
    if (in == end) break;
    const auto c = static_cast<unsigned char>(*in++);
    const char e = escape_table[c];
    *p++ = '\\';
    if (e == 'u') {
      constexpr std::string_view hex = "0123456789abcdef";
      *p++ = 'u';
      *p++ = '0';
      *p++ = '0';
      *p++ = hex[c >> 4];
      *p++ = hex[c & 0xF];
    } else {
      *p++ = e;
    }
  }
  *p++ = '"';
  return p;
}

json_writer& json_writer::string(std::string_view s) {
  char* p = separate(room(6 * s.size() + 2));  // every byte escaped as \u00XX at worst
  p = put_string(p, s);
  size_ = static_cast<std::size_t>(p - buf_.get());
  return *this;
}

json_writer& json_writer::pair(std::string_view a, std::string_view b) {
  char* p = separate(room(6 * (a.size() + b.size()) + 7));
  *p++ = '[';
  p = put_string(p, a);
  *p++ = ',';
  p = put_string(p, b);
  *p++ = ']';
  size_ = static_cast<std::size_t>(p - buf_.get());
  return *this;
}

json_writer& json_writer::number(std::int64_t n) {
  char* p = separate(room(20));
  if (n >= 0 && n < 1000) {  // an HTTP status, a small max-age: no to_chars call
    const auto v = static_cast<unsigned>(n);
    if (v >= 100) *p++ = static_cast<char>('0' + v / 100);
    if (v >= 10) *p++ = static_cast<char>('0' + v / 10 % 10);
    *p++ = static_cast<char>('0' + v % 10);
    size_ = static_cast<std::size_t>(p - buf_.get());
    return *this;
  }
  p = std::to_chars(p, p + 20, n).ptr;
  size_ = static_cast<std::size_t>(p - buf_.get());
  return *this;
}

json_writer& json_writer::number(std::uint64_t n) {
  char* p = separate(room(20));
  p = std::to_chars(p, p + 20, n).ptr;
  size_ = static_cast<std::size_t>(p - buf_.get());
  return *this;
}

}  // namespace corsproof::cli
