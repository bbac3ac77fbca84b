// JSON string literals for messages: see corsproof/json_quoted.hpp.
#include "corsproof/json_quoted.hpp"

namespace corsproof {

std::string json_quoted(std::string_view text) {
  constexpr char hex[] = "0123456789abcdef";
  std::string q;
  q.reserve(text.size() + 2);
  q.push_back('"');
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"': q.append("\\\""); break;
      case '\\': q.append("\\\\"); break;
      case '\b': q.append("\\b"); break;
      case '\t': q.append("\\t"); break;
      case '\n': q.append("\\n"); break;
      case '\f': q.append("\\f"); break;
      case '\r': q.append("\\r"); break;
      default:
        if (c < 0x20) {
          q.append("\\u00").push_back(hex[c >> 4]);
          q.push_back(hex[c & 0xf]);
        } else {
          q.push_back(ch);
        }
    }
  }
  q.push_back('"');
  return q;
}

}  // namespace corsproof
