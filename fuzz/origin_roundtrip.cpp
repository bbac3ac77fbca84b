// Fuzz target: serialized origins (corsproof/origin.hpp) on raw bytes.
//
// Invariants:
// - parse_serialized_origin is deterministic and its components view the
//   input; a parsed origin is exactly scheme "://" host [":" port] (nothing
//   dropped, nothing added), "null" is the only opaque origin;
// - write_canonical_origin never writes past the buffer it is given, and a
//   buffer too small gives 0, never a truncated spelling;
// - for a parsed origin, the canonical spelling exists, re-parses ok with the
//   same host kind, is a fixed point of write_canonical_origin, names the
//   same host (ASCII case-insensitively) and port (the default port
//   dropped); for a domain it is canonical and equals the input exactly when
//   the input was canonical (IP addresses are not rewritten by it);
// - for a parsed origin, write_serialization (the URL Standard's origin
//   serialization) exists, is well formed, is its own serialization, is
//   never longer than the input by more than an IPv4 address, and equals the
//   input exactly when is_canonical says so; for a domain it is the
//   canonical spelling; a buffer too small gives 0;
// - parse_well_formed_origin is parse_serialized_origin, then is_canonical:
//   ok exactly for "null" and canonical origins, not_canonical for the rest
//   that parse, the parse status otherwise;
// - any canonical spelling that parses is a fixed point, and canonical when
//   its host is a domain.
#include <charconv>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include <corsproof/corsproof.hpp>

#include "check.hpp"

