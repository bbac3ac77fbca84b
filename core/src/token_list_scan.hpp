// A one-pass walk over one value of a #token list (RFC 9110 §5.6.1), 64
// bytes at a time: the validity check of Fetch "extract header list values"
// and the elements, for lists whose length only corsproof's header bounds
// limit (the lists of a response in browser mode: up to 256 values of 8 KiB).
// Internal to core/src; token_list_cursor (header_list_values.hpp) is the
// bounded, general walker and reports which element failed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <bit>
#include <cstring>
#include <string_view>

#include "bytes.hpp"

namespace corsproof::detail {

// One bit per byte of a 64-byte block (bit i = byte i).
struct list_block_masks {
  std::uint64_t tchar = 0;  // RFC 9110 §5.6.2 tchar
  std::uint64_t comma = 0;  // ","
  std::uint64_t ows = 0;    // SP, HTAB (RFC 9110 §5.6.3 OWS)
};

inline list_block_masks classify_list_block(const char* p) noexcept {
  list_block_masks m;
#if defined(__SSE2__)
  const __m128i space = _mm_set1_epi8(' ');
  const __m128i tab = _mm_set1_epi8('\t');
  const __m128i comma = _mm_set1_epi8(',');
  for (int k = 0; k < 4; ++k) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * k));
    const __m128i is_comma = _mm_cmpeq_epi8(v, comma);
    const __m128i is_ows = _mm_or_si128(_mm_cmpeq_epi8(v, space), _mm_cmpeq_epi8(v, tab));
    const __m128i tchar = tchar16(v);
    const int shift = 16 * k;
    m.tchar |= static_cast<std::uint64_t>(static_cast<std::uint16_t>(_mm_movemask_epi8(tchar))) << shift;
    m.comma |= static_cast<std::uint64_t>(static_cast<std::uint16_t>(_mm_movemask_epi8(is_comma))) << shift;
    m.ows |= static_cast<std::uint64_t>(static_cast<std::uint16_t>(_mm_movemask_epi8(is_ows))) << shift;
  }
#else
  for (int i = 0; i < 64; ++i) {
    const auto c = static_cast<unsigned char>(p[i]);
    const std::uint64_t bit = std::uint64_t{1} << i;
    if (tchar_table[c]) m.tchar |= bit;
    else if (c == ',') m.comma |= bit;
    else if (c == ' ' || c == '\t') m.ows |= bit;
  }
#endif
  return m;
}

// The same classification with AVX2, 32 bytes a step, tchar by a lookup
// of each byte's two nibbles (token_list_scan.cpp), used only where the CPU
// has AVX2 (cpu_has_avx2): classify_list_block_fastest picks.
#if defined(CORSPROOF_AVX2_DISPATCH)
list_block_masks classify_list_block_avx2(const char* p) noexcept;
#endif

inline list_block_masks classify_list_block_fastest(const char* p) noexcept {
#if defined(CORSPROOF_AVX2_DISPATCH)
  if (cpu_has_avx2) return classify_list_block_avx2(p);
#endif
  return classify_list_block(p);
}

// Walks one field value of a #token list. Calls on_element(data, size, limit)
// for every non-empty element, trimmed of OWS, in order (`limit` is the end of
// the value: bytes in [data, limit) may be read). Returns false when an
// element is not a token (then the list fails as a whole; elements before it
// may have been reported). Linear in the value's length: every block of 64
// bytes is classified once, and elements are the runs of tchar bytes.
// The same walk one byte at a time, for short values (a block costs more).
template <class OnElement>
bool scan_short_token_list_value(std::string_view value, OnElement&& on_element) noexcept {
  const char* const base = value.data();
  const std::size_t n = value.size();
  std::size_t i = 0;
  while (i < n) {
    const char c = base[i];
    if (c == ',' || c == ' ' || c == '\t') {
      ++i;
      continue;
    }
    if (!tchar_table[static_cast<unsigned char>(c)]) return false;
    const std::size_t start = i;
    while (i < n && tchar_table[static_cast<unsigned char>(base[i])]) ++i;
    const std::size_t end = i;
    while (i < n && (base[i] == ' ' || base[i] == '\t')) ++i;
    if (i < n && base[i] != ',') return false;  // OWS inside an element, or a byte no token has
    on_element(base + start, end - start, base + n);
  }
  return true;
}

