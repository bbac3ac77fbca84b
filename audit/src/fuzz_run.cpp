// audit/src/fuzz_run.cpp — run_fuzz: generate, send, judge, shrink
// (corsproof/fuzz.hpp); the text, JSON and JSON Lines renderings.
#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <cstdio>
#include <map>
#include <tuple>

#include "corsproof/fuzz.hpp"
#include "corsproof/generate.hpp"
#include "corsproof/shrink.hpp"
#include "http_client.hpp"

namespace corsproof::audit {

namespace json = boost::json;

std::string_view to_string(failure_kind k) noexcept {
  switch (k) {
    case failure_kind::none: return "none";
    case failure_kind::connection_refused: return "connection-refused";
    case failure_kind::connection_closed: return "connection-closed";
    case failure_kind::timeout: return "timeout";
    case failure_kind::garbage: return "garbage";
    case failure_kind::server_error: return "server-error";
    case failure_kind::too_large: return "too-large";
    case failure_kind::not_loopback: return "not-loopback";
    case failure_kind::interrupted: return "interrupted";
    case failure_kind::other: return "other";
  }
  return "other";
}

std::size_t fuzz_report::errors() const noexcept {
  return static_cast<std::size_t>(
      std::count_if(findings.begin(), findings.end(), [](const fuzz_finding& f) { return f.level == severity::error; }));
}

std::size_t fuzz_report::warnings() const noexcept { return findings.size() - errors(); }

std::size_t fuzz_report::failed() const noexcept {
  std::size_t n = 0;
  for (const auto& f : failures)
    if (f.kind != failure_kind::interrupted) n += f.count;
  return n;
}

double fuzz_report::requests_per_second() const noexcept {
  const double s = static_cast<double>(elapsed.count()) / 1000.0;
  return s <= 0 ? 0.0 : static_cast<double>(requests + shrink_requests) / s;
}

bool fuzz_report::conforms() const noexcept {
  return refused.empty() && unreachable.empty() && errors() == 0 && failed() == 0;
}

namespace {

using clock_type = std::chrono::steady_clock;

struct finding_key {
  std::string code;
  severity level;
  request_kind kind;
  auto operator<=>(const finding_key&) const = default;
};

exchange judge(const probe& r, const detail::http_answer& a, const policy& p,
               const header_pairs& extra) {
  exchange ex;
  ex.request = r;
  ex.status = a.status;
  ex.headers = a.headers;
  header_pairs sent = r.headers;
  sent.insert(sent.end(), extra.begin(), extra.end());
  const std::vector<header_view> req = views(sent);
  const std::vector<header_view> obs = views(a.headers);
  ex.audit = audit_answer(p, r.method, header_list(req.data(), req.size()), a.status,
                          header_list(obs.data(), obs.size()));
  return ex;
}

const audit_finding* find(const exchange& ex, const finding_key& k) {
  if (ex.audit.status != eval_status::ok || ex.audit.kind != k.kind) return nullptr;
  for (const auto& f : ex.audit.findings)
    if (f.code == k.code && f.level == k.level) return &f;
  return nullptr;
}

std::string key_of(const probe& r) {
  std::string k = r.method;
  for (const auto& [n, v] : r.headers) k.append("\n").append(n).append(":").append(v);
  return k;
}

class fuzz_loop {
 public:
  fuzz_loop(std::string_view url, const policy& p, const policy_config& cfg, const fuzz_options& o)
      : url_(url),
        p_(p),
        o_(o),
        gen_(cfg, url, o.seed),
        client_(std::string(url), detail::client_options{o.concurrency, o.timeout, 1 << 20, o.extra_headers}) {}

