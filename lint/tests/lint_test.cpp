// lint/tests/lint_test.cpp — every lint code triggered by a small policy,
// policies that must stay silent, the two fixtures and the text rendering.
#include <gtest/gtest.h>
#include <libpsl.h>

#include <algorithm>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "corsproof/json_quoted.hpp"
#include "corsproof/lint.hpp"
#include "corsproof/policy_json.hpp"

namespace {

using corsproof::policy_config;
using corsproof::lint::lint_finding;
using corsproof::lint::lint_policy;
using corsproof::lint::severity;

struct config_builder {
  policy_config c;
  config_builder& origins(std::vector<std::string> o) {
    c.allow_origins = std::move(o);
    return *this;
  }
  config_builder& credentials(bool b = true) {
    c.allow_credentials = b;
    return *this;
  }
  config_builder& methods(std::vector<std::string> m) {
    c.allow_methods = std::move(m);
    return *this;
  }
  config_builder& headers(std::vector<std::string> h) {
    c.allow_headers = std::move(h);
    return *this;
  }
  config_builder& expose(std::vector<std::string> h) {
    c.expose_headers = std::move(h);
    return *this;
  }
  config_builder& max_age(std::int64_t s) {
    c.max_age = s;
    return *this;
  }
  config_builder& private_network(bool b = true) {
    c.allow_private_network = b;
    return *this;
  }
  operator policy_config() const { return c; }  // NOLINT(google-explicit-constructor)
};

config_builder origins(std::vector<std::string> o) { return config_builder{}.origins(std::move(o)); }

std::string dump(const std::vector<lint_finding>& fs) { return corsproof::lint::render_text(fs); }

const lint_finding* find(const std::vector<lint_finding>& fs, const std::string& code) {
  auto it = std::find_if(fs.begin(), fs.end(), [&](const lint_finding& f) { return f.code == code; });
  return it == fs.end() ? nullptr : &*it;
}

struct triggering_case {
  const char* name;
  policy_config config;
  const char* code;
  severity level;
  const char* detail_contains;  // "" for no check
};

void PrintTo(const triggering_case& c, std::ostream* os) { *os << c.name; }

class Triggers : public ::testing::TestWithParam<triggering_case> {};

TEST_P(Triggers, ReportsTheCode) {
  const triggering_case& tc = GetParam();
  const auto findings = lint_policy(tc.config);
  const lint_finding* f = find(findings, tc.code);
  ASSERT_NE(f, nullptr) << "missing " << tc.code << " in:\n" << dump(findings);
  EXPECT_EQ(f->level, tc.level) << dump(findings);
  EXPECT_NE(f->detail.find(tc.detail_contains), std::string::npos) << f->detail;
  EXPECT_FALSE(f->detail.empty());
}

const triggering_case triggering_cases[] = {
    {"null_with_credentials", origins({"null"}).credentials(), "null-origin-allowed", severity::error, "\"null\""},
    {"null_without_credentials", origins({"null"}), "null-origin-allowed", severity::warning, "sandboxed"},
    {"http_exact_with_credentials", origins({"http://app.example.com"}).credentials(),
     "insecure-scheme-with-credentials", severity::error, "http://app.example.com"},
    {"http_wildcard_with_credentials", origins({"http://*.example.com"}).credentials(),
     "insecure-scheme-with-credentials", severity::error, "http://*.example.com"},
    {"regex_optional_s_with_credentials", origins({"re:^https?://app\\.example\\.com$"}).credentials(),
     "insecure-scheme-with-credentials", severity::error, "http://app.example.com"},
    {"regex_any_scheme_with_credentials", origins({"re:^[a-z]+://app\\.example\\.com$"}).credentials(),
     "insecure-scheme-with-credentials", severity::error, "http://"},
    {"regex_unescaped_dot", origins({"re:^https://app.example.com$"}), "regex-unescaped-dot", severity::error,
     "appxexample.com"},
    {"regex_unescaped_dot_in_group", origins({"re:^https://(www.)?example\\.com$"}), "regex-unescaped-dot",
     severity::error, "www"},
    {"regex_unescaped_dot_after_class", origins({"re:^https://[a-z]+.example\\.com$"}), "regex-unescaped-dot",
     severity::error, "xexample.com"},
    {"regex_prefix_bypass", origins({"re:^https://.*example\\.com$"}), "regex-too-broad", severity::error,
     "https://evilexample.com"},
    {"regex_suffix_bypass", origins({"re:^https://[a-z]+\\.example\\.com.*$"}), "regex-too-broad",
     severity::error, ".evil.test"},
    {"regex_glued_suffix", origins({"re:https://example\\.com[a-z.]*"}), "regex-too-broad", severity::error,
     "evil.test"},
    {"regex_dot_star", origins({"re:.*"}), "regex-too-broad", severity::error, "https://evil.test"},
    {"regex_any_subdomain_anywhere", origins({"re:^https://([a-z]+\\.)*example\\.com(\\.[a-z]+)*$"}),
     "regex-too-broad", severity::error, "example.com"},
    {"wildcard_github_io", origins({"https://*.github.io"}), "wildcard-over-public-suffix", severity::error,
     "github.io"},
    {"wildcard_co_uk", origins({"https://*.co.uk"}), "wildcard-over-public-suffix", severity::error, "co.uk"},
    {"wildcard_tld", origins({"https://*.com"}), "wildcard-over-public-suffix", severity::error, "\"com\""},
    {"wildcard_private_suffix", origins({"https://*.herokuapp.com"}), "wildcard-over-public-suffix",
     severity::error, "herokuapp.com"},
    {"wildcard_extra_list", origins({"https://*.ngrok-free.app"}), "wildcard-over-public-suffix", severity::error,
     "ngrok"},
    {"regex_over_github_io", origins({"re:^https://[a-z0-9-]+\\.github\\.io$"}), "wildcard-over-public-suffix",
     severity::error, "github.io"},
    {"regex_over_tld", origins({"re:^https://[a-z]+\\.com$"}), "wildcard-over-public-suffix", severity::error,
     "\"com\""},
    {"hosted_on_netlify", origins({"https://myproject.netlify.app"}), "third-party-hosting-origin",
     severity::warning, "netlify.app"},
    {"hosted_on_vercel", origins({"https://myproject.vercel.app"}), "third-party-hosting-origin",
     severity::warning, "vercel.app"},
    {"hosted_on_cloudfront", origins({"https://d111111abcdef8.cloudfront.net"}), "third-party-hosting-origin",
     severity::warning, "cloudfront.net"},
    {"shared_s3_origin", origins({"https://s3.amazonaws.com"}), "third-party-hosting-origin", severity::error,
     "every customer"},
    {"shared_github_io_origin", origins({"https://github.io"}), "third-party-hosting-origin", severity::error,
     "github.io"},
    {"extra_list_shared_origin", origins({"https://cdpn.io"}), "third-party-hosting-origin", severity::error,
     "CodePen"},
    {"extra_list_subdomain", origins({"https://abc.ngrok-free.app"}), "third-party-hosting-origin",
     severity::warning, "ngrok"},
    {"regex_on_hosting", origins({"re:^https://myapp\\.herokuapp\\.com$"}), "third-party-hosting-origin",
     severity::warning, "herokuapp.com"},
    {"any_header_with_credentials", origins({"https://app.example.com"}).credentials().headers({"*"}),
     "wildcard-any-header-with-credentials", severity::warning, "literally"},
    {"any_method_with_credentials", origins({"https://app.example.com"}).credentials().methods({"*"}),
     "wildcard-any-method-with-credentials", severity::warning, "DELETE"},
    {"expose_wildcard_with_credentials", origins({"https://app.example.com"}).credentials().expose({"*"}),
     "expose-wildcard-with-credentials", severity::warning, "literally"},
    {"max_age_over_chromium", origins({"https://app.example.com"}).max_age(7201), "max-age-excessive",
     severity::warning, "7200"},
    {"max_age_over_firefox", origins({"https://app.example.com"}).max_age(86401), "max-age-excessive",
     severity::warning, "no browser"},
    {"localhost_exact", origins({"http://localhost:3000"}), "localhost-origin-in-policy", severity::warning,
     "localhost"},
    {"loopback_ip", origins({"http://127.0.0.1:8080"}).credentials(), "localhost-origin-in-policy",
     severity::warning, "127.0.0.1"},
    {"localhost_regex", origins({"re:^http://localhost:[0-9]+$"}), "localhost-origin-in-policy",
     severity::warning, "http://localhost:3000"},
    {"any_origin", origins({"*"}), "any-origin", severity::warning, "\"*\""},
    {"any_origin_private_network", origins({"*"}).private_network(), "private-network-any-origin",
     severity::error, "private-network"},
    {"null_private_network", origins({"null"}).private_network(), "private-network-any-origin", severity::error,
     "null"},
    {"method_case", origins({"https://app.example.com"}).methods({"GET", "patch"}), "method-case-mismatch",
     severity::warning, "\"PATCH\""},
    {"forbidden_method", origins({"https://app.example.com"}).methods({"TRACE"}), "forbidden-method-listed",
     severity::warning, "TRACE"},
    {"forbidden_header", origins({"https://app.example.com"}).headers({"Cookie"}), "forbidden-header-listed",
     severity::warning, "Cookie"},
    {"expose_set_cookie", origins({"https://app.example.com"}).expose({"Set-Cookie"}), "expose-forbidden-header",
     severity::warning, "Set-Cookie"},
    {"response_header_in_allow_headers", origins({"https://app.example.com"}).headers({"Access-Control-Allow-Origin"}),
     "response-header-listed", severity::warning, "Access-Control-Allow-Origin"},
    {"acam_in_allow_headers", origins({"https://app.example.com"}).headers({"x-a", "access-control-allow-methods"}),
     "response-header-listed", severity::warning, "remove it"},
    {"location_in_allow_headers", origins({"https://app.example.com"}).headers({"Location"}),
     "response-header-listed", severity::warning, "Location"},
    {"www_authenticate_in_allow_headers", origins({"https://app.example.com"}).headers({"WWW-Authenticate"}),
     "response-header-listed", severity::warning, "WWW-Authenticate"},
    {"origin_in_expose_headers", origins({"https://app.example.com"}).expose({"Origin"}), "expose-request-header",
     severity::warning, "allow_headers"},
    {"authorization_in_expose_headers", origins({"https://app.example.com"}).expose({"x-a", "Authorization"}),
     "expose-request-header", severity::warning, "Authorization"},
    {"if_none_match_in_expose_headers", origins({"https://app.example.com"}).expose({"if-none-match"}),
     "expose-request-header", severity::warning, "if-none-match"},
    {"acrm_in_expose_headers", origins({"https://app.example.com"}).expose({"Access-Control-Request-Method"}),
     "expose-request-header", severity::warning, "remove it"},
    {"localhost_trailing_dot", origins({"http://localhost.:3000"}).credentials(), "localhost-origin-in-policy",
     severity::warning, "localhost."},
    {"hosting_trailing_dot", origins({"https://myproject.netlify.app."}), "third-party-hosting-origin",
     severity::warning, "\"netlify.app\""},
    {"wildcard_tld_trailing_dot", origins({"https://*.com."}), "wildcard-over-public-suffix", severity::error,
     "com."},
    {"wildcard_hosting_trailing_dot", origins({"https://*.github.io."}), "wildcard-over-public-suffix",
     severity::error, "github.io"},
    {"duplicate_origin", origins({"https://app.example.com", "https://app.example.com"}), "duplicate-entry",
     severity::warning, "more than once"},
    {"invalid_policy", origins({"https://App.example.com"}), "invalid-policy", severity::error,
     "https://app.example.com"},
};

INSTANTIATE_TEST_SUITE_P(Lint, Triggers, ::testing::ValuesIn(triggering_cases),
                         [](const auto& p) { return std::string(p.param.name); });

struct silent_case {
  const char* name;
  policy_config config;
};

void PrintTo(const silent_case& c, std::ostream* os) { *os << c.name; }

class Silent : public ::testing::TestWithParam<silent_case> {};

TEST_P(Silent, NoFinding) {
  const auto findings = lint_policy(GetParam().config);
  EXPECT_TRUE(findings.empty()) << dump(findings);
}

const silent_case silent_cases[] = {
    {"exact_https_with_credentials", origins({"https://app.example.com"}).credentials()},
    {"wildcard_own_domain", origins({"https://*.example.com"}).credentials()},
    {"wildcard_own_domain_under_co_uk", origins({"https://*.example.co.uk"}).credentials()},
    {"exact_under_co_uk", origins({"https://shop.example.co.uk"}).credentials()},
    {"anchored_subdomain_regex", origins({"re:^https://([a-z0-9-]+\\.)?example\\.com$"}).credentials()},
    {"alternation_regex", origins({"re:^https://(app|admin)\\.example\\.com$"}).credentials()},
    {"regex_with_port", origins({"re:^https://app\\.example\\.com(:[0-9]+)?$"}).credentials()},
    {"regex_many_tenants", origins({"re:^https://[a-z0-9-]+\\.tenant\\.example\\.org$"}).credentials()},
    {"http_without_credentials", origins({"http://app.example.com"})},
    {"max_age_at_cap", origins({"https://app.example.com"}).max_age(7200)},
    {"any_header_without_credentials", origins({"https://app.example.com"}).headers({"*"}).methods({"*"})},
    {"expose_wildcard_without_credentials", origins({"https://app.example.com"}).expose({"*"})},
    {"upper_case_methods", origins({"https://app.example.com"}).methods({"GET", "PATCH", "delete"})},
    {"ip_origin", origins({"https://192.0.2.10"}).credentials()},
    {"private_network_listed_origin", origins({"https://app.example.com"}).private_network()},
    // One trailing dot is stripped before Public Suffix List look-ups:
    // "example.com." is not "on com.".
    {"trailing_dot_own_origin", origins({"https://example.com."}).credentials()},
    {"trailing_dot_own_wildcard", origins({"https://*.example.com."}).credentials()},
    {"request_headers_in_allow_headers",
     origins({"https://app.example.com"}).headers({"Content-Type", "Authorization", "X-Api-Key", "If-None-Match"})},
    {"response_headers_in_expose_headers",
     origins({"https://app.example.com"}).expose({"ETag", "Location", "X-Request-Id", "Content-Disposition"})},
    // Accept and Accept-Encoding may answer a 415 (RFC 9110 §15.5.16).
    {"accept_in_expose_headers", origins({"https://app.example.com"}).expose({"Accept", "Accept-Encoding"})},
};

INSTANTIATE_TEST_SUITE_P(Lint, Silent, ::testing::ValuesIn(silent_cases),
                         [](const auto& p) { return std::string(p.param.name); });

policy_config fixture(const std::string& name) {
  const auto r = corsproof::policy_json::read_file(std::string(CORSPROOF_LINT_FIXTURES) + "/" + name);
  EXPECT_TRUE(r.ok()) << r.error;
  return r.value.value_or(policy_config{});
}

TEST(LintFixtures, DangerousPolicyReportsEveryProblem) {
  const policy_config cfg = fixture("dangerous-policy.json");
  ASSERT_TRUE(corsproof::compile_policy(cfg).ok()) << "the fixture must be a valid policy";
  const auto findings = lint_policy(cfg);
  std::multiset<std::string> codes;
  for (const auto& f : findings) codes.insert(f.code);
  for (const char* code :
       {"null-origin-allowed", "insecure-scheme-with-credentials", "wildcard-over-public-suffix",
        "third-party-hosting-origin", "regex-unescaped-dot", "regex-too-broad", "localhost-origin-in-policy",
        "wildcard-any-header-with-credentials", "wildcard-any-method-with-credentials",
        "expose-wildcard-with-credentials", "max-age-excessive", "method-case-mismatch"})
    EXPECT_EQ(codes.count(code) > 0, true) << "missing " << code << "\n" << dump(findings);
  EXPECT_EQ(codes.count("wildcard-over-public-suffix"), 2U) << dump(findings);  // *.github.io, *.co.uk
  EXPECT_EQ(codes.count("third-party-hosting-origin"), 2U) << dump(findings);   // netlify, s3
  EXPECT_EQ(codes.count("insecure-scheme-with-credentials"), 2U) << dump(findings);
  EXPECT_TRUE(corsproof::lint::has_errors(findings));
}

TEST(LintFixtures, CleanPolicyHasNoFinding) {
  const policy_config cfg = fixture("clean-policy.json");
  ASSERT_TRUE(corsproof::compile_policy(cfg).ok());
  const auto findings = lint_policy(cfg);
  EXPECT_TRUE(findings.empty()) << dump(findings);
  EXPECT_FALSE(corsproof::lint::has_errors(findings));
}

TEST(LintRender, OneLinePerFinding) {
  const auto findings = lint_policy(origins({"null", "https://*.github.io"}).credentials().max_age(9000));
  const std::string text = corsproof::lint::render_text(findings);
  std::istringstream in(text);
  std::string line;
  std::size_t lines = 0;
  // "^(error|warning) [a-z0-9-]+: .+$"
  auto well_formed = [](std::string_view l) {
    if (l.starts_with("error ")) l.remove_prefix(6);
    else if (l.starts_with("warning ")) l.remove_prefix(8);
    else return false;
    const std::size_t colon = l.find(": ");
    if (colon == 0 || colon == std::string_view::npos || colon + 2 >= l.size()) return false;
    return std::all_of(l.begin(), l.begin() + static_cast<std::ptrdiff_t>(colon),
                       [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; });
  };
  while (std::getline(in, line)) {
    ++lines;
    EXPECT_TRUE(well_formed(line)) << line;
  }
  EXPECT_EQ(lines, findings.size());
  EXPECT_EQ(text.back(), '\n');
  EXPECT_EQ(corsproof::lint::render_line(findings.front()).rfind("error null-origin-allowed: ", 0), 0U)
      << corsproof::lint::render_line(findings.front());
  EXPECT_EQ(corsproof::lint::render_text({}), "");
}

TEST(LintRender, NewlinesInEntriesStayOnOneLine) {
  const lint_finding f{"x", severity::warning, "a\nb"};
  EXPECT_EQ(corsproof::lint::render_line(f), "warning x: a b");
}

// Entries are quoted as every corsproof message quotes what it did not write
// (corsproof/json_quoted.hpp, the policy refusals' and the audit's way too):
// quotes, backslashes and control bytes escaped.
TEST(LintRender, EntriesAreQuotedAsJson) {
  const std::string entry = "re:^https://a\"b\\.example\tc$";
  const auto findings = lint_policy(origins({entry, entry}));
  const lint_finding* f = find(findings, "duplicate-entry");
  ASSERT_NE(f, nullptr) << dump(findings);
  EXPECT_EQ(f->detail, "allow_origins lists \"re:^https://a\\\"b\\\\.example\\tc$\" more than once; remove the "
                       "repetition");
  EXPECT_EQ(f->detail,
            "allow_origins lists " + corsproof::json_quoted(entry) + " more than once; remove the repetition");
}

TEST(LintBuildingBlocks, PublicSuffixList) {
  using namespace corsproof::lint;
  EXPECT_TRUE(is_public_suffix("github.io"));
  EXPECT_TRUE(is_public_suffix("co.uk"));
  EXPECT_FALSE(is_public_suffix("example.com"));
  EXPECT_EQ(shared_hosting_suffix("a.b.netlify.app"), "netlify.app");
  EXPECT_EQ(shared_hosting_suffix("s3.amazonaws.com"), "s3.amazonaws.com");
  EXPECT_EQ(shared_hosting_suffix("app.example.com"), "");
  EXPECT_EQ(shared_hosting_suffix("co.uk"), "");  // ICANN section: not shared hosting
  EXPECT_EQ(registrable_domain("a.b.example.co.uk"), "example.co.uk");
  EXPECT_EQ(registrable_domain("co.uk"), "");
  EXPECT_TRUE(is_loopback_host("localhost"));
  EXPECT_TRUE(is_loopback_host("app.localhost"));
  EXPECT_TRUE(is_loopback_host("127.10.0.1"));
  EXPECT_TRUE(is_loopback_host("[::1]"));
  EXPECT_FALSE(is_loopback_host("127.0.0.1.evil.test"));
  EXPECT_FALSE(is_loopback_host("localhost.evil.test"));
}

// Secure Contexts: "localhost." is "localhost"; the Public Suffix List is
// looked up without one trailing dot.
TEST(LintBuildingBlocks, OneTrailingDotIsStripped) {
  using namespace corsproof::lint;
  EXPECT_TRUE(is_loopback_host("localhost."));
  EXPECT_TRUE(is_loopback_host("app.localhost."));
  EXPECT_FALSE(is_loopback_host("localhost.."));
  EXPECT_FALSE(is_loopback_host("localhost.evil.test."));
  EXPECT_TRUE(is_public_suffix("co.uk."));
  EXPECT_TRUE(is_public_suffix("com."));
  EXPECT_FALSE(is_public_suffix("example.com."));
  EXPECT_EQ(shared_hosting_suffix("example.com."), "");
  EXPECT_EQ(shared_hosting_suffix("a.b.netlify.app."), "netlify.app");
  EXPECT_EQ(registrable_domain("a.b.example.co.uk."), "example.co.uk");
}

// localhost. with credentials is judged as localhost is: a warning, not the
// insecure-scheme error.
TEST(LintTrailingDot, LocalhostDotIsLocalhost) {
  auto codes = [](const std::string& origin) {
    std::vector<std::pair<std::string, severity>> out;
    for (const auto& f : lint_policy(origins({origin}).credentials())) out.emplace_back(f.code, f.level);
    return out;
  };
  EXPECT_EQ(codes("http://localhost."), codes("http://localhost"));
  EXPECT_EQ(codes("http://app.localhost.:8080"), codes("http://app.localhost:8080"));
  EXPECT_FALSE(corsproof::lint::has_errors(lint_policy(origins({"http://localhost."}).credentials())));
}

// The same for shared hosting: "github.io." is the shared hosting domain
// github.io (an error), not a name on it (a warning), and a wildcard under
// "cdpn.io." covers every name of CodePen's as one under "cdpn.io" does.
TEST(LintTrailingDot, SharedHostingDomainWithDotIsTheDomain) {
  auto codes = [](const std::string& origin) {
    std::vector<std::pair<std::string, severity>> out;
    for (const auto& f : lint_policy(origins({origin}))) out.emplace_back(f.code, f.level);
    return out;
  };
  for (const std::string origin : {"https://github.io", "https://cdpn.io", "https://*.cdpn.io", "https://*.github.io",
                                   "https://app.github.io", "https://*.x.cdpn.io"}) {
    SCOPED_TRACE(origin);
    EXPECT_FALSE(codes(origin).empty());
    EXPECT_EQ(codes(origin + "."), codes(origin));
  }
  EXPECT_TRUE(corsproof::lint::has_errors(lint_policy(origins({"https://github.io."}))));
}

// A forbidden request-header name stays forbidden-header-listed (one finding
// per name), not also response-header-listed.
TEST(LintHeaderLists, ForbiddenWinsOverResponseOnly) {
  const auto findings = lint_policy(origins({"https://app.example.com"}).headers({"Set-Cookie", "Vary"}));
  ASSERT_NE(find(findings, "forbidden-header-listed"), nullptr) << dump(findings);
  const lint_finding* r = find(findings, "response-header-listed");
  ASSERT_NE(r, nullptr) << dump(findings);
  EXPECT_NE(r->detail.find("\"Vary\""), std::string::npos) << r->detail;
  EXPECT_EQ(r->detail.find("Set-Cookie"), std::string::npos) << r->detail;
}

}  // namespace

