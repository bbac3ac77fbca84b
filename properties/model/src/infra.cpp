// Byte and code point vocabulary: Infra Standard, Fetch §2.2 "HTTP", and the
// RFC 9110 token rule. Strings are byte sequences (isomorphic strings): one
// byte is one code point, so every definition here is applied byte by byte.
#include "spec.hpp"

namespace corsproof_model::spec {

// Infra "ASCII digit": U+0030 (0) to U+0039 (9), inclusive.
bool is_ascii_digit(unsigned char c) { return c >= '0' && c <= '9'; }

// Infra "ASCII upper alpha": U+0041 (A) to U+005A (Z), inclusive.
bool is_ascii_upper_alpha(unsigned char c) { return c >= 'A' && c <= 'Z'; }

// Infra "ASCII lower alpha": U+0061 (a) to U+007A (z), inclusive.
bool is_ascii_lower_alpha(unsigned char c) { return c >= 'a' && c <= 'z'; }

// Infra "ASCII alpha": an ASCII upper alpha or ASCII lower alpha.
bool is_ascii_alpha(unsigned char c) { return is_ascii_upper_alpha(c) || is_ascii_lower_alpha(c); }

// Infra "ASCII alphanumeric": an ASCII digit or ASCII alpha.
bool is_ascii_alphanumeric(unsigned char c) { return is_ascii_digit(c) || is_ascii_alpha(c); }

// Infra "ASCII hex digit": ASCII digit, U+0041 (A) to U+0046 (F), U+0061 (a) to U+0066 (f).
bool is_ascii_hex_digit(unsigned char c) {
  return is_ascii_digit(c) || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');
}

// Infra "byte-lowercase": increase each byte in the range 0x41 (A) to 0x5A (Z),
// inclusive, by 0x20.
std::string byte_lowercase(const std::string& bytes) {
  std::string result;
  result.reserve(bytes.size());
  for (char ch : bytes) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (is_ascii_upper_alpha(c)) {
      result += static_cast<char>(c + 0x20);
    } else {
      result += ch;
    }
  }
  return result;
}

// Infra "byte-uppercase": subtract 0x20 from each byte in the range 0x61 (a) to
// 0x7A (z), inclusive.
std::string byte_uppercase(const std::string& bytes) {
  std::string result;
  result.reserve(bytes.size());
  for (char ch : bytes) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (is_ascii_lower_alpha(c)) {
      result += static_cast<char>(c - 0x20);
    } else {
      result += ch;
    }
  }
  return result;
}

// Infra "byte-case-insensitive" match: the byte-lowercase of A is the
// byte-lowercase of B. Byte-lowercase keeps the length and maps each byte on
// its own, so the two are compared byte by byte, each byte lowercased as
// byte_lowercase does, without building either string (the differential
// fuzz target spent a quarter of its time allocating those copies).
bool byte_case_insensitive_match(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    unsigned char x = static_cast<unsigned char>(a[i]);
    unsigned char y = static_cast<unsigned char>(b[i]);
    if (is_ascii_upper_alpha(x)) x = static_cast<unsigned char>(x + 0x20);
    if (is_ascii_upper_alpha(y)) y = static_cast<unsigned char>(y + 0x20);
    if (x != y) return false;
  }
  return true;
}

// Infra "starts with" (byte sequences and strings alike).
bool starts_with(const std::string& s, const std::string& prefix) {
  return s.size() >= prefix.size() && s.compare(0, prefix.size(), prefix) == 0;
}

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Fetch §2.2 "HTTP": an HTTP tab or space (byte) is 0x09 (HT) or 0x20 (SP).
bool is_http_tab_or_space(unsigned char c) { return c == 0x09 || c == 0x20; }

// Fetch §2.2 "HTTP": an HTTP newline byte is 0x0A (LF) or 0x0D (CR).
bool is_http_newline_byte(unsigned char c) { return c == 0x0A || c == 0x0D; }

// Fetch §2.2 "HTTP": HTTP whitespace is an HTTP newline byte or an HTTP tab or
// space (deliberately not 0x0C FF).
bool is_http_whitespace(unsigned char c) { return is_http_newline_byte(c) || is_http_tab_or_space(c); }

