// cli/src/main.cpp — the `corsproof` command: `eval` and `check` over JSON
// Lines files (docs/protocol.md; docs/cli.md).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <CLI/CLI.hpp>

#include "corsproof/audit_json.hpp"
#include "corsproof/lint.hpp"
#include "corsproof/on_demand_library.hpp"
#include "corsproof/policy_json.hpp"
#include "corsproof/probe.hpp"
#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <exception>
#include <optional>
#include <filesystem>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "expect.hpp"
#include "fuzz_cmd.hpp"
#include "line_reader.hpp"
#include "live.hpp"
#include "oracle.hpp"
#include "process_memory.hpp"

#ifndef CORSPROOF_VERSION
#define CORSPROOF_VERSION "unknown"
#endif

namespace {

using namespace corsproof::cli;

constexpr int exit_ok = 0;
constexpr int exit_bad = 1;
constexpr int exit_usage = 2;

// A usage-level failure (a file that cannot be opened or read, output that
// cannot be written): reported on stderr, exit status 2.
struct fatal_error {
  std::string message;
};

// Buffered output to a file descriptor with write(2). The buffer holds whole
// answers only. The newest output object is the one a missing library's exit
// writes out first (write_out_before_library_exit, set in main).
class output {
 public:
  explicit output(int fd) : fd_(fd), outer_(innermost_) {
    buffer_.reserve(limit_ + 4096);
    innermost_ = this;
  }
  ~output() { innermost_ = outer_; }
  output(const output&) = delete;
  output& operator=(const output&) = delete;

  // corsproof/on_demand_library.hpp: a library the line being answered
  // needs cannot be loaded, and the process is about to end (status 127).
  // The answers to the lines before it are written (they are finished and
  // right); a write error is not reported, the exit's message follows.
  static void write_out_before_library_exit() noexcept {
    for (output* o = innermost_; o != nullptr; o = o->outer_) {
      for (std::size_t done = 0; done < o->buffer_.size();) {
        const ssize_t n = ::write(o->fd_, o->buffer_.data() + done, o->buffer_.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        done += static_cast<std::size_t>(n);
      }
      o->buffer_.clear();
    }
    std::fflush(stdout);
  }

  void line(std::string_view s) {
    buffer_.append(s);
    buffer_.push_back('\n');
    if (buffer_.size() >= limit_) flush();
  }

  void flush() {
    std::size_t done = 0;
    while (done < buffer_.size()) {
      const ssize_t n = ::write(fd_, buffer_.data() + done, buffer_.size() - done);
      if (n < 0) {
        if (errno == EINTR) continue;
        const int e = errno;
        buffer_.clear();
        throw fatal_error{std::string("cannot write the output: ") + std::strerror(e)};
      }
      done += static_cast<std::size_t>(n);
    }
    buffer_.clear();
  }

 private:
  static constexpr std::size_t limit_ = 64 * 1024;
  int fd_;
  output* outer_;
  std::string buffer_;
  static inline output* innermost_ = nullptr;
};

// An input: a path, or "-" for standard input.
class input {
 public:
  explicit input(const std::string& path, std::string_view command) : path_(path) {
    if (path == "-") {
      fd_ = 0;
      return;
    }
    fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    owned_ = fd_ >= 0;
    if (fd_ < 0) {
      throw fatal_error{std::string("corsproof ").append(command).append(": cannot open ").append(path).append(": ") +
                        std::strerror(errno)};
    }
    struct stat st {};
    const bool known = ::fstat(fd_, &st) == 0;
    regular_ = known && S_ISREG(st.st_mode);
    if (known && S_ISDIR(st.st_mode)) {
      ::close(fd_);
      fd_ = -1;
      owned_ = false;
      throw fatal_error{std::string("corsproof ").append(command).append(": cannot read ").append(path).append(
          ": is a directory")};
    }
  }
  ~input() {
    if (owned_) ::close(fd_);
  }
  input(const input&) = delete;
  input& operator=(const input&) = delete;
  [[nodiscard]] int fd() const noexcept { return fd_; }
  [[nodiscard]] const std::string& path() const noexcept { return path_; }
  // A regular file (not "-", a pipe or a terminal): a read(2) of it never
  // waits for a writer, so nothing need be flushed before one.
  [[nodiscard]] bool regular() const noexcept { return regular_; }

