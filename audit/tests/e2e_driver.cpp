// corsproof_audit_e2e — end-to-end test of the HTTP audit: starts
// corsproof_test_server on 127.0.0.1:0 with a policy and a --break mode,
// waits for its port line, runs make_probes + run_probes against it through
// the library, prints the text report, stops the server, and checks the
// findings.
//
//   corsproof_audit_e2e --server PATH --policy P.json --break MODE
//                       [--expect CODE]... [--expect-clean] [--json]
//
// --expect CODE: at least one error-level finding with that code, and no
//                error-level finding with any other code.
// --expect-clean: no finding at all and every probe answered.
// Exit 0 when every expectation holds, 1 otherwise, 2 on setup trouble.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <iostream>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "corsproof/audit_json.hpp"
#include "corsproof/policy_json.hpp"
#include "corsproof/probe.hpp"

extern char** environ;

namespace {

class server_process {
 public:
  ~server_process() { stop(); }

  bool start(const std::string& path, const std::vector<std::string>& args, std::string& error) {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) {
      error = std::string("pipe: ") + std::strerror(errno);
      return false;
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
    std::vector<std::string> all{path};
    all.insert(all.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : all) argv.push_back(a.data());
    argv.push_back(nullptr);
    const int rc = posix_spawn(&pid_, path.c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(fds[1]);
    out_ = fds[0];
    if (rc != 0) {
      pid_ = -1;
      error = "posix_spawn " + path + ": " + std::strerror(rc);
      return false;
    }
    return true;
  }

  // The first line of the server's stdout, within `timeout`.
  bool read_port(std::chrono::milliseconds timeout, int& port, std::string& error) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    std::string line;
    while (line.find('\n') == std::string::npos) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) {
        error = "the server printed no port line in time";
        return false;
      }
      pollfd p{out_, POLLIN, 0};
      if (poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
      char buf[64];
      const ssize_t n = read(out_, buf, sizeof buf);
      if (n <= 0) {
        error = "the server exited before printing its port";
        return false;
      }
      line.append(buf, static_cast<std::size_t>(n));
    }
    try {
      port = std::stoi(line);
    } catch (...) {
      port = 0;
    }
    if (port <= 0 || port > 65535) {
      error = "not a port line: " + line;
      return false;
    }
    return true;
  }

  // SIGTERM, up to 5 s for it to exit, then SIGKILL.
  void stop() {
    if (out_ >= 0) {
      close(out_);
      out_ = -1;
    }
    if (pid_ <= 0) return;
    kill(pid_, SIGTERM);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    int status = 0;
    while (waitpid(pid_, &status, WNOHANG) == 0) {
      if (std::chrono::steady_clock::now() > deadline) {
        kill(pid_, SIGKILL);
        waitpid(pid_, &status, 0);
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    pid_ = -1;
  }

 private:
  pid_t pid_ = -1;
  int out_ = -1;
};

int usage() {
  std::cerr << "usage: corsproof_audit_e2e --server PATH --policy P.json --break MODE [--expect CODE]... "
               "[--expect-clean] [--json]\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::string server_path, policy_path, mode = "none";
  std::vector<std::string> expected;
  bool expect_clean = false;
  bool json = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--expect-clean") {
      expect_clean = true;
    } else if (a == "--json") {
      json = true;
    } else if (i + 1 < argc && a == "--server") {
      server_path = argv[++i];
    } else if (i + 1 < argc && a == "--policy") {
      policy_path = argv[++i];
    } else if (i + 1 < argc && a == "--break") {
      mode = argv[++i];
    } else if (i + 1 < argc && a == "--expect") {
      expected.emplace_back(argv[++i]);
    } else {
      return usage();
    }
  }
  if (server_path.empty() || policy_path.empty()) return usage();

  const auto parsed = corsproof::policy_json::read_file(policy_path);
  if (!parsed.ok()) {
    std::cerr << policy_path << ": " << parsed.error << "\n";
    return 2;
  }
  auto compiled = corsproof::compile_policy(*parsed.value);
  if (!compiled.ok()) {
    std::cerr << policy_path << ": " << compiled.error << "\n";
    return 2;
  }

  server_process server;
  std::string error;
  if (!server.start(server_path, {"--policy", policy_path, "--port", "0", "--break", mode, "--lifetime", "30"},
                    error)) {
    std::cerr << error << "\n";
    return 2;
  }
  int port = 0;
  if (!server.read_port(std::chrono::seconds(10), port, error)) {
    std::cerr << error << "\n";
    return 2;
  }
  const std::string url = "http://127.0.0.1:" + std::to_string(port) + "/resource";
  const auto probes = corsproof::audit::make_probes(*parsed.value, url);
  const auto report = corsproof::audit::run_probes(url, probes, *compiled.value);
  server.stop();

  std::cout << "# --break " << mode << "\n" << corsproof::audit::render_report_text(report);
  if (json) std::cout << corsproof::audit::render_report_json(report);

  bool ok = true;
  if (!report.refused.empty() || report.outcomes.empty()) {
    std::cout << "FAIL: nothing was probed\n";
    return 1;
  }
  if (report.failed() != 0) {
    std::cout << "FAIL: " << report.failed() << " probes got no answer\n";
    ok = false;
  }
  std::set<std::string> error_codes;
  std::size_t findings = 0;
  for (const auto& o : report.outcomes) {
    findings += o.audit.findings.size();
    for (const auto& f : o.audit.findings)
      if (f.level == corsproof::audit::severity::error) error_codes.insert(f.code);
  }
  if (expect_clean && findings != 0) {
    std::cout << "FAIL: expected no finding against the conforming server, got " << findings << "\n";
    ok = false;
  }
  for (const auto& code : expected) {
    if (error_codes.count(code) == 0) {
      std::cout << "FAIL: expected an error finding " << code << "\n";
      ok = false;
    }
  }
  // No error code beyond the expected ones: the audit must not over-report.
  for (const auto& code : error_codes) {
    if (std::find(expected.begin(), expected.end(), code) == expected.end()) {
      std::cout << "FAIL: unexpected error finding " << code << "\n";
      ok = false;
    }
  }
  std::cout << (ok ? "PASS" : "FAIL") << "\n";
  return ok ? 0 : 1;
}
