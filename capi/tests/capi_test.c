/* The C API used from plain C99: compile, evaluate server requests and
 * browser exchanges, audit, redirect chains and sessions (API version 3),
 * errors, bounds. Prints "N passed, M failed". */
#include <corsproof.h>
#include <stdio.h>
#include <string.h>

static int passed, failed;

#define CHECK(cond, what)                                   \
  do {                                                      \
    if (cond) {                                             \
      ++passed;                                             \
    } else {                                                \
      ++failed;                                             \
      fprintf(stderr, "FAILED: %s (%s:%d)\n", what, __FILE__, __LINE__); \
    }                                                       \
  } while (0)

static corsproof_header H(const char* n, const char* v) {
  corsproof_header h;
  h.name = n;
  h.name_len = strlen(n);
  h.value = v;
  h.value_len = strlen(v);
  return h;
}

static int header_is(const corsproof_server_result* r, size_t i, const char* name, const char* value) {
  return i < r->header_count && r->headers[i].name_len == strlen(name) &&
         memcmp(r->headers[i].name, name, strlen(name)) == 0 && r->headers[i].value_len == strlen(value) &&
         memcmp(r->headers[i].value, value, strlen(value)) == 0;
}

static corsproof_policy* compile(const char* json, char* error, size_t cap) {
  return corsproof_policy_compile(json, strlen(json), error, cap);
}

static void test_compile_errors(void) {
  char error[256];
  corsproof_policy* p = compile("{\"allow_origins\":[\"https://App.example:443\"]}", error, sizeof error);
  CHECK(p == NULL, "non-canonical origin is refused");
  CHECK(strstr(error, "https://app.example") != NULL, "the message names the canonical spelling");
  p = compile("{\"allow_origins\":[\"*\"],\"allow_credentials\":true}", error, sizeof error);
  CHECK(p == NULL, "* with credentials is refused");
  p = compile("not json", error, sizeof error);
  CHECK(p == NULL && error[0] != '\0', "invalid JSON is refused with a message");
  p = compile("{\"allow_origins\":[\"https://a.example\"]}", error, 4);
  CHECK(p != NULL, "a valid policy compiles");
  corsproof_policy_free(p);
  p = compile("{\"allow_origin\":[\"https://a.example\"]}", error, 8);
  CHECK(p == NULL && strlen(error) == 7, "the error message is truncated to the buffer, NUL-terminated");
  corsproof_policy_free(NULL);
  CHECK(corsproof_api_version() == CORSPROOF_API_VERSION, "api version");
}

