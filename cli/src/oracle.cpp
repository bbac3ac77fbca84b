// cli/src/oracle.cpp — see oracle.hpp. Reading a case (case_reader: JSON ->
// core views), the policy cache, and writing an answer (json_writer: core
// decision -> JSON); no CORS rule lives here.
//
// Boost.JSON is the reference for what is JSON and for every message that
// shows a value: a line the case reader refuses, or a case with a problem, is
// parsed by Boost.JSON before it is answered (rare lines, so speed does not
// matter there), and a policy not in the cache is read by policy_json.
#include "oracle.hpp"

#include "corsproof/audit.hpp"
#include "corsproof/policy_json.hpp"

#include <array>
#include <cstdint>
#include <cstring>
#include <boost/json/monotonic_resource.hpp>
#include <boost/json/parser.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <charconv>
#include <exception>
#include <functional>
#include <new>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "case_reader.hpp"
#include "chain_answer.hpp"
#include "corsproof/corsproof.hpp"
#include "json_writer.hpp"


// xxHash (Debian's libxxhash-dev), inlined: XXH3 hashes a policy's few
// hundred bytes several times faster than std::hash.
#define XXH_INLINE_ALL
#include <xxhash.h>

namespace corsproof::cli {

namespace json = boost::json;

std::string_view to_string(error_code c) noexcept {
  switch (c) {
    case error_code::none: return "";
    case error_code::bad_json: return "bad-json";
    case error_code::bad_case: return "bad-case";
    case error_code::bad_policy: return "bad-policy";
    case error_code::too_large: return "too-large";
  }
  return "";
}

bool is_blank_line(std::string_view line) noexcept {
  for (char c : line) {
    if (c != ' ' && c != '\t' && c != '\r') return false;
  }
  return true;
}

namespace {

// ---- Small helpers ----------------------------------------------------------

// Messages name a wrong type the way the policy reader does.
using corsproof::policy_json::got;
using corsproof::policy_json::quoted;

template <class Int>
std::string_view format_int(std::array<char, 24>& buf, Int n) noexcept {
  auto r = std::to_chars(buf.data(), buf.data() + buf.size(), n);
  return {buf.data(), static_cast<std::size_t>(r.ptr - buf.data())};
}

std::string number_text(const json::value& v) {
  std::array<char, 24> buf{};
  if (v.is_int64()) return std::string(format_int(buf, v.get_int64()));
  if (v.is_uint64()) return std::string(format_int(buf, v.get_uint64()));
  return json::serialize(v);
}

// The value at `field` ("request.headers", "observed.status"; "hops[2].response"
// names an array element; "" is the whole line) in Boost.JSON's reading of the
// line. nullptr when there is none.
const json::value* value_at(const json::value& doc, std::string_view field) {
  const json::value* v = &doc;
  while (!field.empty()) {
    const std::size_t dot = field.find('.');
    std::string_view step = field.substr(0, dot);
    field = dot == std::string_view::npos ? std::string_view() : field.substr(dot + 1);
    const std::size_t bracket = step.find('[');
    const json::object* o = v->if_object();
    if (o == nullptr || (v = o->if_contains(step.substr(0, bracket))) == nullptr) return nullptr;
    while (bracket != std::string_view::npos && !step.empty()) {  // name[i][j]...
      step = step.substr(step.find('[') + 1);
      std::size_t i = 0;
      const auto r = std::from_chars(step.data(), step.data() + step.size(), i);
      const json::array* a = v->if_array();
      if (r.ec != std::errc() || a == nullptr || i >= a->size()) return nullptr;
      v = &(*a)[i];
      step = step.substr(static_cast<std::size_t>(r.ptr - step.data()));
      if (step.empty() || step[0] != ']') return nullptr;
      step.remove_prefix(1);
      if (step.empty()) break;
    }
  }
  return v;
}

// ---- Policy cache -------------------------------------------------------------

struct cached_policy {
  std::optional<corsproof::policy> compiled;
  std::string error;  // the bad-policy message when !compiled
};

struct string_hash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept {
    return static_cast<std::size_t>(XXH3_64bits(s.data(), s.size()));
  }
};

// Compiled policies keyed by the policy object's JSON text as it is in the
// line, byte for byte (found by hash, then compared in full). Refusals are
// cached too (the same bad policy tends to repeat as well). FIFO eviction.
class policy_cache {
 public:
  explicit policy_cache(std::size_t capacity) : capacity_(capacity) {
    map_.reserve(capacity);
    order_.reserve(capacity);
  }

