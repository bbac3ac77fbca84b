// cli/tests/oracle_test.cpp — the line handler, driven directly: answer
// formats, every class of bad line, id echo, the 1 MiB limit, the policy cache.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "case_reader.hpp"
#include "oracle.hpp"

namespace {

namespace json = boost::json;
using corsproof::cli::answer;
using corsproof::cli::error_code;
using corsproof::cli::oracle;

json::value parse(std::string_view text) {
  boost::system::error_code ec;
  json::value v = json::parse(json::string_view(text.data(), text.size()), ec);
  EXPECT_FALSE(ec) << "the answer is not JSON: " << text;
  return v;
}

// Answers one line and returns the answer parsed, checking that the answer is
// one JSON object on one line.
struct answered {
  std::string text;
  error_code error;
  json::value value;
};

answered ask(oracle& o, std::string_view line, std::size_t n = 1) {
  const answer a = o.answer_line(line, n);
  answered r{std::string(a.json), a.error, parse(a.json)};
  EXPECT_EQ(r.text.find('\n'), std::string::npos);
  EXPECT_TRUE(r.value.is_object());
  return r;
}

std::string code_of(const answered& a) {
  const json::value* e = a.value.as_object().if_contains("error");
  if (e == nullptr) return "";
  return std::string(e->at("code").as_string());
}

std::string message_of(const answered& a) { return std::string(a.value.at("error").at("message").as_string()); }

// Expects an error answer with `code` whose message contains `needle`.
void expect_error(oracle& o, std::string_view line, std::string_view code, std::string_view needle,
                  std::size_t n = 3) {
  SCOPED_TRACE(std::string(line.substr(0, 200)));
  const answered a = ask(o, line, n);
  EXPECT_TRUE(a.error != error_code::none);
  EXPECT_EQ(corsproof::cli::to_string(a.error), code);
  ASSERT_EQ(code_of(a), code) << a.text;
  EXPECT_NE(message_of(a).find(needle), std::string::npos) << a.text;
  EXPECT_EQ(a.value.at("error").at("line").to_number<std::int64_t>(), static_cast<std::int64_t>(n));
  // Exactly {"id", "error": {"code", "message", "line"}}, in that order.
  EXPECT_EQ(a.text.rfind(R"({"id":)", 0), 0U) << a.text;
  EXPECT_NE(a.text.find(R"(,"error":{"code":)"), std::string::npos) << a.text;
  EXPECT_EQ(a.value.as_object().size(), 2U);
  EXPECT_EQ(a.value.at("error").as_object().size(), 3U);
}

constexpr std::string_view star_policy = R"("policy":{"allow_origins":["*"]})";

std::string server_case(std::string_view policy, std::string_view request, std::string_view id = "s") {
  return std::string(R"({"id":")") + std::string(id) + R"(","mode":"server","policy":)" + std::string(policy) +
         R"(,"request":)" + std::string(request) + "}";
}

std::string browser_case(std::string_view rest) {
  return std::string(R"({"id":"b","mode":"browser",)") + std::string(rest) + "}";
}

constexpr std::string_view get_from_a =
    R"({"method":"GET","headers":[["Origin","https://a.example"]]})";

// ---- Answer formats ---------------------------------------------------------------

TEST(OracleServer, ActualAnswerHasProtocolFieldsInOrder) {
  oracle o;
  const answered a = ask(o, server_case(R"({"allow_origins":["https://a.example"]})", get_from_a, "a1"));
  EXPECT_EQ(a.error, error_code::none);
  EXPECT_EQ(a.text,
            R"({"id":"a1","kind":"actual","allowed":true,"reason":"ok","headers":[)"
            R"(["Access-Control-Allow-Origin","https://a.example"],["Vary","Origin"]]})");
}

TEST(OracleServer, PreflightAnswerHasStatusAndDeniedOneDetail) {
  oracle o;
  const answered a = ask(o, server_case(R"({"allow_origins":["https://a.example"],"allow_headers":["x-a"]})",
                                        R"({"method":"OPTIONS","headers":[["Origin","https://a.example"],)"
                                        R"(["Access-Control-Request-Method","GET"],)"
                                        R"(["Access-Control-Request-Headers","x-a, X-Nope"]]})",
                                        "p1"));
  EXPECT_EQ(a.text,
            R"({"id":"p1","kind":"preflight","allowed":false,"reason":"header-not-allowed","detail":"X-Nope",)"
            R"("status":403,"headers":[["Vary","Origin, Access-Control-Request-Method, )"
            R"(Access-Control-Request-Headers"]]})");
}

TEST(OracleServer, NotCorsHasNoStatus) {
  oracle o;
  const answered a = ask(o, server_case(R"({"allow_origins":["*"]})", R"({"method":"GET"})"));
  EXPECT_EQ(a.text, R"({"id":"s","kind":"not-cors","allowed":true,"reason":"ok","headers":[]})");
}

TEST(OracleBrowser, AnswerHasProtocolFieldsInOrder) {
  oracle o;
  const answered a = ask(o, browser_case(
      R"("request":{"origin":"https://app.example","url":"https://api.example/x","method":"PUT",)"
      R"("headers":[["Content-Type","application/json"]],"credentials":"include"},)"
      R"("preflight_response":{"status":204,"headers":[["Access-Control-Allow-Origin","https://app.example"],)"
      R"(["Access-Control-Allow-Credentials","true"],["Access-Control-Allow-Methods","PUT"],)"
      R"(["Access-Control-Allow-Headers","content-type"],["Access-Control-Max-Age","600"]]},)"
      R"("response":{"status":200,"headers":[["Access-Control-Allow-Origin","https://app.example"],)"
      R"(["Access-Control-Allow-Credentials","true"]]})"));
  EXPECT_EQ(a.text,
            R"({"id":"b","needs_preflight":true,"preflight":{"method":"PUT","request_headers":"content-type",)"
            R"("ok":true,"error":null,"max_age":600},"cors_check":{"ok":true,"error":null},)"
            R"("exposed_headers":["cache-control","content-language","content-length","content-type","expires",)"
            R"("last-modified","pragma"],"outcome":"allowed"})");
}

TEST(OracleBrowser, ForbiddenRequestHasDetailAndNulls) {
  oracle o;
  const answered a =
      ask(o, browser_case(R"("request":{"origin":"https://a.example","url":"https://b.example/","method":"TRACK"})"));
  EXPECT_EQ(a.error, error_code::none);
  const json::object& v = a.value.as_object();
  EXPECT_EQ(v.at("outcome"), "forbidden-request");
  EXPECT_TRUE(v.at("preflight").is_null());
  EXPECT_TRUE(v.at("cors_check").is_null());
  EXPECT_TRUE(v.at("exposed_headers").is_null());
  EXPECT_FALSE(v.at("detail").as_string().empty());
}

TEST(OracleBrowser, PrivateNetworkAppearsInPreflight) {
  oracle o;
  const answered a = ask(o, browser_case(
      R"("request":{"origin":"https://a.example","url":"https://b.example/","method":"GET","private_network":true},)"
      R"("preflight_response":{"status":204,"headers":[["Access-Control-Allow-Origin","https://a.example"],)"
      R"(["Access-Control-Allow-Private-Network","true"]]})"));
  ASSERT_EQ(a.error, error_code::none) << a.text;
  EXPECT_EQ(a.value.at("preflight").at("private_network"), true);
  EXPECT_EQ(a.value.at("outcome"), "allowed");
}

TEST(OracleBrowser, WithoutPrivateNetworkTheKeyIsAbsent) {
  oracle o;
  const answered a = ask(o, browser_case(
      R"("request":{"origin":"https://a.example","url":"https://b.example/","method":"PUT"},)"
      R"("preflight_response":{"status":204,"headers":[]})"));
  ASSERT_EQ(a.error, error_code::none) << a.text;
  EXPECT_FALSE(a.value.at("preflight").as_object().contains("private_network"));
  EXPECT_TRUE(a.value.at("preflight").at("max_age").is_null());
  EXPECT_EQ(a.value.at("outcome"), "blocked-preflight");
}

TEST(OracleBrowser, NullMeansAbsentForOptionalFields) {
  oracle o;
  const answered a = ask(o, browser_case(
      R"("request":{"origin":"https://a.example","url":"https://b.example/","method":"GET","headers":null,)"
      R"("credentials":null,"private_network":null},"preflight_response":null,"response":null)"));
  ASSERT_EQ(a.error, error_code::none) << a.text;
  EXPECT_EQ(a.value.at("outcome"), "allowed");
  EXPECT_TRUE(a.value.at("cors_check").is_null());
}

// ---- Bad lines ----------------------------------------------------------------------

TEST(OracleBadLines, NotJson) {
  oracle o;
  expect_error(o, "not json", "bad-json", "not valid JSON");
  expect_error(o, R"({"id":"x",)", "bad-json", "not valid JSON");
  expect_error(o, R"({"id":"x"} trailing)", "bad-json", "not valid JSON");
  expect_error(o, "", "bad-json", "not valid JSON");  // the commands skip blank lines; the oracle does not
  expect_error(o, "{\"id\":\"\xff\"}", "bad-json", "not valid JSON");  // not UTF-8
}

TEST(OracleBadLines, NotAnObject) {
  oracle o;
  expect_error(o, "[1,2]", "bad-case", "a case is a JSON object, got an array");
  expect_error(o, "\"text\"", "bad-case", "got a string");
  expect_error(o, "null", "bad-case", "got null");
}

TEST(OracleBadLines, Mode) {
  oracle o;
  expect_error(o, R"({"id":"m"})", "bad-case", "mode: required");
  expect_error(o, R"({"id":"m","mode":1})", "bad-case", "mode: expected a string");
  expect_error(o, R"({"id":"m","mode":"Server"})", "bad-case", "unknown mode \"Server\"");
  expect_error(o, R"({"id":"m","mode":"audit","policy":{"allow_origins":["*"]},"request":{"method":"GET"}})",
               "bad-case", "observed: required");
}

TEST(OracleBadLines, ServerCaseShape) {
  oracle o;
  expect_error(o, R"({"mode":"server","request":{"method":"GET"}})", "bad-case", "policy: required");
  expect_error(o, R"({"mode":"server","policy":"*","request":{"method":"GET"}})", "bad-case",
               "policy: expected an object, got a string");
  expect_error(o, R"({"mode":"server","policy":null,"request":{"method":"GET"}})", "bad-case",
               "policy: expected an object, got null");
  expect_error(o, std::string(R"({"mode":"server",)") + std::string(star_policy) + "}", "bad-case",
               "request: required");
  expect_error(o, std::string(R"({"mode":"server",)") + std::string(star_policy) + R"(,"request":[]})", "bad-case",
               "request: expected an object");
  expect_error(o, server_case(R"({"allow_origins":["*"]})", R"({"headers":[]})"), "bad-case",
               "request.method: required");
  expect_error(o, server_case(R"({"allow_origins":["*"]})", R"({"method":["GET"]})"), "bad-case",
               "request.method: expected a string, got an array");
  expect_error(o, server_case(R"({"allow_origins":["*"]})", R"({"method":"GET","headers":{"Origin":"x"}})"),
               "bad-case", "request.headers: expected an array of [name, value] pairs, got an object");
  expect_error(o, server_case(R"({"allow_origins":["*"]})", R"({"method":"GET","headers":["Origin: x"]})"),
               "bad-case", "request.headers[0]: expected a [name, value] pair of strings");
  expect_error(o,
               server_case(R"({"allow_origins":["*"]})", R"({"method":"GET","headers":[["a","b"],["Origin",1]]})"),
               "bad-case", "request.headers[1]:");
  expect_error(o, server_case(R"({"allow_origins":["*"]})", R"({"method":"GET","headers":[["a","b","c"]]})"),
               "bad-case", "request.headers[0]:");
  expect_error(o, server_case(R"({"allow_origins":["*"]})", R"({"method":"GET","url":"https://x/"})"), "bad-case",
               "request: unknown key \"url\"");
}

TEST(OracleBadLines, PolicyTypesAndKeys) {
  oracle o;
  const std::string rq = R"({"method":"GET"})";
  expect_error(o, server_case("{}", rq), "bad-policy", "policy.allow_origins: required");
  expect_error(o, server_case(R"({"allow_origins":null})", rq), "bad-policy", "policy.allow_origins: required");
  expect_error(o, server_case(R"({"allow_origins":"*"})", rq), "bad-policy",
               "policy.allow_origins: expected an array of strings, got a string");
  expect_error(o, server_case(R"({"allow_origins":["*",3]})", rq), "bad-policy",
               "policy.allow_origins[1]: expected a string, got an integer");
  expect_error(o, server_case(R"({"allow_origins":["*"],"allow_methods":"GET"})", rq), "bad-policy",
               "policy.allow_methods: expected an array");
  expect_error(o, server_case(R"({"allow_origins":["*"],"allow_headers":[true]})", rq), "bad-policy",
               "policy.allow_headers[0]: expected a string, got a boolean");
  expect_error(o, server_case(R"({"allow_origins":["*"],"expose_headers":{}})", rq), "bad-policy",
               "policy.expose_headers: expected an array");
  expect_error(o, server_case(R"({"allow_origins":["*"],"allow_credentials":"false"})", rq), "bad-policy",
               "policy.allow_credentials: expected true or false, got a string");
  expect_error(o, server_case(R"({"allow_origins":["*"],"allow_private_network":1})", rq), "bad-policy",
               "policy.allow_private_network: expected true or false");
  expect_error(o, server_case(R"({"allow_origins":["*"],"max_age":"600"})", rq), "bad-policy",
               "policy.max_age: expected a non-negative integer, got a string");
  expect_error(o, server_case(R"({"allow_origins":["*"],"max_age":1.5})", rq), "bad-policy",
               "policy.max_age: expected a non-negative integer, got a non-integer number");
  expect_error(o, server_case(R"({"allow_origins":["*"],"max_age":18446744073709551615})", rq), "bad-policy",
               "policy.max_age: 18446744073709551615 is out of range");
  expect_error(o, server_case(R"({"allow_origins":["*"],"preflight_status":"204"})", rq), "bad-policy",
               "policy.preflight_status: expected an integer");
  expect_error(o, server_case(R"({"allow_origins":["*"],"preflight_status":99999999999})", rq), "bad-policy",
               "policy.preflight_status: 99999999999 is out of range");
  expect_error(o, server_case(R"({"allow_origins":["*"],"allow_origin":["x"]})", rq), "bad-policy",
               "policy: unknown key \"allow_origin\"");
}

TEST(OracleBadLines, PolicyValuesRefusedByTheCore) {
  oracle o;
  const std::string rq = R"({"method":"GET"})";
  expect_error(o, server_case(R"({"allow_origins":[]})", rq), "bad-policy", "policy.allow_origins");
  expect_error(o, server_case(R"({"allow_origins":["https://A.example"]})", rq), "bad-policy", "https://a.example");
  expect_error(o, server_case(R"({"allow_origins":["*"],"allow_credentials":true})", rq), "bad-policy",
               "policy.allow_origins");
  expect_error(o, server_case(R"({"allow_origins":["re:("]})", rq), "bad-policy", "policy.allow_origins");
  expect_error(o, server_case(R"({"allow_origins":["*"],"max_age":-1})", rq), "bad-policy", "policy.max_age");
  expect_error(o, server_case(R"({"allow_origins":["*"],"preflight_status":200.0})", rq), "bad-policy",
               "policy.preflight_status");
  expect_error(o, server_case(R"({"allow_origins":["*"],"preflight_status":201})", rq), "bad-policy",
               "policy.preflight_status");
}

TEST(OracleBadLines, OddWildcardEntriesAreBadPolicyWithTheCaseId) {
  // compile_policy threw std::out_of_range on these (a core bug the fuzzer
  // found); the oracle must still answer bad-policy, echoing the case's id.
  oracle o;
  for (const char* e : {"https://u@h://*.a.com", "https://a.com/://*.b"}) {
    const answered a = ask(o, server_case(std::string(R"({"allow_origins":[")") + e + R"("]})", get_from_a, "odd"));
    EXPECT_EQ(code_of(a), "bad-policy") << a.text;
    EXPECT_EQ(a.value.at("id"), "odd");
  }
}

TEST(OracleBadLines, NullPolicyFieldsMeanDefaults) {
  oracle o;
  const answered a = ask(o, server_case(R"({"allow_origins":["*"],"allow_methods":null,"max_age":null})",
                                        R"({"method":"OPTIONS","headers":[["Origin","https://a.example"],)"
                                        R"(["Access-Control-Request-Method","POST"]]})"));
  ASSERT_EQ(a.error, error_code::none) << a.text;
  EXPECT_EQ(a.value.at("allowed"), true);
}

TEST(OracleBadLines, BrowserCaseShape) {
  oracle o;
  expect_error(o, R"({"mode":"browser"})", "bad-case", "request: required");
  expect_error(o, browser_case(R"("request":{"url":"https://b.example/","method":"GET"})"), "bad-case",
               "request.origin: required");
  expect_error(o, browser_case(R"("request":{"origin":"https://a.example","method":"GET"})"), "bad-case",
               "request.url: required");
  expect_error(o, browser_case(R"("request":{"origin":"https://a.example","url":"https://b.example/"})"),
               "bad-case", "request.method: required");
  expect_error(o, browser_case(R"("request":{"origin":1,"url":"https://b.example/","method":"GET"})"), "bad-case",
               "request.origin: expected a string");
  const std::string rq = R"("request":{"origin":"https://a.example","url":"https://b.example/","method":"GET")";
  expect_error(o, browser_case(rq + R"(,"credentials":"Include"})"), "bad-case",
               "request.credentials: expected \"omit\", \"same-origin\" or \"include\", got \"Include\"");
  expect_error(o, browser_case(rq + R"(,"credentials":true})"), "bad-case", "request.credentials: expected a string");
  expect_error(o, browser_case(rq + R"(,"private_network":"true"})"), "bad-case",
               "request.private_network: expected true or false");
  expect_error(o, browser_case(rq + R"(,"mode":"cors"})"), "bad-case", "request: unknown key \"mode\"");
  expect_error(o, browser_case(rq + R"(},"response":[])"), "bad-case", "response: expected an object, got an array");
  expect_error(o, browser_case(rq + R"(},"response":{"headers":[]})"), "bad-case", "response.status: required");
  expect_error(o, browser_case(rq + R"(},"response":{"status":"200"})"), "bad-case",
               "response.status: expected an integer 0..999, got a string");
  expect_error(o, browser_case(rq + R"(},"response":{"status":200.5})"), "bad-case", "response.status: expected");
  expect_error(o, browser_case(rq + R"(},"response":{"status":-1})"), "bad-case", "response.status: -1 is not in");
  expect_error(o, browser_case(rq + R"(},"response":{"status":1000})"), "bad-case", "response.status: 1000 is not in");
  expect_error(o, browser_case(rq + R"(},"response":{"status":200,"headers":[[1,2]]})"), "bad-case",
               "response.headers[0]:");
  expect_error(o, browser_case(rq + R"(},"response":{"status":200,"body":""})"), "bad-case",
               "response: unknown key \"body\"");
  expect_error(o, browser_case(rq + R"(},"preflight_response":{"status":true})"), "bad-case",
               "preflight_response.status: expected");
}

TEST(OracleBadLines, CoreRefusalsOfTheExchange) {
  oracle o;
  // A preflight is needed but there is no preflight response: missing input.
  expect_error(o, browser_case(R"("request":{"origin":"https://a.example","url":"https://b.example/","method":"PUT"})"),
               "bad-case", "preflight_response");
}

std::string many_headers(std::size_t n) {
  std::string h = "[";
  for (std::size_t i = 0; i < n; ++i) h += std::string(i ? "," : "") + R"(["X-H","v"])";
  return h + "]";
}

TEST(OracleBadLines, CoreBoundsAreTooLarge) {
  oracle o;
  // The message is the core's own (server_decision::status_detail).
  expect_error(o, server_case(R"({"allow_origins":["*"]})", R"({"method":"GET","headers":)" + many_headers(257) + "}"),
               "too-large", "more than 256 request headers");
  const answered fine =
      ask(o, server_case(R"({"allow_origins":["*"]})", R"({"method":"GET","headers":)" + many_headers(256) + "}"));
  EXPECT_EQ(fine.error, error_code::none) << fine.text;
  expect_error(o,
               browser_case(R"("request":{"origin":"https://a.example","url":"https://b.example/","method":"GET",)"
                            R"("headers":)" +
                            many_headers(257) + "}"),
               "too-large", "256");
}

// ---- id echo ------------------------------------------------------------------------

TEST(OracleId, StringIdIsEchoedExactly) {
  oracle o;
  const answered a = ask(o, server_case(R"({"allow_origins":["*"]})", get_from_a, R"(q\"\u00e9\n\\)"), 9);
  EXPECT_EQ(a.value.at("id"), "q\"\xc3\xa9\n\\");
  const answered e = ask(o, R"({"id":"","mode":"nope"})", 9);
  EXPECT_EQ(e.value.at("id"), "");
  EXPECT_EQ(code_of(e), "bad-case");
}

TEST(OracleId, AbsentIdIsTheLineNumber) {
  oracle o;
  const answered a = ask(o, R"({"mode":"server","policy":{"allow_origins":["*"]},"request":{"method":"GET"}})", 42);
  EXPECT_EQ(a.error, error_code::none);
  EXPECT_EQ(a.value.at("id"), "42");
  EXPECT_EQ(ask(o, "garbage", 7).value.at("id"), "7");
}

TEST(OracleId, NonStringIdIsBadCaseWithTheLineNumber) {
  oracle o;
  for (const char* id : {"1", "null", "[\"a\"]", "{}", "true", "1.5"}) {
    const answered a =
        ask(o, std::string(R"({"id":)") + id + R"(,"mode":"server","policy":{"allow_origins":["*"]},"request":{"method":"GET"}})",
            5);
    EXPECT_EQ(code_of(a), "bad-case") << id;
    EXPECT_EQ(a.value.at("id"), "5") << id;
    EXPECT_NE(message_of(a).find("id: expected a string"), std::string::npos) << a.text;
  }
}

TEST(OracleId, DuplicateKeysLastOneWins) {
  oracle o;
  const answered a = ask(o, R"({"id":"first","id":"second","mode":"x"})");
  EXPECT_EQ(a.value.at("id"), "second");
}

TEST(OracleId, UnknownTopLevelKeysAreIgnored) {
  oracle o;
  const answered a = ask(o, R"({"id":"k","mode":"server","policy":{"allow_origins":["*"]},"request":{"method":"GET"},)"
                            R"("expect":{"allowed":false},"spec":"x","bug":1,"note":null,"response":{}})");
  EXPECT_EQ(a.error, error_code::none) << a.text;
}

// ---- JSON as Boost.JSON reads it -------------------------------------------------------
// The case reader is simdjson's; these are the rules where simdjson alone would
// differ from Boost.JSON (which the oracle used before, and policy_json still
// uses). fixtures/json-semantics.jsonl has many more, checked byte for byte.

constexpr std::string_view star_get = R"("policy":{"allow_origins":["*"]},"request":{"method":"GET"})";

std::string with_note(std::string_view note) {
  return std::string(R"({"id":"n","mode":"server",)") + std::string(star_get) + R"(,"note":)" + std::string(note) + "}";
}

std::string nested(int levels) {
  const auto n = static_cast<std::size_t>(levels);
  return std::string(n, '[') + std::string(n, ']');
}

TEST(OracleJson, NumbersBeyondSimdjsonAreJson) {
  // Boost.JSON reads integers beyond 64 bits and 1e400 as doubles; simdjson refuses them.
  oracle o;
  for (std::string_view n : {"123456789012345678901234567890", "18446744073709551616", "-9223372036854775809",
                             "1e400", "-1e400", "0.5e-400", "-0", "-0.0", "1E3"}) {
    EXPECT_EQ(ask(o, with_note(n)).error, error_code::none) << n;
  }
  expect_error(o, browser_case(R"("request":{"origin":"https://a.example","url":"u","method":"GET"},)"
                               R"("response":{"status":1e400})"),
               "bad-case", "response.status: expected an integer 0..999, got a non-integer number");
  expect_error(o, browser_case(R"("request":{"origin":"https://a.example","url":"u","method":"GET"},)"
                               R"("response":{"status":18446744073709551615})"),
               "bad-case", "response.status: 18446744073709551615 is not in 0..999");
}

TEST(OracleJson, MinusZeroIsTheIntegerZero) {
  oracle o;
  const answered a = ask(o, browser_case(R"("request":{"origin":"https://a.example","url":"u","method":"GET"},)"
                                         R"("response":{"status":-0,"headers":[]})"));
  EXPECT_EQ(a.error, error_code::none) << a.text;
  expect_error(o, browser_case(R"("request":{"origin":"https://a.example","url":"u","method":"GET"},)"
                               R"("response":{"status":-0.0})"),
               "bad-case", "got a non-integer number");
}

TEST(OracleJson, AtMost32LevelsOfNesting) {
  oracle o;
  EXPECT_EQ(ask(o, with_note(nested(31))).error, error_code::none);  // 32 levels with the case object
  expect_error(o, with_note(nested(32)), "bad-json", "not valid JSON: too deep");
  // Also inside the policy, which policy_json reads on its own.
  expect_error(o, server_case(R"({"allow_origins":["*"],"x":)" + nested(31) + "}", R"({"method":"GET"})"), "bad-json",
               "too deep");
}

TEST(OracleJson, StringsAreCheckedAsBoostJsonChecksThem) {
  oracle o;
  for (std::string_view bad : {R"("\ud800")", R"("\udc00")", R"("\ud800\u0041")", R"("\x")", "\"\xff\"",
                               "\"\xc0\x80\"", "\"\xed\xa0\x80\"", "\"a\x01" "b\""}) {
    expect_error(o, with_note(bad), "bad-json", "not valid JSON");
  }
  EXPECT_EQ(ask(o, with_note(R"("\ud83d\ude00 \u0000 \/ \\")")).error, error_code::none);
}

TEST(OracleJson, EscapedKeysAreTheirKeys) {
  oracle o;
  const answered a = ask(o, R"({"\u0069d":"e","m\u006fde":"server","policy":{"allow_origins":["*"]},)"
                            R"("request":{"m\u0065thod":"GET"}})");
  EXPECT_EQ(a.error, error_code::none) << a.text;
  EXPECT_EQ(a.value.at("id"), "e");
}

TEST(OracleJson, DuplicateKeysInEveryObject) {
  oracle o;
  // The last value wins...
  EXPECT_EQ(ask(o, R"({"id":"d","mode":"browser","mode":"server",)" + std::string(star_get) + "}").error,
            error_code::none);
  EXPECT_EQ(ask(o, R"({"id":"d","mode":"server","policy":{"allow_origins":5},)" + std::string(star_get) + "}").error,
            error_code::none);
  expect_error(o, R"({"id":"d","mode":"server",)" + std::string(star_get) + R"(,"request":[]})", "bad-case",
               "request: expected an object, got an array");
  // ...and a key keeps the place of its first occurrence: "y" is the first unknown key.
  expect_error(o, server_case(R"({"allow_origins":["*"]})", R"({"y":1,"method":"GET","x":2,"y":3})"), "bad-case",
               R"(request: unknown key "y")");
  // The value that lost is still part of the line: it must be JSON.
  expect_error(o, R"({"id":"d","mode":"server","policy":{"x":)" + nested(31) + "}," + std::string(star_get) + "}",
               "bad-json", "too deep");
}

TEST(OracleJson, NothingMayFollowTheCase) {
  oracle o;
  const std::string good = R"({"id":"t","mode":"server",)" + std::string(star_get) + "}";
  EXPECT_EQ(ask(o, " \t" + good + " \t\r").error, error_code::none);
  expect_error(o, good + " x", "bad-json", "extra data");
  expect_error(o, good + good, "bad-json", "extra data");
  expect_error(o, "\xef\xbb\xbf" + good, "bad-json", "syntax error (at byte 1)");
}

TEST(OracleJson, PaddedLinesAreReadInPlace) {
  oracle o;
  const std::string line = R"({"id":"p","mode":"server",)" + std::string(star_get) + "}";
  const std::string storage = line + std::string(corsproof::cli::line_padding, 'x');  // any bytes after the line
  const std::string copied(o.answer_line(line, 1).json);
  EXPECT_EQ(std::string(o.answer_line(std::string_view(storage.data(), line.size()), 1, true).json), copied);
}

// Header lists in the compact shape (`[["name","value"],...]`, no space, no
// backslash) are read from the text in one pass; every other shape by the
// element walk. The same list with a space after each comma takes the walk:
// the answers must be the same, byte for byte, for lists that are compact
// all along, that stop being compact part way (an escape, a non-pair, a
// three-element array, an empty pair) or that are not JSON at all.
TEST(OracleJson, CompactHeaderListsReadAsTheWalkReadsThem) {
  oracle o;
  const std::string lists[] = {
      R"([])",
      R"([["Origin","https://a.example"]])",
      R"([["Origin","https://a.example"],["Access-Control-Request-Method","PUT"],)"
      R"(["Access-Control-Request-Headers","x-a,x-b"]])",
      R"([["Origin","https://a.example"],["X-Q","\"q\""]])",
      R"([["Origin","https://a.example"],["X\u002dQ","v"]])",
      R"([["Origin","https://a.example"],["X-Q","\\"],["X-R","a\"\\\"b\u00e9\ud83d\ude00"]])",
      R"([["Origin","https://a.example"],["X","\x"]])",
      R"([["Origin","https://a.example"],["X","\ud800"]])",
      R"([["Origin","https://a.example"],["",""]])",
      R"([["Origin","https://a.example"],1])",
      R"([["Origin","https://a.example"],["X","a","b"]])",
      R"([["Origin","https://a.example"],[]])",
      R"([["Origin","https://a.example"],["X"]])",
      R"([["Origin","https://a.example"],["X",2]])",
      R"([["Origin","https://a.example"],["X","v"],])",
      R"([["Origin","https://a.example"]["X","v"]])",
      R"([["Origin","https://a.example"],["X","v"])",
      R"([["Origin","https://a.example"],["X":"v"]])",
      R"([["Origin","https://a.example"]],"headers":[["Origin","https://b.example"]])",
  };
  const auto spaced = [](const std::string& list) {
    std::string out;
    for (char c : list) {
      out.push_back(c);
      if (c == ',') out.push_back(' ');  // also inside strings: only lists without ',' in strings are compared
    }
    return out;
  };
  for (const std::string& list : lists) {
    for (const std::string_view method : {std::string_view("GET"), std::string_view("OPTIONS")}) {
      const std::string request = R"({"method":")" + std::string(method) + R"(","headers":)" + list + "}";
      const std::string compact = server_case(R"({"allow_origins":["https://a.example"],"allow_methods":["PUT"],)"
                                              R"("allow_headers":["x-a","x-b"]})",
                                              request);
      const bool has_comma_in_string = list.find("x-a,x-b") != std::string::npos;
      std::string walked = compact;
      const std::size_t at = walked.find(list);
      walked.replace(at, list.size(), has_comma_in_string ? spaced(list).replace(spaced(list).find("x-a, x-b"), 8, "x-a,x-b") : spaced(list));
      SCOPED_TRACE(compact);
      // (A line that is not JSON is reported at a byte offset, which the
      // added spaces move.)
      const auto without_offset = [](std::string text) {
        if (const std::size_t from = text.find("(at byte "); from != std::string::npos)
          text.erase(from, text.find(')', from) - from);
        return text;
      };
      EXPECT_EQ(without_offset(std::string(o.answer_line(compact, 1).json)),
                without_offset(std::string(o.answer_line(walked, 1).json)))
          << walked;
      // Padding that would continue a cut line: the line must still be read alone.
      const std::string cut = compact.substr(0, compact.find(list) + list.size() - 2);
      const std::string storage = cut + "]]}" + std::string(corsproof::cli::line_padding, ']');
      EXPECT_EQ(std::string(o.answer_line(std::string_view(storage.data(), cut.size()), 1, true).json),
                std::string(o.answer_line(cut, 1).json));
    }
  }
  // A compact list read in full gives the pairs: the allowed preflight echoes them.
  const answered a = ask(o, server_case(R"({"allow_origins":["https://a.example"],"allow_methods":["PUT"],)"
                                        R"("allow_headers":["x-a","x-b"]})",
                                        R"({"method":"OPTIONS","headers":[["Origin","https://a.example"],)"
                                        R"(["Access-Control-Request-Method","PUT"],)"
                                        R"(["Access-Control-Request-Headers","x-a,x-b"]]})"));
  EXPECT_EQ(a.value.at("allowed"), true) << a.text;
  EXPECT_NE(a.text.find(R"(["Access-Control-Allow-Headers","x-a, x-b"])"), std::string::npos) << a.text;
}

// A compact list that ends a member of the case, and the case with it, ends
// the walk: the rest of the line is read from its text. Whatever follows the
// list, the answer is the one the element walk gives (the same line with a
// space after each comma of the list), and a line with anything but the two
// closing braces after it is no case.
TEST(OracleJson, ACompactListThatEndsTheLineEndsTheWalk) {
  oracle o;
  const std::string policy = R"({"allow_origins":["https://a.example"],"allow_methods":["PUT"]})";
  const std::string list = R"([["Origin","https://a.example"],["Access-Control-Request-Method","PUT"]])";
  const std::string spaced = R"([["Origin", "https://a.example"], ["Access-Control-Request-Method", "PUT"]])";
  const std::string head = R"({"id":"e","mode":"server","policy":)" + policy + R"(,"request":{"method":"OPTIONS","headers":)";
  const std::string tails[] = {"}}", "}}}", "} }", "}} ", "}}\t", "}}x", "}]", "}", "", "},\"x\":1}", "}},\"x\":1}",
                               ",\"x\":1}}", "}}}}", "}\"x\"}", "]}}"};
  const auto without_offset = [](std::string text) {
    if (const std::size_t from = text.find("(at byte "); from != std::string::npos)
      text.erase(from, text.find(')', from) - from);
    return text;
  };
  for (const std::string& tail : tails) {
    const std::string compact = head + list + tail;
    const std::string walked = head + spaced + tail;
    SCOPED_TRACE(compact);
    EXPECT_EQ(without_offset(std::string(o.answer_line(compact, 1).json)),
              without_offset(std::string(o.answer_line(walked, 1).json)));
    // Read in place, with padding that would continue the line.
    const std::string storage = compact + "}}" + std::string(corsproof::cli::line_padding, '}');
    EXPECT_EQ(std::string(o.answer_line(std::string_view(storage.data(), compact.size()), 1, true).json),
              std::string(o.answer_line(compact, 1).json));
  }
  const answered a = ask(o, head + list + "}}");
  EXPECT_EQ(a.error, error_code::none) << a.text;
  EXPECT_EQ(a.value.at("allowed"), true) << a.text;
  expect_error(o, head + list + "}}}", "bad-json", "extra data");
  expect_error(o, head + list + "}}x", "bad-json", "");
  expect_error(o, head + list + "}", "bad-json", "");
  // The same list one level deeper (a hop's response) is walked past as before.
  oracle b;
  const std::string chain =
      R"({"id":"h","mode":"browser","request":{"origin":"https://a.example","url":"https://b.example/",)"
      R"("method":"GET","redirect":"follow"},"hops":[{"url":"https://b.example/","response":{"status":200,)"
      R"("headers":[["Access-Control-Allow-Origin","https://a.example"]]}}]})";
  EXPECT_EQ(ask(b, chain).error, error_code::none) << ask(b, chain).text;
  expect_error(b, chain + "}", "bad-json", "extra data");
  // There, the two braces after the list close the response and the hop, not the case.
  expect_error(b, chain.substr(0, chain.size() - 2), "bad-json", "");
}

// The answer to `compact`, a line with text paths to read, checked against
// the answer to `walked` (the same line with a list spaced, which the walk
// reads; error offsets aside) and against `compact` read in place, with
// padding that would continue the line.
std::string expect_read_as_walked(oracle& o, const std::string& compact, const std::string& walked) {
  const auto without_offset = [](std::string text) {
    if (const std::size_t from = text.find("(at byte "); from != std::string::npos)
      text.erase(from, text.find(')', from) - from);
    return text;
  };
  const std::string answer_text(o.answer_line(compact, 1).json);
  EXPECT_EQ(without_offset(answer_text), without_offset(std::string(o.answer_line(walked, 1).json)));
  const std::string storage = compact + "]}}" + std::string(corsproof::cli::line_padding, '}');
  EXPECT_EQ(std::string(o.answer_line(std::string_view(storage.data(), compact.size()), 1, true).json), answer_text);
  return answer_text;
}

// After a compact list that ends a member of the case, the members that
// follow are read from the text when they are all responses of the compact
// shape (`"observed":{"status":N,"headers":[...]}`, ...) up to the line's
// end. Whatever follows, the answer must be the one the walk gives: the same
// line with that list spaced (so nothing after it is read from the text).
TEST(OracleJson, ResponsesAfterTheLastCompactListAreReadFromTheText) {
  oracle o;
  const std::string acao = R"(["Access-Control-Allow-Origin","https://a.example"])";
  const std::string acam = R"(["Access-Control-Allow-Methods","PUT"])";
  // `K` stands for the response's key.
  const std::string tails[] = {
      R"(},"K":{"status":200,"headers":[)" + acao + "," + acam + "]}}",
      R"(},"K":{"status":0,"headers":[)" + acao + "]}}",
      R"(},"K":{"status":999,"headers":[)" + acao + "]}}",
      R"(},"K":{"status":1000,"headers":[)" + acao + "]}}",
      R"(},"K":{"status":00,"headers":[)" + acao + "]}}",
      R"(},"K":{"status":012,"headers":[)" + acao + "]}}",
      R"(},"K":{"status":-1,"headers":[)" + acao + "]}}",
      R"(},"K":{"status":2e2,"headers":[)" + acao + "]}}",
      R"(},"K":{"status":200.0,"headers":[)" + acao + "]}}",
      R"(},"K":{"status":"200","headers":[)" + acao + "]}}",
      R"(},"K":{"status":200,"headers":[]}})",
      R"(},"K":{"status":200,"headers":[["X-Q","a\"b"],)" + acao + "]}}",
      R"(},"K":{"status":200,"headers":[)" + acao + "]}}}",
      R"(},"K":{"status":200,"headers":[)" + acao + "]} }",
      R"(},"K":{"status":200,"headers":[)" + acao + "]}",
      R"(},"K":{"status":200,"headers":[)" + acao + "]}}x",
      R"(},"K":{"status":200,"headers":[)" + acao + "]},}",
      R"(},"K":{"status":200,"headers":[)" + acao + R"(],"x":1}})",
      R"(},"K":{"headers":[)" + acao + R"(],"status":200}})",
      R"(},"K":{"status":200,"headers":[)" + acao + R"(,1]}})",
      R"(},"K":{"status":200,"headers":[)" + acao + R"(]},"x":1})",
      R"(},"Ks":{"status":200,"headers":[)" + acao + "]}}",
      R"(},"K":{"status":200,"headers":[["X","v"]]},"K":{"status":204,"headers":[)" + acao + "]}}",
      R"(},"K":{"status":200,"headers":[)" + acao + R"(]},"K":{"status":2000,"headers":[]}})",
      R"(},"K":{"status":200,"headers":[)" + acao + R"(]},"K":{"status":204,"headers":[["Y", "w"]]}})",
      R"(},"K":{"status":200,"headers":[)" + acao + R"(]},"preflight_response":{"status":204,"headers":[]}})",
      R"(},"K":{"status":200,"headers":[)" + acao + R"(]},"response":{"status":204,"headers":[]}})",
      R"(},"K":{"status":200,"headers":[)" + acao + R"(]},"observed":{"status":204,"headers":[]}})",
      R"(},"K":{"status":200,"headers":[)" + acao + "]]}",
      R"(},"K":{"status":200,"headers":[)" + acao + R"(] ,"K":{"status":204,"headers":[]}})",
  };
  const auto with_key = [](std::string tail, std::string_view key) {
    for (std::size_t at = tail.find("\"K"); at != std::string::npos; at = tail.find("\"K", at + 1))
      tail.replace(at + 1, 1, key);
    return tail;
  };
  // An audit case whose request list ends the request, and a browser case
  // whose preflight answer's list ends it.
  const std::string policy = R"({"allow_origins":["https://a.example"],"allow_methods":["PUT"]})";
  const std::string request_list = R"([["Origin","https://a.example"],["Access-Control-Request-Method","PUT"]])";
  const std::string request_spaced = R"([["Origin", "https://a.example"], ["Access-Control-Request-Method", "PUT"]])";
  const std::string audit_head =
      R"({"id":"a","mode":"audit","policy":)" + policy + R"(,"request":{"method":"OPTIONS","headers":)";
  const std::string preflight_list = "[" + acao + "," + acam + "]";
  const std::string preflight_spaced = R"([["Access-Control-Allow-Origin", "https://a.example"], )"
                                       R"(["Access-Control-Allow-Methods", "PUT"]])";
  const std::string browser_head =
      R"({"id":"b","mode":"browser","request":{"origin":"https://a.example","url":"https://b.example/",)"
      R"("method":"PUT"},"preflight_response":{"status":204,"headers":)";
  std::size_t read_as_allowed = 0;
  for (const std::string& tail : tails) {
    for (const std::string_view key : {"observed", "response", "preflight_response"}) {
      const std::string t = with_key(tail, key);
      for (const auto& [head, list, spaced] : {std::tuple{audit_head, request_list, request_spaced},
                                                std::tuple{browser_head, preflight_list, preflight_spaced}}) {
        const std::string compact = head + list + t;
        SCOPED_TRACE(compact);
        const std::string answer_text = expect_read_as_walked(o, compact, head + spaced + t);
        if (answer_text.find(R"("outcome":"allowed")") != std::string::npos) ++read_as_allowed;
      }
    }
  }
  // The lines a browser lets through are read at all (the comparisons above
  // are not all between two errors).
  EXPECT_GT(read_as_allowed, 5U);
  const answered a = ask(o, browser_head + preflight_list + with_key(tails[0], "response"));
  EXPECT_EQ(a.value.at("outcome"), "allowed") << a.text;
  const answered audit = ask(o, audit_head + request_list + with_key(tails[0], "observed"));
  EXPECT_EQ(audit.value.at("conforms"), true) << audit.text;
  expect_error(o, audit_head + request_list + with_key(tails[4], "observed"), "bad-json", "");
  expect_error(o, audit_head + request_list + with_key(tails[15], "observed"), "bad-json", "");
}

// After the request's compact header list, `"credentials":"..."`, the
// request's brace and then the line's end or compact responses are read
// from the text too. Whatever follows the list, the answer must be the one
// the walk gives (the same line with the request's list spaced).
TEST(OracleJson, CredentialsAfterTheRequestsCompactListAreReadFromTheText) {
  oracle o;
  const std::string acao = R"(["Access-Control-Allow-Origin","https://a.example"])";
  const std::string acam = R"(["Access-Control-Allow-Methods","PUT"])";
  const std::string acac = R"(["Access-Control-Allow-Credentials","true"])";
  const std::string acah = R"(["Access-Control-Allow-Headers","x-a"])";
  const std::string allowed = R"(,"preflight_response":{"status":204,"headers":[)" + acao + "," + acam + "," + acah +
                              "," + acac +
                              R"(]},"response":{"status":200,"headers":[)" + acao + "," + acac + "]}}";
  const std::string tails[] = {
      R"(,"credentials":"omit"})" + allowed,
      R"(,"credentials":"include"})" + allowed,
      R"(,"credentials":"same-origin"},"response":{"status":200,"headers":[)" + acao + "]}}",
      R"(,"credentials":"om\u0069t"})" + allowed,
      R"(,"credentials":"in\"clude"})" + allowed,
      R"(,"credentials":"omit"}})",
      R"(,"credentials":"omit"}}})",
      R"(,"credentials":"omit"} })",
      R"(,"credentials":"omit"})",
      R"(,"credentials":"omit"}}x)",
      R"(,"credentials":"omit"}},)",
      R"(,"credentials":"omit")",
      R"(,"credentials":1}})",
      R"(,"credentials":null})" + allowed,
      R"(,"credentials" :"omit"}})",
      R"(,"credentials":"omit" }})",
      R"(,"credentialsx":"omit"}})",
      R"(,"credentials":"omit","x":1}})",
      R"(,"credentials":"include","credentials":"omit"})" + allowed,
      R"(,"credentials":"omit"},"x":1})",
      R"(,"credentials":"omit"},"response":{"status":200,"headers":[["Y", "w"]]}})",
      R"(,"credentials":"omit"},"response":{"status":200,"headers":[)" + acao + "]},}",
      R"(,"credentials":"omit"},"response":{"status":200,"headers":[)" + acao + R"(]},"id":"c"})",
      R"(,"credentials":"omit"},)" + allowed.substr(1),
      R"(,"credentials":"omit"}})" + allowed,
  };
  const std::string list = R"([["Content-Type","text/plain"],["X-A","1"]])";
  const std::string spaced = R"([["Content-Type", "text/plain"], ["X-A", "1"]])";
  const std::string request = R"("request":{"origin":"https://a.example","url":"https://b.example/","method":"PUT",)";
  const std::string heads[] = {
      R"({"id":"b","mode":"browser",)" + request + R"("headers":)",
      // credentials also before the list: the last one counts
      R"({"id":"b","mode":"browser",)" + request + R"("credentials":"include","headers":)",
      // a server case: credentials is a key its request does not know
      R"({"id":"s","mode":"server","policy":{"allow_origins":["https://a.example"]},"request":{"method":"PUT",)"
      R"("headers":)",
  };
  std::size_t read_as_allowed = 0;
  for (const std::string& head : heads) {
    for (const std::string& tail : tails) {
      const std::string compact = head + list + tail;
      SCOPED_TRACE(compact);
      const std::string answer_text = expect_read_as_walked(o, compact, head + spaced + tail);
      if (answer_text.find(R"("outcome":"allowed")") != std::string::npos) ++read_as_allowed;
    }
  }
  EXPECT_GE(read_as_allowed, 8U);  // not all comparisons are between two errors
  const answered a = ask(o, heads[0] + list + tails[1]);
  EXPECT_EQ(a.value.at("outcome"), "allowed") << a.text;
  const answered q = ask(o, heads[0] + list + tails[4]);  // "in\"clude" is no credentials mode
  EXPECT_EQ(q.error, error_code::bad_case) << q.text;
  expect_error(o, heads[0] + list + tails[6], "bad-json", "");
  const answered s = ask(o, heads[2] + list + tails[5]);
  EXPECT_NE(s.text.find("credentials"), std::string::npos) << s.text;
}

// The lists a text path read are read again by the walk when the path does
// not reach the line's end: a long escaped value in the last response,
// followed by a key the text paths do not know, is unescaped three times in
// one line. The room for unescaped strings is the line's length: the later
// readings must not write past it (they did: a heap overflow of about 12 KB
// on this line of 6 KB, and `corsproof eval` ended with SIGSEGV on such a
// line of 918 KB). The answer is the walk's.
TEST(OracleJson, ListsReadAgainAfterATextPathStayInTheirRoom) {
  oracle o;
  std::string escaped;
  for (int i = 0; i < 60; ++i) escaped += std::string(100, 'a') + "\\n";  // 6 KiB
  const std::string line = R"({"id":"x","mode":"browser","request":{"origin":"https://a.example",)"
                           R"("url":"https://b.example/","method":"GET","headers":[]},)"
                           R"("preflight_response":{"status":204,"headers":[["A","b"]]},)"
                           R"("response":{"status":200,"headers":[["Access-Control-Allow-Origin","*"],)"
                           R"(["X","aaa)" + escaped + R"("]]},"x":1})";
  std::string spaced = line;
  spaced.replace(spaced.find(R"([["Access)"), 2, "[ [");  // the walk reads this list
  const answer a = o.answer_line(line, 1);
  EXPECT_EQ(a.error, error_code::none) << std::string(a.json).substr(0, 300);
  EXPECT_EQ(std::string(a.json), std::string(o.answer_line(spaced, 1).json));
  EXPECT_NE(std::string(a.json).find(R"("outcome":"allowed")"), std::string::npos) << std::string(a.json);
}

// ---- The 1 MiB limit ----------------------------------------------------------------

TEST(OracleLimit, LineOfExactly1MiBIsAnswered) {
  oracle o;
  std::string line = server_case(R"({"allow_origins":["*"]})", get_from_a, "big");
  line.resize(corsproof::cli::max_line_bytes, ' ');  // JSON whitespace after the object
  const answered a = ask(o, line, 1);
  EXPECT_EQ(a.error, error_code::none) << a.text.substr(0, 200);
  EXPECT_EQ(a.value.at("id"), "big");
}

TEST(OracleLimit, LineOver1MiBIsTooLargeAndNotParsed) {
  oracle o;
  std::string line = server_case(R"({"allow_origins":["*"]})", get_from_a, "big");
  line.resize(corsproof::cli::max_line_bytes + 1, ' ');
  const answered a = ask(o, line, 12);
  EXPECT_EQ(code_of(a), "too-large");
  EXPECT_EQ(a.value.at("id"), "12");  // not parsed, so the id is the line number
  EXPECT_NE(message_of(a).find("1048577 bytes"), std::string::npos) << a.text;
  EXPECT_NE(message_of(a).find("1 MiB"), std::string::npos) << a.text;
}

TEST(OracleLimit, AnswerTooLargeForALineNotKept) {
  oracle o;
  const answer a = o.answer_too_large(3, 5000000);
  EXPECT_EQ(a.error, error_code::too_large);
  EXPECT_EQ(std::string(a.json),
            R"({"id":"3","error":{"code":"too-large","message":"the line has 5000000 bytes, more than the limit )"
            R"x(of 1048576 (1 MiB)","line":3}})x");
}

// ---- Policy cache ---------------------------------------------------------------------

TEST(OracleCache, SamePolicyTextGivesSameAnswersAndHits) {
  oracle o;
  const std::string policy = R"({"allow_origins":["https://a.example"],"allow_methods":["PUT"],"max_age":5})";
  const std::string pre = R"({"method":"OPTIONS","headers":[["Origin","https://a.example"],)"
                          R"(["Access-Control-Request-Method","PUT"]]})";
  const std::string first = ask(o, server_case(policy, pre)).text;
  for (int i = 0; i < 5; ++i) EXPECT_EQ(ask(o, server_case(policy, pre)).text, first);
  EXPECT_EQ(o.cache_stats().misses, 1U);
  EXPECT_EQ(o.cache_stats().hits, 5U);
  EXPECT_EQ(o.cache_stats().entries, 1U);
  // The key is the policy's text as given: the same policy spelled with other
  // whitespace, key order or escapes is another entry, with the same answers.
  const std::string spaced = R"({ "allow_origins" : [ "https://a.example" ], "allow_methods":["PUT"], "max_age" : 5 })";
  const std::string reordered = R"({"max_age":5,"allow_methods":["PUT"],"allow_origins":["https://a.example"]})";
  const std::string escaped = R"({"allow_origins":["https:\/\/a.example"],"allow_methods":["\u0050UT"],"max_age":5})";
  for (const std::string& p : {spaced, reordered, escaped}) {
    EXPECT_EQ(ask(o, server_case(p, pre)).text, first) << p;
    EXPECT_EQ(ask(o, server_case(p, pre)).text, first) << p;
  }
  EXPECT_EQ(o.cache_stats().misses, 4U);
  EXPECT_EQ(o.cache_stats().hits, 8U);
  EXPECT_EQ(o.cache_stats().entries, 4U);
}

// A line whose policy text is one the oracle has read before is read
// without walking that policy again (the members before it plain strings,
// then `"policy":`, the known text and `,`). Whatever the rest of the line
// holds, the answer must be the one a fresh oracle gives the whole line.
TEST(OracleCache, ALineWithAPolicyReadBeforeIsAnsweredAsAWholeLine) {
  const std::string policies[] = {
      R"({"allow_origins":["https://a.example"],"allow_methods":["PUT"],"allow_headers":["x-api-key"],"max_age":5})",
      R"({"allow_origins":["*"]})",  // shorter than the 64 bytes the texts are found by
  };
  // `@` stands for the policy. The first heads are read without the
  // policy (plain string members before it); the others whole.
  const std::string heads[] = {
      R"({"id":"x","mode":"server",)", R"({"mode":"server","id":"x",)", R"({"mode":"server",)",
      R"({"id":"x","mode":"server","id":"y",)", R"({"id":"x","mode":"server","note":"",)",
      R"({"id":"x","mode":"audit",)", R"({)",
      R"({"id":"x","mode":"server","policy":@,)",    // given twice: the first is checked apart
      R"({"id":"x","mode":"s\u0065rver",)",         // an escape
      R"({"id":"x", "mode":"server",)",              // a space
      R"({"id":1,"mode":"server",)",                 // not a string
      R"({"id":"x","mode":"server","policy":"p",)",  // another policy first
  };
  const std::size_t policy_first = 7;
  const std::size_t first_read_whole = 8;
  const std::string pre = R"({"method":"OPTIONS","headers":[["Origin","https://a.example"],)"
                          R"(["Access-Control-Request-Method","PUT"],["Access-Control-Request-Headers","x-api-key"]]})";
  const std::string observed = R"(,"observed":{"status":204,"headers":[["Access-Control-Allow-Origin","*"]]})";
  // What follows `"policy":@`: the first ones make good lines.
  const std::string tails[] = {
      R"(,"request":)" + pre + "}",
      R"(,"request":)" + pre + observed + "}",
      R"(,"request":)" + pre + R"(,"policy":{"allow_origins":["https://b.example"]}})",
      R"(,"request":)" + pre + R"(,"policy":null})",
      R"(,"request":)" + pre + R"(,"mode":"browser"})",
      R"(,"request":)" + pre + R"(,"id":"z"})",
      R"(,"request":)" + pre + " }",
      R"( ,"request":)" + pre + "}",  // good, but not read without the policy (a space before the comma)
      "}",                             // likewise (the policy last)
      R"(,"request":)" + pre + "}x",  // bad lines
      R"(,"request":)" + pre,
      R"(,"request":)" + pre + "}}",
      R"(,"request":)" + pre + R"(,"id":"\x"})",
      R"(,"request":)" + pre + ",}",
      ",",
      "",
      ",}",  // after the head `{`, the line without the policy would be `{}`
  };
  const std::size_t good_tails = 7;
  oracle primed;
  for (const std::string& p : policies) (void)ask(primed, server_case(p, pre));
  std::uint64_t reuses = 0;
  for (const std::string& policy : policies) {
    for (std::size_t h = 0; h < std::size(heads); ++h) {
      std::string head = heads[h];
      if (const std::size_t at = head.find('@'); at != std::string::npos) head.replace(at, 1, policy);
      for (std::size_t t = 0; t < std::size(tails); ++t) {
        const std::string line = head + R"("policy":)" + policy + tails[t];
        SCOPED_TRACE(line);
        oracle fresh;
        const std::string whole(fresh.answer_line(line, 7).json);
        EXPECT_EQ(fresh.cache_stats().policy_text_reused, 0U);
        const std::uint64_t before = primed.cache_stats().policy_text_reused;
        EXPECT_EQ(std::string(primed.answer_line(line, 7).json), whole);
        // In place, with padding that would continue the line.
        const std::string storage = line + std::string(corsproof::cli::line_padding, '}');
        EXPECT_EQ(std::string(primed.answer_line(std::string_view(storage.data(), line.size()), 7, true).json), whole);
        // The head giving the policy first is read without that one, even
        // when what follows the second keeps a line from it.
        const bool reused = h < first_read_whole && (t < good_tails || (h == policy_first && t < good_tails + 2));
        EXPECT_EQ(primed.cache_stats().policy_text_reused - before, reused ? 2U : 0U);
        reuses += primed.cache_stats().policy_text_reused - before;
      }
    }
  }
  EXPECT_EQ(reuses, 2U * 2U * (first_read_whole * good_tails + 2));
  // Some of those lines are allowed (not every comparison is of two errors).
  EXPECT_EQ(ask(primed, heads[0] + R"("policy":)" + policies[0] + tails[0]).value.at("allowed"), true);
  // A policy spelled otherwise is another text: read whole, then known.
  const std::uint64_t before = primed.cache_stats().policy_text_reused;
  const std::string spaced = R"({ "allow_origins" : ["*"] })";
  EXPECT_EQ(ask(primed, server_case(spaced, get_from_a)).text, ask(primed, server_case(policies[1], get_from_a)).text);
  EXPECT_EQ(primed.cache_stats().policy_text_reused - before, 1U);
  EXPECT_EQ(ask(primed, server_case(spaced, get_from_a)).value.at("allowed"), true);
  EXPECT_EQ(primed.cache_stats().policy_text_reused - before, 2U);
}

// More policies than the reader keeps (256): it starts afresh, and every
// answer stays the one a fresh oracle gives.
TEST(OracleCache, MorePoliciesThanTheReaderKeepsAreAnsweredAsWholeLines) {
  oracle o;
  std::vector<std::string> lines;
  for (int i = 0; i < 300; ++i)
    lines.push_back(server_case(R"({"allow_origins":["https://a)" + std::to_string(i) +
                                    R"(.example"],"allow_methods":["PUT","DELETE"],"expose_headers":["etag"]})",
                                R"({"method":"GET","headers":[["Origin","https://a)" + std::to_string(i % 7) +
                                    R"(.example"]]})"));
  const auto expect_whole = [&o](const std::string& line) {
    oracle fresh;
    EXPECT_EQ(std::string(o.answer_line(line, 1).json), std::string(fresh.answer_line(line, 1).json)) << line;
  };
  for (const std::string& line : lines) expect_whole(line);
  EXPECT_EQ(o.cache_stats().policy_text_reused, 0U);
  // The 257th text started afresh: the last 44 are known, the first not.
  for (std::size_t i = 256; i < 300; ++i) expect_whole(lines[i]);
  EXPECT_EQ(o.cache_stats().policy_text_reused, 44U);
  for (std::size_t i = 0; i < 10; ++i) expect_whole(lines[i]);
  EXPECT_EQ(o.cache_stats().policy_text_reused, 44U);
  for (std::size_t i = 0; i < 10; ++i) expect_whole(lines[i]);
  EXPECT_EQ(o.cache_stats().policy_text_reused, 54U);
  // An oracle that keeps no policy keeps no policy text either.
  oracle none(0);
  for (int round = 0; round < 2; ++round)
    for (std::size_t i = 0; i < 10; ++i) (void)none.answer_line(lines[i], 1);
  EXPECT_EQ(none.cache_stats().policy_text_reused, 0U);
}

TEST(OracleCache, DifferentPoliciesDoNotCollide) {
  oracle o;
  const std::string a = R"({"allow_origins":["https://a.example"]})";
  const std::string b = R"({"allow_origins":["https://b.example"]})";
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(ask(o, server_case(a, get_from_a)).value.at("allowed"), true);
    EXPECT_EQ(ask(o, server_case(b, get_from_a)).value.at("allowed"), false);
  }
  EXPECT_EQ(o.cache_stats().misses, 2U);
}

