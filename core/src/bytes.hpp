// Internal byte-class tables and a bounded output writer. Not part of the
// public API: wrappers use corsproof/http.hpp.
#pragma once

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstddef>
#include <cstring>
#include <span>
#include <string_view>

#include "corsproof/http.hpp"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

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

#if defined(__SSE2__)
// RFC 9110 §5.6.2 tchar for 16 bytes at once: 0xFF where the byte is a tchar.
inline __m128i tchar16(__m128i v) noexcept {
  // Visible ASCII 0x21-0x7E (bytes >= 0x80 are negative as signed bytes)...
  const __m128i visible = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8(0x20)), _mm_cmplt_epi8(v, _mm_set1_epi8(0x7f)));
  // ... but not a delimiter: DQUOTE and "(),/:;<=>?@[\]{}".
  __m128i delim = _mm_cmpeq_epi8(v, _mm_set1_epi8('"'));
  delim = _mm_or_si128(delim, _mm_cmpeq_epi8(_mm_or_si128(v, _mm_set1_epi8(1)), _mm_set1_epi8(')')));  // ( )
  delim = _mm_or_si128(delim, _mm_cmpeq_epi8(v, _mm_set1_epi8(',')));
  delim = _mm_or_si128(delim, _mm_cmpeq_epi8(v, _mm_set1_epi8('/')));
  delim = _mm_or_si128(delim, _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('9')),
                                            _mm_cmplt_epi8(v, _mm_set1_epi8('A'))));  // : ; < = > ? @
  delim = _mm_or_si128(delim, _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('Z')),
                                            _mm_cmplt_epi8(v, _mm_set1_epi8('^'))));  // [ \ ]
  delim = _mm_or_si128(delim, _mm_cmpeq_epi8(v, _mm_set1_epi8('{')));
  delim = _mm_or_si128(delim, _mm_cmpeq_epi8(v, _mm_set1_epi8('}')));
  return _mm_andnot_si128(delim, visible);
}
#endif

// Code compiled for AVX2 whatever the build's baseline, run only where the
// CPU has it (token_list_scan.cpp; cpu_has_avx2 is set at start-up).
#if (defined(__x86_64__) || defined(__i386__)) && defined(__GNUC__)
#define CORSPROOF_AVX2_DISPATCH 1
extern const bool cpu_has_avx2;
// all_tchar below for n >= 32, 32 bytes a step.
bool all_tchar_avx2(const char* p, std::size_t n) noexcept;
// Whether p[0, n) holds a NUL, CR or LF, for n >= 32: 64 bytes a step.
bool has_nul_cr_lf_avx2(const char* p, std::size_t n) noexcept;
#endif

// token = 1*tchar, 16 bytes at a time where SSE2 is there (32 with AVX2).
inline bool all_tchar(std::string_view s) noexcept {
  const char* p = s.data();
  std::size_t n = s.size();
#if defined(CORSPROOF_AVX2_DISPATCH)
  if (n >= 32 && cpu_has_avx2) return all_tchar_avx2(p, n);
#endif
#if defined(__SSE2__)
  for (; n >= 16; p += 16, n -= 16)
    if (_mm_movemask_epi8(tchar16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)))) != 0xffff) return false;
  if (n > 0 && s.size() >= 16) {  // the last 16 bytes again, overlapping
    p = s.data() + s.size() - 16;
    return _mm_movemask_epi8(tchar16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)))) == 0xffff;
  }
  if (n >= 8) {  // 8 to 15 bytes: the first eight and the last eight (overlapping) as one vector
    std::uint64_t head, last;
    std::memcpy(&head, p, 8);
    std::memcpy(&last, p + n - 8, 8);
    const __m128i v = _mm_set_epi64x(static_cast<long long>(last), static_cast<long long>(head));
    return _mm_movemask_epi8(tchar16(v)) == 0xffff;
  }
#endif
  for (; n > 0; ++p, --n)
    if (!tchar_table[static_cast<unsigned char>(*p)]) return false;
  return true;
}