 private:
  std::string path_;
  int fd_ = -1;
  bool owned_ = false;
  bool regular_ = false;
};

// The line reader for `in`: before a read(2) that may wait (a pipe, a
// terminal), `out` is flushed, so that a program that writes a case and waits
// for its answer gets it at once; a regular file is read 128 KiB at a time
// and the output goes out when 64 KiB have gathered (fewer system calls).
line_reader reader_for(const input& in, output& out) {
  if (in.regular()) return line_reader(in.fd(), {}, regular_file_chunk);
  return line_reader(in.fd(), [&out] { out.flush(); });
}

std::string read_failure(std::string_view command, const std::string& path, const std::system_error& e) {
  return std::string("corsproof ").append(command).append(": cannot read ").append(path == "-" ? "stdin" : path) +
         ": " + std::strerror(e.code().value());
}

// ---- eval -------------------------------------------------------------------

// `--fail-on nonconforming`: does this answer say "conforms": false (an
// audit answer)? Only read when the option is given.
bool is_nonconforming(const answer& a) {
  if (a.bad()) return false;
  boost::system::error_code ec;
  const boost::json::value v = boost::json::parse(boost::json::string_view(a.json.data(), a.json.size()), ec);
  if (ec || !v.is_object()) return false;
  const boost::json::value* c = v.get_object().if_contains("conforms");
  return c != nullptr && c->is_bool() && !c->get_bool();
}

struct eval_options {
  bool fail_on_nonconforming = false;
};

int run_eval(std::vector<std::string> files, const eval_options& opt) {
  if (files.empty()) files.emplace_back("-");
  for (const std::string& f : files) input probe(f, "eval");  // every file opens, or nothing is answered

  output out(1);
  oracle o;
  bool any_bad = false;
  std::size_t audits = 0;
  std::size_t nonconforming = 0;
  for (const std::string& f : files) {
    input in(f, "eval");
    line_reader reader = reader_for(in, out);
    input_line l;
    try {
      while (reader.next(l)) {
        if (!l.too_large && is_blank_line(l.text)) continue;
        const answer a =
            l.too_large ? o.answer_too_large(l.number, l.bytes) : o.answer_line(l.text, l.number, /*padded=*/true);
        out.line(a.json);
        any_bad = any_bad || a.bad();
        if (opt.fail_on_nonconforming && a.json.find("\"conforms\":") != std::string::npos) {
          ++audits;
          if (is_nonconforming(a)) ++nonconforming;
        }
      }
    } catch (const std::system_error& e) {
      out.flush();
      throw fatal_error{read_failure("eval", f, e)};
    }
  }
  out.flush();
  if (nonconforming > 0)
    std::fprintf(stderr, "corsproof eval: %zu of %zu audit answers do not conform (--fail-on nonconforming)\n",
                 nonconforming, audits);
  return any_bad || nonconforming > 0 ? exit_bad : exit_ok;
}

// ---- check ------------------------------------------------------------------

// Files named on the command line, and every *.jsonl below named directories
// (recursively, sorted by path).
std::vector<std::string> expand_paths(const std::vector<std::string>& paths) {
  namespace fs = std::filesystem;
  std::vector<std::string> files;
  for (const std::string& p : paths) {
    if (p == "-") {
      files.push_back(p);
      continue;
    }
    std::error_code ec;
    const fs::file_status st = fs::status(p, ec);
    if (ec || !fs::exists(st)) {
      throw fatal_error{"corsproof check: cannot open " + p + ": " +
                        (ec ? ec.message() : std::string("No such file or directory"))};
    }
    if (!fs::is_directory(st)) {
      input probe(p, "check");
      files.push_back(p);
      continue;
    }
    std::vector<std::string> found;
    fs::recursive_directory_iterator it(p, fs::directory_options::skip_permission_denied, ec);
    for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (it->path().extension() == ".jsonl" && it->is_regular_file(ec)) found.push_back(it->path().string());
    }
    if (ec) throw fatal_error{"corsproof check: cannot list " + p + ": " + ec.message()};
    if (found.empty()) throw fatal_error{"corsproof check: no *.jsonl file under " + p};
    std::sort(found.begin(), found.end());
    files.insert(files.end(), found.begin(), found.end());
  }
  return files;
}

// The id as printed in a failure line: as is, or as a JSON string when it
// holds a control character (a newline would break the one-line format).
std::string printable_id(const std::string& id) {
  for (unsigned char c : id) {
    if (c < 0x20 || c == 0x7f) return boost::json::serialize(boost::json::string_view(id.data(), id.size()));
  }
  return id;
}

struct check_options {
  bool quiet = false;
  bool verbose = false;
};

int run_check(const std::vector<std::string>& paths, const check_options& opt) {
  const std::vector<std::string> files = expand_paths(paths);
  output out(1);
  oracle o;
  std::size_t passed = 0;
  std::size_t failed = 0;
  std::size_t skipped = 0;

  const bool progress = !opt.quiet && ::isatty(2) == 1;
  auto last_progress = std::chrono::steady_clock::now();
  bool progress_shown = false;

  for (const std::string& f : files) {
    input in(f, "check");
    if (opt.verbose) out.line("# " + (f == "-" ? std::string("stdin") : f));
    line_reader reader = reader_for(in, out);
    input_line l;
    try {
      while (reader.next(l)) {
        if (!l.too_large && is_blank_line(l.text)) continue;
        const answer a = l.too_large ? o.answer_too_large(l.number, l.bytes) : o.answer_line(l.text, l.number);
        const case_result r = judge(l.text, a);
        switch (r.outcome) {
          case verdict::passed:
            ++passed;
            if (opt.verbose) out.line(printable_id(r.id) + ": passed");
            break;
          case verdict::skipped:
            ++skipped;
            if (opt.verbose) out.line(printable_id(r.id) + ": skipped (no expect)");
            break;
          case verdict::failed:
            ++failed;
            if (!opt.quiet) {
              for (const mismatch& m : r.mismatches) {
                out.line(printable_id(r.id) + ": " + m.field + ": expected " + m.expected + ", got " + m.got);
              }
            }
            break;
        }
        if (progress && ((passed + failed + skipped) & 1023U) == 0) {
          const auto now = std::chrono::steady_clock::now();
          if (now - last_progress >= std::chrono::seconds(2)) {
            out.flush();
            std::fprintf(stderr, "\rcorsproof check: %zu passed, %zu failed, %zu skipped ...", passed, failed,
                         skipped);
            std::fflush(stderr);
            last_progress = now;
            progress_shown = true;
          }
        }
      }
    } catch (const std::system_error& e) {
      out.flush();
      throw fatal_error{read_failure("check", f, e)};
    }
  }
  if (progress_shown) {
    std::fputs("\r\033[K", stderr);
    std::fflush(stderr);
  }
  std::string summary = std::to_string(passed) + " passed, " + std::to_string(failed) + " failed";
  if (skipped > 0) summary += ", " + std::to_string(skipped) + " skipped";
  out.line(summary);
  out.flush();
  return failed > 0 ? exit_bad : exit_ok;
}

// ---- lint and audit --http ----------------------------------------------------

// `corsproof lint POLICY.json`: protocol "Lint". An invalid policy (not
// JSON, an unknown key, a wrong type, a value compile_policy refuses) is not
// linted: "error bad-policy: MESSAGE" is the answer (exit 1), MESSAGE naming
// the field, or the byte where the JSON goes wrong. Only a file that cannot
// be read is a usage error (stderr, exit 2).
int run_lint(const std::string& path) {
  { input readable(path, "lint"); }  // a directory or an unopenable file: fatal_error, exit 2
  const corsproof::policy_json::parse_result parsed = corsproof::policy_json::read_file(path);
  if (parsed.unreadable) {
    std::fprintf(stderr, "corsproof lint: %s: %s\n", path.c_str(), parsed.error.c_str());
    return exit_usage;
  }
  if (!parsed.ok()) {
    std::printf("error bad-policy: %s\n", parsed.error.c_str());
    return exit_bad;
  }
  const corsproof::policy_result compiled = corsproof::compile_policy(*parsed.value);
  if (!compiled.ok()) {
    std::printf("error bad-policy: %s\n", compiled.error.c_str());
    return exit_bad;
  }
  const auto findings = corsproof::lint::lint_policy(*parsed.value);
  std::fputs(corsproof::lint::render_text(findings).c_str(), stdout);
  if (findings.empty()) std::puts("no findings");
  return corsproof::lint::has_errors(findings) ? exit_bad : exit_ok;
}

// `corsproof audit --http URL --policy P.json`: probe a running server on
// loopback and judge every answer against the policy.
int run_audit_http(const std::string& url, const std::string& policy_path, bool as_json,
                   const std::vector<std::string>& extra_headers) {
  if (const auto refused = corsproof::audit::loopback_url_error(url)) {
    std::fprintf(stderr, "corsproof audit: refused: %s\n", refused->c_str());
    return exit_usage;
  }
  corsproof::audit::probe_options options;
  for (const std::string& h : extra_headers) {
    const std::size_t colon = h.find(':');
    const std::string name = h.substr(0, colon);
    const std::string_view value =
        colon == std::string::npos ? std::string_view() : corsproof::trim_tab_or_space(std::string_view(h).substr(colon + 1));
    std::optional<std::string> why;
    if (colon == std::string::npos) why = "expected NAME:VALUE";
    else why = corsproof::audit::extra_header_error(name);
    if (why) {
      std::fprintf(stderr, "corsproof audit: --header %s: %s\n", h.c_str(), why->c_str());
      return exit_usage;
    }
    options.extra_headers.emplace_back(name, std::string(value));
  }
  const corsproof::policy_json::parse_result parsed = corsproof::policy_json::read_file(policy_path);
  if (!parsed.ok()) {
    std::fprintf(stderr, "corsproof audit: %s: %s\n", policy_path.c_str(), parsed.error.c_str());
    return exit_usage;
  }
  corsproof::policy_result compiled = corsproof::compile_policy(*parsed.value);
  if (!compiled.ok()) {
    std::fprintf(stderr, "corsproof audit: %s: bad policy: %s\n", policy_path.c_str(), compiled.error.c_str());
    return exit_usage;
  }
  const auto probes = corsproof::audit::make_probes(*parsed.value, url);
  if (isatty(STDERR_FILENO)) std::fprintf(stderr, "corsproof audit: sending %zu probes to %s ...\n", probes.size(), url.c_str());
  const auto report = corsproof::audit::run_probes(url, probes, *compiled.value, options);
  if (!report.unreachable.empty()) {
    std::fprintf(stderr, "corsproof audit: %s\n", report.unreachable.c_str());
    return exit_usage;
  }
  std::fputs((as_json ? corsproof::audit::render_report_json(report) : corsproof::audit::render_report_text(report)).c_str(),
             stdout);
  return report.conforms() ? exit_ok : exit_bad;
}

// `corsproof version [--json]`: the release and the protocol version.
int run_version(bool as_json) {
  output out(1);
  if (as_json) {
    out.line(std::string(R"({"corsproof":")" CORSPROOF_VERSION R"(","protocol":")").append(protocol_version) + "\"}");
  } else {
    out.line(std::string("corsproof " CORSPROOF_VERSION " (protocol ").append(protocol_version) + ")");
  }
  out.flush();
  return exit_ok;
}

// ---- Help text ----------------------------------------------------------------

constexpr const char* program_footer = R"(
The oracle speaks JSON Lines, protocol 1.1: one case (a JSON object) per
input line, one answer (a JSON object) per output line, in input order.
Each case names a "mode":
  server           what a conforming server with "policy" answers to "request"
  browser          what a conforming browser does with "request",
                   "preflight_response" and "response"; with "hops" (what the
                   server answers to each request of a redirect chain) and
                   "request.redirect" (follow, error, manual), a whole fetch()
  browser-session  "fetches" (each a browser case plus "t", in seconds) that
                   share one CORS-preflight cache; "report_cache": true lists
                   the cache after each fetch
  audit            does a real server's "observed" answer to "request" conform
                   to "policy"? ({"conforms", "findings":[...]})
A bad line gets {"id":..., "error":{"code","message","line"}} (codes bad-json,
bad-case, bad-policy, too-large) and the run goes on.

Examples:
  $ echo '{"id":"a1","mode":"server","policy":{"allow_origins":["https://app.example"]},"request":{"method":"GET","headers":[["Origin","https://app.example"]]}}' | corsproof eval
  {"id":"a1","kind":"actual","allowed":true,"reason":"ok","headers":[["Access-Control-Allow-Origin","https://app.example"],["Vary","Origin"]]}

