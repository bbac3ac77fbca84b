// cli/src/chain_answer.hpp — writes the answers of protocol v1.1 (docs/protocol.md
// sections 10 and 11): a chain answer from the core's chain_decision
// (corsproof/redirect.hpp), and a session fetch's `cache_after` from the
// core's preflight cache (corsproof/preflight_cache.hpp). Field order and
// spelling: docs/cli.md "Answers". No CORS logic: every value is the core's.
#pragma once

#include <span>

#include "corsproof/corsproof.hpp"
#include "json_writer.hpp"

namespace corsproof::cli {

// The members of a chain answer after `id`, in the answer's order:
// needs_preflight, preflight, cors_check, exposed_headers, outcome[, detail],
// error_hop[, needs], final, hops. The caller has begun the object (and
// written `id` when the answer has one) and ends it.
void write_chain_members(json_writer& out, const chain_decision& d);

// `"cache_after": [...]`: the live entries, sorted as the core sorts them.
void write_cache_after(json_writer& out, std::span<const cache_entry_view> entries);

}  // namespace corsproof::cli