  fuzz_report run() {
    report_.url = url_;
    report_.seed = o_.seed;
    report_.extra_headers = o_.extra_headers;
    start_ = clock_type::now();
    deadline_ = start_ + o_.max_time;
    last_progress_ = start_;
    const std::size_t batch = std::max<std::size_t>(32, o_.concurrency * 8);
    bool first = true;
    while (true) {
      if (stopped()) {
        report_.interrupted = true;
        report_.stopped_by = "interrupt";
        break;
      }
      if (report_.requests >= o_.max_requests) {
        report_.stopped_by = "requests";
        break;
      }
      if (clock_type::now() >= deadline_) {
        report_.stopped_by = "time";
        break;
      }
      const std::size_t n = std::min(first ? std::min<std::size_t>(batch, o_.concurrency) : batch,
                                     o_.max_requests - report_.requests);
      std::vector<probe> reqs;
      reqs.reserve(n);
      for (std::size_t i = 0; i < n; ++i) reqs.push_back(gen_.next());
      std::vector<const probe*> ptrs;
      for (const auto& r : reqs) ptrs.push_back(&r);
      const std::vector<detail::http_answer> answers = client_.send_all(ptrs, o_.stop);
      if (first) {
        first = false;
        const bool none = std::all_of(answers.begin(), answers.end(), [](const detail::http_answer& a) {
          return a.failure == failure_kind::connection_refused;
        });
        if (none && !answers.empty()) {
          report_.unreachable = "no answer from " + url_ + " (" + answers.front().error +
                                "); is the server running and listening there?";
          break;
        }
      }
      for (std::size_t i = 0; i < reqs.size(); ++i) take(reqs[i], answers[i]);
      progress(false);
    }
    report_.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(clock_type::now() - start_);
    return std::move(report_);
  }

 private:
  bool stopped() const { return o_.stop != nullptr && o_.stop->load(std::memory_order_relaxed); }

  void progress(bool force) {
    if (!o_.progress) return;
    const auto now = clock_type::now();
    if (!force && now - last_progress_ < o_.progress_interval) return;
    last_progress_ = now;
    report_.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(now - start_);
    o_.progress(report_);
  }

  void add_failure(const probe& r, failure_kind k, const std::string& error) {
    for (auto& f : report_.failures)
      if (f.kind == k) {
        ++f.count;
        return;
      }
    report_.failures.push_back(fuzz_failure{k, 1, r, error});
  }

  void take(const probe& r, const detail::http_answer& a) {
    if (a.failure == failure_kind::interrupted) return;  // never sent, or abandoned
    ++report_.requests;
    if (a.failure != failure_kind::none) {
      add_failure(r, a.failure, a.error);
      return;
    }
    exchange ex = judge(r, a, p_, o_.extra_headers);
    if (ex.audit.status != eval_status::ok) {
      add_failure(r, failure_kind::too_large, ex.audit.error);
      return;
    }
    ++report_.answered;
    if (ex.audit.findings.empty()) return;
    ++report_.failing_total;
    for (const auto& f : ex.audit.findings) {
      const finding_key k{f.code, f.level, ex.audit.kind};
      auto it = index_.find(k);
      if (it != index_.end()) {
        ++report_.findings[it->second].hits;
        continue;
      }
      index_.emplace(k, report_.findings.size());
      fuzz_finding nf;
      nf.code = f.code;
      nf.level = f.level;
      nf.kind = ex.audit.kind;
      nf.hits = 1;
      nf.first = ex;
      report_.findings.push_back(std::move(nf));
      shrink_finding(report_.findings.size() - 1, k);
    }
    if (report_.failing.size() < o_.max_kept_exchanges) report_.failing.push_back(std::move(ex));
  }

  void shrink_finding(std::size_t at, const finding_key& k) {
    std::map<std::string, exchange> failing;  // candidates that still fail, by request
    auto still_fails = [&](const std::vector<probe>& batch) -> std::vector<bool> {
      std::vector<bool> out;
      if (stopped() || clock_type::now() >= deadline_) return out;
      std::vector<const probe*> ptrs;
      for (const auto& r : batch) ptrs.push_back(&r);
      const auto answers = client_.send_all(ptrs, o_.stop);
      for (std::size_t i = 0; i < batch.size(); ++i) {
        if (answers[i].failure == failure_kind::interrupted) break;
        ++report_.shrink_requests;
        bool fails = false;
        if (answers[i].failure == failure_kind::none) {
          exchange ex = judge(batch[i], answers[i], p_, o_.extra_headers);
          if (find(ex, k) != nullptr) {
            fails = true;
            failing.emplace(key_of(batch[i]), std::move(ex));
          }
        }
        out.push_back(fails);
      }
      progress(false);
      return out;
    };
    const shrink_result sr = shrink(report_.findings[at].first.request, gen_.samples(), still_fails, o_.shrink_budget,
                                    std::max<std::size_t>(o_.concurrency * 2, 8));
    fuzz_finding& g = report_.findings[at];
    g.shrink_steps = sr.steps;
    g.shrink_requests = sr.requests;
    g.shrink_complete = sr.complete;
    auto it = failing.find(key_of(sr.minimal));
    g.minimal = sr.steps == 0 || it == failing.end() ? g.first : it->second;
    g.minimal.request.id = g.first.request.id + "-min";
    g.minimal.request.purpose = "shrunk from " + g.first.request.id + " (" + g.first.request.purpose + ")";
    if (const audit_finding* d = find(g.minimal, k)) g.detail = d->detail;
  }

