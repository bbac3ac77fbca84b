// corsproof/shrink.hpp — reduce a failing request to a minimal one that
// still fails the same way, as RapidCheck shrinks a counterexample.
//
// A request is smaller than another when, in this order, it has fewer
// headers; fewer Access-Control-Request-Headers elements; values closer
// (edit distance) to the nearest value the policy lists (Origin to the
// allowed origins, Access-Control-Request-Method to the listed methods,
// Access-Control-Request-Private-Network to "true"); a simpler method for
// actual requests (GET first); fewer bytes; fewer upper-case letters.
// shrink_candidates() gives the requests one step smaller: a header
// dropped, two Access-Control-Request-Headers merged, a list element
// dropped, a list respelled tidily or in lower case, a value replaced by
// the nearest listed one or moved one edit toward it (a character lowered,
// replaced, inserted or deleted), a requested name replaced by a shorter
// listed one or lowered, whitespace trimmed, a character deleted. shrink()
// takes, round after round, the first candidate that still fails, until
// none does. The result is a local minimum: no single step from it fails
// the same way.
//
//   auto still_fails = [&](const std::vector<probe>& batch) { ... one bool per request ... };
//   shrink_result r = shrink(failing, samples, still_fails, 2000);
#pragma once

#include <compare>
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "corsproof/generate.hpp"
#include "corsproof/probe.hpp"

namespace corsproof::audit {

struct request_size {
  std::size_t headers = 0;
  std::size_t list_elements = 0;
  std::size_t distance = 0;
  std::size_t method_rank = 0;  // 0 GET, 1 HEAD or POST, 2 any other (OPTIONS counts 0 for a preflight)
  std::size_t bytes = 0;
  std::size_t upper = 0;  // upper-case letters in values
  auto operator<=>(const request_size&) const = default;
};

[[nodiscard]] request_size size_of(const probe& r, const policy_samples& s);

// Levenshtein distance (bytes; the shrinker's metric).
[[nodiscard]] std::size_t edit_distance(std::string_view a, std::string_view b);

// Requests one step smaller than `r` (size_of strictly less), without
// duplicates, in the order they are tried: the biggest reductions first.
[[nodiscard]] std::vector<probe> shrink_candidates(const probe& r, const policy_samples& s);

struct shrink_result {
  probe minimal;
  std::size_t steps = 0;     // candidates accepted
  std::size_t requests = 0;  // candidates tried
  bool complete = false;     // no smaller candidate fails (false: the budget ran out or it was stopped)
};

// `still_fails` judges a batch of candidates and returns one bool per
// candidate (it sends them to the server; it may return fewer bools only
// when it was stopped, which ends the shrink). Candidates are tried in
// batches of `batch` in candidate order, and the first failing one in
// that order is taken, so the result does not depend on timing. At most
// `budget` candidates are tried.
[[nodiscard]] shrink_result shrink(const probe& failing, const policy_samples& s,
                                   const std::function<std::vector<bool>(const std::vector<probe>&)>& still_fails,
                                   std::size_t budget, std::size_t batch = 16);

}  // namespace corsproof::audit
