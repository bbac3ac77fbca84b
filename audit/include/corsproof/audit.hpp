// corsproof/audit.hpp — does an implementation's real answer conform to a
// policy? (oracle protocol, mode "audit").
//
// The verdict is semantic: the policy's verdict comes from the core's server
// side (evaluate_server), the observed answer is judged as a browser would
// judge it with the core's browser side (cors_check for actual responses,
// evaluate_browser on a synthesized exchange for preflights), and the two are
// compared. List order, spacing, header-name case and echoing the requested
// items instead of listing all allowed ones are all conforming. The mapping
// from checks to finding codes is documented in audit/README.md.
//
//   auto r = corsproof::audit::audit_answer(policy, cfg, "OPTIONS", request, 204, observed);
//   if (r.status != corsproof::eval_status::ok) { /* too-large: r.error */ }
//   // protocol answer: {"id": ..., "conforms": r.conforms, "findings": [...]}
//   // (corsproof/audit_json.hpp: audit_fields(r))
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "corsproof/http.hpp"
#include "corsproof/policy.hpp"
#include "corsproof/server.hpp"

namespace corsproof::audit {

enum class severity : std::uint8_t { error, warning };

// "error" / "warning".
[[nodiscard]] std::string_view to_string(severity s) noexcept;

struct audit_finding {
  std::string code;  // e.g. "missing-vary-origin"
  severity level = severity::error;
  std::string detail;  // one sentence: what was observed, what the policy grants, what to change
};

// Owned header pairs, in order, duplicates allowed.
using header_pairs = std::vector<std::pair<std::string, std::string>>;

// Views into `pairs` (valid while `pairs` is alive and unchanged).
[[nodiscard]] std::vector<header_view> views(const header_pairs& pairs);

struct audit_result {
  // ok: judged. limit_exceeded: the request or the observed answer is beyond
  // one of the core's bounds (256 headers, 256-byte names, 8192-byte values);
  // there is no verdict then (protocol error `too-large`), `error` says why.
  eval_status status = eval_status::ok;
  std::string error;

  // What the policy grants (evaluate_server).
  request_kind kind = request_kind::not_cors;
  bool policy_allows = false;
  server_reason reason = server_reason::ok;
  std::string reason_detail;
  int expected_status = 0;        // preflights: the status the core would answer with
  header_pairs expected_headers;  // the core's own answer, for reference

  // What a browser does with the observed answer, in the policy's
  // credentials mode (include when allow_credentials, else omit).
  bool browser_judged = false;  // false: not-cors, or a request no browser can send
  bool browser_accepts = false;
  std::string browser_error;  // the protocol's browser error code ("acao-mismatch"), "" when accepted

  bool conforms = false;  // no error-level finding
  std::vector<audit_finding> findings;

  [[nodiscard]] std::size_t error_count() const noexcept;
  [[nodiscard]] std::size_t warning_count() const noexcept;
};

// Judges `observed_status` + `observed_headers` (the real server's answer to
// `method` + `request_headers`) against `p`, compiled from `cfg`. `cfg` must be
// the configuration `p` was compiled from (expose_headers and max_age are read
// from it). Never throws on any input (std::bad_alloc aside).
[[nodiscard]] audit_result audit_answer(const corsproof::policy& p, const corsproof::policy_config& cfg,
                                        std::string_view method, corsproof::header_list request_headers,
                                        int observed_status, corsproof::header_list observed_headers);

// "SEVERITY CODE: detail" (no newline), like lint's lines.
[[nodiscard]] std::string render_line(const audit_finding& finding);
// One line per finding, each ending in "\n"; "" when there is none.
[[nodiscard]] std::string render_text(const audit_result& result);

}  // namespace corsproof::audit
