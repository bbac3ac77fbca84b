// RFC 9110 §5.6.1 lists ("#rule"), Fetch "extract header list values",
// Fetch "CORS check" step 5 (Access-Control-Allow-Credentials).
#include "corsproof/header_list_values.hpp"

#include "bytes.hpp"
#include "combined_value.hpp"
#include "token_list_scan.hpp"

namespace corsproof {

std::string_view to_string(list_status s) noexcept {
  switch (s) {
    case list_status::ok: return "ok";
    case list_status::absent: return "absent";
    case list_status::not_a_token: return "an element is not a token";
    case list_status::too_many_elements: return "too many elements";
    case list_status::too_long: return "list too long";
  }
  return "?";
}

token_list_cursor::token_list_cursor(header_list headers, std::string_view name, list_limits limits) noexcept
    : headers_(headers), name_(name), limits_(limits) {}

bool token_list_cursor::open_next_header() noexcept {
  while (header_index_ < headers_.size()) {
    const header_view& h = headers_[header_index_++];
    if (!detail::iequals_fast(h.name, name_)) continue;  // inline: lengths first
    if (status_ == list_status::absent) status_ = list_status::ok;
    bytes_ += trim_tab_or_space(h.value).size();  // values are read trimmed
    if (bytes_ > limits_.max_bytes) {
      status_ = list_status::too_long;
      return false;
    }
    rest_ = h.value;
    in_value_ = true;
    return true;
  }
  return false;
}

bool token_list_cursor::next(std::string_view& element) noexcept {
  if (status_ != list_status::ok && status_ != list_status::absent) return false;
  while (true) {
    if (!in_value_ && !open_next_header()) return false;
    // RFC 9110 §5.6.1.2: elements are separated by "," with OWS around them;
    // empty elements are ignored.
    std::size_t comma = rest_.find(',');
    std::string_view raw = rest_.substr(0, comma);
    if (comma == std::string_view::npos) {
      in_value_ = false;
      rest_ = {};
    } else {
      rest_.remove_prefix(comma + 1);
    }
    std::string_view e = trim_tab_or_space(raw);
    if (e.empty()) continue;
    if (!is_token(e)) {
      status_ = list_status::not_a_token;
      bad_ = e;
      return false;
    }
    if (++count_ > limits_.max_elements) {
      status_ = list_status::too_many_elements;
      return false;
    }
    element = e;
    return true;
  }
}

list_check check_token_list(header_list headers, std::string_view name, list_limits limits) noexcept {
  // One pass over each value (64 bytes at a time); when every element is a
  // token and the list is within `limits`, that is the answer. Otherwise the
  // cursor finds which bound or element failed first.
  {
    bool present = false, valid = true;
    std::size_t count = 0, bytes = 0;
    for (const auto& h : headers) {
      if (!detail::iequals_fast(h.name, name)) continue;
      present = true;
      bytes += trim_tab_or_space(h.value).size();
      if (!detail::scan_token_list_value(h.value, [&count](const char*, std::size_t, const char*) noexcept { ++count; })) {
        valid = false;
        break;
      }
    }
    if (!present) return {list_status::absent, 0, {}};
    if (valid && bytes <= limits.max_bytes && count <= limits.max_elements) return {list_status::ok, count, {}};
  }
  token_list_cursor c(headers, name, limits);
  std::string_view e;
  while (c.next(e)) {
  }
  return {c.status(), c.count() > limits.max_elements ? limits.max_elements : c.count(), c.bad_element()};
}

max_age_value parse_delta_seconds(std::string_view text) noexcept {
  // RFC 9111 §1.2.2: delta-seconds = 1*DIGIT.
  if (text.empty()) return {max_age_status::invalid, 0};
  std::uint64_t v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return {max_age_status::invalid, 0};
    if (v <= max_age_saturation) v = v * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return {max_age_status::ok, v > max_age_saturation ? max_age_saturation : v};
}

max_age_value extract_max_age(header_list headers) noexcept {
  // Fetch "extract header list values": null when absent; a single-valued
  // field given more than once is failure; a value failing its ABNF is failure.
  const header_view* found = nullptr;
  for (const auto& h : headers) {
    if (!detail::equals_lower_literal(h.name, "access-control-max-age")) continue;
    if (found != nullptr) return {max_age_status::repeated, 0};
    found = &h;
  }
  if (found == nullptr) return {max_age_status::absent, 0};
  return parse_delta_seconds(trim_tab_or_space(found->value));
}

bool combined_value_equals(header_list headers, std::string_view name, std::string_view expected) noexcept {
  // "get" joins repeated values with ", ". `expected` never contains ", "
  // in corsproof's uses, so a repeated header never equals it; the general
  // case compares the joined bytes without building them.
  detail::combined_value_matcher m(expected);
  for (const auto& h : headers)
    if (detail::iequals_fast(h.name, name) && !m.feed(h.value)) return false;
  return m.equals();
}

bool allow_credentials_is_true(header_list headers) noexcept {
  // Fetch "CORS check" step 5: get(`Access-Control-Allow-Credentials`) is `true`.
  return combined_value_equals(headers, "access-control-allow-credentials", "true");
}

}  // namespace corsproof
