// Browser mode, what the page may read: Fetch "main fetch" (CORS-exposed
// header-name list from Access-Control-Expose-Headers), "CORS filtered
// response", CORS-safelisted response-header names, forbidden response-header
// names (digest §3.7, §10, §14.20-§14.22), the protocol's exposed_headers
// mapping (decisions: Browser mode/exposed_headers, Same origin).
#include "test_support.hpp"

#include <algorithm>

namespace corsproof::test {
namespace {

constexpr const char* kSeven = "Fetch \"CORS-safelisted response-header name\" (the seven, always listed); decisions";
constexpr const char* kAceh = "Fetch \"main fetch\" (extract ACEH, names that occur in the response); digest §10";
constexpr const char* kStar = "Fetch \"main fetch\" (ACEH * without credentials: every name); digest §10.2, §14.21";
constexpr const char* kNever = "Fetch \"forbidden response-header name\" (Set-Cookie, Set-Cookie2); digest §14.20";
constexpr const char* kInvalid = "Fetch: ACEH parse failure exposes nothing extra; digest §10.3, §14.22";
constexpr const char* kSame = "decisions: Same origin (every response name except set-cookie/set-cookie2)";
constexpr const char* kBlocked = "protocol: exposed_headers null when blocked";
constexpr const char* kBound = "decisions: Bounds (128 exposed header names); browser.hpp";

const std::vector<std::string> SEVEN = {"cache-control", "content-language", "content-length", "content-type",
                                        "expires",       "last-modified",    "pragma"};

std::vector<std::string> seven_plus(std::vector<std::string> extra) {
  std::vector<std::string> v = SEVEN;
  for (auto& e : extra) v.push_back(std::move(e));
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  return v;
}

struct exposed_row {
  std::string name;
  const char* spec;
  exchange_spec in;
  std::optional<std::vector<std::string>> exposed;  // nullopt: has_exposed false
};
CORSPROOF_ROW_PRINTER(exposed_row)

const std::pair<std::string, std::string> ACAO_STAR{"Access-Control-Allow-Origin", "*"};
const std::pair<std::string, std::string> ACAO_APP{"Access-Control-Allow-Origin", "https://app.example"};
const std::pair<std::string, std::string> ACAC_TRUE{"Access-Control-Allow-Credentials", "true"};
std::pair<std::string, std::string> aceh(std::string v) { return {"Access-Control-Expose-Headers", std::move(v)}; }

// A simple GET (no preflight) with the given response headers.
exchange_spec get(pairs response) { return exchange().with_response(200, std::move(response)); }
exchange_spec get_incl(pairs response) {
  return exchange().with_credentials(credentials_mode::include).with_response(200, std::move(response));
}

std::vector<exposed_row> rows() {
  return {
      {"no ACEH: the seven", kSeven, get({ACAO_STAR, {"X-A", "1"}}), SEVEN},
      {"the seven even when absent from the response", kSeven, get({ACAO_STAR}), SEVEN},
      {"safelisted names present are not duplicated", kSeven,
       get({ACAO_STAR, {"Content-Type", "text/plain"}, {"Cache-Control", "no-store"}}), SEVEN},
      {"exposed name present", kAceh, get({ACAO_STAR, aceh("X-Request-Id"), {"X-Request-Id", "7"}}),
       seven_plus({"x-request-id"})},
      {"exposed name absent from the response", kAceh, get({ACAO_STAR, aceh("x-request-id")}), SEVEN},
      {"ACEH matched case-insensitively", kAceh, get({ACAO_STAR, aceh("X-A"), {"x-a", "1"}}), seven_plus({"x-a"})},
      {"ACEH trailing comma", kAceh, get({ACAO_STAR, aceh("x-a,"), {"X-A", "1"}}), seven_plus({"x-a"})},
      {"ACEH over two headers", kAceh, get({ACAO_STAR, aceh("x-a"), aceh("x-b"), {"X-A", "1"}, {"X-B", "2"}}),
       seven_plus({"x-a", "x-b"})},
      {"ACEH empty", kAceh, get({ACAO_STAR, aceh(""), {"X-A", "1"}}), SEVEN},
      {"repeated response header listed once", kAceh, get({ACAO_STAR, aceh("x-a"), {"X-A", "1"}, {"x-a", "2"}}),
       seven_plus({"x-a"})},
      {"ACEH can expose Access-Control-* names too", kAceh,
       get({ACAO_STAR, aceh("access-control-allow-origin")}), seven_plus({"access-control-allow-origin"})},
      {"ACEH * without credentials: every name, Access-Control-* included", kStar,
       get({ACAO_STAR, aceh("*"), {"X-A", "1"}, {"Server", "s"}}),
       seven_plus({"access-control-allow-origin", "access-control-expose-headers", "server", "x-a"})},
      {"ACEH * with credentials mode same-origin (cross-origin): every name", kStar,
       exchange().with_credentials(credentials_mode::same_origin).with_response(200, {ACAO_STAR, aceh("*"), {"X-A", "1"}}),
       seven_plus({"access-control-allow-origin", "access-control-expose-headers", "x-a"})},
      {"ACEH * with credentials include: literal only", kStar,
       get_incl({ACAO_APP, ACAC_TRUE, aceh("*"), {"X-A", "1"}}), SEVEN},
      {"ACEH * with credentials include exposes a header named *", kStar,
       get_incl({ACAO_APP, ACAC_TRUE, aceh("*"), {"*", "1"}, {"X-A", "1"}}), seven_plus({"*"})},
      {"ACEH *, x-a with credentials include", kStar,
       get_incl({ACAO_APP, ACAC_TRUE, aceh("*, x-a"), {"X-A", "1"}, {"X-B", "1"}}), seven_plus({"x-a"})},
      {"Set-Cookie never exposed by name", kNever, get({ACAO_STAR, aceh("set-cookie"), {"Set-Cookie", "a=b"}}),
       SEVEN},
      {"Set-Cookie2 never exposed by name", kNever, get({ACAO_STAR, aceh("Set-Cookie2"), {"Set-Cookie2", "a=b"}}),
       SEVEN},
      {"Set-Cookie never exposed by *", kNever,
       get({ACAO_STAR, aceh("*"), {"Set-Cookie", "a=b"}, {"SET-COOKIE2", "c=d"}}),
       seven_plus({"access-control-allow-origin", "access-control-expose-headers"})},
      {"invalid ACEH exposes nothing extra", kInvalid, get({ACAO_STAR, aceh("x-a, b c"), {"X-A", "1"}}), SEVEN},
      {"invalid ACEH ///", kInvalid, get({ACAO_STAR, aceh("///"), {"X-A", "1"}}), SEVEN},
      {"invalid second ACEH header", kInvalid, get({ACAO_STAR, aceh("x-a"), aceh("not valid"), {"X-A", "1"}}), SEVEN},
      {"invalid ACEH with * exposes nothing extra", kInvalid, get({ACAO_STAR, aceh("*, a b"), {"X-A", "1"}}), SEVEN},
      {"blocked response: null", kBlocked, get({{"X-A", "1"}}), std::nullopt},
      {"blocked response with ACEH: null", kBlocked, get({aceh("*"), {"X-A", "1"}}), std::nullopt},
      {"no response: null", kBlocked, exchange(), std::nullopt},
      {"same origin: every name but Set-Cookie, no seven added", kSame,
       exchange().with_url("https://app.example/x").with_response(
           200, {{"Content-Type", "text/plain"}, {"X-A", "1"}, {"Set-Cookie", "a=b"}, {"set-cookie2", "c"}}),
       std::vector<std::string>{"content-type", "x-a"}},
      {"same origin ignores ACEH", kSame,
       exchange().with_url("https://app.example/x").with_response(200, {aceh("x-b"), {"X-A", "1"}}),
       std::vector<std::string>{"access-control-expose-headers", "x-a"}},
  };
}

class ExposedHeaders : public ::testing::TestWithParam<exposed_row> {};

TEST_P(ExposedHeaders, Lists) {
  const auto& r = GetParam();
  SCOPED_TRACE(trace_of(r.name, r.spec));
  SCOPED_TRACE("response " + show(r.in.response_headers));
  const auto run = run_browser(r.in);
  const browser_decision& d = run->d;
  ASSERT_EQ(d.status, eval_status::ok) << d.status_detail;
  EXPECT_EQ(d.has_exposed, r.exposed.has_value());
  if (r.exposed && d.has_exposed) {
    EXPECT_EQ(to_strings(d.exposed.view()), *r.exposed);
  }
}

INSTANTIATE_TEST_SUITE_P(Rows, ExposedHeaders, ::testing::ValuesIn(rows()), row_test_name<exposed_row>);

// ---- the bound of 128 exposed names ----------------------------------------------------------

pairs listed(std::size_t n) {
  // ACEH lists n names that occur in the response; ACAO and ACEH are not exposed.
  std::string list;
  pairs p = {ACAO_STAR};
  for (std::size_t i = 0; i < n; ++i) {
    const std::string name = "x-" + std::to_string(1000 + i);
    list += (i ? "," : "") + name;
    p.emplace_back(name, "v");
  }
  p.push_back(aceh(list));
  return p;
}

TEST(ExposedHeadersBound, AtMost128Names) {
  SCOPED_TRACE(trace_of("121 exposed names + the seven = 128", kBound));
  const auto ok = run_browser(get(listed(121)));
  ASSERT_EQ(ok->d.status, eval_status::ok) << ok->d.status_detail;
  EXPECT_EQ(ok->d.exposed.count, 128u);
  SCOPED_TRACE(trace_of("200 exposed names", kBound));
  const auto over = run_browser(get(listed(200)));
  EXPECT_EQ(over->d.status, eval_status::limit_exceeded);
}

// ---- name classes ------------------------------------------------------------------------------

struct name_row {
  const char* name;
  const char* spec;
  std::string header;
  bool safelisted_response;
  bool forbidden_response;
};
CORSPROOF_ROW_PRINTER(name_row)

class ExposedHeadersNames : public ::testing::TestWithParam<name_row> {};

TEST_P(ExposedHeadersNames, Classifies) {
  const auto& r = GetParam();
  SCOPED_TRACE(trace_of(r.name, r.spec));
  EXPECT_EQ(is_cors_safelisted_response_header_name(r.header), r.safelisted_response);
  EXPECT_EQ(is_forbidden_response_header_name(r.header), r.forbidden_response);
}

constexpr const char* kNames = "Fetch \"CORS-safelisted response-header name\", \"forbidden response-header name\"; digest §3.7";

INSTANTIATE_TEST_SUITE_P(Rows, ExposedHeadersNames, ::testing::Values(
    name_row{"Cache-Control", kNames, "Cache-Control", true, false},
    name_row{"content-language", kNames, "content-language", true, false},
    name_row{"Content-Length", kNames, "Content-Length", true, false},
    name_row{"CONTENT-TYPE", kNames, "CONTENT-TYPE", true, false},
    name_row{"Expires", kNames, "Expires", true, false},
    name_row{"Last-Modified", kNames, "Last-Modified", true, false},
    name_row{"Pragma", kNames, "Pragma", true, false},
    name_row{"Date is not safelisted", kNames, "Date", false, false},
    name_row{"ETag is not safelisted", kNames, "ETag", false, false},
    name_row{"Content-Encoding is not safelisted", kNames, "Content-Encoding", false, false},
    name_row{"Set-Cookie", kNames, "Set-Cookie", false, true},
    name_row{"set-cookie2", kNames, "set-cookie2", false, true},
    name_row{"Set-Cookie3 is ordinary", kNames, "Set-Cookie3", false, false}),
    row_test_name<name_row>);

}  // namespace
}  // namespace corsproof::test
