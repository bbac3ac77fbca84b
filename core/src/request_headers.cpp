// Fetch "Headers" and "CORS protocol" request-header classes: forbidden
// request-headers, CORS-safelisted request-headers (with mimesniff "parse a
// MIME type" and Fetch "parse a single range header value"), CORS-unsafe
// request-header names.
#include <algorithm>
#include <array>
#include <cstdint>
#include <span>

#include "browser_internal.hpp"
#include "header_name_table.hpp"
#include "corsproof/method.hpp"

namespace corsproof {

using detail::equals_lower_literal;

// Fetch: a CORS-unsafe request-header byte is a byte that is less than 0x20
// and not 0x09 HT, or is 0x22 ("), 0x28 ((), 0x29 ()), 0x3A (:), 0x3C (<),
// 0x3E (>), 0x3F (?), 0x40 (@), 0x5B ([), 0x5C (\), 0x5D (]), 0x7B ({),
// 0x7D (}), or 0x7F DEL.
namespace {
constexpr bool unsafe_byte_rule(unsigned char c) noexcept {
  if (c < 0x20) return c != 0x09;
  switch (c) {
    case 0x22: case 0x28: case 0x29: case 0x3A: case 0x3C: case 0x3E: case 0x3F:
    case 0x40: case 0x5B: case 0x5C: case 0x5D: case 0x7B: case 0x7D: case 0x7F:
      return true;
    default:
      return false;
  }
}

// Fetch "CORS-safelisted request-header", `Accept-Language` and
// `Content-Language`: 0-9, A-Z, a-z, SP, *, ",", -, ., ;, =.
constexpr bool language_value_rule(unsigned char c) noexcept {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == ' ' || c == '*' ||
         c == ',' || c == '-' || c == '.' || c == ';' || c == '=';
}

// The byte classes above as one table (bit 0: CORS-unsafe request-header
// byte, bit 1: language value byte), read once per byte.
constexpr std::array<std::uint8_t, 256> request_byte_classes = [] {
  std::array<std::uint8_t, 256> t{};
  for (int c = 0; c < 256; ++c)
    t[c] = static_cast<std::uint8_t>((unsafe_byte_rule(static_cast<unsigned char>(c)) ? 1 : 0) |
                                     (language_value_rule(static_cast<unsigned char>(c)) ? 2 : 0));
  return t;
}();
constexpr std::uint8_t unsafe_class = 1;
constexpr std::uint8_t language_class = 2;
}  // namespace

bool is_cors_unsafe_request_header_byte(unsigned char c) noexcept { return (request_byte_classes[c] & unsafe_class) != 0; }

namespace {

bool has_unsafe_byte(std::string_view v) noexcept {
  for (unsigned char c : v)
    if ((request_byte_classes[c] & unsafe_class) != 0) return true;
  return false;
}

bool starts_with_lower(std::string_view s, std::string_view lower_prefix) noexcept {
  return s.size() >= lower_prefix.size() && equals_lower_literal(s.substr(0, lower_prefix.size()), lower_prefix);
}

// Is the element that holds [i, i + word) exactly that word (with OWS around
// it)? `segment_start` is where the element list of this stretch without
// quotes begins (the value's start or just after a separating comma);
// `segment_end` is where it stops (the value's end or a quote).
bool whole_element(std::string_view input, std::size_t segment_start, std::size_t segment_end, std::size_t i,
                   std::size_t word) noexcept {
  std::size_t j = i;
  while (j > segment_start && (input[j - 1] == ' ' || input[j - 1] == '\t')) --j;
  if (j != segment_start && input[j - 1] != ',') return false;
  std::size_t k = i + word;
  while (k < segment_end && (input[k] == ' ' || input[k] == '\t')) ++k;
  return k == input.size() || (k < segment_end && input[k] == ',');
}

// Forbidden methods among the elements of input[a, b), a stretch without
// quotes that starts an element. Only "tr" (TRACE, TRACK) and "co" (CONNECT),
// in any case, can start one: those places are found 16 bytes at a time and
// checked one by one.
bool stretch_has_forbidden_method(std::string_view input, std::size_t a, std::size_t b) noexcept {
  auto check = [&](std::size_t i) noexcept {
    const std::string_view rest = input.substr(i, b - i);
    if (rest.size() >= 5 && (equals_lower_literal(rest.substr(0, 5), "trace") ||
                             equals_lower_literal(rest.substr(0, 5), "track")))
      return whole_element(input, a, b, i, 5);
    if (rest.size() >= 7 && equals_lower_literal(rest.substr(0, 7), "connect")) return whole_element(input, a, b, i, 7);
    return false;
  };
  std::size_t i = a;
#if defined(__SSE2__)
  const __m128i lower = _mm_set1_epi8(0x20);
  for (; i + 17 <= b; i += 16) {
    const __m128i x0 = _mm_or_si128(_mm_loadu_si128(reinterpret_cast<const __m128i*>(input.data() + i)), lower);
    const __m128i x1 = _mm_or_si128(_mm_loadu_si128(reinterpret_cast<const __m128i*>(input.data() + i + 1)), lower);
    const __m128i tr = _mm_and_si128(_mm_cmpeq_epi8(x0, _mm_set1_epi8('t')), _mm_cmpeq_epi8(x1, _mm_set1_epi8('r')));
    const __m128i co = _mm_and_si128(_mm_cmpeq_epi8(x0, _mm_set1_epi8('c')), _mm_cmpeq_epi8(x1, _mm_set1_epi8('o')));
    for (unsigned m = static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(tr, co))); m != 0; m &= m - 1)
      if (check(i + static_cast<std::size_t>(__builtin_ctz(m)))) return true;
  }
#endif
  for (; i + 1 < b; ++i) {
    const char c0 = static_cast<char>(input[i] | 0x20), c1 = static_cast<char>(input[i + 1] | 0x20);
    if (((c0 == 't' && c1 == 'r') || (c0 == 'c' && c1 == 'o')) && check(i)) return true;
  }
  return false;
}

