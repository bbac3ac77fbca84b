// Property family 4 — Monotonicity: a policy that trusts more never grants
// less. Adding an origin, a method or a header to a policy never turns an
// allowed request into a denied one; removing one never turns a denied
// request into an allowed one. (The second statement is the first read
// backwards; both are generated, the removal from policies that list
// something to remove.) Checked on the core and on the model.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "support.hpp"

namespace corsproof_props {
namespace {

using namespace corsproof_gen;

enum class field { origins, methods, headers };

const char* name_of(field f) {
  switch (f) {
    case field::origins: return "allow_origins";
    case field::methods: return "allow_methods";
    case field::headers: return "allow_headers";
  }
  return "?";
}

std::vector<std::string>& list_of(Policy& p, field f) {
  switch (f) {
    case field::origins: return p.allow_origins;
    case field::methods: return p.allow_methods;
    case field::headers: return p.allow_headers;
  }
  return p.allow_headers;
}

// An entry to add to `f`: often one the request is about.
std::string entry_for(field f, const Policy& p, const ServerRequest& r) {
  std::vector<std::string> related;
  for (const Header& h : r.headers) {
    std::string n = h.name;
    for (char& c : n)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    if (f == field::origins && n == "origin") related.push_back(h.value);
    if (f == field::methods && n == "access-control-request-method") related.push_back(h.value);
    if (f == field::headers && n == "access-control-request-headers")
      for (const std::string& e : corsproof_bridge::list_elements({h.value}, true)) related.push_back(e);
  }
  (void)p;
  rc::Gen<std::string> fresh = f == field::origins   ? policy_origin_entry()
                               : f == field::methods ? rc::gen::oneOf(rc::gen::just(std::string("*")), method_token())
                                                     : listed_header_name();
  if (related.empty()) return *fresh;
  return *rc::gen::oneOf(fresh, rc::gen::elementOf(related));
}

struct verdicts {
  bool before;
  bool after;
};

void showValue(field f, std::ostream& os) { os << name_of(f); }

// Evaluates the request under both policies with the core or the model;
// discards pairs where that implementation refuses either policy (whether the
// core and the model accept the same policies is
// Equivalence.CoreAcceptsExactlyThePoliciesTheModelAccepts's business).
verdicts evaluate(const Policy& a, const Policy& b, const ServerRequest& r, bool core) {
  if (!core) {
    if (corsproof_model::validate_policy(a) || corsproof_model::validate_policy(b)) RC_DISCARD("invalid policy");
    return {corsproof_model::server_answer(a, r).allowed, corsproof_model::server_answer(b, r).allowed};
  }
  corsproof_bridge::core_policy ca = corsproof_bridge::compile(a);
  corsproof_bridge::core_policy cb = corsproof_bridge::compile(b);
  if (!ca.ok() || !cb.ok()) RC_DISCARD("the core refuses the policy");
  return {core_server(*ca.value, r).allowed, core_server(*cb.value, r).allowed};
}

void adding_never_denies(bool core) {
  const Policy p = *policy();
  const ServerRequest r = *rc::gen::oneOf(server_request(p), preflight_request(p));
  const field f = *rc::gen::element(field::origins, field::methods, field::headers);
  Policy wider = p;
  const std::string added = entry_for(f, p, r);
  if (f == field::origins && (p.allow_origins == std::vector<std::string>{"*"} || added == "*"))
    RC_DISCARD("\"*\" must stay alone");
  list_of(wider, f).push_back(added);
  const verdicts v = evaluate(p, wider, r, core);
  RC_TAG(name_of(f), v.before ? "allowed before" : "denied before", v.after ? "allowed after" : "denied after");
  if (v.before && !v.after)
    RC_FAIL(std::string("adding ") + corsproof_bridge::quote(added) + " to " + name_of(f) +
            " turns an allowed request into a denied one\npolicy: " + show(p) + "\nwider:  " + show(wider) +
            "\nrequest: " + show(r));
}

void removing_never_allows(bool core) {
  const Policy p = *policy();
  const ServerRequest r = *rc::gen::oneOf(server_request(p), preflight_request(p));
  const field f = *rc::gen::element(field::origins, field::methods, field::headers);
  Policy narrower = p;
  std::vector<std::string>& list = list_of(narrower, f);
  if (list.empty() || (f == field::origins && list.size() == 1)) RC_DISCARD("nothing to remove");
  const std::size_t i = *rc::gen::inRange<std::size_t>(0, list.size());
  const std::string removed = list[i];
  list.erase(list.begin() + static_cast<std::ptrdiff_t>(i));
  const verdicts v = evaluate(p, narrower, r, core);
  RC_TAG(name_of(f), v.before ? "allowed before" : "denied before", v.after ? "allowed after" : "denied after");
  if (!v.before && v.after)
    RC_FAIL(std::string("removing ") + corsproof_bridge::quote(removed) + " from " + name_of(f) +
            " turns a denied request into an allowed one\npolicy:    " + show(p) + "\nnarrower: " + show(narrower) +
            "\nrequest: " + show(r));
}

RC_GTEST_PROP(Monotonicity, CoreAddingAnOriginMethodOrHeaderNeverDenies, ()) { adding_never_denies(true); }
RC_GTEST_PROP(Monotonicity, CoreRemovingAnOriginMethodOrHeaderNeverAllows, ()) { removing_never_allows(true); }
RC_GTEST_PROP(Monotonicity, ModelAddingAnOriginMethodOrHeaderNeverDenies, ()) { adding_never_denies(false); }
RC_GTEST_PROP(Monotonicity, ModelRemovingAnOriginMethodOrHeaderNeverAllows, ()) { removing_never_allows(false); }

}  // namespace
}  // namespace corsproof_props
