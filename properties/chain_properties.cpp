// Protocol v1.1 properties on generated redirect chains and sessions
// (generators: corsproof_generators/chains.hpp).
//
//   Chains.CoreAnswersAsTheModel          0-22 hops, core against the model
//   Chains.OneHopAnswersAsEvaluateBrowser a chain of one hop is v1
//   Chains.OriginNeverComesBackFromNull   once a hop's Origin is `null`, every later one's is
//   Sessions.CoreAnswersAsTheModel        sessions around max-age boundaries, core against the model
//   Sessions.CacheHitIsGrantedByAnEarlierPreflight (and a TEST of its one exception, quirk 1)
//   Sessions.EntriesNeverOutliveTheirMaxAge
//   PreflightCache.EntryIsUsableExactlyUntilStoredAtPlusMaxAge
//   Generators.ChainsReachEveryClass, Generators.SessionsReachEveryBoundary
//                                         the generators produce what the properties need
//
// The invariants are stated on the core's answers (corsproof::evaluate_chain
// and corsproof::preflight_cache through their public API, by way of
// corsproof_bridge). Each was seen to fail by breaking it on purpose in a
// local, uncommitted build; the comment above each property says how.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "chain_support.hpp"
#include "corsproof/preflight_cache.hpp"
#include "corsproof_bridge/chain_bridge.hpp"
#include "corsproof_generators/chains.hpp"
#include "corsproof_model/model.hpp"

