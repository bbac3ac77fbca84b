// Property family 6 — Parsing round trips of serialized origins.
//   * A canonical origin parses, is canonical, and serialises back to itself
//     (from its parsed parts and through write_canonical_origin); a policy
//     listing it accepts it and a server grants exactly that origin.
//   * Every non-canonical spelling of an origin (upper case, a default port
//     spelled out, leading zeros, trailing slash, path, userinfo, query,
//     fragment, an empty port) is refused as a policy entry, by the core and
//     by the model, with the canonical form named in the message.
//   * For any text: canonicalising is idempotent, and an exact entry the
//     policy accepts is its own canonical form.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <array>

#include "support.hpp"

namespace corsproof_props {
namespace {

using namespace corsproof_gen;

std::string canonical_of(const std::string& text) {
  std::array<char, 4096> buf{};
  const std::size_t n = corsproof::write_canonical_origin(text, buf);
  return std::string(buf.data(), n);
}

RC_GTEST_PROP(Parsing, CanonicalOriginParsesAndSerialisesBackToItself, ()) {
  const std::string o = *canonical_origin();
  const corsproof::origin_parse_result r = corsproof::parse_serialized_origin(o);
  RC_TAG(r.origin.kind == corsproof::host_kind::domain ? "domain" : r.origin.kind == corsproof::host_kind::ipv4 ? "ipv4" : "ipv6");
  if (!r.ok()) RC_FAIL("a canonical origin does not parse: " + corsproof_bridge::quote(o));
  RC_ASSERT(!r.origin.opaque);
  if (!corsproof::is_canonical(r.origin)) RC_FAIL("a canonical origin is not canonical: " + corsproof_bridge::quote(o));
  const std::string rebuilt = std::string(r.origin.scheme) + "://" + std::string(r.origin.host) +
                              (r.origin.port_text.empty() ? "" : ":" + std::string(r.origin.port_text));
  RC_ASSERT(rebuilt == o);
  const std::string c = canonical_of(o);
  if (c != o) RC_FAIL("write_canonical_origin(" + corsproof_bridge::quote(o) + ") = " + corsproof_bridge::quote(c));
  // As a policy entry, in the core and in the model; and the server grants it.
  Policy p;
  p.allow_origins = {o};
  if (const auto e = corsproof_model::validate_policy(p)) RC_FAIL("the model refuses canonical " + o + ": " + *e);
  const corsproof_bridge::core_policy cp = corsproof_bridge::compile(p);
  if (!cp.ok()) RC_FAIL("the core refuses canonical " + o + ": " + cp.error);
  ServerRequest req;
  req.method = "GET";
  req.headers = {{"Origin", o}};
  const ServerAnswer a = core_server(*cp.value, req);
  RC_ASSERT(a.allowed);
  RC_ASSERT(a.headers.size() >= 1u);
  RC_ASSERT(a.headers[0].value == o);
}

RC_GTEST_PROP(Parsing, NonCanonicalSpellingIsRefusedWithItsCanonicalFormNamed, ()) {
  const std::string o = *canonical_origin();
  const std::string s = *non_canonical_spelling(o);
  RC_TAG(s.find('/', s.find("://") + 3) != std::string::npos ? "path" : s.find('@') != std::string::npos ? "userinfo"
         : s.find_first_of("?#") != std::string::npos                     ? "query/fragment"
                                                                           : "case/port");
  Policy p;
  p.allow_origins = {s};
  const std::string named = "\"" + o + "\"";
  const corsproof_bridge::core_policy cp = corsproof_bridge::compile(p);
  if (cp.ok()) RC_FAIL("the core accepts the non-canonical entry " + corsproof_bridge::quote(s));
  if (cp.error.find(named) == std::string::npos)
    RC_FAIL("the core refuses " + corsproof_bridge::quote(s) + " without naming " + named + ": " + cp.error);
  const std::optional<std::string> me = corsproof_model::validate_policy(p);
  if (!me) RC_FAIL("the model accepts the non-canonical entry " + corsproof_bridge::quote(s));
  if (me->find(named) == std::string::npos)
    RC_FAIL("the model refuses " + corsproof_bridge::quote(s) + " without naming " + named + ": " + *me);
  // And canonicalising the spelling gives the origin back.
  const std::string c = canonical_of(s);
  if (c != o) RC_FAIL("write_canonical_origin(" + corsproof_bridge::quote(s) + ") = " + corsproof_bridge::quote(c) + ", not " + o);
}

// For arbitrary and near-miss texts: canonicalisation is idempotent and every
// accepted exact entry is canonical.
RC_GTEST_PROP(Parsing, CanonicalisationIsIdempotentAndAcceptedEntriesAreCanonical, ()) {
  const std::string t = *rc::gen::oneOf(rc::gen::mapcat(canonical_origin(), near_miss_origin),
                                        rc::gen::mapcat(canonical_origin(), non_canonical_spelling), random_bytes(24));
  const std::string c = canonical_of(t);
  if (!c.empty()) {
    const std::string cc = canonical_of(c);
    if (cc != c) RC_FAIL("canonicalising twice differs: " + corsproof_bridge::quote(t) + " -> " + corsproof_bridge::quote(c) + " -> " + corsproof_bridge::quote(cc));
  }
  if (corsproof::classify_origin_entry(t) != corsproof::origin_entry_kind::exact) RC_DISCARD("not an exact entry");
  Policy p;
  p.allow_origins = {t};
  const bool core_accepts = corsproof_bridge::compile(p).ok();
  const bool model_accepts = !corsproof_model::validate_policy(p).has_value();
  RC_TAG(core_accepts ? "accepted" : "refused");
  if (core_accepts != model_accepts)
    RC_FAIL(std::string("core ") + (core_accepts ? "accepts" : "refuses") + " and model " + (model_accepts ? "accepts" : "refuses") +
            " the entry " + corsproof_bridge::quote(t));
  if (core_accepts && c != t) RC_FAIL("an accepted entry is not its own canonical form: " + corsproof_bridge::quote(t) + " vs " + corsproof_bridge::quote(c));
}

// Fetch "get" as the core reads repeated response headers: every value of the
// name, each trimmed of SP/TAB (HTTP field parsing), joined with ", ". combined_value_equals (used
// for Access-Control-Allow-Credentials and -Private-Network) must equal that
// comparison for any list and any expected value.
RC_GTEST_PROP(Parsing, CombinedHeaderValueIsFetchGet, ()) {
  const std::string name = "X-Flag";
  const auto values = *rc::gen::container<std::vector<std::string>>(
      rc::gen::weightedOneOf<std::string>({{4, rc::gen::element<std::string>("true", " true", "true\t", "", "a,b", ", ")},
                                           {1, random_bytes(6)}}));
  std::vector<corsproof_model::Header> headers;
  std::string joined;
  bool first = true;
  for (const std::string& v : values) {
    headers.push_back({*rc::gen::element<std::string>("X-Flag", "x-flag", "X-Other"), v});
    if (headers.back().name == "X-Other") continue;
    if (!first) joined += ", ";
    joined += std::string(corsproof::trim_tab_or_space(v));
    first = false;
  }
  const std::string expected = *rc::gen::oneOf(rc::gen::just(joined), rc::gen::element<std::string>("true", "true, true", ""),
                                               rc::gen::just(joined + " "));
  const corsproof_bridge::core_headers list(headers);
  const bool got = corsproof::combined_value_equals(list.list(), name, expected);
  // Fetch "get" does not trim the joined value: "true" and "" read "true, ".
  const bool want = !first && joined == expected;
  RC_TAG(want ? "equal" : "different");
  if (got != want)
    RC_FAIL("combined_value_equals(" + corsproof_bridge::show(headers) + ", " + corsproof_bridge::quote(expected) +
            ") = " + (got ? "true" : "false") + ", Fetch get gives " + corsproof_bridge::quote(joined));
}


}  // namespace
}  // namespace corsproof_props