  A redirect chain: api.example redirects to cdn.example, so the second
  request carries "Origin: null" and must be allowed for null:
  $ echo '{"id":"r1","mode":"browser","request":{"origin":"https://app.example","url":"https://api.example/a","method":"GET"},"hops":[{"response":{"status":302,"headers":[["Access-Control-Allow-Origin","https://app.example"],["Location","https://cdn.example/b"]]}},{"response":{"status":200,"headers":[["Access-Control-Allow-Origin","https://app.example"]]}}]}' | corsproof eval
  {"id":"r1",...,"outcome":"blocked-response","error_hop":1,"final":null,"hops":[{...,"redirect":{"location":"https://cdn.example/b","followed":true,"error":null}},{"url":"https://cdn.example/b","method":"GET","origin_header":"null",...,"cors_check":{"ok":false,"error":"acao-mismatch"},"redirect":null}]}

Other commands: "corsproof lint POLICY.json" prints dangerous-but-valid
policy findings; "corsproof audit --http URL --policy P.json" probes a
running server on loopback and reports every non-conforming answer;
"corsproof fuzz" sends it generated requests and shrinks each finding to a
minimal request; "corsproof replay --server-cmd CMD" replays the
conformance vectors against a server CMD starts for each policy;
"corsproof version --json" says which protocol this binary speaks.

Exit status: 0 success; 1 a line was bad (eval), a case failed (check), an
error-level finding (lint) or a non-conforming answer (audit, fuzz, replay);
2 usage error (bad option, unreadable file, non-loopback URL, a server that
does not start); 3 the --server-cmd adapter cannot express the policy.

More: docs/protocol.md (the protocol, with every field), docs/cli.md (this
command), docs/protocol-decisions.md (corsproof's choices where the protocol
leaves room).
)";

