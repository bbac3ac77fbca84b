// JSON string literals for messages: see corsproof/json_quoted.hpp.
#include "corsproof/json_quoted.hpp"

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace corsproof {

namespace {

// Whether a byte is written as an escape: '"', '\\' and the C0 controls
// (RFC 8259 §7).
constexpr bool needs_escape(unsigned char c) noexcept { return c < 0x20 || c == '"' || c == '\\'; }

// Whether any of the eight bytes at p needs an escape, a word at a time:
// (x - n * ones) & ~x & high is non-zero exactly when some byte of x is
// below n (n <= 0x80), and a byte equal to c is a zero byte of x ^ c * ones.
bool any_escape8(const char* p) noexcept {
  constexpr std::uint64_t ones = 0x0101010101010101ULL;
  constexpr std::uint64_t high = 0x8080808080808080ULL;
  std::uint64_t x;
  std::memcpy(&x, p, 8);
  const std::uint64_t quote = x ^ ('"' * ones);
  const std::uint64_t backslash = x ^ ('\\' * ones);
  const std::uint64_t flagged = ((x - 0x20 * ones) & ~x) | ((quote - ones) & ~quote) | ((backslash - ones) & ~backslash);
  return (flagged & high) != 0;
}

// The length of the run of bytes from the start of `text` that are copied
// as they are: eight at a time, then byte by byte to the first escape.
std::size_t plain_run(std::string_view text) noexcept {
  std::size_t j = 0;
  while (j + 8 <= text.size() && !any_escape8(text.data() + j)) j += 8;
  while (j < text.size() && !needs_escape(static_cast<unsigned char>(text[j]))) ++j;
  return j;
}

}  // namespace

void append_json_quoted(std::string& out, std::string_view text) {
  constexpr char hex[] = "0123456789abcdef";
  // No reserve: with libc++ an exact reserve per call would copy a string
  // built from many quoted pieces once per piece; append grows it
  // geometrically.
  out.push_back('"');
  std::size_t i = 0;
  while (i < text.size()) {
    // The run of bytes copied as they are, in one append.
    const std::size_t j = i + plain_run(text.substr(i));
    out.append(text.data() + i, j - i);
    if (j == text.size()) break;
    const auto c = static_cast<unsigned char>(text[j]);
    switch (c) {
      case '"': out.append("\\\""); break;
      case '\\': out.append("\\\\"); break;
      case '\b': out.append("\\b"); break;
      case '\t': out.append("\\t"); break;
      case '\n': out.append("\\n"); break;
      case '\f': out.append("\\f"); break;
      case '\r': out.append("\\r"); break;
      default:
        out.append("\\u00").push_back(hex[c >> 4]);
        out.push_back(hex[c & 0xf]);
    }
    i = j + 1;
  }
  out.push_back('"');
}

std::string json_quoted(std::string_view text) {
  std::string q;
  append_json_quoted(q, text);
  return q;
}

}  // namespace corsproof
