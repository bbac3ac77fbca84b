// fuzz/common/make_chain_seeds.cpp — the v1.1 conformance vectors (chains
// and sessions of corpus/conformance/browser/*.jsonl) encoded as input of
// the chain_model_differential target (fuzz/common/chain_input.hpp).
//
//   corsproof_fuzz_make_chain_seeds --write VECTOR_DIR OUT_DIR
//       writes OUT_DIR/vector-<id> for every chain and session vector the
//       input format can hold (strings of at most 128 bytes, at most 8
//       headers per list, 22 hops, 8 fetches, `t` in whole milliseconds);
//       fuzz/README.md says how the committed corpus is chosen from them.
//   corsproof_fuzz_make_chain_seeds --check VECTOR_DIR CORPUS_DIR
//       ctest fuzz_chain_seed_encoding: every CORPUS_DIR/vector-<id> is
//       still the encoding of vector <id> (fails when the input format or
//       the vector changed: run --write and choose the corpus again).
//
// Every encoded case is decoded again with the target's coding function and
// compared; a vector that does not survive the round trip is an error.
#include <FuzzedDataProvider.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "chain_input.hpp"

namespace {

namespace fs = std::filesystem;
namespace json = boost::json;
using namespace corsproof_fuzz;

std::vector<header> read_headers(const json::object& o) {
  std::vector<header> out;
  if (const json::value* v = o.if_contains("headers"))
    for (const json::value& pair : v->as_array())
      out.push_back({std::string(pair.as_array().at(0).as_string()), std::string(pair.as_array().at(1).as_string())});
  return out;
}

std::optional<response_case> read_response(const json::object& o, const char* key) {
  const json::value* v = o.if_contains(key);
  if (v == nullptr || v->is_null()) return std::nullopt;
  const json::object& r = v->as_object();
  return response_case{static_cast<int>(r.at("status").as_int64()), read_headers(r)};
}

// A chain case's request and hops (a v1-shaped one: its top-level responses
// as one hop). Throws on what the input format cannot hold.
chain_case read_chain(const json::object& o) {
  chain_case c;
  const json::object& request = o.at("request").as_object();
  c.origin = std::string(request.at("origin").as_string());
  c.url = std::string(request.at("url").as_string());
  c.method = std::string(request.at("method").as_string());
  c.headers = read_headers(request);
  if (const json::value* v = request.if_contains("credentials")) {
    const json::string& s = v->as_string();
    if (s == "omit") c.credentials = corsproof::credentials_mode::omit;
    else if (s == "include") c.credentials = corsproof::credentials_mode::include;
    else if (s != "same-origin") throw std::invalid_argument("credentials");
  }
  if (const json::value* v = request.if_contains("private_network")) c.private_network = v->as_bool();
  if (const json::value* v = request.if_contains("redirect")) {
    const json::string& s = v->as_string();
    if (s == "error") c.redirect = corsproof::redirect_mode::error;
    else if (s == "manual") c.redirect = corsproof::redirect_mode::manual;
    else if (s != "follow") throw std::invalid_argument("redirect");
  }
  if (const json::value* hops = o.if_contains("hops")) {
    if (o.contains("response") || o.contains("preflight_response")) throw std::invalid_argument("hops and response");
    for (const json::value& hv : hops->as_array()) {
      const json::object& h = hv.as_object();
      hop_case hop;
      if (const json::value* u = h.if_contains("url")) hop.url = std::string(u->as_string());
      hop.preflight_response = read_response(h, "preflight_response");
      hop.response = read_response(h, "response");
      c.hops.push_back(std::move(hop));
    }
  } else {
    c.hops.push_back({std::nullopt, read_response(o, "preflight_response"), read_response(o, "response")});
  }
  return c;
}

bool fits(const std::string& s) { return s.size() <= chain_shape.max_raw; }
bool fits(const std::vector<header>& hs) {
  return hs.size() <= chain_shape.max_headers &&
         std::all_of(hs.begin(), hs.end(), [](const header& h) { return fits(h.name) && fits(h.value); });
}
bool fits(const std::optional<response_case>& r) { return !r || (r->status >= 0 && r->status <= 999 && fits(r->headers)); }
bool fits(const chain_case& c) {
  if (!fits(c.origin) || !fits(c.url) || !fits(c.method) || !fits(c.headers) || c.hops.size() > max_case_hops)
    return false;
  return std::all_of(c.hops.begin(), c.hops.end(), [](const hop_case& h) {
    return (!h.url || fits(*h.url)) && fits(h.preflight_response) && fits(h.response);
  });
}

// The vector as the target's case, or nullopt when it is no v1.1 case or the
// input format cannot hold it.
std::optional<v11_case> read_case(const json::object& o) {
  v11_case c;
  try {
    const json::string& mode = o.at("mode").as_string();
    if (mode == "browser") {
      if (!o.contains("hops") && !o.at("request").as_object().contains("redirect")) return std::nullopt;  // v1
      c.chain = read_chain(o);
      if (!fits(c.chain)) return std::nullopt;
    } else if (mode == "browser-session") {
      c.session = true;
      if (const json::value* r = o.if_contains("report_cache")) c.fetches.report_cache = r->as_bool();
      const json::array& fetches = o.at("fetches").as_array();
      if (fetches.empty() || fetches.size() > max_session_fetches) return std::nullopt;
      std::uint64_t previous = 0;
      for (const json::value& f : fetches) {
        const json::object& fo = f.as_object();
        const double t = fo.at("t").to_number<double>();
        const double ms = std::round(t * 1000);
        if (!(ms >= 0 && ms < 1e15) || ms / 1000.0 != t) return std::nullopt;
        session_fetch_case sf{read_chain(fo), static_cast<std::uint64_t>(ms)};
        if (!fits(sf.fetch) || sf.t_ms < previous || sf.t_ms - previous > (std::uint64_t{1} << 32)) return std::nullopt;
        previous = sf.t_ms;
        c.fetches.fetches.push_back(std::move(sf));
      }
    } else {
      return std::nullopt;
    }
  } catch (const std::exception&) {
    return std::nullopt;  // a malformed case (the vectors' bad-case inputs)
  }
  return c;
}

std::vector<std::uint8_t> encode(const v11_case& c) {
  v11_case copy = c;
  encoder e(chain_shape);
  code_v11_case(e, copy);
  return e.bytes();
}

v11_case decode(const std::vector<std::uint8_t>& bytes) {
  FuzzedDataProvider p(bytes.data(), bytes.size());
  decoder d(p, chain_shape);
  v11_case c;
  code_v11_case(d, c);
  return c;
}

// id -> encoding, of every encodable vector; false if one does not round-trip.
bool encode_vectors(const fs::path& dir, std::map<std::string, std::vector<std::uint8_t>>& out, std::size_t& skipped) {
  bool ok = true;
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().extension() == ".jsonl") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const fs::path& file : files) {
    std::ifstream in(file);
    std::string line;
    while (std::getline(in, line)) {
      if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
      const json::object o = json::parse(line).as_object();
      const std::optional<v11_case> c = read_case(o);
      const json::value* id = o.if_contains("id");
      const json::value* mode = o.if_contains("mode");
      const json::value* request = o.if_contains("request");
      const bool v11 = (mode && mode->is_string() && mode->as_string() == "browser-session") || o.contains("hops") ||
                       (request && request->is_object() && request->as_object().contains("redirect"));
      if (!c || id == nullptr || !id->is_string()) {
        if (v11) ++skipped;
        continue;
      }
      std::vector<std::uint8_t> bytes = encode(*c);
      if (!(decode(bytes) == *c)) {
        std::fprintf(stderr, "make_chain_seeds: vector %s does not decode back\n", id->as_string().c_str());
        ok = false;
      }
      out[std::string(id->as_string())] = std::move(bytes);
    }
  }
  return ok;
}

