// posture/record/msgpack_codec.h
// Value <-> msgpack (msgpack-c, Debian libmsgpack-cxx-dev). Binary-safe:
// strings are kept byte for byte, unlike the JSON rendering, which escapes
// bytes that are not UTF-8. Used for the inventory's stored state and, with
// the same walker, by transport/ for the wire records.
#pragma once

#include <expected>
#include <string>
#include <string_view>

#include "posture/record/value.h"

namespace posture {

// Maps keep their sorted order; integers are packed in their smallest form.
[[nodiscard]] std::string to_msgpack(const Value& v);

// Parses one msgpack object. Errors: malformed or truncated input, trailing
// bytes, a map key that is not a string, nesting deeper than kMaxDepth.
inline constexpr int kMaxMsgpackDepth = 32;
[[nodiscard]] std::expected<Value, std::string> from_msgpack(std::string_view bytes);

}  // namespace posture
