// json_quoted: every corsproof message quotes a text as a JSON string literal
// (RFC 8259 §7), escaped as Boost.JSON's serializer does (policy_json's tests
// compare the two on every byte; this table pins the rule itself).
#include "test_support.hpp"

namespace corsproof::test {
namespace {

constexpr const char* kJson = "RFC 8259 §7 Strings; Boost.JSON's serializer (escapes \" \\ and C0 only)";

struct quoted_row {
  const char* name;
  const char* spec;
  std::string text;
  std::string expected;
};
CORSPROOF_ROW_PRINTER(quoted_row)

class JsonQuoted : public ::testing::TestWithParam<quoted_row> {};

TEST_P(JsonQuoted, EscapesAsJson) {
  const auto& r = GetParam();
  SCOPED_TRACE(trace_of(r.name, r.spec));
  EXPECT_EQ(json_quoted(r.text), r.expected) << printable(r.text);
}

// append_json_quoted writes the same literal after what the string holds,
// whatever that is (runs of plain bytes are copied in one piece).
TEST_P(JsonQuoted, AppendsTheSameLiteral) {
  const auto& r = GetParam();
  SCOPED_TRACE(trace_of(r.name, r.spec));
  std::string out = "prefix ";
  append_json_quoted(out, r.text);
  EXPECT_EQ(out, "prefix " + r.expected) << printable(r.text);
  append_json_quoted(out, r.text + r.text);
  EXPECT_EQ(out, "prefix " + r.expected + json_quoted(r.text + r.text)) << printable(r.text);
}

INSTANTIATE_TEST_SUITE_P(Rows, JsonQuoted, ::testing::Values(
    quoted_row{"plain", kJson, "https://app.example", "\"https://app.example\""},
    quoted_row{"empty", kJson, "", "\"\""},
    quoted_row{"a double quote", kJson, "a\"b", "\"a\\\"b\""},
    quoted_row{"a backslash", kJson, "re:^a\\.b$", "\"re:^a\\\\.b$\""},
    quoted_row{"short escapes", kJson, "\b\t\n\f\r", "\"\\b\\t\\n\\f\\r\""},
    quoted_row{"NUL", kJson, std::string("a\0b", 3), "\"a\\u0000b\""},
    quoted_row{"other C0 controls, lower-case hex", kJson, "\x01\x0b\x1b\x1f", "\"\\u0001\\u000b\\u001b\\u001f\""},
    quoted_row{"DEL is copied", kJson, "\x7f", "\"\x7f\""},
    quoted_row{"slash is copied", kJson, "a/b", "\"a/b\""},
    quoted_row{"UTF-8 is copied", kJson, "caf\xc3\xa9", "\"caf\xc3\xa9\""},
    quoted_row{"non-UTF-8 bytes are copied", kJson, "\xe9\xff\xc3(", "\"\xe9\xff\xc3(\""},
    quoted_row{"escapes between runs", kJson, "ab\"cd\\\nef\x01", "\"ab\\\"cd\\\\\\nef\\u0001\""}),
    row_test_name<quoted_row>);

// A quoted text is one line and ends at its closing quote: no raw control
// byte, and every '"' inside is escaped.
TEST(JsonQuoted, EveryByteKeepsTheQuoteClosed) {
  for (int c = 0; c < 256; ++c) {
    const std::string q = json_quoted(std::string(1, static_cast<char>(c)));
    SCOPED_TRACE(c);
    ASSERT_GE(q.size(), 3U);
    EXPECT_EQ(q.front(), '"');
    EXPECT_EQ(q.back(), '"');
    for (std::size_t i = 1; i + 1 < q.size(); ++i) EXPECT_GE(static_cast<unsigned char>(q[i]), 0x20U) << q;
    if (c == '"' || c == '\\') {
      EXPECT_EQ(q[1], '\\');
    }
  }
}

// The refusal messages quote entries with it.
TEST(JsonQuoted, PolicyRefusalsQuoteEntriesAsJson) {
  const policy_result r = compile_policy(cfg({"https://a\"b\\c\n.example"}));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error.rfind("allow_origins[0] \"https://a\\\"b\\\\c\\n.example\": ", 0), 0U) << r.error;
  EXPECT_EQ(r.error.find('\n'), std::string::npos) << r.error;
}

}  // namespace
}  // namespace corsproof::test
