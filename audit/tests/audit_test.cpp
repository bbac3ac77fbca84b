// audit/tests/audit_test.cpp — audit_answer, table-driven: every finding code
// triggered by a synthesized observed answer, and conforming variants (echo
// versus list, spacing, name case, repeated list headers) giving none.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "corsproof/audit.hpp"
#include "corsproof/audit_json.hpp"

namespace {

using corsproof::audit::audit_answer;
using corsproof::audit::audit_result;
using corsproof::audit::header_pairs;
using corsproof::audit::severity;

// A credentialed policy with listed origins.
corsproof::policy_config credentialed() {
  corsproof::policy_config c;
  c.allow_origins = {"https://app.example.com", "https://*.partner.example"};
  c.allow_methods = {"GET", "POST", "PUT", "PATCH"};
  c.allow_headers = {"content-type", "x-api-key", "authorization"};
  c.expose_headers = {"x-request-id"};
  c.allow_credentials = true;
  c.max_age = 600;
  return c;
}

// Listed origins, no credentials, any header.
corsproof::policy_config listed() {
  corsproof::policy_config c;
  c.allow_origins = {"https://app.example.com"};
  c.allow_methods = {"GET", "POST", "PUT"};
  c.allow_headers = {"*"};
  c.allow_private_network = false;
  return c;
}

// Any origin, no credentials.
corsproof::policy_config any() {
  corsproof::policy_config c;
  c.allow_origins = {"*"};
  c.allow_methods = {"GET", "POST", "PUT"};
  c.allow_headers = {"*"};
  return c;
}

enum class which { credentialed, listed, any };

corsproof::policy_config config(which w) {
  switch (w) {
    case which::credentialed: return credentialed();
    case which::listed: return listed();
    case which::any: return any();
  }
  return any();
}

audit_result run(which w, std::string_view method, const header_pairs& request, int status,
                 const header_pairs& observed) {
  const corsproof::policy_config cfg = config(w);
  auto compiled = corsproof::compile_policy(cfg);
  EXPECT_TRUE(compiled.ok()) << compiled.error;
  const auto req = corsproof::audit::views(request);
  const auto obs = corsproof::audit::views(observed);
  return audit_answer(*compiled.value, method, corsproof::header_list(req.data(), req.size()), status,
                      corsproof::header_list(obs.data(), obs.size()));
}

const std::string app = "https://app.example.com";
const std::string evil = "https://evil.test";

header_pairs actual(const std::string& origin) { return {{"Origin", origin}}; }
header_pairs preflight(const std::string& origin, const std::string& method, const std::string& headers = {}) {
  header_pairs h{{"Origin", origin}, {"Access-Control-Request-Method", method}};
  if (!headers.empty()) h.emplace_back("Access-Control-Request-Headers", headers);
  return h;
}

// The core's own credentialed answers, as a baseline.
// A credentialed answer to a PUT preflight whose Access-Control-Allow-Headers
// is `acah`.
header_pairs cred_put_answer(const std::string& acah) {
  return {{"Access-Control-Allow-Origin", app},
          {"Access-Control-Allow-Credentials", "true"},
          {"Access-Control-Allow-Methods", "PUT"},
          {"Access-Control-Allow-Headers", acah}};
}

header_pairs cred_actual_ok() {
  return {{"Access-Control-Allow-Origin", app},
          {"Access-Control-Allow-Credentials", "true"},
          {"Access-Control-Expose-Headers", "x-request-id"},
          {"Vary", "Origin"}};
}

struct audit_case {
  const char* name;
  which policy;
  const char* method;
  header_pairs request;
  int status;
  header_pairs observed;
  std::set<std::string> expected;  // "error:code" / "warning:code"; empty = conforming, no finding
  const char* detail_contains = "";
};

void PrintTo(const audit_case& c, std::ostream* os) { *os << c.name; }

std::set<std::string> keys(const audit_result& r) {
  std::set<std::string> k;
  for (const auto& f : r.findings) k.insert(std::string(to_string(f.level)) + ":" + f.code);
  return k;
}

class Audit : public ::testing::TestWithParam<audit_case> {};

TEST_P(Audit, Findings) {
  const audit_case& c = GetParam();
  const audit_result r = run(c.policy, c.method, c.request, c.status, c.observed);
  ASSERT_EQ(r.status, corsproof::eval_status::ok) << r.error;
  EXPECT_EQ(keys(r), c.expected) << corsproof::audit::render_text(r);
  EXPECT_EQ(r.conforms, std::none_of(c.expected.begin(), c.expected.end(),
                                     [](const std::string& k) { return k.starts_with("error:"); }));
  const std::string text = corsproof::audit::render_text(r);
  EXPECT_NE(text.find(c.detail_contains), std::string::npos) << text;
}

const audit_case cases[] = {
    // ---- Conforming answers: no finding. ------------------------------------------
    {"core_actual_answer", which::credentialed, "GET", actual(app), 200, cred_actual_ok(), {}},
    {"name_case_and_spacing", which::credentialed, "GET", actual(app), 404,
     {{"access-control-allow-origin", " " + app + "\t"},
      {"ACCESS-CONTROL-ALLOW-CREDENTIALS", "true "},
      {"Access-Control-Expose-Headers", " X-Request-Id ,"},
      {"vary", "Accept-Encoding, origin"}},
     {}},
    {"vary_star", which::credentialed, "GET", actual(app), 200,
     {{"Access-Control-Allow-Origin", app},
      {"Access-Control-Allow-Credentials", "true"},
      {"Access-Control-Expose-Headers", "x-request-id"},
      {"Vary", "*"}},
     {}},
    {"preflight_echo", which::credentialed, "OPTIONS", preflight(app, "PUT", "content-type,x-api-key"), 204,
     {{"Access-Control-Allow-Origin", app},
      {"Access-Control-Allow-Credentials", "true"},
      {"Access-Control-Allow-Methods", "PUT"},
      {"Access-Control-Allow-Headers", "content-type, x-api-key"},
      {"Access-Control-Max-Age", "600"},
      {"Vary", "Origin, Access-Control-Request-Method, Access-Control-Request-Headers"}},
     {}},
    {"preflight_lists_everything", which::credentialed, "OPTIONS", preflight(app, "PATCH", "x-api-key,content-type"),
     200,
     {{"Access-Control-Allow-Origin", app},
      {"Access-Control-Allow-Credentials", "true"},
      {"Access-Control-Allow-Methods", "GET, POST ,PUT,,PATCH"},
      {"Access-Control-Allow-Headers", "Authorization,X-API-KEY , Content-Type"},
      {"Access-Control-Max-Age", "600"}},
     {}},
    {"preflight_lists_over_two_headers", which::credentialed, "OPTIONS", preflight(app, "PUT", "content-type,x-api-key"),
     204,
     {{"Access-Control-Allow-Origin", app},
      {"Access-Control-Allow-Credentials", "true"},
      {"Access-Control-Allow-Methods", "PUT"},
      {"Access-Control-Allow-Methods", "PATCH"},
      {"Access-Control-Allow-Headers", "x-api-key"},
      {"Access-Control-Allow-Headers", "content-type"},
      {"Access-Control-Max-Age", "600"}},
     {}},
    {"preflight_safelisted_method_needs_no_acam", which::credentialed, "OPTIONS", preflight(app, "GET", "x-api-key"),
     204,
     {{"Access-Control-Allow-Origin", app},
      {"Access-Control-Allow-Credentials", "true"},
      {"Access-Control-Allow-Headers", "x-api-key"},
      {"Access-Control-Max-Age", "600"}},
     {}},
    {"denied_actual_without_headers", which::credentialed, "GET", actual(evil), 200, {{"Vary", "Origin"}}, {}},
    {"denied_preflight_403", which::credentialed, "OPTIONS", preflight(evil, "PUT"), 403, {}, {}},
    {"denied_preflight_200_without_headers", which::credentialed, "OPTIONS", preflight(app, "DELETE"), 200,
     {{"Vary", "Origin"}}, {}},
    {"denied_method_still_echoing_origin", which::credentialed, "OPTIONS", preflight(app, "DELETE"), 204,
     {{"Access-Control-Allow-Origin", app}, {"Access-Control-Allow-Credentials", "true"}}, {}},
    {"any_origin_star_without_vary", which::any, "GET", actual(evil), 200, {{"Access-Control-Allow-Origin", "*"}}, {}},
    {"any_origin_echo_with_vary", which::any, "GET", actual(evil), 200,
     {{"Access-Control-Allow-Origin", evil}, {"Vary", "Origin"}}, {}},
    // Protocol v1.1: "*" matches every origin, null included, so a real
    // server's `*` to `Origin: null` under a "*" policy conforms (it used to
    // be reported as grants-denied-request).
    {"any_origin_star_to_null", which::any, "GET", actual("null"), 200, {{"Access-Control-Allow-Origin", "*"}}, {}},
    {"any_origin_star_to_null_preflight", which::any, "OPTIONS", preflight("null", "PUT", "x-a"), 204,
     {{"Access-Control-Allow-Origin", "*"},
      {"Access-Control-Allow-Methods", "PUT"},
      {"Access-Control-Allow-Headers", "*"},
      {"Vary", "Access-Control-Request-Method, Access-Control-Request-Headers"}},
     {}},
    {"any_origin_echo_null_with_vary", which::any, "GET", actual("null"), 200,
     {{"Access-Control-Allow-Origin", "null"}, {"Vary", "Origin"}}, {}},
    {"any_header_star_without_credentials", which::listed, "OPTIONS", preflight(app, "PUT", "x-foo,x-bar"), 204,
     {{"Access-Control-Allow-Origin", app}, {"Access-Control-Allow-Methods", "*"}, {"Access-Control-Allow-Headers", "*"}},
     {}},
    {"not_cors_with_vary", which::credentialed, "GET", {}, 200, {{"Vary", "Origin"}}, {}},
    {"not_cors_any_origin", which::any, "GET", {}, 200, {}, {}},

    // ---- Verdicts. -----------------------------------------------------------------
    {"grants_unlisted_origin_star", which::listed, "GET", actual(evil), 200,
     {{"Access-Control-Allow-Origin", "*"}, {"Vary", "Origin"}},
     {"error:grants-denied-request"},
     "origin-not-allowed"},
    {"grants_unlisted_method", which::credentialed, "OPTIONS", preflight(app, "DELETE"), 204,
     {{"Access-Control-Allow-Origin", app},
      {"Access-Control-Allow-Credentials", "true"},
      {"Access-Control-Allow-Methods", "DELETE"}},
     {"error:grants-denied-request"},
     "method-not-allowed"},
    {"grants_unlisted_header", which::credentialed, "OPTIONS", preflight(app, "PUT", "x-secret"), 204,
     {{"Access-Control-Allow-Origin", app},
      {"Access-Control-Allow-Credentials", "true"},
      {"Access-Control-Allow-Methods", "PUT"},
      {"Access-Control-Allow-Headers", "x-secret"}},
     {"error:grants-denied-request"},
     "header-not-allowed: x-secret"},
    {"grants_credentials_policy_does_not", which::listed, "GET", actual(app), 200,
     {{"Access-Control-Allow-Origin", app}, {"Access-Control-Allow-Credentials", "true"}, {"Vary", "Origin"}},
     {"error:grants-denied-request"},
     "does not allow credentials"},
    {"grants_private_network", which::listed, "OPTIONS",
     [] {
       auto h = preflight(app, "PUT");
       h.emplace_back("Access-Control-Request-Private-Network", "true");
       return h;
     }(),
     204,
     {{"Access-Control-Allow-Origin", app},
      {"Access-Control-Allow-Methods", "PUT"},
      {"Access-Control-Allow-Private-Network", "true"}},
     {"error:grants-denied-request"},
     "private-network-not-allowed"},
    {"denies_allowed_actual", which::credentialed, "GET", actual(app), 200, {{"Vary", "Origin"}},
     {"error:denies-allowed-request"},
     "[acao-missing]"},
    {"denies_without_acac", which::credentialed, "GET", actual(app), 200,
     {{"Access-Control-Allow-Origin", app}, {"Vary", "Origin"}},
     {"error:denies-allowed-request"},
     "[acac-not-true]"},
    {"denies_acac_upper_case", which::credentialed, "GET", actual(app), 200,
     {{"Access-Control-Allow-Origin", app}, {"Access-Control-Allow-Credentials", "True"}, {"Vary", "Origin"}},
     {"error:denies-allowed-request"},
     "[acac-not-true]"},
    {"denies_acao_trailing_slash", which::credentialed, "GET", actual(app), 200,
     {{"Access-Control-Allow-Origin", app + "/"}, {"Access-Control-Allow-Credentials", "true"}, {"Vary", "Origin"}},
     {"error:denies-allowed-request"},
     "[acao-mismatch]"},
    {"denies_preflight_status", which::credentialed, "OPTIONS", preflight(app, "PUT"), 302,
     {{"Access-Control-Allow-Origin", app},
      {"Access-Control-Allow-Credentials", "true"},
      {"Access-Control-Allow-Methods", "PUT"}},
     {"error:denies-allowed-request"},
     "[preflight-status]"},
    {"denies_acam_invalid", which::credentialed, "OPTIONS", preflight(app, "GET", "x-api-key"), 204,
     {{"Access-Control-Allow-Origin", app},
      {"Access-Control-Allow-Credentials", "true"},
      {"Access-Control-Allow-Methods", "GET POST"},
      {"Access-Control-Allow-Headers", "x-api-key"}},
     {"error:denies-allowed-request"},
     "[acam-invalid]"},
    {"acam_missing_method", which::credentialed, "OPTIONS", preflight(app, "PUT"), 204,
     {{"Access-Control-Allow-Origin", app},
      {"Access-Control-Allow-Credentials", "true"},
      {"Access-Control-Allow-Methods", "GET, POST"}},
     {"error:denies-allowed-request", "error:acam-missing-requested-method"},
     "[method-not-allowed]"},
    {"acam_star_is_literal_with_credentials", which::credentialed, "OPTIONS", preflight(app, "PATCH"), 204,
     {{"Access-Control-Allow-Origin", app},
      {"Access-Control-Allow-Credentials", "true"},
      {"Access-Control-Allow-Methods", "*"}},
     {"error:denies-allowed-request", "error:acam-missing-requested-method"},
     "literal"},
    {"acam_case_matters", which::credentialed, "OPTIONS", preflight(app, "PATCH"), 204,
     {{"Access-Control-Allow-Origin", app},
      {"Access-Control-Allow-Credentials", "true"},
      {"Access-Control-Allow-Methods", "patch"}},
     {"error:denies-allowed-request", "error:acam-missing-requested-method"}},
    {"acah_missing_header", which::credentialed, "OPTIONS", preflight(app, "PUT", "content-type,x-api-key"), 204,
     cred_put_answer("content-type"),
     {"error:denies-allowed-request", "error:acah-missing-requested-header"},
     "[header-not-allowed]"},
    {"acah_star_with_credentials", which::credentialed, "OPTIONS", preflight(app, "PUT", "x-api-key"), 204,
     {{"Access-Control-Allow-Origin", app},
      {"Access-Control-Allow-Credentials", "true"},
      {"Access-Control-Allow-Methods", "PUT"},
      {"Access-Control-Allow-Headers", "*"}},
     {"error:denies-allowed-request", "error:acah-missing-requested-header"},
     "literal"},
    {"acah_star_never_covers_authorization", which::credentialed, "OPTIONS", preflight(app, "PUT", "authorization"),
     204,
     {{"Access-Control-Allow-Origin", app},
      {"Access-Control-Allow-Credentials", "true"},
      {"Access-Control-Allow-Methods", "PUT"},
      {"Access-Control-Allow-Headers", "*"}},
     {"error:denies-allowed-request", "error:acah-missing-requested-header"},
     "[authorization-not-allowed]"},
    {"star_covers_authorization", which::listed, "OPTIONS", preflight(app, "PUT", "authorization"), 204,
     {{"Access-Control-Allow-Origin", app}, {"Access-Control-Allow-Methods", "PUT"}, {"Access-Control-Allow-Headers", "*"}},
     {"error:star-covers-authorization"},
     "Chromium"},

    // ---- Structural findings. ----------------------------------------------------
    {"wildcard_with_credentials", which::credentialed, "GET", actual(app), 200,
     {{"Access-Control-Allow-Origin", "*"}, {"Access-Control-Allow-Credentials", "true"}, {"Vary", "Origin"}},
     {"error:wildcard-with-credentials", "error:denies-allowed-request"},
     "[acao-wildcard-with-credentials]"},
    {"wildcard_with_acac_on_uncredentialed_policy", which::listed, "GET", actual(app), 200,
     {{"Access-Control-Allow-Origin", "*"}, {"Access-Control-Allow-Credentials", "true"}, {"Vary", "Origin"}},
     {"error:wildcard-with-credentials"}},
    {"reflects_unlisted_origin", which::credentialed, "GET", actual(evil), 200,
     {{"Access-Control-Allow-Origin", evil}, {"Access-Control-Allow-Credentials", "true"}, {"Vary", "Origin"}},
     {"error:reflects-unlisted-origin", "error:grants-denied-request"},
     "credentials include"},
    {"reflects_null", which::credentialed, "GET", actual("null"), 200,
     {{"Access-Control-Allow-Origin", "null"}, {"Vary", "Origin"}},
     {"error:reflects-unlisted-origin", "error:grants-denied-request"},
     "\"null\""},
    {"reflects_but_preflight_fails_anyway", which::credentialed, "OPTIONS", preflight(evil, "PUT"), 403,
     {{"Access-Control-Allow-Origin", evil}},
     {"error:reflects-unlisted-origin"}},
    {"missing_vary_allowed", which::credentialed, "GET", actual(app), 200,
     {{"Access-Control-Allow-Origin", app},
      {"Access-Control-Allow-Credentials", "true"},
      {"Access-Control-Expose-Headers", "x-request-id"}},
     {"error:missing-vary-origin"}},
    {"missing_vary_denied", which::credentialed, "GET", actual(evil), 200, {}, {"error:missing-vary-origin"},
     "denial"},
    {"missing_vary_echo_under_any_origin", which::any, "GET", actual(evil), 200,
     {{"Access-Control-Allow-Origin", evil}}, {"error:missing-vary-origin"}},
    {"missing_vary_on_preflight_is_fine", which::credentialed, "OPTIONS", preflight(app, "PUT"), 204,
     {{"Access-Control-Allow-Origin", app},
      {"Access-Control-Allow-Credentials", "true"},
      {"Access-Control-Allow-Methods", "PUT"},
      {"Access-Control-Max-Age", "600"}},
     {}},
    {"missing_vary_not_cors", which::credentialed, "GET", {}, 200, {}, {"warning:missing-vary-origin"}},
    {"duplicate_acao", which::credentialed, "GET", actual(app), 200,
     {{"Access-Control-Allow-Origin", app},
      {"Access-Control-Allow-Origin", app},
      {"Access-Control-Allow-Credentials", "true"},
      {"Access-Control-Expose-Headers", "x-request-id"},
      {"Vary", "Origin"}},
     {"error:duplicate-header", "error:denies-allowed-request"},
     "[acao-multiple]"},
    {"duplicate_acac", which::credentialed, "GET", actual(app), 200,
     {{"Access-Control-Allow-Origin", app},
      {"Access-Control-Allow-Credentials", "true"},
      {"Access-Control-Allow-Credentials", "true"},
      {"Access-Control-Expose-Headers", "x-request-id"},
      {"Vary", "Origin"}},
     {"error:duplicate-header", "error:denies-allowed-request"},
     "true, true"},
    {"duplicate_max_age", which::credentialed, "OPTIONS", preflight(app, "PUT"), 204,
     {{"Access-Control-Allow-Origin", app},
      {"Access-Control-Allow-Credentials", "true"},
      {"Access-Control-Allow-Methods", "PUT"},
      {"Access-Control-Max-Age", "600"},
      {"Access-Control-Max-Age", "600"}},
     {"error:duplicate-header"},
     "5 s"},
    {"invalid_max_age_negative", which::credentialed, "OPTIONS", preflight(app, "PUT"), 204,
     {{"Access-Control-Allow-Origin", app},
      {"Access-Control-Allow-Credentials", "true"},
      {"Access-Control-Allow-Methods", "PUT"},
      {"Access-Control-Max-Age", "-1"}},
     {"error:invalid-max-age"},
     "send 600"},
    {"invalid_max_age_fraction", which::credentialed, "OPTIONS", preflight(app, "PUT"), 204,
     {{"Access-Control-Allow-Origin", app},
      {"Access-Control-Allow-Credentials", "true"},
      {"Access-Control-Allow-Methods", "PUT"},
      {"Access-Control-Max-Age", "1.5"}},
     {"error:invalid-max-age"}},
    {"max_age_differs", which::credentialed, "OPTIONS", preflight(app, "PUT"), 204,
     {{"Access-Control-Allow-Origin", app},
      {"Access-Control-Allow-Credentials", "true"},
      {"Access-Control-Allow-Methods", "PUT"},
      {"Access-Control-Max-Age", "86400"}},
     {"warning:max-age-differs"}},
    {"expose_header_missing", which::credentialed, "GET", actual(app), 200,
     {{"Access-Control-Allow-Origin", app}, {"Access-Control-Allow-Credentials", "true"}, {"Vary", "Origin"}},
     {"warning:expose-header-missing"},
     "x-request-id"},
    {"exposes_unlisted_header", which::credentialed, "GET", actual(app), 200,
     {{"Access-Control-Allow-Origin", app},
      {"Access-Control-Allow-Credentials", "true"},
      {"Access-Control-Expose-Headers", "x-request-id, x-internal-token, content-type"},
      {"Vary", "Origin"}},
     {"warning:exposes-unlisted-header"},
     "x-internal-token"},

    // ---- Requests no browser sends: verdict findings become warnings. -------------
    {"upper_case_origin_reflected", which::credentialed, "GET", actual("https://APP.EXAMPLE.COM"), 200,
     {{"Access-Control-Allow-Origin", "https://APP.EXAMPLE.COM"},
      {"Access-Control-Allow-Credentials", "true"},
      {"Vary", "Origin"}},
     {"warning:reflects-unlisted-origin", "warning:grants-denied-request"},
     "no browser sends this request"},
    {"lower_case_get_in_acrm", which::credentialed, "OPTIONS", preflight(app, "get", "x-api-key"), 204,
     {{"Access-Control-Allow-Origin", app},
      {"Access-Control-Allow-Credentials", "true"},
      {"Access-Control-Allow-Methods", "get"},
      {"Access-Control-Allow-Headers", "x-api-key"}},
     {"warning:grants-denied-request"},
     "as \"GET\""},

    // A preflight whose Origin no browser can have is still judged: the CORS
    // check compares the bytes as received, the rest of the preflight checks
    // do not depend on the origin.
    {"malformed_origin_preflight_denied", which::listed, "OPTIONS", preflight(app + "/", "PUT"), 400, {}, {}},
    {"malformed_origin_preflight_reflected", which::listed, "OPTIONS", preflight(app + "/", "PUT"), 204,
     {{"Access-Control-Allow-Origin", app + "/"}, {"Access-Control-Allow-Methods", "PUT"}},
     {"warning:reflects-unlisted-origin", "warning:grants-denied-request"},
     "is malformed"},
    // Origin "*" (malformed) answered with the "*" policy's "*": a grant of
    // a malformed origin, but no echo.
    {"star_origin_star_answer", which::any, "GET", actual("*"), 200, {{"Access-Control-Allow-Origin", "*"}},
     {"warning:grants-denied-request"},
     "is malformed"},
    {"malformed_origin_preflight_star", which::any, "OPTIONS", preflight("app.example.com", "PUT"), 204,
     {{"Access-Control-Allow-Origin", "*"}, {"Access-Control-Allow-Methods", "PUT"}},
     {"warning:grants-denied-request"},
     "malformed-origin"},
    {"malformed_origin_preflight_method_still_checked", which::any, "OPTIONS",
     preflight("https://u@app.example.com", "PUT"), 204,
     {{"Access-Control-Allow-Origin", "*"}, {"Access-Control-Allow-Methods", "GET"}},
     {}},

    // Access-Control-Request-Headers a browser never sends: one rule, like a
    // repeated Access-Control-Request-Method (warnings).
    {"repeated_acrm_is_unrealizable", which::credentialed, "OPTIONS",
     [] {
       auto h = preflight(app, "PUT");
       h.emplace_back("Access-Control-Request-Method", "PUT");
       return h;
     }(),
     204,
     {{"Access-Control-Allow-Origin", app},
      {"Access-Control-Allow-Credentials", "true"},
      {"Access-Control-Allow-Methods", "PUT"}},
     {"warning:grants-denied-request"},
     "more than one Access-Control-Request-Method"},
    {"empty_acrh_is_unrealizable", which::credentialed, "OPTIONS",
     [] {
       auto h = preflight(app, "PUT");
       h.emplace_back("Access-Control-Request-Headers", "");
       return h;
     }(),
     204, {{"Access-Control-Allow-Origin", app}, {"Access-Control-Allow-Credentials", "true"}},
     {"warning:denies-allowed-request", "warning:acam-missing-requested-method"},
     "is empty"},
    {"commas_only_acrh_is_unrealizable", which::credentialed, "OPTIONS", preflight(app, "PUT", ",,"), 204,
     {{"Access-Control-Allow-Origin", app}, {"Access-Control-Allow-Credentials", "true"}},
     {"warning:denies-allowed-request", "warning:acam-missing-requested-method"},
     "not spelled as browsers send it"},
    {"split_acrh_is_unrealizable", which::credentialed, "OPTIONS",
     [] {
       auto h = preflight(app, "PUT", "content-type");
       h.emplace_back("Access-Control-Request-Headers", "x-api-key");
       return h;
     }(),
     204, cred_put_answer("content-type"),
     {"warning:denies-allowed-request", "warning:acah-missing-requested-header"},
     "more than one Access-Control-Request-Headers"},
    {"untidy_acrh_is_unrealizable", which::credentialed, "OPTIONS", preflight(app, "PUT", "X-Api-Key , content-type"),
     204, cred_put_answer("content-type"),
     {"warning:denies-allowed-request", "warning:acah-missing-requested-header"},
     "\"content-type,x-api-key\""},
    {"browser_spelled_acrh_is_realizable", which::credentialed, "OPTIONS", preflight(app, "PUT", "content-type,x-api-key"),
     204, cred_put_answer("content-type"),
     {"error:denies-allowed-request", "error:acah-missing-requested-header"}},
};

INSTANTIATE_TEST_SUITE_P(AuditAnswer, Audit, ::testing::ValuesIn(cases),
                         [](const auto& p) { return std::string(p.param.name); });

// The request's Origin as browsers spell it or not: a finding about an
// origin no browser sends is a warning that says why (not spelled as
// browsers serialize origins, or malformed; the policy refuses both, so the
// finding is an answer that grants them); "null" and a canonical origin are
// what browsers send.
TEST(AuditAnswer, AnOriginNoBrowserSendsMakesTheRequestUnrealizable) {
  const struct {
    std::string origin;
    header_pairs observed;
    std::string_view code;
    std::string_view why;  // empty: realizable, an error
  } origins[] = {
      {"https://app.example.com", {}, "denies-allowed-request", ""},
      {"null", {}, "denies-allowed-request", ""},
      {"https://App.example.com", {{"Access-Control-Allow-Origin", "*"}}, "grants-denied-request",
       "is not spelled as browsers serialize origins"},
      {"https://app.example.com:443", {{"Access-Control-Allow-Origin", "*"}}, "grants-denied-request",
       "is not spelled as browsers serialize origins"},
      {"HTTPS://app.example.com", {{"Access-Control-Allow-Origin", "*"}}, "grants-denied-request",
       "is not spelled as browsers serialize origins"},
      {"https://app.example.com/x", {{"Access-Control-Allow-Origin", "*"}}, "grants-denied-request", "is malformed ("},
      {"https://app.example.com:99999", {{"Access-Control-Allow-Origin", "*"}}, "grants-denied-request", "is malformed ("},
  };
  for (const auto& c : origins) {
    const audit_result r = run(which::any, "GET", {{"Origin", c.origin}}, 200, c.observed);
    const auto f = std::find_if(r.findings.begin(), r.findings.end(), [&](const auto& x) { return x.code == c.code; });
    ASSERT_NE(f, r.findings.end()) << c.origin;
    if (c.why.empty()) {
      EXPECT_EQ(f->level, severity::error) << c.origin << ": " << f->detail;
      EXPECT_EQ(f->detail.find("no browser sends"), std::string::npos) << c.origin << ": " << f->detail;
    } else {
      EXPECT_EQ(f->level, severity::warning) << c.origin << ": " << f->detail;
      EXPECT_NE(f->detail.find(c.why), std::string::npos) << c.origin << ": " << f->detail;
    }
  }
}

// One case per way an Access-Control-Request-Headers of tokens can miss a
// browser's spelling (audit.cpp recognises that spelling in one pass before
// it builds the sorted, lower-cased set): each must still make the request
// one no browser sends, so the findings are warnings that name the spelling.
TEST(AuditAnswer, EveryMisspelledRequestHeaderListIsUnrealizable) {
  const struct {
    std::string_view acrh;
    std::string_view acah;     // the answer allows this one only
    std::string_view spelled;  // what a browser would have sent
  } lists[] = {
      {"x-api-key,content-type", "content-type", "content-type,x-api-key"},   // unsorted
      {"Content-Type,x-api-key", "content-type", "content-type,x-api-key"},   // upper case
      {"content-type, x-api-key", "content-type", "content-type,x-api-key"},  // a space
      {"content-type,x-api-key,", "content-type", "content-type,x-api-key"},  // a trailing comma
      {"content-type,content-type", "x-api-key", "content-type"},             // a repeated name
      // sorted as lower case ("X" sorts before "c", "x" after it), the
      // repeat dropped whatever its case
      {"X-Api-Key,content-type,CONTENT-TYPE", "content-type", "content-type,x-api-key"},
  };
  for (const auto& l : lists) {
    const audit_result r = run(which::credentialed, "OPTIONS", preflight(app, "PUT", std::string(l.acrh)), 204,
                               cred_put_answer(std::string(l.acah)));
    ASSERT_EQ(r.status, corsproof::eval_status::ok) << l.acrh;
    std::vector<std::string> got;
    for (const auto& f : r.findings) got.push_back(std::string(to_string(f.level)) + ":" + f.code);
    EXPECT_EQ(got, (std::vector<std::string>{"warning:denies-allowed-request", "warning:acah-missing-requested-header"}))
        << l.acrh;
    const std::string quoted = "\"" + std::string(l.spelled) + "\": lower case";
    for (const auto& f : r.findings) EXPECT_NE(f.detail.find(quoted), std::string::npos) << l.acrh << ": " << f.detail;
  }
}

// A request no browser sends for several reasons: the findings give the
// first one the audit meets (the Origin before the requested headers), once.
TEST(AuditAnswer, AnUnrealizableRequestIsExplainedByItsFirstReason) {
  const audit_result r = run(which::credentialed, "OPTIONS", preflight("https://App.example.com", "PUT", "cookie"),
                             204, {{"Access-Control-Allow-Origin", "https://App.example.com"},
                                   {"Access-Control-Allow-Credentials", "true"},
                                   {"Access-Control-Allow-Methods", "PUT"},
                                   {"Access-Control-Allow-Headers", "cookie"}});
  ASSERT_EQ(r.status, corsproof::eval_status::ok) << r.error;
  ASSERT_FALSE(r.findings.empty());
  for (const auto& f : r.findings) {
    EXPECT_EQ(f.level, severity::warning) << f.code << ": " << f.detail;
    EXPECT_NE(f.detail.find("(no browser sends this request: its Origin \"https://App.example.com\" is not spelled as "
                            "browsers serialize origins)"),
              std::string::npos)
        << f.code << ": " << f.detail;
    EXPECT_EQ(f.detail.find("forbidden request-header name"), std::string::npos) << f.code << ": " << f.detail;
  }
}

TEST(AuditAnswer, ReportsThePolicyAndBrowserVerdicts) {
  const audit_result r = run(which::credentialed, "OPTIONS", preflight(app, "PUT", "x-api-key"), 204,
                             {{"Access-Control-Allow-Origin", app}, {"Access-Control-Allow-Credentials", "true"}});
  EXPECT_EQ(r.kind, corsproof::request_kind::preflight);
  EXPECT_TRUE(r.policy_allows);
  EXPECT_EQ(r.expected_status, 204);
  EXPECT_FALSE(r.expected_headers.empty());
  EXPECT_TRUE(r.browser_judged);
  EXPECT_FALSE(r.browser_accepts);
  EXPECT_EQ(r.browser_error, "method-not-allowed");
  EXPECT_FALSE(r.conforms);
}

// Any Origin text is judged on a preflight as on an actual request, whatever
// the browser side of the core accepts as a request origin.
TEST(AuditAnswer, PreflightsWithAnyOriginAreJudged) {
  for (const std::string origin :
       {"https://app.example.com/", "app.example.com", "https://a/path", "https://app.example.com:65536",
        "https://user@app.example.com", "https://APP.EXAMPLE.COM", "https://app.example.com:443", "", "*",
        "https://a.example, https://b.example", "null"}) {
    for (const which w : {which::credentialed, which::listed, which::any}) {
      const header_pairs echoed{{"Access-Control-Allow-Origin", origin},
                                {"Access-Control-Allow-Credentials", "true"},
                                {"Access-Control-Allow-Methods", "PUT"}};
      const audit_result r = run(w, "OPTIONS", preflight(origin, "PUT"), 204, echoed);
      ASSERT_EQ(r.status, corsproof::eval_status::ok) << "Origin \"" << origin << "\": " << r.error;
      EXPECT_EQ(r.kind, corsproof::request_kind::preflight) << origin;
      EXPECT_TRUE(r.browser_judged) << origin;
      // The CORS check compares the bytes as received, and Fetch "CORS
      // check" compares the combined value with the request origin before it
      // looks at credentials: an exact echo always passes (even "*" under
      // credentials when the Origin itself was "*", a request no browser
      // sends, and a value with a comma that equals the Origin it echoes).
      EXPECT_TRUE(r.browser_accepts) << origin << ": " << r.browser_error;
      const audit_result denied = run(w, "OPTIONS", preflight(origin, "PUT"), 403, {});
      ASSERT_EQ(denied.status, corsproof::eval_status::ok) << origin;
      EXPECT_EQ(denied.browser_error, "acao-missing") << origin;
    }
  }
}

TEST(AuditAnswer, TooManyObservedHeadersIsTooLarge) {
  header_pairs many;
  for (int i = 0; i < 300; ++i) many.emplace_back("X-Filler", "1");
  const audit_result r = run(which::credentialed, "GET", actual(app), 200, many);
  EXPECT_EQ(r.status, corsproof::eval_status::limit_exceeded);
  EXPECT_FALSE(r.error.empty());
  EXPECT_TRUE(r.findings.empty());
}

// 40 values of 7 KiB: each within its own bound, 280 KiB together, over the
// 256 KiB a browser reads. Refused for an actual request as for a preflight;
// one header fewer is judged.
TEST(AuditAnswer, ObservedAnswerOverTheTotalIsTooLarge) {
  header_pairs big = cred_actual_ok();
  for (int i = 0; i < 40; ++i) big.emplace_back("X-Filler-" + std::to_string(i), std::string(7 * 1024, 'v'));
  const audit_result actual_audit = run(which::credentialed, "GET", actual(app), 200, big);
  EXPECT_EQ(actual_audit.status, corsproof::eval_status::limit_exceeded);
  EXPECT_NE(actual_audit.error.find("256 KiB"), std::string::npos) << actual_audit.error;
  EXPECT_TRUE(actual_audit.findings.empty());
  const audit_result preflight_audit = run(which::credentialed, "OPTIONS", preflight(app, "PUT"), 204, big);
  EXPECT_EQ(preflight_audit.status, corsproof::eval_status::limit_exceeded);
  big.resize(big.size() - 5);  // 245 KiB
  EXPECT_EQ(run(which::credentialed, "GET", actual(app), 200, big).status, corsproof::eval_status::ok);
}

// An answer exactly at the 256 KiB bound is judged, whatever its
// Access-Control-Allow-Origin holds: the browser side is given the answer as
// observed (no stand-in value that would take it over the bound).
TEST(AuditAnswer, AnAnswerAtTheTotalBoundIsJudged) {
  for (const std::string& acao : {std::string("*"), app}) {
    header_pairs at_bound{{"Access-Control-Allow-Origin", acao}, {"Access-Control-Allow-Methods", "PUT"}};
    std::size_t total = 0;
    for (const auto& [n, v] : at_bound) total += n.size() + v.size();
    for (int i = 0; total < 256 * 1024; ++i) {
      const std::string name = "X-F" + std::to_string(100 + i);
      const std::size_t value = std::min<std::size_t>(8000, 256 * 1024 - total - name.size());
      at_bound.emplace_back(name, std::string(value, 'v'));
      total += name.size() + value;
    }
    ASSERT_EQ(total, 256U * 1024U);
    const audit_result r = run(which::listed, "OPTIONS", preflight(app, "PUT"), 204, at_bound);
    EXPECT_EQ(r.status, corsproof::eval_status::ok) << acao << ": " << r.error;
    EXPECT_TRUE(r.browser_judged) << acao;
    EXPECT_TRUE(r.browser_accepts) << acao << ": " << r.browser_error;
    at_bound.back().second.push_back('v');  // one byte over
    EXPECT_EQ(run(which::listed, "OPTIONS", preflight(app, "PUT"), 204, at_bound).status,
              corsproof::eval_status::limit_exceeded)
        << acao;
  }
}

TEST(AuditAnswer, TooManyRequestHeadersIsTooLarge) {
  header_pairs many = actual(app);
  for (int i = 0; i < 300; ++i) many.emplace_back("X-Filler", "1");
  const audit_result r = run(which::credentialed, "GET", many, 200, cred_actual_ok());
  EXPECT_EQ(r.status, corsproof::eval_status::limit_exceeded);
}

TEST(AuditAnswer, ProtocolJsonFields) {
  const audit_result r = run(which::credentialed, "GET", actual(app), 200, {});
  const boost::json::object o = corsproof::audit::audit_fields(r);
  ASSERT_TRUE(o.at("conforms").is_bool());
  EXPECT_FALSE(o.at("conforms").get_bool());
  const auto& findings = o.at("findings").as_array();
  ASSERT_FALSE(findings.empty());
  for (const auto& f : findings) {
    const auto& fo = f.as_object();
    EXPECT_EQ(fo.size(), 3U);
    EXPECT_TRUE(fo.at("code").is_string());
    EXPECT_TRUE(fo.at("severity").as_string() == "error" || fo.at("severity").as_string() == "warning");
    EXPECT_TRUE(fo.at("detail").is_string());
  }
}

const corsproof::audit::audit_finding* find(const audit_result& r, std::string_view code) {
  for (const auto& f : r.findings)
    if (f.code == code) return &f;
  return nullptr;
}

// Observed values are quoted as every corsproof message quotes what it did
// not write (corsproof/json_quoted.hpp): quotes, backslashes and control
// bytes escaped, other bytes (non-UTF-8 included) as they are.
TEST(AuditAnswer, ObservedValuesAreQuotedAsJson) {
  const std::string value = "https://x\"y\\z\x01\xff";
  const audit_result r = run(which::credentialed, "GET", {{"Origin", app}}, 200,
                             {{"Access-Control-Allow-Origin", value},
                              {"Access-Control-Allow-Credentials", "true"},
                              {"Vary", "Origin"}});
  const auto* f = find(r, "denies-allowed-request");
  ASSERT_NE(f, nullptr);
  EXPECT_NE(f->detail.find("Access-Control-Allow-Origin \"https://x\\\"y\\\\z\\u0001\xff\" is not the request's origin "
                           "\"https://app.example.com\""),
            std::string::npos)
      << f->detail;
  EXPECT_EQ(f->detail.find('\x01'), std::string::npos) << f->detail;
}

// The compiled policy is the one source of what is exposed and cached:
// "*" in expose_headers with credentials is no wildcard (the core's answer
// drops it), so the audit does not ask for it.
TEST(AuditAnswer, ReadsExposeAndMaxAgeFromTheCompiledPolicy) {
  corsproof::policy_config c = credentialed();
  c.expose_headers = {"x-request-id", "*"};
  c.max_age = 30;
  const auto compiled = corsproof::compile_policy(c);
  ASSERT_TRUE(compiled.ok()) << compiled.error;
  const header_pairs request{{"Origin", app}};
  const header_pairs observed{{"Access-Control-Allow-Origin", app},
                              {"Access-Control-Allow-Credentials", "true"},
                              {"Access-Control-Expose-Headers", "x-request-id"},
                              {"Vary", "Origin"}};
  const auto req = corsproof::audit::views(request);
  const auto obs = corsproof::audit::views(observed);
  const audit_result r = audit_answer(*compiled.value, "GET", corsproof::header_list(req.data(), req.size()), 200,
                                      corsproof::header_list(obs.data(), obs.size()));
  EXPECT_TRUE(r.findings.empty()) << corsproof::audit::render_text(r);

  const header_pairs pf_request{{"Origin", app}, {"Access-Control-Request-Method", "PUT"}};
  const header_pairs pf_observed{{"Access-Control-Allow-Origin", app},
                                 {"Access-Control-Allow-Credentials", "true"},
                                 {"Access-Control-Allow-Methods", "PUT"},
                                 {"Access-Control-Max-Age", "600"},
                                 {"Vary", "Origin"}};
  const auto preq = corsproof::audit::views(pf_request);
  const auto pobs = corsproof::audit::views(pf_observed);
  const audit_result p = audit_answer(*compiled.value, "OPTIONS", corsproof::header_list(preq.data(), preq.size()),
                                      204, corsproof::header_list(pobs.data(), pobs.size()));
  const auto* f = find(p, "max-age-differs");
  ASSERT_NE(f, nullptr) << corsproof::audit::render_text(p);
  EXPECT_NE(f->detail.find("the policy says 30"), std::string::npos) << f->detail;
}

// Every member of two verdicts, compared (with a message naming the first
// difference).
::testing::AssertionResult same_verdict(const audit_result& a, const audit_result& b) {
  if (a.status != b.status) return ::testing::AssertionFailure() << "status";
  if (a.error != b.error) return ::testing::AssertionFailure() << "error: " << a.error << " | " << b.error;
  if (a.kind != b.kind || a.policy_allows != b.policy_allows || a.reason != b.reason)
    return ::testing::AssertionFailure() << "kind, policy_allows or reason";
  if (a.reason_detail != b.reason_detail) return ::testing::AssertionFailure() << "reason_detail";
  if (a.expected_status != b.expected_status) return ::testing::AssertionFailure() << "expected_status";
  if (a.expected_headers != b.expected_headers) return ::testing::AssertionFailure() << "expected_headers";
  if (a.browser_judged != b.browser_judged || a.browser_accepts != b.browser_accepts)
    return ::testing::AssertionFailure() << "browser_judged or browser_accepts";
  if (a.browser_error != b.browser_error) return ::testing::AssertionFailure() << "browser_error";
  if (a.conforms != b.conforms) return ::testing::AssertionFailure() << "conforms";
  if (a.findings.size() != b.findings.size())
    return ::testing::AssertionFailure() << a.findings.size() << " findings against " << b.findings.size();
  for (std::size_t i = 0; i < a.findings.size(); ++i) {
    const auto& x = a.findings[i];
    const auto& y = b.findings[i];
    if (x.code != y.code || x.level != y.level || x.detail != y.detail)
      return ::testing::AssertionFailure() << "finding " << i << ": " << corsproof::audit::render_line(x) << " | "
                                           << corsproof::audit::render_line(y);
  }
  return ::testing::AssertionSuccess();
}

// The overload that writes into a result: one result reused for every case
// of the table and a few refusals, in an order where the number of findings
// and expected headers grows and shrinks, holds after each exactly what a
// fresh result holds (nothing left from the audit before).
TEST(AuditAnswer, AReusedResultHoldsWhatAFreshOneHolds) {
  struct input {
    std::string name;
    which policy;
    std::string method;
    header_pairs request;
    int status;
    header_pairs observed;
  };
  std::vector<input> inputs;
  for (const audit_case& c : cases) inputs.push_back({c.name, c.policy, c.method, c.request, c.status, c.observed});
  header_pairs many;
  for (int i = 0; i < 300; ++i) many.emplace_back("X-Filler", "1");
  inputs.push_back({"too many observed headers", which::credentialed, "GET", actual(app), 200, many});
  header_pairs many_request = actual(app);
  for (int i = 0; i < 300; ++i) many_request.emplace_back("X-Filler", "1");
  inputs.push_back({"too many request headers", which::credentialed, "GET", many_request, 200, cred_actual_ok()});
  std::vector<const input*> order;
  for (const input& in : inputs) order.push_back(&in);
  for (auto it = inputs.rbegin(); it != inputs.rend(); ++it) order.push_back(&*it);
  for (std::size_t i = 0; i < inputs.size(); i += 3) order.push_back(&inputs[i]);

  audit_result reused;
  audit_result lean;  // reused too, without the expected headers (as the oracle audits)
  std::size_t with_findings = 0;
  std::size_t with_expected = 0;
  for (const input* in : order) {
    SCOPED_TRACE(in->name);
    const audit_result fresh = run(in->policy, in->method, in->request, in->status, in->observed);
    const corsproof::policy_config cfg = config(in->policy);
    auto compiled = corsproof::compile_policy(cfg);
    ASSERT_TRUE(compiled.ok());
    const auto req = corsproof::audit::views(in->request);
    const auto obs = corsproof::audit::views(in->observed);
    audit_answer(reused, *compiled.value, in->method, corsproof::header_list(req.data(), req.size()), in->status,
                 corsproof::header_list(obs.data(), obs.size()));
    EXPECT_TRUE(same_verdict(reused, fresh));
    with_findings += fresh.findings.empty() ? 0 : 1;
    with_expected += fresh.expected_headers.empty() ? 0 : 1;
    audit_answer(lean, *compiled.value, in->method, corsproof::header_list(req.data(), req.size()), in->status,
                 corsproof::header_list(obs.data(), obs.size()),
                 corsproof::audit::audit_options{.expected_headers = false});
    audit_result fresh_but_lean = fresh;
    fresh_but_lean.expected_headers.clear();
    EXPECT_TRUE(same_verdict(lean, fresh_but_lean));
  }
  // The sequence does shrink and grow the findings.
  EXPECT_GT(with_findings, 10U);
  EXPECT_GT(with_expected, 10U);
  EXPECT_LT(with_findings, order.size());
}

TEST(AuditAnswer, RenderLine) {
  const corsproof::audit::audit_finding f{"missing-vary-origin", severity::error, "x\ny"};
  EXPECT_EQ(corsproof::audit::render_line(f), "error missing-vary-origin: x y");
}

}  // namespace
