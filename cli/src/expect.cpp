// cli/src/expect.cpp — see expect.hpp.
#include "expect.hpp"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <utility>

#include "corsproof/header_comparison.hpp"

namespace corsproof::cli {

namespace json = boost::json;

namespace {

// The header list as the protocol compares it; false when `v` is not an
// array of [string, string] pairs.
bool to_header_set(const json::value& v, corsproof::header_comparison::header_set& out) {
  const json::array* a = v.if_array();
  if (a == nullptr) return false;
  for (const json::value& e : *a) {
    const json::array* pair = e.if_array();
    if (pair == nullptr || pair->size() != 2 || !(*pair)[0].is_string() || !(*pair)[1].is_string()) return false;
    const json::string& n = (*pair)[0].get_string();
    const json::string& val = (*pair)[1].get_string();
    out.add(std::string_view(n.data(), n.size()), std::string_view(val.data(), val.size()));
  }
  return true;
}

bool is_number(const json::value& v) { return v.is_int64() || v.is_uint64() || v.is_double(); }

bool json_equal(const json::value& a, const json::value& b) {
  if (is_number(a) && is_number(b) && (a.is_double() || b.is_double())) {
    return a.to_number<double>() == b.to_number<double>();
  }
  if (a.is_array() && b.is_array()) {
    const json::array& x = a.get_array();
    const json::array& y = b.get_array();
    if (x.size() != y.size()) return false;
    for (std::size_t i = 0; i < x.size(); ++i) {
      if (!json_equal(x[i], y[i])) return false;
    }
    return true;
  }
  if (a.is_object() && b.is_object()) {
    const json::object& x = a.get_object();
    const json::object& y = b.get_object();
    if (x.size() != y.size()) return false;
    for (const auto& kv : x) {
      const json::value* other = y.if_contains(kv.key());
      if (other == nullptr || !json_equal(kv.value(), *other)) return false;
    }
    return true;
  }
  return a == b;
}

std::string text(const json::value* v) { return v == nullptr ? std::string("absent") : json::serialize(*v); }

// The arrays of objects of protocol 1.1 answers: compared element by
// element, each element on the keys given, their length pinned.
bool is_element_wise(std::string_view key) { return key == "hops" || key == "fetches" || key == "cache_after"; }

// `path` names the field ("fetches[0].hops[1].preflight"); `key` is its last
// member name ("preflight"; "" for an array element).
void compare_field(const std::string& path, std::string_view key, const json::value& expected, const json::value* got,
                   bool top_level, std::vector<mismatch>& out) {
  if (top_level && path == "headers" && expected.is_array()) {
    if (got == nullptr || !headers_equivalent(expected, *got)) out.push_back({path, text(&expected), text(got)});
    return;
  }
  if (expected.is_object() && got != nullptr && got->is_object()) {
    for (const auto& kv : expected.get_object()) {
      compare_field(path + "." + std::string(kv.key()), kv.key(), kv.value(), got->get_object().if_contains(kv.key()),
                    false, out);
    }
    return;
  }
  if (is_element_wise(key) && expected.is_array() && got != nullptr && got->is_array()) {
    const json::array& x = expected.get_array();
    const json::array& y = got->get_array();
    if (x.size() != y.size()) {
      out.push_back({path + ".length", std::to_string(x.size()), std::to_string(y.size())});
    }
    for (std::size_t i = 0; i < x.size() && i < y.size(); ++i) {
      compare_field(path + "[" + std::to_string(i) + "]", {}, x[i], &y[i], false, out);
    }
    return;
  }
  if (got == nullptr || !json_equal(expected, *got)) out.push_back({path, text(&expected), text(got)});
}

}  // namespace

bool headers_equivalent(const json::value& a, const json::value& b) {
  corsproof::header_comparison::header_set ca;
  corsproof::header_comparison::header_set cb;
  if (!to_header_set(a, ca) || !to_header_set(b, cb)) return json_equal(a, b);
  return ca == cb;
}

void compare_expect(const json::object& expect, const json::object& answer, std::vector<mismatch>& out) {
  const json::value* error = answer.if_contains("error");
  if (error != nullptr && !expect.contains("error")) {
    out.push_back({"error", "no error", text(error)});
    return;
  }
  for (const auto& kv : expect) {
    compare_field(std::string(kv.key()), kv.key(), kv.value(), answer.if_contains(kv.key()), true, out);
  }
}

case_result judge(std::string_view line, const answer& a) {
  case_result r;
  boost::system::error_code ec;
  const json::value got = json::parse(json::string_view(a.json.data(), a.json.size()), ec);
  const json::object* answer_object = ec ? nullptr : got.if_object();
  if (answer_object == nullptr) {  // cannot happen: the oracle writes an object
    r.outcome = verdict::failed;
    r.id.push_back('?');  // not r.id = "?": GCC 12 -O3 -Wrestrict false positive
    r.mismatches.push_back({"answer", "a JSON object", std::string(a.json)});
    return r;
  }
  if (const json::value* id = answer_object->if_contains("id"); id != nullptr && id->is_string()) {
    r.id = std::string(id->get_string().data(), id->get_string().size());
  }

  const json::object* expect = nullptr;
  json::value doc;
  if (!line.empty() && line.size() <= max_line_bytes) {
    doc = json::parse(json::string_view(line.data(), line.size()), ec);
    if (!ec && doc.is_object()) {
      if (const json::value* e = doc.get_object().if_contains("expect")) {
        if (!e->is_object()) {
          r.outcome = verdict::failed;
          r.mismatches.push_back({"expect", "an object", json::serialize(*e)});
          return r;
        }
        expect = &e->get_object();
      }
    }
  }
  if (expect == nullptr) {
    if (a.bad()) {
      r.outcome = verdict::failed;
      r.mismatches.push_back({"error", "no error", text(answer_object->if_contains("error"))});
    } else {
      r.outcome = verdict::skipped;
    }
    return r;
  }
  compare_expect(*expect, *answer_object, r.mismatches);
  r.outcome = r.mismatches.empty() ? verdict::passed : verdict::failed;
  return r;
}

}  // namespace corsproof::cli
