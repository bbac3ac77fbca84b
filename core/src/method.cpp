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
  static constexpr std::string_view upper[] = {"DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"};
  static constexpr std::string_view lower[] = {"delete", "get", "head", "options", "post", "put"};
  for (std::size_t i = 0; i < 6; ++i)
    if (detail::equals_lower_literal(m, lower[i])) return upper[i];
  return m;
}

// Fetch: "A CORS-safelisted method is a method that is `GET`, `HEAD`, or `POST`."
bool is_cors_safelisted_method(std::string_view m) noexcept { return m == "GET" || m == "HEAD" || m == "POST"; }

}  // namespace corsproof
