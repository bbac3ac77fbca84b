// corsproof/json_quoted.hpp — how every corsproof message quotes a text it did not
// write (a policy entry, a header value, a method): as a JSON string literal
// (RFC 8259 §7 "Strings"), so the quote ends where the text ends and a message
// stays one line whatever the text holds.
#pragma once

#include <string>
#include <string_view>

namespace corsproof {

// `text` between double quotes, escaped exactly as Boost.JSON's serializer
// escapes a string (policy_json's tests compare the two on every byte):
// '"' and '\' get a backslash; the C0 controls become \b \t \n \f \r, or
// \u00XX (lower-case hex) for the others; every other byte, DEL and bytes
// >= 0x80 included, is copied unchanged, so UTF-8 text reads as itself and a
// byte that is not UTF-8 stays that byte (corsproof never reads JSON that is
// not UTF-8, so such bytes only come from a direct C++ or C caller).
[[nodiscard]] std::string json_quoted(std::string_view text);

// The same literal appended to `out` (for messages built in one string: the
// audit's findings).
void append_json_quoted(std::string& out, std::string_view text);

}  // namespace corsproof
