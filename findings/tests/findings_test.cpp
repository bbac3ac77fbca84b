// The findings both the linter and the audit report, and their text lines
// (oracle protocol "Lint": "SEVERITY CODE: detail", one line a finding).
#include <gtest/gtest.h>

#include <corsproof/findings.hpp>

namespace {

using corsproof::finding;
using corsproof::severity;

TEST(Findings, SeverityNames) {
  EXPECT_EQ(corsproof::to_string(severity::error), "error");
  EXPECT_EQ(corsproof::to_string(severity::warning), "warning");
}

TEST(Findings, OneLine) {
  EXPECT_EQ(corsproof::render_line(finding{"null-origin-allowed", severity::error, "remove \"null\""}),
            "error null-origin-allowed: remove \"null\"");
  EXPECT_EQ(corsproof::render_line(finding{"max-age-differs", severity::warning, ""}), "warning max-age-differs: ");
  // A line never breaks, whatever the detail holds.
  EXPECT_EQ(corsproof::render_line(finding{"c\nd", severity::warning, "a\r\nb\n"}), "warning c d: a  b ");
}

TEST(Findings, TextAndCounts) {
  const std::vector<finding> none;
  EXPECT_EQ(corsproof::render_text(none), "");
  EXPECT_EQ(corsproof::error_count(none), 0U);
  const std::vector<finding> fs{
      {"a", severity::warning, "x"}, {"b", severity::error, "y"}, {"c", severity::error, "z"}};
  EXPECT_EQ(corsproof::render_text(fs), "warning a: x\nerror b: y\nerror c: z\n");
  EXPECT_EQ(corsproof::error_count(fs), 2U);
}

}  // namespace
