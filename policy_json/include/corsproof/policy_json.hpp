// corsproof/policy_json.hpp — the oracle protocol's policy object
// (docs/protocol.md, "Policy object") read from JSON into a
// corsproof::policy_config, with Boost.JSON.
//
// The one reader of policy JSON: the CLI, the C API, the audit tools and the
// test server all use it. It checks JSON types and keys, and names the field
// in every message; every CORS rule on the values (canonical origins, tokens,
// bounds) is compile_policy's job. `null` for a field means "absent" (the
// default applies).
#pragma once

#include <boost/json/value.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "corsproof/policy.hpp"

namespace corsproof::policy_json {

struct parse_result {
  std::optional<corsproof::policy_config> value;
  std::string error;  // when !value: what is wrong, naming the field
  bool unreadable = false;  // read_file: the file could not be opened (not a policy problem)
  [[nodiscard]] bool ok() const noexcept { return value.has_value(); }
};

// A policy given as a parsed JSON value. Field names in messages are written
// after `prefix` (the oracle passes "policy.").
[[nodiscard]] parse_result from_value(const boost::json::value& v, std::string_view prefix = "");
[[nodiscard]] parse_result from_object(const boost::json::object& o, std::string_view prefix = "");

// `text` is one JSON object. Text that is not JSON gives "not valid JSON:
// WHAT (at byte N)", N 1-based, as the oracle says it.
[[nodiscard]] parse_result parse(std::string_view text);

// The largest policy file read_file reads: room for every policy within the
// core's bounds (max_policy_origins entries of max_policy_entry_bytes, and
// the three name lists), written with indentation, one entry a line, and
// `\/` for every slash (policy_json_tests checks the arithmetic against
// corsproof/policy.hpp). Anything larger is refused before it is read.
inline constexpr std::size_t max_policy_file_bytes = std::size_t{128} << 20;  // 128 MiB

// Reads and parses a file holding one policy object (at most
// max_policy_file_bytes). A file that cannot be opened sets `unreadable`; a
// larger one is refused ("PATH: N bytes, more than the limit of ...").
[[nodiscard]] parse_result read_file(const std::string& path);

// The words every corsproof message uses for a JSON value of the wrong type,
// shared with the oracle's case reader: type_name gives "a string", "an
// array", "null", ...; got gives ", got a string" to append to "expected X";
// quoted gives a string as a JSON string literal (the core's json_quoted,
// which escapes as Boost.JSON does: tests/quoted_test.cpp).
[[nodiscard]] std::string_view type_name(const boost::json::value& v) noexcept;
[[nodiscard]] std::string got(const boost::json::value& v);
[[nodiscard]] std::string quoted(std::string_view s);

}  // namespace corsproof::policy_json
