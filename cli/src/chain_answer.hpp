// cli/src/chain_answer.hpp — writes the answers of mode browser
// (docs/protocol.md sections 6, 10 and 11): a one-exchange answer from the
// core's browser_decision, a chain answer from its chain_decision
// (corsproof/redirect.hpp), and a session fetch's `cache_after` from the
// core's preflight cache (corsproof/preflight_cache.hpp); the preflight,
// cors_check and exposed_headers members are written by the same code for
// both. Field order and spelling: docs/cli.md "Answers". No CORS logic:
// every value is the core's.
#pragma once

#include <span>

#include "corsproof/corsproof.hpp"
#include "json_writer.hpp"

namespace corsproof::cli {

// The members of a one-exchange answer after `id`, in the answer's order:
// needs_preflight, preflight, cors_check, exposed_headers, outcome[, detail].
// The caller has begun the object (and written `id`) and ends it.
void write_browser_members(json_writer& out, const browser_decision& d);

// The members of a chain answer after `id`, in the answer's order:
// needs_preflight, preflight, cors_check, exposed_headers, outcome[, detail],
// error_hop[, needs], final, hops. The caller has begun the object (and
// written `id` when the answer has one) and ends it.
void write_chain_members(json_writer& out, const chain_decision& d);

// `"cache_after": [...]`: the live entries, sorted as the core sorts them.
void write_cache_after(json_writer& out, std::span<const cache_entry_view> entries);

}  // namespace corsproof::cli