// Which elements of a block may matter to the caller: given the block's 64
// bytes, the starts of the elements that lie wholly inside it and the ends
// (bit i: byte i is the first byte after an element), a subset of those
// starts. The others are not reported. Elements that cross a block boundary
// are always reported.
struct every_element {
  std::uint64_t operator()(const char*, std::uint64_t starts, std::uint64_t) const noexcept { return starts; }
};

// Bit i set where byte i of the 64-byte block at `p` is `c`.
inline std::uint64_t byte_mask(const char* p, char c) noexcept {
#if defined(__SSE2__)
  const __m128i x = _mm_set1_epi8(c);
  std::uint64_t m = 0;
  for (int k = 0; k < 4; ++k) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * k));
    m |= static_cast<std::uint64_t>(static_cast<std::uint16_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, x)))) << (16 * k);
  }
  return m;
#else
  std::uint64_t m = 0;
  for (int i = 0; i < 64; ++i)
    if (p[i] == c) m |= std::uint64_t{1} << i;
  return m;
#endif
}

// Starts of the elements of exactly `length` bytes inside the block.
constexpr std::uint64_t starts_of_length(std::uint64_t starts, std::uint64_t ends, std::size_t length) noexcept {
  return length < 64 ? starts & (ends >> length) : 0;
}

// Starts of the one-byte elements `*` inside the block (a list's wildcard);
// the block's bytes are compared only when it has one-byte elements.
inline std::uint64_t star_starts(const char* p, std::uint64_t starts, std::uint64_t ends) noexcept {
  const std::uint64_t one_byte = starts_of_length(starts, ends, 1);
  return one_byte == 0 ? 0 : one_byte & byte_mask(p, '*');
}

template <class Filter, class OnElement>
bool scan_token_list_value(std::string_view value, Filter&& filter, OnElement&& on_element) noexcept {
  if (value.size() <= 48) return scan_short_token_list_value(value, on_element);
  const char* const base = value.data();
  const std::size_t n = value.size();
  std::uint64_t tchar_before = 0;  // 1: the byte before this block is a tchar
  std::uint64_t ows_carry = 0;     // 1: an OWS run after a tchar reaches into this block
  std::size_t start = 0;           // of the element being read, when open
  bool open = false;
  char tail[64];
  for (std::size_t off = 0; off < n; off += 64) {
    const char* p = base + off;
    if (n - off < 64) {
      // The last, partial block, padded with commas (separators: no element).
      std::memset(tail, ',', sizeof tail);
      std::memcpy(tail, p, n - off);
      p = tail;
    }
    const list_block_masks m = classify_list_block_fastest(p);
    const std::uint64_t t = m.tchar;
    const std::uint64_t w = m.ows;
    // A byte that is neither tchar, "," nor OWS: no element around it is a token.
    if (~(t | w | m.comma) != 0) return false;
    // OWS between two tchars inside one element ("a b"): the element is not a
    // token. From each OWS run that follows a tchar, a carry runs to the first
    // byte after the run; that byte must not be a tchar.
    const std::uint64_t after_tchar = (t << 1) | tchar_before;
    const std::uint64_t run_starts = (w & after_tchar) | (w & ows_carry);
    std::uint64_t sum = 0;
    const bool carry_out = __builtin_add_overflow(w, run_starts, &sum);
    const std::uint64_t run_ends = (sum & ~w) | (ows_carry & ~w & 1);
    if ((run_ends & t) != 0) return false;
    ows_carry = carry_out ? 1 : 0;
    tchar_before = t >> 63;
    // Elements: maximal runs of tchar bytes; starts and ends alternate.
    std::uint64_t starts = t & ~after_tchar;
    std::uint64_t ends = ~t & after_tchar;  // the first byte after a run
    if (open) {
      if (ends == 0) continue;  // the element goes on through this block
      const std::size_t end = off + static_cast<std::size_t>(__builtin_ctzll(ends));
      ends &= ends - 1;
      on_element(base + start, end - start, base + n);
      open = false;
    }
    // The last element goes on into the next block when its start comes
    // after the last end.
    if (starts != 0 && (ends == 0 || __builtin_clzll(starts) < __builtin_clzll(ends))) {
      const int last = 63 - __builtin_clzll(starts);
      starts &= ~(std::uint64_t{1} << last);
      start = off + static_cast<std::size_t>(last);
      open = true;
    }
    for (std::uint64_t wanted = filter(p, starts, ends); wanted != 0; wanted &= wanted - 1) {
      const int s = __builtin_ctzll(wanted);
      const int e = __builtin_ctzll(ends & (~std::uint64_t{0} << s));
      on_element(base + off + static_cast<std::size_t>(s), static_cast<std::size_t>(e - s), base + n);
    }
  }
  if (open) on_element(base + start, n - start, base + n);
  return true;
}