namespace {

// One lint run keeps the Public Suffix List answers of the parents it has
// seen: a list lints to exactly the findings its entries give one at a time,
// whatever order the shared parents come in.
std::size_t count_code(const std::vector<lint_finding>& fs, const std::string& code) {
  return static_cast<std::size_t>(
      std::count_if(fs.begin(), fs.end(), [&](const lint_finding& f) { return f.code == code; }));
}

// One finding per code and entry: an entry that two checks find insecure
// (a plain-http origin inside the pattern's domain, and http://evil.test),
// and one duplicate-entry finding per repeated spelling however often it
// repeats.
TEST(LintFindings, OnePerCodeAndEntry) {
  const std::vector<lint_finding> regex = lint_policy(
      origins({"re:^https?://([a-z]+\\.)?example\\.com$|^http://evil\\.test$", "http://x.example.com"}).credentials());
  EXPECT_EQ(count_code(regex, "insecure-scheme-with-credentials"), 2U) << dump(regex);  // one an entry
  EXPECT_EQ(count_code(regex, "regex-too-broad"), 1U) << dump(regex);

  const std::vector<lint_finding> repeated =
      lint_policy(origins({"https://a.example.com", "https://a.example.com", "https://b.example.com",
                           "https://a.example.com", "https://b.example.com", "https://c.example.com"})
                      .headers({"X-A", "x-a", "X-A", "X-A"}));
  EXPECT_EQ(count_code(repeated, "duplicate-entry"), 4U) << dump(repeated);  // a, b; x-a, X-A
}

TEST(LintBuildingBlocks, ListLintsAsItsEntriesOneByOne) {
  const std::vector<std::string> entries = {
      "https://a.netlify.app",    "https://b.netlify.app",     "https://x.a.netlify.app", "https://app.example.com",
      "https://api.example.com",  "https://s3.amazonaws.com",  "https://b.s3.amazonaws.com",
      "https://a.b.example.co.uk", "https://c.b.example.co.uk", "https://b.netlify.app.",  "https://q.github.io",
      "https://r.q.github.io",    "https://*.netlify.app",     "https://*.a.netlify.app", "https://*.example.com"};
  std::multiset<std::string> one_by_one;
  std::size_t hosting = 0;
  for (const std::string& e : entries) {
    policy_config c;
    c.allow_origins = {e};
    for (const lint_finding& f : lint_policy(c)) {
      one_by_one.insert(f.code + "|" + f.detail);
      if (f.code == "third-party-hosting-origin") ++hosting;
    }
  }
  policy_config all;
  all.allow_origins = entries;
  std::multiset<std::string> together;
  for (const lint_finding& f : lint_policy(all)) together.insert(f.code + "|" + f.detail);
  EXPECT_EQ(together, one_by_one);
  EXPECT_GE(hosting, 7U);  // the netlify.app, s3.amazonaws.com and github.io names
}

}  // namespace

