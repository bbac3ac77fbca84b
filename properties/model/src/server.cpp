// Server mode: what a conforming server with this policy answers.
//
// W3C CORS (2014 Recommendation) §6.1 "Simple Cross-Origin Request, Actual
// Request, and Redirects", §6.2 "Preflight Request" and §6.4 "Implementation
// Considerations" (Vary), in numbered steps, with the Fetch Standard's
// additions (§3.3 "CORS protocol"; Authorization is a CORS non-wildcard
// request-header name, safelisted methods need no listing) and every choice of
// docs/protocol-decisions.md "Server mode" (parsing, bounds, `*` handling,
// header order and spelling, 403 for denied preflights).
#include "spec.hpp"

namespace corsproof_model {

namespace {

using spec::HeaderList;

const char* const kVaryPreflightWithOrigin = "Origin, Access-Control-Request-Method, Access-Control-Request-Headers";
const char* const kVaryPreflightWithoutOrigin = "Access-Control-Request-Method, Access-Control-Request-Headers";

// RFC 9110 §5.5 "Field Values": a received field value excludes leading and
// trailing whitespace (protocol: "Request header values are read after
// removing leading and trailing spaces and tabs, as HTTP parsing does").
HeaderList read_request_header_fields(const std::vector<Header>& raw) {
  HeaderList fields;
  for (const Header& header : raw) {
    fields.push_back(Header{header.name, spec::remove_leading_and_trailing_http_tab_or_space(header.value)});
  }
  return fields;
}

// All values of the headers named name, in order (names compared ASCII
// case-insensitively).
std::vector<std::string> values_of(const HeaderList& fields, const std::string& name) {
  std::vector<std::string> values;
  for (const Header& header : fields) {
    if (spec::byte_case_insensitive_match(header.name, name)) values.push_back(header.value);
  }
  return values;
}

// Decisions page "The answer", item 8: the answer depends on the origin unless
// the policy is "*" without credentials (a valid policy never has "*" with
// credentials).
bool answer_depends_on_origin(const Policy& policy) {
  return !(spec::policy_is_any_origin(policy) && !policy.allow_credentials);
}

// Protocol "Mode server", `kind`; decisions page "Classification":
// `preflight` is method byte-exactly `OPTIONS` with at least one `Origin` and
// at least one `Access-Control-Request-Method`; `actual` any other request
// with `Origin`; `not-cors` a request without `Origin` (W3C §6.1/§6.2 step 1:
// "If the Origin header is not present terminate this set of steps. The
// request is outside the scope of this specification.").
std::string classify_request(const std::string& method, const HeaderList& fields) {
  if (!spec::header_list_contains(fields, "Origin")) return "not-cors";
  if (method == "OPTIONS" && spec::header_list_contains(fields, "Access-Control-Request-Method")) {
    return "preflight";
  }
  return "actual";
}

struct Verdict {
  std::string reason = "ok";
  std::string detail;
  bool ok() const { return reason == "ok"; }
};

Verdict refuse(const std::string& reason, const std::string& detail) { return Verdict{reason, detail}; }

// W3C §6.1 step 2 / §6.2 step 2: "If the value of the Origin header is not a
// case-sensitive match for any of the values in list of origins, do not set
// any additional headers and terminate this set of steps." Reading the
// `Origin` header first (decisions page "Origins"): two or more headers are
// `multiple-origins`; a value longer than 1024 bytes or not well formed is
// `malformed-origin`; then the match, else `origin-not-allowed`.
Verdict origin_step(const Policy& policy, const HeaderList& fields, std::string& origin) {
  const std::vector<std::string> origins = values_of(fields, "Origin");
  if (origins.size() > 1) return refuse("multiple-origins", std::to_string(origins.size()) + " Origin headers");
  origin = origins.front();
  if (origin.size() > 1024) return refuse("malformed-origin", "Origin longer than 1024 bytes");
  if (!spec::is_well_formed_request_origin(origin)) return refuse("malformed-origin", origin);
  if (!spec::policy_origin_list_matches(policy, origin)) return refuse("origin-not-allowed", "");
  return Verdict{};
}

// W3C §6.1 step 3 / §6.2 step 7: "If the resource supports credentials add a
// single Access-Control-Allow-Origin header, with the value of the Origin
// header as value, and add a single Access-Control-Allow-Credentials header
// with the case-sensitive string "true" as value. Otherwise, add a single
// Access-Control-Allow-Origin header, with either the value of the Origin
// header or the string "*" as value." Decisions page items 1-2: `*` exactly
// when the policy is "*" (without credentials), else the request's origin.
void add_allow_origin_and_credentials(const Policy& policy, const std::string& origin, ServerAnswer& answer) {
  if (spec::policy_is_any_origin(policy) && !policy.allow_credentials) {
    answer.headers.push_back({"Access-Control-Allow-Origin", "*"});
  } else {
    answer.headers.push_back({"Access-Control-Allow-Origin", origin});
  }
  if (policy.allow_credentials) answer.headers.push_back({"Access-Control-Allow-Credentials", "true"});
}

// W3C §6.4: resources whose Access-Control-Allow-Origin varies by origin
// should send `Vary: Origin`. Decisions page item 8: actual and not-cors
// answers carry `Vary: Origin` when the answer depends on the origin;
// preflight answers carry `Vary: Origin, Access-Control-Request-Method,
// Access-Control-Request-Headers`, without `Origin` when it does not.
void add_vary(const Policy& policy, const std::string& kind, ServerAnswer& answer) {
  const bool depends = answer_depends_on_origin(policy);
  if (kind == "preflight") {
    answer.headers.push_back({"Vary", depends ? kVaryPreflightWithOrigin : kVaryPreflightWithoutOrigin});
  } else if (depends) {
    answer.headers.push_back({"Vary", "Origin"});
  }
}

// A denied answer: no Access-Control-* header at all, the same Vary as an
// allowed answer, and status 403 for preflights (decisions page "The answer").
ServerAnswer denied(const Policy& policy, const std::string& kind, const Verdict& verdict) {
  ServerAnswer answer;
  answer.kind = kind;
  answer.allowed = false;
  answer.reason = verdict.reason;
  answer.detail = verdict.detail;
  if (kind == "preflight") answer.status = 403;
  add_vary(policy, kind, answer);
  return answer;
}

// A request outside CORS (W3C §6.1/§6.2 step 1): allowed, with no
// Access-Control-* header; only `Vary: Origin` when the policy's answers
// depend on the origin (protocol "Mode server", `allowed`).
ServerAnswer not_cors_answer(const Policy& policy) {
  ServerAnswer answer;
  answer.kind = "not-cors";
  answer.allowed = true;
  answer.reason = "ok";
  add_vary(policy, "not-cors", answer);
  return answer;
}

// W3C CORS §6.1 "Simple Cross-Origin Request, Actual Request, and Redirects".
ServerAnswer actual_request_answer(const Policy& policy, const HeaderList& fields) {
  // Step 1 (no Origin header) was decided by classify_request.
  // Step 2: the origin must be in the list of origins. Decisions page: actual
  // requests are judged on the origin only; the method is not checked.
  std::string origin;
  const Verdict verdict = origin_step(policy, fields, origin);
  if (!verdict.ok()) return denied(policy, "actual", verdict);

  ServerAnswer answer;
  answer.kind = "actual";
  answer.allowed = true;
  answer.reason = "ok";
  // Step 3: Access-Control-Allow-Origin (and -Credentials).
  add_allow_origin_and_credentials(policy, origin, answer);
  // Step 4: "If the list of exposed headers is not empty add one or more
  // Access-Control-Expose-Headers headers". Decisions page item 7: the
  // configured names joined with ", "; a "*" entry is dropped when credentials
  // are on (it would only expose a header literally named `*`, Fetch §4.1
  // step 14.1.3); absent when nothing remains.
  std::vector<std::string> exposed;
  for (const std::string& name : policy.expose_headers) {
    if (name == "*" && policy.allow_credentials) continue;
    exposed.push_back(name);
  }
  if (!exposed.empty()) {
    std::string value;
    for (std::size_t i = 0; i < exposed.size(); ++i) {
      if (i > 0) value += ", ";
      value += exposed[i];
    }
    answer.headers.push_back({"Access-Control-Expose-Headers", value});
  }
  // §6.4: Vary.
  add_vary(policy, "actual", answer);
  return answer;
}

// W3C CORS §6.2 step 3: "Let method be the value as result of parsing the
// Access-Control-Request-Method header. If there is no Access-Control-Request-
// Method header or if parsing failed, do not set any additional headers and
// terminate." Fetch §3.3.4: Access-Control-Request-Method = method (a token).
// Decisions page: more than one header, a value over 1024 bytes, or a value
// that is not a non-empty token, is `malformed-request-method`.
Verdict parse_request_method(const HeaderList& fields, std::string& method) {
  const std::vector<std::string> values = values_of(fields, "Access-Control-Request-Method");
  if (values.size() > 1) {
    return refuse("malformed-request-method",
                  std::to_string(values.size()) + " Access-Control-Request-Method headers");
  }
  method = values.front();
  // Decisions page bound: a value over 1024 bytes is malformed-request-method.
  if (method.size() > 1024) return refuse("malformed-request-method", "longer than 1024 bytes");
  if (!spec::is_method(method)) return refuse("malformed-request-method", method);
  return Verdict{};
}

// W3C CORS §6.2 step 4: "Let header field-names be the values as result of
// parsing the Access-Control-Request-Headers headers. If there are no
// Access-Control-Request-Headers headers let header field-names be the empty
// list. If parsing failed do not set any additional headers and terminate."
// Protocol / decisions page: all the headers form one #field-name list (as if
// joined with ","), elements trimmed of SP/TAB, empty elements skipped, any
// other non-token element is `malformed-request-headers`; so are more than 64
// non-empty names or more than 4096 bytes across all the (trimmed) values.
Verdict parse_request_headers(const HeaderList& fields, std::vector<std::string>& field_names) {
  const std::vector<std::string> values = values_of(fields, "Access-Control-Request-Headers");
  std::size_t total_bytes = 0;
  for (const std::string& value : values) total_bytes += value.size();
  if (total_bytes > 4096) {
    return refuse("malformed-request-headers", "Access-Control-Request-Headers longer than 4096 bytes");
  }
  for (const std::string& value : values) {
    std::size_t position = 0;
    while (true) {
      std::string element = spec::collect_a_sequence(value, position, [](unsigned char c) { return c != ','; });
      element = spec::remove_leading_and_trailing_http_tab_or_space(element);
      if (!element.empty()) {
        if (!spec::is_header_name(element)) return refuse("malformed-request-headers", element);
        field_names.push_back(element);
        if (field_names.size() > 64) {
          return refuse("malformed-request-headers", "more than 64 requested header names");
        }
      }
      if (position >= value.size()) break;
      ++position;  // past the ","
    }
  }
  return Verdict{};
}

// W3C CORS §6.2 step 5: "If method is not a case-sensitive match for any of
// the values in list of methods do not set any additional headers and
// terminate." Fetch §4.8 step 7.5 and the decisions page "Method check":
// `GET`, `HEAD`, `POST` (byte-exact) always pass; "*" passes any method;
// otherwise a byte-for-byte match with a listed method, the six methods Fetch
// normalizes being upper-cased on load.
Verdict method_check(const Policy& policy, const std::string& method) {
  if (spec::is_cors_safelisted_method(method)) return Verdict{};
  for (const std::string& allowed : policy.allow_methods) {
    if (allowed == "*") return Verdict{};
    if (spec::normalize_method(allowed) == method) return Verdict{};
  }
  return refuse("method-not-allowed", method);
}

// W3C CORS §6.2 step 6: "If any of the header field-names is not a ASCII
// case-insensitive match for any of the values in list of headers do not set
// any additional headers and terminate." Fetch §4.8 steps 7.6-7.7 and the
// decisions page "Header check": in request order; "*" covers every name
// except `authorization` (a CORS non-wildcard request-header name), which must
// be listed by name; `detail` is the first refused name as it appears.
Verdict header_check(const Policy& policy, const std::vector<std::string>& field_names) {
  const bool star = spec::list_contains_star(policy.allow_headers);
  for (const std::string& name : field_names) {
    bool listed = false;
    for (const std::string& allowed : policy.allow_headers) {
      if (spec::byte_case_insensitive_match(name, allowed)) listed = true;
    }
    const bool covered_by_star = star && !spec::is_cors_non_wildcard_request_header_name(name);
    if (!listed && !covered_by_star) return refuse("header-not-allowed", name);
  }
  return Verdict{};
}

// Decisions page "Private network" (Chromium's Private Network Access, outside
// Fetch and W3C): a preflight asks for it when it carries
// `Access-Control-Request-Private-Network` with the value `true`.
bool asks_for_private_network(const HeaderList& fields) {
  for (const std::string& value : values_of(fields, "Access-Control-Request-Private-Network")) {
    if (value == "true") return true;
  }
  return false;
}

// W3C CORS §6.2 "Preflight Request".
ServerAnswer preflight_answer(const Policy& policy, const HeaderList& fields) {
  // Step 1 (no Origin header) was decided by classify_request.
  // Step 2: the origin must be in the list of origins.
  std::string origin;
  if (Verdict verdict = origin_step(policy, fields, origin); !verdict.ok()) {
    return denied(policy, "preflight", verdict);
  }
  // Step 3: parse Access-Control-Request-Method.
  std::string method;
  if (Verdict verdict = parse_request_method(fields, method); !verdict.ok()) {
    return denied(policy, "preflight", verdict);
  }
  // Step 4: parse Access-Control-Request-Headers.
  std::vector<std::string> field_names;
  if (Verdict verdict = parse_request_headers(fields, field_names); !verdict.ok()) {
    return denied(policy, "preflight", verdict);
  }
  // Step 5: the method check.
  if (Verdict verdict = method_check(policy, method); !verdict.ok()) {
    return denied(policy, "preflight", verdict);
  }
  // Step 6: the header check.
  if (Verdict verdict = header_check(policy, field_names); !verdict.ok()) {
    return denied(policy, "preflight", verdict);
  }
  // Private network, checked last (decisions page).
  const bool private_network = asks_for_private_network(fields);
  if (private_network && !policy.allow_private_network) {
    return denied(policy, "preflight", refuse("private-network-not-allowed", ""));
  }

  ServerAnswer answer;
  answer.kind = "preflight";
  answer.allowed = true;
  answer.reason = "ok";
  answer.status = policy.preflight_status;  // a Fetch "ok status" (200 or 204)
  // Step 7: Access-Control-Allow-Origin (and -Credentials), as in §6.1 step 3.
  add_allow_origin_and_credentials(policy, origin, answer);
  // Step 9: "Add one or more Access-Control-Allow-Methods headers consisting of
  // (a subset of) the list of methods." Decisions page item 3: `*` when
  // allow_methods has "*" and credentials are off (with credentials a browser
  // reads `*` literally, Fetch §4.8 step 7.5); otherwise the requested method.
  if (spec::list_contains_star(policy.allow_methods) && !policy.allow_credentials) {
    answer.headers.push_back({"Access-Control-Allow-Methods", "*"});
  } else {
    answer.headers.push_back({"Access-Control-Allow-Methods", method});
  }
  // Step 10: "Add one or more Access-Control-Allow-Headers headers consisting
  // of (a subset of) the list of headers." Decisions page item 4: only when at
  // least one name was requested; `*` when allow_headers has "*", credentials
  // are off and `authorization` was not requested (Fetch §4.8 step 7.6);
  // otherwise the requested names, in request order as sent, joined with ", ".
  if (!field_names.empty()) {
    bool authorization_requested = false;
    for (const std::string& name : field_names) {
      if (spec::is_cors_non_wildcard_request_header_name(name)) authorization_requested = true;
    }
    if (spec::list_contains_star(policy.allow_headers) && !policy.allow_credentials && !authorization_requested) {
      answer.headers.push_back({"Access-Control-Allow-Headers", "*"});
    } else {
      std::string value;
      for (std::size_t i = 0; i < field_names.size(); ++i) {
        if (i > 0) value += ", ";
        value += field_names[i];
      }
      answer.headers.push_back({"Access-Control-Allow-Headers", value});
    }
  }
  // Decisions page item 5: `Access-Control-Allow-Private-Network: true` when
  // the preflight asked for it.
  if (private_network) answer.headers.push_back({"Access-Control-Allow-Private-Network", "true"});
  // Step 8: "Optionally add a single Access-Control-Max-Age header" — decisions
  // page item 6: when the policy sets max_age (placed after the above).
  if (policy.max_age) answer.headers.push_back({"Access-Control-Max-Age", std::to_string(*policy.max_age)});
  // §6.4: Vary.
  add_vary(policy, "preflight", answer);
  return answer;
}

}  // namespace

ServerAnswer server_answer(const Policy& policy, const ServerRequest& request) {
  const HeaderList fields = read_request_header_fields(request.headers);
  const std::string kind = classify_request(request.method, fields);
  if (kind == "not-cors") return not_cors_answer(policy);
  if (kind == "actual") return actual_request_answer(policy, fields);
  return preflight_answer(policy, fields);
}

}  // namespace corsproof_model
