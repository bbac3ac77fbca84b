// Fuzz target: the core against the reference model (properties/model,
// corsproof_model/model.hpp) on the same structured case.
//
// The first input byte's low bit picks the mode; the rest is a server case
// (policy + request) or a browser exchange (fuzz/common/structured_input.hpp),
// kept within corsproof's documented bounds (the model has none, so a case
// beyond them is skipped, and inside them the core must answer).
//
// Compared, and any difference aborts with both answers and the case as an
// oracle protocol line:
// - policies: compile_policy accepts exactly what validate_policy accepts;
// - server: kind, allowed, reason, status, detail for header-not-allowed, and
//   the headers semantically (names case-insensitive, any order; Vary and
//   the list-valued Access-Control-Allow-Methods / -Allow-Headers /
//   -Expose-Headers as sets of comma-separated trimmed elements);
// - browser: outcome (missing_input and invalid_input are the model's bad-case),
//   needs_preflight, the preflight (method, request_headers, ok, error,
//   max_age, private_network), the CORS check (ok, error), exposed_headers.
#include <FuzzedDataProvider.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <corsproof/corsproof.hpp>
#include <corsproof_bridge/bridge.hpp>
#include <corsproof_model/model.hpp>

#include "check.hpp"
#include "structured_input.hpp"

namespace {

using namespace corsproof;
namespace model = corsproof_model;
using corsproof_fuzz::json_quote;

std::vector<model::Header> to_model(const std::vector<corsproof_fuzz::header>& hs) {
  std::vector<model::Header> out;
  for (const auto& h : hs) out.push_back({h.name, h.value});
  return out;
}

std::string lower(std::string_view s) {
  std::string l(s);
  for (char& ch : l)
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch + 32);
  return l;
}

// ---- server ----------------------------------------------------------------

struct server_view {
  std::string kind, reason, detail;
  bool allowed = false;
  std::optional<int> status;
  std::vector<std::pair<std::string, std::string>> headers;
};

std::string describe(const server_view& v) {
  std::string s = "{\"kind\": " + json_quote(v.kind) + ", \"allowed\": " + (v.allowed ? "true" : "false") +
                  ", \"reason\": " + json_quote(v.reason) + ", \"detail\": " + json_quote(v.detail);
  if (v.status) s += ", \"status\": " + std::to_string(*v.status);
  s += ", \"headers\": [";
  for (std::size_t i = 0; i < v.headers.size(); ++i)
    s += (i ? ", [" : "[") + json_quote(v.headers[i].first) + ", " + json_quote(v.headers[i].second) + "]";
  return s + "]}";
}

// A header's value in comparable form: list-valued headers as a sorted set
// of trimmed elements (header names lower-cased), others trimmed.
std::string comparable(std::string_view name, std::string_view value) {
  const std::string n = lower(name);
  const bool list = n == "vary" || n == "access-control-allow-methods" || n == "access-control-allow-headers" ||
                    n == "access-control-expose-headers";
  if (!list) return std::string(trim_tab_or_space(value));
  const bool names = n != "access-control-allow-methods";  // methods are case-sensitive
  std::set<std::string> elements;
  while (true) {
    const std::size_t comma = value.find(',');
    const std::string_view e = trim_tab_or_space(value.substr(0, comma));
    if (!e.empty()) elements.insert(names ? lower(e) : std::string(e));
    if (comma == std::string_view::npos) break;
    value.remove_prefix(comma + 1);
  }
  std::string out;
  for (const auto& e : elements) out += e + "\n";
  return out;
}

std::multimap<std::string, std::string> comparable(const server_view& v) {
  std::multimap<std::string, std::string> m;
  for (const auto& [n, val] : v.headers) m.emplace(lower(n), comparable(n, val));
  return m;
}

bool same(const server_view& a, const server_view& b) {
  if (a.kind != b.kind || a.allowed != b.allowed || a.reason != b.reason || a.status != b.status) return false;
  if (a.reason == "header-not-allowed" && a.detail != b.detail) return false;  // fixed by the protocol
  return comparable(a) == comparable(b);
}

