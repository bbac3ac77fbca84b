// policy_json/src/policy_json.cpp — see corsproof/policy_json.hpp.
#include "corsproof/policy_json.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/parser.hpp>
#include <boost/json/serialize.hpp>

#include <array>
#include <charconv>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <limits>
#include <string>
#include <system_error>
#include <vector>

#include "corsproof/json_quoted.hpp"

namespace corsproof::policy_json {

namespace json = boost::json;

namespace {

parse_result fail(std::string message) { return parse_result{std::nullopt, std::move(message)}; }

std::string field_name(std::string_view prefix, std::string_view field) {
  return std::string(prefix).append(field);
}

// An array of strings; on error, the message names the element.
std::optional<std::string> read_list(const json::value& v, const std::string& field, std::vector<std::string>& out) {
  if (!v.is_array()) return std::string(field).append(": expected an array of strings").append(got(v));
  out.clear();
  out.reserve(v.get_array().size());
  std::size_t i = 0;
  for (const json::value& e : v.get_array()) {
    if (!e.is_string())
      return std::string(field).append("[").append(std::to_string(i)).append("]: expected a string").append(got(e));
    out.emplace_back(e.get_string().data(), e.get_string().size());
    ++i;
  }
  return std::nullopt;
}

}  // namespace

parse_result from_value(const json::value& doc, std::string_view prefix) {
  if (!doc.is_object()) {
    std::string where = prefix.empty() ? std::string("policy") : std::string(prefix.substr(0, prefix.size() - 1));
    return fail(where.append(": expected an object").append(got(doc)));
  }
  return from_object(doc.get_object(), prefix);
}

parse_result from_object(const json::object& doc, std::string_view prefix) {
  policy_config cfg;
  bool has_origins = false;
  for (const auto& kv : doc) {
    const std::string_view key(kv.key().data(), kv.key().size());
    const json::value& v = kv.value();
    const std::string field = field_name(prefix, key);
    const bool known = key == "allow_origins" || key == "allow_methods" || key == "allow_headers" ||
                       key == "expose_headers" || key == "allow_credentials" || key == "max_age" ||
                       key == "allow_private_network" || key == "preflight_status";
    if (!known) {
      std::string where = prefix.empty() ? std::string("policy") : std::string(prefix.substr(0, prefix.size() - 1));
      return fail(where.append(": unknown key ")
                      .append(quoted(key))
                      .append(" (expected allow_origins, allow_methods, allow_headers, expose_headers, "
                              "allow_credentials, max_age, allow_private_network, preflight_status)"));
    }
    if (v.is_null()) continue;  // null means absent: the default applies
    if (key == "allow_origins") {
      if (auto e = read_list(v, field, cfg.allow_origins)) return fail(*e);
      has_origins = true;
    } else if (key == "allow_methods") {
      if (auto e = read_list(v, field, cfg.allow_methods)) return fail(*e);
    } else if (key == "allow_headers") {
      if (auto e = read_list(v, field, cfg.allow_headers)) return fail(*e);
    } else if (key == "expose_headers") {
      if (auto e = read_list(v, field, cfg.expose_headers)) return fail(*e);
    } else if (key == "allow_credentials" || key == "allow_private_network") {
      if (!v.is_bool()) return fail(std::string(field).append(": expected true or false").append(got(v)));
      (key == "allow_credentials" ? cfg.allow_credentials : cfg.allow_private_network) = v.get_bool();
    } else if (key == "max_age") {
      if (v.is_int64()) {
        cfg.max_age = v.get_int64();
      } else if (v.is_uint64()) {
        return fail(std::string(field).append(": ").append(json::serialize(v)).append(" is out of range (0..")
                        .append(std::to_string(max_policy_max_age)).append(")"));
      } else {
        return fail(std::string(field).append(": expected a non-negative integer").append(got(v)));
      }
    } else if (key == "preflight_status") {
      if (v.is_int64() && v.get_int64() >= std::numeric_limits<int>::min() &&
          v.get_int64() <= std::numeric_limits<int>::max()) {
        cfg.preflight_status = static_cast<int>(v.get_int64());
      } else if (v.is_int64() || v.is_uint64()) {
        return fail(std::string(field).append(": ").append(json::serialize(v)).append(" is out of range"));
      } else {
        return fail(std::string(field).append(": expected an integer").append(got(v)));
      }
    }
  }
  if (!has_origins) return fail(field_name(prefix, "allow_origins").append(": required, a non-empty array of strings"));
  return parse_result{std::move(cfg), {}};
}

parse_result parse(std::string_view text) {
  // The oracle's words for a line that is not JSON (docs/cli.md "bad-json"):
  // what is wrong and at which byte (1-based).
  boost::system::error_code ec;
  json::parser parser;
  const std::size_t consumed = parser.write(text.data(), text.size(), ec);
  if (ec)
    return fail("not valid JSON: " + ec.message() + " (at byte " + std::to_string(consumed + 1) + ")");
  return from_value(parser.release());
}

parse_result read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    parse_result r = fail("cannot open " + path);
    r.unreadable = true;
    return r;
  }
  const auto too_large = [&path](std::string_view size) {
    return fail(path + ": " + std::string(size) + "more than the limit of " + std::to_string(max_policy_file_bytes) +
                " bytes (" + std::to_string(max_policy_file_bytes >> 20) + " MiB) for a policy file");
  };
  // A regular file's size is known before reading it: one too large is not
  // read at all. (A pipe or a device is read up to the limit.)
  std::error_code ec;
  if (std::filesystem::is_regular_file(path, ec)) {
    const std::uintmax_t size = std::filesystem::file_size(path, ec);
    if (!ec && size > max_policy_file_bytes) return too_large(std::to_string(size) + " bytes, ");
  }
  std::string text;
  std::array<char, 65536> buf{};
  while (in) {
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    text.append(buf.data(), static_cast<std::size_t>(in.gcount()));
    if (text.size() > max_policy_file_bytes) return too_large("");
  }
  return parse(text);
}

std::string_view type_name(const json::value& v) noexcept {
  switch (v.kind()) {
    case json::kind::null: return "null";
    case json::kind::bool_: return "a boolean";
    case json::kind::int64:
    case json::kind::uint64: return "an integer";
    case json::kind::double_: return "a non-integer number";
    case json::kind::string: return "a string";
    case json::kind::array: return "an array";
    case json::kind::object: return "an object";
  }
  return "?";
}

std::string got(const json::value& v) { return std::string(", got ").append(type_name(v)); }

std::string quoted(std::string_view s) { return corsproof::json_quoted(s); }

}  // namespace corsproof::policy_json
