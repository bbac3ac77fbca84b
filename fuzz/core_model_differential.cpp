// Fuzz target: the core against the reference model (properties/model,
// corsproof_model/model.hpp) on the same structured case, through the
// core/model bridge (properties/bridge), the one comparison the property
// suite uses too.
//
// The first input byte's low bit picks the mode; the rest is a server case
// (policy + request) or a browser exchange (fuzz/common/structured_input.hpp).
//
// Checked, and any failure aborts with both answers and the case as an
// oracle protocol line:
// - policies: compile_policy accepts exactly what validate_policy accepts;
// - bounds (docs/protocol-decisions.md "Bounds", the bridge's
//   server_request_beyond_bounds / browser_exchange_beyond_bounds): the core
//   refuses with limit_exceeded exactly the cases beyond a bound (a browser
//   case the core finds invalid first, bad-case, excepted: the request
//   origin is checked before the bounds);
// - inside the bounds, corsproof_bridge::server_difference and
//   browser_difference: every field the protocol answers with (server: kind,
//   allowed, reason, status, detail for header-not-allowed, the headers
//   semantically; browser: outcome, needs_preflight, the preflight, the CORS
//   check, exposed_headers; two bad-case answers are the same answer).
#include <FuzzedDataProvider.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <corsproof/corsproof.hpp>
#include <corsproof_bridge/bridge.hpp>
#include <corsproof_model/model.hpp>

#include "check.hpp"
#include "policy_cache.hpp"
#include "structured_input.hpp"

namespace {

using namespace corsproof;
namespace model = corsproof_model;
namespace bridge = corsproof_bridge;

std::vector<model::Header> to_model(const std::vector<corsproof_fuzz::header>& hs) {
  std::vector<model::Header> out;
  out.reserve(hs.size());
  for (const auto& h : hs) out.push_back({h.name, h.value});
  return out;
}

void server_mode(corsproof_fuzz::decoder& in) {
  corsproof_fuzz::server_case c;
  corsproof_fuzz::code_server_case(in, c);
  const auto describe_case = [&] { return corsproof_fuzz::json_server_case(c); };
  corsproof_fuzz::case_context ctx(describe_case);

  const model::Policy mp = bridge::to_model_policy(c.policy);
  const std::optional<std::string> refusal = model::validate_policy(mp);
  // Compiled once per distinct policy (fuzz/common/policy_cache.hpp).
  static corsproof_fuzz::policy_cache policies(256);
  const policy_result& compiled = policies.compile(c.policy);
  FUZZ_CHECK(compiled.ok() == !refusal.has_value(),
             "core and model disagree on the policy: core " +
                 (compiled.ok() ? std::string("accepts") : "refuses: " + compiled.error) + "; model " +
                 (refusal ? "refuses: " + *refusal : std::string("accepts")));
  if (!compiled.ok()) return;

  const model::ServerRequest request{c.method, to_model(c.headers)};
  const bridge::core_server_result core = bridge::core_server_answer(*compiled.value, request);
  const bool beyond = bridge::server_request_beyond_bounds(request);
  FUZZ_CHECK(beyond == (core.status == eval_status::limit_exceeded),
             std::string("server: ") +
                 (beyond ? "the core answers a request beyond its 256-header bound"
                         : "the core refuses (" + std::string(to_string(core.status)) +
                               ") a request within its documented bounds"));
  if (beyond) return;
  FUZZ_CHECK(core.status == eval_status::ok,
             "server: the core gives no answer (" + std::string(to_string(core.status)) + ")");
  const model::ServerAnswer ref = model::server_answer(mp, request);
  if (const auto d = bridge::server_difference(core.answer, ref))
    FUZZ_CHECK(false, "server: core and model disagree: " + *d + "\n  core:  " + bridge::show(core.answer) +
                          "\n  model: " + bridge::show(ref));
}

void browser_mode(corsproof_fuzz::decoder& in) {
  corsproof_fuzz::browser_case c;
  corsproof_fuzz::code_browser_case(in, c);
  const auto describe_case = [&] { return corsproof_fuzz::json_browser_case(c); };
  corsproof_fuzz::case_context ctx(describe_case);

  model::BrowserExchange mx;
  mx.request = {c.origin, c.url, c.method, to_model(c.headers), std::string(to_string(c.credentials)),
                c.private_network};
  if (c.preflight_response)
    mx.preflight_response = model::Response{c.preflight_response->status, to_model(c.preflight_response->headers)};
  if (c.response) mx.response = model::Response{c.response->status, to_model(c.response->headers)};
  const model::BrowserAnswer ref = model::browser_answer(mx);
  const bridge::core_browser_result core = bridge::core_browser_answer(mx);
  const std::optional<std::string> beyond = bridge::browser_exchange_beyond_bounds(mx, ref);

  if (core.status == eval_status::output_too_small) return;  // browser_self_consistency's subject
  if (core.status == eval_status::limit_exceeded) {
    FUZZ_CHECK(beyond.has_value(), "browser: the core refuses (limit_exceeded: " + core.status_detail +
                                       ") an exchange within its documented bounds; model: " + bridge::show(ref));
    return;
  }
  // The request origin is checked before the bounds: an invalid one is
  // bad-case whatever else the exchange holds.
  FUZZ_CHECK(!beyond || core.status == eval_status::invalid_input,
             "browser: the core answers an exchange beyond its bounds (" + *beyond +
                 ") instead of refusing it; core: " + bridge::show(core.answer));
  if (const auto d = bridge::browser_difference(core.answer, ref))
    FUZZ_CHECK(false, "browser: core and model disagree: " + *d + "\n  core:  " + bridge::show(core.answer) +
                          "\n  model: " + bridge::show(ref));
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
