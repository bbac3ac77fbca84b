// Fuzz target: policy compilation (compile_policy in corsproof/policy.hpp) from
// a structured policy (fuzz/common/structured_input.hpp, lists up to 300
// entries so the 256-name bound is crossed).
//
// Invariants:
// - compile_policy never crashes and is deterministic (same verdict, same
//   message);
// - a refusal always carries a message, and the message names the field it
//   is about; an accepted policy carries none;
// - a suggested spelling ("write it as \"...\"", a JSON string literal) is
//   itself accepted in place of the refused entry (a fix that is refused
//   again is no fix);
// - an accepted policy's facts match its configuration: any_origin() is
//   allow_origins == ["*"], credentials() is allow_credentials,
//   depends_on_origin() is "not (* without credentials)";
// - documented refusals: empty allow_origins, "*" with credentials, "*" not
//   alone, preflight_status other than 200/204, max_age outside
//   0..2147483647, more than 256 methods / headers / expose headers.
#include <FuzzedDataProvider.h>

#include <boost/json/parse.hpp>

#include <cstdint>
#include <string>
#include <string_view>

#include <corsproof/corsproof.hpp>

#include "check.hpp"
#include "structured_input.hpp"

namespace {

using namespace corsproof;

bool names_a_field(std::string_view message) {
  for (std::string_view field : {"allow_origins", "allow_methods", "allow_headers", "expose_headers", "max_age",
                                 "preflight_status", "allow_credentials"})
    if (message.find(field) != std::string_view::npos) return true;
  return false;
}

// The spelling a message ends with after `write it as `: a JSON string
// literal (corsproof/json_quoted.hpp), decoded with Boost.JSON. "" when the
// message makes no suggestion.
std::string suggestion(std::string_view message) {
  constexpr std::string_view marker = "write it as \"";
  boost::json::parse_options options;
  options.allow_invalid_utf8 = true;  // json_quoted copies bytes >= 0x80 as they are
  for (std::size_t at = message.rfind(marker); at != std::string_view::npos;
       at = at == 0 ? std::string_view::npos : message.rfind(marker, at - 1)) {
    const std::string_view literal = message.substr(at + marker.size() - 1);
    boost::system::error_code ec;
    const boost::json::value v = boost::json::parse(boost::json::string_view(literal.data(), literal.size()), ec, {},
                                                    options);
    if (!ec && v.is_string()) return std::string(v.get_string().data(), v.get_string().size());
  }
  return {};
}

// The index in "allow_origins[N]" at the start of a refusal, or -1.
long entry_index(std::string_view message) {
  constexpr std::string_view prefix = "allow_origins[";
  if (!message.starts_with(prefix)) return -1;
  long n = 0;
  std::size_t i = prefix.size();
  for (; i < message.size() && message[i] >= '0' && message[i] <= '9'; ++i) n = n * 10 + (message[i] - '0');
  return i < message.size() && message[i] == ']' ? n : -1;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider p(data, size);
  corsproof_fuzz::decoder in(p, corsproof_fuzz::policy_shape);
  policy_config c;
  corsproof_fuzz::code_policy(in, c, false);
  const auto describe = [&] { return corsproof_fuzz::json_policy(c); };
  corsproof_fuzz::case_context ctx(describe);

  const policy_result r = corsproof_fuzz::compile_checked(c);
  const policy_result again = corsproof_fuzz::compile_checked(c);
  FUZZ_CHECK(r.ok() == again.ok() && r.error == again.error, "compile_policy must be deterministic");

  // Refusals the decisions page documents, whatever else is in the policy.
  const bool any = c.allow_origins.size() == 1 && c.allow_origins[0] == "*";
  bool star_with_others = false;
  for (const auto& e : c.allow_origins)
    if (e == "*" && c.allow_origins.size() > 1) star_with_others = true;
  const bool must_refuse =
      c.allow_origins.empty() || star_with_others || (any && c.allow_credentials) ||
      (c.preflight_status != 200 && c.preflight_status != 204) ||
      (c.max_age && (*c.max_age < 0 || *c.max_age > max_policy_max_age)) ||
      c.allow_methods.size() > max_policy_names || c.allow_headers.size() > max_policy_names ||
      c.expose_headers.size() > max_policy_names;
  if (must_refuse) FUZZ_CHECK(!r.ok(), "a policy the decisions page refuses must be refused");

  if (!r.ok()) {
    FUZZ_CHECK(!r.error.empty(), "every refusal carries a message");
    FUZZ_CHECK(names_a_field(r.error), "a refusal names the field it is about");
    const std::string fix = suggestion(r.error);
    const long index = entry_index(r.error);
    if (!fix.empty() && index >= 0 && static_cast<std::size_t>(index) < c.allow_origins.size()) {
      policy_config fixed;
      fixed.allow_origins = {fix};
      const policy_result f = corsproof_fuzz::compile_checked(fixed);
      FUZZ_CHECK(f.ok(), "the spelling a refusal suggests must be accepted (got: " + f.error + ")");
    }
    return 0;
  }
  FUZZ_CHECK(r.error.empty(), "an accepted policy carries no message");
  const policy& pol = *r.value;
  FUZZ_CHECK(pol.any_origin() == any, "any_origin() is allow_origins == [\"*\"]");
  FUZZ_CHECK(pol.credentials() == c.allow_credentials, "credentials() is allow_credentials");
  FUZZ_CHECK(pol.depends_on_origin() == !(any && !c.allow_credentials), "depends_on_origin()");
  return 0;
}
