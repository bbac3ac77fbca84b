// Property family 3 — Safety invariants of every server answer, whatever the
// policy and the request:
//   * never Access-Control-Allow-Origin: * together with credentials;
//   * Vary: Origin whenever the answer depends on the origin;
//   * denied answers carry no Access-Control-Allow-* header (corsproof: no
//     Access-Control-* header at all), and not-cors answers none either.
// Checked on the core's answers and, as a check of the reference, on the
// model's.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>

#include "support.hpp"

namespace corsproof_props {
namespace {

using namespace corsproof_gen;

std::string lower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  return s;
}

std::vector<std::string> values_of(const ServerAnswer& a, const std::string& lower_name) {
  std::vector<std::string> v;
  for (const Header& h : a.headers)
    if (lower(h.name) == lower_name) v.push_back(h.value);
  return v;
}

bool vary_has_origin(const ServerAnswer& a) {
  for (const std::string& e : corsproof_bridge::list_elements(values_of(a, "vary"), false))
    if (e == "origin") return true;
  return false;
}

std::string trimmed(std::string s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.erase(0, 1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.pop_back();
  return s;
}

// The request's Origin value as the server reads it (trimmed), if exactly one.
std::optional<std::string> request_origin(const ServerRequest& r) {
  std::optional<std::string> o;
  int n = 0;
  for (const Header& h : r.headers)
    if (lower(h.name) == "origin") {
      o = trimmed(h.value);
      ++n;
    }
  return n == 1 ? o : std::nullopt;
}

bool requested_literal_star(const ServerRequest& r) {
  for (const Header& h : r.headers) {
    const std::string n = lower(h.name);
    if (n != "access-control-request-method" && n != "access-control-request-headers") continue;
    for (const std::string& e : corsproof_bridge::list_elements({h.value}, true))
      if (e == "*") return true;
  }
  return false;
}

// Every invariant one answer must satisfy on its own.
void check_answer(const Policy& p, const ServerRequest& r, const ServerAnswer& a, const char* who) {
  const std::string context = std::string(who) + " answer: " + show(a) + "\npolicy: " + show(p) + "\nrequest: " + show(r);
  const std::vector<std::string> acao = values_of(a, "access-control-allow-origin");
  const std::vector<std::string> acac = values_of(a, "access-control-allow-credentials");
  // Never ACAO * with credentials; never * for a credentials policy.
  for (const std::string& v : acao) {
    if (v == "*" && !acac.empty()) RC_FAIL("Access-Control-Allow-Origin: * together with credentials\n" + context);
    if (v == "*" && p.allow_credentials) RC_FAIL("Access-Control-Allow-Origin: * for a credentials policy\n" + context);
  }
  // At most one ACAO, one ACAC, and ACAC only "true".
  if (acao.size() > 1) RC_FAIL("more than one Access-Control-Allow-Origin\n" + context);
  if (acac.size() > 1 || (acac.size() == 1 && acac[0] != "true"))
    RC_FAIL("Access-Control-Allow-Credentials other than one \"true\"\n" + context);
  // ACAO is "*" or the request's own origin, never another one; `null` only
  // when the policy lists it.
  if (acao.size() == 1 && acao[0] != "*") {
    const std::optional<std::string> o = request_origin(r);
    if (!o || acao[0] != *o) RC_FAIL("Access-Control-Allow-Origin is not the request's origin\n" + context);
    if (acao[0] == "null" && std::find(p.allow_origins.begin(), p.allow_origins.end(), "null") == p.allow_origins.end())
      RC_FAIL("null granted by a policy that does not list it\n" + context);
  }
  // With credentials, `*` in the method and header lists would be read
  // literally by browsers: never there unless the request asked for a
  // method or header literally named `*`.
  if (p.allow_credentials && !requested_literal_star(r)) {
    for (const char* n : {"access-control-allow-methods", "access-control-allow-headers", "access-control-expose-headers"})
      for (const std::string& e : corsproof_bridge::list_elements(values_of(a, n), true))
        if (e == "*") RC_FAIL(std::string(n) + " lists * for a credentials policy\n" + context);
  }
  // Denied and not-cors answers carry no Access-Control-* header.
  if (!a.allowed || a.kind == "not-cors") {
    for (const Header& h : a.headers)
      if (lower(h.name).rfind("access-control-", 0) == 0)
        RC_FAIL(std::string(a.allowed ? "a not-cors" : "a denied") + " answer carries " + h.name + "\n" + context);
  }
  // Vary: Origin whenever the answer depends on the origin (decisions page:
  // everything but "*" without credentials), denied answers included.
  const bool depends = !(p.allow_origins == std::vector<std::string>{"*"} && !p.allow_credentials);
  if (depends && !vary_has_origin(a)) RC_FAIL("no Vary: Origin although the answer depends on the origin\n" + context);
  // An answer that reflects the origin always varies on it.
  if (acao.size() == 1 && acao[0] != "*" && !vary_has_origin(a))
    RC_FAIL("Access-Control-Allow-Origin reflects the origin without Vary: Origin\n" + context);
  // Preflight status: the policy's ok status when allowed, a non-ok one when denied.
  if (a.kind == "preflight") {
    RC_ASSERT(a.status.has_value());
    if (a.allowed && *a.status != p.preflight_status) RC_FAIL("allowed preflight with another status\n" + context);
    if (!a.allowed && *a.status >= 200 && *a.status <= 299) RC_FAIL("denied preflight with an ok status\n" + context);
  } else if (a.status) {
    RC_FAIL("a status on a non-preflight answer\n" + context);
  }
}

RC_GTEST_PROP(Safety, EveryCoreServerAnswerKeepsTheInvariants, ()) {
  const Policy p = *policy();
  const corsproof::policy compiled = compiled_or_discard(p);
  const ServerRequest r = *rc::gen::oneOf(server_request(p), preflight_request(p));
  const ServerAnswer a = core_server(compiled, r);
  RC_TAG(a.kind, a.allowed);
  // The compiled policy's own account of itself.
  const bool any = p.allow_origins == std::vector<std::string>{"*"};
  RC_ASSERT(compiled.any_origin() == any);
  RC_ASSERT(compiled.credentials() == p.allow_credentials);
  RC_ASSERT(compiled.depends_on_origin() == !(any && !p.allow_credentials));
  check_answer(p, r, a, "core");
}

RC_GTEST_PROP(Safety, EveryModelServerAnswerKeepsTheInvariants, ()) {
  const Policy p = *policy();
  if (corsproof_model::validate_policy(p)) RC_DISCARD("invalid policy");
  const ServerRequest r = *rc::gen::oneOf(server_request(p), preflight_request(p));
  const ServerAnswer a = corsproof_model::server_answer(p, r);
  RC_TAG(a.kind, a.allowed);
  check_answer(p, r, a, "model");
}

// Vary, semantically: ask the same question from two origins. When the two
// answers grant different things, a shared cache must not give one to the
// other, so both must carry Vary: Origin. The one exception is documented
// (docs/protocol-decisions.md "The answer", item 8): a "*" policy's
// `Access-Control-Allow-Origin: *` answer and its denial of `null` or of a
// malformed origin.
RC_GTEST_PROP(Safety, AnswersThatDifferByOriginBothVaryOnOrigin, ()) {
  const Policy p = *policy();
  const corsproof::policy compiled = compiled_or_discard(p);
  const ServerRequest r = *server_request(p);
  const std::vector<std::string> trusted = origins_trusted_by(p);
  ServerRequest r2 = r;
  bool had_origin = false;
  const std::string other = *origin_header_value(trusted);
  for (Header& h : r2.headers)
    if (lower(h.name) == "origin") {
      h.value = other;
      had_origin = true;
    }
  if (!had_origin) {
    // A not-cors request: compare with the same request from `other`.
    r2.headers.push_back({"Origin", other});
  }
  const ServerAnswer a = core_server(compiled, r);
  const ServerAnswer b = core_server(compiled, r2);
  const auto acao_a = values_of(a, "access-control-allow-origin");
  const auto acao_b = values_of(b, "access-control-allow-origin");
  RC_TAG(acao_a == acao_b ? "same grant" : "different grants");
  if (acao_a == acao_b) return;
  const bool star_exception = p.allow_origins == std::vector<std::string>{"*"} &&
                              ((acao_a == std::vector<std::string>{"*"} && acao_b.empty()) ||
                               (acao_b == std::vector<std::string>{"*"} && acao_a.empty()));
  if (star_exception) return;
  if (!vary_has_origin(a) || !vary_has_origin(b))
    RC_FAIL("two origins get different Access-Control-Allow-Origin but an answer lacks Vary: Origin\npolicy: " + show(p) +
            "\nrequest 1: " + show(r) + "\nanswer 1: " + show(a) + "\nrequest 2: " + show(r2) + "\nanswer 2: " + show(b));
}

}  // namespace
}  // namespace corsproof_props
