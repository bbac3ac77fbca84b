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
//   auto r = corsproof::audit::audit_answer(policy, "OPTIONS", request, 204, observed);
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

#include "corsproof/findings.hpp"
#include "corsproof/http.hpp"
#include "corsproof/policy.hpp"
#include "corsproof/server.hpp"

namespace corsproof::audit {

// The findings, their severities and their lines are the linter's too
// (corsproof/findings.hpp): code ("missing-vary-origin"), level ("error" /
// "warning"), detail (one sentence: what was observed, what the policy
// grants, what to change).
using corsproof::severity;
using corsproof::to_string;
using audit_finding = corsproof::finding;

// Owned header pairs, in order, duplicates allowed.
using header_pairs = std::vector<std::pair<std::string, std::string>>;

// Views into `pairs` (valid while `pairs` is alive and unchanged).
[[nodiscard]] std::vector<header_view> views(const header_pairs& pairs);

struct audit_result {
  // ok: judged. limit_exceeded: the request or the observed answer is beyond
  // one of the core's bounds (256 headers, 256-byte names, 8192-byte values,
  // 256 KiB of names and values in the observed answer);
  // there is no verdict then (protocol error `too-large`), `error` says why.
  eval_status status = eval_status::ok;
  std::string error;

  // What the policy grants (evaluate_server).
  request_kind kind = request_kind::not_cors;
  bool policy_allows = false;
  server_reason reason = server_reason::ok;
  std::string reason_detail;
  int expected_status = 0;        // preflights: the status the core would answer with
  header_pairs expected_headers;  // the core's own answer, for reference (audit_options::expected_headers)

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
// `method` + `request_headers`) against the compiled policy `p` (its verdict
// with evaluate_server, its expose_headers() and max_age() for the warnings).
// Never throws on any input (std::bad_alloc aside).
[[nodiscard]] audit_result audit_answer(const corsproof::policy& p, std::string_view method,
                                        corsproof::header_list request_headers, int observed_status,
                                        corsproof::header_list observed_headers);

// What audit_answer writes beyond the verdict and the findings.
struct audit_options {
  // audit_result::expected_headers, a copy of every header of the core's
  // answer; false leaves it empty (the oracle, which never writes it, saves
  // the copy: about 2 % of an audit case).
  bool expected_headers = true;
};

// The same verdict written into `result`, every member set anew. Its strings
// and vectors keep their capacity from call to call, so a caller that
// audits many answers with one audit_result (the oracle) allocates little
// once it has seen a few.
void audit_answer(audit_result& result, const corsproof::policy& p, std::string_view method,
                  corsproof::header_list request_headers, int observed_status,
                  corsproof::header_list observed_headers, const audit_options& options = {});

// "SEVERITY CODE: detail" (no newline), as lint's lines.
using corsproof::render_line;
// One line per finding, each ending in "\n"; "" when there is none.
[[nodiscard]] std::string render_text(const audit_result& result);

}  // namespace corsproof::audit
