// cli/src/live.cpp — see live.hpp.
#include "live.hpp"

#include <signal.h>
#include <unistd.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "corsproof/policy_json.hpp"
#include "corsproof/probe.hpp"
#include "corsproof/server_cmd.hpp"

namespace corsproof::cli {

namespace {

std::atomic<bool> interrupted{false};

extern "C" void on_sigint(int) {
  if (interrupted.exchange(true)) {
    signal(SIGINT, SIG_DFL);
    raise(SIGINT);
  }
}

}  // namespace

std::optional<live_policy> read_live_policy(const std::string& command, const std::string& path) {
  const corsproof::policy_json::parse_result parsed = corsproof::policy_json::read_file(path);
  if (!parsed.ok()) {
    std::fprintf(stderr, "corsproof %s: %s: %s\n", command.c_str(), path.c_str(), parsed.error.c_str());
    return std::nullopt;
  }
  corsproof::policy_result compiled = corsproof::compile_policy(*parsed.value);
  if (!compiled.ok()) {
    std::fprintf(stderr, "corsproof %s: %s: bad policy: %s\n", command.c_str(), path.c_str(), compiled.error.c_str());
    return std::nullopt;
  }
  live_policy p;
  p.cfg = *parsed.value;
  p.compiled = std::move(compiled.value);
  // read_file accepted it, so it is one JSON object.
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(s.str(), ec);
  if (!ec && v.is_object()) p.object = v.get_object();
  p.text = boost::json::serialize(p.object);
  return p;
}

std::optional<corsproof::audit::header_pairs> parse_extra_headers(const std::string& command,
                                                                   const std::vector<std::string>& headers) {
  corsproof::audit::header_pairs out;
  for (const std::string& h : headers) {
    const std::size_t colon = h.find(':');
    const std::string name = h.substr(0, colon);
    const std::string_view value = colon == std::string::npos
                                       ? std::string_view()
                                       : corsproof::trim_tab_or_space(std::string_view(h).substr(colon + 1));
    std::optional<std::string> why;
    if (colon == std::string::npos) why = "expected NAME:VALUE";
    else why = corsproof::audit::extra_header_error(name);
    if (why) {
      std::fprintf(stderr, "corsproof %s: --header %s: %s\n", command.c_str(), h.c_str(), why->c_str());
      return std::nullopt;
    }
    out.emplace_back(name, std::string(value));
  }
  return out;
}

int with_target(const std::string& command, const std::string& url, const std::string& server_cmd,
                const live_policy& policy, const std::function<int(const std::string&)>& body) {
  if (url.empty() == server_cmd.empty()) {
    std::fprintf(stderr, "corsproof %s: give exactly one of --http URL and --server-cmd CMD\n", command.c_str());
    return 2;
  }
  if (!url.empty()) return body(url);
  int status_used = 0;
  const auto started = corsproof::audit::start_adapter(server_cmd, policy.text, {}, status_used);
  corsproof::audit::adapter_process& server = *started;
  if (server.state() == corsproof::audit::adapter_state::not_expressible) {
    std::fprintf(stderr, "corsproof %s: not expressible: --server-cmd %s exited 3 for this policy: %s\n",
                 command.c_str(), corsproof::audit::shell_quote(server_cmd).c_str(), server.message().c_str());
    return exit_not_expressible;
  }
  if (server.state() != corsproof::audit::adapter_state::running) {
    std::fprintf(stderr, "corsproof %s: %s\n", command.c_str(), server.message().c_str());
    return 2;
  }
  if (status_used != 0)
    std::fprintf(stderr,
                 "corsproof %s: the adapter has a fixed preflight status: it runs the policy with preflight_status "
                 "%d (the audit judges 200 and 204 alike)\n",
                 command.c_str(), status_used);
  if (::isatty(2) == 1)
    std::fprintf(stderr, "corsproof %s: --server-cmd started, listening on port %d\n", command.c_str(), server.port());
  const int rc = body(server.url());
  if (rc == 2) {
    const auto gone = server.exited();
    std::fprintf(stderr, "corsproof %s: %s\n", command.c_str(),
                 server.describe(gone ? *gone + " during the run" : "was running but did not answer").c_str());
  }
  if (!server.stop()) {
    std::fprintf(stderr, "corsproof %s: %s\n", command.c_str(),
                 server.describe("did not stop on SIGTERM within 2 s; SIGKILL sent").c_str());
  }
  return rc;
}

const std::atomic<bool>& install_interrupt_flag() {
  struct sigaction sa {};
  sa.sa_handler = &on_sigint;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  return interrupted;
}

}  // namespace corsproof::cli
