// audit/src/render.cpp — probe reports as text and as JSON (Boost.JSON does
// every escape).
#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>
#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "corsproof/audit_json.hpp"
#include "corsproof/server_cmd.hpp"  // shell_quote

namespace corsproof::audit {

namespace json = boost::json;

namespace {

json::array headers_json(const header_pairs& h) {
  json::array a;
  a.reserve(h.size());
  for (const auto& [n, v] : h) a.push_back(json::array{json::string(n), json::string(v)});
  return a;
}

json::array findings_json(const std::vector<audit_finding>& fs) {
  json::array a;
  a.reserve(fs.size());
  for (const auto& f : fs) {
    json::object o;
    o["code"] = f.code;
    o["severity"] = std::string(to_string(f.level));
    o["detail"] = f.detail;
    a.push_back(std::move(o));
  }
  return a;
}

// One line of findings: every probe with a finding of this code and
// severity (probe failures and too-large answers are codes here too).
struct finding_group {
  std::string code;
  severity level = severity::error;
  std::vector<const probe_outcome*> probes;
  std::string first_detail;
};

std::vector<finding_group> group_findings(const probe_report& report) {
  std::vector<finding_group> groups;
  auto add = [&groups](std::string_view code, severity level, const probe_outcome& o, const std::string& detail) {
    for (finding_group& g : groups) {
      if (g.code == code && g.level == level) {
        if (g.probes.back() != &o) g.probes.push_back(&o);
        return;
      }
    }
    groups.push_back(finding_group{std::string(code), level, {&o}, detail});
  };
  for (const auto& o : report.outcomes) {
    if (!o.answered) {
      add("probe-failed", severity::error, o, o.transport_error);
    } else if (o.audit.status != eval_status::ok) {
      add("too-large", severity::error, o, o.audit.error);
    } else {
      for (const auto& f : o.audit.findings) add(f.code, f.level, o, f.detail);
    }
  }
  // Errors first, then the groups with most probes; otherwise in probe order.
  std::stable_sort(groups.begin(), groups.end(), [](const finding_group& a, const finding_group& b) {
    if (a.level != b.level) return a.level == severity::error;
    return a.probes.size() > b.probes.size();
  });
  return groups;
}

}  // namespace

std::string curl_command(std::string_view url, const probe& p, const header_pairs& extra_headers) {
  // -i: the status line and headers; -o /dev/null is not used so the body
  // shows too (servers often explain a refusal there).
  std::string cmd = "curl -sS -i";
  if (p.method == "HEAD") {
    cmd += " -I";
  } else if (p.method != "GET") {
    cmd += " -X " + shell_quote(p.method);
    if (p.method != "OPTIONS") cmd += " -H 'Content-Length: 0'";
  }
  auto header = [&cmd](const std::string& n, const std::string& v) {
    cmd += " -H " + shell_quote(v.empty() ? n + ";" : n + ": " + v);
  };
  for (const auto& [n, v] : p.headers) header(n, v);
  for (const auto& [n, v] : extra_headers) header(n, v);
  return cmd + " " + shell_quote(url);
}

json::object audit_fields(const audit_result& r) {
  json::object o;
  o["conforms"] = r.conforms;
  o["findings"] = findings_json(r.findings);
  return o;
}

json::object report_to_json(const probe_report& report) {
  json::object o;
  o["url"] = report.url;
  o["conforms"] = report.conforms();
  if (!report.refused.empty()) {
    o["refused"] = report.refused;
    return o;
  }
  if (!report.unreachable.empty()) {
    o["unreachable"] = report.unreachable;
    return o;
  }
  json::object summary;
  summary["probes"] = report.outcomes.size();
  summary["answered"] = report.outcomes.size() - report.failed();
  summary["failed"] = report.failed();
  summary["conforming"] = report.conforming();
  summary["errors"] = report.errors();
  summary["warnings"] = report.warnings();
  summary["skipped"] = report.skipped;
  o["summary"] = std::move(summary);
  json::array probes;
  probes.reserve(report.outcomes.size());
  for (const auto& out : report.outcomes) {
    json::object p;
    p["id"] = out.request.id;
    p["purpose"] = out.request.purpose;
    json::object req;
    req["method"] = out.request.method;
    req["headers"] = headers_json(out.request.headers);
    p["request"] = std::move(req);
    if (!out.answered) {
      p["transport_error"] = out.transport_error;
      p["conforms"] = false;
      probes.push_back(std::move(p));
      continue;
    }
    json::object obs;
    obs["status"] = out.status;
    obs["headers"] = headers_json(out.headers);
    p["observed"] = std::move(obs);
    if (out.audit.status != eval_status::ok) {
      p["conforms"] = false;
      p["error"] = json::object{{"code", "too-large"}, {"message", out.audit.error}};
      probes.push_back(std::move(p));
      continue;
    }
    p["kind"] = std::string(corsproof::to_string(out.audit.kind));
    p["policy_allows"] = out.audit.policy_allows;
    p["conforms"] = out.audit.conforms;
    p["findings"] = findings_json(out.audit.findings);
    probes.push_back(std::move(p));
  }
  o["probes"] = std::move(probes);
  json::array groups;
  for (const finding_group& g : group_findings(report)) {
    json::object jg;
    jg["code"] = g.code;
    jg["severity"] = std::string(to_string(g.level));
    jg["count"] = g.probes.size();
    json::array ids;
    for (const probe_outcome* p : g.probes) ids.push_back(json::string(p->request.id));
    jg["probes"] = std::move(ids);
    jg["detail"] = g.first_detail;
    jg["reproduce"] = curl_command(report.url, g.probes.front()->request, report.extra_headers);
    groups.push_back(std::move(jg));
  }
  o["groups"] = std::move(groups);
  return o;
}

std::string render_report_json(const probe_report& report) { return json::serialize(report_to_json(report)) + "\n"; }

std::string render_report_text(const probe_report& report) {
  if (!report.refused.empty()) return "refused: " + report.refused + "\n";
  if (!report.unreachable.empty()) return "unreachable: " + report.unreachable + "\n";
  std::string out;
  constexpr std::size_t ids_shown = 8;
  for (const finding_group& g : group_findings(report)) {
    out += std::string(to_string(g.level)) + " " + g.code + " (" + std::to_string(g.probes.size()) +
           (g.probes.size() == 1 ? " probe): " : " probes): ");
    for (std::size_t i = 0; i < g.probes.size() && i < ids_shown; ++i)
      out += (i ? ", " : "") + g.probes[i]->request.id;
    if (g.probes.size() > ids_shown) out += ", and " + std::to_string(g.probes.size() - ids_shown) + " more";
    std::string detail = g.first_detail;
    for (char& c : detail)
      if (c == '\n' || c == '\r') c = ' ';
    out += "\n  " + g.probes.front()->request.id + ": " + detail + "\n";
    out += "  reproduce: " + curl_command(report.url, g.probes.front()->request, report.extra_headers) + "\n";
  }
  const std::size_t answered = report.outcomes.size() - report.failed();
  out += "summary: " + std::to_string(report.outcomes.size()) + " probes to " + report.url + ", " +
         std::to_string(answered) + " answered, " + std::to_string(report.conforming()) + " conforming, " +
         std::to_string(answered - report.conforming()) + " not conforming, " + std::to_string(report.failed()) +
         " failed; " + std::to_string(report.errors()) + " errors, " + std::to_string(report.warnings()) +
         " warnings" + (report.skipped ? "; " + std::to_string(report.skipped) + " probes over the limit not sent" : "") +
         "; " + (report.conforms() ? "conforms" : "does not conform") + "\n";
  return out;
}

}  // namespace corsproof::audit
