// cli/src/oracle.cpp — see oracle.hpp. Reading a case (JSON -> core views)
// and writing an answer (core decision -> JSON); no CORS rule lives here.
#include "oracle.hpp"

#include "corsproof/audit.hpp"
#include "corsproof/audit_json.hpp"
#include "corsproof/policy_json.hpp"

#include <array>
#include <boost/json/monotonic_resource.hpp>
#include <boost/json/parser.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/serializer.hpp>
#include <boost/json/value.hpp>
#include <charconv>
#include <exception>
#include <functional>
#include <limits>
#include <new>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "corsproof/corsproof.hpp"

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
using corsproof::policy_json::type_name;

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

// ---- Policy cache -------------------------------------------------------------

struct cached_policy {
  std::optional<corsproof::policy> compiled;
  std::string error;  // the bad-policy message when !compiled
};

struct string_hash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};

// Compiled policies keyed by the policy object's compact JSON. Refusals are
// cached too (the same bad policy tends to repeat as well). FIFO eviction.
class policy_cache {
 public:
  explicit policy_cache(std::size_t capacity) : capacity_(capacity) {
    map_.reserve(capacity);
    order_.reserve(capacity);
  }

  const cached_policy* find(std::string_view key) const {
    auto it = map_.find(key);
    return it == map_.end() ? nullptr : &it->second;
  }

  // Stores `value` under `key` and returns it. Valid until the next insert.
  // Keys over max_key_bytes are not kept: a few huge policies must not pin
  // hundreds of megabytes.
  const cached_policy& insert(std::string_view key, cached_policy value) {
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
};

// ---- Reading a case -----------------------------------------------------------

// Collects the first refusal of a case: a code and a message naming the field.
struct refusal {
  error_code code = error_code::none;
  std::string message;

  bool fail(error_code c, std::string m) {
    code = c;
    message = std::move(m);
    return false;
  }
};

const json::value* member(const json::object& o, std::string_view key) noexcept {
  const json::value* v = o.if_contains(key);
  return (v != nullptr && v->is_null()) ? nullptr : v;  // null means absent for optional fields
}

bool read_string(const json::value* v, std::string_view field, bool required, std::string_view& out,
                 refusal& r) {
  if (v == nullptr) {
    if (required) return r.fail(error_code::bad_case, std::string(field).append(": required, a string"));
    return true;
  }
  if (!v->is_string()) {
    return r.fail(error_code::bad_case, std::string(field).append(": expected a string").append(got(*v)));
  }
  const json::string& s = v->get_string();
  out = std::string_view(s.data(), s.size());
  return true;
}

// An array of [name, value] pairs of strings; absent means no header.
bool read_headers(const json::value* v, std::string_view field, std::vector<header_view>& out, refusal& r) {
  out.clear();
  if (v == nullptr) return true;
  if (!v->is_array()) {
    return r.fail(error_code::bad_case,
                  std::string(field).append(": expected an array of [name, value] pairs").append(got(*v)));
  }
  const json::array& a = v->get_array();
  out.reserve(a.size());
  std::size_t i = 0;
  for (const json::value& e : a) {
    const json::array* pair = e.if_array();
    if (pair == nullptr || pair->size() != 2 || !(*pair)[0].is_string() || !(*pair)[1].is_string()) {
      std::array<char, 24> buf{};
      std::string m(field);
      m.append("[").append(format_int(buf, i)).append("]: expected a [name, value] pair of strings, got ");
      m.append(json::serialize(e).substr(0, 200));
      return r.fail(error_code::bad_case, std::move(m));
    }
    const json::string& n = (*pair)[0].get_string();
    const json::string& val = (*pair)[1].get_string();
    out.push_back(header_view{std::string_view(n.data(), n.size()), std::string_view(val.data(), val.size())});
    ++i;
  }
  return true;
}

bool check_keys(const json::object& o, std::string_view field, std::initializer_list<std::string_view> known,
                refusal& r) {
  for (const auto& kv : o) {
    bool ok = false;
    for (std::string_view k : known) ok = ok || kv.key() == k;
    if (!ok) {
      std::string m(field);
      m.append(": unknown key ").append(quoted(kv.key())).append(" (expected");
      const char* sep = " ";
      for (std::string_view k : known) {
        m.append(sep).append(k);
        sep = ", ";
      }
      m.append(")");
      return r.fail(error_code::bad_case, std::move(m));
    }
  }
  return true;
}

bool read_status(const json::value* v, std::string_view field, int& out, refusal& r) {
  if (v == nullptr) return r.fail(error_code::bad_case, std::string(field).append(": required, an integer 0..999"));
  if ((v->is_int64() && v->get_int64() >= 0 && v->get_int64() <= 999) ||
      (v->is_uint64() && v->get_uint64() <= 999)) {
    out = static_cast<int>(v->to_number<std::int64_t>());
    return true;
  }
  if (v->is_int64() || v->is_uint64()) {
    return r.fail(error_code::bad_case,
                  std::string(field).append(": ").append(number_text(*v)).append(" is not in 0..999"));
  }
  return r.fail(error_code::bad_case, std::string(field).append(": expected an integer 0..999").append(got(*v)));
}

bool read_response(const json::value* v, std::string_view field, std::vector<header_view>& headers,
                   http_response& out, refusal& r) {
  if (!v->is_object()) {
    return r.fail(error_code::bad_case, std::string(field).append(": expected an object").append(got(*v)));
  }
  const json::object& o = v->get_object();
  if (!check_keys(o, field, {"status", "headers"}, r)) return false;
  if (!read_status(member(o, "status"), std::string(field).append(".status"), out.status, r)) return false;
  if (!read_headers(member(o, "headers"), std::string(field).append(".headers"), headers, r)) return false;
  out.headers = header_list(headers.data(), headers.size());
  return true;
}

}  // namespace