  // The slot of `recent_` the key's sample picks first: its key is compared
  // in full, so a wrong guess costs one compare, never a wrong answer. Else
  // the map (XXH3 of the whole key), and the slot remembers what it found.
  const cached_policy* find(std::string_view key) {
    recent_slot& slot = recent_[recent_index(key)];
    if (slot.key != nullptr && slot.key->size() == key.size() &&
        std::memcmp(slot.key->data(), key.data(), key.size()) == 0)
      return slot.value;
    auto it = map_.find(key);
    if (it == map_.end()) return nullptr;
    slot = recent_slot{&it->first, &it->second};
    return &it->second;
  }

  // Stores `value` under `key` and returns it. Valid until the next insert.
  // Keys over max_key_bytes are not kept: a few huge policies must not pin
  // hundreds of megabytes.
  const cached_policy& insert(std::string_view key, cached_policy value) {
    recent_.fill(recent_slot{});  // a slot may hold the entry evicted below
    if (capacity_ == 0 || key.size() > max_key_bytes) {
      scratch_ = std::move(value);
      return scratch_;
    }
    if (map_.size() >= capacity_) {
      map_.erase(order_[next_]);
      order_[next_].assign(key);
      next_ = (next_ + 1) % capacity_;
    } else {
      order_.emplace_back(key);
    }
    return map_.emplace(std::string(key), std::move(value)).first->second;
  }

  [[nodiscard]] std::size_t size() const noexcept { return map_.size(); }

  static constexpr std::size_t max_key_bytes = 64 * 1024;

 private:
  std::size_t capacity_;
  std::unordered_map<std::string, cached_policy, string_hash, std::equal_to<>> map_;
  std::vector<std::string> order_;  // insertion order, a ring once full
  std::size_t next_ = 0;            // the oldest entry of the ring
  cached_policy scratch_;

  // A slot for a key from its length and three 8-byte samples (a quarter,
  // half and three quarters in): a dozen instructions where XXH3 of a
  // policy's few hundred bytes takes a few hundred. Keys alike in those
  // bytes share a slot and take turns in it.
  static std::size_t recent_index(std::string_view key) noexcept {
    std::uint64_t h = key.size() * 0x9E3779B97F4A7C15ULL;
    if (key.size() >= 16) {
      const std::size_t n = key.size() - 8;
      for (const std::size_t at : {n / 4, n / 2, n - n / 4}) {
        std::uint64_t w;
        std::memcpy(&w, key.data() + at, 8);
        h = (h ^ w) * 0xBF58476D1CE4E5B9ULL;
      }
    }
    return static_cast<std::size_t>(h >> 56);  // 256 slots
  }
  struct recent_slot {
    const std::string* key = nullptr;
    const cached_policy* value = nullptr;
  };
  std::array<recent_slot, 256> recent_{};
};

constexpr std::string_view out_of_memory_answer =
    R"({"id":"?","error":{"code":"too-large","message":"out of memory","line":0}})";

}  // namespace

// ---- The oracle -----------------------------------------------------------------

struct oracle::impl {
  explicit impl(std::size_t cache_entries)
      : arena(arena_bytes.data(), arena_bytes.size()),
        parser(json::storage_ptr(), json::parse_options(), parser_bytes.data(), parser_bytes.size()),
        nested_parser(json::storage_ptr(), nested_options(), nested_parser_bytes.data(), nested_parser_bytes.size()),
        reader(cache_entries != 0),
        cache(cache_entries),
        core_out(std::make_unique_for_overwrite<char[]>(core_out_bytes)) {}

  // Boost.JSON, for lines the case reader refuses or finds a problem in, and
  // for policies not in the cache. Its memory is released at every line.
  // The buffers are not zero-filled (the resources hand out what they write
  // first): a page first touched is a page fault, a microsecond or more
  // (tens in a virtual machine's slow minutes), so pages nothing reads stay
  // untouched (cli/src/process_memory.hpp).
  std::array<unsigned char, 64 * 1024> arena_bytes;
  json::monotonic_resource arena;
  std::array<unsigned char, 4096> parser_bytes;
  json::parser parser;  // a whole line: at most 32 levels
  std::array<unsigned char, 4096> nested_parser_bytes;
  json::parser nested_parser;  // a value inside the case object: at most 31 more levels

