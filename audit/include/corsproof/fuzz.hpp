// corsproof/fuzz.hpp — `corsproof fuzz --http URL --policy P.json`: send
// many generated requests to a running server, judge every answer as the
// audit does, and shrink each distinct finding to a minimal request.
//
// LOOPBACK ONLY, as run_probes (corsproof/probe.hpp): the URL is checked
// first, and every connection's peer address again before each request.
//
//   corsproof::audit::fuzz_options o;  o.seed = 42;  o.max_requests = 5000;
//   auto report = corsproof::audit::run_fuzz(url, policy, cfg, o);
//   std::cout << corsproof::audit::render_fuzz_text(report);
//   return report.conforms() ? 0 : 1;
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "corsproof/audit.hpp"
#include "corsproof/policy.hpp"
#include "corsproof/probe.hpp"

namespace corsproof::audit {

// Why a request got no answer to judge. Each is reported on its own, per
// request; none stops the run.
enum class failure_kind : std::uint8_t {
  none,
  connection_refused,  // nothing accepted the connection
  connection_closed,   // the server closed the connection (or reset it) before a whole answer
  timeout,             // no whole answer within the timeout
  garbage,             // what came back is not an HTTP/1.x answer
  server_error,        // a 5xx status (answered, not judged)
  too_large,           // the body is longer than the limit
  not_loopback,        // the connection's peer is not a loopback address (aborted)
  interrupted,         // the run was stopped (Ctrl-C) before it was answered
  other,               // any other libcurl error
};

// "connection-refused", "connection-closed", "timeout", "garbage",
// "server-error", "too-large", "not-loopback", "interrupted", "other".
[[nodiscard]] std::string_view to_string(failure_kind k) noexcept;

struct fuzz_report;

struct fuzz_options {
  std::uint64_t seed = 1;
  std::size_t max_requests = 5000;          // generated requests (shrinking not counted)
  std::chrono::milliseconds max_time{60000};  // wall time for the whole run, shrinking included
  std::size_t concurrency = 4;              // keep-alive connections
  std::chrono::milliseconds timeout{2000};  // per request
  std::size_t shrink_budget = 2000;         // shrink requests per distinct finding
  header_pairs extra_headers;               // sent with every request (probe_options::extra_headers)
  std::size_t max_kept_exchanges = 10000;   // failing exchanges kept for --out
  const std::atomic<bool>* stop = nullptr;  // set to true (Ctrl-C): finish with what was found so far
  // Called about every `progress_interval` with the running report (from
  // the fuzzing thread).
  std::function<void(const fuzz_report&)> progress;
  std::chrono::milliseconds progress_interval{500};
};

// One request with the answer it got and the audit's verdict.
struct exchange {
  probe request;
  int status = 0;
  header_pairs headers;  // as received
  audit_result audit;
};

// A distinct finding: its code, severity and request kind (a finding on
// preflights and the same code on actual requests are two findings).
struct fuzz_finding {
  std::string code;
  severity level = severity::error;
  request_kind kind = request_kind::actual;
  std::size_t hits = 0;      // generated requests with this finding
  exchange first;            // the first generated request that had it
  exchange minimal;          // the shrunk request and its answer
  std::string detail;        // the finding's detail on the minimal request
  std::size_t shrink_steps = 0;
  std::size_t shrink_requests = 0;
  bool shrink_complete = false;  // false: the budget or the time ran out first
};

struct fuzz_failure {
  failure_kind kind = failure_kind::none;
  std::size_t count = 0;
  probe first;        // the first request that failed so
  std::string error;  // its error (libcurl's words, or "status 503")
};

struct fuzz_report {
  std::string url;
  std::string refused;      // non-empty: nothing was sent (not a loopback URL, bad options)
  std::string unreachable;  // non-empty: nothing answered the first requests; the run stopped
  std::uint64_t seed = 0;
  header_pairs extra_headers;
  std::size_t requests = 0;         // generated requests sent
  std::size_t answered = 0;         // of them, answered and judged
  std::size_t shrink_requests = 0;  // sent while shrinking
  std::chrono::milliseconds elapsed{0};
  bool interrupted = false;     // stopped by options.stop
  std::string stopped_by;       // "requests", "time" or "interrupt"
  std::vector<fuzz_finding> findings;  // in order of discovery
  std::vector<fuzz_failure> failures;  // in order of discovery
  std::vector<exchange> failing;       // generated exchanges with a finding (up to max_kept_exchanges)
  std::size_t failing_total = 0;       // all of them, kept or not

  [[nodiscard]] std::size_t errors() const noexcept;    // distinct error-level findings
  [[nodiscard]] std::size_t warnings() const noexcept;  // distinct warning-level findings
  [[nodiscard]] std::size_t failed() const noexcept;    // requests without an answer to judge
  [[nodiscard]] double requests_per_second() const noexcept;  // (requests + shrink_requests) / elapsed
  // Nothing refused or unreachable, no error-level finding, no failure.
  [[nodiscard]] bool conforms() const noexcept;
};

// nullopt when libcurl (loaded with dlopen on first use, libcurl.so.4) is
// there; otherwise why not. run_fuzz and run_replay refuse to start then.
[[nodiscard]] std::optional<std::string> live_http_unavailable();

[[nodiscard]] fuzz_report run_fuzz(std::string_view url, const corsproof::policy& p,
                                   const corsproof::policy_config& cfg, const fuzz_options& options);

// Text: one block per distinct finding (errors first):
//   SEVERITY CODE on KIND requests (N of M requests; first: gNNN)
//     minimal request: METHOD, Name: value, ...
//     observed: STATUS, Name: value, ...
//     expected: STATUS, Name: value, ...   (the core's answer under the policy)
//     detail: ...
//     reproduce: curl ...
// then one line per failure kind, and a summary line.
[[nodiscard]] std::string render_fuzz_text(const fuzz_report& report);

// {"url", "seed", "conforms", "interrupted", "stopped_by",
//  "summary": {"requests", "answered", "shrink_requests", "seconds", "requests_per_second",
//              "errors", "warnings", "failed", "failing_exchanges"},
//  "findings": [{"code", "severity", "kind", "hits", "first_request",
//                "minimal": {"request": {"method", "headers"}, "observed": {"status", "headers"},
//                            "expected": {"allowed", "reason", "status", "headers"}},
//                "detail", "reproduce", "shrink": {"steps", "requests", "complete"}}],
//  "failures": [{"kind", "count", "first_request": {...}, "error"}]}
[[nodiscard]] boost::json::object fuzz_report_to_json(const fuzz_report& report);

// Audit-mode cases (JSON Lines, one per line, each ending in "\n") for
// `corsproof eval` / `corsproof check`: first the minimal exchange of each
// distinct finding (id "min-CODE-KIND"), then every failing generated
// exchange kept (id "gNNN"). `policy` is the policy object as JSON. Each
// case carries "expect": {"conforms": ...}, what the audit said live.
[[nodiscard]] std::string failing_exchanges_jsonl(const fuzz_report& report, const boost::json::object& policy);

}  // namespace corsproof::audit
