// corsproof/header_comparison.hpp — the oracle protocol's semantic comparison
// of two header lists (docs/protocol.md, "Case files with
// expectations": header lists compared semantically, names case-insensitive,
// Vary and list-valued headers as sets).
//
// The one implementation: `corsproof check` (cli/src/expect.cpp), the
// core/model bridge (properties/bridge) and, through the bridge, the
// differential fuzz target all compare headers with it.
//
// Two header lists are equivalent when, for every header name (ASCII
// case-insensitive; the order of the headers does not matter):
//  - Vary, Access-Control-Allow-Methods, -Allow-Headers, -Expose-Headers
//    (the list-valued headers): all values of that name, split on ",", each
//    element trimmed of SP and TAB, empty elements dropped, form one set;
//    elements compare case-insensitively, except methods (byte-exact);
//  - any other header: its values, each trimmed of SP and TAB (RFC 9110
//    §5.5: leading and trailing whitespace is no part of a field value),
//    form a multiset compared byte-for-byte.
//
//   corsproof::header_comparison::header_set a, b;
//   a.add("Vary", "Origin, Accept");  b.add("vary", "accept,origin");
//   assert(a == b);
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace corsproof::header_comparison {

// Is `name` one of the list-valued headers compared as sets?
[[nodiscard]] bool is_list_valued_header(std::string_view name) noexcept;
// Are the elements of `name`'s list case-sensitive (methods)?
[[nodiscard]] bool list_is_case_sensitive(std::string_view name) noexcept;

// The set a list-valued header's values stand for: every value split on
// ",", elements trimmed of SP/TAB, empty ones dropped, lower-cased unless
// `case_sensitive`, sorted, unique.
[[nodiscard]] std::vector<std::string> list_elements(const std::vector<std::string>& values, bool case_sensitive);

// A header list in comparable form.
class header_set {
 public:
  void add(std::string_view name, std::string_view value);

  // Same meaning (see the top of this file).
  friend bool operator==(const header_set& a, const header_set& b) { return a.canonical_ == b.canonical_; }

  // nullopt when equivalent; otherwise the first difference in words,
  // naming the two sides by `mine` and `theirs`, e.g.
  // `header "vary" (as a set): core ["origin"], model ["accept", "origin"]`.
  [[nodiscard]] std::optional<std::string> difference(const header_set& other, std::string_view mine,
                                                      std::string_view theirs) const;

 private:
  // lower-cased name -> sorted elements (list-valued: unique) or values.
  std::map<std::string, std::vector<std::string>> canonical_;
  // lower-cased name -> the values as given, in order (for messages).
  std::map<std::string, std::vector<std::string>> raw_;
};

}  // namespace corsproof::header_comparison