  std::string url_;
  const policy& p_;
  const fuzz_options& o_;
  request_generator gen_;
  detail::http_client client_;
  fuzz_report report_;
  std::map<finding_key, std::size_t> index_;
  clock_type::time_point start_, deadline_, last_progress_;
};

std::string one_line(std::string_view method_or_status, const header_pairs& h) {
  std::string s(method_or_status);
  for (const auto& [n, v] : h) {
    s += "; " + n + ": ";
    for (char c : v) {
      if (c == '\t') s += "\\t";
      else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) s += "?";
      else s.push_back(c);
    }
    if (v.empty()) s += "(empty)";
  }
  return s;
}

json::array headers_json(const header_pairs& h) {
  json::array a;
  a.reserve(h.size());
  for (const auto& [n, v] : h) a.push_back(json::array{json::string(n), json::string(v)});
  return a;
}

json::object request_json(const probe& r, const header_pairs& extra) {
  header_pairs sent = r.headers;
  sent.insert(sent.end(), extra.begin(), extra.end());
  return json::object{{"method", r.method}, {"headers", headers_json(sent)}};
}

std::string_view kind_name(request_kind k) {
  switch (k) {
    case request_kind::preflight: return "preflight";
    case request_kind::actual: return "actual";
    case request_kind::not_cors: return "not-cors";
  }
  return "actual";
}

std::vector<const fuzz_finding*> ordered(const fuzz_report& r) {
  std::vector<const fuzz_finding*> v;
  for (const auto& f : r.findings) v.push_back(&f);
  std::stable_sort(v.begin(), v.end(), [](const fuzz_finding* a, const fuzz_finding* b) {
    return a->level == severity::error && b->level != severity::error;
  });
  return v;
}

}  // namespace

fuzz_report run_fuzz(std::string_view url, const policy& p, const policy_config& cfg, const fuzz_options& options) {
  if (auto why = loopback_url_error(url); why || live_http_unavailable()) {
    if (!why) why = live_http_unavailable();
    fuzz_report r;
    r.url = std::string(url);
    r.seed = options.seed;
    r.refused = std::move(*why);
    return r;
  }
  fuzz_loop loop(url, p, cfg, options);
  return loop.run();
}

std::string render_fuzz_text(const fuzz_report& r) {
  if (!r.refused.empty()) return "refused: " + r.refused + "\n";
  if (!r.unreachable.empty()) return "unreachable: " + r.unreachable + "\n";
  std::string out;
  for (const fuzz_finding* f : ordered(r)) {
    out += std::string(to_string(f->level)) + " " + f->code + " on " + std::string(kind_name(f->kind)) +
           " requests (" + std::to_string(f->hits) + " of " + std::to_string(r.requests) + " requests; first: " +
           f->first.request.id + ")\n";
    out += "  minimal request: " + one_line(f->minimal.request.method, f->minimal.request.headers) + "\n";
    out += "  observed: " + one_line(std::to_string(f->minimal.status), f->minimal.headers) + "\n";
    const audit_result& a = f->minimal.audit;
    std::string expected = a.kind == request_kind::preflight ? std::to_string(a.expected_status) : std::string("any status");
    out += "  expected: " + one_line(expected, a.expected_headers) + "  (the policy " +
           (a.policy_allows ? "allows it" : "denies it: " + std::string(to_string(a.reason))) + ")\n";
    out += "  detail: " + f->detail + "\n";
    out += "  reproduce: " + curl_command(r.url, f->minimal.request, r.extra_headers) + "\n";
    out += "  shrunk in " + std::to_string(f->shrink_steps) + " steps with " + std::to_string(f->shrink_requests) +
           " requests" + (f->shrink_complete ? "" : " (stopped before the end: budget or time)") + "\n";
  }
  for (const auto& fl : r.failures) {
    out += "failure " + std::string(to_string(fl.kind)) + " (" + std::to_string(fl.count) + " requests; first: " +
           fl.first.id + "): " + fl.error + "\n";
    out += "  request: " + one_line(fl.first.method, fl.first.headers) + "\n";
    out += "  reproduce: " + curl_command(r.url, fl.first, r.extra_headers) + "\n";
  }
  char rate[64];
  std::snprintf(rate, sizeof rate, "%.1f s, %.0f requests/s", static_cast<double>(r.elapsed.count()) / 1000.0,
                r.requests_per_second());
  out += "summary: " + std::to_string(r.requests) + " requests (+" + std::to_string(r.shrink_requests) +
         " shrinking) to " + r.url + " with seed " + std::to_string(r.seed) + " in " + rate + "; " +
         std::to_string(r.answered) + " answered, " + std::to_string(r.failing_total) + " with findings, " +
         std::to_string(r.failed()) + " failed; " + std::to_string(r.errors()) + " distinct errors, " +
         std::to_string(r.warnings()) + " distinct warnings" +
         (r.interrupted ? "; interrupted" : r.stopped_by == "time" ? "; stopped by --time" : "") + "; " +
         (r.conforms() ? "conforms" : "does not conform") + "\n";
  return out;
}

