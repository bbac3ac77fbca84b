// Internal helpers shared by request_headers.cpp and browser.cpp.
#pragma once

#include "bytes.hpp"
#include "corsproof/browser.hpp"
#include "header_name_table.hpp"

namespace corsproof::detail {
// The CORS-unsafe request-header names of one request: at most
// max_unsafe_header_names, sorted, lower-cased, viewing the output buffer.
// Names beyond `count` are left uninitialized (no 1 KiB of zeroes per
// evaluation).
struct unsafe_name_list {
  unsafe_name_list() noexcept {}  // NOLINT: `names` deliberately uninitialized
  union {
    std::string_view names[max_unsafe_header_names];
  };
  std::size_t count = 0;
  // The same names, case-insensitively, for lookups (the preflight's
  // Access-Control-Allow-Headers elements): entry e is the e-th name in the
  // order the headers first gave it, its text the lower-cased copy. Built
  // (hashed) once, while collecting; only valid when count > 0.
  header_name_table<max_unsafe_header_names> table;
  [[nodiscard]] std::span<const std::string_view> view() const noexcept { return {names, count}; }
};
// Fetch "CORS-unsafe request-header names" into `result`, names copied into `w`.
eval_status unsafe_names_into(header_list headers, unsafe_name_list& result, writer& w) noexcept;
}  // namespace corsproof::detail
