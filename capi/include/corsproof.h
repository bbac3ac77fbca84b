/* corsproof.h — the stable C API of corsproof (API version 3).
 *
 * For servers and tools written in other languages: compile a CORS policy
 * from the oracle protocol's JSON policy object, then evaluate server
 * requests and browser exchanges against the same core the `corsproof`
 * command uses, or judge a real server's answer (the protocol's audit mode);
 * follow a fetch through its redirects, alone or in a session that keeps a
 * CORS-preflight cache (protocol 1.1).
 * Evaluation never allocates: results point into a buffer the caller
 * provides (and into static strings). Examples, from C and from Python
 * (ctypes): capi/README.md.
 *
 * Strings are (pointer, length) pairs, not NUL-terminated, except the error
 * message written by corsproof_policy_compile. Every function is safe to call
 * from several threads at once with the same compiled policy.
 *
 * ICU (libicuuc, for UTS #46) is loaded the first time a URL whose host is
 * not ASCII is evaluated, not when this library is. Should it be missing
 * then (a broken installation), the process ends: a message on standard
 * error and exit status 127, as the dynamic loader ends a program whose
 * linked library is missing (corsproof/on_demand_library.hpp in the C++
 * API; a C++ program may set a hook that runs first).
 *
 * Stability: names, struct layouts and enum values, once released, never
 * change; later versions only add functions, types and enum values (version
 * 2 added corsproof_audit and CORSPROOF_OUT_OF_MEMORY; version 3 added
 * redirect chains, sessions and CORSPROOF_BAD_TIME). The shared library's
 * SONAME (libcorsproof.so.1) changes only if that promise is ever broken.
 * See docs/oracle.md, "The C API".
 */
#ifndef CORSPROOF_H
#define CORSPROOF_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define CORSPROOF_API_VERSION 3

#if defined(__GNUC__)
#define CORSPROOF_EXPORT __attribute__((visibility("default")))
#else
#define CORSPROOF_EXPORT
#endif

/* The status of a call. */
typedef enum corsproof_status {
  CORSPROOF_OK = 0,
  CORSPROOF_OUTPUT_TOO_SMALL = 1, /* the caller's buffer cannot hold the answer; nothing was truncated */
  CORSPROOF_LIMIT_EXCEEDED = 2,   /* an input is beyond one of corsproof's documented bounds */
  CORSPROOF_MISSING_INPUT = 3,    /* browser: a preflight is needed but no preflight response was given */
  CORSPROOF_BAD_ARGUMENT = 4,     /* a NULL pointer where one is not allowed, or an unknown enum value */
  CORSPROOF_INVALID_INPUT = 5,    /* browser: the request origin is not a serialized origin or "null" */
  CORSPROOF_OUT_OF_MEMORY = 6,    /* audit (which allocates): memory ran out; nothing was judged */
  CORSPROOF_BAD_TIME = 7          /* session: t is negative, not finite, or earlier than the previous fetch's t */
} corsproof_status;

/* Buffer sizes that always suffice (the bounds guarantee it). */
#define CORSPROOF_SERVER_OUTPUT_CAPACITY 16384
#define CORSPROOF_BROWSER_OUTPUT_CAPACITY 65536
/* Array sizes in the result structs (the core's bounds). */
#define CORSPROOF_MAX_SERVER_HEADERS 8
#define CORSPROOF_MAX_EXPOSED_HEADERS 128
#define CORSPROOF_MAX_AUDIT_FINDINGS 16
/* A buffer size that suffices for an audit unless the answer's details quote
 * very long observed header values (then: CORSPROOF_OUTPUT_TOO_SMALL, and
 * corsproof_audit_result.buffer_needed says how much). */
#define CORSPROOF_AUDIT_OUTPUT_CAPACITY 65536

typedef struct corsproof_header {
  const char* name;
  size_t name_len;
  const char* value;
  size_t value_len;
} corsproof_header;

/* ---- Policies ------------------------------------------------------------ */

typedef struct corsproof_policy corsproof_policy;

/* Compiles a policy object (docs/protocol.md, "Policy object") given
 * as JSON text. Returns NULL when the JSON or the policy is invalid; then, if
 * `error` is not NULL, writes a NUL-terminated message (truncated to
 * error_cap - 1 bytes) naming the field and entry. Allocates. */
CORSPROOF_EXPORT corsproof_policy* corsproof_policy_compile(const char* json, size_t json_len, char* error,
                                                            size_t error_cap);

/* Frees a policy from corsproof_policy_compile. NULL is fine. */
CORSPROOF_EXPORT void corsproof_policy_free(corsproof_policy* policy);

/* ---- Server mode ---------------------------------------------------------- */

