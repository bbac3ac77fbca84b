// Property family 1 — Equivalence: on generated policies, requests and
// exchanges, the core answers exactly what the reference model answers
// (compared semantically by corsproof_bridge: kind, allowed, reason, status,
// the first refused header, and the response headers as the protocol
// compares them; for browsers every protocol field except free-text detail).
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "support.hpp"

namespace corsproof_props {
namespace {

using namespace corsproof_gen;

// Policy loading: the core and the model accept and refuse the same policies.
RC_GTEST_PROP(Equivalence, CoreAcceptsExactlyThePoliciesTheModelAccepts, ()) {
  const Policy p = *any_policy();
  const std::optional<std::string> model_error = corsproof_model::validate_policy(p);
  const corsproof_bridge::core_policy core = corsproof_bridge::compile(p);
  RC_CLASSIFY(!model_error, "valid");
  RC_CLASSIFY(model_error.has_value(), "invalid");
  if (model_error.has_value() != !core.ok())
    RC_FAIL(std::string("validity differs: core ") + (core.ok() ? "accepts" : "refuses (" + core.error + ")") +
            ", model " + (model_error ? "refuses (" + *model_error + ")" : "accepts") + "\npolicy: " + show(p));
}

// Server mode, every kind of request.
RC_GTEST_PROP(Equivalence, ServerAnswerEqualsModel, ()) {
  const Policy p = *policy();
  const corsproof::policy compiled = compiled_or_discard(p);
  const ServerRequest r = *server_request(p);
  const ServerAnswer model = corsproof_model::server_answer(p, r);
  const ServerAnswer core = core_server(compiled, r);
  RC_TAG(model.kind, model.reason);
  assert_same_server(core, model, "policy:  " + show(p) + "\nrequest: " + show(r));
}

// Server mode, preflights aimed at what the policy allows (so that the
// allowed answers, with their echoed methods and headers, are well covered).
RC_GTEST_PROP(Equivalence, ServerPreflightAnswerEqualsModel, ()) {
  const Policy p = *policy();
  const corsproof::policy compiled = compiled_or_discard(p);
  const ServerRequest r = *preflight_request(p);
  const ServerAnswer model = corsproof_model::server_answer(p, r);
  const ServerAnswer core = core_server(compiled, r);
  RC_TAG(model.reason);
  assert_same_server(core, model, "policy:  " + show(p) + "\nrequest: " + show(r));
}

// Server mode at the policy's length limits: allow_methods / allow_headers
// with 1, 16, 255 or 256 names of 64, 1023 or 1024 bytes (echoed in
// answers), and expose_headers whose rendered Access-Control-Expose-Headers
// value is 8191, 8192 or 8193 bytes (the decisions page's bound), with or
// without a "*" that credentials drop. The core promises that
// server_output_capacity always holds the answer.
RC_GTEST_PROP(Equivalence, ServerAnswerAtPolicyLengthLimitsEqualsModel, ()) {
  Policy p = *policy();
  const int which = *rc::gen::inRange(0, 3);
  if (which == 0) {
    const std::size_t target = *around(8192);
    std::vector<std::string> names;
    std::size_t used = 0;
    for (int i = 0; i < 8; ++i) {
      std::string n = "x" + std::to_string(i) + "-";
      n += std::string(1000 - n.size(), 'n');
      used += n.size() + 2;
      names.push_back(n);
    }
    names.push_back("last-" + std::string(target - used - 5, 'n'));
    if (*rc::gen::arbitrary<bool>()) names.insert(names.begin() + *rc::gen::inRange<std::ptrdiff_t>(0, 9), "*");
    p.expose_headers = names;
  } else {
    const std::size_t count = *rc::gen::weightedElement<std::size_t>({{3, 1}, {3, 16}, {1, 255}, {1, 256}});
    const std::size_t length = *rc::gen::element<std::size_t>(64, 1023, 1024);
    std::vector<std::string> names;
    for (std::size_t i = 0; i < count; ++i) {
      std::string n = "x" + std::to_string(i) + "-";
      n += std::string(length - n.size(), 'n');
      names.push_back(n);
    }
    (which == 1 ? p.allow_headers : p.allow_methods) = names;
  }
  const bool model_valid = !corsproof_model::validate_policy(p).has_value();
  const corsproof_bridge::core_policy core_policy = corsproof_bridge::compile(p);
  if (model_valid != core_policy.ok())
    RC_FAIL(std::string("validity differs: core ") + (core_policy.ok() ? "accepts" : "refuses (" + core_policy.error + ")") +
            ", model " + (model_valid ? "accepts" : "refuses") + "\npolicy: " + show(p));
  RC_TAG(which == 0 ? "expose" : which == 1 ? "headers" : "methods", model_valid ? "valid" : "invalid");
  if (!model_valid) return;
  const ServerRequest r = *rc::gen::oneOf(server_request(p), preflight_request(p));
  const ServerAnswer model = corsproof_model::server_answer(p, r);
  const ServerAnswer core = core_server(*core_policy.value, r);
  assert_same_server(core, model, "policy:  " + show(p) + "\nrequest: " + show(r));
}

// Browser mode: the whole exchange.
RC_GTEST_PROP(Equivalence, BrowserAnswerEqualsModel, ()) {
  const BrowserExchange ex = *browser_exchange();
  const BrowserAnswer model = corsproof_model::browser_answer(ex);
  const BrowserAnswer core = core_browser(ex, model);
  RC_TAG(model.outcome, model.preflight && model.preflight->error ? *model.preflight->error
                        : model.cors_check && model.cors_check->error ? *model.cors_check->error
                                                                      : std::string("-"));
  assert_same_browser(core, model, "exchange: " + show(ex));
}

// The core never truncates: evaluated into a buffer of any size, an answer is
// either the full answer (the same as with the promised capacity) or
// output_too_small, never a partial one. (A caller-owned buffer is the core's
// only output channel; this is what makes small buffers safe.)
RC_GTEST_PROP(Equivalence, CoreAnswerInAnyBufferIsWholeOrOutputTooSmall, ()) {
  const Policy p = *policy();
  const corsproof::policy compiled = compiled_or_discard(p);
  const ServerRequest r = *rc::gen::oneOf(server_request(p), preflight_request(p));
  if (corsproof_bridge::server_request_beyond_bounds(r)) RC_DISCARD("beyond bounds");
  const ServerAnswer full = core_server(compiled, r);
  const std::size_t size = *rc::gen::inRange<std::size_t>(0, 400);
  std::vector<char> buffer(size);
  const corsproof_bridge::core_headers headers(r.headers);
  const corsproof::server_decision d =
      corsproof::evaluate_server(compiled, corsproof::server_request{r.method, headers.list()}, buffer);
  RC_TAG(d.status == corsproof::eval_status::ok ? "server fits" : "server too small");
  if (d.status == corsproof::eval_status::ok) {
    assert_same_server(corsproof_bridge::to_model_shape(d), full, "buffer of " + std::to_string(size) + " bytes\nrequest: " + show(r));
  } else {
    RC_ASSERT(d.status == corsproof::eval_status::output_too_small);
    RC_ASSERT(d.header_count == 0u);
  }

  const BrowserExchange ex = *browser_exchange();
  const corsproof_bridge::core_browser_result whole = corsproof_bridge::core_browser_answer(ex);
  if (whole.status != corsproof::eval_status::ok) RC_DISCARD("no answer at full capacity");
  const corsproof_bridge::core_headers rh(ex.request.headers);
  std::optional<corsproof_bridge::core_headers> ph, sh;
  corsproof::http_response pre, resp;
  corsproof::browser_exchange cx;
  cx.request = {ex.request.origin, ex.request.url, ex.request.method, rh.list(),
                *corsproof_bridge::to_core_credentials(ex.request.credentials), ex.request.private_network};
  if (ex.preflight_response) {
    ph.emplace(ex.preflight_response->headers);
    pre = {ex.preflight_response->status, ph->list()};
    cx.preflight_response = &pre;
  }
  if (ex.response) {
    sh.emplace(ex.response->headers);
    resp = {ex.response->status, sh->list()};
    cx.response = &resp;
  }
  std::vector<char> small(*rc::gen::inRange<std::size_t>(0, 400));
  const corsproof::browser_decision bd = corsproof::evaluate_browser(cx, small);
  RC_TAG(bd.status == corsproof::eval_status::ok ? "browser fits" : "browser too small");
  if (bd.status == corsproof::eval_status::ok) {
    assert_same_browser(corsproof_bridge::to_model_shape(bd), whole.answer,
                        "buffer of " + std::to_string(small.size()) + " bytes\nexchange: " + show(ex));
  } else {
    RC_ASSERT(bd.status == corsproof::eval_status::output_too_small);
  }
}


}  // namespace
}  // namespace corsproof_props
