// Fetch "forbidden request-header" (digest §3.2), including the
// X-HTTP-Method-Override family judged with "get, decode, and split".
#include "test_support.hpp"

namespace corsproof::test {
namespace {

constexpr const char* kNames = "Fetch \"forbidden request-header\" name list; digest §3.2";
constexpr const char* kPrefix = "Fetch \"forbidden request-header\": `proxy-`/`sec-` prefix; digest §3.2";
constexpr const char* kOverride =
    "Fetch \"forbidden request-header\" X-HTTP-Method(-Override)/X-Method-Override + \"get, decode, and split\"; "
    "digest §3.2; WPT fetch/api/request/request-forbidden-headers";
constexpr const char* kNot = "digest §3.2 \"Not forbidden\" and §14.18";

struct forbidden_row {
  std::string name;
  const char* spec;
  std::string header;
  std::string value;
  bool forbidden;
};
CORSPROOF_ROW_PRINTER(forbidden_row)

class ForbiddenRequestHeader : public ::testing::TestWithParam<forbidden_row> {};

TEST_P(ForbiddenRequestHeader, Classifies) {
  const auto& r = GetParam();
  SCOPED_TRACE(trace_of(r.name, r.spec));
  EXPECT_EQ(is_forbidden_request_header(r.header, r.value), r.forbidden)
      << r.header << ": " << printable(r.value);
}

std::vector<forbidden_row> rows() {
  std::vector<forbidden_row> v;
  // Every exact name, in its canonical spelling and in lower case.
  for (const char* n : {"Accept-Charset", "Accept-Encoding", "Access-Control-Request-Headers",
                        "Access-Control-Request-Method", "Connection", "Content-Length", "Cookie", "Cookie2", "Date",
                        "DNT", "Expect", "Host", "Keep-Alive", "Origin", "Referer", "Set-Cookie", "TE", "Trailer",
                        "Transfer-Encoding", "Upgrade", "Via"}) {
    v.push_back({n, kNames, n, "x", true});
  }
  v.insert(v.end(), {
      forbidden_row{"lower-case cookie", kNames, "cookie", "a=b", true},
      forbidden_row{"upper-case HOST", kNames, "HOST", "evil.example", true},
      forbidden_row{"forbidden whatever the value (empty)", kNames, "Accept-Encoding", "", true},
      forbidden_row{"Proxy- alone", kPrefix, "Proxy-", "value", true},
      forbidden_row{"Proxy-Authorization", kPrefix, "Proxy-Authorization", "Basic x", true},
      forbidden_row{"proxy-test lower case", kPrefix, "proxy-test", "v", true},
      forbidden_row{"Sec- alone", kPrefix, "Sec-", "value", true},
      forbidden_row{"Sec-Fetch-Mode", kPrefix, "Sec-Fetch-Mode", "cors", true},
      forbidden_row{"SEC-CH-UA upper case", kPrefix, "SEC-CH-UA", "x", true},
      forbidden_row{"Proxy without dash is not a prefix match", kPrefix, "Proxy", "v", false},
      forbidden_row{"Secret is not Sec-", kPrefix, "Secret", "v", false},
      forbidden_row{"X-Sec-Foo is not Sec-", kPrefix, "X-Sec-Foo", "v", false},
      forbidden_row{"Cookie3 is not Cookie", kNames, "Cookie3", "v", false},
      forbidden_row{"Hosts is not Host", kNames, "Hosts", "v", false},
      forbidden_row{"Access-Control-Request-Private-Network is not in the list", kNames,
                    "Access-Control-Request-Private-Network", "true", false},
      forbidden_row{"User-Agent is not forbidden (whatwg/fetch#37)", kNot, "User-Agent", "bot/1.0", false},
      forbidden_row{"Authorization is not forbidden", kNot, "Authorization", "Bearer x", false},
      forbidden_row{"Cache-Control is not forbidden", kNot, "Cache-Control", "no-cache", false},
      forbidden_row{"Pragma is not forbidden", kNot, "Pragma", "no-cache", false},
      forbidden_row{"If-None-Match is not forbidden", kNot, "If-None-Match", "\"etag\"", false},
      forbidden_row{"Range is not forbidden", kNot, "Range", "bytes=0-1", false},
      forbidden_row{"Content-Type is not forbidden", kNot, "Content-Type", "text/plain", false},
  });
  // The override family: every name spelling x every forbidden value of WPT.
  const char* override_names[] = {"X-HTTP-Method-Override", "x-http-method", "X-METHOD-OVERRIDE"};
  const char* forbidden_values[] = {"TRACE", "TRACK", "CONNECT", "trace", "track", "connect",
                                    "trace,", "GET,track ", " connect", "get, Trace", "PUT,\tTRACK\t", "trAcK"};
  for (const char* n : override_names)
    for (const char* val : forbidden_values)
      v.push_back({std::string(n) + ": " + val + " is forbidden", kOverride, n, val, true});
  const char* permitted_values[] = {"GETTRACE", "GET", "\",TRACE\",", "PUT", "PATCH", "\"TRACE\"",
                                    "\"GET, TRACE\"", "", ",", "TRACE-X", "CONNECTX", "T RACE"};
  for (const char* n : override_names)
    for (const char* val : permitted_values)
      v.push_back({std::string(n) + ": " + val + " is permitted", kOverride, n, val, false});
  v.insert(v.end(), {
      forbidden_row{"quoted element then a bare forbidden one", kOverride, "X-HTTP-Method-Override",
                    "\"a,b\", trace", true},
      forbidden_row{"escaped quote inside the quoted string", kOverride, "X-HTTP-Method-Override",
                    "\"a\\\",trace\"", false},
      forbidden_row{"quoted string runs to the end (no closing quote)", kOverride, "X-HTTP-Method-Override",
                    "\"GET, TRACE", false},
      forbidden_row{"empty elements kept, then forbidden", kOverride, "X-Method-Override", ",,connect", true},
      forbidden_row{"X-HTTP-Method-Override2 is an ordinary name", kOverride, "X-HTTP-Method-Override2", "TRACE",
                    false},
  });
  return v;
}

INSTANTIATE_TEST_SUITE_P(Rows, ForbiddenRequestHeader, ::testing::ValuesIn(rows()),
                         row_test_name<forbidden_row>);

// Every listed name, and every name one first byte away from one (all 256
// bytes there, each case of the rest), against the list read plainly: the
// classifier rules most names out by length and first letter, so a wrong
// table entry would show here.
TEST(ForbiddenRequestHeaderNames, EveryFirstByteOfEveryListedLength) {
  SCOPED_TRACE(trace_of("forbidden names and near misses", kNames));
  static const std::vector<std::string> listed = {
      "accept-charset", "accept-encoding", "access-control-request-headers", "access-control-request-method",
      "connection", "content-length", "cookie", "cookie2", "date", "dnt", "expect", "host", "keep-alive", "origin",
      "referer", "set-cookie", "te", "trailer", "transfer-encoding", "upgrade", "via"};
  static const std::vector<std::string> overrides = {"x-http-method", "x-http-method-override", "x-method-override"};
  auto lower = [](std::string s) {
    for (char& c : s)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    return s;
  };
  auto plain = [&](const std::string& name, const std::string& value) {
    const std::string l = lower(name);
    for (const std::string& n : listed)
      if (l == n) return true;
    if (l.rfind("proxy-", 0) == 0 || l.rfind("sec-", 0) == 0) return true;
    for (const std::string& n : overrides)
      if (l == n) return value == "TRACE";  // the value below: forbidden exactly when it is TRACE
    return false;
  };
  std::vector<std::string> names = listed;
  names.insert(names.end(), overrides.begin(), overrides.end());
  names.push_back("proxy-x");
  names.push_back("sec-x");
  for (const std::string& base : names) {
    std::string upper = base;
    for (char& c : upper)
      if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
    for (const std::string& spelling : {base, upper}) {
      for (int b = 0; b < 256; ++b) {
        std::string name = spelling;
        name[0] = static_cast<char>(b);
        for (const std::string value : {"TRACE", "GET"})
          ASSERT_EQ(is_forbidden_request_header(name, value), plain(name, value)) << name << ": " << value;
      }
    }
  }
}

}  // namespace
}  // namespace corsproof::test
