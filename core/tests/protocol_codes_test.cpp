// The spellings the oracle protocol fixes for kinds, reasons, error codes,
// outcomes and credentials modes (protocol "Mode server", "Mode browser").
// Wrappers print these strings verbatim, so they are part of the contract.
#include "test_support.hpp"

namespace corsproof::test {
namespace {

constexpr const char* kServer = "protocol: Mode server (kind, reason)";
constexpr const char* kBrowser = "protocol: Mode browser (error codes, outcome, credentials)";

struct code_row {
  const char* name;
  const char* spec;
  std::string got;
  std::string expected;
};
CORSPROOF_ROW_PRINTER(code_row)

class ProtocolCodes : public ::testing::TestWithParam<code_row> {};

TEST_P(ProtocolCodes, Spelling) {
  const auto& r = GetParam();
  SCOPED_TRACE(trace_of(r.name, r.spec));
  EXPECT_EQ(r.got, r.expected);
}

std::vector<code_row> rows() {
  auto s = [](std::string_view v) { return std::string(v); };
  return {
      {"kind not-cors", kServer, s(to_string(request_kind::not_cors)), "not-cors"},
      {"kind actual", kServer, s(to_string(request_kind::actual)), "actual"},
      {"kind preflight", kServer, s(to_string(request_kind::preflight)), "preflight"},
      {"reason ok", kServer, s(to_string(server_reason::ok)), "ok"},
      {"reason origin-not-allowed", kServer, s(to_string(server_reason::origin_not_allowed)), "origin-not-allowed"},
      {"reason method-not-allowed", kServer, s(to_string(server_reason::method_not_allowed)), "method-not-allowed"},
      {"reason header-not-allowed", kServer, s(to_string(server_reason::header_not_allowed)), "header-not-allowed"},
      {"reason private-network-not-allowed", kServer, s(to_string(server_reason::private_network_not_allowed)),
       "private-network-not-allowed"},
      {"reason malformed-origin", kServer, s(to_string(server_reason::malformed_origin)), "malformed-origin"},
      {"reason multiple-origins", kServer, s(to_string(server_reason::multiple_origins)), "multiple-origins"},
      {"reason malformed-request-method", kServer, s(to_string(server_reason::malformed_request_method)),
       "malformed-request-method"},
      {"reason malformed-request-headers", kServer, s(to_string(server_reason::malformed_request_headers)),
       "malformed-request-headers"},
      {"error none is empty", kBrowser, s(to_string(browser_error::none)), ""},
      {"error preflight-status", kBrowser, s(to_string(browser_error::preflight_status)), "preflight-status"},
      {"error acao-missing", kBrowser, s(to_string(browser_error::acao_missing)), "acao-missing"},
      {"error acao-mismatch", kBrowser, s(to_string(browser_error::acao_mismatch)), "acao-mismatch"},
      {"error acao-multiple", kBrowser, s(to_string(browser_error::acao_multiple)), "acao-multiple"},
      {"error acao-wildcard-with-credentials", kBrowser, s(to_string(browser_error::acao_wildcard_with_credentials)),
       "acao-wildcard-with-credentials"},
      {"error acac-not-true", kBrowser, s(to_string(browser_error::acac_not_true)), "acac-not-true"},
      {"error acam-invalid", kBrowser, s(to_string(browser_error::acam_invalid)), "acam-invalid"},
      {"error acah-invalid", kBrowser, s(to_string(browser_error::acah_invalid)), "acah-invalid"},
      {"error method-not-allowed", kBrowser, s(to_string(browser_error::method_not_allowed)), "method-not-allowed"},
      {"error header-not-allowed", kBrowser, s(to_string(browser_error::header_not_allowed)), "header-not-allowed"},
      {"error authorization-not-allowed", kBrowser, s(to_string(browser_error::authorization_not_allowed)),
       "authorization-not-allowed"},
      {"error private-network-not-allowed", kBrowser, s(to_string(browser_error::private_network_not_allowed)),
       "private-network-not-allowed"},
      {"outcome allowed", kBrowser, s(to_string(browser_outcome::allowed)), "allowed"},
      {"outcome blocked-preflight", kBrowser, s(to_string(browser_outcome::blocked_preflight)), "blocked-preflight"},
      {"outcome blocked-response", kBrowser, s(to_string(browser_outcome::blocked_response)), "blocked-response"},
      {"outcome forbidden-request", kBrowser, s(to_string(browser_outcome::forbidden_request)), "forbidden-request"},
      {"credentials omit", kBrowser, s(to_string(credentials_mode::omit)), "omit"},
      {"credentials same-origin", kBrowser, s(to_string(credentials_mode::same_origin)), "same-origin"},
      {"credentials include", kBrowser, s(to_string(credentials_mode::include)), "include"},
  };
}

INSTANTIATE_TEST_SUITE_P(Rows, ProtocolCodes, ::testing::ValuesIn(rows()), row_test_name<code_row>);

}  // namespace
}  // namespace corsproof::test
