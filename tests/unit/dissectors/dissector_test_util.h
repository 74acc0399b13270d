// tests/unit/dissectors/dissector_test_util.h
// Helpers shared by the dissector tests: building frames from per-layer byte
// arrays, the every-prefix check of STYLE.md §8, and view containment.
#pragma once

#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <span>
#include <vector>

#include "dissectors/core/byte_view.h"
#include "dissectors/core/parse_error.h"

namespace dissect::test {

using Bytes = std::vector<std::uint8_t>;

// Concatenates layers (arrays or vectors of bytes) into one frame.
template <class... Parts>
[[nodiscard]] Bytes cat(const Parts&... parts) {
    Bytes out;
    (out.insert(out.end(), std::begin(parts), std::end(parts)), ...);
    return out;
}

[[nodiscard]] inline ByteView view(const Bytes& b) noexcept { return ByteView{b.data(), b.size()}; }
template <std::size_t N>
[[nodiscard]] constexpr ByteView view(const std::uint8_t (&a)[N]) noexcept {
    return ByteView{a, N};
}

// True when `inner` lies inside `outer` (an empty view may sit at its end).
[[nodiscard]] inline bool within(ByteView outer, ByteView inner) noexcept {
    if (inner.empty()) return true;
    const auto* const lo = outer.data();
    const auto* const hi = outer.data() + outer.size();
    return inner.data() >= lo && inner.data() <= hi && inner.size() <= static_cast<std::size_t>(hi - inner.data());
}

// Feeds every proper prefix (length 0..n-1) of a valid packet to `parse`. Each
// must succeed (a clean partial result) or fail with Truncated: any other
// error means the parser mistook a short capture for a broken packet. Each
// prefix is copied into an exactly sized heap buffer so that ASan reports any
// read past its end.
template <class Parse>
void expect_prefixes_truncated_or_ok(std::span<const std::uint8_t> packet, Parse parse) {
    for (std::size_t n = 0; n < packet.size(); ++n) {
        const Bytes prefix(packet.begin(), packet.begin() + static_cast<std::ptrdiff_t>(n));
        const auto r = parse(view(prefix));
        if (!r) {
            EXPECT_EQ(r.error().kind, ErrorKind::Truncated) << "prefix length " << n << ": " << r.error().what;
            EXPECT_LE(r.error().offset, n) << "prefix length " << n;
        }
    }
}

}  // namespace dissect::test
