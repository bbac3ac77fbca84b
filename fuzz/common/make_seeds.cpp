// fuzz/common/make_seeds.cpp — the hand-picked spec examples of the
// structured fuzz targets, encoded as fuzzer input.
//
//   corsproof_fuzz_make_seeds --write corpus/fuzz   # (re)write spec-* seeds
//   corsproof_fuzz_make_seeds --check corpus/fuzz   # ctest fuzz_seed_encoding
//
// Each example is a case of the oracle protocol (the examples of
// shared/oracle-protocol.md and one case per rule of
// docs/protocol-decisions.md that a structured target should start from).
// It is encoded with structured_input's encoder, decoded again with the same
// coding function the targets use, and compared: an example that does not
// survive the round trip is an error. --check also fails when a spec-* file
// in the corpus differs from its encoding (the input format changed: run
// --write and re-minimise the corpus).
#include <FuzzedDataProvider.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <string>
#include <vector>

#include <corsproof/server.hpp>

#include "structured_input.hpp"

namespace {

using namespace corsproof_fuzz;
using corsproof::credentials_mode;
using corsproof::policy_config;

struct seed {
  std::string target;
  std::string name;
  std::vector<std::uint8_t> bytes;
};

policy_config protocol_policy() {
  policy_config p;
  p.allow_origins = {"https://app.example", "https://*.example.com", "re:^https://[a-z0-9-]+\\.example\\.org$",
                     "null"};
  p.allow_methods = {"GET", "POST", "PUT", "PATCH"};
  p.allow_headers = {"content-type", "x-api-key"};
  p.expose_headers = {"x-request-id"};
  p.max_age = 600;
  return p;
}

policy_config with_origins(std::vector<std::string> origins) {
  policy_config p;
  p.allow_origins = std::move(origins);
  return p;
}

std::vector<std::pair<std::string, server_case>> server_examples() {
  std::vector<std::pair<std::string, server_case>> v;
  const policy_config proto = protocol_policy();
  policy_config cred = proto;
  cred.allow_credentials = true;
  policy_config star = with_origins({"*"});
  star.allow_methods = {"*"};
  star.allow_headers = {"*"};
  star.expose_headers = {"*"};
  policy_config star_cred = with_origins({"https://app.example"});
  star_cred.allow_methods = {"*"};
  star_cred.allow_headers = {"*"};
  star_cred.expose_headers = {"*", "x-request-id"};
  star_cred.allow_credentials = true;
  policy_config pn = proto;
  pn.allow_private_network = true;
  pn.preflight_status = 200;

  v.push_back({"preflight-protocol-example",
               {proto,
                "OPTIONS",
                {{"Origin", "https://app.example"},
                 {"Access-Control-Request-Method", "PUT"},
                 {"Access-Control-Request-Headers", "content-type, x-api-key"}}}});
  v.push_back({"actual-credentials", {cred, "GET", {{"Origin", "https://app.example"}, {"Cookie", "a=b"}}}});
  v.push_back({"not-cors", {proto, "GET", {{"Accept", "*/*"}}}});
  v.push_back({"multiple-origins",
               {proto, "GET", {{"Origin", "https://app.example"}, {"Origin", "https://app.example"}}}});
  v.push_back({"malformed-origin-trailing-slash", {proto, "GET", {{"Origin", "https://app.example/"}}}});
  v.push_back({"origin-not-allowed-non-canonical", {proto, "GET", {{"Origin", "https://APP.example"}}}});
  v.push_back({"wildcard-subdomain-preflight",
               {proto,
                "OPTIONS",
                {{"Origin", "https://b.a.example.com"}, {"Access-Control-Request-Method", "PATCH"}}}});
  v.push_back({"wildcard-never-matches-suffix", {proto, "GET", {{"Origin", "https://example.com"}}}});
  v.push_back({"regex-origin", {proto, "GET", {{"Origin", "https://x.example.org"}}}});
  v.push_back({"null-origin-listed", {proto, "GET", {{"Origin", "null"}}}});
  v.push_back({"star-null-not-matched", {star, "GET", {{"Origin", "null"}}}});
  v.push_back({"star-preflight",
               {star,
                "OPTIONS",
                {{"Origin", "https://app.example"},
                 {"Access-Control-Request-Method", "DELETE"},
                 {"Access-Control-Request-Headers", "x-custom"}}}});
  v.push_back({"star-authorization-not-covered",
               {star,
                "OPTIONS",
                {{"Origin", "https://app.example"},
                 {"Access-Control-Request-Method", "PUT"},
                 {"Access-Control-Request-Headers", "Authorization, content-type"}}}});
  v.push_back({"credentials-echo-instead-of-star",
               {star_cred,
                "OPTIONS",
                {{"Origin", "https://app.example"},
                 {"Access-Control-Request-Method", "QUERY"},
                 {"Access-Control-Request-Headers", "x-a,x-b"}}}});
  v.push_back({"credentials-echo-literal-star-header",
               {star_cred,
                "OPTIONS",
                {{"Origin", "https://app.example"},
                 {"Access-Control-Request-Method", "QUERY"},
                 {"Access-Control-Request-Headers", "*"}}}});
  v.push_back({"credentials-expose-star-dropped", {star_cred, "POST", {{"Origin", "https://app.example"}}}});
  v.push_back({"safelisted-method-always-passes",
               {with_origins({"https://app.example"}),
                "OPTIONS",
                {{"Origin", "https://app.example"}, {"Access-Control-Request-Method", "POST"}}}});
  v.push_back({"method-not-allowed-case-sensitive",
               {proto,
                "OPTIONS",
                {{"Origin", "https://app.example"}, {"Access-Control-Request-Method", "patch"}}}});
  v.push_back({"lower-case-options-is-actual",
               {proto,
                "options",
                {{"Origin", "https://app.example"}, {"Access-Control-Request-Method", "PUT"}}}});
  v.push_back({"two-request-methods",
               {proto,
                "OPTIONS",
                {{"Origin", "https://app.example"},
                 {"Access-Control-Request-Method", "PUT"},
                 {"Access-Control-Request-Method", "PUT"}}}});
  v.push_back({"request-headers-not-a-token",
               {proto,
                "OPTIONS",
                {{"Origin", "https://app.example"},
                 {"Access-Control-Request-Method", "PUT"},
                 {"Access-Control-Request-Headers", "x-api-key;"}}}});
  v.push_back({"request-headers-repeated-and-empty",
               {proto,
                "OPTIONS",
                {{"Origin", "https://app.example"},
                 {"Access-Control-Request-Method", "PUT"},
                 {"Access-Control-Request-Headers", "x-api-key, ,"},
                 {"access-control-request-headers", "Content-Type"}}}});
  v.push_back({"header-not-allowed",
               {proto,
                "OPTIONS",
                {{"Origin", "https://app.example"},
                 {"Access-Control-Request-Method", "GET"},
                 {"Access-Control-Request-Headers", "content-type, x-custom"}}}});
  v.push_back({"private-network-not-allowed",
               {proto,
                "OPTIONS",
                {{"Origin", "https://app.example"},
                 {"Access-Control-Request-Method", "GET"},
                 {"Access-Control-Request-Private-Network", "true"}}}});
  // Regression (known issue server-output-capacity): a 16800-byte method
  // echoed under allow_methods "*" with credentials does not fit
  // server_output_capacity, which server.hpp says always holds an answer.
  {
    policy_config echo = with_origins({"https://app.example"});
    echo.allow_methods = {"*"};
    echo.allow_credentials = true;
    std::string method;
    for (int i = 0; i < 2100; ++i) method += "PROPFIND";
    v.push_back({"regression-long-method-echo",
                 {echo, "OPTIONS", {{"Origin", "https://app.example"}, {"Access-Control-Request-Method", method}}}});
  }
  v.push_back({"private-network-allowed",
               {pn,
                "OPTIONS",
                {{"Origin", "http://localhost:8080"},
                 {"Access-Control-Request-Method", "PUT"},
                 {"Access-Control-Request-Private-Network", "true"}}}});
  return v;
}

browser_case browser(std::string origin, std::string url, std::string method, std::vector<header> headers,
                     credentials_mode cred, std::optional<response_case> pre, std::optional<response_case> resp,
                     bool private_network = false) {
  browser_case c;
  c.origin = std::move(origin);
  c.url = std::move(url);
  c.method = std::move(method);
  c.headers = std::move(headers);
  c.credentials = cred;
  c.private_network = private_network;
  c.preflight_response = std::move(pre);
  c.response = std::move(resp);
  return c;
}

std::vector<std::pair<std::string, browser_case>> browser_examples() {
  std::vector<std::pair<std::string, browser_case>> v;
  const std::string app = "https://app.example";
  const std::string api = "https://api.example/x";
  v.push_back({"protocol-example",
               browser(app, api, "PUT", {{"Content-Type", "application/json"}}, credentials_mode::include,
                       response_case{204,
                                {{"Access-Control-Allow-Origin", app},
                                 {"Access-Control-Allow-Credentials", "true"},
                                 {"Access-Control-Allow-Methods", "PUT"},
                                 {"Access-Control-Allow-Headers", "content-type"},
                                 {"Access-Control-Max-Age", "600"}}},
                       response_case{200,
                                {{"Access-Control-Allow-Origin", app},
                                 {"Access-Control-Allow-Credentials", "true"},
                                 {"Content-Type", "application/json"}}})});
  v.push_back({"simple-get-star",
               browser(app, api, "GET", {}, credentials_mode::omit, std::nullopt,
                       response_case{200, {{"Access-Control-Allow-Origin", "*"}, {"X-Request-Id", "1"}}})});
  v.push_back({"same-origin",
               browser(app, "https://app.example/path", "DELETE", {{"X-Api-Key", "k"}},
                       credentials_mode::same_origin, std::nullopt,
                       response_case{200, {{"Set-Cookie", "a=b"}, {"X-Request-Id", "1"}}})});
  v.push_back({"forbidden-method",
               browser(app, api, "CONNECT", {}, credentials_mode::omit, std::nullopt, std::nullopt)});
  v.push_back({"forbidden-header-dropped",
               browser(app, api, "GET", {{"Cookie", "a=b"}, {"Sec-Fetch-Mode", "cors"}}, credentials_mode::omit,
                       std::nullopt, response_case{200, {{"Access-Control-Allow-Origin", app}}})});
  v.push_back({"wildcard-with-credentials",
               browser(app, api, "GET", {}, credentials_mode::include, std::nullopt,
                       response_case{200, {{"Access-Control-Allow-Origin", "*"}}})});
  v.push_back({"acac-not-true",
               browser(app, api, "GET", {}, credentials_mode::include, std::nullopt,
                       response_case{200, {{"Access-Control-Allow-Origin", app},
                                      {"Access-Control-Allow-Credentials", "True"}}})});
  v.push_back({"acao-multiple",
               browser(app, api, "GET", {}, credentials_mode::omit, std::nullopt,
                       response_case{200, {{"Access-Control-Allow-Origin", app}, {"Access-Control-Allow-Origin", app}}})});
  v.push_back({"preflight-status",
               browser(app, api, "PATCH", {}, credentials_mode::omit,
                       response_case{500, {{"Access-Control-Allow-Origin", "*"}, {"Access-Control-Allow-Methods", "*"}}},
                       response_case{200, {{"Access-Control-Allow-Origin", "*"}}})});
  v.push_back({"authorization-not-covered-by-star",
               browser(app, api, "GET", {{"Authorization", "Bearer x"}}, credentials_mode::omit,
                       response_case{204, {{"Access-Control-Allow-Origin", "*"}, {"Access-Control-Allow-Headers", "*"}}},
                       response_case{200, {{"Access-Control-Allow-Origin", "*"}}})});
  v.push_back({"method-not-allowed-star-with-credentials",
               browser(app, api, "PUT", {}, credentials_mode::include,
                       response_case{204,
                                {{"Access-Control-Allow-Origin", app},
                                 {"Access-Control-Allow-Credentials", "true"},
                                 {"Access-Control-Allow-Methods", "*"}}},
                       std::nullopt)});
  v.push_back({"acah-invalid",
               browser(app, api, "GET", {{"X-Api-Key", "k"}}, credentials_mode::omit,
                       response_case{204, {{"Access-Control-Allow-Origin", "*"}, {"Access-Control-Allow-Headers", "x-api-key;"}}},
                       std::nullopt)});
  v.push_back({"unsafe-content-type-and-range",
               browser(app, api, "POST", {{"Content-Type", "text/plain(x)"}, {"Range", "bytes=5-1"}},
                       credentials_mode::omit,
                       response_case{204,
                                {{"Access-Control-Allow-Origin", "*"},
                                 {"Access-Control-Allow-Headers", "Content-Type, range"},
                                 {"Access-Control-Max-Age", "99999999999999999999"}}},
                       response_case{200, {{"Access-Control-Allow-Origin", "*"}}})});
  v.push_back({"safelisted-headers-no-preflight",
               browser(app, api, "POST",
                       {{"Content-Type", "text/plain;charset=utf-8"}, {"Accept-Language", "en-US,en;q=0.9"},
                        {"Range", "bytes=0-"}},
                       credentials_mode::omit, std::nullopt, response_case{200, {{"Access-Control-Allow-Origin", app}}})});
  v.push_back({"private-network",
               browser(app, "http://localhost:8080/", "GET", {}, credentials_mode::omit,
                       response_case{204, {{"Access-Control-Allow-Origin", app}}}, std::nullopt, true)});
  v.push_back({"missing-preflight-response",
               browser(app, api, "DELETE", {}, credentials_mode::omit, std::nullopt, std::nullopt)});
  v.push_back({"expose-star-without-credentials",
               browser(app, api, "GET", {}, credentials_mode::omit, std::nullopt,
                       response_case{200,
                                {{"Access-Control-Allow-Origin", "*"},
                                 {"Access-Control-Expose-Headers", "*"},
                                 {"X-Custom", "1"},
                                 {"Set-Cookie", "a=b"}}})});
  v.push_back({"expose-listed-with-credentials",
               browser(app, api, "GET", {}, credentials_mode::include, std::nullopt,
                       response_case{200,
                                {{"Access-Control-Allow-Origin", app},
                                 {"Access-Control-Allow-Credentials", "true"},
                                 {"Access-Control-Expose-Headers", "*, X-Request-Id"},
                                 {"X-Request-Id", "1"},
                                 {"X-Custom", "1"}}})});
  // Regression (known issue browser-url-null): the URL "null" has no
  // scheme://host; the core took it for a URL with origin "null".
  v.push_back({"regression-url-null",
               browser(app, "null", "PUT", {}, credentials_mode::omit,
                       response_case{204, {{"Access-Control-Allow-Origin", app}, {"Access-Control-Allow-Methods", "PUT"}}},
                       std::nullopt)});
  // Regression (known issue browser-bounds-after-forbidden): a value over
  // 8192 bytes after a header that makes the request forbidden.
  {
    std::string big;
    for (int i = 0; i < 1100; ++i) big += " padded\t";
    v.push_back({"regression-bounds-after-forbidden",
                 browser(app, api, "GET", {{"bad name", "x"}, {"X-A", big}}, credentials_mode::omit, std::nullopt,
                         std::nullopt)});
  }
  // Regression (known issue model-acao-comma-origin): a request origin with
  // a comma (no serialized origin) equal to the response's ACAO.
  v.push_back({"regression-comma-request-origin",
               browser("https://app.example, https://api.example", api, "GET", {}, credentials_mode::omit,
                       std::nullopt,
                       response_case{200, {{"Access-Control-Allow-Origin", "https://app.example, https://api.example"}}})});
  v.push_back({"method-override-forbidden",
               browser(app, api, "POST", {{"X-HTTP-Method-Override", "TRACE"}, {"X-Api-Key", "k"}},
                       credentials_mode::omit,
                       response_case{204, {{"Access-Control-Allow-Origin", "*"}, {"Access-Control-Allow-Headers", "*"}}},
                       std::nullopt)});
  return v;
}

std::vector<std::pair<std::string, policy_config>> policy_examples() {
  std::vector<std::pair<std::string, policy_config>> v;
  v.push_back({"protocol-example", protocol_policy()});
  v.push_back({"non-canonical-origin", with_origins({"https://App.example:443/"})});
  policy_config star_cred = with_origins({"*"});
  star_cred.allow_credentials = true;
  v.push_back({"star-with-credentials", star_cred});
  v.push_back({"star-not-alone", with_origins({"*", "https://app.example"})});
  v.push_back({"regex-does-not-compile", with_origins({"re:("})});
  v.push_back({"wildcard-default-port", with_origins({"https://*.Example.com:443"})});
  v.push_back({"empty-origins", with_origins({})});
  policy_config methods = with_origins({"https://app.example"});
  methods.allow_methods = {"GET", "bad method"};
  v.push_back({"method-not-a-token", methods});
  policy_config age = with_origins({"https://app.example"});
  age.max_age = -1;
  v.push_back({"max-age-negative", age});
  policy_config status = with_origins({"https://app.example"});
  status.preflight_status = 201;
  v.push_back({"preflight-status-201", status});
  // Regression (known issue policy-wildcard-substr-throw): "://" before
  // "://*." made compile_policy throw std::out_of_range.
  v.push_back({"regression-wildcard-after-second-scheme", with_origins({"a://b://*.c"})});
  // Regression (known issue policy-suggestion-refused): the suggested
  // "https://*.1.2.3.4" is itself refused (an IP suffix).
  v.push_back({"regression-wildcard-ip-suffix-suggestion", with_origins({"https://*.1.2.3.4/"})});
  return v;
}

// token_list_bounds reads: max_elements (0..80), max_bytes (0..5000), the
// number of headers (0..8), then per header a name kind (0..3: the list's
// name in two spellings, Access-Control-Request-Method, a raw name up to 40
// bytes) and a raw value up to 2048 bytes.
struct token_list_example {
  std::uint64_t max_elements, max_bytes;
  std::vector<std::pair<std::uint64_t, std::string>> headers;  // name kind, value
};

std::vector<std::pair<std::string, token_list_example>> token_list_examples() {
  // The server's Access-Control-Request-Headers bounds (64 names, 4096 bytes).
  constexpr std::uint64_t names = corsproof::max_requested_header_names;
  constexpr std::uint64_t bytes = corsproof::max_request_headers_list_bytes;
  std::string many;
  for (std::uint64_t i = 0; i < names + 1; ++i) many += (i ? ",x-" : "x-") + std::to_string(i);
  return {
      {"protocol-example", {names, bytes, {{0, "content-type, x-api-key"}}}},
      {"repeated-headers-one-list", {names, bytes, {{0, "x-a"}, {2, "PUT"}, {1, " x-b ,x-c"}}}},
      {"empty-elements", {names, bytes, {{0, " , ,x-a,,\t,"}}}},
      {"not-a-token", {names, bytes, {{0, "x-a, bad header, x-b"}}}},
      {"sixty-five-names", {names, bytes, {{0, many}}}},
      {"too-long", {names, 10, {{0, "x-a"}, {1, "content-type"}}}},
      {"absent", {names, bytes, {{2, "PUT"}}}},
  };
}

std::vector<std::uint8_t> encode_token_list(const token_list_example& t) {
  encoder e(case_shape);
  std::uint64_t v = t.max_elements;
  e.choice(v, 80);
  v = t.max_bytes;
  e.choice(v, 5000);
  v = t.headers.size();
  e.choice(v, 8);
  for (const auto& [kind, value] : t.headers) {
    std::uint64_t k = kind;
    e.choice(k, 3);
    std::string copy = value;
    e.raw(copy, 2048);
  }
  return e.bytes();
}

template <class Case, class Code>
std::vector<std::uint8_t> encode(const Case& c, const shape& s, Code code) {
  Case copy = c;
  encoder e(s);
  code(e, copy);
  return e.bytes();
}

template <class Case, class Code>
Case decode(const std::vector<std::uint8_t>& bytes, const shape& s, Code code) {
  FuzzedDataProvider p(bytes.data(), bytes.size());
  decoder d(p, s);
  Case c;
  code(d, c);
  return c;
}

// "spec-server-NAME", or "regression-server-NAME" for "regression-NAME".
std::string differential_name(const std::string& name, const std::string& mode) {
  constexpr std::string_view r = "regression-";
  if (name.starts_with(r)) return std::string(r) + mode + name.substr(r.size());
  return "spec-" + mode + name;
}

bool build(std::vector<seed>& seeds) {
  bool ok = true;
  for (const auto& [name, c] : server_examples()) {
    auto code = [](auto& io, server_case& x) { code_server_case(io, x); };
    std::vector<std::uint8_t> bytes = encode(c, case_shape, code);
    if (!same_server_case(decode<server_case>(bytes, case_shape, code), c)) {
      std::fprintf(stderr, "make_seeds: server example %s does not decode back\n", name.c_str());
      ok = false;
    }
    const std::string prefix = name.starts_with("regression-") ? "" : "spec-";
    seeds.push_back({"server_self_consistency", prefix + name, bytes});
    // The differential target reads a mode flag first (0: server, 1: browser).
    auto diff = [](auto& io, server_case& x) {
      bool browser_mode = false;
      flag(io, browser_mode);
      code_server_case(io, x);
    };
    std::vector<std::uint8_t> dbytes = encode(c, case_shape, diff);
    if (!same_server_case(decode<server_case>(dbytes, case_shape, diff), c)) ok = false;
    seeds.push_back({"core_model_differential", differential_name(name, "server-"), dbytes});
  }
  for (const auto& [name, c] : browser_examples()) {
    auto code = [](auto& io, browser_case& x) { code_browser_case(io, x); };
    std::vector<std::uint8_t> bytes = encode(c, case_shape, code);
    if (!(decode<browser_case>(bytes, case_shape, code) == c)) {
      std::fprintf(stderr, "make_seeds: browser example %s does not decode back\n", name.c_str());
      ok = false;
    }
    const std::string prefix = name.starts_with("regression-") ? "" : "spec-";
    seeds.push_back({"browser_self_consistency", prefix + name, bytes});
    auto diff = [](auto& io, browser_case& x) {
      bool browser_mode = true;
      flag(io, browser_mode);
      code_browser_case(io, x);
    };
    std::vector<std::uint8_t> dbytes = encode(c, case_shape, diff);
    if (!(decode<browser_case>(dbytes, case_shape, diff) == c)) ok = false;
    seeds.push_back({"core_model_differential", differential_name(name, "browser-"), dbytes});
  }
  for (const auto& [name, c] : policy_examples()) {
    auto code = [](auto& io, policy_config& x) { code_policy(io, x, false); };
    std::vector<std::uint8_t> bytes = encode(c, policy_shape, code);
    if (!same_policy(decode<policy_config>(bytes, policy_shape, code), c)) {
      std::fprintf(stderr, "make_seeds: policy example %s does not decode back\n", name.c_str());
      ok = false;
    }
    seeds.push_back({"policy_refusal_messages", (name.starts_with("regression-") ? "" : "spec-") + name, bytes});
  }
  for (const auto& [name, t] : token_list_examples())
    seeds.push_back({"token_list_bounds", "spec-" + name, encode_token_list(t)});
  return ok;
}

std::vector<std::uint8_t> read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3 || (std::strcmp(argv[1], "--write") != 0 && std::strcmp(argv[1], "--check") != 0)) {
    std::fprintf(stderr, "usage: %s --write|--check CORPUS_DIR (corpus/fuzz)\n", argv[0]);
    return 2;
  }
  const bool write = std::strcmp(argv[1], "--write") == 0;
  const std::filesystem::path root = argv[2];
  std::vector<seed> seeds;
  bool ok = build(seeds);
  for (const auto& s : seeds) {
    const std::filesystem::path file = root / s.target / s.name;
    if (write) {
      std::filesystem::create_directories(file.parent_path());
      std::ofstream out(file, std::ios::binary);
      out.write(reinterpret_cast<const char*>(s.bytes.data()), static_cast<std::streamsize>(s.bytes.size()));
    } else if (std::filesystem::is_directory(file.parent_path()) && read_file(file) != s.bytes) {
      std::fprintf(stderr, "make_seeds: %s is missing or out of date (run --write)\n", file.c_str());
      ok = false;
    }
  }
  std::fprintf(stderr, "make_seeds: %zu seeds %s\n", seeds.size(), write ? "written" : "checked");
  return ok ? 0 : 1;
}
