// RFC 9110 tchar / token, Fetch "HTTP tab or space" and "HTTP whitespace"
// trimming, byte-case-insensitive comparison, header lookup.
#include "test_support.hpp"

namespace corsproof::test {
namespace {

constexpr const char* kTchar = "RFC 9110 §5.6.2 tchar";
constexpr const char* kToken = "RFC 9110 §5.6.2 token = 1*tchar";

// ---- tchar: every byte --------------------------------------------------------

TEST(Tokens, TcharIsExactlyRfc9110SetForAll256Bytes) {
  const std::string_view symbols = "!#$%&'*+-.^_`|~";
  for (int c = 0; c < 256; ++c) {
    const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    const bool digit = c >= '0' && c <= '9';
    const bool symbol = c < 128 && symbols.find(static_cast<char>(c)) != std::string_view::npos;
    SCOPED_TRACE(trace_of("byte " + std::to_string(c), kTchar));
    EXPECT_EQ(is_tchar(static_cast<unsigned char>(c)), letter || digit || symbol);
  }
}

// is_token reads 8 to 15 bytes as two overlapping words, 16 and more 16 (or
// 32) at a time, fewer one by one: every byte at every position of every
// length up to 80 decides.
TEST(Tokens, IsTokenSeesEveryByteAtEveryPositionAndLength) {
  SCOPED_TRACE(trace_of("token = 1*tchar, every length and position", kTchar));
  for (std::size_t n = 1; n <= 80; ++n) {
    for (std::size_t at = 0; at < n; ++at) {
      for (int c = 0; c < 256; ++c) {
        std::string s(n, 'a');
        s[at] = static_cast<char>(c);
        ASSERT_EQ(is_token(s), is_tchar(static_cast<unsigned char>(c))) << "length " << n << ", byte " << c << " at " << at;
      }
    }
  }
}

struct tchar_row {
  const char* name;
  const char* spec;
  unsigned char byte;
  bool tchar;
};
CORSPROOF_ROW_PRINTER(tchar_row)

class TokensTchar : public ::testing::TestWithParam<tchar_row> {};

TEST_P(TokensTchar, Classifies) {
  const auto& r = GetParam();
  SCOPED_TRACE(trace_of(r.name, r.spec));
  EXPECT_EQ(is_tchar(r.byte), r.tchar);
}

INSTANTIATE_TEST_SUITE_P(Rows, TokensTchar, ::testing::Values(
    tchar_row{"backtick is a tchar", kTchar, '`', true},
    tchar_row{"vertical bar is a tchar", kTchar, '|', true},
    tchar_row{"tilde is a tchar", kTchar, '~', true},
    tchar_row{"caret is a tchar", kTchar, '^', true},
    tchar_row{"apostrophe is a tchar", kTchar, '\'', true},
    tchar_row{"asterisk is a tchar", kTchar, '*', true},
    tchar_row{"space is not", kTchar, ' ', false},
    tchar_row{"tab is not", kTchar, '\t', false},
    tchar_row{"comma is not", kTchar, ',', false},
    tchar_row{"slash is not", kTchar, '/', false},
    tchar_row{"colon is not", kTchar, ':', false},
    tchar_row{"semicolon is not", kTchar, ';', false},
    tchar_row{"equals is not", kTchar, '=', false},
    tchar_row{"double quote is not", kTchar, '"', false},
    tchar_row{"parentheses are not", kTchar, '(', false},
    tchar_row{"at sign is not", kTchar, '@', false},
    tchar_row{"brackets are not", kTchar, '[', false},
    tchar_row{"braces are not", kTchar, '{', false},
    tchar_row{"backslash is not", kTchar, '\\', false},
    tchar_row{"DEL is not", kTchar, 0x7F, false},
    tchar_row{"NUL is not", kTchar, 0x00, false},
    tchar_row{"0x80 is not", kTchar, 0x80, false},
    tchar_row{"0xE9 (Latin-1 e-acute) is not", kTchar, 0xE9, false}),
    row_test_name<tchar_row>);

// ---- token -----------------------------------------------------------------------

struct token_row {
  const char* name;
  const char* spec;
  std::string text;
  bool token;
};
CORSPROOF_ROW_PRINTER(token_row)

class TokensIsToken : public ::testing::TestWithParam<token_row> {};

TEST_P(TokensIsToken, Classifies) {
  const auto& r = GetParam();
  SCOPED_TRACE(trace_of(r.name, r.spec));
  EXPECT_EQ(is_token(r.text), r.token) << "text: " << printable(r.text);
}

INSTANTIATE_TEST_SUITE_P(Rows, TokensIsToken, ::testing::Values(
    token_row{"empty string is not a token", kToken, "", false},
    token_row{"simple header name", kToken, "x-api-key", true},
    token_row{"lone star", kToken, "*", true},
    token_row{"all symbols", kToken, "!#$%&'*+-.^_`|~", true},
    token_row{"inner space", kToken, "x foo", false},
    token_row{"leading space", kToken, " x", false},
    token_row{"trailing tab", kToken, "x\t", false},
    token_row{"comma inside", kToken, "a,b", false},
    token_row{"quoted string", kToken, "\"a\"", false},
    token_row{"colon (a name with its value)", kToken, "x:y", false},
    token_row{"UTF-8 bytes", kToken, "caf\xC3\xA9", false},
    token_row{"NUL inside", kToken, std::string("a\0b", 3), false},
    token_row{"digits only", kToken, "123", true}),
    row_test_name<token_row>);

// ---- trimming ------------------------------------------------------------------------

enum class trim_kind { tab_or_space, http_whitespace };

struct trim_row {
  const char* name;
  const char* spec;
  trim_kind kind;
  std::string in;
  std::string out;
};
CORSPROOF_ROW_PRINTER(trim_row)

class TokensTrim : public ::testing::TestWithParam<trim_row> {};

TEST_P(TokensTrim, StripsOnlyItsSet) {
  const auto& r = GetParam();
  SCOPED_TRACE(trace_of(r.name, r.spec));
  const std::string_view got =
      r.kind == trim_kind::tab_or_space ? trim_tab_or_space(r.in) : trim_http_whitespace(r.in);
  EXPECT_EQ(std::string(got), r.out) << "in: " << printable(r.in);
}

constexpr const char* kTabOrSpace = "Fetch \"HTTP tab or space\" (0x09, 0x20); digest §1, §7";
constexpr const char* kHttpWs = "Fetch \"HTTP whitespace\" (0x09 0x0A 0x0D 0x20, not 0x0C); digest §1, §3.1";

INSTANTIATE_TEST_SUITE_P(Rows, TokensTrim, ::testing::Values(
    trim_row{"tos: spaces both ends", kTabOrSpace, trim_kind::tab_or_space, "  true  ", "true"},
    trim_row{"tos: tabs both ends", kTabOrSpace, trim_kind::tab_or_space, "\t*\t", "*"},
    trim_row{"tos: inner space kept", kTabOrSpace, trim_kind::tab_or_space, " a b ", "a b"},
    trim_row{"tos: LF is not stripped", kTabOrSpace, trim_kind::tab_or_space, "\ntrue\n", "\ntrue\n"},
    trim_row{"tos: CR is not stripped", kTabOrSpace, trim_kind::tab_or_space, "true\r", "true\r"},
    trim_row{"tos: only whitespace becomes empty", kTabOrSpace, trim_kind::tab_or_space, " \t \t", ""},
    trim_row{"tos: empty stays empty", kTabOrSpace, trim_kind::tab_or_space, "", ""},
    trim_row{"ws: LF and CR stripped", kHttpWs, trim_kind::http_whitespace, "\r\n text/plain \r\n", "text/plain"},
    trim_row{"ws: tab stripped", kHttpWs, trim_kind::http_whitespace, "\tx\t", "x"},
    trim_row{"ws: form feed is not HTTP whitespace", kHttpWs, trim_kind::http_whitespace, "\fx\f", "\fx\f"},
    trim_row{"ws: vertical tab is not HTTP whitespace", kHttpWs, trim_kind::http_whitespace, "\vx", "\vx"},
    trim_row{"ws: inner CRLF kept", kHttpWs, trim_kind::http_whitespace, " a\r\nb ", "a\r\nb"},
    trim_row{"ws: NUL is not whitespace", kHttpWs, trim_kind::http_whitespace, std::string("\0x", 2),
             std::string("\0x", 2)}),
    row_test_name<trim_row>);

// ---- byte-case-insensitive equality ------------------------------------------------------

struct iequals_row {
  const char* name;
  const char* spec;
  std::string a;
  std::string b;
  bool equal;
};
CORSPROOF_ROW_PRINTER(iequals_row)

class TokensIequals : public ::testing::TestWithParam<iequals_row> {};

TEST_P(TokensIequals, ComparesAsciiCaseInsensitively) {
  const auto& r = GetParam();
  SCOPED_TRACE(trace_of(r.name, r.spec));
  EXPECT_EQ(iequals(r.a, r.b), r.equal);
  EXPECT_EQ(iequals(r.b, r.a), r.equal) << "must be symmetric";
}

constexpr const char* kCi = "Fetch \"byte-case-insensitive\" (ASCII only); protocol: names match case-insensitively";

INSTANTIATE_TEST_SUITE_P(Rows, TokensIequals, ::testing::Values(
    iequals_row{"mixed case header name", kCi, "Content-Type", "content-TYPE", true},
    iequals_row{"different length", kCi, "accept", "accepts", false},
    iequals_row{"empty equals empty", kCi, "", "", true},
    iequals_row{"Latin-1 E-acute does not fold to e-acute", kCi, "\xC9", "\xE9", false},
    iequals_row{"at sign is not backtick folded", kCi, "@", "`", false},
    iequals_row{"left bracket is not brace folded", kCi, "[", "{", false},
    iequals_row{"dash vs underscore", kCi, "x-a", "x_a", false}),
    row_test_name<iequals_row>);

// ---- header lookup ------------------------------------------------------------------------

TEST(TokensHeaderLookup, CountAndFindAreCaseInsensitive) {
  SCOPED_TRACE(trace_of("count_headers / find_header", "protocol \"Transport\": names matched case-insensitively"));
  const header_store h(pairs{{"Origin", "https://a.example"}, {"x-a", "1"}, {"ORIGIN", "https://b.example"}});
  EXPECT_EQ(count_headers(h.list(), "origin"), 2u);
  EXPECT_EQ(count_headers(h.list(), "X-A"), 1u);
  EXPECT_EQ(count_headers(h.list(), "x-b"), 0u);
  const header_view* first = find_header(h.list(), "oRiGiN");
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(first->value, "https://a.example") << "find_header returns the first match";
  EXPECT_EQ(find_header(h.list(), "origin2"), nullptr);
  EXPECT_EQ(find_header(header_list{}, "origin"), nullptr);
}

}  // namespace
}  // namespace corsproof::test