// The run of lower-case letters, digits, "-" and "." from text[i] on (a
// domain as browsers serialize it, URL Standard §3.5): where it ends, its
// last "." (npos: none) and whether two of its "." are adjacent. A text of
// 16 bytes or more is read 16 bytes a step, the last step overlapping bytes
// read before (so a run of under 16 bytes is one step).
struct plain_host_run {
  std::size_t end = 0;
  std::size_t last_dot = std::string_view::npos;
  bool double_dot = false;
};
inline plain_host_run scan_plain_host(std::string_view text, std::size_t i) noexcept {
  const char* const p = text.data();
  const std::size_t n = text.size();
  plain_host_run r;
#if defined(__SSE2__)
  if (n >= 16) {
    bool dot_before = false;  // the byte before i is a "." of the run
    while (true) {
      const std::size_t at = std::min(i, n - 16);
      const unsigned before = (1u << (i - at)) - 1;  // bytes before i: not this step's
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + at));
      const __m128i lower = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('a' - 1)), _mm_cmplt_epi8(v, _mm_set1_epi8('z' + 1)));
      const __m128i digit = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('0' - 1)), _mm_cmplt_epi8(v, _mm_set1_epi8('9' + 1)));
      const __m128i dot = _mm_cmpeq_epi8(v, _mm_set1_epi8('.'));
      const __m128i dash = _mm_cmpeq_epi8(v, _mm_set1_epi8('-'));
      const auto plain = static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(lower, digit), _mm_or_si128(dot, dash))));
      const unsigned stop = ~(plain | before) & 0xFFFFu;
      const unsigned end = stop != 0 ? static_cast<unsigned>(std::countr_zero(stop)) : 16u;
      const unsigned dots = static_cast<unsigned>(_mm_movemask_epi8(dot)) & ~before & ((1u << end) - 1);
      if (dots != 0) {
        r.double_dot = r.double_dot || (dots & (dots << 1)) != 0 || (dot_before && (dots >> (i - at) & 1) != 0);
        r.last_dot = at + static_cast<std::size_t>(31 - std::countl_zero(dots));
      }
      dot_before = (dots >> 15 & 1) != 0;
      i = at + end;
      if (stop != 0 || i == n) {
        r.end = i;
        return r;
      }
    }
  }
#endif
  for (; i < n; ++i) {
    const char c = p[i];
    if (c == '.') {
      r.double_dot = r.double_dot || (r.last_dot != std::string_view::npos && r.last_dot + 1 == i);
      r.last_dot = i;
    } else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
      break;
    }
  }
  r.end = i;
  return r;
}

// Eight bytes at a time: ASCII upper case to lower case, other bytes unchanged.
inline std::uint64_t load8(const char* p) noexcept {
  std::uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}
// The n <= 8 bytes at p in the low bytes of a word (little-endian order),
// the rest zero; reads only those bytes.
inline std::uint64_t load_prefix8(const char* p, std::size_t n) noexcept {
  if constexpr (std::endian::native == std::endian::little) {
    // Two overlapping loads (or three bytes) instead of a loop: the bytes
    // both loads hold land on the same place, so ORing them is exact.
    if (n == 8) return load8(p);
    if (n >= 4) {
      std::uint32_t lo, hi;
      std::memcpy(&lo, p, 4);
      std::memcpy(&hi, p + n - 4, 4);
      return std::uint64_t{lo} | std::uint64_t{hi} << (8 * (n - 4));
    }
    if (n == 0) return 0;
    auto byte = [p](std::size_t i) noexcept { return std::uint64_t{static_cast<unsigned char>(p[i])}; };
    return byte(0) | byte(n / 2) << (8 * (n / 2)) | byte(n - 1) << (8 * (n - 1));
  }
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < n; ++i) v |= std::uint64_t{static_cast<unsigned char>(p[i])} << (8 * i);
  return v;
}
// The first min(n, 8) bytes of [p, p + n) as load_prefix8 gives them, read
// as one word when `limit` (what may be read) leaves room for eight.
inline std::uint64_t prefix8(const char* p, std::size_t n, const char* limit) noexcept {
  if constexpr (std::endian::native == std::endian::little) {
    if (n >= 8) return load8(p);
    if (limit - p >= 8) return load8(p) & ((std::uint64_t{1} << (8 * n)) - 1);
  }
  return load_prefix8(p, n < 8 ? n : 8);
}
constexpr std::uint64_t lower8(std::uint64_t x) noexcept {
  constexpr std::uint64_t ones = 0x0101010101010101ULL;
  const std::uint64_t heptets = x & (0x7f * ones);
  const std::uint64_t ge_a = heptets + (0x80 - 'A') * ones;  // high bit: byte >= 'A'
  const std::uint64_t gt_z = heptets + (0x7f - 'Z') * ones;  // high bit: byte > 'Z'
  const std::uint64_t upper = ge_a & ~gt_z & ~x & (0x80 * ones);
  return x | (upper >> 2);
}