  static json::parse_options nested_options() {
    json::parse_options o;
    o.max_depth = 31;
    return o;
  }

  case_reader reader;
  case_object kase;
  json_writer out;  // the answer text

  policy_cache cache;
  std::uint64_t hits = 0;
  std::uint64_t misses = 0;

  http_response preflight;
  http_response response;
  static constexpr std::size_t core_out_bytes =
      browser_output_capacity > server_output_capacity ? browser_output_capacity : server_output_capacity;
  std::unique_ptr<char[]> core_out;
  // Mode audit's verdict, reused from case to case (its strings keep their
  // capacity).
  audit::audit_result audit_verdict;

  std::array<char, 24> line_id{};  // the line number as text: the id of cases without one

  // v1.1: a chain's or a session fetch's input, and (made on the first
  // chain or session, then reused) the core's decision, its output buffer,
  // the CORS-preflight cache and room for every live cache entry.
  chain_input chain;
  std::array<chain_hop, max_read_hops> core_hops{};
  std::unique_ptr<chain_decision> decision;
  std::unique_ptr<char[]> chain_out;
  std::unique_ptr<preflight_cache> cache_of_case;
  std::vector<cache_entry_view> entries;
  void make_chain_state() {
    if (decision) return;
    decision = std::make_unique<chain_decision>();
    chain_out = std::make_unique_for_overwrite<char[]>(chain_output_capacity);
    cache_of_case = std::make_unique<preflight_cache>();
    entries.resize(cache_of_case->max_entries());
  }
  // Evaluates `chain` against the cache at time `now` into *decision.
  void evaluate(double now) {
    const std::size_t n = chain.hop_count;
    for (std::size_t i = 0; i < n; ++i) {
      const hop_input& h = chain.hops[i];
      core_hops[i] = chain_hop{h.has_url, h.url, h.preflight_response, h.response};
    }
    chain_request r;
    r.request = chain.request;
    r.redirect = chain.redirect == redirect_input::error    ? redirect_mode::error
                 : chain.redirect == redirect_input::manual ? redirect_mode::manual
                                                            : redirect_mode::follow;
    evaluate_chain(r, std::span<const chain_hop>(core_hops.data(), n), cache_of_case.get(), now, *decision,
                   std::span<char>(chain_out.get(), chain_output_capacity));
  }
  // The message of a chain the core refused; `prefix` names the fetch of a
  // session ("fetches[2]"), empty for a chain case.
  std::string refusal_message(std::string_view prefix) const;

  // At every line: the parsers drop what they hold, then the arena its
  // memory (only when Boost.JSON was used: most lines do not need it).
  void reset_json() {
    if (!json_used) return;
    parser.reset(json::storage_ptr(&arena));
    nested_parser.reset(json::storage_ptr(&arena));
    arena.release();
    json_used = false;
  }
  json::parser& use(json::parser& p) {
    json_used = true;
    p.reset(json::storage_ptr(&arena));
    return p;
  }
  bool json_used = true;

  answer error_answer(std::string_view id, error_code code, std::string_view message, std::size_t line_number) {
    out.clear();
    out.begin_object().key("id").string(id).key("error").begin_object();
    out.key("code").string(to_string(code)).key("message").string(message);
    out.key("line").number(static_cast<std::uint64_t>(line_number)).end_object().end_object();
    return answer{out.view(), code};
  }

  // The error answer for a core evaluation that gave no decision.
  answer status_answer(std::string_view id, eval_status status, std::string_view detail, std::size_t line_number) {
    std::string msg(detail.empty() ? to_string(status) : detail);
    switch (status) {
      case eval_status::limit_exceeded:  // an input beyond one of corsproof's documented bounds
        return error_answer(id, error_code::too_large, msg, line_number);
      case eval_status::output_too_small:  // cannot happen with the core's capacities
        return error_answer(id, error_code::too_large,
                            "the answer does not fit corsproof's output buffer: " + msg, line_number);
      case eval_status::missing_input:  // browser: a preflight is needed, no preflight_response given
      case eval_status::invalid_input:  // browser: request.origin is not a serialized origin or null
      default:                          // any other input the core cannot judge
        return error_answer(id, error_code::bad_case, msg, line_number);
    }
  }

