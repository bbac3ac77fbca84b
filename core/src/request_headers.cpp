// Fetch "Headers" and "CORS protocol" request-header classes: forbidden
// request-headers, CORS-safelisted request-headers (with mimesniff "parse a
// MIME type" and Fetch "parse a single range header value"), CORS-unsafe
// request-header names.
#include <algorithm>

#include "browser_internal.hpp"
#include "corsproof/method.hpp"

namespace corsproof {

using detail::equals_lower_literal;

// Fetch: a CORS-unsafe request-header byte is a byte that is less than 0x20
// and not 0x09 HT, or is 0x22 ("), 0x28 ((), 0x29 ()), 0x3A (:), 0x3C (<),
// 0x3E (>), 0x3F (?), 0x40 (@), 0x5B ([), 0x5C (\), 0x5D (]), 0x7B ({),
// 0x7D (}), or 0x7F DEL.
bool is_cors_unsafe_request_header_byte(unsigned char c) noexcept {
  if (c < 0x20) return c != 0x09;
  switch (c) {
    case 0x22: case 0x28: case 0x29: case 0x3A: case 0x3C: case 0x3E: case 0x3F:
    case 0x40: case 0x5B: case 0x5C: case 0x5D: case 0x7B: case 0x7D: case 0x7F:
      return true;
    default:
      return false;
  }
}

namespace {

bool has_unsafe_byte(std::string_view v) noexcept {
  for (unsigned char c : v)
    if (is_cors_unsafe_request_header_byte(c)) return true;
  return false;
}

bool starts_with_lower(std::string_view s, std::string_view lower_prefix) noexcept {
  return s.size() >= lower_prefix.size() && equals_lower_literal(s.substr(0, lower_prefix.size()), lower_prefix);
}

// Fetch "get, decode, and split" applied to one value, stopping at the first
// element that is a forbidden method. Quoted strings are kept with their
// quotes ("collect an HTTP quoted string" without extract-value), so an
// element containing a quote never equals a method name.
bool split_value_has_forbidden_method(std::string_view input) noexcept {
  std::size_t pos = 0;
  while (true) {
    const std::size_t start = pos;
    while (pos < input.size()) {
      const char c = input[pos];
      if (c == ',') break;
      if (c == '"') {
        // Collect an HTTP quoted string.
        ++pos;
        while (pos < input.size()) {
          const char q = input[pos++];
          if (q == '\\') {
            if (pos < input.size()) ++pos;
          } else if (q == '"') {
            break;
          }
        }
        continue;
      }
      ++pos;
    }
    const std::string_view element = trim_tab_or_space(input.substr(start, pos - start));
    if (is_forbidden_method(element)) return true;
    if (pos >= input.size()) return false;
    ++pos;  // the ","
  }
}

// mimesniff "parse a MIME type", as far as CORS needs: the essence, or
// failure. Parameters never cause failure.
bool mime_essence(std::string_view input, std::string_view& type, std::string_view& subtype) noexcept {
  input = trim_http_whitespace(input);
  const std::size_t slash = input.find('/');
  if (slash == std::string_view::npos) return false;
  type = input.substr(0, slash);
  if (!is_token(type)) return false;
  std::string_view rest = input.substr(slash + 1);
  subtype = rest.substr(0, rest.find(';'));
  while (!subtype.empty() && (subtype.back() == ' ' || subtype.back() == '\t' || subtype.back() == '\n' ||
                              subtype.back() == '\r'))
    subtype.remove_suffix(1);
  return is_token(subtype);
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

bool is_language_value_byte(unsigned char c) noexcept {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == ' ' || c == '*' ||
         c == ',' || c == '-' || c == '.' || c == ';' || c == '=';
}

}  // namespace

bool is_forbidden_request_header(std::string_view name, std::string_view value) noexcept {
  static constexpr std::string_view names[] = {
      "accept-charset", "accept-encoding", "access-control-request-headers", "access-control-request-method",
      "connection", "content-length", "cookie", "cookie2", "date", "dnt", "expect", "host", "keep-alive", "origin",
      "referer", "set-cookie", "te", "trailer", "transfer-encoding", "upgrade", "via"};
  for (std::string_view n : names)
    if (equals_lower_literal(name, n)) return true;
  if (starts_with_lower(name, "proxy-") || starts_with_lower(name, "sec-")) return true;
  if (equals_lower_literal(name, "x-http-method") || equals_lower_literal(name, "x-http-method-override") ||
      equals_lower_literal(name, "x-method-override"))
    return split_value_has_forbidden_method(value);
  return false;
}

bool is_cors_safelisted_request_header(std::string_view name, std::string_view value) noexcept {
  // Fetch "CORS-safelisted request-header" step 1: more than 128 bytes, never.
  if (value.size() > 128) return false;
  if (equals_lower_literal(name, "accept")) return !has_unsafe_byte(value);
  if (equals_lower_literal(name, "accept-language") || equals_lower_literal(name, "content-language")) {
    for (unsigned char c : value)
      if (!is_language_value_byte(c)) return false;
    return true;
  }
  if (equals_lower_literal(name, "content-type")) {
    if (has_unsafe_byte(value)) return false;
    std::string_view type, subtype;
    if (!mime_essence(value, type, subtype)) return false;
    if (equals_lower_literal(type, "application")) return equals_lower_literal(subtype, "x-www-form-urlencoded");
    if (equals_lower_literal(type, "multipart")) return equals_lower_literal(subtype, "form-data");
    if (equals_lower_literal(type, "text")) return equals_lower_literal(subtype, "plain");
    return false;
  }
  if (equals_lower_literal(name, "range")) return is_simple_range_with_start(value);
  return false;
}

bool is_cors_non_wildcard_request_header_name(std::string_view name) noexcept {
  return equals_lower_literal(name, "authorization");
}

bool is_cors_safelisted_response_header_name(std::string_view name) noexcept {
  static constexpr std::string_view names[] = {"cache-control", "content-language", "content-length", "content-type",
                                               "expires", "last-modified", "pragma"};
  for (std::string_view n : names)
    if (equals_lower_literal(name, n)) return true;
  return false;
}

bool is_forbidden_response_header_name(std::string_view name) noexcept {
  return equals_lower_literal(name, "set-cookie") || equals_lower_literal(name, "set-cookie2");
}

namespace detail {
// Inserts the lower-cased `name` into the sorted set (Fetch "convert header
// names to a sorted-lowercase set"): byte order, no duplicates.
eval_status insert_lowercase_sorted(header_name_set& set, std::size_t cap, std::string_view name, writer& w) noexcept {
  // Find the position by comparing lower-cased bytes without copying first.
  auto less_lower = [](std::string_view stored, std::string_view raw) noexcept {
    const std::size_t n = std::min(stored.size(), raw.size());
    for (std::size_t i = 0; i < n; ++i) {
      const unsigned char a = static_cast<unsigned char>(stored[i]);
      const unsigned char b = ascii_lower(static_cast<unsigned char>(raw[i]));
      if (a != b) return a < b ? -1 : 1;
    }
    return stored.size() == raw.size() ? 0 : (stored.size() < raw.size() ? -1 : 1);
  };
  std::size_t lo = 0, hi = set.count;
  while (lo < hi) {
    const std::size_t mid = (lo + hi) / 2;
    const int c = less_lower(set.names[mid], name);
    if (c == 0) return eval_status::ok;
    if (c < 0) lo = mid + 1;
    else hi = mid;
  }
  if (set.count >= cap) return eval_status::limit_exceeded;
  const std::size_t m = w.mark();
  w.put_lower(name);
  if (w.overflow()) return eval_status::output_too_small;
  for (std::size_t i = set.count; i > lo; --i) set.names[i] = set.names[i - 1];
  set.names[lo] = w.since(m);
  ++set.count;
  return eval_status::ok;
}
}  // namespace detail

eval_status cors_unsafe_request_header_names(header_list headers, header_name_set& result,
                                             std::span<char> out) noexcept {
  detail::writer w(out);
  return detail::unsafe_names_into(headers, result, w);
}

namespace detail {
// Fetch "CORS-unsafe request-header names", steps 1-6.
eval_status unsafe_names_into(header_list headers, header_name_set& result, writer& w) noexcept {
  result.count = 0;
  std::size_t safelisted_bytes = 0;
  for (const auto& h : headers)
    if (is_cors_safelisted_request_header(h.name, h.value)) safelisted_bytes += h.value.size();
  // Step 5: a total over 1024 bytes makes every safelisted name unsafe too.
  const bool all_unsafe = safelisted_bytes > 1024;
  for (const auto& h : headers) {
    if (!all_unsafe && is_cors_safelisted_request_header(h.name, h.value)) continue;
    const eval_status s = insert_lowercase_sorted(result, max_unsafe_header_names, h.name, w);
    if (s != eval_status::ok) return s;
  }
  return eval_status::ok;
}
}  // namespace detail

}  // namespace corsproof
