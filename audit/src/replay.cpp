// audit/src/replay.cpp — load_server_vectors, run_replay and their
// renderings (corsproof/replay.hpp).
#include "corsproof/replay.hpp"

#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <array>
#include <filesystem>
#include <fstream>
#include <map>

#include "corsproof/http.hpp"
#include "corsproof/policy_json.hpp"
#include "corsproof/server_cmd.hpp"
#include "http_client.hpp"

namespace corsproof::audit {

namespace json = boost::json;

namespace {

constexpr std::array<std::string_view, 8> policy_fields{"allow_origins",     "allow_methods",       "allow_headers",
                                                         "expose_headers",    "allow_credentials",   "max_age",
                                                         "allow_private_network", "preflight_status"};

// Headers libcurl writes itself (or that would change the framing): a
// vector giving them cannot be sent as it says.
constexpr std::array<std::string_view, 6> transport_headers{"host", "content-length", "transfer-encoding",
                                                            "connection", "expect", "te"};

// Why `r` cannot be sent over HTTP/1.1 exactly as the vector gives it.
std::optional<std::string> unsendable(const probe& r) {
  if (!is_token(r.method)) return "the method \"" + r.method + "\" is not a token";
  for (const auto& [n, v] : r.headers) {
    if (!is_token(n)) return "the header name \"" + n + "\" is not a token";
    for (const char c : v)
      if (c == '\r' || c == '\n' || c == '\0') return "the value of " + n + " holds CR, LF or NUL";
    for (std::string_view t : transport_headers)
      if (iequals(n, t)) return "the transport writes " + n + " itself";
  }
  return std::nullopt;
}

constexpr std::array<std::string_view, 7> common_methods{"GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH"};

void load_file(const std::string& path, bool all_methods, replay_load_result& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    out.error = "cannot open " + path;
    return;
  }
  std::string line;
  std::size_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    boost::system::error_code ec;
    json::value v = json::parse(line, ec);
    if (ec || !v.is_object()) {
      ++out.other_modes;
      continue;
    }
    json::object& c = v.get_object();
    const json::value* mode = c.if_contains("mode");
    if (mode == nullptr || !mode->is_string() || mode->get_string() != "server") {
      ++out.other_modes;
      continue;
    }
    std::string id = std::to_string(number);
    if (const json::value* i = c.if_contains("id"); i != nullptr && i->is_string()) id = std::string(i->get_string());
    auto skip = [&](std::string why) { out.skipped.push_back(replay_skip{id, path, number, std::move(why)}); };
    const json::value* pol = c.if_contains("policy");
    if (pol == nullptr || !pol->is_object()) {
      skip("no policy object");
      continue;
    }
    const auto parsed = policy_json::from_object(pol->get_object());
    if (!parsed.ok()) {
      skip("bad policy (corsproof refuses it): " + parsed.error);
      continue;
    }
    if (const auto compiled = compile_policy(*parsed.value); !compiled.ok()) {
      skip("bad policy (corsproof refuses it): " + compiled.error);
      continue;
    }
    const json::value* req = c.if_contains("request");
    const json::value* method = req != nullptr && req->is_object() ? req->get_object().if_contains("method") : nullptr;
    if (method == nullptr || !method->is_string()) {
      skip("no request method");
      continue;
    }
    replay_vector vec;
    vec.id = id;
    vec.file = path;
    vec.line = number;
    vec.policy = pol->get_object();
    vec.policy_text = json::serialize(vec.policy);
    vec.request.id = id;
    vec.request.method = std::string(method->get_string());
    bool bad_headers = false;
    if (const json::value* hs = req->get_object().if_contains("headers"); hs != nullptr && !hs->is_null()) {
      if (!hs->is_array()) bad_headers = true;
      else
        for (const json::value& h : hs->get_array()) {
          if (!h.is_array() || h.get_array().size() != 2 || !h.get_array()[0].is_string() ||
              !h.get_array()[1].is_string()) {
            bad_headers = true;
            break;
          }
          vec.request.headers.emplace_back(std::string(h.get_array()[0].get_string()),
                                           std::string(h.get_array()[1].get_string()));
        }
    }
    if (bad_headers) {
      skip("request.headers is not a list of [name, value] strings");
      continue;
    }
    if (auto why = unsendable(vec.request)) {
      skip("not sendable over HTTP/1.1 as given: " + *why);
      continue;
    }
    if (!all_methods &&
        std::find(common_methods.begin(), common_methods.end(), vec.request.method) == common_methods.end()) {
      skip("the method \"" + vec.request.method +
           "\" is not GET, HEAD, POST, PUT, DELETE, OPTIONS or PATCH: many HTTP servers refuse it before any CORS "
           "handling (--all-methods sends it)");
      continue;
    }
    if (const json::value* p = c.if_contains("purpose"); p != nullptr && p->is_string())
      vec.request.purpose = std::string(p->get_string());
    else if (const json::value* b = c.if_contains("bug"); b != nullptr && b->is_string())
      vec.request.purpose = std::string(b->get_string());
    out.vectors.push_back(std::move(vec));
  }
}