// A multiply-rotate hash of [p, p + n), n >= 8, eight bytes a step, each
// word ORed with `set_bits` first (0x20 in every byte: both cases of a
// letter hash alike). The words go round four independent lanes, so a
// 64-byte name costs the multiplier's throughput (eight multiplies side by
// side) rather than the latency of one chain of eight.
inline std::uint64_t word_hash(const char* p, std::size_t n, std::uint64_t seed, std::uint64_t multiplier,
                               std::uint64_t set_bits) noexcept {
  auto step = [multiplier, set_bits](std::uint64_t h, const char* q) noexcept {
    return std::rotl((h ^ (load8(q) | set_bits)) * multiplier, 29);
  };
  std::uint64_t a = seed ^ n, b = seed + 0x9E3779B97F4A7C15ULL, c = ~seed, d = seed ^ 0xBF58476D1CE4E5B9ULL;
  std::size_t i = 0;
  for (; i + 32 <= n; i += 32) {
    a = step(a, p + i);
    b = step(b, p + i + 8);
    c = step(c, p + i + 16);
    d = step(d, p + i + 24);
  }
  if (i + 16 <= n) {
    a = step(a, p + i);
    b = step(b, p + i + 8);
    i += 16;
  }
  if (i + 8 <= n) {
    c = step(c, p + i);
    i += 8;
  }
  if (i < n) d = step(d, p + n - 8);  // the last bytes, overlapping
  const std::uint64_t h = (a ^ std::rotl(b, 21)) * multiplier + (c ^ std::rotl(d, 43));
  return h ^ (h >> 32);
}

// A hash of any bytes (word_hash from eight bytes on, the few bytes of a
// shorter string as one word), finished by a multiply-xorshift so that
// every bit of the result depends on every byte: what the origin set and
// the CORS-preflight cache index by.
inline std::uint64_t hash_bytes(std::string_view s) noexcept {
  constexpr std::uint64_t k = 0x9E3779B97F4A7C15ULL;
  const char* p = s.data();
  const std::size_t n = s.size();
  std::uint64_t h;
  if (n >= 8) {
    h = word_hash(p, n, n * k, k, 0);
  } else {
    h = std::rotl((n * k ^ load_prefix8(p, n)) * k, 31);
  }
  h ^= h >> 29;
  h *= 0xBF58476D1CE4E5B9ULL;
  return h ^ (h >> 32);
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

#if defined(__SSE2__)
// Bit i set where byte i of [x, x + 16) equals byte i of [y, y + 16).
inline unsigned equal_bytes16(const char* x, const char* y) noexcept {
  const __m128i u = _mm_loadu_si128(reinterpret_cast<const __m128i*>(x));
  const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(y));
  return static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(u, v)));
}
#endif

