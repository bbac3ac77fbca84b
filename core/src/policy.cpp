// Compiling the protocol's policy object (shared/oracle-protocol.md "Policy
// object"), with every refusal named. Allocation happens here, never in
// evaluation.
#include "corsproof/policy.hpp"

#include <functional>
#include <string>

#include "bytes.hpp"
#include "canonical_spelling.hpp"
#include "corsproof/http.hpp"
#include "corsproof/json_quoted.hpp"
#include "corsproof/method.hpp"
#include "corsproof/origin_pattern.hpp"
#include "policy_impl.hpp"

namespace corsproof {

// ---- origin_set -------------------------------------------------------------

namespace {
std::uint64_t hash_bytes(std::string_view s) noexcept { return std::hash<std::string_view>{}(s); }
}  // namespace

void origin_set::build(const std::vector<std::string>& origins) {
  std::size_t capacity = 8;
  while (capacity < origins.size() * 2) capacity *= 2;
  slots_.assign(capacity, slot{});
  mask_ = capacity - 1;
  size_ = 0;
  arena_.clear();
  for (const auto& o : origins) {
    if (contains(o)) continue;
    const std::uint64_t h = hash_bytes(o);
    std::size_t i = h & mask_;
    while (slots_[i].length != 0) i = (i + 1) & mask_;
    slots_[i] = slot{h, static_cast<std::uint32_t>(arena_.size()), static_cast<std::uint32_t>(o.size())};
    arena_ += o;
    ++size_;
  }
}

bool origin_set::contains(std::string_view s) const noexcept {
  if (slots_.empty() || s.empty()) return false;
  const std::uint64_t h = hash_bytes(s);
  for (std::size_t i = h & mask_;; i = (i + 1) & mask_) {
    const slot& e = slots_[i];
    if (e.length == 0) return false;
    if (e.hash == h && e.length == s.size() && std::string_view(arena_).substr(e.offset, e.length) == s) return true;
  }
}

// ---- matching -----------------------------------------------------------------

namespace {
// A DNS label as corsproof's wildcard accepts it: [a-z0-9_-]+.
bool is_wildcard_label_run(std::string_view labels) noexcept {
  if (labels.empty()) return false;
  std::size_t label_len = 0;
  for (char c : labels) {
    if (c == '.') {
      if (label_len == 0) return false;
      label_len = 0;
    } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_') {
      ++label_len;
    } else {
      return false;
    }
  }
  return label_len != 0;
}
}  // namespace

bool policy_impl::pattern_origin_allowed(std::string_view text, const serialized_origin& o) const noexcept {
  // Protocol v1.1 "Policy object": "*" matches every origin, `null` included;
  // otherwise `null` only when listed explicitly.
  if (any_origin) return true;
  if (o.opaque) return allow_null;
  for (const auto& w : wildcards) {
    if (o.kind != host_kind::domain || o.scheme != w.scheme || o.port_text != w.port) continue;
    if (o.host.size() <= w.suffix.size() || !o.host.ends_with(w.suffix)) continue;
    if (is_wildcard_label_run(o.host.substr(0, o.host.size() - w.suffix.size()))) return true;
  }
  if (regexes) return regexes->Match(text, nullptr);
  return false;
}

bool policy_impl::method_listed(std::string_view method) const noexcept {
  for (const auto& m : methods)
    if (m == method) return true;
  return false;
}

bool policy_impl::header_listed(std::string_view name) const noexcept {
  for (const auto& h : headers)
    if (iequals(h, name)) return true;
  return false;
}

// ---- policy -------------------------------------------------------------------

policy::policy(std::unique_ptr<policy_impl> impl) noexcept : impl_(std::move(impl)) {}
policy::policy(policy&&) noexcept = default;
policy& policy::operator=(policy&&) noexcept = default;
policy::~policy() = default;
bool policy::any_origin() const noexcept { return impl_->any_origin; }
bool policy::credentials() const noexcept { return impl_->credentials; }
bool policy::depends_on_origin() const noexcept { return !(impl_->any_origin && !impl_->credentials); }
bool policy::any_method() const noexcept { return impl_->any_method; }
std::span<const std::string> policy::methods() const noexcept { return impl_->methods; }
bool policy::any_header() const noexcept { return impl_->any_header; }
std::span<const std::string> policy::headers() const noexcept { return impl_->headers; }
std::span<const std::string> policy::expose_headers() const noexcept { return impl_->expose_names; }
std::optional<std::int64_t> policy::max_age() const noexcept {
  return impl_->has_max_age ? std::optional<std::int64_t>(impl_->max_age_seconds) : std::nullopt;
}
bool policy::private_network() const noexcept { return impl_->private_network; }
int policy::preflight_status() const noexcept { return impl_->preflight_status; }

