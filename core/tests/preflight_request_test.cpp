// Browser mode, the request side: does the request need a preflight, and
// which Access-Control-Request-Method / Access-Control-Request-Headers does
// the browser send? Sources: Fetch "main fetch"/"HTTP fetch" (digest §4),
// "CORS-preflight fetch" steps 1-5 (digest §5), "Headers" normalization and
// forbidden pairs (digest §3.1, §3.2), the UA's Accept (digest §3.1,
// decisions: UA headers), duplicates (decisions: Duplicates), private network
// (decisions: Private network).
#include "test_support.hpp"

namespace corsproof::test {
namespace {

constexpr const char* kNeeds = "Fetch \"HTTP fetch\" (method not safelisted or unsafe names); digest §4.2; protocol needs_preflight";
constexpr const char* kAcrm = "Fetch \"CORS-preflight fetch\" step 2 (ACRM = normalized method); digest §2.5, §5";
constexpr const char* kAcrh = "Fetch \"CORS-preflight fetch\" step 3-5 (sorted lower-case, joined with bare ,); digest §5, §14.13";
constexpr const char* kNormalize = "Fetch \"normalize\" before length checks; digest §3.1.1, §14.14; decisions: Trimming";
constexpr const char* kDropped = "Fetch \"Headers\" append drops forbidden pairs; digest §3.1.3, §14.19";
constexpr const char* kUa = "Fetch \"fetch\" adds Accept: */* (counts toward 1024); decisions: UA headers; digest §15.6";
constexpr const char* kDup = "decisions: Duplicates count separately (Fetch, not Chromium); digest §13.6, §15.5";
constexpr const char* kPna = "decisions: Private network (forces a preflight carrying ACRPN: true)";
constexpr const char* kWpt = "digest §5 example (WPT fetch/api/cors/cors-preflight.any.js)";
constexpr const char* kSame = "decisions: Same origin (no preflight); digest §4.1, §14.25";

struct request_row {
  std::string name;
  const char* spec;
  exchange_spec in;
  bool needs_preflight;
  std::string method;               // expected ACRM when a preflight is needed
  std::optional<std::string> acrh;  // expected ACRH; nullopt: none sent
};
CORSPROOF_ROW_PRINTER(request_row)

// Every row gets a preflight response, so evaluation never stops for lack of
// one; these rows only judge what the browser sends.
exchange_spec x(const std::string& method = "GET") {
  exchange_spec e = exchange().with_method(method);
  e.with_preflight(204, {{"Access-Control-Allow-Origin", "https://app.example"},
                         {"Access-Control-Allow-Methods", "*"},
                         {"Access-Control-Allow-Headers", "*"}});
  return e;
}

pairs times(const std::string& n, const std::string& v, std::size_t k) { return pairs(k, {n, v}); }

std::vector<request_row> rows() {
  const std::string a128 = rep('a', 128);
  return {
      {"GET without headers", kNeeds, x("GET"), false, "", std::nullopt},
      {"get is normalized to GET", kNeeds, x("get"), false, "", std::nullopt},
      {"HEAD", kNeeds, x("HEAD"), false, "", std::nullopt},
      {"post", kNeeds, x("post"), false, "", std::nullopt},
      {"PUT", kAcrm, x("PUT"), true, "PUT", std::nullopt},
      {"put is sent as PUT", kAcrm, x("put"), true, "PUT", std::nullopt},
      {"delete is sent as DELETE", kAcrm, x("delete"), true, "DELETE", std::nullopt},
      {"options is sent as OPTIONS (not safelisted)", kAcrm, x("options"), true, "OPTIONS", std::nullopt},
      {"patch is sent as patch", kAcrm, x("patch"), true, "patch", std::nullopt},
      {"PATCH", kAcrm, x("PATCH"), true, "PATCH", std::nullopt},
      {"Egg keeps its case", kAcrm, x("Egg"), true, "Egg", std::nullopt},
      {"CONNECTX is an ordinary method", kAcrm, x("CONNECTX"), true, "CONNECTX", std::nullopt},
      {"GET with a custom header: ACRM GET is still sent", kAcrm, x("GET").with_header("X-Foo", "1"), true, "GET",
       "x-foo"},
      {"POST text/plain", kNeeds, x("POST").with_header("Content-Type", "text/plain"), false, "", std::nullopt},
      {"POST application/json", kNeeds, x("POST").with_header("Content-Type", "application/json"), true, "POST",
       "content-type"},
      {"Content-Type normalized before parsing", kNormalize,
       x("POST").with_header("Content-Type", " \ttext/plain \r\n"), false, "", std::nullopt},
      {"Accept of 128 bytes plus trailing spaces is 128 bytes", kNormalize,
       x("GET").with_header("Accept", a128 + "   "), false, "", std::nullopt},
      {"Accept of 129 bytes", kNeeds, x("GET").with_header("Accept", rep('a', 129)), true, "GET", "accept"},
      {"digest §5 example", kWpt,
       x("GET").with_headers({{"x-test-header1", "v"},
                              {"x-test-header2", "v"},
                              {"X-test-header3", "v"},
                              {"x-test-header-b", "v"},
                              {"x-test-header-D", "v"},
                              {"x-test-header-C", "v"},
                              {"x-test-header-a", "v"},
                              {"Content-Type", "allowedOrRefused"},
                              {"Accept", "*"},
                              {"Accept-Language", "bzh"},
                              {"Content-Language", "eu"}}),
       true, "GET",
       "content-type,x-test-header-a,x-test-header-b,x-test-header-c,x-test-header-d,x-test-header1,x-test-header2,"
       "x-test-header3"},
      {"names sorted and joined without spaces", kAcrh, x("PUT").with_headers({{"X-B", "1"}, {"x-a", "2"}}), true,
       "PUT", "x-a,x-b"},
      {"duplicate unsafe names sent once", kAcrh, x("GET").with_headers({{"X-Foo", "1"}, {"x-foo", "2"}}), true,
       "GET", "x-foo"},
      {"safelisted headers are not sent in ACRH", kAcrh,
       x("PUT").with_headers({{"Accept", "*/*"}, {"Content-Language", "eu"}, {"X-A", "1"}}), true, "PUT", "x-a"},
      {"unsafe Accept, JSON Content-Type and a custom header", kAcrh,
       x("GET").with_headers({{"X-Z", "1"}, {"Content-Type", "application/json"}, {"Accept", "("}}), true, "GET",
       "accept,content-type,x-z"},
      {"forbidden headers are dropped first", kDropped,
       x("GET").with_headers({{"Cookie", "a=b"},
                              {"Host", "evil.example"},
                              {"Sec-Fetch-Mode", "no-cors"},
                              {"Proxy-Authorization", "x"},
                              {"Origin", "https://evil.example"},
                              {"Referer", "https://x.example/"},
                              {"Access-Control-Request-Headers", "x-a"},
                              {"Connection", "close"}}),
       false, "", std::nullopt},
      {"X-HTTP-Method-Override: TRACE is dropped", kDropped,
       x("GET").with_header("X-HTTP-Method-Override", "TRACE"), false, "", std::nullopt},
      {"X-HTTP-Method-Override: PUT is unsafe", kDropped, x("GET").with_header("X-HTTP-Method-Override", "PUT"),
       true, "GET", "x-http-method-override"},
      {"User-Agent is an ordinary unsafe header", kDropped, x("GET").with_header("User-Agent", "bot"), true, "GET",
       "user-agent"},
      {"Authorization is unsafe", kNeeds, x("GET").with_header("Authorization", "Bearer t"), true, "GET",
       "authorization"},
      {"Cache-Control is unsafe", kNeeds, x("GET").with_header("Cache-Control", "no-cache"), true, "GET",
       "cache-control"},
      {"Range bytes=0- is safelisted", kNeeds, x("GET").with_header("Range", "bytes=0-"), false, "", std::nullopt},
      {"Range bytes=-500 is unsafe", kNeeds, x("GET").with_header("Range", "bytes=-500"), true, "GET", "range"},
      {"Content-Language en_US is unsafe", kNeeds, x("GET").with_header("Content-Language", "en_US"), true, "GET",
       "content-language"},
      {"UA Accept counts: 8 x 128-byte Accept-Language + */* = 1027", kUa,
       x("GET").with_headers(times("Accept-Language", a128, 8)), true, "GET", "accept,accept-language"},
      {"explicit empty Accept: 8 x 128 = 1024 is fine", kUa,
       x("GET").with_headers(times("Accept-Language", a128, 8)).with_header("Accept", ""), false, "", std::nullopt},
      {"UA Accept: 7 x 128 + 3 = 899 is fine", kUa, x("GET").with_headers(times("Accept-Language", a128, 7)), false,
       "", std::nullopt},
      {"five 128-byte Accept headers: each safelisted on its own (640 <= 1024)", kDup,
       x("GET").with_headers(times("Accept", a128, 5)), false, "", std::nullopt},
      {"nine 128-byte Accept headers: 1152 > 1024", kDup, x("GET").with_headers(times("Accept", a128, 9)), true,
       "GET", "accept"},
      {"one safelisted and one unsafe Content-Type", kDup,
       x("POST").with_headers({{"Content-Type", "text/plain"}, {"Content-Type", "application/json"}}), true, "POST",
       "content-type"},
      {"private network forces a preflight", kPna, x("GET").with_private_network(), true, "GET", std::nullopt},
      {"private network with a custom header", kPna, x("PUT").with_private_network().with_header("X-A", "1"), true,
       "PUT", "x-a"},
      {"same origin: never a preflight", kSame,
       x("PUT").with_url("https://app.example/x").with_header("X-A", "1"), false, "", std::nullopt},
  };
}

class PreflightRequest : public ::testing::TestWithParam<request_row> {};

TEST_P(PreflightRequest, WhatTheBrowserSends) {
  const auto& r = GetParam();
  SCOPED_TRACE(trace_of(r.name, r.spec));
  const auto run = run_browser(r.in);
  const browser_decision& d = run->d;
  ASSERT_EQ(d.status, eval_status::ok) << d.status_detail;
  ASSERT_NE(d.outcome, browser_outcome::forbidden_request) << d.detail;
  EXPECT_EQ(d.needs_preflight, r.needs_preflight);
  if (!r.needs_preflight) return;
  EXPECT_EQ(std::string(d.preflight_method), r.method);
  EXPECT_EQ(d.has_preflight_request_headers, r.acrh.has_value());
  if (r.acrh) {
    EXPECT_EQ(std::string(d.preflight_request_headers), *r.acrh);
  }
  EXPECT_EQ(d.preflight_private_network, r.in.private_network);
}

INSTANTIATE_TEST_SUITE_P(Rows, PreflightRequest, ::testing::ValuesIn(rows()), row_test_name<request_row>);

}  // namespace
}  // namespace corsproof::test
