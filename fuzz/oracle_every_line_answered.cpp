// Fuzz target: whole JSON Lines text through the `corsproof eval` path
// (cli/src/line_reader.hpp + corsproof::cli::oracle in cli/src/oracle.hpp).
//
// The input is the text of a case file. Its lines (split at LF, one CR
// before an LF removed, a last line without LF included, numbered 1..N) go
// to oracle::answer_line, every one that is not blank, as `corsproof eval`
// does. For one input in 256 the text also goes through a pipe into
// line_reader (chunk size derived from the input length, so lines straddle
// reads). Invariants:
// - nothing crashes, nothing throws;
// - line_reader hands out exactly those lines;
// - every non-blank line gets exactly one answer (is_blank_line: only SP,
//   TAB, CR), blank lines none: #answers == #non-blank lines;
// - every answer is one line of JSON: an object with a string "id"; the id
//   is the case's "id" when the line is an object with a string "id",
//   otherwise the line number; error answers carry "error" {code, message,
//   line} with code one of the four protocol codes, equal to answer.error,
//   and "line" the line number; an "internal error" is a bug;
// - answers do not depend on how the line is spelled: the same line with
//   whitespace around every `[ ] { } , :` outside strings (so that none of
//   the reader's paths for compact text, cli/src/case_reader.cpp, applies)
//   gets the same answer, byte for byte, except that a line that is not
//   JSON is answered bad-json either way (its message names a byte offset);
// - answers do not depend on the policy cache nor on how the line is read:
//   an oracle that keeps two compiled policies (hits, evictions) and whose
//   reader finds the policy texts it has read before (lines then read
//   without their policy), reading each line in place (`padded`, followed
//   by JSON-looking bytes), and one that keeps nothing reading a copy give
//   the same text for every line.
#include <unistd.h>

#include <array>
#include <boost/json.hpp>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "check.hpp"
#include "line_reader.hpp"
#include "oracle.hpp"

#ifndef LINE_READER_EVERY
#define LINE_READER_EVERY 256
#endif

namespace {

namespace json = boost::json;
using corsproof::cli::answer;
using corsproof::cli::error_code;

struct expected_line {
  std::string_view text;
  std::size_t number;
};

// The lines of `input` as the protocol reads them (independent of line_reader).
std::vector<expected_line> split_lines(std::string_view input) {
  std::vector<expected_line> lines;
  std::size_t number = 0;
  while (!input.empty()) {
    const std::size_t lf = input.find('\n');
    std::string_view line = input.substr(0, lf);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back({line, ++number});
    if (lf == std::string_view::npos) break;
    input.remove_prefix(lf + 1);
  }
  return lines;
}

// Memory for the target's own parses (an answer, a case line's id): a
// buffer reused for every parse, so that checking an answer does not cost
// dozens of heap allocations (each an ASan chunk with a recorded stack);
// bigger documents spill to the heap. Two at a time at most (case_id runs
// inside check_answer), hence two buffers.
class json_memory {
 public:
  json_memory() : resource_(buffers_[depth_ % 2].data(), buffers_[depth_ % 2].size()) { ++depth_; }
  ~json_memory() { --depth_; }
  json_memory(const json_memory&) = delete;
  json_memory& operator=(const json_memory&) = delete;
  json::storage_ptr get() noexcept { return json::storage_ptr(&resource_); }

