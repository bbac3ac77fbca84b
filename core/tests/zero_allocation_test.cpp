// Proves that evaluation never touches the heap: every global allocation
// function is replaced by a counting one, and each evaluation path (allowed,
// denied, malformed, over a bound, buffer too small) runs while counting.
//
// Policy compilation allocates (it is allowed to); it happens outside the
// counted regions. RE2's lazy DFA may build states the first time a `re:`
// pattern meets a new input: the regex rows are therefore counted twice, cold
// (reported) and warm (must be zero); every other row must be zero cold.
// Origins with IP hosts, non-canonical spellings and `xn--` labels are rows
// too: the URL Standard host rules run on the stack, with no IDNA library
// (an ASCII domain is only lower-cased, whatwg/url a8d5ca3), so they are no
// exception.
//
// Protocol v1.1: URL parsing, the CORS-preflight cache (its table and arena
// are allocated by its constructor, outside the counted regions) and
// redirect chains allocate nothing either. The one documented exception
// (corsproof/url.hpp): a URL host that is not ASCII goes through ICU's UTS #46,
// which allocates with its own allocator; main() installs counting ICU
// memory functions, so those allocations are counted too, and the test shows
// that ASCII URLs never reach ICU.
#include <gtest/gtest.h>

#include <array>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <new>
#include <string>
#include <vector>

#include <unicode/uclean.h>

#include "corsproof/corsproof.hpp"

namespace {
std::atomic<long> g_allocations{0};
std::atomic<long> g_icu_allocations{0};
thread_local bool t_counting = false;

void* counted_alloc(std::size_t n) {
  if (t_counting) g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}
void* counted_aligned_alloc(std::size_t n, std::align_val_t a) {
  if (t_counting) g_allocations.fetch_add(1, std::memory_order_relaxed);
  const std::size_t align = static_cast<std::size_t>(a);
  const std::size_t size = (n + align - 1) / align * align;
  if (void* p = std::aligned_alloc(align, size == 0 ? align : size)) return p;
  throw std::bad_alloc();
}
}  // namespace

void* operator new(std::size_t n) { return counted_alloc(n); }
void* operator new[](std::size_t n) { return counted_alloc(n); }
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
  try { return counted_alloc(n); } catch (...) { return nullptr; }
}
void* operator new[](std::size_t n, const std::nothrow_t&) noexcept {
  try { return counted_alloc(n); } catch (...) { return nullptr; }
}
void* operator new(std::size_t n, std::align_val_t a) { return counted_aligned_alloc(n, a); }
void* operator new[](std::size_t n, std::align_val_t a) { return counted_aligned_alloc(n, a); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }

