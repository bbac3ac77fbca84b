// Fetch "CORS check" and "CORS protocol and credentials" (digest §8 and its
// table), with the protocol's error codes and order (acao-missing,
// acao-multiple, acao-wildcard-with-credentials, acao-mismatch, acac-not-true;
// decisions: Browser mode/Error order) and response-value trimming (digest
// §7, §14.7-§14.10, §14.24).
#include "test_support.hpp"

namespace corsproof::test {
namespace {

constexpr const char* kTable = "Fetch \"CORS check\"; digest §8 table";
constexpr const char* kOrder = "protocol browser mode error codes; decisions: Browser mode/Error order";
constexpr const char* kTrim = "digest §7 (response values trimmed of SP/TAB), §14.10; decisions: Trimming";
constexpr const char* kByte = "Fetch \"CORS check\" step 3 (byte comparison); digest §14.8";
constexpr const char* kJoin = "Fetch \"get\" joins repeated values; digest §7, §14.9; protocol: two ACAO always fail";
constexpr const char* kComma =
    "Fetch \"CORS check\" steps 1 and 4 (the combined value compared first); URL Standard §3.2 (\",\" is no "
    "forbidden domain code point); decisions: Browser mode/Error order";

constexpr credentials_mode omit = credentials_mode::omit;
constexpr credentials_mode same = credentials_mode::same_origin;
constexpr credentials_mode incl = credentials_mode::include;
constexpr const char* O = "https://app.example";

struct check_row {
  const char* name;
  const char* spec;
  std::string request_origin;
  credentials_mode credentials;
  pairs response;
  browser_error error;
};
CORSPROOF_ROW_PRINTER(check_row)

class CorsCheck : public ::testing::TestWithParam<check_row> {};

TEST_P(CorsCheck, Decides) {
  const auto& r = GetParam();
  SCOPED_TRACE(trace_of(r.name, r.spec));
  const header_store h(r.response);
  EXPECT_EQ(cors_check(h.list(), r.request_origin, r.credentials), r.error)
      << "origin " << r.request_origin << ", credentials " << to_string(r.credentials) << ", response "
      << show(r.response);
}

pairs acao(const std::string& v) { return {{"Access-Control-Allow-Origin", v}}; }
pairs acao_acac(const std::string& o, const std::string& c) {
  return {{"Access-Control-Allow-Origin", o}, {"Access-Control-Allow-Credentials", c}};
}

std::vector<check_row> rows() {
  return {
      {"omit + * : shared", kTable, O, omit, acao("*"), browser_error::none},
      {"same-origin + * with junk ACAC: shared", kTable, O, same, acao_acac("*", "garbage"), browser_error::none},
      {"omit + exact origin, no ACAC: shared", kTable, O, omit, acao(O), browser_error::none},
      {"omit + exact origin, ACAC false ignored", kTable, O, omit, acao_acac(O, "false"), browser_error::none},
      {"omit + trailing slash: not shared", kTable, O, omit, acao("https://app.example/"),
       browser_error::acao_mismatch},
      {"include + * + true: wildcard with credentials", kTable, O, incl, acao_acac("*", "true"),
       browser_error::acao_wildcard_with_credentials},
      {"include + exact + true: shared", kTable, O, incl, acao_acac(O, "true"), browser_error::none},
      {"include + exact + True", kTable, O, incl, acao_acac(O, "True"), browser_error::acac_not_true},
      {"include + exact + TRUE", kTable, O, incl, acao_acac(O, "TRUE"), browser_error::acac_not_true},
      {"include + exact + 1", kTable, O, incl, acao_acac(O, "1"), browser_error::acac_not_true},
      {"include + exact, ACAC absent", kTable, O, incl, acao(O), browser_error::acac_not_true},
      {"include + exact + two `true` headers (joined `true, true`)", kJoin, O, incl,
       {{"Access-Control-Allow-Origin", O},
        {"Access-Control-Allow-Credentials", "true"},
        {"Access-Control-Allow-Credentials", "true"}},
       browser_error::acac_not_true},
      {"include + exact + ` true ` trimmed", kTrim, O, incl, acao_acac(O, " true "), browser_error::none},
      {"null matches the opaque origin (omit)", kTable, "null", omit, acao("null"), browser_error::none},
      {"null matches the opaque origin (include + true)", kTable, "null", incl, acao_acac("null", "true"),
       browser_error::none},
      {"null for a tuple origin", kTable, O, omit, acao("null"), browser_error::acao_mismatch},
      {"NULL is not null (digest §14.24)", kByte, "null", omit, acao("NULL"), browser_error::acao_mismatch},
      {"* for the opaque origin (omit)", kTable, "null", omit, acao("*"), browser_error::none},
      {"absent ACAO", kTable, O, omit, {{"Content-Type", "text/plain"}}, browser_error::acao_missing},
      {"absent ACAO even with ACAC true", kOrder, O, incl, {{"Access-Control-Allow-Credentials", "true"}},
       browser_error::acao_missing},
      {"empty ACAO is present, then mismatches", kTable, O, omit, acao(""), browser_error::acao_mismatch},
      {"whitespace-only ACAO", kTable, O, omit, acao("  "), browser_error::acao_mismatch},
      {"upper-case host not normalized", kByte, O, omit, acao("https://APP.example"), browser_error::acao_mismatch},
      {"upper-case scheme not normalized", kByte, O, omit, acao("HTTPS://app.example"),
       browser_error::acao_mismatch},
      {"default port not dropped", kByte, O, omit, acao("https://app.example:443"), browser_error::acao_mismatch},
      {"other scheme", kByte, "http://app.example", omit, acao(O), browser_error::acao_mismatch},
      {"other origin", kTable, O, omit, acao("https://evil.example"), browser_error::acao_mismatch},
      {"inner space list is a mismatch, not multiple", kOrder, O, omit,
       acao("https://app.example https://b.example"), browser_error::acao_mismatch},
      {"ACAO trimmed of SP and TAB", kTrim, O, omit, acao(" \thttps://app.example\t "), browser_error::none},
      {"` *  ` trimmed (WPT cors/origin.htm)", kTrim, O, omit, acao(" *  "), browser_error::none},
      {"` * ` with include is still the wildcard", kTrim, O, incl, acao_acac(" * ", "true"),
       browser_error::acao_wildcard_with_credentials},
      {"lower-case header name", kTable, O, omit, {{"access-control-allow-origin", O}}, browser_error::none},
      {"two identical ACAO headers (digest §14.9)", kJoin, O, omit,
       {{"Access-Control-Allow-Origin", O}, {"Access-Control-Allow-Origin", O}}, browser_error::acao_multiple},
      {"two * headers", kJoin, O, omit, {{"Access-Control-Allow-Origin", "*"}, {"Access-Control-Allow-Origin", "*"}},
       browser_error::acao_multiple},
      {"empty then exact header", kJoin, O, omit,
       {{"Access-Control-Allow-Origin", ""}, {"Access-Control-Allow-Origin", O}}, browser_error::acao_multiple},
      {"comma list in one header", kOrder, O, omit, acao("https://app.example, https://b.example"),
       browser_error::acao_multiple},
      {"comma list starting with * ", kOrder, O, omit, acao("*, https://app.example"), browser_error::acao_multiple},
      {"include: multiple is reported before wildcard", kOrder, O, incl,
       {{"Access-Control-Allow-Origin", "*"}, {"Access-Control-Allow-Origin", "*"},
        {"Access-Control-Allow-Credentials", "true"}},
       browser_error::acao_multiple},
      {"include: mismatch is reported before ACAC", kOrder, O, incl, acao("https://evil.example"),
       browser_error::acao_mismatch},
      // A well-formed origin may contain a comma (URL Standard: "," is a
      // domain code point): Fetch compares the combined value first.
      {"an origin with a comma, echoed: shared", kComma, "https://a,b.example", omit, acao("https://a,b.example"),
       browser_error::none},
      {"an origin with a comma, echoed, include + true: shared", kComma, "https://a,b.example", incl,
       acao_acac("https://a,b.example", "true"), browser_error::none},
      {"an origin with a comma, another value with a comma: multiple", kComma, "https://a,b.example", omit,
       acao("https://a,c.example"), browser_error::acao_multiple},
      {"an origin with a comma split over two headers: \", \" joins them", kComma, "https://a,b.example", omit,
       {{"Access-Control-Allow-Origin", "https://a"}, {"Access-Control-Allow-Origin", "b.example"}},
       browser_error::acao_multiple},
      {"two headers whose join is the request origin (Fetch get)", kComma, "https://a, b.example", omit,
       {{"Access-Control-Allow-Origin", "https://a"}, {"Access-Control-Allow-Origin", "b.example"}},
       browser_error::none},
  };
}

INSTANTIATE_TEST_SUITE_P(Rows, CorsCheck, ::testing::ValuesIn(rows()), row_test_name<check_row>);

}  // namespace
}  // namespace corsproof::test
