// corsproof/audit_json.hpp — audit results and probe reports as JSON
// (Boost.JSON values; serialize with boost::json::serialize).
#pragma once

#include <boost/json/object.hpp>
#include <string>

#include "corsproof/audit.hpp"
#include "corsproof/probe.hpp"

namespace corsproof::audit {

// The oracle protocol's audit answer fields, to which the caller adds "id":
//   {"conforms": true|false, "findings": [{"code", "severity", "detail"}, ...]}
// Only for results with status == ok (otherwise the answer is a `too-large`
// error; see audit_result::error).
[[nodiscard]] boost::json::object audit_fields(const audit_result& result);

// A whole probe run:
//   {"url", "conforms", "summary": {"probes", "answered", "failed", "conforming",
//    "errors", "warnings", "skipped"},
//    "probes": [{"id", "purpose", "request": {"method", "headers": [[n, v]...]},
//                "observed": {"status", "headers"} | "transport_error": "...",
//                "kind", "policy_allows", "conforms", "findings": [...]}]}
// A refused URL gives {"url", "conforms": false, "refused": "..."}.
[[nodiscard]] boost::json::object report_to_json(const probe_report& report);

// report_to_json serialized on one line, with a final "\n".
[[nodiscard]] std::string render_report_json(const probe_report& report);

}  // namespace corsproof::audit
