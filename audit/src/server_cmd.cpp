// audit/src/server_cmd.cpp — adapter_process (corsproof/server_cmd.hpp):
// spawn, port line, stop. Output goes to files in a temporary directory
// (no pipe the adapter could fill and block on); the first stdout line is
// polled for.
#include "corsproof/server_cmd.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

extern char** environ;

namespace corsproof::audit {

namespace {

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string how_it_ended(int status) {
  if (WIFEXITED(status)) return "exited with status " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) return "was killed by signal " + std::to_string(WTERMSIG(status));
  return "stopped";
}

// Is any process of the group `pgid` still running? Zombies do not count:
// kill(-pgid, 0) succeeds for them, and an orphaned adapter process whose
// shell was killed may wait a while for its new parent to reap it.
bool group_running(pid_t pgid) {
  namespace fs = std::filesystem;
  std::error_code ec;
  for (fs::directory_iterator it("/proc", ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream in(it->path() / "stat");
    std::string stat;
    std::getline(in, stat);
    // pid (comm) state ppid pgrp ...: comm may hold spaces and parentheses.
    const std::size_t close = stat.rfind(')');
    if (close == std::string::npos) continue;
    std::istringstream rest(stat.substr(close + 1));
    std::string state;
    long ppid = 0, pgrp = 0;
    rest >> state >> ppid >> pgrp;
    if (pgrp == pgid && state != "Z" && state != "X") return true;
  }
  if (ec) return kill(-pgid, 0) == 0;  // no /proc: zombies count
  return false;
}

std::string trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ' || s.back() == '\t')) s.pop_back();
  std::size_t b = 0;
  while (b < s.size() && (s[b] == '\n' || s[b] == ' ' || s[b] == '\t')) ++b;
  return s.substr(b);
}

}  // namespace

std::string shell_quote(std::string_view s) {
  std::string out = "'";
  for (const char c : s) {
    if (c == '\'') out += "'\\''";
    else out.push_back(c);
  }
  return out + "'";
}