std::vector<std::uint8_t> read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4 || (std::strcmp(argv[1], "--write") != 0 && std::strcmp(argv[1], "--check") != 0)) {
    std::fprintf(stderr,
                 "usage: %s --write VECTOR_DIR OUT_DIR | --check VECTOR_DIR CORPUS_DIR\n"
                 "  VECTOR_DIR: corpus/conformance/browser; CORPUS_DIR: corpus/fuzz/chain_model_differential\n",
                 argv[0]);
    return 2;
  }
  const bool write = std::strcmp(argv[1], "--write") == 0;
  std::map<std::string, std::vector<std::uint8_t>> seeds;
  std::size_t skipped = 0;
  bool ok = encode_vectors(argv[2], seeds, skipped);
  const fs::path dir = argv[3];
  std::size_t n = 0;
  if (write) {
    fs::create_directories(dir);
    for (const auto& [id, bytes] : seeds) {
      std::ofstream out(dir / ("vector-" + id), std::ios::binary);
      out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
      ++n;
    }
  } else {
    for (const auto& e : fs::directory_iterator(dir)) {
      const std::string name = e.path().filename().string();
      if (!name.starts_with("vector-")) continue;
      ++n;
      const auto it = seeds.find(name.substr(7));
      if (it == seeds.end()) {
        std::fprintf(stderr, "make_chain_seeds: %s: no such encodable vector (removed or changed?)\n", name.c_str());
        ok = false;
      } else if (read_file(e.path()) != it->second) {
        std::fprintf(stderr, "make_chain_seeds: %s is out of date (run --write, then choose the corpus again)\n",
                     e.path().c_str());
        ok = false;
      }
    }
    if (n == 0) {
      std::fprintf(stderr, "make_chain_seeds: no vector-* seed in %s\n", dir.c_str());
      ok = false;
    }
  }
  std::fprintf(stderr, "make_chain_seeds: %zu v1.1 vectors encodable (%zu not), %zu seeds %s\n", seeds.size(), skipped,
               n, write ? "written" : "checked");
  return ok ? 0 : 1;
}
