// corsproof/findings.hpp — what the linter (corsproof/lint.hpp) and the audit
// (corsproof/audit.hpp) report: findings, each a severity, a code and one
// sentence, and the protocol's text line for one. Both tools use these types
// and renderers (lint::lint_finding and audit::audit_finding are
// corsproof::finding).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace corsproof {

enum class severity : std::uint8_t { error, warning };

// "error" / "warning".
[[nodiscard]] std::string_view to_string(severity s) noexcept;

struct finding {
  std::string code;  // e.g. "null-origin-allowed", "missing-vary-origin"
  severity level = severity::error;
  std::string detail;  // one sentence: what was found, what to change
};

// The protocol's line for one finding, without a newline:
// "SEVERITY CODE: detail", e.g. "error null-origin-allowed: allow_origins ...".
// One finding, one line: a CR or LF in the code or detail becomes a space.
[[nodiscard]] std::string render_line(const finding& f);

// Every finding, one line each, each ending in "\n"; "" for no finding.
[[nodiscard]] std::string render_text(const std::vector<finding>& findings);

// How many findings are errors.
[[nodiscard]] std::size_t error_count(const std::vector<finding>& findings) noexcept;

}  // namespace corsproof
