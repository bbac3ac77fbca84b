// Compiling the protocol's policy object (docs/protocol.md §4 "The policy
// object"), with every refusal named. Allocation happens here, never in
// evaluation.
#include "corsproof/policy.hpp"

#include <algorithm>
#include <bit>
#include <string>
#include <unordered_set>

#include "bytes.hpp"
#include "header_name_table.hpp"
#include "canonical_spelling.hpp"
#include "corsproof/http.hpp"
#include "corsproof/json_quoted.hpp"
#include "corsproof/method.hpp"
#include "corsproof/origin_pattern.hpp"
#include "policy_impl.hpp"

namespace corsproof {

// ---- origin_set -------------------------------------------------------------

void origin_set::build(std::span<const std::string_view> origins) {
  std::size_t capacity = 8;
  while (capacity < origins.size() * 2) capacity *= 2;
  slots_.assign(capacity, slot{});
  mask_ = capacity - 1;
  size_ = 0;
  arena_.clear();
  std::size_t bytes = 0;
  for (const std::string_view o : origins) bytes += o.size();
  arena_.reserve(bytes);  // one allocation, no copy of the arena as it grows
  for (const std::string_view o : origins) {
    const std::uint64_t h = detail::hash_bytes(o);  // once an entry
    slot& e = slots_[probe(o, h)];
    if (e.length != 0) continue;  // a repeated entry
    e = slot{h, static_cast<std::uint32_t>(arena_.size()), static_cast<std::uint32_t>(o.size())};
    arena_ += o;
    ++size_;
  }
}

// Inline: contains is probe and one load.
inline std::size_t origin_set::probe(std::string_view s, std::uint64_t h) const noexcept {
  for (std::size_t i = h & mask_;; i = (i + 1) & mask_) {
    const slot& e = slots_[i];
    if (e.length == 0) return i;
    if (e.hash == h && e.length == s.size() && detail::same_bytes(arena_.data() + e.offset, s.data(), s.size()))
      return i;
  }
}

bool origin_set::contains(std::string_view s) const noexcept {
  if (size_ == 0 || s.empty()) return false;
  return slots_[probe(s, detail::hash_bytes(s))].length != 0;
}

// ---- name_set -----------------------------------------------------------------

inline std::uint64_t name_set::key_of(const char* p, std::size_t n, const char* limit) const noexcept {
  if (case_insensitive_) return detail::name_key(p, n, limit, keys_);
  // Byte for byte: the same shape without lower-casing.
  if (n <= 8) return detail::prefix8(p, n, limit);
  return detail::hash_bytes(std::string_view(p, n)) ^ keys_.seed;
}

inline std::size_t name_set::slot_of(std::uint64_t key, std::size_t n) const noexcept {
  std::uint64_t h = (key ^ keys_.seed ^ n) * keys_.multiplier;
  h = (h ^ (h >> 29)) * 0xBF58476D1CE4E5B9ULL;
  return static_cast<std::size_t>(h >> shift_);
}

inline bool name_set::same(const char* p, std::size_t n, std::uint32_t offset) const noexcept {
  // Browsers send names in lower case: bytes first.
  const char* stored = arena_.data() + offset;
  if (detail::same_bytes(stored, p, n)) return true;
  return case_insensitive_ && detail::equals_lower_literal(std::string_view(p, n), std::string_view(stored, n));
}

void name_set::build(const std::vector<std::string>& names, bool case_insensitive) {
  case_insensitive_ = case_insensitive;
  keys_ = detail::process_hash_keys();
  slots_.clear();
  listed_.clear();
  arena_.clear();
  std::vector<slot> distinct;
  std::unordered_set<std::string> seen;
  for (const std::string& name : names) {
    if (name.empty()) continue;
    std::string stored = name;
    if (case_insensitive)
      for (char& c : stored) c = static_cast<char>(detail::ascii_lower(static_cast<unsigned char>(c)));
    if (!seen.insert(stored).second) continue;
    distinct.push_back(slot{key_of(stored.data(), stored.size(), stored.data() + stored.size()),
                            static_cast<std::uint32_t>(arena_.size()), static_cast<std::uint32_t>(stored.size())});
    arena_ += stored;
  }
  short_inline_ = !case_insensitive && distinct.size() <= direct;
  short_ci_count_ = 0;
  const bool all_short = std::all_of(distinct.begin(), distinct.end(), [](const slot& d) { return d.length <= 16; });
  if (case_insensitive && distinct.size() <= direct && all_short) {
    for (const slot& d : distinct) {
      const char* stored = arena_.data() + d.offset;
      short_ci_[short_ci_count_++] =
          short_ci_entry{detail::prefix8(stored, d.length, stored + d.length), short_last(stored, d.length), d.length};
    }
  }
  if (distinct.size() <= direct) {
    listed_ = std::move(distinct);
    return;
  }
  std::size_t capacity = 8;
  while (capacity < distinct.size() * 4) capacity *= 2;
  slots_.assign(capacity, slot{});
  mask_ = capacity - 1;
  shift_ = 64 - static_cast<unsigned>(std::countr_zero(capacity));
  for (const slot& d : distinct) {
    std::size_t i = slot_of(d.key, d.length) & mask_;
    while (slots_[i].length != 0) i = (i + 1) & mask_;
    slots_[i] = d;
  }
}

bool name_set::contains_listed(const char* p, std::size_t n, const char* limit) const noexcept {
  if (n == 0) return false;
  if (slots_.empty()) {
    // Names of up to eight bytes are their keys (key_of): one word compare.
    if (n <= 8) return listed_key(key_of(p, n, limit), n);
    for (const slot& e : listed_)
      if (e.length == n && same(p, n, e.offset)) return true;
    return false;
  }
  const std::uint64_t key = key_of(p, n, limit);
  for (std::size_t i = slot_of(key, n) & mask_;; i = (i + 1) & mask_) {
    const slot& e = slots_[i];
    if (e.length == 0) return false;
    if (e.key == key && e.length == n && (n <= 8 || same(p, n, e.offset))) return true;
  }
}

// ---- wildcard_index -------------------------------------------------------------

namespace {
bool is_label_byte(char c) noexcept { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'; }
// What "*" stands for: one or more non-empty labels of [a-z0-9_-].
bool is_label_run(std::string_view s) noexcept {
  if (s.empty() || s.front() == '.' || s.back() == '.') return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '.') {
      if (s[i - 1] == '.') return false;
    } else if (!is_label_byte(s[i])) {
      return false;
    }
  }
  return true;
}
}  // namespace

