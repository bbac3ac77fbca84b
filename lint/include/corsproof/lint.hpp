// corsproof/lint.hpp — dangerous-but-valid CORS policies (oracle protocol,
// section "Lint"). Pure functions: a policy_config in, findings out; the
// renderers turn findings into the protocol's text lines.
//
//   corsproof::policy_result compiled = corsproof::compile_policy(cfg);
//   if (!compiled.ok()) { /* bad-policy: print compiled.error, exit 1 */ }
//   auto findings = corsproof::lint::lint_policy(cfg);
//   std::cout << corsproof::lint::render_text(findings);
//   return corsproof::lint::has_errors(findings) ? 1 : 0;
//
// The codes, their severities and what to change are listed in
// lint/README.md.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "corsproof/findings.hpp"
#include "corsproof/loopback_host.hpp"
#include "corsproof/policy.hpp"

namespace corsproof::lint {

// The findings, their severities and their lines are the audit's too
// (corsproof/findings.hpp): code, level ("error" / "warning"), detail (one
// sentence that names the entry and says what to change).
using corsproof::severity;
using corsproof::to_string;
using lint_finding = corsproof::finding;

// Lints a policy. Findings come in the order of the policy's fields
// (allow_origins entry by entry, then methods, headers, expose headers,
// max_age, private network), at most one finding per (code, entry).
//
// Invalid policies are not linted: callers compile the policy first and
// report compile_policy's message (protocol error `bad-policy`). When given an
// invalid policy anyway, lint_policy returns exactly one error finding with
// code "invalid-policy" and compile_policy's message as its detail.
[[nodiscard]] std::vector<lint_finding> lint_policy(const corsproof::policy_config& config);

// True when any finding is an error (the CLI's exit status 1).
[[nodiscard]] bool has_errors(const std::vector<lint_finding>& findings) noexcept;

// One finding as the protocol's line, without a newline:
// "SEVERITY CODE: detail", e.g. "error null-origin-allowed: allow_origins ...".
// Every finding, one line each, each ending in "\n"; "" for no finding.
using corsproof::render_line;
using corsproof::render_text;

// ---- Building blocks (exposed for tests and for the audit library) ---------

// The Public Suffix List (libpsl, Debian's built-in copy): is `domain` (lower
// case; one trailing dot is ignored) a public suffix, ICANN or private
// section, including the implicit "*" rule (so any unlisted top-level domain
// counts)? shared_hosting_suffix and registrable_domain also ignore one
// trailing dot.
[[nodiscard]] bool is_public_suffix(std::string_view domain);
// The longest suffix of `host` (the host itself included) listed in the PSL's
// private section ("github.io", "s3.amazonaws.com"), or corsproof's short
// extra list of shared-hosting suffixes (lint/README.md); "" when none.
[[nodiscard]] std::string shared_hosting_suffix(std::string_view host);
// The registrable domain of `host` ("example.co.uk" for "a.b.example.co.uk"),
// or "" when it has none (a public suffix itself, an IP address).
[[nodiscard]] std::string registrable_domain(std::string_view host);
// The domain names spelled literally in an RE2 pattern (without "re:"),
// lower case: "^https://[a-z]+\.example\.com$" gives {"example.com"}.
[[nodiscard]] std::vector<std::string> regex_domain_literals(std::string_view pattern);
// localhost, *.localhost (one trailing dot ignored: Secure Contexts treats
// "localhost." as "localhost"), 127.0.0.0/8, [::1]: the core's one loopback
// rule (corsproof/loopback_host.hpp), which `audit --http` also applies.
using corsproof::is_loopback_host;

}  // namespace corsproof::lint
