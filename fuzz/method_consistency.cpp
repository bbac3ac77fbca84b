// Fuzz target: method tokens (corsproof/method.hpp) on raw bytes.
//
// Invariants among is_method, normalize_method, is_forbidden_method and
// is_cors_safelisted_method (Fetch "Methods"):
// - normalize_method returns the input itself or an upper-case spelling of it
//   (ASCII case-insensitively equal), is idempotent, and keeps is_method;
// - forbidden-ness ignores letter case and survives normalization; a
//   forbidden method is a method;
// - a safelisted method is a method, not forbidden, and already normalized;
//   after normalization, safelisted means "was GET/HEAD/POST in any case";
// - every answer is deterministic.
#include <cstdint>
#include <string>
#include <string_view>

#include <corsproof/corsproof.hpp>

#include "check.hpp"

namespace {

std::string upper(std::string_view s) {
  std::string u(s);
  for (char& c : u)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
  return u;
}
std::string lower(std::string_view s) {
  std::string l(s);
  for (char& c : l)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  return l;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace corsproof;
  const std::string_view m(reinterpret_cast<const char*>(data), size);
  const auto describe = [&] { return "method (" + std::to_string(size) + " bytes): " + std::string(m); };
  corsproof_fuzz::case_context ctx(describe);

  const bool method = is_method(m);
  const bool forbidden = is_forbidden_method(m);
  const bool safelisted = is_cors_safelisted_method(m);
  const std::string_view n = normalize_method(m);
  FUZZ_CHECK(method == is_method(m) && forbidden == is_forbidden_method(m) &&
                 safelisted == is_cors_safelisted_method(m) && n == normalize_method(m),
             "method predicates must be deterministic");

  FUZZ_CHECK(method == is_token(m), "a method is a token (RFC 9110 §9.1)");
  FUZZ_CHECK(n.size() == m.size() && iequals(n, m), "normalization only changes letter case");
  FUZZ_CHECK(n == m || n == upper(m), "normalization upper-cases or leaves alone");
  FUZZ_CHECK(normalize_method(n) == n, "normalization is idempotent");
  FUZZ_CHECK(is_method(n) == method, "normalization keeps is_method");

  FUZZ_CHECK(forbidden == is_forbidden_method(upper(m)) && forbidden == is_forbidden_method(lower(m)),
             "forbidden methods are matched byte-case-insensitively");
  FUZZ_CHECK(forbidden == is_forbidden_method(n), "normalization keeps forbidden-ness");
  if (forbidden) FUZZ_CHECK(method && !safelisted, "a forbidden method is a method, and not safelisted");

  if (safelisted) FUZZ_CHECK(method && !forbidden && n == m, "a safelisted method is a normalized, allowed method");
  const std::string u = upper(m);
  const bool get_head_post = u == "GET" || u == "HEAD" || u == "POST";
  FUZZ_CHECK(is_cors_safelisted_method(n) == get_head_post,
             "after normalization, exactly GET/HEAD/POST (any case) are safelisted");
  FUZZ_CHECK(safelisted == (get_head_post && m == u), "safelisting is byte-exact upper case");
  return 0;
}
