// Protocol v1.1: a fetch() that follows a redirect chain, and a session of
// fetches sharing one CORS-preflight cache (oracle-protocol.md "v1.1").
//
// The Fetch Standard's algorithms (whatwg/fetch 586cd2a4), one function
// each, recursive as in the Standard: "main fetch" (§4.1) -> "HTTP fetch"
// (§4.4: the preflight unless the CORS-preflight cache covers the request,
// HTTP-network-or-cache fetch, the CORS check of every response, redirects
// included, and the redirect mode) -> "HTTP-redirect fetch" (§4.5: location
// URL, scheme, limit, userinfo, method rewrite, header removal) -> "main
// fetch" for the next hop. A network error returns through the main fetch of
// every earlier hop, which is where main fetch step 12 "clears cache
// entries" when that hop took the preflight branch.
// Within one hop the single-exchange rules are the v1 model's: the
// CORS-unsafe request-header names (request_headers.cpp), the preflight
// request and its checks (preflight.cpp), the CORS check (cors_check.cpp) and
// the exposed header names (exposed_headers.cpp).
//
// Choices the protocol and the Standard leave open are marked "DECISION" in
// the comments (and listed in ../v1.1-notes.md).
#include <algorithm>
#include <tuple>

#include "spec.hpp"

namespace corsproof_model {

namespace {

using spec::HeaderList;
namespace us = spec::url_standard;

// RFC 9110 §5.5: a received field value excludes leading and trailing
// whitespace; decisions page "Trimming" (as browser.cpp reads responses).
HeaderList read_response_header_fields(const std::vector<Header>& raw) {
  HeaderList fields;
  for (const Header& header : raw) {
    fields.push_back(Header{header.name, spec::remove_leading_and_trailing_http_tab_or_space(header.value)});
  }
  return fields;
}

// HTML "same origin", on serialized origins: two tuple origins are same
// origin when scheme, host and port are equal, i.e. when their serializations
// are equal. Every opaque origin met here (`null`) is a fresh one, same
// origin with nothing else.
bool same_origin(const std::string& a, const std::string& b) { return a != "null" && b != "null" && a == b; }

// Fetch §2.2.3 "redirect status": 301, 302, 303, 307, or 308.
bool is_redirect_status(int status) {
  return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

// Fetch §2.1 "HTTP(S) scheme": "http" or "https".
bool is_http_s_scheme(const std::string& scheme) { return scheme == "http" || scheme == "https"; }

// The parts of Fetch §2.2.5 "request" that one fetch() of the protocol moves
// through its hops.
struct Request {
  std::string origin;  // request's origin, serialized as the protocol gives it
  std::string method;  // normalized
  HeaderList header_list;
  std::string credentials_mode;  // "omit" | "same-origin" | "include"
  std::string redirect_mode;     // "follow" | "error" | "manual"
  // request's URL list, and the serialized origin of each URL.
  std::vector<us::Url> url_list;
  std::vector<std::string> url_list_origins;
  std::string response_tainting = "basic";
  int redirect_count = 0;
  bool private_network = false;  // decisions page extension, on every CORS hop

  const us::Url& current_url() const { return url_list.back(); }
};

// Fetch §2.2.5 "redirect-taint" of request, reduced to the only question CORS
// asks of it ("serializing a request origin" step 2: is it "same-origin"?).
// Walking the URL list in pairs (lastURL, url): step 4.2 returns
// "cross-site" when url is not same site with lastURL and request's origin
// is not same site with lastURL; step 4.3 sets "same-site" when url is not
// same origin with lastURL and request's origin is not same origin with
// lastURL. Not same site implies not same origin, so the taint is not
// "same-origin" exactly when some pair meets step 4.3's condition.
bool redirect_taint_is_not_same_origin(const Request& request) {
  for (std::size_t i = 1; i < request.url_list_origins.size(); ++i) {
    const std::string& last_url_origin = request.url_list_origins[i - 1];
    const std::string& url_origin = request.url_list_origins[i];
    if (!same_origin(url_origin, last_url_origin) && !same_origin(request.origin, last_url_origin)) return true;
  }
  return false;
}

// Fetch §2.2.5 "serializing a request origin" (and "byte-serializing", the
// same bytes): `null` when the redirect-taint is not "same-origin",
// otherwise request's origin serialized.
std::string serializing_a_request_origin(const Request& request) {
  if (redirect_taint_is_not_same_origin(request)) return "null";
  return request.origin;
}

spec::CacheRequest cache_request(const Request& request) {
  spec::CacheRequest view;
  view.byte_serialized_origin = serializing_a_request_origin(request);
  view.current_url = us::url_serializer(request.current_url());
  view.credentials_mode = request.credentials_mode;
  return view;
}

// Fetch §2.2.2 "request-body-header name": `Content-Encoding`,
// `Content-Language`, `Content-Location`, `Content-Type`.
const std::vector<std::string>& request_body_header_names() {
  static const std::vector<std::string> names = {"Content-Encoding", "Content-Language", "Content-Location",
                                                 "Content-Type"};
  return names;
}

// Fetch §2.2.2 header list "delete": remove all headers whose name is a
// byte-case-insensitive match for name. Returns whether any was removed (the
// protocol's `removed_headers` lists the names actually deleted).
bool header_list_delete(HeaderList& list, const std::string& name) {
  HeaderList kept;
  bool removed = false;
  for (const Header& header : list) {
    if (spec::byte_case_insensitive_match(header.name, name)) {
      removed = true;
    } else {
      kept.push_back(header);
    }
  }
  list = kept;
  return removed;
}

ChainAnswer bad_case_answer(const std::string& detail) {
  ChainAnswer answer;
  answer.outcome = "bad-case";
  answer.detail = detail;
  return answer;
}

ChainAnswer forbidden_request(const std::string& detail) {
  ChainAnswer answer;
  answer.outcome = "forbidden-request";
  answer.needs_preflight = false;
  answer.detail = detail;
  return answer;
}

// The v1 fields of the chain answer describe one hop: the failing one, or the
// final one.
void describe_hop(ChainAnswer& answer, const HopAnswer& hop) {
  answer.needs_preflight = hop.needs_preflight;
  if (hop.preflight) {
    answer.preflight = static_cast<const PreflightAnswer&>(*hop.preflight);
  } else {
    answer.preflight.reset();
  }
  answer.cors_check = hop.cors_check;
}

// The Request constructor (Fetch §5.4) and "fetch" (§4) as the v1 model
// (browser.cpp) runs them, with the same decisions page rules, so that a
// one-hop chain answers as v1 does; plus the URL Standard's parse of the URL
// (constructor step 5.1) for the URL list. Returns an answer when the case is
// bad or fetch() throws.
std::optional<ChainAnswer> construct_request(const ChainCase& chain, Request& request) {
  const BrowserRequest& input = chain.request;
  // RequestInit `credentials` and `redirect` are enums (Fetch §5.4).
  if (input.credentials != "omit" && input.credentials != "same-origin" && input.credentials != "include") {
    return bad_case_answer("credentials must be omit, same-origin or include, not \"" + input.credentials + "\"");
  }
  if (chain.redirect != "follow" && chain.redirect != "error" && chain.redirect != "manual") {
    return bad_case_answer("redirect must be follow, error or manual, not \"" + chain.redirect + "\"");
  }
  // Decisions page "Request origin" (as browser.cpp).
  if (input.origin.size() > 1024 || !spec::is_well_formed_request_origin(input.origin)) {
    return bad_case_answer("request origin \"" + input.origin + "\" is not a serialized origin or null");
  }
  // Constructor step 5 / decisions page "URL origin" (as browser.cpp): the
  // URL's origin for hop 0 is the v1 rule's.
  const std::optional<std::string> url_origin = spec::origin_of_url(input.url);
  if (!url_origin) {
    return forbidden_request("url \"" + input.url + "\" is not an absolute scheme://host URL without credentials");
  }
  // Constructor step 5.1: parse the URL (URL Standard basic URL parser).
  // DECISION: a URL the v1 rule accepts but the URL Standard's parser rejects
  // (e.g. a space in the host) is refused here, as step 5.2 throws.
  const std::optional<us::Url> parsed_url = us::basic_url_parser(input.url, nullptr);
  if (!parsed_url) return forbidden_request("url \"" + input.url + "\" does not parse (URL Standard)");
  // Constructor step 25 (as browser.cpp).
  if (!spec::is_method(input.method)) return forbidden_request("method \"" + input.method + "\" is not a token");
  if (spec::is_forbidden_method(input.method)) {
    return forbidden_request("method \"" + input.method + "\" is a forbidden method");
  }
  request.method = spec::normalize_method(input.method);
  // Constructor step 33 / Headers "append" (as browser.cpp).
  for (const Header& pair : input.headers) {
    const std::string value = spec::normalize_header_value(pair.value);
    if (!spec::is_header_name(pair.name)) {
      return forbidden_request("header name \"" + pair.name + "\" is not a token");
    }
    if (!spec::is_header_value(value)) {
      return forbidden_request("the value of header \"" + pair.name + "\" contains NUL, CR or LF");
    }
    if (spec::is_forbidden_request_header(pair.name, value)) continue;
    request.header_list.push_back(Header{pair.name, value});
  }
  // "fetch" step 12: append (`Accept`, `*/*`) when absent.
  if (!spec::header_list_contains(request.header_list, "Accept")) {
    request.header_list.push_back(Header{"Accept", "*/*"});
  }
  request.origin = input.origin;
  request.credentials_mode = input.credentials;
  request.redirect_mode = chain.redirect;
  request.private_network = input.private_network;
  request.url_list = {*parsed_url};
  request.url_list_origins = {*url_origin};
  return std::nullopt;
}

// Fetch §2.2.6 "location URL" of a response given requestFragment: null,
// failure, or a URL.
struct LocationUrl {
  enum class State { null, failure, url } state = State::null;
  us::Url url;
};
LocationUrl location_url(int status, const HeaderList& response_headers, const us::Url& response_url,
                         const std::optional<std::string>& request_fragment) {
  LocationUrl result;
  // Step 1: if response's status is not a redirect status, return null.
  if (!is_redirect_status(status)) return result;
  // Step 2: let location be the result of extracting header list values given
  // `Location` and response's header list. `Location` = URI-reference
  // (RFC 9110 §10.2.2), a single-header ABNF: more than one `Location`
  // header is failure, identical copies included.
  if (!spec::header_list_contains(response_headers, "Location")) return result;
  if (spec::header_list_count(response_headers, "Location") > 1) {
    result.state = LocationUrl::State::failure;
    return result;
  }
  // DECISION: the value is not matched against the URI-reference grammar
  // (browsers parse what the URL parser accepts: raw spaces, non-ASCII
  // bytes, backslashes); only the URL parser can fail it.
  std::string value;
  for (const Header& header : response_headers) {
    if (spec::byte_case_insensitive_match(header.name, "Location")) value = header.value;
  }
  // Step 3: parse location with response's URL (the hop's URL) as base.
  const std::optional<us::Url> parsed = us::basic_url_parser(value, &response_url);
  if (!parsed) {
    result.state = LocationUrl::State::failure;
    return result;
  }
  result.state = LocationUrl::State::url;
  result.url = *parsed;
  // Step 4: if location is a URL whose fragment is null, set its fragment to requestFragment.
  if (!result.url.fragment) result.url.fragment = request_fragment;
  return result;
}

// What a fetch algorithm returns: a response (the hop's, as the server gave
// it), a network error, an opaque-redirect filtered response, or one of the
// two ways the protocol stops a case that the Standard does not know: an
// answer the chain needs was not given (`incomplete`), or a `hops[i].url`
// that is not the URL the fetch requests (`bad-case`).
struct FetchResult {
  enum class Type { response, network_error, opaque_redirect, incomplete, bad_case };
  Type type = Type::response;
  int status = 0;
  HeaderList header_list;
  std::string outcome;  // network error: the protocol outcome it maps to
  std::string detail;
  std::string needs_what;  // incomplete: "response" | "preflight_response"
  std::optional<std::vector<std::string>> exposed_headers;  // set by main fetch step 14

  bool is_network_error() const { return type == Type::network_error; }
  // A result that ends the fetch whatever the algorithm that receives it.
  bool stops() const { return type == Type::network_error || type == Type::incomplete || type == Type::bad_case; }
};

FetchResult network_error(const std::string& outcome, const std::string& detail) {
  FetchResult result;
  result.type = FetchResult::Type::network_error;
  result.outcome = outcome;
  result.detail = detail;
  return result;
}

FetchResult incomplete(const std::string& what) {
  FetchResult result;
  result.type = FetchResult::Type::incomplete;
  result.needs_what = what;
  return result;
}

// Fetch §4 "fetch params", reduced to what the protocol needs: the request,
// the user agent's CORS-preflight cache, the server's answers (the case's
// hops), and the protocol answer being recorded (one `hops[]` object per
// main fetch run, i.e. per request the browser makes).
struct FetchParams {
  const ChainCase& chain;
  Request& request;
  spec::CorsPreflightCache& cache;
  ChainAnswer& answer;
  // Header names HTTP-redirect fetch steps 12-13 deleted before the next hop.
  std::vector<std::string> removed_before_next_hop;

  std::size_t hop_index() const { return answer.hops.size() - 1; }
  HopAnswer& hop() { return answer.hops.back(); }
  const Hop* given() const { return hop_index() < chain.hops.size() ? &chain.hops[hop_index()] : nullptr; }
};

FetchResult main_fetch(FetchParams& params, bool recursive);

// §4.8 "CORS-preflight fetch" given request: the preflight's response is the
// hop's `preflight_response`; steps 7-8 are the v1 model's
// (cors_preflight_fetch_response_steps); steps 7.11-7.15 write the cache.
FetchResult cors_preflight_fetch(FetchParams& params, const spec::CorsRequest& cors_request) {
  HopPreflightAnswer& answer = *params.hop().preflight;
  const Hop* given = params.given();
  if (!given || !given->preflight_response) {
    answer.ok = false;
    return incomplete("preflight_response");
  }
  const spec::PreflightResult result = spec::cors_preflight_fetch_response_steps(
      cors_request, given->preflight_response->status, read_response_header_fields(given->preflight_response->headers));
  answer.ok = result.ok;
  answer.error = result.error;
  answer.max_age = result.max_age;
  // Step 8: otherwise, return a network error.
  if (!result.ok) return network_error("blocked-preflight", "preflight failed: " + *result.error);
  // Steps 7.11-7.15: the user agent provides for a cache.
  spec::store_preflight_result(params.cache, cache_request(params.request), *result.max_age, result.methods,
                               result.header_names);
  // Step 7.16: return response.
  return FetchResult{};
}

// §4.6 "HTTP-network-or-cache fetch": the request goes out (with the
// `Origin` header and credentials main_fetch recorded for the hop) and the
// hop's `response` comes back. No HTTP cache (out of scope in v1.1).
FetchResult http_network_or_cache_fetch(FetchParams& params) {
  const Hop* given = params.given();
  if (!given || !given->response) return incomplete("response");
  FetchResult response;
  response.status = given->response->status;
  response.header_list = read_response_header_fields(given->response->headers);
  params.hop().status = response.status;
  // Protocol: a hop's `redirect` is null unless its status is a redirect
  // status (then an object, even when the CORS check stops the fetch before
  // any redirect step runs).
  if (is_redirect_status(response.status)) params.hop().redirect = RedirectAnswer{};
  return response;
}

// §4.5 "HTTP-redirect fetch" given fetchParams and response (redirect mode
// "follow").
FetchResult http_redirect_fetch(FetchParams& params, const FetchResult& response) {
  // Step 1: let request be fetchParams's request.
  Request& request = params.request;
  // (A reference into the answer's hop list: used only before main fetch
  // below appends the next hop.)
  RedirectAnswer& redirect = *params.hop().redirect;
  const us::Url current_url = request.current_url();
  const std::string current_origin = request.url_list_origins.back();
  // Step 3: let locationURL be internalResponse's location URL given
  // request's current URL's fragment.
  const LocationUrl location = location_url(response.status, response.header_list, current_url, current_url.fragment);
  // Step 4: if locationURL is null, return response.
  if (location.state == LocationUrl::State::null) return response;
  // Step 5: if locationURL is failure, return a network error.
  if (location.state == LocationUrl::State::failure) {
    redirect.error = "redirect-location-invalid";
    return network_error("blocked-redirect", "Location is repeated or does not parse");
  }
  const us::Url& location_url_record = location.url;
  redirect.location = us::url_serializer(location_url_record);
  const std::string location_origin = us::serialized_origin_of_url(location_url_record);
  // Step 6: if locationURL's scheme is not an HTTP(S) scheme, return a network error.
  if (!is_http_s_scheme(location_url_record.scheme)) {
    redirect.error = "redirect-scheme";
    return network_error("blocked-redirect",
                         "Location scheme \"" + location_url_record.scheme + "\" is not http or https");
  }
  // Step 7: if request's redirect count is 20, return a network error.
  if (request.redirect_count == 20) {
    redirect.error = "redirect-limit";
    return network_error("blocked-redirect", "a 21st redirect");
  }
  // Step 8: increase request's redirect count by 1.
  ++request.redirect_count;
  // Step 9: request's mode is "cors", locationURL includes credentials, and
  // request's origin is not same origin with locationURL's origin.
  if (location_url_record.includes_credentials() && !same_origin(request.origin, location_origin)) {
    redirect.error = "redirect-credentials";
    return network_error("blocked-redirect", "Location includes credentials and is cross-origin to the request");
  }
  // Step 10: request's response tainting is "cors" and locationURL includes credentials.
  if (request.response_tainting == "cors" && location_url_record.includes_credentials()) {
    redirect.error = "redirect-credentials";
    return network_error("blocked-redirect", "Location includes credentials on a CORS request");
  }
  // Step 11: a non-null body whose source is null (a stream) on a non-303:
  // the protocol has no streamed body.
  std::vector<std::string> removed;
  // Step 12: status 301 or 302 with method `POST`, or 303 with a method that
  // is not `GET` or `HEAD`: method `GET`, body null, and each
  // request-body-header name deleted from the header list.
  if (((response.status == 301 || response.status == 302) && request.method == "POST") ||
      (response.status == 303 && request.method != "GET" && request.method != "HEAD")) {
    request.method = "GET";
    for (const std::string& name : request_body_header_names()) {
      if (header_list_delete(request.header_list, name)) removed.push_back(spec::byte_lowercase(name));
    }
  }
  // Step 13: if request's current URL's origin is not same origin with
  // locationURL's origin, delete each CORS non-wildcard request-header name
  // (`Authorization`) from request's header list.
  if (!same_origin(current_origin, location_origin)) {
    if (header_list_delete(request.header_list, "Authorization")) removed.push_back("authorization");
  }
  // Steps 14-17: body re-extraction and timing: nothing to model.
  // Step 18: append locationURL to request's URL list.
  request.url_list.push_back(location_url_record);
  request.url_list_origins.push_back(location_origin);
  // Step 19 (the referrer policy) is out of scope in v1.1.
  redirect.followed = true;
  // DECISION: `removed_headers` lists the names actually deleted,
  // lower-cased, sorted, without duplicates.
  std::sort(removed.begin(), removed.end());
  removed.erase(std::unique(removed.begin(), removed.end()), removed.end());
  params.removed_before_next_hop = removed;
  // Steps 20-22: recursive is true (redirect mode is "follow"): return the
  // result of running main fetch given fetchParams and recursive.
  return main_fetch(params, true);
}

// §4.4 "HTTP fetch" given fetchParams and makeCORSPreflight (no service
// workers in the protocol: step 3 never produces a response).
FetchResult http_fetch(FetchParams& params, bool make_cors_preflight) {
  // Step 1: let request be fetchParams's request.
  Request& request = params.request;
  const std::string serialized_origin = serializing_a_request_origin(request);
  spec::CorsRequest cors_request;
  cors_request.serialized_origin = serialized_origin;
  cors_request.method = request.method;
  cors_request.header_list = request.header_list;
  cors_request.credentials_mode = request.credentials_mode;
  cors_request.private_network = request.private_network;

  // Step 4.1: "If makeCORSPreflight is true and one of these conditions is
  // true: there is no method cache entry match for request's method using
  // request, and either request's method is not a CORS-safelisted method or
  // request's use-CORS-preflight flag is set [never, in the protocol]; there
  // is at least one item in the CORS-unsafe request-header names with
  // request's header list for which there is no header-name cache entry
  // match using request." The Fetch cache keeps no private-network answer,
  // so that extension always sends the preflight.
  if (make_cors_preflight) {
    const spec::CacheRequest view = cache_request(request);
    const bool method_matched = spec::method_cache_entry_match(params.cache, request.method, view);
    // The protocol's `cache` verdict counts the items a preflight would ask
    // for: the method unless it is CORS-safelisted, and each CORS-unsafe name.
    std::size_t held = (!spec::is_cors_safelisted_method(request.method) && method_matched) ? 1 : 0;
    bool header_missing = false;
    for (const std::string& name : spec::cors_unsafe_request_header_names(request.header_list)) {
      if (spec::header_name_cache_entry_match(params.cache, name, view)) {
        ++held;
      } else {
        header_missing = true;
      }
    }
    const bool run_preflight = (!method_matched && !spec::is_cors_safelisted_method(request.method)) ||
                               header_missing || request.private_network;
    HopPreflightAnswer preflight;
    const spec::PreflightRequestHeaders sent = spec::preflight_request_headers(cors_request);
    preflight.method = sent.access_control_request_method;
    preflight.request_headers = sent.access_control_request_headers;
    preflight.private_network = request.private_network;
    // Protocol: `hit` when the cache held all items (no preflight sent),
    // `partial` when it held some (a full preflight was sent), `miss` when
    // none. DECISION: a preflight sent only for private network, with every
    // item held, is `partial`; with no item at all, `miss`.
    preflight.cache = !run_preflight ? "hit" : (held > 0 ? "partial" : "miss");
    // DECISION: on a hit nothing was sent or received: ok true, error null,
    // max_age null.
    preflight.ok = !run_preflight;
    params.hop().preflight = preflight;
    if (run_preflight) {
      // Step 4.1.1: let preflightResponse be the result of running
      // CORS-preflight fetch given request. Step 4.1.2: if it is a network
      // error, return it.
      const FetchResult preflight_response = cors_preflight_fetch(params, cors_request);
      if (preflight_response.stops()) return preflight_response;
    }
  }

  // Step 4.3: set response to the result of HTTP-network-or-cache fetch.
  const FetchResult response = http_network_or_cache_fetch(params);
  if (response.stops()) return response;

  // Step 4.4: "If request's response tainting is "cors" and a CORS check for
  // request and response returns failure, then return a network error."
  // Any status, redirects included.
  if (request.response_tainting == "cors") {
    const spec::CorsCheckResult check =
        spec::cors_check(serialized_origin, request.credentials_mode, response.header_list);
    CorsCheckAnswer cors_check;
    cors_check.ok = check.success;
    if (!check.success) cors_check.error = spec::cors_check_error_code(check, request.credentials_mode);
    params.hop().cors_check = cors_check;
    if (!check.success) return network_error("blocked-response", "CORS check failed: " + *cors_check.error);
  }

  // Step 6: if internalResponse's status is a redirect status:
  if (is_redirect_status(response.status)) {
    // Step 6.3: switch on request's redirect mode.
    if (request.redirect_mode == "error") {
      // "error": set response to a network error (DECISION: Location is not
      // read, so `location` stays null).
      params.hop().redirect->error = "redirect-disallowed";
      return network_error("blocked-redirect",
                           "redirect mode error met status " + std::to_string(response.status));
    }
    if (request.redirect_mode == "manual") {
      // "manual" (mode is not "navigate"): an opaque-redirect filtered
      // response whose internal response is this one (DECISION: Location is
      // not read, so `location` stays null).
      FetchResult opaque_redirect;
      opaque_redirect.type = FetchResult::Type::opaque_redirect;
      return opaque_redirect;
    }
    // "follow": set response to the result of running HTTP-redirect fetch.
    return http_redirect_fetch(params, response);
  }
  // Step 7: return response.
  return response;
}

// §4.1 "main fetch" given fetchParams and recursive. Each run is one request
// the browser makes: one `hops[]` object of the protocol.
FetchResult main_fetch(FetchParams& params, bool recursive) {
  // Step 1: let request be fetchParams's request.
  Request& request = params.request;
  HopAnswer hop;
  // Decisions page (v1.1): a hop's `url` (and `final.url`, `needs.url`) is
  // the URL serializer's output with "exclude fragment" set, as
  // Response.url; the fragment stays in the URL list, the cache key and
  // `redirect.location`.
  hop.url = us::url_serializer(request.current_url(), /*exclude_fragment=*/true);
  hop.method = request.method;
  hop.removed_headers = params.removed_before_next_hop;
  params.removed_before_next_hop.clear();
  params.answer.hops.push_back(hop);

  // Protocol: a hop's `url`, when given and different from the URL the fetch
  // requests, is bad-case naming both. Decisions page: "different" is URL
  // inequality with "exclude fragments" set: the given text is parsed (no
  // base) and serialized without its fragment first.
  if (const Hop* given = params.given(); given && given->url) {
    const std::optional<us::Url> expected = us::basic_url_parser(*given->url, nullptr);
    if (!expected || us::url_serializer(*expected, /*exclude_fragment=*/true) != params.hop().url) {
      FetchResult bad;
      bad.type = FetchResult::Type::bad_case;
      bad.detail = "hops[" + std::to_string(params.hop_index()) + "].url is \"" + *given->url +
                   "\" but the fetch requests \"" + params.hop().url + "\"";
      return bad;
    }
  }
  // Steps 3-10 (local-URLs-only, CSP, mixed content, bad ports, referrer,
  // HSTS) are out of scope in v1.1: they pass.

  // Step 12: set response to the result of the first matching statement.
  bool preflight_branch = false;
  if (same_origin(request.url_list_origins.back(), request.origin) && request.response_tainting == "basic") {
    // "request's current URL's origin is same origin with request's origin,
    // and request's response tainting is "basic"": set response tainting to
    // "basic"; scheme fetch, which for an HTTP(S) scheme is HTTP fetch.
    request.response_tainting = "basic";
  } else {
    // Mode "cors" (the protocol's only mode). "request's current URL's scheme
    // is not an HTTP(S) scheme": a network error. Not reachable: a redirect
    // target passed HTTP-redirect fetch step 6, and hop 0 follows the
    // decisions page ("the URL's scheme is not otherwise checked").
    // "request's use-CORS-preflight flag is set" (never, in the protocol) or
    // "request's unsafe-request flag is set [fetch() sets it] and either
    // request's method is not a CORS-safelisted method or CORS-unsafe
    // request-header names with request's header list is not empty": the
    // preflight branch. Private network (decisions page extension) takes it
    // on every CORS hop.
    preflight_branch = !spec::is_cors_safelisted_method(request.method) ||
                       !spec::cors_unsafe_request_header_names(request.header_list).empty() ||
                       request.private_network;
    // Both remaining branches set response tainting to "cors".
    request.response_tainting = "cors";
  }
  HopAnswer& this_hop = params.hop();
  this_hop.tainting = request.response_tainting;
  this_hop.needs_preflight = preflight_branch;
  // What HTTP-network-or-cache fetch (§4.6) sends for this hop, reported
  // even when a preflight stops the hop: credentials when credentials mode is
  // "include", or "same-origin" and tainting "basic"; and "append a request
  // `Origin` header" (§3.2): tainting "cors" appends the byte-serialized
  // request origin, otherwise a method that is neither GET nor HEAD appends
  // it too (mode "cors" skips the referrer-policy switch).
  this_hop.credentials_sent = request.credentials_mode == "include" ||
                              (request.credentials_mode == "same-origin" && request.response_tainting == "basic");
  if (request.response_tainting == "cors" || (request.method != "GET" && request.method != "HEAD")) {
    this_hop.origin_header = serializing_a_request_origin(request);
  }

  FetchResult response;
  if (preflight_branch) {
    // Let corsWithPreflightResponse be the result of HTTP fetch given
    // fetchParams and true; if it is a network error, clear cache entries
    // using request (as request is now: after the recursion of later hops,
    // its current URL is the last one of the chain).
    response = http_fetch(params, true);
    if (response.is_network_error()) spec::clear_cache_entries(params.cache, cache_request(request));
  } else {
    response = http_fetch(params, false);
  }

  // Step 13: if recursive is true, return response.
  if (recursive) return response;

  // Step 14: a response that is neither a network error nor a filtered
  // response becomes a CORS filtered response (tainting "cors", with step
  // 14.1's CORS-exposed header-name list) or a basic filtered response
  // (tainting "basic"): the names the page can read.
  if (response.type == FetchResult::Type::response) {
    response.exposed_headers =
        request.response_tainting == "cors"
            ? spec::visible_header_names_of_cors_filtered_response(response.header_list, request.credentials_mode)
            : spec::visible_header_names_of_basic_filtered_response(response.header_list);
  }
  return response;
}

// One chain, run against a cache at the cache's current time: the Request
// constructor and "fetch" (construct_request), then the top-level main fetch,
// whose result becomes the protocol answer.
ChainAnswer run_chain(const ChainCase& chain, spec::CorsPreflightCache& cache) {
  Request request;
  if (std::optional<ChainAnswer> refused = construct_request(chain, request)) return *refused;
  ChainAnswer answer;
  FetchParams params{chain, request, cache, answer, {}};
  const FetchResult result = main_fetch(params, false);

  switch (result.type) {
    case FetchResult::Type::bad_case:
      return bad_case_answer(result.detail);
    case FetchResult::Type::incomplete:
      answer.outcome = "incomplete";
      answer.detail = "hop " + std::to_string(params.hop_index()) + " needs a " + result.needs_what;
      answer.needs = NeedsAnswer{params.hop_index(), result.needs_what, params.hop().url};
      break;
    case FetchResult::Type::network_error:
      // The error came from the last hop made (every algorithm returns a
      // network error as soon as it meets one).
      answer.outcome = result.outcome;
      answer.detail = result.detail;
      answer.error_hop = params.hop_index();
      break;
    case FetchResult::Type::opaque_redirect:
      // An opaque-redirect filtered response: type "opaqueredirect", status
      // 0, an empty header list (DECISION: so no header name is exposed),
      // URL list the request's.
      answer.outcome = "opaque-redirect";
      answer.final_response =
          FinalResponseAnswer{params.hop().url, request.redirect_count, 0, "opaqueredirect"};
      answer.exposed_headers = std::vector<std::string>{};
      break;
    case FetchResult::Type::response:
      // The final response (not a redirect, or a redirect without `Location`).
      answer.outcome = "allowed";
      answer.final_response =
          FinalResponseAnswer{params.hop().url, request.redirect_count, result.status, request.response_tainting};
      answer.exposed_headers = result.exposed_headers;
      break;
  }
  // The v1 fields describe the failing hop, or the final one.
  describe_hop(answer, params.hop());
  return answer;
}

}  // namespace

ChainAnswer chain_answer(const ChainCase& chain) {
  // Protocol: "every case starts with an empty cache, which the hops of one
  // chain share".
  spec::CorsPreflightCache cache;
  cache.now = 0;
  return run_chain(chain, cache);
}

SessionAnswer session_answer(const SessionCase& session) {
  SessionAnswer result;
  // Protocol "A session": the preflight cache starts empty; nothing else
  // persists between fetches.
  spec::CorsPreflightCache cache;
  for (std::size_t i = 0; i < session.fetches.size(); ++i) {
    const SessionFetch& fetch = session.fetches[i];
    // `t` is non-decreasing; a decrease is bad-case.
    if (i > 0 && fetch.t < session.fetches[i - 1].t) {
      result.outcome = "bad-case";
      result.detail = "fetches[" + std::to_string(i) + "].t decreases";
      result.fetches.clear();
      return result;
    }
    cache.now = fetch.t;
    spec::remove_expired_cache_entries(cache);
    SessionFetchAnswer fetch_answer;
    fetch_answer.answer = run_chain(fetch.fetch, cache);
    if (fetch_answer.answer.outcome == "bad-case") {
      // DECISION: a fetch that describes no fetch makes the whole session bad-case.
      result.outcome = "bad-case";
      result.detail = "fetches[" + std::to_string(i) + "]: " + fetch_answer.answer.detail;
      result.fetches.clear();
      return result;
    }
    if (session.report_cache) {
      // `cache_after`: the entries live after the fetch (at its `t`),
      // sorted. DECISION: by origin, URL, credentials (false first), kind
      // (method before header), value (bytes), then stored_at and max_age.
      spec::remove_expired_cache_entries(cache);
      std::vector<spec::CacheEntry> entries = cache.entries;
      auto key = [](const spec::CacheEntry& e) {
        return std::make_tuple(e.byte_serialized_origin, e.url, e.credentials, e.method ? 0 : 1,
                               e.method ? *e.method : *e.header_name, e.stored_at, e.max_age);
      };
      std::stable_sort(entries.begin(), entries.end(),
                       [&](const spec::CacheEntry& a, const spec::CacheEntry& b) { return key(a) < key(b); });
      std::vector<CacheEntryAnswer> listed;
      for (const spec::CacheEntry& entry : entries) {
        CacheEntryAnswer item;
        item.origin = entry.byte_serialized_origin;
        item.url = entry.url;
        item.credentials = entry.credentials;
        item.method = entry.method;
        item.header = entry.header_name;
        item.max_age = entry.max_age;
        item.stored_at = entry.stored_at;
        listed.push_back(item);
      }
      fetch_answer.cache_after = listed;
    }
    result.fetches.push_back(fetch_answer);
  }
  return result;
}

}  // namespace corsproof_model