TEST(OracleCache, BadPolicyIsCachedAndStillRefused) {
  oracle o;
  const std::string bad = R"({"allow_origins":["https://A.example"]})";
  for (int i = 0; i < 3; ++i) EXPECT_EQ(code_of(ask(o, server_case(bad, get_from_a))), "bad-policy");
  EXPECT_EQ(o.cache_stats().misses, 1U);
  // A good policy after a bad one is not affected.
  EXPECT_EQ(ask(o, server_case(R"({"allow_origins":["https://a.example"]})", get_from_a)).value.at("allowed"), true);
}

TEST(OracleCache, EvictionKeepsAnswersCorrect) {
  oracle small(2);
  oracle none(0);
  oracle big;
  for (int round = 0; round < 3; ++round) {
    for (int i = 0; i < 5; ++i) {
      const std::string origin = "https://o" + std::to_string(i) + ".example";
      const std::string policy = R"({"allow_origins":[")" + origin + R"("]})";
      const std::string rq = R"({"method":"GET","headers":[["Origin","https://o2.example"]]})";
      const std::string expected(big.answer_line(server_case(policy, rq), 1).json);
      EXPECT_EQ(std::string(small.answer_line(server_case(policy, rq), 1).json), expected);
      EXPECT_EQ(std::string(none.answer_line(server_case(policy, rq), 1).json), expected);
      EXPECT_EQ(parse(expected).at("allowed"), i == 2);
    }
  }
  EXPECT_LE(small.cache_stats().entries, 2U);
  EXPECT_EQ(none.cache_stats().entries, 0U);
  EXPECT_EQ(big.cache_stats().entries, 5U);
}

TEST(OracleCache, ManyPoliciesThroughASmallCacheKeepAnswersCorrect) {
  // Entries come and go in random order: every eviction moves slots of the
  // cache's index back; a lost or misplaced entry would give a wrong answer or
  // a miss counted as a hit.
  oracle small(3);
  oracle none(0);
  std::mt19937 rng(7);
  std::uint64_t expected_hits = 0;
  std::vector<int> recent;  // the last three distinct policies used, most recent last
  for (int n = 0; n < 600; ++n) {
    const int i = static_cast<int>(rng() % 40);
    const std::string policy = R"({"allow_origins":["https://o)" + std::to_string(i) + R"(.example"]})";
    const std::string rq = R"({"method":"GET","headers":[["Origin","https://o)" + std::to_string(rng() % 40) +
                           R"(.example"]]})";
    EXPECT_EQ(std::string(small.answer_line(server_case(policy, rq), 1).json),
              std::string(none.answer_line(server_case(policy, rq), 1).json));
    // FIFO: a policy is a hit when it is one of the three most recently inserted.
    if (std::find(recent.begin(), recent.end(), i) != recent.end()) {
      ++expected_hits;
    } else {
      recent.push_back(i);
      if (recent.size() > 3) recent.erase(recent.begin());
    }
  }
  EXPECT_EQ(small.cache_stats().hits, expected_hits);
  EXPECT_EQ(small.cache_stats().hits + small.cache_stats().misses, 600U);
  EXPECT_EQ(small.cache_stats().entries, 3U);
}

