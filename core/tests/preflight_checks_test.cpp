// Browser mode, judging the preflight response: CORS check with the actual
// request's credentials mode, ok status, ACAM/ACAH parsing, the method,
// Authorization and header checks, `*` with and without credentials,
// max-age, private network, and the protocol's error order.
// Sources: Fetch "CORS-preflight fetch" steps 7+ (digest §6 and its table),
// digest §9 (max-age), decisions "Browser mode" (max-age, Error order,
// Private network), protocol "Mode browser".
#include "test_support.hpp"

namespace corsproof::test {
namespace {

constexpr const char* kStatus = "Fetch \"CORS-preflight fetch\" step 7 (ok status 200-299); digest §6.1, §14.11";
constexpr const char* kCheck = "Fetch \"CORS-preflight fetch\" step 7 (CORS check, actual credentials mode); digest §6.1, §8";
constexpr const char* kAcam = "Fetch \"CORS-preflight fetch\" (methods, method check); digest §6.2-6.4, §14.1, §14.3";
constexpr const char* kAcah = "Fetch \"CORS-preflight fetch\" (headerNames, header check); digest §6.2, §6.6, §14.4";
constexpr const char* kAuth = "Fetch \"CORS-preflight fetch\" (CORS non-wildcard request-header name); digest §6.5, §14.6";
constexpr const char* kStar = "Fetch: * only without credentials include; digest §6 (WPT cors-preflight-star), §14.5";
constexpr const char* kOrder = "protocol: Mode browser error order; decisions: Browser mode/Error order";
constexpr const char* kMaxAge = "Fetch \"CORS-preflight fetch\" (max-age default 5); digest §9, §14.12; decisions: max-age";
constexpr const char* kPna = "decisions: Private network (ACAPN: true, trimmed, exact; after header checks)";

constexpr credentials_mode incl = credentials_mode::include;

struct preflight_row {
  std::string name;
  const char* spec;
  exchange_spec in;
  browser_error error;              // none: the preflight passes
  std::optional<std::uint64_t> max_age;  // checked when the preflight passes
};
CORSPROOF_ROW_PRINTER(preflight_row)

const std::pair<std::string, std::string> ACAO_APP{"Access-Control-Allow-Origin", "https://app.example"};
const std::pair<std::string, std::string> ACAC_TRUE{"Access-Control-Allow-Credentials", "true"};

std::pair<std::string, std::string> acam(std::string v) { return {"Access-Control-Allow-Methods", std::move(v)}; }
std::pair<std::string, std::string> acah(std::string v) { return {"Access-Control-Allow-Headers", std::move(v)}; }
std::pair<std::string, std::string> acma(std::string v) { return {"Access-Control-Max-Age", std::move(v)}; }
std::pair<std::string, std::string> acapn(std::string v) {
  return {"Access-Control-Allow-Private-Network", std::move(v)};
}

// A request of `method` (plus headers) whose preflight response is `pre`.
exchange_spec req(const std::string& method, pairs pre, int status = 204, pairs headers = {}) {
  exchange_spec e = exchange().with_method(method).with_headers(std::move(headers));
  e.with_preflight(status, std::move(pre));
  return e;
}
exchange_spec put(pairs pre, int status = 204) { return req("PUT", std::move(pre), status); }
exchange_spec with_x_a(const std::string& method, pairs pre) { return req(method, std::move(pre), 204, {{"X-A", "1"}}); }
exchange_spec with_auth(pairs pre, pairs more = {}) {
  pairs h = {{"Authorization", "Bearer t"}};
  for (auto& m : more) h.push_back(std::move(m));
  return req("GET", std::move(pre), 204, std::move(h));
}
exchange_spec incl_of(exchange_spec e) { return e.with_credentials(incl); }

using E = browser_error;
const std::optional<std::uint64_t> no_age = std::nullopt;

std::vector<preflight_row> rows() {
  return {
      // Status.
      {"204 passes", kStatus, put({ACAO_APP, acam("PUT")}, 204), E::none, 5},
      {"200 passes", kStatus, put({ACAO_APP, acam("PUT")}, 200), E::none, 5},
      {"299 passes", kStatus, put({ACAO_APP, acam("PUT")}, 299), E::none, 5},
      {"199 fails", kStatus, put({ACAO_APP, acam("PUT")}, 199), E::preflight_status, no_age},
      {"100 fails", kStatus, put({ACAO_APP, acam("PUT")}, 100), E::preflight_status, no_age},
      {"300 fails", kStatus, put({ACAO_APP, acam("PUT")}, 300), E::preflight_status, no_age},
      {"301 redirect fails", kStatus, put({ACAO_APP, acam("PUT")}, 301), E::preflight_status, no_age},
      {"304 fails", kStatus, put({ACAO_APP, acam("PUT")}, 304), E::preflight_status, no_age},
      {"403 fails", kStatus, put({ACAO_APP, acam("PUT")}, 403), E::preflight_status, no_age},
      {"500 fails", kStatus, put({ACAO_APP, acam("PUT")}, 500), E::preflight_status, no_age},
      // CORS check on the preflight.
      {"ACAO missing", kCheck, put({acam("PUT")}), E::acao_missing, no_age},
      {"ACAO other origin", kCheck, put({{"Access-Control-Allow-Origin", "https://evil.example"}, acam("PUT")}),
       E::acao_mismatch, no_age},
      {"ACAO twice", kCheck, put({ACAO_APP, ACAO_APP, acam("PUT")}), E::acao_multiple, no_age},
      {"ACAO * without credentials", kCheck, put({{"Access-Control-Allow-Origin", "*"}, acam("PUT")}), E::none, 5},
      {"ACAO * with credentials include", kCheck,
       incl_of(put({{"Access-Control-Allow-Origin", "*"}, ACAC_TRUE, acam("PUT")})),
       E::acao_wildcard_with_credentials, no_age},
      {"include without ACAC", kCheck, incl_of(put({ACAO_APP, acam("PUT")})), E::acac_not_true, no_age},
      {"include with ACAC True", kCheck, incl_of(put({ACAO_APP, {"Access-Control-Allow-Credentials", "True"},
                                                       acam("PUT")})),
       E::acac_not_true, no_age},
      {"include with ACAC true", kCheck, incl_of(put({ACAO_APP, ACAC_TRUE, acam("PUT")})), E::none, 5},
      {"same-origin credentials mode acts as omit", kCheck,
       put({{"Access-Control-Allow-Origin", "*"}, acam("*")}).with_credentials(credentials_mode::same_origin),
       E::none, 5},
      // Methods.
      {"ACAM lists PUT", kAcam, put({ACAO_APP, acam("PUT")}), E::none, 5},
      {"ACAM put does not allow PUT", kAcam, put({ACAO_APP, acam("put")}), E::method_not_allowed, no_age},
      {"ACAM absent", kAcam, put({ACAO_APP}), E::method_not_allowed, no_age},
      {"ACAM empty", kAcam, put({ACAO_APP, acam("")}), E::method_not_allowed, no_age},
      {"ACAM GET, PUT", kAcam, put({ACAO_APP, acam("GET, PUT")}), E::none, 5},
      {"ACAM with empty elements", kAcam, put({ACAO_APP, acam("GET, ,PUT")}), E::none, 5},
      {"ACAM with edge commas", kAcam, put({ACAO_APP, acam(",PUT,")}), E::none, 5},
      {"ACAM over two headers", kAcam, put({ACAO_APP, acam("GET"), acam("PUT")}), E::none, 5},
      {"ACAM space-separated is invalid", kAcam, put({ACAO_APP, acam("PUT DELETE")}), E::acam_invalid, no_age},
      {"ACAM with ; is invalid", kAcam, put({ACAO_APP, acam("PUT;")}), E::acam_invalid, no_age},
      {"ACAM invalid in a second header", kAcam, put({ACAO_APP, acam("PUT"), acam("a b")}), E::acam_invalid, no_age},
      {"ACAM PATCH does not allow patch", kAcam, req("patch", {ACAO_APP, acam("PATCH")}), E::method_not_allowed,
       no_age},
      {"ACAM patch allows patch", kAcam, req("patch", {ACAO_APP, acam("patch")}), E::none, 5},
      {"ACAM patch does not allow PATCH", kAcam, req("PATCH", {ACAO_APP, acam("patch")}), E::method_not_allowed,
       no_age},
      {"request put is compared as PUT", kAcam, req("put", {ACAO_APP, acam("PUT")}), E::none, 5},
      {"OPTIONS must be listed", kAcam, req("OPTIONS", {ACAO_APP, acam("GET")}), E::method_not_allowed, no_age},
      {"safelisted GET needs no ACAM", kAcam, with_x_a("GET", {ACAO_APP, acah("x-a")}), E::none, 5},
      {"safelisted POST passes whatever ACAM lists", kAcam, with_x_a("POST", {ACAO_APP, acam("DELETE"), acah("x-a")}),
       E::none, 5},
      {"ACAM must still parse for a safelisted method (digest §14.3)", kAcam,
       with_x_a("GET", {ACAO_APP, acam("Bad method name"), acah("x-a")}), E::acam_invalid, no_age},
      // `*`.
      {"ACAM * without credentials", kStar, put({ACAO_APP, acam("*")}), E::none, 5},
      {"ACAM * with credentials is literal", kStar, incl_of(put({ACAO_APP, ACAC_TRUE, acam("*")})),
       E::method_not_allowed, no_age},
      {"ACAM * plus the method with credentials", kStar, incl_of(put({ACAO_APP, ACAC_TRUE, acam("*, PUT")})),
       E::none, 5},
      {"WPT cors-preflight-star: method * and header * with credentials", kStar,
       incl_of(req("*", {ACAO_APP, ACAC_TRUE, acam("*"), acah("*")}, 204, {{"*", "1"}})), E::none, 5},
      {"method * with credentials, ACAM PUT", kStar, incl_of(req("*", {ACAO_APP, ACAC_TRUE, acam("PUT")})),
       E::method_not_allowed, no_age},
      {"ACAH * without credentials", kStar, with_x_a("GET", {ACAO_APP, acah("*")}), E::none, 5},
      {"ACAH * with credentials is literal", kStar, incl_of(with_x_a("GET", {ACAO_APP, ACAC_TRUE, acah("*")})),
       E::header_not_allowed, no_age},
      {"ACAH * plus the name with credentials", kStar,
       incl_of(with_x_a("GET", {ACAO_APP, ACAC_TRUE, acah("*, x-a")})), E::none, 5},
      // Header names.
      {"ACAH lists the name", kAcah, with_x_a("GET", {ACAO_APP, acah("x-a")}), E::none, 5},
      {"ACAH case-insensitive", kAcah, with_x_a("GET", {ACAO_APP, acah("X-A")}), E::none, 5},
      {"ACAH absent", kAcah, with_x_a("GET", {ACAO_APP}), E::header_not_allowed, no_age},
      {"ACAH empty", kAcah, with_x_a("GET", {ACAO_APP, acah("")}), E::header_not_allowed, no_age},
      {"ACAH other name", kAcah, with_x_a("GET", {ACAO_APP, acah("x-b")}), E::header_not_allowed, no_age},
      {"ACAH trailing comma", kAcah, with_x_a("GET", {ACAO_APP, acah("x-a,")}), E::none, 5},
      {"ACAH over two headers", kAcah,
       req("GET", {ACAO_APP, acah("x-a"), acah("x-b")}, 204, {{"X-A", "1"}, {"X-B", "1"}}), E::none, 5},
      {"one of two names missing", kAcah, req("GET", {ACAO_APP, acah("x-a")}, 204, {{"X-A", "1"}, {"X-B", "1"}}),
       E::header_not_allowed, no_age},
      {"ACAH with inner space is invalid", kAcah, with_x_a("GET", {ACAO_APP, acah("x a")}), E::acah_invalid, no_age},
      {"ACAH invalid even when nothing needs it", kAcah, put({ACAO_APP, acam("PUT"), acah("a b")}), E::acah_invalid,
       no_age},
      {"safelisted Accept needs no ACAH", kAcah, req("PUT", {ACAO_APP, acam("PUT")}, 204, {{"Accept", "*/*"}}),
       E::none, 5},
      // Authorization.
      {"Authorization with ACAH * (no credentials)", kAuth, with_auth({ACAO_APP, acah("*")}),
       E::authorization_not_allowed, no_age},
      {"Authorization listed", kAuth, with_auth({ACAO_APP, acah("authorization")}), E::none, 5},
      {"Authorization listed in another case", kAuth, with_auth({ACAO_APP, acah("AUTHORIZATION")}), E::none, 5},
      {"Authorization with *, authorization", kAuth, with_auth({ACAO_APP, acah("*, authorization")}), E::none, 5},
      {"Authorization with ACAH absent", kAuth, with_auth({ACAO_APP}), E::authorization_not_allowed, no_age},
      {"Authorization with ACAH * and credentials", kAuth, incl_of(with_auth({ACAO_APP, ACAC_TRUE, acah("*")})),
       E::authorization_not_allowed, no_age},
      {"Authorization listed with credentials", kAuth,
       incl_of(with_auth({ACAO_APP, ACAC_TRUE, acah("x-a, authorization")}, {{"X-A", "1"}})), E::none, 5},
      // Error order.
      {"ACAO missing before bad status", kOrder, put({acam("PUT")}, 500), E::acao_missing, no_age},
      {"ACAC before bad status", kOrder, incl_of(put({ACAO_APP, acam("PUT")}, 500)), E::acac_not_true, no_age},
      {"bad status before invalid ACAM", kOrder, put({ACAO_APP, acam("a b")}, 500), E::preflight_status, no_age},
      {"invalid ACAM before invalid ACAH", kOrder, put({ACAO_APP, acam("a b"), acah("c d")}), E::acam_invalid,
       no_age},
      {"invalid ACAH before method not allowed", kOrder, put({ACAO_APP, acam("GET"), acah("c d")}), E::acah_invalid,
       no_age},
      {"method before Authorization", kOrder,
       req("PUT", {ACAO_APP, acam("GET")}, 204, {{"Authorization", "x"}}), E::method_not_allowed, no_age},
      {"Authorization before other headers (digest §15.4)", kOrder, with_auth({ACAO_APP, acah("*")}, {{"X-A", "1"}}),
       E::authorization_not_allowed, no_age},
      {"Authorization before a missing name", kOrder, with_auth({ACAO_APP, acah("x-b")}, {{"X-A", "1"}}),
       E::authorization_not_allowed, no_age},
      {"header before private network", kOrder,
       with_x_a("GET", {ACAO_APP}).with_private_network(), E::header_not_allowed, no_age},
      // Max-age.
      {"max-age absent: 5", kMaxAge, put({ACAO_APP, acam("PUT")}), E::none, 5},
      {"max-age 600", kMaxAge, put({ACAO_APP, acam("PUT"), acma("600")}), E::none, 600},
      {"max-age 86400, no UA cap", kMaxAge, put({ACAO_APP, acam("PUT"), acma("86400")}), E::none, 86400},
      {"max-age 0", kMaxAge, put({ACAO_APP, acam("PUT"), acma("0")}), E::none, 0},
      {"max-age trimmed", kMaxAge, put({ACAO_APP, acam("PUT"), acma(" 600\t")}), E::none, 600},
      {"max-age -1: 5", kMaxAge, put({ACAO_APP, acam("PUT"), acma("-1")}), E::none, 5},
      {"max-age abc: 5", kMaxAge, put({ACAO_APP, acam("PUT"), acma("abc")}), E::none, 5},
      {"max-age 1.5: 5", kMaxAge, put({ACAO_APP, acam("PUT"), acma("1.5")}), E::none, 5},
      {"max-age +5: 5", kMaxAge, put({ACAO_APP, acam("PUT"), acma("+5")}), E::none, 5},
      {"max-age 10, 20: 5", kMaxAge, put({ACAO_APP, acam("PUT"), acma("10, 20")}), E::none, 5},
      {"max-age empty: 5", kMaxAge, put({ACAO_APP, acam("PUT"), acma("")}), E::none, 5},
      {"max-age twice: 5", kMaxAge, put({ACAO_APP, acam("PUT"), acma("600"), acma("600")}), E::none, 5},
      {"max-age 2^31 exactly", kMaxAge, put({ACAO_APP, acam("PUT"), acma("2147483648")}), E::none, 2147483648ULL},
      {"max-age beyond 2^64 saturates at 2^31", kMaxAge,
       put({ACAO_APP, acam("PUT"), acma("99999999999999999999999")}), E::none, 2147483648ULL},
      {"max-age on a failed preflight: none", kMaxAge, put({ACAO_APP, acma("600")}), E::method_not_allowed, no_age},
      // Private network.
      {"private network allowed", kPna, put({ACAO_APP, acam("PUT"), acapn("true")}).with_private_network(), E::none,
       5},
      {"private network on a simple GET", kPna, req("GET", {ACAO_APP, acapn("true")}).with_private_network(),
       E::none, 5},
      {"private network: ACAPN absent", kPna, put({ACAO_APP, acam("PUT")}).with_private_network(),
       E::private_network_not_allowed, no_age},
      {"private network: ACAPN TRUE", kPna, put({ACAO_APP, acam("PUT"), acapn("TRUE")}).with_private_network(),
       E::private_network_not_allowed, no_age},
      {"private network: ACAPN trimmed", kPna,
       put({ACAO_APP, acam("PUT"), acapn(" true ")}).with_private_network(), E::none, 5},
      {"private network: ACAPN twice (joined true, true)", kPna,
       put({ACAO_APP, acam("PUT"), acapn("true"), acapn("true")}).with_private_network(),
       E::private_network_not_allowed, no_age},
      {"ACAPN without a private-network request is ignored", kPna, put({ACAO_APP, acam("PUT"), acapn("false")}),
       E::none, 5},
  };
}

class PreflightChecks : public ::testing::TestWithParam<preflight_row> {};

TEST_P(PreflightChecks, JudgesThePreflightResponse) {
  const auto& r = GetParam();
  SCOPED_TRACE(trace_of(r.name, r.spec));
  SCOPED_TRACE("preflight response " + std::to_string(*r.in.preflight_status) + " " + show(r.in.preflight_headers));
  const auto run = run_browser(r.in);
  const browser_decision& d = run->d;
  ASSERT_EQ(d.status, eval_status::ok) << d.status_detail;
  ASSERT_TRUE(d.needs_preflight);
  EXPECT_EQ(d.preflight_error, r.error);
  EXPECT_EQ(d.preflight_ok, r.error == browser_error::none);
  // No `response`: only the preflight stage is judged.
  EXPECT_EQ(d.outcome, r.error == browser_error::none ? browser_outcome::allowed : browser_outcome::blocked_preflight);
  EXPECT_FALSE(d.cors_check_done);
  EXPECT_FALSE(d.has_exposed);
  EXPECT_EQ(d.has_max_age, r.error == browser_error::none) << "max_age is null when the preflight failed";
  if (r.error == browser_error::none && r.max_age) {
    EXPECT_EQ(d.max_age, *r.max_age);
  }
}

INSTANTIATE_TEST_SUITE_P(Rows, PreflightChecks, ::testing::ValuesIn(rows()), row_test_name<preflight_row>);

}  // namespace
}  // namespace corsproof::test
