// cli/src/oracle.hpp — the line handler of the corsproof oracle protocol
// (docs/protocol.md): one JSON Lines case in, one JSON answer out.
//
// The oracle does no CORS logic of its own. It reads a case with simdjson's
// On-Demand API (case_reader.hpp), checks the case's shape, hands the core
// views into the line (corsproof::server_request, corsproof::browser_exchange;
// a corsproof::policy_config from policy_json for compile_policy, cached) and
// writes the core's decision directly (json_writer.hpp). Boost.JSON words the
// errors: a line that is not a good case is answered from Boost.JSON's reading
// of it, so that every error answer is what it always was. Used by the
// `corsproof` binary, the tests and the fuzz targets.
//
//   corsproof::cli::oracle o;
//   auto a = o.answer_line(R"({"mode":"server", ...})", 1);
//   write(a.json); if (a.bad()) ...
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

namespace corsproof::cli {

// The version of the protocol (docs/protocol.md) this oracle speaks, as
// `corsproof version --json` and `corsproof --version` report it.
inline constexpr std::string_view protocol_version = "1.1";

// Lines longer than this many bytes (not counting the line terminator) get a
// `too-large` answer and are not parsed.
inline constexpr std::size_t max_line_bytes = std::size_t{1} << 20;  // 1 MiB

// A line given to answer_line as `padded` is followed in memory by at least
// this many readable bytes (any values): it is then read in place, not copied.
inline constexpr std::size_t line_padding = 64;

// How many compiled policies the oracle keeps, keyed by the policy object's
// JSON text exactly as it is in the line (an XXH3 hash, then a full byte
// compare: never a re-serialization). When full, the oldest entry is evicted
// (FIFO). Policies whose text is over 64 KiB are compiled for every case, not
// kept. The case reader keeps up to 256 policy texts of its own, so that a
// line giving one is read without walking it (policy_cache_stats::
// policy_text_reused); an oracle made with 0 entries keeps nothing from one
// line to the next.
inline constexpr std::size_t default_policy_cache_entries = 256;

// The error codes of the protocol's error answer.
enum class error_code : std::uint8_t { none, bad_json, bad_case, bad_policy, too_large };

// "bad-json", "bad-case", "bad-policy", "too-large"; "" for none.
[[nodiscard]] std::string_view to_string(error_code c) noexcept;

// One answer: a JSON object on one line, without the line terminator.
struct answer {
  std::string_view json;  // valid until the next call on the same oracle
  error_code error = error_code::none;
  [[nodiscard]] bool bad() const noexcept { return error != error_code::none; }
};

// True when the line holds only SP, TAB and CR: such lines are skipped by
// the `corsproof` commands (no answer), but still count for line numbers.
[[nodiscard]] bool is_blank_line(std::string_view line) noexcept;

struct policy_cache_stats {
  std::uint64_t hits = 0;
  std::uint64_t misses = 0;  // compilations (successful or not)
  std::size_t entries = 0;
  // Lines whose policy text the case reader had read before, found by
  // comparing bytes (case_reader::policy_text_reused): not walked again.
  std::uint64_t policy_text_reused = 0;
};

class oracle {
 public:
  explicit oracle(std::size_t policy_cache_entries = default_policy_cache_entries);
  ~oracle();
  oracle(const oracle&) = delete;
  oracle& operator=(const oracle&) = delete;

  // Answers one case. `line` excludes the line terminator (a trailing CR is
  // JSON whitespace and is accepted); `line_number` is 1-based and is echoed
  // as the id when the case has none, and as the error answer's "line".
  // `padded`: see line_padding. Never throws; every failure is an error answer.
  [[nodiscard]] answer answer_line(std::string_view line, std::size_t line_number, bool padded = false) noexcept;

  // The `too-large` answer for a line of `bytes` bytes that the caller did
  // not keep in memory (a line reader that discards what is over the limit).
  [[nodiscard]] answer answer_too_large(std::size_t line_number, std::size_t bytes) noexcept;

  [[nodiscard]] policy_cache_stats cache_stats() const noexcept;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace corsproof::cli
