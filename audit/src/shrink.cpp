// audit/src/shrink.cpp — shrink_candidates and shrink (corsproof/shrink.hpp).
#include "corsproof/shrink.hpp"

#include <algorithm>
#include <cctype>
#include <limits>
#include <set>
#include <utility>

#include "corsproof/http.hpp"

namespace corsproof::audit {

namespace {

constexpr std::string_view h_origin = "Origin";
constexpr std::string_view h_acrm = "Access-Control-Request-Method";
constexpr std::string_view h_acrh = "Access-Control-Request-Headers";
constexpr std::string_view h_acrpn = "Access-Control-Request-Private-Network";

std::vector<std::string> split_elements(std::string_view v) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = v.find(',', start);
    out.emplace_back(v.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return out;
}

std::string join(const std::vector<std::string>& elements) {
  std::string v;
  for (std::size_t i = 0; i < elements.size(); ++i) v += (i ? "," : "") + elements[i];
  return v;
}

// The values a header's value (or element) moves toward; empty: none.
const std::vector<std::string>* references(std::string_view name, const policy_samples& s) {
  static const std::vector<std::string> true_ref{"true"};
  if (iequals(name, h_origin)) return &s.allowed_origins;
  if (iequals(name, h_acrm)) return &s.methods;
  if (iequals(name, h_acrh)) return &s.header_names;  // replaced by a listed name when that is shorter
  if (iequals(name, h_acrpn)) return &true_ref;
  return nullptr;
}

// The nearest reference and its distance.
std::pair<const std::string*, std::size_t> nearest(std::string_view v, const std::vector<std::string>& refs) {
  const std::string* best = nullptr;
  std::size_t d = std::numeric_limits<std::size_t>::max();
  for (const auto& r : refs) {
    const std::size_t e = edit_distance(v, r);
    if (e < d) {
      d = e;
      best = &r;
    }
  }
  return {best, best == nullptr ? 0 : d};
}

std::size_t value_distance(std::string_view name, std::string_view value, const policy_samples& s) {
  const auto* refs = references(name, s);
  if (refs == nullptr || refs->empty()) return 0;
  // Requested names are not moved toward the listed ones (they shrink by
  // length): "x" says as much as "x-api-kex".
  if (iequals(name, h_acrh)) return 0;
  return nearest(value, *refs).second;
}

bool is_preflight_shape(const probe& r) {
  if (r.method != "OPTIONS") return false;
  return std::any_of(r.headers.begin(), r.headers.end(), [](const auto& h) { return iequals(h.first, h_acrm); });
}

// Every string one edit away from `from` (a character deleted, or replaced
// by or preceded by a character of `to`) that is one edit closer to `to`,
// left to right.
std::vector<std::string> edits_toward(const std::string& from, const std::string& to) {
  const std::size_t d = edit_distance(from, to);
  std::string alphabet;
  for (char c : to)
    if (alphabet.find(c) == std::string::npos) alphabet.push_back(c);
  std::vector<std::string> out;
  std::set<std::string> seen;
  auto consider = [&](std::string s) {
    if (edit_distance(s, to) + 1 == d && seen.insert(s).second) out.push_back(std::move(s));
  };
  for (std::size_t i = 0; i <= from.size(); ++i) {
    if (i < from.size()) {
      std::string del = from;
      del.erase(i, 1);
      consider(std::move(del));
      for (char c : alphabet)
        if (c != from[i]) {
          std::string sub = from;
          sub[i] = c;
          consider(std::move(sub));
        }
    }
    for (char c : alphabet) {
      std::string ins = from;
      ins.insert(ins.begin() + static_cast<std::ptrdiff_t>(i), c);
      consider(std::move(ins));
    }
  }
  return out;
}

std::string key_of(const probe& r) {
  std::string k = r.method;
  for (const auto& [n, v] : r.headers) {
    k.push_back('\n');
    k += n;
    k.push_back(':');
    k += v;
  }
  return k;
}

}  // namespace

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j)
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

request_size size_of(const probe& r, const policy_samples& s) {
  request_size z;
  z.headers = r.headers.size();
  z.bytes = r.method.size();
  for (const auto& [n, v] : r.headers) {
    if (iequals(n, h_acrh)) z.list_elements += split_elements(v).size();
    z.distance += value_distance(n, v, s);
    z.bytes += n.size() + v.size();
    z.upper += static_cast<std::size_t>(std::count_if(v.begin(), v.end(), [](char c) { return c >= 'A' && c <= 'Z'; }));
  }
  if (is_preflight_shape(r) || r.method == "GET") z.method_rank = 0;
  else if (r.method == "HEAD" || r.method == "POST") z.method_rank = 1;
  else z.method_rank = 2;
  return z;
}

