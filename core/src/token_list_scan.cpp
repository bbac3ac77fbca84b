// The AVX2 forms of token_list_scan.hpp's block classifier, of bytes.hpp's
// all_tchar and of browser.cpp's NUL, CR or LF check, compiled for AVX2
// whatever the build's baseline and called only where the CPU has it
// (cpu_has_avx2).
#include "token_list_scan.hpp"

#if defined(CORSPROOF_AVX2_DISPATCH)
#include <immintrin.h>

namespace corsproof::detail {

namespace {

// RFC 9110 §5.6.2 tchar, by high nibble (0x2-0x7; no other byte is one):
// the low nibbles that make a tchar. One bit per high nibble.
constexpr std::uint16_t tchar_low_nibbles[8] = {
    0,       0,
    0x6CFA,  // 0x2_: ! # $ % & ' * + - .
    0x03FF,  // 0x3_: 0-9
    0xFFFE,  // 0x4_: A-O
    0xC7FF,  // 0x5_: P-Z ^ _
    0xFFFF,  // 0x6_: ` a-o
    0x57FF,  // 0x7_: p-z | ~
};

// Byte i: the bits of the high nibbles whose tchars have low nibble i.
constexpr std::array<char, 16> make_low_table() {
  std::array<char, 16> t{};
  for (int lo = 0; lo < 16; ++lo)
    for (int hi = 2; hi < 8; ++hi)
      if ((tchar_low_nibbles[hi] >> lo & 1) != 0) t[static_cast<std::size_t>(lo)] |= static_cast<char>(1 << (hi - 2));
  return t;
}
constexpr std::array<char, 16> low_table = make_low_table();

__attribute__((target("avx2"))) inline std::uint32_t movemask32(__m256i v) noexcept {
  return static_cast<std::uint32_t>(_mm256_movemask_epi8(v));
}

// 0xFF where a byte of `v` is NOT a tchar: its two nibbles' bits share none.
__attribute__((target("avx2"))) inline __m256i not_tchar32(__m256i v) noexcept {
  const __m256i low_lookup =
      _mm256_broadcastsi128_si256(_mm_loadu_si128(reinterpret_cast<const __m128i*>(low_table.data())));
  // Byte h: the bit of high nibble h (0 for 0x0_, 0x1_ and 0x8_-0xF_).
  const __m256i high_lookup = _mm256_setr_epi8(0, 0, 1, 2, 4, 8, 16, 32, 0, 0, 0, 0, 0, 0, 0, 0,  //
                                               0, 0, 1, 2, 4, 8, 16, 32, 0, 0, 0, 0, 0, 0, 0, 0);
  const __m256i nibble = _mm256_set1_epi8(0x0f);
  const __m256i lo = _mm256_shuffle_epi8(low_lookup, _mm256_and_si256(v, nibble));
  const __m256i hi = _mm256_shuffle_epi8(high_lookup, _mm256_and_si256(_mm256_srli_epi16(v, 4), nibble));
  return _mm256_cmpeq_epi8(_mm256_and_si256(lo, hi), _mm256_setzero_si256());
}

__attribute__((target("avx2"))) inline bool all_tchar32(const char* p) noexcept {
  return movemask32(not_tchar32(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(p)))) == 0;
}

}  // namespace

__attribute__((target("avx2"))) bool all_tchar_avx2(const char* p, std::size_t n) noexcept {
  for (std::size_t i = 0; i + 32 < n; i += 32)
    if (!all_tchar32(p + i)) return false;
  return all_tchar32(p + n - 32);  // the last 32 bytes, overlapping
}

__attribute__((target("avx2"))) list_block_masks classify_list_block_avx2(const char* p) noexcept {
  list_block_masks m;
  for (int k = 0; k < 2; ++k) {
    const __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + 32 * k));
    const std::uint32_t not_tchar = movemask32(not_tchar32(v));
    const std::uint32_t comma = movemask32(_mm256_cmpeq_epi8(v, _mm256_set1_epi8(',')));
    const std::uint32_t ows = movemask32(
        _mm256_or_si256(_mm256_cmpeq_epi8(v, _mm256_set1_epi8(' ')), _mm256_cmpeq_epi8(v, _mm256_set1_epi8('\t'))));
    const int shift = 32 * k;
    m.tchar |= static_cast<std::uint64_t>(~not_tchar) << shift;
    m.comma |= static_cast<std::uint64_t>(comma) << shift;
    m.ows |= static_cast<std::uint64_t>(ows) << shift;
  }
  return m;
}

namespace {
// 0xFF where a byte of `v` is NUL (0x00), LF (0x0A) or CR (0x0D): the table
// entry for a byte's low nibble is the byte itself only for those three
// (every other entry is 0xFF, and a byte with its top bit set looks up 0).
__attribute__((target("avx2"))) inline __m256i nul_cr_lf32(__m256i v) noexcept {
  const __m256i table = _mm256_setr_epi8(0, -1, -1, -1, -1, -1, -1, -1, -1, -1, 0x0A, -1, -1, 0x0D, -1, -1,  //
                                         0, -1, -1, -1, -1, -1, -1, -1, -1, -1, 0x0A, -1, -1, 0x0D, -1, -1);
  return _mm256_cmpeq_epi8(_mm256_shuffle_epi8(table, v), v);
}

__attribute__((target("avx2"))) inline __m256i load32(const char* p) noexcept {
  return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
}
}  // namespace

__attribute__((target("avx2"))) bool has_nul_cr_lf_avx2(const char* p, std::size_t n) noexcept {
  std::size_t i = 0;
  for (; i + 64 <= n; i += 64) {
    const __m256i hits = _mm256_or_si256(nul_cr_lf32(load32(p + i)), nul_cr_lf32(load32(p + i + 32)));
    if (_mm256_testz_si256(hits, hits) == 0) return true;
  }
  if (i + 32 <= n) {
    const __m256i hits = nul_cr_lf32(load32(p + i));
    if (_mm256_testz_si256(hits, hits) == 0) return true;
    i += 32;
  }
  if (i == n) return false;
  const __m256i hits = nul_cr_lf32(load32(p + n - 32));  // the last 32 bytes, overlapping
  return _mm256_testz_si256(hits, hits) == 0;
}

namespace {
bool detect_avx2() noexcept {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2") != 0;
}
}  // namespace

const bool cpu_has_avx2 = detect_avx2();

}  // namespace corsproof::detail
#endif
