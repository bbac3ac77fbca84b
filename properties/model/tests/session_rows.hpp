// The reference model's session rows (see preflight_cache_test.cpp for what
// they pin and how): fetches at their times and the expected rendering of
// each. Shared with properties/chain_differential_test.cpp, which runs the
// core on the same sessions.
#pragma once

#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "v11_support.hpp"

namespace v11 {

struct SessionRow {
  std::string name;
  std::string source;
  std::vector<SessionFetch> fetches;
  std::vector<std::string> expected;  // one rendering per fetch
};

inline void PrintTo(const SessionRow& row, std::ostream* os) { *os << row.name; }

inline SessionFetch at(double t, ChainCase c) { return SessionFetch{std::move(c), t}; }

inline const std::string O = kPage;
inline const std::string X = "https://api.example/x";

inline std::vector<SessionRow> session_rows() {
  std::vector<SessionRow> rows;
  auto add = [&](const std::string& name, const std::string& source, std::vector<SessionFetch> fetches,
                 std::vector<std::string> expected) {
    for (std::string& e : expected) e = expand(e);
    rows.push_back(SessionRow{name, source, std::move(fetches), std::move(expected)});
  };
  const Response ok_actual = resp(200, {acao(O)});

  // --- digest §2.9 worked sequences -------------------------------------------
  add("S1EntriesAccumulatePerMethodAndHeader", "digest §2.9 S1; Fetch CORS-preflight fetch steps 7.12-7.15",
      {at(0, chain(request("PUT", X, {{"X-A", "1"}}),
                   {hop(resp(204, {acao(O), acam("PUT"), acah("x-a"), acma("600")}), ok_actual)})),
       at(10, chain(request("PUT", X, {{"X-A", "1"}}), {hop(ok_actual)})),
       at(20, chain(request("DELETE", X, {{"X-A", "1"}}),
                    {hop(resp(204, {acao(O), acam("DELETE"), acah("x-a"), acma("600")}), ok_actual)})),
       at(30, chain(request("PUT", X, {{"X-A", "1"}}), {hop(ok_actual)}))},
      {"allowed pre=[miss] cache={{O} {A}/x 0 method=PUT 600 0; {O} {A}/x 0 header=x-a 600 0}",
       "allowed pre=[hit] cache={{O} {A}/x 0 method=PUT 600 0; {O} {A}/x 0 header=x-a 600 0}",
       "allowed pre=[partial] cache={{O} {A}/x 0 method=DELETE 600 20; {O} {A}/x 0 method=PUT 600 0;"
       " {O} {A}/x 0 header=x-a 600 20}",
       "allowed pre=[hit] cache={{O} {A}/x 0 method=DELETE 600 20; {O} {A}/x 0 method=PUT 600 0;"
       " {O} {A}/x 0 header=x-a 600 20}"});
  add("S2CredentialedEntryServesANonCredentialedRequest", "digest §2.9 S2; Fetch 'cache entry match'",
      {at(0, chain(request("PUT", X, {}, "include"),
                   {hop(resp(204, {acao(O), acac(), acam("PUT")}), resp(200, {acao(O), acac()}))})),
       at(1, chain(request("PUT", X, {}, "omit"), {hop(ok_actual)}))},
      {"allowed pre=[miss] cache={{O} {A}/x 1 method=PUT 5 0}", "allowed pre=[hit] cache={{O} {A}/x 1 method=PUT 5 0}"});
  add("S3NonCredentialedEntryDoesNotServeACredentialedRequest", "digest §2.9 S3; Fetch 'cache entry match'",
      {at(0, chain(request("PUT", X, {}, "omit"), {hop(resp(204, {acao(O), acam("PUT")}), ok_actual)})),
       at(1, chain(request("PUT", X, {}, "include"),
                   {hop(resp(204, {acao(O), acac(), acam("PUT")}), resp(200, {acao(O), acac()}))}))},
      {"allowed pre=[miss] cache={{O} {A}/x 0 method=PUT 5 0}",
       "allowed pre=[miss] cache={{O} {A}/x 0 method=PUT 5 0; {O} {A}/x 1 method=PUT 5 1}"});
  add("S4WildcardHeaderEntryButNeverAuthorization", "digest §2.9 S4; Fetch 'header-name cache entry match'",
      {at(0, chain(request("GET", X, {{"X-A", "1"}}), {hop(resp(204, {acao(O), acah("*")}), ok_actual)})),
       at(1, chain(request("GET", X, {{"X-B", "1"}}), {hop(ok_actual)})),
       at(2, chain(request("GET", X, {{"Authorization", "Bearer t"}}),
                   {hop(resp(204, {acao(O), acah("authorization")}), ok_actual)}))},
      {"allowed pre=[miss] cache={{O} {A}/x 0 header=* 5 0}", "allowed pre=[hit] cache={{O} {A}/x 0 header=* 5 0}",
       "allowed pre=[miss] cache={{O} {A}/x 0 header=* 5 0; {O} {A}/x 0 header=authorization 5 2}"});
  add("S5FailedActualResponseClearsTheEntries", "digest §2.9 S5 / §2.6; Fetch main fetch step 12 (clear cache entries)",
      {at(0, chain(request("PUT", X), {hop(resp(204, {acao(O), acam("PUT"), acma("600")}), resp(200))})),
       at(1, chain(request("PUT", X), {hop(resp(204, {acao(O), acam("PUT"), acma("600")}), ok_actual)}))},
      {"blocked-response pre=[miss] cache={}", "allowed pre=[miss] cache={{O} {A}/x 0 method=PUT 600 1}"});
  add("S6TaintedEntriesAreKeyedByNull", "digest §2.9 S6 / §2.7; Fetch 'create a new cache entry' (byte-serialized origin)",
      {at(0, chain(request("PUT", "https://b.example/r", {{"X-A", "1"}}),
                   {hop(resp(204, {acao(O), acam("PUT"), acah("x-a")}), resp(307, {acao(O), location(X)})),
                    hop(resp(204, {acao("*"), acam("PUT"), acah("x-a")}), resp(200, {acao("*")}))})),
       at(1, chain(request("PUT", X, {{"X-A", "1"}}),
                   {hop(resp(204, {acao(O), acam("PUT"), acah("x-a")}), ok_actual)}))},
      {"allowed pre=[miss,miss] cache={{O} {B}/r 0 method=PUT 5 0; {O} {B}/r 0 header=x-a 5 0;"
       " null {A}/x 0 method=PUT 5 0; null {A}/x 0 header=x-a 5 0}",
       "allowed pre=[miss] cache={{O} {A}/x 0 method=PUT 5 1; {O} {A}/x 0 header=x-a 5 1;"
       " {O} {B}/r 0 method=PUT 5 0; {O} {B}/r 0 header=x-a 5 0;"
       " null {A}/x 0 method=PUT 5 0; null {A}/x 0 header=x-a 5 0}"});
  add("S7DefaultMaxAgeIsFiveSeconds", "digest §2.9 S7; Fetch CORS-preflight fetch step 7.9; protocol (t < s + m)",
      {at(0, chain(request("PUT", X, {{"X-A", "1"}}), {hop(resp(204, {acao(O), acam("PUT"), acah("x-a")}), ok_actual)})),
       at(4.9, chain(request("PUT", X, {{"X-A", "1"}}), {hop(ok_actual)})),
       at(5, chain(request("PUT", X, {{"X-A", "1"}}), {hop(resp(204, {acao(O), acam("PUT"), acah("x-a")}), ok_actual)}))},
      {"allowed pre=[miss] cache={{O} {A}/x 0 method=PUT 5 0; {O} {A}/x 0 header=x-a 5 0}",
       "allowed pre=[hit] cache={{O} {A}/x 0 method=PUT 5 0; {O} {A}/x 0 header=x-a 5 0}",
       "allowed pre=[miss] cache={{O} {A}/x 0 method=PUT 5 5; {O} {A}/x 0 header=x-a 5 5}"});

  // --- digest §2.8 literal-spec quirks ------------------------------------------
  add("Quirk1CredentialedStarActsAsAWildcardLater", "digest §2.8.1; Fetch 'method cache entry match' (`*` ignores credentials)",
      {at(0, chain(request("GET", X, {{"X-A", "1"}}, "include"),
                   {hop(resp(204, {acao(O), acac(), acam("*"), acah("x-a")}), resp(200, {acao(O), acac()}))})),
       at(1, chain(request("PUT", X, {{"X-A", "1"}}, "include"), {hop(resp(200, {acao(O), acac()}))}))},
      {"allowed pre=[miss] cache={{O} {A}/x 1 method=* 5 0; {O} {A}/x 1 header=x-a 5 0}",
       "allowed pre=[hit] cache={{O} {A}/x 1 method=* 5 0; {O} {A}/x 1 header=x-a 5 0}"});
  add("Quirk2UpdatingThroughStar", "digest §2.8.2; Fetch CORS-preflight fetch steps 7.12-7.13",
      {at(0, chain(request("GET", X, {{"X-A", "1"}}), {hop(resp(204, {acao(O), acam("*"), acah("x-a"), acma("10")}), ok_actual)})),
       at(5, chain(request("GET", X, {{"X-B", "1"}}), {hop(resp(204, {acao(O), acam("PUT"), acah("x-b"), acma("100")}), ok_actual)}))},
      {"allowed pre=[miss] cache={{O} {A}/x 0 method=* 10 0; {O} {A}/x 0 header=x-a 10 0}",
       "allowed pre=[miss] cache={{O} {A}/x 0 method=* 100 5; {O} {A}/x 0 header=x-a 10 0; {O} {A}/x 0 header=x-b 100 5}"});
  add("Quirk3NonCredentialedPreflightUpdatesCredentialedEntries", "digest §2.8.3; Fetch 'cache entry match'",
      {at(0, chain(request("PUT", X, {{"X-A", "1"}}, "include"),
                   {hop(resp(204, {acao(O), acac(), acam("PUT"), acah("x-a"), acma("10")}), resp(200, {acao(O), acac()}))})),
       at(1, chain(request("PUT", X, {{"X-B", "1"}}, "omit"),
                   {hop(resp(204, {acao(O), acam("PUT"), acah("x-a, x-b"), acma("100")}), ok_actual)}))},
      {"allowed pre=[miss] cache={{O} {A}/x 1 method=PUT 10 0; {O} {A}/x 1 header=x-a 10 0}",
       "allowed pre=[partial] cache={{O} {A}/x 0 header=x-b 100 1; {O} {A}/x 1 method=PUT 100 1;"
       " {O} {A}/x 1 header=x-a 100 1}"});
  add("Quirk4NegativeMaxAgeIsInvalidSoFiveSeconds",
      "digest §2.8.4 (WPT cors/preflight-cache.htm and Chromium preflight again; the spec caches 5 s)",
      {at(0, chain(request("PUT", X), {hop(resp(204, {acao(O), acam("PUT"), acma("-1")}), ok_actual)})),
       at(1, chain(request("PUT", X), {hop(ok_actual)}))},
      {"allowed pre=[miss] cache={{O} {A}/x 0 method=PUT 5 0}", "allowed pre=[hit] cache={{O} {A}/x 0 method=PUT 5 0}"});
  add("QuirkStarFirstSwallowsLaterMethods", "Fetch CORS-preflight fetch step 7.13 evaluated item by item (decision)",
      {at(0, chain(request("PUT", X), {hop(resp(204, {acao(O), acam("*, PUT")}), ok_actual)}))},
      {"allowed pre=[miss] cache={{O} {A}/x 0 method=* 5 0}"});
  add("QuirkStarLastIsStoredBesideTheMethod", "Fetch CORS-preflight fetch step 7.13 evaluated item by item (decision)",
      {at(0, chain(request("PUT", X), {hop(resp(204, {acao(O), acam("PUT, *")}), ok_actual)}))},
      {"allowed pre=[miss] cache={{O} {A}/x 0 method=* 5 0; {O} {A}/x 0 method=PUT 5 0}"});
  add("RepeatedHeaderNamesMakeOneEntry", "Fetch CORS-preflight fetch step 7.15 (header-name match is case-insensitive)",
      {at(0, chain(request("GET", X, {{"X-A", "1"}}), {hop(resp(204, {acao(O), acah("X-A, x-a")}), ok_actual)}))},
      {"allowed pre=[miss] cache={{O} {A}/x 0 header=X-A 5 0}"});
  add("AllowedMethodsAreCachedEvenWhenNotRequested", "digest §2.2 step 2 (every element of ACAM)",
      {at(0, chain(request("PUT", X), {hop(resp(204, {acao(O), acam("GET, PUT, DELETE")}), ok_actual)})),
       at(1, chain(request("DELETE", X), {hop(ok_actual)}))},
      {"allowed pre=[miss] cache={{O} {A}/x 0 method=DELETE 5 0; {O} {A}/x 0 method=GET 5 0; {O} {A}/x 0 method=PUT 5 0}",
       "allowed pre=[hit] cache={{O} {A}/x 0 method=DELETE 5 0; {O} {A}/x 0 method=GET 5 0; {O} {A}/x 0 method=PUT 5 0}"});
  add("MethodEntriesAreCaseSensitive", "Fetch 'method cache entry match' (method is method: byte-exact)",
      {at(0, chain(request("patch", X), {hop(resp(204, {acao(O), acam("PATCH, patch")}), ok_actual)})),
       at(1, chain(request("PATCH", X), {hop(ok_actual)})),
       at(2, chain(request("Patch", X), {hop(resp(204, {acao(O), acam("Patch")}), ok_actual)}))},
      {"allowed pre=[miss] cache={{O} {A}/x 0 method=PATCH 5 0; {O} {A}/x 0 method=patch 5 0}",
       "allowed pre=[hit] cache={{O} {A}/x 0 method=PATCH 5 0; {O} {A}/x 0 method=patch 5 0}",
       "allowed pre=[miss] cache={{O} {A}/x 0 method=PATCH 5 0; {O} {A}/x 0 method=Patch 5 2; {O} {A}/x 0 method=patch 5 0}"});

  add("Quirk7TaintedEntriesAreSharedAcrossPageOrigins",
      "digest §2.7 (in the spec, tainted requests from different page origins share the `null` entries)",
      {at(0, chain(request("PUT", "https://b.example/r"),
                   {hop(resp(204, {acao(O), acam("PUT")}), resp(307, {acao(O), location(X)})),
                    hop(resp(204, {acao("*"), acam("PUT")}), resp(200, {acao("*")}))})),
       at(1, [] {
         ChainCase c = chain(request("PUT", "https://b.example/r"),
                             {hop(resp(204, {acao("https://other.example"), acam("PUT")}),
                                  resp(307, {acao("https://other.example"), location(X)})),
                              hop(resp(200, {acao("*")}))});
         c.request.origin = "https://other.example";
         return c;
       }())},
      {"allowed pre=[miss,miss] cache={{O} {B}/r 0 method=PUT 5 0; null {A}/x 0 method=PUT 5 0}",
       "allowed pre=[miss,hit] cache={{O} {B}/r 0 method=PUT 5 0; https://other.example {B}/r 0 method=PUT 5 1;"
       " null {A}/x 0 method=PUT 5 0}"});

  // --- digest §2.6 clearing ------------------------------------------------------
  add("ChainFailingAtHop1ClearsOnlyHop1sUrl", "digest §2.6 / §6.6; Fetch main fetch step 12 (recursion unwinds with the last URL)",
      {at(0, chain(request("PUT", "https://api.example/r", {{"X-A", "1"}}),
                   {hop(resp(204, {acao(O), acam("PUT"), acah("x-a")}), resp(307, {acao(O), location("/x")})),
                    hop(resp(204, {acao(O), acam("PUT"), acah("x-a")}), resp(200))}))},
      {"blocked-response pre=[miss,miss] cache={{O} {A}/r 0 method=PUT 5 0; {O} {A}/r 0 header=x-a 5 0}"});
  add("FailedRedirectStepClearsTheHop", "digest §2.6 (any network error of the branch)",
      {at(0, chain(request("PUT", "https://api.example/r"),
                   {hop(resp(204, {acao(O), acam("PUT")}), resp(302, {acao(O), location("data:,x")}))}))},
      {"blocked-redirect pre=[miss] cache={}"});
  add("OpaqueRedirectClearsNothing", "digest §2.6 (an opaqueredirect is not a network error)",
      {at(0, chain(request("PUT", "https://api.example/r"),
                   {hop(resp(204, {acao(O), acam("PUT")}), resp(302, {acao(O), location("/x")}))}, "manual"))},
      {"opaque-redirect pre=[miss] cache={{O} {A}/r 0 method=PUT 5 0}"});
  add("FailureOnANonPreflightHopClearsItsOwnUrlOnly",
      "Fetch main fetch step 12: hop 0 took the preflight branch; the error at hop 1 (no branch there) returns through it",
      {at(0, chain(request("PUT", "https://api.example/r", {{"Content-Type", "application/json"}}),
                   {hop(resp(204, {acao(O), acam("PUT"), acah("content-type")}), resp(303, {acao(O), location("/x")})),
                    hop(resp(200))}))},
      {"blocked-response pre=[miss,-] cache={{O} {A}/r 0 method=PUT 5 0; {O} {A}/r 0 header=content-type 5 0}"});
  add("SimpleRequestsNeitherReadNorClear", "digest §2.5-2.6 (paths 2a/2f never touch the cache)",
      {at(0, chain(request("PUT", X), {hop(resp(204, {acao(O), acam("PUT")}), ok_actual)})),
       at(1, chain(request("GET", X), {hop(resp(200))}))},
      {"allowed pre=[miss] cache={{O} {A}/x 0 method=PUT 5 0}", "blocked-response pre=[-] cache={{O} {A}/x 0 method=PUT 5 0}"});
  add("FailedPreflightClearsTheEntries", "digest §2.6; Fetch main fetch step 12",
      {at(0, chain(request("PUT", X, {{"X-A", "1"}}), {hop(resp(204, {acao(O), acam("PUT"), acah("x-a")}), ok_actual)})),
       at(1, chain(request("PUT", X, {{"X-B", "1"}}), {hop(resp(204, {acao(O), acam("PUT")}), ok_actual)}))},
      {"allowed pre=[miss] cache={{O} {A}/x 0 method=PUT 5 0; {O} {A}/x 0 header=x-a 5 0}",
       "blocked-preflight pre=[partial] cache={}"});

  // --- digest §5 rows about the cache (WPT) ---------------------------------------
  add("Row19And63SecondFetchIsCached", "digest §5 rows 19, 63; WPT cors/cors-preflight-cache.any.js, cors/preflight-cache.htm",
      {at(0, chain(request("POST", X, {{"X-Test-Header", "1"}}),
                   {hop(resp(204, {acao(O), acam("POST"), acah("x-test-header"), acma("12000")}), ok_actual)})),
       at(1, chain(request("POST", X, {{"X-Test-Header", "2"}}), {hop(ok_actual)}))},
      {"allowed pre=[miss] cache={{O} {A}/x 0 method=POST 12000 0; {O} {A}/x 0 header=x-test-header 12000 0}",
       "allowed pre=[hit] cache={{O} {A}/x 0 method=POST 12000 0; {O} {A}/x 0 header=x-test-header 12000 0}"});
  add("Row64MaxAgeZeroIsNeverReused", "digest §5 row 64; WPT cors/preflight-cache.htm",
      {at(0, chain(request("GET", X, {{"X-Print", "1"}}), {hop(resp(204, {acao(O), acah("x-print"), acma("0")}), ok_actual)})),
       at(0, chain(request("GET", X, {{"X-Print", "1"}}), {hop(resp(204, {acao(O), acah("x-print"), acma("0")}), ok_actual)}))},
      {"allowed pre=[miss] cache={}", "allowed pre=[miss] cache={}"});
  add("Row66MaxAgeOneSecond", "digest §5 row 66; WPT cors/preflight-cache.htm",
      {at(0, chain(request("GET", X, {{"X-Print", "1"}}), {hop(resp(204, {acao(O), acah("x-print"), acma("1")}), ok_actual)})),
       at(0.5, chain(request("GET", X, {{"X-Print", "1"}}), {hop(ok_actual)})),
       at(2, chain(request("GET", X, {{"X-Print", "1"}}), {hop(resp(204, {acao(O), acah("x-print"), acma("1")}), ok_actual)}))},
      {"allowed pre=[miss] cache={{O} {A}/x 0 header=x-print 1 0}", "allowed pre=[hit] cache={{O} {A}/x 0 header=x-print 1 0}",
       "allowed pre=[miss] cache={{O} {A}/x 0 header=x-print 1 2}"});
  add("Row67MethodNotInTheCache", "digest §5 row 67; WPT xhr/access-control-basic-preflight-cache-invalidation-by-method",
      {at(0, chain(request("PUT", X), {hop(resp(204, {acao(O), acam("PUT")}), ok_actual)})),
       at(1, chain(request("XMETHOD", X), {hop(resp(204, {acao(O), acam("XMETHOD")}), ok_actual)}))},
      {"allowed pre=[miss] cache={{O} {A}/x 0 method=PUT 5 0}",
       "allowed pre=[miss] cache={{O} {A}/x 0 method=PUT 5 0; {O} {A}/x 0 method=XMETHOD 5 1}"});
  add("Row68HeaderNotInTheCache", "digest §5 row 68; WPT xhr/access-control-basic-preflight-cache-invalidation-by-header",
      {at(0, chain(request("PUT", X), {hop(resp(204, {acao(O), acam("PUT")}), ok_actual)})),
       at(1, chain(request("PUT", X, {{"X-New", "1"}}), {hop(resp(204, {acao(O), acam("PUT"), acah("x-new")}), ok_actual)}))},
      {"allowed pre=[miss] cache={{O} {A}/x 0 method=PUT 5 0}",
       "allowed pre=[partial] cache={{O} {A}/x 0 method=PUT 5 1; {O} {A}/x 0 header=x-new 5 1}"});
  return rows;
}

}  // namespace v11
