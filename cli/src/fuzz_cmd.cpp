// cli/src/fuzz_cmd.cpp — `corsproof fuzz` and `corsproof replay` (see
// docs/cli.md). The work is the audit library's (corsproof/fuzz.hpp,
// corsproof/replay.hpp); this file reads options, prints and picks the exit
// status.
#include "fuzz_cmd.hpp"

#include <unistd.h>

#include <boost/json/serialize.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "corsproof/fuzz.hpp"
#include "corsproof/replay.hpp"
#include "corsproof/server_cmd.hpp"
#include "live.hpp"

namespace corsproof::cli {

namespace {

constexpr const char* fuzz_footer = R"(
Sends requests generated from the policy to the server and judges every
answer as "corsproof audit" does: listed origins and their near misses
(letter case, default port spelled out, other scheme, trailing dot, one
character changed, the origin inside another host), wildcard subdomains
(one label, many, an empty label, the bare suffix), strings a "re:" pattern
nearly matches, null, malformed values; listed, unlisted, lower-case and
non-token methods; Access-Control-Request-Headers lists in random case and
order with duplicates, empty elements, spaces and tabs, Authorization and
"*"; repeated Origin and Access-Control-Request-Method headers; requests
without Origin; private network preflights.

Each distinct finding (code, severity, and whether it was seen on a
preflight or an actual request) is shrunk to a minimal request that still
gives it - headers dropped, list elements dropped, values moved toward the
nearest listed value, letters lowered - and reported once, with the
observed answer, the answer the policy calls for, and a curl command.
Requests that get no answer to judge (connection closed, timeout, not HTTP,
a 5xx status) are reported per failure kind; the run goes on.

--http URL or --server-cmd 'CMD {policy}' (the adapter interface,
docs/adapters.md: corsproof writes the policy to a temporary file, starts
CMD with {policy} replaced by its path, reads the port from its first line
of output, and stops it at the end). Loopback only, as audit --http.

Bounds: --requests (5000) and --time (60 s), whichever comes first;
shrinking counts toward --time but not --requests. Without --seed, a seed
is taken from the clock; the summary line prints it: the same seed against
the same server sends the same requests and gives the same report. Ctrl-C
stops the run and prints what was found so far.

Exit status: 0 every answer conforms; 1 an error-level finding or a request
without an answer; 2 usage error, unreadable policy, non-loopback URL, or
nothing answering; 3 the --server-cmd adapter cannot express this policy.

Example:
  $ corsproof fuzz --server-cmd 'node peers/express/adapter.js {policy}' --policy peers/policies/public.json --seed 7
  error star-covers-authorization on preflight requests (41 of 5000 requests; first: g23)
    minimal request: OPTIONS; Origin: https://corsproof-fuzz.example; Access-Control-Request-Method: GET; Access-Control-Request-Headers: authorization
    ...
)";

constexpr const char* replay_footer = R"(
Replays the server-mode conformance vectors (every "mode":"server" line of
the VECTORS files and of the *.jsonl files below VECTORS directories;
default: corpus/conformance) against a server started through the adapter
interface, once per distinct policy, and judges every answer as the audit
does (so header order, spacing, echo versus list and 200 versus 204 all
conform). Vectors whose policy corsproof refuses, and requests HTTP/1.1
cannot carry as given (a method or header name that is not a token, CR/LF
in a value, Host or Content-Length), are skipped and counted; so are
methods other than GET, HEAD, POST, PUT, DELETE, OPTIONS and PATCH, which
many HTTP servers refuse before any CORS handling (--all-methods sends
them).

An adapter that exits 3 for a policy cannot express it: its vectors are
counted as "not expressible", which is no failure. --policy-filter skips
policies before starting the server: FIELD=JSON keeps a policy whose FIELD
equals the value, FIELD!=JSON one whose FIELD differs (an absent field reads
as null); repeatable, all must hold:
  --policy-filter 'allow_private_network!=true' --policy-filter 'max_age!=null'

--self-test runs the vectors against corsproof's own test server through
the same interface (corsproof_test_server next to this program, or
$CORSPROOF_TEST_SERVER): what a conforming adapter's report looks like.

Exit status: 0 every answer conforms; 1 an error-level finding, a vector
without an answer, or an adapter that failed to start or stop; 2 usage
error or unreadable vectors.

Example:
  $ corsproof replay --server-cmd '/usr/bin/python3 peers/starlette/adapter.py {policy}' corpus/conformance/server
  error missing-vary-origin (31 vectors): srv-origin-case-1, ...
  summary: 300 vectors replayed through --server-cmd '...' (52 policies): ...
)";

void progress_line(const char* what) {
  std::fprintf(stderr, "\r\033[K%s", what);
  std::fflush(stderr);
}

}  // namespace

