// corsproof reference model: an independent, deliberately slow and literal
// transcription of the Fetch Standard's CORS algorithms (browser side) and of
// the W3C CORS 2014 Recommendation's resource processing model (server side),
// following docs/protocol-decisions.md wherever the oracle protocol is silent.
//
// It shares no code with core/. It is unbounded: corsproof's size limits are
// ignored, except the few the decisions page makes part of server-mode
// semantics (64 requested names / 4096 bytes of Access-Control-Request-Headers,
// 1024-byte Origin).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace corsproof_model {

struct Header {
  std::string name, value;
};

struct Policy {
  std::vector<std::string> allow_origins;
  std::vector<std::string> allow_methods{"GET", "HEAD", "POST"};
  std::vector<std::string> allow_headers, expose_headers;
  bool allow_credentials = false;
  std::optional<long long> max_age;
  bool allow_private_network = false;
  int preflight_status = 204;
};

// nullopt when the policy is valid; otherwise a message (which entry, and for
// non-canonical origins the canonical spelling).
std::optional<std::string> validate_policy(const Policy&);

struct ServerRequest {
  std::string method;
  std::vector<Header> headers;
};

struct ServerAnswer {
  std::string kind;
  bool allowed = false;
  std::string reason;
  std::string detail;
  std::optional<int> status;
  std::vector<Header> headers;
};

// precondition: validate_policy(p) == nullopt
ServerAnswer server_answer(const Policy&, const ServerRequest&);

struct BrowserRequest {
  std::string origin, url, method;
  std::vector<Header> headers;
  std::string credentials = "same-origin";
  bool private_network = false;
};

struct Response {
  int status = 200;
  std::vector<Header> headers;
};

struct BrowserExchange {
  BrowserRequest request;
  std::optional<Response> preflight_response, response;
};

struct PreflightAnswer {
  std::string method;
  std::optional<std::string> request_headers;
  bool ok = false;
  std::optional<std::string> error;
  std::optional<long long> max_age;
  bool private_network = false;
};

struct CorsCheckAnswer {
  bool ok = false;
  std::optional<std::string> error;
};

struct BrowserAnswer {
  std::string outcome;
  bool needs_preflight = false;
  std::optional<PreflightAnswer> preflight;
  std::optional<CorsCheckAnswer> cors_check;
  std::optional<std::vector<std::string>> exposed_headers;
  std::string detail;
};

// precondition: if a preflight is needed, preflight_response is present
// (otherwise return outcome "bad-case" with detail)
BrowserAnswer browser_answer(const BrowserExchange&);

// ===========================================================================
// Protocol v1.1: redirect chains and the CORS-preflight cache
// (docs/protocol.md §10-§11). Fetch Standard at whatwg/fetch 586cd2a4, URL
// Standard at whatwg/url 6ae8486.
// ===========================================================================

// The URL Standard's basic URL parser (url.cpp), for input resolved against
// an optional base (itself parsed first; a base that fails to parse makes the
// result nullopt). nullopt is the parser's failure.
struct ParsedUrl {
  std::string href;    // the URL serializer's output
  std::string scheme;
  bool includes_credentials = false;  // non-empty username or password
  std::string origin;  // serialization of the URL's origin; "null" when opaque
};
std::optional<ParsedUrl> parse_url(const std::string& input,
                                   const std::optional<std::string>& base = std::nullopt);

// One element of a chain case's "hops": what the server answers to the i-th
// request the browser makes.
struct Hop {
  std::optional<std::string> url;  // the URL the caller expects for this hop
  std::optional<Response> preflight_response;
  std::optional<Response> response;
};

// Mode `browser` with `hops`: the v1 request plus the redirect mode.
struct ChainCase {
  BrowserRequest request;
  std::string redirect = "follow";  // "follow" | "error" | "manual"
  std::vector<Hop> hops;
};

// A hop's `preflight`: the v1 preflight object plus the cache verdict.
struct HopPreflightAnswer : PreflightAnswer {
  std::string cache;  // "miss" | "partial" | "hit"
};

struct RedirectAnswer {
  std::optional<std::string> location;  // the location URL, serialized; null when none was computed
  bool followed = false;
  std::optional<std::string> error;
};

struct HopAnswer {
  std::string url;
  std::string method;
  std::optional<std::string> origin_header;  // nullopt: no Origin header sent
  std::string tainting;                      // "basic" | "cors"
  bool credentials_sent = false;
  std::vector<std::string> removed_headers;
  bool needs_preflight = false;  // the hop took main fetch's preflight branch
  std::optional<HopPreflightAnswer> preflight;
  std::optional<int> status;
  std::optional<CorsCheckAnswer> cors_check;
  std::optional<RedirectAnswer> redirect;
};

struct FinalResponseAnswer {
  std::string url;
  int redirect_count = 0;
  int status = 0;
  std::string type;  // "basic" | "cors" | "opaqueredirect"
};

struct NeedsAnswer {
  std::size_t hop = 0;
  std::string what;  // "response" | "preflight_response"
  std::string url;
};

// The chain answer: the v1 fields describing the failing hop (or the final
// hop when nothing failed), plus the v1.1 fields. outcome "bad-case" (with
// detail) when the case describes no fetch.
struct ChainAnswer {
  std::string outcome;
  bool needs_preflight = false;
  std::optional<PreflightAnswer> preflight;
  std::optional<CorsCheckAnswer> cors_check;
  std::optional<std::vector<std::string>> exposed_headers;
  std::string detail;
  std::optional<std::size_t> error_hop;
  std::optional<NeedsAnswer> needs;
  std::optional<FinalResponseAnswer> final_response;  // protocol field `final`
  std::vector<HopAnswer> hops;
};

// A chain judged against an empty CORS-preflight cache.
ChainAnswer chain_answer(const ChainCase&);

// Mode `browser-session`: fetches sharing one CORS-preflight cache.
struct SessionFetch {
  ChainCase fetch;  // a v1-shaped fetch is one hop {preflight_response, response}
  double t = 0;     // seconds since the session started
};

struct SessionCase {
  std::vector<SessionFetch> fetches;
  bool report_cache = false;
};

// One live cache entry of `cache_after`.
struct CacheEntryAnswer {
  std::string origin;
  std::string url;
  bool credentials = false;
  std::optional<std::string> method, header;  // exactly one is set
  long long max_age = 0;
  double stored_at = 0;
};

struct SessionFetchAnswer {
  ChainAnswer answer;
  std::optional<std::vector<CacheEntryAnswer>> cache_after;  // with report_cache
};

struct SessionAnswer {
  std::string outcome;  // "" when answered; "bad-case" (with detail) otherwise
  std::string detail;
  std::vector<SessionFetchAnswer> fetches;
};

SessionAnswer session_answer(const SessionCase&);

}  // namespace corsproof_model
