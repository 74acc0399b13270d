// transport/codec.h
// posture::Value <-> msgpack (msgpack-c 4.1, Debian libmsgpack-cxx-dev): the
// payloads of the stream and the control channel (WIRE-PROTOCOL.md §1, §3,
// §6) and the inventory's stored device state. The only msgpack in the tree
// is behind this header (STYLE.md §1): callers see Values and bytes.
// Binary-safe: strings are kept byte for byte, unlike the JSON rendering,
// which escapes bytes that are not UTF-8.
#pragma once

#include <cstddef>
#include <expected>
#include <string>
#include <string_view>

#include "posture/record/value.h"

namespace transport {

// Maps are written in their (sorted) key order, integers in their smallest
// form, doubles always as float64 (1.0 too: the kind of a value never depends
// on the value), strings as str: the same Value always gives the same bytes,
// which the golden vectors (transport/vectors/) rely on.
[[nodiscard]] std::string to_msgpack(const posture::Value& v);

// Bounds enforced by msgpack-c while it parses (its unpack_limit), so a header
// that claims a huge container is refused before anything is built for it.
// Sizes count what one object holds: array elements, map entries, str/bin/ext
// bytes (map keys are str, so `str` bounds them too). `depth` counts nested
// arrays and maps: a top-level map is depth 1, a scalar depth 0.
struct DecodeLimits {
    std::size_t array = 4096;
    std::size_t map = 256;
    std::size_t str = 65536;
    std::size_t bin = 65536;
    std::size_t ext = 0;  // 0: no ext type gets through msgpack-c at all
    int depth = 8;
};

// WIRE-PROTOCOL.md §8: every payload that comes from a peer (requests at the
// sensor, events and replies at a consumer).
inline constexpr DecodeLimits kWireLimits{};

// The inventory's own stored state (posture::device_state, read back from
// SQLite at start-up). It is our own writing, so the bounds only stop a
// corrupted row from costing unbounded memory: they are well above what
// device_state produces (lists of at most 64 hints or votes, fp lists of 8,
// a few dozen fp kinds, strings of at most 512 B, a few levels of nesting);
// the old codec's depth cap of 32 is kept.
inline constexpr DecodeLimits kStateLimits{
    .array = 16384, .map = 4096, .str = std::size_t{1} << 20, .bin = std::size_t{1} << 20, .ext = 0, .depth = 32};

// Decodes exactly one msgpack object spanning all of `bytes`. str and bin both
// become strings (so bin does not survive a round trip as bin); a non-negative
// integer becomes uint64, a negative one int64; float32 and float64 become
// double. Never throws.
// Errors are short and name what was wrong; a caller adds its own context:
//   "array of 5000 elements exceeds 4096", "map of 300 entries exceeds 256",
//   "string of 70000 bytes exceeds 65536", "bin of 70000 bytes exceeds 65536"
//     (only these contain "exceeds": the publisher answers them 413),
//   "nesting deeper than 8", "ext types are not accepted", "truncated",
//   "trailing bytes", "malformed", "map key is not a string",
//   "duplicate map key" (a peer's two values for one key would be read
//     differently by different consumers; our encoder never writes one).
[[nodiscard]] std::expected<posture::Value, std::string> from_msgpack(std::string_view bytes,
                                                                     const DecodeLimits& limits);

}  // namespace transport