// ---- The oracle -----------------------------------------------------------------

struct oracle::impl {
  explicit impl(std::size_t cache_entries)
      : arena(arena_bytes.data(), arena_bytes.size()),
        parser(json::storage_ptr(), json::parse_options(), parser_bytes.data(), parser_bytes.size()),
        cache(cache_entries),
        core_out(std::make_unique<char[]>(core_out_bytes)) {
    out.reserve(4096);
    key.reserve(1024);
  }

  // Per-line JSON memory: released at the start of every line.
  std::array<unsigned char, 64 * 1024> arena_bytes{};
  json::monotonic_resource arena;
  std::array<unsigned char, 4096> parser_bytes{};
  json::parser parser;
  json::serializer serializer;

  std::string out;  // the answer text
  std::string key;  // the policy cache key
  policy_cache cache;
  std::uint64_t hits = 0;
  std::uint64_t misses = 0;

  std::vector<header_view> request_headers;
  std::vector<header_view> preflight_headers;
  std::vector<header_view> response_headers;
  static constexpr std::size_t core_out_bytes =
      browser_output_capacity > server_output_capacity ? browser_output_capacity : server_output_capacity;
  std::unique_ptr<char[]> core_out;

  std::array<char, 24> line_id{};  // the line number as text: the id of cases without one

  // Serializes `o` into `out`.
  void emit(const json::object& o) {
    out.clear();
    serializer.reset(&o);
    std::array<char, 4096> buf;
    while (!serializer.done()) {
      json::string_view part = serializer.read(buf.data(), buf.size());
      out.append(part.data(), part.size());
    }
  }