void add_fuzz_command(CLI::App& app, fuzz_command& cmd) {
  cmd.app = app.add_subcommand("fuzz", "Send generated requests to a live server, judge every answer, shrink each finding");
  CLI::App* f = cmd.app;
  f->add_option("--http", cmd.url, "the URL of a resource on the server (127.0.0.0/8, ::1 or localhost only)");
  f->add_option("--server-cmd", cmd.server_cmd,
                "start the server with this shell command ({policy}: the policy file's path); see docs/adapters.md");
  f->add_option("--policy", cmd.policy_path, "a JSON file holding the policy the server is meant to implement")
      ->required();
  f->add_option("--seed", cmd.seed, "random seed (default: from the clock, printed in the summary)");
  f->add_option("--requests", cmd.requests, "generated requests to send at most (shrinking not counted)")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{1}, std::size_t{100000000}));
  f->add_option("--time", cmd.seconds, "seconds to run at most, shrinking included")
      ->capture_default_str()
      ->check(CLI::Range(0.1, 86400.0));
  f->add_option("--concurrency", cmd.concurrency, "keep-alive connections (requests in flight)")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{1}, std::size_t{64}));
  f->add_option("--timeout", cmd.timeout, "seconds per request")->capture_default_str()->check(CLI::Range(0.05, 600.0));
  f->add_option("--shrink-budget", cmd.shrink_budget, "requests spent shrinking each distinct finding, at most")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{0}, std::size_t{1000000}));
  f->add_option("--out", cmd.out_path,
                "write the failing exchanges as audit-mode JSON Lines (minimal ones first) for eval/check");
  f->add_flag("--json", cmd.json, "write the report as one JSON object instead of text");
  f->add_option("--header", cmd.headers, "NAME:VALUE sent with every request (a token, a cookie); repeatable")
      ->allow_extra_args(false);
  f->footer(fuzz_footer);
}

int fuzz_command::run() {
  seed_given = app->count("--seed") > 0;
  if (!seed_given)
    seed = static_cast<std::uint64_t>(std::chrono::system_clock::now().time_since_epoch().count()) % 1000000007ULL;
  if (url.empty() == server_cmd.empty()) {
    std::fprintf(stderr, "corsproof fuzz: give exactly one of --http URL and --server-cmd CMD\n");
    return 2;
  }
  if (!url.empty())
    if (const auto refused = corsproof::audit::loopback_url_error(url)) {
      std::fprintf(stderr, "corsproof fuzz: refused: %s\n", refused->c_str());
      return 2;
    }
  const auto extra = parse_extra_headers("fuzz", headers);
  if (!extra) return 2;
  const auto policy = read_live_policy("fuzz", policy_path);
  if (!policy) return 2;
  std::ofstream out_file;
  if (!out_path.empty()) {
    out_file.open(out_path, std::ios::binary | std::ios::trunc);
    if (!out_file) {
      std::fprintf(stderr, "corsproof fuzz: cannot write %s\n", out_path.c_str());
      return 2;
    }
  }
  const std::atomic<bool>& stop = install_interrupt_flag();
  return with_target("fuzz", url, server_cmd, *policy, [&](const std::string& target) {
    corsproof::audit::fuzz_options o;
    o.seed = seed;
    o.max_requests = requests;
    o.max_time = std::chrono::milliseconds(static_cast<long long>(seconds * 1000));
    o.concurrency = concurrency;
    o.timeout = std::chrono::milliseconds(static_cast<long long>(timeout * 1000));
    o.shrink_budget = shrink_budget;
    o.extra_headers = *extra;
    o.stop = &stop;
    const bool tty = ::isatty(2) == 1;
    bool shown = false;
    if (tty)
      o.progress = [&shown](const corsproof::audit::fuzz_report& r) {
        char line[200];
        std::snprintf(line, sizeof line, "corsproof fuzz: %zu requests (+%zu shrinking), %.0f/s, %zu distinct findings, %zu failed",
                      r.requests, r.shrink_requests, r.requests_per_second(), r.findings.size(), r.failed());
        progress_line(line);
        shown = true;
      };
    const corsproof::audit::fuzz_report report = corsproof::audit::run_fuzz(target, *policy->compiled, policy->cfg, o);
    if (shown) progress_line("");
    if (!report.refused.empty()) {
      std::fprintf(stderr, "corsproof fuzz: refused: %s\n", report.refused.c_str());
      return 2;
    }
    if (!report.unreachable.empty()) {
      std::fprintf(stderr, "corsproof fuzz: %s\n", report.unreachable.c_str());
      return 2;
    }
    if (out_file.is_open()) {
      out_file << corsproof::audit::failing_exchanges_jsonl(report, policy->object);
      out_file.flush();
      if (!out_file) std::fprintf(stderr, "corsproof fuzz: cannot write %s\n", out_path.c_str());
    }
    const std::string text = json ? boost::json::serialize(corsproof::audit::fuzz_report_to_json(report)) + "\n"
                                  : corsproof::audit::render_fuzz_text(report);
    std::fputs(text.c_str(), stdout);
    std::fflush(stdout);
    return report.conforms() ? 0 : 1;
  });
}