typedef enum corsproof_request_kind {
  CORSPROOF_NOT_CORS = 0,
  CORSPROOF_ACTUAL = 1,
  CORSPROOF_PREFLIGHT = 2
} corsproof_request_kind;

typedef struct corsproof_server_result {
  corsproof_request_kind kind;
  const char* kind_name; /* "not-cors", "actual", "preflight" (NUL-terminated, static) */
  int allowed;           /* 1 or 0 */
  const char* reason;    /* the protocol's reason code, e.g. "origin-not-allowed" (NUL-terminated, static) */
  const char* detail;    /* may be empty (detail_len 0) */
  size_t detail_len;
  int http_status; /* preflights: the status to answer with; 0 otherwise */
  size_t header_count;
  corsproof_header headers[CORSPROOF_MAX_SERVER_HEADERS]; /* exactly the CORS response headers, in canonical order */
} corsproof_server_result;

/* What a conforming server with `policy` answers. `buffer` receives the
 * header values; `result` points into it and into static strings. */
CORSPROOF_EXPORT corsproof_status corsproof_evaluate_server(const corsproof_policy* policy, const char* method,
                                                            size_t method_len, const corsproof_header* headers,
                                                            size_t header_count, char* buffer, size_t buffer_cap,
                                                            corsproof_server_result* result);

/* ---- Browser mode --------------------------------------------------------- */

typedef enum corsproof_credentials {
  CORSPROOF_CREDENTIALS_OMIT = 0,
  CORSPROOF_CREDENTIALS_SAME_ORIGIN = 1,
  CORSPROOF_CREDENTIALS_INCLUDE = 2
} corsproof_credentials;

typedef struct corsproof_browser_request {
  const char* origin; /* the request's serialized origin, "null" for opaque; anything else: CORSPROOF_INVALID_INPUT */
  size_t origin_len;
  const char* url;
  size_t url_len;
  const char* method;
  size_t method_len;
  const corsproof_header* headers;
  size_t header_count;
  corsproof_credentials credentials;
  int private_network; /* 1: the request targets a more private address space (extension) */
} corsproof_browser_request;

typedef struct corsproof_response {
  int status;
  const corsproof_header* headers;
  size_t header_count;
} corsproof_response;

typedef struct corsproof_browser_result {
  const char* outcome; /* "allowed", "blocked-preflight", "blocked-response", "forbidden-request" */
  const char* detail;  /* forbidden-request: why; else "" (NUL-terminated) */
  int needs_preflight;
  /* The preflight (when needs_preflight). */
  const char* preflight_method;
  size_t preflight_method_len;
  const char* preflight_request_headers; /* NULL when none are sent */
  size_t preflight_request_headers_len;
  int preflight_ok;
  const char* preflight_error; /* "" when none; else the protocol's error code */
  int has_max_age;
  unsigned long long max_age;
  /* The CORS check on the response (when cors_check_done). */
  int cors_check_done;
  int cors_check_ok;
  const char* cors_check_error;
  /* The response header names the page may read (when has_exposed). */
  int has_exposed;
  size_t exposed_count;
  corsproof_header exposed[CORSPROOF_MAX_EXPOSED_HEADERS]; /* names only; value is NULL */
} corsproof_browser_result;

/* What a conforming browser does with the exchange. `preflight_response` and
 * `response` may be NULL (see the protocol's browser mode). A string or
 * header array that is NULL with a non-zero length, in the request or in a
 * response, is CORSPROOF_BAD_ARGUMENT. */
CORSPROOF_EXPORT corsproof_status corsproof_evaluate_browser(const corsproof_browser_request* request,
                                                             const corsproof_response* preflight_response,
                                                             const corsproof_response* response, char* buffer,
                                                             size_t buffer_cap, corsproof_browser_result* result);

/* ---- Audit mode (API version 2) --------------------------------------------- */

typedef enum corsproof_severity { CORSPROOF_SEVERITY_ERROR = 0, CORSPROOF_SEVERITY_WARNING = 1 } corsproof_severity;

typedef struct corsproof_audit_finding {
  const char* code; /* e.g. "missing-vary-origin" (NUL-terminated, in the buffer) */
  corsproof_severity severity;
  const char* detail; /* one sentence: what was observed, what to change (NUL-terminated, in the buffer) */
  size_t detail_len;
} corsproof_audit_finding;

typedef struct corsproof_audit_result {
  int conforms; /* 1: no error-level finding */
  size_t finding_count;
  corsproof_audit_finding findings[CORSPROOF_MAX_AUDIT_FINDINGS];
  size_t buffer_needed; /* bytes of buffer the findings take (also set on CORSPROOF_OUTPUT_TOO_SMALL) */
} corsproof_audit_result;

