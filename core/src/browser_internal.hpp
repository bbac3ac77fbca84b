// Internal helpers shared by request_headers.cpp and browser.cpp.
#pragma once

#include "bytes.hpp"
#include "corsproof/browser.hpp"

namespace corsproof::detail {
// Inserts lower-cased `name` into a sorted set of at most `cap` names, copying
// it into `w`; duplicates are ignored.
eval_status insert_lowercase_sorted(header_name_set& set, std::size_t cap, std::string_view name, writer& w) noexcept;
// Fetch "CORS-unsafe request-header names" into `result`, names copied into `w`.
eval_status unsafe_names_into(header_list headers, header_name_set& result, writer& w) noexcept;
}  // namespace corsproof::detail
