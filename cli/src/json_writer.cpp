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

// The length of the longest prefix of [in, end) that needs no escape.
// 16 bytes at a time with SSE2 (every x86-64 CPU has it), else 8 at a time
// with the usual word tricks ("has a byte less than n", "has a zero byte").
const char* skip_plain(const char* in, const char* end) noexcept {
#if defined(__SSE2__)
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i backslash = _mm_set1_epi8('\\');
  const __m128i below_space = _mm_set1_epi8(0x1f);
  while (end - in >= 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(in));
    const __m128i control = _mm_cmpeq_epi8(_mm_min_epu8(v, below_space), v);  // v <= 0x1f, unsigned
    const __m128i special = _mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash));
    const int mask = _mm_movemask_epi8(_mm_or_si128(control, special));
    if (mask != 0) return in + __builtin_ctz(static_cast<unsigned>(mask));
    in += 16;
  }
#else
  constexpr std::uint64_t ones = 0x0101010101010101ULL;
  constexpr std::uint64_t highs = 0x8080808080808080ULL;
  while (end - in >= 8) {
    std::uint64_t w = 0;
    std::memcpy(&w, in, 8);
    const std::uint64_t quote = w ^ (ones * '"');
    const std::uint64_t backslash = w ^ (ones * '\\');
    if ((((w - ones * 0x20) & ~w) | ((quote - ones) & ~quote) | ((backslash - ones) & ~backslash)) & highs) break;
    in += 8;
  }
#endif
  while (in != end && escape_table[static_cast<unsigned char>(*in)] == 0) ++in;
  return in;
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

json_writer& json_writer::string(std::string_view s) {
  char* p = separate(room(6 * s.size() + 2));  // every byte escaped as \u00XX at worst
  *p++ = '"';
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
  size_ = static_cast<std::size_t>(p - buf_.get());
  return *this;
}

json_writer& json_writer::number(std::int64_t n) {
  char* p = separate(room(20));
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
