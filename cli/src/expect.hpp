// cli/src/expect.hpp — `corsproof check`: judging an answer against a case's
// "expect" object (docs/protocol.md, "Case files with expectations").
//
// Only the fields given in "expect" are compared:
//  - "headers": semantically (see headers_equivalent);
//  - an object (e.g. "preflight", "cors_check", "error"): only the keys given,
//    recursively, reported as "preflight.error";
//  - the arrays of objects of protocol 1.1, "hops", "fetches" and
//    "cache_after" (wherever they are): element by element, each element as
//    any other value (an object on the keys given), reported as
//    "fetches[0].hops[1].preflight.cache"; their length is pinned (a
//    different length is the difference "hops.length: expected 2, got 3",
//    and the elements both have are still compared);
//  - anything else, "exposed_headers" included: JSON equality (numbers by
//    value, arrays in order).
// An answer that is an error when "expect" has no "error" key fails with the
// single field "error" (expected no error).
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "oracle.hpp"

namespace corsproof::cli {

// One difference, printed as `id: field: expected X, got Y`. `expected` and
// `got` are compact JSON, or the word `absent` for a missing field.
struct mismatch {
  std::string field;
  std::string expected;
  std::string got;
};

// Header lists compared as the protocol says (corsproof/header_comparison.hpp,
// the one implementation): names ASCII case-insensitive, the order of headers
// ignored; the list-valued headers Access-Control-Allow-Methods, -Allow-Headers,
// -Expose-Headers and Vary as sets of trimmed, non-empty elements (all
// occurrences of one name form one set; elements case-insensitive except
// methods); every other header's values trimmed of SP/TAB, then
// byte-for-byte, as a multiset. Falls back to JSON equality when either side
// is not an array of [string, string] pairs.
[[nodiscard]] bool headers_equivalent(const boost::json::value& a, const boost::json::value& b);

// Appends to `out` every difference between `expect` and `answer`.
void compare_expect(const boost::json::object& expect, const boost::json::object& answer,
                    std::vector<mismatch>& out);

enum class verdict : unsigned char { passed, failed, skipped };

struct case_result {
  verdict outcome = verdict::skipped;
  std::string id;
  std::vector<mismatch> mismatches;  // when failed
};

// Judges one answered case. `line` is the case's text (empty when the line
// was too large to keep); `a` is the oracle's answer to it.
// - no "expect" and a good answer: skipped;
// - no "expect" (or unreadable) and an error answer: failed (a bad line);
// - "expect" not an object: failed;
// - otherwise passed when compare_expect finds no difference.
[[nodiscard]] case_result judge(std::string_view line, const answer& a);

}  // namespace corsproof::cli