origin_entry_kind classify_origin_entry(std::string_view entry) noexcept {
  if (entry == "*") return origin_entry_kind::any;
  if (entry == "null") return origin_entry_kind::null;
  if (entry.starts_with("re:")) return origin_entry_kind::regex;
  if (entry.find("://*.") != std::string_view::npos) return origin_entry_kind::wildcard;
  if (entry.find('*') != std::string_view::npos) return origin_entry_kind::invalid;
  return origin_entry_kind::exact;
}

namespace {

// Why an exact entry is refused, or "" when it is a canonical serialized
// origin (docs/protocol-decisions.md "Policy loading"). The suggestion is
// worked out only on refusal.
std::string exact_entry_problem(std::string_view e) {
  const origin_parse_result r = parse_serialized_origin(e);
  if (r.ok() && is_canonical(r.origin)) return {};
  const std::string canonical = detail::canonical_spelling(e);
  const bool offer = !canonical.empty() && canonical != e && parse_well_formed_origin(canonical).ok() &&
                     classify_origin_entry(canonical) == origin_entry_kind::exact;
  const std::string fix = offer ? "; write it as " + json_quoted(canonical) : std::string();
  if (!r.ok()) {
    if (offer) return "not a serialized origin (" + std::string(to_string(r.status)) + ")" + fix;
    return "not a serialized origin scheme://host[:port] (" + std::string(to_string(r.status)) + ")";
  }
  if (r.origin.kind != host_kind::domain)
    return "not in the form a browser sends (lower case, no default port, the IP address as the URL Standard "
           "serializes it)" + fix;
  return "not in the form a browser sends (lower case, no default port)" + fix;
}

}  // namespace

struct policy_compiler {
  static policy make(std::unique_ptr<policy_impl> impl) { return policy(std::move(impl)); }
};