static void test_server(void) {
  char error[256];
  char buffer[CORSPROOF_SERVER_OUTPUT_CAPACITY];
  corsproof_server_result r;
  corsproof_policy* p = compile(
      "{\"allow_origins\":[\"https://app.example\"],\"allow_methods\":[\"PUT\"],"
      "\"allow_headers\":[\"content-type\",\"x-api-key\"],\"allow_credentials\":true,\"max_age\":600}",
      error, sizeof error);
  CHECK(p != NULL, "policy compiles");
  if (p == NULL) return;

  corsproof_header pre[3];
  pre[0] = H("Origin", "https://app.example");
  pre[1] = H("Access-Control-Request-Method", "PUT");
  pre[2] = H("Access-Control-Request-Headers", "content-type,x-api-key");
  CHECK(corsproof_evaluate_server(p, "OPTIONS", 7, pre, 3, buffer, sizeof buffer, &r) == CORSPROOF_OK, "ok");
  CHECK(r.kind == CORSPROOF_PREFLIGHT && strcmp(r.kind_name, "preflight") == 0, "preflight");
  CHECK(r.allowed == 1 && strcmp(r.reason, "ok") == 0 && r.http_status == 204, "allowed, 204");
  CHECK(r.header_count == 6, "six headers");
  CHECK(header_is(&r, 0, "Access-Control-Allow-Origin", "https://app.example"), "ACAO echoes the origin");
  CHECK(header_is(&r, 1, "Access-Control-Allow-Credentials", "true"), "ACAC");
  CHECK(header_is(&r, 2, "Access-Control-Allow-Methods", "PUT"), "ACAM");
  CHECK(header_is(&r, 3, "Access-Control-Allow-Headers", "content-type, x-api-key"), "ACAH");
  CHECK(header_is(&r, 4, "Access-Control-Max-Age", "600"), "max-age");
  CHECK(header_is(&r, 5, "Vary", "Origin, Access-Control-Request-Method, Access-Control-Request-Headers"), "Vary");

  pre[2] = H("Access-Control-Request-Headers", "content-type, x-other");
  CHECK(corsproof_evaluate_server(p, "OPTIONS", 7, pre, 3, buffer, sizeof buffer, &r) == CORSPROOF_OK, "ok");
  CHECK(r.allowed == 0 && strcmp(r.reason, "header-not-allowed") == 0 && r.http_status == 403, "denied header");
  CHECK(r.detail_len == 7 && memcmp(r.detail, "x-other", 7) == 0, "detail names the refused header");
  CHECK(r.header_count == 1 && header_is(&r, 0, "Vary",
                                         "Origin, Access-Control-Request-Method, Access-Control-Request-Headers"),
        "a denial carries only Vary");

  corsproof_header actual[1];
  actual[0] = H("Origin", "https://evil.example");
  CHECK(corsproof_evaluate_server(p, "GET", 3, actual, 1, buffer, sizeof buffer, &r) == CORSPROOF_OK, "ok");
  CHECK(r.kind == CORSPROOF_ACTUAL && strcmp(r.reason, "origin-not-allowed") == 0 && r.http_status == 0,
        "unknown origin denied");

  CHECK(corsproof_evaluate_server(p, "OPTIONS", 7, pre, 3, buffer, 8, &r) == CORSPROOF_OUTPUT_TOO_SMALL,
        "a small buffer is an error, never a truncated answer");
  CHECK(corsproof_evaluate_server(NULL, "GET", 3, actual, 1, buffer, sizeof buffer, &r) == CORSPROOF_BAD_ARGUMENT,
        "NULL policy");
  CHECK(corsproof_evaluate_server(p, "GET", 3, NULL, 1, buffer, sizeof buffer, &r) == CORSPROOF_BAD_ARGUMENT,
        "NULL headers with a count");
  {
    static corsproof_header many[300];
    size_t i;
    for (i = 0; i < 300; ++i) many[i] = H("X-A", "b");
    CHECK(corsproof_evaluate_server(p, "GET", 3, many, 300, buffer, sizeof buffer, &r) == CORSPROOF_LIMIT_EXCEEDED,
          "over the header bound");
  }
  corsproof_policy_free(p);
}

