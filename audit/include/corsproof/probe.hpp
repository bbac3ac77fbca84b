// corsproof/probe.hpp — `corsproof audit --http URL --policy P.json`: probe a
// running server with requests generated from its policy and audit every
// answer with audit_answer.
//
// LOOPBACK ONLY. run_probes refuses any URL whose host is not localhost,
// *.localhost, 127.0.0.0/8 or ::1 (corsproof/loopback_host.hpp), and aborts any connection whose peer address is not a
// loopback address (checked again by libcurl just before each request is
// sent). Proxies from the environment are never used and redirects are never
// followed. See audit/README.md.
//
//   auto probes = corsproof::audit::make_probes(cfg, url);
//   auto report = corsproof::audit::run_probes(url, probes, policy);
//   if (!report.refused.empty()) { /* usage error: report.refused */ }
//   std::cout << corsproof::audit::render_report_text(report);
//   return report.conforms() ? 0 : 1;
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "corsproof/audit.hpp"
#include "corsproof/policy.hpp"

namespace corsproof::audit {

inline constexpr std::size_t default_max_probes = 200;

// One request to send.
struct probe {
  std::string id;       // "p07-actual-suffix-bypass": unique, stable for a given policy
  std::string purpose;  // what it tests, one short sentence
  std::string method;   // "GET", "OPTIONS", ...
  header_pairs headers;  // Origin, Access-Control-Request-*, Cookie ...
};

// Requests generated from the policy: the allowed origins (a sample per
// entry) and near misses (suffix and prefix bypasses, a subdomain of an exact
// origin, http for https, upper case, a trailing slash, another port,
// `null`, an unlisted origin); actual requests with and without a cookie and
// a request without Origin; preflights for listed and unlisted methods
// (a non-normalized spelling included), listed, unlisted and mixed headers
// (browser spelling and untidy spelling), Authorization, a repeated
// Access-Control-Request-Headers, private network access. At most
// `max_probes`, most telling first. `url` is the target (its origin is never
// used as a probe origin: that would be a same-origin request).
[[nodiscard]] std::vector<probe> make_probes(const corsproof::policy_config& cfg, std::string_view url,
                                             std::size_t max_probes = default_max_probes);

// nullopt when `url` is an http(s) URL whose host is a loopback host by the
// core's rule (corsproof/loopback_host.hpp: localhost, *.localhost, an IPv4
// address in 127.0.0.0/8 in any URL Standard spelling, [::1]), the linter's
// rule too; otherwise why it is refused.
[[nodiscard]] std::optional<std::string> loopback_url_error(std::string_view url);

struct probe_options {
  std::chrono::milliseconds timeout{2000};     // per request, connection included
  std::size_t max_probes = default_max_probes;  // probes beyond this are not sent (counted in `skipped`)
  std::size_t max_response_body = 1 << 20;     // bytes; a longer body fails the probe
  // Sent with every probe, after the probe's own headers (a token, a cookie
  // the server wants). The audit sees them as part of the request.
  header_pairs extra_headers;
};

// Why `name` may not be an extra header, or nullopt: the names the probes
// themselves set (Origin, Access-Control-Request-*), and names that are not
// tokens.
[[nodiscard]] std::optional<std::string> extra_header_error(std::string_view name);

struct probe_outcome {
  probe request;
  bool answered = false;
  std::string transport_error;  // !answered: why (timeout, refused, not loopback ...)
  bool no_connection = false;   // !answered: no connection could be made (nothing listening, timeout)
  int status = 0;
  header_pairs headers;  // the response headers as received, in order
  audit_result audit;    // meaningful when answered
};

struct probe_report {
  std::string url;
  std::string refused;      // non-empty: nothing was sent (e.g. not a loopback URL)
  std::string unreachable;  // non-empty: the first probe could not connect; no other was sent
  header_pairs extra_headers;  // probe_options::extra_headers, for the curl commands
  std::vector<probe_outcome> outcomes;
  std::size_t skipped = 0;  // probes beyond options.max_probes

  [[nodiscard]] std::size_t failed() const noexcept;     // probes without an answer
  [[nodiscard]] std::size_t errors() const noexcept;     // error findings, over all answered probes
  [[nodiscard]] std::size_t warnings() const noexcept;
  [[nodiscard]] std::size_t conforming() const noexcept;  // answered probes without an error finding
  // Nothing refused, the server reachable, every probe answered, no error finding.
  [[nodiscard]] bool conforms() const noexcept;
};

// Sends each probe (sequentially, one connection each) with libcurl and
// audits each answer. Never throws for network trouble: a probe that gets no
// answer is reported as failed. When the first probe cannot connect at all
// (nothing listening, a timeout), nothing more is sent and `unreachable`
// says why: one clear error instead of one failure per probe.
[[nodiscard]] probe_report run_probes(std::string_view url, const std::vector<probe>& probes,
                                      const corsproof::policy& p, const probe_options& options = {});

// A shell command (curl) that sends `p` to `url` as run_probes did, with the
// extra headers, and prints the answer's status line and headers. Every
// argument is single-quoted.
[[nodiscard]] std::string curl_command(std::string_view url, const probe& p, const header_pairs& extra_headers);

// Text, findings grouped by severity and code (errors first, most probes
// first):
//   SEVERITY CODE (N probes): ID, ID, ...
//     ID: the first probe's detail
//     reproduce: curl ...
// probe failures and too-large answers grouped the same way, then one
// summary line "summary: ...". A refused URL gives the single line
// "refused: ...", an unreachable server "unreachable: ...".
[[nodiscard]] std::string render_report_text(const probe_report& report);

}  // namespace corsproof::audit
