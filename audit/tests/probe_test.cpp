// audit/tests/probe_test.cpp — make_probes, the loopback-only rule, and the
// report renderers (no server needed; the end-to-end runs are separate
// ctest tests driven by corsproof_audit_e2e).
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <boost/json/parse.hpp>
#include <chrono>
#include <optional>
#include <set>
#include <string>

#include "corsproof/audit_json.hpp"
#include "corsproof/lint.hpp"
#include "corsproof/probe.hpp"

namespace {

using corsproof::audit::make_probes;
using corsproof::audit::probe;

corsproof::policy_config sample_policy() {
  corsproof::policy_config c;
  c.allow_origins = {"https://app.example.com", "https://*.partner.example",
                     "re:^https://[a-z0-9-]+\\.tenant\\.example\\.org$"};
  c.allow_methods = {"GET", "POST", "PUT", "PATCH"};
  c.allow_headers = {"content-type", "x-api-key"};
  c.allow_credentials = true;
  return c;
}

std::string header(const probe& p, std::string_view name) {
  for (const auto& [n, v] : p.headers)
    if (corsproof::iequals(n, name)) return v;
  return {};
}

std::set<std::string> origins(const std::vector<probe>& ps) {
  std::set<std::string> s;
  for (const auto& p : ps) s.insert(header(p, "Origin"));
  return s;
}

TEST(MakeProbes, CoversAllowedOriginsAndNearMisses) {
  const auto ps = make_probes(sample_policy(), "http://127.0.0.1:8080/x");
  const auto o = origins(ps);
  for (const char* want :
       {"https://app.example.com", "https://app.partner.example", "https://app.tenant.example.org",
        "https://app.example.com.evil.test", "https://evilapp.example.com", "https://evil.app.example.com",
        "http://app.example.com", "https://APP.EXAMPLE.COM", "https://app.example.com/",
        "https://app.example.com:8443", "null", "https://corsproof-unlisted.test", "https://partner.example",
        "https://evilpartner.example", ""})
    EXPECT_EQ(o.count(want), 1U) << want;
}

TEST(MakeProbes, CoversMethodsHeadersAndKinds) {
  const auto ps = make_probes(sample_policy(), "http://127.0.0.1:8080/x");
  std::set<std::string> acrm, acrh;
  bool cookie = false, private_network = false, repeated_acrh = false;
  for (const auto& p : ps) {
    if (p.method == "OPTIONS") {
      acrm.insert(header(p, "Access-Control-Request-Method"));
      acrh.insert(header(p, "Access-Control-Request-Headers"));
    }
    cookie = cookie || !header(p, "Cookie").empty();
    private_network = private_network || header(p, "Access-Control-Request-Private-Network") == "true";
    repeated_acrh = repeated_acrh || std::count_if(p.headers.begin(), p.headers.end(), [](const auto& h) {
                                       return h.first == "Access-Control-Request-Headers";
                                     }) == 2;
  }
  for (const char* m : {"PUT", "PATCH", "DELETE", "patch", "GET"}) EXPECT_EQ(acrm.count(m), 1U) << m;
  for (const char* h : {"content-type,x-api-key", "X-Api-Key ,  Content-Type", "x-corsproof-unlisted",
                        "authorization", "content-type,x-api-key,x-corsproof-unlisted"})
    EXPECT_EQ(acrh.count(h), 1U) << h;
  EXPECT_TRUE(cookie);
  EXPECT_TRUE(private_network);
  EXPECT_TRUE(repeated_acrh);
}

TEST(MakeProbes, IdsAreUniqueAndNumbered) {
  const auto ps = make_probes(sample_policy(), "http://127.0.0.1:8080/x");
  ASSERT_GT(ps.size(), 20U);
  std::set<std::string> ids;
  for (const auto& p : ps) {
    EXPECT_TRUE(ids.insert(p.id).second) << p.id;
    EXPECT_EQ(p.id.front(), 'p');
    EXPECT_FALSE(p.purpose.empty());
  }
  EXPECT_EQ(ps.front().id, "p01-not-cors");
}

TEST(MakeProbes, HonoursTheLimit) {
  EXPECT_EQ(make_probes(sample_policy(), "http://127.0.0.1/", 5).size(), 5U);
  EXPECT_TRUE(make_probes(sample_policy(), "http://127.0.0.1/", 0).empty());
}

TEST(MakeProbes, NeverUsesTheTargetsOwnOrigin) {
  corsproof::policy_config c = sample_policy();
  const auto ps = make_probes(c, "https://app.example.com/api");
  EXPECT_EQ(origins(ps).count("https://app.example.com"), 0U);
}

TEST(MakeProbes, InvalidPolicyGivesNothing) {
  corsproof::policy_config c;
  c.allow_origins = {"https://App.example.com"};
  EXPECT_TRUE(make_probes(c, "http://127.0.0.1/").empty());
}

TEST(MakeProbes, AnyOriginAndNull) {
  corsproof::policy_config c;
  c.allow_origins = {"*"};
  const auto o = origins(make_probes(c, "http://127.0.0.1/"));
  EXPECT_EQ(o.count("https://corsproof-probe.example"), 1U);
  EXPECT_EQ(o.count("null"), 1U);
  c.allow_origins = {"null"};
  EXPECT_EQ(origins(make_probes(c, "http://127.0.0.1/")).count("null"), 1U);
}

// ---- Loopback only ------------------------------------------------------------

TEST(LoopbackOnly, AcceptsLoopbackUrls) {
  using corsproof::audit::loopback_url_error;
  for (const char* url : {"http://127.0.0.1:8080/x", "http://127.1.2.3/", "http://localhost:9/a?b",
                          "http://LOCALHOST/", "https://localhost", "http://[::1]:8080/", "HTTP://127.0.0.1/"})
    EXPECT_EQ(loopback_url_error(url), std::nullopt) << url;
}

TEST(LoopbackOnly, RefusesEverythingElse) {
  using corsproof::audit::loopback_url_error;
  for (const char* url :
       {"http://example.com/", "http://10.0.0.1/", "http://192.168.1.1:8080/", "http://0.0.0.0/", "http://[::2]/",
        "http://[::]/", "http://128.0.0.1/", "http://127.0.0.1.nip.io/", "http://localhost.evil.test/",
        "ftp://127.0.0.1/", "file:///etc/passwd", "not a url", "", "http://[fe80::1%25eth0]/"})
    EXPECT_NE(loopback_url_error(url), std::nullopt) << url;
}

// One loopback rule (corsproof/loopback_host.hpp): the linter's
// localhost-origin-in-policy and `audit --http`'s URL check agree on every
// host. Secure Contexts: 127.0.0.0/8, ::1/128, localhost, *.localhost; the
// URL Standard's host parser reads the host (127.1 is 127.0.0.1,
// 127.999.0.1 is no IPv4 address).
TEST(LoopbackOnly, TheLinterAndTheProbesAgree) {
  struct row {
    const char* host;
    bool loopback;
  };
  for (const row& r : std::initializer_list<row>{{"127.0.0.1", true},
                                                 {"127.1", true},
                                                 {"127.255.255.255", true},
                                                 {"0x7f.0.0.1", true},
                                                 {"0177.0.0.1", true},
                                                 {"2130706433", true},
                                                 {"127.999.0.1", false},
                                                 {"127.0.0.1.1", false},
                                                 {"128.0.0.1", false},
                                                 {"localhost", true},
                                                 {"localhost.", true},
                                                 {"LocalHost", true},
                                                 {"app.localhost", true},
                                                 {"localhost.evil.test", false},
                                                 {"[::1]", true},
                                                 {"[0:0:0:0:0:0:0:1]", true},
                                                 {"[::ffff:127.0.0.1]", false},
                                                 {"[::]", false},
                                                 {"127.0.0.1.nip.io", false},
                                                 {"example.com", false}}) {
    SCOPED_TRACE(r.host);
    EXPECT_EQ(corsproof::lint::is_loopback_host(r.host), r.loopback);
    EXPECT_EQ(!corsproof::audit::loopback_url_error("http://" + std::string(r.host) + ":8080/x").has_value(),
              r.loopback)
        << corsproof::audit::loopback_url_error("http://" + std::string(r.host) + ":8080/x").value_or("");
    // The linter's verdict on an origin with that host, when the policy
    // accepts the origin as written (canonical hosts only).
    corsproof::policy_config c;
    c.allow_origins = {"https://" + std::string(r.host)};
    if (corsproof::compile_policy(c).ok()) {
      const auto findings = corsproof::lint::lint_policy(c);
      const bool warned = std::any_of(findings.begin(), findings.end(), [](const corsproof::finding& f) {
        return f.code == "localhost-origin-in-policy";
      });
      EXPECT_EQ(warned, r.loopback);
    }
  }
}

TEST(LoopbackOnly, RunProbesSendsNothingToOtherHosts) {
  const auto cfg = sample_policy();
  auto compiled = corsproof::compile_policy(cfg);
  ASSERT_TRUE(compiled.ok());
  const auto ps = make_probes(cfg, "http://192.0.2.1/");
  const auto report = corsproof::audit::run_probes("http://192.0.2.1/", ps, *compiled.value);
  EXPECT_FALSE(report.refused.empty());
  EXPECT_TRUE(report.outcomes.empty());
  EXPECT_FALSE(report.conforms());
  EXPECT_EQ(corsproof::audit::render_report_text(report).rfind("refused: ", 0), 0U);
  // The word is said once (the renderer adds it, the reason does not).
  EXPECT_EQ(corsproof::audit::render_report_text(report).find("refused: refused"), std::string::npos)
      << corsproof::audit::render_report_text(report);
  const auto j = boost::json::parse(corsproof::audit::render_report_json(report));
  EXPECT_TRUE(j.as_object().contains("refused"));
}

// A loopback port with nothing listening: the first probe fails fast, and
// nothing more is sent (one clear error, not one failure per probe).
TEST(RunProbes, ClosedPortStopsAfterTheFirstProbe) {
  const int s = socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(s, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
  socklen_t len = sizeof a;
  ASSERT_EQ(getsockname(s, reinterpret_cast<sockaddr*>(&a), &len), 0);
  const int port = ntohs(a.sin_port);
  close(s);  // bound once, now closed: connections are refused

  const auto cfg = sample_policy();
  auto compiled = corsproof::compile_policy(cfg);
  ASSERT_TRUE(compiled.ok());
  const std::string url = "http://127.0.0.1:" + std::to_string(port) + "/";
  corsproof::audit::probe_options opt;
  opt.timeout = std::chrono::milliseconds(500);
  const auto ps = make_probes(cfg, url);
  const auto start = std::chrono::steady_clock::now();
  const auto report = corsproof::audit::run_probes(url, ps, *compiled.value, opt);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
  EXPECT_FALSE(report.unreachable.empty());
  EXPECT_NE(report.unreachable.find(url), std::string::npos) << report.unreachable;
  EXPECT_TRUE(report.outcomes.empty());
  EXPECT_FALSE(report.conforms());
  const std::string text = corsproof::audit::render_report_text(report);
  EXPECT_EQ(text.rfind("unreachable: ", 0), 0U) << text;
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 1) << text;
  const auto j = boost::json::parse(corsproof::audit::render_report_json(report)).as_object();
  EXPECT_TRUE(j.contains("unreachable"));
}

TEST(ExtraHeaders, TheProbesOwnHeadersAreRefused) {
  using corsproof::audit::extra_header_error;
  EXPECT_EQ(extra_header_error("Authorization"), std::nullopt);
  EXPECT_EQ(extra_header_error("Cookie"), std::nullopt);
  EXPECT_NE(extra_header_error("origin"), std::nullopt);
  EXPECT_NE(extra_header_error("Access-Control-Request-Headers"), std::nullopt);
  EXPECT_NE(extra_header_error("bad name"), std::nullopt);
  EXPECT_NE(extra_header_error(""), std::nullopt);
}

TEST(CurlCommand, ReproducesTheProbe) {
  probe p;
  p.id = "p07-x";
  p.method = "OPTIONS";
  p.headers = {{"Origin", "https://a.example"}, {"Access-Control-Request-Method", "PUT"}, {"X-Empty", ""}};
  EXPECT_EQ(corsproof::audit::curl_command("http://127.0.0.1:8080/api", p, {{"Cookie", "s=it's"}}),
            "curl -sS -i -X 'OPTIONS' -H 'Origin: https://a.example' -H 'Access-Control-Request-Method: PUT' "
            "-H 'X-Empty;' -H 'Cookie: s=it'\\''s' 'http://127.0.0.1:8080/api'");
  p.method = "GET";
  EXPECT_EQ(corsproof::audit::curl_command("http://localhost/", p, {}).rfind("curl -sS -i -H 'Origin", 0), 0U);
  p.method = "POST";
  EXPECT_NE(corsproof::audit::curl_command("http://localhost/", p, {}).find("-X 'POST' -H 'Content-Length: 0'"),
            std::string::npos);
}

// Findings are grouped by code: one line per code with the probe count and
// ids, the first detail, and one curl command.
TEST(RenderReport, GroupsFindingsByCode) {
  corsproof::audit::probe_report report;
  report.url = "http://127.0.0.1:9/";
  for (int i = 0; i < 12; ++i) {
    corsproof::audit::probe_outcome o;
    o.request.id = "p" + std::to_string(10 + i) + "-actual";
    o.request.method = "GET";
    o.request.headers = {{"Origin", "https://evil" + std::to_string(i) + ".test"}};
    o.answered = true;
    o.status = 200;
    o.audit.findings.push_back({"missing-vary-origin", corsproof::audit::severity::error, "detail " + std::to_string(i)});
    if (i == 3) o.audit.findings.push_back({"max-age-differs", corsproof::audit::severity::warning, "w"});
    report.outcomes.push_back(std::move(o));
  }
  corsproof::audit::probe_outcome failed;
  failed.request.id = "p30-failed";
  failed.request.method = "GET";
  failed.transport_error = "timeout";
  report.outcomes.push_back(failed);
  const std::string text = corsproof::audit::render_report_text(report);
  EXPECT_NE(text.find("error missing-vary-origin (12 probes): p10-actual, p11-actual"), std::string::npos) << text;
  EXPECT_NE(text.find("and 4 more\n  p10-actual: detail 0\n  reproduce: curl -sS -i -H 'Origin: https://evil0.test'"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("error probe-failed (1 probe): p30-failed\n  p30-failed: timeout\n"), std::string::npos) << text;
  EXPECT_NE(text.find("warning max-age-differs (1 probe): p13-actual"), std::string::npos) << text;
  // Errors before warnings; the biggest group first.
  EXPECT_LT(text.find("missing-vary-origin"), text.find("probe-failed"));
  EXPECT_LT(text.find("probe-failed"), text.find("max-age-differs"));
  // One curl command per group, whatever the number of probes.
  std::size_t curls = 0;
  for (std::size_t at = text.find("reproduce: curl"); at != std::string::npos; at = text.find("reproduce: curl", at + 1))
    ++curls;
  EXPECT_EQ(curls, 3U) << text;
  EXPECT_NE(text.find("summary: 13 probes"), std::string::npos) << text;
  const auto j = boost::json::parse(corsproof::audit::render_report_json(report)).as_object();
  const auto& groups = j.at("groups").as_array();
  ASSERT_EQ(groups.size(), 3U);
  EXPECT_EQ(groups[0].as_object().at("code").as_string(), "missing-vary-origin");
  EXPECT_EQ(groups[0].as_object().at("count").as_int64(), 12);
  EXPECT_EQ(groups[0].as_object().at("probes").as_array().size(), 12U);
}

// The probes ask a preflight for safelisted-looking names the policy does
// not list: a server that always allows them is caught.
TEST(MakeProbes, AsksForUnlistedSafelistedLookingNames) {
  corsproof::policy_config c = sample_policy();  // lists content-type, not accept
  auto ps = make_probes(c, "http://127.0.0.1/");
  auto requested = [&ps](std::string_view name) {
    return std::any_of(ps.begin(), ps.end(), [&](const probe& p) {
      return p.id.ends_with("-preflight-unlisted-" + std::string(name)) && p.method == "OPTIONS" &&
             header(p, "Access-Control-Request-Headers") == name;
    });
  };
  EXPECT_TRUE(requested("accept"));
  EXPECT_FALSE(requested("content-type"));
  c.allow_headers = {"x-api-key"};
  ps = make_probes(c, "http://127.0.0.1/");
  EXPECT_TRUE(requested("content-type"));
  EXPECT_TRUE(requested("accept"));
  c.allow_headers = {"*"};
  ps = make_probes(c, "http://127.0.0.1/");
  EXPECT_FALSE(requested("content-type"));
  EXPECT_FALSE(requested("accept"));
}

}  // namespace
