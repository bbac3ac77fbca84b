// Fuzz target: protocol v1.1, the core against the reference model on
// redirect chains (mode `browser` with `hops`: corsproof::evaluate_chain) and
// on sessions of fetches sharing a CORS-preflight cache (mode
// `browser-session`: corsproof::preflight_cache), through the v1.1 bridge
// (properties/bridge, corsproof_bridge/chain_bridge.hpp), the comparison the
// property suite's chain_differential uses.
//
// The first input byte's low bit picks a chain or a session; the rest is the
// case (fuzz/common/chain_input.hpp): a request (page origin, URL, method,
// headers, credentials and redirect modes), 0-22 hops each with an optional
// preflight answer and response (statuses, Location, ACAO/ACAC/ACAM/ACAH/
// max-age values), or 1-8 fetches at times stepping around the max-age
// boundaries, some repeating an earlier fetch, with or without `cache_after`.
//
// Checked, and any failure aborts with the case as an oracle protocol line
// (`corsproof eval` replays it):
// - bounds (docs/protocol-decisions.md "Bounds"): the core refuses with
//   limit_exceeded only a case that may be beyond one (a header count, name
//   or value, a URL, a Location or a parsed URL over 8192 bytes, the URL's
//   origin part, the cache), and always refuses a case that certainly is
//   beyond one (a header name, value, count or given URL over its bound)
//   unless its request origin is invalid first; never output_too_small with
//   chain_output_capacity bytes;
// - within the bounds, corsproof_bridge::chain_difference /
//   session_difference: every protocol field but free-text `detail`;
// - without the model, on every chain answer of the core: at most 21 hops,
//   `final` exactly for allowed and opaque-redirect (then redirect_count is
//   the number of hops minus one and final.url the last hop's URL), `needs`
//   exactly for incomplete (at the last hop), `error_hop` a hop that exists,
//   no hop for forbidden-request, every hop but the last a followed
//   redirect, hop 0 removes no header, removed_headers and exposed_headers
//   sorted and unique, the Origin header never back from `null` and the
//   tainting never back from `cors`;
// - determinism: the same chain run again against the same (empty) cache,
//   or the same session run again, gives the same answer.
#include <FuzzedDataProvider.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <corsproof/corsproof.hpp>
#include <corsproof/preflight_cache.hpp>
#include <corsproof/redirect.hpp>
#include <corsproof_bridge/bridge.hpp>
#include <corsproof_bridge/chain_bridge.hpp>
#include <corsproof_model/model.hpp>

#include "chain_input.hpp"
#include "check.hpp"

