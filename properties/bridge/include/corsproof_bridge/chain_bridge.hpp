// corsproof_bridge, protocol v1.1: a model chain case or session run through
// the core (corsproof::evaluate_chain with a corsproof::preflight_cache),
// the core's decisions in the model's shape, and the comparison of two
// answers field by field (every protocol field but free-text `detail`).
#pragma once

#include <optional>
#include <string>

#include "corsproof/corsproof.hpp"
#include "corsproof/redirect.hpp"
#include "corsproof_model/model.hpp"

namespace corsproof_bridge {

using corsproof_model::ChainAnswer;
using corsproof_model::ChainCase;
using corsproof_model::SessionAnswer;
using corsproof_model::SessionCase;

struct core_chain_result {
  corsproof::eval_status status = corsproof::eval_status::ok;
  std::string status_detail;
  // The core's answer when status is ok; outcome "bad-case" for
  // invalid_input (and for credentials or redirect modes the core's enums
  // cannot hold), "too-large" for limit_exceeded, "output-too-small".
  ChainAnswer answer;
};

// One chain against `cache` at time `now` (a cleared cache for a chain case).
[[nodiscard]] core_chain_result core_chain_answer(const ChainCase& chain, corsproof::preflight_cache& cache,
                                                  double now);
// A chain case: a fresh, empty cache.
[[nodiscard]] core_chain_result core_chain_answer(const ChainCase& chain);

struct core_session_result {
  corsproof::eval_status status = corsproof::eval_status::ok;  // the first fetch's refusal, if any
  SessionAnswer answer;  // outcome "bad-case" / "too-large" / "output-too-small" on a refusal
};
// A session: one cache for all fetches, `t` non-decreasing (else bad-case),
// cache_after (live entries, sorted) when the session asks for it.
[[nodiscard]] core_session_result core_session_answer(const SessionCase& session);

[[nodiscard]] ChainAnswer to_model_shape(const corsproof::chain_decision& decision);

// nullopt when the answers mean the same; else the first difference, e.g.
// `hops[1].origin_header: core "null", model "https://app.example"`.
[[nodiscard]] std::optional<std::string> chain_difference(const ChainAnswer& core, const ChainAnswer& model);
[[nodiscard]] std::optional<std::string> session_difference(const SessionAnswer& core, const SessionAnswer& model);

[[nodiscard]] std::string show(const ChainCase& chain);
[[nodiscard]] std::string show(const ChainAnswer& answer);

}  // namespace corsproof_bridge