namespace {
using namespace corsproof;

// Runs `f` with counting on and returns the number of allocations it made
// (operator new and ICU's allocator together).
template <class F>
long allocations_in(F&& f) {
  g_allocations.store(0);
  g_icu_allocations.store(0);
  t_counting = true;
  f();
  t_counting = false;
  return g_allocations.load() + g_icu_allocations.load();
}

// ICU's memory functions (u_setMemoryFunctions): count, then malloc.
const void* icu_context = nullptr;
void* U_CALLCONV icu_alloc(const void*, std::size_t n) {
  if (t_counting) g_icu_allocations.fetch_add(1, std::memory_order_relaxed);
  return std::malloc(n == 0 ? 1 : n);
}
void* U_CALLCONV icu_realloc(const void*, void* p, std::size_t n) {
  if (t_counting) g_icu_allocations.fetch_add(1, std::memory_order_relaxed);
  return std::realloc(p, n == 0 ? 1 : n);
}
void U_CALLCONV icu_free(const void*, void* p) { std::free(p); }

// The counter itself must see allocations, or every "0" below means nothing.
TEST(ZeroAllocation, CounterSeesAllocations) {
  const long n = allocations_in([] {
    auto* v = new std::vector<int>(100);
    delete v;
    std::string s(1000, 'x');
    (void)s;
  });
  EXPECT_GE(n, 3);
}

policy compile(policy_config c) {
  policy_result r = compile_policy(c);
  if (!r.ok()) {
    ADD_FAILURE() << r.error;
    std::abort();
  }
  return std::move(*r.value);
}

struct server_row {
  const char* name;
  const policy* pol;
  std::string method;
  std::vector<header_view> headers;
  std::size_t buffer;  // output buffer size
};

struct policies {
  policy exact, wildcard, regex, any, credentialed;
  static policies make() {
    policy_config exact{};
    for (int i = 0; i < 4096; ++i) exact.allow_origins.push_back("https://o" + std::to_string(i) + ".example");
    exact.allow_origins.push_back("https://app.example");
    exact.allow_origins.push_back("null");
    exact.allow_methods = {"GET", "PUT", "PATCH"};
    exact.allow_headers = {"content-type", "x-api-key", "authorization"};
    exact.expose_headers = {"x-request-id"};
    exact.max_age = 600;
    exact.allow_private_network = true;
    policy_config wildcard = exact;
    wildcard.allow_origins = {"https://*.example.com", "https://*.example.org:8443"};
    policy_config regex = exact;
    regex.allow_origins = {"re:https://[a-z0-9-]+\\.example\\.net", "re:http://localhost:[0-9]+"};
    policy_config any{};
    any.allow_origins = {"*"};
    any.allow_methods = {"*"};
    any.allow_headers = {"*"};
    any.expose_headers = {"*"};
    policy_config cred = exact;
    cred.allow_credentials = true;
    cred.allow_methods = {"*"};
    cred.allow_headers = {"*", "authorization"};
    cred.expose_headers = {"*", "x-request-id"};
    return {compile(exact), compile(wildcard), compile(regex), compile(any), compile(cred)};
  }
};

std::vector<server_row> server_rows(const policies& p, const std::vector<header_view>& many) {
  const std::string acrm = "Access-Control-Request-Method";
  const std::string acrh = "Access-Control-Request-Headers";
  std::vector<server_row> rows = {
      {"not-cors", &p.exact, "GET", {{"Host", "api.example"}}, server_output_capacity},
      {"actual allowed", &p.exact, "GET", {{"Origin", "https://app.example"}}, server_output_capacity},
      {"actual denied", &p.exact, "GET", {{"Origin", "https://evil.example"}}, server_output_capacity},
      {"preflight allowed", &p.exact, "OPTIONS",
       {{"Origin", "https://app.example"}, {"Access-Control-Request-Method", "PUT"},
        {"Access-Control-Request-Headers", "content-type,x-api-key"}}, server_output_capacity},
      {"preflight allowed, private network", &p.exact, "OPTIONS",
       {{"Origin", "https://o17.example"}, {"Access-Control-Request-Method", "PATCH"},
        {"Access-Control-Request-Private-Network", "true"}}, server_output_capacity},
      {"preflight null allowed", &p.exact, "OPTIONS",
       {{"Origin", "null"}, {"Access-Control-Request-Method", "GET"}}, server_output_capacity},
      {"preflight origin denied", &p.exact, "OPTIONS",
       {{"Origin", "https://app.example.evil"}, {"Access-Control-Request-Method", "PUT"}}, server_output_capacity},
      {"preflight method denied", &p.exact, "OPTIONS",
       {{"Origin", "https://app.example"}, {"Access-Control-Request-Method", "DELETE"}}, server_output_capacity},
      {"preflight header denied", &p.exact, "OPTIONS",
       {{"Origin", "https://app.example"}, {"Access-Control-Request-Method", "PUT"},
        {"Access-Control-Request-Headers", "x-api-key, x-other"}}, server_output_capacity},
      {"malformed origin", &p.exact, "OPTIONS",
       {{"Origin", "https://app.example/"}, {"Access-Control-Request-Method", "PUT"}}, server_output_capacity},
      {"multiple origins", &p.exact, "GET",
       {{"Origin", "https://app.example"}, {"Origin", "https://app.example"}}, server_output_capacity},
      {"malformed request method", &p.exact, "OPTIONS",
       {{"Origin", "https://app.example"}, {"Access-Control-Request-Method", "P UT"}}, server_output_capacity},
      {"malformed request headers", &p.exact, "OPTIONS",
       {{"Origin", "https://app.example"}, {"Access-Control-Request-Method", "PUT"},
        {"Access-Control-Request-Headers", "x-a, x b"}}, server_output_capacity},
      {"wildcard allowed", &p.wildcard, "OPTIONS",
       {{"Origin", "https://a.b.example.com"}, {"Access-Control-Request-Method", "PUT"}}, server_output_capacity},
      {"wildcard denied", &p.wildcard, "OPTIONS",
       {{"Origin", "https://example.com"}, {"Access-Control-Request-Method", "PUT"}}, server_output_capacity},
      {"any origin", &p.any, "OPTIONS",
       {{"Origin", "https://x.test"}, {"Access-Control-Request-Method", "DELETE"},
        {"Access-Control-Request-Headers", "x-a"}}, server_output_capacity},
      {"credentials echo", &p.credentialed, "OPTIONS",
       {{"Origin", "https://app.example"}, {"Access-Control-Request-Method", "DELETE"},
        {"Access-Control-Request-Headers", "authorization, x-b"}}, server_output_capacity},
      {"credentials actual", &p.credentialed, "POST", {{"Origin", "https://app.example"}}, server_output_capacity},
      {"output too small", &p.exact, "OPTIONS",
       {{"Origin", "https://app.example"}, {"Access-Control-Request-Method", "PUT"},
        {"Access-Control-Request-Headers", "content-type,x-api-key"}}, 16},
      {"over the header bound", &p.exact, "GET", many, server_output_capacity},
      // The host rules (URL Standard host parser and serializer) on the
      // stack: non-canonical IP spellings, an xn-- label (lower-cased only,
      // no IDNA library call), "*" and null.
      {"IPv4 shorthand (malformed)", &p.exact, "GET", {{"Origin", "http://127.1"}}, server_output_capacity},
      {"IPv6 not compressed (malformed)", &p.exact, "GET", {{"Origin", "http://[0:0:0:0:0:0:0:1]"}},
       server_output_capacity},
      {"IPv6 canonical (not listed)", &p.exact, "GET", {{"Origin", "http://[2001:db8::1]:8443"}},
       server_output_capacity},
      {"ends in a number, no IPv4 address", &p.exact, "GET", {{"Origin", "http://foo.bar.255"}},
       server_output_capacity},
      {"xn-- label", &p.wildcard, "GET", {{"Origin", "https://xn--bcher-kva.example.com"}}, server_output_capacity},
      {"invalid Punycode label", &p.exact, "GET", {{"Origin", "https://xn--f.example"}}, server_output_capacity},
      {"any origin, null", &p.any, "GET", {{"Origin", "null"}}, server_output_capacity},
  };
  return rows;
}

TEST(ZeroAllocation, ServerEvaluation) {
  const policies p = policies::make();
  std::vector<header_view> many(max_server_request_headers + 1, header_view{"X-A", "b"});
  const auto rows = server_rows(p, many);
  std::vector<char> buffer(server_output_capacity);
  std::printf("%-40s %s\n", "server path", "allocations");
  for (const auto& row : rows) {
    server_request req{row.method, header_list(row.headers)};
    server_decision d;
    const long n = allocations_in([&] { d = evaluate_server(*row.pol, req, std::span(buffer.data(), row.buffer)); });
    std::printf("%-40s %ld   (%s, %s)\n", row.name, n, std::string(to_string(d.reason)).c_str(),
                std::string(to_string(d.status)).c_str());
    EXPECT_EQ(n, 0) << row.name;
  }
}

TEST(ZeroAllocation, ServerEvaluationWithRegexPatterns) {
  const policies p = policies::make();
  std::vector<char> buffer(server_output_capacity);
  const std::vector<std::vector<header_view>> requests = {
      {{"Origin", "https://shop.example.net"}, {"Access-Control-Request-Method", "PUT"}},
      {{"Origin", "http://localhost:8080"}, {"Access-Control-Request-Method", "PATCH"}},
      {{"Origin", "https://shop.example.net.evil"}, {"Access-Control-Request-Method", "PUT"}},
  };
  for (int pass = 0; pass < 2; ++pass) {
    for (const auto& headers : requests) {
      server_request req{"OPTIONS", header_list(headers)};
      const long n = allocations_in([&] { (void)evaluate_server(p.regex, req, buffer); });
      std::printf("regex %-34s %s pass: %ld allocations\n", std::string(headers[0].value).c_str(),
                  pass == 0 ? "cold" : "warm", n);
      if (pass == 1) {
        EXPECT_EQ(n, 0) << headers[0].value;
      }
    }
  }
}

TEST(ZeroAllocation, BrowserChecks) {
  std::vector<char> buffer(browser_output_capacity);
  const std::vector<header_view> plain = {{"Content-Type", "text/plain;charset=utf-8"}, {"Accept-Language", "en"}};
  const std::vector<header_view> unsafe = {{"Content-Type", "application/json"}, {"X-Api-Key", "k"},
                                           {"Authorization", "Bearer t"}, {"Cookie", "a=b"}};
  const std::vector<header_view> forbidden_value = {{"X-A", "a\nb"}};
  std::vector<header_view> many(max_browser_request_headers + 1, header_view{"X-A", "b"});
  const std::vector<header_view> pre_ok = {{"Access-Control-Allow-Origin", "https://app.example"},
                                           {"Access-Control-Allow-Credentials", "true"},
                                           {"Access-Control-Allow-Methods", "PUT"},
                                           {"Access-Control-Allow-Headers", "content-type, x-api-key, authorization"},
                                           {"Access-Control-Max-Age", "600"}};
  const std::vector<header_view> pre_star = {{"Access-Control-Allow-Origin", "*"},
                                             {"Access-Control-Allow-Methods", "*"},
                                             {"Access-Control-Allow-Headers", "*"}};
  const std::vector<header_view> resp_ok = {{"Access-Control-Allow-Origin", "https://app.example"},
                                            {"Access-Control-Allow-Credentials", "true"},
                                            {"Access-Control-Expose-Headers", "x-request-id, set-cookie"},
                                            {"X-Request-Id", "1"}, {"Set-Cookie", "a=b"}, {"Content-Type", "text/html"}};
  const http_response preflight_ok{204, header_list(pre_ok)};
  const http_response preflight_star{200, header_list(pre_star)};
  const http_response preflight_404{404, header_list(pre_ok)};
  const http_response response_ok{200, header_list(resp_ok)};
  const http_response response_star{200, header_list(pre_star)};
  struct row {
    const char* name;
    browser_exchange ex;
  };
  const row rows[] = {
      {"simple GET allowed", {{"https://app.example", "https://api.example/x", "GET", header_list(plain),
                               credentials_mode::omit, false}, nullptr, &response_star}},
      {"preflighted PUT allowed", {{"https://app.example", "https://api.example/x", "put", header_list(unsafe),
                                    credentials_mode::include, false}, &preflight_ok, &response_ok}},
      {"preflight blocked (status)", {{"https://app.example", "https://api.example/x", "PUT", header_list(unsafe),
                                       credentials_mode::include, false}, &preflight_404, &response_ok}},
      {"preflight blocked (authorization)", {{"https://app.example", "https://api.example/x", "PUT",
                                              header_list(unsafe), credentials_mode::omit, false},
                                             &preflight_star, &response_star}},
      {"response blocked", {{"https://other.example", "https://api.example/x", "GET", header_list(plain),
                             credentials_mode::include, false}, nullptr, &response_ok}},
      {"forbidden method", {{"https://app.example", "https://api.example/x", "TRACE", header_list(plain),
                             credentials_mode::omit, false}, nullptr, &response_ok}},
      {"forbidden header value", {{"https://app.example", "https://api.example/x", "GET",
                                   header_list(forbidden_value), credentials_mode::omit, false}, nullptr, nullptr}},
      {"same origin", {{"https://api.example", "https://api.example:443/x", "DELETE", header_list(unsafe),
                        credentials_mode::omit, false}, nullptr, &response_ok}},
      {"missing preflight response", {{"https://app.example", "https://api.example/x", "PUT", header_list(plain),
                                       credentials_mode::omit, false}, nullptr, nullptr}},
      {"over the header bound", {{"https://app.example", "https://api.example/x", "GET", header_list(many),
                                  credentials_mode::omit, false}, nullptr, nullptr}},
      {"private network blocked", {{"https://app.example", "https://api.example/x", "GET", header_list(plain),
                                    credentials_mode::omit, true}, &preflight_star, nullptr}},
  };
  std::printf("%-40s %s\n", "browser path", "allocations");
  for (const auto& r : rows) {
    browser_decision d;
    const long n = allocations_in([&] { d = evaluate_browser(r.ex, buffer); });
    std::printf("%-40s %ld   (%s, %s)\n", r.name, n, std::string(to_string(d.outcome)).c_str(),
                std::string(to_string(d.status)).c_str());
    EXPECT_EQ(n, 0) << r.name;
  }
  // The individual checks too.
  header_name_set names;
  const long n = allocations_in([&] {
    (void)cors_unsafe_request_header_names(header_list(unsafe), names, buffer);
    (void)cors_check(header_list(resp_ok), "https://app.example", credentials_mode::include);
    (void)is_cors_safelisted_request_header("Content-Type", "multipart/form-data; boundary=x");
    (void)is_forbidden_request_header("X-HTTP-Method-Override", "GET, \"TRACE\", track");
    (void)extract_max_age(header_list(pre_ok));
    (void)check_token_list(header_list(pre_ok), "access-control-allow-headers");
    char canonical[64];
    (void)write_canonical_origin("HTTPS://App.Example:443/path", canonical);
    (void)parse_serialized_origin("https://[::1]:8443");
    (void)parse_well_formed_origin("http://[::FFFF:1.2.3.4]:8443");
    (void)parse_well_formed_origin("http://0x7f.1");
    (void)parse_well_formed_origin("https://xn--f.XN--bcher-kva.example");
    const origin_parse_result ip = parse_serialized_origin("HTTP://127.1:0080");
    (void)write_serialization(ip.origin, canonical);
  });
  std::printf("%-40s %ld\n", "individual checks", n);
  EXPECT_EQ(n, 0);
}

// ---- Protocol v1.1 -------------------------------------------------------------------

TEST(ZeroAllocation, UrlParsing) {
  std::vector<char> base_buffer(max_url_bytes), buffer(max_url_bytes), origin(max_url_bytes);
  const url_parse_result base = parse_url("https://api.example/d/e/f?q=1#frag", nullptr, base_buffer);
  ASSERT_EQ(base.status, url_status::ok);
  const std::string long_path = "/" + std::string(max_url_bytes, 'a');
  const char* const inputs[] = {
      "https://API.example:443/a/./b/../c?x y#z", "/y", "../../y?q", "//cdn.example/z", "\\\\h.example\\x",
      "https://u:p@h.example:8443/", "https://0x7f.1/", "https://[0:0::1]:8443/", "https://exam%70le.org/",
      "https://xn--bcher-kva.example/", "data:,hello", "mailto:a@b", "file:///C|/x", "foo://h/p?q#f",
      "https://a b/", "https://h.example:65536/", "/\xFF\xFE", "blob:https://api.example/uuid",
  };
  std::printf("%-40s %s\n", "URL path", "allocations");
  for (const char* input : inputs) {
    url_parse_result r;
    const long n = allocations_in([&] {
      r = parse_url(input, &base.url, buffer);
      if (r.status == url_status::ok) (void)write_url_origin(r.url, origin);
    });
    std::printf("%-40.40s %ld   (%s)\n", input, n, std::string(to_string(r.status)).c_str());
    EXPECT_EQ(n, 0) << input;
  }
  const long n = allocations_in([&] { (void)parse_url(long_path, &base.url, buffer); });
  EXPECT_EQ(n, 0) << "too long";
}

TEST(ZeroAllocation, NonAsciiHostsGoThroughIcuTheDocumentedException) {
  std::vector<char> buffer(max_url_bytes);
  for (int pass = 0; pass < 2; ++pass) {
    g_allocations.store(0);
    g_icu_allocations.store(0);
    t_counting = true;
    const url_parse_result r = parse_url("https://\xC3\xA9t\xC3\xA9.example/", nullptr, buffer);
    t_counting = false;
    EXPECT_EQ(r.status, url_status::ok);
    EXPECT_EQ(r.url.href, "https://xn--t-9fab.example/");
    std::printf("non-ASCII host, %s: %ld operator new, %ld ICU allocations\n", pass == 0 ? "cold" : "warm",
                g_allocations.load(), g_icu_allocations.load());
    EXPECT_EQ(g_allocations.load(), 0);
    // The first call opens ICU's UTS #46 object: the ICU counter must see it,
    // or the zeros of the ASCII rows would mean nothing.
    if (pass == 0) {
      EXPECT_GT(g_icu_allocations.load(), 0);
    }
  }
}

TEST(ZeroAllocation, PreflightCacheAndChains) {
  preflight_cache cache;  // allocates here, once
  std::vector<char> out(chain_output_capacity);
  auto decision = std::make_unique<chain_decision>();
  std::vector<cache_entry_view> entries(cache.max_entries());
  const std::vector<header_view> put_headers = {{"Content-Type", "application/json"}, {"X-A", "1"},
                                                {"Authorization", "Basic dTpw"}};
  const std::vector<header_view> pre_ok = {{"Access-Control-Allow-Origin", "https://app.example"},
                                           {"Access-Control-Allow-Methods", "PUT, *"},
                                           {"Access-Control-Allow-Headers", "content-type, x-a, authorization"},
                                           {"Access-Control-Max-Age", "600"}};
  const std::vector<header_view> redirect_same = {{"Access-Control-Allow-Origin", "https://app.example"},
                                                  {"Location", "/x?y#f"}};
  const std::vector<header_view> redirect_other = {{"Access-Control-Allow-Origin", "https://app.example"},
                                                   {"Location", "https://b.example/z"}};
  const std::vector<header_view> ok_null = {{"Access-Control-Allow-Origin", "null"}, {"X-Data", "1"},
                                            {"Access-Control-Expose-Headers", "*"}};
  const std::vector<header_view> ok_page = {{"Access-Control-Allow-Origin", "https://app.example"}};
  std::vector<header_view> pre_null = pre_ok;
  pre_null[0].value = "null";
  const http_response preflight{204, header_list(pre_ok)};
  const http_response preflight_tainted{204, header_list(pre_null)};
  const http_response r307{307, header_list(redirect_same)};
  const http_response r302{302, header_list(redirect_other)};
  const http_response final_null{200, header_list(ok_null)};
  const http_response final_page{200, header_list(ok_page)};
  const chain_hop three[] = {{false, {}, &preflight, &r307}, {false, {}, &preflight, &r302}, {false, {}, &preflight_tainted, &final_null}};
  const chain_hop one[] = {{false, {}, &preflight, &final_page}};
  const chain_hop blocked[] = {{false, {}, &preflight, &r307}, {false, {}, &preflight, &final_null}};
  const chain_hop missing[] = {{false, {}, nullptr, &r307}};
  const chain_hop given_url[] = {{true, "https://API.example/r#q", &preflight, &final_page}};
  struct row {
    const char* name;
    chain_request request;
    std::span<const chain_hop> hops;
  };
  const browser_request put{"https://app.example", "https://api.example/r", "PUT", header_list(put_headers),
                            credentials_mode::same_origin, false};
  browser_request forbidden = put;
  forbidden.url = "https://a b.example/";
  const row rows[] = {
      {"3 hops, 2 preflights, tainted", {put, redirect_mode::follow}, three},
      {"3 hops again (cache hits)", {put, redirect_mode::follow}, three},
      {"one hop", {put, redirect_mode::follow}, one},
      {"blocked, clears the cache", {put, redirect_mode::follow}, blocked},
      {"manual: opaque redirect", {put, redirect_mode::manual}, three},
      {"error mode", {put, redirect_mode::error}, three},
      {"incomplete", {put, redirect_mode::follow}, missing},
      {"forbidden request", {forbidden, redirect_mode::follow}, one},
      {"hop url given", {put, redirect_mode::follow}, given_url},
  };
  std::printf("%-40s %s\n", "chain path", "allocations");
  double now = 0;
  for (const row& r : rows) {
    const long n = allocations_in([&] { evaluate_chain(r.request, r.hops, &cache, now, *decision, out); });
    std::printf("%-40s %ld   (%s, %s)\n", r.name, n, std::string(to_string(decision->outcome)).c_str(),
                std::string(to_string(decision->status)).c_str());
    EXPECT_EQ(n, 0) << r.name;
    EXPECT_EQ(decision->status, eval_status::ok) << r.name;
    now += 1;
  }
  const long n = allocations_in([&] {
    (void)cache.method_match({"https://app.example", "https://api.example/r", false}, "PUT", now);
    (void)cache.header_name_match({"https://app.example", "https://api.example/r", false}, "x-a", now);
    (void)cache.store({"https://app.example", "https://api.example/s", true}, header_list(pre_ok), 5, now);
    (void)cache.live_entries(now, entries);
    cache.clear_entries({"https://app.example", "https://api.example/s", true});
    cache.clear();
  });
  std::printf("%-40s %ld\n", "cache operations", n);
  EXPECT_EQ(n, 0);
}

}  // namespace

int main(int argc, char** argv) {
  // Before any ICU call: ICU's allocations are counted too.
  UErrorCode status = U_ZERO_ERROR;
  u_setMemoryFunctions(icu_context, icu_alloc, icu_realloc, icu_free, &status);
  if (U_FAILURE(status)) {
    std::fprintf(stderr, "u_setMemoryFunctions failed: %s\n", u_errorName(status));
    return 1;
  }
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
