/* corsproof.h — the stable C API of corsproof (API version 2).
 *
 * For servers and tools written in other languages: compile a CORS policy
 * from the oracle protocol's JSON policy object, then evaluate server
 * requests and browser exchanges against the same core the `corsproof`
 * command uses, or judge a real server's answer (the protocol's audit mode).
 * Evaluation never allocates: results point into a buffer the caller
 * provides (and into static strings). Examples, from C and from Python
 * (ctypes): capi/README.md.
 *
 * Strings are (pointer, length) pairs, not NUL-terminated, except the error
 * message written by corsproof_policy_compile. Every function is safe to call
 * from several threads at once with the same compiled policy.
 *
 * Stability: names, struct layouts and enum values, once released, never
 * change; later versions only add functions, types and enum values (version
 * 2 added corsproof_audit and CORSPROOF_OUT_OF_MEMORY). The shared library's
 * SONAME (libcorsproof.so.1) changes only if that promise is ever broken.
 * See docs/oracle.md, "The C API".
 */
#ifndef CORSPROOF_H
#define CORSPROOF_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define CORSPROOF_API_VERSION 2

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
  CORSPROOF_OUT_OF_MEMORY = 6     /* audit (which allocates): memory ran out; nothing was judged */
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

/* The API version this library implements (CORSPROOF_API_VERSION). */
CORSPROOF_EXPORT int corsproof_api_version(void);

#ifdef __cplusplus
}
#endif

#endif /* CORSPROOF_H */