void server_mode(corsproof_fuzz::decoder& in) {
  corsproof_fuzz::server_case c;
  corsproof_fuzz::code_server_case(in, c);
  const auto describe_case = [&] { return corsproof_fuzz::json_server_case(c); };
  corsproof_fuzz::case_context ctx(describe_case);
  if (c.headers.size() > max_server_request_headers) return;
  // Policy entries over max_policy_entry_bytes are compared too: the
  // decisions page bounds every list's names, and the model refuses them.

  const model::Policy mp = corsproof_bridge::to_model_policy(c.policy);
  const std::optional<std::string> refusal = model::validate_policy(mp);
  const policy_result compiled = corsproof_fuzz::compile_checked(c.policy);
  FUZZ_CHECK(compiled.ok() == !refusal.has_value(),
             "core and model disagree on the policy: core " +
                 (compiled.ok() ? std::string("accepts") : "refuses: " + compiled.error) + "; model " +
                 (refusal ? "refuses: " + *refusal : std::string("accepts")));
  if (!compiled.ok()) return;

  const std::vector<header_view> hv = corsproof_fuzz::views(c.headers);
  static std::vector<char> out(server_output_capacity);
  const server_decision d = evaluate_server(*compiled.value, server_request{c.method, hv}, out);
  // output_too_small here is server_self_consistency's finding (a documented
  // capacity that does not hold); there is nothing to compare.
  if (d.status != eval_status::ok) return;
  server_view core;
  core.kind = to_string(d.kind);
  core.allowed = d.allowed;
  core.reason = to_string(d.reason);
  core.detail = d.detail;
  if (d.kind == request_kind::preflight) core.status = d.http_status;
  for (const auto& h : d.headers()) core.headers.emplace_back(h.name, h.value);

  const model::ServerAnswer a = model::server_answer(mp, model::ServerRequest{c.method, to_model(c.headers)});
  server_view ref;
  ref.kind = a.kind;
  ref.allowed = a.allowed;
  ref.reason = a.reason;
  ref.detail = a.detail;
  ref.status = a.status;
  for (const auto& h : a.headers) ref.headers.emplace_back(h.name, h.value);

  FUZZ_CHECK(same(core, ref), "server: core and model disagree\n  core:  " + describe(core) + "\n  model: " +
                                  describe(ref));
}

// ---- browser ---------------------------------------------------------------

struct browser_view {
  std::string outcome;
  bool needs_preflight = false;
  std::optional<model::PreflightAnswer> preflight;
  std::optional<model::CorsCheckAnswer> cors_check;
  std::optional<std::vector<std::string>> exposed;
};

std::string opt(const std::optional<std::string>& s) { return s ? json_quote(*s) : "null"; }

std::string describe(const browser_view& v) {
  std::string s = "{\"outcome\": " + json_quote(v.outcome) +
                  ", \"needs_preflight\": " + (v.needs_preflight ? "true" : "false") + ", \"preflight\": ";
  if (v.preflight) {
    const auto& p = *v.preflight;
    s += "{\"method\": " + json_quote(p.method) + ", \"request_headers\": " + opt(p.request_headers) +
         ", \"ok\": " + (p.ok ? "true" : "false") + ", \"error\": " + opt(p.error) +
         ", \"max_age\": " + (p.max_age ? std::to_string(*p.max_age) : "null") +
         ", \"private_network\": " + (p.private_network ? "true" : "false") + "}";
  } else {
    s += "null";
  }
  s += ", \"cors_check\": ";
  s += v.cors_check ? "{\"ok\": " + std::string(v.cors_check->ok ? "true" : "false") +
                          ", \"error\": " + opt(v.cors_check->error) + "}"
                    : std::string("null");
  s += ", \"exposed_headers\": ";
  if (v.exposed) {
    s += "[";
    for (std::size_t i = 0; i < v.exposed->size(); ++i) s += (i ? ", " : "") + json_quote((*v.exposed)[i]);
    s += "]";
  } else {
    s += "null";
  }
  return s + "}";
}

bool same(const std::optional<model::PreflightAnswer>& a, const std::optional<model::PreflightAnswer>& b) {
  if (a.has_value() != b.has_value()) return false;
  if (!a) return true;
  return a->method == b->method && a->request_headers == b->request_headers && a->ok == b->ok &&
         a->error == b->error && a->max_age == b->max_age && a->private_network == b->private_network;
}

bool same(const browser_view& a, const browser_view& b) {
  const bool cors_same = a.cors_check.has_value() == b.cors_check.has_value() &&
                         (!a.cors_check || (a.cors_check->ok == b.cors_check->ok &&
                                            a.cors_check->error == b.cors_check->error));
  return a.outcome == b.outcome && a.needs_preflight == b.needs_preflight && same(a.preflight, b.preflight) &&
         cors_same && a.exposed == b.exposed;
}

std::optional<std::string> error_code(browser_error e) {
  if (e == browser_error::none) return std::nullopt;
  return std::string(to_string(e));
}

bool over_bounds(const corsproof_fuzz::browser_case& c) {
  auto big = [](const std::vector<corsproof_fuzz::header>& hs, std::size_t max_pairs) {
    if (hs.size() > max_pairs) return true;
    for (const auto& h : hs)
      if (h.name.size() > max_header_name_bytes || h.value.size() > max_header_value_bytes) return true;
    return false;
  };
  return big(c.headers, max_browser_request_headers) ||
         (c.preflight_response && big(c.preflight_response->headers, max_browser_response_headers)) ||
         (c.response && big(c.response->headers, max_browser_response_headers));
}