std::uint64_t wildcard_index::scheme_port_hash(std::string_view scheme, std::string_view port) const noexcept {
  std::string_view parts[] = {scheme, port};
  std::uint64_t h = 0x51ED27F1D3A8B6C5ULL;
  for (std::string_view part : parts) {
    for (char c : part) h = (h ^ static_cast<unsigned char>(c)) * 0x100000001B3ULL;
    h = (h ^ 0xFF) * 0x100000001B3ULL;  // a separator
  }
  return h * 0x9E3779B97F4A7C15ULL;
}

void wildcard_index::build(std::vector<wildcard_pattern> patterns) {
  // The patterns stay where they are: a repeated one is dropped by moving the
  // next kept one into its place (no second array of them: a 65,536-entry
  // policy's would be megabytes more to allocate and fault in).
  patterns_ = std::move(patterns);
  const std::size_t given = patterns_.size();
  std::size_t kept = 0;
  slots_.clear();
  suffix_lengths_.assign(max_policy_entry_bytes / 64 + 1, 0);
  longest_ = 0;
  const detail::hash_keys& keys = detail::process_hash_keys();
  base_ = keys.multiplier;
  multiplier_ = keys.seed | 1;
  std::size_t capacity = 8;
  while (capacity < given * 2) capacity *= 2;
  slots_.assign(capacity, slot{});
  shift_ = 64 - static_cast<unsigned>(std::countr_zero(capacity));
  for (std::size_t given_at = 0; given_at < given; ++given_at) {
    wildcard_pattern& stored = patterns_[given_at];
    std::uint64_t h = 0;
    for (std::size_t k = stored.suffix.size(); k-- > 0;) h = h * base_ + static_cast<unsigned char>(stored.suffix[k]);
    h ^= scheme_port_hash(stored.scheme, stored.port);
    std::size_t i = slot_of(h);
    bool duplicate = false;
    for (; slots_[i].pattern != 0; i = (i + 1) & (slots_.size() - 1)) {
      const wildcard_pattern& other = patterns_[slots_[i].pattern - 1];
      if (slots_[i].hash == h && other.suffix == stored.suffix && other.scheme == stored.scheme &&
          other.port == stored.port) {
        duplicate = true;
        break;
      }
    }
    if (duplicate) continue;
    const std::size_t n = stored.suffix.size();
    if (n / 64 < suffix_lengths_.size()) suffix_lengths_[n / 64] |= std::uint64_t{1} << (n % 64);
    if (n > longest_) longest_ = n;
    if (kept != given_at) patterns_[kept] = std::move(stored);
    ++kept;
    slots_[i] = slot{h, static_cast<std::uint32_t>(kept)};
  }
  patterns_.erase(patterns_.begin() + static_cast<std::ptrdiff_t>(kept), patterns_.end());
}