TEST(OracleCache, PoliciesAlikeButForTheirStartTakeTurnsInOneSlot) {
  // The cache looks first in a slot picked by the key's length and three
  // samples of it (a quarter, half and three quarters in). These policies
  // have the same length and differ only in their first origin, before the
  // first sample: they share a slot, and each lookup must still find its
  // own entry (or miss), with the eviction of a small cache in between.
  std::string tail = R"(,"allow_methods":["GET","PUT"],"allow_headers":[)";
  for (int i = 0; i < 20; ++i) tail += (i ? "," : "") + std::string(R"("x-header-)") + std::to_string(100 + i) + "\"";
  tail += "]}";
  const auto policy = [&tail](int i) {
    return R"({"allow_origins":["https://o)" + std::to_string(i) + R"(.example"])" + tail;
  };
  ASSERT_EQ(policy(1).size(), policy(7).size());
  ASSERT_GT(policy(1).size(), 300U);  // the first sample starts past byte 70, the origins end before
  oracle big;
  oracle small(3);
  std::mt19937 rng(11);
  for (int n = 0; n < 300; ++n) {
    const int i = static_cast<int>(rng() % 9) + 1;
    const int from = static_cast<int>(rng() % 9) + 1;
    const std::string rq = R"({"method":"GET","headers":[["Origin","https://o)" + std::to_string(from) +
                           R"(.example"]]})";
    const answered a = ask(big, server_case(policy(i), rq));
    EXPECT_EQ(a.value.at("allowed"), i == from) << a.text;
    EXPECT_EQ(std::string(small.answer_line(server_case(policy(i), rq), 1).json),
              std::string(big.answer_line(server_case(policy(i), rq), 1).json));
  }
  EXPECT_EQ(big.cache_stats().entries, 9U);
  EXPECT_EQ(big.cache_stats().misses, 9U);  // each policy compiled once, however often its slot changed hands
  EXPECT_EQ(small.cache_stats().entries, 3U);
}

