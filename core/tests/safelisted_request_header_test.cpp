// Fetch "CORS-safelisted request-header" for one (name, value) pair
// (digest §3.3), with mimesniff "parse a MIME type" for Content-Type
// (digest §3.4, §14.15), "parse a single range header value" for Range
// (digest §3.5, §14.17), the language-value bytes (digest §1, §14.16), the
// 128-byte cap (digest §3.3 step 1, §14.14), and the CORS-unsafe
// request-header byte set (digest §1).
#include "test_support.hpp"

namespace corsproof::test {
namespace {

constexpr const char* kUnsafeByte = "Fetch \"CORS-unsafe request-header byte\"; digest §1";

TEST(SafelistedRequestHeaderBytes, UnsafeByteSetForAll256Bytes) {
  const std::string_view listed = "\"():<>?@[\\]{}";
  for (int c = 0; c < 256; ++c) {
    const bool expected = (c < 0x20 && c != 0x09) || c == 0x7F ||
                          (c < 0x80 && listed.find(static_cast<char>(c)) != std::string_view::npos);
    SCOPED_TRACE(trace_of("byte " + std::to_string(c), kUnsafeByte));
    EXPECT_EQ(is_cors_unsafe_request_header_byte(static_cast<unsigned char>(c)), expected);
  }
}

struct safelisted_row {
  std::string name;
  const char* spec;
  std::string header;
  std::string value;
  bool safelisted;
};
CORSPROOF_ROW_PRINTER(safelisted_row)

class SafelistedRequestHeader : public ::testing::TestWithParam<safelisted_row> {};

TEST_P(SafelistedRequestHeader, Classifies) {
  const auto& r = GetParam();
  SCOPED_TRACE(trace_of(r.name, r.spec));
  EXPECT_EQ(is_cors_safelisted_request_header(r.header, r.value), r.safelisted)
      << r.header << ": " << printable(r.value);
}

constexpr const char* k128 = "Fetch \"CORS-safelisted request-header\" step 1 (value longer than 128 bytes); digest §3.3";
constexpr const char* kAccept = "Fetch \"CORS-safelisted request-header\" `accept`: no CORS-unsafe byte; digest §3.3";
constexpr const char* kLang =
    "Fetch \"CORS-safelisted request-header\" `accept-language`/`content-language` bytes; digest §1, §3.3, §14.16";
constexpr const char* kCt = "Fetch \"CORS-safelisted request-header\" `content-type`; digest §3.3";
constexpr const char* kMime = "mimesniff \"parse a MIME type\"; digest §3.4, §14.15";
constexpr const char* kRange = "Fetch \"parse a single range header value\" (allowWhitespace false); digest §3.5, §14.17";
constexpr const char* kOther = "Fetch \"CORS-safelisted request-header\" (anything else: never); digest §3.3, §13.3, §14.26";

std::vector<safelisted_row> rows() {
  std::vector<safelisted_row> v = {
      // 128-byte cap, every name.
      {"Accept 128 bytes", k128, "Accept", rep('a', 128), true},
      {"Accept 129 bytes", k128, "Accept", rep('a', 129), false},
      {"Accept-Language 128 bytes", k128, "Accept-Language", rep('a', 128), true},
      {"Accept-Language 129 bytes", k128, "Accept-Language", rep('a', 129), false},
      {"Content-Language 129 bytes", k128, "Content-Language", rep('a', 129), false},
      {"Content-Type text/plain padded to 128 bytes", k128, "Content-Type",
       "text/plain;x=" + rep('a', 128 - 13), true},
      {"Content-Type text/plain padded to 129 bytes", k128, "Content-Type",
       "text/plain;x=" + rep('a', 129 - 13), false},
      {"Range 128 bytes", k128, "Range", "bytes=" + rep('1', 60) + "-" + rep('2', 61), true},
      {"Range 129 bytes (digest §3.5.5)", k128, "Range", "bytes=" + rep('1', 61) + "-" + rep('2', 61), false},
      // Accept.
      {"Accept */*", kAccept, "Accept", "*/*", true},
      {"Accept any MIME list", kAccept, "Accept", "text/html, application/xhtml+xml;q=0.9, */*;q=0.8", true},
      {"Accept anything without unsafe bytes, not even a MIME type", kAccept, "Accept", "not a mime type", true},
      {"Accept empty", kAccept, "Accept", "", true},
      {"Accept name case-insensitive", kAccept, "ACCEPT", "*/*", true},
      {"Accept with a tab (0x09 is not unsafe)", kAccept, "Accept", "a\tb", true},
      {"Accept with UTF-8 bytes (0x80-0xFF are not unsafe)", kAccept, "Accept", "caf\xC3\xA9", true},
      {"Accept with a double quote", kAccept, "Accept", "text/plain;a=\"b\"", false},
      {"Accept with (", kAccept, "Accept", "(", false},
      {"Accept with )", kAccept, "Accept", ")", false},
      {"Accept with :", kAccept, "Accept", "a:b", false},
      {"Accept with <", kAccept, "Accept", "<", false},
      {"Accept with >", kAccept, "Accept", ">", false},
      {"Accept with ?", kAccept, "Accept", "?", false},
      {"Accept with @", kAccept, "Accept", "@", false},
      {"Accept with [", kAccept, "Accept", "[", false},
      {"Accept with backslash", kAccept, "Accept", "\\", false},
      {"Accept with ]", kAccept, "Accept", "]", false},
      {"Accept with {", kAccept, "Accept", "{", false},
      {"Accept with }", kAccept, "Accept", "}", false},
      {"Accept with DEL", kAccept, "Accept", "a\x7F", false},
      {"Accept with 0x01", kAccept, "Accept", "a\x01", false},
      {"Accept with 0x1F", kAccept, "Accept", "a\x1F", false},
      // Language headers.
      {"Accept-Language list with q", kLang, "Accept-Language", "en-US,en;q=0.9", true},
      {"Accept-Language star", kLang, "Accept-Language", "*", true},
      {"Accept-Language empty", kLang, "Accept-Language", "", true},
      {"Accept-Language all allowed symbols", kLang, "Accept-Language", "aZ09 *,-.;=", true},
      {"Content-Language", kLang, "Content-Language", "eu", true},
      {"content-language lower-case name", kLang, "content-language", "de-CH, fr", true},
      {"Accept-Language underscore", kLang, "Accept-Language", "en_US", false},
      {"Accept-Language slash", kLang, "Accept-Language", "en/US", false},
      {"Accept-Language colon", kLang, "Accept-Language", "de:ch", false},
      {"Accept-Language tab", kLang, "Accept-Language", "en\tUS", false},
      {"Accept-Language UTF-8", kLang, "Accept-Language", "\xC3\xA9", false},
      {"Accept-Language plus", kLang, "Accept-Language", "en+x", false},
      {"Accept-Language quote", kLang, "Accept-Language", "\"en\"", false},
      {"Content-Language exclamation", kLang, "Content-Language", "en!", false},
      {"Content-Language tilde", kLang, "Content-Language", "en~", false},
      // Content-Type: the three essences.
      {"text/plain", kCt, "Content-Type", "text/plain", true},
      {"application/x-www-form-urlencoded", kCt, "Content-Type", "application/x-www-form-urlencoded", true},
      {"multipart/form-data with boundary", kCt, "Content-Type", "multipart/form-data; boundary=abc", true},
      {"upper case TEXT/PLAIN (digest §14.15)", kMime, "Content-Type", "TEXT/PLAIN", true},
      {"Multipart/Form-Data mixed case", kMime, "Content-Type", "Multipart/Form-Data", true},
      {"name case-insensitive", kCt, "CONTENT-TYPE", "text/plain", true},
      {"application/json", kCt, "Content-Type", "application/json", false},
      {"text/html", kCt, "Content-Type", "text/html", false},
      {"text/plain-ish subtype", kCt, "Content-Type", "text/plainx", false},
      {"application/csp-report is a protocol exception, not safelisted", "Fetch \"CORS protocol exceptions\"; digest §3.3",
       "Content-Type", "application/csp-report", false},
      {"allowedOrRefused (WPT) does not parse", kMime, "Content-Type", "allowedOrRefused", false},
      // Content-Type: mimesniff subtleties.
      {"charset parameter", kMime, "Content-Type", "text/plain;charset=utf-8", true},
      {"empty parameter list `text/plain;`", kMime, "Content-Type", "text/plain;", true},
      {"malformed parameter is skipped `text/plain;garbage`", kMime, "Content-Type", "text/plain;garbage", true},
      {"parameter swallows `,text/html` (whatwg/fetch#1269)", kMime, "Content-Type",
       "text/plain;charset=utf-8,text/html", true},
      {"trailing whitespace before ; stripped from subtype", kMime, "Content-Type", "text/plain \t;x=y", true},
      {"UTF-8 in a parameter is skipped, not a failure", kMime, "Content-Type", "text/plain;charset=caf\xC3\xA9", true},
      {"two MIME types with comma-space (digest §3.3)", kMime, "Content-Type", "text/plain, application/json",
       false},
      {"two MIME types with bare comma", kMime, "Content-Type", "text/plain,text/plain", false},
      {"trailing comma in subtype", kMime, "Content-Type", "text/plain,", false},
      {"space before slash", kMime, "Content-Type", "text /plain", false},
      {"tab before slash", kMime, "Content-Type", "text\t/plain", false},
      {"empty subtype", kMime, "Content-Type", "text/", false},
      {"empty type", kMime, "Content-Type", "/plain", false},
      {"no slash", kMime, "Content-Type", "text", false},
      {"second slash in subtype", kMime, "Content-Type", "text/plain/x", false},
      {"space inside subtype", kMime, "Content-Type", "text/pl ain", false},
      {"non-token UTF-8 in subtype", kMime, "Content-Type", "text/plain\xC3\xA9", false},
      {"empty value", kMime, "Content-Type", "", false},
      {"quoted charset forces a preflight (digest §3.4.6)", kMime, "Content-Type", "text/plain;charset=\"utf-8\"",
       false},
      {"parenthesis in a parameter", kMime, "Content-Type", "multipart/form-data;boundary=(x)", false},
      {"question mark in a parameter", kMime, "Content-Type", "text/plain;a=?", false},
      {"DEL in a parameter", kMime, "Content-Type", "text/plain;a=\x7F", false},
      {"control byte in a parameter", kMime, "Content-Type", "text/plain;a=\x01", false},
      {"colon in a parameter", kMime, "Content-Type", "text/plain;a=b:c", false},
      {"at sign in a parameter", kMime, "Content-Type", "text/plain;a=b@c", false},
      // Range.
      {"bytes=0-", kRange, "Range", "bytes=0-", true},
      {"bytes=200-", kRange, "Range", "bytes=200-", true},
      {"bytes=0-0", kRange, "Range", "bytes=0-0", true},
      {"bytes=1-1000", kRange, "Range", "bytes=1-1000", true},
      {"leading zeros compare as numbers: 09-10", kRange, "Range", "bytes=09-10", true},
      {"huge start only", kRange, "Range", "bytes=99999999999999999999999-", true},
      {"huge start <= huge end", kRange, "Range", "bytes=99999999999999999998-99999999999999999999", true},
      {"name case-insensitive", kRange, "RANGE", "bytes=0-1", true},
      {"suffix range bytes=-500 has no start", kRange, "Range", "bytes=-500", false},
      {"upper-case BYTES", kRange, "Range", "BYTES=0-1", false},
      {"Bytes", kRange, "Range", "Bytes=0-1", false},
      {"start > end", kRange, "Range", "bytes=1-0", false},
      {"10-09 start > end", kRange, "Range", "bytes=10-09", false},
      {"huge start > huge end", kRange, "Range", "bytes=99999999999999999999-99999999999999999998", false},
      {"two ranges", kRange, "Range", "bytes=0-1,2-3", false},
      {"space after =", kRange, "Range", "bytes= 0-1", false},
      {"space before =", kRange, "Range", "bytes =0-1", false},
      {"space around -", kRange, "Range", "bytes=0 - 1", false},
      {"tab", kRange, "Range", "bytes=0-\t1", false},
      {"both empty", kRange, "Range", "bytes=-", false},
      {"no range", kRange, "Range", "bytes=", false},
      {"unit only", kRange, "Range", "bytes", false},
      {"no dash", kRange, "Range", "bytes=5", false},
      {"letters", kRange, "Range", "bytes=a-1", false},
      {"trailing text", kRange, "Range", "bytes=0-1x", false},
      {"other unit", kRange, "Range", "items=0-1", false},
      {"bytesx unit", kRange, "Range", "bytesx=0-1", false},
      {"empty value", kRange, "Range", "", false},
      // Everything else.
      {"Authorization", kOther, "Authorization", "Bearer x", false},
      {"X-Custom", kOther, "X-Custom", "1", false},
      {"User-Agent", kOther, "User-Agent", "bot", false},
      {"Cache-Control is a response name only (digest §14.18)", kOther, "Cache-Control", "no-cache", false},
      {"DPR (Chromium only, digest §13.3)", kOther, "DPR", "2", false},
      {"Save-Data (Chromium only)", kOther, "Save-Data", "on", false},
      {"Last-Event-ID (stale WPT, digest §14.26)", kOther, "Last-Event-ID", "abc123", false},
      {"Content-Length", kOther, "Content-Length", "0", false},
      {"empty name", kOther, "", "x", false},
  };
  return v;
}

INSTANTIATE_TEST_SUITE_P(Rows, SafelistedRequestHeader, ::testing::ValuesIn(rows()),
                         row_test_name<safelisted_row>);

TEST(SafelistedRequestHeaderNonWildcard, OnlyAuthorization) {
  SCOPED_TRACE(trace_of("CORS non-wildcard request-header name", "Fetch; digest §3.7"));
  EXPECT_TRUE(is_cors_non_wildcard_request_header_name("Authorization"));
  EXPECT_TRUE(is_cors_non_wildcard_request_header_name("authorization"));
  EXPECT_TRUE(is_cors_non_wildcard_request_header_name("AUTHORIZATION"));
  EXPECT_FALSE(is_cors_non_wildcard_request_header_name("Proxy-Authorization"));
  EXPECT_FALSE(is_cors_non_wildcard_request_header_name("Cookie"));
  EXPECT_FALSE(is_cors_non_wildcard_request_header_name("*"));
}

}  // namespace
}  // namespace corsproof::test