constexpr const char* eval_footer = R"(
Reads cases from each FILE in turn (standard input when no FILE or "-") and
writes one answer per case to standard output, in order. Blank lines (only
spaces, tabs, CR) are skipped without an answer but still count for line
numbers, which restart at 1 in every file. A case without "id" is answered
with its line number as the id. Lines over 1 MiB get a too-large error.
Output is flushed before every read that may block, so a driver may write one
case and wait for its answer.

Exit status: 0 every line was answered; 1 some line got an error answer (the
others were still answered), or, with --fail-on nonconforming, some audit
answer says "conforms": false; 2 usage error or a FILE that cannot be read
(nothing is answered when a FILE cannot be opened).

In CI, judge captured answers with audit cases and fail the job on any
finding of error severity:
  $ corsproof eval --fail-on nonconforming captured.jsonl > answers.jsonl

Examples:
  $ printf '%s\n' '{"id":"p1","mode":"server","policy":{"allow_origins":["*"]},"request":{"method":"OPTIONS","headers":[["Origin","https://a.example"],["Access-Control-Request-Method","PUT"]]}}' | corsproof eval
  {"id":"p1","kind":"preflight","allowed":false,"reason":"method-not-allowed","status":403,"headers":[["Vary","Access-Control-Request-Method, Access-Control-Request-Headers"]]}

  A chain (protocol 1.1): "hops" holds what the server answers to each
  request fetch() makes; a hop it reaches without an answer makes the
  outcome "incomplete", and "needs" says what to add:
  $ printf '%s\n' '{"id":"r2","mode":"browser","request":{"origin":"https://app.example","url":"https://app.example/old","method":"GET"},"hops":[{"response":{"status":301,"headers":[["Location","https://api.example/new"]]}}]}' | corsproof eval
  {"id":"r2",...,"outcome":"incomplete","error_hop":null,"needs":{"hop":1,"what":"response","url":"https://api.example/new"},"final":null,"hops":[...]}

  A session (protocol 1.1): the second PUT is answered from the preflight
  cache ("cache":"hit"), so it needs no preflight_response:
  $ printf '%s\n' '{"id":"s1","mode":"browser-session","fetches":[{"t":0,"request":{"origin":"https://app.example","url":"https://api.example/x","method":"PUT"},"preflight_response":{"status":204,"headers":[["Access-Control-Allow-Origin","https://app.example"],["Access-Control-Allow-Methods","PUT"],["Access-Control-Max-Age","600"]]},"response":{"status":200,"headers":[["Access-Control-Allow-Origin","https://app.example"]]}},{"t":60,"request":{"origin":"https://app.example","url":"https://api.example/x","method":"PUT"},"response":{"status":200,"headers":[["Access-Control-Allow-Origin","https://app.example"]]}}]}' | corsproof eval
  {"id":"s1","fetches":[{...,"outcome":"allowed",...},{...,"outcome":"allowed",...,"hops":[{...,"preflight":{"method":"PUT",...,"cache":"hit"},"status":200,...}]}]}