bool wildcard_index::matches(const serialized_origin& o) const noexcept {
  if (patterns_.empty() || o.kind != host_kind::domain) return false;
  const std::string_view host = o.host;
  const std::uint64_t sp = scheme_port_hash(o.scheme, o.port_text);
  // From the host's end: the hash of each suffix extends the previous one
  // by a byte (a polynomial in a per-process base); a suffix that follows a
  // "." and has a pattern's length is looked up. No suffix longer than the
  // longest pattern's is read.
  const std::size_t stop = host.size() > longest_ + 1 ? host.size() - longest_ : 1;
  std::uint64_t h = 0;
  for (std::size_t j = host.size(); j-- > stop;) {
    h = h * base_ + static_cast<unsigned char>(host[j]);
    if (host[j - 1] != '.') continue;
    const std::size_t n = host.size() - j;
    if ((suffix_lengths_[n / 64] >> (n % 64) & 1) == 0) continue;
    const std::uint64_t key = h ^ sp;
    for (std::size_t i = slot_of(key); slots_[i].pattern != 0; i = (i + 1) & (slots_.size() - 1)) {
      if (slots_[i].hash != key) continue;
      const wildcard_pattern& w = patterns_[slots_[i].pattern - 1];
      if (w.suffix == host.substr(j) && w.scheme == o.scheme && w.port == o.port_text &&
          is_label_run(host.substr(0, j - 1)))
        return true;
    }
  }
  return false;
}

bool policy_impl::pattern_origin_allowed(std::string_view text, const serialized_origin& o) const noexcept {
  // Protocol v1.1 "Policy object": "*" matches every origin, `null` included;
  // otherwise `null` only when listed explicitly.
  if (any_origin) return true;
  if (o.opaque) return allow_null;
  if (wildcard_lookup.matches(o)) return true;
  if (regexes) return regexes->Match(text, nullptr);
  return false;
}

bool policy_impl::header_listed(std::string_view name) const noexcept { return header_lookup.contains(name); }

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
  // parse_serialized_origin then is_canonical, with parse_well_formed_origin's
  // fast path for the origins browsers send (most entries); the parts are
  // parsed again only to word a refusal.
  if (parse_well_formed_origin(e).ok()) return {};
  const origin_parse_result r = parse_serialized_origin(e);
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
  std::vector<std::string_view> exact;  // views of c.allow_origins
  exact.reserve(c.allow_origins.size());
  std::vector<wildcard_pattern> wildcards;
  std::vector<std::string> regex_patterns;
  for (std::size_t i = 0; i < c.allow_origins.size(); ++i) {
    const std::string& e = c.allow_origins[i];
    // The entry as a refusal names it, spelled only for a refusal (a
    // 65,536-entry policy would otherwise format 65,536 of them).
    const auto where = [&e, i] { return "allow_origins[" + std::to_string(i) + "] " + json_quoted(e); };
    if (e.size() > max_policy_entry_bytes)
      return refuse(where().substr(0, 40) + "...: longer than " + std::to_string(max_policy_entry_bytes) + " bytes");
    switch (classify_origin_entry(e)) {
      case origin_entry_kind::any:
        if (c.allow_origins.size() != 1) return refuse(where() + ": \"*\" must be the only entry");
        if (c.allow_credentials)
          return refuse(where() + ": \"*\" cannot be combined with allow_credentials: true (a server must never "
                                "grant credentials to every origin); list the trusted origins instead");
        impl->any_origin = true;
        break;
      case origin_entry_kind::null:
        impl->allow_null = true;
        break;
      case origin_entry_kind::regex: {
        std::string pattern = e.substr(3);
        RE2 probe(pattern, RE2::Quiet);
        if (!probe.ok()) return refuse(where() + ": the pattern does not compile with RE2: " + probe.error());
        regex_patterns.push_back(std::move(pattern));
        break;
      }
      case origin_entry_kind::invalid:
        return refuse(where() + ": \"*\" is only allowed alone or as the whole first label of a host "
                              "(scheme://*.example.com[:port])");
      case origin_entry_kind::wildcard: {
        origin_pattern_result w = parse_origin_pattern(e);
        if (!w.ok()) return refuse(where() + ": " + w.error);
        // Room for every entry from here on at once: a long list of
        // patterns is not copied over and over as the vector grows.
        if (wildcards.empty()) wildcards.reserve(c.allow_origins.size() - i);
        wildcards.push_back(
            wildcard_pattern{std::move(w.value->scheme), std::move(w.value->suffix), std::move(w.value->port)});
        break;
      }
      case origin_entry_kind::exact: {
        if (std::string why = exact_entry_problem(e); !why.empty()) return refuse(where() + ": " + why);
        exact.push_back(e);
        break;
      }
    }
  }
  impl->exact_origins.build(exact);
  impl->wildcard_lookup.build(std::move(wildcards));
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
  impl->method_lookup.build(impl->methods, false);
  impl->header_lookup.build(impl->headers, true);
  render_static_answers(*impl);
  return policy_result{policy_compiler::make(std::move(impl)), {}};
}

}  // namespace corsproof