static void test_browser(void) {
  char buffer[CORSPROOF_BROWSER_OUTPUT_CAPACITY];
  corsproof_browser_result r;
  corsproof_header req_h[2];
  corsproof_header pre_h[4];
  corsproof_header resp_h[3];
  corsproof_browser_request req;
  corsproof_response pre, resp;
  req_h[0] = H("Content-Type", "application/json");
  req_h[1] = H("X-Api-Key", "k");
  pre_h[0] = H("Access-Control-Allow-Origin", "https://app.example");
  pre_h[1] = H("Access-Control-Allow-Credentials", "true");
  pre_h[2] = H("Access-Control-Allow-Methods", "PUT");
  pre_h[3] = H("Access-Control-Allow-Headers", "Content-Type, X-Api-Key");
  resp_h[0] = H("Access-Control-Allow-Origin", "https://app.example");
  resp_h[1] = H("Access-Control-Allow-Credentials", "true");
  resp_h[2] = H("X-Request-Id", "1");
  memset(&req, 0, sizeof req);
  req.origin = "https://app.example";
  req.origin_len = strlen(req.origin);
  req.url = "https://api.example/x";
  req.url_len = strlen(req.url);
  req.method = "put";
  req.method_len = 3;
  req.headers = req_h;
  req.header_count = 2;
  req.credentials = CORSPROOF_CREDENTIALS_INCLUDE;
  pre.status = 204;
  pre.headers = pre_h;
  pre.header_count = 4;
  resp.status = 200;
  resp.headers = resp_h;
  resp.header_count = 3;

  CHECK(corsproof_evaluate_browser(&req, &pre, &resp, buffer, sizeof buffer, &r) == CORSPROOF_OK, "ok");
  CHECK(strcmp(r.outcome, "allowed") == 0, "allowed");
  CHECK(r.needs_preflight == 1, "needs a preflight");
  CHECK(r.preflight_method_len == 3 && memcmp(r.preflight_method, "PUT", 3) == 0, "method normalized to PUT");
  CHECK(r.preflight_request_headers != NULL && r.preflight_request_headers_len == strlen("content-type,x-api-key") &&
            memcmp(r.preflight_request_headers, "content-type,x-api-key", r.preflight_request_headers_len) == 0,
        "ACRH sorted, lower-case, bare commas");
  CHECK(r.preflight_ok == 1 && r.has_max_age == 1 && r.max_age == 5, "preflight ok, max-age default 5");
  CHECK(r.cors_check_done == 1 && r.cors_check_ok == 1 && strcmp(r.cors_check_error, "") == 0, "CORS check ok");
  CHECK(r.has_exposed == 1 && r.exposed_count == 7, "only the seven safelisted names are exposed");

  pre_h[0] = H("Access-Control-Allow-Origin", "*");
  CHECK(corsproof_evaluate_browser(&req, &pre, &resp, buffer, sizeof buffer, &r) == CORSPROOF_OK, "ok");
  CHECK(strcmp(r.outcome, "blocked-preflight") == 0 && strcmp(r.preflight_error, "acao-wildcard-with-credentials") == 0,
        "* with credentials blocks the preflight");

  CHECK(corsproof_evaluate_browser(&req, NULL, &resp, buffer, sizeof buffer, &r) == CORSPROOF_MISSING_INPUT,
        "a needed preflight without a response is missing input");
  {
    corsproof_browser_request comma = req;
    comma.origin = "https://app.example,https://app.example";
    comma.origin_len = strlen(comma.origin);
    CHECK(corsproof_evaluate_browser(&comma, NULL, NULL, buffer, sizeof buffer, &r) == CORSPROOF_INVALID_INPUT,
          "a request origin that is no serialized origin is invalid input");
  }
  req.method = "TRACE";
  req.method_len = 5;
  CHECK(corsproof_evaluate_browser(&req, NULL, NULL, buffer, sizeof buffer, &r) == CORSPROOF_OK, "ok");
  CHECK(strcmp(r.outcome, "forbidden-request") == 0 && r.detail[0] != '\0', "TRACE is a forbidden request");
  req.credentials = (corsproof_credentials)7;
  CHECK(corsproof_evaluate_browser(&req, NULL, NULL, buffer, sizeof buffer, &r) == CORSPROOF_BAD_ARGUMENT,
        "unknown credentials mode");
}

/* corsproof.h promises CORSPROOF_BAD_ARGUMENT for a NULL pointer with a
 * non-zero length anywhere in the inputs. */
