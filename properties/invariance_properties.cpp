// Property family 5 — Invariance: how a preflight spells its requested
// header names does not change the decision. The order, the letter case and
// the spacing of the names in Access-Control-Request-Headers, empty list
// elements, and splitting the list over several headers all give the same
// kind, verdict and reason, and the same answer headers (compared
// semantically: the echoed names are a case-insensitive set). Only `detail`
// may differ (it names the first refused header as spelled). Within the
// documented bounds (64 names, 4096 bytes).
// Also: surrounding SP/TAB of the Origin and Access-Control-Request-Method
// values, and the letter case of header names, change nothing.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "support.hpp"

namespace corsproof_props {
namespace {

using namespace corsproof_gen;

std::string lower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  return s;
}

// A preflight with a plain, canonical list: "a, b, c" in one header.
struct preflight {
  std::string method;
  std::string origin;
  std::vector<std::string> names;
  bool private_network = false;

  ServerRequest with_acrh(const std::vector<std::string>& acrh_values) const {
    ServerRequest r;
    r.method = "OPTIONS";
    r.headers.push_back({"Origin", origin});
    r.headers.push_back({"Access-Control-Request-Method", method});
    for (const std::string& v : acrh_values) r.headers.push_back({"Access-Control-Request-Headers", v});
    if (private_network) r.headers.push_back({"Access-Control-Request-Private-Network", "true"});
    return r;
  }
};

preflight generate_preflight(const Policy& p) {
  preflight f;
  f.origin = *origin_header_value(origins_trusted_by(p));
  std::vector<std::string> methods = p.allow_methods;
  methods.push_back(*method_token());
  f.method = *rc::gen::elementOf(methods);
  const auto n = *rc::gen::inRange(0, 9);
  for (int i = 0; i < n; ++i)
    f.names.push_back(!p.allow_headers.empty() && *rc::gen::arbitrary<bool>() ? *rc::gen::elementOf(p.allow_headers)
                                                                              : *listed_header_name());
  f.private_network = *rc::gen::weightedElement<bool>({{5, false}, {1, true}});
  return f;
}

std::size_t trimmed_bytes(const std::vector<std::string>& values) {
  std::size_t n = 0;
  for (const std::string& v : values) {
    std::size_t b = 0, e = v.size();
    while (b < e && (v[b] == ' ' || v[b] == '\t')) ++b;
    while (e > b && (v[e - 1] == ' ' || v[e - 1] == '\t')) --e;
    n += e - b;
  }
  return n;
}

ServerAnswer answer(const Policy& p, const corsproof::policy& compiled, const ServerRequest& r, bool core) {
  ServerAnswer a = core ? core_server(compiled, r) : corsproof_model::server_answer(p, r);
  a.detail.clear();  // the only field allowed to follow the spelling
  return a;
}

void acrh_spelling_is_irrelevant(bool core) {
  const Policy p = *policy();
  const corsproof::policy compiled = compiled_or_discard(p);
  const preflight f = generate_preflight(p);
  std::string plain;
  for (std::size_t i = 0; i < f.names.size(); ++i) plain += (i ? ", " : "") + f.names[i];
  const std::vector<std::string> base_values = f.names.empty() ? std::vector<std::string>{} : std::vector<std::string>{plain};
  // Reordered, re-cased, re-spaced, with empty elements, split over headers.
  std::vector<std::string> shuffled = f.names;
  for (std::size_t i = shuffled.size(); i > 1; --i) std::swap(shuffled[i - 1], shuffled[*rc::gen::inRange<std::size_t>(0, i)]);
  const std::vector<std::string> variant_values = *acrh_values(shuffled);
  RC_PRE(trimmed_bytes(variant_values) <= 4096 && f.names.size() <= 64);
  const ServerRequest base = f.with_acrh(base_values);
  const ServerRequest variant = f.with_acrh(variant_values);
  const ServerAnswer a = answer(p, compiled, base, core);
  const ServerAnswer b = answer(p, compiled, variant, core);
  RC_TAG(a.reason);
  if (const auto d = corsproof_bridge::server_difference(b, a))
    RC_FAIL("respelling Access-Control-Request-Headers changes the answer: " + *d + "\npolicy: " + show(p) +
            "\nplain:   " + show(base) + "\nanswer:  " + show(a) + "\nrespelt: " + show(variant) + "\nanswer:  " + show(b));
}

void surrounding_whitespace_and_name_case_are_irrelevant(bool core) {
  const Policy p = *policy();
  const corsproof::policy compiled = compiled_or_discard(p);
  const ServerRequest base = *rc::gen::oneOf(server_request(p), preflight_request(p));
  ServerRequest variant = base;
  for (Header& h : variant.headers) {
    h.name = *case_variant(h.name);
    const std::string n = lower(h.name);
    if (n == "origin" || n == "access-control-request-method" || n == "access-control-request-private-network" ||
        n == "access-control-request-headers")
      h.value = *padded(h.value);
  }
  // Padding counts toward nothing: the 4096-byte bound is on trimmed values.
  const ServerAnswer a = answer(p, compiled, base, core);
  const ServerAnswer b = answer(p, compiled, variant, core);
  RC_TAG(a.kind, a.reason);
  if (const auto d = corsproof_bridge::server_difference(b, a))
    RC_FAIL("header-name case or SP/TAB around values changes the answer: " + *d + "\npolicy: " + show(p) +
            "\nrequest: " + show(base) + "\nanswer:  " + show(a) + "\nvariant: " + show(variant) + "\nanswer:  " + show(b));
}

RC_GTEST_PROP(Invariance, CoreIgnoresOrderCaseSpacingAndEmptyElementsOfRequestedHeaders, ()) { acrh_spelling_is_irrelevant(true); }
RC_GTEST_PROP(Invariance, ModelIgnoresOrderCaseSpacingAndEmptyElementsOfRequestedHeaders, ()) { acrh_spelling_is_irrelevant(false); }
RC_GTEST_PROP(Invariance, CoreIgnoresHeaderNameCaseAndSurroundingWhitespace, ()) { surrounding_whitespace_and_name_case_are_irrelevant(true); }
RC_GTEST_PROP(Invariance, ModelIgnoresHeaderNameCaseAndSurroundingWhitespace, ()) { surrounding_whitespace_and_name_case_are_irrelevant(false); }

}  // namespace
}  // namespace corsproof_props
