// corsproof/policy_json.hpp — a policy object (oracle protocol, "Policy
// object") read from JSON text into a policy_config, with Boost.JSON.
//
// Small on purpose: it serves the test server, the audit end-to-end driver
// and the lint tests. It checks JSON types and unknown keys; every CORS rule
// on the values (canonical origins, tokens, bounds) is compile_policy's job.
// The CLI has its own reader with the protocol's `bad-policy` messages.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "corsproof/policy.hpp"

namespace corsproof::policy_json {

struct parse_result {
  std::optional<corsproof::policy_config> value;
  std::string error;  // when !value: what is wrong, naming the field
  [[nodiscard]] bool ok() const noexcept { return value.has_value(); }
};

// `text` is one JSON object.
[[nodiscard]] parse_result parse(std::string_view text);

// Reads and parses a file holding one policy object (at most 1 MiB).
[[nodiscard]] parse_result read_file(const std::string& path);

}  // namespace corsproof::policy_json
