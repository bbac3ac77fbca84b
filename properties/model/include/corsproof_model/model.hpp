// corsproof reference model: an independent, deliberately slow and literal
// transcription of the Fetch Standard's CORS algorithms (browser side) and of
// the W3C CORS 2014 Recommendation's resource processing model (server side),
// following docs/protocol-decisions.md wherever the oracle protocol is silent.
//
// It shares no code with core/. It is unbounded: corsproof's size limits are
// ignored, except the few the decisions page makes part of server-mode
// semantics (64 requested names / 4096 bytes of Access-Control-Request-Headers,
// 1024-byte Origin).
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace corsproof_model {

struct Header {
  std::string name, value;
};

struct Policy {
  std::vector<std::string> allow_origins;
  std::vector<std::string> allow_methods{"GET", "HEAD", "POST"};
  std::vector<std::string> allow_headers, expose_headers;
  bool allow_credentials = false;
  std::optional<long long> max_age;
  bool allow_private_network = false;
  int preflight_status = 204;
};

// nullopt when the policy is valid; otherwise a message (which entry, and for
// non-canonical origins the canonical spelling).
std::optional<std::string> validate_policy(const Policy&);

struct ServerRequest {
  std::string method;
  std::vector<Header> headers;
};

struct ServerAnswer {
  std::string kind;
  bool allowed = false;
  std::string reason;
  std::string detail;
  std::optional<int> status;
  std::vector<Header> headers;
};

// precondition: validate_policy(p) == nullopt
ServerAnswer server_answer(const Policy&, const ServerRequest&);

struct BrowserRequest {
  std::string origin, url, method;
  std::vector<Header> headers;
  std::string credentials = "same-origin";
  bool private_network = false;
};

struct Response {
  int status = 200;
  std::vector<Header> headers;
};

struct BrowserExchange {
  BrowserRequest request;
  std::optional<Response> preflight_response, response;
};

struct PreflightAnswer {
  std::string method;
  std::optional<std::string> request_headers;
  bool ok = false;
  std::optional<std::string> error;
  std::optional<long long> max_age;
  bool private_network = false;
};

struct CorsCheckAnswer {
  bool ok = false;
  std::optional<std::string> error;
};

struct BrowserAnswer {
  std::string outcome;
  bool needs_preflight = false;
  std::optional<PreflightAnswer> preflight;
  std::optional<CorsCheckAnswer> cors_check;
  std::optional<std::vector<std::string>> exposed_headers;
  std::string detail;
};

// precondition: if a preflight is needed, preflight_response is present
// (otherwise return outcome "bad-case" with detail)
BrowserAnswer browser_answer(const BrowserExchange&);

}  // namespace corsproof_model