// A fast path for a list as browsers write Access-Control-Request-Headers
// (Fetch "CORS-unsafe request-header names": byte-lowercased names joined
// by "," without OWS): a value of 8 to 32 bytes, each a-z, 0-9, "-", ".",
// "_" or ",". Checked 16 bytes at a time from two loads that lie inside the
// value (the first and the last 16 bytes, or for fewer the first and the
// last 8), whose masks agree where they overlap. Those bytes are tchars, so
// the elements are the runs between commas, reported in order as
// scan_token_list_value would. Any other value: false, nothing reported
// (the caller then walks it with scan_token_list_value).
template <class OnElement>
bool scan_browser_shaped_list(std::string_view value, OnElement&& on_element) noexcept {
#if defined(__SSE2__)
  const char* const p = value.data();
  const std::size_t n = value.size();
  if (n < 8 || n > 32) return false;
  // bit i: byte i is a name byte / a comma.
  const auto classify = [](__m128i v, std::uint32_t& name, std::uint32_t& comma) noexcept {
    const __m128i lower = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('a' - 1)), _mm_cmplt_epi8(v, _mm_set1_epi8('z' + 1)));
    // "-" "." "/" 0-9, but not "/"
    const __m128i dash_to_nine = _mm_andnot_si128(
        _mm_cmpeq_epi8(v, _mm_set1_epi8('/')),
        _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8(',')), _mm_cmplt_epi8(v, _mm_set1_epi8(':'))));
    const __m128i underscore = _mm_cmpeq_epi8(v, _mm_set1_epi8('_'));
    name = static_cast<std::uint16_t>(_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(lower, dash_to_nine), underscore)));
    comma = static_cast<std::uint16_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(','))));
  };
  std::uint32_t n0, c0, n1, c1;
  unsigned shift;  // where the second load's bit 0 lies
  if (n >= 16) {
    classify(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)), n0, c0);
    classify(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + n - 16)), n1, c1);
    shift = static_cast<unsigned>(n - 16);
  } else {
    std::uint64_t head, last;
    std::memcpy(&head, p, 8);
    std::memcpy(&last, p + n - 8, 8);
    std::uint32_t names, commas;
    classify(_mm_set_epi64x(static_cast<long long>(last), static_cast<long long>(head)), names, commas);
    n0 = names & 0xff, c0 = commas & 0xff;
    n1 = names >> 8, c1 = commas >> 8;
    shift = static_cast<unsigned>(n - 8);
  }
  const std::uint64_t name = n0 | std::uint64_t{n1} << shift;
  // Past the value: commas, so that the last element ends.
  const std::uint64_t comma = c0 | std::uint64_t{c1} << shift | ~std::uint64_t{0} << n;
  if (~(name | comma) != 0) return false;
  const std::uint64_t after_name = name << 1;
  const std::uint64_t ends = ~name & after_name;  // the first byte after each run
  for (std::uint64_t starts = name & ~after_name; starts != 0; starts &= starts - 1) {
    const int s = __builtin_ctzll(starts);
    const int e = __builtin_ctzll(ends & (~std::uint64_t{0} << s));
    on_element(p + s, static_cast<std::size_t>(e - s), p + n);
  }
  return true;
#else
  (void)value;
  (void)on_element;
  return false;
#endif
}

template <class OnElement>
bool scan_token_list_value(std::string_view value, OnElement&& on_element) noexcept {
  return scan_token_list_value(value, every_element{}, on_element);
}

}  // namespace corsproof::detail
