// corsproof/header_list_values.hpp — comma-separated lists as they arrive on
// the wire (RFC 9110 §5.6.1 "#rule", Fetch "extract header list values"), and
// the single-valued fields Access-Control-Max-Age and
// Access-Control-Allow-Credentials.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "corsproof/http.hpp"

namespace corsproof {

enum class list_status : std::uint8_t {
  ok,
  absent,             // no header of that name (Fetch: "null")
  not_a_token,        // an element that is not a token (the whole list fails)
  too_many_elements,  // more than limits.max_elements non-empty elements
  too_long,           // more than limits.max_bytes across the values
};

[[nodiscard]] std::string_view to_string(list_status s) noexcept;

struct list_limits {
  std::size_t max_elements = 64;
  std::size_t max_bytes = 4096;
};

// Walks the elements of a #token list spread over every header named `name`
// in `headers` (repeated headers form one list, as if joined with ","). Each
// element is trimmed of SP/TAB; empty elements are skipped (RFC 9110 §5.6.1).
// Allocation-free; bounded by `limits`.
//
//   token_list_cursor c(headers, "access-control-request-headers");
//   std::string_view e;
//   while (c.next(e)) { ... }
//   if (c.status() != list_status::ok && c.status() != list_status::absent) ...
class token_list_cursor {
 public:
  token_list_cursor(header_list headers, std::string_view name, list_limits limits = {}) noexcept;
  // Advances to the next non-empty element. Returns false at the end of the
  // list or on the first error; status() then tells which.
  bool next(std::string_view& element) noexcept;
  [[nodiscard]] list_status status() const noexcept { return status_; }
  // On not_a_token: the offending element.
  [[nodiscard]] std::string_view bad_element() const noexcept { return bad_; }
  [[nodiscard]] std::size_t count() const noexcept { return count_; }

 private:
  bool open_next_header() noexcept;
  header_list headers_;
  std::string_view name_;
  list_limits limits_;
  std::size_t header_index_ = 0;
  std::string_view rest_;
  bool in_value_ = false;
  std::size_t count_ = 0;
  std::size_t bytes_ = 0;
  std::string_view bad_;
  list_status status_ = list_status::absent;
};

// Checks a whole #token list in one call: ok/absent, or the error and the
// first offending element. `count` receives the number of non-empty elements.
struct list_check {
  list_status status = list_status::absent;
  std::size_t count = 0;
  std::string_view bad_element;
};
[[nodiscard]] list_check check_token_list(header_list headers, std::string_view name,
                                          list_limits limits = {}) noexcept;

// Fetch "extract header list values" for Access-Control-Max-Age
// (delta-seconds = 1*DIGIT, a single-valued field).
enum class max_age_status : std::uint8_t { ok, absent, repeated, invalid };
struct max_age_value {
  max_age_status status = max_age_status::absent;
  // The value; values above max_age_saturation are reported as
  // max_age_saturation (RFC 9111 §1.2.2).
  std::uint64_t seconds = 0;
};
inline constexpr std::uint64_t max_age_saturation = 2147483648ULL;  // 2^31
// Parses one delta-seconds value (already trimmed).
[[nodiscard]] max_age_value parse_delta_seconds(std::string_view text) noexcept;
// Reads Access-Control-Max-Age from a response's headers.
[[nodiscard]] max_age_value extract_max_age(header_list headers) noexcept;

// Fetch "CORS check" step 5 reads Access-Control-Allow-Credentials with
// "get": the values of every such header joined with ", ", trimmed; only the
// exact bytes "true" pass.
[[nodiscard]] bool allow_credentials_is_true(header_list headers) noexcept;

// Fetch "get" (every value of `name` joined with ", "), trimmed of SP/TAB,
// compared byte-for-byte with `expected`. Absent never equals.
[[nodiscard]] bool combined_value_equals(header_list headers, std::string_view name,
                                         std::string_view expected) noexcept;

}  // namespace corsproof
