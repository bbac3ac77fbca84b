// Lists longer than one block: the #token lists of a response are parsed 64
// bytes at a time (RFC 9110 §5.6.1, Fetch "extract header list values"), and
// names are looked up in them once each. These tests build lists whose
// elements, OWS runs and invalid bytes fall on every side of the block
// boundaries, from a fixed seed, and compare with a plain reading of the same
// rules: the cursor (token_list_cursor, one element at a time) for
// check_token_list, and split / trim / compare for the browser's Access-Control-
// Allow-Headers and Access-Control-Expose-Headers checks.
#include "test_support.hpp"

#include <algorithm>
#include <cstdint>
#include <random>
#include <set>

namespace corsproof::test {
namespace {

constexpr const char* kList = "RFC 9110 §5.6.1 #rule, Fetch \"extract header list values\"; header_list_values.hpp";
constexpr const char* kAcah = "Fetch \"CORS-preflight fetch\" steps 7.2, 7.6, 7.7 (names byte-case-insensitive)";
constexpr const char* kAceh = "Fetch \"main fetch\" (extract ACEH, names that occur in the response); digest §10";

// A list value made of random pieces: tokens of 1 to 70 bytes (mixed case),
// commas, OWS, and now and then a byte no token has.
std::string random_value(std::mt19937& rng, std::size_t target, bool allow_bad) {
  static constexpr std::string_view tchars = "abcXYZ019!#$%&'*+-.^_`|~";
  static constexpr std::string_view bad[] = {"\"", "(", "a b", "\xC3\xA9", "\x7f", std::string_view("\0", 1), "/",
                                             "{", "@", "\r"};
  std::string v;
  while (v.size() < target) {
    const auto pick = rng() % 16;
    if (pick < 7) {
      const std::size_t len = 1 + rng() % 70;
      for (std::size_t i = 0; i < len; ++i) v.push_back(tchars[rng() % tchars.size()]);
    } else if (pick < 11) {
      v.push_back(',');
    } else if (pick < 14) {
      v.append(rng() % 3 == 0 ? "\t" : std::string(1 + rng() % 3, ' '));
    } else if (pick == 14 && allow_bad && rng() % 8 == 0) {
      v.append(bad[rng() % (sizeof bad / sizeof bad[0])]);
    } else {
      v.append(", ");
    }
  }
  return v;
}

TEST(LongLists, CheckTokenListAgreesWithTheCursor) {
  SCOPED_TRACE(trace_of("check_token_list's one-pass scan agrees with the cursor", kList));
  std::mt19937 rng(20261202);
  for (int round = 0; round < 4000; ++round) {
    pairs h;
    const std::size_t headers = 1 + rng() % 3;
    for (std::size_t i = 0; i < headers; ++i) {
      const bool listed = rng() % 4 != 0;
      h.emplace_back(listed ? "Access-Control-Allow-Headers" : "X-Other", random_value(rng, rng() % 300, true));
    }
    const header_store store(h);
    const list_limits limits{rng() % 2 ? 64u : 100000u, rng() % 2 ? 4096u : 100000u};
    const list_check fast = check_token_list(store.list(), "access-control-allow-headers", limits);
    token_list_cursor c(store.list(), "access-control-allow-headers", limits);
    std::string_view e;
    while (c.next(e)) {
    }
    ASSERT_EQ(fast.status, c.status()) << show(h);
    if (c.status() == list_status::ok) {
      ASSERT_EQ(fast.count, c.count()) << show(h);
    }
    if (c.status() == list_status::not_a_token) {
      ASSERT_EQ(fast.bad_element, c.bad_element()) << show(h);
    }
  }
}

// Elements of a list as the cursor reads them (nullopt: the list fails).
std::optional<std::vector<std::string>> elements_of(const pairs& h, std::string_view name) {
  const header_store store(h);
  token_list_cursor c(store.list(), name, list_limits{1u << 30, 1u << 30});
  std::vector<std::string> out;
  std::string_view e;
  while (c.next(e)) out.emplace_back(e);
  if (c.status() != list_status::ok && c.status() != list_status::absent) return std::nullopt;
  return out;
}

std::string lower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  return s;
}

// A random-case spelling of a lower-case name.
std::string mixed_case(std::mt19937& rng, std::string s) {
  for (char& c : s)
    if (c >= 'a' && c <= 'z' && rng() % 2) c = static_cast<char>(c - 32);
  return s;
}

TEST(LongLists, AllowHeadersFindsEveryNameWherever) {
  SCOPED_TRACE(trace_of("ACAH over many blocks: each requested name found wherever it falls", kAcah));
  std::mt19937 rng(7);
  for (int round = 0; round < 1500; ++round) {
    // Requested names: 1-6 of x-n<k> or one-byte names (a key of their
    // own), sometimes Authorization; some of them (and some near misses)
    // hidden in a long list.
    std::vector<std::string> requested;
    const std::size_t k = 1 + rng() % 6;
    for (std::size_t i = 0; i < k; ++i)
      requested.push_back(rng() % 3 == 0 ? std::string(1, "abqz"[rng() % 4]) : "x-n" + std::to_string(rng() % 40));
    if (rng() % 4 == 0) requested.emplace_back("authorization");
    const bool include = rng() % 2 == 0;
    std::string acah = random_value(rng, rng() % 200, rng() % 5 == 0);
    for (const std::string& r : requested) {
      const auto how = rng() % 6;
      std::string piece = how == 0 ? r + "z" : how == 1 ? r.substr(1) : mixed_case(rng, r);
      if (rng() % 8 == 0) piece = "*";
      acah += (rng() % 2 ? ", " : ",") + piece + (rng() % 2 ? " " : "") + "," + random_value(rng, rng() % 150, false);
    }
    pairs preflight{{"Access-Control-Allow-Origin", "https://app.example"},
                    {"Access-Control-Allow-Credentials", "true"},
                    {"Access-Control-Allow-Methods", "PUT"}};
    // The list split over one to three headers.
    std::size_t cut = acah.empty() ? 0 : rng() % acah.size();
    while (cut < acah.size() && acah[cut] != ',') ++cut;
    preflight.emplace_back("Access-Control-Allow-Headers", acah.substr(0, cut));
    if (cut < acah.size()) preflight.emplace_back("access-control-allow-headers", acah.substr(cut + 1));

    exchange_spec ex = exchange().with_method("PUT").with_preflight(204, preflight);
    if (include) ex.with_credentials(credentials_mode::include);
    for (const std::string& r : requested) ex.with_header(mixed_case(rng, r), "v");
    const auto run = run_browser(ex);
    ASSERT_EQ(run->d.status, eval_status::ok);

    // The plain reading.
    browser_error want = browser_error::none;
    const auto elements = elements_of(preflight, "access-control-allow-headers");
    if (!elements) {
      want = browser_error::acah_invalid;
    } else {
      std::set<std::string> listed;
      bool star = false;
      for (const std::string& e : *elements) {
        listed.insert(lower(e));
        star |= e == "*";
      }
      star &= !include;
      const std::set<std::string> unsafe(requested.begin(), requested.end());
      if (unsafe.count("authorization") && !listed.count("authorization")) {
        want = browser_error::authorization_not_allowed;
      } else {
        for (const std::string& u : unsafe)
          if (!star && !listed.count(u)) want = browser_error::header_not_allowed;
      }
    }
    ASSERT_EQ(run->d.preflight_error, want) << show(preflight) << (include ? " include" : " omit");
  }
}

TEST(LongLists, ExposeHeadersFindsEveryNameWherever) {
  SCOPED_TRACE(trace_of("ACEH over many blocks: each response name found wherever it falls", kAceh));
  std::mt19937 rng(11);
  for (int round = 0; round < 1500; ++round) {
    pairs response{{"Access-Control-Allow-Origin", "*"}};
    std::vector<std::string> names;
    const std::size_t k = 1 + rng() % 12;
    for (std::size_t i = 0; i < k; ++i) {  // x-r<k>, or a one-byte name (a key of its own)
      names.push_back(rng() % 3 == 0 ? std::string(1, "abqz"[rng() % 4]) : "x-r" + std::to_string(rng() % 30));
      response.emplace_back(mixed_case(rng, names.back()), "1");
    }
    std::string list = random_value(rng, rng() % 200, rng() % 5 == 0);
    for (std::size_t i = 0; i < k; ++i)
      if (rng() % 2) list += "," + mixed_case(rng, rng() % 4 ? names[rng() % k] : "x-r") + "," +
                              random_value(rng, rng() % 120, false);
    if (rng() % 10 == 0) list += ",*";
    response.emplace_back("Access-Control-Expose-Headers", list);
    const auto run = run_browser(exchange().with_response(200, response));
    ASSERT_EQ(run->d.status, eval_status::ok);

    std::set<std::string> want = {"cache-control", "content-language", "content-length", "content-type",
                                  "expires",       "last-modified",    "pragma"};
    if (const auto elements = elements_of(response, "access-control-expose-headers")) {
      std::set<std::string> listed;
      for (const std::string& e : *elements) listed.insert(lower(e));
      const bool star = listed.count("*") != 0;
      for (const auto& [n, v] : response)
        if (star || listed.count(lower(n))) want.insert(lower(n));
    }
    const std::vector<std::string> got = to_strings(run->d.exposed.view());
    ASSERT_EQ(got, std::vector<std::string>(want.begin(), want.end())) << show(response);
  }
}

}  // namespace
}  // namespace corsproof::test

