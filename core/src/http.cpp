#include "corsproof/http.hpp"

#include "bytes.hpp"

namespace corsproof {

bool is_tchar(unsigned char c) noexcept { return detail::tchar_table[c]; }

bool is_token(std::string_view s) noexcept { return !s.empty() && detail::all_tchar(s); }

bool iequals(std::string_view a, std::string_view b) noexcept { return detail::iequals_fast(a, b); }

std::size_t count_headers(header_list headers, std::string_view name) noexcept {
  std::size_t n = 0;
  for (const auto& h : headers)
    if (iequals(h.name, name)) ++n;
  return n;
}

const header_view* find_header(header_list headers, std::string_view name) noexcept {
  for (const auto& h : headers)
    if (iequals(h.name, name)) return &h;
  return nullptr;
}

}  // namespace corsproof