// Fetch "get, decode, and split" applied to one value, stopping at the first
// element that is a forbidden method. Quoted strings are kept with their
// quotes ("collect an HTTP quoted string" without extract-value), so an
// element containing a quote never equals a method name: the stretches
// between such elements are searched, the quoted strings only skipped.
bool split_value_has_forbidden_method(std::string_view input) noexcept {
  const std::size_t n = input.size();
  std::size_t pos = 0;  // starts an element, outside any quoted string
  while (true) {
    const std::size_t quote = input.find('"', pos);
    const std::size_t stop = quote == std::string_view::npos ? n : quote;
    if (stretch_has_forbidden_method(input, pos, stop)) return true;
    if (quote == std::string_view::npos) return false;
    // The element holding the quote: its quoted strings and the rest of it.
    std::size_t i = quote;
    while (i < n && input[i] == '"') {
      // Collect an HTTP quoted string.
      ++i;
      while (i < n) {
        const char q = input[i++];
        if (q == '\\') {
          if (i < n) ++i;
        } else if (q == '"') {
          break;
        }
      }
      while (i < n && input[i] != ',' && input[i] != '"') ++i;
    }
    if (i >= n) return false;
    pos = i + 1;  // after the ","
  }
}

// mimesniff "parse a MIME type", as far as CORS needs: the type and the
// subtype (trimmed), or false without a "/". The parse also fails when
// either is not a token; the caller compares both with literal tokens,
// which only a token can equal, so that check is left to the comparison.
// Parameters never cause failure.
bool mime_type_and_subtype(std::string_view input, std::string_view& type, std::string_view& subtype) noexcept {
  input = trim_http_whitespace(input);
  const std::size_t slash = input.find('/');
  if (slash == std::string_view::npos) return false;
  type = input.substr(0, slash);
  std::string_view rest = input.substr(slash + 1);
  subtype = rest.substr(0, rest.find(';'));
  while (!subtype.empty() && (subtype.back() == ' ' || subtype.back() == '\t' || subtype.back() == '\n' ||
                              subtype.back() == '\r'))
    subtype.remove_suffix(1);
  return true;
}

// Compares two non-empty digit strings as integers.
int compare_digits(std::string_view a, std::string_view b) noexcept {
  while (a.size() > 1 && a.front() == '0') a.remove_prefix(1);
  while (b.size() > 1 && b.front() == '0') b.remove_prefix(1);
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  return a.compare(b);
}

// Fetch "parse a single range header value" with allowWhitespace false;
// true when it succeeds with a range start present (the CORS-safelisted rule).
bool is_simple_range_with_start(std::string_view v) noexcept {
  if (!v.starts_with("bytes")) return false;  // case-sensitive
  std::size_t pos = 5;
  if (pos >= v.size() || v[pos] != '=') return false;
  ++pos;
  const std::size_t start_begin = pos;
  while (pos < v.size() && v[pos] >= '0' && v[pos] <= '9') ++pos;
  const std::string_view start = v.substr(start_begin, pos - start_begin);
  if (pos >= v.size() || v[pos] != '-') return false;
  ++pos;
  const std::size_t end_begin = pos;
  while (pos < v.size() && v[pos] >= '0' && v[pos] <= '9') ++pos;
  const std::string_view end = v.substr(end_begin, pos - end_begin);
  if (pos != v.size()) return false;
  if (start.empty()) return false;  // both null is failure; start null is not safelisted
  if (!end.empty() && compare_digits(start, end) > 0) return false;
  return true;
}

bool is_language_value_byte(unsigned char c) noexcept { return (request_byte_classes[c] & language_class) != 0; }

}  // namespace

bool is_forbidden_request_header(std::string_view name, std::string_view value) noexcept {
  static constexpr detail::literal_name_set forbidden(detail::forbidden_names);
  static constexpr detail::literal_name_set overrides(detail::method_override_names);
  if (!detail::may_be_forbidden_request_header_name(name)) return false;  // most names
  if (forbidden.contains(name)) return true;
  if (starts_with_lower(name, "proxy-") || starts_with_lower(name, "sec-")) return true;
  if (overrides.contains(name)) return split_value_has_forbidden_method(value);
  return false;
}