std::string_view state_name(replay_policy_run::state_t s) {
  switch (s) {
    case replay_policy_run::state_t::ran: return "ran";
    case replay_policy_run::state_t::not_expressible: return "not-expressible";
    case replay_policy_run::state_t::failed: return "failed";
    case replay_policy_run::state_t::filtered: return "filtered";
    case replay_policy_run::state_t::interrupted: return "interrupted";
  }
  return "ran";
}

json::array headers_json(const header_pairs& h) {
  json::array a;
  for (const auto& [n, v] : h) a.push_back(json::array{json::string(n), json::string(v)});
  return a;
}

}  // namespace

replay_load_result load_server_vectors(const std::vector<std::string>& paths, bool all_methods) {
  namespace fs = std::filesystem;
  replay_load_result out;
  std::vector<std::string> files;
  for (const std::string& p : paths) {
    std::error_code ec;
    const fs::file_status st = fs::status(p, ec);
    if (ec || !fs::exists(st)) {
      out.error = "cannot open " + p + ": " + (ec ? ec.message() : std::string("No such file or directory"));
      return out;
    }
    if (!fs::is_directory(st)) {
      files.push_back(p);
      continue;
    }
    std::vector<std::string> found;
    for (fs::recursive_directory_iterator it(p, fs::directory_options::skip_permission_denied, ec), end;
         !ec && it != end; it.increment(ec))
      if (it->path().extension() == ".jsonl" && it->is_regular_file(ec)) found.push_back(it->path().string());
    if (ec) {
      out.error = "cannot list " + p + ": " + ec.message();
      return out;
    }
    if (found.empty()) {
      out.error = "no *.jsonl file under " + p;
      return out;
    }
    std::sort(found.begin(), found.end());
    files.insert(files.end(), found.begin(), found.end());
  }
  for (const auto& f : files) {
    load_file(f, all_methods, out);
    if (!out.error.empty()) return out;
  }
  return out;
}

std::optional<policy_filter> parse_policy_filter(std::string_view text, std::string& error) {
  policy_filter f;
  f.text = std::string(text);
  std::size_t at = text.find("!=");
  std::size_t value_at = 0;
  if (at != std::string_view::npos) {
    f.equal = false;
    value_at = at + 2;
  } else {
    at = text.find('=');
    if (at == std::string_view::npos) {
      error = "expected FIELD=JSON or FIELD!=JSON, got \"" + std::string(text) + "\"";
      return std::nullopt;
    }
    value_at = at + 1;
  }
  f.field = std::string(trim_tab_or_space(text.substr(0, at)));
  if (std::find(policy_fields.begin(), policy_fields.end(), f.field) == policy_fields.end()) {
    error = "unknown policy field \"" + f.field + "\" (expected one of allow_origins, allow_methods, allow_headers, "
            "expose_headers, allow_credentials, max_age, allow_private_network, preflight_status)";
    return std::nullopt;
  }
  boost::system::error_code ec;
  f.value = json::parse(text.substr(value_at), ec);
  if (ec) {
    error = "the value after " + std::string(f.equal ? "=" : "!=") + " is not JSON: \"" +
            std::string(text.substr(value_at)) + "\" (write strings in double quotes)";
    return std::nullopt;
  }
  return f;
}

bool policy_passes(const json::object& policy, const std::vector<policy_filter>& filters) {
  for (const auto& f : filters) {
    const json::value* v = policy.if_contains(f.field);
    const json::value actual = v == nullptr ? json::value(nullptr) : *v;
    bool same = actual == f.value;
    // 600 and 600.0 are one number.
    if (!same && actual.is_number() && f.value.is_number()) same = actual.to_number<double>() == f.value.to_number<double>();
    if (same != f.equal) return false;
  }
  return true;
}

std::size_t replay_report::answered() const noexcept {
  return static_cast<std::size_t>(std::count_if(outcomes.begin(), outcomes.end(), [](const replay_outcome& o) {
    return o.failure == failure_kind::none;
  }));
}

