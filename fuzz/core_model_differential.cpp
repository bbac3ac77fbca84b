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
//   check, exposed_headers; two bad-case answers are the same answer);
// - protocol v1.1: the browser exchange run as a chain of one hop
//   (corsproof::evaluate_chain) gives the same v1 fields as evaluate_browser,
//   or `incomplete` naming what it needs where v1 judges a partial exchange
//   (one_hop_chain below says where the two may differ).
#include <FuzzedDataProvider.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <corsproof/corsproof.hpp>
#include <corsproof_bridge/bridge.hpp>
#include <corsproof_bridge/chain_bridge.hpp>
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

// Protocol v1.1: the exchange as a chain of one hop (evaluate_chain,
// redirect mode follow, an empty cache) answers with the same v1 fields as
// evaluate_browser (which the model has just confirmed). Where v1 judges a
// partial exchange the chain is incomplete and names what it needs (no
// response and v1 allowed: the response; a needed preflight_response
// missing, v1's missing input: the preflight response). A redirect status
// that passes the CORS check is followed by the chain (or, without
// Location, delivered with the chain's fields): then only a v1 failure is
// compared. A URL the URL Standard's parser refuses is forbidden-request in
// the chain only. Bounds differ (the chain also bounds the URL at 8192 bytes):
// a limit_exceeded on either side is not compared.
void one_hop_chain(const model::BrowserExchange& mx, const bridge::core_browser_result& v1) {
  model::ChainCase c;
  c.request = mx.request;
  c.hops.push_back(model::Hop{std::nullopt, mx.preflight_response, mx.response});
  const bridge::core_chain_result chain = bridge::core_chain_answer(c);
  const std::string as_chain = "\n  (the case as a chain: add \"redirect\": \"follow\" to its request)\n  chain: " +
                               bridge::show(chain.answer) + " (" + chain.status_detail + ")\n  v1:    " +
                               bridge::show(v1.answer);
  if (v1.status == eval_status::limit_exceeded || chain.status == eval_status::limit_exceeded) return;
  FUZZ_CHECK(chain.status != eval_status::output_too_small, "one-hop chain: output_too_small" + as_chain);
  if (v1.status == eval_status::invalid_input) {
    FUZZ_CHECK(chain.answer.outcome == "bad-case", "one-hop chain: v1 is bad-case, the chain is not" + as_chain);
    return;
  }
  // docs/protocol-decisions.md "Redirect chains": a URL the URL Standard's
  // parser refuses is forbidden-request in the chain (Request constructor
  // step 5.2) whatever v1, which reads only the URL's origin, went on to say
  // (a missing preflight response included).
  if (chain.status == eval_status::ok && chain.answer.outcome == "forbidden-request" &&
      !model::parse_url(mx.request.url))
    return;
  if (v1.status == eval_status::missing_input) {
    FUZZ_CHECK(chain.answer.outcome == "incomplete" && chain.answer.needs &&
                   chain.answer.needs->what == "preflight_response" && chain.answer.needs->hop == 0,
               "one-hop chain: v1 misses the preflight response, the chain is not incomplete at it" + as_chain);
    return;
  }
  FUZZ_CHECK(v1.status == eval_status::ok && chain.status == eval_status::ok,
             "one-hop chain: v1 " + std::string(to_string(v1.status)) + ", chain " +
                 std::string(to_string(chain.status)) + as_chain);
  if (chain.answer.outcome == "forbidden-request" && v1.answer.outcome != "forbidden-request") {
    // docs/protocol-decisions.md "Redirect chains": a URL v1 accepts but the
    // URL Standard's parser refuses is forbidden-request (Request
    // constructor step 5.2); the parser is the model's, not the core's.
    FUZZ_CHECK(!model::parse_url(mx.request.url),
               "one-hop chain: forbidden-request although v1 is not and the URL parses" + as_chain);
    return;
  }
  if (mx.response && is_redirect_status(mx.response->status) && v1.answer.outcome == "allowed") return;
  model::BrowserAnswer as_v1;
  as_v1.outcome = chain.answer.outcome;
  as_v1.needs_preflight = chain.answer.needs_preflight;
  as_v1.preflight = chain.answer.preflight;
  as_v1.cors_check = chain.answer.cors_check;
  as_v1.exposed_headers = chain.answer.exposed_headers;
  if (!mx.response && v1.answer.outcome == "allowed") {
    FUZZ_CHECK(chain.answer.outcome == "incomplete" && chain.answer.needs && chain.answer.needs->what == "response",
               "one-hop chain: v1 allows the preflight stage, the chain does not need the response" + as_chain);
    as_v1.outcome = "allowed";
  }
  if (const auto d = bridge::browser_difference(as_v1, v1.answer))
    FUZZ_CHECK(false, "one-hop chain: the chain's v1 fields differ from evaluate_browser's: " + *d + as_chain);
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
  one_hop_chain(mx, core);
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
