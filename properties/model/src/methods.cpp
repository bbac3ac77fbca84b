// Fetch §2.2.1 "Methods".
#include "spec.hpp"

namespace corsproof_model::spec {

// Fetch §2.2.1: "A method is a byte sequence that matches the method token
// production" (RFC 9110 §9.1: method = token).
bool is_method(const std::string& bytes) { return is_token(bytes); }

// Fetch §2.2.1: "A CORS-safelisted method is a method that is `GET`, `HEAD`,
// or `POST`" (byte-exact).
bool is_cors_safelisted_method(const std::string& method) {
  return method == "GET" || method == "HEAD" || method == "POST";
}

// Fetch §2.2.1: "A forbidden method is a method that is a byte-case-insensitive
// match for `CONNECT`, `TRACE`, or `TRACK`."
bool is_forbidden_method(const std::string& method) {
  return byte_case_insensitive_match(method, "CONNECT") || byte_case_insensitive_match(method, "TRACE") ||
         byte_case_insensitive_match(method, "TRACK");
}

// Fetch §2.2.1: "To normalize a method, if it is a byte-case-insensitive match
// for `DELETE`, `GET`, `HEAD`, `OPTIONS`, `POST`, or `PUT`, byte-uppercase it."
// Every other method keeps its exact bytes (`patch` stays `patch`).
std::string normalize_method(const std::string& method) {
  for (const char* normalizable : {"DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"}) {
    if (byte_case_insensitive_match(method, normalizable)) return byte_uppercase(method);
  }
  return method;
}

}  // namespace corsproof_model::spec