std::size_t replay_report::conforming() const noexcept {
  return static_cast<std::size_t>(std::count_if(outcomes.begin(), outcomes.end(), [](const replay_outcome& o) {
    return o.failure == failure_kind::none && o.ex.audit.conforms;
  }));
}

std::size_t replay_report::failed() const noexcept { return outcomes.size() - answered(); }

std::size_t replay_report::errors() const noexcept {
  std::size_t n = 0;
  for (const auto& o : outcomes)
    if (o.failure == failure_kind::none) n += o.ex.audit.error_count();
  return n;
}

std::size_t replay_report::warnings() const noexcept {
  std::size_t n = 0;
  for (const auto& o : outcomes)
    if (o.failure == failure_kind::none) n += o.ex.audit.warning_count();
  return n;
}

std::size_t replay_report::count(replay_policy_run::state_t s) const noexcept {
  return static_cast<std::size_t>(
      std::count_if(runs.begin(), runs.end(), [s](const replay_policy_run& r) { return r.state == s; }));
}

std::size_t replay_report::vectors_in(replay_policy_run::state_t s) const noexcept {
  std::size_t n = 0;
  for (const auto& r : runs)
    if (r.state == s) n += r.vectors.size();
  return n;
}

bool replay_report::conforms() const noexcept {
  return !interrupted && count(replay_policy_run::state_t::failed) == 0 && failed() == 0 && errors() == 0;
}

replay_report run_replay(const std::vector<replay_vector>& vectors, const std::string& command,
                         const replay_options& options) {
  replay_report report;
  report.command = command;
  // One run per distinct policy, in order of first appearance.
  std::map<std::string, std::size_t> index;
  for (const auto& v : vectors) {
    auto [it, fresh] = index.emplace(v.policy_text, report.runs.size());
    if (fresh) {
      replay_policy_run run;
      run.policy_text = v.policy_text;
      run.state = policy_passes(v.policy, options.filters) ? replay_policy_run::state_t::ran
                                                           : replay_policy_run::state_t::filtered;
      report.runs.push_back(std::move(run));
    }
    report.runs[it->second].vectors.push_back(&v);
  }
  auto stopped = [&] { return options.stop != nullptr && options.stop->load(std::memory_order_relaxed); };
  if (const auto why = live_http_unavailable()) {
    for (auto& run : report.runs)
      if (run.state == replay_policy_run::state_t::ran) {
        run.state = replay_policy_run::state_t::failed;
        run.message = *why;
      }
    return report;
  }
  std::size_t done = 0;
  for (auto& run : report.runs) {
    ++done;
    if (run.state == replay_policy_run::state_t::filtered) continue;
    if (stopped()) {
      run.state = replay_policy_run::state_t::interrupted;
      report.interrupted = true;
      continue;
    }
    adapter_options ao;
    ao.startup_timeout = options.startup_timeout;
    ao.grace = options.grace;
    int status_used = 0;
    const std::unique_ptr<adapter_process> started = start_adapter(command, run.policy_text, ao, status_used);
    adapter_process& server = *started;
    run.preflight_status_used = status_used;
    if (server.state() == adapter_state::not_expressible) {
      run.state = replay_policy_run::state_t::not_expressible;
      run.message = server.message();
    } else if (server.state() != adapter_state::running) {
      run.state = replay_policy_run::state_t::failed;
      run.message = server.message();
    } else {
      const std::string url = server.url();
      const replay_vector& first = *run.vectors.front();
      const auto parsed = policy_json::from_object(first.policy);
      const auto compiled = compile_policy(*parsed.value);  // load_server_vectors checked both
      std::vector<const probe*> reqs;
      for (const auto* v : run.vectors) reqs.push_back(&v->request);
      std::vector<detail::http_answer> answers;
      {  // the connections are closed before the server is stopped
        detail::http_client client(url, detail::client_options{options.concurrency, options.timeout, 1 << 20, {}});
        answers = client.send_all(reqs, options.stop);
      }
      bool any_answer = false;
      for (std::size_t i = 0; i < run.vectors.size(); ++i) {
        const auto& a = answers[i];
        if (a.failure == failure_kind::interrupted) {
          report.interrupted = true;
          continue;
        }
        replay_outcome o;
        o.vector = run.vectors[i];
        o.url = url;
        o.failure = a.failure;
        o.error = a.error;
        o.ex.request = run.vectors[i]->request;
        o.ex.status = a.status;
        o.ex.headers = a.headers;
        if (a.failure == failure_kind::none) {
          any_answer = true;
          const std::vector<header_view> req = views(o.ex.request.headers);
          const std::vector<header_view> obs = views(a.headers);
          o.ex.audit = audit_answer(*compiled.value, o.ex.request.method,
                                    header_list(req.data(), req.size()), a.status, header_list(obs.data(), obs.size()));
          if (o.ex.audit.status != eval_status::ok) {
            o.failure = failure_kind::too_large;
            o.error = o.ex.audit.error;
          }
        }
        report.outcomes.push_back(std::move(o));
      }
      if (!any_answer && !answers.empty() && answers.front().failure != failure_kind::interrupted) {
        const auto gone = server.exited();
        run.state = replay_policy_run::state_t::failed;
        run.message = server.describe(gone ? *gone + " during the run" : "is running but answered no request (" +
                                                                             answers.front().error + ")");
      }
      run.stopped_gently = server.stop();
      if (!run.stopped_gently && run.state == replay_policy_run::state_t::ran) {
        run.state = replay_policy_run::state_t::failed;
        run.message = server.describe("did not stop on SIGTERM within the grace period (SIGKILL sent)");
      }
    }
    if (options.progress) options.progress(done, report.runs.size());
  }
  return report;
}

