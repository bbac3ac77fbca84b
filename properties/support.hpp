// Helpers shared by the property files: run the core and the model on the
// same input and turn a difference into a RapidCheck failure that shows both
// answers.
#pragma once

#include <rapidcheck.h>

#include <optional>
#include <string>

#include "corsproof_bridge/bridge.hpp"
#include "corsproof_generators/generators.hpp"
#include "corsproof_model/model.hpp"

namespace corsproof_props {

using corsproof_bridge::show;
using corsproof_model::BrowserAnswer;
using corsproof_model::BrowserExchange;
using corsproof_model::Header;
using corsproof_model::Policy;
using corsproof_model::ServerAnswer;
using corsproof_model::ServerRequest;

// A valid policy compiled by the core; discards the case (RC_DISCARD) when the
// model refuses the policy, and fails when only the core does (validity is
// its own property; here it only guards the precondition).
inline corsproof::policy compiled_or_discard(const Policy& p) {
  if (corsproof_model::validate_policy(p)) RC_DISCARD("the model refuses the policy");
  corsproof_bridge::core_policy c = corsproof_bridge::compile(p);
  if (!c.ok()) RC_FAIL("the core refuses a policy the model accepts: " + c.error + "\npolicy: " + show(p));
  return std::move(*c.value);
}

// The core's server answer; fails when the core gives none although the
// request is within its documented bounds.
inline ServerAnswer core_server(const corsproof::policy& p, const ServerRequest& r) {
  const corsproof_bridge::core_server_result c = corsproof_bridge::core_server_answer(p, r);
  if (c.status == corsproof::eval_status::limit_exceeded && corsproof_bridge::server_request_beyond_bounds(r))
    RC_DISCARD("beyond corsproof's documented bounds");
  if (c.status != corsproof::eval_status::ok)
    RC_FAIL("the core gives no answer (" + std::string(corsproof::to_string(c.status)) +
            ") for a request within its documented bounds\nrequest: " + show(r));
  if (corsproof_bridge::server_request_beyond_bounds(r))
    RC_FAIL("the core answers a request beyond its 256-header bound instead of refusing it\nrequest: " + show(r));
  return c.answer;
}

// The core's browser answer in the model's shape; discards exchanges beyond
// the documented bounds (after checking that the core refused exactly those).
inline BrowserAnswer core_browser(const BrowserExchange& ex, const BrowserAnswer& model) {
  const corsproof_bridge::core_browser_result c = corsproof_bridge::core_browser_answer(ex);
  const std::optional<std::string> beyond = corsproof_bridge::browser_exchange_beyond_bounds(ex, model);
  if (c.status == corsproof::eval_status::limit_exceeded) {
    if (!beyond)
      RC_FAIL("the core refuses (" + c.status_detail + ") an exchange within its documented bounds\nexchange: " +
              show(ex) + "\nmodel: " + show(model));
    RC_DISCARD("beyond corsproof's documented bounds");
  }
  if (c.status == corsproof::eval_status::output_too_small)
    RC_FAIL("the core's answer does not fit browser_output_capacity (" + c.status_detail + ")\nexchange: " + show(ex));
  return c.answer;
}

inline void assert_same_server(const ServerAnswer& core, const ServerAnswer& model, const std::string& context) {
  if (const auto d = corsproof_bridge::server_difference(core, model))
    RC_FAIL(*d + "\n" + context + "\ncore:  " + show(core) + "\nmodel: " + show(model));
}

inline void assert_same_browser(const BrowserAnswer& core, const BrowserAnswer& model, const std::string& context) {
  if (const auto d = corsproof_bridge::browser_difference(core, model))
    RC_FAIL(*d + "\n" + context + "\ncore:  " + show(core) + "\nmodel: " + show(model));
}

inline bool has_header(const std::vector<Header>& headers, const std::string& lower_name) {
  for (const Header& h : headers) {
    std::string n = h.name;
    for (char& c : n)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    if (n == lower_name) return true;
  }
  return false;
}

}  // namespace corsproof_props