// Byte equality of two strings of the same length `n`, eight bytes at a time.
inline bool same_bytes(const char* a, const char* b, std::size_t n) noexcept {
#if defined(__SSE2__)
  if (n >= 32) {  // 16 bytes a step, the last step overlapping
    for (std::size_t i = 0; i + 16 < n; i += 16)
      if (equal_bytes16(a + i, b + i) != 0xffff) return false;
    return equal_bytes16(a + n - 16, b + n - 16) == 0xffff;
  }
#endif
  if (n >= 8) {
    std::size_t i = 0;
    for (; i + 8 <= n; i += 8)
      if (load8(a + i) != load8(b + i)) return false;
    return i == n || load8(a + n - 8) == load8(b + n - 8);
  }
  if (n >= 4) {  // two overlapping four-byte compares
    std::uint32_t x0, x1, y0, y1;
    std::memcpy(&x0, a, 4);
    std::memcpy(&y0, b, 4);
    std::memcpy(&x1, a + n - 4, 4);
    std::memcpy(&y1, b + n - 4, 4);
    return ((x0 ^ y0) | (x1 ^ y1)) == 0;
  }
  for (std::size_t i = 0; i < n; ++i)
    if (a[i] != b[i]) return false;
  return true;
}

// A lower-case literal compared ASCII case-insensitively a word at a time
// (corsproof/http.hpp; public, for the wrappers too).
using ci_literal = corsproof::header_name_literal;

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

// A fixed set of lower-case names (spec lists such as the forbidden
// request-header names), grouped by length at compile time: a name is
// compared only with the members of its own length.
template <std::size_t N>
class literal_name_set {
 public:
  static constexpr std::size_t max_length = 63;
  constexpr explicit literal_name_set(const std::string_view (&names)[N]) noexcept {
    std::size_t k = 0;
    for (std::size_t len = 0; len <= max_length; ++len) {
      first_[len] = k;
      for (std::size_t i = 0; i < N; ++i)
        if (names[i].size() == len) by_length_[k++] = names[i];
    }
    first_[max_length + 1] = k;
  }
  // Byte-case-insensitive membership.
  [[nodiscard]] bool contains(std::string_view name) const noexcept {
    if (name.size() > max_length) return false;
    for (std::size_t i = first_[name.size()]; i < first_[name.size() + 1]; ++i)
      if (equals_lower_literal(name, by_length_[i])) return true;
    return false;
  }

 private:
  std::string_view by_length_[N] = {};
  std::size_t first_[max_length + 2] = {};
};

// Byte-wise lexicographic order (std::string_view's operator<), eight bytes
// at a time and without a call: sorting short names is mostly comparisons.
inline bool bytes_less(std::string_view a, std::string_view b) noexcept {
  const std::size_t n = a.size() < b.size() ? a.size() : b.size();
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    const std::uint64_t x = load8(a.data() + i);
    const std::uint64_t y = load8(b.data() + i);
    if (x != y) {
      if constexpr (std::endian::native == std::endian::little) return __builtin_bswap64(x) < __builtin_bswap64(y);
      else return x < y;
    }
  }
  for (; i < n; ++i)
    if (a[i] != b[i]) return static_cast<unsigned char>(a[i]) < static_cast<unsigned char>(b[i]);
  return a.size() < b.size();
}

// The length of the common prefix of `a` and `b`: 16 bytes a step, then
// eight, then the last eight again (overlapping what is known equal, so the
// first difference found is the first one).
inline std::size_t common_prefix(std::string_view a, std::string_view b) noexcept {
  const std::size_t n = a.size() < b.size() ? a.size() : b.size();
  std::size_t i = 0;
#if defined(__SSE2__)
  for (; i + 16 <= n; i += 16)
    if (const unsigned equal = equal_bytes16(a.data() + i, b.data() + i); equal != 0xffff)
      return i + static_cast<std::size_t>(std::countr_zero(~equal));
#endif
  auto first_difference = [](std::uint64_t x) noexcept {  // x != 0: the first differing byte of the word
    if constexpr (std::endian::native == std::endian::little) return static_cast<std::size_t>(std::countr_zero(x)) / 8;
    else return static_cast<std::size_t>(std::countl_zero(x)) / 8;
  };
  for (; i + 8 <= n; i += 8)
    if (const std::uint64_t x = load8(a.data() + i) ^ load8(b.data() + i); x != 0) return i + first_difference(x);
  if (i == n) return n;
  if (n >= 8) {
    const std::uint64_t x = load8(a.data() + n - 8) ^ load8(b.data() + n - 8);
    return x == 0 ? n : n - 8 + first_difference(x);
  }
  while (i < n && a[i] == b[i]) ++i;
  return i;
}

