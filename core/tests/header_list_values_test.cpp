// Header list values: the #rule list (RFC 9110 §5.6.1) spread over repeated
// headers (Fetch "extract header list values"), corsproof's bounds,
// delta-seconds and Access-Control-Max-Age (RFC 9111 §1.2.2, Fetch
// "CORS-preflight fetch" step 7), Access-Control-Allow-Credentials and the
// "get" combination (Fetch "CORS check", digest §7).
#include "test_support.hpp"

namespace corsproof::test {
namespace {

constexpr const char* kList = "RFC 9110 §5.6.1 #rule (OWS, empty elements ignored); digest §7";
constexpr const char* kExtract = "Fetch \"extract header list values\" (repeated headers form one list); digest §7";
constexpr const char* kBounds =
    "decisions: Preflight checks and bounds (64 names, 4096 bytes counted after trimming); header_list_values.hpp";

constexpr const char* kAcam = "access-control-allow-methods";

struct list_row {
  const char* name;
  const char* spec;
  pairs headers;
  std::size_t max_elements;
  std::size_t max_bytes;
  list_status status;
  std::vector<std::string> elements;  // checked when status is ok or absent
  std::string bad_element;            // checked when status is not_a_token
};
CORSPROOF_ROW_PRINTER(list_row)

std::string names_csv(std::size_t n) {
  std::string s;
  for (std::size_t i = 0; i < n; ++i) s += (i ? "," : "") + std::string("h") + std::to_string(i);
  return s;
}
std::vector<std::string> names_vec(std::size_t n) {
  std::vector<std::string> v;
  for (std::size_t i = 0; i < n; ++i) v.push_back("h" + std::to_string(i));
  return v;
}

std::vector<list_row> list_rows() {
  const std::size_t E = 64, B = 4096;
  return {
      {"absent: no header of that name", kExtract, {{"Content-Type", "x"}}, E, B, list_status::absent, {}, ""},
      {"absent: empty header list", kExtract, {}, E, B, list_status::absent, {}, ""},
      {"single token", kList, {{"Access-Control-Allow-Methods", "PUT"}}, E, B, list_status::ok, {"PUT"}, ""},
      {"name matched case-insensitively", kExtract, {{"ACCESS-CONTROL-ALLOW-METHODS", "PUT"}}, E, B,
       list_status::ok, {"PUT"}, ""},
      {"empty element in the middle (digest §14.4)", kList, {{"Access-Control-Allow-Methods", "GET, ,PUT"}}, E, B,
       list_status::ok, {"GET", "PUT"}, ""},
      {"leading and trailing empty elements", kList, {{"Access-Control-Allow-Methods", ",PUT,"}}, E, B,
       list_status::ok, {"PUT"}, ""},
      {"trailing comma", kList, {{"Access-Control-Allow-Methods", "x-foo,"}}, E, B, list_status::ok, {"x-foo"}, ""},
      {"empty value is an empty list", kList, {{"Access-Control-Allow-Methods", ""}}, E, B, list_status::ok, {}, ""},
      {"whitespace-only value is an empty list", kList, {{"Access-Control-Allow-Methods", " \t "}}, E, B,
       list_status::ok, {}, ""},
      {"only commas", kList, {{"Access-Control-Allow-Methods", ",,,"}}, E, B, list_status::ok, {}, ""},
      {"OWS around elements (SP and TAB)", kList, {{"Access-Control-Allow-Methods", " \tGET\t , PUT "}}, E, B,
       list_status::ok, {"GET", "PUT"}, ""},
      {"star is a token", kList, {{"Access-Control-Allow-Methods", "*"}}, E, B, list_status::ok, {"*"}, ""},
      {"case kept", kList, {{"Access-Control-Allow-Methods", "patch, PATCH"}}, E, B, list_status::ok,
       {"patch", "PATCH"}, ""},
      {"space-separated list is one bad element (digest §14.4)", kList,
       {{"Access-Control-Allow-Methods", "PUT DELETE"}}, E, B, list_status::not_a_token, {}, "PUT DELETE"},
      {"semicolon", kList, {{"Access-Control-Allow-Methods", "GET;q=1"}}, E, B, list_status::not_a_token, {},
       "GET;q=1"},
      {"quoted string", kList, {{"Access-Control-Allow-Methods", "\"PUT\""}}, E, B, list_status::not_a_token, {},
       "\"PUT\""},
      {"one bad element fails the whole list", kList, {{"Access-Control-Allow-Methods", "a, b c, d"}}, E, B,
       list_status::not_a_token, {}, "b c"},
      {"inner tab", kList, {{"Access-Control-Allow-Methods", "a\tb"}}, E, B, list_status::not_a_token, {}, "a\tb"},
      {"non-ASCII bytes", kList, {{"Access-Control-Allow-Methods", "caf\xC3\xA9"}}, E, B, list_status::not_a_token,
       {}, "caf\xC3\xA9"},
      {"slash", kList, {{"Access-Control-Allow-Methods", "///"}}, E, B, list_status::not_a_token, {}, "///"},
      {"LF is not OWS", kList, {{"Access-Control-Allow-Methods", "a\n"}}, E, B, list_status::not_a_token, {}, "a\n"},
      {"repeated headers are one list, in order", kExtract,
       {{"Access-Control-Allow-Methods", "a"}, {"X-Other", "zz"}, {"access-control-allow-methods", "b, c"}}, E, B,
       list_status::ok, {"a", "b", "c"}, ""},
      {"repeated headers with edge commas", kExtract,
       {{"Access-Control-Allow-Methods", "a,"}, {"Access-Control-Allow-Methods", ",b"}}, E, B, list_status::ok,
       {"a", "b"}, ""},
      {"repeated headers: an empty one", kExtract,
       {{"Access-Control-Allow-Methods", ""}, {"Access-Control-Allow-Methods", "b"}}, E, B, list_status::ok, {"b"},
       ""},
      {"repeated headers: bad element in the second", kExtract,
       {{"Access-Control-Allow-Methods", "a"}, {"Access-Control-Allow-Methods", "b c"}}, E, B,
       list_status::not_a_token, {}, "b c"},
      {"two headers are not joined into one token", kExtract,
       {{"Access-Control-Allow-Methods", "GE"}, {"Access-Control-Allow-Methods", "T"}}, E, B, list_status::ok,
       {"GE", "T"}, ""},
      {"64 elements at the default bound", kBounds, {{"Access-Control-Allow-Methods", names_csv(64)}}, E, B,
       list_status::ok, names_vec(64), ""},
      {"65 elements beyond the default bound", kBounds, {{"Access-Control-Allow-Methods", names_csv(65)}}, E, B,
       list_status::too_many_elements, {}, ""},
      {"empty elements do not count toward the bound", kBounds,
       {{"Access-Control-Allow-Methods", "a,,,,,b"}}, 2, B, list_status::ok, {"a", "b"}, ""},
      {"3 elements beyond a bound of 2", kBounds, {{"Access-Control-Allow-Methods", "a,b,c"}}, 2, B,
       list_status::too_many_elements, {}, ""},
      {"elements counted across repeated headers", kBounds,
       {{"Access-Control-Allow-Methods", "a,b"}, {"Access-Control-Allow-Methods", "c"}}, 2, B,
       list_status::too_many_elements, {}, ""},
      {"4096 bytes at the default bound", kBounds, {{"Access-Control-Allow-Methods", rep('a', 4096)}}, E, B,
       list_status::ok, {rep('a', 4096)}, ""},
      {"4096 bytes plus surrounding OWS (bytes counted after trimming)", kBounds,
       {{"Access-Control-Allow-Methods", " \t" + rep('a', 4096) + " "}}, E, B, list_status::ok, {rep('a', 4096)}, ""},
      {"4097 bytes beyond the default bound", kBounds, {{"Access-Control-Allow-Methods", rep('a', 4097)}}, E, B,
       list_status::too_long, {}, ""},
      {"bytes counted across repeated headers (2048 + 2049)", kBounds,
       {{"Access-Control-Allow-Methods", rep('a', 2048)}, {"Access-Control-Allow-Methods", rep('b', 2049)}}, E, B,
       list_status::too_long, {}, ""},
      {"bytes across repeated headers at the bound (2048 + 2048)", kBounds,
       {{"Access-Control-Allow-Methods", rep('a', 2048)}, {"Access-Control-Allow-Methods", rep('b', 2048)}}, E, B,
       list_status::ok, {rep('a', 2048), rep('b', 2048)}, ""},
      {"10 bytes at a bound of 10", kBounds, {{"Access-Control-Allow-Methods", "aaaa, bbbb"}}, E, 10,
       list_status::ok, {"aaaa", "bbbb"}, ""},
      {"11 bytes beyond a bound of 10", kBounds, {{"Access-Control-Allow-Methods", "aaaa, bbbbb"}}, E, 10,
       list_status::too_long, {}, ""},
  };
}

class HeaderListValues : public ::testing::TestWithParam<list_row> {};

TEST_P(HeaderListValues, CheckTokenList) {
  const auto& r = GetParam();
  SCOPED_TRACE(trace_of(r.name, r.spec));
  const header_store h(r.headers);
  const list_limits limits{r.max_elements, r.max_bytes};
  const list_check c = check_token_list(h.list(), kAcam, limits);
  EXPECT_EQ(c.status, r.status) << show(r.headers);
  if (r.status == list_status::ok || r.status == list_status::absent) {
    EXPECT_EQ(c.count, r.elements.size());
  }
  if (r.status == list_status::not_a_token) {
    EXPECT_EQ(std::string(c.bad_element), r.bad_element);
  }
}

TEST_P(HeaderListValues, CursorYieldsElementsInOrder) {
  const auto& r = GetParam();
  SCOPED_TRACE(trace_of(r.name, r.spec));
  const header_store h(r.headers);
  token_list_cursor cursor(h.list(), kAcam, list_limits{r.max_elements, r.max_bytes});
  std::vector<std::string> got;
  std::string_view e;
  while (cursor.next(e)) got.emplace_back(e);
  EXPECT_EQ(cursor.status(), r.status);
  if (r.status == list_status::ok || r.status == list_status::absent) {
    EXPECT_EQ(got, r.elements);
    EXPECT_EQ(cursor.count(), r.elements.size());
  } else {
    EXPECT_FALSE(cursor.next(e)) << "after an error the cursor stays stopped";
    EXPECT_EQ(cursor.status(), r.status) << "the error is sticky";
  }
  if (r.status == list_status::not_a_token) {
    EXPECT_EQ(std::string(cursor.bad_element()), r.bad_element);
  }
}

INSTANTIATE_TEST_SUITE_P(Rows, HeaderListValues, ::testing::ValuesIn(list_rows()), row_test_name<list_row>);

// ---- delta-seconds ------------------------------------------------------------------------

constexpr const char* kDelta = "RFC 9111 §1.2.2 delta-seconds = 1*DIGIT; digest §9";
constexpr const char* kSat = "decisions: Browser mode/max-age (above 2^31 reported as 2^31, RFC 9111 §1.2.2)";

struct delta_row {
  const char* name;
  const char* spec;
  std::string text;
  max_age_status status;
  std::uint64_t seconds;
};
CORSPROOF_ROW_PRINTER(delta_row)

class HeaderListDeltaSeconds : public ::testing::TestWithParam<delta_row> {};

TEST_P(HeaderListDeltaSeconds, Parses) {
  const auto& r = GetParam();
  SCOPED_TRACE(trace_of(r.name, r.spec));
  const max_age_value v = parse_delta_seconds(r.text);
  EXPECT_EQ(v.status, r.status) << printable(r.text);
  if (r.status == max_age_status::ok) {
    EXPECT_EQ(v.seconds, r.seconds);
  }
}

INSTANTIATE_TEST_SUITE_P(Rows, HeaderListDeltaSeconds, ::testing::Values(
    delta_row{"zero", kDelta, "0", max_age_status::ok, 0},
    delta_row{"five", kDelta, "5", max_age_status::ok, 5},
    delta_row{"86400 (no UA cap in the value)", kDelta, "86400", max_age_status::ok, 86400},
    delta_row{"leading zeros are digits", kDelta, "007", max_age_status::ok, 7},
    delta_row{"2^31 - 1", kSat, "2147483647", max_age_status::ok, 2147483647ULL},
    delta_row{"2^31 exactly", kSat, "2147483648", max_age_status::ok, max_age_saturation},
    delta_row{"2^31 + 1 saturates", kSat, "2147483649", max_age_status::ok, max_age_saturation},
    delta_row{"2^32 saturates", kSat, "4294967296", max_age_status::ok, max_age_saturation},
    delta_row{"2^64 - 1 saturates", kSat, "18446744073709551615", max_age_status::ok, max_age_saturation},
    delta_row{"2^64 saturates (no wrap-around)", kSat, "18446744073709551616", max_age_status::ok,
              max_age_saturation},
    delta_row{"40 digits saturate", kSat, rep('9', 40), max_age_status::ok, max_age_saturation},
    delta_row{"1 followed by 30 zeros saturates (no wrap to a small value)", kSat, "1" + rep('0', 30),
              max_age_status::ok, max_age_saturation},
    delta_row{"empty", kDelta, "", max_age_status::invalid, 0},
    delta_row{"negative (digest §14.12)", kDelta, "-1", max_age_status::invalid, 0},
    delta_row{"plus sign (digest §14.12)", kDelta, "+5", max_age_status::invalid, 0},
    delta_row{"decimal (digest §14.12)", kDelta, "1.5", max_age_status::invalid, 0},
    delta_row{"letters", kDelta, "abc", max_age_status::invalid, 0},
    delta_row{"list", kDelta, "10, 20", max_age_status::invalid, 0},
    delta_row{"exponent", kDelta, "1e3", max_age_status::invalid, 0},
    delta_row{"hex", kDelta, "0x10", max_age_status::invalid, 0},
    delta_row{"untrimmed value is not 1*DIGIT", kDelta, " 5", max_age_status::invalid, 0}),
    row_test_name<delta_row>);

// ---- Access-Control-Max-Age ----------------------------------------------------------------

constexpr const char* kMaxAge =
    "Fetch \"extract header list values\" (single-valued field repeated = failure); digest §9; decisions max-age";

struct max_age_row {
  const char* name;
  const char* spec;
  pairs headers;
  max_age_status status;
  std::uint64_t seconds;
};
CORSPROOF_ROW_PRINTER(max_age_row)

class HeaderListMaxAge : public ::testing::TestWithParam<max_age_row> {};

TEST_P(HeaderListMaxAge, Extracts) {
  const auto& r = GetParam();
  SCOPED_TRACE(trace_of(r.name, r.spec));
  const header_store h(r.headers);
  const max_age_value v = extract_max_age(h.list());
  EXPECT_EQ(v.status, r.status) << show(r.headers);
  if (r.status == max_age_status::ok) {
    EXPECT_EQ(v.seconds, r.seconds);
  }
}

INSTANTIATE_TEST_SUITE_P(Rows, HeaderListMaxAge, ::testing::Values(
    max_age_row{"absent", kMaxAge, {{"Access-Control-Allow-Origin", "*"}}, max_age_status::absent, 0},
    max_age_row{"plain", kMaxAge, {{"Access-Control-Max-Age", "600"}}, max_age_status::ok, 600},
    max_age_row{"SP/TAB trimmed", kMaxAge, {{"Access-Control-Max-Age", " \t86400\t "}}, max_age_status::ok,
                86400},
    max_age_row{"lower-case name", kMaxAge, {{"access-control-max-age", "0"}}, max_age_status::ok, 0},
    max_age_row{"two headers, same value", kMaxAge,
                {{"Access-Control-Max-Age", "600"}, {"Access-Control-Max-Age", "600"}}, max_age_status::repeated,
                0},
    max_age_row{"two headers, different case names", kMaxAge,
                {{"Access-Control-Max-Age", "1"}, {"X-Other", "y"}, {"ACCESS-CONTROL-MAX-AGE", "2"}},
                max_age_status::repeated, 0},
    max_age_row{"comma list in one header", kMaxAge, {{"Access-Control-Max-Age", "10, 20"}},
                max_age_status::invalid, 0},
    max_age_row{"empty value", kMaxAge, {{"Access-Control-Max-Age", ""}}, max_age_status::invalid, 0},
    max_age_row{"negative", kMaxAge, {{"Access-Control-Max-Age", "-1"}}, max_age_status::invalid, 0},
    max_age_row{"inner space", kMaxAge, {{"Access-Control-Max-Age", "6 00"}}, max_age_status::invalid, 0},
    max_age_row{"overflow saturates", kSat, {{"Access-Control-Max-Age", "99999999999999999999999"}},
                max_age_status::ok, max_age_saturation}),
    row_test_name<max_age_row>);

// ---- Access-Control-Allow-Credentials --------------------------------------------------------

constexpr const char* kAcac = "Fetch \"CORS check\" (get(ACAC) is exactly `true`); digest §8.5, §7, §14.7, §14.9";

struct acac_row {
  const char* name;
  const char* spec;
  pairs headers;
  bool is_true;
};
CORSPROOF_ROW_PRINTER(acac_row)

class HeaderListAllowCredentials : public ::testing::TestWithParam<acac_row> {};

TEST_P(HeaderListAllowCredentials, IsTrue) {
  const auto& r = GetParam();
  SCOPED_TRACE(trace_of(r.name, r.spec));
  const header_store h(r.headers);
  EXPECT_EQ(allow_credentials_is_true(h.list()), r.is_true) << show(r.headers);
}

INSTANTIATE_TEST_SUITE_P(Rows, HeaderListAllowCredentials, ::testing::Values(
    acac_row{"true", kAcac, {{"Access-Control-Allow-Credentials", "true"}}, true},
    acac_row{"surrounding spaces trimmed (digest §14.10)", kAcac, {{"Access-Control-Allow-Credentials", " true "}},
             true},
    acac_row{"surrounding tabs trimmed", kAcac, {{"Access-Control-Allow-Credentials", "\ttrue\t"}}, true},
    acac_row{"name case-insensitive", kAcac, {{"ACCESS-CONTROL-ALLOW-CREDENTIALS", "true"}}, true},
    acac_row{"True", kAcac, {{"Access-Control-Allow-Credentials", "True"}}, false},
    acac_row{"TRUE", kAcac, {{"Access-Control-Allow-Credentials", "TRUE"}}, false},
    acac_row{"quoted", kAcac, {{"Access-Control-Allow-Credentials", "\"true\""}}, false},
    acac_row{"1", kAcac, {{"Access-Control-Allow-Credentials", "1"}}, false},
    acac_row{"empty", kAcac, {{"Access-Control-Allow-Credentials", ""}}, false},
    acac_row{"absent", kAcac, {{"Access-Control-Allow-Origin", "https://a.example"}}, false},
    acac_row{"true, true in one header", kAcac, {{"Access-Control-Allow-Credentials", "true, true"}}, false},
    acac_row{"two headers `true` (joined: `true, true`)", kAcac,
             {{"Access-Control-Allow-Credentials", "true"}, {"Access-Control-Allow-Credentials", "true"}}, false},
    acac_row{"empty header then true (joined: `, true`)", kAcac,
             {{"Access-Control-Allow-Credentials", ""}, {"Access-Control-Allow-Credentials", "true"}}, false},
    acac_row{"true then empty header (joined: `true, `)", kAcac,
             {{"Access-Control-Allow-Credentials", "true"}, {"Access-Control-Allow-Credentials", ""}}, false},
    acac_row{"inner space", kAcac, {{"Access-Control-Allow-Credentials", "tr ue"}}, false},
    acac_row{"LF is not trimmed by field parsing", kAcac, {{"Access-Control-Allow-Credentials", "true\n"}}, false}),
    row_test_name<acac_row>);

// ---- combined_value_equals ("get") --------------------------------------------------------------

constexpr const char* kGet = "Fetch \"get\" (values joined with `, `), values trimmed of SP/TAB; digest §7";

struct combined_row {
  const char* name;
  const char* spec;
  pairs headers;
  std::string expected;
  bool equal;
};
CORSPROOF_ROW_PRINTER(combined_row)

class HeaderListCombinedValue : public ::testing::TestWithParam<combined_row> {};

TEST_P(HeaderListCombinedValue, Equals) {
  const auto& r = GetParam();
  SCOPED_TRACE(trace_of(r.name, r.spec));
  const header_store h(r.headers);
  EXPECT_EQ(combined_value_equals(h.list(), "x-v", r.expected), r.equal)
      << show(r.headers) << " vs " << printable(r.expected);
}

INSTANTIATE_TEST_SUITE_P(Rows, HeaderListCombinedValue, ::testing::Values(
    combined_row{"one header equal", kGet, {{"X-V", "abc"}}, "abc", true},
    combined_row{"one header trimmed", kGet, {{"X-V", " \tabc \t"}}, "abc", true},
    combined_row{"inner whitespace counts", kGet, {{"X-V", "a  b"}}, "a b", false},
    combined_row{"case counts in values", kGet, {{"X-V", "ABC"}}, "abc", false},
    combined_row{"absent never equals, not even empty", kGet, {{"Y", ""}}, "", false},
    combined_row{"present empty equals empty", kGet, {{"X-V", ""}}, "", true},
    combined_row{"two headers joined with comma-space", kGet, {{"X-V", "a"}, {"x-v", "b"}}, "a, b", true},
    combined_row{"two headers each trimmed before joining", kGet, {{"X-V", " a "}, {"X-V", "\tb"}}, "a, b", true},
    combined_row{"two headers never equal one of their values", kGet, {{"X-V", "a"}, {"X-V", "a"}}, "a", false},
    combined_row{"one header containing the joined bytes", kGet, {{"X-V", "a, b"}}, "a, b", true},
    combined_row{"joined without space is different", kGet, {{"X-V", "a"}, {"X-V", "b"}}, "a,b", false},
    combined_row{"prefix only", kGet, {{"X-V", "abc"}}, "abcd", false},
    combined_row{"other headers between are skipped", kGet, {{"X-V", "a"}, {"Z", "q"}, {"X-V", "b"}}, "a, b",
                 true}),
    row_test_name<combined_row>);

}  // namespace
}  // namespace corsproof::test
