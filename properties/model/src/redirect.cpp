// Protocol v1.1: a fetch() that follows a redirect chain, and a session of
// fetches sharing one CORS-preflight cache (oracle-protocol.md "v1.1").
//
// The Fetch Standard (whatwg/fetch 586cd2a4) runs one hop as a recursive
// "main fetch" (§4.1) -> "HTTP fetch" (§4.4) -> "HTTP-redirect fetch" (§4.5)
// -> "main fetch" ... The recursion is written out here as a loop over the
// hops, keeping the spec's order inside each hop:
//   main fetch step 12 (which path: basic, CORS with a possible preflight,
//     CORS without one), HTTP fetch step 4.1 (the preflight, unless the
//     CORS-preflight cache covers the request), HTTP-network-or-cache fetch
//     (the `Origin` header and credentials of the hop), HTTP fetch step 4.4
//     (the CORS check of the response, redirects included), HTTP fetch step 6
//     (the redirect mode), HTTP-redirect fetch steps 3-19 (location URL,
//     scheme, limit, userinfo, method rewrite, header removal), and main fetch
//     step 12's "clear cache entries" when the preflight branch ends in a
//     network error.
// Within one hop the single-exchange rules are the v1 model's: the
// CORS-unsafe request-header names (request_headers.cpp), the preflight
// request and its checks (preflight.cpp), the CORS check (cors_check.cpp) and
// the exposed header names (exposed_headers.cpp).
//
// Choices the protocol and the Standard leave open are marked "DECISION" in
// the comments.
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

// What one hop ended with.
enum class HopEnd { next_hop, final_response, opaque_redirect, network_error, incomplete };

// The answer being built, and what the hops tell it.
struct Run {
  ChainAnswer answer;
  // Main fetch step 12: some hop took the "use-CORS-preflight / unsafe
  // request" branch; a network error returned through it clears the cache.
  bool preflight_branch_taken = false;
};

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