// sort_names for 17 to 128 names (64 CORS-unsafe ones, 128 exposed ones):
// each name's next eight bytes after the `shared` prefix, big-endian in a
// word (zeros past its end: tokens hold no NUL), decide most comparisons as
// integers; equal words compare the rest. Out of line, so that its array is
// on the stack only when it runs.
[[gnu::noinline]] inline void sort_many_names(std::string_view* names, std::size_t count,
                                              std::size_t shared) noexcept {
  struct keyed {  // trivial: the array below is not initialized
    std::uint64_t key;
    const char* data;
    std::size_t size;
  };
  keyed k[128];  // only [0, count) is written and read
  for (std::size_t i = 0; i < count; ++i) {
    const std::string_view rest = names[i].substr(shared);
    std::uint64_t w = rest.size() >= 8 ? load8(rest.data()) : load_prefix8(rest.data(), rest.size());
    if constexpr (std::endian::native == std::endian::little) w = __builtin_bswap64(w);
    k[i] = keyed{w, names[i].data(), names[i].size()};
  }
  const std::size_t skip = shared + 8;
  const auto less = [skip](const keyed& a, const keyed& b) noexcept {
    if (a.key != b.key) return a.key < b.key;
    const std::string_view x = a.size > skip ? std::string_view(a.data + skip, a.size - skip) : std::string_view();
    const std::string_view y = b.size > skip ? std::string_view(b.data + skip, b.size - skip) : std::string_view();
    return bytes_less(x, y);
  };
  // Names often come in order, or in reverse (headers set in order): one
  // pass tells, and spares the sort. (The names are distinct: never equal.)
  std::size_t ascending = 1;
  while (ascending < count && less(k[ascending - 1], k[ascending])) ++ascending;
  if (ascending == count) return;  // `names` is already in this order
  if (ascending == 1) {
    std::size_t descending = 1;
    while (descending < count && less(k[descending], k[descending - 1])) ++descending;
    if (descending == count) {
      for (std::size_t i = 0; i < count; ++i) names[i] = std::string_view(k[count - 1 - i].data, k[count - 1 - i].size);
      return;
    }
  }
  std::sort(k, k + count, less);
  for (std::size_t i = 0; i < count; ++i) names[i] = std::string_view(k[i].data, k[i].size);
}

// Sorts distinct names in byte order. Names that share a long prefix (the
// common case of generated header names) are compared from where they first
// differ.
inline void sort_names(std::string_view* names, std::size_t count) noexcept {
  if (count < 2) return;
  std::size_t shared = names[0].size();
  for (std::size_t i = 1; i < count && shared > 0; ++i) {
    // Most names keep the whole prefix: one equality test, and the first
    // difference only when there is one.
    if (names[i].size() >= shared && same_bytes(names[0].data(), names[i].data(), shared)) continue;
    const std::size_t c = common_prefix(names[0].substr(0, shared), names[i]);
    if (c < shared) shared = c;
  }
  if (count > 16 && count <= 128) {
    sort_many_names(names, count, shared);
    return;
  }
  std::sort(names, names + count, [shared](std::string_view a, std::string_view b) noexcept {
    return bytes_less(a.substr(shared), b.substr(shared));
  });
}