namespace {

using namespace corsproof;
namespace model = corsproof_model;
namespace bridge = corsproof_bridge;
using corsproof_fuzz::chain_case;
using corsproof_fuzz::header;
using corsproof_fuzz::response_case;

std::vector<model::Header> to_model(const std::vector<header>& hs) {
  std::vector<model::Header> out;
  out.reserve(hs.size());
  for (const auto& h : hs) out.push_back({h.name, h.value});
  return out;
}

std::optional<model::Response> to_model(const std::optional<response_case>& r) {
  if (!r) return std::nullopt;
  return model::Response{r->status, to_model(r->headers)};
}

model::ChainCase to_model(const chain_case& c) {
  model::ChainCase m;
  m.request = {c.origin, c.url, c.method, to_model(c.headers), std::string(to_string(c.credentials)),
               c.private_network};
  m.redirect = std::string(to_string(c.redirect));
  m.hops.reserve(c.hops.size());
  for (const auto& h : c.hops) m.hops.push_back({h.url, to_model(h.preflight_response), to_model(h.response)});
  return m;
}

// ---- Bounds ----------------------------------------------------------------------

bool headers_beyond(const std::vector<model::Header>& hs, std::size_t max_count,
                    std::size_t max_bytes = static_cast<std::size_t>(-1)) {
  if (hs.size() > max_count) return true;
  std::size_t bytes = 0;
  for (const auto& h : hs) {
    if (h.name.size() > max_header_name_bytes || h.value.size() > max_header_value_bytes) return true;
    bytes += h.name.size() + h.value.size();
  }
  return bytes > max_bytes;
}

// Certainly beyond a bound the core checks before any rule: the request's
// headers, a (read) hop's responses, a given URL.
bool certainly_beyond(const model::ChainCase& c) {
  if (headers_beyond(c.request.headers, max_browser_request_headers) || c.request.url.size() > max_url_bytes)
    return true;
  for (std::size_t i = 0; i < c.hops.size() && i < max_chain_hops; ++i) {
    const model::Hop& h = c.hops[i];
    if ((h.preflight_response && headers_beyond(h.preflight_response->headers, max_browser_response_headers, max_response_header_bytes)) ||
        (h.response && headers_beyond(h.response->headers, max_browser_response_headers, max_response_header_bytes)) ||
        (h.url && h.url->size() > max_url_bytes))
      return true;
  }
  return false;
}

std::size_t list_elements(std::string_view v) { return static_cast<std::size_t>(std::count(v.begin(), v.end(), ',')) + 1; }

// Items a chain's preflights may write to the cache, and the bytes of its
// longest URL (to bound the cache's arena).
struct cache_load {
  std::size_t items = 0, url_bytes = 0;
};

void add_cache_load(const model::ChainCase& c, const model::ChainAnswer& a, cache_load& load) {
  load.url_bytes = std::max(load.url_bytes, c.request.url.size() * 3);
  for (const auto& h : a.hops)
    if (h.redirect && h.redirect->location) load.url_bytes = std::max(load.url_bytes, h.redirect->location->size());
  for (const auto& h : c.hops)
    if (h.preflight_response)
      for (const auto& f : h.preflight_response->headers)
        if (iequals(f.name, "access-control-allow-methods") || iequals(f.name, "access-control-allow-headers"))
          load.items += list_elements(f.value);
}

// May be beyond a bound: certainly_beyond, or a count the core derives (64
// CORS-unsafe names, 128 exposed names), the URL's origin part (1024 bytes,
// over-approximated by the whole URL), a parsed URL or location over 8192
// bytes (the model parses without bounds), the cache (4096 entries, 4 MiB).
bool may_be_beyond(const model::ChainCase& c, const model::ChainAnswer& a, const cache_load& load) {
  if (certainly_beyond(c) || c.request.url.size() > max_url_origin_bytes) return true;
  if (c.request.headers.size() > max_unsafe_header_names) return true;
  for (const auto& h : c.hops)
    for (const auto* r : {&h.preflight_response, &h.response})
      if (*r && (*r)->headers.size() > max_exposed_header_names - 7) return true;
  if (const auto p = model::parse_url(c.request.url); p && p->href.size() > max_url_bytes) return true;
  // Locations that may parse to more than 8192 bytes, also when the model
  // answers bad-case before it lists the hop that follows one (a given `url`
  // that differs, say): a resolved location is at most its base plus itself,
  // each byte at most tripled by percent-encoding, and its base the request
  // URL or an earlier location, so the sum bounds them all.
  std::size_t reach = c.request.url.size();
  for (const auto& h : c.hops)
    if (h.response)
      for (const auto& f : h.response->headers)
        if (iequals(f.name, "location")) reach += f.value.size();
  if (3 * reach + 1 > max_url_bytes) return true;
  for (const auto& h : a.hops) {
    if (h.url.size() > max_url_bytes) return true;
    if (h.redirect && h.redirect->location && h.redirect->location->size() > max_url_bytes) return true;
  }
  return load.items > max_preflight_cache_entries ||
         load.items * (load.url_bytes + max_origin_bytes + max_header_value_bytes) > preflight_cache_arena_bytes;
}

// ---- Invariants of a chain answer ----------------------------------------------------

bool sorted_unique(const std::vector<std::string>& v) { return std::adjacent_find(v.begin(), v.end(), std::greater_equal<>()) == v.end(); }

void check_chain_answer(const model::ChainAnswer& a, const std::string& where) {
  const std::string o = a.outcome;
  if (o == "bad-case") return;
  const std::size_t n = a.hops.size();
  FUZZ_CHECK(n <= max_chain_hops, where + "more than 21 hops: " + std::to_string(n));
  const bool final_expected = o == "allowed" || o == "opaque-redirect";
  FUZZ_CHECK(a.final_response.has_value() == final_expected, where + "`final` present iff allowed/opaque-redirect; outcome " + o);
  if (a.final_response) {
    FUZZ_CHECK(n > 0 && static_cast<std::size_t>(a.final_response->redirect_count) == n - 1,
               where + "final.redirect_count is not the number of hops minus one");
    FUZZ_CHECK(a.final_response->url == a.hops.back().url, where + "final.url is not the last hop's URL");
    FUZZ_CHECK(a.final_response->redirect_count <= static_cast<int>(max_redirects), where + "more than 20 redirects");
  }
  if (o == "opaque-redirect") {
    FUZZ_CHECK(a.final_response->status == 0 && a.final_response->type == "opaqueredirect" && !a.error_hop &&
                   a.exposed_headers && a.exposed_headers->empty(),
               where + "opaque-redirect: final {status 0, opaqueredirect}, no error_hop, exposed_headers []");
  }
  FUZZ_CHECK(a.needs.has_value() == (o == "incomplete"), where + "`needs` present iff incomplete; outcome " + o);
  if (a.needs) FUZZ_CHECK(n > 0 && a.needs->hop == n - 1, where + "needs.hop is not the last hop");
  if (a.error_hop) FUZZ_CHECK(*a.error_hop < n, where + "error_hop names no hop");
  if (o == "forbidden-request") FUZZ_CHECK(n == 0, where + "forbidden-request with hops");
  if (a.exposed_headers) FUZZ_CHECK(sorted_unique(*a.exposed_headers), where + "exposed_headers not sorted and unique");
  bool tainted = false, cors = false;
  for (std::size_t i = 0; i < n; ++i) {
    const model::HopAnswer& h = a.hops[i];
    const std::string at = where + "hops[" + std::to_string(i) + "]: ";
    if (i + 1 < n)
      FUZZ_CHECK(h.redirect && h.redirect->followed && !h.redirect->error,
                 at + "a hop before the last is not a followed redirect");
    if (i == 0) FUZZ_CHECK(h.removed_headers.empty(), at + "hop 0 removes headers");
    FUZZ_CHECK(sorted_unique(h.removed_headers), at + "removed_headers not sorted and unique");
    if (h.origin_header) {
      FUZZ_CHECK(!tainted || *h.origin_header == "null", at + "Origin back from null: " + *h.origin_header);
      tainted = tainted || *h.origin_header == "null";
    }
    FUZZ_CHECK(!cors || h.tainting == "cors", at + "tainting back from cors to basic");
    cors = cors || h.tainting == "cors";
  }
}

// ---- The two modes -------------------------------------------------------------------

void chain_mode(const chain_case& c) {
  const model::ChainCase mc = to_model(c);
  const bridge::core_chain_result core = bridge::core_chain_answer(mc);
  const bridge::core_chain_result again = bridge::core_chain_answer(mc);
  FUZZ_CHECK(core.status == again.status && !bridge::chain_difference(core.answer, again.answer),
             "chain: two runs against an empty cache differ: " + bridge::show(core.answer) + " / " +
                 bridge::show(again.answer));
  FUZZ_CHECK(core.status != eval_status::output_too_small, "chain: output_too_small with chain_output_capacity");

  const model::ChainAnswer ref = model::chain_answer(mc);
  if (core.status == eval_status::limit_exceeded) {
    cache_load load;
    add_cache_load(mc, ref, load);
    FUZZ_CHECK(may_be_beyond(mc, ref, load), "chain: the core refuses (limit_exceeded: " + core.status_detail +
                                                 ") a case within its documented bounds; model: " + bridge::show(ref));
    return;
  }
  FUZZ_CHECK(!certainly_beyond(mc) || core.status == eval_status::invalid_input,
             "chain: the core answers a case beyond its bounds: " + bridge::show(core.answer));
  check_chain_answer(core.answer, "chain: ");
  if (const auto d = bridge::chain_difference(core.answer, ref))
    FUZZ_CHECK(false, "chain: core and model disagree: " + *d + "\n  core:  " + bridge::show(core.answer) + " (" +
                          core.status_detail + ")\n  model: " + bridge::show(ref) + " (" + ref.detail + ")");
}

void session_mode(const corsproof_fuzz::session_case& s) {
  model::SessionCase ms;
  ms.report_cache = s.report_cache;
  for (const auto& f : s.fetches)
    ms.fetches.push_back({to_model(f.fetch), static_cast<double>(f.t_ms) / 1000.0});
  const bridge::core_session_result core = bridge::core_session_answer(ms);
  const bridge::core_session_result again = bridge::core_session_answer(ms);
  FUZZ_CHECK(core.status == again.status && !bridge::session_difference(core.answer, again.answer),
             "session: two runs differ: " + bridge::session_difference(core.answer, again.answer).value_or("status"));
  FUZZ_CHECK(core.status != eval_status::output_too_small, "session: output_too_small with chain_output_capacity");

  const model::SessionAnswer ref = model::session_answer(ms);
  if (core.status == eval_status::limit_exceeded) {
    // The fetch the core refused, and the cache load up to it.
    cache_load load;
    bool beyond = false;
    for (std::size_t i = 0; i < ms.fetches.size() && !beyond; ++i) {
      const model::ChainAnswer a = i < ref.fetches.size() ? ref.fetches[i].answer : model::chain_answer(ms.fetches[i].fetch);
      add_cache_load(ms.fetches[i].fetch, a, load);
      beyond = may_be_beyond(ms.fetches[i].fetch, a, load);
    }
    FUZZ_CHECK(beyond, "session: the core refuses (limit_exceeded: " + core.answer.detail +
                           ") a session within its documented bounds");
    return;
  }
  for (std::size_t i = 0; i < core.answer.fetches.size(); ++i) {
    FUZZ_CHECK(!certainly_beyond(ms.fetches[i].fetch),
               "session: the core answers fetch " + std::to_string(i) + " beyond its bounds");
    check_chain_answer(core.answer.fetches[i].answer, "session: fetches[" + std::to_string(i) + "]: ");
  }
  if (const auto d = bridge::session_difference(core.answer, ref))
    FUZZ_CHECK(false, "session: core and model disagree: " + *d + " (core: " + core.answer.detail +
                          "; model: " + ref.detail + ")");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider p(data, size);
  corsproof_fuzz::decoder in(p, corsproof_fuzz::chain_shape);
  corsproof_fuzz::v11_case c;
  corsproof_fuzz::code_v11_case(in, c);
  const auto describe_case = [&] { return corsproof_fuzz::json_v11_case(c); };
  corsproof_fuzz::case_context ctx(describe_case);
  if (c.session)
    session_mode(c.fetches);
  else
    chain_mode(c.chain);
  return 0;
}