  answer run(std::string_view line, std::size_t line_number, bool padded, bool canonical_retry);
  answer not_json(std::string_view line, std::size_t line_number, bool canonical_retry);
  // The line being answered is Boost.JSON's serialization of the line given
  // (not_json's retry): a second disagreement is an internal-error answer,
  // not another retry.
  bool retrying = false;
  answer problem_answer(std::string_view line, std::string_view id, const problem& p, std::size_t line_number);
  bool nested_json_ok(std::string_view text);
  bool unchecked_json_ok(bool policy_used);
  const cached_policy* policy_for(std::string_view text);
  answer run_server(std::string_view line, std::string_view id, std::size_t line_number);
  answer run_browser(std::string_view line, std::string_view id, std::size_t line_number);
  answer run_audit(std::string_view line, std::string_view id, std::size_t line_number);
  answer run_chain(std::string_view line, std::string_view id, std::size_t line_number);
  answer run_session(std::string_view line, std::string_view id, std::size_t line_number);
};

oracle::oracle(std::size_t policy_cache_entries) : impl_(std::make_unique<impl>(policy_cache_entries)) {}
oracle::~oracle() = default;

policy_cache_stats oracle::cache_stats() const noexcept {
  return policy_cache_stats{impl_->hits, impl_->misses, impl_->cache.size(), impl_->reader.policy_text_reused()};
}

static_assert(line_padding >= case_reader::padding);

answer oracle::answer_line(std::string_view line, std::size_t line_number, bool padded) noexcept {
  impl& m = *impl_;
  m.reset_json();
  try {
    return m.run(line, line_number, padded, false);
  } catch (const std::bad_alloc&) {
    m.reset_json();
    try {
      std::array<char, 24> buf{};
      return m.error_answer(format_int(buf, line_number), error_code::too_large,
                            "out of memory while answering this line", line_number);
    } catch (...) {
    }
  } catch (const std::exception& e) {
    m.reset_json();
    try {
      std::array<char, 24> buf{};
      return m.error_answer(format_int(buf, line_number), error_code::bad_case,
                            std::string("internal error (please report): ").append(e.what()), line_number);
    } catch (...) {
    }
  }
  // Last resort: nothing could be allocated. `out` keeps its capacity.
  m.out.assign(out_of_memory_answer);
  return answer{m.out.view(), error_code::too_large};
}

answer oracle::answer_too_large(std::size_t line_number, std::size_t bytes) noexcept {
  impl& m = *impl_;
  m.reset_json();
  try {
    std::array<char, 24> id{};
    std::array<char, 24> n{};
    std::string msg("the line has ");
    msg.append(format_int(n, bytes)).append(" bytes, more than the limit of 1048576 (1 MiB)");
    return m.error_answer(format_int(id, line_number), error_code::too_large, msg, line_number);
  } catch (...) {
    m.out.assign(out_of_memory_answer);
    return answer{m.out.view(), error_code::too_large};
  }
}

answer oracle::impl::run(std::string_view line, std::size_t line_number, bool padded, bool canonical_retry) {
  if (line.size() > max_line_bytes) {
    std::array<char, 24> n{};
    std::string msg("the line has ");
    msg.append(format_int(n, line.size())).append(" bytes, more than the limit of 1048576 (1 MiB)");
    return error_answer(format_int(line_id, line_number), error_code::too_large, msg, line_number);
  }
  retrying = canonical_retry;
  if (!reader.read(line, padded, kase)) return not_json(line, line_number, canonical_retry);

  // The line number stands in for an absent (or bad) id; a string id needs
  // no formatting.
  std::string_view id = kase.kind == json_kind::object && kase.id.kind == json_kind::string
                            ? kase.id.value
                            : format_int(line_id, line_number);
  case_mode mode = case_mode::server;
  problem p;
  if (!read_id_and_mode(kase, id, mode, p)) return problem_answer(line, id, p, line_number);
  switch (mode) {
    case case_mode::server: return run_server(line, id, line_number);
    case case_mode::browser:
      return is_chain(kase) ? run_chain(line, id, line_number) : run_browser(line, id, line_number);
    case case_mode::audit: return run_audit(line, id, line_number);
    case case_mode::browser_session: return run_session(line, id, line_number);
  }
  return problem_answer(line, id, p, line_number);
}

