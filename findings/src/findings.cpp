// findings/src/findings.cpp — see corsproof/findings.hpp.
#include "corsproof/findings.hpp"

#include <algorithm>

namespace corsproof {

std::string_view to_string(severity s) noexcept { return s == severity::error ? "error" : "warning"; }

std::string render_line(const finding& f) {
  std::string line(to_string(f.level));
  line.append(" ").append(f.code).append(": ").append(f.detail);
  for (char& c : line)
    if (c == '\n' || c == '\r') c = ' ';
  return line;
}

std::string render_text(const std::vector<finding>& findings) {
  std::string out;
  for (const auto& f : findings) out.append(render_line(f)).append("\n");
  return out;
}

std::size_t error_count(const std::vector<finding>& findings) noexcept {
  return static_cast<std::size_t>(
      std::count_if(findings.begin(), findings.end(), [](const finding& f) { return f.level == severity::error; }));
}

}  // namespace corsproof
