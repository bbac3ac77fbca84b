// audit/src/policy_json.cpp — see corsproof/policy_json.hpp.
#include "corsproof/policy_json.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <array>
#include <fstream>
#include <string>
#include <vector>

namespace corsproof::policy_json {

namespace json = boost::json;

namespace {

parse_result fail(std::string message) { return parse_result{std::nullopt, std::move(message)}; }

bool read_strings(const json::value& v, std::string_view field, std::vector<std::string>& out, std::string& err) {
  if (!v.is_array()) {
    err = std::string(field) + ": expected an array of strings";
    return false;
  }
  out.clear();
  for (const json::value& e : v.get_array()) {
    if (!e.is_string()) {
      err = std::string(field) + ": expected an array of strings";
      return false;
    }
    out.emplace_back(e.get_string().data(), e.get_string().size());
  }
  return true;
}

}  // namespace

parse_result parse(std::string_view text) {
  boost::system::error_code ec;
  const json::value doc = json::parse(json::string_view(text.data(), text.size()), ec);
  if (ec) return fail("not JSON: " + ec.message());
  if (!doc.is_object()) return fail("a policy must be a JSON object");
  policy_config c;
  std::string err;
  bool has_origins = false;
  for (const auto& kv : doc.get_object()) {
    const std::string_view key(kv.key().data(), kv.key().size());
    const json::value& v = kv.value();
    if (key == "allow_origins") {
      has_origins = true;
      if (!read_strings(v, key, c.allow_origins, err)) return fail(err);
    } else if (key == "allow_methods") {
      if (!read_strings(v, key, c.allow_methods, err)) return fail(err);
    } else if (key == "allow_headers") {
      if (!read_strings(v, key, c.allow_headers, err)) return fail(err);
    } else if (key == "expose_headers") {
      if (!read_strings(v, key, c.expose_headers, err)) return fail(err);
    } else if (key == "allow_credentials" || key == "allow_private_network") {
      if (!v.is_bool()) return fail(std::string(key) + ": expected a boolean");
      (key == "allow_credentials" ? c.allow_credentials : c.allow_private_network) = v.get_bool();
    } else if (key == "max_age") {
      if (v.is_null()) continue;
      if (v.is_int64()) {
        c.max_age = v.get_int64();
      } else if (v.is_uint64()) {
        return fail("max_age: out of range");
      } else {
        return fail("max_age: expected an integer");
      }
    } else if (key == "preflight_status") {
      if (!v.is_int64() || v.get_int64() < 0 || v.get_int64() > 999) return fail("preflight_status: expected 200 or 204");
      c.preflight_status = static_cast<int>(v.get_int64());
    } else {
      return fail("unknown policy key \"" + std::string(key) + "\"");
    }
  }
  if (!has_origins) return fail("allow_origins: required");
  return parse_result{std::move(c), {}};
}

parse_result read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail("cannot open " + path);
  std::string text;
  constexpr std::size_t max_bytes = 1 << 20;
  std::array<char, 65536> buf{};
  while (in) {
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    text.append(buf.data(), static_cast<std::size_t>(in.gcount()));
    if (text.size() > max_bytes) return fail(path + ": larger than 1 MiB");
  }
  return parse(text);
}

}  // namespace corsproof::policy_json