// The case reader refused the line: Boost.JSON says why. Should Boost.JSON
// accept it (no such line is known: the reader accepts what Boost.JSON
// accepts), the line is answered from Boost.JSON's serialization of it.
answer oracle::impl::not_json(std::string_view line, std::size_t line_number, bool canonical_retry) {
  const std::string_view line_id_text = format_int(line_id, line_number);
  boost::system::error_code ec;
  const std::size_t consumed = use(parser).write(line.data(), line.size(), ec);
  if (ec) {
    std::array<char, 24> at{};
    return error_answer(line_id_text, error_code::bad_json,
                        std::string("not valid JSON: ")
                            .append(ec.message())
                            .append(" (at byte ")
                            .append(format_int(at, consumed + 1))
                            .append(")"),
                        line_number);
  }
  if (canonical_retry) {
    return error_answer(line_id_text, error_code::bad_case,
                        "internal error (please report): simdjson and Boost.JSON disagree about this line",
                        line_number);
  }
  const std::string canonical = json::serialize(parser.release());
  return run(canonical, line_number, false, true);
}

// A bad-case answer for `p`. The line is parsed by Boost.JSON first: a line
// that is not JSON is a bad-json answer whatever else is wrong with it.
answer oracle::impl::problem_answer(std::string_view line, std::string_view id, const problem& p,
                                    std::size_t line_number) {
  const std::string_view line_id_text = format_int(line_id, line_number);
  boost::system::error_code ec;
  use(parser).write(line.data(), line.size(), ec);
  if (ec) return not_json(line, line_number, false);
  const json::value doc = parser.release();
  const json::value* v = value_at(doc, p.field);
  std::string m;
  switch (p.kind) {
    case problem_kind::none: break;
    case problem_kind::not_a_case:
      return error_answer(line_id_text, error_code::bad_case, std::string("a case is a JSON object").append(got(doc)),
                          line_number);
    case problem_kind::required: m = p.field + ": required, " + std::string(p.expected); break;
    case problem_kind::wrong_type:
      if (v != nullptr) m = p.field + ": expected " + std::string(p.expected) + got(*v);
      break;
    case problem_kind::unknown_key:
      m = p.field + ": unknown key " + quoted(p.key) + " (expected " + std::string(p.expected) + ")";
      break;
    case problem_kind::bad_pair:
      if (v != nullptr && v->is_array() && p.index < v->get_array().size()) {
        std::array<char, 24> buf{};
        m = p.field + "[" + std::string(format_int(buf, p.index)) + "]: expected a [name, value] pair of strings, got " +
            json::serialize(v->get_array()[p.index]).substr(0, 200);
      }
      break;
    case problem_kind::bad_status:
      if (v != nullptr && (v->is_int64() || v->is_uint64())) {
        m = p.field + ": " + number_text(*v) + " is not in 0..999";
      } else if (v != nullptr) {
        m = p.field + ": expected an integer 0..999" + got(*v);
      }
      break;
    case problem_kind::message: m = p.text; break;
    case problem_kind::too_large: return error_answer(id, error_code::too_large, p.text, line_number);
  }
  if (m.empty()) {  // the case reader and Boost.JSON disagree: a bug
    m = "internal error (please report): no value at " + p.field;
  }
  return error_answer(id, error_code::bad_case, m, line_number);
}

// A JSON text inside the case object that the case reader did not check.
bool oracle::impl::nested_json_ok(std::string_view text) {
  boost::system::error_code ec;
  use(nested_parser).write(text.data(), text.size(), ec);
  return !ec;
}

bool oracle::impl::unchecked_json_ok(bool policy_used) {
  for (std::string_view text : kase.unchecked_json) {
    if (!nested_json_ok(text)) return false;
  }
  // A policy the mode does not use is still part of the line.
  return policy_used || kase.policy_kind != json_kind::object || nested_json_ok(kase.policy_json);
}