namespace {

using corsproof_model::ChainAnswer;
using corsproof_model::ChainCase;
using corsproof_model::Header;
using corsproof_model::HopAnswer;
using corsproof_model::Response;
using corsproof_model::SessionCase;

// One exclusive class per chain for the distribution RapidCheck prints.
std::string chain_kind(const corsproof_gen::chain_classes& k) {
  if (k.limit) return "redirect-limit (21st redirect)";
  if (k.twenty_redirects) return "20 redirects followed";
  if (k.tainted) return "tainted";
  if (k.back_to_origin) return "back to origin";
  if (k.cross_origin) return "cross-origin";
  if (k.same_origin) return "same-origin";
  return "no hop (forbidden-request)";
}

// ---- Chains ------------------------------------------------------------------------------

// Core against model, every protocol field but `detail`, on chains of 0-22
// hops (corsproof_props::chain_case_difference).
RC_GTEST_PROP(Chains, CoreAnswersAsTheModel, ()) {
  const ChainCase c = *corsproof_gen::chain_case();
  const ChainAnswer model = corsproof_model::chain_answer(c);
  const corsproof_gen::chain_classes k = corsproof_gen::classify(c, model);
  RC_TAG(k.hops, chain_kind(k));
  if (const std::optional<std::string> d = corsproof_props::chain_case_difference(c)) RC_FAIL(*d);
}

// A chain of one hop answers as evaluate_browser (v1) does for the same
// exchange, on generated one-hop chains and on the v1 generator's
// adversarial exchanges as one-hop chains (what is compared:
// corsproof_props::one_hop_difference). Seen to fail (a local, uncommitted
// core edit): core/src/redirect.cpp computing the final response's exposed
// names as for a basic response whatever the tainting fails it after 4
// cases.
RC_GTEST_PROP(Chains, OneHopAnswersAsEvaluateBrowser, ()) {
  const ChainCase c = *corsproof_gen::one_hop_chain_case();
  const corsproof_props::one_hop_result r = corsproof_props::one_hop_difference(c);
  RC_TAG(r.partial ? "partial exchange" : r.redirect ? "redirect status" : "whole exchange");
  if (r.difference) RC_FAIL(*r.difference);
}

// Fetch §2.2.5: the redirect-taint never goes back to "same-origin" (the URL
// list only grows), so once a hop's Origin header is `null` every later
// hop sends `Origin: null` too. Seen to fail (a local, uncommitted core
// edit): core/src/redirect.cpp clearing the taint when a redirect comes back
// to the page's origin fails it on the first case.
RC_GTEST_PROP(Chains, OriginNeverComesBackFromNull, ()) {
  const ChainCase c = *corsproof_gen::chain_case();
  const corsproof_bridge::core_chain_result core = corsproof_bridge::core_chain_answer(c);
  const std::vector<HopAnswer>& hops = core.answer.hops;
  std::optional<std::size_t> first_null;
  for (std::size_t i = 0; i < hops.size(); ++i) {
    if (first_null) {
      RC_ASSERT(hops[i].origin_header == std::optional<std::string>("null"));
    } else if (hops[i].origin_header == std::optional<std::string>("null")) {
      first_null = i;
    }
  }
  RC_TAG(!first_null                           ? "never null"
         : c.request.origin == "null"          ? "page origin null"
         : hops.size() > *first_null + 1       ? "tainted, later hops follow"
                                               : "tainted at the last hop");
}

// ---- Sessions ------------------------------------------------------------------------------

// Core against model on sessions whose fetches come back around the
// max-age of what earlier fetches stored.
RC_GTEST_PROP(Sessions, CoreAnswersAsTheModel, ()) {
  const SessionCase s = *corsproof_gen::session_case();
  bool hit = false, partial = false;
  for (const corsproof_model::SessionFetchAnswer& f : corsproof_model::session_answer(s).fetches)
    for (const HopAnswer& h : f.answer.hops)
      if (h.preflight) {
        hit = hit || h.preflight->cache == "hit";
        partial = partial || h.preflight->cache == "partial";
      }
  RC_TAG(hit ? "a cache hit" : "no hit", partial ? "a partial hit" : "no partial");
  if (const std::optional<std::string> d = corsproof_props::session_case_difference(s)) RC_FAIL(*d);
}

// The cache key of a chain's hop: the serialized request origin (the hop's
// Origin), the request's current URL with its fragment (hop 0: the request
// URL; later: the previous hop's location), credentials "include".
struct cache_key {
  std::string origin, url;
  bool include = false;
};

std::optional<cache_key> key_of(const ChainCase& c, const ChainAnswer& a, std::size_t hop) {
  const HopAnswer& h = a.hops.at(hop);
  if (!h.origin_header) return std::nullopt;
  cache_key k{*h.origin_header, "", c.request.credentials == "include"};
  if (hop == 0) {
    const std::optional<corsproof_model::ParsedUrl> u = corsproof_model::parse_url(c.request.url);
    if (!u) return std::nullopt;
    k.url = u->href;
  } else {
    const HopAnswer& previous = a.hops.at(hop - 1);
    if (!previous.redirect || !previous.redirect->location) return std::nullopt;
    k.url = *previous.redirect->location;
  }
  return k;
}

std::vector<std::string> values_of(const std::vector<Header>& headers, const std::string& name) {
  std::vector<std::string> out;
  const auto lower = [](std::string s) {
    for (char& ch : s)
      if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
    return s;
  };
  for (const Header& h : headers)
    if (lower(h.name) == lower(name)) out.push_back(h.value);
  return out;
}

// A preflight answer that says at once what every candidate said: the
// latest one's Access-Control-Allow-Origin and -Credentials, every
// candidate's Access-Control-Allow-Methods and -Headers (Fetch combines
// repeated headers into one list).
Response merged_preflight(const std::vector<const Response*>& candidates) {
  Response merged{204, {}};
  const Response& latest = *candidates.back();
  for (const char* name : {"Access-Control-Allow-Origin", "Access-Control-Allow-Credentials"})
    for (const std::string& v : values_of(latest.headers, name)) merged.headers.push_back({name, v});
  for (const char* name : {"Access-Control-Allow-Methods", "Access-Control-Allow-Headers"})
    for (const Response* r : candidates)
      for (const std::string& v : values_of(r->headers, name)) merged.headers.push_back({name, v});
  return merged;
}

bool lists_star(const std::vector<const Response*>& candidates) {
  for (const Response* r : candidates)
    for (const char* name : {"Access-Control-Allow-Methods", "Access-Control-Allow-Headers"})
      for (const std::string& v : values_of(r->headers, name))
        if (v.find('*') != std::string::npos) return true;
  return false;
}

// A cache hit never lets through what the server never granted: when a
// session's fetch is allowed with a hop whose preflight was a cache hit
// (no preflight sent), the same fetch against an empty cache, with that
// hop's preflight answered by what the earlier passing preflights for the
// same cache key (origin, URL with fragment; credentialed ones for a
// credentialed fetch) answered together (merged_preflight), is allowed too.
// Earlier passing preflights whatever their age: the entries' lifetime is
// EntriesNeverOutliveTheirMaxAge's business (and a `*` entry refreshed by a
// later `PUT`, quirk 2, lives longer than the preflight that listed `*`).
// Not checked: quirk 1 (docs/protocol-decisions.md "Preflight cache": a `*`
// stored from a credentialed preflight later acts as a wildcard for a
// credentialed request, which that preflight itself refused), tagged when
// it is what the cache allowed. Seen to fail (local, uncommitted core
// edits of core/src/preflight_cache.cpp): credentials_match always true (a
// non-credentialed entry serves a credentialed request: "no earlier
// preflight for its key passed", after 187 cases); method_value_matches
// always true (after 488 cases).
struct cache_hit_check {
  std::optional<std::string> failure;
  std::size_t replays = 0;  // allowed fetches through the cache, replayed and allowed
  std::size_t quirk1 = 0;   // refused on replay where quirk 1 explains it
};

// The check itself, on the core's answer to a session (see below).
cache_hit_check check_cache_hits(const SessionCase& s, const corsproof_model::SessionAnswer& answer) {
  cache_hit_check out;
  // Every passing preflight sent so far: key and answer.
  struct granted {
    cache_key key;
    const Response* answer;
  };
  std::vector<granted> sent;
  for (std::size_t f = 0; f < s.fetches.size(); ++f) {
    const ChainCase& c = s.fetches[f].fetch;
    const ChainAnswer& a = answer.fetches.at(f).answer;
    ChainCase replay = c;
    bool hit = false, star = false;
    for (std::size_t i = 0; i < a.hops.size(); ++i) {
      const HopAnswer& h = a.hops[i];
      if (!h.preflight) continue;
      const std::optional<cache_key> key = key_of(c, a, i);
      if (h.preflight->cache == "hit") {
        if (i >= c.hops.size()) break;  // the fetch is incomplete there
        if (!key) {
          out.failure = "fetch " + std::to_string(f) + " hop " + std::to_string(i) + ": a cache hit without a key";
          return out;
        }
        std::vector<const Response*> candidates;
        for (const granted& g : sent)
          if (g.key.origin == key->origin && g.key.url == key->url && (g.key.include || !key->include))
            candidates.push_back(g.answer);
        if (candidates.empty()) {
          out.failure = "fetch " + std::to_string(f) + " hop " + std::to_string(i) +
                        ": a cache hit, but no earlier preflight for its key passed" + corsproof_props::show_session(s);
          return out;
        }
        replay.hops.at(i).preflight_response = merged_preflight(candidates);
        hit = true;
        star = star || (key->include && lists_star(candidates));
      } else if (h.preflight->ok && key && i < c.hops.size() && c.hops[i].preflight_response) {
        sent.push_back({*key, &*c.hops[i].preflight_response});
      }
    }
    if (!hit || a.outcome != "allowed") continue;
    const corsproof_bridge::core_chain_result fresh = corsproof_bridge::core_chain_answer(replay);
    if (fresh.answer.outcome != "allowed") {
      if (star) {
        ++out.quirk1;  // quirk 1: the credentialed `*` entry
        continue;
      }
      out.failure = "fetch " + std::to_string(f) + " is allowed through the cache, but refused (" +
                    fresh.answer.outcome + ") against an empty cache with every earlier passing preflight's answer" +
                    "\n  replay: " + corsproof_bridge::show(replay) + "\n  fresh:  " +
                    corsproof_bridge::show(fresh.answer) + corsproof_props::show_session(s);
      return out;
    }
    ++out.replays;
  }
  return out;
}

RC_GTEST_PROP(Sessions, CacheHitIsGrantedByAnEarlierPreflight, ()) {
  const SessionCase s = *corsproof_gen::session_case();
  const corsproof_bridge::core_session_result core = corsproof_bridge::core_session_answer(s);
  if (!core.answer.outcome.empty()) RC_DISCARD("the session is refused: " + core.answer.outcome);
  const cache_hit_check r = check_cache_hits(s, core.answer);
  if (r.failure) RC_FAIL(*r.failure);
  const char* replayed = r.replays > 0 ? "allowed through the cache, replayed" : "no allowed hit";
  if (r.quirk1 > 0) {
    RC_TAG(replayed, "quirk 1 (not checked)");
  } else {
    RC_TAG(replayed);
  }
}

// The one exception of CacheHitIsGrantedByAnEarlierPreflight, on the
// session of vector brw-session-star-cred-method-1 (quirk 1): a credentialed
// preflight for a GET with X-A answered `Access-Control-Allow-Methods: *`
// passes (GET needs no method) and stores a `*` method entry; a later
// credentialed PUT to the same URL hits it and is allowed, though the same
// preflight answer refuses a credentialed PUT (`*` is literal with
// credentials). The check counts it as quirk 1, not as a pass; the same
// session uncredentialed is an ordinary replay.
TEST(Sessions, CacheHitCheckCountsQuirk1AsItsOnlyException) {
  const auto session = [](const std::string& credentials) {
    const std::string page = "https://app.example";
    std::vector<Header> grant = {{"Access-Control-Allow-Origin", page},
                                 {"Access-Control-Allow-Methods", "*"},
                                 {"Access-Control-Allow-Headers", "x-a"},
                                 {"Access-Control-Max-Age", "600"}};
    std::vector<Header> ok = {{"Access-Control-Allow-Origin", page}};
    if (credentials == "include") {
      grant.push_back({"Access-Control-Allow-Credentials", "true"});
      ok.push_back({"Access-Control-Allow-Credentials", "true"});
    }
    ChainCase get;
    get.request = {page, "https://api.example/r", "GET", {{"X-A", "1"}}, credentials, false};
    get.hops = {corsproof_model::Hop{std::nullopt, Response{204, grant}, Response{200, ok}}};
    ChainCase put = get;
    put.request.method = "PUT";
    put.request.headers.clear();
    put.hops[0].preflight_response = Response{500, {}};  // would fail: the hit must carry it
    SessionCase s;
    s.report_cache = true;
    s.fetches = {{get, 0}, {put, 1}};
    return s;
  };
  const SessionCase credentialed = session("include");
  const corsproof_bridge::core_session_result core = corsproof_bridge::core_session_answer(credentialed);
  ASSERT_EQ(core.answer.outcome, "");
  ASSERT_EQ(core.answer.fetches.at(1).answer.outcome, "allowed");
  ASSERT_EQ(core.answer.fetches[1].answer.hops.at(0).preflight->cache, "hit");
  const cache_hit_check r = check_cache_hits(credentialed, core.answer);
  EXPECT_FALSE(r.failure.has_value()) << *r.failure;
  EXPECT_EQ(r.quirk1, 1U);
  EXPECT_EQ(r.replays, 0U);

  const SessionCase uncredentialed = session("omit");
  const corsproof_bridge::core_session_result core2 = corsproof_bridge::core_session_answer(uncredentialed);
  ASSERT_EQ(core2.answer.fetches.at(1).answer.hops.at(0).preflight->cache, "hit");
  const cache_hit_check r2 = check_cache_hits(uncredentialed, core2.answer);
  EXPECT_FALSE(r2.failure.has_value()) << *r2.failure;
  EXPECT_EQ(r2.quirk1, 0U);
  EXPECT_EQ(r2.replays, 1U);
}

bool same_ascii_case_insensitive(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

// Caches for the properties that make their own: a session here stores a
// few dozen entries; the default cache's 4 MiB arena would cost more than
// the fetches.
constexpr std::size_t small_cache_entries = 512;
constexpr std::size_t small_cache_bytes = std::size_t{1} << 16;

struct listed_entry {
  std::string origin, url;
  bool credentials = false;
  corsproof::cache_entry_kind kind = corsproof::cache_entry_kind::method;
  std::string value;
  std::uint64_t max_age = 0;
  double stored_at = 0;
};

std::vector<listed_entry> live(const corsproof::preflight_cache& cache, double t) {
  std::vector<corsproof::cache_entry_view> views(cache.max_entries());
  const std::size_t n = cache.live_entries(t, views);
  std::vector<listed_entry> out;
  for (std::size_t i = 0; i < n && i < views.size(); ++i) {
    const corsproof::cache_entry_view& v = views[i];
    out.push_back({std::string(v.origin), std::string(v.url), v.credentials, v.kind, std::string(v.value), v.max_age,
                   v.stored_at});
  }
  return out;
}

// Entries never outlive their max-age. Each fetch of the session runs
// through the core against one corsproof::preflight_cache; after it, the
// cache's live entries at the fetch's t are listed (what the protocol's
// cache_after shows):
//   (a) no listed entry is expired: t < stored_at + max_age;
//   (b) a hop whose preflight was a cache hit has each item it would have
//       asked for (its method unless GET, HEAD or POST; each name of its
//       Access-Control-Request-Headers) covered (Fetch §4.9 "method / header-
//       name cache entry match") by an entry for its key that is live, with
//       t < stored_at + max_age, in the cache as that hop found it: the
//       session replayed into a second cache up to the previous fetch, then
//       this fetch cut short at the hit hop (no response there: incomplete,
//       which clears nothing), then listed at t.
// Seen to fail (local, uncommitted edits of core/src/preflight_cache.cpp):
// (b) with any_match's is_live test removed (after 19 cases: "a cache hit,
// but no entry live at t covers ..."), (a) with live_entries' is_live test
// removed (after 19 cases), both with is_live reading `<=` (after 7 cases;
// max-age 0 entries are then listed); and with credentials_match or
// method_value_matches always true.
RC_GTEST_PROP(Sessions, EntriesNeverOutliveTheirMaxAge, ()) {
  const SessionCase s = *corsproof_gen::session_case();
  corsproof::preflight_cache cache(small_cache_entries, small_cache_bytes);
  std::size_t hits = 0, boundary = 0;
  for (std::size_t f = 0; f < s.fetches.size(); ++f) {
    const ChainCase& c = s.fetches[f].fetch;
    const double t = s.fetches[f].t;
    for (const listed_entry& e : live(cache, t))
      if (t + 1 >= e.stored_at + static_cast<double>(e.max_age)) ++boundary;
    const corsproof_bridge::core_chain_result r = corsproof_bridge::core_chain_answer(c, cache, t);
    if (r.status != corsproof::eval_status::ok) RC_DISCARD("a fetch is refused");
    for (const listed_entry& e : live(cache, t))
      if (!(t < e.stored_at + static_cast<double>(e.max_age)))
        RC_FAIL("at t=" + std::to_string(t) + " the cache lists an entry stored at " + std::to_string(e.stored_at) +
                " with max-age " + std::to_string(e.max_age) + ": " + e.value);
    for (std::size_t i = 0; i < r.answer.hops.size() && i < c.hops.size(); ++i) {
      const HopAnswer& h = r.answer.hops[i];
      if (!h.preflight || h.preflight->cache != "hit") continue;
      ++hits;
      const std::optional<cache_key> key = key_of(c, r.answer, i);
      RC_ASSERT(key.has_value());
      // The cache as hop i found it.
      corsproof::preflight_cache as_found(small_cache_entries, small_cache_bytes);
      for (std::size_t g = 0; g < f; ++g)
        (void)corsproof_bridge::core_chain_answer(s.fetches[g].fetch, as_found, s.fetches[g].t);
      ChainCase cut = c;
      cut.hops.resize(i + 1);
      cut.hops[i].response.reset();
      const corsproof_bridge::core_chain_result cut_answer = corsproof_bridge::core_chain_answer(cut, as_found, t);
      RC_ASSERT(cut_answer.answer.outcome == std::string("incomplete"));
      RC_ASSERT(cut_answer.answer.hops.size() == i + 1);
      RC_ASSERT(cut_answer.answer.hops[i].preflight.has_value());
      RC_ASSERT(cut_answer.answer.hops[i].preflight->cache == std::string("hit"));
      const std::vector<listed_entry> usable = live(as_found, t);
      const auto covered = [&](corsproof::cache_entry_kind kind, const std::string& item) {
        for (const listed_entry& e : usable) {
          if (e.origin != key->origin || e.url != key->url || (key->include && !e.credentials) || e.kind != kind)
            continue;
          if (!(t < e.stored_at + static_cast<double>(e.max_age))) continue;
          if (kind == corsproof::cache_entry_kind::method ? (e.value == item || e.value == "*")
                                                          : (same_ascii_case_insensitive(e.value, item) ||
                                                             (e.value == "*" && item != "authorization")))
            return true;
        }
        return false;
      };
      std::vector<std::pair<corsproof::cache_entry_kind, std::string>> items;
      const std::string& m = h.preflight->method;
      if (m != "GET" && m != "HEAD" && m != "POST") items.emplace_back(corsproof::cache_entry_kind::method, m);
      if (h.preflight->request_headers) {
        std::string name;
        for (const char ch : *h.preflight->request_headers + ",") {
          if (ch != ',') {
            name += ch;
          } else if (!name.empty()) {
            items.emplace_back(corsproof::cache_entry_kind::header, name);
            name.clear();
          }
        }
      }
      for (const auto& [kind, item] : items)
        if (!covered(kind, item))
          RC_FAIL("fetch " + std::to_string(f) + " (t=" + std::to_string(t) + ") hop " + std::to_string(i) +
                  ": a cache hit, but no entry live at t covers " + item + corsproof_props::show_session(s));
    }
  }
  const char* hit = hits > 0 ? "a cache hit" : "no hit";
  if (boundary > 0) {
    RC_TAG(hit, "an entry within 1 s of its expiry");
  } else {
    RC_TAG(hit);
  }
}

// ---- The cache on its own ------------------------------------------------------------------

// §4.9 with the decisions page's reading of time: an entry stored (or
// refreshed) at s with max-age m is usable at t iff t < s + m. Stores of
// method and header items at times around earlier entries' expiry, queries
// at stored_at + max_age - eps, exactly, + eps; the expected answer is the
// item's latest store. Seen to fail (local, uncommitted edits of
// core/src/preflight_cache.cpp): is_live reading `<=` (after 3 cases), a
// refresh that keeps the first stored_at (after 85 cases), any_match or
// live_entries without the is_live test (after 9 cases).
RC_GTEST_PROP(PreflightCache, EntryIsUsableExactlyUntilStoredAtPlusMaxAge, ()) {
  const std::array<std::string, 4> items = {"PUT", "DELETE", "x-a", "X-B"};
  const corsproof::cache_request request{"https://app.example", "https://api.example/r", false};
  corsproof::preflight_cache cache;
  // latest[i]: (stored_at, max_age) of item i's latest store.
  std::array<std::optional<std::pair<double, std::uint64_t>>, 4> latest;
  double now = *rc::gen::element(0.0, 0.1, 1000.25);
  const std::size_t operations = *rc::gen::inRange<std::size_t>(1, 12);
  std::size_t at_boundary = 0;
  for (std::size_t op = 0; op < operations; ++op) {
    if (*rc::gen::weightedElement<bool>({{2, true}, {3, false}})) {
      const std::uint64_t m =
          *rc::gen::element<std::uint64_t>(0, 1, 5, 600, 2147483647, std::uint64_t{2147483648});
      const std::vector<bool> pick = *rc::gen::container<std::vector<bool>>(4, rc::gen::arbitrary<bool>());
      std::string methods, headers;
      for (std::size_t i = 0; i < 4; ++i) {
        if (!pick[i]) continue;
        std::string& list = i < 2 ? methods : headers;
        list += (list.empty() ? "" : ", ") + items[i];
        latest[i] = {now, m};
      }
      std::vector<corsproof::header_view> h;
      if (!methods.empty()) h.push_back({"Access-Control-Allow-Methods", methods});
      if (!headers.empty()) h.push_back({"Access-Control-Allow-Headers", headers});
      RC_ASSERT(cache.store(request, h, m, now) == corsproof::eval_status::ok);
    }
    // The next time: around some item's expiry, or a step.
    std::vector<double> expiries;
    for (const auto& l : latest)
      if (l) expiries.push_back(l->first + static_cast<double>(l->second));
    double next = now + *corsproof_gen::session_time_step();
    if (!expiries.empty() && *rc::gen::weightedElement<bool>({{3, true}, {1, false}})) {
      const double e = *rc::gen::elementOf(expiries);
      next = e + *rc::gen::element(-1.0, -0.5, -0.001, 0.0, 0.0, 0.001, 0.5);
    }
    now = std::max(now, next);
    for (std::size_t i = 0; i < 4; ++i) {
      const bool expected = latest[i] && now < latest[i]->first + static_cast<double>(latest[i]->second);
      if (latest[i] && now == latest[i]->first + static_cast<double>(latest[i]->second)) ++at_boundary;
      const bool got = i < 2 ? cache.method_match(request, items[i], now) : cache.header_name_match(request, items[i], now);
      if (got != expected)
        RC_FAIL(items[i] + " at t=" + std::to_string(now) + ": " + (got ? "usable" : "not usable") +
                (latest[i] ? ", stored at " + std::to_string(latest[i]->first) + " with max-age " +
                                 std::to_string(latest[i]->second)
                           : std::string(", never stored")));
    }
    std::vector<corsproof::cache_entry_view> views(16);
    const std::size_t listed = cache.live_entries(now, views);
    std::size_t expected_listed = 0;
    for (const auto& l : latest)
      if (l && now < l->first + static_cast<double>(l->second)) ++expected_listed;
    RC_ASSERT(listed == expected_listed);
  }
  RC_TAG(at_boundary > 0 ? "queried exactly at an expiry" : "not exactly at an expiry");
}

// ---- The generators reach what the properties need -------------------------------------------
// A fixed sample (its own seed, whatever RC_PARAMS says) of each generator,
// classified on the core's answers: every class the properties above are
// about must occur, or they would pass vacuously. Counts printed. Seen to
// fail: with the generator's 21-hop weight moved to 19 hops, "21 hops occurs
// in 0 of 600 generated chains" (and "20 redirects followed" in 1).

template <class T>
std::vector<T> sample(const rc::Gen<T>& gen, std::size_t n, std::uint64_t seed) {
  std::vector<T> out;
  rc::Random random(seed);
  for (std::size_t i = 0; i < n; ++i) out.push_back(gen(random.split(), static_cast<int>(i % 100)).value());
  return out;
}

TEST(Generators, ChainsReachEveryClass) {
  std::map<std::string, std::size_t> n;
  for (const ChainCase& c : sample(corsproof_gen::chain_case(), 600, 20261202)) {
    const ChainAnswer a = corsproof_bridge::core_chain_answer(c).answer;
    const corsproof_gen::chain_classes k = corsproof_gen::classify(c, a);
    ++n[k.hops];
    n["same-origin"] += k.same_origin;
    n["cross-origin"] += k.cross_origin;
    n["back to origin"] += k.back_to_origin;
    n["tainted"] += k.tainted;
    n["20 redirects followed"] += k.twenty_redirects;
    n["redirect-limit"] += k.limit;
    ++n["outcome " + a.outcome];
  }
  for (const auto& [k, v] : n) std::printf("  %-32s %zu\n", k.c_str(), v);
  for (const char* k : {"0 hops", "1 hop", "2-5 hops", "6-19 hops", "20 hops", "21 hops", "22 hops", "same-origin",
                        "cross-origin", "back to origin", "tainted", "20 redirects followed", "redirect-limit",
                        "outcome allowed", "outcome blocked-response", "outcome blocked-preflight",
                        "outcome blocked-redirect", "outcome opaque-redirect", "outcome incomplete",
                        "outcome forbidden-request"})
    EXPECT_GE(n[k], 5U) << k << " occurs in " << n[k] << " of 600 generated chains";
}

TEST(Generators, SessionsReachEveryBoundary) {
  std::map<std::string, std::size_t> n;
  for (const SessionCase& s : sample(corsproof_gen::session_case(), 300, 20261202)) {
    const corsproof_bridge::core_session_result r = corsproof_bridge::core_session_answer(s);
    if (!r.answer.outcome.empty()) continue;
    for (std::size_t f = 0; f < r.answer.fetches.size(); ++f) {
      for (const HopAnswer& h : r.answer.fetches[f].answer.hops)
        if (h.preflight) {
          ++n["preflight " + h.preflight->cache];
          if (h.preflight->max_age) {
            const long long m = *h.preflight->max_age;
            n["max-age 0"] += m == 0;
            n["max-age 1"] += m == 1;
            n["max-age 5"] += m == 5;
            n["max-age 600"] += m == 600;
            n["max-age 2^31-1"] += m == 2147483647;
            n["max-age 2^31 (capped)"] += m == 2147483648;
          }
        }
      if (f == 0 || !r.answer.fetches[f - 1].cache_after) continue;
      // Where the next fetch falls relative to the entries the previous
      // fetch left: just before their expiry, exactly at it, just after.
      const double t = s.fetches[f].t;
      for (const corsproof_model::CacheEntryAnswer& e : *r.answer.fetches[f - 1].cache_after) {
        const double expiry = e.stored_at + static_cast<double>(e.max_age);
        n["next fetch just before expiry (< 1 s)"] += t < expiry && t + 1 >= expiry;
        n["next fetch exactly at expiry"] += t == expiry;
        n["next fetch just after expiry (< 1 s)"] += t > expiry && t <= expiry + 1;
      }
    }
  }
  for (const auto& [k, v] : n) std::printf("  %-40s %zu\n", k.c_str(), v);
  for (const char* k : {"preflight hit", "preflight partial", "preflight miss", "max-age 0", "max-age 1", "max-age 5",
                        "max-age 600", "max-age 2^31-1", "max-age 2^31 (capped)",
                        "next fetch just before expiry (< 1 s)", "next fetch exactly at expiry",
                        "next fetch just after expiry (< 1 s)"})
    EXPECT_GE(n[k], 3U) << k << " occurs " << n[k] << " times in 300 generated sessions";
}

}  // namespace
