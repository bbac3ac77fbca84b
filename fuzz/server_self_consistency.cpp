// Fuzz target: the server decision (evaluate_server in corsproof/server.hpp) on
// a structured policy and request (fuzz/common/structured_input.hpp).
//
// Invariants of one answer (oracle protocol "Mode server" and
// docs/protocol-decisions.md "The answer"), none of them a second
// implementation of the checks:
// - deterministic, and independent of the output buffer's previous bytes;
// - a buffer of server_output_capacity bytes always holds the answer;
// - with status ok, header values and detail view the output buffer, at most
//   max_cors_response_headers headers, no name twice;
// - kind: not-cors exactly without Origin; preflight exactly for OPTIONS
//   with Origin and Access-Control-Request-Method;
// - not-cors: allowed, and its only header is `Vary: Origin`, present
//   exactly when the policy depends on the origin;
// - denied: no Access-Control-* header at all, only Vary; preflights 403;
//   `multiple-origins` exactly with two Origin headers; `malformed-origin`
//   exactly when the one Origin does not parse; `header-not-allowed` names a
//   token;
// - Vary: on actual/preflight answers, allowed or not, `Origin` exactly when
//   the policy depends on the origin; preflights also name both request
//   headers;
// - allowed: ACAO is `*` only for "*" without credentials, else the trimmed
//   request origin; with credentials ACAC is `true`, ACAO is never `*` and
//   ACAM / ACAH are the echo, never the wildcard (a name literally "*" that
//   was requested is echoed); preflights answer preflight_status, ACAM (the
//   method, or `*`), ACAH exactly when names were requested (the names in
//   request order, or `*`),
//   ACAPN exactly when asked, Access-Control-Max-Age exactly when the policy
//   sets it; actual answers carry none of those;
// - a buffer too small (any size) gives output_too_small with an empty
//   answer, or the same answer: never a partial one.
#include <FuzzedDataProvider.h>

#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <corsproof/corsproof.hpp>

#include "check.hpp"
#include "output_buffer.hpp"
#include "policy_cache.hpp"
#include "structured_input.hpp"

