// Fetch "Methods": method token, forbidden methods, normalization,
// CORS-safelisted methods (digest §2 and its table).
#include "test_support.hpp"

namespace corsproof::test {
namespace {

constexpr const char* kNormalize = "Fetch \"normalize a method\"; digest §2.3 and §2 table";
constexpr const char* kForbidden = "Fetch \"forbidden method\"; digest §2.2";
constexpr const char* kSafelisted = "Fetch \"CORS-safelisted method\" (byte-exact GET HEAD POST); digest §2.4";
constexpr const char* kToken = "RFC 9110 §9.1 method = token; digest §2.1";

struct method_row {
  const char* name;
  const char* spec;
  std::string method;
  bool valid;          // is_method
  bool forbidden;      // is_forbidden_method
  std::string normal;  // normalize_method (only meaningful when valid)
  bool safelisted;     // is_cors_safelisted_method(normalize_method(m))
};
CORSPROOF_ROW_PRINTER(method_row)

class Method : public ::testing::TestWithParam<method_row> {};

TEST_P(Method, TokenForbiddenNormalizedSafelisted) {
  const auto& r = GetParam();
  SCOPED_TRACE(trace_of(r.name, r.spec));
  EXPECT_EQ(is_method(r.method), r.valid) << "is_method(" << printable(r.method) << ")";
  EXPECT_EQ(is_forbidden_method(r.method), r.forbidden) << "is_forbidden_method(" << r.method << ")";
  if (r.valid) {
    const std::string_view normal = normalize_method(r.method);
    EXPECT_EQ(std::string(normal), r.normal) << "normalize_method(" << r.method << ")";
    EXPECT_EQ(is_cors_safelisted_method(normal), r.safelisted) << "is_cors_safelisted_method(" << normal << ")";
  }
}

INSTANTIATE_TEST_SUITE_P(Rows, Method, ::testing::Values(
    method_row{"get", kNormalize, "get", true, false, "GET", true},
    method_row{"Get", kNormalize, "Get", true, false, "GET", true},
    method_row{"GET", kNormalize, "GET", true, false, "GET", true},
    method_row{"head", kNormalize, "head", true, false, "HEAD", true},
    method_row{"post", kNormalize, "post", true, false, "POST", true},
    method_row{"put is upper-cased, not safelisted", kNormalize, "put", true, false, "PUT", false},
    method_row{"delete", kNormalize, "delete", true, false, "DELETE", false},
    method_row{"options is upper-cased and not safelisted (digest §14.2)", kNormalize, "options", true, false,
               "OPTIONS", false},
    method_row{"OPTIONS not safelisted", kSafelisted, "OPTIONS", true, false, "OPTIONS", false},
    method_row{"patch keeps its case (digest §14.1)", kNormalize, "patch", true, false, "patch", false},
    method_row{"Patch keeps its case", kNormalize, "Patch", true, false, "Patch", false},
    method_row{"PATCH", kNormalize, "PATCH", true, false, "PATCH", false},
    method_row{"Egg", kNormalize, "Egg", true, false, "Egg", false},
    method_row{"CHICKEN", kNormalize, "CHICKEN", true, false, "CHICKEN", false},
    method_row{"gett is not get", kNormalize, "gett", true, false, "gett", false},
    method_row{"star is a method token", kToken, "*", true, false, "*", false},
    method_row{"CONNECT forbidden", kForbidden, "CONNECT", true, true, "CONNECT", false},
    method_row{"connect forbidden", kForbidden, "connect", true, true, "connect", false},
    method_row{"Connect forbidden", kForbidden, "Connect", true, true, "Connect", false},
    method_row{"TRACE forbidden", kForbidden, "TRACE", true, true, "TRACE", false},
    method_row{"trace forbidden", kForbidden, "trace", true, true, "trace", false},
    method_row{"TRACK forbidden", kForbidden, "TRACK", true, true, "TRACK", false},
    method_row{"Track forbidden", kForbidden, "Track", true, true, "Track", false},
    method_row{"CONNECTX is ordinary", kForbidden, "CONNECTX", true, false, "CONNECTX", false},
    method_row{"TRACES is ordinary", kForbidden, "TRACES", true, false, "TRACES", false},
    method_row{"TRAC is ordinary", kForbidden, "TRAC", true, false, "TRAC", false},
    method_row{"empty is not a method", kToken, "", false, false, "", false},
    method_row{"GET POST is not a method", kToken, "GET POST", false, false, "", false},
    method_row{"trailing space is not a method", kToken, "GET ", false, false, "", false},
    method_row{"comma list is not a method", kToken, "GET,PUT", false, false, "", false},
    method_row{"slash is not a method", kToken, "GET/1", false, false, "", false}),
    row_test_name<method_row>);

TEST(MethodSafelisted, ByteExactOnly) {
  SCOPED_TRACE(trace_of("safelisted before normalization", kSafelisted));
  EXPECT_TRUE(is_cors_safelisted_method("GET"));
  EXPECT_TRUE(is_cors_safelisted_method("HEAD"));
  EXPECT_TRUE(is_cors_safelisted_method("POST"));
  EXPECT_FALSE(is_cors_safelisted_method("get"));
  EXPECT_FALSE(is_cors_safelisted_method("Post"));
  EXPECT_FALSE(is_cors_safelisted_method("PUT"));
  EXPECT_FALSE(is_cors_safelisted_method(""));
}

}  // namespace
}  // namespace corsproof::test
