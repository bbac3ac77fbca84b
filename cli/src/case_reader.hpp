// cli/src/case_reader.hpp — reads one case of the oracle protocol
// (docs/protocol.md) from its JSON text with simdjson's On-Demand
// API, in one pass, into views the core takes.
//
// Two steps, so that the first problem is reported whatever the order of the
// keys in the line:
//   1. case_reader::read walks the whole line once and records every member
//      it knows in a case_object (what kind of JSON value it was, the value
//      when it has the expected type). One small reader per object
//      (the case, `request`, a response) and per member type (string,
//      boolean, status, header list). Every other value is walked too, so
//      that the whole line has been checked as JSON when read succeeds.
//      Header lists in the compact shape are read from the text; when such
//      a list ends a member of the case (or is the request's, followed by
//      its "credentials") and what follows is only compact responses and
//      the case's closing brace, that is read from the text too, and the
//      walk stops there (docs/cli.md, "Performance").
//   2. server_inputs / browser_inputs / audit_inputs check the members in the
//      protocol's order (docs/cli.md, "validation order") and fill the core's
//      input structs, or describe the first problem (a `problem`, turned into
//      the error message by the oracle).
//
// JSON semantics are Boost.JSON's, which the oracle used before and which
// policy_json still uses: duplicate keys — the last value wins, the key keeps
// the place of its first occurrence; numbers — read as Boost.JSON reads them
// (-0 is the integer 0, 1e3 and 2.0 are not integers, integers beyond 64 bits
// and 1e400 are accepted as doubles); at most 32 levels of nesting; invalid
// UTF-8 and unpaired surrogate escapes are not JSON. `null` for an optional
// member is the same as absent.
//
// Views in a case_object point into the reader's copy of the line or into
// its parser: they are valid until the next read. No allocation in steady
// state (header lists keep their capacity).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "corsproof/corsproof.hpp"

