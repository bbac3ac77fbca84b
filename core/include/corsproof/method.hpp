// corsproof/method.hpp — Fetch "Methods".
#pragma once

#include <string_view>

namespace corsproof {

// RFC 9110 §9.1: method = token.
[[nodiscard]] bool is_method(std::string_view m) noexcept;

// Fetch "forbidden method": byte-case-insensitive CONNECT, TRACE, TRACK.
[[nodiscard]] bool is_forbidden_method(std::string_view m) noexcept;

// Fetch "normalize a method": DELETE, GET, HEAD, OPTIONS, POST, PUT
// (byte-case-insensitive) become upper case; every other method is returned
// unchanged. The result views static storage or `m`.
[[nodiscard]] std::string_view normalize_method(std::string_view m) noexcept;

// Fetch "CORS-safelisted method": GET, HEAD or POST, byte-exact.
[[nodiscard]] bool is_cors_safelisted_method(std::string_view m) noexcept;

}  // namespace corsproof