std::vector<probe> shrink_candidates(const probe& r, const policy_samples& s) {
  const request_size here = size_of(r, s);
  std::vector<probe> out;
  std::set<std::string> seen{key_of(r)};
  auto offer = [&](probe c) {
    if (!(size_of(c, s) < here)) return;
    if (!seen.insert(key_of(c)).second) return;
    c.id = r.id;
    c.purpose = r.purpose;
    out.push_back(std::move(c));
  };
  auto with_value = [&](std::size_t i, std::string v) {
    // Never empty a value: many HTTP parsers drop a field with an empty
    // value, and the server would not see the request the judge sees.
    if (v.empty() && !r.headers[i].second.empty()) return;
    probe c = r;
    c.headers[i].second = std::move(v);
    offer(std::move(c));
  };

  // 1. Drop a header.
  for (std::size_t i = 0; i < r.headers.size(); ++i) {
    probe c = r;
    c.headers.erase(c.headers.begin() + static_cast<std::ptrdiff_t>(i));
    offer(std::move(c));
  }
  // 2. Several Access-Control-Request-Headers merged into the first.
  {
    std::vector<std::size_t> acrh;
    for (std::size_t i = 0; i < r.headers.size(); ++i)
      if (iequals(r.headers[i].first, h_acrh)) acrh.push_back(i);
    if (acrh.size() > 1) {
      probe c = r;
      std::vector<std::string> all;
      for (std::size_t i : acrh) all.push_back(r.headers[i].second);
      c.headers[acrh[0]].second = join(all);
      for (std::size_t k = acrh.size(); k-- > 1;) c.headers.erase(c.headers.begin() + static_cast<std::ptrdiff_t>(acrh[k]));
      offer(std::move(c));
    }
  }
  // 3. List elements: drop one; respell the list tidily; lower-case it.
  for (std::size_t i = 0; i < r.headers.size(); ++i) {
    if (!iequals(r.headers[i].first, h_acrh)) continue;
    const std::vector<std::string> el = split_elements(r.headers[i].second);
    if (el.size() > 1)
      for (std::size_t j = 0; j < el.size(); ++j) {
        std::vector<std::string> rest = el;
        rest.erase(rest.begin() + static_cast<std::ptrdiff_t>(j));
        with_value(i, join(rest));
      }
    std::vector<std::string> tidy;
    for (const auto& e : el) {
      const std::string_view t = trim_tab_or_space(e);
      if (!t.empty()) tidy.emplace_back(t);
    }
    with_value(i, join(tidy));
    std::string low = r.headers[i].second;
    for (char& ch : low) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    with_value(i, low);
  }
  // 4. Values toward the nearest listed value: replaced by it, then one edit
  //    at a time; whitespace trimmed.
  for (std::size_t i = 0; i < r.headers.size(); ++i) {
    const auto& [name, value] = r.headers[i];
    with_value(i, std::string(trim_tab_or_space(value)));
    const auto* refs = references(name, s);
    if (refs == nullptr || refs->empty()) continue;
    if (iequals(name, h_acrh)) {
      const std::vector<std::string> el = split_elements(value);
      for (std::size_t j = 0; j < el.size(); ++j) {
        const auto [ref, d] = nearest(el[j], *refs);
        if (ref == nullptr || d == 0) continue;
        std::vector<std::string> changed = el;
        changed[j] = *ref;
        with_value(i, join(changed));
        std::string low = el[j];
        for (char& ch : low) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        changed[j] = low;
        with_value(i, join(changed));
      }
      continue;
    }
    const auto [ref, d] = nearest(value, *refs);
    if (ref == nullptr || d == 0) continue;
    with_value(i, *ref);
    for (std::string& e : edits_toward(value, *ref)) with_value(i, std::move(e));
  }
  // 5. A simpler method for actual requests.
  if (!is_preflight_shape(r))
    for (std::string_view m : {"GET", "HEAD", "POST"}) {
      probe c = r;
      c.method = std::string(m);
      offer(std::move(c));
    }
  // 6. One letter lowered.
  for (std::size_t i = 0; i < r.headers.size(); ++i) {
    const std::string& v = r.headers[i].second;
    for (std::size_t k = 0; k < v.size(); ++k)
      if (v[k] >= 'A' && v[k] <= 'Z') {
        std::string t = v;
        t[k] = static_cast<char>(t[k] - 'A' + 'a');
        with_value(i, std::move(t));
      }
  }
  // 7. One character fewer (values with nothing to move toward).
  for (std::size_t i = 0; i < r.headers.size(); ++i) {
    const std::string& v = r.headers[i].second;
    for (std::size_t k = 0; k < v.size(); ++k) {
      std::string t = v;
      t.erase(k, 1);
      with_value(i, std::move(t));
    }
  }
  return out;
}

shrink_result shrink(const probe& failing, const policy_samples& s,
                     const std::function<std::vector<bool>(const std::vector<probe>&)>& still_fails, std::size_t budget,
                     std::size_t batch) {
  shrink_result res;
  res.minimal = failing;
  if (batch == 0) batch = 1;
  std::set<std::string> tried;  // candidates that did not fail (the server is assumed deterministic)
  while (true) {
    std::vector<probe> cands = shrink_candidates(res.minimal, s);
    std::erase_if(cands, [&](const probe& c) { return tried.count(key_of(c)) > 0; });
    if (cands.empty()) {
      res.complete = true;
      return res;
    }
    bool advanced = false;
    for (std::size_t start = 0; start < cands.size() && !advanced; start += batch) {
      if (res.requests >= budget) return res;
      const std::size_t n = std::min({batch, cands.size() - start, budget - res.requests});
      const std::vector<probe> chunk(cands.begin() + static_cast<std::ptrdiff_t>(start),
                                     cands.begin() + static_cast<std::ptrdiff_t>(start + n));
      const std::vector<bool> fails = still_fails(chunk);
      res.requests += fails.size();
      for (std::size_t k = 0; k < fails.size(); ++k) {
        if (fails[k]) {
          res.minimal = chunk[k];
          ++res.steps;
          advanced = true;
          break;
        }
        tried.insert(key_of(chunk[k]));
      }
      if (fails.size() < chunk.size() && !advanced) return res;  // stopped
    }
    if (!advanced) {
      res.complete = true;
      return res;
    }
  }
}

}  // namespace corsproof::audit
