// JSON string literals for messages: see corsproof/json_quoted.hpp.
#include "corsproof/json_quoted.hpp"

#include <cstddef>

namespace corsproof {

namespace {

// Whether a byte is written as an escape: '"', '\\' and the C0 controls
// (RFC 8259 §7).
constexpr bool needs_escape(unsigned char c) noexcept { return c < 0x20 || c == '"' || c == '\\'; }

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
    std::size_t j = i;
    while (j < text.size() && !needs_escape(static_cast<unsigned char>(text[j]))) ++j;
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