static void test_null_arguments(void) {
  char buffer[CORSPROOF_BROWSER_OUTPUT_CAPACITY];
  corsproof_browser_result r;
  corsproof_server_result sr;
  corsproof_header ok_h[1];
  corsproof_header null_name[1];
  corsproof_header null_value[1];
  corsproof_browser_request req, bad;
  corsproof_response pre, resp;
  char error[256];
  corsproof_policy* p = compile("{\"allow_origins\":[\"https://app.example\"]}", error, sizeof error);
  ok_h[0] = H("Access-Control-Allow-Origin", "https://app.example");
  null_name[0] = H("X", "v");
  null_name[0].name = NULL;
  null_value[0] = H("X-Api-Key", "v");
  null_value[0].value = NULL;
  memset(&req, 0, sizeof req);
  req.origin = "https://app.example";
  req.origin_len = strlen(req.origin);
  req.url = "https://api.example/x";
  req.url_len = strlen(req.url);
  req.method = "PUT";
  req.method_len = 3;
  req.credentials = CORSPROOF_CREDENTIALS_OMIT;
  pre.status = 204;
  pre.headers = ok_h;
  pre.header_count = 1;
  resp = pre;
  resp.status = 200;
  CHECK(corsproof_evaluate_browser(&req, &pre, &resp, buffer, sizeof buffer, &r) == CORSPROOF_OK, "baseline ok");

  bad = req;
  bad.origin = NULL;
  CHECK(corsproof_evaluate_browser(&bad, &pre, &resp, buffer, sizeof buffer, &r) == CORSPROOF_BAD_ARGUMENT,
        "origin NULL with a length");
  bad = req;
  bad.url = NULL;
  CHECK(corsproof_evaluate_browser(&bad, &pre, &resp, buffer, sizeof buffer, &r) == CORSPROOF_BAD_ARGUMENT,
        "url NULL with a length");
  bad = req;
  bad.method = NULL;
  CHECK(corsproof_evaluate_browser(&bad, &pre, &resp, buffer, sizeof buffer, &r) == CORSPROOF_BAD_ARGUMENT,
        "method NULL with a length");
  bad = req;
  bad.headers = NULL;
  bad.header_count = 1;
  CHECK(corsproof_evaluate_browser(&bad, &pre, &resp, buffer, sizeof buffer, &r) == CORSPROOF_BAD_ARGUMENT,
        "request headers NULL with a count");
  bad = req;
  bad.headers = null_value;
  bad.header_count = 1;
  CHECK(corsproof_evaluate_browser(&bad, &pre, &resp, buffer, sizeof buffer, &r) == CORSPROOF_BAD_ARGUMENT,
        "a request header value NULL with a length");
  pre.headers = NULL;
  CHECK(corsproof_evaluate_browser(&req, &pre, &resp, buffer, sizeof buffer, &r) == CORSPROOF_BAD_ARGUMENT,
        "preflight_response->headers NULL with a count");
  pre.headers = null_name;
  CHECK(corsproof_evaluate_browser(&req, &pre, &resp, buffer, sizeof buffer, &r) == CORSPROOF_BAD_ARGUMENT,
        "a preflight response header name NULL with a length");
  pre.headers = ok_h;
  resp.headers = NULL;
  CHECK(corsproof_evaluate_browser(&req, &pre, &resp, buffer, sizeof buffer, &r) == CORSPROOF_BAD_ARGUMENT,
        "response->headers NULL with a count");
  resp.headers = ok_h;
  bad = req;
  bad.origin = NULL;
  bad.origin_len = 0;
  CHECK(corsproof_evaluate_browser(&bad, &pre, &resp, buffer, sizeof buffer, &r) == CORSPROOF_INVALID_INPUT,
        "origin NULL with length 0 is the empty string (not an origin)");
  CHECK(corsproof_evaluate_server(p, "GET", 3, null_name, 1, buffer, sizeof buffer, &sr) == CORSPROOF_BAD_ARGUMENT,
        "server: a header name NULL with a length");
  CHECK(corsproof_evaluate_server(p, NULL, 3, ok_h, 1, buffer, sizeof buffer, &sr) == CORSPROOF_BAD_ARGUMENT,
        "server: method NULL with a length");
  corsproof_policy_free(p);
}

static int has_finding(const corsproof_audit_result* r, const char* code, corsproof_severity level) {
  size_t i;
  for (i = 0; i < r->finding_count; ++i)
    if (strcmp(r->findings[i].code, code) == 0 && r->findings[i].severity == level) return 1;
  return 0;
}

