// Fuzz target: Access-Control-Max-Age (parse_delta_seconds, extract_max_age in
// corsproof/header_list_values.hpp) on raw bytes.
//
// Invariants (RFC 9111 §1.2.2 delta-seconds = 1*DIGIT, saturating at 2^31;
// Fetch "extract header list values" for a single-valued field):
// - ok exactly for a non-empty run of digits; invalid otherwise, with 0;
// - the value is the decimal value, saturated at max_age_saturation
//   (checked against std::from_chars);
// - leading zeros do not change the value, appending a digit never lowers it;
// - extract_max_age on one header (any name case, SP/TAB around the value)
//   equals parse_delta_seconds of the trimmed value; two headers are
//   `repeated` whatever their values; unrelated headers do not matter;
// - deterministic.
#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>

#include <corsproof/corsproof.hpp>

#include "check.hpp"

namespace {
using namespace corsproof;

bool same(const max_age_value& a, const max_age_value& b) { return a.status == b.status && a.seconds == b.seconds; }

bool all_digits(std::string_view s) {
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto describe = [&] { return "max-age text (" + std::to_string(size) + " bytes): " + std::string(text); };
  corsproof_fuzz::case_context ctx(describe);

  const max_age_value v = parse_delta_seconds(text);
  FUZZ_CHECK(same(v, parse_delta_seconds(text)), "parse_delta_seconds must be deterministic");
  const bool digits = !text.empty() && all_digits(text);
  FUZZ_CHECK((v.status == max_age_status::ok) == digits, "ok exactly for 1*DIGIT");
  FUZZ_CHECK(v.status == max_age_status::ok || v.status == max_age_status::invalid,
             "a single value is ok or invalid (absent/repeated are about headers)");
  FUZZ_CHECK(v.seconds <= max_age_saturation, "never above 2^31");
  if (!digits) {
    FUZZ_CHECK(v.seconds == 0, "invalid values report 0");
  } else {
    std::uint64_t expected = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), expected);
    if (ec == std::errc::result_out_of_range || (ec == std::errc() && expected > max_age_saturation))
      expected = max_age_saturation;
    FUZZ_CHECK(end == text.data() + text.size() || ec == std::errc::result_out_of_range, "from_chars read it all");
    FUZZ_CHECK(v.seconds == expected, "the value is the decimal value, saturated at 2^31");
    FUZZ_CHECK(same(parse_delta_seconds("0" + std::string(text)), v), "leading zeros do not change the value");
    const max_age_value longer = parse_delta_seconds(std::string(text) + "7");
    FUZZ_CHECK(longer.status == max_age_status::ok && longer.seconds >= v.seconds, "appending a digit never lowers");
  }

  // As a response header.
  const std::string padded = " \t" + std::string(text) + "\t ";
  const max_age_value direct = parse_delta_seconds(trim_tab_or_space(text));
  const header_view one[] = {{"Vary", "Origin"}, {"aCCESS-cONTROL-mAX-aGE", padded}, {"X-Max-Age", "1"}};
  FUZZ_CHECK(same(extract_max_age(one), direct), "extract_max_age reads the trimmed value of the one header");
  const header_view two[] = {{"Access-Control-Max-Age", text}, {"access-control-max-age", "600"}};
  FUZZ_CHECK(extract_max_age(two).status == max_age_status::repeated, "two Access-Control-Max-Age are repeated");
  const header_view none[] = {{"Access-Control-Max-Age-X", text}};
  FUZZ_CHECK(extract_max_age(none).status == max_age_status::absent, "no header, absent");
  return 0;
}