bool is_cors_safelisted_request_header(std::string_view name, std::string_view value) noexcept {
  // Fetch "CORS-safelisted request-header" step 1: more than 128 bytes, never.
  if (value.size() > 128) return false;
  switch (name.size()) {
    case 6:  // Accept
      return equals_lower_literal(name, "accept") && !has_unsafe_byte(value);
    case 15:  // Accept-Language
    case 16:  // Content-Language
      if (!equals_lower_literal(name, "accept-language") && !equals_lower_literal(name, "content-language"))
        return false;
      for (unsigned char c : value)
        if (!is_language_value_byte(c)) return false;
      return true;
    case 12: {  // Content-Type
      if (!equals_lower_literal(name, "content-type") || has_unsafe_byte(value)) return false;
      std::string_view type, subtype;
      if (!mime_type_and_subtype(value, type, subtype)) return false;
      if (equals_lower_literal(type, "application")) return equals_lower_literal(subtype, "x-www-form-urlencoded");
      if (equals_lower_literal(type, "multipart")) return equals_lower_literal(subtype, "form-data");
      if (equals_lower_literal(type, "text")) return equals_lower_literal(subtype, "plain");
      return false;
    }
    case 5:  // Range
      return equals_lower_literal(name, "range") && is_simple_range_with_start(value);
    default:
      return false;
  }
}

bool is_cors_non_wildcard_request_header_name(std::string_view name) noexcept {
  return equals_lower_literal(name, "authorization");
}

bool is_cors_safelisted_response_header_name(std::string_view name) noexcept {
  static constexpr detail::literal_name_set safelisted(detail::cors_safelisted_response_header_names);
  return safelisted.contains(name);
}

bool is_forbidden_response_header_name(std::string_view name) noexcept {
  return equals_lower_literal(name, "set-cookie") || equals_lower_literal(name, "set-cookie2");
}

namespace detail {
// Fetch "CORS-unsafe request-header names", steps 1-6: the names are
// collected once each (a case-insensitive hash set), copied lower-cased into
// `w` in the order they first occur, then sorted (step 6, "convert header
// names to a sorted-lowercase set"). A name beyond `max_unsafe_header_names`
// distinct ones is limit_exceeded, a name the buffer cannot hold
// output_too_small, whichever comes first in header order.
eval_status unsafe_names_into(header_list headers, unsafe_name_list& result, writer& w) noexcept {
  result.count = 0;
  // Which headers are safelisted, remembered for the first 320 (the browser
  // bound is 257); beyond, asked again.
  constexpr std::size_t remembered = 320;
  std::uint64_t safelisted[remembered / 64] = {};
  std::size_t safelisted_bytes = 0;
  // Only five name lengths can be safelisted (Range, Accept, Content-Type,
  // Accept-Language, Content-Language): the others are not asked.
  constexpr std::uint64_t safelisted_lengths = (1u << 5) | (1u << 6) | (1u << 12) | (1u << 15) | (1u << 16);
  for (std::size_t i = 0; i < headers.size(); ++i) {
    const std::size_t n = headers[i].name.size();
    if (n >= 64 || (safelisted_lengths >> n & 1) == 0 ||
        !is_cors_safelisted_request_header(headers[i].name, headers[i].value))
      continue;
    safelisted_bytes += headers[i].value.size();
    if (i < remembered) safelisted[i / 64] |= std::uint64_t{1} << (i % 64);
  }
  // Step 5: a total over 1024 bytes makes every safelisted name unsafe too.
  const bool all_unsafe = safelisted_bytes > 1024;
  header_name_table<max_unsafe_header_names>& seen = result.table;
  bool seen_ready = false;  // emptied at the first CORS-unsafe name
  for (std::size_t i = 0; i < headers.size(); ++i) {
    const header_view& h = headers[i];
    if (!all_unsafe && (i < remembered ? (safelisted[i / 64] >> (i % 64) & 1) != 0
                                       : is_cors_safelisted_request_header(h.name, h.value)))
      continue;
    if (!seen_ready) {
      seen.reset(headers.size() < max_unsafe_header_names ? headers.size() : max_unsafe_header_names);
      seen_ready = true;
    }
    bool added = false;
    const std::uint32_t entry = seen.insert(h.name, added);
    if (entry == seen.npos) return eval_status::limit_exceeded;
    if (!added) continue;
    const std::size_t m = w.mark();
    w.put_lower(h.name);
    if (w.overflow()) return eval_status::output_too_small;
    result.names[result.count++] = w.since(m);
    seen.rebind(entry, result.names[result.count - 1].data());
  }
  sort_names(result.names, result.count);
  return eval_status::ok;
}
}  // namespace detail

eval_status cors_unsafe_request_header_names(header_list headers, header_name_set& result,
                                             std::span<char> out) noexcept {
  detail::writer w(out);
  detail::unsafe_name_list list;
  const eval_status s = detail::unsafe_names_into(headers, list, w);
  result.count = 0;
  if (s != eval_status::ok) return s;
  for (std::size_t i = 0; i < list.count; ++i) result.names[i] = list.names[i];
  result.count = list.count;
  return eval_status::ok;
}

}  // namespace corsproof