/* Mode audit: the same verdicts as `corsproof eval` on {"mode":"audit"}. */
static void test_audit(void) {
  char buffer[CORSPROOF_AUDIT_OUTPUT_CAPACITY];
  char small[16];
  corsproof_audit_result r;
  corsproof_header req_h[2];
  corsproof_header obs_h[3];
  corsproof_response observed;
  char error[256];
  corsproof_policy* p = compile(
      "{\"allow_origins\":[\"https://app.example\"],\"allow_methods\":[\"PUT\"],\"allow_credentials\":true}",
      error, sizeof error);
  CHECK(p != NULL, "policy compiles");
  req_h[0] = H("Origin", "https://evil.example");
  obs_h[0] = H("Access-Control-Allow-Origin", "https://evil.example");
  obs_h[1] = H("Access-Control-Allow-Credentials", "true");
  obs_h[2] = H("Vary", "Origin");
  observed.status = 200;
  observed.headers = obs_h;
  observed.header_count = 3;
  CHECK(corsproof_audit(p, "GET", 3, req_h, 1, &observed, buffer, sizeof buffer, &r) == CORSPROOF_OK, "audit ok");
  CHECK(r.conforms == 0, "reflecting an unlisted origin does not conform");
  CHECK(has_finding(&r, "reflects-unlisted-origin", CORSPROOF_SEVERITY_ERROR), "reflects-unlisted-origin");
  CHECK(has_finding(&r, "grants-denied-request", CORSPROOF_SEVERITY_ERROR), "grants-denied-request");
  CHECK(r.finding_count > 0 && r.findings[0].detail_len == strlen(r.findings[0].detail) && r.findings[0].detail_len > 0,
        "details are NUL-terminated and measured");
  CHECK(r.buffer_needed > sizeof small, "buffer_needed counts the findings' text");
  CHECK(corsproof_audit(p, "GET", 3, req_h, 1, &observed, small, sizeof small, &r) == CORSPROOF_OUTPUT_TOO_SMALL,
        "a small buffer is output too small");
  CHECK(r.buffer_needed > sizeof small, "... and says what is needed");

  req_h[0] = H("Origin", "https://app.example");
  obs_h[0] = H("Access-Control-Allow-Origin", "https://app.example");
  CHECK(corsproof_audit(p, "GET", 3, req_h, 1, &observed, buffer, sizeof buffer, &r) == CORSPROOF_OK, "audit ok");
  CHECK(r.conforms == 1 && r.finding_count == 0, "the conforming answer has no finding");

  req_h[1] = H("Access-Control-Request-Method", "PUT");
  observed.status = 204;
  observed.header_count = 2;
  CHECK(corsproof_audit(p, "OPTIONS", 7, req_h, 2, &observed, buffer, sizeof buffer, &r) == CORSPROOF_OK, "audit ok");
  CHECK(r.conforms == 0 && has_finding(&r, "acam-missing-requested-method", CORSPROOF_SEVERITY_ERROR),
        "a preflight answer without the method");

  CHECK(corsproof_audit(NULL, "GET", 3, req_h, 1, &observed, buffer, sizeof buffer, &r) == CORSPROOF_BAD_ARGUMENT,
        "NULL policy");
  CHECK(corsproof_audit(p, "GET", 3, req_h, 1, NULL, buffer, sizeof buffer, &r) == CORSPROOF_BAD_ARGUMENT,
        "NULL observed answer");
  observed.headers = NULL;
  CHECK(corsproof_audit(p, "GET", 3, req_h, 1, &observed, buffer, sizeof buffer, &r) == CORSPROOF_BAD_ARGUMENT,
        "observed headers NULL with a count");
  corsproof_policy_free(p);
}

/* ---- Redirect chains and sessions (API version 3) ------------------------- */

static char chain_buffer[CORSPROOF_CHAIN_OUTPUT_CAPACITY];
static corsproof_chain_result cr;

static int is(const char* s, size_t n, const char* want) { return s != NULL && n == strlen(want) && memcmp(s, want, n) == 0; }

static corsproof_browser_request put_request(const char* url, const corsproof_header* headers, size_t n) {
  corsproof_browser_request req;
  memset(&req, 0, sizeof req);
  req.origin = "https://app.example";
  req.origin_len = strlen(req.origin);
  req.url = url;
  req.url_len = strlen(url);
  req.method = "PUT";
  req.method_len = 3;
  req.headers = headers;
  req.header_count = n;
  req.credentials = CORSPROOF_CREDENTIALS_SAME_ORIGIN;
  return req;
}