/* The protocol's mode audit: does `observed` (a real server's status and
 * headers, in the order received) answer `method` + `request_headers` as
 * `policy` says? The verdict is semantic (docs/oracle.md, audit/README.md).
 * Allocates while judging (unlike the evaluations); the findings' strings
 * are copied into `buffer`. CORSPROOF_LIMIT_EXCEEDED: the request or the
 * answer is beyond corsproof's bounds (no verdict). */
CORSPROOF_EXPORT corsproof_status corsproof_audit(const corsproof_policy* policy, const char* method, size_t method_len,
                                                  const corsproof_header* request_headers, size_t request_header_count,
                                                  const corsproof_response* observed, char* buffer, size_t buffer_cap,
                                                  corsproof_audit_result* result);

/* ---- Redirect chains and sessions (API version 3; protocol 1.1) -------------- */

/* Fetch follows at most 20 redirects: a chain has at most 21 hops. */
#define CORSPROOF_MAX_CHAIN_HOPS 21
/* A buffer size that always suffices for a chain (the bounds guarantee it). */
#define CORSPROOF_CHAIN_OUTPUT_CAPACITY 550208
/* The request headers a redirect can delete: the four request-body headers
 * and Authorization. */
#define CORSPROOF_MAX_REMOVED_HEADERS 5
/* A session's CORS-preflight cache holds at most this many entries. */
#define CORSPROOF_MAX_CACHE_ENTRIES 4096

/* fetch()'s `redirect` option. */
typedef enum corsproof_redirect_mode {
  CORSPROOF_REDIRECT_FOLLOW = 0,
  CORSPROOF_REDIRECT_ERROR = 1,
  CORSPROOF_REDIRECT_MANUAL = 2
} corsproof_redirect_mode;

/* What the server answers to the i-th request the browser makes (the
 * protocol's hops[i]). */
typedef struct corsproof_hop {
  const char* url; /* optional (NULL): the URL this hop is expected to request; if it is not that
                      URL (compared as URLs, fragments excluded), the call is CORSPROOF_INVALID_INPUT */
  size_t url_len;
  const corsproof_response* preflight_response; /* NULL: not given; read only when the hop sends a preflight */
  const corsproof_response* response;           /* NULL: not given; the chain is then "incomplete" there */
} corsproof_hop;

/* One request the browser made (the protocol's hops[i] of the answer). */
typedef struct corsproof_hop_result {
  const char* url; /* serialized, without the fragment */
  size_t url_len;
  const char* method; /* after the 301/302/303 rewrites */
  size_t method_len;
  const char* origin_header; /* the Origin sent: the page's origin or "null"; NULL when none was sent */
  size_t origin_header_len;
  const char* tainting; /* "basic" or "cors" (NUL-terminated, static) */
  int credentials_sent; /* 1 when cookies and HTTP authentication went with this hop */
  size_t removed_header_count;
  corsproof_header removed_headers[CORSPROOF_MAX_REMOVED_HEADERS]; /* names deleted by the redirect just before
                                                                      this hop, lower case, sorted; value NULL */
  int needs_preflight; /* 1: on the preflight path; the preflight_* fields below are set */
  const char* preflight_method;
  size_t preflight_method_len;
  const char* preflight_request_headers; /* NULL when none are (or would be) sent */
  size_t preflight_request_headers_len;
  int preflight_ok;
  const char* preflight_error; /* "" when none; else the protocol's error code */
  int has_max_age;
  unsigned long long max_age;
  int preflight_private_network; /* 1: the preflight asked for private network access (extension) */
  const char* preflight_cache;   /* "miss", "partial" or "hit" (no preflight was sent) */
  int has_status; /* 0: the hop got no response (its preflight failed, or the response was not given) */
  int status;
  int cors_check_done; /* 0 on basic (same-origin) hops */
  int cors_check_ok;
  const char* cors_check_error;
  int is_redirect; /* the status is 301, 302, 303, 307 or 308; the redirect_* fields are set */
  const char* redirect_location; /* NULL when Fetch never computed it */
  size_t redirect_location_len;
  int redirect_followed;
  const char* redirect_error; /* "" when none; else "redirect-disallowed", "redirect-location-invalid",
                                 "redirect-scheme", "redirect-limit" or "redirect-credentials" */
} corsproof_hop_result;