void add_replay_command(CLI::App& app, replay_command& cmd) {
  cmd.app = app.add_subcommand(
      "replay", "Replay the server-mode conformance vectors against a server started through --server-cmd");
  CLI::App* r = cmd.app;
  r->add_option("VECTORS", cmd.vectors, "vector files or directories (default: corpus/conformance)");
  auto* sc = r->add_option("--server-cmd", cmd.server_cmd,
                           "the adapter command ({policy}: the policy file's path); see docs/adapters.md");
  auto* st = r->add_flag("--self-test", cmd.self_test, "use corsproof's own test server as the adapter");
  sc->excludes(st);
  r->add_option("--policy-filter", cmd.filters,
                "FIELD=JSON or FIELD!=JSON: replay only policies that pass (repeatable)")
      ->allow_extra_args(false);
  r->add_option("--concurrency", cmd.concurrency, "keep-alive connections per server")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{1}, std::size_t{64}));
  r->add_flag("--all-methods", cmd.all_methods,
              "also send methods other than GET HEAD POST PUT DELETE OPTIONS PATCH (skipped by default)");
  r->add_flag("--json", cmd.json, "write the report as one JSON object (every vector) instead of text");
  r->add_flag("-v,--verbose", cmd.verbose, "also list the policies not expressible and the vectors skipped");
  r->footer(replay_footer);
}

std::string self_test_server_cmd() {
  namespace fs = std::filesystem;
  std::string path;
  if (const char* env = std::getenv("CORSPROOF_TEST_SERVER"); env != nullptr && *env != '\0') {
    path = env;
  } else {
    std::error_code ec;
    const fs::path self = fs::read_symlink("/proc/self/exe", ec);
    if (ec) return {};
    for (const fs::path& p : {self.parent_path().parent_path() / "audit" / "corsproof_test_server",
                              self.parent_path() / "corsproof_test_server"})
      if (fs::exists(p, ec)) {
        path = p.string();
        break;
      }
  }
  if (path.empty()) return {};
  return corsproof::audit::shell_quote(path) + " --lifetime 3600 {policy}";
}

int replay_command::run() {
  std::string command = server_cmd;
  if (self_test) {
    command = self_test_server_cmd();
    if (command.empty()) {
      std::fprintf(stderr,
                   "corsproof replay: --self-test: corsproof_test_server not found next to this program; set "
                   "CORSPROOF_TEST_SERVER to its path (it is built with the tests)\n");
      return 2;
    }
  }
  if (command.empty()) {
    std::fprintf(stderr, "corsproof replay: give --server-cmd CMD (or --self-test)\n");
    return 2;
  }
  std::vector<corsproof::audit::policy_filter> parsed_filters;
  for (const auto& f : filters) {
    std::string error;
    auto pf = corsproof::audit::parse_policy_filter(f, error);
    if (!pf) {
      std::fprintf(stderr, "corsproof replay: --policy-filter %s: %s\n", f.c_str(), error.c_str());
      return 2;
    }
    parsed_filters.push_back(std::move(*pf));
  }
  std::vector<std::string> paths = vectors;
  if (paths.empty()) paths.emplace_back("corpus/conformance");
  auto loaded = corsproof::audit::load_server_vectors(paths, all_methods);
  if (!loaded.error.empty()) {
    std::fprintf(stderr, "corsproof replay: %s\n", loaded.error.c_str());
    return 2;
  }
  if (loaded.vectors.empty() && loaded.skipped.empty()) {
    std::fprintf(stderr, "corsproof replay: no \"mode\":\"server\" vector in %s\n", paths.front().c_str());
    return 2;
  }
  corsproof::audit::replay_options o;
  o.filters = std::move(parsed_filters);
  o.concurrency = concurrency;
  o.stop = &install_interrupt_flag();
  bool shown = false;
  if (::isatty(2) == 1)
    o.progress = [&shown](std::size_t done, std::size_t all) {
      char line[120];
      std::snprintf(line, sizeof line, "corsproof replay: %zu of %zu policies", done, all);
      progress_line(line);
      shown = true;
    };
  auto report = corsproof::audit::run_replay(loaded.vectors, command, o);
  report.skipped = std::move(loaded.skipped);
  if (shown) progress_line("");
  const std::string text = json ? boost::json::serialize(corsproof::audit::replay_report_to_json(report)) + "\n"
                                : corsproof::audit::render_replay_text(report, verbose);
  std::fputs(text.c_str(), stdout);
  std::fflush(stdout);
  return report.conforms() ? 0 : 1;
}

}  // namespace corsproof::cli