("..." marks what is left out here.) The full answers: docs/protocol.md
sections 10 and 11; this command: docs/cli.md.
)";

constexpr const char* check_footer = R"(
Runs every case that carries "expect" (an object with any subset of the answer's
fields) and compares only the fields given. Header lists are compared
semantically (names case-insensitive, order ignored, Vary and the
Access-Control-Allow-Methods/-Allow-Headers/-Expose-Headers lists as sets);
nested objects (preflight, cors_check, error, final, needs) only on the keys
given. The arrays of protocol 1.1, "hops", "fetches" and "cache_after", are
compared element by element, each element on the keys it gives, and their
length is pinned ("hops": [{}, {"status": 200}] means exactly two hops, the
second with status 200).
Each difference is printed as
  ID: FIELD: expected X, got Y
(FIELD like "preflight.error", "fetches[1].hops[0].preflight.cache", or
"hops.length" for an array of another length) and the last line is
"N passed, M failed" (", K skipped" is appended when some cases have no
"expect"). A bad line (one that gets an error answer its expect does not ask
for) counts as failed. Directories are searched recursively for *.jsonl
files, in sorted order; "-" reads standard input.

Exit status: 0 no case failed; 1 some case failed or a line was bad; 2 usage
error, an unreadable path, or a directory without *.jsonl files.