TEST(OracleCache, HugePoliciesAreAnsweredButNotKept) {
  oracle o;
  std::string policy = R"({"allow_origins":["https://a.example")";
  for (int i = 0; i < 4000; ++i) policy += R"(,"https://host)" + std::to_string(i) + R"(.example")";
  policy += "]}";
  ASSERT_GT(policy.size(), 64U * 1024U);
  for (int i = 0; i < 2; ++i) {
    const answered a = ask(o, server_case(policy, get_from_a));
    EXPECT_EQ(a.value.at("allowed"), true) << a.text.substr(0, 300);
  }
  EXPECT_EQ(o.cache_stats().entries, 0U);
  EXPECT_EQ(o.cache_stats().misses, 2U);
}

// ---- Robustness -------------------------------------------------------------------------

TEST(OracleRobustness, GarbageNeverThrowsAndAlwaysAnswersOneObject) {
  oracle o;
  std::mt19937 rng(12345);
  const std::string seed = server_case(R"({"allow_origins":["https://a.example","re:^https://x\\.y$"]})",
                                       R"({"method":"OPTIONS","headers":[["Origin","https://a.example"],)"
                                       R"(["Access-Control-Request-Method","PUT"]]})");
  for (int i = 0; i < 3000; ++i) {
    std::string line = seed;
    const int edits = 1 + static_cast<int>(rng() % 4);
    for (int e = 0; e < edits; ++e) {
      const std::size_t at = rng() % line.size();
      switch (rng() % 3) {
        case 0: line[at] = static_cast<char>(rng() % 256); break;
        case 1: line.erase(at, 1 + rng() % 5); break;
        default: line.insert(at, 1, "{}[]\",:0a \\"[rng() % 12]); break;
      }
      if (line.empty()) line.push_back('x');  // not line = "x": GCC 12 -O3 -Wrestrict false positive
    }
    const answer a = o.answer_line(line, static_cast<std::size_t>(i + 1));
    boost::system::error_code ec;
    const json::value v = json::parse(json::string_view(a.json.data(), a.json.size()), ec);
    ASSERT_FALSE(ec) << a.json;
    ASSERT_TRUE(v.is_object());
    ASSERT_EQ(v.as_object().contains("error"), a.bad()) << a.json;
  }
}