namespace {

struct group {
  std::string code;
  severity level;
  std::vector<const replay_outcome*> outcomes;
  std::string first_detail;
};

std::vector<group> group_findings(const replay_report& r) {
  std::vector<group> groups;
  for (const auto& o : r.outcomes) {
    if (o.failure != failure_kind::none) continue;
    for (const auto& f : o.ex.audit.findings) {
      auto it = std::find_if(groups.begin(), groups.end(),
                             [&](const group& g) { return g.code == f.code && g.level == f.level; });
      if (it == groups.end()) groups.push_back(group{f.code, f.level, {&o}, f.detail});
      else if (it->outcomes.back() != &o) it->outcomes.push_back(&o);
    }
  }
  std::stable_sort(groups.begin(), groups.end(), [](const group& a, const group& b) {
    if (a.level != b.level) return a.level == severity::error;
    return a.outcomes.size() > b.outcomes.size();
  });
  return groups;
}

std::string ids(const std::vector<const replay_outcome*>& os, std::size_t max) {
  std::string s;
  for (std::size_t i = 0; i < os.size() && i < max; ++i) s += (i ? ", " : "") + os[i]->vector->id;
  if (os.size() > max) s += ", and " + std::to_string(os.size() - max) + " more";
  return s;
}

}  // namespace

std::string render_replay_text(const replay_report& r, bool verbose) {
  using st = replay_policy_run::state_t;
  std::string out;
  for (const auto& run : r.runs) {
    if (run.state == st::failed) {
      out += "failed to run the server for " + std::to_string(run.vectors.size()) + " vectors (" +
             run.vectors.front()->id + ", ...): " + run.message + "\n  policy: " + run.policy_text + "\n";
    }
  }
  if (verbose)
    for (const auto& run : r.runs)
      if (run.state == st::not_expressible)
        out += "not expressible (" + std::to_string(run.vectors.size()) + " vectors, " + run.vectors.front()->id +
               ", ...): " + run.message + "\n  policy: " + run.policy_text + "\n";
  for (const group& g : group_findings(r)) {
    out += std::string(to_string(g.level)) + " " + g.code + " (" + std::to_string(g.outcomes.size()) +
           (g.outcomes.size() == 1 ? " vector): " : " vectors): ") + ids(g.outcomes, 8) + "\n";
    const replay_outcome& o = *g.outcomes.front();
    out += "  " + o.vector->id + " (" + o.vector->file + ":" + std::to_string(o.vector->line) + "): " + g.first_detail +
           "\n";
    out += "  reproduce: " + curl_command(o.url, o.ex.request, {}) + "   (server started for that vector's policy)\n";
  }
  std::map<failure_kind, std::vector<const replay_outcome*>> failures;
  for (const auto& o : r.outcomes)
    if (o.failure != failure_kind::none) failures[o.failure].push_back(&o);
  for (const auto& [kind, os] : failures)
    out += "failure " + std::string(to_string(kind)) + " (" + std::to_string(os.size()) + " vectors): " + ids(os, 8) +
           "\n  " + os.front()->vector->id + ": " + os.front()->error + "\n";
  if (verbose)
    for (const auto& s : r.skipped) out += "skipped " + s.id + " (" + s.file + ":" + std::to_string(s.line) + "): " + s.reason + "\n";
  const std::size_t sent = r.outcomes.size();
  out += "summary: " + std::to_string(sent) + " vectors replayed through --server-cmd " + shell_quote(r.command) +
         " (" + std::to_string(r.count(st::ran)) + " policies): " + std::to_string(r.answered()) + " answered, " +
         std::to_string(r.conforming()) + " conforming, " + std::to_string(r.answered() - r.conforming()) +
         " not conforming, " + std::to_string(r.failed()) + " failed; " + std::to_string(r.errors()) + " errors, " +
         std::to_string(r.warnings()) + " warnings; not expressible: " + std::to_string(r.vectors_in(st::not_expressible)) +
         " vectors (" + std::to_string(r.count(st::not_expressible)) + " policies)";
  if (r.count(st::filtered) > 0)
    out += "; filtered out: " + std::to_string(r.vectors_in(st::filtered)) + " vectors (" +
           std::to_string(r.count(st::filtered)) + " policies)";
  std::size_t swapped = 0;
  for (const auto& run : r.runs) swapped += run.state == st::ran && run.preflight_status_used != 0 ? 1 : 0;
  if (swapped > 0)
    out += "; " + std::to_string(swapped) +
           " policies run with the adapter's own preflight_status (200 and 204 are judged alike)";
  if (r.count(st::failed) > 0)
    out += "; server failed: " + std::to_string(r.vectors_in(st::failed)) + " vectors (" +
           std::to_string(r.count(st::failed)) + " policies)";
  out += "; skipped: " + std::to_string(r.skipped.size()) + " vectors" +
         (r.interrupted ? "; interrupted" : "") + "; " + (r.conforms() ? "conforms" : "does not conform") + "\n";
  return out;
}

