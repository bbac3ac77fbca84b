// Fetch §2.2.1 "Methods".
#include "corsproof/method.hpp"

#include "bytes.hpp"
#include "corsproof/http.hpp"

namespace corsproof {

bool is_method(std::string_view m) noexcept { return is_token(m); }

// Fetch: "A forbidden method is a method that is a byte-case-insensitive
// match for `CONNECT`, `TRACE`, or `TRACK`."
bool is_forbidden_method(std::string_view m) noexcept {
  return detail::equals_lower_literal(m, "connect") || detail::equals_lower_literal(m, "trace") ||
         detail::equals_lower_literal(m, "track");
}

// Fetch: "To normalize a method, if it is a byte-case-insensitive match for
// `DELETE`, `GET`, `HEAD`, `OPTIONS`, `POST`, or `PUT`, byte-uppercase it."
std::string_view normalize_method(std::string_view m) noexcept {
  // Only the names of m's length are compared.
  const auto as = [m](std::string_view lower, std::string_view upper) noexcept {
    return detail::equals_lower_literal(m, lower) ? upper : std::string_view{};
  };
  std::string_view normalized;
  switch (m.size()) {
    case 3:
      if ((normalized = as("get", "GET")).empty()) normalized = as("put", "PUT");
      break;
    case 4:
      if ((normalized = as("head", "HEAD")).empty()) normalized = as("post", "POST");
      break;
    case 6:
      normalized = as("delete", "DELETE");
      break;
    case 7:
      normalized = as("options", "OPTIONS");
      break;
    default:
      break;
  }
  return normalized.empty() ? m : normalized;
}

// Fetch: "A CORS-safelisted method is a method that is `GET`, `HEAD`, or `POST`."
bool is_cors_safelisted_method(std::string_view m) noexcept { return m == "GET" || m == "HEAD" || m == "POST"; }

}  // namespace corsproof