json::object fuzz_report_to_json(const fuzz_report& r) {
  json::object o;
  o["url"] = r.url;
  o["seed"] = r.seed;
  o["conforms"] = r.conforms();
  if (!r.refused.empty()) {
    o["refused"] = r.refused;
    return o;
  }
  if (!r.unreachable.empty()) {
    o["unreachable"] = r.unreachable;
    return o;
  }
  o["interrupted"] = r.interrupted;
  o["stopped_by"] = r.stopped_by;
  o["summary"] = json::object{{"requests", r.requests},
                              {"answered", r.answered},
                              {"shrink_requests", r.shrink_requests},
                              {"seconds", static_cast<double>(r.elapsed.count()) / 1000.0},
                              {"requests_per_second", r.requests_per_second()},
                              {"errors", r.errors()},
                              {"warnings", r.warnings()},
                              {"failed", r.failed()},
                              {"failing_exchanges", r.failing_total}};
  json::array fs;
  for (const fuzz_finding* f : ordered(r)) {
    const audit_result& a = f->minimal.audit;
    json::object expected{{"allowed", a.policy_allows},
                          {"reason", std::string(to_string(a.reason))},
                          {"headers", headers_json(a.expected_headers)}};
    if (a.kind == request_kind::preflight) expected["status"] = a.expected_status;
    json::object minimal{{"request", request_json(f->minimal.request, r.extra_headers)},
                         {"observed", json::object{{"status", f->minimal.status}, {"headers", headers_json(f->minimal.headers)}}},
                         {"expected", std::move(expected)}};
    fs.push_back(json::object{
        {"code", f->code},
        {"severity", std::string(to_string(f->level))},
        {"kind", std::string(kind_name(f->kind))},
        {"hits", f->hits},
        {"first_request", json::object{{"id", f->first.request.id},
                                       {"purpose", f->first.request.purpose},
                                       {"request", request_json(f->first.request, r.extra_headers)}}},
        {"minimal", std::move(minimal)},
        {"detail", f->detail},
        {"reproduce", curl_command(r.url, f->minimal.request, r.extra_headers)},
        {"shrink", json::object{{"steps", f->shrink_steps}, {"requests", f->shrink_requests}, {"complete", f->shrink_complete}}}});
  }
  o["findings"] = std::move(fs);
  json::array fl;
  for (const auto& f : r.failures)
    fl.push_back(json::object{{"kind", std::string(to_string(f.kind))},
                              {"count", f.count},
                              {"first_request", json::object{{"id", f.first.id}, {"request", request_json(f.first, r.extra_headers)}}},
                              {"error", f.error},
                              {"reproduce", curl_command(r.url, f.first, r.extra_headers)}});
  o["failures"] = std::move(fl);
  return o;
}

std::string failing_exchanges_jsonl(const fuzz_report& r, const json::object& policy) {
  std::string out;
  auto line = [&](const std::string& id, const exchange& ex) {
    json::object c{{"id", id},
                   {"mode", "audit"},
                   {"policy", policy},
                   {"request", request_json(ex.request, r.extra_headers)},
                   {"observed", json::object{{"status", ex.status}, {"headers", headers_json(ex.headers)}}},
                   {"expect", json::object{{"conforms", ex.audit.conforms}}}};
    out += json::serialize(c);
    out.push_back('\n');
  };
  for (const fuzz_finding* f : ordered(r))
    line("min-" + f->code + "-" + std::string(kind_name(f->kind)) +
             (f->level == severity::warning ? "-warning" : ""),
         f->minimal);
  for (const auto& ex : r.failing) line(ex.request.id, ex);
  return out;
}

}  // namespace corsproof::audit
