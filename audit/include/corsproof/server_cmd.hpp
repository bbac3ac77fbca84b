// corsproof/server_cmd.hpp — `--server-cmd 'CMD {policy}'`: start a server
// for a policy through the adapter interface (docs/adapters.md), and stop it.
//
// The interface: corsproof writes the policy to a temporary file, runs CMD
// with `{policy}` replaced by that file's path (shell-quoted; appended as the
// last argument when CMD has no `{policy}`) under /bin/sh, in a process group
// of its own, with standard input from /dev/null. The server binds
// 127.0.0.1 and prints its port alone on the first line of standard output.
// Exit status 3 before that line means "this policy is not expressible with
// this library" (standard error says why); 2, a policy file it cannot read.
// Stopping sends SIGTERM to the whole process group, then SIGKILL after a
// grace period.
//
//   corsproof::audit::adapter_process server("node peers/express/adapter.js {policy}", policy_text);
//   if (server.state() == adapter_state::running) run against server.url();
//   else report server.message();
//   server.stop();
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace corsproof::audit {

struct adapter_options {
  std::chrono::milliseconds startup_timeout{10000};  // spawn to port line
  std::chrono::milliseconds grace{2000};             // SIGTERM to SIGKILL
  std::string path = "/";                            // the URL's path
};

enum class adapter_state : unsigned char {
  running,          // printed its port; url() is the server
  not_expressible,  // exited 3: message() holds its reason (standard error)
  failed,           // could not start, exited, printed no port in time, or not a port: message() says which
  stopped,
};

class adapter_process {
 public:
  // Starts `command` for the policy `policy_json` (the text written to the
  // temporary file) and waits for its port line.
  adapter_process(std::string command, std::string_view policy_json, adapter_options options = {});
  ~adapter_process();  // stop()
  adapter_process(const adapter_process&) = delete;
  adapter_process& operator=(const adapter_process&) = delete;

  [[nodiscard]] adapter_state state() const noexcept { return state_; }
  [[nodiscard]] int port() const noexcept { return port_; }
  // http://127.0.0.1:PORT/ (options.path)
  [[nodiscard]] std::string url() const;
  // not_expressible: the adapter's reason (its standard error, trimmed).
  // failed: "--server-cmd 'CMD': what happened" and the tail of its
  // standard error.
  [[nodiscard]] const std::string& message() const noexcept { return message_; }
  [[nodiscard]] const std::string& command() const noexcept { return command_; }
  // The command as run (with the policy path in it).
  [[nodiscard]] const std::string& expanded_command() const noexcept { return expanded_; }

  // While running: nullopt, or why the server is gone ("exited with status
  // 1", "killed by signal 9") — for telling "never answers" from "died".
  [[nodiscard]] std::optional<std::string> exited();

  // The last `max` bytes of its standard error, whole lines, or "".
  [[nodiscard]] std::string stderr_tail(std::size_t max = 1500) const;

  // "--server-cmd 'CMD': WHAT" + the stderr tail, for errors found later
  // (the server never answers, dies during the run).
  [[nodiscard]] std::string describe(std::string_view what) const;

  // SIGTERM to the process group, up to options.grace for all of it to be
  // gone, then SIGKILL. Returns false when SIGKILL was needed. Idempotent.
  bool stop();

 private:
  void fail(std::string what);

  std::string command_, expanded_;
  adapter_options options_;
  adapter_state state_ = adapter_state::failed;
  std::string message_;
  std::string dir_;  // the temporary directory: policy.json, stdout, stderr
  pid_t pid_ = -1;   // also the process group id
  bool reaped_ = false;
  int wait_status_ = 0;
  int port_ = 0;
};

// Starts the adapter for a policy given as JSON text. When the adapter
// refuses the policy only for its preflight status (exit 3, its reason
// starting with "not expressible: preflight_status"), it is started again
// with the other status (200 for 204 or absent, 204 for 200): the audit
// judges a 200 and a 204 preflight answer alike, so the answers are judged
// against the policy as given. `status_used` is then the status the
// adapter ran with; otherwise 0.
[[nodiscard]] std::unique_ptr<adapter_process> start_adapter(const std::string& command, const std::string& policy_json,
                                                             const adapter_options& options, int& status_used);

// Shell-quotes `s` for /bin/sh: '...' with embedded quotes escaped.
[[nodiscard]] std::string shell_quote(std::string_view s);

}  // namespace corsproof::audit