// One chain, run against a cache at the cache's current time.
ChainAnswer run_chain(const ChainCase& chain, spec::CorsPreflightCache& cache) {
  Request request;
  if (std::optional<ChainAnswer> refused = construct_request(chain, request)) return *refused;

  Run run;
  ChainAnswer& answer = run.answer;
  // HTTP-redirect fetch steps 12-13 delete headers before the next hop.
  std::vector<std::string> removed_before_this_hop;
  // Every hop's outcome ends here; `hop` is the index being answered.
  for (std::size_t hop = 0;; ++hop) {
    HopAnswer hop_answer;
    hop_answer.url = us::url_serializer(request.current_url());
    hop_answer.method = request.method;
    hop_answer.removed_headers = removed_before_this_hop;
    removed_before_this_hop.clear();
    const Hop* given = hop < chain.hops.size() ? &chain.hops[hop] : nullptr;

    // Protocol: a hop's `url`, when given and different from the URL the
    // oracle computes, is bad-case naming both. DECISION: "different" is URL
    // inequality: the given text is parsed (no base) and serialized first.
    if (given && given->url) {
      const std::optional<us::Url> expected = us::basic_url_parser(*given->url, nullptr);
      if (!expected || us::url_serializer(*expected) != hop_answer.url) {
        return bad_case_answer("hops[" + std::to_string(hop) + "].url is \"" + *given->url +
                               "\" but the fetch requests \"" + hop_answer.url + "\"");
      }
    }

    // ---- main fetch (§4.1) step 12: choose the path -------------------------
    bool preflight_branch = false;
    const std::string& current_origin = request.url_list_origins.back();
    if (same_origin(current_origin, request.origin) && request.response_tainting == "basic") {
      // "request's current URL's origin is same origin with request's origin,
      // and request's response tainting is "basic"": tainting stays "basic";
      // scheme fetch, which for an HTTP(S) scheme is HTTP fetch without a
      // preflight.
      request.response_tainting = "basic";
    } else {
      // mode "cors" (the protocol's only mode). "request's current URL's
      // scheme is not an HTTP(S) scheme": a network error. It cannot happen
      // after a redirect (HTTP-redirect fetch step 6 refused the location)
      // and hop 0 follows the decisions page ("the URL's scheme is not
      // otherwise checked"), so it is not reachable here.
      // "use-CORS-preflight flag is set" (never, in the protocol) or
      // "unsafe-request flag is set [fetch() sets it] and either request's
      // method is not a CORS-safelisted method or CORS-unsafe request-header
      // names with request's header list is not empty": tainting "cors",
      // HTTP fetch with makeCORSPreflight true. Otherwise tainting "cors",
      // HTTP fetch without. Private network (decisions page extension)
      // forces the preflight branch on every CORS hop.
      request.response_tainting = "cors";
      preflight_branch = !spec::is_cors_safelisted_method(request.method) ||
                         !spec::cors_unsafe_request_header_names(request.header_list).empty() ||
                         request.private_network;
      if (preflight_branch) run.preflight_branch_taken = true;
    }
    hop_answer.tainting = request.response_tainting;
    hop_answer.needs_preflight = preflight_branch;

    // HTTP-network-or-cache fetch (§4.6): includeCredentials is true if
    // credentials mode is "include", or "same-origin" and tainting "basic".
    hop_answer.credentials_sent =
        request.credentials_mode == "include" ||
        (request.credentials_mode == "same-origin" && request.response_tainting == "basic");
    // "append a request `Origin` header" (§3.2): tainting "cors" appends the
    // byte-serialized request origin; otherwise a method that is neither GET
    // nor HEAD appends it too (mode "cors" skips the referrer-policy switch);
    // GET and HEAD on a basic hop send none.
    const std::string serialized_origin = serializing_a_request_origin(request);
    if (request.response_tainting == "cors" || (request.method != "GET" && request.method != "HEAD")) {
      hop_answer.origin_header = serialized_origin;
    }

    spec::CorsRequest cors_request;
    cors_request.serialized_origin = serialized_origin;
    cors_request.method = request.method;
    cors_request.header_list = request.header_list;
    cors_request.credentials_mode = request.credentials_mode;
    cors_request.private_network = request.private_network;

    auto finish_with_network_error = [&](const std::string& outcome, const std::string& detail) {
      // Main fetch step 12 (preflight branch): "If corsWithPreflightResponse
      // is a network error, then clear cache entries using request." The
      // error returns through the main fetch of every earlier hop: the
      // clearing runs if any hop took that branch, with request as it is now
      // (its current URL is this hop's, its origin serialization is over the
      // whole URL list).
      if (run.preflight_branch_taken) spec::clear_cache_entries(cache, cache_request(request));
      answer.outcome = outcome;
      answer.detail = detail;
      answer.error_hop = hop;
      answer.exposed_headers.reset();
      answer.final_response.reset();
      describe_hop(answer, hop_answer);
      answer.hops.push_back(hop_answer);
      return answer;
    };
    auto finish_incomplete = [&](const std::string& what) {
      answer.outcome = "incomplete";
      answer.detail = "hop " + std::to_string(hop) + " needs a " + what;
      answer.needs = NeedsAnswer{hop, what, hop_answer.url};
      describe_hop(answer, hop_answer);
      answer.hops.push_back(hop_answer);
      return answer;
    };

    // ---- HTTP fetch (§4.4) step 4.1: the preflight ----------------------------
    if (preflight_branch) {
      const spec::CacheRequest view = cache_request(request);
      // The items a preflight would ask for (protocol `cache`): the method
      // unless it is CORS-safelisted, and each CORS-unsafe header name.
      const bool method_item = !spec::is_cors_safelisted_method(request.method);
      const bool method_matched = spec::method_cache_entry_match(cache, request.method, view);
      std::size_t held = (method_item && method_matched) ? 1 : 0;
      bool header_missing = false;
      for (const std::string& name : spec::cors_unsafe_request_header_names(request.header_list)) {
        if (spec::header_name_cache_entry_match(cache, name, view)) {
          ++held;
        } else {
          header_missing = true;
        }
      }
      // Step 4.1: "makeCORSPreflight is true and one of: there is no method
      // cache entry match for request's method using request, and either the
      // method is not a CORS-safelisted method or the use-CORS-preflight flag
      // is set; there is at least one CORS-unsafe request-header name with no
      // header-name cache entry match." The Fetch cache keeps no private
      // network answer, so that extension always sends the preflight.
      const bool preflight_sent =
          (!method_matched && !spec::is_cors_safelisted_method(request.method)) || header_missing ||
          request.private_network;
      HopPreflightAnswer preflight;
      const spec::PreflightRequestHeaders sent = spec::preflight_request_headers(cors_request);
      preflight.method = sent.access_control_request_method;
      preflight.request_headers = sent.access_control_request_headers;
      preflight.private_network = request.private_network;
      // Protocol: `hit` when the cache held all items (no preflight sent),
      // `partial` when it held some (a full preflight was sent), `miss` when
      // none. DECISION: a preflight sent only for private network, with every
      // item held, is `partial`; with no item at all, `miss`.
      preflight.cache = !preflight_sent ? "hit" : (held > 0 ? "partial" : "miss");
      if (!preflight_sent) {
        // DECISION: nothing was sent or received: ok true, error null, max_age null.
        preflight.ok = true;
        hop_answer.preflight = preflight;
      } else {
        if (!given || !given->preflight_response) {
          preflight.ok = false;
          hop_answer.preflight = preflight;
          return finish_incomplete("preflight_response");
        }
        // Step 4.1.1: run a CORS-preflight fetch (§4.8) given request.
        const spec::PreflightResult result = spec::cors_preflight_fetch_response_steps(
            cors_request, given->preflight_response->status,
            read_response_header_fields(given->preflight_response->headers));
        preflight.ok = result.ok;
        preflight.error = result.error;
        preflight.max_age = result.max_age;
        hop_answer.preflight = preflight;
        if (result.ok) {
          // §4.8 steps 7.11-7.15: the user agent provides for a cache.
          spec::store_preflight_result(cache, view, *result.max_age, result.methods, result.header_names);
        } else {
          // Step 4.1.2: if preflightResponse is a network error, return it.
          return finish_with_network_error("blocked-preflight", "preflight failed: " + *result.error);
        }
      }
    }

    // ---- HTTP-network-or-cache fetch: the hop's response ----------------------
    if (!given || !given->response) return finish_incomplete("response");
    const int status = given->response->status;
    const HeaderList response_headers = read_response_header_fields(given->response->headers);
    hop_answer.status = status;
    // Protocol: a hop's `redirect` is null unless its status is a redirect
    // status (then an object, even when the CORS check below stops the fetch
    // before any redirect step runs).
    if (is_redirect_status(status)) hop_answer.redirect = RedirectAnswer{};

    // HTTP fetch step 4.4: "If request's response tainting is "cors" and a
    // CORS check for request and response returns failure, then return a
    // network error." Any status, redirects included.
    if (request.response_tainting == "cors") {
      const spec::CorsCheckResult check =
          spec::cors_check(serialized_origin, request.credentials_mode, response_headers);
      CorsCheckAnswer cors_check;
      cors_check.ok = check.success;
      if (!check.success) cors_check.error = spec::cors_check_error_code(check, request.credentials_mode);
      hop_answer.cors_check = cors_check;
      if (!check.success) {
        return finish_with_network_error("blocked-response", "CORS check failed: " + *cors_check.error);
      }
    }

    // HTTP fetch step 6: internalResponse's status is a redirect status.
    if (is_redirect_status(status)) {
      RedirectAnswer& redirect = *hop_answer.redirect;
      // Step 6.3: switch on request's redirect mode.
      if (request.redirect_mode == "error") {
        // "error": set response to a network error (Location is not read:
        // DECISION `location` stays null).
        redirect.error = "redirect-disallowed";
        return finish_with_network_error("blocked-redirect", "redirect mode error met status " +
                                                                 std::to_string(status));
      }
      if (request.redirect_mode == "manual") {
        // "manual" (mode is not "navigate"): an opaque-redirect filtered
        // response: type "opaqueredirect", status 0, empty header list, URL
        // list the request's. Location is not read (DECISION: `location` null).
        answer.outcome = "opaque-redirect";
        answer.final_response = FinalResponseAnswer{hop_answer.url, request.redirect_count, 0, "opaqueredirect"};
        // DECISION: its header list is empty, so no header name is exposed.
        answer.exposed_headers = std::vector<std::string>{};
        describe_hop(answer, hop_answer);
        answer.hops.push_back(hop_answer);
        return answer;
      }
      // "follow": HTTP-redirect fetch (§4.5).
      const us::Url& current_url = request.current_url();
      // Step 3: let locationURL be internalResponse's location URL given
      // request's current URL's fragment.
      const LocationUrl location = location_url(status, response_headers, current_url, current_url.fragment);
      if (location.state == LocationUrl::State::null) {
        // Step 4: if locationURL is null, return response: the 3xx is the
        // final response.
      } else {
        // Step 5: if locationURL is failure, return a network error.
        if (location.state == LocationUrl::State::failure) {
          redirect.error = "redirect-location-invalid";
          return finish_with_network_error("blocked-redirect", "Location is repeated or does not parse");
        }
        const us::Url& location_url_record = location.url;
        redirect.location = us::url_serializer(location_url_record);
        const std::string location_origin = us::serialized_origin_of_url(location_url_record);
        // Step 6: if locationURL's scheme is not an HTTP(S) scheme, network error.
        if (!is_http_s_scheme(location_url_record.scheme)) {
          redirect.error = "redirect-scheme";
          return finish_with_network_error("blocked-redirect", "Location scheme \"" + location_url_record.scheme +
                                                                   "\" is not http or https");
        }
        // Step 7: if request's redirect count is 20, return a network error.
        if (request.redirect_count == 20) {
          redirect.error = "redirect-limit";
          return finish_with_network_error("blocked-redirect", "a 21st redirect");
        }
        // Step 8: increase request's redirect count by 1.
        ++request.redirect_count;
        // Step 9: mode "cors", locationURL includes credentials, and
        // request's origin is not same origin with locationURL's origin.
        if (location_url_record.includes_credentials() && !same_origin(request.origin, location_origin)) {
          redirect.error = "redirect-credentials";
          return finish_with_network_error("blocked-redirect",
                                           "Location includes credentials and is cross-origin to the request");
        }
        // Step 10: response tainting "cors" and locationURL includes credentials.
        if (request.response_tainting == "cors" && location_url_record.includes_credentials()) {
          redirect.error = "redirect-credentials";
          return finish_with_network_error("blocked-redirect", "Location includes credentials on a CORS request");
        }
        // Step 11: a body whose source is null (a stream) on a non-303: the
        // protocol has no streamed body.
        std::vector<std::string> removed;
        // Step 12: 301/302 with `POST`, or 303 with a method that is not
        // `GET` or `HEAD`: method `GET`, body null, request-body headers deleted.
        if (((status == 301 || status == 302) && request.method == "POST") ||
            (status == 303 && request.method != "GET" && request.method != "HEAD")) {
          request.method = "GET";
          for (const std::string& name : request_body_header_names()) {
            if (header_list_delete(request.header_list, name)) removed.push_back(spec::byte_lowercase(name));
          }
        }
        // Step 13: if request's current URL's origin is not same origin with
        // locationURL's origin, delete every CORS non-wildcard request-header
        // name (`Authorization`).
        if (!same_origin(current_origin, location_origin)) {
          if (header_list_delete(request.header_list, "Authorization")) removed.push_back("authorization");
        }
        // Steps 14-17: body re-extraction and timing: nothing to model.
        // Step 18: append locationURL to request's URL list.
        request.url_list.push_back(location_url_record);
        request.url_list_origins.push_back(location_origin);
        // Step 19 (referrer policy) is out of scope; steps 20-22: main fetch
        // again, recursively: the next iteration.
        redirect.followed = true;
        answer.hops.push_back(hop_answer);
        // The names deleted before the next hop (DECISION: those actually
        // present, lower-cased, sorted, without duplicates).
        std::sort(removed.begin(), removed.end());
        removed.erase(std::unique(removed.begin(), removed.end()), removed.end());
        removed_before_this_hop = removed;
        continue;
      }
    }

    // A final response (not a redirect, or a redirect without `Location`).
    // Main fetch step 14: a CORS filtered response when tainting is "cors",
    // a basic filtered response when "basic".
    answer.outcome = "allowed";
    answer.final_response =
        FinalResponseAnswer{hop_answer.url, request.redirect_count, status, request.response_tainting};
    if (request.response_tainting == "cors") {
      answer.exposed_headers =
          spec::visible_header_names_of_cors_filtered_response(response_headers, request.credentials_mode);
    } else {
      answer.exposed_headers = spec::visible_header_names_of_basic_filtered_response(response_headers);
    }
    describe_hop(answer, hop_answer);
    answer.hops.push_back(hop_answer);
    return answer;
  }
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
