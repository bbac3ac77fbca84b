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
// Bit i set where byte i of `v` (of the 16 at `p`) is one (SSE2: every
// x86-64 CPU).
int special_mask16(__m128i v) noexcept {
  const __m128i control = _mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(0x1f)), v);  // v <= 0x1f, unsigned
  const __m128i quote_or_backslash =
      _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\\')));
  return _mm_movemask_epi8(_mm_or_si128(control, quote_or_backslash));
}
int special_mask16(const char* p) noexcept { return special_mask16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p))); }
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
    for (std::size_t i = 0; i < n; ++i)
      if (escape_table[static_cast<unsigned char>(p[i])] != 0) return true;
    return false;
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

// n bytes (W <= n <= 2 * W) as the first W and the last W, overlapping.
template <std::size_t W>
[[gnu::always_inline]] inline void copy_overlapping(char* to, const char* from, std::size_t n) noexcept {
  char first[W], last[W];
  std::memcpy(first, from, W);
  std::memcpy(last, from + n - W, W);
  std::memcpy(to, first, W);
  std::memcpy(to + n - W, last, W);
}

// Copies n bytes without a call for the short strings the answers are made
// of: two overlapping loads and stores of 16, 8, 4 or 1-2 bytes up to 32
// bytes, memcpy above.
[[gnu::always_inline]] inline void copy_short(char* to, const char* from, std::size_t n) noexcept {
  if (n > 32) {
    std::memcpy(to, from, n);
  } else if (n >= 16) {
    copy_overlapping<16>(to, from, n);
  } else if (n >= 8) {
    copy_overlapping<8>(to, from, n);
  } else if (n >= 4) {
    copy_overlapping<4>(to, from, n);
  } else if (n > 0) {
    const char first = from[0], middle = from[n / 2], last = from[n - 1];
    to[0] = first;
    to[n / 2] = middle;
    to[n - 1] = last;
  }
}

// Writes byte c escaped at p; returns the end.
char* put_escape(char* p, unsigned char c) noexcept {
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
  return p;
}

// The body of a string that needs escaping, at p (room for 6 * s.size()
// bytes); returns the end. With SSE2, 16 input bytes at a time are stored
// as they are, and the output then advances only past the bytes before the
// first one that needs an escape: the store never passes the room, since
// while 16 input bytes are left the room left is at least 6 * 16 bytes.
[[gnu::noinline]] char* put_escaped(char* p, std::string_view s) noexcept {
  const char* in = s.data();
  const char* const end = in + s.size();
#if defined(__SSE2__)
  while (end - in >= 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(in));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(p), v);
    const int mask = special_mask16(v);
    if (mask == 0) {
      in += 16;
      p += 16;
      continue;
    }
    const auto k = static_cast<std::size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
    p = put_escape(p + k, static_cast<unsigned char>(in[k]));
    in += k + 1;
  }
#endif
  for (; in != end; ++in) {
    const auto c = static_cast<unsigned char>(*in);
    if (escape_table[c] == 0) {
      *p++ = static_cast<char>(c);
    } else {
      p = put_escape(p, c);
    }
  }
  return p;
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

namespace {
// Writes `s` at p when no byte of it needs an escape (p advanced past it);
// false, with nothing written, otherwise. With SSE2, 8 to 32 bytes (most
// names and values of the answers) are checked and copied on the same two
// overlapping loads, one vector compare for both; the stores write exactly
// the string's bytes.
[[gnu::always_inline]] inline bool put_plain(char*& p, std::string_view s) noexcept {
  const char* const in = s.data();
  const std::size_t n = s.size();
#if defined(__SSE2__)
  if (n >= 16 && n <= 32) {
    const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(in));
    const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(in + n - 16));
    if ((special_mask16(a) | special_mask16(b)) != 0) return false;
    _mm_storeu_si128(reinterpret_cast<__m128i*>(p), a);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(p + n - 16), b);
    p += n;
    return true;
  }
  if (n >= 8 && n < 16) {
    std::uint64_t a, b;
    std::memcpy(&a, in, 8);
    std::memcpy(&b, in + n - 8, 8);
    if (special_mask16(_mm_set_epi64x(static_cast<long long>(b), static_cast<long long>(a))) != 0) return false;
    std::memcpy(p, &a, 8);
    std::memcpy(p + n - 8, &b, 8);
    p += n;
    return true;
  }
#endif
  if (needs_escape(s)) return false;
  copy_short(p, in, n);
  p += n;
  return true;
}
}  // namespace

char* json_writer::put_string(char* p, std::string_view s) noexcept {
  *p++ = '"';
  if (!put_plain(p, s)) p = put_escaped(p, s);
  *p++ = '"';
  return p;
}

json_writer& json_writer::string(std::string_view s) {
  char* p = separate(room(6 * s.size() + 2));  // every byte escaped as \u00XX at worst
  p = put_string(p, s);
  size_ = static_cast<std::size_t>(p - buf_.get());
  return *this;
}

[[gnu::always_inline]] inline char* json_writer::put_array(char* p, const std::string_view* items,
                                                          std::size_t n) noexcept {
  *p++ = '[';
  for (std::size_t i = 0; i < n; ++i) {
    if (i != 0) *p++ = ',';
    p = put_string(p, items[i]);
  }
  *p++ = ']';
  return p;
}

json_writer& json_writer::strings(std::span<const std::string_view> items) {
  std::size_t n = 2;
  for (const std::string_view s : items) n += 6 * s.size() + 3;  // as string(): every byte \u00XX at worst
  char* p = put_array(separate(room(n)), items.data(), items.size());
  size_ = static_cast<std::size_t>(p - buf_.get());
  return *this;
}

json_writer& json_writer::pair(std::string_view a, std::string_view b) {
  const std::string_view items[2] = {a, b};
  char* p = put_array(separate(room(6 * (a.size() + b.size()) + 8)), items, 2);
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
