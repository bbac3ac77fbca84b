// protocol_compare/src/header_comparison.cpp — see corsproof/header_comparison.hpp.
#include "corsproof/header_comparison.hpp"

#include <algorithm>

namespace corsproof::header_comparison {

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::string_view trim_sp_tab(std::string_view s) noexcept {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

void split_into(std::string_view value, bool case_sensitive, std::vector<std::string>& out) {
  for (;;) {
    const std::size_t comma = value.find(',');
    const std::string_view e = trim_sp_tab(value.substr(0, comma));
    if (!e.empty()) out.push_back(case_sensitive ? std::string(e) : lower(e));
    if (comma == std::string_view::npos) break;
    value.remove_prefix(comma + 1);
  }
}

std::string quote(std::string_view s) {
  std::string out = "\"";
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(c);
    } else if (u < 0x20 || u >= 0x7f) {
      static constexpr char hex[] = "0123456789abcdef";
      out += "\\x";
      out.push_back(hex[u >> 4]);
      out.push_back(hex[u & 15]);
    } else {
      out.push_back(c);
    }
  }
  return out + "\"";
}

std::string show(const std::vector<std::string>& v) {
  std::string out = "[";
  for (std::size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + quote(v[i]);
  return out + "]";
}

}  // namespace

bool is_list_valued_header(std::string_view name) noexcept {
  const auto is = [&](std::string_view lower_name) {
    if (name.size() != lower_name.size()) return false;
    for (std::size_t i = 0; i < name.size(); ++i) {
      char c = name[i];
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      if (c != lower_name[i]) return false;
    }
    return true;
  };
  return is("vary") || is("access-control-allow-methods") || is("access-control-allow-headers") ||
         is("access-control-expose-headers");
}

bool list_is_case_sensitive(std::string_view name) noexcept {
  return lower(name) == "access-control-allow-methods";
}

std::vector<std::string> list_elements(const std::vector<std::string>& values, bool case_sensitive) {
  std::vector<std::string> out;
  for (const std::string& v : values) split_into(v, case_sensitive, out);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

void header_set::add(std::string_view name, std::string_view value) {
  const std::string n = lower(name);
  raw_[n].emplace_back(value);
  std::vector<std::string>& c = canonical_[n];
  if (is_list_valued_header(n)) {
    split_into(value, list_is_case_sensitive(n), c);
    std::sort(c.begin(), c.end());
    c.erase(std::unique(c.begin(), c.end()), c.end());
  } else {
    c.emplace(std::upper_bound(c.begin(), c.end(), trim_sp_tab(value)), trim_sp_tab(value));
  }
}

std::optional<std::string> header_set::difference(const header_set& other, std::string_view mine,
                                                  std::string_view theirs) const {
  const std::string a(mine), b(theirs);
  for (const auto& [name, values] : other.raw_)
    if (!raw_.count(name)) return "header " + quote(name) + ": " + a + " has none, " + b + " has " + show(values);
  for (const auto& [name, values] : raw_)
    if (!other.raw_.count(name)) return "header " + quote(name) + ": " + a + " has " + show(values) + ", " + b + " has none";
  for (const auto& [name, elements] : canonical_) {
    const std::vector<std::string>& theirs_elements = other.canonical_.at(name);
    if (elements == theirs_elements) continue;
    if (is_list_valued_header(name))
      return "header " + quote(name) + " (as a set): " + a + " " + show(elements) + ", " + b + " " +
             show(theirs_elements) + " (" + a + " values " + show(raw_.at(name)) + ", " + b + " values " +
             show(other.raw_.at(name)) + ")";
    return "header " + quote(name) + ": " + a + " " + show(raw_.at(name)) + ", " + b + " " + show(other.raw_.at(name));
  }
  return std::nullopt;
}

}  // namespace corsproof::header_comparison