/* A PUT with X-A to api.example/a, preflighted, answered 307 to /b, which
 * is preflighted again (another URL: the cache has nothing for it) and
 * answers 200. */
static void test_chain(void) {
  corsproof_header x_a[1];
  corsproof_header pre_h[4];
  corsproof_header redirect_h[2];
  corsproof_header ok_h[1];
  corsproof_response pre, redirect, ok;
  corsproof_hop hops[2];
  corsproof_browser_request req;
  x_a[0] = H("X-A", "1");
  pre_h[0] = H("Access-Control-Allow-Origin", "https://app.example");
  pre_h[1] = H("Access-Control-Allow-Methods", "PUT");
  pre_h[2] = H("Access-Control-Allow-Headers", "x-a");
  pre_h[3] = H("Access-Control-Max-Age", "600");
  redirect_h[0] = H("Access-Control-Allow-Origin", "https://app.example");
  redirect_h[1] = H("Location", "/b");
  ok_h[0] = H("Access-Control-Allow-Origin", "https://app.example");
  pre.status = 204;
  pre.headers = pre_h;
  pre.header_count = 4;
  redirect.status = 307;
  redirect.headers = redirect_h;
  redirect.header_count = 2;
  ok.status = 200;
  ok.headers = ok_h;
  ok.header_count = 1;
  memset(hops, 0, sizeof hops);
  hops[0].preflight_response = &pre;
  hops[0].response = &redirect;
  hops[1].url = "https://api.example/b";
  hops[1].url_len = strlen(hops[1].url);
  hops[1].preflight_response = &pre;
  hops[1].response = &ok;
  req = put_request("https://api.example/a", x_a, 1);

  CHECK(corsproof_evaluate_chain(&req, CORSPROOF_REDIRECT_FOLLOW, hops, 2, chain_buffer, sizeof chain_buffer, &cr) ==
            CORSPROOF_OK,
        "chain: ok");
  CHECK(strcmp(cr.summary.outcome, "allowed") == 0, "chain: allowed");
  CHECK(cr.has_error_hop == 0 && cr.has_needs == 0, "chain: no error hop, nothing needed");
  CHECK(cr.hop_count == 2, "chain: two hops");
  CHECK(is(cr.hops[0].url, cr.hops[0].url_len, "https://api.example/a") &&
            is(cr.hops[1].url, cr.hops[1].url_len, "https://api.example/b"),
        "chain: the hop URLs");
  CHECK(cr.hops[0].needs_preflight && strcmp(cr.hops[0].preflight_cache, "miss") == 0 && cr.hops[0].preflight_ok,
        "chain: hop 0 preflighted (cache miss)");
  CHECK(is(cr.hops[0].preflight_request_headers, cr.hops[0].preflight_request_headers_len, "x-a"),
        "chain: hop 0 asks for x-a");
  CHECK(cr.hops[0].is_redirect && cr.hops[0].redirect_followed && strcmp(cr.hops[0].redirect_error, "") == 0 &&
            is(cr.hops[0].redirect_location, cr.hops[0].redirect_location_len, "https://api.example/b"),
        "chain: hop 0 redirects to /b");
  CHECK(cr.hops[1].needs_preflight && strcmp(cr.hops[1].preflight_cache, "miss") == 0,
        "chain: hop 1 is another URL: preflighted again");
  CHECK(cr.hops[1].has_status && cr.hops[1].status == 200 && cr.hops[1].cors_check_done && cr.hops[1].cors_check_ok,
        "chain: hop 1 passes its CORS check");
  CHECK(strcmp(cr.hops[1].tainting, "cors") == 0 &&
            is(cr.hops[1].origin_header, cr.hops[1].origin_header_len, "https://app.example") &&
            cr.hops[1].removed_header_count == 0,
        "chain: hop 1 keeps the page's origin (same-origin redirect)");
  CHECK(cr.has_final && cr.final_status == 200 && cr.final_redirect_count == 1 && strcmp(cr.final_type, "cors") == 0 &&
            is(cr.final_url, cr.final_url_len, "https://api.example/b"),
        "chain: the final response");
  CHECK(cr.summary.needs_preflight && cr.summary.has_max_age && cr.summary.max_age == 600 &&
            cr.summary.has_exposed && cr.summary.exposed_count == 7,
        "chain: the v1 fields describe the last hop");

  /* redirect: "error" */
  CHECK(corsproof_evaluate_chain(&req, CORSPROOF_REDIRECT_ERROR, hops, 2, chain_buffer, sizeof chain_buffer, &cr) ==
            CORSPROOF_OK,
        "chain error mode: ok");
  CHECK(strcmp(cr.summary.outcome, "blocked-redirect") == 0 && cr.has_error_hop && cr.error_hop == 0 &&
            cr.hop_count == 1 && strcmp(cr.hops[0].redirect_error, "redirect-disallowed") == 0 && !cr.has_final,
        "chain error mode: redirect-disallowed at hop 0");

  /* hop 1 not given: incomplete */
  CHECK(corsproof_evaluate_chain(&req, CORSPROOF_REDIRECT_FOLLOW, hops, 1, chain_buffer, sizeof chain_buffer, &cr) ==
            CORSPROOF_OK,
        "chain incomplete: ok");
  CHECK(strcmp(cr.summary.outcome, "incomplete") == 0 && cr.has_needs && cr.needs_hop == 1 &&
            strcmp(cr.needs_what, "preflight_response") == 0 &&
            is(cr.needs_url, cr.needs_url_len, "https://api.example/b"),
        "chain incomplete: needs hop 1's preflight response");

  /* a hop's url that is not the URL it requests */
  hops[1].url = "https://api.example/c";
  hops[1].url_len = strlen(hops[1].url);
  CHECK(corsproof_evaluate_chain(&req, CORSPROOF_REDIRECT_FOLLOW, hops, 2, chain_buffer, sizeof chain_buffer, &cr) ==
            CORSPROOF_INVALID_INPUT,
        "chain: a hop url mismatch is invalid input");
  hops[1].url = NULL;
  CHECK(corsproof_evaluate_chain(&req, CORSPROOF_REDIRECT_FOLLOW, hops, 2, chain_buffer, sizeof chain_buffer, &cr) ==
            CORSPROOF_BAD_ARGUMENT,
        "chain: url NULL with a length");
  hops[1].url_len = 0;
  CHECK(corsproof_evaluate_chain(&req, (corsproof_redirect_mode)7, hops, 2, chain_buffer, sizeof chain_buffer, &cr) ==
            CORSPROOF_BAD_ARGUMENT,
        "chain: unknown redirect mode");
  CHECK(corsproof_evaluate_chain(&req, CORSPROOF_REDIRECT_FOLLOW, NULL, 2, chain_buffer, sizeof chain_buffer, &cr) ==
            CORSPROOF_BAD_ARGUMENT,
        "chain: hops NULL with a count");
  CHECK(corsproof_evaluate_chain(&req, CORSPROOF_REDIRECT_FOLLOW, hops, 2, chain_buffer, sizeof chain_buffer, NULL) ==
            CORSPROOF_BAD_ARGUMENT,
        "chain: NULL result");
}

