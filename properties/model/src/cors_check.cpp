// Fetch §4.10 "CORS check", and the mapping of its failures to the protocol's
// error codes (docs/protocol-decisions.md, "Error order").
#include "spec.hpp"

namespace corsproof_model::spec {

// Fetch §4.10: perform a "CORS check" for a request and response.
// serialized_request_origin is the result of "byte-serializing a request
// origin" (the protocol gives it as the request's `origin` string).
CorsCheckResult cors_check(const std::string& serialized_request_origin,
                           const std::string& credentials_mode, const HeaderList& response_headers) {
  CorsCheckResult result;
  // Step 1: let origin be the result of getting `Access-Control-Allow-Origin`
  // from response's header list.
  const std::optional<std::string> origin = header_list_get(response_headers, "Access-Control-Allow-Origin");
  result.allow_origin = origin;
  // Step 2: if origin is null, return failure. (Null is not `null`.)
  if (!origin) {
    result.failed_step = 2;
    return result;
  }
  // Step 3: if credentials mode is not "include" and origin is `*`, return success.
  if (credentials_mode != "include" && *origin == "*") {
    result.success = true;
    return result;
  }
  // Step 4: if the byte-serialized request origin is not origin, return failure.
  if (serialized_request_origin != *origin) {
    result.failed_step = 4;
    return result;
  }
  // Step 5: if credentials mode is not "include", return success.
  if (credentials_mode != "include") {
    result.success = true;
    return result;
  }
  // Step 6: let credentials be the result of getting
  // `Access-Control-Allow-Credentials` from response's header list.
  const std::optional<std::string> credentials =
      header_list_get(response_headers, "Access-Control-Allow-Credentials");
  // Step 7: if credentials is `true`, return success (case-sensitive; two
  // headers read as `true, true`, which is not `true`).
  if (credentials && *credentials == "true") {
    result.success = true;
    return result;
  }
  // Step 8: return failure.
  result.failed_step = 8;
  return result;
}

// Protocol error code for a failed CORS check. The spec has one failure; the
// protocol splits it, and docs/protocol-decisions.md orders the codes:
// acao-missing, acao-multiple (a comma in the combined value),
// acao-wildcard-with-credentials, acao-mismatch, acac-not-true.
std::string cors_check_error_code(const CorsCheckResult& result, const std::string& credentials_mode) {
  if (result.failed_step == 2) return "acao-missing";
  if (result.failed_step == 4) {
    const std::string& value = *result.allow_origin;
    if (value.find(',') != std::string::npos) return "acao-multiple";
    if (value == "*" && credentials_mode == "include") return "acao-wildcard-with-credentials";
    return "acao-mismatch";
  }
  return "acac-not-true";  // step 8
}

}  // namespace corsproof_model::spec