policy_result compile_policy(const policy_config& c) {
  auto impl = std::make_unique<policy_impl>();
  auto refuse = [](std::string message) { return policy_result{std::nullopt, std::move(message)}; };

  // allow_origins (required, non-empty).
  if (c.allow_origins.empty()) return refuse("allow_origins: must list at least one origin");
  if (c.allow_origins.size() > max_policy_origins)
    return refuse("allow_origins: more than " + std::to_string(max_policy_origins) + " entries");
  std::vector<std::string> exact;
  std::vector<std::string> regex_patterns;
  for (std::size_t i = 0; i < c.allow_origins.size(); ++i) {
    const std::string& e = c.allow_origins[i];
    const std::string where = "allow_origins[" + std::to_string(i) + "] " + json_quoted(e);
    if (e.size() > max_policy_entry_bytes)
      return refuse(where.substr(0, 40) + "...: longer than " + std::to_string(max_policy_entry_bytes) + " bytes");
    switch (classify_origin_entry(e)) {
      case origin_entry_kind::any:
        if (c.allow_origins.size() != 1) return refuse(where + ": \"*\" must be the only entry");
        if (c.allow_credentials)
          return refuse(where + ": \"*\" cannot be combined with allow_credentials: true (a server must never "
                                "grant credentials to every origin); list the trusted origins instead");
        impl->any_origin = true;
        break;
      case origin_entry_kind::null:
        impl->allow_null = true;
        break;
      case origin_entry_kind::regex: {
        std::string pattern = e.substr(3);
        RE2 probe(pattern, RE2::Quiet);
        if (!probe.ok()) return refuse(where + ": the pattern does not compile with RE2: " + probe.error());
        regex_patterns.push_back(std::move(pattern));
        break;
      }
      case origin_entry_kind::invalid:
        return refuse(where + ": \"*\" is only allowed alone or as the whole first label of a host "
                              "(scheme://*.example.com[:port])");
      case origin_entry_kind::wildcard: {
        origin_pattern_result w = parse_origin_pattern(e);
        if (!w.ok()) return refuse(where + ": " + w.error);
        impl->wildcards.push_back(wildcard_pattern{std::move(w.value->scheme), "." + w.value->suffix,
                                                   std::move(w.value->port)});
        break;
      }
      case origin_entry_kind::exact: {
        if (std::string why = exact_entry_problem(e); !why.empty()) return refuse(where + ": " + why);
        exact.push_back(e);
        break;
      }
    }
  }
  impl->exact_origins.build(exact);
  if (!regex_patterns.empty()) {
    RE2::Options options;
    options.set_log_errors(false);
    impl->regexes = std::make_unique<RE2::Set>(options, RE2::ANCHOR_BOTH);
    for (const auto& p : regex_patterns) {
      std::string error;
      if (impl->regexes->Add(p, &error) < 0) return refuse("allow_origins: re:" + p + ": " + error);
    }
    if (!impl->regexes->Compile()) return refuse("allow_origins: the re: patterns are too large for RE2 to compile");
  }

  // allow_methods
  if (c.allow_methods.size() > max_policy_names)
    return refuse("allow_methods: more than " + std::to_string(max_policy_names) + " entries");
  for (std::size_t i = 0; i < c.allow_methods.size(); ++i) {
    const std::string& m = c.allow_methods[i];
    if (m == "*") {
      impl->any_method = true;
      continue;
    }
    if (m.size() > max_policy_entry_bytes)
      return refuse("allow_methods[" + std::to_string(i) + "] " + json_quoted(m.substr(0, 40)) + "...: longer than " +
                    std::to_string(max_policy_entry_bytes) + " bytes");
    if (!is_method(m))
      return refuse("allow_methods[" + std::to_string(i) + "] " + json_quoted(m) +
                    ": not a method token (RFC 9110 §9.1)");
    // The six methods Fetch normalizes are upper-cased on load; others keep
    // their case (`patch` is not `PATCH`).
    impl->methods.emplace_back(normalize_method(m));
  }

  // allow_headers, expose_headers
  auto load_names = [&](const std::vector<std::string>& names, const char* field, bool& any,
                        std::vector<std::string>* lowered) -> std::string {
    if (names.size() > max_policy_names)
      return std::string(field) + ": more than " + std::to_string(max_policy_names) + " entries";
    for (std::size_t i = 0; i < names.size(); ++i) {
      const std::string& n = names[i];
      if (n == "*") {
        any = true;
        continue;
      }
      if (n.size() > max_policy_entry_bytes)
        return std::string(field) + "[" + std::to_string(i) + "] " + json_quoted(n.substr(0, 40)) +
               "...: longer than " + std::to_string(max_policy_entry_bytes) + " bytes";
      if (!is_token(n))
        return std::string(field) + "[" + std::to_string(i) + "] " + json_quoted(n) +
               ": not a header field name (RFC 9110 §5.1 token)";
      if (lowered) {
        std::string l;
        for (unsigned char ch : n) l.push_back(static_cast<char>(detail::ascii_lower(ch)));
        lowered->push_back(std::move(l));
      }
    }
    return {};
  };
  if (auto err = load_names(c.allow_headers, "allow_headers", impl->any_header, &impl->headers); !err.empty())
    return refuse(err);
  bool expose_any = false;
  if (auto err = load_names(c.expose_headers, "expose_headers", expose_any, nullptr); !err.empty()) return refuse(err);
  for (const auto& n : c.expose_headers) {
    // With credentials a "*" would only expose a header literally named "*".
    if (n == "*" && c.allow_credentials) continue;
    if (!impl->expose_value.empty()) impl->expose_value += ", ";
    impl->expose_value += n;
    impl->expose_names.push_back(n);
  }

  if (impl->expose_value.size() > max_policy_expose_bytes)
    return refuse("expose_headers: the Access-Control-Expose-Headers value would exceed " +
                  std::to_string(max_policy_expose_bytes) + " bytes");
  impl->credentials = c.allow_credentials;
  impl->private_network = c.allow_private_network;
  if (c.max_age) {
    if (*c.max_age < 0 || *c.max_age > max_policy_max_age)
      return refuse("max_age: " + std::to_string(*c.max_age) + " is outside 0.." + std::to_string(max_policy_max_age));
    impl->has_max_age = true;
    impl->max_age_value = std::to_string(*c.max_age);
    impl->max_age_seconds = *c.max_age;
  }
  if (c.preflight_status != 200 && c.preflight_status != 204)
    return refuse("preflight_status: " + std::to_string(c.preflight_status) + " must be 200 or 204");
  impl->preflight_status = c.preflight_status;
  return policy_result{policy_compiler::make(std::move(impl)), {}};
}

}  // namespace corsproof