// The compiled policy for the policy object `text`; nullptr when `text` is
// not JSON (then the line is not).
const cached_policy* oracle::impl::policy_for(std::string_view text) {
  if (const cached_policy* hit = cache.find(text)) {
    ++hits;
    return hit;
  }
  boost::system::error_code ec;
  use(nested_parser).write(text.data(), text.size(), ec);
  if (ec) return nullptr;
  const json::value p = nested_parser.release();
  ++misses;
  cached_policy entry;
  policy_json::parse_result parsed = policy_json::from_object(p.get_object(), "policy.");
  if (!parsed.ok()) {
    entry.error = std::move(parsed.error);
  } else {
    const policy_config& cfg = *parsed.value;
    try {
      policy_result compiled = compile_policy(cfg);
      if (compiled.ok()) {
        entry.compiled.emplace(std::move(*compiled.value));
      } else {
        // The core names the field ("allow_origins[0] ..."); say where it is.
        entry.error = compiled.error.empty() ? std::string("policy: refused") : "policy." + compiled.error;
      }
    } catch (const std::bad_alloc&) {
      throw;
    } catch (const std::exception& e) {
      // A bug in the core: still an answer for this case, with its id.
      entry.error = std::string("policy: internal error in compile_policy (please report): ") + e.what();
    }
  }
  return &cache.insert(text, std::move(entry));
}

answer oracle::impl::run_server(std::string_view line, std::string_view id, std::size_t line_number) {
  server_request request;
  problem p;
  if (!server_inputs(kase, request, p)) return problem_answer(line, id, p, line_number);
  if (!unchecked_json_ok(true)) return not_json(line, line_number, retrying);
  const cached_policy* pol = policy_for(kase.policy_json);
  if (pol == nullptr) return not_json(line, line_number, retrying);
  if (!pol->compiled) return error_answer(id, error_code::bad_policy, pol->error, line_number);

  const server_decision d = evaluate_server(*pol->compiled, request, std::span<char>(core_out.get(), core_out_bytes));
  if (d.status != eval_status::ok) {
    // The server side has one bound: the number of request headers.
    const std::string bound = std::string("request.headers: more than ")
                                  .append(std::to_string(max_server_request_headers))
                                  .append(" header pairs (corsproof's bound for server mode)");
    return status_answer(id, d.status, d.status_detail.empty() ? std::string_view(bound) : d.status_detail, line_number);
  }

  out.clear();
  out.begin_object().key("id").string(id);
  // kind and reason are enumeration names (json_writer_test checks they need
  // no escape).
  out.plain_member("kind", to_string(d.kind)).key("allowed").boolean(d.allowed);
  out.plain_member("reason", to_string(d.reason));
  if (!d.detail.empty()) out.key("detail").string(d.detail);
  if (d.kind == request_kind::preflight) out.key("status").number(d.http_status);
  out.key("headers").begin_array();
  for (const header_view& h : d.headers()) out.pair(h.name, h.value);
  out.end_array().end_object();
  return answer{out.view(), error_code::none};
}

// Mode audit: a real server's observed answer judged against the policy
// (corsproof_audit does the judging; this only reads and writes JSON).
answer oracle::impl::run_audit(std::string_view line, std::string_view id, std::size_t line_number) {
  server_request request;
  http_response observed;
  problem p;
  if (!audit_inputs(kase, request, observed, p)) return problem_answer(line, id, p, line_number);
  if (!unchecked_json_ok(true)) return not_json(line, line_number, retrying);
  const cached_policy* pol = policy_for(kase.policy_json);
  if (pol == nullptr) return not_json(line, line_number, retrying);
  if (!pol->compiled) return error_answer(id, error_code::bad_policy, pol->error, line_number);
  audit::audit_result& result = audit_verdict;
  // The answer holds the verdict and the findings, never the core's own
  // answer: not copied.
  audit::audit_answer(result, *pol->compiled, request.method, request.headers, observed.status, observed.headers,
                      audit::audit_options{.expected_headers = false});
  if (result.status != eval_status::ok) return status_answer(id, result.status, result.error, line_number);

  out.clear();
  out.begin_object().key("id").string(id).key("conforms").boolean(result.conforms);
  out.key("findings").begin_array();
  for (const audit::audit_finding& f : result.findings) {
    out.begin_object().key("code").string(f.code).key("severity").string(audit::to_string(f.level));
    out.key("detail").string(f.detail).end_object();
  }
  out.end_array().end_object();
  return answer{out.view(), error_code::none};
}