typedef struct corsproof_chain_result {
  /* The fields of corsproof_evaluate_browser, describing the hop where the
   * fetch failed, the hop that lacks its response (incomplete), or the last
   * hop. summary.outcome is one of "allowed", "blocked-preflight",
   * "blocked-response", "blocked-redirect", "opaque-redirect", "incomplete",
   * "forbidden-request". */
  corsproof_browser_result summary;
  int has_error_hop; /* the fetch failed at hops[error_hop] */
  size_t error_hop;
  int has_needs; /* incomplete: the chain needs hops[needs_hop]'s needs_what */
  size_t needs_hop;
  const char* needs_what; /* "response" or "preflight_response" */
  const char* needs_url;  /* the URL of that hop */
  size_t needs_url_len;
  int has_final; /* the fetch ended with a response (not blocked, not incomplete) */
  const char* final_url;
  size_t final_url_len;
  size_t final_redirect_count;
  int final_status; /* 0 for an opaque redirect */
  const char* final_type; /* "basic", "cors" or "opaqueredirect" */
  size_t hop_count;
  corsproof_hop_result hops[CORSPROOF_MAX_CHAIN_HOPS];
} corsproof_chain_result;

/* One fetch() that follows redirects, the protocol's mode browser with
 * `hops`: hops[i] is what the server answers to the i-th request (hops past
 * the end of the chain are ignored). The chain's hops share a
 * CORS-preflight cache that starts empty (each calling thread keeps one,
 * allocated on its first call, about 4 MiB). `buffer` of
 * CORSPROOF_CHAIN_OUTPUT_CAPACITY bytes always suffices; `result` points
 * into it, into the request and hops, and into static strings.
 * CORSPROOF_INVALID_INPUT: the request origin is not a serialized origin or
 * "null", or a hop's url is not the URL it requests; CORSPROOF_BAD_ARGUMENT:
 * as corsproof_evaluate_browser, or an unknown redirect mode;
 * CORSPROOF_OUT_OF_MEMORY: the thread's cache could not be allocated. */
CORSPROOF_EXPORT corsproof_status corsproof_evaluate_chain(const corsproof_browser_request* request,
                                                           corsproof_redirect_mode redirect, const corsproof_hop* hops,
                                                           size_t hop_count, char* buffer, size_t buffer_cap,
                                                           corsproof_chain_result* result);

/* A browser session (the protocol's mode browser-session): fetches in time
 * order sharing one CORS-preflight cache. Not thread-safe: one session per
 * thread at a time. */
typedef struct corsproof_session corsproof_session;

/* A new session with an empty cache (CORSPROOF_MAX_CACHE_ENTRIES entries,
 * 4 MiB for their text, allocated here: the only allocation). NULL when
 * memory runs out. */
CORSPROOF_EXPORT corsproof_session* corsproof_session_create(void);

/* Frees a session. NULL is fine. */
CORSPROOF_EXPORT void corsproof_session_free(corsproof_session* session);

/* One fetch of the session at time `t` (seconds since the session began;
 * at least the previous fetch's t), read against and written to the
 * session's cache; otherwise as corsproof_evaluate_chain.
 * summary/hops[i].preflight_cache says what the cache held.
 * CORSPROOF_BAD_TIME: t is negative, not finite or earlier than the previous
 * fetch's (nothing happens). CORSPROOF_LIMIT_EXCEEDED: an input is beyond a
 * bound, or the cache is full (the cache may then hold what this fetch
 * wrote before it filled up). */
CORSPROOF_EXPORT corsproof_status corsproof_session_fetch(corsproof_session* session, double t,
                                                          const corsproof_browser_request* request,
                                                          corsproof_redirect_mode redirect, const corsproof_hop* hops,
                                                          size_t hop_count, char* buffer, size_t buffer_cap,
                                                          corsproof_chain_result* result);

/* One entry of the cache (the protocol's cache_after). */
typedef struct corsproof_cache_entry {
  const char* origin; /* the request's serialized origin, "null" once tainted */
  size_t origin_len;
  const char* url; /* the request's URL, serialized */
  size_t url_len;
  int credentials; /* 1: stored from a request whose credentials mode was "include" */
  int is_header;   /* 0: a method entry; 1: a header-name entry */
  const char* value; /* the method or header name as the server listed it, or "*" */
  size_t value_len;
  unsigned long long max_age;
  double stored_at; /* the t at which it was stored or last refreshed */
} corsproof_cache_entry;

/* The entries live at time `t`, sorted by origin, url, credentials (0
 * first), methods before headers, value: written to `entries` when they all
 * fit in `cap` (else CORSPROOF_OUTPUT_TOO_SMALL and nothing is written);
 * `*count` is how many are live either way. The strings point into the
 * session: valid until its next fetch. */
CORSPROOF_EXPORT corsproof_status corsproof_session_cache(const corsproof_session* session, double t,
                                                          corsproof_cache_entry* entries, size_t cap, size_t* count);

/* The API version this library implements (CORSPROOF_API_VERSION). */
CORSPROOF_EXPORT int corsproof_api_version(void);

#ifdef __cplusplus
}
#endif

#endif /* CORSPROOF_H */
