// corsproof_bridge — the one place where the core (core/, corsproof::) and the
// reference model (properties/model/, corsproof_model::) meet.
//
//  * Inputs go model -> core: a model Policy becomes a policy_config, a model
//    request or exchange becomes header_view arrays that view the model's
//    strings (so the model object must outlive the call).
//  * Outputs go core -> model shape: a server_decision becomes a ServerAnswer,
//    a browser_decision a BrowserAnswer, spelled exactly as the oracle
//    protocol spells fields and codes.
//  * server_difference / browser_difference say whether two answers mean the
//    same thing, and if not, describe the first difference. The comparison
//    is semantic where the protocol says it is (docs/protocol.md "Case
//    files with expectations"); headers are compared by
//    corsproof/header_comparison.hpp (protocol_compare/), the one
//    implementation `corsproof check` uses too: header names
//    case-insensitive, header order ignored, Vary and the list-valued
//    Access-Control-* headers compared as sets of trimmed, non-empty
//    elements (names case-insensitively, methods byte-exactly); every other
//    value trimmed of SP/TAB, then byte-for-byte.
//
// Used by the RapidCheck properties (properties/) and by the differential
// fuzz target (fuzz/). Depends on neither RapidCheck nor GoogleTest.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "corsproof/corsproof.hpp"
#include "corsproof_model/model.hpp"

namespace corsproof_bridge {

using corsproof_model::BrowserAnswer;
using corsproof_model::BrowserExchange;
using corsproof_model::Header;
using corsproof_model::Policy;
using corsproof_model::ServerAnswer;
using corsproof_model::ServerRequest;

// ---- Inputs: model -> core --------------------------------------------------

[[nodiscard]] corsproof::policy_config to_core_config(const Policy& policy);
// The other way, for callers that start from a core policy_config (the
// differential fuzz target, the model benchmarks).
[[nodiscard]] Policy to_model_policy(const corsproof::policy_config& config);

// "omit" / "same-origin" / "include"; nullopt for anything else.
[[nodiscard]] std::optional<corsproof::credentials_mode> to_core_credentials(std::string_view credentials);

// The header_view array for a model header list. The views point into
// `headers`, which must outlive this object (and every list() taken from it).
class core_headers {
 public:
  explicit core_headers(const std::vector<Header>& headers);
  [[nodiscard]] corsproof::header_list list() const noexcept { return {views_.data(), views_.size()}; }

 private:
  std::vector<corsproof::header_view> views_;
};

// ---- Running the core, answers in the model's shape ---------------------------

struct core_policy {
  std::optional<corsproof::policy> value;
  std::string error;  // compile_policy's message when value is empty
  [[nodiscard]] bool ok() const noexcept { return value.has_value(); }
};
[[nodiscard]] core_policy compile(const Policy& policy);

struct core_server_result {
  corsproof::eval_status status = corsproof::eval_status::ok;  // ok: `answer` is the core's answer
  ServerAnswer answer;
};
// Evaluates with a buffer of corsproof::server_output_capacity bytes, the size
// the core promises is always enough.
[[nodiscard]] core_server_result core_server_answer(const corsproof::policy& policy, const ServerRequest& request);

struct core_browser_result {
  corsproof::eval_status status = corsproof::eval_status::ok;
  std::string status_detail;
  // When status is ok: the core's answer. When the core refuses for missing
  // input (a needed preflight_response absent), or the credentials are not
  // one of the three modes, outcome is "bad-case", as the model says it. Otherwise (limit_exceeded, output_too_small) outcome is
  // "too-large" / "output-too-small" and nothing else is set.
  BrowserAnswer answer;
};
// Evaluates with a buffer of corsproof::browser_output_capacity bytes.
[[nodiscard]] core_browser_result core_browser_answer(const BrowserExchange& exchange);

// The conversions themselves (also usable on decisions computed elsewhere).
[[nodiscard]] ServerAnswer to_model_shape(const corsproof::server_decision& decision);
[[nodiscard]] BrowserAnswer to_model_shape(const corsproof::browser_decision& decision);

// ---- Semantic comparison -------------------------------------------------------

// nullopt when the two answers mean the same; otherwise the first difference,
// e.g. `reason: core "origin-not-allowed", model "ok"`. Compared: kind,
// allowed, reason, status, `detail` for header-not-allowed (the protocol
// fixes it: the first refused name), and the headers semantically.
[[nodiscard]] std::optional<std::string> server_difference(const ServerAnswer& core, const ServerAnswer& model);

// Compared: outcome (two "bad-case" answers are equal whatever else they
// say), needs_preflight, the preflight object (method, request_headers, ok,
// error, max_age, private_network), the cors_check object, exposed_headers.
// `detail` is free text and never compared.
[[nodiscard]] std::optional<std::string> browser_difference(const BrowserAnswer& core, const BrowserAnswer& model);

// Just the header comparison of server_difference.
[[nodiscard]] std::optional<std::string> headers_difference(const std::vector<Header>& core,
                                                            const std::vector<Header>& model);

// Is `name` one of the list-valued response headers the comparison treats as
// a set (Vary, Access-Control-Allow-Methods, -Allow-Headers, -Expose-Headers)?
[[nodiscard]] bool is_list_valued_header(std::string_view name);
// The set a list-valued header's values stand for: every value split on ",",
// elements trimmed of SP/TAB, empty ones dropped, lower-cased unless
// `case_sensitive` (methods), sorted, unique.
[[nodiscard]] std::vector<std::string> list_elements(const std::vector<std::string>& values, bool case_sensitive);

// ---- Documented bounds (docs/protocol-decisions.md "Bounds") ---------------------
// The model is unbounded; the core refuses beyond its documented bounds. These
// say whether an input is beyond one, so that a refusal can be checked.

// Server mode: more than 256 request headers.
[[nodiscard]] bool server_request_beyond_bounds(const ServerRequest& request);
// Browser mode: nullopt when within every bound (256 request headers, 256
// response headers per response, 256-byte names, 8192-byte values, 64
// CORS-unsafe names, 128 exposed names, 1024 bytes of the URL's
// scheme://host[:port]), else which one. `model` is the
// model's answer for the same exchange (the unsafe-name and exposed-name
// counts are read from it).
[[nodiscard]] std::optional<std::string> browser_exchange_beyond_bounds(const BrowserExchange& exchange,
                                                                        const BrowserAnswer& model);

// ---- Printing ----------------------------------------------------------------
// Bytes outside printable ASCII are shown as \xNN; quotes and backslashes are
// escaped, so every string is shown unambiguously.
[[nodiscard]] std::string quote(std::string_view bytes);
[[nodiscard]] std::string show(const std::vector<Header>& headers);
[[nodiscard]] std::string show(const Policy& policy);
[[nodiscard]] std::string show(const ServerRequest& request);
[[nodiscard]] std::string show(const ServerAnswer& answer);
[[nodiscard]] std::string show(const BrowserExchange& exchange);
[[nodiscard]] std::string show(const BrowserAnswer& answer);

}  // namespace corsproof_bridge
