// The reference model's redirect-chain rows (see redirect_chain_test.cpp for
// what they pin and how): the inputs and the expected renderings. Shared with
// properties/chain_differential_test.cpp, which runs the core on the same
// inputs.
#pragma once

#include <ostream>
#include <string>
#include <tuple>
#include <vector>

#include "v11_support.hpp"

namespace v11 {

struct ChainRow {
  std::string name;
  std::string source;
  ChainCase input;
  std::string expected;
};

inline void PrintTo(const ChainRow& row, std::ostream* os) { *os << row.name; }

inline const char* const kCorsRedirect = "digest §5; WPT fetch/api/cors/cors-redirect.any.js";
inline const char* const kCredentials = "digest §5 / §1.9; WPT cors/cors-redirect-credentials.any.js; Fetch HTTP-redirect fetch steps 9-10";
inline const char* const kPreflight = "digest §5; WPT cors/cors-redirect-preflight.any.js";
inline const char* const kMode = "digest §5 / §1.4; WPT redirect/redirect-mode.any.js; Fetch HTTP fetch step 6";
inline const char* const kMethod = "digest §5 / §1.5; WPT redirect/redirect-method.any.js; Fetch HTTP-redirect fetch step 12";
inline const char* const kOriginHeader = "digest §5 / §1.3; WPT redirect/redirect-origin.any.js";
inline const char* const kLocation = "digest §5 / §1.2 step 7; WPT redirect/redirect-location.any.js";
inline const char* const kXhrOrigin = "digest §5; WPT cors/redirect-origin.htm";
inline const char* const kAuth = "digest §5 / §1.5; WPT credentials/authentication-redirection.any.js; HTTP-redirect fetch step 13";

inline const std::string kSafeRows = "{SAFE}";

inline std::vector<ChainRow> chain_rows() {
  std::vector<ChainRow> rows;
  auto add = [&](const std::string& name, const std::string& source, ChainCase input, const std::string& expected) {
    rows.push_back(ChainRow{name, source, std::move(input), expand(expected)});
  };
  const std::string O = kPage;
  const std::string A = "https://api.example";
  const std::string R2 = "https://app.example:8443";
  const std::string B = "https://b.example";

  // --- cors/cors-redirect.any.js (rows 1-4, 26) --------------------------
  add("Row1RemoteToSameRemote", kCorsRedirect,
      chain(request("GET", A + "/r"), {hop(resp(302, {acao(O), location(A + "/x")})), hop(resp(200, {acao(O)}))}),
      "allowed err=- final=({A}/x 200 1 cors) needs=- exposed={SAFE}"
      " | [0] GET {A}/r origin={O} cors cred=0 removed=- pre=- status=302 cors=ok redirect=({A}/x followed -)"
      " | [1] GET {A}/x origin={O} cors cred=0 removed=- pre=- status=200 cors=ok redirect=-");
  add("Row2RemoteToRemote2IsTainted", kCorsRedirect,
      chain(request("GET", A + "/r"), {hop(resp(302, {acao(O), location(R2 + "/x")})), hop(resp(200, {acao("*")}))}),
      "allowed err=- final=({R2}/x 200 1 cors) needs=- exposed={SAFE}"
      " | [0] GET {A}/r origin={O} cors cred=0 removed=- pre=- status=302 cors=ok redirect=({R2}/x followed -)"
      " | [1] GET {R2}/x origin=null cors cred=0 removed=- pre=- status=200 cors=ok redirect=-");
  add("Row3LocalToRemote", std::string(kCorsRedirect) + "; rows 5, 38; digest §1.7",
      chain(request("GET", O + "/r"), {hop(resp(302, {location(A + "/x")})), hop(resp(200, {acao(O)}))}),
      "allowed err=- final=({A}/x 200 1 cors) needs=- exposed={SAFE}"
      " | [0] GET {O}/r origin=- basic cred=1 removed=- pre=- status=302 cors=- redirect=({A}/x followed -)"
      " | [1] GET {A}/x origin={O} cors cred=0 removed=- pre=- status=200 cors=ok redirect=-");
  add("Row4RemoteToLocalStaysCorsAndTainted", std::string(kCorsRedirect) + "; row 40",
      chain(request("GET", A + "/r"), {hop(resp(302, {acao(O), location(O + "/x")})), hop(resp(200, {acao("*")}))}),
      "allowed err=- final=({O}/x 200 1 cors) needs=- exposed={SAFE}"
      " | [0] GET {A}/r origin={O} cors cred=0 removed=- pre=- status=302 cors=ok redirect=({O}/x followed -)"
      " | [1] GET {O}/x origin=null cors cred=0 removed=- pre=- status=200 cors=ok redirect=-");

  // --- cors/cors-redirect-credentials.any.js (rows 6-11) -----------------
  for (const auto& [userinfo, serialized, label] : std::vector<std::tuple<std::string, std::string, std::string>>{
           {"user:password@", "user:password@", "UserAndPassword"},
           {"user:@", "user@", "UserOnly"},
           {":password@", ":password@", "PasswordOnly"}}) {
    add("Row6to8LocalToRemoteWithUserinfo" + label, kCredentials,
        chain(request("GET", O + "/r"), {hop(resp(302, {location("https://" + userinfo + "api.example/x")}))}),
        "blocked-redirect err=0 final=- needs=- exposed=-"
        " | [0] GET {O}/r origin=- basic cred=1 removed=- pre=- status=302 cors=-"
        " redirect=(https://" + serialized + "api.example/x stopped redirect-credentials)");
  }
  add("Row9RemoteToLocalWithUserinfo", std::string(kCredentials) + " (step 10: tainting is cors)",
      chain(request("GET", A + "/r"), {hop(resp(302, {acao(O), location("https://user:pass@app.example/x")}))}),
      "blocked-redirect err=0 final=- needs=- exposed=-"
      " | [0] GET {A}/r origin={O} cors cred=0 removed=- pre=- status=302 cors=ok"
      " redirect=(https://user:pass@app.example/x stopped redirect-credentials)");
  add("Row10RemoteToSameRemoteWithUserinfo", kCredentials,
      chain(request("GET", A + "/r"), {hop(resp(302, {acao(O), location("https://user:pass@api.example/x")}))}),
      "blocked-redirect err=0 final=- needs=- exposed=-"
      " | [0] GET {A}/r origin={O} cors cred=0 removed=- pre=- status=302 cors=ok"
      " redirect=(https://user:pass@api.example/x stopped redirect-credentials)");
  add("Row11RemoteToRemote2WithUserinfo", kCredentials,
      chain(request("GET", A + "/r"),
            {hop(resp(302, {acao(O), location("https://user:pass@app.example:8443/x")}))}),
      "blocked-redirect err=0 final=- needs=- exposed=-"
      " | [0] GET {A}/r origin={O} cors cred=0 removed=- pre=- status=302 cors=ok"
      " redirect=(https://user:pass@app.example:8443/x stopped redirect-credentials)");
  add("EmptyUserinfoIsNoCredentials", "digest §1.9 (a bare @ leaves both empty); URL Standard 'includes credentials'",
      chain(request("GET", O + "/r"), {hop(resp(302, {location("https://@api.example/x")})), hop(resp(200, {acao(O)}))}),
      "allowed err=- final=({A}/x 200 1 cors) needs=- exposed={SAFE}"
      " | [0] GET {O}/r origin=- basic cred=1 removed=- pre=- status=302 cors=- redirect=({A}/x followed -)"
      " | [1] GET {A}/x origin={O} cors cred=0 removed=- pre=- status=200 cors=ok redirect=-");

  // --- cors/cors-redirect-preflight.any.js (rows 12-16) ------------------
  add("Row12LocalToRemotePreflightAtTarget", std::string(kPreflight) + "; digest §1.7",
      chain(request("GET", O + "/r", {{"X-W3C", "1"}}),
            {hop(resp(302, {location(A + "/x")})), hop(resp(204, {acao(O), acah("x-w3c")}), resp(200, {acao(O)}))}),
      "allowed err=- final=({A}/x 200 1 cors) needs=- exposed={SAFE}"
      " | [0] GET {O}/r origin=- basic cred=1 removed=- pre=- status=302 cors=- redirect=({A}/x followed -)"
      " | [1] GET {A}/x origin={O} cors cred=0 removed=- pre=(miss GET x-w3c ok 5) status=200 cors=ok redirect=-");
  add("Row13TargetDoesNotListHeader", kPreflight,
      chain(request("GET", O + "/r", {{"X-W3C", "1"}}),
            {hop(resp(302, {location(A + "/x")})), hop(resp(204, {acao(O)}), resp(200, {acao(O)}))}),
      "blocked-preflight err=1 final=- needs=- exposed=-"
      " | [0] GET {O}/r origin=- basic cred=1 removed=- pre=- status=302 cors=- redirect=({A}/x followed -)"
      " | [1] GET {A}/x origin={O} cors cred=0 removed=- pre=(miss GET x-w3c header-not-allowed -) status=- cors=-"
      " redirect=-");
  add("Row14RemoteToLocalPreflightWithNullOrigin", kPreflight,
      chain(request("GET", A + "/r", {{"X-W3C", "1"}}),
            {hop(resp(204, {acao(O), acah("x-w3c")}), resp(302, {acao(O), location(O + "/x")})),
             hop(resp(204, {acao("*"), acah("x-w3c")}), resp(200, {acao("*")}))}),
      "allowed err=- final=({O}/x 200 1 cors) needs=- exposed={SAFE}"
      " | [0] GET {A}/r origin={O} cors cred=0 removed=- pre=(miss GET x-w3c ok 5) status=302 cors=ok"
      " redirect=({O}/x followed -)"
      " | [1] GET {O}/x origin=null cors cred=0 removed=- pre=(miss GET x-w3c ok 5) status=200 cors=ok redirect=-");
  add("Row15RemoteToRemote2PreflightAtRemote2", kPreflight,
      chain(request("GET", A + "/r", {{"X-W3C", "1"}}),
            {hop(resp(204, {acao(O), acah("x-w3c")}), resp(302, {acao(O), location(R2 + "/x")})),
             hop(resp(204, {acao("null"), acah("x-w3c")}), resp(200, {acao("null")}))}),
      "allowed err=- final=({R2}/x 200 1 cors) needs=- exposed={SAFE}"
      " | [0] GET {A}/r origin={O} cors cred=0 removed=- pre=(miss GET x-w3c ok 5) status=302 cors=ok"
      " redirect=({R2}/x followed -)"
      " | [1] GET {R2}/x origin=null cors cred=0 removed=- pre=(miss GET x-w3c ok 5) status=200 cors=ok redirect=-");
  add("Row16FailsAtTheFirstHopsPreflight", kPreflight,
      chain(request("GET", A + "/r", {{"X-W3C", "1"}}),
            {hop(resp(204, {acao(O)}), resp(302, {acao(O), location(O + "/x")}))}),
      "blocked-preflight err=0 final=- needs=- exposed=-"
      " | [0] GET {A}/r origin={O} cors cred=0 removed=- pre=(miss GET x-w3c header-not-allowed -) status=- cors=-"
      " redirect=-");

  // --- cors/cors-preflight-redirect.any.js (rows 17-18) ------------------
  add("Row17PreflightAnswered3xxFails", "digest §5 row 17 / §1.8; Fetch CORS-preflight fetch step 7 (ok status)",
      chain(request("PUT", A + "/x"), {hop(resp(302, {acao(O), acam("PUT"), location(A + "/y")}), resp(200))}),
      "blocked-preflight err=0 final=- needs=- exposed=-"
      " | [0] PUT {A}/x origin={O} cors cred=0 removed=- pre=(miss PUT - preflight-status -) status=- cors=-"
      " redirect=-");
  add("Row18RedirectAfterPreflightIsFollowedWithANewPreflight",
      "digest §5 row 18 (WPT PR #62651) / §1.8; whatwg/fetch 0d9a4db",
      chain(request("PUT", A + "/r"),
            {hop(resp(204, {acao(O), acam("PUT")}), resp(307, {acao(O), location("/x")})),
             hop(resp(204, {acao(O), acam("PUT")}), resp(200, {acao(O)}))}),
      "allowed err=- final=({A}/x 200 1 cors) needs=- exposed={SAFE}"
      " | [0] PUT {A}/r origin={O} cors cred=0 removed=- pre=(miss PUT - ok 5) status=307 cors=ok"
      " redirect=({A}/x followed -)"
      " | [1] PUT {A}/x origin={O} cors cred=0 removed=- pre=(miss PUT - ok 5) status=200 cors=ok redirect=-");
  add("RedirectToTheSameUrlHitsTheEntryWrittenAtHop0", "protocol v1.1 (the hops of one chain share the cache); digest §2.7",
      chain(request("PUT", A + "/r"),
            {hop(resp(204, {acao(O), acam("PUT")}), resp(307, {acao(O), location("/r")})), hop(resp(200, {acao(O)}))}),
      "allowed err=- final=({A}/r 200 1 cors) needs=- exposed={SAFE}"
      " | [0] PUT {A}/r origin={O} cors cred=0 removed=- pre=(miss PUT - ok 5) status=307 cors=ok"
      " redirect=({A}/r followed -)"
      " | [1] PUT {A}/r origin={O} cors cred=0 removed=- pre=(hit PUT - ok -) status=200 cors=ok redirect=-");

  // --- cors/cors-cookies-redirect.any.js (rows 20-21) --------------------
  add("Row20IncludeRemoteToRemote2", "digest §5 row 20; Fetch HTTP-network-or-cache fetch (includeCredentials)",
      chain(request("GET", A + "/r", {}, "include"),
            {hop(resp(301, {acao(O), acac(), location(R2 + "/x")})), hop(resp(200, {acao("null"), acac()}))}),
      "allowed err=- final=({R2}/x 200 1 cors) needs=- exposed={SAFE}"
      " | [0] GET {A}/r origin={O} cors cred=1 removed=- pre=- status=301 cors=ok redirect=({R2}/x followed -)"
      " | [1] GET {R2}/x origin=null cors cred=1 removed=- pre=- status=200 cors=ok redirect=-");
  add("Row20TaintedCredentialedHopRejectsWildcard", "digest §1.3 (tainted hop: `null`, or `*` only without credentials); Fetch CORS check step 3",
      chain(request("GET", A + "/r", {}, "include"),
            {hop(resp(301, {acao(O), acac(), location(R2 + "/x")})), hop(resp(200, {acao("*"), acac()}))}),
      "blocked-response err=1 final=- needs=- exposed=-"
      " | [0] GET {A}/r origin={O} cors cred=1 removed=- pre=- status=301 cors=ok redirect=({R2}/x followed -)"
      " | [1] GET {R2}/x origin=null cors cred=1 removed=- pre=- status=200 cors=acao-wildcard-with-credentials"
      " redirect=-");
  add("Row21IncludeWithPreflightingHeader", "digest §5 row 21",
      chain(request("GET", A + "/r", {{"X-A", "1"}}, "include"),
            {hop(resp(204, {acao(O), acac(), acah("x-a")}), resp(301, {acao(O), acac(), location(R2 + "/x")})),
             hop(resp(204, {acao("null"), acac(), acah("x-a")}), resp(200, {acao("null"), acac()}))}),
      "allowed err=- final=({R2}/x 200 1 cors) needs=- exposed={SAFE}"
      " | [0] GET {A}/r origin={O} cors cred=1 removed=- pre=(miss GET x-a ok 5) status=301 cors=ok"
      " redirect=({R2}/x followed -)"
      " | [1] GET {R2}/x origin=null cors cred=1 removed=- pre=(miss GET x-a ok 5) status=200 cors=ok redirect=-");

  // --- redirect/redirect-mode.any.js (rows 22-24, 26, 28) ----------------
  add("Row22ErrorModeSameOrigin", kMode,
      chain(request("GET", O + "/r"), {hop(resp(302, {location(O + "/x")}))}, "error"),
      "blocked-redirect err=0 final=- needs=- exposed=-"
      " | [0] GET {O}/r origin=- basic cred=1 removed=- pre=- status=302 cors=- redirect=(- stopped redirect-disallowed)");
  add("Row22ErrorModeCrossOrigin", kMode,
      chain(request("GET", A + "/r"), {hop(resp(302, {acao(O), location(A + "/x")}))}, "error"),
      "blocked-redirect err=0 final=- needs=- exposed=-"
      " | [0] GET {A}/r origin={O} cors cred=0 removed=- pre=- status=302 cors=ok redirect=(- stopped redirect-disallowed)");
  add("ErrorModeWithoutLocationStillFails", "digest §1.4 (error: network error even without Location); Fetch HTTP fetch step 6",
      chain(request("GET", A + "/r"), {hop(resp(302, {acao(O)}))}, "error"),
      "blocked-redirect err=0 final=- needs=- exposed=-"
      " | [0] GET {A}/r origin={O} cors cred=0 removed=- pre=- status=302 cors=ok redirect=(- stopped redirect-disallowed)");
  add("Row23ManualSameOrigin", kMode,
      chain(request("GET", O + "/r"), {hop(resp(302, {location(O + "/x")}))}, "manual"),
      "opaque-redirect err=- final=({O}/r 0 0 opaqueredirect) needs=- exposed=[]"
      " | [0] GET {O}/r origin=- basic cred=1 removed=- pre=- status=302 cors=- redirect=(- stopped -)");
  add("Row24ManualCrossOriginWithAcao", kMode,
      chain(request("GET", A + "/r"), {hop(resp(302, {acao(O), location(A + "/x")}))}, "manual"),
      "opaque-redirect err=- final=({A}/r 0 0 opaqueredirect) needs=- exposed=[]"
      " | [0] GET {A}/r origin={O} cors cred=0 removed=- pre=- status=302 cors=ok redirect=(- stopped -)");
  add("Row28ManualCrossOriginWithoutAcaoFailsTheCorsCheck", kMode,
      chain(request("GET", A + "/r"), {hop(resp(302, {location(A + "/x")}))}, "manual"),
      "blocked-response err=0 final=- needs=- exposed=-"
      " | [0] GET {A}/r origin={O} cors cred=0 removed=- pre=- status=302 cors=acao-missing redirect=(- stopped -)");

  // --- redirect/redirect-method.any.js (rows 31-35) ----------------------
  add("Row31Head301KeepsHead", kMethod,
      chain(request("HEAD", A + "/r"), {hop(resp(301, {acao(O), location("/x")})), hop(resp(200, {acao(O)}))}),
      "allowed err=- final=({A}/x 200 1 cors) needs=- exposed={SAFE}"
      " | [0] HEAD {A}/r origin={O} cors cred=0 removed=- pre=- status=301 cors=ok redirect=({A}/x followed -)"
      " | [1] HEAD {A}/x origin={O} cors cred=0 removed=- pre=- status=200 cors=ok redirect=-");
  add("Row32Post302BecomesGetAndLosesBodyHeaders", std::string(kMethod) + "; Fetch 'request-body-header name'",
      chain(request("POST", O + "/r",
                    {{"Content-Encoding", "gzip"}, {"Content-Language", "en"}, {"Content-Location", "/a"},
                     {"Content-Type", "text/plain"}}),
            {hop(resp(302, {location("/x")})), hop(resp(200))}),
      "allowed err=- final=({O}/x 200 1 basic) needs=- exposed=[]"
      " | [0] POST {O}/r origin={O} basic cred=1 removed=- pre=- status=302 cors=- redirect=({O}/x followed -)"
      " | [1] GET {O}/x origin=- basic cred=1 removed=content-encoding,content-language,content-location,content-type"
      " pre=- status=200 cors=- redirect=-");
  add("Row33CustomMethod303BecomesGet", kMethod,
      chain(request("TESTING", O + "/r", {{"Content-Type", "text/plain"}}),
            {hop(resp(303, {location("/x")})), hop(resp(200))}),
      "allowed err=- final=({O}/x 200 1 basic) needs=- exposed=[]"
      " | [0] TESTING {O}/r origin={O} basic cred=1 removed=- pre=- status=303 cors=- redirect=({O}/x followed -)"
      " | [1] GET {O}/x origin=- basic cred=1 removed=content-type pre=- status=200 cors=- redirect=-");
  add("Row34Head303KeepsHead", kMethod,
      chain(request("HEAD", O + "/r"), {hop(resp(303, {location("/x")})), hop(resp(200))}),
      "allowed err=- final=({O}/x 200 1 basic) needs=- exposed=[]"
      " | [0] HEAD {O}/r origin=- basic cred=1 removed=- pre=- status=303 cors=- redirect=({O}/x followed -)"
      " | [1] HEAD {O}/x origin=- basic cred=1 removed=- pre=- status=200 cors=- redirect=-");
  add("Row35Post307KeepsPostAndContentType", std::string(kMethod) + "; row 37 (Origin on a same-origin POST)",
      chain(request("POST", O + "/r", {{"Content-Type", "text/plain;charset=UTF-8"}}),
            {hop(resp(307, {location("/x")})), hop(resp(200))}),
      "allowed err=- final=({O}/x 200 1 basic) needs=- exposed=[]"
      " | [0] POST {O}/r origin={O} basic cred=1 removed=- pre=- status=307 cors=- redirect=({O}/x followed -)"
      " | [1] POST {O}/x origin={O} basic cred=1 removed=- pre=- status=200 cors=- redirect=-");
  add("Put303CrossOriginDropsThePreflight", "digest §1.5 (consequence for preflights); Fetch main fetch step 12 per hop",
      chain(request("PUT", A + "/r", {{"Content-Type", "application/json"}}),
            {hop(resp(204, {acao(O), acam("PUT"), acah("content-type")}), resp(303, {acao(O), location("/x")})),
             hop(resp(200, {acao(O)}))}),
      "allowed err=- final=({A}/x 200 1 cors) needs=- exposed={SAFE}"
      " | [0] PUT {A}/r origin={O} cors cred=0 removed=- pre=(miss PUT content-type ok 5) status=303 cors=ok"
      " redirect=({A}/x followed -)"
      " | [1] GET {A}/x origin={O} cors cred=0 removed=content-type pre=- status=200 cors=ok redirect=-");
  add("PostJson302IntoForeignOriginNeedsNoPreflight", "digest §6.6 / §1.5",
      chain(request("POST", O + "/r", {{"Content-Type", "application/json"}}),
            {hop(resp(302, {location(A + "/x")})), hop(resp(200, {acao(O)}))}),
      "allowed err=- final=({A}/x 200 1 cors) needs=- exposed={SAFE}"
      " | [0] POST {O}/r origin={O} basic cred=1 removed=- pre=- status=302 cors=- redirect=({A}/x followed -)"
      " | [1] GET {A}/x origin={O} cors cred=0 removed=content-type pre=- status=200 cors=ok redirect=-");
  add("PostJson307IntoForeignOriginNeedsAPreflight", "digest §6.6 / §1.5",
      chain(request("POST", O + "/r", {{"Content-Type", "application/json"}}),
            {hop(resp(307, {location(A + "/x")})),
             hop(resp(204, {acao(O), acah("content-type")}), resp(200, {acao(O)}))}),
      "allowed err=- final=({A}/x 200 1 cors) needs=- exposed={SAFE}"
      " | [0] POST {O}/r origin={O} basic cred=1 removed=- pre=- status=307 cors=- redirect=({A}/x followed -)"
      " | [1] POST {A}/x origin={O} cors cred=0 removed=- pre=(miss POST content-type ok 5) status=200 cors=ok"
      " redirect=-");

  // --- redirect/redirect-origin.any.js (rows 37-40) ----------------------
  add("Row37SameToSamePost301BecomesGetWithoutOrigin", kOriginHeader,
      chain(request("POST", O + "/r"), {hop(resp(301, {location("/x")})), hop(resp(200))}),
      "allowed err=- final=({O}/x 200 1 basic) needs=- exposed=[]"
      " | [0] POST {O}/r origin={O} basic cred=1 removed=- pre=- status=301 cors=- redirect=({O}/x followed -)"
      " | [1] GET {O}/x origin=- basic cred=1 removed=- pre=- status=200 cors=- redirect=-");
  add("Row38SameToOtherPost", kOriginHeader,
      chain(request("POST", O + "/r"), {hop(resp(307, {location(A + "/x")})), hop(resp(200, {acao(O)}))}),
      "allowed err=- final=({A}/x 200 1 cors) needs=- exposed={SAFE}"
      " | [0] POST {O}/r origin={O} basic cred=1 removed=- pre=- status=307 cors=- redirect=({A}/x followed -)"
      " | [1] POST {A}/x origin={O} cors cred=0 removed=- pre=- status=200 cors=ok redirect=-");
  add("Row39OtherToSameRemote", kOriginHeader,
      chain(request("POST", A + "/r"), {hop(resp(307, {acao(O), location(A + "/x")})), hop(resp(200, {acao(O)}))}),
      "allowed err=- final=({A}/x 200 1 cors) needs=- exposed={SAFE}"
      " | [0] POST {A}/r origin={O} cors cred=0 removed=- pre=- status=307 cors=ok redirect=({A}/x followed -)"
      " | [1] POST {A}/x origin={O} cors cred=0 removed=- pre=- status=200 cors=ok redirect=-");
  add("Row40OtherToSameOriginPostSendsNull", kOriginHeader,
      chain(request("POST", A + "/r"), {hop(resp(307, {acao(O), location(O + "/x")})), hop(resp(200, {acao("*")}))}),
      "allowed err=- final=({O}/x 200 1 cors) needs=- exposed={SAFE}"
      " | [0] POST {A}/r origin={O} cors cred=0 removed=- pre=- status=307 cors=ok redirect=({O}/x followed -)"
      " | [1] POST {O}/x origin=null cors cred=0 removed=- pre=- status=200 cors=ok redirect=-");

  // --- redirect/redirect-location.any.js and friends (rows 41-48) --------
  add("Row41NoLocationFollowIsTheFinalResponse", kLocation,
      chain(request("GET", A + "/r"), {hop(resp(302, {acao(O)}))}),
      "allowed err=- final=({A}/r 302 0 cors) needs=- exposed={SAFE}"
      " | [0] GET {A}/r origin={O} cors cred=0 removed=- pre=- status=302 cors=ok redirect=(- stopped -)");
  add("Row42NoLocationManual", kLocation, chain(request("GET", A + "/r"), {hop(resp(302, {acao(O)}))}, "manual"),
      "opaque-redirect err=- final=({A}/r 0 0 opaqueredirect) needs=- exposed=[]"
      " | [0] GET {A}/r origin={O} cors cred=0 removed=- pre=- status=302 cors=ok redirect=(- stopped -)");
  add("Row44InvalidurlSchemeFollow", kLocation,
      chain(request("GET", A + "/r"), {hop(resp(302, {acao(O), location("invalidurl:")}))}),
      "blocked-redirect err=0 final=- needs=- exposed=-"
      " | [0] GET {A}/r origin={O} cors cred=0 removed=- pre=- status=302 cors=ok"
      " redirect=(invalidurl: stopped redirect-scheme)");
  add("Row44InvalidurlSchemeManual", kLocation,
      chain(request("GET", A + "/r"), {hop(resp(302, {acao(O), location("invalidurl:")}))}, "manual"),
      "opaque-redirect err=- final=({A}/r 0 0 opaqueredirect) needs=- exposed=[]"
      " | [0] GET {A}/r origin={O} cors cred=0 removed=- pre=- status=302 cors=ok redirect=(- stopped -)");
  add("Row45DataFollow", std::string(kLocation) + "; row 48 (redirect-to-dataurl)",
      chain(request("GET", O + "/r"), {hop(resp(302, {location("data:text/plain,hello")}))}),
      "blocked-redirect err=0 final=- needs=- exposed=-"
      " | [0] GET {O}/r origin=- basic cred=1 removed=- pre=- status=302 cors=-"
      " redirect=(data:text/plain,hello stopped redirect-scheme)");
  const std::vector<std::string> refused_targets = {"mailto:a@example.com", "facetime:x", "about:blank",
                                                    "about:unicorn", "blob:https://app.example/f00",
                                                    "javascript:alert(1)", "ftp://api.example/x",
                                                    "ws://api.example/x", "file:///etc/passwd"};
  for (std::size_t i = 0; i < refused_targets.size(); ++i) {
    const std::string& target = refused_targets[i];
    add("Row47Scheme" + std::to_string(i) + "_" + target.substr(0, target.find(':')),
        "digest §5 row 47; WPT redirect/redirect-schemes.any.js; Fetch HTTP-redirect fetch step 6",
        chain(request("GET", A + "/r"), {hop(resp(302, {acao(O), location(target)}))}),
        "blocked-redirect err=0 final=- needs=- exposed=-"
        " | [0] GET {A}/r origin={O} cors cred=0 removed=- pre=- status=302 cors=ok"
        " redirect=(" + target + " stopped redirect-scheme)");
  }
  add("RepeatedLocationIsFailureEvenWhenIdentical",
      "protocol `redirect-location-invalid` (repeated); Fetch 'extract header list values' step 2 (Location is a single-header ABNF)",
      chain(request("GET", A + "/r"), {hop(resp(302, {acao(O), location(A + "/x"), location(A + "/x")}))}),
      "blocked-redirect err=0 final=- needs=- exposed=-"
      " | [0] GET {A}/r origin={O} cors cred=0 removed=- pre=- status=302 cors=ok"
      " redirect=(- stopped redirect-location-invalid)");
  add("UnparsableLocation", "protocol `redirect-location-invalid`; Fetch location URL step 3; URL host parser",
      chain(request("GET", A + "/r"), {hop(resp(302, {acao(O), location("https://exa mple.com/")}))}),
      "blocked-redirect err=0 final=- needs=- exposed=-"
      " | [0] GET {A}/r origin={O} cors cred=0 removed=- pre=- status=302 cors=ok"
      " redirect=(- stopped redirect-location-invalid)");
  add("FragmentIsInheritedFromTheRequestUrl", "Fetch location URL step 4; digest §1.2 step 7",
      chain(request("GET", A + "/r#frag"), {hop(resp(302, {acao(O), location("/x")})), hop(resp(200, {acao(O)}))}),
      "allowed err=- final=({A}/x 200 1 cors) needs=- exposed={SAFE}"
      " | [0] GET {A}/r origin={O} cors cred=0 removed=- pre=- status=302 cors=ok redirect=({A}/x#frag followed -)"
      " | [1] GET {A}/x origin={O} cors cred=0 removed=- pre=- status=200 cors=ok redirect=-");
  add("LocationFragmentWins", "Fetch location URL step 4",
      chain(request("GET", A + "/r#frag"), {hop(resp(302, {acao(O), location("/x#own")})), hop(resp(200, {acao(O)}))}),
      "allowed err=- final=({A}/x 200 1 cors) needs=- exposed={SAFE}"
      " | [0] GET {A}/r origin={O} cors cred=0 removed=- pre=- status=302 cors=ok redirect=({A}/x#own followed -)"
      " | [1] GET {A}/x origin={O} cors cred=0 removed=- pre=- status=200 cors=ok redirect=-");
  add("SchemeRelativeAndBackslashLocations", "URL Standard special authority states; digest §1.2 step 7",
      chain(request("GET", A + "/a/b"),
            {hop(resp(302, {acao(O), location("\\\\b.example\\y?q")})), hop(resp(302, {acao("*"), location("../z")})),
             hop(resp(200, {acao("*")}))}),
      "allowed err=- final=({B}/z 200 2 cors) needs=- exposed={SAFE}"
      " | [0] GET {A}/a/b origin={O} cors cred=0 removed=- pre=- status=302 cors=ok redirect=({B}/y?q followed -)"
      " | [1] GET {B}/y?q origin=null cors cred=0 removed=- pre=- status=302 cors=ok redirect=({B}/z followed -)"
      " | [2] GET {B}/z origin=null cors cred=0 removed=- pre=- status=200 cors=ok redirect=-");
  add("Row56LocationBytesArePercentEncoded",
      "digest §5 row 56 (WPT redirect-location-escape.tentative); decision: the URL parser, no URI-reference check",
      chain(request("GET", A + "/r"), {hop(resp(302, {acao(O), location("/a b/\xC3\xA9")})), hop(resp(200, {acao(O)}))}),
      "allowed err=- final=({A}/a%20b/%C3%A9 200 1 cors) needs=- exposed={SAFE}"
      " | [0] GET {A}/r origin={O} cors cred=0 removed=- pre=- status=302 cors=ok redirect=({A}/a%20b/%C3%A9 followed -)"
      " | [1] GET {A}/a%20b/%C3%A9 origin={O} cors cred=0 removed=- pre=- status=200 cors=ok redirect=-");

  // --- redirect-back-to-original-origin (row 49), digest §1.7 / §6.6 -----
  add("Row49PageRemotePageIsCors", "digest §5 row 49; WPT redirect/redirect-back-to-original-origin.any.js",
      chain(request("GET", O + "/r"),
            {hop(resp(303, {location(A + "/x")})), hop(resp(303, {acao(O), location(O + "/y")})),
             hop(resp(200, {acao("*")}))}),
      "allowed err=- final=({O}/y 200 2 cors) needs=- exposed={SAFE}"
      " | [0] GET {O}/r origin=- basic cred=1 removed=- pre=- status=303 cors=- redirect=({A}/x followed -)"
      " | [1] GET {A}/x origin={O} cors cred=0 removed=- pre=- status=303 cors=ok redirect=({O}/y followed -)"
      " | [2] GET {O}/y origin=null cors cred=0 removed=- pre=- status=200 cors=ok redirect=-");
  add("ABASameOriginCredentialsCookiesOnHop0Only", "digest §6.6 / §1.7",
      chain(request("GET", O + "/r"),
            {hop(resp(302, {location(B + "/x")})), hop(resp(302, {acao(O), location(O + "/y")})),
             hop(resp(200, {acao(O)}))}),
      "blocked-response err=2 final=- needs=- exposed=-"
      " | [0] GET {O}/r origin=- basic cred=1 removed=- pre=- status=302 cors=- redirect=({B}/x followed -)"
      " | [1] GET {B}/x origin={O} cors cred=0 removed=- pre=- status=302 cors=ok redirect=({O}/y followed -)"
      " | [2] GET {O}/y origin=null cors cred=0 removed=- pre=- status=200 cors=acao-mismatch redirect=-");

  // --- credentials/authentication-redirection.any.js (rows 54-55) --------
  add("Row54AuthorizationKeptOnSameOriginRedirect", kAuth,
      chain(request("GET", O + "/r", {{"Authorization", "Basic dTpw"}}), {hop(resp(302, {location("/x")})), hop(resp(200))}),
      "allowed err=- final=({O}/x 200 1 basic) needs=- exposed=[]"
      " | [0] GET {O}/r origin=- basic cred=1 removed=- pre=- status=302 cors=- redirect=({O}/x followed -)"
      " | [1] GET {O}/x origin=- basic cred=1 removed=- pre=- status=200 cors=- redirect=-");
  add("Row54AuthorizationKeptRemoteToSameRemote", kAuth,
      chain(request("GET", A + "/r", {{"Authorization", "Basic dTpw"}}),
            {hop(resp(204, {acao(O), acah("authorization")}), resp(302, {acao(O), location("/x")})),
             hop(resp(204, {acao(O), acah("Authorization")}), resp(200, {acao(O)}))}),
      "allowed err=- final=({A}/x 200 1 cors) needs=- exposed={SAFE}"
      " | [0] GET {A}/r origin={O} cors cred=0 removed=- pre=(miss GET authorization ok 5) status=302 cors=ok"
      " redirect=({A}/x followed -)"
      " | [1] GET {A}/x origin={O} cors cred=0 removed=- pre=(miss GET authorization ok 5) status=200 cors=ok"
      " redirect=-");
  add("Row55AuthorizationRemovedRemoteToPage", std::string(kAuth) + "; digest §6.6 (removing the last unsafe header)",
      chain(request("GET", A + "/r", {{"Authorization", "Basic dTpw"}}),
            {hop(resp(204, {acao(O), acah("authorization")}), resp(302, {acao(O), location(O + "/x")})),
             hop(resp(200, {acao("*")}))}),
      "allowed err=- final=({O}/x 200 1 cors) needs=- exposed={SAFE}"
      " | [0] GET {A}/r origin={O} cors cred=0 removed=- pre=(miss GET authorization ok 5) status=302 cors=ok"
      " redirect=({O}/x followed -)"
      " | [1] GET {O}/x origin=null cors cred=0 removed=authorization pre=- status=200 cors=ok redirect=-");
  add("AuthorizationRemovedLocalToRemoteBeforeThePreflightDecision", "digest §1.7 (Authorization removed before the decision)",
      chain(request("GET", O + "/r", {{"Authorization", "Basic dTpw"}}),
            {hop(resp(302, {location(A + "/x")})), hop(resp(200, {acao(O)}))}),
      "allowed err=- final=({A}/x 200 1 cors) needs=- exposed={SAFE}"
      " | [0] GET {O}/r origin=- basic cred=1 removed=- pre=- status=302 cors=- redirect=({A}/x followed -)"
      " | [1] GET {A}/x origin={O} cors cred=0 removed=authorization pre=- status=200 cors=ok redirect=-");

  // --- cors/redirect-origin.htm (rows 57-62) -----------------------------
  add("Row57LocalRedirectIsNotCorsChecked", kXhrOrigin,
      chain(request("GET", O + "/r"),
            {hop(resp(302, {acao("https://evil.example"), location(A + "/x")})), hop(resp(200, {acao("*")}))}),
      "allowed err=- final=({A}/x 200 1 cors) needs=- exposed={SAFE}"
      " | [0] GET {O}/r origin=- basic cred=1 removed=- pre=- status=302 cors=- redirect=({A}/x followed -)"
      " | [1] GET {A}/x origin={O} cors cred=0 removed=- pre=- status=200 cors=ok redirect=-");
  add("Row58LocalToRemoteAnsweringNullFails", kXhrOrigin,
      chain(request("GET", O + "/r"), {hop(resp(302, {location(A + "/x")})), hop(resp(200, {acao("null")}))}),
      "blocked-response err=1 final=- needs=- exposed=-"
      " | [0] GET {O}/r origin=- basic cred=1 removed=- pre=- status=302 cors=- redirect=({A}/x followed -)"
      " | [1] GET {A}/x origin={O} cors cred=0 removed=- pre=- status=200 cors=acao-mismatch redirect=-");
  add("Row59RemoteToLocalAnsweringNullPasses", kXhrOrigin,
      chain(request("GET", A + "/r"), {hop(resp(302, {acao("*"), location(O + "/x")})), hop(resp(200, {acao("null")}))}),
      "allowed err=- final=({O}/x 200 1 cors) needs=- exposed={SAFE}"
      " | [0] GET {A}/r origin={O} cors cred=0 removed=- pre=- status=302 cors=ok redirect=({O}/x followed -)"
      " | [1] GET {O}/x origin=null cors cred=0 removed=- pre=- status=200 cors=ok redirect=-");
  add("Row59RemoteToLocalAnsweringThePageOriginFails", kXhrOrigin,
      chain(request("GET", A + "/r"), {hop(resp(302, {acao(O), location(O + "/x")})), hop(resp(200, {acao(O)}))}),
      "blocked-response err=1 final=- needs=- exposed=-"
      " | [0] GET {A}/r origin={O} cors cred=0 removed=- pre=- status=302 cors=ok redirect=({O}/x followed -)"
      " | [1] GET {O}/x origin=null cors cred=0 removed=- pre=- status=200 cors=acao-mismatch redirect=-");
  add("Row60Remote3xxAnsweringNullFails", kXhrOrigin,
      chain(request("GET", A + "/r"), {hop(resp(302, {acao("null"), location(O + "/x")}))}),
      "blocked-response err=0 final=- needs=- exposed=-"
      " | [0] GET {A}/r origin={O} cors cred=0 removed=- pre=- status=302 cors=acao-mismatch redirect=(- stopped -)");
  add("Row61RemoteToRemote2AnsweringOriginFails", kXhrOrigin,
      chain(request("GET", A + "/r"), {hop(resp(302, {acao(O), location(B + "/x")})), hop(resp(200, {acao(O)}))}),
      "blocked-response err=1 final=- needs=- exposed=-"
      " | [0] GET {A}/r origin={O} cors cred=0 removed=- pre=- status=302 cors=ok redirect=({B}/x followed -)"
      " | [1] GET {B}/x origin=null cors cred=0 removed=- pre=- status=200 cors=acao-mismatch redirect=-");
  add("Row62HopAnsweringItsOwnOriginFails", kXhrOrigin,
      chain(request("GET", A + "/r"), {hop(resp(302, {acao(A), location(B + "/x")}))}),
      "blocked-response err=0 final=- needs=- exposed=-"
      " | [0] GET {A}/r origin={O} cors cred=0 removed=- pre=- status=302 cors=acao-mismatch redirect=(- stopped -)");

  // --- protocol mechanics: incomplete, forbidden-request, hop urls -------
  add("IncompleteNeedsTheNextResponse", "protocol v1.1 `incomplete` / `needs`",
      chain(request("GET", A + "/r"), {hop(resp(302, {acao(O), location("/x")}))}),
      "incomplete err=- final=- needs=(1 response {A}/x) exposed=-"
      " | [0] GET {A}/r origin={O} cors cred=0 removed=- pre=- status=302 cors=ok redirect=({A}/x followed -)"
      " | [1] GET {A}/x origin={O} cors cred=0 removed=- pre=- status=- cors=- redirect=-");
  add("IncompleteNeedsThePreflightResponse", "protocol v1.1 `incomplete` / `needs`",
      chain(request("PUT", A + "/r"), {hop(resp(204, {acao(O), acam("PUT")}), resp(307, {acao(O), location("/x")}))}),
      "incomplete err=- final=- needs=(1 preflight_response {A}/x) exposed=-"
      " | [0] PUT {A}/r origin={O} cors cred=0 removed=- pre=(miss PUT - ok 5) status=307 cors=ok"
      " redirect=({A}/x followed -)"
      " | [1] PUT {A}/x origin={O} cors cred=0 removed=- pre=(miss PUT - pending -) status=- cors=- redirect=-");
  add("HopsBeyondTheEndAreIgnored", "protocol v1.1 (hops beyond the end of the chain are ignored)",
      chain(request("GET", A + "/r"), {hop(resp(200, {acao(O)})), hop(resp(500))}),
      "allowed err=- final=({A}/r 200 0 cors) needs=- exposed={SAFE}"
      " | [0] GET {A}/r origin={O} cors cred=0 removed=- pre=- status=200 cors=ok redirect=-");
  add("ForbiddenMethod", "Fetch Request constructor step 25.2; protocol `forbidden-request`",
      chain(request("CONNECT", A + "/r"), {hop(resp(200, {acao(O)}))}), "forbidden-request err=- final=- needs=- exposed=-");
  add("PrivateNetworkPreflightsEveryCorsHop", "decisions page 'Private network' (extension), applied per hop",
      [&] {
        ChainCase c = chain(
            request("GET", A + "/r"),
            {hop(resp(204, {acao(O), {"Access-Control-Allow-Private-Network", "true"}}), resp(302, {acao(O), location("/r")})),
             hop(resp(204, {acao(O), {"Access-Control-Allow-Private-Network", "true"}}), resp(200, {acao(O)}))});
        c.request.private_network = true;
        return c;
      }(),
      "allowed err=- final=({A}/r 200 1 cors) needs=- exposed={SAFE}"
      " | [0] GET {A}/r origin={O} cors cred=0 removed=- pre=(miss GET - ok 5) status=302 cors=ok redirect=({A}/r followed -)"
      " | [1] GET {A}/r origin={O} cors cred=0 removed=- pre=(miss GET - ok 5) status=200 cors=ok redirect=-");
  return rows;
}

// A chain of `hops` 302 responses to `location_value`, each with ACAO but
// the last when `last_lacks_acao` (the redirect-limit tests).
inline ChainCase loop_of(std::size_t hops, const std::string& location_value, bool last_lacks_acao = false) {
  std::vector<Hop> list;
  for (std::size_t i = 0; i < hops; ++i) {
    Headers headers = {location(location_value)};
    if (!(last_lacks_acao && i + 1 == hops)) headers.push_back(acao(kPage));
    list.push_back(hop(resp(302, headers)));
  }
  return chain(request("GET", "https://api.example/r"), list);
}

}  // namespace v11