// lint_host asks libpsl about a wildcard's suffix under PSL_TYPE_ANY first
// and skips the private-section question (PSL_TYPE_PRIVATE |
// PSL_TYPE_NO_STAR_RULE) when the answer is no. That rests on an
// implication: every name libpsl counts a private-section public suffix it
// also counts a public suffix under ANY. Checked here on every rule of the
// list libpsl was built from, for the names a rule decides: the rule's own
// name, a name one label below it, and for `*.` rules and `!` exceptions
// those one and two labels below.
TEST(LintBuildingBlocks, PrivateSectionNamesArePublicSuffixesUnderAnyRule) {
  const psl_ctx_t* ctx = psl_builtin();
  if (ctx == nullptr) ctx = psl_latest(nullptr);  // as lint's own psl()
  ASSERT_NE(ctx, nullptr);
  const char* file = psl_builtin_filename();
  std::ifstream in(file == nullptr ? "" : file);
  if (!in) GTEST_SKIP() << "the list libpsl was built from is not installed: " << (file ? file : "(none)");
  std::size_t rules = 0;
  std::size_t private_names = 0;
  std::string line;
  while (std::getline(in, line)) {
    if (const std::size_t space = line.find_first_of(" \t\r"); space != std::string::npos) line.resize(space);
    if (line.empty() || line.starts_with("//")) continue;
    ++rules;
    std::string base = line;
    if (base.starts_with("*.")) base.erase(0, 2);
    if (base.starts_with("!")) base.erase(0, 1);
    for (const std::string& name : {base, "x." + base, "y.x." + base}) {
      const bool is_private = psl_is_public_suffix2(ctx, name.c_str(), PSL_TYPE_PRIVATE | PSL_TYPE_NO_STAR_RULE) != 0;
      if (!is_private) continue;
      ++private_names;
      EXPECT_NE(psl_is_public_suffix2(ctx, name.c_str(), PSL_TYPE_ANY), 0) << name << " (rule " << line << ")";
    }
  }
  // The installed list has thousands of rules, over a thousand of them in
  // the private section: a list read wrong would find next to none.
  EXPECT_GT(rules, 5000U);
  EXPECT_GT(private_names, 1000U);
}