namespace {

using namespace corsproof;

constexpr std::string_view acao = "Access-Control-Allow-Origin";
constexpr std::string_view acac = "Access-Control-Allow-Credentials";
constexpr std::string_view acam = "Access-Control-Allow-Methods";
constexpr std::string_view acah = "Access-Control-Allow-Headers";
constexpr std::string_view acapn = "Access-Control-Allow-Private-Network";
constexpr std::string_view acma = "Access-Control-Max-Age";
constexpr std::string_view aceh = "Access-Control-Expose-Headers";

using buffer = corsproof_fuzz::output_buffer;

bool same_decision(const server_decision& a, const server_decision& b) {
  if (a.status != b.status || a.kind != b.kind || a.allowed != b.allowed || a.reason != b.reason ||
      a.detail != b.detail || a.http_status != b.http_status || a.header_count != b.header_count)
    return false;
  for (std::size_t i = 0; i < a.header_count; ++i)
    if (a.header_storage[i].name != b.header_storage[i].name || a.header_storage[i].value != b.header_storage[i].value)
      return false;
  return true;
}

bool empty_answer(const server_decision& d) {
  return d.header_count == 0 && !d.allowed && d.reason == server_reason::ok && d.detail.empty() &&
         d.http_status == 0;
}

// The comma-separated, trimmed, non-empty elements of a value.
std::vector<std::string_view> elements(std::string_view v) {
  std::vector<std::string_view> out;
  while (true) {
    const std::size_t comma = v.find(',');
    const std::string_view e = trim_tab_or_space(v.substr(0, comma));
    if (!e.empty()) out.push_back(e);
    if (comma == std::string_view::npos) return out;
    v.remove_prefix(comma + 1);
  }
}

bool has_element(std::string_view v, std::string_view e) {
  for (std::string_view x : elements(v))
    if (iequals(x, e)) return true;
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider p(data, size);
  corsproof_fuzz::decoder in(p, corsproof_fuzz::case_shape);
  corsproof_fuzz::server_case c;
  corsproof_fuzz::code_server_case(in, c);
  std::uint64_t small = 0;
  in.choice(small, 400);
  const auto describe = [&] { return corsproof_fuzz::json_server_case(c); };
  corsproof_fuzz::case_context ctx(describe);

  // Compiled once per distinct policy (fuzz/common/policy_cache.hpp).
  static corsproof_fuzz::policy_cache policies(256);
  const policy_result& compiled = policies.compile(c.policy);
  if (!compiled.ok()) return 0;  // refusals are policy_refusal_messages' subject
  const policy& pol = *compiled.value;
  const std::vector<header_view> hv = corsproof_fuzz::views(c.headers);
  const server_request req{c.method, hv};

  // Full-size buffers are allocated once: a fresh 16-64 KiB allocation per run
  // costs more than the evaluation. Different initial bytes catch an answer
  // that depends on what the buffer held.
  static const buffer out(server_output_capacity, '\0');
  const server_decision d = evaluate_server(pol, req, out.span());
  static const buffer out2(server_output_capacity, '\xAA');
  FUZZ_CHECK(same_decision(d, evaluate_server(pol, req, out2.span())),
             "evaluate_server must be deterministic and not read its output buffer");
  FUZZ_CHECK(d.status != eval_status::output_too_small,
             "a buffer of server_output_capacity bytes always holds a server answer (server.hpp)");
  FUZZ_CHECK(d.status == eval_status::ok || d.status == eval_status::limit_exceeded, "server statuses");
  if (d.status != eval_status::ok) {
    FUZZ_CHECK(hv.size() > max_server_request_headers, "limit_exceeded only beyond 256 request headers");
    FUZZ_CHECK(empty_answer(d), "no partial answer with a non-ok status");
    return 0;
  }
  FUZZ_CHECK(hv.size() <= max_server_request_headers, "more than 256 request headers must be refused");

  // Shape of the answer.
  FUZZ_CHECK(d.header_count <= max_cors_response_headers, "at most max_cors_response_headers headers");
  const header_list headers = d.headers();
  for (std::size_t i = 0; i < headers.size(); ++i) {
    FUZZ_CHECK(out.holds(headers[i].value), "header values view the output buffer");
    FUZZ_CHECK(count_headers(headers, headers[i].name) == 1, "no header name twice");
  }
  FUZZ_CHECK(out.holds(d.detail), "detail views the output buffer");
  FUZZ_CHECK(d.allowed == (d.reason == server_reason::ok), "allowed exactly with reason ok");

  // Classification.
  const std::size_t origins = count_headers(hv, "origin");
  const std::size_t acrms = count_headers(hv, "access-control-request-method");
  FUZZ_CHECK((d.kind == request_kind::not_cors) == (origins == 0), "not-cors exactly without Origin");
  FUZZ_CHECK((d.kind == request_kind::preflight) == (origins > 0 && c.method == "OPTIONS" && acrms > 0),
             "preflight exactly for OPTIONS (byte-exact) with Origin and Access-Control-Request-Method");

  const header_view* vary = find_header(headers, "vary");
  const bool depends = pol.depends_on_origin();
  for (const auto& h : headers) {
    const bool cors = h.name.size() >= 15 && iequals(h.name.substr(0, 15), "access-control-");
    FUZZ_CHECK(cors || iequals(h.name, "vary"), "only Access-Control-* and Vary headers");
    if (!d.allowed || d.kind == request_kind::not_cors)
      FUZZ_CHECK(!cors, "denied and not-cors answers carry no Access-Control-* header");
  }

  if (d.kind == request_kind::not_cors) {
    FUZZ_CHECK(d.allowed && d.http_status == 0 && d.detail.empty(), "not-cors: allowed, no status, no detail");
    FUZZ_CHECK((vary != nullptr) == depends, "not-cors: Vary exactly when the answers depend on the origin");
    if (vary) FUZZ_CHECK(vary->value == "Origin", "not-cors: the only header is Vary: Origin");
    return 0;
  }

  // Vary on CORS answers, allowed or denied.
  if (d.kind == request_kind::preflight) {
    FUZZ_CHECK(vary && has_element(vary->value, "access-control-request-method") &&
                   has_element(vary->value, "access-control-request-headers"),
               "preflight answers vary on both request headers");
  }
  FUZZ_CHECK((vary != nullptr && has_element(vary->value, "origin")) == depends,
             "Vary: Origin exactly when the answer depends on the origin, denials included");

  if (!d.allowed) {
    FUZZ_CHECK(d.http_status == (d.kind == request_kind::preflight ? 403 : 0), "denied preflights answer 403");
    FUZZ_CHECK((d.reason == server_reason::multiple_origins) == (origins > 1), "multiple-origins exactly for 2+");
    if (origins == 1) {
      const bool well_formed =
          parse_well_formed_origin(trim_tab_or_space(find_header(hv, "origin")->value)).ok();
      FUZZ_CHECK((d.reason == server_reason::malformed_origin) == !well_formed,
                 "malformed-origin exactly when the trimmed Origin is not well formed (the URL Standard's "
                 "origin serialization)");
    }
    if (d.reason == server_reason::header_not_allowed)
      FUZZ_CHECK(is_token(d.detail), "header-not-allowed names the refused header");
    if (d.kind == request_kind::actual)
      FUZZ_CHECK(d.reason == server_reason::multiple_origins || d.reason == server_reason::malformed_origin ||
                     d.reason == server_reason::origin_not_allowed,
                 "actual requests are judged on the origin only");
    if (d.reason == server_reason::method_not_allowed)
      FUZZ_CHECK(!is_cors_safelisted_method(trim_tab_or_space(find_header(hv, "access-control-request-method")->value)),
                 "safelisted methods always pass the method check");
    if (d.reason == server_reason::private_network_not_allowed)
      FUZZ_CHECK(!c.policy.allow_private_network, "private-network-not-allowed only when the policy says no");
  } else {
    const header_view* o = find_header(headers, acao);
    FUZZ_CHECK(o != nullptr, "an allowed CORS answer has Access-Control-Allow-Origin");
    const std::string_view request_origin = trim_tab_or_space(find_header(hv, "origin")->value);
    if (pol.any_origin() && !pol.credentials()) FUZZ_CHECK(o->value == "*", "\"*\" without credentials answers *");
    else FUZZ_CHECK(o->value == request_origin, "otherwise ACAO is the request's origin");
    const header_view* cred = find_header(headers, acac);
    FUZZ_CHECK((cred != nullptr) == pol.credentials(), "ACAC exactly with credentials");
    if (pol.credentials()) {
      FUZZ_CHECK(cred->value == "true", "ACAC: true");
      FUZZ_CHECK(o->value != "*", "credentials: never ACAO *");
      // ACAM / ACAH: never the wildcard, always the echo (checked below; a
      // method or header literally named "*" is echoed as such).
    }
    if (d.kind == request_kind::actual) {
      FUZZ_CHECK(d.http_status == 0, "actual answers have no status");
      for (std::string_view n : {acam, acah, acapn, acma})
        FUZZ_CHECK(find_header(headers, n) == nullptr, "preflight-only headers on an actual answer");
      bool exposes = false;
      for (const auto& e : c.policy.expose_headers) exposes |= !(e == "*" && pol.credentials());
      FUZZ_CHECK((find_header(headers, aceh) != nullptr) == exposes, "ACEH exactly when something is exposed");
    } else {
      FUZZ_CHECK(d.http_status == c.policy.preflight_status, "allowed preflights answer preflight_status");
      FUZZ_CHECK(find_header(headers, aceh) == nullptr, "no ACEH on a preflight");
      const header_view* m = find_header(headers, acam);
      FUZZ_CHECK(m != nullptr, "allowed preflights have ACAM");
      const std::string_view method = trim_tab_or_space(find_header(hv, "access-control-request-method")->value);
      FUZZ_CHECK((m->value == "*" && !pol.credentials()) || m->value == method,
                 "ACAM is the requested method, or * without credentials");
      const list_check requested =
          check_token_list(hv, "access-control-request-headers", request_headers_list_limits);
      const header_view* h = find_header(headers, acah);
      FUZZ_CHECK((h != nullptr) == (requested.count > 0), "ACAH exactly when names were requested");
      if (h != nullptr && (h->value != "*" || pol.credentials())) {  // with credentials, always the echo
        token_list_cursor cur(hv, "access-control-request-headers", request_headers_list_limits);
        const std::vector<std::string_view> echoed = elements(h->value);
        std::string_view name;
        std::size_t i = 0;
        while (cur.next(name)) {
          FUZZ_CHECK(i < echoed.size() && echoed[i] == name, "ACAH echoes the requested names in request order");
          ++i;
        }
        FUZZ_CHECK(i == echoed.size(), "ACAH echoes only the requested names");
      }
      bool asked = false;  // any Access-Control-Request-Private-Network: true (trimmed), not combined
      for (const auto& rh : hv)
        asked |= iequals(rh.name, "access-control-request-private-network") && trim_tab_or_space(rh.value) == "true";
      FUZZ_CHECK((find_header(headers, acapn) != nullptr) == asked, "ACAPN exactly when asked");
      if (asked) FUZZ_CHECK(c.policy.allow_private_network, "private network granted only when allowed");
      const header_view* age = find_header(headers, acma);
      FUZZ_CHECK((age != nullptr) == c.policy.max_age.has_value(), "Max-Age exactly when the policy sets it");
      if (age) FUZZ_CHECK(age->value == std::to_string(*c.policy.max_age), "Max-Age is the policy's value");
    }
  }

  // Small buffers: the same answer, or output_too_small and nothing else.
  std::size_t used = d.detail.size();
  for (const auto& h : headers) used += h.value.size();
  for (std::size_t n : {static_cast<std::size_t>(small), used, used == 0 ? 0 : used - 1}) {
    const buffer tight(n, '\x55');
    const server_decision t = evaluate_server(pol, req, tight.span());
    if (t.status == eval_status::output_too_small) {
      FUZZ_CHECK(empty_answer(t), "output_too_small must not come with a partial answer");
      FUZZ_CHECK(n < used, "a buffer as large as the answer's bytes must be enough");
    } else {
      FUZZ_CHECK(same_decision(t, d), "a smaller buffer gives the same answer or output_too_small");
    }
  }
  return 0;
}
