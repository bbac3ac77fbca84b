// Fetch §4.8 "CORS-preflight fetch": the preflight request's CORS headers
// (steps 2-5) and the judgement of the preflight response (steps 7-8), plus
// the Private Network Access extension as docs/protocol-decisions.md defines it.
#include "spec.hpp"

namespace corsproof_model::spec {

// Fetch §4.8 "CORS-preflight fetch", steps 3-5: the headers the user agent puts
// on the preflight request.
PreflightRequestHeaders preflight_request_headers(const CorsRequest& request) {
  PreflightRequestHeaders result;
  // Step 2 appends (`Accept`, `*/*`); it carries no information for the protocol.
  // Step 3: append (`Access-Control-Request-Method`, request's method).
  result.access_control_request_method = request.method;
  // Step 4: let headers be the CORS-unsafe request-header names with request's
  // header list.
  const std::vector<std::string> headers = cors_unsafe_request_header_names(request.header_list);
  // Step 5: if headers is not empty:
  if (!headers.empty()) {
    // Step 5.1: let value be the items in headers separated by `,` (no space:
    // header-list "combine" is deliberately not used).
    std::string value;
    for (std::size_t i = 0; i < headers.size(); ++i) {
      if (i > 0) value += ",";
      value += headers[i];
    }
    // Step 5.2: append (`Access-Control-Request-Headers`, value).
    result.access_control_request_headers = value;
  }
  return result;
}

// RFC 9111 §1.2.2 "Delta Seconds": a delta-seconds value larger than the
// largest integer the recipient can represent, or any overflow, is treated as
// 2147483648 (2^31). docs/protocol-decisions.md: "values above 2147483648 are
// reported as 2147483648".
long long delta_seconds_value(const std::string& digits) {
  const std::string two_to_the_31 = "2147483648";
  if (compare_decimal_strings(digits, two_to_the_31) >= 0) return 2147483648LL;
  long long value = 0;
  for (char ch : digits) value = value * 10 + (ch - '0');
  return value;
}

namespace {
// Fetch §2.2.3 "Statuses": "An ok status is a status in the range 200 to 299,
// inclusive."
bool is_ok_status(int status) { return status >= 200 && status <= 299; }

PreflightResult network_error(const std::string& code) {
  PreflightResult result;
  result.ok = false;
  result.error = code;
  return result;
}
}  // namespace

// Fetch §4.8 "CORS-preflight fetch", steps 7 and 8, given the actual request
// (its origin, normalized method, header list and credentials mode) and the
// preflight's response (status, header list with values already read by HTTP
// parsing).
PreflightResult cors_preflight_fetch_response_steps(const CorsRequest& request, int status,
                                                    const HeaderList& response_headers) {
  // Step 7: "If a CORS check for request and response returns success and
  // response's status is an ok status". The CORS check runs with the *actual*
  // request's credentials mode. Step 8: otherwise, return a network error.
  // The protocol reports the CORS check's failure before the status's.
  const CorsCheckResult check = cors_check(request.serialized_origin, request.credentials_mode, response_headers);
  if (!check.success) return network_error(cors_check_error_code(check, request.credentials_mode));
  if (!is_ok_status(status)) return network_error("preflight-status");

  // Step 7.1: let methods be the result of extracting header list values given
  // `Access-Control-Allow-Methods` and response's header list.
  const ExtractedValues methods =
      extract_header_list_values("Access-Control-Allow-Methods", response_headers, HeaderAbnf::method_list);
  // Step 7.2: let headerNames be the same for `Access-Control-Allow-Headers`.
  const ExtractedValues header_names =
      extract_header_list_values("Access-Control-Allow-Headers", response_headers, HeaderAbnf::field_name_list);
  // Step 7.3: if either methods or headerNames is failure, return a network
  // error (acam-invalid is reported before acah-invalid).
  if (methods.is_failure()) return network_error("acam-invalid");
  if (header_names.is_failure()) return network_error("acah-invalid");
  // Step 7.4: if methods is null and request's use-CORS-preflight flag is set,
  // set methods to « request's method ». The protocol models no request with
  // that flag (no upload listeners, no streams), so a null methods stays null,
  // which the following steps read as an empty list.

  // Step 7.5: if request's method is not in methods, is not a CORS-safelisted
  // method, and (credentials mode is "include" or methods does not contain
  // `*`), return a network error. "in" is byte-exact.
  if (!methods.contains(request.method) && !is_cors_safelisted_method(request.method) &&
      (request.credentials_mode == "include" || !methods.contains("*"))) {
    return network_error("method-not-allowed");
  }

  // Step 7.6: if one of request's header list's names is a CORS non-wildcard
  // request-header name and is not a byte-case-insensitive match for an item
  // in headerNames, return a network error (`*` never covers it).
  for (const Header& header : request.header_list) {
    if (!is_cors_non_wildcard_request_header_name(header.name)) continue;
    bool listed = false;
    for (const std::string& item : header_names.values) {
      if (byte_case_insensitive_match(header.name, item)) listed = true;
    }
    if (!listed) return network_error("authorization-not-allowed");
  }

  // Step 7.7: for each unsafeName of the CORS-unsafe request-header names with
  // request's header list (sorted order), if unsafeName is not a
  // byte-case-insensitive match for an item in headerNames and (credentials
  // mode is "include" or headerNames does not contain `*`), return a network error.
  for (const std::string& unsafe_name : cors_unsafe_request_header_names(request.header_list)) {
    bool listed = false;
    for (const std::string& item : header_names.values) {
      if (byte_case_insensitive_match(unsafe_name, item)) listed = true;
    }
    if (!listed && (request.credentials_mode == "include" || !header_names.contains("*"))) {
      return network_error("header-not-allowed");
    }
  }

  // Private Network Access (Chromium extension, outside Fetch), per
  // docs/protocol-decisions.md: a request targeting a more private address
  // space needs `Access-Control-Allow-Private-Network: true` (trimmed, exact,
  // repeated headers combined by "get"), checked after the header checks.
  if (request.private_network) {
    const std::optional<std::string> allow_private_network =
        header_list_get(response_headers, "Access-Control-Allow-Private-Network");
    if (!allow_private_network || *allow_private_network != "true") {
      return network_error("private-network-not-allowed");
    }
  }

  PreflightResult result;
  result.ok = true;
  // Step 7.8: let max-age be the result of extracting header list values given
  // `Access-Control-Max-Age` and response's header list.
  const ExtractedValues max_age =
      extract_header_list_values("Access-Control-Max-Age", response_headers, HeaderAbnf::delta_seconds);
  // Step 7.9: if max-age is failure or null, set max-age to 5.
  if (max_age.is_failure() || max_age.is_null()) {
    result.max_age = 5;
  } else {
    result.max_age = delta_seconds_value(max_age.values.front());
  }
  // Step 7.10: an imposed limit (a UA cap) is not applied: the protocol
  // reports the spec value. Steps 7.11-7.15 fill the cache: v1 judges each
  // exchange against a cold cache and keeps none; v1.1 (redirect.cpp) writes
  // these lists with preflight_cache.cpp.
  result.methods = methods.values;
  result.header_names = header_names.values;
  // Step 7.16: return response.
  return result;
}

}  // namespace corsproof_model::spec
