// corsproof_generators, protocol v1.1: redirect chains (mode `browser` with
// `hops`) and sessions sharing a CORS-preflight cache (mode
// `browser-session`), in the reference model's types.
//
// Chains: 0-22 hops (the 20-redirect limit reached exactly, exceeded by a
// 21st redirect, and one hop past it), a page at one of three origins,
// redirects between a few hosts (the page's own origin, two foreign ones,
// the page's host over http and on another port) so that same-origin,
// cross-origin, back-to-origin and redirect-tainted chains all occur; random
// statuses (redirect and not) and Location values (relative, absolute,
// repeated, not a URL, a scheme Fetch refuses, userinfo). Most chains are
// "cooperative" (every hop answers what lets the fetch go on: the right
// Access-Control-Allow-Origin for the hop's Origin, a passing preflight, one
// usable Location) so that long chains are reached at all; the others mix in
// arbitrary hops.
//
// Sessions: a few fetches of two or three requests, fetched again and again
// at times chosen around the max-age of the entries the earlier fetches
// stored (stored_at + max_age - eps, exactly at, + eps), with max-ages 0, 1,
// 5 (default), 600, 2^31 - 1 and above 2^31 (reported as 2^31).
#pragma once

#include <rapidcheck.h>

#include <cstddef>
#include <string>
#include <vector>

#include "corsproof_model/model.hpp"

namespace corsproof_gen {

// The page origins a chain is fetched from: https://app.example (mostly),
// "null", http://app.example.
rc::Gen<std::string> chain_page_origin();
// A request URL of a chain (mostly https://api.example/r, the page's own
// origin, a fragment; a few the URL Standard or the scheme check refuses).
rc::Gen<std::string> chain_request_url();
// A Location value of every kind (relative and absolute references to the
// hosts above, and values Fetch refuses).
rc::Gen<std::string> location_value();
// A preflight answer: mostly one that lets the request through, with a
// max-age from the boundary set above, sometimes an arbitrary one.
rc::Gen<corsproof_model::Response> preflight_answer(const std::string& page);
// A response of any status (redirects weighted up) with CORS headers right
// and wrong and zero, one or two Location headers.
rc::Gen<corsproof_model::Response> chain_response(const std::string& page);
// An arbitrary hop: a preflight answer and a response, either possibly
// missing.
rc::Gen<corsproof_model::Hop> hop_answer(const std::string& page);

// A chain from `url`'s requests with 0-5 arbitrary hops (the shapes of the
// first differential generator; sessions use it).
rc::Gen<corsproof_model::ChainCase> short_chain_case(rc::Gen<std::string> url);
// A chain of 0-22 hops as described above.
rc::Gen<corsproof_model::ChainCase> chain_case();
// A chain of exactly one hop (the v1 shape).
rc::Gen<corsproof_model::ChainCase> one_hop_chain_case();

// Gaps between two fetches of a session: 0, or a max-age of the boundary set
// minus, plus or exactly, with eps 0.001 or 0.5.
rc::Gen<double> session_time_step();
// A session (report_cache set) of 1-8 fetches of two or three requests
// (short chains at https://api.example/r, /x#f and, by redirect, elsewhere).
rc::Gen<corsproof_model::SessionCase> session_case();

// The classes a property reports (RC_TAG) and that
// Chains.GeneratorsReachEveryClass requires, from a chain's answer.
struct chain_classes {
  std::string hops;         // "0 hops", "1 hop", "2-5 hops", "6-19 hops", "20 hops", "21 hops", "22 hops"
  bool same_origin = false;     // every hop's URL same origin with the page (and at least one hop)
  bool cross_origin = false;    // some hop is cross-origin
  bool back_to_origin = false;  // a cross-origin hop followed later by a hop at the page's origin
  bool tainted = false;         // some hop's Origin is "null" while the page's origin is not
  bool twenty_redirects = false;  // the fetch followed exactly 20 redirects to a final response
  bool limit = false;             // a 21st redirect: redirect-limit
};
chain_classes classify(const corsproof_model::ChainCase& chain, const corsproof_model::ChainAnswer& answer);

}  // namespace corsproof_gen
