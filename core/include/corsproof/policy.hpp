// corsproof/policy.hpp — the server's CORS configuration, compiled once.
// Compilation may allocate and may fail with a message; evaluation
// (server.hpp) never allocates.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace corsproof {

// The policy object of the oracle protocol, field for field.
struct policy_config {
  std::vector<std::string> allow_origins;
  std::vector<std::string> allow_methods{"GET", "HEAD", "POST"};
  std::vector<std::string> allow_headers;
  std::vector<std::string> expose_headers;
  bool allow_credentials = false;
  std::optional<std::int64_t> max_age;
  bool allow_private_network = false;
  int preflight_status = 204;
};

// Bounds enforced at compile time (documented in docs/protocol-decisions.md).
inline constexpr std::size_t max_policy_origins = 65536;
inline constexpr std::size_t max_policy_entry_bytes = 1024;
inline constexpr std::size_t max_policy_names = 256;  // methods, headers, expose headers
inline constexpr std::int64_t max_policy_max_age = 2147483647;
// The rendered Access-Control-Expose-Headers value (entries joined with ", ").
inline constexpr std::size_t max_policy_expose_bytes = 8192;

struct policy_impl;    // opaque: defined in core/src
struct policy_access;  // core/src's way in (server.cpp evaluates the compiled form)

// A compiled policy: exact origins in a hash set, wildcard-subdomain patterns,
// every `re:` pattern in one RE2::Set, the answer's static header values
// pre-rendered. Movable, not copyable; thread-safe to evaluate concurrently.
class policy {
 public:
  policy(policy&&) noexcept;
  policy& operator=(policy&&) noexcept;
  ~policy();

  // Facts about the compiled policy (for wrappers and linting).
  [[nodiscard]] bool any_origin() const noexcept;        // allow_origins is ["*"]
  [[nodiscard]] bool credentials() const noexcept;
  [[nodiscard]] bool depends_on_origin() const noexcept;  // not ("*" without credentials)

  // What compile_policy made of the other fields, read-only: a wrapper that
  // judges answers against the policy (the audit) needs nothing else. The
  // views are valid as long as the policy is.
  [[nodiscard]] bool any_method() const noexcept;  // allow_methods lists "*"
  // The other allow_methods entries; the six methods Fetch normalizes
  // upper-cased (DELETE, GET, HEAD, OPTIONS, POST, PUT), others as written.
  [[nodiscard]] std::span<const std::string> methods() const noexcept;
  [[nodiscard]] bool any_header() const noexcept;  // allow_headers lists "*"
  [[nodiscard]] std::span<const std::string> headers() const noexcept;  // the other entries, lower-cased
  // The names an actual answer's Access-Control-Expose-Headers lists, as
  // written ("*" included without credentials, dropped with them).
  [[nodiscard]] std::span<const std::string> expose_headers() const noexcept;
  [[nodiscard]] std::optional<std::int64_t> max_age() const noexcept;
  [[nodiscard]] bool private_network() const noexcept;
  [[nodiscard]] int preflight_status() const noexcept;  // 200 or 204

 private:
  friend struct policy_compiler;
  friend struct policy_access;
  explicit policy(std::unique_ptr<policy_impl> impl) noexcept;
  std::unique_ptr<policy_impl> impl_;
};

// What compile_policy returns: a policy, or the first refusal as a message
// that names the field, the entry and (for non-canonical origins) the
// canonical spelling.
struct policy_result {
  std::optional<policy> value;
  std::string error;
  [[nodiscard]] bool ok() const noexcept { return value.has_value(); }
};

[[nodiscard]] policy_result compile_policy(const policy_config& config);

// The kind of an allow_origins entry, as compile_policy reads it.
enum class origin_entry_kind : std::uint8_t { any, null, exact, wildcard, regex, invalid };
[[nodiscard]] origin_entry_kind classify_origin_entry(std::string_view entry) noexcept;

}  // namespace corsproof
