// corsproof/replay.hpp — `corsproof replay --server-cmd CMD [VECTORS...]`:
// send the requests of the server-mode conformance vectors to a real server
// started for each vector's policy through the adapter interface
// (corsproof/server_cmd.hpp), and judge every answer as the audit does.
//
// One server start per distinct policy (the policy object's JSON text);
// vectors whose policy corsproof itself refuses (the bad-policy vectors)
// and requests that cannot be sent as given over HTTP/1.1 are skipped and
// counted.
//
//   auto loaded = corsproof::audit::load_server_vectors({"corpus/conformance"});
//   auto report = corsproof::audit::run_replay(loaded.vectors, "node peers/express/adapter.js {policy}", {});
//   std::cout << corsproof::audit::render_replay_text(report);
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "corsproof/fuzz.hpp"
#include "corsproof/probe.hpp"
#include "corsproof/server_cmd.hpp"

namespace corsproof::audit {

struct replay_vector {
  std::string id;
  std::string file;
  std::size_t line = 0;
  boost::json::object policy;
  std::string policy_text;  // policy serialized: the file the adapter reads, and the grouping key
  probe request;            // id = the vector's id
};

struct replay_skip {
  std::string id, file;
  std::size_t line = 0;
  std::string reason;
};

struct replay_load_result {
  std::vector<replay_vector> vectors;
  std::vector<replay_skip> skipped;  // server vectors that are not replayed, with the reason
  std::size_t other_modes = 0;       // browser and audit cases, not JSON, ...: not server vectors
  std::string error;                 // non-empty: a path that cannot be read (usage error)
};

// Every line with "mode": "server" in the files named and in the *.jsonl
// files below the directories named (sorted by path). Unless `all_methods`,
// a request whose method is not GET, HEAD, POST, PUT, DELETE, OPTIONS or
// PATCH is skipped: many HTTP servers (Node's, cpp-httplib) refuse other
// methods with 400 or 501 before any CORS handling, which says nothing
// about their CORS.
[[nodiscard]] replay_load_result load_server_vectors(const std::vector<std::string>& paths, bool all_methods = false);

// --policy-filter EXPR: keep a policy only when FIELD's value equals
// (`FIELD=JSON`) or differs from (`FIELD!=JSON`) the JSON value; an absent
// field reads as null. `allow_private_network!=true`, `max_age!=null`,
// `preflight_status=204`.
struct policy_filter {
  std::string text;
  std::string field;
  bool equal = true;
  boost::json::value value;
};
// nullopt and `error` set when `text` is not FIELD=JSON or FIELD!=JSON with
// a known policy field.
[[nodiscard]] std::optional<policy_filter> parse_policy_filter(std::string_view text, std::string& error);
[[nodiscard]] bool policy_passes(const boost::json::object& policy, const std::vector<policy_filter>& filters);

struct replay_options {
  std::vector<policy_filter> filters;
  std::size_t concurrency = 2;
  std::chrono::milliseconds timeout{2000};
  std::chrono::milliseconds startup_timeout{10000};
  std::chrono::milliseconds grace{2000};
  const std::atomic<bool>* stop = nullptr;
  // Called after each policy's run: (policies done, policies in all).
  std::function<void(std::size_t, std::size_t)> progress;
};

struct replay_outcome {
  const replay_vector* vector = nullptr;
  failure_kind failure = failure_kind::none;
  std::string error;
  exchange ex;  // failure == none: the answer and the audit's verdict
  std::string url;
};

struct replay_policy_run {
  std::string policy_text;
  std::vector<const replay_vector*> vectors;
  enum class state_t { ran, not_expressible, failed, filtered, interrupted } state = state_t::ran;
  std::string message;      // not_expressible: the adapter's reason; failed: what happened
  bool stopped_gently = true;  // false: SIGKILL was needed
  int preflight_status_used = 0;  // non-zero: the adapter refused the policy's status and ran with this one
};

struct replay_report {
  std::string command;
  std::vector<replay_policy_run> runs;
  std::vector<replay_outcome> outcomes;  // the vectors sent, in order
  std::vector<replay_skip> skipped;
  bool interrupted = false;

  [[nodiscard]] std::size_t answered() const noexcept;
  [[nodiscard]] std::size_t conforming() const noexcept;
  [[nodiscard]] std::size_t failed() const noexcept;  // vectors without an answer to judge
  [[nodiscard]] std::size_t errors() const noexcept;  // error findings
  [[nodiscard]] std::size_t warnings() const noexcept;
  [[nodiscard]] std::size_t count(replay_policy_run::state_t s) const noexcept;         // policies
  [[nodiscard]] std::size_t vectors_in(replay_policy_run::state_t s) const noexcept;    // their vectors
  // No adapter failure, no vector failure, no error finding (not expressible
  // and filtered policies do not count against it).
  [[nodiscard]] bool conforms() const noexcept;
};

[[nodiscard]] replay_report run_replay(const std::vector<replay_vector>& vectors, const std::string& command,
                                       const replay_options& options);

[[nodiscard]] std::string render_replay_text(const replay_report& report, bool verbose = false);
[[nodiscard]] boost::json::object replay_report_to_json(const replay_report& report);

}  // namespace corsproof::audit
