// dissectors/vxlan/vxlan.cc: VXLAN, RFC 7348 (see vxlan.h).
#include "dissectors/vxlan/vxlan.h"

#include <optional>

#include "dissectors/core/byte_reader.h"

namespace dissect::vxlan {
namespace {
constexpr std::uint8_t kFlagI = 0x08;  // "valid VNI"

// Fills `h`, which parse() hands over already in the caller's return slot
// (see dissectors/eth/eth.cc for why).
[[nodiscard]] std::optional<ParseError> parse_into(ByteView v, Header& h) noexcept {
    if (v.size() < kHeaderLen) return ParseError::truncated(v.size(), kErrTruncated);
    ByteReader r(v);
    h.flags = *r.u8();  // cannot fail: size checked above
    if ((h.flags & kFlagI) == 0) return ParseError::malformed(0, kErrNoVni);
    (void)r.skip(3);                 // reserved
    h.vni = *r.be32() >> 8;          // VNI(24) + reserved(8)
    h.payload = r.rest();
    return std::nullopt;
}

}  // namespace

Result<Header> parse(ByteView v) noexcept {
    Result<Header> res{std::in_place};  // the one return object: see parse_into
    if (const auto err = parse_into(v, *res)) res = fail(*err);
    return res;
}

}  // namespace dissect::vxlan
