// URL Standard §3.2, §3.5 and §3.6 for ASCII hosts: see host.hpp.
#include "host.hpp"

namespace corsproof::detail {
namespace {

constexpr bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
constexpr int hex_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Anything above 2^32 fails every IPv4 range check, so numbers saturate here
// instead of overflowing (a part may be up to 1024 bytes long).
constexpr std::uint64_t ipv4_number_cap = (std::uint64_t{1} << 32) + 1;

// §3.5 "IPv4 number parser": false on failure.
bool ipv4_number_parse(std::string_view input, std::uint64_t& value) noexcept {
  if (input.empty()) return false;
  unsigned radix = 10;
  if (input.size() >= 2 && input[0] == '0' && (input[1] == 'x' || input[1] == 'X')) {
    input.remove_prefix(2);
    radix = 16;
  } else if (input.size() >= 2 && input[0] == '0') {
    input.remove_prefix(1);
    radix = 8;
  }
  value = 0;
  for (char c : input) {
    const int d = hex_value(c);
    if (d < 0 || static_cast<unsigned>(d) >= radix) return false;
    value = value * radix + static_cast<unsigned>(d);
    if (value > ipv4_number_cap) value = ipv4_number_cap;
  }
  return true;  // "" after a prefix is (0, true)
}

void put_hex(unsigned v, writer& out) noexcept {
  constexpr char digits[] = "0123456789abcdef";
  char buf[4];
  std::size_t n = 0;
  do {
    buf[n++] = digits[v & 0xf];
    v >>= 4;
  } while (v != 0);
  char rev[4];
  for (std::size_t i = 0; i < n; ++i) rev[i] = buf[n - 1 - i];
  out.put(std::string_view(rev, n));
}

// One IPv6 piece: 1 to 4 hex digits.
bool hex_piece(std::string_view s, std::uint16_t& piece) noexcept {
  if (s.empty() || s.size() > 4) return false;
  unsigned v = 0;
  for (char c : s) {
    const int d = hex_value(c);
    if (d < 0) return false;
    v = v * 16 + static_cast<unsigned>(d);
  }
  piece = static_cast<std::uint16_t>(v);
  return true;
}

// The dotted IPv4 tail the IPv6 parser accepts (its step 6.5): exactly four
// decimal numbers of 0-255 without leading zeros.
bool ipv4_in_ipv6(std::string_view s, std::uint16_t& high, std::uint16_t& low) noexcept {
  unsigned bytes[4];
  std::size_t i = 0;
  for (int part = 0; part < 4; ++part) {
    if (part > 0) {
      if (i >= s.size() || s[i] != '.') return false;
      ++i;
    }
    const std::size_t start = i;
    unsigned v = 0;
    while (i < s.size() && is_digit(s[i]) && i - start < 3) v = v * 10 + static_cast<unsigned>(s[i++] - '0');
    const std::size_t n = i - start;
    if (n == 0 || v > 255 || (n > 1 && s[start] == '0')) return false;
    bytes[part] = v;
  }
  if (i != s.size()) return false;
  high = static_cast<std::uint16_t>(bytes[0] << 8 | bytes[1]);
  low = static_cast<std::uint16_t>(bytes[2] << 8 | bytes[3]);
  return true;
}

// Reads ":"-separated pieces of `s` (no "::" inside) into `out`, at most
// `room` of them (an IPv4 tail, allowed only when `tail_ok`, counts two).
// Returns the number of pieces, or -1.
int read_pieces(std::string_view s, bool tail_ok, std::uint16_t* out, int room) noexcept {
  if (s.empty()) return 0;
  int n = 0;
  while (true) {
    const std::size_t colon = s.find(':');
    const std::string_view part = s.substr(0, colon);
    if (colon == std::string_view::npos && tail_ok && part.find('.') != std::string_view::npos) {
      if (n + 2 > room || !ipv4_in_ipv6(part, out[n], out[n + 1])) return -1;
      return n + 2;
    }
    if (n + 1 > room || !hex_piece(part, out[n])) return -1;
    ++n;
    if (colon == std::string_view::npos) return n;
    s.remove_prefix(colon + 1);
  }
}

}  // namespace

namespace {
constexpr bool forbidden_domain_rule(unsigned char c) noexcept {
  if (c <= 0x20 || c == 0x7f) return true;  // C0 controls (TAB, LF, CR, NUL among them), SP, DEL
  switch (c) {
    case '#': case '%': case '/': case ':': case '<': case '>': case '?': case '@':
    case '[': case '\\': case ']': case '^': case '|':
      return true;
    default:
      return false;
  }
}
}  // namespace

// The rule above as a table, read once per byte of a host.
constexpr std::array<bool, 256> forbidden_domain_code_points = [] {
  std::array<bool, 256> t{};
  for (int c = 0; c < 256; ++c) t[c] = forbidden_domain_rule(static_cast<unsigned char>(c));
  return t;
}();

bool is_forbidden_domain_code_point(unsigned char c) noexcept { return forbidden_domain_code_points[c]; }

bool ends_in_a_number(std::string_view input) noexcept {
  if (input.ends_with('.')) input.remove_suffix(1);
  const std::size_t dot = input.rfind('.');
  const std::string_view last = dot == std::string_view::npos ? input : input.substr(dot + 1);
  if (last.empty()) return false;
  bool digits = true;
  for (char c : last) digits = digits && is_digit(c);
  if (digits) return true;
  if (last.size() < 2 || last[0] != '0' || (last[1] != 'x' && last[1] != 'X')) return false;
  for (char c : last.substr(2))
    if (hex_value(c) < 0) return false;
  return true;
}

ipv4_parse_result ipv4_parse(std::string_view input) noexcept {
  ipv4_parse_result r;
  // Step 2: a trailing empty part is dropped (when there is more than one).
  if (input.size() > 1 && input.ends_with('.')) input.remove_suffix(1);
  std::uint64_t numbers[4];
  std::size_t count = 0;
  while (true) {
    const std::size_t dot = input.find('.');
    if (count == 4) return r;  // step 4: more than four parts
    if (!ipv4_number_parse(input.substr(0, dot), numbers[count])) return r;
    ++count;
    if (dot == std::string_view::npos) break;
    input.remove_prefix(dot + 1);
  }
  // Steps 8-9: every part but the last is one byte; the last fills the rest.
  for (std::size_t i = 0; i + 1 < count; ++i)
    if (numbers[i] > 255) return r;
  if (numbers[count - 1] >= (std::uint64_t{1} << (8 * (5 - count)))) return r;
  std::uint64_t address = numbers[count - 1];
  for (std::size_t i = 0; i + 1 < count; ++i) address += numbers[i] << (8 * (3 - i));
  r.ok = true;
  r.address = static_cast<std::uint32_t>(address);
  return r;
}

void ipv4_serialize(std::uint32_t address, writer& out) noexcept {
  for (int shift = 24; shift >= 0; shift -= 8) {
    out.put_uint((address >> shift) & 0xff);
    if (shift != 0) out.put(".");
  }
}

ipv6_parse_result ipv6_parse(std::string_view input) noexcept {
  ipv6_parse_result r;
  const std::size_t gap = input.find("::");
  if (gap == std::string_view::npos) {
    // Eight pieces written out (an IPv4 tail counts two).
    if (read_pieces(input, true, r.pieces.data(), 8) != 8) return r;
    r.ok = true;
    return r;
  }
  // "::" stands for one or more zero pieces: at most seven written out.
  const std::string_view before = input.substr(0, gap);
  const std::string_view after = input.substr(gap + 2);
  if (after.find("::") != std::string_view::npos) return r;
  // An empty side is only the "::" itself; a stray ":" next to it is not.
  if ((!before.empty() && before.back() == ':') || (!after.empty() && after.front() == ':') ||
      (!after.empty() && after.back() == ':'))
    return r;
  std::array<std::uint16_t, 8> head{}, tail{};
  const int h = read_pieces(before, false, head.data(), 7);
  if (h < 0) return r;
  const int t = read_pieces(after, true, tail.data(), 7 - h);
  if (t < 0) return r;
  for (int i = 0; i < h; ++i) r.pieces[static_cast<std::size_t>(i)] = head[static_cast<std::size_t>(i)];
  for (int i = 0; i < t; ++i) r.pieces[static_cast<std::size_t>(8 - t + i)] = tail[static_cast<std::size_t>(i)];
  r.ok = true;
  return r;
}

void ipv6_serialize(const std::array<std::uint16_t, 8>& pieces, writer& out) noexcept {
  // "find the IPv6 address compressed piece index": the first longest run
  // of at least two zero pieces.
  int compress = -1, longest = 1;
  for (int i = 0; i < 8;) {
    if (pieces[static_cast<std::size_t>(i)] != 0) {
      ++i;
      continue;
    }
    int j = i;
    while (j < 8 && pieces[static_cast<std::size_t>(j)] == 0) ++j;
    if (j - i > longest) {
      compress = i;
      longest = j - i;
    }
    i = j;
  }
  for (int i = 0; i < 8; ++i) {
    if (i == compress) {
      out.put(i == 0 ? "::" : ":");
      i += longest - 1;
      continue;
    }
    put_hex(pieces[static_cast<std::size_t>(i)], out);
    if (i != 7) out.put(":");
  }
}

}  // namespace corsproof::detail