json::object replay_report_to_json(const replay_report& r) {
  using st = replay_policy_run::state_t;
  json::object o;
  o["command"] = r.command;
  o["conforms"] = r.conforms();
  o["interrupted"] = r.interrupted;
  o["summary"] = json::object{{"vectors", r.outcomes.size()},
                              {"answered", r.answered()},
                              {"conforming", r.conforming()},
                              {"failed", r.failed()},
                              {"errors", r.errors()},
                              {"warnings", r.warnings()},
                              {"policies_run", r.count(st::ran)},
                              {"policies_not_expressible", r.count(st::not_expressible)},
                              {"vectors_not_expressible", r.vectors_in(st::not_expressible)},
                              {"policies_filtered", r.count(st::filtered)},
                              {"vectors_filtered", r.vectors_in(st::filtered)},
                              {"policies_failed", r.count(st::failed)},
                              {"vectors_failed", r.vectors_in(st::failed)},
                              {"skipped", r.skipped.size()}};
  json::array policies;
  for (const auto& run : r.runs) {
    json::array ids;
    for (const auto* v : run.vectors) ids.push_back(json::string(v->id));
    json::object p{{"policy", run.vectors.front()->policy}, {"state", std::string(state_name(run.state))}, {"vectors", ids}};
    if (!run.message.empty()) p["message"] = run.message;
    if (run.preflight_status_used != 0) p["preflight_status_used"] = run.preflight_status_used;
    policies.push_back(std::move(p));
  }
  o["policies"] = std::move(policies);
  json::array vs;
  for (const auto& oc : r.outcomes) {
    json::object v{{"id", oc.vector->id},
                   {"file", oc.vector->file},
                   {"line", oc.vector->line},
                   {"request", json::object{{"method", oc.ex.request.method}, {"headers", headers_json(oc.ex.request.headers)}}}};
    if (oc.failure != failure_kind::none) {
      v["failure"] = std::string(to_string(oc.failure));
      v["error"] = oc.error;
    } else {
      v["observed"] = json::object{{"status", oc.ex.status}, {"headers", headers_json(oc.ex.headers)}};
      v["kind"] = std::string(to_string(oc.ex.audit.kind));
      v["policy_allows"] = oc.ex.audit.policy_allows;
      v["conforms"] = oc.ex.audit.conforms;
      json::array fs;
      for (const auto& f : oc.ex.audit.findings)
        fs.push_back(json::object{{"code", f.code}, {"severity", std::string(to_string(f.level))}, {"detail", f.detail}});
      v["findings"] = std::move(fs);
      v["reproduce"] = curl_command(oc.url, oc.ex.request, {});
    }
    vs.push_back(std::move(v));
  }
  o["vectors"] = std::move(vs);
  json::array sk;
  for (const auto& s : r.skipped)
    sk.push_back(json::object{{"id", s.id}, {"file", s.file}, {"line", s.line}, {"reason", s.reason}});
  o["skipped"] = std::move(sk);
  return o;
}

}  // namespace corsproof::audit