adapter_process::adapter_process(std::string command, std::string_view policy_json, adapter_options options)
    : command_(std::move(command)), options_(std::move(options)) {
  namespace fs = std::filesystem;
  std::error_code ec;
  std::string tmpl = (fs::temp_directory_path(ec) / "corsproof-server-XXXXXX").string();
  if (ec) tmpl = "/tmp/corsproof-server-XXXXXX";
  std::vector<char> buf(tmpl.begin(), tmpl.end());
  buf.push_back('\0');
  if (mkdtemp(buf.data()) == nullptr) {
    fail(std::string("cannot create a temporary directory: ") + std::strerror(errno));
    return;
  }
  dir_ = buf.data();
  const std::string policy_path = dir_ + "/policy.json";
  {
    std::ofstream out(policy_path, std::ios::binary);
    out << policy_json;
    if (!out) {
      fail("cannot write the policy to " + policy_path);
      return;
    }
  }
  expanded_ = command_;
  const std::string quoted = shell_quote(policy_path);
  if (const std::size_t at = expanded_.find("{policy}"); at == std::string::npos) {
    expanded_ += " " + quoted;
  } else {
    for (std::size_t p = at; p != std::string::npos; p = expanded_.find("{policy}", p + quoted.size()))
      expanded_.replace(p, 8, quoted);
  }

  // Become a subreaper: when the shell dies first (SIGTERM), the adapter it
  // started is re-parented to this process, which reaps it in stop(),
  // instead of to an init that may leave it a zombie.
  static const int subreaper = prctl(PR_SET_CHILD_SUBREAPER, 1L, 0L, 0L, 0L);
  (void)subreaper;

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, (dir_ + "/stdout").c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, (dir_ + "/stderr").c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  posix_spawnattr_setpgroup(&attr, 0);  // a process group of its own: stop() signals all of it
  sigset_t none, defaults;
  sigemptyset(&none);
  posix_spawnattr_setsigmask(&attr, &none);
  sigemptyset(&defaults);
  sigaddset(&defaults, SIGINT);
  sigaddset(&defaults, SIGTERM);
  sigaddset(&defaults, SIGPIPE);
  posix_spawnattr_setsigdefault(&attr, &defaults);
  std::string sh = "/bin/sh", dash_c = "-c";
  std::vector<char*> argv{sh.data(), dash_c.data(), expanded_.data(), nullptr};
  const int rc = posix_spawn(&pid_, "/bin/sh", &actions, &attr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  if (rc != 0) {
    pid_ = -1;
    fail(std::string("cannot start /bin/sh: ") + std::strerror(rc));
    return;
  }

  // The port line.
  const auto deadline = std::chrono::steady_clock::now() + options_.startup_timeout;
  while (true) {
    const std::string out = read_all(dir_ + "/stdout");
    if (const std::size_t nl = out.find('\n'); nl != std::string::npos) {
      const std::string line = trim(out.substr(0, nl));
      int port = 0;
      bool digits = !line.empty() && line.size() <= 5;
      for (char c : line) digits = digits && c >= '0' && c <= '9';
      if (digits) port = std::stoi(line);
      if (port <= 0 || port > 65535) {
        fail("its first line of output is not a port number: \"" + line.substr(0, 80) + "\"");
        stop();
        return;
      }
      port_ = port;
      state_ = adapter_state::running;
      return;
    }
    if (auto gone = exited()) {
      if (WIFEXITED(wait_status_) && WEXITSTATUS(wait_status_) == 3) {
        state_ = adapter_state::not_expressible;
        message_ = trim(stderr_tail(4000));
        if (message_.empty()) message_ = "not expressible (exit status 3, no reason given)";
      } else {
        fail(*gone + " before printing its port");
      }
      stop();
      return;
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      char secs[32];
      std::snprintf(secs, sizeof secs, "%.1f", static_cast<double>(options_.startup_timeout.count()) / 1000.0);
      fail(std::string("printed no port line within ") + secs + " s");
      stop();
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

adapter_process::~adapter_process() {
  stop();
  if (!dir_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
}

std::string adapter_process::url() const {
  return "http://127.0.0.1:" + std::to_string(port_) + (options_.path.empty() ? "/" : options_.path);
}

void adapter_process::fail(std::string what) {
  state_ = adapter_state::failed;
  message_ = describe(what);
}

std::string adapter_process::describe(std::string_view what) const {
  std::string m = "--server-cmd " + shell_quote(command_) + ": " + std::string(what);
  const std::string tail = stderr_tail();
  if (!tail.empty()) {
    m += "; its standard error ends with:";
    std::istringstream lines(tail);
    std::string l;
    while (std::getline(lines, l)) m += "\n  | " + l;
  } else {
    m += " (nothing on its standard error)";
  }
  return m;
}

std::optional<std::string> adapter_process::exited() {
  if (pid_ <= 0) return std::string("was never started");
  if (!reaped_) {
    int status = 0;
    const pid_t r = waitpid(pid_, &status, WNOHANG);
    if (r == pid_) {
      reaped_ = true;
      wait_status_ = status;
    }
  }
  if (reaped_) return how_it_ended(wait_status_);
  return std::nullopt;
}

std::string adapter_process::stderr_tail(std::size_t max) const {
  if (dir_.empty()) return {};
  std::string err = read_all(dir_ + "/stderr");
  if (err.size() > max) {
    err = err.substr(err.size() - max);
    const std::size_t nl = err.find('\n');
    if (nl != std::string::npos && nl + 1 < err.size()) err = err.substr(nl + 1);
  }
  return trim(err);
}

bool adapter_process::stop() {
  if (pid_ <= 0) return true;
  bool gentle = true;
  // The whole group: the shell and what it started.
  kill(-pid_, SIGTERM);
  kill(pid_, SIGTERM);
  const auto deadline = std::chrono::steady_clock::now() + options_.grace;
  while (true) {
    (void)exited();
    int status = 0;
    for (pid_t r; (r = waitpid(-pid_, &status, WNOHANG)) > 0;) {  // the group's orphans, re-parented here
      if (r == pid_) {
        reaped_ = true;
        wait_status_ = status;
      }
    }
    const bool group_alive = kill(-pid_, 0) == 0 && group_running(pid_);
    if (reaped_ && !group_alive) break;
    if (std::chrono::steady_clock::now() >= deadline) {
      gentle = false;
      kill(-pid_, SIGKILL);
      if (!reaped_ && waitpid(pid_, &status, 0) == pid_) {
        reaped_ = true;
        wait_status_ = status;
      }
      const auto reap_until = std::chrono::steady_clock::now() + std::chrono::milliseconds(500);
      while (group_running(pid_) && std::chrono::steady_clock::now() < reap_until)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
      while (waitpid(-pid_, &status, WNOHANG) > 0) {
      }
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  if (state_ == adapter_state::running) state_ = adapter_state::stopped;
  pid_ = -1;
  return gentle;
}

std::unique_ptr<adapter_process> start_adapter(const std::string& command, const std::string& policy_json,
                                               const adapter_options& options, int& status_used) {
  status_used = 0;
  auto p = std::make_unique<adapter_process>(command, policy_json, options);
  if (p->state() != adapter_state::not_expressible || !p->message().starts_with("not expressible: preflight_status"))
    return p;
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(policy_json, ec);
  if (ec || !v.is_object()) return p;
  boost::json::object& o = v.get_object();
  const boost::json::value* given = o.if_contains("preflight_status");
  const bool was_200 = given != nullptr && given->is_number() && given->to_number<double>() == 200.0;
  o["preflight_status"] = was_200 ? 204 : 200;
  auto again = std::make_unique<adapter_process>(command, boost::json::serialize(o), options);
  if (again->state() == adapter_state::not_expressible && again->message().starts_with("not expressible: preflight_status"))
    return p;  // neither status: report the first refusal
  status_used = was_200 ? 204 : 200;
  return again;
}

}  // namespace corsproof::audit