// Appends bytes to a caller-owned buffer; remembers overflow instead of
// truncating, so the caller can report output_too_small.
class writer {
 public:
  explicit writer(std::span<char> out) noexcept : out_(out) {}
  std::size_t mark() const noexcept { return used_; }
  // The next `n` bytes of the buffer, counted as written, for the caller to
  // fill; nullptr (and overflow) when they do not fit.
  char* extend(std::size_t n) noexcept {
    if (overflow_ || n > out_.size() - used_) {
      overflow_ = true;
      return nullptr;
    }
    char* d = out_.data() + used_;
    used_ += n;
    return d;
  }
  void put(std::string_view s) noexcept {
    if (overflow_ || s.size() > out_.size() - used_) { overflow_ = true; return; }
    copy_bytes(out_.data() + used_, s.data(), s.size());
    used_ += s.size();
  }
  // memcpy without a call for the short values answers are made of. (GCC
  // warns about the branches a caller's small source array never reaches.)
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Warray-bounds"
#pragma GCC diagnostic ignored "-Wstringop-overread"
#endif
  static void copy_bytes(char* d, const char* s, std::size_t n) noexcept {
    if (n >= 8 && n <= 16) {
      const std::uint64_t a = load8(s), b = load8(s + n - 8);
      std::memcpy(d, &a, 8);
      std::memcpy(d + n - 8, &b, 8);
    } else if (n >= 4 && n < 8) {
      std::uint32_t a, b;
      std::memcpy(&a, s, 4);
      std::memcpy(&b, s + n - 4, 4);
      std::memcpy(d, &a, 4);
      std::memcpy(d + n - 4, &b, 4);
    } else if (n != 0 && n < 4) {
      // First, middle and last byte (some the same): no loop, which GCC
      // would turn into `rep movsb` and its start-up cost.
      d[0] = s[0];
      d[n / 2] = s[n / 2];
      d[n - 1] = s[n - 1];
#if defined(__SSE2__)
    } else if (n > 16 && n <= 128) {
      // Overlapping 16-byte moves: two to four for a 63-byte header name,
      // five for a server's fixed answer bytes (Max-Age and the preflight's
      // Vary value, some 75), eight at most.
      auto move16 = [d, s](std::size_t at) noexcept {
        _mm_storeu_si128(reinterpret_cast<__m128i*>(d + at),
                         _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + at)));
      };
      const __m128i last = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + n - 16));
      move16(0);
      if (n > 32) {  // unrolled: a loop here costs more than its compares
        move16(16);
        if (n > 48) {
          move16(32);
          if (n > 64) {
            move16(48);
            if (n > 80) {
              move16(64);
              if (n > 96) {
                move16(80);
                if (n > 112) move16(96);
              }
            }
          }
        }
      }
      _mm_storeu_si128(reinterpret_cast<__m128i*>(d + n - 16), last);
#endif
    } else if (n != 0) {
      std::memcpy(d, s, n);
    }
  }
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif
  void put_lower(std::string_view s) noexcept {
    if (overflow_ || s.size() > out_.size() - used_) { overflow_ = true; return; }
    char* d = out_.data() + used_;
    const std::size_t n = s.size();
#if defined(__SSE2__)
    if (n >= 16) {  // 16 bytes a step, the last step overlapping
      auto lower16 = [](const char* from, char* to) noexcept {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(from));
        // 'A'..'Z' as signed bytes: v > 'A' - 1 and v < 'Z' + 1.
        const __m128i upper = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('A' - 1)),
                                            _mm_cmplt_epi8(v, _mm_set1_epi8('Z' + 1)));
        _mm_storeu_si128(reinterpret_cast<__m128i*>(to), _mm_or_si128(v, _mm_and_si128(upper, _mm_set1_epi8(0x20))));
      };
      for (std::size_t j = 0; j + 16 < n; j += 16) lower16(s.data() + j, d + j);
      lower16(s.data() + n - 16, d + n - 16);
      used_ += n;
      return;
    }
#endif
    std::size_t i = 0;
    for (; i + 8 <= n; i += 8) {
      const std::uint64_t v = lower8(load8(s.data() + i));
      std::memcpy(d + i, &v, 8);
    }
    if (i < n && n >= 8) {  // the last 8 bytes again, overlapping
      const std::uint64_t v = lower8(load8(s.data() + n - 8));
      std::memcpy(d + n - 8, &v, 8);
    } else {
      for (; i < n; ++i) d[i] = static_cast<char>(ascii_lower(static_cast<unsigned char>(s[i])));
    }
    used_ += n;
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

