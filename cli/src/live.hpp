// cli/src/live.hpp — what the commands that talk to a live server share
// (`audit --http`, `fuzz --http`, `replay`): the target (--http URL or
// --server-cmd CMD), the policy file, --header values, Ctrl-C.
#pragma once

#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "corsproof/audit.hpp"
#include "corsproof/policy.hpp"

namespace corsproof::cli {

inline constexpr int exit_not_expressible = 3;

// A policy file read for a live run: the configuration, compiled, and its
// JSON object (for --server-cmd's temporary file and --out cases).
struct live_policy {
  corsproof::policy_config cfg;
  std::optional<corsproof::policy> compiled;
  boost::json::object object;
  std::string text;  // the object serialized (what the adapter reads)
};

// nullopt after printing "corsproof COMMAND: PATH: why" on stderr.
[[nodiscard]] std::optional<live_policy> read_live_policy(const std::string& command, const std::string& path);

// --header NAME:VALUE values; nullopt after printing why one is refused.
[[nodiscard]] std::optional<corsproof::audit::header_pairs> parse_extra_headers(const std::string& command,
                                                                             const std::vector<std::string>& headers);

// Runs `body` against the target: --http URL as given, or the server
// --server-cmd starts for the policy (stopped afterwards). Exactly one of
// url/server_cmd must be given (exit 2 otherwise). An adapter that says
// "not expressible" gives exit 3 and its reason on stderr; one that fails
// to start, exit 2 with the command and its stderr tail. When `body`
// returns 2 (nothing answered) after a --server-cmd start, the command and
// its stderr tail are printed too.
int with_target(const std::string& command, const std::string& url, const std::string& server_cmd,
                const live_policy& policy, const std::function<int(const std::string& url)>& body);

// Ctrl-C: the first SIGINT sets the flag (the run finishes with what it has
// and reports); a second one ends the process.
const std::atomic<bool>& install_interrupt_flag();

}  // namespace corsproof::cli
