// The server's policy: validation ("bad-policy") and the W3C CORS 2014
// "list of origins" that §6.1 step 2 and §6.2 step 2 match the `Origin`
// header against, with the entry kinds of docs/protocol.md §4 "The policy object"
// and the rules of docs/protocol-decisions.md ("Origins", "Policy loading").
#include <re2/re2.h>

#include "spec.hpp"

namespace corsproof_model::spec {

namespace {

// RE2 with the default (UTF-8) options and no logging to stderr.
RE2::Options quiet_re2_options() {
  RE2::Options options;
  options.set_log_errors(false);
  return options;
}

// A `scheme://*.suffix[:port]` entry, split into its parts.
struct WildcardEntry {
  std::string scheme, suffix;
  std::optional<std::string> port;
};

std::optional<WildcardEntry> split_wildcard_entry(const std::string& entry) {
  const std::size_t separator = entry.find("://*.");
  if (separator == std::string::npos) return std::nullopt;
  WildcardEntry wildcard;
  wildcard.scheme = entry.substr(0, separator);
  const std::string after = entry.substr(separator + 5);
  const std::size_t colon = after.find(':');
  wildcard.suffix = after.substr(0, colon);
  if (colon != std::string::npos) wildcard.port = after.substr(colon + 1);
  return wildcard;
}

// Decisions page "Policy loading": a wildcard must be `scheme://*.suffix[:port]`
// with a canonical scheme, a canonical, non-IP suffix of at least one label,
// and no default port (nor a port a browser would not serialize so).
// Returns nullopt when valid, else the reason.
std::optional<std::string> wildcard_entry_problem(const std::string& entry) {
  const std::optional<WildcardEntry> wildcard = split_wildcard_entry(entry);
  if (!wildcard) return "not of the form scheme://*.suffix[:port]";
  // Protocol: "*" only as the whole first label.
  if (entry.find('*', entry.find("://*.") + 4) != std::string::npos) return "a second \"*\"";
  if (wildcard->suffix.empty() || wildcard->suffix[0] == '.' || wildcard->suffix[0] == '[') {
    return "not of the form scheme://*.suffix[:port] with a host name suffix";
  }
  // Decisions page: the suffix is non-empty labels; only a trailing dot (one
  // empty label at the end) may end it.
  {
    std::string labels = wildcard->suffix;
    if (ends_with(labels, ".")) labels.pop_back();
    if (labels.empty() || labels.back() == '.' || labels.find("..") != std::string::npos) {
      return "the suffix must be non-empty labels";
    }
  }
  if (byte_lowercase(wildcard->scheme) != wildcard->scheme || byte_lowercase(wildcard->suffix) != wildcard->suffix) {
    return "scheme and suffix must be lower case";
  }
  // Decisions page: a suffix whose last label is a number (URL Standard "ends
  // in a number": the host parser reads it as an IPv4 address) is an IP
  // suffix. So no IPv4 host ever matches a wildcard.
  if (ends_in_a_number(wildcard->suffix)) return "the suffix must be a host name, not an IP address";
  if (wildcard->port) {
    if (wildcard->port->size() > 1 && (*wildcard->port)[0] == '0') return "the port must not have leading zeros";
    if (default_port(wildcard->scheme) == *wildcard->port) return "the default port must not be spelled out";
  }
  // The rest (scheme bytes, suffix bytes, port digits) as for an origin: the
  // origin "scheme://x.suffix[:port]" must be well formed.
  const std::string sample =
      wildcard->scheme + "://x." + wildcard->suffix + (wildcard->port ? ":" + *wildcard->port : "");
  if (!parse_well_formed_tuple_origin(sample)) {
    return "not of the form scheme://*.suffix[:port] with a host name suffix";
  }
  return std::nullopt;
}

std::string quoted(const std::string& s) { return "\"" + s + "\""; }

std::optional<std::string> token_list_problem(const std::string& field, const std::vector<std::string>& list) {
  if (list.size() > 256) return field + ": more than 256 entries";
  for (std::size_t i = 0; i < list.size(); ++i) {
    // Decisions page "Policy loading": each name at most 1024 bytes.
    if (list[i].size() > 1024) return field + "[" + std::to_string(i) + "]: longer than 1024 bytes";
    if (list[i] != "*" && !is_token(list[i])) {
      return field + "[" + std::to_string(i) + "] " + quoted(list[i]) + " is not a token or \"*\"";
    }
  }
  return std::nullopt;
}

}  // namespace

// Protocol "Policy object": which kind of `allow_origins` entry this is.
OriginEntryKind classify_origin_entry(const std::string& entry) {
  if (entry == "*") return OriginEntryKind::any;
  if (entry == "null") return OriginEntryKind::null_origin;
  if (starts_with(entry, "re:")) return OriginEntryKind::regex;
  if (split_wildcard_entry(entry)) return OriginEntryKind::wildcard;
  return OriginEntryKind::exact;
}

bool list_contains_star(const std::vector<std::string>& list) {
  for (const std::string& item : list) {
    if (item == "*") return true;
  }
  return false;
}

// The policy is the single entry "*" (any tuple origin).
bool policy_is_any_origin(const Policy& policy) { return list_contains_star(policy.allow_origins); }

// Does one `allow_origins` entry match a (well-formed, trimmed) request origin?
bool origin_entry_matches(const std::string& entry, const std::string& origin) {
  switch (classify_origin_entry(entry)) {
    case OriginEntryKind::any:
      // Protocol v1.1: "*" matches every origin, `null` included.
      return true;
    case OriginEntryKind::null_origin:
      // Protocol: `null`, the opaque origin, only when listed explicitly.
      return origin == "null";
    case OriginEntryKind::exact:
      // Protocol / W3C §6.1 step 2: a case-sensitive (byte-for-byte) match.
      return origin == entry;
    case OriginEntryKind::regex: {
      // Protocol: RE2, matched against the whole origin; never `null`.
      if (origin == "null") return false;
      const RE2 pattern(entry.substr(3), quiet_re2_options());
      return pattern.ok() && RE2::FullMatch(origin, pattern);
    }
    case OriginEntryKind::wildcard: {
      // Decisions page: exactly that scheme, exactly that port spelling (none
      // when the pattern has none), and a host that is one or more labels of
      // [a-z0-9_-] (non-empty) followed by ".suffix"; never `null`.
      const std::optional<WildcardEntry> wildcard = split_wildcard_entry(entry);
      const std::optional<TupleOrigin> tuple = parse_well_formed_tuple_origin(origin);
      if (!wildcard || !tuple) return false;
      if (tuple->scheme != wildcard->scheme) return false;
      if (tuple->port != wildcard->port) return false;
      const std::string dotted_suffix = "." + wildcard->suffix;
      if (!ends_with(tuple->host, dotted_suffix)) return false;
      const std::string labels = tuple->host.substr(0, tuple->host.size() - dotted_suffix.size());
      if (labels.empty()) return false;  // never `suffix` itself
      std::size_t position = 0;
      while (true) {
        const std::string label = collect_a_sequence(labels, position, [](unsigned char c) { return c != '.'; });
        if (label.empty()) return false;
        for (char ch : label) {
          const unsigned char c = static_cast<unsigned char>(ch);
          if (!is_ascii_lower_alpha(c) && !is_ascii_digit(c) && c != '_' && c != '-') return false;
        }
        if (position >= labels.size()) break;
        ++position;
      }
      return true;
    }
  }
  return false;
}

// W3C CORS §6.1 step 2 / §6.2 step 2: is the `Origin` value a match for any of
// the values in the list of origins?
bool policy_origin_list_matches(const Policy& policy, const std::string& origin) {
  for (const std::string& entry : policy.allow_origins) {
    if (origin_entry_matches(entry, origin)) return true;
  }
  return false;
}

}  // namespace corsproof_model::spec

