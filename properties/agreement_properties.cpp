// Property family 2 — Server/browser agreement: put a server with a policy in
// front of a conforming browser. Whenever the server grants a request, the
// browser accepts the server's answers for it (the preflight's and the actual
// response's); whenever the server denies it, the browser rejects them.
//
// The browser sends what Fetch says (the preflight's method and
// Access-Control-Request-Headers come from the browser's own answer), the
// server answers with exactly its CORS headers, and the browser judges those.
// A credentialed request to a policy without allow_credentials counts as
// denied: the server grants credentials only when the policy says so.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>

#include "support.hpp"

namespace corsproof_props {
namespace {

using namespace corsproof_gen;
using corsproof_model::BrowserRequest;
using corsproof_model::Response;

std::string lower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  return s;
}

bool is_canonical_or_null(const std::string& origin) {
  if (origin == "null") return true;
  const corsproof::origin_parse_result r = corsproof::parse_serialized_origin(origin);
  return r.ok() && !r.origin.opaque && corsproof::is_canonical(r.origin);
}

// Runs one round: browser -> server (preflight) -> browser -> server (actual)
// -> browser, and checks the verdicts agree. Returns a tag for classification.
std::string round_trip(const Policy& p, const corsproof::policy& compiled, const BrowserRequest& req,
                       bool core_server, bool core_browser) {
  auto server = [&](const ServerRequest& r) {
    return core_server ? corsproof_props::core_server(compiled, r) : corsproof_model::server_answer(p, r);
  };
  auto browser = [&](const BrowserExchange& ex) {
    const BrowserAnswer m = corsproof_model::browser_answer(ex);
    return core_browser ? corsproof_props::core_browser(ex, m) : m;
  };

  // What does the browser send? (A preflight response is needed to learn it;
  // any will do.)
  BrowserExchange probe;
  probe.request = req;
  probe.preflight_response = Response{};
  const BrowserAnswer sent = browser(probe);
  if (sent.outcome == "forbidden-request") RC_DISCARD("fetch() refuses this request");

  BrowserExchange ex;
  ex.request = req;
  bool preflight_granted = true;
  ServerAnswer preflight_answer;
  if (sent.needs_preflight) {
    RC_ASSERT(sent.preflight.has_value());
    ServerRequest pr;
    pr.method = "OPTIONS";
    pr.headers.push_back({"Origin", req.origin});
    pr.headers.push_back({"Access-Control-Request-Method", sent.preflight->method});
    if (sent.preflight->request_headers)
      pr.headers.push_back({"Access-Control-Request-Headers", *sent.preflight->request_headers});
    if (sent.preflight->private_network) pr.headers.push_back({"Access-Control-Request-Private-Network", "true"});
    pr.headers.push_back({"Accept", "*/*"});
    preflight_answer = server(pr);
    RC_ASSERT(preflight_answer.kind == "preflight");
    preflight_granted = preflight_answer.allowed;
    ex.preflight_response = Response{preflight_answer.status.value_or(0), preflight_answer.headers};
  }

  // The actual request: the normalized method, the Origin, the author's headers.
  ServerRequest ar;
  ar.method = sent.preflight ? sent.preflight->method : req.method;
  for (const char* m : {"GET", "HEAD", "POST"})
    if (lower(ar.method) == lower(m)) ar.method = m;
  ar.headers.push_back({"Origin", req.origin});
  // The author's headers as the browser sends them: forbidden ones dropped.
  for (const Header& h : req.headers)
    if (!corsproof::is_forbidden_request_header(h.name, corsproof::trim_http_whitespace(h.value))) ar.headers.push_back(h);
  const ServerAnswer actual_answer = server(ar);
  RC_ASSERT(actual_answer.kind == "actual");
  // The response: the server's CORS headers plus the resource's own headers,
  // among them every name the policy exposes.
  Response response;
  response.status = 200;
  response.headers = actual_answer.headers;
  std::vector<std::string> resource_names = {"Content-Type", "X-Request-Id", "Set-Cookie"};
  for (const std::string& n : p.expose_headers)
    if (n != "*") resource_names.push_back(n);
  for (const std::string& n : resource_names) response.headers.push_back({n, "1"});
  ex.response = response;

  const BrowserAnswer verdict = browser(ex);
  const bool credentialed = req.credentials == "include";
  const bool granted = preflight_granted && actual_answer.allowed && (!credentialed || p.allow_credentials);
  const std::string context = "policy: " + show(p) + "\nexchange: " + show(ex) + "\nbrowser: " + show(verdict) +
                              (sent.needs_preflight ? "\nserver (preflight): " + show(preflight_answer) : "") +
                              "\nserver (actual): " + show(actual_answer);
  if (granted) {
    if (verdict.outcome != "allowed") RC_FAIL("the server grants the request but the browser rejects it\n" + context);
    // Everything the policy exposes is readable by the page.
    RC_ASSERT(verdict.exposed_headers.has_value());
    for (const std::string& n : p.expose_headers) {
      if (n == "*" || lower(n) == "set-cookie" || lower(n) == "set-cookie2") continue;
      const auto& e = *verdict.exposed_headers;
      if (std::find(e.begin(), e.end(), lower(n)) == e.end())
        RC_FAIL("the policy exposes " + n + " but the page cannot read it\n" + context);
    }
  } else {
    if (verdict.outcome == "allowed") RC_FAIL("the server denies the request but the browser accepts it\n" + context);
    if (sent.needs_preflight && !preflight_granted && verdict.outcome != "blocked-preflight")
      RC_FAIL("the server denies the preflight but the browser does not block it there\n" + context);
  }
  return granted ? "granted" : (sent.needs_preflight && !preflight_granted ? "denied at preflight" : "denied");
}

BrowserRequest request_for(const Policy& p) {
  BrowserRequest req = *browser_request_for(p);
  // A browser only ever sends serialized origins.
  if (!is_canonical_or_null(req.origin)) {
    const std::vector<std::string> trusted = origins_trusted_by(p);
    req.origin = "https://app.example";
    for (const std::string& o : trusted)
      if (is_canonical_or_null(o)) req.origin = o;
  }
  return req;
}

RC_GTEST_PROP(Agreement, CoreBrowserAcceptsExactlyWhatCoreServerGrants, ()) {
  const Policy p = *policy();
  const corsproof::policy compiled = compiled_or_discard(p);
  const BrowserRequest req = request_for(p);
  RC_TAG(round_trip(p, compiled, req, /*core_server=*/true, /*core_browser=*/true));
}

// The model's browser is the independent reference of "a conforming browser".
RC_GTEST_PROP(Agreement, ModelBrowserAcceptsExactlyWhatCoreServerGrants, ()) {
  const Policy p = *policy();
  const corsproof::policy compiled = compiled_or_discard(p);
  const BrowserRequest req = request_for(p);
  RC_TAG(round_trip(p, compiled, req, /*core_server=*/true, /*core_browser=*/false));
}

// The reference model agrees with itself.
RC_GTEST_PROP(Agreement, ModelBrowserAcceptsExactlyWhatModelServerGrants, ()) {
  const Policy p = *policy();
  const corsproof::policy compiled = compiled_or_discard(p);
  const BrowserRequest req = request_for(p);
  RC_TAG(round_trip(p, compiled, req, /*core_server=*/false, /*core_browser=*/false));
}

}  // namespace
}  // namespace corsproof_props