void browser_mode(corsproof_fuzz::decoder& in) {
  corsproof_fuzz::browser_case c;
  corsproof_fuzz::code_browser_case(in, c);
  const auto describe_case = [&] { return corsproof_fuzz::json_browser_case(c); };
  corsproof_fuzz::case_context ctx(describe_case);
  if (over_bounds(c)) return;

  model::BrowserExchange mx;
  mx.request = {c.origin, c.url, c.method, to_model(c.headers), std::string(to_string(c.credentials)),
                c.private_network};
  if (c.preflight_response) mx.preflight_response = model::Response{c.preflight_response->status,
                                                                    to_model(c.preflight_response->headers)};
  if (c.response) mx.response = model::Response{c.response->status, to_model(c.response->headers)};
  const model::BrowserAnswer a = model::browser_answer(mx);
  browser_view ref{a.outcome, a.needs_preflight, a.preflight, a.cors_check, a.exposed_headers};

  const std::vector<header_view> rh = corsproof_fuzz::views(c.headers);
  const std::vector<header_view> ph =
      c.preflight_response ? corsproof_fuzz::views(c.preflight_response->headers) : std::vector<header_view>{};
  const std::vector<header_view> sh = c.response ? corsproof_fuzz::views(c.response->headers)
                                                 : std::vector<header_view>{};
  const http_response preflight{c.preflight_response ? c.preflight_response->status : 0, ph};
  const http_response response{c.response ? c.response->status : 0, sh};
  browser_exchange ex;
  ex.request = {c.origin, c.url, c.method, rh, c.credentials, c.private_network};
  ex.preflight_response = c.preflight_response ? &preflight : nullptr;
  ex.response = c.response ? &response : nullptr;
  static std::vector<char> out(browser_output_capacity);
  const browser_decision d = evaluate_browser(ex, out);

  if (d.status == eval_status::limit_exceeded) {
    // Within the pair and byte bounds, only the name-count bounds remain.
    const std::size_t unsafe = a.preflight && a.preflight->request_headers
                                   ? 1 + static_cast<std::size_t>(std::count(a.preflight->request_headers->begin(),
                                                                             a.preflight->request_headers->end(), ','))
                                   : 0;
    const std::size_t exposed = a.exposed_headers ? a.exposed_headers->size() : 0;
    FUZZ_CHECK(unsafe > max_unsafe_header_names || exposed > max_exposed_header_names ||
                   c.headers.size() + 1 > max_unsafe_header_names || c.url.size() > max_origin_bytes,
               "core refused (limit_exceeded: " + std::string(d.status_detail) +
                   ") a case within its documented bounds; model: " + describe(ref));
    return;
  }
  if (d.status == eval_status::output_too_small) return;  // browser_self_consistency's subject

  browser_view core;
  if (d.status == eval_status::missing_input || d.status == eval_status::invalid_input) {
    core.outcome = "bad-case";
    core.needs_preflight = d.needs_preflight;
    // The model reports what it decided before finding the input missing.
    core.needs_preflight = ref.needs_preflight;
  } else {
    core.outcome = to_string(d.outcome);
    core.needs_preflight = d.needs_preflight;
    if (d.needs_preflight && d.outcome != browser_outcome::forbidden_request) {
      model::PreflightAnswer p;
      p.method = d.preflight_method;
      if (d.has_preflight_request_headers) p.request_headers = std::string(d.preflight_request_headers);
      p.ok = d.preflight_ok;
      p.error = error_code(d.preflight_error);
      if (d.has_max_age) p.max_age = static_cast<long long>(d.max_age);
      p.private_network = d.preflight_private_network;
      core.preflight = p;
    }
    if (d.cors_check_done) core.cors_check = model::CorsCheckAnswer{d.cors_check_ok, error_code(d.cors_check_error)};
    if (d.has_exposed) core.exposed = std::vector<std::string>(d.exposed.view().begin(), d.exposed.view().end());
  }
  if (core.outcome == "bad-case") {
    FUZZ_CHECK(ref.outcome == "bad-case", "browser: core says the case is invalid (" + std::string(d.status_detail) +
                                              "), model answers " + describe(ref));
    return;
  }
  FUZZ_CHECK(same(core, ref),
             "browser: core and model disagree\n  core:  " + describe(core) + "\n  model: " + describe(ref));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider p(data, size);
  corsproof_fuzz::decoder in(p, corsproof_fuzz::case_shape);
  bool browser = false;
  corsproof_fuzz::flag(in, browser);
  if (browser) browser_mode(in);
  else server_mode(in);
  return 0;
}