answer oracle::impl::run_browser(std::string_view line, std::string_view id, std::size_t line_number) {
  browser_exchange x;
  problem p;
  if (!browser_inputs(kase, x, preflight, response, p)) return problem_answer(line, id, p, line_number);
  if (!unchecked_json_ok(false)) return not_json(line, line_number, retrying);

  const browser_decision d = evaluate_browser(x, std::span<char>(core_out.get(), core_out_bytes));
  if (d.status != eval_status::ok) return status_answer(id, d.status, d.status_detail, line_number);

  out.clear();
  out.begin_object().key("id").string(id);
  write_browser_members(out, d);
  out.end_object();
  return answer{out.view(), error_code::none};
}

// ---- Protocol v1.1: chains and sessions -------------------------------------------

std::string oracle::impl::refusal_message(std::string_view prefix) const {
  const chain_decision& d = *decision;
  std::string m(prefix);
  // A given hops[i].url that is not the hop's URL: name both (the core
  // leaves the hop and its computed URL in the decision).
  if (d.status == eval_status::invalid_input && d.has_error_hop && d.error_hop < chain.hop_count &&
      d.error_hop < d.hop_count && chain.hops[d.error_hop].has_url) {
    if (!m.empty()) m.push_back('.');
    return m.append("hops[")
        .append(std::to_string(d.error_hop))
        .append("].url: ")
        .append(quoted(chain.hops[d.error_hop].url))
        .append(" is not the URL this hop requests, ")
        .append(quoted(d.hops[d.error_hop].url));
  }
  if (!m.empty()) m.append(": ");
  return m.append(d.status_detail.empty() ? to_string(d.status) : d.status_detail);
}

// Mode browser with `hops` or `request.redirect` (docs/protocol.md section
// 10): one fetch against a cache that starts empty.
answer oracle::impl::run_chain(std::string_view line, std::string_view id, std::size_t line_number) {
  problem p;
  if (!chain_inputs(kase, chain, p)) return problem_answer(line, id, p, line_number);
  if (!unchecked_json_ok(false)) return not_json(line, line_number, retrying);
  make_chain_state();
  cache_of_case->clear();
  evaluate(0);
  if (decision->status != eval_status::ok) {
    return status_answer(id, decision->status, refusal_message({}), line_number);
  }
  out.clear();
  out.begin_object().key("id").string(id);
  write_chain_members(out, *decision);
  out.end_object();
  return answer{out.view(), error_code::none};
}

// Mode browser-session (section 11): the fetches in order, sharing one
// cache. Every fetch's shape is checked before any is judged; a fetch the
// core refuses makes the whole session an error answer.
answer oracle::impl::run_session(std::string_view line, std::string_view id, std::size_t line_number) {
  problem p;
  bool report_cache = false;
  if (!session_inputs(kase, chain, report_cache, p)) return problem_answer(line, id, p, line_number);
  if (!unchecked_json_ok(false)) return not_json(line, line_number, retrying);
  make_chain_state();
  cache_of_case->clear();
  out.clear();
  out.begin_object().key("id").string(id).key("fetches").begin_array();
  const std::size_t n = kase.fetches.count;
  for (std::size_t i = 0; i < n; ++i) {
    double t = 0;
    if (!fetch_inputs(kase, i, chain, t, p)) return problem_answer(line, id, p, line_number);  // checked: cannot happen
    evaluate(t);
    if (decision->status != eval_status::ok) {
      const std::string prefix = "fetches[" + std::to_string(i) + "]";
      return status_answer(id, decision->status, refusal_message(prefix), line_number);
    }
    out.begin_object();
    write_chain_members(out, *decision);
    if (report_cache) {
      const std::size_t live = cache_of_case->live_entries(t, entries);
      write_cache_after(out, std::span<const cache_entry_view>(entries.data(), live <= entries.size() ? live : 0));
    }
    out.end_object();
  }
  out.end_array().end_object();
  return answer{out.view(), error_code::none};
}

}  // namespace corsproof::cli