namespace corsproof_model {

// docs/protocol.md §4 "The policy object" and docs/protocol-decisions.md "Policy
// loading": nullopt when the policy is valid, else the first problem found.
std::optional<std::string> validate_policy(const Policy& policy) {
  using namespace spec;
  // allow_origins: required, non-empty, at most 65536 entries of at most 1024 bytes.
  if (policy.allow_origins.empty()) return std::string("allow_origins must not be empty");
  if (policy.allow_origins.size() > 65536) return std::string("allow_origins: more than 65536 entries");
  for (std::size_t i = 0; i < policy.allow_origins.size(); ++i) {
    const std::string& entry = policy.allow_origins[i];
    const std::string where = "allow_origins[" + std::to_string(i) + "] " + quoted(entry);
    if (entry.size() > 1024) return where.substr(0, 40) + "...: longer than 1024 bytes";
    switch (classify_origin_entry(entry)) {
      case OriginEntryKind::any:
        // "*" must be the only entry, and never with credentials.
        if (policy.allow_origins.size() != 1) return where + ": \"*\" must be the only entry";
        if (policy.allow_credentials) {
          return where + ": \"*\" cannot be combined with allow_credentials: true";
        }
        break;
      case OriginEntryKind::null_origin:
        break;
      case OriginEntryKind::regex: {
        const RE2 pattern(entry.substr(3), quiet_re2_options());
        if (!pattern.ok()) return where + ": the RE2 pattern does not compile: " + pattern.error();
        break;
      }
      case OriginEntryKind::wildcard: {
        if (const std::optional<std::string> problem = wildcard_entry_problem(entry)) {
          return where + ": invalid wildcard: " + *problem;
        }
        break;
      }
      case OriginEntryKind::exact: {
        // Protocol: "*" is only the whole entry or the first label of a
        // wildcard; anywhere else it is refused (though a host may contain it).
        if (entry.find('*') != std::string::npos) {
          return where + ": \"*\" is only allowed alone or as the first label of scheme://*.suffix[:port]";
        }
        // An exact entry must be spelled as a browser serializes the origin.
        const std::optional<std::string> canonical = canonical_origin_spelling(entry);
        if (!canonical) {
          return where +
                 ": not an origin (scheme://host[:port]), a wildcard (scheme://*.suffix[:port]), "
                 "a re: pattern, \"*\" or \"null\"";
        }
        if (*canonical != entry) {
          return where + ": not in the form a browser serializes; the canonical spelling is " + quoted(*canonical);
        }
        break;
      }
    }
  }
  // allow_methods, allow_headers, expose_headers: tokens of at most 1024
  // bytes or "*", at most 256 each.
  if (auto problem = token_list_problem("allow_methods", policy.allow_methods)) return problem;
  if (auto problem = token_list_problem("allow_headers", policy.allow_headers)) return problem;
  if (auto problem = token_list_problem("expose_headers", policy.expose_headers)) return problem;
  // Decisions page: the Access-Control-Expose-Headers value the policy sends
  // (entries joined with ", ", a "*" dropped when credentials are on) is at
  // most 8192 bytes.
  {
    std::string rendered;
    for (const std::string& name : policy.expose_headers) {
      if (name == "*" && policy.allow_credentials) continue;
      if (!rendered.empty()) rendered += ", ";
      rendered += name;
    }
    if (rendered.size() > 8192) return "expose_headers: the Access-Control-Expose-Headers value would exceed 8192 bytes";
  }
  // max_age: an integer 0..2147483647.
  if (policy.max_age && (*policy.max_age < 0 || *policy.max_age > 2147483647LL)) {
    return "max_age " + std::to_string(*policy.max_age) + " is outside 0..2147483647";
  }
  // preflight_status: 200 or 204.
  if (policy.preflight_status != 200 && policy.preflight_status != 204) {
    return "preflight_status " + std::to_string(policy.preflight_status) + " is neither 200 nor 204";
  }
  return std::nullopt;
}

}  // namespace corsproof_model
