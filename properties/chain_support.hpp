// Helpers shared by chain_differential_test.cpp and chain_properties.cpp:
// a chain case or a session run through the core and the model, the first
// difference shown with the input and both answers.
#pragma once

#include <optional>
#include <string>

#include "corsproof_bridge/bridge.hpp"
#include "corsproof_bridge/chain_bridge.hpp"
#include "corsproof_model/model.hpp"

namespace corsproof_props {

inline std::optional<std::string> chain_case_difference(const corsproof_model::ChainCase& c) {
  const corsproof_model::ChainAnswer model = corsproof_model::chain_answer(c);
  const corsproof_bridge::core_chain_result core = corsproof_bridge::core_chain_answer(c);
  if (const std::optional<std::string> d = corsproof_bridge::chain_difference(core.answer, model))
    return *d + "\n  case:  " + corsproof_bridge::show(c) + "\n  core:  " + corsproof_bridge::show(core.answer) +
           " (" + core.status_detail + ")\n  model: " + corsproof_bridge::show(model) + " (" + model.detail + ")";
  return std::nullopt;
}

inline std::string show_session(const corsproof_model::SessionCase& s) {
  std::string out;
  for (std::size_t i = 0; i < s.fetches.size(); ++i)
    out += "\n  fetch " + std::to_string(i) + " t=" + std::to_string(s.fetches[i].t) + ": " +
           corsproof_bridge::show(s.fetches[i].fetch);
  return out;
}

inline std::optional<std::string> session_case_difference(const corsproof_model::SessionCase& s) {
  const corsproof_model::SessionAnswer model = corsproof_model::session_answer(s);
  const corsproof_bridge::core_session_result core = corsproof_bridge::core_session_answer(s);
  if (const std::optional<std::string> d = corsproof_bridge::session_difference(core.answer, model))
    return *d + " (core: " + core.answer.detail + "; model: " + model.detail + ")" + show_session(s);
  return std::nullopt;
}

// A chain of one hop against the core's evaluate_browser for the same
// exchange (protocol v1.1: a chain of one hop answers as v1 does), the v1
// fields field by field. Where v1 judges a partial exchange (no response:
// the preflight stage only; a needed preflight without its response:
// bad-case), the chain is incomplete and names what it needs (`partial`).
// A redirect status is where the two differ by design (the chain applies
// the redirect steps, v1 reads the 3xx as any response): there only the
// preflight and the CORS check are compared, and a v1 block must be the
// chain's block. A request URL the URL Standard rejects (that v1, reading
// only the origin, accepts) is forbidden-request in a chain
// (docs/protocol-decisions.md "Redirect chains").
struct one_hop_result {
  std::optional<std::string> difference;
  bool partial = false;   // v1 judged a partial exchange
  bool redirect = false;  // the response is a redirect status
};

inline one_hop_result one_hop_difference(const corsproof_model::ChainCase& c) {
  one_hop_result r;
  const corsproof_model::BrowserExchange exchange{c.request, c.hops.at(0).preflight_response, c.hops.at(0).response};
  const corsproof_bridge::core_browser_result v1 = corsproof_bridge::core_browser_answer(exchange);
  const corsproof_bridge::core_chain_result chain = corsproof_bridge::core_chain_answer(c);
  const auto fail = [&](const std::string& what) {
    r.difference = what + "\n  case:  " + corsproof_bridge::show(c) + "\n  chain: " +
                   corsproof_bridge::show(chain.answer) + " (" + chain.status_detail + ")\n  v1:    " +
                   corsproof_bridge::show(v1.answer) + " (" + v1.status_detail + ")";
    return r;
  };
  if (chain.answer.outcome == "forbidden-request" && v1.answer.outcome != "forbidden-request" &&
      !corsproof_model::parse_url(c.request.url))
    return r;  // the URL Standard rejects the URL
  if (v1.status == corsproof::eval_status::missing_input) {
    r.partial = true;
    if (chain.answer.outcome != "incomplete" || !chain.answer.needs || chain.answer.needs->what != "preflight_response")
      return fail("v1 needs the preflight response, the chain does not say so");
    return r;
  }
  if (v1.status != corsproof::eval_status::ok || chain.status != corsproof::eval_status::ok) {
    if (v1.status != chain.status && !(chain.answer.outcome == "forbidden-request"))
      return fail(std::string("status: chain ") + std::string(corsproof::to_string(chain.status)) + ", v1 " +
                  std::string(corsproof::to_string(v1.status)));
    return r;
  }
  if (chain.answer.outcome == "forbidden-request" && v1.answer.outcome != "forbidden-request")
    return fail("the chain forbids a request v1 does not");
  corsproof_model::BrowserAnswer as_v1;
  as_v1.outcome = chain.answer.outcome;
  as_v1.needs_preflight = chain.answer.needs_preflight;
  as_v1.preflight = chain.answer.preflight;
  as_v1.cors_check = chain.answer.cors_check;
  as_v1.exposed_headers = chain.answer.exposed_headers;
  if (!exchange.response && v1.answer.outcome == "allowed") {
    r.partial = true;
    if (chain.answer.outcome != "incomplete" || !chain.answer.needs || chain.answer.needs->what != "response")
      return fail("v1 judged the preflight stage only, the chain does not ask for the response");
    as_v1.outcome = "allowed";
  }
  r.redirect = exchange.response && (exchange.response->status == 301 || exchange.response->status == 302 ||
                                     exchange.response->status == 303 || exchange.response->status == 307 ||
                                     exchange.response->status == 308);
  if (r.redirect && v1.answer.outcome == "allowed") {
    // The chain goes on to the redirect steps (its top-level fields may
    // describe a later hop): only hop 0 up to its CORS check is compared.
    if (chain.answer.hops.empty()) return fail("the chain has no hop 0");
    const corsproof_model::HopAnswer& h = chain.answer.hops[0];
    as_v1.outcome = "allowed";
    as_v1.needs_preflight = h.needs_preflight;
    as_v1.preflight.reset();
    if (h.preflight) as_v1.preflight = static_cast<const corsproof_model::PreflightAnswer&>(*h.preflight);
    as_v1.cors_check = h.cors_check;
    as_v1.exposed_headers = v1.answer.exposed_headers;
  }
  if (const std::optional<std::string> d = corsproof_bridge::browser_difference(as_v1, v1.answer)) return fail(*d);
  return r;
}

}  // namespace corsproof_props