/* A session: a PUT preflighted at t 0 (max-age 600) is a cache hit at t 10,
 * with no preflight response given. */
static void test_session(void) {
  corsproof_header pre_h[3];
  corsproof_header ok_h[1];
  corsproof_response pre, ok;
  corsproof_hop hop;
  corsproof_browser_request req;
  corsproof_cache_entry entries[4];
  size_t count = 99;
  corsproof_session* s = corsproof_session_create();
  CHECK(s != NULL, "session: created");
  if (s == NULL) return;
  pre_h[0] = H("Access-Control-Allow-Origin", "https://app.example");
  pre_h[1] = H("Access-Control-Allow-Methods", "PUT");
  pre_h[2] = H("Access-Control-Max-Age", "600");
  ok_h[0] = H("Access-Control-Allow-Origin", "https://app.example");
  pre.status = 204;
  pre.headers = pre_h;
  pre.header_count = 3;
  ok.status = 200;
  ok.headers = ok_h;
  ok.header_count = 1;
  memset(&hop, 0, sizeof hop);
  hop.preflight_response = &pre;
  hop.response = &ok;
  req = put_request("https://api.example/x", NULL, 0);

  CHECK(corsproof_session_fetch(s, 0, &req, CORSPROOF_REDIRECT_FOLLOW, &hop, 1, chain_buffer, sizeof chain_buffer,
                                &cr) == CORSPROOF_OK,
        "session t=0: ok");
  CHECK(strcmp(cr.summary.outcome, "allowed") == 0 && strcmp(cr.hops[0].preflight_cache, "miss") == 0,
        "session t=0: preflighted (miss)");
  CHECK(corsproof_session_cache(s, 0, entries, 4, &count) == CORSPROOF_OK && count == 1, "session t=0: one entry");
  CHECK(count == 1 && is(entries[0].origin, entries[0].origin_len, "https://app.example") &&
            is(entries[0].url, entries[0].url_len, "https://api.example/x") && entries[0].credentials == 0 &&
            entries[0].is_header == 0 && is(entries[0].value, entries[0].value_len, "PUT") &&
            entries[0].max_age == 600 && entries[0].stored_at == 0,
        "session t=0: the PUT entry");

  hop.preflight_response = NULL; /* not needed: the cache answers */
  CHECK(corsproof_session_fetch(s, 10, &req, CORSPROOF_REDIRECT_FOLLOW, &hop, 1, chain_buffer, sizeof chain_buffer,
                                &cr) == CORSPROOF_OK,
        "session t=10: ok");
  CHECK(strcmp(cr.summary.outcome, "allowed") == 0 && cr.hops[0].needs_preflight &&
            strcmp(cr.hops[0].preflight_cache, "hit") == 0 && cr.hops[0].preflight_ok,
        "session t=10: a cache hit, no preflight sent");
  CHECK(corsproof_session_cache(s, 10, entries, 0, &count) == CORSPROOF_OUTPUT_TOO_SMALL && count == 1,
        "session: a listing that does not fit says how many entries are live");
  CHECK(corsproof_session_fetch(s, 5, &req, CORSPROOF_REDIRECT_FOLLOW, &hop, 1, chain_buffer, sizeof chain_buffer,
                                &cr) == CORSPROOF_BAD_TIME,
        "session: t earlier than the previous fetch's");
  CHECK(corsproof_session_fetch(s, -1, &req, CORSPROOF_REDIRECT_FOLLOW, &hop, 1, chain_buffer, sizeof chain_buffer,
                                &cr) == CORSPROOF_BAD_TIME,
        "session: negative t");
  CHECK(corsproof_session_fetch(s, 600, &req, CORSPROOF_REDIRECT_FOLLOW, &hop, 1, chain_buffer, sizeof chain_buffer,
                                &cr) == CORSPROOF_OK,
        "session t=600: ok");
  CHECK(strcmp(cr.summary.outcome, "incomplete") == 0 && cr.has_needs && strcmp(cr.needs_what, "preflight_response") == 0,
        "session t=600: the entry expired (600 is not < 0 + 600): a preflight is needed");
  CHECK(corsproof_session_cache(s, 600, entries, 4, &count) == CORSPROOF_OK && count == 0, "session t=600: empty");
  CHECK(corsproof_session_fetch(NULL, 0, &req, CORSPROOF_REDIRECT_FOLLOW, &hop, 1, chain_buffer, sizeof chain_buffer,
                                &cr) == CORSPROOF_BAD_ARGUMENT,
        "session: NULL session");
  corsproof_session_free(s);
  corsproof_session_free(NULL);
}

int main(void) {
  test_compile_errors();
  test_server();
  test_browser();
  test_null_arguments();
  test_audit();
  test_chain();
  test_session();
  printf("%d passed, %d failed\n", passed, failed);
  return failed == 0 ? 0 : 1;
}