namespace {
template <typename Predicate>
std::string strip(const std::string& s, Predicate drop, bool leading, bool trailing) {
  std::size_t begin = 0;
  std::size_t end = s.size();
  if (leading) {
    while (begin < end && drop(static_cast<unsigned char>(s[begin]))) ++begin;
  }
  if (trailing) {
    while (end > begin && drop(static_cast<unsigned char>(s[end - 1]))) --end;
  }
  return s.substr(begin, end - begin);
}
}  // namespace

// RFC 9110 §5.5 "Field Values": a field value does not include leading or
// trailing whitespace (OWS = SP / HTAB). This is how HTTP parsing reads every
// received header value (server-mode request headers, browser-mode response
// headers, per docs/protocol-decisions.md "Trimming").
std::string remove_leading_and_trailing_http_tab_or_space(const std::string& s) {
  return strip(s, is_http_tab_or_space, true, true);
}

// Fetch §2.2.2 "normalize" a potential value / mimesniff §4.4 step 1: remove
// leading and trailing HTTP whitespace.
std::string remove_leading_and_trailing_http_whitespace(const std::string& s) {
  return strip(s, is_http_whitespace, true, true);
}

// mimesniff §4.4 steps 8 and 11.9.2: "remove any trailing HTTP whitespace".
std::string remove_trailing_http_whitespace(const std::string& s) {
  return strip(s, is_http_whitespace, false, true);
}

// RFC 9110 §5.6.2: tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" /
// "-" / "." / "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA.
bool is_tchar(unsigned char c) {
  switch (c) {
    case '!': case '#': case '$': case '%': case '&': case '\'': case '*': case '+':
    case '-': case '.': case '^': case '_': case '`': case '|': case '~':
      return true;
    default:
      return is_ascii_alphanumeric(c);
  }
}

// RFC 9110 §5.6.2: token = 1*tchar.
bool is_token(const std::string& s) {
  if (s.empty()) return false;
  for (char ch : s) {
    if (!is_tchar(static_cast<unsigned char>(ch))) return false;
  }
  return true;
}

// Fetch §2.2 "HTTP": "collect an HTTP quoted string" from input given position
// and extract-value.
std::string collect_an_http_quoted_string(const std::string& input, std::size_t& position,
                                          bool extract_value) {
  // Step 1: let positionStart be position.
  const std::size_t position_start = position;
  // Step 2: let value be the empty string.
  std::string value;
  // Step 3: assert: the code point at position is U+0022 (") — callers check it.
  // Step 4: advance position by 1.
  ++position;
  // Step 5: while true:
  while (true) {
    // Step 5.1: append the code points that are not " or \ to value.
    value += collect_a_sequence(input, position,
                                [](unsigned char c) { return c != '"' && c != '\\'; });
    // Step 5.2: if position is past the end of input, break.
    if (position >= input.size()) break;
    // Step 5.3: let quoteOrBackslash be the code point at position.
    const char quote_or_backslash = input[position];
    // Step 5.4: advance position by 1.
    ++position;
    // Step 5.5: if quoteOrBackslash is U+005C (\):
    if (quote_or_backslash == '\\') {
      // Step 5.5.1: if position is past the end, append \ to value and break.
      if (position >= input.size()) {
        value += '\\';
        break;
      }
      // Step 5.5.2: append the code point at position to value.
      value += input[position];
      // Step 5.5.3: advance position by 1.
      ++position;
    } else {
      // Step 5.6: otherwise it is U+0022 ("): break.
      break;
    }
  }
  // Step 6: if extract-value is true, return value.
  if (extract_value) return value;
  // Step 7: return the code points from positionStart to position, inclusive
  // (position now points just past the closing quote, so "inclusive" of the
  // quote means up to position).
  return input.substr(position_start, position - position_start);
}

// Compares two decimal digit strings by numeric value, for any length.
int compare_decimal_strings(const std::string& a, const std::string& b) {
  auto without_leading_zeros = [](const std::string& digits) {
    std::size_t first = 0;
    while (first + 1 < digits.size() && digits[first] == '0') ++first;
    return digits.substr(first);
  };
  const std::string x = without_leading_zeros(a);
  const std::string y = without_leading_zeros(b);
  if (x.size() != y.size()) return x.size() < y.size() ? -1 : 1;
  if (x == y) return 0;
  return x < y ? -1 : 1;
}

}  // namespace corsproof_model::spec