Example:
  {"id":"t1","mode":"server","policy":{"allow_origins":["https://app.example"]},"request":{"method":"GET","headers":[["Origin","https://evil.example"]]},"expect":{"allowed":true}}
  $ corsproof check cases.jsonl
  t1: allowed: expected true, got false
  0 passed, 1 failed

See docs/cli.md and docs/protocol.md.
)";

}  // namespace

int main(int argc, char** argv) {
  corsproof::cli::keep_freed_memory();
  CLI::App app{"corsproof " CORSPROOF_VERSION ": a CORS conformance oracle (JSON Lines in, JSON Lines out)",
               "corsproof"};
  app.set_version_flag("--version", std::string("corsproof " CORSPROOF_VERSION " (protocol ").append(protocol_version) + ")");
  app.require_subcommand(1);
  app.footer(program_footer);

  std::vector<std::string> eval_files;
  CLI::App* eval = app.add_subcommand("eval", "Answer every case (one JSON object a line); stdin when no FILE");
  eval->add_option("FILE", eval_files, "JSON Lines case files; none or \"-\": standard input");
  eval_options eval_opt;
  std::string fail_on;
  eval->add_option("--fail-on", fail_on,
                   "nonconforming: exit 1 when an audit answer says \"conforms\": false (for CI)")
      ->check(CLI::IsMember({"nonconforming"}));
  eval->footer(eval_footer);

  std::vector<std::string> check_paths;
  check_options opt;
  CLI::App* check =
      app.add_subcommand("check", "Run cases that carry \"expect\" and report every difference");
  check->add_option("PATH", check_paths, "JSON Lines files, directories (every *.jsonl below), or \"-\"")
      ->required();
  CLI::Option* quiet = check->add_flag("-q,--quiet", opt.quiet, "print only the summary line");
  check->add_flag("-v,--verbose", opt.verbose, "also print passed and skipped cases, and each file's name")
      ->excludes(quiet);
  check->footer(check_footer);

  std::string lint_path;
  CLI::App* lint = app.add_subcommand("lint", "Print the dangerous-but-valid findings of a policy (protocol \"Lint\")");
  lint->add_option("POLICY", lint_path, "a JSON file holding one policy object")->required();
  lint->footer(R"(
Prints one finding a line, "SEVERITY CODE: detail", each saying what to
change (codes and severities: lint/README.md), or "no findings". An invalid
policy (not JSON, an unknown key, a wrong type or value) prints
"error bad-policy: ..." instead (naming the field, or the byte where the
JSON goes wrong); so does a file over 128 MiB, refused from its size (room
for any policy within the core's bounds: 65,536 origins of up to 1,024
bytes each).

Exit status: 0 no error-level finding; 1 an error-level finding or an invalid
policy; 2 usage error or an unreadable file.

Example:
  $ corsproof lint lint/tests/fixtures/dangerous-policy.json
  error null-origin-allowed: allow_origins entry "null" with allow_credentials: true lets any site ...
)");

  std::string audit_url, audit_policy;
  bool audit_json = false;
  CLI::App* audit_cmd =
      app.add_subcommand("audit", "Probe a running server on loopback and judge its CORS answers against a policy");
  audit_cmd->add_option("--http", audit_url, "the URL of a resource on the server (127.0.0.0/8, ::1 or localhost only)");
  std::string audit_server_cmd;
  audit_cmd->add_option("--server-cmd", audit_server_cmd,
                        "start the server with this shell command ({policy}: the policy file's path); "
                        "docs/adapters.md");
  audit_cmd->add_option("--policy", audit_policy, "a JSON file holding the policy the server is meant to implement")
      ->required();
  audit_cmd->add_flag("--json", audit_json, "write the report as one JSON object instead of text");
  std::vector<std::string> audit_headers;
  audit_cmd->add_option("--header", audit_headers,
                        "NAME:VALUE sent with every probe (a token, a cookie); repeatable")
      ->allow_extra_args(false);
  audit_cmd->footer(R"(
Generates probe requests from the policy (allowed and near-miss origins,
listed and unlisted methods and headers, credentialed and not, actual and
preflight), sends them to URL with libcurl (2 s timeout each, no redirects,
no proxy), and judges every answer as the protocol's audit mode does. Only
loopback addresses are ever contacted; any other URL is refused (exit 2).
To judge answers you captured yourself, use "mode":"audit" cases with eval.

The report groups the findings by code: one line per code with the number
of probes and their ids, the first probe's detail, and a curl command that
sends that probe again (with the --header values, as given). --header
NAME:VALUE (repeatable) adds a header to every probe, for servers that want a
token or a cookie before they answer.

--server-cmd 'CMD {policy}' instead of --http starts the server for the
policy through the adapter interface (docs/adapters.md) and stops it after.

Exit status: 0 every answer conforms; 1 some answer does not (or a probe
failed); 2 usage error, unreadable policy, a non-loopback URL, or nothing
answering at URL (the first probe could not connect; nothing else is sent);
3 the --server-cmd adapter cannot express the policy.

Example:
  $ corsproof audit --http http://127.0.0.1:8080/api --policy policy.json --header 'Authorization: Bearer t0k'
  error missing-vary-origin (16 probes): p05-actual-suffix-bypass, p06-actual-prefix-bypass, ..., and 8 more
    p05-actual-suffix-bypass: this denial carries no Access-Control-Allow-Origin while allowed origins ...
    reproduce: curl -sS -i -H 'Origin: https://app.example.evil.test' -H 'Authorization: Bearer t0k' 'http://127.0.0.1:8080/api'
  warning missing-vary-origin (1 probe): p01-not-cors
    ...
  summary: 45 probes to http://127.0.0.1:8080/api, 45 answered, 29 conforming, 16 not conforming, 0 failed; 16 errors, 1 warnings; does not conform
)");

  bool version_json = false;
  CLI::App* version = app.add_subcommand("version", "Print the corsproof release and the protocol version it speaks");
  version->add_flag("--json", version_json, R"(print {"corsproof":"<version>","protocol":"1.1"})");
  version->footer(R"(
A driver should read "protocol" before it sends protocol 1.1 cases (redirect
chains, mode browser-session): a binary without this command speaks 1.0.

Example:
  $ corsproof version --json
  {"corsproof":")" CORSPROOF_VERSION R"(","protocol":"1.1"}
)");
  corsproof::cli::fuzz_command fuzz_cmd;
  corsproof::cli::add_fuzz_command(app, fuzz_cmd);
  corsproof::cli::replay_command replay_cmd;
  corsproof::cli::add_replay_command(app, replay_cmd);

  corsproof::set_before_library_exit(&output::write_out_before_library_exit);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);  // prints help, the version, or the error
    return code == 0 ? exit_ok : exit_usage;
  }

  try {
    if (eval->parsed()) {
      eval_opt.fail_on_nonconforming = fail_on == "nonconforming";
      return run_eval(eval_files, eval_opt);
    }
    if (check->parsed()) return run_check(check_paths, opt);
    if (lint->parsed()) return run_lint(lint_path);
    if (version->parsed()) return run_version(version_json);
    if (audit_cmd->parsed()) {
      const auto live = corsproof::cli::read_live_policy("audit", audit_policy);
      if (!live) return exit_usage;
      return corsproof::cli::with_target("audit", audit_url, audit_server_cmd, *live, [&](const std::string& url) {
        return run_audit_http(url, audit_policy, audit_json, audit_headers);
      });
    }
    if (fuzz_cmd.app->parsed()) return fuzz_cmd.run();
    if (replay_cmd.app->parsed()) return replay_cmd.run();
  } catch (const fatal_error& e) {
    std::fflush(stdout);
    std::fprintf(stderr, "%s\n", e.message.c_str());
    return exit_usage;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "corsproof: %s\n", e.what());
    return exit_usage;
  }
  return exit_usage;
}