namespace corsproof::test {
namespace {

constexpr const char* kOverride =
    "Fetch \"forbidden request-header\" (X-HTTP-Method-Override family: get, decode, and split; forbidden method)";

// Fetch "get, decode, and split" one element at a time, quoted strings kept
// with their quotes: the plain reading.
bool plain_has_forbidden_method(std::string_view input) {
  std::size_t pos = 0;
  while (true) {
    std::string element;
    while (pos < input.size() && input[pos] != ',') {
      if (input[pos] == '"') {
        element += input[pos++];
        while (pos < input.size()) {
          const char q = input[pos++];
          element += q;
          if (q == '\\') {
            if (pos < input.size()) element += input[pos++];
          } else if (q == '"') {
            break;
          }
        }
      } else {
        element += input[pos++];
      }
    }
    if (is_forbidden_method(trim_tab_or_space(element))) return true;
    if (pos >= input.size()) return false;
    ++pos;
  }
}

TEST(LongLists, MethodOverrideValuesReadElementByElement) {
  SCOPED_TRACE(trace_of("X-HTTP-Method-Override: every element, quotes and escapes included", kOverride));
  std::mt19937 rng(5);
  static constexpr std::string_view pieces[] = {"trace", "TRACK", "Connect", "tr", "co", "conne", "tracee", "x",
                                                ",",     ", ",    " ",       "\t", "\"",  "\\",    "\"a,trace\"",
                                                "GET",   "trac", "ctrack",  "co,", "\"\\\"\""};
  for (int round = 0; round < 20000; ++round) {
    std::string v;
    const std::size_t k = rng() % 40;
    for (std::size_t i = 0; i < k; ++i) v += pieces[rng() % (sizeof pieces / sizeof pieces[0])];
    ASSERT_EQ(is_forbidden_request_header("X-HTTP-Method-Override", v), plain_has_forbidden_method(v))
        << printable(v);
  }
}

}  // namespace
}  // namespace corsproof::test