  answer error_answer(std::string_view id, error_code code, std::string_view message, std::size_t line_number) {
    json::storage_ptr sp(&arena);
    json::object e(sp);
    e.reserve(3);
    e.emplace("code", to_string(code));
    e.emplace("message", json::string_view(message.data(), message.size()));
    e.emplace("line", static_cast<std::uint64_t>(line_number));
    json::object a(sp);
    a.reserve(2);
    a.emplace("id", json::string_view(id.data(), id.size()));
    a.emplace("error", std::move(e));
    emit(a);
    return answer{out, code};
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

  answer run(std::string_view line, std::size_t line_number);
  bool read_policy_and_request(const json::object& c, const json::object*& policy, server_request& request,
                               refusal& r);
  answer run_server(const json::object& c, std::string_view id, std::size_t line_number);
  answer run_browser(const json::object& c, std::string_view id, std::size_t line_number);
  answer run_audit(const json::object& c, std::string_view id, std::size_t line_number);
  const cached_policy& policy_for(const json::object& p);
};

oracle::oracle(std::size_t policy_cache_entries) : impl_(std::make_unique<impl>(policy_cache_entries)) {}
oracle::~oracle() = default;

policy_cache_stats oracle::cache_stats() const noexcept {
  return policy_cache_stats{impl_->hits, impl_->misses, impl_->cache.size()};
}

answer oracle::answer_line(std::string_view line, std::size_t line_number) noexcept {
  impl& m = *impl_;
  // Drop what the parser may hold from the previous line, then the memory.
  m.parser.reset(json::storage_ptr(&m.arena));
  m.arena.release();
  try {
    return m.run(line, line_number);
  } catch (const std::bad_alloc&) {
    m.parser.reset(json::storage_ptr(&m.arena));
    m.arena.release();
    try {
      std::array<char, 24> buf{};
      return m.error_answer(format_int(buf, line_number), error_code::too_large,
                            "out of memory while answering this line", line_number);
    } catch (...) {
    }
  } catch (const std::exception& e) {
    m.parser.reset(json::storage_ptr(&m.arena));
    m.arena.release();
    try {
      std::array<char, 24> buf{};
      return m.error_answer(format_int(buf, line_number), error_code::bad_case,
                            std::string("internal error (please report): ").append(e.what()), line_number);
    } catch (...) {
    }
  }
  // Last resort: nothing could be allocated. `out` keeps its capacity.
  m.out.assign(R"({"id":"?","error":{"code":"too-large","message":"out of memory","line":0}})");
  return answer{m.out, error_code::too_large};
}

answer oracle::answer_too_large(std::size_t line_number, std::size_t bytes) noexcept {
  impl& m = *impl_;
  m.parser.reset(json::storage_ptr(&m.arena));
  m.arena.release();
  try {
    std::array<char, 24> id{};
    std::array<char, 24> n{};
    std::string msg("the line has ");
    msg.append(format_int(n, bytes)).append(" bytes, more than the limit of 1048576 (1 MiB)");
    return m.error_answer(format_int(id, line_number), error_code::too_large, msg, line_number);
  } catch (...) {
    m.out.assign(R"({"id":"?","error":{"code":"too-large","message":"out of memory","line":0}})");
    return answer{m.out, error_code::too_large};
  }
}

answer oracle::impl::run(std::string_view line, std::size_t line_number) {
  const std::string_view line_id_text = format_int(line_id, line_number);
  if (line.size() > max_line_bytes) {
    std::array<char, 24> n{};
    std::string msg("the line has ");
    msg.append(format_int(n, line.size())).append(" bytes, more than the limit of 1048576 (1 MiB)");
    return error_answer(line_id_text, error_code::too_large, msg, line_number);
  }

  boost::system::error_code ec;
  const std::size_t consumed = parser.write(line.data(), line.size(), ec);
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
  const json::value doc = parser.release();
  if (!doc.is_object()) {
    return error_answer(line_id_text, error_code::bad_case,
                        std::string("a case is a JSON object").append(got(doc)), line_number);
  }
  const json::object& c = doc.get_object();

  std::string_view id = line_id_text;
  if (const json::value* v = c.if_contains("id")) {
    if (!v->is_string()) {
      return error_answer(line_id_text, error_code::bad_case, std::string("id: expected a string").append(got(*v)),
                          line_number);
    }
    id = std::string_view(v->get_string().data(), v->get_string().size());
  }

  const json::value* mode = c.if_contains("mode");
  if (mode == nullptr) {
    return error_answer(id, error_code::bad_case, "mode: required, one of \"server\", \"browser\", \"audit\"",
                        line_number);
  }
  if (!mode->is_string()) {
    return error_answer(id, error_code::bad_case, std::string("mode: expected a string").append(got(*mode)),
                        line_number);
  }
  const json::string& mode_name = mode->get_string();
  if (mode_name == "server") return run_server(c, id, line_number);
  if (mode_name == "browser") return run_browser(c, id, line_number);
  if (mode_name == "audit") return run_audit(c, id, line_number);
  return error_answer(id, error_code::bad_case,
                      std::string("mode: unknown mode ")
                          .append(quoted(std::string_view(mode_name.data(), mode_name.size())))
                          .append(" (expected \"server\", \"browser\" or \"audit\")"),
                      line_number);
}

const cached_policy& oracle::impl::policy_for(const json::object& p) {
  key.clear();
  serializer.reset(&p);
  std::array<char, 4096> buf;
  while (!serializer.done()) {
    json::string_view part = serializer.read(buf.data(), buf.size());
    key.append(part.data(), part.size());
  }
  if (const cached_policy* hit = cache.find(key)) {
    ++hits;
    return *hit;
  }
  ++misses;
  cached_policy entry;
  policy_json::parse_result parsed = policy_json::from_object(p, "policy.");
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
  return cache.insert(key, std::move(entry));
}

// The `policy` object and the `request` of a server or audit case (oracle
// protocol "Mode server", "Mode audit"): false, with `r` saying why, when one
// is missing or of the wrong type. The request's headers live in
// request_headers.
bool oracle::impl::read_policy_and_request(const json::object& c, const json::object*& policy,
                                           server_request& request, refusal& r) {
  const json::value* p = c.if_contains("policy");
  if (p == nullptr) return r.fail(error_code::bad_case, "policy: required, an object");
  if (!p->is_object()) return r.fail(error_code::bad_case, std::string("policy: expected an object").append(got(*p)));
  const json::value* rq = c.if_contains("request");
  if (rq == nullptr) return r.fail(error_code::bad_case, "request: required, an object");
  if (!rq->is_object()) return r.fail(error_code::bad_case, std::string("request: expected an object").append(got(*rq)));
  const json::object& ro = rq->get_object();
  if (!check_keys(ro, "request", {"method", "headers"}, r) ||
      !read_string(member(ro, "method"), "request.method", true, request.method, r) ||
      !read_headers(member(ro, "headers"), "request.headers", request_headers, r))
    return false;
  request.headers = header_list(request_headers.data(), request_headers.size());
  policy = &p->get_object();
  return true;
}

answer oracle::impl::run_server(const json::object& c, std::string_view id, std::size_t line_number) {
  refusal r;
  const json::object* policy = nullptr;
  server_request request;
  if (!read_policy_and_request(c, policy, request, r)) return error_answer(id, r.code, r.message, line_number);

  const cached_policy& pol = policy_for(*policy);
  if (!pol.compiled) return error_answer(id, error_code::bad_policy, pol.error, line_number);

  const server_decision d = evaluate_server(*pol.compiled, request, std::span<char>(core_out.get(), core_out_bytes));
  if (d.status != eval_status::ok) {
    // The server side has one bound: the number of request headers.
    const std::string bound = std::string("request.headers: more than ")
                                  .append(std::to_string(max_server_request_headers))
                                  .append(" header pairs (corsproof's bound for server mode)");
    return status_answer(id, d.status, d.status_detail.empty() ? std::string_view(bound) : d.status_detail, line_number);
  }

  json::storage_ptr sp(&arena);
  json::array headers(sp);
  headers.reserve(d.header_count);
  for (const header_view& h : d.headers()) {
    json::array pair(sp);
    pair.reserve(2);
    pair.emplace_back(json::string_view(h.name.data(), h.name.size()));
    pair.emplace_back(json::string_view(h.value.data(), h.value.size()));
    headers.emplace_back(std::move(pair));
  }
  json::object a(sp);
  a.reserve(7);
  a.emplace("id", json::string_view(id.data(), id.size()));
  a.emplace("kind", to_string(d.kind));
  a.emplace("allowed", d.allowed);
  a.emplace("reason", to_string(d.reason));
  if (!d.detail.empty()) a.emplace("detail", json::string_view(d.detail.data(), d.detail.size()));
  if (d.kind == request_kind::preflight) a.emplace("status", d.http_status);
  a.emplace("headers", std::move(headers));
  emit(a);
  return answer{out, error_code::none};
}

// Mode audit: a real server's observed answer judged against the policy
// (corsproof_audit does the judging; this only reads and writes JSON).
answer oracle::impl::run_audit(const json::object& c, std::string_view id, std::size_t line_number) {
  refusal r;
  const json::object* policy = nullptr;
  server_request request;
  if (!read_policy_and_request(c, policy, request, r)) return error_answer(id, r.code, r.message, line_number);
  const json::value* ob = c.if_contains("observed");
  if (ob == nullptr) return error_answer(id, error_code::bad_case, "observed: required, an object", line_number);
  http_response observed;
  if (!read_response(ob, "observed", response_headers, observed, r)) return error_answer(id, r.code, r.message, line_number);

  const cached_policy& pol = policy_for(*policy);
  if (!pol.compiled) return error_answer(id, error_code::bad_policy, pol.error, line_number);
  const audit::audit_result result =
      audit::audit_answer(*pol.compiled, request.method, request.headers, observed.status, observed.headers);
  if (result.status != eval_status::ok) return status_answer(id, result.status, result.error, line_number);
  json::object fields = audit::audit_fields(result);
  json::storage_ptr sp(&arena);
  json::object a(sp);
  a.reserve(fields.size() + 1);
  a.emplace("id", json::string_view(id.data(), id.size()));
  for (auto& kv : fields) a.emplace(kv.key(), std::move(kv.value()));
  emit(a);
  return answer{out, error_code::none};
}

answer oracle::impl::run_browser(const json::object& c, std::string_view id, std::size_t line_number) {
  refusal r;
  const json::value* rq = c.if_contains("request");
  if (rq == nullptr) return error_answer(id, error_code::bad_case, "request: required, an object", line_number);
  if (!rq->is_object()) {
    return error_answer(id, error_code::bad_case, std::string("request: expected an object").append(got(*rq)),
                        line_number);
  }
  const json::object& ro = rq->get_object();
  browser_exchange x;
  browser_request& req = x.request;
  std::string_view credentials = "same-origin";
  if (!check_keys(ro, "request", {"origin", "url", "method", "headers", "credentials", "private_network"}, r) ||
      !read_string(member(ro, "origin"), "request.origin", true, req.origin, r) ||
      !read_string(member(ro, "url"), "request.url", true, req.url, r) ||
      !read_string(member(ro, "method"), "request.method", true, req.method, r) ||
      !read_headers(member(ro, "headers"), "request.headers", request_headers, r) ||
      !read_string(member(ro, "credentials"), "request.credentials", false, credentials, r)) {
    return error_answer(id, r.code, r.message, line_number);
  }
  req.headers = header_list(request_headers.data(), request_headers.size());
  if (credentials == "omit") {
    req.credentials = credentials_mode::omit;
  } else if (credentials == "same-origin") {
    req.credentials = credentials_mode::same_origin;
  } else if (credentials == "include") {
    req.credentials = credentials_mode::include;
  } else {
    return error_answer(id, error_code::bad_case,
                        std::string("request.credentials: expected \"omit\", \"same-origin\" or \"include\", got ")
                            .append(quoted(credentials)),
                        line_number);
  }
  if (const json::value* pn = member(ro, "private_network")) {
    if (!pn->is_bool()) {
      return error_answer(id, error_code::bad_case,
                          std::string("request.private_network: expected true or false").append(got(*pn)),
                          line_number);
    }
    req.private_network = pn->get_bool();
  }

  http_response preflight;
  http_response response;
  if (const json::value* v = member(c, "preflight_response")) {
    if (!read_response(v, "preflight_response", preflight_headers, preflight, r)) {
      return error_answer(id, r.code, r.message, line_number);
    }
    x.preflight_response = &preflight;
  }
  if (const json::value* v = member(c, "response")) {
    if (!read_response(v, "response", response_headers, response, r)) {
      return error_answer(id, r.code, r.message, line_number);
    }
    x.response = &response;
  }

  const browser_decision d = evaluate_browser(x, std::span<char>(core_out.get(), core_out_bytes));
  if (d.status != eval_status::ok) return status_answer(id, d.status, d.status_detail, line_number);

  json::storage_ptr sp(&arena);
  json::object a(sp);
  a.reserve(7);
  a.emplace("id", json::string_view(id.data(), id.size()));
  a.emplace("needs_preflight", d.needs_preflight);
  if (d.needs_preflight) {
    json::object pf(sp);
    pf.reserve(6);
    pf.emplace("method", json::string_view(d.preflight_method.data(), d.preflight_method.size()));
    if (d.has_preflight_request_headers) {
      pf.emplace("request_headers",
                 json::string_view(d.preflight_request_headers.data(), d.preflight_request_headers.size()));
    } else {
      pf.emplace("request_headers", nullptr);
    }
    pf.emplace("ok", d.preflight_ok);
    if (d.preflight_error == browser_error::none) {
      pf.emplace("error", nullptr);
    } else {
      pf.emplace("error", to_string(d.preflight_error));
    }
    if (d.has_max_age) {
      pf.emplace("max_age", d.max_age);
    } else {
      pf.emplace("max_age", nullptr);
    }
    if (d.preflight_private_network) pf.emplace("private_network", true);
    a.emplace("preflight", std::move(pf));
  } else {
    a.emplace("preflight", nullptr);
  }
  if (d.cors_check_done) {
    json::object cc(sp);
    cc.reserve(2);
    cc.emplace("ok", d.cors_check_ok);
    if (d.cors_check_error == browser_error::none) {
      cc.emplace("error", nullptr);
    } else {
      cc.emplace("error", to_string(d.cors_check_error));
    }
    a.emplace("cors_check", std::move(cc));
  } else {
    a.emplace("cors_check", nullptr);
  }
  if (d.has_exposed) {
    json::array names(sp);
    names.reserve(d.exposed.count);
    for (std::string_view n : d.exposed.view()) names.emplace_back(json::string_view(n.data(), n.size()));
    a.emplace("exposed_headers", std::move(names));
  } else {
    a.emplace("exposed_headers", nullptr);
  }
  a.emplace("outcome", to_string(d.outcome));
  if (!d.detail.empty()) a.emplace("detail", json::string_view(d.detail.data(), d.detail.size()));
  emit(a);
  return answer{out, error_code::none};
}

}  // namespace corsproof::cli