// ---- Protocol 1.1: chains and sessions ------------------------------------------------

constexpr std::string_view chain_r1 =
    R"({"id":"r1","mode":"browser","request":{"origin":"https://app.example","url":"https://api.example/a","method":"GET"},)"
    R"("hops":[{"response":{"status":302,"headers":[["Access-Control-Allow-Origin","https://app.example"],)"
    R"(["Location","https://cdn.example/b"]]}},{"url":"https://cdn.example/b","response":{"status":200,"headers":[)"
    R"(["Access-Control-Allow-Origin","null"],["Content-Type","text/plain"]]}}]})";

std::string hops_case(std::string_view hops, std::string_view request_extra = "") {
  return std::string(R"({"id":"h","mode":"browser","request":{"origin":"https://app.example",)"
                     R"("url":"https://api.example/x","method":"GET")") +
         std::string(request_extra) + R"(},"hops":)" + std::string(hops) + "}";
}

constexpr std::string_view ok_hop = R"({"response":{"status":200,"headers":[["Access-Control-Allow-Origin","*"]]}})";
constexpr std::string_view loop_hop =
    R"({"response":{"status":302,"headers":[["Access-Control-Allow-Origin","*"],["Location","/x"]]}})";

std::string repeat(std::string_view hop, int n) {
  std::string s = "[";
  for (int i = 0; i < n; ++i) s.append(i == 0 ? "" : ",").append(hop);
  return s + "]";
}

TEST(OracleChain, AnswerHasProtocolFieldsInOrder) {
  oracle o;
  const answered a = ask(o, chain_r1);
  ASSERT_EQ(a.error, error_code::none) << a.text;
  EXPECT_EQ(a.text.rfind(R"({"id":"r1","needs_preflight":false,"preflight":null,"cors_check":{"ok":true,"error":null},)"
                         R"("exposed_headers":[)",
                         0),
            0U)
      << a.text;
  EXPECT_NE(a.text.find(R"("outcome":"allowed","error_hop":null,"final":{"url":"https://cdn.example/b",)"
                        R"("redirect_count":1,"status":200,"type":"cors"},"hops":[{"url":"https://api.example/a",)"
                        R"("method":"GET","origin_header":"https://app.example","tainting":"cors",)"
                        R"("credentials_sent":false,"removed_headers":[],"preflight":null,"status":302,)"
                        R"("cors_check":{"ok":true,"error":null},"redirect":{"location":"https://cdn.example/b",)"
                        R"("followed":true,"error":null}},)"),
            std::string::npos)
      << a.text;
  EXPECT_EQ(a.value.at("hops").as_array().size(), 2U);
  EXPECT_EQ(a.value.at("hops").at(1).at("origin_header"), "null");
}

TEST(OracleChain, ACaseWithoutHopsOrRedirectIsOneExchange) {
  oracle o;
  const std::string v1 = browser_case(
      R"("request":{"origin":"https://a.example","url":"https://b.example/","method":"GET"},)"
      R"("response":{"status":200,"headers":[["Access-Control-Allow-Origin","*"]]})");
  const answered one = ask(o, v1);
  EXPECT_FALSE(one.value.as_object().contains("hops")) << one.text;
  EXPECT_FALSE(one.value.as_object().contains("error_hop"));
  // hops: null is absent too.
  std::string with_null = v1;
  with_null.insert(with_null.size() - 1, R"(,"hops":null)");
  EXPECT_EQ(ask(o, with_null).text, one.text);
  // With request.redirect it is a chain of one hop with the same v1 fields.
  std::string chain = v1;
  chain.replace(chain.find(R"("method":"GET")"), 14, R"("method":"GET","redirect":"follow")");
  const answered c = ask(o, chain);
  ASSERT_EQ(c.error, error_code::none) << c.text;
  for (const char* k : {"needs_preflight", "preflight", "cors_check", "exposed_headers", "outcome"}) {
    EXPECT_EQ(c.value.at(k), one.value.at(k)) << k;
  }
  EXPECT_EQ(c.value.at("hops").as_array().size(), 1U);
}

TEST(OracleChain, DuplicateHopsKeysLastOneWins) {
  oracle o;
  const std::string line = std::string(R"({"id":"h","mode":"browser","request":{"origin":"https://app.example",)"
                                       R"("url":"https://api.example/x","method":"GET"},"hops":"x","hops":[)") +
                           std::string(ok_hop) + "]}";
  const answered b = ask(o, line);
  EXPECT_EQ(b.error, error_code::none) << b.text;
  EXPECT_EQ(b.value.at("outcome"), "allowed");
  const std::string reversed = std::string(R"({"id":"h","mode":"browser","request":{"origin":"https://app.example",)"
                                           R"("url":"https://api.example/x","method":"GET"},"hops":[)") +
                               std::string(ok_hop) + R"(],"hops":"x"})";
  expect_error(o, reversed, "bad-case", "hops: expected an array of hop objects, got a string");
}

TEST(OracleChain, NestingInsideHopsCountsEveryLevel) {
  oracle o;
  // A hop's unknown key at level 4: 29 more levels make 32 (bad-case for the
  // key), 30 make 33 (not JSON for Boost.JSON, so not for the oracle).
  expect_error(o, hops_case("[{\"x\":" + nested(29) + "}]"), "bad-case", R"(hops[0]: unknown key "x")");
  expect_error(o, hops_case("[{\"x\":" + nested(30) + "}]"), "bad-json", "too deep");
  // Inside a session fetch's hop's response headers (a pair's name at level 8).
  const std::string deep = R"({"id":"s","mode":"browser-session","fetches":[{"t":0,"request":{"origin":"https://a.example",)"
                           R"("url":"https://b.example/","method":"GET"},"hops":[{"response":{"status":200,"headers":[[)";
  expect_error(o, deep + nested(24) + R"(,"v"]]}}]}]})", "bad-case", "fetches[0].hops[0].response.headers[0]");
  expect_error(o, deep + nested(25) + R"(,"v"]]}}]}]})", "bad-json", "too deep");
}

TEST(OracleChain, HopsPastTheLastReadHopAreCheckedButIgnored) {
  oracle o;
  std::string hops = repeat(loop_hop, 21);
  hops.insert(hops.size() - 1, std::string(",") + std::string(ok_hop) + R"(,{"response":{"status":"200"}})");
  expect_error(o, hops_case(hops), "bad-case", "hops[22].response.status: expected an integer 0..999, got a string");
  const answered a = ask(o, hops_case(repeat(loop_hop, 30)));
  ASSERT_EQ(a.error, error_code::none) << a.text;
  EXPECT_EQ(a.value.at("outcome"), "blocked-redirect");
  EXPECT_EQ(a.value.at("error_hop"), 20);
  EXPECT_EQ(a.value.at("hops").at(20).at("redirect").at("error"), "redirect-limit");
}

// The hop and fetch records are reused from line to line: a long chain, a
// short one, then the long one again, answer as they do in a fresh oracle.
TEST(OracleChain, ReusedRecordsGiveTheAnswersOfAFreshOracle) {
  oracle reused;
  const std::vector<std::string> lines = {
      hops_case(repeat(loop_hop, 21)), hops_case(repeat(ok_hop, 1)),  std::string(chain_r1),
      hops_case(repeat(loop_hop, 3)),  hops_case("[]"),              hops_case(repeat(loop_hop, 21)),
  };
  for (const std::string& line : lines) {
    oracle fresh;
    EXPECT_EQ(ask(reused, line).text, ask(fresh, line).text) << line.substr(0, 200);
  }
}

constexpr std::string_view put_twice =
    R"({"id":"s","mode":"browser-session","report_cache":true,"fetches":[)"
    R"({"t":0,"request":{"origin":"https://app.example","url":"https://api.example/x","method":"PUT"},)"
    R"("preflight_response":{"status":204,"headers":[["Access-Control-Allow-Origin","https://app.example"],)"
    R"(["Access-Control-Allow-Methods","PUT"],["Access-Control-Max-Age","600"]]},)"
    R"("response":{"status":200,"headers":[["Access-Control-Allow-Origin","https://app.example"]]}},)"
    R"({"t":0.5,"request":{"origin":"https://app.example","url":"https://api.example/x","method":"PUT"},)"
    R"("response":{"status":200,"headers":[["Access-Control-Allow-Origin","https://app.example"]]}}]})";

TEST(OracleSession, FetchesShareTheCacheAndEachSessionStartsEmpty) {
  oracle o;
  const answered a = ask(o, put_twice);
  ASSERT_EQ(a.error, error_code::none) << a.text;
  const json::array& f = a.value.at("fetches").as_array();
  ASSERT_EQ(f.size(), 2U);
  EXPECT_FALSE(f[0].as_object().contains("id"));
  EXPECT_EQ(f[0].at("hops").at(0).at("preflight").at("cache"), "miss");
  EXPECT_EQ(f[1].at("hops").at(0).at("preflight").at("cache"), "hit");
  EXPECT_EQ(f[1].at("cache_after").at(0).at("stored_at"), 0);
  EXPECT_NE(a.text.find(R"("max_age":600,"stored_at":0}]})"), std::string::npos) << a.text;
  // The same session again: its cache starts empty, so the answer is the same.
  EXPECT_EQ(ask(o, put_twice).text, a.text);
}

TEST(OracleSession, FractionalTimesAreWrittenInTheShortestForm) {
  oracle o;
  std::string line(put_twice);
  line.replace(line.find(R"("t":0,)"), 6, R"("t":0.25,)");
  const answered a = ask(o, line);
  ASSERT_EQ(a.error, error_code::none) << a.text;
  EXPECT_NE(a.text.find(R"("stored_at":0.25})"), std::string::npos) << a.text;
}

TEST(OracleSession, ABadFetchMakesTheSessionBadAndNamesTheFetch) {
  oracle o;
  std::string line(put_twice);
  line.replace(line.find(R"("t":0.5,)"), 8, R"("t":-0,)");  // -0 is 0: not earlier
  EXPECT_EQ(ask(o, line).error, error_code::none);
  line.replace(line.find(R"("t":-0,)"), 7, R"("t":-1e-9,)");
  expect_error(o, line, "bad-case", "fetches[1].t: -1e-09 is negative");
  line = put_twice;
  line.replace(line.find(R"("t":0.5,)"), 8, R"("t":null,)");
  expect_error(o, line, "bad-case", "fetches[1].t: required, a number");
  line = put_twice;
  line.replace(line.find(R"("t":0,)"), 6, R"("t":1,)");
  expect_error(o, line, "bad-case", "fetches[1].t: 0.5 is earlier than the previous fetch's t, 1");
  line = put_twice;
  line.replace(line.find(R"("method":"PUT"},"response")"), 14, R"("method":"PUT","mode":"cors")");
  expect_error(o, line, "bad-case", R"(fetches[1].request: unknown key "mode")");
  std::string many = R"({"id":"s","mode":"browser-session","fetches":[{})";
  for (int i = 1; i < 257; ++i) many += ",{}";
  expect_error(o, many + "]}", "too-large", "fetches: 257 fetches, more than corsproof's bound of 256 per session");
}

TEST(OracleHelpers, BlankLines) {
  using corsproof::cli::is_blank_line;
  EXPECT_TRUE(is_blank_line(""));
  EXPECT_TRUE(is_blank_line(" \t\r"));
  EXPECT_FALSE(is_blank_line(" x "));
  EXPECT_FALSE(is_blank_line("\n"));  // never part of a line
}

}  // namespace

namespace {

// The pairs of a list as read, copied (the views point into the reader).
std::vector<std::pair<std::string, std::string>> pairs_of(const corsproof::cli::headers_member& m) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& h : m.pairs) out.emplace_back(std::string(h.name), std::string(h.value));
  return out;
}

// A compact pair is read from the 64 bytes at its name when its three
// quotes are there, with no backslash before the last (case_reader.cpp,
// read_compact_pairs), else by the scans. Pairs whose name and value end at
// every offset around those 64 bytes, with escapes at their start, middle
// and end, are read from the text as the walk reads them (the same line
// with the lists spaced), and as a copy or in place with quotes in the
// padding after the line.
TEST(CaseReader, CompactPairsAtEveryLengthAreReadAsTheWalkReadsThem) {
  corsproof::cli::case_reader reader;
  const auto read = [&reader](const std::string& line, bool in_place) {
    corsproof::cli::case_object c;
    const std::string storage = line + std::string(corsproof::cli::case_reader::padding, '"');
    const bool ok = reader.read(std::string_view(storage.data(), line.size()), in_place, c);
    EXPECT_TRUE(ok) << line;
    return std::make_pair(pairs_of(c.request.headers), pairs_of(c.response.headers));
  };
  const std::string origin = R"(["Origin","https://a.example"])";
  const std::string origin_spaced = R"(["Origin", "https://a.example"])";
  int lines = 0;
  for (const std::size_t name_size : {0, 1, 5, 20, 40, 58, 59, 60, 61, 62, 63, 64, 70}) {
    for (std::size_t value_size = 0; value_size <= 70; ++value_size) {
      for (const int escape : {-1, 0, 1, 2, 3}) {  // none; `\"` at the value's start, middle, end; `\\` in the name
        std::string name(name_size, 'n');
        std::string value(value_size, 'v');
        if (escape == 0) value.insert(0, "\\\"");
        if (escape == 1) value.insert(value.size() / 2, "\\\"");
        if (escape == 2) value += "\\\"";
        if (escape == 3) name.insert(name.size() / 2, "\\\\");
        const std::string pair = "[\"" + name + "\",\"" + value + "\"]";
        const std::string pair_spaced = "[\"" + name + "\", \"" + value + "\"]";
        const std::string compact = "[" + pair + "," + origin + "," + pair + "]";
        const std::string spaced = "[" + pair_spaced + ", " + origin_spaced + ", " + pair_spaced + "]";
        const auto line = [](const std::string& list) {
          return R"({"id":"x","mode":"browser","request":{"origin":"https://a.example","url":"https://b.example/",)"
                 R"("method":"GET","headers":)" +
                 list + R"(},"response":{"status":200,"headers":)" + list + "}}";
        };
        const auto walked = read(line(spaced), false);
        ASSERT_EQ(walked.first.size(), 3U) << line(spaced);
        EXPECT_EQ(walked.first[1].second, "https://a.example");
        EXPECT_EQ(read(line(compact), false), walked) << line(compact);
        EXPECT_EQ(read(line(compact), true), walked) << line(compact);
        ++lines;
      }
    }
  }
  EXPECT_EQ(lines, 13 * 71 * 5);
}

}  // namespace
