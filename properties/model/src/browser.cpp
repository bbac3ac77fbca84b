// Browser mode: what a conforming browser does with one fetch() exchange.
//
// Ties the Fetch Standard's steps together in the order a fetch() call runs
// them: the Request constructor (§5.4) and Headers append (§5.1), "fetch"
// (§4) adding `Accept`, "main fetch" (§4.1) choosing basic or CORS, "HTTP
// fetch" (§4.4) deciding on a preflight and running the CORS check on the
// actual response, "CORS-preflight fetch" (§4.8), and main fetch step 14.1
// for the exposed headers. Choices of docs/protocol-decisions.md "Browser
// mode" are cited where they apply.
#include "spec.hpp"

namespace corsproof_model {

namespace {

using spec::HeaderList;

// RFC 9110 §5.5 "Field Values": a received field value excludes leading and
// trailing whitespace; decisions page "Trimming": response header values are
// read after removing leading and trailing SP/TAB. Inner whitespace counts.
HeaderList read_response_header_fields(const std::vector<Header>& raw) {
  HeaderList fields;
  for (const Header& header : raw) {
    fields.push_back(Header{header.name, spec::remove_leading_and_trailing_http_tab_or_space(header.value)});
  }
  return fields;
}

BrowserAnswer bad_case(const std::string& detail) {
  BrowserAnswer answer;
  answer.outcome = "bad-case";
  answer.detail = detail;
  return answer;
}

// Decisions page "Forbidden request": a request fetch() itself refuses
// (TypeError): needs_preflight false, preflight/cors_check/exposed_headers
// null, and a detail saying why.
BrowserAnswer forbidden_request(const std::string& detail) {
  BrowserAnswer answer;
  answer.outcome = "forbidden-request";
  answer.needs_preflight = false;
  answer.detail = detail;
  return answer;
}

}  // namespace

BrowserAnswer browser_answer(const BrowserExchange& exchange) {
  const BrowserRequest& input = exchange.request;

  // RequestInit's `credentials` is a RequestCredentials enum: "omit",
  // "same-origin" or "include" (Fetch §5.4). Anything else is not a valid case.
  if (input.credentials != "omit" && input.credentials != "same-origin" && input.credentials != "include") {
    return bad_case("credentials must be omit, same-origin or include, not \"" + input.credentials + "\"");
  }
  const std::string& credentials_mode = input.credentials;

  // Decisions page "Browser mode / Request origin": the request's origin is
  // an origin, so its serialization (Fetch "byte-serializing a request
  // origin") is `null` or a well-formed tuple origin of at most 1024 bytes;
  // any other text is not a valid case.
  if (input.origin.size() > 1024 || !spec::is_well_formed_request_origin(input.origin)) {
    return bad_case("request origin \"" + input.origin + "\" is not a serialized origin or null");
  }

  // Request constructor (Fetch §5.4) step 5: parse the URL. Its origin is
  // taken as the decisions page "URL origin" says.
  const std::optional<std::string> url_origin = spec::origin_of_url(input.url);
  // Steps 5.2-5.3: a URL that does not parse, or includes credentials, makes
  // the constructor throw a TypeError: fetch() refuses the request.
  if (!url_origin) {
    return forbidden_request("url \"" + input.url + "\" is not an absolute scheme://host URL without credentials");
  }

  // Request constructor step 25.2: "If method is not a method or method is a
  // forbidden method, then throw a TypeError."
  if (!spec::is_method(input.method)) {
    return forbidden_request("method \"" + input.method + "\" is not a token");
  }
  if (spec::is_forbidden_method(input.method)) {
    return forbidden_request("method \"" + input.method + "\" is a forbidden method");
  }
  // Request constructor step 25.3: normalize method.
  const std::string method = spec::normalize_method(input.method);

  // Request constructor step 33: fill the request's Headers (guard "request")
  // with the author's headers: for each pair, Headers "append" (Fetch §5.1).
  HeaderList header_list;
  for (const Header& pair : input.headers) {
    // Append step 1: normalize value (strip leading/trailing HTTP whitespace).
    const std::string value = spec::normalize_header_value(pair.value);
    // Append step 2 → validate step 1: if name is not a header name or value
    // is not a header value (NUL, CR, LF inside), throw a TypeError.
    if (!spec::is_header_name(pair.name)) {
      return forbidden_request("header name \"" + pair.name + "\" is not a token");
    }
    if (!spec::is_header_value(value)) {
      return forbidden_request("the value of header \"" + pair.name + "\" contains NUL, CR or LF");
    }
    // Validate step 3: guard "request" and (name, value) is a forbidden
    // request-header: return false, i.e. the pair is silently dropped.
    if (spec::is_forbidden_request_header(pair.name, value)) continue;
    // Append step 4: append (name, value) to the header list.
    header_list.push_back(Header{pair.name, value});
  }

  // "fetch" (Fetch §4) step 12: if the header list does not contain `Accept`,
  // append (`Accept`, `*/*`) (destination "" for fetch()).
  if (!spec::header_list_contains(header_list, "Accept")) header_list.push_back(Header{"Accept", "*/*"});
  // "fetch" step 14: the UA "should" append its own `Accept-Language`; the
  // decisions page ("UA headers") says the oracle adds none.

  // "main fetch" (Fetch §4.1) step 12: when the request's current URL's origin
  // is same origin with the request's origin (and tainting is "basic"), run a
  // scheme fetch: no CORS at all (decisions page "Same origin").
  if (input.origin == *url_origin) {
    BrowserAnswer answer;
    answer.outcome = "allowed";
    answer.needs_preflight = false;
    if (exchange.response) {
      // Main fetch step 14.2: a basic filtered response.
      answer.exposed_headers =
          spec::visible_header_names_of_basic_filtered_response(read_response_header_fields(exchange.response->headers));
    }
    return answer;
  }

  // Main fetch step 12, mode "cors": response tainting becomes "cors". A
  // preflight is used when the method is not a CORS-safelisted method or the
  // CORS-unsafe request-header names are not empty; "HTTP fetch" (§4.4) step
  // 4.1 then runs it unless the CORS-preflight cache has entries, and the
  // model judges every exchange against a cold cache. Private network
  // (decisions page extension) forces a preflight too.
  spec::CorsRequest request;
  request.serialized_origin = input.origin;
  request.method = method;
  request.header_list = header_list;
  request.credentials_mode = credentials_mode;
  request.private_network = input.private_network;

  const bool needs_preflight = !spec::is_cors_safelisted_method(request.method) ||
                               !spec::cors_unsafe_request_header_names(request.header_list).empty() ||
                               request.private_network;

  BrowserAnswer answer;
  answer.needs_preflight = needs_preflight;

  if (needs_preflight) {
    // Decisions page: a needed preflight without `preflight_response` is bad-case.
    if (!exchange.preflight_response) {
      answer.outcome = "bad-case";
      answer.detail = "a preflight is needed but the case has no preflight_response";
      return answer;
    }
    // HTTP fetch step 4.1.1: run a CORS-preflight fetch given request.
    const spec::PreflightRequestHeaders sent = spec::preflight_request_headers(request);
    const spec::PreflightResult result = spec::cors_preflight_fetch_response_steps(
        request, exchange.preflight_response->status, read_response_header_fields(exchange.preflight_response->headers));
    PreflightAnswer preflight;
    preflight.method = sent.access_control_request_method;
    preflight.request_headers = sent.access_control_request_headers;
    preflight.ok = result.ok;
    preflight.error = result.error;
    preflight.max_age = result.max_age;  // null when the preflight failed (nothing is cached)
    preflight.private_network = request.private_network;
    answer.preflight = preflight;
    // HTTP fetch step 4.1.2: if preflightResponse is a network error, return it.
    if (!result.ok) {
      answer.outcome = "blocked-preflight";
      answer.detail = "preflight failed: " + *result.error;
      return answer;
    }
  }

  // Decisions page "No response": only the preflight stage is judged.
  if (!exchange.response) {
    answer.outcome = "allowed";
    return answer;
  }

  // HTTP fetch step 4.4: "If request's response tainting is "cors" and a CORS
  // check for request and response returns failure, then return a network
  // error." The actual response may have any status.
  const HeaderList response_headers = read_response_header_fields(exchange.response->headers);
  const spec::CorsCheckResult check = spec::cors_check(request.serialized_origin, credentials_mode, response_headers);
  CorsCheckAnswer cors_check;
  cors_check.ok = check.success;
  if (!check.success) cors_check.error = spec::cors_check_error_code(check, credentials_mode);
  answer.cors_check = cors_check;
  if (!check.success) {
    answer.outcome = "blocked-response";
    answer.detail = "CORS check failed: " + *cors_check.error;
    return answer;
  }

  // Main fetch step 14.1 (CORS-exposed header-name list) and 14.2 (CORS
  // filtered response): the header names the page may read.
  answer.exposed_headers = spec::visible_header_names_of_cors_filtered_response(response_headers, credentials_mode);
  answer.outcome = "allowed";
  return answer;
}

}  // namespace corsproof_model