namespace {

using namespace corsproof;

bool same_result(const origin_parse_result& a, const origin_parse_result& b) {
  return a.status == b.status && a.origin.opaque == b.origin.opaque && a.origin.scheme == b.origin.scheme &&
         a.origin.scheme.data() == b.origin.scheme.data() && a.origin.host == b.origin.host &&
         a.origin.host.data() == b.origin.host.data() && a.origin.port_text == b.origin.port_text &&
         a.origin.port == b.origin.port && a.origin.kind == b.origin.kind;
}

bool views_into(std::string_view part, std::string_view whole) {
  if (part.empty()) return true;
  return part.data() >= whole.data() && part.data() + part.size() <= whole.data() + whole.size();
}

std::string spell(const serialized_origin& o) {
  if (o.opaque) return "null";
  std::string s = std::string(o.scheme) + "://" + std::string(o.host);
  if (!o.port_text.empty()) s += ":" + std::string(o.port_text);
  return s;
}

// write_canonical_origin into a heap buffer of exactly `size` bytes.
std::string canonical(std::string_view text, std::size_t size) {
  std::unique_ptr<char[]> buf(new char[size == 0 ? 1 : size]);
  const std::size_t n = write_canonical_origin(text, std::span<char>(buf.get(), size));
  FUZZ_CHECK(n <= size, "write_canonical_origin reports more bytes than the buffer holds");
  return std::string(buf.get(), n);
}

// write_serialization into a heap buffer of exactly `size` bytes.
std::string serialization(const serialized_origin& o, std::size_t size) {
  std::unique_ptr<char[]> buf(new char[size == 0 ? 1 : size]);
  const std::size_t n = write_serialization(o, std::span<char>(buf.get(), size));
  FUZZ_CHECK(n <= size, "write_serialization reports more bytes than the buffer holds");
  return std::string(buf.get(), n);
}

void check_canonical_spelling(std::string_view spelling) {
  const origin_parse_result r = parse_serialized_origin(spelling);
  if (!r.ok()) return;  // e.g. a host with bytes an origin cannot have
  if (r.origin.kind == host_kind::domain)
    FUZZ_CHECK(is_canonical(r.origin), "a canonical spelling of a domain origin that parses must be canonical");
  FUZZ_CHECK(canonical(spelling, spelling.size() + 8) == spelling,
             "write_canonical_origin must be idempotent on its own output");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto describe = [&] { return "origin text (" + std::to_string(size) + " bytes): " + std::string(text); };
  corsproof_fuzz::case_context ctx(describe);

  const origin_parse_result r = parse_serialized_origin(text);
  FUZZ_CHECK(same_result(r, parse_serialized_origin(text)), "parse_serialized_origin must be deterministic");
  const origin_parse_result w = parse_well_formed_origin(text);
  if (!r.ok()) FUZZ_CHECK(w.status == r.status, "parse_well_formed_origin keeps a parse failure's status");
  else if (is_canonical(r.origin)) FUZZ_CHECK(w.ok(), "a canonical origin is well formed");
  else FUZZ_CHECK(w.status == origin_status::not_canonical, "a parsed, non-canonical origin is not_canonical");

  // The canonical spelling of anything: big enough buffer vs. a tight one.
  const std::string big = canonical(text, size + 16);
  FUZZ_CHECK(big.size() <= size + 16, "canonical spelling larger than its buffer");
  FUZZ_CHECK(canonical(text, size + 16) == big, "write_canonical_origin must be deterministic");
  if (!big.empty()) {
    for (std::size_t small : {big.size(), big.size() - 1, big.size() / 2, std::size_t{0}}) {
      const std::string s = canonical(text, small);
      FUZZ_CHECK(s.empty() || s == big, "a smaller buffer must give 0 or the same spelling, never a truncated one");
      if (small >= big.size()) FUZZ_CHECK(s == big, "a buffer of the spelling's size must be enough");
    }
    check_canonical_spelling(big);
  }

  if (!r.ok()) {
    FUZZ_CHECK(r.status != origin_status::ok, "ok() disagrees with status");
    if (size == 0) FUZZ_CHECK(r.status == origin_status::empty, "empty text must be origin_status::empty");
    if (size > max_origin_bytes) FUZZ_CHECK(r.status == origin_status::too_long, "over 1024 bytes is too_long");
    return 0;
  }
  FUZZ_CHECK(size > 0 && size <= max_origin_bytes, "an ok origin is 1..1024 bytes");
  const serialized_origin& o = r.origin;
  FUZZ_CHECK(o.opaque == (text == "null"), "exactly \"null\" is opaque");
  FUZZ_CHECK(spell(o) == text, "an origin is exactly scheme://host[:port]: the components must spell the input");
  if (o.opaque) {
    FUZZ_CHECK(big == "null", "the canonical spelling of null is null");
    FUZZ_CHECK(serialization(o, 4) == "null", "the serialization of null is null");
    return 0;
  }
  FUZZ_CHECK(views_into(o.scheme, text) && views_into(o.host, text) && views_into(o.port_text, text),
             "components must view the parsed text");
  FUZZ_CHECK(!o.scheme.empty() && !o.host.empty(), "an ok tuple origin has a scheme and a host");
  FUZZ_CHECK(o.port_text.size() <= 5, "at most 5 port digits");
  if (!o.port_text.empty()) {
    std::uint32_t value = 0;
    const auto [end, ec] = std::from_chars(o.port_text.data(), o.port_text.data() + o.port_text.size(), value);
    FUZZ_CHECK(ec == std::errc() && end == o.port_text.data() + o.port_text.size(), "port_text must be digits");
    FUZZ_CHECK(value == o.port && value <= 65535, "port must be the value of port_text, at most 65535");
  } else {
    FUZZ_CHECK(o.port == 0, "no port text, port 0");
  }
  if (o.kind == host_kind::ipv6) FUZZ_CHECK(o.host.front() == '[' && o.host.back() == ']', "IPv6 is bracketed");

  // The URL Standard's serialization of a parsed origin: an IPv4 address is
  // at most 15 bytes, so it never outgrows the input by more than 16.
  const std::string ser = serialization(o, size + 16);
  FUZZ_CHECK(!ser.empty(), "a parsed origin must have a serialization");
  FUZZ_CHECK(serialization(o, size + 16) == ser, "write_serialization must be deterministic");
  FUZZ_CHECK(serialization(o, ser.size()) == ser, "a buffer of the serialization's size must be enough");
  FUZZ_CHECK(serialization(o, ser.size() - 1).empty(), "a buffer one byte short must give 0");
  FUZZ_CHECK(is_canonical(o) == (ser == text), "is_canonical is: the serialization is the text");
  const origin_parse_result sp = parse_well_formed_origin(ser);
  FUZZ_CHECK(sp.ok(), "the serialization of a parsed origin must be well formed");
  FUZZ_CHECK(sp.origin.kind == o.kind, "serializing must not change the host kind");
  FUZZ_CHECK(serialization(sp.origin, ser.size()) == ser, "the serialization is its own serialization");

  // The canonical spelling of a parsed origin.
  FUZZ_CHECK(!big.empty(), "a parsed origin must have a canonical spelling");
  const origin_parse_result c = parse_serialized_origin(big);
  FUZZ_CHECK(c.ok(), "the canonical spelling of a parsed origin must re-parse ok");
  FUZZ_CHECK(c.origin.kind == o.kind, "canonicalization must not change the host kind");
  FUZZ_CHECK(serialization(c.origin, big.size() + 16) == ser, "the canonical spelling serializes as the origin does");
  if (o.kind == host_kind::domain) {
    FUZZ_CHECK(is_canonical(c.origin), "the canonical spelling of a domain origin must be canonical");
    FUZZ_CHECK(big == ser, "for a domain the canonical spelling is the serialization");
  }
  FUZZ_CHECK(iequals(c.origin.scheme, o.scheme) && iequals(c.origin.host, o.host),
             "canonicalization changes only letter case of scheme and host");
  const bool default_dropped = c.origin.port_text.empty() && !o.port_text.empty();
  FUZZ_CHECK(c.origin.port == o.port || (default_dropped && o.port == default_port(c.origin.scheme)),
             "canonicalization keeps the port, or drops exactly the scheme's default port");
  if (is_canonical(o)) FUZZ_CHECK(big == text, "a canonical origin is its own canonical spelling");
  else if (o.kind == host_kind::domain) FUZZ_CHECK(big != text, "a non-canonical domain origin must be respelled");
  return 0;
}
