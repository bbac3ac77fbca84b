// Fetch "get" (a header list's combined value: every value of one name,
// joined with ", "), compared with an expected value without building the
// joined bytes. Internal to core/src; the public entry point is
// combined_value_equals (corsproof/header_list_values.hpp).
#pragma once

#include <cstddef>
#include <string_view>

#include "corsproof/http.hpp"

namespace corsproof::detail {

// Feed the field values of one name in header-list order; each is trimmed of
// SP/TAB (field parsing trims each value, and the joined value is trimmed
// again). equals() holds when at least one value was fed and the joined
// values are `expected` byte for byte.
class combined_value_matcher {
 public:
  explicit combined_value_matcher(std::string_view expected) noexcept : expected_(expected) {}
  // False as soon as the joined value can no longer equal `expected`.
  bool feed(std::string_view field_value) noexcept {
    const std::string_view v = trim_tab_or_space(field_value);
    if (any_) {
      if (expected_.substr(matched_, 2) != ", ") return false;
      matched_ += 2;
    }
    if (expected_.substr(matched_, v.size()) != v) return false;
    matched_ += v.size();
    any_ = true;
    return true;
  }
  [[nodiscard]] bool equals() const noexcept { return any_ && matched_ == expected_.size(); }

 private:
  std::string_view expected_;
  std::size_t matched_ = 0;  // bytes of `expected_` consumed so far
  bool any_ = false;
};

}  // namespace corsproof::detail
