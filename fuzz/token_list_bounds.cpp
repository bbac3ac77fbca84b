// Fuzz target: #token lists spread over repeated headers
// (token_list_cursor, check_token_list in corsproof/header_list_values.hpp).
//
// The input is split with FuzzedDataProvider into limits, a few headers
// (some named like the list, some not) and their raw values. Invariants:
// - every element is a token viewing a value of a header with the list's name;
// - the walk is deterministic, and once next() returned false it stays false
//   with the same status;
// - bounds: never more than max_elements elements, ok only within max_bytes,
//   too_long only beyond it; absent exactly when no header has the name;
// - check_token_list agrees with the cursor (status, bad element, count);
// - a bounded walk is a prefix of the unbounded walk of the same list;
// - repeated headers form one list: joining the values with "," into one
//   header gives the same elements and the same outcome (unbounded);
// - not_a_token names a trimmed, non-empty, comma-free element that is not a
//   token.
#include <FuzzedDataProvider.h>

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include <corsproof/corsproof.hpp>

#include "check.hpp"
#include "structured_input.hpp"

namespace {

using namespace corsproof;

constexpr std::string_view list_name = "access-control-request-headers";

struct walk {
  std::vector<std::string_view> elements;
  list_status status = list_status::absent;
  std::string_view bad;
  std::size_t count = 0;
};

walk run(header_list headers, list_limits limits) {
  walk w;
  token_list_cursor c(headers, list_name, limits);
  std::string_view e;
  while (c.next(e)) w.elements.push_back(e);
  w.status = c.status();
  w.bad = c.bad_element();
  w.count = c.count();
  // Exhausted cursors stay exhausted.
  FUZZ_CHECK(!c.next(e) && c.status() == w.status, "next() after the end must keep returning false");
  return w;
}

bool same_strings(const std::vector<std::string_view>& a, const std::vector<std::string_view>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a[i] != b[i]) return false;
  return true;
}

bool views_some_value(std::string_view e, const std::vector<header_view>& headers) {
  for (const auto& h : headers) {
    if (!iequals(h.name, list_name)) continue;
    if (e.data() >= h.value.data() && e.data() + e.size() <= h.value.data() + h.value.size()) return true;
  }
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider p(data, size);
  list_limits limits;
  limits.max_elements = p.ConsumeIntegralInRange<std::size_t>(0, 80);
  limits.max_bytes = p.ConsumeIntegralInRange<std::size_t>(0, 5000);
  std::vector<corsproof_fuzz::header> owned(p.ConsumeIntegralInRange<std::size_t>(0, 8));
  for (auto& h : owned) {
    switch (p.ConsumeIntegralInRange<int>(0, 3)) {
      case 0: h.name = "Access-Control-Request-Headers"; break;
      case 1: h.name = "access-control-request-headers"; break;
      case 2: h.name = "Access-Control-Request-Method"; break;
      default: h.name = p.ConsumeRandomLengthString(40); break;
    }
    h.value = p.ConsumeRandomLengthString(2048);
  }
  const std::vector<header_view> headers = corsproof_fuzz::views(owned);
  const auto describe = [&] {
    return "limits {" + std::to_string(limits.max_elements) + ", " + std::to_string(limits.max_bytes) +
           "}, headers " + corsproof_fuzz::json_headers(owned);
  };
  corsproof_fuzz::case_context ctx(describe);

  const walk w = run(headers, limits);
  const walk again = run(headers, limits);
  FUZZ_CHECK(same_strings(w.elements, again.elements) && w.status == again.status && w.bad == again.bad &&
                 w.count == again.count,
             "the walk must be deterministic");

  std::size_t named = 0, total_bytes = 0;
  for (const auto& h : headers)
    if (iequals(h.name, list_name)) {
      ++named;
      total_bytes += trim_tab_or_space(h.value).size();  // bounds count trimmed values
    }
  FUZZ_CHECK(named == count_headers(headers, list_name), "count_headers counts names case-insensitively");
  FUZZ_CHECK((w.status == list_status::absent) == (named == 0), "absent exactly when no header has the name");
  FUZZ_CHECK(w.elements.size() <= limits.max_elements, "never more elements than max_elements");
  for (std::string_view e : w.elements) {
    FUZZ_CHECK(is_token(e), "every element is a token");
    FUZZ_CHECK(views_some_value(e, headers), "elements view the values of the list's headers");
  }
  switch (w.status) {
    case list_status::ok:
      FUZZ_CHECK(total_bytes <= limits.max_bytes, "ok only within max_bytes");
      FUZZ_CHECK(w.count == w.elements.size(), "count() is the number of elements");
      break;
    case list_status::absent: FUZZ_CHECK(w.elements.empty(), "an absent list has no elements"); break;
    case list_status::too_long: FUZZ_CHECK(total_bytes > limits.max_bytes, "too_long only beyond max_bytes"); break;
    case list_status::too_many_elements:
      FUZZ_CHECK(w.elements.size() == limits.max_elements, "too_many_elements after exactly max_elements");
      break;
    case list_status::not_a_token:
      FUZZ_CHECK(!w.bad.empty() && !is_token(w.bad), "not_a_token names a non-empty non-token element");
      FUZZ_CHECK(w.bad == trim_tab_or_space(w.bad), "the offending element is trimmed");
      FUZZ_CHECK(w.bad.find(',') == std::string_view::npos, "the offending element is one element");
      FUZZ_CHECK(views_some_value(w.bad, headers), "the offending element views a value");
      break;
  }

  const list_check check = check_token_list(headers, list_name, limits);
  FUZZ_CHECK(check.status == w.status && check.bad_element == w.bad, "check_token_list agrees with the cursor");
  FUZZ_CHECK(check.count <= limits.max_elements, "check_token_list's count is bounded");
  if (w.status == list_status::ok) FUZZ_CHECK(check.count == w.elements.size(), "check_token_list counts elements");

  // Unbounded: the bounded walk is a prefix of it.
  const list_limits unbounded{std::numeric_limits<std::size_t>::max(), std::numeric_limits<std::size_t>::max()};
  const walk u = run(headers, unbounded);
  FUZZ_CHECK(u.status == list_status::ok || u.status == list_status::absent || u.status == list_status::not_a_token,
             "without limits only ok, absent or not_a_token");
  FUZZ_CHECK(w.elements.size() <= u.elements.size(), "bounds can only cut the list");
  for (std::size_t i = 0; i < w.elements.size(); ++i)
    FUZZ_CHECK(w.elements[i].data() == u.elements[i].data(), "a bounded walk is a prefix of the unbounded one");
  if (w.status == list_status::too_many_elements)
    FUZZ_CHECK(u.elements.size() > limits.max_elements, "too_many_elements only when the list has more elements");
  if (w.status == list_status::ok || w.status == list_status::not_a_token)
    FUZZ_CHECK(u.status == w.status && u.elements.size() == w.elements.size() && u.bad == w.bad,
               "a walk that ended within the bounds ends the same without them");

  // One list, however it is split over headers.
  if (named > 0) {
    std::string joined;
    bool first = true;
    for (const auto& h : owned)
      if (iequals(h.name, list_name)) {
        if (!first) joined += ",";
        joined += h.value;
        first = false;
      }
    const header_view one[] = {{"Access-Control-Request-Headers", joined}};
    const walk j = run(one, unbounded);
    FUZZ_CHECK(j.status == u.status && same_strings(j.elements, u.elements) && j.bad == u.bad,
               "repeated headers must form one list, as if joined with \",\"");
  }
  return 0;
}