 private:
  static inline std::array<std::array<unsigned char, 32 * 1024>, 2> buffers_{};
  static inline int depth_ = 0;
  json::monotonic_resource resource_;
};

// The "id" a case line carries, when it is a JSON object with a string id.
bool case_id(std::string_view line, std::string& id) {
  boost::system::error_code ec;
  json_memory memory;
  const json::value v = json::parse(json::string_view(line.data(), line.size()), ec, memory.get());
  if (ec || !v.is_object()) return false;
  const json::value* i = v.get_object().if_contains("id");
  if (i == nullptr || !i->is_string()) return false;
  id.assign(i->get_string().data(), i->get_string().size());
  return true;
}

// `line` with whitespace around every structural character outside strings
// (JSON's string rules: a `"` opens one outside strings; inside, `\` escapes
// the next byte and `"` closes it). Whitespace between tokens is not
// significant (RFC 8259 section 2) and no token holds one of `[]{},:`, so the
// spaced line is JSON exactly when `line` is, and the same JSON. Before each
// such character goes a tab or a space, in turn, and after it a space: both
// are JSON whitespace, and a line may hold them.
std::string spaced(std::string_view line) {
  std::string out;
  out.reserve(line.size() * 2);
  bool in_string = false;
  bool tab = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (in_string) {
      out.push_back(c);
      if (c == '\\' && i + 1 < line.size()) out.push_back(line[++i]);
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') in_string = true;
    const bool structural = c == '[' || c == ']' || c == '{' || c == '}' || c == ',' || c == ':';
    if (structural) out.push_back((tab = !tab) ? '\t' : ' ');
    out.push_back(c);
    if (structural) out.push_back(' ');
  }
  return out;
}

void check_answer(const answer& a, std::string_view line, std::size_t number) {
  // Spelled out only when a check fails.
  const auto where = [&] {
    return "line " + std::to_string(number) + ": " + std::string(line) + "\n  answer: " + std::string(a.json);
  };
  FUZZ_CHECK(a.json.find('\n') == std::string_view::npos, "an answer is one line: " + where());
  boost::system::error_code ec;
  json_memory answer_memory;
  const json::value v = json::parse(json::string_view(a.json.data(), a.json.size()), ec, answer_memory.get());
  FUZZ_CHECK(!ec && v.is_object(), "an answer is a JSON object: " + where());
  const json::object& o = v.get_object();
  // The oracle's own "internal error (please report)" answer: a bug first of
  // all (it also loses the case's id, so check it before the id).
  if (const json::value* e = o.if_contains("error"); e && e->is_object()) {
    if (const json::value* msg = e->get_object().if_contains("message"); msg && msg->is_string()) {
      const std::string_view m(msg->get_string().data(), msg->get_string().size());
      FUZZ_CHECK(!m.starts_with("internal error"), "the oracle hit an internal error: " + where());
    }
  }
  const json::value* id = o.if_contains("id");
  FUZZ_CHECK(id != nullptr && id->is_string(), "an answer has a string id: " + where());
  std::string expected_id;
  const bool has_id = case_id(line, expected_id);
  const std::string_view got(id->get_string().data(), id->get_string().size());
  if (has_id) FUZZ_CHECK(got == expected_id, "the answer echoes the case's id: " + where());
  else FUZZ_CHECK(got == std::to_string(number), "a line without a string id is answered with its number: " + where());

  const json::value* err = o.if_contains("error");
  FUZZ_CHECK((err != nullptr) == a.bad(), "error answers exactly when answer.bad(): " + where());
  if (err == nullptr) return;
  FUZZ_CHECK(err->is_object(), "error is an object: " + where());
  const json::object& e = err->get_object();
  const json::value* code = e.if_contains("code");
  const json::value* message = e.if_contains("message");
  const json::value* at = e.if_contains("line");
  FUZZ_CHECK(code && code->is_string() && message && message->is_string() && at && at->is_number(),
             "error has code, message and line: " + where());
  const std::string_view c(code->get_string().data(), code->get_string().size());
  FUZZ_CHECK(c == "bad-json" || c == "bad-case" || c == "bad-policy" || c == "too-large",
             "error codes are the protocol's four: " + where());
  FUZZ_CHECK(c == corsproof::cli::to_string(a.error), "answer.error matches the code: " + where());
  FUZZ_CHECK(at->to_number<std::uint64_t>() == number, "error.line is the line number: " + where());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const auto describe = [&] { return "JSON Lines input (" + std::to_string(size) + " bytes):\n" + std::string(input); };
  corsproof_fuzz::case_context ctx(describe);
  if (size > 60000) return 0;  // one pipe buffer (64 KiB) takes it all: no reader thread needed

  const std::vector<expected_line> expected = split_lines(input);

  // line_reader against the protocol's split, for one input in 256 (by
  // length, so a given input always takes the same path): constructing a
  // reader allocates and clears its 1 MiB line buffer, under ASan a fresh
  // mmap, 256 page faults, a memset and a munmap, some 20 times what
  // answering an input's lines costs (fuzz/README.md "Speed"). At one input
  // in 8 that was two thirds of the target's time, at one in 64 still a
  // third; at one in 256 it is a few thousand readers per CPU-hour, plenty
  // for the reader's few branches.
  if (size % LINE_READER_EVERY == 0) {
    int fds[2];
    if (::pipe(fds) != 0) return 0;
    std::size_t written = 0;
    while (written < size) {
      const ssize_t n = ::write(fds[1], data + written, size - written);
      if (n <= 0) break;
      written += static_cast<std::size_t>(n);
    }
    ::close(fds[1]);
    corsproof::cli::line_reader reader(fds[0], {}, size / LINE_READER_EVERY % 61 + 1);
    corsproof::cli::input_line l;
    std::size_t lines = 0;
    while (reader.next(l)) {
      FUZZ_CHECK(lines < expected.size(), "line_reader hands out more lines than the input has");
      FUZZ_CHECK(!l.too_large && l.number == expected[lines].number && l.text == expected[lines].text &&
                     l.bytes == l.text.size(),
                 "line_reader hands out the input's lines (line " + std::to_string(lines + 1) + ")");
      ++lines;
    }
    ::close(fds[0]);
    FUZZ_CHECK(lines == expected.size(), "line_reader hands out every line");
  }

  // Every non-blank line through the handler, as `corsproof eval` does: one
  // call, one answer, and check_answer holds it to one line of output, so the
  // output has exactly as many lines as the input has non-blank lines.
  //
  // Two oracles. `cached` is new for every input (a failure replays from the
  // input alone) and keeps two policies, so that one input exercises cache
  // hits, hits after another insert (A B A) and evictions (A B C A).
  // `uncached` keeps none (capacity 0: every case compiles its policy and
  // every policy is walked, no state carries from one line to the next), so
  // it is built once: its answer is the one without any cache, and `cached`
  // must give the same text.
  //
  // They also read the lines the two ways the oracle offers: `cached` in
  // place (`padded`, as `corsproof eval` reads line_reader's lines), from a
  // copy of the input followed by line_padding bytes that look like JSON
  // (an answer must not depend on bytes after the line), `uncached` from the
  // input itself, which the oracle copies first.
  corsproof::cli::oracle cached(2);
  static corsproof::cli::oracle uncached(0);
  std::unique_ptr<char[]> padded_copy(new char[size + corsproof::cli::line_padding]);
  std::memcpy(padded_copy.get(), data, size);
  constexpr std::string_view filler = "\"}],:1 {[\"";
  for (std::size_t i = 0; i < corsproof::cli::line_padding; ++i) padded_copy[size + i] = filler[i % filler.size()];
  for (const expected_line& l : expected) {
    if (corsproof::cli::is_blank_line(l.text)) continue;
    const std::string_view in_place(padded_copy.get() + (l.text.data() - input.data()), l.text.size());
    const answer a = cached.answer_line(in_place, l.number, /*padded=*/true);
    check_answer(a, l.text, l.number);
    const answer b = uncached.answer_line(l.text, l.number);
    FUZZ_CHECK(b.json == a.json && b.error == a.error,
               "answers must depend neither on the policy cache nor on reading the line in place (line " +
                   std::to_string(l.number) + ")\n  cached, in place: " + std::string(a.json) +
                   "\n  uncached, copied: " + std::string(b.json));
    // The same line spelled with whitespace: the walk reads all of it.
    const std::string wide = spaced(l.text);
    const std::string first(b.json);
    const answer c = uncached.answer_line(wide, l.number);
    if (b.error == error_code::bad_json) {
      FUZZ_CHECK(c.error == error_code::bad_json,
                 "a line that is not JSON is not JSON with whitespace between its tokens either (line " +
                     std::to_string(l.number) + ")\n  spaced: " + wide + "\n  answer: " + std::string(c.json));
    } else {
      FUZZ_CHECK(c.json == first && c.error == b.error,
                 "answers must not depend on the whitespace between tokens (line " + std::to_string(l.number) +
                     ")\n  as given: " + first + "\n  spaced: " + wide + "\n  answer: " + std::string(c.json));
    }
  }
  return 0;
}