namespace corsproof::cli {

// What a member held; `absent` when the object has no such key.
enum class json_kind : std::uint8_t { absent, null, boolean, number, string, array, object };

struct string_member {
  json_kind kind = json_kind::absent;
  std::string_view value;  // when kind == string
};

struct bool_member {
  json_kind kind = json_kind::absent;
  bool value = false;  // when kind == boolean
};

// A JSON number read as Boost.JSON reads it (a session's `t`).
struct number_member {
  json_kind kind = json_kind::absent;
  double value = 0;  // when kind == number (an integer beyond 2^53 rounded; 1e400 is infinite)
};

// An HTTP status: an integer 0..999.
struct status_member {
  json_kind kind = json_kind::absent;
  bool in_range = false;  // a number that is an integer 0..999
  int value = 0;          // when in_range
};

// An array of [name, value] pairs of strings.
struct headers_member {
  json_kind kind = json_kind::absent;
  bool all_pairs = true;       // false: element `bad_index` is not a pair of strings
  std::size_t bad_index = 0;
  std::vector<header_view> pairs;  // the pairs before the first bad element
  void reset() noexcept {
    kind = json_kind::absent;
    all_pairs = true;
    bad_index = 0;
    pairs.clear();
  }
};

// An object member with a fixed set of keys, and the first key it does not
// know.
struct object_member {
  json_kind kind = json_kind::absent;
  bool has_unknown_key = false;
  std::string_view unknown_key;
  void note_unknown_key(std::string_view key) noexcept {
    if (!has_unknown_key) {
      has_unknown_key = true;
      unknown_key = key;
    }
  }
  void reset() noexcept { *this = object_member{}; }
};

// An array member of which the first `Max` elements are kept (`items`, whose
// capacity is kept from line to line); the others are read and counted.
template <class Item, std::size_t Max>
struct bounded_array_member {
  static constexpr std::size_t max_kept = Max;
  json_kind kind = json_kind::absent;
  std::size_t count = 0;    // elements in the array
  std::vector<Item> items;  // items[0 .. kept())
  [[nodiscard]] std::size_t kept() const noexcept { return count < Max ? count : Max; }
  void reset() noexcept {  // items keep their capacity
    kind = json_kind::absent;
    count = 0;
  }
};

// `preflight_response`, `response`, `observed`: {"status", "headers"}.
struct response_member : object_member {
  status_member status;
  headers_member headers;
  void reset() noexcept;
};

// The key sets of a `request` object: server and audit modes know method and
// headers; browser mode (chains and session fetches too) also origin, url,
// credentials, private_network, redirect.
enum class request_shape : std::uint8_t { server, browser };
inline constexpr std::size_t request_shape_count = 2;

struct request_member {
  json_kind kind = json_kind::absent;
  // The first key each shape does not know.
  std::array<bool, request_shape_count> has_unknown_key{};
  std::array<std::string_view, request_shape_count> unknown_key{};
  void note_unknown_key(request_shape shape, std::string_view key) noexcept {
    const auto s = static_cast<std::size_t>(shape);
    if (!has_unknown_key[s]) {
      has_unknown_key[s] = true;
      unknown_key[s] = key;
    }
  }
  string_member origin;
  string_member url;
  string_member method;
  string_member credentials;
  string_member redirect;  // v1.1
  bool_member private_network;
  headers_member headers;
  void reset() noexcept;
};

// One element of `hops` (v1.1): {"url", "preflight_response", "response"}.
struct hop_member : object_member {  // kind: of the element (a hop is an object)
  string_member url;
  response_member preflight_response;
  response_member response;
  void reset() noexcept;
};

// The hops a chain reads: Fetch follows at most 20 redirects.
inline constexpr std::size_t max_read_hops = 21;

// `hops` (v1.1). The first max_read_hops elements are kept; the others are
// read (their shape is checked too: a malformed hop is bad-case wherever it
// is) but only the first one with a problem is kept, in `bad_extra`.
struct hops_member : bounded_array_member<hop_member, max_read_hops> {
  bool has_bad_extra = false;
  std::size_t bad_extra_index = 0;
  hop_member bad_extra;
  void reset() noexcept;
};

// One element of a session's `fetches` (v1.1): a chain's `request` and
// `hops`, or a one-exchange `request`, `preflight_response`, `response`;
// plus `t`.
struct fetch_member : object_member {  // kind: of the element (a fetch is an object)
  number_member t;
  request_member request;
  response_member preflight_response;
  response_member response;
  hops_member hops;
  void reset() noexcept;
};

// docs/protocol-decisions.md "Preflight cache": a session has at most this
// many fetches (beyond: too-large).
inline constexpr std::size_t max_session_fetches = 256;

// `fetches` (v1.1). The first max_session_fetches elements are kept, the
// others only counted (the session is too-large) and checked as JSON.
struct fetches_member : bounded_array_member<fetch_member, max_session_fetches> {
  void reset() noexcept;
};

// One line.
struct case_object {
  json_kind kind = json_kind::absent;  // of the whole line: a case is an object
  string_member id;
  string_member mode;
  json_kind policy_kind = json_kind::absent;
  std::string_view policy_json;  // an object's JSON text, byte for byte as in the line (not yet checked)
  request_member request;
  response_member preflight_response;
  response_member response;
  response_member observed;
  hops_member hops;          // v1.1, mode browser
  fetches_member fetches;    // v1.1, mode browser-session
  bool_member report_cache;  // v1.1, mode browser-session
  // JSON texts in the line that read() did not check (a `policy` given twice:
  // the first one): the oracle checks them with Boost.JSON, nesting level 2.
  std::vector<std::string_view> unchecked_json;
  void reset() noexcept;
};

class case_reader {
 public:
  // `remember_policies`: whether the texts of policies read are kept so
  // that later lines giving one are read without walking it (see
  // policy_text_reused). Either way a line's case is the same.
  explicit case_reader(bool remember_policies = true);
  ~case_reader();
  case_reader(const case_reader&) = delete;
  case_reader& operator=(const case_reader&) = delete;

  // Bytes simdjson may read past the end of a line (any values).
  static constexpr std::size_t padding = 64;

  // Reads `line` into `out`. False when the line is not JSON as Boost.JSON
  // reads it (as far as this reader can tell: the oracle asks Boost.JSON for
  // the diagnosis) — `out` is then meaningless. True does not mean the case is
  // good: that is for server_inputs and the others to say. The policy's text
  // and unchecked_json are not checked here. `padded`: `padding` bytes after
  // the line may be read, so it is read in place; otherwise it is copied.
  [[nodiscard]] bool read(std::string_view line, bool padded, case_object& out);

