// audit/src/render.cpp — probe reports as text and as JSON (Boost.JSON does
// every escape).
#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>
#include <string>

#include "corsproof/audit_json.hpp"

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

}  // namespace

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
  return o;
}

std::string render_report_json(const probe_report& report) { return json::serialize(report_to_json(report)) + "\n"; }

std::string render_report_text(const probe_report& report) {
  if (!report.refused.empty()) return "refused: " + report.refused + "\n";
  std::string out;
  for (const auto& o : report.outcomes) {
    if (!o.answered) {
      out += o.request.id + " error probe-failed: " + o.transport_error + "\n";
      continue;
    }
    if (o.audit.status != eval_status::ok) {
      out += o.request.id + " error too-large: " + o.audit.error + "\n";
      continue;
    }
    for (const auto& f : o.audit.findings) out += o.request.id + " " + render_line(f) + "\n";
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