  // Lines read so far whose `policy` was found as the text of a policy
  // read whole before (up to 256 are kept; the shape generators write:
  // `{"id":..,"mode":..,"policy":{...},...}`), not walked: the rest of such
  // a line is read without it, and the case is the one the whole line gives.
  [[nodiscard]] std::uint64_t policy_text_reused() const noexcept;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

// ---- Checking the members, in the protocol's order ------------------------------

enum class problem_kind : std::uint8_t {
  none,
  not_a_case,   // "a case is a JSON object, got <kind of the line's value>"
  required,     // "<field>: required, <expected>"
  wrong_type,   // "<field>: expected <expected>, got <kind of the value at field>"
  unknown_key,  // "<field>: unknown key <quoted key> (expected <expected>)"
  bad_pair,     // "<field>[<index>]: expected a [name, value] pair of strings, got <that element's JSON>"
  bad_status,   // "<field>: <n> is not in 0..999" or "<field>: expected an integer 0..999, got <kind>"
  message,      // `text` is the whole message
  too_large,    // `text` is the whole message of a `too-large` answer
};

// The first thing wrong with a case (a `bad-case` answer). Messages that show
// a value (its kind, its JSON text) are written by the oracle from Boost.JSON's
// reading of the line, so they are exactly what they always were.
struct problem {
  problem_kind kind = problem_kind::none;
  std::string field;          // "request.headers"
  std::string_view expected;  // "a string", or the list of known keys
  std::string_view key;       // unknown_key
  std::size_t index = 0;      // bad_pair
  std::string text;           // message
};

// The mode of a good case.
enum class case_mode : std::uint8_t { server, browser, audit, browser_session };

// `id` and `mode`: `id` is the case's id when it has one (a string), else
// left as given. False with `p` set when either is wrong.
[[nodiscard]] bool read_id_and_mode(const case_object& c, std::string_view& id, case_mode& mode, problem& p);

// Mode server: `policy` is an object (its text: c.policy_json) and `request`.
// request.headers views c.request.headers.pairs.
[[nodiscard]] bool server_inputs(const case_object& c, server_request& request, problem& p);

// Mode audit: as server, and `observed`.
[[nodiscard]] bool audit_inputs(const case_object& c, server_request& request, http_response& observed, problem& p);

// Mode browser: `request`, `preflight_response`, `response`. `x`'s response
// pointers are set to `preflight` and `response` when those are given.
[[nodiscard]] bool browser_inputs(const case_object& c, browser_exchange& x, http_response& preflight,
                                  http_response& response, problem& p);

// ---- v1.1: chains and sessions ------------------------------------------------------

// Mode browser is a chain when the case gives `hops` or `request.redirect`
// (not absent, not null); otherwise it is a one-exchange case and keeps its
// v1 answer (docs/protocol.md section 10; v11-decisions "Input shape").
[[nodiscard]] bool is_chain(const case_object& c) noexcept;

// Fetch's redirect modes, as the chain input gives them.
enum class redirect_input : std::uint8_t { follow, error, manual };

// One hop of a chain input: views into the line; the responses point into
// a chain_input's storage.
struct hop_input {
  bool has_url = false;
  std::string_view url;
  const http_response* preflight_response = nullptr;  // nullptr: not given
  const http_response* response = nullptr;            // nullptr: not given (the chain is incomplete there)
};

// A chain as the core takes it (the request, its redirect mode, the hops).
// Fixed storage: filling it allocates nothing.
struct chain_input {
  browser_request request;
  redirect_input redirect = redirect_input::follow;
  std::size_t hop_count = 0;  // at most max_read_hops: the others are never reached
  std::array<hop_input, max_read_hops> hops{};
  std::array<http_response, max_read_hops> preflight_storage{};
  std::array<http_response, max_read_hops> response_storage{};
};

// Mode browser, a chain: `request` (with `redirect`), then `hops` (or the
// top-level `preflight_response`/`response` as a one-hop chain when the case
// gives `request.redirect` without `hops`). `hops` with a top-level
// `response` or `preflight_response` is bad-case.
[[nodiscard]] bool chain_inputs(const case_object& c, chain_input& out, problem& p);

// Mode browser-session: `fetches` (an array), `report_cache`, the bound
// (at most max_session_fetches fetches: beyond, a too_large problem), then
// every fetch's shape and `t` (not smaller than the previous fetch's), each
// filled into `scratch` and dropped.
[[nodiscard]] bool session_inputs(const case_object& c, chain_input& scratch, bool& report_cache, problem& p);

// The i-th fetch of a session (i < c.fetches.kept()) as a chain (a fetch in
// the one-exchange shape is a one-hop chain), and its `t`: a finite number
// >= 0. Always true for a session that session_inputs accepted.
[[nodiscard]] bool fetch_inputs(const case_object& c, std::size_t i, chain_input& out, double& t, problem& p);

// A JSON number as corsproof writes a double (a session's `t`, a cache
// entry's `stored_at`): an integral value within 2^53 as an integer ("5"),
// any other in the shortest form that reads back the same ("0.25", "1e+300").
[[nodiscard]] std::string_view format_number(std::array<char, 32>& buf, double d) noexcept;

}  // namespace corsproof::cli
